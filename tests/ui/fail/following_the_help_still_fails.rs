#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// rustc suggests importing a sibling's constant when a name is missing from
// a scope; doing so does not make the reference legal: the handle carries
// its policy, and the extensions policy cannot use it.
use crate::sibling::scope::claims::SIBLING_ONLY;

fn main() {
    let _ = TechnicalProfile::new(extensions::profiles::FACEBOOK)
        .output_claims(vec![ProfileClaim::new(&SIBLING_ONLY)])
        .build();
}
