#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// The relying party starts a journey of an unrelated chain.
fn main() {
    let _: TrustFrameworkPolicy<relying_party::Policy> = TrustFrameworkPolicy::builder()
        .tenant_id("contoso.onmicrosoft.com")
        .policy_id(relying_party::POLICY)
        .base_policy(BasePolicy::new("contoso.onmicrosoft.com", extensions::POLICY))
        .relying_party(
            RelyingParty::builder()
                .default_user_journey(&other::journeys::OTHER_JOURNEY)
                .technical_profiles(vec![TechnicalProfile::new(ProfileRef::policy_profile())
                    .output_claims(vec![ProfileClaim::new(&base::claims::OBJECT_ID)])
                    .build()])
                .build(),
        )
        .build();
}
