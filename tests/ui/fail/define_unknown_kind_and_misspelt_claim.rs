// A kind that the table does not have is refused with the nearest kind; a
// claim that is not in the policy's scope is rustc's error on its token.

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
        profile REST_LOYALTY restful "Loyalty" {
            ServiceUrl: "https://api.contoso.com/loyalty";
        }
    };
    let _page = ief::define! { base;
        profile SELF_ASSERTED_EMAIL self_asserted "Email" {
            ContentDefinitionReferenceId: API_SELFASSERTED;
            out EMAL required;
        }
    };
}
