//! docs/define.md, worked change 1: the Trusona example
//! (`examples/trusona`) with a `phoneNumber` claim that the Trusona
//! profile outputs (partner claim `phone_number`) and the relying party
//! returns. The code is the example's, changed where the guide's diff
//! says; tests/docs_define.rs checks that the guide's snippets appear here
//! verbatim.

use ief::base::extensions::{tenant_profiles, TenantApps};
use ief::prelude::*;
use ief::settings::{Settings, SettingsError};

/// The Trusona TAC OpenID Connect technical profile, as in
/// `examples/trusona/provider.rs`, with `phone_number`. (It shadows the
/// example's macro of the same name in this module.)
macro_rules! trusona_profile {
    ($($policy:ident)::+, $client_id:expr, $metadata_url:expr, $secret_key:expr) => {
        ief::define! { $($policy)::+;
            profile TRUSONA_TAC_OPENID_CONNECT oidc "Trusona" {
                description "Sign in with a passkey through Trusona Authentication Cloud";
                METADATA: $metadata_url;
                scope: "openid profile email";
                client_id: $client_id;
                response_types: "code"; response_mode: form_post; HttpBinding: POST;
                UsePolicyInRedirectUri: false;
                IncludeClaimResolvingInClaimsHandling: true;
                key client_secret = $secret_key;
                out ISSUER_USER_ID as "sub", TENANT_ID as "tid" = always ief::resolvers::policy::TENANT_OBJECT_ID,
                    AUTHENTICATION_SOURCE = always "socialIdpAuthentication",
                    IDENTITY_PROVIDER as "iss" = "https://authcloud.trusona.net/",
                    DISPLAY_NAME as "name", GIVEN_NAME as "given_name", SURNAME as "family_name", EMAIL,
                    PHONE_NUMBER as "phone_number";
                out_transforms CREATE_RANDOM_UPN_USER_NAME, CREATE_USER_PRINCIPAL_NAME,
                    CREATE_ALTERNATIVE_SECURITY_ID, CREATE_SUBJECT_CLAIM_FROM_ALTERNATIVE_SECURITY_ID;
                session SM_SOCIAL_LOGIN;
            }
        }
    };
}

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
                    provider "Azure AD directory" { AAD_COMMON?; }
                }
            }
            claims {
                /// The request's correlation id, for support requests.
                CORRELATION_ID: Str = "correlationId";
                /// The phone number Trusona knows for the user.
                PHONE_NUMBER: Str = "phoneNumber";
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

fn extensions_policy(
    s: &Settings,
) -> Result<TrustFrameworkPolicy<extensions::Policy>, SettingsError> {
    let base = tenant_profiles(&TenantApps::from_settings(s)?);
    Ok(ief::define! { extensions; tenant = s.get("tenant")?;
        claims {
            CORRELATION_ID "Correlation id" { admin_help "Identifies the request in B2C's logs."; }
            PHONE_NUMBER "Phone number";
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
                out DISPLAY_NAME, GIVEN_NAME, SURNAME, EMAIL, PHONE_NUMBER, OBJECT_ID as "sub", IDENTITY_PROVIDER,
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
