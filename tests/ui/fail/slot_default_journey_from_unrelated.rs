#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// The relying party starts a journey of an unrelated chain.
fn main() {
    let _ = relying_party::Definitions {}
        .into_policy("contoso.onmicrosoft.com")
        .with_relying_party(
            RelyingParty::builder()
                .default_user_journey(&other::journeys::OTHER_JOURNEY)
                .technical_profiles(vec![TechnicalProfile::new(ProfileRef::policy_profile())
                    .output_claims(vec![ProfileClaim::new(&base::claims::OBJECT_ID)])
                    .build()])
                .build(),
        );
}
