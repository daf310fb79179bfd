// A metadata value that is not one of the values B2C documents for the key
// (`SendClaimsIn` is one of Body, Form, Header, Url, QueryString) does not
// compile, and the nearest value is suggested.

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
            ServiceUrl: "https://api.contoso.com/loyalty";
            AuthenticationType: None;
            SendClaimsIn: Querystring;
            in EMAIL;
            out LOYALTY_ID;
        }
    };
}
