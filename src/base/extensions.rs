//! The tenant-specific part every extensions policy on this base carries:
//! the app registrations B2C needs for local-account sign-in, the
//! Facebook app id, and (when a policy stores custom attributes) the
//! b2c-extensions-app ids.

use crate::base::ids::{claims, profiles};
use crate::metadata;
use crate::providers::{ClaimsProvider, ProfileClaim, TechnicalProfile};
use crate::refs::Sees;

/// The app registrations of a tenant that the base's profiles need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantApps {
    /// Application (client) id of the `IdentityExperienceFramework` app.
    pub identity_experience_framework: String,
    /// Application (client) id of the `ProxyIdentityExperienceFramework` app.
    pub proxy_identity_experience_framework: String,
    /// Application id of the Facebook app (`facebook` button of the base's
    /// journeys).
    pub facebook_client_id: String,
    /// The `b2c-extensions-app`: its application (client) id and object id.
    /// Needed by the directory profiles (`AAD-Common`) to read and write
    /// custom attributes (`extension_…` claims).
    pub b2c_extensions_app: Option<ExtensionsApp>,
}

/// The ids of the tenant's `b2c-extensions-app` registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionsApp {
    /// Application (client) id.
    pub client_id: String,
    /// Object id of the application.
    pub object_id: String,
}

/// The claims providers an extensions policy restates to fill in the
/// tenant's app ids: `Facebook-OAUTH`, `login-NonInteractive` and, with a
/// b2c-extensions-app, `AAD-Common`.
pub fn tenant_claims_providers<P: Sees<crate::base::ids::Policy>>(
    apps: &TenantApps,
) -> Vec<ClaimsProvider<P>> {
    let facebook = TechnicalProfile::new(profiles::FACEBOOK_OAUTH.restated())
        .metadata(metadata! {
            "client_id" => apps.facebook_client_id.as_str(),
            "scope" => "email public_profile",
            "ClaimsEndpoint" => "https://graph.facebook.com/me?fields=id,first_name,last_name,name,email",
        })
        .build();
    let login = TechnicalProfile::new(profiles::LOGIN_NON_INTERACTIVE.restated())
        .metadata(metadata! {
            "client_id" => apps.proxy_identity_experience_framework.as_str(),
            "IdTokenAudience" => apps.identity_experience_framework.as_str(),
        })
        .input_claims(vec![
            ProfileClaim::new(&claims::CLIENT_ID)
                .default_value(&apps.proxy_identity_experience_framework),
            ProfileClaim::new(&claims::RESOURCE_ID)
                .partner("resource")
                .default_value(&apps.identity_experience_framework),
        ])
        .build();
    let mut out = vec![
        ClaimsProvider::builder()
            .display_name("Facebook")
            .technical_profiles(vec![facebook])
            .build(),
        ClaimsProvider::builder()
            .display_name("Local account sign-in")
            .technical_profiles(vec![login])
            .build(),
    ];
    if let Some(app) = &apps.b2c_extensions_app {
        let common = TechnicalProfile::new(profiles::AAD_COMMON.restated())
            .metadata(metadata! {
                "ClientId" => app.client_id.as_str(),
                "ApplicationObjectId" => app.object_id.as_str(),
            })
            .build();
        out.push(
            ClaimsProvider::builder()
                .display_name("Azure AD directory")
                .technical_profiles(vec![common])
                .build(),
        );
    }
    out
}
