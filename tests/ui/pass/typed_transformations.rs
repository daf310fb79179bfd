#[path = "../policies.rs"]
mod policies;
use policies::extensions::scope::{claims, transforms};

use ief::methods::{CompareClaims, CompareOperator, DoesClaimExist, FormatStringClaim, Method};

fn main() {
    let display = FormatStringClaim {
        input_claim: claims::SURNAME,
        string_format: "Dear {0}".into(),
        output_claim: claims::EMAIL,
    }
    .into_transformation(transforms::CREATE_DISPLAY_NAME);
    assert_eq!(display.method, "FormatStringClaim");

    let same = CompareClaims {
        input_claim1: claims::EMAIL,
        input_claim2: claims::SURNAME,
        operator: CompareOperator::Equal,
        ignore_case: true,
        output_claim: claims::ACCEPTED_TERMS,
    }
    .into_transformation(transforms::COMPARE_EMAIL_AND_SURNAME);
    assert_eq!(same.input_parameters.len(), 2);

    // Any data type is accepted where the method takes any.
    let exists = DoesClaimExist {
        input_claim: claims::ACCEPTED_TERMS,
        output_claim: claims::ACCEPTED_TERMS,
    }
    .into_transformation(transforms::TERMS_EXIST);
    assert_eq!(exists.output_claims[0].claim.id(), "acceptedTerms");
}
