// Every error of one definition is reported, each on its token: a misspelt
// key, a value outside the documented ones, a second session manager, and
// an `include` next to `from`.

ief::declare! {
    pub policy base = "B2C_1A_Base" {
        claims { EMAIL: Str = "email"; }
        profiles {
            provider "REST APIs" { REST_LOYALTY = "REST-Loyalty"; REST_COMMON = "REST-Common"; }
            provider "Sessions" { SM_NOOP = "SM-Noop"; }
        }
    }
}

fn main() {
    let _tp = ief::define! { base;
        profile REST_LOYALTY rest from REST_COMMON {
            ServiceUrl: "https://api.contoso.com/loyalty";
            AuthenticationTyp: None;
            SendClaimsIn: Bdy;
            session SM_NOOP;
            session SM_NOOP;
            include REST_COMMON;
        }
    };
}
