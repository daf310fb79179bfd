#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

fn main() {
    let _ = ief::journey! {
        scope = extensions::scope;
        journey SIGN_UP_OR_SIGN_IN {
            CombinedSignInAndSignUp (content = API_SIGNUPORSIGNIN) {
                select validation SignIn;
                select target FacebookExchange;
                exchange SignIn = LOCAL_SIGN_IN;
            }
            ClaimsExchange {
                exchange SignUp = LOCAL_SIGN_UP;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
}
