#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A profile the sibling declares, defined in the extensions policy: a
// definition belongs to the policy that declares its id.
fn main() {
    let profile = TechnicalProfile::new(sibling::profiles::SIBLING_PROFILE)
        .build();
    let _: TrustFrameworkPolicy<extensions::Policy> = TrustFrameworkPolicy::builder()
        .tenant_id("contoso.onmicrosoft.com")
        .policy_id(extensions::POLICY)
        .claims_providers(vec![ClaimsProvider::builder()
            .display_name("Sibling's")
            .technical_profiles(vec![profile])
            .build()])
        .build();
}
