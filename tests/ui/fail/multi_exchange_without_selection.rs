#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

fn main() {
    let _ = ief::journey! {
        scope = extensions::scope;
        journey SIGN_UP_OR_SIGN_IN {
            ClaimsExchange {
                exchange FacebookExchange = FACEBOOK;
                exchange SignUp = LOCAL_SIGN_UP;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
