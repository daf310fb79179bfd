#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A profile of the extensions policy reads a claim that only its sibling declares.
fn main() {
    let _ = TechnicalProfile::new(extensions::profiles::FACEBOOK)
        .input_claims(vec![ProfileClaim::new(&sibling::claims::SIBLING_ONLY)])
        .build();
}
