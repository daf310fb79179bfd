#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

// Code building the extensions policy imports its scope; a claim of another chain is not in it.
use extensions::scope::claims;
fn main() {
    let _ = ief::providers::ProfileClaim::new(claims::SIBLING_ONLY);
}
