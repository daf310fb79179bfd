//! Trusona Authentication Cloud on Azure AD B2C, as type-checked Rust.
//!
//! ```text
//! cargo run --example trusona                 # settings of [dev]
//! IEF_ENV=test cargo run --example trusona    # another environment
//! ```
//!
//! Writes `generated/trusona/`, in upload order:
//! TrustFrameworkBase.xml, TrustFrameworkLocalization.xml,
//! TrustFrameworkExtensions.xml (the Trusona claims provider and the
//! TrusonaTacSUSI journey) and SignUpOrSignInTrusona.xml (the relying
//! party). Settings come from `settings/trusona.toml` (see that file).

#[macro_use]
mod provider;

use ief::base::extensions::{tenant_profiles, ExtensionsApp, TenantApps};
use ief::prelude::*;
use ief::settings::{Settings, SettingsError};

/// The policies this example adds on top of the standard base.
pub mod policies {
    ief::declare! {
        /// `B2C_1A_TrustFrameworkExtensions`: Trusona, and the TrusonaTacSUSI journey.
        pub policy extensions = "B2C_1A_TrustFrameworkExtensions": ::ief::base::localization {
            // The base's profiles that carry the tenant's app ids.
            restated {
                profiles {
                    provider "Facebook" { FACEBOOK_OAUTH; }
                    provider "Local account sign-in" { LOGIN_NON_INTERACTIVE; }
                    provider "Azure AD directory" { AAD_COMMON?; }
                }
            }
            claims {
                /// The request's correlation id, for support requests.
                CORRELATION_ID: Str = "correlationId";
            }
            profiles {
                provider "Trusona Authentication Cloud" (domain = "TrusonaTAC") {
                    TRUSONA_TAC_OPENID_CONNECT = "TrusonaTAC-OpenIdConnect";
                }
            }
            journeys {
                TRUSONA_TAC_SUSI = "TrusonaTacSUSI";
            }
        }
        /// `B2C_1A_TrusonaTacSUSI`: the relying party.
        pub policy relying_party = "B2C_1A_TrusonaTacSUSI": extensions {}
    }
}

use policies::{extensions, relying_party};

/// Every key `settings/trusona.toml` may set.
pub const SETTINGS: &[&str] = &[
    "tenant",
    "trusona_client_id",
    "trusona_client_secret_key",
    "trusona_metadata_url",
    "identity_experience_framework_app_id",
    "proxy_identity_experience_framework_app_id",
    "facebook_client_id",
    "b2c_extensions_app_client_id",
    "b2c_extensions_app_object_id",
];

/// The settings file, next to the workspace's Cargo.toml.
pub fn settings_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("settings/trusona.toml")
}

fn extensions_policy(
    s: &Settings,
) -> Result<TrustFrameworkPolicy<extensions::Policy>, SettingsError> {
    let tenant = s.get("tenant")?;
    let apps = TenantApps {
        identity_experience_framework: s.get("identity_experience_framework_app_id")?.to_owned(),
        proxy_identity_experience_framework: s
            .get("proxy_identity_experience_framework_app_id")?
            .to_owned(),
        facebook_client_id: s.get("facebook_client_id")?.to_owned(),
        b2c_extensions_app: Some(ExtensionsApp {
            client_id: s.get("b2c_extensions_app_client_id")?.to_owned(),
            object_id: s.get("b2c_extensions_app_object_id")?.to_owned(),
        }),
    };
    let tenant_profiles = tenant_profiles(&apps);
    Ok(extensions::Definitions {
        facebook_oauth: tenant_profiles.facebook_oauth,
        login_non_interactive: tenant_profiles.login_non_interactive,
        aad_common: tenant_profiles.aad_common,
        correlation_id: ClaimType::declare(&extensions::claims::CORRELATION_ID)
            .display_name("Correlation id")
            .admin_help_text("Identifies the request in B2C's logs.")
            .build(),
        trusona_tac_openid_connect: trusona_profile!(
            extensions::scope,
            s.get("trusona_client_id")?,
            s.get("trusona_metadata_url")?,
            s.get("trusona_client_secret_key")?
        ),
        trusona_tac_susi: trusona_susi_journey!(extensions::scope),
    }
    .into_policy(tenant))
}

fn relying_party_policy(
    s: &Settings,
) -> Result<TrustFrameworkPolicy<relying_party::Policy>, SettingsError> {
    use relying_party::scope::{claims, journeys};
    let tenant = s.get("tenant")?;
    Ok(relying_party::Definitions {}
        .into_policy(tenant)
        .with_relying_party(
            RelyingParty::builder()
                .default_user_journey(&journeys::TRUSONA_TAC_SUSI)
                .endpoints(vec![ief::relying_party::Endpoint {
                    id: "Token".into(),
                    journey: (&journeys::REDEEM_REFRESH_TOKEN).into(),
                }])
                .technical_profiles(vec![TechnicalProfile::new(ProfileRef::policy_profile())
                    .display_name("PolicyProfile")
                    .protocol(Protocol::new(ProtocolName::OpenIdConnect))
                    .output_claims(vec![
                        ProfileClaim::new(&claims::DISPLAY_NAME),
                        ProfileClaim::new(&claims::GIVEN_NAME),
                        ProfileClaim::new(&claims::SURNAME),
                        ProfileClaim::new(&claims::EMAIL),
                        ProfileClaim::new(&claims::OBJECT_ID).partner("sub"),
                        ProfileClaim::new(&claims::IDENTITY_PROVIDER),
                        ProfileClaim::new(&claims::TENANT_ID)
                            .always(ief::resolvers::policy::TENANT_OBJECT_ID),
                        ProfileClaim::new(&claims::CORRELATION_ID)
                            .always(ief::resolvers::context::CORRELATION_ID),
                    ])
                    .subject_naming_info(SubjectNamingInfo::builder().claim_type("sub").build())
                    .build()])
                .build(),
        ))
}

/// The whole set for one environment's settings, in upload order.
pub fn policy_set(s: &Settings) -> Result<PolicySet, SettingsError> {
    let tenant = s.get("tenant")?;
    Ok(PolicySet::new()
        .with(
            "TrustFrameworkBase.xml",
            ief::base::trust_framework_base(tenant),
        )
        .with(
            "TrustFrameworkLocalization.xml",
            ief::base::trust_framework_localization(tenant),
        )
        .with("TrustFrameworkExtensions.xml", extensions_policy(s)?)
        .with("SignUpOrSignInTrusona.xml", relying_party_policy(s)?))
}

#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    let run = || -> Result<(), Box<dyn std::error::Error>> {
        let settings = Settings::load(settings_path(), "dev", SETTINGS)?;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
        println!("environment: {}", settings.env());
        let written = policy_set(&settings)?.write_checked(&dir)?;
        for warning in written.report.warnings() {
            eprintln!("{warning}");
        }
        for path in written.paths {
            println!("wrote {}", path.display());
        }
        Ok(())
    };
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
