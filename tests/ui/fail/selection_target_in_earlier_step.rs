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
            }
            ClaimsProviderSelection (content = API_SIGNUPORSIGNIN) {
                select target FacebookExchange;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
