#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// The relying party is declared on extensions; its XML cannot name another base.
fn main() {
    let _: BasePolicy<relying_party::Policy> =
        BasePolicy::new("contoso.onmicrosoft.com", sibling::POLICY);
}
