#[path = "../policies.rs"]
mod policies;
use policies::*;

fn main() {
    // The starter pack's sign-up-or-sign-in shape, checked: a journey of the
    // extensions policy, using its own profile and its base's.
    let journey = ief::journey! {
        scope = extensions::scope;
        journey LOYALTY_SIGN_UP_OR_SIGN_IN (default_issuer = JWT_ISSUER) {
            CombinedSignInAndSignUp (content = API_SIGNUPORSIGNIN) {
                select validation LocalAccountSigninEmailExchange;
                select target FacebookExchange;
                exchange LocalAccountSigninEmailExchange = LOCAL_SIGN_IN;
            }
            ClaimsExchange {
                skip_if_exists OBJECT_ID;
                exchange FacebookExchange = FACEBOOK;
                exchange SignUpWithLogonEmailExchange = LOCAL_SIGN_UP;
            }
            ClaimsExchange {
                skip_unless_equals ACCEPTED_TERMS = "true";
                exchange AADUserReadWithObjectId = AAD_READ;
            }
            InvokeSubJourney {
                invoke MFA;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
    assert_eq!(journey.steps.len(), 5);

    let sub = ief::journey! {
        scope = base::scope;
        sub_journey MFA (Call) {
            ClaimsExchange {
                exchange ReadAgain = AAD_READ;
            }
        }
    };
    assert_eq!(sub.steps.len(), 1);

    // A partial restatement of a base journey: only step 2, with its order.
    // Its policy comes from where it is placed (here: a type annotation).
    let partial: ief::journeys::UserJourney<extensions::Policy> = ief::journey! {
        scope = extensions::scope;
        partial journey SIGN_UP_OR_SIGN_IN {
            2: ClaimsExchange {
                skip_if_exists LOYALTY_ID;
            }
        }
    };
    assert_eq!(partial.steps[0].order, 2);
}
