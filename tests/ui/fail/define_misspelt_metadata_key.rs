// ief::define! checks each metadata key against the documented keys of the
// profile's kind: a key spelt with the wrong case is refused, with the
// key B2C reads.

ief::declare! {
    pub policy base = "B2C_1A_Base" {
        claims {
            EMAIL: Str = "email";
            LOYALTY_ID: Str = "loyaltyId";
            CORRELATION_ID: Str = "correlationId";
        }
        profiles {
            provider "Pages" { SELF_ASSERTED_EMAIL = "SelfAsserted-Email"; }
            provider "REST APIs" { REST_LOYALTY = "REST-Loyalty"; }
        }
        content_definitions { API_SELFASSERTED = "api.selfasserted"; }
    }
}

fn main() {
    let _tp = ief::define! { base;
        profile SELF_ASSERTED_EMAIL self_asserted "Email" {
            ContentDefinitionReferenceID: API_SELFASSERTED;
            out EMAIL required;
        }
    };
}
