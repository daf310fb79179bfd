#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

// `siblingOnly` is declared by a policy that is not in the extensions chain.
fn main() {
    let _ = ief::journey! {
        scope = extensions::scope;
        journey SIGN_UP_OR_SIGN_IN {
            ClaimsExchange {
                skip_if_exists SIBLING_ONLY;
                exchange ReadExchange = AAD_READ;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
