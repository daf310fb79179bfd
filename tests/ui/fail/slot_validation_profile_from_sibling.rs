#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A validation profile of the sibling policy, used in the extensions policy.
fn main() {
    let _ = TechnicalProfile::new(extensions::profiles::FACEBOOK)
        .validation_technical_profiles(vec![ValidationTechnicalProfile::new(
            &sibling::profiles::SIBLING_PROFILE,
        )])
        .build();
}
