#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

// B2C compares ids ignoring case, so these two claims would be one.
ief::declare! {
    pub policy p = "B2C_1A_P" {
        claims {
            EMAIL: Str = "email";
            EMAIL_ADDRESS: Str = "Email";
        }
    }
}
fn main() {}
