#[path = "../policies.rs"]
mod policies;
#[allow(unused_imports)]
use policies::*;
use ief::methods::{FormatStringMultipleClaims, Method};

use extensions::scope::claims::{ACCEPTED_TERMS, EMAIL, SURNAME};

fn main() {
    let _ = FormatStringMultipleClaims {
        input_claim1: SURNAME,
        input_claim2: ACCEPTED_TERMS,
        string_format: "{0} {1}".into(),
        output_claim: EMAIL,
    }
    .into_transformation(extensions::scope::transforms::CREATE_DISPLAY_NAME);
}
