// In a section with short forms, a definition that is an expression is
// written `NAME = expr;` in `define!` (`=> { expr }` in `declare!`); the
// message says so instead of a bare parse error.
ief::declare! {
    pub policy base = "B2C_1A_Base" {
        claims { EMAIL: Str = "email"; }
        profiles { provider "Pages" { PAGE = "SelfAsserted-Page"; } }
    }
}

fn main() {
    let _claim = ief::define! { base;
        claims { EMAIL ief::claims::ClaimType::declare(&base::claims::EMAIL).build(); }
    };
    let _page = ief::define! { base;
        profiles { PAGE ief::providers::TechnicalProfile::new(base::profiles::PAGE).build(); }
    };
}
