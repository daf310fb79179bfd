#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::methods::{AssertBooleanClaimIsEqualToValue, Method};

// `surname` is a string claim; the assertion reads a boolean.
fn main() {
    let _ = AssertBooleanClaimIsEqualToValue {
        input_claim: extensions::scope::claims::SURNAME,
        value_to_compare_to: true,
    }
    .into_transformation(extensions::scope::transforms::COMPARE_EMAIL_AND_SURNAME);
}
