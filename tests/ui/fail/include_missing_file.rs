#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;

ief::include_policy!(pub policy nothing = "generated/quickstart/NoSuchFile.xml");
fn main() {}
