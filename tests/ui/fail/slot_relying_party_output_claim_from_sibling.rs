#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// The relying party (built on extensions) sends a claim of the sibling policy.
fn main() {
    let _ = relying_party::Definitions {}
        .into_policy("contoso.onmicrosoft.com")
        .with_relying_party(
            RelyingParty::builder()
                .default_user_journey(&extensions::journeys::LOYALTY_SIGN_UP_OR_SIGN_IN)
                .technical_profiles(vec![TechnicalProfile::new(ProfileRef::policy_profile())
                    .output_claims(vec![
                        ProfileClaim::new(&base::claims::OBJECT_ID),
                        ProfileClaim::new(&sibling::claims::SIBLING_ONLY),
                    ])
                    .build()])
                .build(),
        );
}
