#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

// Handles have kinds: a technical profile is not a claim.
use extensions::scope::profiles;
fn main() {
    let _ = ief::providers::ProfileClaim::new(profiles::AAD_READ);
}
