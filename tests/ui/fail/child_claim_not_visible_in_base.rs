#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

// A base policy cannot use what only its child (extensions) declares.
fn main() {
    let _ = ief::journey! {
        scope = base::scope;
        journey SIGN_UP_OR_SIGN_IN {
            ClaimsExchange {
                skip_if_exists LOYALTY_ID;
                exchange ReadExchange = AAD_READ;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
