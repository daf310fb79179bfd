//! Claims providers and technical profiles (`ClaimsProviders`).

use derive_where::derive_where;
use ief_derive::XmlElement;
use typed_builder::TypedBuilder;

use crate::journeys::Precondition;
use crate::refs::{AnyPolicy, ClaimRef, DisplayControlRef, ProfileRef, Sees, TransformRef};
use crate::xml::{xml_enum, RawXml};

xml_enum! {
    /// `ProtocolName`: `Protocol/@Name`.
    pub enum ProtocolName {
        /// No protocol of its own (token issuers' helpers, `id_token_hint`).
        None = "None",
        /// OAuth 1.0.
        OAuth1 = "OAuth1",
        /// OAuth 2.0.
        OAuth2 = "OAuth2",
        /// SAML 2.0.
        Saml2 = "SAML2",
        /// OpenID Connect.
        OpenIdConnect = "OpenIdConnect",
        /// WS-Federation.
        WsFed = "WsFed",
        /// WS-Trust.
        WsTrust = "WsTrust",
        /// U-Prove 1.1.
        UProve11 = "UProve11",
        /// A B2C built-in provider, named by `@Handler`.
        Proprietary = "Proprietary",
    }
}

xml_enum! {
    /// `TokenFormat`: `InputTokenFormat` and `OutputTokenFormat`.
    pub enum TokenFormat {
        /// JSON.
        Json = "JSON",
        /// JSON Web Token.
        Jwt = "JWT",
        /// SAML 1.1.
        Saml11 = "SAML11",
        /// SAML 2.0.
        Saml2 = "SAML2",
        /// Unsigned CPIM token.
        CpimUnsigned = "CpimUnsigned",
        /// U-Prove 1.1.
        UProve11 = "UProve11",
        /// OAuth 2.0 error response.
        OAuth2Error = "OAuth2Error",
    }
}

xml_enum! {
    /// `EnabledForUserJourneysValues`.
    pub enum EnabledForUserJourneys {
        /// `true`
        True = "true",
        /// `false`
        False = "false",
        /// Only when the claims it needs exist.
        OnClaimsExistence = "OnClaimsExistence",
        /// Always run.
        Always = "Always",
        /// Never run.
        Never = "Never",
        /// When an item is in a string-collection claim.
        OnItemExistenceInStringCollectionClaim = "OnItemExistenceInStringCollectionClaim",
        /// When an item is not in a string-collection claim.
        OnItemAbsenceInStringCollectionClaim = "OnItemAbsenceInStringCollectionClaim",
    }
}

xml_enum! {
    /// `ErrorHandlingAction`.
    pub enum ErrorHandlingAction {
        /// Ask the user to sign in again.
        Reauthenticate = "Reauthenticate",
        /// Report an invalid client.
        InvalidClient = "InvalidClient",
    }
}

xml_enum! {
    /// `ErrorResponseFormat`.
    pub enum ErrorResponseFormat {
        /// JSON.
        Json = "json",
    }
}

/// The built-in protocol handlers of B2C (`Protocol/@Handler` when
/// `@Name="Proprietary"`), spelled in full as B2C expects them.
pub mod handlers {
    macro_rules! handlers {
        ($($(#[$m:meta])* $name:ident = $short:literal;)+) => {$(
            $(#[$m])*
            pub const $name: &str = concat!(
                "Web.TPEngine.", $short,
                ", Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"
            );
        )+};
    }
    handlers! {
        /// Self-asserted pages (sign-up forms, sign-in forms, profile edit).
        SELF_ASSERTED = "Providers.SelfAssertedAttributeProvider";
        /// Reads and writes the Azure AD directory.
        AZURE_ACTIVE_DIRECTORY = "Providers.AzureActiveDirectoryProvider";
        /// Runs claims transformations as a step.
        CLAIMS_TRANSFORMATION = "Providers.ClaimsTransformationProtocolProvider";
        /// Calls a REST API.
        RESTFUL = "Providers.RestfulProvider";
        /// Session manager that stores claims.
        DEFAULT_SSO_SESSION = "SSO.DefaultSSOSessionProvider";
        /// Session manager that stores nothing.
        NOOP_SSO_SESSION = "SSO.NoopSSOSessionProvider";
        /// Session manager for external identity providers.
        EXTERNAL_LOGIN_SSO_SESSION = "SSO.ExternalLoginSSOSessionProvider";
        /// Session manager for OAuth/OIDC token issuance.
        OAUTH_SSO_SESSION = "SSO.OAuthSSOSessionProvider";
        /// Session manager for SAML token issuance.
        SAML_SSO_SESSION = "SSO.SamlSSOSessionProvider";
        /// One-time passwords.
        ONE_TIME_PASSWORD = "Providers.OneTimePasswordProtocolProvider";
        /// Azure AD MFA (SMS).
        AZURE_MFA = "Providers.AzureMfaProtocolProvider";
        /// Phone factor verification pages.
        PHONE_FACTOR = "Providers.PhoneFactorProtocolProvider";
        /// Email verification through Azure AD SSPR.
        AAD_SSPR = "Providers.AadSsprProtocolProvider";
        /// Application Insights events.
        APPLICATION_INSIGHTS = "Providers.Insights.AzureApplicationInsightsProvider";
        /// Journey context (IP address, …).
        USER_JOURNEY_CONTEXT = "Providers.UserJourneyContextProvider";
        /// Conditional Access.
        CONDITIONAL_ACCESS = "Providers.ConditionalAccessProtocolProvider";
    }
}

/// `ClaimsProvider`: a group of technical profiles, usually one identity
/// provider or service.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(field_defaults(default, setter(into)))]
pub struct ClaimsProvider<P = AnyPolicy> {
    /// `Domains/Domain`.
    #[xml(leaf = "Domain", wrap = "Domains")]
    pub domains: Vec<String>,
    /// `Domain`, e.g. `facebook.com`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "Domain")]
    pub domain: Option<String>,
    /// `DisplayName`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "DisplayName")]
    pub display_name: Option<String>,
    /// `TechnicalProfiles/TechnicalProfile` (the wrapper is always written).
    #[builder(setter(!into))]
    #[xml(elem = "TechnicalProfile", wrap = "TechnicalProfiles", wrap_required)]
    pub technical_profiles: Vec<TechnicalProfile<P>>,
}

/// `TechnicalProfile`: how B2C talks to one party or runs one built-in
/// function. A child policy may declare a profile partially (same `@Id`) to
/// override or extend its base's.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder), field_defaults(default, setter(into)))]
pub struct TechnicalProfile<P = AnyPolicy> {
    /// `@Id`.
    #[builder(!default, setter(!into))]
    #[xml(attr = "Id")]
    pub id: ProfileRef<P>,
    /// `Domains/Domain`.
    #[xml(leaf = "Domain", wrap = "Domains")]
    pub domains: Vec<String>,
    /// `Domain`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "Domain")]
    pub domain: Option<String>,
    /// `DisplayName`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "DisplayName")]
    pub display_name: Option<String>,
    /// `Description`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "Description")]
    pub description: Option<String>,
    /// `Protocol`.
    #[builder(setter(strip_option))]
    #[xml(elem = "Protocol")]
    pub protocol: Option<Protocol>,
    /// `InputTokenFormat`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "InputTokenFormat")]
    pub input_token_format: Option<TokenFormat>,
    /// `OutputTokenFormat`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "OutputTokenFormat")]
    pub output_token_format: Option<TokenFormat>,
    /// `AssuranceLevelOfOutputClaims`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "AssuranceLevelOfOutputClaims")]
    pub assurance_level_of_output_claims: Option<String>,
    /// `RequiredAssuranceLevelsOfInputClaims/RequiredAssuranceLevelOfInputClaims`.
    #[xml(
        leaf = "RequiredAssuranceLevelOfInputClaims",
        wrap = "RequiredAssuranceLevelsOfInputClaims"
    )]
    pub required_assurance_levels_of_input_claims: Vec<String>,
    /// `SubjectAuthenticationRequirements`.
    #[builder(setter(strip_option))]
    #[xml(elem = "SubjectAuthenticationRequirements")]
    pub subject_authentication_requirements: Option<SubjectAuthenticationRequirements>,
    /// `Metadata/Item`.
    #[xml(elem = "Item", wrap = "Metadata")]
    pub metadata: Vec<MetadataItem>,
    /// `CryptographicKeys/Key`.
    #[xml(elem = "Key", wrap = "CryptographicKeys")]
    pub cryptographic_keys: Vec<CryptographicKey>,
    /// `Suppressions/Item`.
    #[xml(elem = "Item", wrap = "Suppressions")]
    pub suppressions: Vec<SuppressionItem>,
    /// `PreferredBinding`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "PreferredBinding")]
    pub preferred_binding: Option<String>,
    /// `IncludeInSso`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "IncludeInSso")]
    pub include_in_sso: Option<bool>,
    /// `InputTokenSources/TechnicalProfile`.
    #[builder(setter(!into))]
    #[xml(elem = "TechnicalProfile", wrap = "InputTokenSources")]
    pub input_token_sources: Vec<InputTokenSource<P>>,
    /// `InputClaimsTransformations/InputClaimsTransformation`.
    #[xml(
        elem = "InputClaimsTransformation",
        wrap = "InputClaimsTransformations",
        repeatable
    )]
    pub input_claims_transformations: Vec<TransformReference<P>>,
    /// `InputClaims/InputClaim`.
    #[builder(setter(!into))]
    #[xml(elem = "InputClaim", wrap = "InputClaims")]
    pub input_claims: Vec<ProfileClaim<P>>,
    /// `DisplayClaims/DisplayClaim`.
    #[builder(setter(!into))]
    #[xml(elem = "DisplayClaim", wrap = "DisplayClaims")]
    pub display_claims: Vec<DisplayClaim<P>>,
    /// `PersistedClaims/PersistedClaim`.
    #[builder(setter(!into))]
    #[xml(elem = "PersistedClaim", wrap = "PersistedClaims")]
    pub persisted_claims: Vec<PersistedClaim<P>>,
    /// `OutputClaims/OutputClaim`.
    #[builder(setter(!into))]
    #[xml(elem = "OutputClaim", wrap = "OutputClaims")]
    pub output_claims: Vec<ProfileClaim<P>>,
    /// `OutputClaimsTransformations/OutputClaimsTransformation`.
    #[xml(
        elem = "OutputClaimsTransformation",
        wrap = "OutputClaimsTransformations",
        repeatable
    )]
    pub output_claims_transformations: Vec<TransformReference<P>>,
    /// `ValidationTechnicalProfiles/ValidationTechnicalProfile`.
    #[xml(
        elem = "ValidationTechnicalProfile",
        wrap = "ValidationTechnicalProfiles",
        repeatable
    )]
    pub validation_technical_profiles: Vec<ValidationTechnicalProfile<P>>,
    /// `SubjectNamingInfo`.
    #[builder(setter(strip_option))]
    #[xml(elem = "SubjectNamingInfo")]
    pub subject_naming_info: Option<SubjectNamingInfo>,
    /// `Extensions`: verbatim XML, kept as is.
    #[builder(setter(strip_option))]
    #[xml(elem = "Extensions")]
    pub extensions: Option<Extensions>,
    /// `IncludeClaimsFromTechnicalProfile`: a profile in the same file.
    #[builder(setter(strip_option))]
    #[xml(leaf = "IncludeClaimsFromTechnicalProfile")]
    pub include_claims_from_technical_profile: Option<ProfileRef<P>>,
    /// `IncludeTechnicalProfile/@ReferenceId`.
    #[builder(setter(strip_option))]
    #[xml(elem = "IncludeTechnicalProfile")]
    pub include_technical_profile: Option<ProfileReference<P>>,
    /// `UseTechnicalProfileForSessionManagement/@ReferenceId`.
    #[builder(setter(strip_option))]
    #[xml(elem = "UseTechnicalProfileForSessionManagement")]
    pub session_management: Option<ProfileReference<P>>,
    /// `ErrorHandlers/ErrorHandler`.
    #[xml(elem = "ErrorHandler", wrap = "ErrorHandlers")]
    pub error_handlers: Vec<ErrorHandler>,
    /// `EnabledForUserJourneys`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "EnabledForUserJourneys")]
    pub enabled_for_user_journeys: Option<EnabledForUserJourneys>,
}

definition_start!(
    TechnicalProfile,
    TechnicalProfileBuilder,
    TechnicalProfileWithId,
    ProfileRef,
    [
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        ()
    ]
);

/// `Protocol`: the protocol name and, for `Proprietary`, the handler.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct Protocol {
    /// `@Name`.
    #[xml(attr = "Name")]
    pub name: ProtocolName,
    /// `@Handler`: see [`handlers`].
    #[xml(attr = "Handler")]
    pub handler: Option<String>,
}

impl Protocol {
    /// A protocol without a handler.
    pub fn new(name: ProtocolName) -> Self {
        Protocol {
            name,
            handler: None,
        }
    }

    /// `Proprietary` with the given handler (see [`handlers`]).
    pub fn proprietary(handler: impl Into<String>) -> Self {
        Protocol {
            name: ProtocolName::Proprietary,
            handler: Some(handler.into()),
        }
    }
}

/// `Metadata/Item`: a key and its value. Keys are kept exactly, trailing
/// spaces included.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct MetadataItem {
    /// `@Key`.
    #[xml(attr = "Key")]
    pub key: String,
    /// The value.
    #[xml(text)]
    pub value: String,
}

impl MetadataItem {
    /// The item `key` = `value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        MetadataItem {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Builds a `Vec<MetadataItem>` from `key => value` pairs.
///
/// ```
/// let md = ief_dsl::metadata! { "Operation" => "Read", "api-version" => "1.0" };
/// assert_eq!(md[1].key, "api-version");
/// ```
#[macro_export]
macro_rules! metadata {
    ($($key:expr => $value:expr),* $(,)?) => {
        vec![$($crate::providers::MetadataItem::new($key, $value)),*]
    };
}

/// `CryptographicKeys/Key`: a use of a policy key container. The secret
/// itself never appears in the policy: `StorageReferenceId` names a
/// `B2C_1A_…` key container of the tenant.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct CryptographicKey {
    /// `@Id`, the role of the key (e.g. `client_secret`, `issuer_secret`).
    #[xml(attr = "Id")]
    pub id: String,
    /// `@StorageReferenceId`, the policy key container.
    #[xml(attr = "StorageReferenceId")]
    pub storage_reference_id: String,
}

impl CryptographicKey {
    /// The key `id` stored in the policy key container `storage_reference_id`.
    pub fn new(id: impl Into<String>, storage_reference_id: impl Into<String>) -> Self {
        CryptographicKey {
            id: id.into(),
            storage_reference_id: storage_reference_id.into(),
        }
    }
}

/// `Suppressions/Item`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct SuppressionItem {
    /// `@Key`.
    #[xml(attr = "Key")]
    pub key: String,
    /// `@Value`.
    #[xml(attr = "Value")]
    pub value: String,
}

/// `SubjectAuthenticationRequirements`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct SubjectAuthenticationRequirements {
    /// `@TimeToLive`.
    #[xml(attr = "TimeToLive")]
    pub time_to_live: i32,
    /// `@ResetExpiryWhenTokenIssued`.
    #[xml(attr = "ResetExpiryWhenTokenIssued")]
    pub reset_expiry_when_token_issued: Option<bool>,
}

/// `InputTokenSources/TechnicalProfile`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct InputTokenSource<P = AnyPolicy> {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: ProfileRef<P>,
}

/// A reference to a claims transformation (`@ReferenceId`), as in
/// `InputClaimsTransformation` and `OutputClaimsTransformation`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct TransformReference<P = AnyPolicy> {
    /// `@ReferenceId`.
    #[xml(attr = "ReferenceId")]
    pub reference: TransformRef<P>,
}

impl<P> TransformReference<P> {
    /// A reference to `reference`: a handle of this policy or of its base
    /// chain (`HANDLE` or `&HANDLE`).
    pub fn new(reference: impl crate::refs::IntoRef<TransformRef<P>>) -> Self {
        TransformReference {
            reference: reference.into_ref(),
        }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&TransformRef<O>> for TransformReference<P> {
    fn from(handle: &TransformRef<O>) -> Self {
        let reference: TransformRef<P> = handle.into();
        TransformReference { reference }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<TransformRef<O>> for TransformReference<P> {
    fn from(handle: TransformRef<O>) -> Self {
        (&handle).into()
    }
}

/// A reference to a technical profile (`@ReferenceId`), as in
/// `IncludeTechnicalProfile` and `UseTechnicalProfileForSessionManagement`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct ProfileReference<P = AnyPolicy> {
    /// `@ReferenceId`.
    #[xml(attr = "ReferenceId")]
    pub reference: ProfileRef<P>,
}

impl<P> ProfileReference<P> {
    /// A reference to `reference`: a handle of this policy or of its base
    /// chain (`HANDLE` or `&HANDLE`).
    pub fn new(reference: impl crate::refs::IntoRef<ProfileRef<P>>) -> Self {
        ProfileReference {
            reference: reference.into_ref(),
        }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&ProfileRef<O>> for ProfileReference<P> {
    fn from(handle: &ProfileRef<O>) -> Self {
        let reference: ProfileRef<P> = handle.into();
        ProfileReference { reference }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<ProfileRef<O>> for ProfileReference<P> {
    fn from(handle: ProfileRef<O>) -> Self {
        (&handle).into()
    }
}

/// An input or output claim of a technical profile
/// (`ClaimsSchemaClaimTypeReference`).
///
/// ```
/// use ief_dsl::providers::ProfileClaim;
/// use ief_dsl::refs::{Claim, types::Str};
/// use ief_dsl::refs::Unchecked;
/// const OBJECT_ID: Claim<Str, Unchecked> = Claim::unchecked("objectId");
/// let c: ProfileClaim = ProfileClaim::new(&OBJECT_ID).partner("sub").required();
/// assert_eq!(c.partner_claim_type.as_deref(), Some("sub"));
/// ```
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct ProfileClaim<P = AnyPolicy> {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: ClaimRef<P>,
    /// `@PartnerClaimType`: the name the other party uses.
    #[xml(attr = "PartnerClaimType")]
    pub partner_claim_type: Option<String>,
    /// `@Required`.
    #[xml(attr = "Required")]
    pub required: Option<bool>,
    /// `@DefaultValue` (may be a claim resolver such as `{OIDC:ClientId}`).
    #[xml(attr = "DefaultValue")]
    pub default_value: Option<String>,
    /// `@AlwaysUseDefaultValue`.
    #[xml(attr = "AlwaysUseDefaultValue")]
    pub always_use_default_value: Option<bool>,
    /// `From/@TechnicalProfileReferenceId`.
    #[xml(elem = "From")]
    pub from: Vec<FromProfile<P>>,
}

impl<P> ProfileClaim<P> {
    /// The claim, with no other settings.
    pub fn new(claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        ProfileClaim {
            claim: crate::refs::IntoRef::into_ref(claim),
            partner_claim_type: None,
            required: None,
            default_value: None,
            always_use_default_value: None,
            from: Vec::new(),
        }
    }

    /// Sets `@PartnerClaimType`.
    pub fn partner(mut self, partner_claim_type: impl Into<String>) -> Self {
        self.partner_claim_type = Some(partner_claim_type.into());
        self
    }

    /// Sets `@Required="true"`.
    pub fn required(mut self) -> Self {
        self.required = Some(true);
        self
    }

    /// Sets `@DefaultValue`.
    pub fn default_value(mut self, value: impl Into<String>) -> Self {
        self.default_value = Some(value.into());
        self
    }

    /// Sets `@DefaultValue` and `@AlwaysUseDefaultValue="true"`.
    pub fn always(mut self, value: impl Into<String>) -> Self {
        self.default_value = Some(value.into());
        self.always_use_default_value = Some(true);
        self
    }

    /// Sets `@DefaultValue` to the claim resolver `{Claim:…}` of `claim`, a
    /// handle this policy sees (so the resolver names a claim type of the
    /// chain), and `@AlwaysUseDefaultValue="true"`.
    pub fn always_claim(self, claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        let claim = crate::refs::IntoRef::into_ref(claim);
        let value = crate::resolvers::claim(claim.id());
        self.always(value)
    }
}

impl<T: crate::refs::ClaimDataType, O, P: crate::refs::Sees<O>> From<crate::refs::Claim<T, O>>
    for ProfileClaim<P>
{
    fn from(c: crate::refs::Claim<T, O>) -> Self {
        ProfileClaim::new(c)
    }
}

impl<T: crate::refs::ClaimDataType, O, P: crate::refs::Sees<O>> From<&crate::refs::Claim<T, O>>
    for ProfileClaim<P>
{
    fn from(c: &crate::refs::Claim<T, O>) -> Self {
        ProfileClaim::new(c)
    }
}

/// `From/@TechnicalProfileReferenceId`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct FromProfile<P = AnyPolicy> {
    /// `@TechnicalProfileReferenceId`.
    #[xml(attr = "TechnicalProfileReferenceId")]
    pub profile: ProfileRef<P>,
}

/// `DisplayClaim`: a claim or a display control shown on a self-asserted page.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct DisplayClaim<P = AnyPolicy> {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: Option<ClaimRef<P>>,
    /// `@DisplayControlReferenceId`.
    #[xml(attr = "DisplayControlReferenceId")]
    pub display_control: Option<DisplayControlRef<P>>,
    /// `@Required`.
    #[xml(attr = "Required")]
    pub required: Option<bool>,
}

impl<P> DisplayClaim<P> {
    /// Shows the claim.
    pub fn claim(claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        DisplayClaim {
            claim: Some(crate::refs::IntoRef::into_ref(claim)),
            display_control: None,
            required: None,
        }
    }

    /// Shows the display control.
    pub fn control(control: impl crate::refs::IntoRef<DisplayControlRef<P>>) -> Self {
        DisplayClaim {
            claim: None,
            display_control: Some(crate::refs::IntoRef::into_ref(control)),
            required: None,
        }
    }

    /// Sets `@Required="true"`.
    pub fn required(mut self) -> Self {
        self.required = Some(true);
        self
    }
}

/// `PersistedClaim`: a claim a directory or session profile writes.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct PersistedClaim<P = AnyPolicy> {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: ClaimRef<P>,
    /// `@PartnerClaimType`.
    #[xml(attr = "PartnerClaimType")]
    pub partner_claim_type: Option<String>,
    /// `@DefaultValue`.
    #[xml(attr = "DefaultValue")]
    pub default_value: Option<String>,
    /// `@OverwriteIfExists`.
    #[xml(attr = "OverwriteIfExists")]
    pub overwrite_if_exists: Option<bool>,
    /// `@AlwaysUseDefaultValue`.
    #[xml(attr = "AlwaysUseDefaultValue")]
    pub always_use_default_value: Option<bool>,
}

impl<P> PersistedClaim<P> {
    /// Persists the claim under its own name.
    pub fn new(claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        PersistedClaim {
            claim: crate::refs::IntoRef::into_ref(claim),
            partner_claim_type: None,
            default_value: None,
            overwrite_if_exists: None,
            always_use_default_value: None,
        }
    }

    /// Sets `@PartnerClaimType`.
    pub fn partner(mut self, partner_claim_type: impl Into<String>) -> Self {
        self.partner_claim_type = Some(partner_claim_type.into());
        self
    }

    /// Sets `@DefaultValue`.
    pub fn default_value(mut self, value: impl Into<String>) -> Self {
        self.default_value = Some(value.into());
        self
    }
}

/// `ValidationTechnicalProfile`: a profile run to validate a self-asserted
/// page's input.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct ValidationTechnicalProfile<P = AnyPolicy> {
    /// `@ReferenceId`.
    #[builder(setter(into))]
    #[xml(attr = "ReferenceId")]
    pub reference: ProfileRef<P>,
    /// `@ContinueOnSuccess`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "ContinueOnSuccess")]
    pub continue_on_success: Option<bool>,
    /// `@ContinueOnError`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "ContinueOnError")]
    pub continue_on_error: Option<bool>,
    /// `Preconditions/Precondition`.
    #[builder(default)]
    #[xml(elem = "Precondition", wrap = "Preconditions", repeatable)]
    pub preconditions: Vec<Precondition<P>>,
}

impl<P> ValidationTechnicalProfile<P> {
    /// A reference to `reference`: a handle of this policy or of its base
    /// chain (`HANDLE` or `&HANDLE`).
    pub fn new(reference: impl crate::refs::IntoRef<ProfileRef<P>>) -> Self {
        ValidationTechnicalProfile {
            reference: reference.into_ref(),
            continue_on_success: None,
            continue_on_error: None,
            preconditions: Vec::new(),
        }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&ProfileRef<O>> for ValidationTechnicalProfile<P> {
    fn from(handle: &ProfileRef<O>) -> Self {
        let reference: ProfileRef<P> = handle.into();
        ValidationTechnicalProfile {
            reference,
            continue_on_success: None,
            continue_on_error: None,
            preconditions: Vec::new(),
        }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<ProfileRef<O>> for ValidationTechnicalProfile<P> {
    fn from(handle: ProfileRef<O>) -> Self {
        (&handle).into()
    }
}

/// `SubjectNamingInfo`: which output claim names the token's subject.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct SubjectNamingInfo {
    /// `@ClaimType`: the partner claim type of an output claim, e.g. `sub`.
    #[builder(setter(into))]
    #[xml(attr = "ClaimType")]
    pub claim_type: String,
    /// `@NameQualifier`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "NameQualifier")]
    pub name_qualifier: Option<String>,
    /// `@SPNameQualifier`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "SPNameQualifier")]
    pub sp_name_qualifier: Option<String>,
    /// `@Format`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Format")]
    pub format: Option<String>,
    /// `@SPProvidedID`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "SPProvidedID")]
    pub sp_provided_id: Option<String>,
    /// `@ExcludeAsClaim`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "ExcludeAsClaim")]
    pub exclude_as_claim: Option<bool>,
}

/// `Extensions`: an open element whose content B2C does not validate.
#[derive(Debug, Clone, PartialEq, Default, XmlElement)]
pub struct Extensions {
    /// The content, verbatim.
    #[xml(raw)]
    pub content: RawXml,
}

/// `ErrorHandler`.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct ErrorHandler {
    /// `ErrorResponseFormat`.
    #[builder(default, setter(strip_option))]
    #[xml(leaf = "ErrorResponseFormat")]
    pub error_response_format: Option<ErrorResponseFormat>,
    /// `ResponseMatch`.
    #[builder(setter(into))]
    #[xml(leaf = "ResponseMatch")]
    pub response_match: String,
    /// `Action`.
    #[xml(leaf = "Action")]
    pub action: ErrorHandlingAction,
    /// `AdditionalRequestParameters`.
    #[builder(default)]
    #[xml(elem = "AdditionalRequestParameters")]
    pub additional_request_parameters: Vec<AdditionalRequestParameter>,
}

/// `AdditionalRequestParameters`: a key and its value.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct AdditionalRequestParameter {
    /// `@Key`.
    #[xml(attr = "Key")]
    pub key: String,
    /// The value.
    #[xml(text)]
    pub value: String,
}
