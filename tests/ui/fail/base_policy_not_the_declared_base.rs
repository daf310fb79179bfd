#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// The relying party is declared on extensions; its XML cannot name another base.
fn main() {
    let _: TrustFrameworkPolicy<relying_party::Policy> = TrustFrameworkPolicy::builder()
        .tenant_id("contoso.onmicrosoft.com")
        .policy_id(relying_party::POLICY)
        .base_policy(BasePolicy::new("contoso.onmicrosoft.com", sibling::POLICY))
        .build();
}
