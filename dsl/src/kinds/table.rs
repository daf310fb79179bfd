//! The table of technical-profile kinds: for each kind, its protocol, its
//! handler and the metadata keys B2C documents for it, with what each
//! key's value must be.
//!
//! One table serves both sides: `ief::define!` reads it while compiling
//! (a misspelt key, a value of the wrong kind or a required key left out
//! is a compile error on the user's token), and `ief check` reads it to
//! warn about keys a handler does not document (T002).

use crate::providers::ProtocolName;

/// What a metadata item's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `true` or `false` (B2C reads them without regard to case).
    Bool,
    /// A whole number.
    Int,
    /// Free text: a message, a URL, a scope list, an id of something
    /// outside the policy set.
    Text,
    /// One of the listed values, spelt exactly.
    OneOf(&'static [&'static str]),
    /// The id of a claim type of the policy set.
    Claim,
    /// The id of a content definition of the policy set.
    ContentDefinition,
    /// The id of a technical profile of the policy set.
    Profile,
    /// The id of a claims exchange of the journey that runs the profile.
    Exchange,
}

/// One documented metadata key of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetadataKey {
    /// The key, spelt as B2C reads it (`ContentDefinitionReferenceId`).
    pub key: &'static str,
    /// What its value must be.
    pub value: ValueKind,
    /// Whether a profile of this kind must set it.
    pub required: bool,
}

/// A kind of technical profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileKind {
    /// The kind's name in `ief::define!` (`self_asserted`, `rest`, …).
    pub name: &'static str,
    /// What a profile of this kind is for, in a few words.
    pub summary: &'static str,
    /// `Protocol/@Name`.
    pub protocol: ProtocolName,
    /// `Protocol/@Handler` after `Web.TPEngine.` and before the assembly
    /// suffix (`Providers.RestfulProvider`), when the protocol is
    /// `Proprietary`.
    pub handler: Option<&'static str>,
    /// Whether the profile issues the token to the relying party (it has
    /// an `OutputTokenFormat`); this tells a token issuer from an
    /// identity provider of the same protocol.
    pub token_issuer: bool,
    /// The documented metadata keys.
    pub keys: &'static [MetadataKey],
}

impl ProfileKind {
    /// The documented key spelt exactly `key`.
    pub fn key(&self, key: &str) -> Option<&'static MetadataKey> {
        self.keys.iter().find(|k| k.key == key)
    }
}

/// A key with a free-text value.
const fn text(key: &'static str) -> MetadataKey {
    MetadataKey {
        key,
        value: ValueKind::Text,
        required: false,
    }
}

/// A key with a `true`/`false` value.
const fn flag(key: &'static str) -> MetadataKey {
    MetadataKey {
        key,
        value: ValueKind::Bool,
        required: false,
    }
}

/// A key with a whole-number value.
const fn int(key: &'static str) -> MetadataKey {
    MetadataKey {
        key,
        value: ValueKind::Int,
        required: false,
    }
}

/// A key whose value is one of `values`.
const fn one_of(key: &'static str, values: &'static [&'static str]) -> MetadataKey {
    MetadataKey {
        key,
        value: ValueKind::OneOf(values),
        required: false,
    }
}

/// A key whose value is an id of the set.
const fn id(key: &'static str, value: ValueKind) -> MetadataKey {
    MetadataKey {
        key,
        value,
        required: false,
    }
}

/// `key`, required.
const fn required(mut key: MetadataKey) -> MetadataKey {
    key.required = true;
    key
}

/// `IncludeClaimResolvingInClaimsHandling`, which several kinds document.
const RESOLVING: MetadataKey = flag("IncludeClaimResolvingInClaimsHandling");

/// Every kind, in the order of the documentation's technical-profile pages.
pub static KINDS: &[ProfileKind] = &[
    ProfileKind {
        name: "self_asserted",
        summary: "a page that asks the user for claims",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.SelfAssertedAttributeProvider"),
        token_issuer: false,
        keys: &[
            id("ContentDefinitionReferenceId", ValueKind::ContentDefinition),
            text("IpAddressClaimReferenceId"),
            text("language.button_continue"),
            id("SignUpTarget", ValueKind::Exchange),
            one_of("setting.operatingMode", &["Email", "Username"]),
            flag("setting.showContinueButton"),
            flag("setting.showCancelButton"),
            flag("setting.showSignupLink"),
            flag("EnforceEmailVerification"),
            RESOLVING,
            flag("AllowGenerationOfClaimsWithNullValues"),
            text("UserMessageIfClaimsTransformationBooleanValueIsNotEqual"),
            text("UserMessageIfClaimsTransformationStringsAreNotEqual"),
        ],
    },
    ProfileKind {
        name: "aad",
        summary: "reads or writes the Azure AD directory",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.AzureActiveDirectoryProvider"),
        token_issuer: false,
        keys: &[
            required(one_of(
                "Operation",
                &["Read", "Write", "DeleteClaims", "DeleteClaimsPrincipal"],
            )),
            flag("RaiseErrorIfClaimsPrincipalDoesNotExist"),
            flag("RaiseErrorIfClaimsPrincipalAlreadyExists"),
            text("UserMessageIfClaimsPrincipalDoesNotExist"),
            text("UserMessageIfClaimsPrincipalAlreadyExists"),
            text("ApplicationObjectId"),
            text("ClientId"),
            RESOLVING,
        ],
    },
    ProfileKind {
        name: "claims_transformation",
        summary: "runs claims transformations as a step",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.ClaimsTransformationProtocolProvider"),
        token_issuer: false,
        keys: &[
            RESOLVING,
            id("ClaimTypeOnWhichToEnable", ValueKind::Claim),
            text("ClaimValueOnWhichToEnable"),
        ],
    },
    ProfileKind {
        name: "rest",
        summary: "calls a REST API",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.RestfulProvider"),
        token_issuer: false,
        keys: &[
            required(text("ServiceUrl")),
            required(one_of(
                "AuthenticationType",
                &[
                    "None",
                    "Basic",
                    "Bearer",
                    "ApiKeyHeader",
                    "ClientCertificate",
                ],
            )),
            one_of(
                "SendClaimsIn",
                &["Body", "Form", "Header", "Url", "QueryString"],
            ),
            one_of(
                "ClaimsFormat",
                &["Body", "Form", "Header", "Url", "QueryString"],
            ),
            flag("AllowInsecureAuthInProduction"),
            id("UseClaimAsBearerToken", ValueKind::Claim),
            RESOLVING,
            flag("ResolveJsonPathsInJsonTokens"),
            id("ClaimUsedForRequestPayload", ValueKind::Claim),
            flag("DebugMode"),
            text("DefaultUserMessageIfRequestFailed"),
            text("ClaimResolverUrlFormatting"),
            text("BearerTokenTransmissionMethod"),
        ],
    },
    ProfileKind {
        name: "session_default",
        summary: "a session manager that keeps claims",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.DefaultSSOSessionProvider"),
        token_issuer: false,
        keys: &[],
    },
    ProfileKind {
        name: "session_noop",
        summary: "a session manager that keeps nothing",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.NoopSSOSessionProvider"),
        token_issuer: false,
        keys: &[],
    },
    ProfileKind {
        name: "session_external",
        summary: "a session manager for external identity providers",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.ExternalLoginSSOSessionProvider"),
        token_issuer: false,
        keys: &[flag("AlwaysFetchClaimsFromProvider")],
    },
    ProfileKind {
        name: "session_oauth",
        summary: "a session manager for OAuth 2.0 and OpenID Connect applications",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.OAuthSSOSessionProvider"),
        token_issuer: false,
        keys: &[],
    },
    ProfileKind {
        name: "session_saml",
        summary: "a session manager for SAML applications and identity providers",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.SamlSSOSessionProvider"),
        token_issuer: false,
        keys: &[],
    },
    ProfileKind {
        name: "oidc",
        summary: "an OpenID Connect identity provider",
        protocol: ProtocolName::OpenIdConnect,
        handler: None,
        token_issuer: false,
        keys: &[
            text("client_id"),
            text("IdTokenAudience"),
            text("METADATA"),
            text("authorization_endpoint"),
            text("ProviderName"),
            text("scope"),
            text("response_types"),
            one_of("response_mode", &["query", "form_post"]),
            one_of("HttpBinding", &["GET", "POST"]),
            flag("UsePolicyInRedirectUri"),
            RESOLVING,
            text("UserMessageIfClaimsPrincipalDoesNotExist"),
            text("UserMessageIfInvalidPassword"),
            text("UserMessageIfOldPasswordUsed"),
        ],
    },
    ProfileKind {
        name: "oauth2",
        summary: "an OAuth 2.0 identity provider",
        protocol: ProtocolName::OAuth2,
        handler: None,
        token_issuer: false,
        keys: &[
            text("client_id"),
            text("scope"),
            text("ClaimsEndpoint"),
            text("authorization_endpoint"),
            text("AccessTokenEndpoint"),
            one_of("HttpBinding", &["GET", "POST"]),
            flag("UsePolicyInRedirectUri"),
            text("ProviderName"),
            text("AccessTokenResponseFormat"),
            text("BearerTokenTransmissionMethod"),
            text("ClaimsResponseFormat"),
            RESOLVING,
        ],
    },
    ProfileKind {
        name: "jwt_issuer",
        summary: "issues a JWT to the relying party",
        protocol: ProtocolName::OpenIdConnect,
        handler: None,
        token_issuer: true,
        keys: &[
            text("client_id"),
            text("issuer_refresh_token_user_identity_claim_type"),
            flag("SendTokenResponseBodyWithJsonNumbers"),
            int("token_lifetime_secs"),
            int("id_token_lifetime_secs"),
            int("refresh_token_lifetime_secs"),
            int("rolling_refresh_token_lifetime_secs"),
        ],
    },
    ProfileKind {
        name: "none",
        summary: "a profile of protocol `None`: the policy engine's defaults, refresh-token checks",
        protocol: ProtocolName::None,
        handler: None,
        token_issuer: false,
        keys: &[
            text("url"),
            text("client_id"),
            text("issuer_refresh_token_user_identity_claim_type"),
            flag("SendTokenResponseBodyWithJsonNumbers"),
            text("METADATA"),
            text("issuer"),
            text("IdTokenAudience"),
        ],
    },
];

/// The kind named `name` in `ief::define!`.
pub fn by_name(name: &str) -> Option<&'static ProfileKind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The kind of a profile with this protocol, full handler string (if
/// any) and `OutputTokenFormat` (whether it has one).
pub fn of_profile(
    protocol: ProtocolName,
    handler: Option<&str>,
    token_issuer: bool,
) -> Option<&'static ProfileKind> {
    let short = handler.map(|h| {
        let h = h.trim();
        let h = h.strip_prefix("Web.TPEngine.").unwrap_or(h);
        h.split(',').next().unwrap_or(h).trim()
    });
    KINDS.iter().find(|k| {
        k.protocol == protocol
            && match (k.handler, short) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => k.token_issuer == token_issuer,
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_unique_and_keys_unique_per_kind() {
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len());
        for kind in KINDS {
            let mut keys: Vec<&str> = kind.keys.iter().map(|k| k.key).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), kind.keys.len(), "{}", kind.name);
        }
    }

    #[test]
    fn a_full_handler_string_finds_its_kind() {
        let kind = of_profile(
            ProtocolName::Proprietary,
            Some(crate::providers::handlers::RESTFUL),
            false,
        );
        assert_eq!(kind.map(|k| k.name), Some("rest"));
        let issuer = of_profile(ProtocolName::OpenIdConnect, None, true);
        assert_eq!(issuer.map(|k| k.name), Some("jwt_issuer"));
        let idp = of_profile(ProtocolName::OpenIdConnect, None, false);
        assert_eq!(idp.map(|k| k.name), Some("oidc"));
    }
}
