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

use ief::base::extensions::{tenant_profiles, TenantApps};
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

/// Every key `settings/trusona.toml` may set: Trusona's, and the
/// tenant's apps the base needs ([`TenantApps::SETTINGS`]).
pub fn settings_keys() -> Vec<&'static str> {
    let trusona = [
        "tenant",
        "trusona_client_id",
        "trusona_client_secret_key",
        "trusona_metadata_url",
    ];
    [&trusona[..], TenantApps::SETTINGS].concat()
}

/// The settings file, next to the workspace's Cargo.toml.
pub fn settings_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("settings/trusona.toml")
}

fn extensions_policy(
    s: &Settings,
) -> Result<TrustFrameworkPolicy<extensions::Policy>, SettingsError> {
    let base = tenant_profiles(&TenantApps::from_settings(s)?);
    Ok(ief::define! { extensions; tenant = s.get("tenant")?;
        claims {
            CORRELATION_ID "Correlation id" { admin_help "Identifies the request in B2C's logs."; }
        }
        profiles {
            FACEBOOK_OAUTH = base.facebook_oauth;
            LOGIN_NON_INTERACTIVE = base.login_non_interactive;
            AAD_COMMON = base.aad_common;
            TRUSONA_TAC_OPENID_CONNECT = trusona_profile!(extensions, s.get("trusona_client_id")?,
                s.get("trusona_metadata_url")?, s.get("trusona_client_secret_key")?);
        }
        journeys { TRUSONA_TAC_SUSI = trusona_susi_journey!(extensions::scope); }
    })
}

fn relying_party_policy(
    s: &Settings,
) -> Result<TrustFrameworkPolicy<relying_party::Policy>, SettingsError> {
    use ief::resolvers::{context, policy};
    Ok(ief::define! { relying_party; tenant = s.get("tenant")?;
        relying_party {
            journey TRUSONA_TAC_SUSI;
            endpoint "Token" = REDEEM_REFRESH_TOKEN;
            profile oidc "PolicyProfile" {
                out DISPLAY_NAME, GIVEN_NAME, SURNAME, EMAIL, OBJECT_ID as "sub", IDENTITY_PROVIDER,
                    TENANT_ID = always policy::TENANT_OBJECT_ID,
                    CORRELATION_ID = always context::CORRELATION_ID;
                subject "sub";
            }
        }
    })
}

/// The whole set for one environment's settings, in upload order.
pub fn policy_set(s: &Settings) -> Result<PolicySet, SettingsError> {
    Ok(ief::base::policy_set(s.get("tenant")?)
        .with("TrustFrameworkExtensions.xml", extensions_policy(s)?)
        .with("SignUpOrSignInTrusona.xml", relying_party_policy(s)?))
}

#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
    ief::program::write_with_settings(settings_path(), "dev", &settings_keys(), dir, policy_set)
}
