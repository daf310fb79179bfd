#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A profile the sibling declares, placed among the extensions policy's
// claims providers: a definition belongs to the policy that declares its id.
fn main() {
    let profile = TechnicalProfile::new(sibling::profiles::SIBLING_PROFILE).build();
    let _: ClaimsProvider<extensions::Policy> = ClaimsProvider::builder()
        .display_name("Sibling's")
        .technical_profiles(vec![profile])
        .build();
}
