//! `ief::define!`: the short forms give the same model as the builders
//! underneath, metadata values are written as B2C reads them, and a whole
//! policy (claims, kinds of profiles, transformations, relying party) is
//! written and passes the checker.

use ief::emit::to_xml;
use ief::prelude::*;

ief::declare! {
    pub policy base = "B2C_1A_DefineBase" {
        claims {
            EMAIL: Str = "email";
            OTHER_MAILS: StringCollection = "otherMails";
            OBJECT_ID: Str = "objectId";
            CORRELATION_ID: Str = "correlationId";
            LOYALTY_ID: Str = "loyaltyId";
        }
        transforms { CREATE_OTHER_MAILS = "CreateOtherMails"; }
        profiles {
            provider "Pages" { SELF_ASSERTED_EMAIL = "SelfAsserted-Email"; }
            provider "REST APIs" { REST_LOYALTY = "REST-Loyalty"; }
            provider "Token issuer" { JWT_ISSUER = "JwtIssuer"; }
            provider "Sessions" { SM_NOOP = "SM-Noop"; }
        }
        content_definitions { API_SELFASSERTED = "api.selfasserted"; }
        journeys { SIGN_UP = "SignUp"; }
    }
}

/// The parts of `xml` from `from` to the end of the next element that
/// starts with `to`.
fn between<'a>(xml: &'a str, from: &str, to: &str) -> &'a str {
    let start = xml.find(from).unwrap_or_else(|| panic!("{from} in\n{xml}"));
    let end = xml[start..]
        .find(to)
        .unwrap_or_else(|| panic!("{to} after {from}"))
        + start;
    &xml[start..end + to.len()]
}

#[test]
fn a_rest_profile_is_the_builders_profile() {
    use ief::kinds::rest::{RestApi, RestAuth, SendClaimsIn};
    let short = ief::define! { base;
        profile REST_LOYALTY rest "Loyalty" {
            ServiceUrl: "https://api.contoso.com/loyalty";
            AuthenticationType: Bearer;
            SendClaimsIn: Body;
            AllowInsecureAuthInProduction: false;
            key BearerAuthenticationToken = "B2C_1A_LoyaltyToken";
            in EMAIL required;
            out LOYALTY_ID as "loyaltyNumber";
        }
    };
    let built = RestApi::new(
        base::profiles::REST_LOYALTY,
        RestAuth::Bearer {
            token: "B2C_1A_LoyaltyToken".into(),
        },
        "https://api.contoso.com/loyalty",
    )
    .display_name("Loyalty")
    .send_claims_in(SendClaimsIn::Body)
    .allow_insecure_auth_in_production(false)
    .input_claims(vec![ProfileClaim::new(&base::claims::EMAIL).required()])
    .output_claims(vec![
        ProfileClaim::new(&base::claims::LOYALTY_ID).partner("loyaltyNumber")
    ])
    .build();
    assert_eq!(short, built);
}

#[test]
fn metadata_values_are_written_as_b2c_reads_them() {
    let show_cancel = false;
    let tp = ief::define! { base;
        profile SELF_ASSERTED_EMAIL self_asserted "Email" {
            ContentDefinitionReferenceId: API_SELFASSERTED;
            "setting.showCancelButton": show_cancel;
            "setting.operatingMode": Email;
            EnforceEmailVerification: "{Settings:VerifyEmail}";
            IncludeClaimResolvingInClaimsHandling: true;
            unchecked "NotInTheTable": "kept";
            in CORRELATION_ID = ief::resolvers::context::CORRELATION_ID;
            out EMAIL required, OBJECT_ID = "none";
            display EMAIL required;
            out_transforms CREATE_OTHER_MAILS;
            session SM_NOOP;
        }
    };
    let items: Vec<(&str, &str)> = tp
        .metadata
        .iter()
        .map(|m| (m.key.as_str(), m.value.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("ContentDefinitionReferenceId", "api.selfasserted"),
            ("setting.showCancelButton", "false"),
            ("setting.operatingMode", "Email"),
            ("EnforceEmailVerification", "{Settings:VerifyEmail}"),
            ("IncludeClaimResolvingInClaimsHandling", "true"),
            ("NotInTheTable", "kept"),
        ]
    );
    let handler = tp.protocol.as_ref().and_then(|p| p.handler.as_deref());
    assert_eq!(handler, Some(ief::providers::handlers::SELF_ASSERTED));
    assert_eq!(
        tp.input_claims[0].default_value.as_deref(),
        Some("{Context:CorrelationId}")
    );
    assert_eq!(tp.output_claims[0].required, Some(true));
    assert_eq!(tp.output_claims[1].default_value.as_deref(), Some("none"));
    assert_eq!(tp.display_claims.len(), 1);
    assert_eq!(tp.output_claims_transformations.len(), 1);
    assert_eq!(
        tp.session_management.as_ref().map(|s| s.reference.id()),
        Some("SM-Noop")
    );
}

#[test]
fn a_whole_policy_is_written_and_checked() {
    use ief::resolvers::context;
    let tenant = "contoso.onmicrosoft.com";
    let journey = ief::journey! {
        scope = base::scope;
        journey SIGN_UP (default_issuer = JWT_ISSUER) {
            ClaimsExchange {
                exchange SelfAssertedEmail = SELF_ASSERTED_EMAIL;
            }
            ClaimsExchange {
                exchange Loyalty = REST_LOYALTY;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
    let policy = ief::define! { base; tenant = tenant;
        claims {
            EMAIL "Email" "Your email address." { input TextBox; pattern "^.+@.+$", "Type an email address."; partner OpenIdConnect = "email"; }
            OTHER_MAILS "Other addresses";
            OBJECT_ID "Object id" { admin_help "The user's directory id."; }
            CORRELATION_ID "Correlation id";
            LOYALTY_ID "Loyalty number";
        }
        transforms {
            CREATE_OTHER_MAILS AddItemToStringCollection { item: EMAIL, collection: OTHER_MAILS, output_collection: OTHER_MAILS }
        }
        profiles {
            SELF_ASSERTED_EMAIL self_asserted "Email" {
                ContentDefinitionReferenceId: API_SELFASSERTED;
                out EMAIL required, OBJECT_ID = "new";
                validate REST_LOYALTY;
                session SM_NOOP;
            }
            REST_LOYALTY rest "Loyalty" {
                ServiceUrl: "https://api.contoso.com/loyalty";
                AuthenticationType: None;
                AllowInsecureAuthInProduction: true;
                in EMAIL;
                out LOYALTY_ID;
            }
            JWT_ISSUER jwt_issuer "JWT issuer" {
                token Jwt;
                client_id: "{service:te}";
                issuer_refresh_token_user_identity_claim_type: OBJECT_ID;
                token_lifetime_secs: 3600;
                key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                key issuer_refresh_token_key = "B2C_1A_TokenEncryptionKeyContainer";
                session SM_NOOP;
            }
            SM_NOOP session_noop "Noop session";
        }
        content_definitions {
            API_SELFASSERTED = ief::content::ContentDefinition::new(base::content_definitions::API_SELFASSERTED)
                .load_uri("~/tenant/templates/AzureBlue/selfAsserted.cshtml")
                .data_uri("urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.0")
                .build();
        }
        journeys { SIGN_UP = journey; }
        relying_party {
            journey SIGN_UP;
            profile oidc "PolicyProfile" {
                out EMAIL, OBJECT_ID as "sub", CORRELATION_ID = always context::CORRELATION_ID;
                subject "sub";
            }
        }
    };
    let xml = to_xml(&policy).expect("emits");
    assert!(
        xml.contains(r#"<Item Key="token_lifetime_secs">3600</Item>"#),
        "{xml}"
    );
    assert!(xml.contains("<OutputTokenFormat>JWT</OutputTokenFormat>"));
    let rp = between(&xml, "<RelyingParty>", "</RelyingParty>");
    assert!(
        rp.contains(r#"<DefaultUserJourney ReferenceId="SignUp"/>"#),
        "{rp}"
    );
    assert!(rp.contains(
        r#"<OutputClaim ClaimTypeReferenceId="correlationId" DefaultValue="{Context:CorrelationId}" AlwaysUseDefaultValue="true"/>"#
    ), "{rp}");
    let email = between(&xml, r#"<ClaimType Id="email">"#, "</ClaimType>");
    assert!(
        email.contains("<UserInputType>TextBox</UserInputType>"),
        "{email}"
    );
    assert!(
        email.contains(r#"<Protocol Name="OpenIdConnect" PartnerClaimType="email"/>"#),
        "{email}"
    );
    let transform = between(
        &xml,
        r#"<ClaimsTransformation Id="CreateOtherMails""#,
        "</ClaimsTransformation>",
    );
    assert!(
        transform.contains(r#"TransformationMethod="AddItemToStringCollection""#),
        "{transform}"
    );
    // The checker finds no error in what was written.
    let written = PolicySet::new()
        .with("Base.xml", policy)
        .write_checked(tempfile::tempdir().expect("tempdir").path());
    if let Err(e) = written {
        panic!("the checker refused the policy: {e}");
    }
}

#[test]
fn claim_resolvers_of_claims_come_from_handles() {
    // In `define!`, `claim(NAME)` is `{Claim:…}` of a claim of the scope.
    let tp = ief::define! { base;
        profile REST_LOYALTY rest "Loyalty" {
            ServiceUrl: "https://api.contoso.com/loyalty";
            AuthenticationType: None;
            IncludeClaimResolvingInClaimsHandling: true;
            in LOYALTY_ID = claim(EMAIL);
        }
    };
    assert_eq!(
        tp.input_claims[0].default_value.as_deref(),
        Some("{Claim:email}")
    );
    // With the builders, `always_claim` takes a handle the policy sees.
    let claim: ProfileClaim<base::Policy> =
        ProfileClaim::new(&base::claims::CORRELATION_ID).always_claim(&base::claims::OBJECT_ID);
    assert_eq!(claim.default_value.as_deref(), Some("{Claim:objectId}"));
    assert_eq!(claim.always_use_default_value, Some(true));
}

ief::declare! {
    pub policy child = "B2C_1A_DefineChild": base {
        restated {
            claims { EMAIL; }
            profiles { provider "REST APIs" { REST_LOYALTY; } }
        }
    }
}

#[test]
fn restated_claims_and_profiles_have_short_forms() {
    let defs = ief::define! { child;
        claims { EMAIL restate { help "The address we write to."; } }
        profiles { REST_LOYALTY restate rest { DebugMode: true; } }
    };
    assert_eq!(defs.email.id.id(), "email");
    assert_eq!(
        defs.email.data_type, None,
        "a restatement keeps the base's data type"
    );
    assert_eq!(
        defs.email.user_help_text.as_deref(),
        Some("The address we write to.")
    );
    assert!(defs.rest_loyalty.protocol.is_none());
    assert_eq!(defs.rest_loyalty.metadata[0].key, "DebugMode");
}

/// A module of the user's that happens to share a resolver module's name.
mod context {
    pub const GREETING: &str = "hello";
}

#[test]
fn what_is_a_resolver_is_read_from_the_table() {
    // Not resolvers: a constant of the user's `context` module, and a
    // prefix with a name B2C does not have; both are plain text, so a
    // REST profile's output claim may take them.
    let tp = ief::define! { base;
        profile REST_LOYALTY rest "Loyalty" {
            ServiceUrl: "https://api.contoso.com/loyalty";
            AuthenticationType: None;
            out LOYALTY_ID = context::GREETING, CORRELATION_ID = "{context: not really}";
        }
    };
    assert_eq!(tp.output_claims[0].default_value.as_deref(), Some("hello"));
    // The flag written in `unchecked` counts.
    let page = ief::define! { base;
        profile SELF_ASSERTED_EMAIL self_asserted {
            ContentDefinitionReferenceId: API_SELFASSERTED;
            unchecked "IncludeClaimResolvingInClaimsHandling": "true";
            in CORRELATION_ID = ief::resolvers::context::CORRELATION_ID;
        }
    };
    assert_eq!(page.input_claims.len(), 1);
}

#[test]
fn token_issuers_write_their_format_and_restatements_infer_their_policy() {
    let issuer = ief::define! { base;
        profile JWT_ISSUER jwt_issuer {
            issuer_refresh_token_user_identity_claim_type: OBJECT_ID;
        }
    };
    assert_eq!(
        issuer.output_token_format,
        Some(ief::providers::TokenFormat::Jwt)
    );
    // One restated profile alone, with literals in a profile of no kind:
    // written as text, and the policy type comes from the module.
    let restated = ief::define! { child;
        profile REST_LOYALTY restate { DebugMode: true; Timeout: 30; validate REST_LOYALTY; }
    };
    let items: Vec<(&str, &str)> = restated
        .metadata
        .iter()
        .map(|m| (m.key.as_str(), m.value.as_str()))
        .collect();
    assert_eq!(items, [("DebugMode", "true"), ("Timeout", "30")]);
}

#[test]
fn the_password_flow_s_resolvers_compile_without_asking_for_claim_resolving() {
    // Microsoft's resource owner password credentials profile sends
    // `{OIDC:Username}` and `{OIDC:Password}` without
    // `IncludeClaimResolvingInClaimsHandling`; B2C resolves them, so
    // `define!` takes them as W006 does.
    ief::declare! {
        pub policy ropc = "B2C_1A_Ropc" {
            claims {
                LOGON_IDENTIFIER: Str = "logonIdentifier";
                PASSWORD: Str = "password";
            }
            profiles {
                provider "Local accounts" { ROPC = "ResourceOwnerPasswordCredentials-OAUTH2"; }
            }
        }
    }
    let tp = ief::define! { ropc;
        profile ROPC oidc "Local Account SignIn" {
            METADATA: "https://login.microsoftonline.com/contoso.onmicrosoft.com/.well-known/openid-configuration";
            client_id: "9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4";
            in LOGON_IDENTIFIER = ief::resolvers::oidc::USERNAME, PASSWORD = "{OIDC:Password}";
        }
    };
    let defaults: Vec<Option<&str>> = tp
        .input_claims
        .iter()
        .map(|c| c.default_value.as_deref())
        .collect();
    assert_eq!(defaults, [Some("{OIDC:Username}"), Some("{OIDC:Password}")]);
}
