// A claim resolver as a default value where B2C does not resolve it (the
// output claims of a REST profile; a self-asserted page that does not set
// IncludeClaimResolvingInClaimsHandling) would reach the user as the text
// `{Context:CorrelationId}`: it does not compile.

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
    let _rest = ief::define! { base;
        profile REST_LOYALTY rest "Loyalty" {
            ServiceUrl: "https://api.contoso.com/loyalty";
            AuthenticationType: None;
            out LOYALTY_ID, CORRELATION_ID = always ief::resolvers::context::CORRELATION_ID;
        }
    };
    let _page = ief::define! { base;
        profile SELF_ASSERTED_EMAIL self_asserted "Email" {
            ContentDefinitionReferenceId: API_SELFASSERTED;
            in CORRELATION_ID = "{Context:CorrelationId}";
            out EMAIL required;
        }
    };
}
