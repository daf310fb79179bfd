#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A string is not an id: ids come from declarations (or, for ids known only
// at run time, from the escape hatch `ClaimRef::from_string`).
fn main() {
    let _ = TechnicalProfile::new(extensions::profiles::FACEBOOK)
        .output_claims(vec![ProfileClaim::new("email")])
        .build();
}
