#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

// A typo in a claim name: the error points at the typo and suggests the declared name.
fn main() {
    let _ = ief::journey! {
        scope = extensions::scope;
        journey SIGN_UP_OR_SIGN_IN (default_issuer = JWT_ISSUER) {
            ClaimsExchange {
                skip_if_exists SURNAM;
                exchange ReadExchange = AAD_READ;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
