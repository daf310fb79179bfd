#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A base profile includes a profile that only a child declares.
fn main() {
    let _ = TechnicalProfile::new(base::profiles::AAD_READ)
        .include_technical_profile(ProfileReference::new(&extensions::profiles::FACEBOOK))
        .build();
}
