// An XML base read at compile time, extended in Rust.
ief::include_policy!(pub policy qs_base = "generated/quickstart/TrustFrameworkBase.xml");

ief::declare! {
    pub policy ext = "B2C_1A_QS_Ext": qs_base {
        profiles {
            REST_CHECK = "REST-Check";
        }
        journeys {
            CHECKED_PROFILE_COLLECT = "CheckedProfileCollect";
        }
    }
}

fn main() {
    let j = ief::journey! {
        scope = ext::scope;
        journey CHECKED_PROFILE_COLLECT (default_issuer = JWT_ISSUER) {
            ClaimsExchange {
                exchange CollectProfile = SELF_ASSERTED_COLLECT_PROFILE;
            }
            ClaimsExchange {
                skip_unless_exists EMAIL;
                exchange Check = REST_CHECK;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
    assert_eq!(j.steps.len(), 3);
}
