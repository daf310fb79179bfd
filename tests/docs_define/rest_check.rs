//! docs/define.md, worked change 2: the Trusona example
//! (`examples/trusona`) with a REST profile that checks the email of a new
//! local account against an API, run as a validation profile of the
//! base's sign-up page (`LocalAccountSignUpWithLogonEmail`), which the
//! extensions policy restates. The code is the example's, changed where
//! the guide's diff says; tests/docs_define.rs checks that the guide's
//! snippets appear here verbatim.

use ief::base::extensions::{tenant_profiles, TenantApps};
use ief::prelude::*;
use ief::settings::{Settings, SettingsError};

/// The policies the example adds on top of the standard base.
pub mod policies {
    ief::declare! {
        /// `B2C_1A_TrustFrameworkExtensions`: Trusona, and the TrusonaTacSUSI journey.
        pub policy extensions = "B2C_1A_TrustFrameworkExtensions": ::ief::base::localization {
            // The base's profiles that carry the tenant's app ids.
            restated {
                profiles {
                    provider "Facebook" { FACEBOOK_OAUTH; }
                    provider "Local account sign-in" { LOGIN_NON_INTERACTIVE; }
                    provider "Local account sign-up" { LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL; }
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
                provider "REST APIs" { REST_CHECK_SIGN_UP_EMAIL = "REST-CheckSignUpEmail"; }
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
            LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL restate { validate REST_CHECK_SIGN_UP_EMAIL; }
            REST_CHECK_SIGN_UP_EMAIL rest "Check the email of a new account" {
                ServiceUrl: "https://api.contoso.com/b2c/check-sign-up";
                AuthenticationType: Bearer;
                SendClaimsIn: Body;
                key BearerAuthenticationToken = "B2C_1A_SignUpCheckToken";
                in EMAIL;
            }
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

/// The whole changed set, in upload order.
pub fn policy_set(s: &Settings) -> Result<PolicySet, SettingsError> {
    Ok(ief::base::policy_set(s.get("tenant")?)
        .with("TrustFrameworkExtensions.xml", extensions_policy(s)?)
        .with("SignUpOrSignInTrusona.xml", relying_party_policy(s)?))
}
