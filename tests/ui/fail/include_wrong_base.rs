#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

// The quickstart extensions file names B2C_1A_QS_TrustFrameworkBase as its base; `base` is another policy.
ief::include_policy!(pub policy qs_ext = "generated/quickstart/TrustFrameworkExtensions.xml": base);
fn main() {}
