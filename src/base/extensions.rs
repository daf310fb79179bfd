//! The tenant-specific part every extensions policy on this base carries:
//! the app registrations B2C needs for local-account sign-in, the
//! Facebook app id, and (when a policy stores custom attributes) the
//! b2c-extensions-app ids.

use crate::base::ids::{claims, profiles};
use crate::metadata;
use crate::providers::{ProfileClaim, TechnicalProfile};
use crate::refs::Sees;
use crate::settings::{Settings, SettingsError};

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

impl TenantApps {
    /// The settings keys [`from_settings`](Self::from_settings) reads; add
    /// them to the keys a program passes to [`Settings::load`].
    pub const SETTINGS: &'static [&'static str] = &[
        "identity_experience_framework_app_id",
        "proxy_identity_experience_framework_app_id",
        "facebook_client_id",
        "b2c_extensions_app_client_id",
        "b2c_extensions_app_object_id",
    ];

    /// The apps from settings under the keys of [`Self::SETTINGS`]. The two
    /// `b2c_extensions_app_…` keys may both be left out (no custom
    /// attributes); the others must be set.
    pub fn from_settings(s: &Settings) -> Result<Self, SettingsError> {
        let b2c_extensions_app = match s.get("b2c_extensions_app_client_id") {
            Ok(client_id) => Some(ExtensionsApp {
                client_id: client_id.to_owned(),
                object_id: s.get("b2c_extensions_app_object_id")?.to_owned(),
            }),
            Err(SettingsError::Missing { .. }) => None,
            Err(e) => return Err(e),
        };
        Ok(TenantApps {
            identity_experience_framework: s
                .get("identity_experience_framework_app_id")?
                .to_owned(),
            proxy_identity_experience_framework: s
                .get("proxy_identity_experience_framework_app_id")?
                .to_owned(),
            facebook_client_id: s.get("facebook_client_id")?.to_owned(),
            b2c_extensions_app,
        })
    }
}

/// The ids of the tenant's `b2c-extensions-app` registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionsApp {
    /// Application (client) id.
    pub client_id: String,
    /// Object id of the application.
    pub object_id: String,
}

/// The base's profiles an extensions policy restates to fill in the
/// tenant's app ids. Declare them as restated in the extensions policy,
/// each in the claims provider it should appear in:
///
/// ```text
/// restated {
///     profiles {
///         provider "Facebook" { FACEBOOK_OAUTH; }
///         provider "Local account sign-in" { LOGIN_NON_INTERACTIVE; }
///         provider "Azure AD directory" { AAD_COMMON?; }
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TenantProfiles<P> {
    /// `Facebook-OAUTH` with the Facebook app id.
    pub facebook_oauth: TechnicalProfile<P>,
    /// `login-NonInteractive` with the two Identity Experience Framework
    /// apps.
    pub login_non_interactive: TechnicalProfile<P>,
    /// `AAD-Common` with the b2c-extensions-app, when there is one.
    pub aad_common: Option<TechnicalProfile<P>>,
}

/// The restatements of [`TenantProfiles`] for `apps`, for an extensions
/// policy `P` built on this base.
pub fn tenant_profiles<P: Sees<crate::base::ids::Policy>>(apps: &TenantApps) -> TenantProfiles<P> {
    let facebook_oauth = TechnicalProfile::new(profiles::FACEBOOK_OAUTH.restated())
        .metadata(metadata! {
            "client_id" => apps.facebook_client_id.as_str(),
            "scope" => "email public_profile",
            "ClaimsEndpoint" => "https://graph.facebook.com/me?fields=id,first_name,last_name,name,email",
        })
        .build();
    let login_non_interactive = TechnicalProfile::new(profiles::LOGIN_NON_INTERACTIVE.restated())
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
    let aad_common = apps.b2c_extensions_app.as_ref().map(|app| {
        TechnicalProfile::new(profiles::AAD_COMMON.restated())
            .metadata(metadata! {
                "ClientId" => app.client_id.as_str(),
                "ApplicationObjectId" => app.object_id.as_str(),
            })
            .build()
    });
    TenantProfiles {
        facebook_oauth,
        login_non_interactive,
        aad_common,
    }
}
