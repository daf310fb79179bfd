// A claim resolver is a constant of `ief::resolvers`: a misspelt one is a
// compile error on its own token, with the nearest name, not a string that
// B2C would leave unresolved.
use ief::prelude::*;

ief::declare! {
    pub policy base = "B2C_1A_Base" {
        claims {
            CORRELATION_ID: Str = "correlationId";
        }
    }
}

fn main() {
    let _claim = ProfileClaim::new(&base::claims::CORRELATION_ID)
        .always(ief::resolvers::context::CORELATION_ID);
}
