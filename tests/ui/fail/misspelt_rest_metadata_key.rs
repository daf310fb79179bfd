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
    // Metadata keys are methods: a misspelt one does not exist.
    let _tp = RestApi::new(base::profiles::REST_LOYALTY, RestAuth::None, "https://api.contoso.com/loyalty")
        .send_claim_in(SendClaimsIn::Body)
        .build();
}
