#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

ief::declare! {
    pub policy p = "B2C_1A_P" {
        technical_profiles {
            JWT_ISSUER = "JwtIssuer";
        }
    }
}
fn main() {}
