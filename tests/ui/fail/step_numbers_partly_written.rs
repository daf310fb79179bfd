#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

fn main() {
    let _ = ief::journey! {
        scope = extensions::scope;
        journey SIGN_UP_OR_SIGN_IN {
            1: ClaimsExchange {
                exchange ReadExchange = AAD_READ;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
