#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A session manager of an unrelated chain.
fn main() {
    let _ = TechnicalProfile::new(extensions::profiles::FACEBOOK)
        .session_management(ProfileReference::new(&other::profiles::OTHER_PROFILE))
        .build();
}
