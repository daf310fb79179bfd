#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A profile of the extensions policy persists a claim of an unrelated chain.
fn main() {
    let _ = TechnicalProfile::new(extensions::profiles::FACEBOOK)
        .persisted_claims(vec![PersistedClaim::new(&other::claims::OTHER_CLAIM)])
        .build();
}
