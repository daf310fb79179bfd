//! Claim resolvers: the `{Prefix:Name}` values B2C fills in at run time
//! (`{Context:CorrelationId}`, `{Policy:TenantObjectId}`,
//! `{OIDC:LoginHint}`, …), as typed constants, one module per prefix.
//!
//! A misspelt resolver is a compile error on its own token
//! (`resolvers::context::CORELATION_ID` does not exist, and rustc names
//! `CORRELATION_ID`), where a string would be written as it is and left
//! unresolved by B2C. A constant goes wherever a value does:
//!
//! ```
//! use ief_dsl::resolvers::{context, policy};
//!
//! assert_eq!(context::CORRELATION_ID.to_string(), "{Context:CorrelationId}");
//! let value: String = policy::TENANT_OBJECT_ID.into();
//! assert_eq!(value, "{Policy:TenantObjectId}");
//! ```
//!
//! [`ALL`] is the table they come from (Microsoft Learn, "About claim
//! resolvers"; FACTS.md §7). `ief check` reads the same table: rule W005
//! reports a resolver in a policy file that B2C does not know, with the
//! nearest one, and a `{Claim:X}` whose claim type the chain does not
//! define. `{Claim:…}`, `{OAUTH-KV:…}` and `{SAML-KV:…}` take a name of
//! the policy's or the request's own, so they have no constants.

use std::fmt;

/// One claim resolver: `{prefix:name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimResolver {
    prefix: &'static str,
    name: &'static str,
}

impl ClaimResolver {
    /// The resolver `{prefix:name}` (for the constants of this module).
    const fn new(prefix: &'static str, name: &'static str) -> Self {
        ClaimResolver { prefix, name }
    }

    /// Its prefix, as B2C documents it (`Context`).
    pub fn prefix(&self) -> &'static str {
        self.prefix
    }

    /// Its name, as B2C documents it (`CorrelationId`).
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl fmt::Display for ClaimResolver {
    /// `{Prefix:Name}`, the text a policy holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}:{}}}", self.prefix, self.name)
    }
}

impl From<ClaimResolver> for String {
    /// [`ClaimResolver`]'s text: what `default_value`, `always` and
    /// metadata values take.
    fn from(r: ClaimResolver) -> String {
        r.to_string()
    }
}

/// Declares the constants of one prefix and their table.
macro_rules! resolvers {
    ($(#[$m:meta])* $module:ident = $prefix:literal {
        $($(#[$cm:meta])* $name:ident = $text:literal;)+
    }) => {
        $(#[$m])*
        pub mod $module {
            use super::ClaimResolver;
            $(
                $(#[$cm])*
                pub const $name: ClaimResolver = ClaimResolver::new($prefix, $text);
            )+
            /// Every resolver of this prefix.
            pub const ALL: &[ClaimResolver] = &[$($name),+];
        }
    };
}

resolvers! {
    /// `{Culture:…}`: the language of the request.
    culture = "Culture" {
        /// The two-letter ISO code of the language (`en`).
        LANGUAGE_NAME = "LanguageName";
        /// The language's LCID (`1033`).
        LCID = "LCID";
        /// The two-letter ISO code of the region (`US`).
        REGION_NAME = "RegionName";
        /// The RFC 5646 language code (`en-US`).
        RFC5646 = "RFC5646";
    }
}

resolvers! {
    /// `{Policy:…}`: the policy that runs.
    policy = "Policy" {
        /// The relying party's policy id.
        POLICY_ID = "PolicyId";
        /// The relying party's tenant id.
        RELYING_PARTY_TENANT_ID = "RelyingPartyTenantId";
        /// The tenant's object id.
        TENANT_OBJECT_ID = "TenantObjectId";
        /// The trust framework's tenant id.
        TRUST_FRAMEWORK_TENANT_ID = "TrustFrameworkTenantId";
    }
}

resolvers! {
    /// `{Context:…}`: the request.
    context = "Context" {
        /// The version of the Identity Experience Framework.
        BUILD_NUMBER = "BuildNumber";
        /// The correlation id of the request (for support and logs).
        CORRELATION_ID = "CorrelationId";
        /// The date and time in UTC.
        DATE_TIME_IN_UTC = "DateTimeInUtc";
        /// The policy's deployment mode (`Production`, `Development`).
        DEPLOYMENT_MODE = "DeploymentMode";
        /// The host name of the request.
        HOST_NAME = "HostName";
        /// The user's IP address.
        IP_ADDRESS = "IPAddress";
        /// Whether "keep me signed in" was chosen.
        KMSI = "KMSI";
    }
}

resolvers! {
    /// `{OIDC:…}`: parameters of an OpenID Connect authorization request.
    oidc = "OIDC" {
        /// `acr_values`.
        AUTHENTICATION_CONTEXT_REFERENCES = "AuthenticationContextReferences";
        /// `client_id`.
        CLIENT_ID = "ClientId";
        /// `domain_hint`.
        DOMAIN_HINT = "DomainHint";
        /// `login_hint`.
        LOGIN_HINT = "LoginHint";
        /// `max_age`.
        MAX_AGE = "MaxAge";
        /// `nonce`.
        NONCE = "Nonce";
        /// The password of a resource owner password credentials request.
        PASSWORD = "Password";
        /// `prompt`.
        PROMPT = "Prompt";
        /// `redirect_uri`.
        REDIRECT_URI = "RedirectUri";
        /// `resource`.
        RESOURCE = "Resource";
        /// `scope`.
        SCOPE = "Scope";
        /// The user name of a resource owner password credentials request.
        USERNAME = "Username";
    }
}

resolvers! {
    /// `{SAML:…}`: parts of a SAML authentication request.
    saml = "SAML" {
        /// The `AuthnContextClassRef` values.
        AUTHN_CONTEXT_CLASS_REFERENCES = "AuthnContextClassReferences";
        /// The `NameIDPolicy` format.
        NAME_ID_POLICY_FORMAT = "NameIdPolicyFormat";
        /// The `Issuer`.
        ISSUER = "Issuer";
        /// `NameIDPolicy@AllowCreate`.
        ALLOW_CREATE = "AllowCreate";
        /// `ForceAuthn`.
        FORCE_AUTHN = "ForceAuthn";
        /// `ProviderName`.
        PROVIDER_NAME = "ProviderName";
        /// `RelayState`.
        RELAY_STATE = "RelayState";
        /// The `Subject`'s `NameID`.
        SUBJECT = "Subject";
        /// The binding of the request.
        BINDING = "Binding";
    }
}

resolvers! {
    /// `{oauth2:…}`: what an OAuth2 identity provider's token response
    /// holds, as the `PartnerClaimType` of an output claim.
    oauth2 = "oauth2" {
        /// The access token.
        ACCESS_TOKEN = "access_token";
        /// The token type.
        TOKEN_TYPE = "token_type";
        /// The lifetime of the access token in seconds (the claim's data
        /// type must be `int` or `long`).
        EXPIRES_IN = "expires_in";
        /// The refresh token.
        REFRESH_TOKEN = "refresh_token";
    }
}

/// Every claim resolver with a fixed name, by prefix.
pub const ALL: &[&[ClaimResolver]] = &[
    culture::ALL,
    policy::ALL,
    context::ALL,
    oidc::ALL,
    saml::ALL,
    oauth2::ALL,
];

/// `{Claim:X}`: the value of claim type `X` (defined in the chain).
pub const CLAIM_PREFIX: &str = "Claim";

/// `{OAUTH-KV:X}`: the query-string parameter `X` of the request.
pub const OAUTH_KV_PREFIX: &str = "OAUTH-KV";

/// `{SAML-KV:X}`: the parameter `X` of a SAML request (not in Microsoft's
/// resolver table, but used by its published IdP-initiated SAML sample).
pub const SAML_KV_PREFIX: &str = "SAML-KV";

/// Every prefix B2C resolves (`Culture`, …, `Claim`, `OAUTH-KV`,
/// The claim resolver `{Claim:id}` of the claim type `id`. Prefer a
/// handle: `ProfileClaim::always_claim(&CLAIM)`, or `= always claim(CLAIM)`
/// in `ief::define!`, where the claim is resolved in the policy's scope.
pub fn claim(id: &str) -> String {
    format!("{{{CLAIM_PREFIX}:{id}}}")
}

/// `SAML-KV`).
pub fn prefixes() -> impl Iterator<Item = &'static str> {
    ALL.iter()
        .filter_map(|list| list.first().map(ClaimResolver::prefix))
        .chain([CLAIM_PREFIX, OAUTH_KV_PREFIX, SAML_KV_PREFIX])
}

/// The resolver `{prefix:name}` of the table, ignoring case (B2C accepts
/// `{CONTEXT:KMSI}` and `{OIDC:scope}`).
pub fn lookup(prefix: &str, name: &str) -> Option<ClaimResolver> {
    ALL.iter()
        .flat_map(|list| list.iter())
        .find(|r| r.prefix.eq_ignore_ascii_case(prefix) && r.name.eq_ignore_ascii_case(name))
        .copied()
}

/// A `{…:…}` token of a text: where it is, its prefix and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'t> {
    /// Its byte range in the text, braces included.
    pub range: (usize, usize),
    /// What is between `{` and the first `:`.
    pub prefix: &'t str,
    /// What is between that `:` and `}`.
    pub name: &'t str,
}

/// The `{prefix:name}` tokens of `text`: a prefix of letters, digits and
/// `-`, a name of anything but braces. Deployment placeholders
/// (`{Settings:X}`) are tokens too: the caller tells them apart.
pub fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(open) = text[from..].find('{').map(|o| o + from) {
            from = open + 1;
            let rest = &text[open + 1..];
            let close = rest.find(['{', '}'])?;
            if !rest[close..].starts_with('}') {
                continue;
            }
            let inner = &rest[..close];
            let Some((prefix, name)) = inner.split_once(':') else {
                continue;
            };
            if prefix.is_empty()
                || !prefix
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                continue;
            }
            from = open + 1 + close + 1;
            return Some(Token {
                range: (open, from),
                prefix,
                name,
            });
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_are_the_texts_b2c_documents() {
        assert_eq!(
            context::CORRELATION_ID.to_string(),
            "{Context:CorrelationId}"
        );
        assert_eq!(oidc::LOGIN_HINT.to_string(), "{OIDC:LoginHint}");
        assert_eq!(oauth2::EXPIRES_IN.to_string(), "{oauth2:expires_in}");
        let n: usize = ALL.iter().map(|l| l.len()).sum();
        assert_eq!(n, 4 + 4 + 7 + 12 + 9 + 4);
        let prefixes: Vec<&str> = prefixes().collect();
        assert_eq!(
            prefixes,
            [
                "Culture", "Policy", "Context", "OIDC", "SAML", "oauth2", "Claim", "OAUTH-KV",
                "SAML-KV"
            ]
        );
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(lookup("CONTEXT", "kmsi"), Some(context::KMSI));
        assert_eq!(lookup("OIDC", "scope"), Some(oidc::SCOPE));
        assert_eq!(lookup("Context", "CorelationId"), None);
        assert_eq!(lookup("Claim", "email"), None);
    }

    #[test]
    fn tokens_are_prefix_colon_name_in_braces() {
        let text = "a {Context:CorrelationId} b {not a token} {OAUTH-KV:campaign_id}{x{Claim:email}} {:y} {Settings:z";
        let found: Vec<(&str, &str)> = tokens(text).map(|t| (t.prefix, t.name)).collect();
        assert_eq!(
            found,
            [
                ("Context", "CorrelationId"),
                ("OAUTH-KV", "campaign_id"),
                ("Claim", "email")
            ]
        );
        let first = tokens(text).next().map(|t| t.range);
        assert_eq!(first, Some((2, 25)));
        assert_eq!(tokens("{{}}").count(), 0);
        assert_eq!(tokens("").count(), 0);
    }
}
