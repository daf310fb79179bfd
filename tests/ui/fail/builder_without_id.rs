#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::prelude::*;

// A technical profile needs its id: definitions start from it
// (`TechnicalProfile::new(ID)`), so a profile without one cannot be built.
fn main() {
    let _: TechnicalProfile<extensions::Policy> = TechnicalProfile::builder()
        .display_name("No id")
        .build();
}
