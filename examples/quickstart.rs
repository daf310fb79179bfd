//! A small, complete policy set written with the ief builders: a base
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

use ief::prelude::*;

/// The tenant the files are written for.
const TENANT: &str = "contoso.onmicrosoft.com";

/// The ids of the set, in upload order: every claim, transformation,
/// profile, content definition and journey is declared once, with its
/// policy. A builder slot of a policy accepts only ids of that policy and
/// its base chain, and each policy is assembled from a `Definitions` value
/// with one field per id it declares, so nothing declared goes undefined.
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

use content_definitions::SELF_ASSERTED_PAGE;
use journeys::PROFILE_COLLECT;
use policies::base::{
    claims as claim, content_definitions, journeys, profiles as profile, transforms as transform,
};
use policies::{base, extensions, relying_party};

fn base_policy() -> TrustFrameworkPolicy<base::Policy> {
    use claim::*;
    base::Definitions {
        object_id: ClaimType::declare(&OBJECT_ID)
            .display_name("User's object id")
            .user_help_text("The id that identifies the user to applications.")
            .default_partner_claim_types(vec![ief::claims::PartnerClaimType::new(
                ProtocolName::OpenIdConnect,
                "sub",
            )])
            .build(),
        email: ClaimType::declare(&EMAIL)
            .display_name("Email address")
            .user_help_text("The address we write to about your account.")
            .user_input_type(UserInputType::TextBox)
            .restriction(Restriction::pattern(
                Pattern::builder()
                    .regular_expression(
                        r"^[a-zA-Z0-9.!#$%&'^_`{}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*$",
                    )
                    .help_text("Enter an address such as someone@example.com.")
                    .build(),
            ))
            .build(),
        given_name: ClaimType::declare(&GIVEN_NAME)
            .display_name("First name")
            .user_help_text("The name friends call you by.")
            .user_input_type(UserInputType::TextBox)
            .build(),
        surname: ClaimType::declare(&SURNAME)
            .display_name("Last name")
            .user_help_text("Your family name.")
            .user_input_type(UserInputType::TextBox)
            .build(),
        display_name: ClaimType::declare(&DISPLAY_NAME)
            .display_name("Display name")
            .user_help_text("How applications address you.")
            .build(),
        tenant_id: ClaimType::declare(&TENANT_ID)
            .display_name("Tenant id")
            .user_help_text("The object id of the tenant that issued the token.")
            .build(),
        accepted_terms: ClaimType::declare(&ACCEPTED_TERMS)
            .display_name("I accept the terms of use")
            .user_input_type(UserInputType::CheckboxMultiSelect)
            .restriction(Restriction::enumeration(vec![EnumerationItem::new(
                "I accept the terms of use",
                "true",
            )]))
            .build(),

        create_display_name: ClaimsTransformation::new(transform::CREATE_DISPLAY_NAME)
            .method("FormatStringMultipleClaims")
            .input_claims(vec![
                TransformClaim::new(&GIVEN_NAME, "inputClaim1"),
                TransformClaim::new(&SURNAME, "inputClaim2"),
            ])
            .input_parameters(vec![InputParameter::string("stringFormat", "{0} {1}")])
            .output_claims(vec![TransformClaim::new(&DISPLAY_NAME, "outputClaim")])
            .build(),
        create_subject_id: ClaimsTransformation::new(transform::CREATE_SUBJECT_ID)
            .method("CreateRandomString")
            .input_parameters(vec![InputParameter::string("randomGeneratorType", "GUID")])
            .output_claims(vec![TransformClaim::new(&OBJECT_ID, "outputClaim")])
            .build(),

        self_asserted_page: ContentDefinition::new(SELF_ASSERTED_PAGE)
            .load_uri("~/tenant/templates/AzureBlue/selfAsserted.cshtml")
            .recovery_uri("~/common/default_page_error.html")
            .data_uri("urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30")
            .metadata(metadata! { "DisplayName" => "Profile form" })
            .build(),

        collect_profile: TechnicalProfile::new(profile::COLLECT_PROFILE)
            .display_name("Tell us about yourself")
            .protocol(Protocol::proprietary(handlers::SELF_ASSERTED))
            .metadata(metadata! { "ContentDefinitionReferenceId" => SELF_ASSERTED_PAGE.id() })
            .display_claims(vec![
                DisplayClaim::claim(&EMAIL).required(),
                DisplayClaim::claim(&GIVEN_NAME).required(),
                DisplayClaim::claim(&SURNAME).required(),
                DisplayClaim::claim(&ACCEPTED_TERMS).required(),
            ])
            .output_claims(vec![
                ProfileClaim::new(&EMAIL).required(),
                ProfileClaim::new(&GIVEN_NAME).required(),
                ProfileClaim::new(&SURNAME).required(),
                ProfileClaim::new(&ACCEPTED_TERMS).required(),
                ProfileClaim::new(&DISPLAY_NAME),
                ProfileClaim::new(&OBJECT_ID),
            ])
            .output_claims_transformations(vec![
                TransformReference::new(transform::CREATE_DISPLAY_NAME),
                TransformReference::new(transform::CREATE_SUBJECT_ID),
            ])
            .session_management(ProfileReference::new(profile::SM_NOOP))
            .build(),
        jwt_issuer: TechnicalProfile::new(profile::JWT_ISSUER)
            .display_name("JWT token issuer")
            .protocol(Protocol::new(ProtocolName::OpenIdConnect))
            .output_token_format(TokenFormat::Jwt)
            .metadata(metadata! {
                "client_id" => "{service:te}",
                "issuer_refresh_token_user_identity_claim_type" => OBJECT_ID.id(),
                "SendTokenResponseBodyWithJsonNumbers" => "true",
            })
            .cryptographic_keys(vec![
                CryptographicKey::new("issuer_secret", "B2C_1A_TokenSigningKeyContainer"),
                CryptographicKey::new(
                    "issuer_refresh_token_key",
                    "B2C_1A_TokenEncryptionKeyContainer",
                ),
            ])
            .session_management(ProfileReference::new(profile::SM_JWT_ISSUER))
            .build(),
        sm_noop: TechnicalProfile::new(profile::SM_NOOP)
            .protocol(Protocol::proprietary(handlers::NOOP_SSO_SESSION))
            .build(),
        sm_jwt_issuer: TechnicalProfile::new(profile::SM_JWT_ISSUER)
            .protocol(Protocol::proprietary(handlers::OAUTH_SSO_SESSION))
            .build(),

        profile_collect: UserJourney::new(PROFILE_COLLECT)
            .default_cpim_issuer(profile::JWT_ISSUER)
            .steps(vec![
                OrchestrationStep::builder()
                    .order(1)
                    .step_type(StepType::ClaimsExchange)
                    .exchanges(ClaimsExchanges::from(vec![ClaimsExchange::new(
                        ExchangeRef::new("CollectProfile"),
                        profile::COLLECT_PROFILE,
                    )]))
                    .build(),
                OrchestrationStep::builder()
                    .order(2)
                    .step_type(StepType::SendClaims)
                    .cpim_issuer(profile::JWT_ISSUER)
                    .build(),
            ])
            .build(),
    }
    .into_policy(TENANT)
}

fn extensions_policy() -> TrustFrameworkPolicy<extensions::Policy> {
    // The extensions layer is where a tenant customises the base: here it
    // points the self-asserted page at the tenant's own template.
    extensions::Definitions {
        self_asserted_page: ContentDefinition::new(SELF_ASSERTED_PAGE.restated())
            .load_uri("https://contoso.example/b2c/selfasserted.html")
            .build(),
    }
    .into_policy(TENANT)
}

fn relying_party_policy() -> TrustFrameworkPolicy<relying_party::Policy> {
    use claim::*;
    relying_party::Definitions {}
        .into_policy(TENANT)
        .with_relying_party(
            RelyingParty::builder()
                .default_user_journey(&PROFILE_COLLECT)
                .technical_profiles(vec![TechnicalProfile::new(ProfileRef::policy_profile())
                    .display_name("PolicyProfile")
                    .protocol(Protocol::new(ProtocolName::OpenIdConnect))
                    .output_claims(vec![
                        ProfileClaim::new(&DISPLAY_NAME),
                        ProfileClaim::new(&GIVEN_NAME),
                        ProfileClaim::new(&SURNAME),
                        ProfileClaim::new(&EMAIL),
                        ProfileClaim::new(&OBJECT_ID).partner("sub"),
                        ProfileClaim::new(&TENANT_ID)
                            .always(ief::resolvers::policy::TENANT_OBJECT_ID),
                    ])
                    .subject_naming_info(SubjectNamingInfo::builder().claim_type("sub").build())
                    .build()])
                .build(),
        )
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
    match policy_set().write_checked(&dir) {
        Ok(written) => {
            for warning in written.report.warnings() {
                eprintln!("{warning}");
            }
            for path in written.paths {
                println!("wrote {}", path.display());
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
