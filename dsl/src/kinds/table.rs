//! The table of technical-profile kinds: for each kind, its protocol, its
//! handler and the metadata keys B2C documents for it, with what each
//! key's value must be.
//!
//! One table serves both sides: `ief::define!` reads it while compiling
//! (a misspelt key, a value of the wrong kind or a required key left out
//! is a compile error on the user's token), and `ief check` reads it to
//! warn about keys a kind does not document and values that do not fit
//! (T008).
//!
//! Where the keys come from: each kind's reference page on Microsoft Learn
//! ("Define a … technical profile in an Azure AD B2C custom policy"), the
//! metadata those pages tell to set on a self-asserted profile (error
//! messages of the one-time password, Microsoft Entra MFA and SSPR
//! providers), the keys the claims-transformation pages and how-to guides
//! set (`DateTimeGreaterThan`, `ClientCredentialsUserJourneyId`,
//! `external_user_identity_claim_id`, …), and the keys the fact sheet
//! (FACTS.md §5) lists as used in Microsoft's starter pack and in the
//! corpus of published policies without a reference page of their own;
//! a comment marks each key of those last two sources. `required` is set
//! only where the reference page says so and Microsoft's own starter pack
//! agrees (the OAuth2 page once called `end_session_endpoint` required,
//! which the starter pack's Facebook profile does without; a self-asserted
//! page in a `CombinedSignInAndSignUp` step takes the step's content
//! definition). Values are
//! [`ValueKind::OneOf`] only where the page lists every value.

use crate::providers::{ProtocolName, TokenFormat};

/// What a metadata item's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `true` or `false` (B2C reads them without regard to case). `ief
    /// check` also accepts `0` and `1`: Microsoft's starter pack writes
    /// `0` for `UsePolicyInRedirectUri`.
    Bool,
    /// A whole number.
    Int,
    /// Free text: a message, a URL, a scope list, an id of something
    /// outside the policy set.
    Text,
    /// One of the listed values, spelt exactly.
    OneOf(&'static [&'static str]),
    /// A GUID (`8-4-4-4-12` hexadecimal digits): an application or object
    /// id that Microsoft Entra ID gives.
    Guid,
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
    /// The `OutputTokenFormat` of a token issuer (`JWT`, `SAML2`,
    /// `OAuth2Error`): what tells the issuers apart, since B2C's pages
    /// disagree on their protocol (see [`of_profile`]). Set exactly when
    /// `token_issuer` is.
    pub output_token_format: Option<TokenFormat>,
    /// The documented metadata keys of this kind, besides the [`COMMON`]
    /// ones.
    pub keys: &'static [MetadataKey],
}

impl ProfileKind {
    /// The documented key spelt exactly `key`: one of the kind's own, or
    /// one of the [`COMMON`] keys every kind takes.
    pub fn key(&self, key: &str) -> Option<&'static MetadataKey> {
        self.all_keys().find(|k| k.key == key)
    }

    /// Every key a profile of this kind may set: its own, then the
    /// [`COMMON`] ones.
    pub fn all_keys(&self) -> impl Iterator<Item = &'static MetadataKey> + Clone {
        self.keys.iter().chain(COMMON.iter())
    }
}

/// Whether `s` is a GUID: `8-4-4-4-12` hexadecimal digits, either case,
/// without braces (what [`ValueKind::Guid`] takes).
pub fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
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

/// A key whose value is a GUID.
const fn guid(key: &'static str) -> MetadataKey {
    MetadataKey {
        key,
        value: ValueKind::Guid,
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

/// `ResolveJsonPathsInJsonTokens` (REST and OAuth2).
const JSON_PATHS: MetadataKey = flag("ResolveJsonPathsInJsonTokens");

/// The keys every kind takes: the conditions of `EnabledForUserJourneys`
/// (`OnClaimsExistence`, `OnItemExistenceInStringCollectionClaim`,
/// `OnItemAbsenceInStringCollectionClaim`), documented on the
/// technical-profiles overview page rather than on a kind's page.
pub static COMMON: &[MetadataKey] = &[
    id("ClaimTypeOnWhichToEnable", ValueKind::Claim),
    text("ClaimValueOnWhichToEnable"),
];

/// `response_mode` of the OpenID Connect and OAuth2 pages.
const RESPONSE_MODES: &[&str] = &["query", "form_post", "fragment"];

/// `HttpBinding` of the OpenID Connect and OAuth2 pages.
const HTTP_BINDINGS: &[&str] = &["GET", "POST"];

/// `token_endpoint_auth_method` of the OpenID Connect and OAuth2 pages.
const TOKEN_AUTH_METHODS: &[&str] = &[
    "client_secret_post",
    "client_secret_basic",
    "private_key_jwt",
];

/// `XmlSignatureAlgorithm` of the SAML pages.
const SIGNATURE_ALGORITHMS: &[&str] = &["Sha256", "Sha384", "Sha512", "Sha1"];

/// Every kind, in the order of the documentation's technical-profile pages
/// (the kinds without a page of their own after them).
pub static KINDS: &[ProfileKind] = &[
    ProfileKind {
        name: "self_asserted",
        summary: "a page that asks the user for claims",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.SelfAssertedAttributeProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            // The page marks it required, but a profile that a
            // `CombinedSignInAndSignUp` step runs takes the step's content
            // definition, and the starter pack's phone sign-in pages set
            // none: not required here.
            id("ContentDefinitionReferenceId", ValueKind::ContentDefinition),
            one_of("setting.operatingMode", &["Username", "Email"]),
            flag("AllowGenerationOfClaimsWithNullValues"),
            flag("EnforceEmailVerification"),
            int("setting.retryLimit"),
            id("SignUpTarget", ValueKind::Exchange),
            flag("setting.showCancelButton"),
            flag("setting.showContinueButton"),
            flag("setting.showSignupLink"),
            one_of(
                "setting.forgotPasswordLinkLocation",
                &["AfterLabel", "AfterInput", "AfterButtons", "None"],
            ),
            flag("setting.enableRememberMe"),
            int("setting.inputVerificationDelayTimeInMilliseconds"),
            RESOLVING,
            id("setting.forgotPasswordLinkOverride", ValueKind::Exchange),
            // The CAPTCHA how-to and the phone-factor page.
            flag("setting.enableCaptchaChallenge"),
            // The page's own example.
            text("IpAddressClaimReferenceId"),
            text("language.button_continue"),
            // Messages of the claims transformations a validation profile
            // runs (the boolean, string, phone-number and date pages).
            text("UserMessageIfClaimsTransformationBooleanValueIsNotEqual"),
            text("UserMessageIfClaimsTransformationStringsAreNotEqual"),
            text("UserMessageIfClaimsTransformationInvalidPhoneNumber"),
            text("DateTimeGreaterThan"),
            // Messages the one-time password, Microsoft Entra MFA and SSPR
            // pages say to set on the self-asserted profile.
            text("UserMessageIfSessionDoesNotExist"),
            text("UserMessageIfMaxRetryAttempted"),
            text("UserMessageIfMaxNumberOfCodeGenerated"),
            text("UserMessageIfInvalidCode"),
            text("UserMessageIfVerificationFailedRetryAllowed"),
            text("UserMessageIfVerificationFailedNoRetry"),
            text("UserMessageIfSessionConflict"),
            text("UserMessageIfChallengeExpired"),
            text("UserMessageIfInternalError"),
            text("UserMessageIfCouldntSendSms"),
            text("UserMessageIfInvalidFormat"),
            text("UserMessageIfServerError"),
            text("UserMessageIfThrottled"),
            text("UserMessageIfMaxAllowedCodeRetryReached"),
            text("UserMessageIfWrongCodeEntered"),
            // Seen in the corpus (FACTS.md §5), no reference page.
            text("LocalAccountProfile"),
            // The starter pack's phone-number-passwordless scenario; no
            // reference page.
            text("ClaimsProviderSelectionDisplayType"),
        ],
    },
    ProfileKind {
        name: "aad",
        summary: "reads or writes the Azure AD directory",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.AzureActiveDirectoryProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(one_of(
                "Operation",
                &["Read", "Write", "DeleteClaims", "DeleteClaimsPrincipal"],
            )),
            flag("RaiseErrorIfClaimsPrincipalDoesNotExist"),
            flag("RaiseErrorIfClaimsPrincipalAlreadyExists"),
            text("UserMessageIfClaimsPrincipalDoesNotExist"),
            text("UserMessageIfClaimsPrincipalAlreadyExists"),
            guid("ApplicationObjectId"),
            guid("ClientId"),
            RESOLVING,
            // Seen in the corpus (FACTS.md §5), no reference page.
            text("api-version"),
        ],
    },
    ProfileKind {
        name: "claims_transformation",
        summary: "runs claims transformations as a step",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.ClaimsTransformationProtocolProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            RESOLVING,
            // For the transformations that read localized strings.
            id("ContentDefinitionReferenceId", ValueKind::ContentDefinition),
        ],
    },
    ProfileKind {
        name: "rest",
        summary: "calls a REST API",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.RestfulProvider"),
        token_issuer: false,
        output_token_format: None,
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
            flag("AllowInsecureAuthInProduction"),
            one_of(
                "SendClaimsIn",
                &["Body", "Form", "Header", "Url", "QueryString"],
            ),
            // The page says it is not used; it lists no values.
            text("ClaimsFormat"),
            id("ClaimUsedForRequestPayload", ValueKind::Claim),
            flag("DebugMode"),
            RESOLVING,
            JSON_PATHS,
            id("UseClaimAsBearerToken", ValueKind::Claim),
            text("DefaultUserMessageIfRequestFailed"),
            text("UserMessageIfCircuitOpen"),
            text("UserMessageIfDnsResolutionFailed"),
            text("UserMessageIfRequestTimeout"),
            // Seen in the corpus (FACTS.md §5), no reference page.
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
        output_token_format: None,
        keys: &[],
    },
    ProfileKind {
        name: "session_noop",
        summary: "a session manager that keeps nothing",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.NoopSSOSessionProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[],
    },
    ProfileKind {
        name: "session_external",
        summary: "a session manager for external identity providers",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.ExternalLoginSSOSessionProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[flag("AlwaysFetchClaimsFromProvider")],
    },
    ProfileKind {
        name: "session_oauth",
        summary: "a session manager for OAuth 2.0 and OpenID Connect applications",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.OAuthSSOSessionProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[],
    },
    ProfileKind {
        name: "session_saml",
        summary: "a session manager for SAML applications and identity providers",
        protocol: ProtocolName::Proprietary,
        handler: Some("SSO.SamlSSOSessionProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            flag("IncludeSessionIndex"),
            flag("RegisterServiceProviders"),
        ],
    },
    ProfileKind {
        name: "otp",
        summary: "makes and checks one-time codes",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.OneTimePasswordProtocolProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(one_of("Operation", &["GenerateCode", "VerifyCode"])),
            int("CodeExpirationInSeconds"),
            int("CodeLength"),
            text("CharacterSet"),
            int("NumRetryAttempts"),
            int("NumCodeGenerationAttempts"),
            flag("ReuseSameCode"),
            text("UserMessageIfSessionDoesNotExist"),
            text("UserMessageIfMaxRetryAttempted"),
            text("UserMessageIfMaxNumberOfCodeGenerated"),
            text("UserMessageIfInvalidCode"),
            text("UserMessageIfVerificationFailedRetryAllowed"),
            text("UserMessageIfSessionConflict"),
            // An earlier version of Microsoft's custom email how-tos; seen
            // in the corpus (FACTS.md §5).
            int("MaxNumAttempts"),
            text("UserMessage.VerificationHasExpired"),
            text("UserMessage.MaxRetryAttemped"),
            text("UserMessage.InvalidCode"),
            text("UserMessage.ServerError"),
        ],
    },
    ProfileKind {
        name: "mfa",
        summary: "sends and checks codes through Microsoft Entra multifactor authentication",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.AzureMfaProtocolProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(one_of(
                "Operation",
                &[
                    "OneWaySMS",
                    "Verify",
                    "GetAvailableDevices",
                    "BeginVerifyOTP",
                    "VerifyOTP",
                ],
            )),
            text("UserMessageIfCouldntSendSms"),
            text("UserMessageIfInvalidFormat"),
            text("UserMessageIfServerError"),
            text("UserMessageIfThrottled"),
            text("UserMessageIfMaxAllowedCodeRetryReached"),
            text("UserMessageIfWrongCodeEntered"),
        ],
    },
    ProfileKind {
        name: "phone_factor",
        summary: "a page that enrolls or verifies a phone number",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.PhoneFactorProtocolProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(id(
                "ContentDefinitionReferenceId",
                ValueKind::ContentDefinition,
            )),
            flag("ManualPhoneNumberEntryAllowed"),
            one_of("setting.authenticationMode", &["sms", "phone", "mixed"]),
            flag("setting.autodial"),
            flag("setting.autosubmit"),
            flag("setting.enableCaptchaChallenge"),
        ],
    },
    ProfileKind {
        name: "sspr",
        summary: "sends and checks email codes through Microsoft Entra SSPR",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.AadSsprProtocolProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(one_of("Operation", &["SendCode", "VerifyCode"])),
            text("UserMessageIfInternalError"),
            text("UserMessageIfThrottled"),
            text("UserMessageIfChallengeExpired"),
            text("UserMessageIfVerificationFailedNoRetry"),
            text("UserMessageIfVerificationFailedRetryAllowed"),
            // Seen in the corpus (FACTS.md §5), no reference page.
            flag("allowTestEmailAddressPassThrough"),
        ],
    },
    ProfileKind {
        name: "app_insights",
        summary: "sends events to Application Insights",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.Insights.AzureApplicationInsightsProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(text("InstrumentationKey")),
            flag("DeveloperMode"),
            flag("DisableTelemetry"),
            RESOLVING,
            // With a trailing space, as Microsoft's Application Insights
            // how-to writes it and the corpus copies it (FACTS.md §5).
            flag("DisableTelemetry "),
        ],
    },
    ProfileKind {
        name: "conditional_access",
        summary: "evaluates or remediates Conditional Access",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.ConditionalAccessProtocolProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[required(one_of(
            "OperationType",
            &["Evaluation", "Remediation"],
        ))],
    },
    ProfileKind {
        name: "captcha",
        summary: "makes and checks CAPTCHA challenges",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.CaptchaProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(one_of("Operation", &["GetChallenge", "VerifyChallenge"])),
            required(one_of("Brand", &["HIP"])),
        ],
    },
    ProfileKind {
        name: "journey_context",
        summary: "reads the context of the journey (IP address, …)",
        protocol: ProtocolName::Proprietary,
        handler: Some("Providers.UserJourneyContextProvider"),
        token_issuer: false,
        output_token_format: None,
        keys: &[],
    },
    ProfileKind {
        name: "oidc",
        summary: "an OpenID Connect identity provider",
        protocol: ProtocolName::OpenIdConnect,
        handler: None,
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(text("client_id")),
            text("IdTokenAudience"),
            required(text("METADATA")),
            text("authorization_endpoint"),
            text("end_session_endpoint"),
            text("issuer"),
            text("ProviderName"),
            // The page lists `id_token`, `code` and `token`; OpenID Connect
            // also combines them (`code id_token`), so not an enumeration.
            text("response_types"),
            one_of("response_mode", RESPONSE_MODES),
            text("scope"),
            one_of("HttpBinding", HTTP_BINDINGS),
            text("ValidTokenIssuerPrefixes"),
            flag("UsePolicyInRedirectUri"),
            flag("MarkAsFailureOnStatusCode5xx"),
            flag("DiscoverMetadataByTokenIssuer"),
            RESOLVING,
            one_of("token_endpoint_auth_method", TOKEN_AUTH_METHODS),
            text("token_signing_algorithm"),
            flag("SingleLogoutEnabled"),
            flag("ReadBodyClaimsOnIdpRedirect"),
            text("UserMessageIfClaimsPrincipalDoesNotExist"),
            text("UserMessageIfInvalidPassword"),
            text("UserMessageIfOldPasswordUsed"),
            // The string id of the sign-in error message, which the starter
            // pack's phone-number-passwordless scenario also sets here.
            text("DefaultMessage"),
            // Seen in the corpus (FACTS.md §5), no reference page.
            text("grant_type"),
        ],
    },
    ProfileKind {
        name: "oauth2",
        summary: "an OAuth 2.0 identity provider",
        protocol: ProtocolName::OAuth2,
        handler: None,
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(text("client_id")),
            text("IdTokenAudience"),
            required(text("authorization_endpoint")),
            required(text("AccessTokenEndpoint")),
            required(text("ClaimsEndpoint")),
            text("end_session_endpoint"),
            text("AccessTokenResponseFormat"),
            text("AdditionalRequestQueryParameters"),
            text("ClaimsEndpointAccessTokenName"),
            text("ClaimsEndpointFormatName"),
            text("ClaimsEndpointFormat"),
            // The page names `AuthorizationHeader` and a query-string
            // default without its spelling: not an enumeration.
            text("BearerTokenTransmissionMethod"),
            text("ProviderName"),
            one_of("response_mode", RESPONSE_MODES),
            text("scope"),
            one_of("HttpBinding", HTTP_BINDINGS),
            text("ResponseErrorCodeParamName"),
            text("ExtraParamsInAccessTokenEndpointResponse"),
            text("ExtraParamsInClaimsEndpointRequest"),
            RESOLVING,
            JSON_PATHS,
            one_of("token_endpoint_auth_method", TOKEN_AUTH_METHODS),
            text("token_signing_algorithm"),
            flag("SingleLogoutEnabled"),
            flag("UsePolicyInRedirectUri"),
            // The LinkedIn how-to and the starter pack's LinkedIn scenario.
            text("external_user_identity_claim_id"),
            // Seen in the corpus (FACTS.md §5), no reference page.
            text("ClaimsResponseFormat"),
        ],
    },
    ProfileKind {
        name: "oauth1",
        summary: "an OAuth 1.0 identity provider",
        protocol: ProtocolName::OAuth1,
        handler: None,
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(text("client_id")),
            text("ProviderName"),
            required(text("request_token_endpoint")),
            required(text("authorization_endpoint")),
            required(text("access_token_endpoint")),
            text("ClaimsEndpoint"),
            text("ClaimsResponseFormat"),
        ],
    },
    ProfileKind {
        name: "saml",
        summary: "a SAML 2.0 identity provider",
        protocol: ProtocolName::Saml2,
        handler: None,
        token_issuer: false,
        output_token_format: None,
        keys: &[
            required(text("PartnerEntity")),
            flag("WantsSignedRequests"),
            one_of("XmlSignatureAlgorithm", SIGNATURE_ALGORITHMS),
            flag("WantsSignedAssertions"),
            flag("ResponsesSigned"),
            flag("WantsEncryptedAssertions"),
            text("NameIdPolicyFormat"),
            flag("NameIdPolicyAllowCreate"),
            text("AuthenticationRequestExtensions"),
            text("IncludeAuthnContextClassReferences"),
            flag("IncludeKeyInfo"),
            RESOLVING,
            flag("SingleLogoutEnabled"),
            flag("ForceAuthN"),
            text("ProviderName"),
            // Microsoft's earlier ADFS and Salesforce how-tos (and samples
            // built on them) write this; the reference page names the
            // setting `WantsSignedRequests`.
            flag("RequestsSigned"),
        ],
    },
    ProfileKind {
        name: "jwt_issuer",
        summary: "issues a JWT to the relying party",
        protocol: ProtocolName::OpenIdConnect,
        handler: None,
        token_issuer: true,
        output_token_format: Some(TokenFormat::Jwt),
        keys: &[
            required(id(
                "issuer_refresh_token_user_identity_claim_type",
                ValueKind::Claim,
            )),
            flag("SendTokenResponseBodyWithJsonNumbers"),
            int("token_lifetime_secs"),
            int("id_token_lifetime_secs"),
            int("refresh_token_lifetime_secs"),
            int("rolling_refresh_token_lifetime_secs"),
            flag("allow_infinite_rolling_refresh_token"),
            one_of(
                "IssuanceClaimPattern",
                &["AuthorityAndTenantGuid", "AuthorityWithTfp"],
            ),
            one_of(
                "AuthenticationContextReferenceClaimPattern",
                &["None", "PolicyId"],
            ),
            text("RefreshTokenUserJourneyId"),
            // The client credentials how-to.
            text("ClientCredentialsUserJourneyId"),
            // The starter pack's `JwtIssuer` (`{service:te}`); no reference
            // page.
            text("client_id"),
        ],
    },
    ProfileKind {
        name: "saml_issuer",
        summary: "issues a SAML assertion to the relying party",
        protocol: ProtocolName::Saml2,
        handler: None,
        token_issuer: true,
        output_token_format: Some(TokenFormat::Saml2),
        keys: &[
            text("IssuerUri"),
            one_of("XmlSignatureAlgorithm", SIGNATURE_ALGORITHMS),
            int("TokenNotBeforeSkewInSeconds"),
            // "Options for registering a SAML application".
            int("TokenLifeTimeInSeconds"),
            flag("RemoveMillisecondsFromDateTime"),
        ],
    },
    ProfileKind {
        name: "oauth2_error",
        summary: "returns an OAuth 2.0 error to the relying party",
        protocol: ProtocolName::OAuth2,
        handler: None,
        token_issuer: true,
        output_token_format: Some(TokenFormat::OAuth2Error),
        keys: &[],
    },
    ProfileKind {
        name: "id_token_hint",
        summary: "reads the claims of an id_token_hint",
        protocol: ProtocolName::None,
        handler: None,
        token_issuer: false,
        output_token_format: None,
        keys: &[
            // Required with a symmetric key; with an asymmetric one,
            // `METADATA` is, and these two are optional.
            text("issuer"),
            text("IdTokenAudience"),
            text("METADATA"),
        ],
    },
    ProfileKind {
        name: "none",
        summary: "a profile of protocol `None`: the policy engine's defaults, refresh-token checks",
        protocol: ProtocolName::None,
        handler: None,
        token_issuer: false,
        output_token_format: None,
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
/// any) and `OutputTokenFormat` (if any); `None` where the three do not
/// tell the kind.
///
/// - A profile with an `OutputTokenFormat` is a token issuer (the checker
///   passes the format only when the metadata names no partner to
///   federate with: an identity provider may write one beside its
///   `METADATA`), and its format alone names the issuer kind: B2C's own pages disagree on an
///   issuer's protocol (the SAML issuer page says `None` and shows
///   `SAML2`; the OAuth2 error page says `OAuth2`, published samples write
///   `None`). A format no kind has (`JSON`, …) is no kind.
/// - `Protocol Name="None"` without a format is not told apart: the
///   id_token_hint profile, the engine's default profile
///   (`TpEngine_c3bd4fe2-…`) and helpers of token issuers all look so.
/// - `Proprietary` is told by its handler (the part after `Web.TPEngine.`
///   and before the assembly name, ignoring case); an unknown handler is
///   no kind.
pub fn of_profile(
    protocol: ProtocolName,
    handler: Option<&str>,
    output_token_format: Option<TokenFormat>,
) -> Option<&'static ProfileKind> {
    if let Some(format) = output_token_format {
        return KINDS.iter().find(|k| k.output_token_format == Some(format));
    }
    if protocol == ProtocolName::None {
        return None;
    }
    let short = handler.map(|h| {
        let h = h.trim();
        let h = h.strip_prefix("Web.TPEngine.").unwrap_or(h);
        h.split(',').next().unwrap_or(h).trim()
    });
    KINDS.iter().find(|k| {
        k.protocol == protocol
            && !k.token_issuer
            && match (k.handler, short) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => true,
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
            // Its own keys and the common ones together: a key listed twice
            // would leave `key()` to pick one of two value kinds.
            let mut keys: Vec<&str> = kind.all_keys().map(|k| k.key).collect();
            let all = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), all, "{}", kind.name);
        }
    }

    #[test]
    fn every_kind_is_found_again_from_what_a_profile_of_it_writes() {
        for kind in KINDS {
            let handler = kind.handler.map(|h| {
                format!("Web.TPEngine.{h}, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null")
            });
            let found = of_profile(kind.protocol, handler.as_deref(), kind.output_token_format);
            if kind.protocol == ProtocolName::None && kind.output_token_format.is_none() {
                // Protocol `None` without a format is not told apart
                // (`id_token_hint`, and `none`, `define!`'s kind for the
                // engine's own profiles).
                assert!(found.is_none());
            } else {
                assert_eq!(found.map(|k| k.name), Some(kind.name));
            }
        }
    }

    #[test]
    fn the_handler_constants_find_their_kinds() {
        use crate::providers::handlers;
        for (handler, name) in [
            (handlers::RESTFUL, "rest"),
            (handlers::SELF_ASSERTED, "self_asserted"),
            (handlers::AZURE_ACTIVE_DIRECTORY, "aad"),
            (handlers::CLAIMS_TRANSFORMATION, "claims_transformation"),
            (handlers::DEFAULT_SSO_SESSION, "session_default"),
            (handlers::NOOP_SSO_SESSION, "session_noop"),
            (handlers::EXTERNAL_LOGIN_SSO_SESSION, "session_external"),
            (handlers::OAUTH_SSO_SESSION, "session_oauth"),
            (handlers::SAML_SSO_SESSION, "session_saml"),
            (handlers::ONE_TIME_PASSWORD, "otp"),
            (handlers::AZURE_MFA, "mfa"),
            (handlers::PHONE_FACTOR, "phone_factor"),
            (handlers::AAD_SSPR, "sspr"),
            (handlers::APPLICATION_INSIGHTS, "app_insights"),
            (handlers::USER_JOURNEY_CONTEXT, "journey_context"),
            (handlers::CONDITIONAL_ACCESS, "conditional_access"),
        ] {
            let kind = of_profile(ProtocolName::Proprietary, Some(handler), None);
            assert_eq!(kind.map(|k| k.name), Some(name), "{handler}");
        }
    }

    #[test]
    fn issuers_are_told_by_their_format_and_identity_providers_by_protocol() {
        let jwt = of_profile(ProtocolName::OpenIdConnect, None, Some(TokenFormat::Jwt));
        assert_eq!(jwt.map(|k| k.name), Some("jwt_issuer"));
        // The SAML issuer page's text says `None`, its example `SAML2`.
        for protocol in [ProtocolName::None, ProtocolName::Saml2] {
            let saml = of_profile(protocol, None, Some(TokenFormat::Saml2));
            assert_eq!(saml.map(|k| k.name), Some("saml_issuer"));
        }
        let error = of_profile(ProtocolName::None, None, Some(TokenFormat::OAuth2Error));
        assert_eq!(error.map(|k| k.name), Some("oauth2_error"));
        assert!(of_profile(ProtocolName::None, None, Some(TokenFormat::Json)).is_none());
        let idp = of_profile(ProtocolName::OpenIdConnect, None, None);
        assert_eq!(idp.map(|k| k.name), Some("oidc"));
        let saml = of_profile(ProtocolName::Saml2, None, None);
        assert_eq!(saml.map(|k| k.name), Some("saml"));
        assert!(of_profile(ProtocolName::None, None, None).is_none());
        assert!(of_profile(ProtocolName::WsFed, None, None).is_none());
        let unknown = of_profile(
            ProtocolName::Proprietary,
            Some("Web.TPEngine.Providers.SomethingNewProvider, Web.TPEngine"),
            None,
        );
        assert!(unknown.is_none());
        assert!(of_profile(ProtocolName::Proprietary, None, None).is_none());
    }

    #[test]
    fn an_issuer_has_a_format_exactly_when_it_is_an_issuer() {
        for kind in KINDS {
            assert_eq!(
                kind.token_issuer,
                kind.output_token_format.is_some(),
                "{}",
                kind.name
            );
            assert_eq!(
                kind.handler.is_some(),
                kind.protocol == ProtocolName::Proprietary,
                "{}",
                kind.name
            );
        }
    }

    #[test]
    fn the_common_keys_are_found_on_every_kind_and_trailing_spaces_are_exact() {
        for kind in KINDS {
            assert!(
                kind.key("ClaimTypeOnWhichToEnable").is_some(),
                "{}",
                kind.name
            );
        }
        let insights = by_name("app_insights").expect("app_insights");
        assert!(insights.key("DisableTelemetry ").is_some());
        assert!(insights.key("DisableTelemetry").is_some());
        assert!(insights.key("DisableTelemetry  ").is_none());
        let rest = by_name("rest").expect("rest");
        assert!(rest.key("serviceurl").is_none());
    }
}
