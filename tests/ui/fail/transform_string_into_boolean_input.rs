#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::methods::{AssertBooleanClaimIsEqualToValue, Method};
use ief::refs::TransformRef;

// `surname` is a string claim; the assertion reads a boolean.
fn main() {
    let _ = AssertBooleanClaimIsEqualToValue {
        input_claim: extensions::scope::claims::SURNAME,
        value_to_compare_to: true,
    }
    .into_transformation(TransformRef::new("AssertSurnameIsTrue"));
}
