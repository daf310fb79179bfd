#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

ief::declare! {
    pub policy p = "B2C_1A_P" {
        claims {
            EMAIL: Strng = "email";
        }
    }
}
fn main() {}
