#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A journey checked in the extensions scope, placed in the base policy.
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
    let _: TrustFrameworkPolicy<base::Policy> = TrustFrameworkPolicy::builder()
        .tenant_id("contoso.onmicrosoft.com")
        .policy_id(base::POLICY)
        .user_journeys(vec![journey])
        .build();
}
