#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

ief::include_policy!(pub policy qs_ext = "generated/quickstart/TrustFrameworkExtensions.xml");
fn main() {}
