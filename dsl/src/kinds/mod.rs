//! Technical profiles by kind, with typed metadata: each kind knows its
//! protocol and handler (nobody writes a handler string), takes the
//! settings B2C requires as constructor arguments, and offers the
//! documented metadata keys as methods and enums, so a misspelt key, a
//! value of the wrong kind or a required key left out is a compile error.
//! Each builds a [`TechnicalProfile`](crate::providers::TechnicalProfile),
//! the builder underneath, which stays there for what a kind does not
//! cover.
//!
//! [`table`] lists every kind with its documented metadata keys; it is
//! what `ief::define!` and `ief check` read.
//!
//! The first kind is [`rest`]. The others (self-asserted pages, the
//! identity-provider protocols, Azure AD, token issuers, session managers,
//! …) are to follow the same shape.

pub mod def;
pub mod table;

/// Whether a profile of the kind named `kind` resolves `resolver` in its
/// input claims without `IncludeClaimResolvingInClaimsHandling`, where
/// [`resolves_in`] says it must ask: the password flow's
/// `{OIDC:Username}` and `{OIDC:Password}` in OpenID Connect and OAuth2
/// profiles (Microsoft's resource owner password credentials profile,
/// `ResourceOwnerPasswordCredentials-OAUTH2`, sends them without the
/// item). `resolver` is written `{OIDC:Username}` or, as `ief::define!`
/// names a constant of `ief::resolvers`, `oidc::USERNAME`. W006 and
/// `ief::define!` read it alike.
pub fn resolves_unasked(kind: &str, resolver: &str) -> bool {
    let r = resolver.trim();
    let parts = match r.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        Some(inner) => inner.split_once(':'),
        None => r.split_once("::"),
    };
    matches!(kind, "oidc" | "oauth2")
        && parts.is_some_and(|(prefix, name)| {
            prefix.eq_ignore_ascii_case("OIDC")
                && (name.eq_ignore_ascii_case("Username") || name.eq_ignore_ascii_case("Password"))
        })
}

#[cfg(test)]
mod tests {
    use super::resolves_unasked;

    #[test]
    fn the_password_flow_s_resolvers_are_resolved_unasked_in_oidc_and_oauth2_only() {
        for r in [
            "{OIDC:Username}",
            "{oidc:password}",
            "oidc::USERNAME",
            "oidc::PASSWORD",
        ] {
            assert!(resolves_unasked("oidc", r), "{r}");
            assert!(resolves_unasked("oauth2", r), "{r}");
            assert!(!resolves_unasked("self_asserted", r), "{r}");
        }
        for r in [
            "{OIDC:LoginHint}",
            "oidc::LOGIN_HINT",
            "{Context:Username}",
            "Username",
            "",
        ] {
            assert!(!resolves_unasked("oidc", r), "{r}");
        }
    }
}

/// Where B2C resolves a claim resolver written as a claim's `DefaultValue`
/// in a profile of the kind named `kind` (a [`table`] name): in input
/// claims, in output claims, and whether the profile must ask for it with
/// `IncludeClaimResolvingInClaimsHandling`. Kinds that resolve in neither
/// give `(false, false, false)`. This is what rule W006 reads off a
/// profile's XML, for `ief::define!` to refuse the same while compiling.
pub fn resolves_in(kind: &str) -> (bool, bool, bool) {
    match kind {
        "aad" | "oauth2" | "oidc" | "claims_transformation" | "self_asserted" => (true, true, true),
        "app_insights" => (true, true, false),
        "saml" => (false, true, true),
        "rest" => (true, false, true),
        _ => (false, false, false),
    }
}

pub mod rest {
    //! A REST API technical profile (`RestfulProvider`).
    //!
    //! ```
    //! use ief_dsl::kinds::rest::{RestApi, RestAuth, SendClaimsIn};
    //! use ief_dsl::refs::ProfileRef;
    //!
    //! // In a policy, the id is a handle of its scope (`profiles::…`).
    //! let id = ProfileRef::from_string("REST-CheckLoyalty");
    //! let tp = RestApi::new(
    //!     id,
    //!     RestAuth::Bearer { token: "B2C_1A_LoyaltyToken".into() },
    //!     "https://api.contoso.com/loyalty",
    //! )
    //! .send_claims_in(SendClaimsIn::Body)
    //! .default_user_message_if_request_failed("We cannot check your loyalty number right now.")
    //! .build();
    //! let keys: Vec<&str> = tp.metadata.iter().map(|m| m.key.as_str()).collect();
    //! assert_eq!(
    //!     keys,
    //!     ["ServiceUrl", "AuthenticationType", "SendClaimsIn", "DefaultUserMessageIfRequestFailed"]
    //! );
    //! assert_eq!(tp.cryptographic_keys[0].id, "BearerAuthenticationToken");
    //! ```

    use crate::providers::{
        handlers, CryptographicKey, MetadataItem, ProfileClaim, Protocol, TechnicalProfile,
    };
    use crate::refs::{ClaimRef, IntoRef, ProfileRef};

    /// `AuthenticationType`, with the policy keys each type needs (their
    /// `StorageReferenceId`s, e.g. `B2C_1A_RestApiUsername`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RestAuth {
        /// `None`: no authentication. B2C refuses it in a policy deployed
        /// as `Production` unless `AllowInsecureAuthInProduction` is set
        /// ([`RestApi::allow_insecure_auth_in_production`]); `ief check`
        /// reports it (S002, S003).
        None,
        /// `Basic`: HTTP basic authentication, user name and password from
        /// policy keys.
        Basic {
            /// The key holding the user name (`BasicAuthenticationUsername`).
            username: String,
            /// The key holding the password (`BasicAuthenticationPassword`).
            password: String,
        },
        /// `Bearer`: a bearer token from a policy key
        /// (`BearerAuthenticationToken`).
        Bearer {
            /// The key holding the token.
            token: String,
        },
        /// `ApiKeyHeader`: a header whose value comes from a policy key.
        ApiKeyHeader {
            /// The header's name (the cryptographic key's `Id`, e.g.
            /// `x-functions-key`).
            header: String,
            /// The key holding its value.
            key: String,
        },
        /// `ClientCertificate`: a client certificate from a policy key
        /// (`ClientCertificate`).
        ClientCertificate {
            /// The key holding the certificate.
            certificate: String,
        },
    }

    impl RestAuth {
        /// The `AuthenticationType` value.
        fn name(&self) -> &'static str {
            match self {
                RestAuth::None => "None",
                RestAuth::Basic { .. } => "Basic",
                RestAuth::Bearer { .. } => "Bearer",
                RestAuth::ApiKeyHeader { .. } => "ApiKeyHeader",
                RestAuth::ClientCertificate { .. } => "ClientCertificate",
            }
        }

        /// The cryptographic keys the type needs.
        fn keys(&self) -> Vec<CryptographicKey> {
            match self {
                RestAuth::None => Vec::new(),
                RestAuth::Basic { username, password } => vec![
                    CryptographicKey::new("BasicAuthenticationUsername", username),
                    CryptographicKey::new("BasicAuthenticationPassword", password),
                ],
                RestAuth::Bearer { token } => {
                    vec![CryptographicKey::new("BearerAuthenticationToken", token)]
                }
                RestAuth::ApiKeyHeader { header, key } => {
                    vec![CryptographicKey::new(header.clone(), key)]
                }
                RestAuth::ClientCertificate { certificate } => {
                    vec![CryptographicKey::new("ClientCertificate", certificate)]
                }
            }
        }
    }

    /// Where the claims go in the request (`SendClaimsIn`), and the format
    /// of the claims B2C reads from the response (`ClaimsFormat`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SendClaimsIn {
        /// `Body`: a JSON body (B2C's default).
        Body,
        /// `Form`: a form-encoded body.
        Form,
        /// `Header`: HTTP headers.
        Header,
        /// `Url`: in the URL's path (`ServiceUrl` with `{claim}` parts).
        Url,
        /// `QueryString`: the query string.
        QueryString,
    }

    impl SendClaimsIn {
        /// The metadata value.
        fn name(self) -> &'static str {
            match self {
                SendClaimsIn::Body => "Body",
                SendClaimsIn::Form => "Form",
                SendClaimsIn::Header => "Header",
                SendClaimsIn::Url => "Url",
                SendClaimsIn::QueryString => "QueryString",
            }
        }
    }

    /// A REST API technical profile being defined: the service URL and the
    /// authentication are given when it is made, every other documented
    /// setting is a method; [`RestApi::build`] makes the
    /// [`TechnicalProfile`] (handler `RestfulProvider`).
    #[derive(Debug, Clone)]
    #[must_use = "a REST profile is used once built (`.build()`)"]
    pub struct RestApi<P> {
        profile: TechnicalProfile<P>,
        auth: RestAuth,
        settings: Vec<MetadataItem>,
    }

    use super::def::flag;

    impl<P> RestApi<P> {
        /// The profile `id`, calling `service_url` with `auth`
        /// (`AuthenticationType` and `ServiceUrl` are required by B2C).
        pub fn new(id: ProfileRef<P>, auth: RestAuth, service_url: impl Into<String>) -> Self {
            let mut profile = TechnicalProfile::new(id).build();
            profile.protocol = Some(Protocol::proprietary(handlers::RESTFUL));
            RestApi {
                profile,
                settings: vec![
                    MetadataItem::new("ServiceUrl", service_url),
                    MetadataItem::new("AuthenticationType", auth.name()),
                ],
                auth,
            }
        }

        fn set(mut self, key: &str, value: impl Into<String>) -> Self {
            self.settings.push(MetadataItem::new(key, value));
            self
        }

        /// `DisplayName`.
        pub fn display_name(mut self, name: impl Into<String>) -> Self {
            self.profile.display_name = Some(name.into());
            self
        }

        /// `SendClaimsIn`: where the input claims go.
        pub fn send_claims_in(self, place: SendClaimsIn) -> Self {
            self.set("SendClaimsIn", place.name())
        }

        /// `ClaimsFormat`: the format of the response's claims.
        pub fn claims_format(self, format: SendClaimsIn) -> Self {
            self.set("ClaimsFormat", format.name())
        }

        /// `AllowInsecureAuthInProduction`: allows [`RestAuth::None`] in a
        /// policy deployed as `Production` (`ief check` reports it, S003).
        pub fn allow_insecure_auth_in_production(self, allow: bool) -> Self {
            self.set("AllowInsecureAuthInProduction", flag(allow))
        }

        /// `IncludeClaimResolvingInClaimsHandling`: resolves claim
        /// resolvers in the input claims' default values.
        pub fn include_claim_resolving_in_claims_handling(self, include: bool) -> Self {
            self.set("IncludeClaimResolvingInClaimsHandling", flag(include))
        }

        /// `ResolveJsonPathsInJsonTokens`: output claims' partner claim
        /// types are JSON paths into the response.
        pub fn resolve_json_paths_in_json_tokens(self, resolve: bool) -> Self {
            self.set("ResolveJsonPathsInJsonTokens", flag(resolve))
        }

        /// `DebugMode`: error responses carry the developer message (not
        /// for production).
        pub fn debug_mode(self, debug: bool) -> Self {
            self.set("DebugMode", flag(debug))
        }

        /// `DefaultUserMessageIfRequestFailed`: what the user is shown when
        /// the call fails.
        pub fn default_user_message_if_request_failed(self, message: impl Into<String>) -> Self {
            self.set("DefaultUserMessageIfRequestFailed", message)
        }

        /// `ClaimUsedForRequestPayload`: a string claim sent as the whole
        /// request body.
        pub fn claim_used_for_request_payload(self, claim: impl IntoRef<ClaimRef<P>>) -> Self {
            let claim = claim.into_ref();
            let id = claim.id().to_owned();
            self.set("ClaimUsedForRequestPayload", id)
        }

        /// `UseClaimAsBearerToken`: the bearer token is this claim's value.
        pub fn use_claim_as_bearer_token(self, claim: impl IntoRef<ClaimRef<P>>) -> Self {
            let claim = claim.into_ref();
            let id = claim.id().to_owned();
            self.set("UseClaimAsBearerToken", id)
        }

        /// A metadata item this type has no method for (the escape hatch):
        /// written as given, after the typed ones, and not checked here;
        /// prefer a method where there is one.
        pub fn other_metadata(self, key: impl Into<String>, value: impl Into<String>) -> Self {
            let key = key.into();
            self.set(&key, value)
        }

        /// `InputClaims`.
        pub fn input_claims(mut self, claims: Vec<ProfileClaim<P>>) -> Self {
            self.profile.input_claims = claims;
            self
        }

        /// `OutputClaims`.
        pub fn output_claims(mut self, claims: Vec<ProfileClaim<P>>) -> Self {
            self.profile.output_claims = claims;
            self
        }

        /// The technical profile: the handler, the metadata in the order
        /// given (`ServiceUrl` and `AuthenticationType` first), and the
        /// cryptographic keys the authentication needs.
        pub fn build(self) -> TechnicalProfile<P> {
            let mut profile = self.profile;
            profile.metadata = self.settings;
            profile.cryptographic_keys = self.auth.keys();
            profile
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::refs::Unchecked;

        fn id() -> ProfileRef<Unchecked> {
            ProfileRef::from_string("REST-X")
        }

        #[test]
        fn each_authentication_type_writes_its_name_and_keys() {
            let cases = [
                (RestAuth::None, "None", vec![]),
                (
                    RestAuth::Basic {
                        username: "B2C_1A_User".into(),
                        password: "B2C_1A_Pass".into(),
                    },
                    "Basic",
                    vec![
                        ("BasicAuthenticationUsername", "B2C_1A_User"),
                        ("BasicAuthenticationPassword", "B2C_1A_Pass"),
                    ],
                ),
                (
                    RestAuth::Bearer {
                        token: "B2C_1A_Token".into(),
                    },
                    "Bearer",
                    vec![("BearerAuthenticationToken", "B2C_1A_Token")],
                ),
                (
                    RestAuth::ApiKeyHeader {
                        header: "x-api-key".into(),
                        key: "B2C_1A_Key".into(),
                    },
                    "ApiKeyHeader",
                    vec![("x-api-key", "B2C_1A_Key")],
                ),
                (
                    RestAuth::ClientCertificate {
                        certificate: "B2C_1A_Cert".into(),
                    },
                    "ClientCertificate",
                    vec![("ClientCertificate", "B2C_1A_Cert")],
                ),
            ];
            for (auth, name, keys) in cases {
                let tp = RestApi::new(id(), auth, "https://api.example.com/").build();
                assert_eq!(tp.metadata[1].key, "AuthenticationType");
                assert_eq!(tp.metadata[1].value, name);
                let got: Vec<(&str, &str)> = tp
                    .cryptographic_keys
                    .iter()
                    .map(|k| (k.id.as_str(), k.storage_reference_id.as_str()))
                    .collect();
                assert_eq!(got, keys, "{name}");
                let handler = tp.protocol.and_then(|p| p.handler);
                assert_eq!(handler.as_deref(), Some(handlers::RESTFUL));
            }
        }

        #[test]
        fn settings_are_written_in_the_order_given_after_the_required_ones() {
            let claim: ClaimRef<Unchecked> = ClaimRef::from_string("payload");
            let tp = RestApi::new(id(), RestAuth::None, "https://api.example.com/")
                .display_name("X")
                .allow_insecure_auth_in_production(true)
                .send_claims_in(SendClaimsIn::QueryString)
                .claims_format(SendClaimsIn::Body)
                .include_claim_resolving_in_claims_handling(true)
                .resolve_json_paths_in_json_tokens(false)
                .debug_mode(false)
                .claim_used_for_request_payload(&claim)
                .other_metadata("NewKey", "v")
                .build();
            let items: Vec<(&str, &str)> = tp
                .metadata
                .iter()
                .map(|m| (m.key.as_str(), m.value.as_str()))
                .collect();
            assert_eq!(
                items,
                [
                    ("ServiceUrl", "https://api.example.com/"),
                    ("AuthenticationType", "None"),
                    ("AllowInsecureAuthInProduction", "true"),
                    ("SendClaimsIn", "QueryString"),
                    ("ClaimsFormat", "Body"),
                    ("IncludeClaimResolvingInClaimsHandling", "true"),
                    ("ResolveJsonPathsInJsonTokens", "false"),
                    ("DebugMode", "false"),
                    ("ClaimUsedForRequestPayload", "payload"),
                    ("NewKey", "v"),
                ]
            );
            assert_eq!(tp.display_name.as_deref(), Some("X"));
        }
    }
}
