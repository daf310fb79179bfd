#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A declared policy is assembled from its definitions (one per declared
// id); building it by hand could leave declared ids undefined.
fn main() {
    let _: TrustFrameworkPolicy<relying_party::Policy> = TrustFrameworkPolicy::builder()
        .tenant_id("contoso.onmicrosoft.com")
        .policy_id(relying_party::POLICY)
        .build();
}
