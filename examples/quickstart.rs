//! A small, complete policy set written with `ief::define!`: a base
//! policy, an extensions policy and a relying party.
//!
//! The journey asks the user for a name and an email address on one page,
//! derives a display name and a subject id with two claims transformations,
//! and issues a JWT. Run it with
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! and it writes `generated/quickstart/`.
//!
//! Each policy is declared once (its ids, `ief::declare!`) and defined once
//! (what each id holds, `ief::define!`). `docs/define.md` describes the
//! short forms used here.

use ief::prelude::*;

/// The tenant the files are written for.
const TENANT: &str = "contoso.onmicrosoft.com";

/// The ids of the set, in upload order: every claim, transformation,
/// profile, content definition and journey is declared once, with its
/// policy. A definition of a policy may reference only ids of that policy
/// and its base chain, and `define!` must define every id the policy
/// declares (each is a field of its `Definitions`), so nothing declared
/// goes undefined.
pub mod policies {
    ief::declare! {
        /// The base: claims, transformations, the page, the profiles and the journey.
        pub policy base = "B2C_1A_QS_TrustFrameworkBase" {
            claims {
                OBJECT_ID: Str = "objectId";
                EMAIL: Str = "email";
                GIVEN_NAME: Str = "givenName";
                SURNAME: Str = "surname";
                DISPLAY_NAME: Str = "displayName";
                TENANT_ID: Str = "tenantId";
                ACCEPTED_TERMS: Bool = "acceptedTerms";
            }
            transforms {
                CREATE_DISPLAY_NAME = "CreateDisplayNameFromGivenNameAndSurname";
                CREATE_SUBJECT_ID = "CreateRandomSubjectId";
            }
            content_definitions {
                SELF_ASSERTED_PAGE = "api.selfasserted";
            }
            profiles {
                provider "Self asserted" {
                    COLLECT_PROFILE = "SelfAsserted-CollectProfile";
                }
                provider "Token issuer" {
                    JWT_ISSUER = "JwtIssuer";
                }
                provider "Session management" {
                    SM_NOOP = "SM-Noop";
                    SM_JWT_ISSUER = "SM-jwt-issuer";
                }
            }
            journeys {
                PROFILE_COLLECT = "ProfileCollect";
            }
        }
        /// The tenant's extensions: restates the page with its own template.
        pub policy extensions = "B2C_1A_QS_TrustFrameworkExtensions": base {
            restated {
                content_definitions {
                    SELF_ASSERTED_PAGE;
                }
            }
        }
        /// The relying party that starts `ProfileCollect`.
        pub policy relying_party = "B2C_1A_QS_ProfileCollect": extensions {}
    }
}

use policies::base::content_definitions::SELF_ASSERTED_PAGE;
use policies::{base, extensions, relying_party};

/// The base. Claim types take one line each (display name, help text, then
/// the other settings); the transformations are typed method structs, so
/// a claim of the wrong data type does not compile; each profile names its
/// kind, which gives its protocol and handler, and its metadata keys and
/// values are checked against the kind's documented ones while compiling.
/// The page and the journey are built another way (`NAME = expr;`).
fn base_policy() -> TrustFrameworkPolicy<base::Policy> {
    ief::define! { base; tenant = TENANT;
        claims {
            OBJECT_ID "User's object id" "The id that identifies the user to applications." {
                partner OpenIdConnect = "sub";
            }
            EMAIL "Email address" "The address we write to about your account." {
                input TextBox;
                pattern r"^[a-zA-Z0-9.!#$%&'^_`{}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*$",
                    "Enter an address such as someone@example.com.";
            }
            GIVEN_NAME "First name" "The name friends call you by." { input TextBox; }
            SURNAME "Last name" "Your family name." { input TextBox; }
            DISPLAY_NAME "Display name" "How applications address you.";
            TENANT_ID "Tenant id" "The object id of the tenant that issued the token.";
            ACCEPTED_TERMS "I accept the terms of use" {
                input CheckboxMultiSelect;
                restriction Restriction::enumeration(vec![EnumerationItem::new(
                    "I accept the terms of use", "true")]);
            }
        }
        transforms {
            CREATE_DISPLAY_NAME FormatStringMultipleClaims {
                input_claim1: GIVEN_NAME, input_claim2: SURNAME,
                string_format: "{0} {1}".into(), output_claim: DISPLAY_NAME,
            }
            CREATE_SUBJECT_ID CreateRandomString {
                random_generator_type: ief::methods::RandomGeneratorType::Guid,
                string_format: None, base64: None, maximum_number: None, seed: None,
                output_claim: OBJECT_ID,
            }
        }
        content_definitions {
            SELF_ASSERTED_PAGE = ContentDefinition::new(SELF_ASSERTED_PAGE)
                .load_uri("~/tenant/templates/AzureBlue/selfAsserted.cshtml")
                .recovery_uri("~/common/default_page_error.html")
                .data_uri("urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30")
                .metadata(metadata! { "DisplayName" => "Profile form" })
                .build();
        }
        profiles {
            COLLECT_PROFILE self_asserted "Tell us about yourself" {
                ContentDefinitionReferenceId: SELF_ASSERTED_PAGE;
                display EMAIL required, GIVEN_NAME required, SURNAME required,
                    ACCEPTED_TERMS required;
                out EMAIL required, GIVEN_NAME required, SURNAME required,
                    ACCEPTED_TERMS required, DISPLAY_NAME, OBJECT_ID;
                out_transforms CREATE_DISPLAY_NAME, CREATE_SUBJECT_ID;
                session SM_NOOP;
            }
            JWT_ISSUER jwt_issuer "JWT token issuer" {
                token Jwt;
                client_id: "{service:te}";
                issuer_refresh_token_user_identity_claim_type: OBJECT_ID;
                SendTokenResponseBodyWithJsonNumbers: true;
                key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                key issuer_refresh_token_key = "B2C_1A_TokenEncryptionKeyContainer";
                session SM_JWT_ISSUER;
            }
            SM_NOOP session_noop;
            SM_JWT_ISSUER session_oauth;
        }
        journeys {
            PROFILE_COLLECT = ief::journey! {
                scope = base::scope;
                journey PROFILE_COLLECT (default_issuer = JWT_ISSUER) {
                    ClaimsExchange { exchange CollectProfile = COLLECT_PROFILE; }
                    SendClaims (issuer = JWT_ISSUER);
                }
            };
        }
    }
}

/// The extensions layer is where a tenant customises the base: here it
/// restates the self-asserted page to point it at the tenant's own
/// template (B2C merges the two definitions by id).
fn extensions_policy() -> TrustFrameworkPolicy<extensions::Policy> {
    ief::define! { extensions; tenant = TENANT;
        content_definitions {
            SELF_ASSERTED_PAGE = ContentDefinition::new(SELF_ASSERTED_PAGE.restated())
                .load_uri("https://contoso.example/b2c/selfasserted.html")
                .build();
        }
    }
}

/// The relying party: the journey it starts and the claims its token
/// carries. `tenantId` is filled by a claim resolver, which a relying
/// party resolves only with `always` (AlwaysUseDefaultValue).
fn relying_party_policy() -> TrustFrameworkPolicy<relying_party::Policy> {
    use ief::resolvers::policy;
    ief::define! { relying_party; tenant = TENANT;
        relying_party {
            journey PROFILE_COLLECT;
            profile oidc "PolicyProfile" {
                out DISPLAY_NAME, GIVEN_NAME, SURNAME, EMAIL, OBJECT_ID as "sub",
                    TENANT_ID = always policy::TENANT_OBJECT_ID;
                subject "sub";
            }
        }
    }
}

/// The whole set, in upload order.
pub fn policy_set() -> PolicySet {
    PolicySet::new()
        .with("TrustFrameworkBase.xml", base_policy())
        .with("TrustFrameworkExtensions.xml", extensions_policy())
        .with("ProfileCollect.xml", relying_party_policy())
}

#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/quickstart");
    ief::program::write(dir, policy_set())
}
