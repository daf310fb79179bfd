#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A journey checked in the extensions scope, placed among the base's journeys.
fn main() {
    let journey = ief::journey! {
        scope = extensions::scope;
        journey LOYALTY_SIGN_UP_OR_SIGN_IN (default_issuer = JWT_ISSUER) {
            ClaimsExchange {
                exchange Facebook = FACEBOOK;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
    let _: Vec<UserJourney<base::Policy>> = vec![journey];
}
