// A REST API profile with typed metadata (ief::kinds::rest): what B2C
// requires is an argument, keys are methods, values are enums.
use ief::kinds::rest::{RestApi, RestAuth, SendClaimsIn};

ief::declare! {
    pub policy base = "B2C_1A_Base" {
        profiles {
            provider "REST APIs" {
                REST_LOYALTY = "REST-Loyalty";
            }
        }
    }
}

fn main() {
    // The values are an enum: `Querystring` is not one of them.
    let _tp = RestApi::new(base::profiles::REST_LOYALTY, RestAuth::None, "https://api.contoso.com/loyalty")
        .send_claims_in(SendClaimsIn::Querystring)
        .build();
}
