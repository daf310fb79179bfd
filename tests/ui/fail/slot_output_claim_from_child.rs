#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A base profile outputs a claim that only a child (extensions) declares:
// B2C validates the base before the child exists.
fn main() {
    let _ = TechnicalProfile::new(base::profiles::AAD_READ)
        .output_claims(vec![ProfileClaim::new(&extensions::claims::LOYALTY_ID)])
        .build();
}
