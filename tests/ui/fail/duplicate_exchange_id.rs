#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

fn main() {
    let _ = ief::journey! {
        scope = extensions::scope;
        journey SIGN_UP_OR_SIGN_IN {
            ClaimsExchange {
                exchange ReadExchange = AAD_READ;
            }
            ClaimsExchange {
                exchange readexchange = LOCAL_SIGN_UP;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
