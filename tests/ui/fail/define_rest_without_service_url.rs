// A kind's required metadata keys must be given: a REST profile without
// `ServiceUrl` does not compile.

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
        profile REST_LOYALTY rest "Loyalty" {
            AuthenticationType: None;
            in EMAIL;
            out LOYALTY_ID;
        }
    };
}
