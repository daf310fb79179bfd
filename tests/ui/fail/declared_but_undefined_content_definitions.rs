// A declared content_definition that is never defined: `Definitions` has one field per
// declared id, so leaving it out does not compile.
ief::declare! {
    pub policy base = "B2C_1A_Undefined" {
        content_definitions { API_LOYALTY = "api.loyalty"; }
    }
}

fn main() {
    let _ = base::Definitions {}.into_policy("contoso.onmicrosoft.com");
}
