#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

fn main() {
    let _ = ief::journey! {
        scope = extensions::scope;
        journey SIGN_IN_OR_SIGN_UP {
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
