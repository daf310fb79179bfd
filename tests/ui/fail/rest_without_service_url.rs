// A REST API profile with typed metadata (ief::kinds::rest): what B2C
// requires is an argument, keys are methods, values are enums.
use ief::kinds::rest::{RestApi, RestAuth};

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
    // ServiceUrl is required: it is an argument of `new`.
    let _tp = RestApi::new(base::profiles::REST_LOYALTY, RestAuth::None).build();
}
