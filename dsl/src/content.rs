//! What users see: content definitions, client definitions, localization
//! and display controls.

use derive_where::derive_where;
use ief_derive::XmlElement;
use typed_builder::TypedBuilder;

use crate::claims::{EnumerationItem, MergeBehavior};
use crate::journeys::Precondition;
use crate::providers::MetadataItem;
use crate::refs::{
    AnyPolicy, ClaimRef, ClientDefRef, ContentDefRef, DisplayControlRef, LocalizedResourcesRef,
    ProfileRef,
};
use crate::xml::xml_enum;

xml_enum! {
    /// `UserInterfaceControlType` of a display control.
    pub enum UserInterfaceControlType {
        /// Sends and verifies a code (email or phone).
        VerificationControl = "VerificationControl",
        /// Shows a QR code.
        QrCodeControl = "QrCodeControl",
        /// Shows authenticator app information.
        AuthenticatorInfoControl = "AuthenticatorInfoControl",
        /// Shows the authenticator app's icon.
        AuthenticatorAppIconControl = "AuthenticatorAppIconControl",
    }
}

/// `ClientDefinition`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct ClientDefinition<P = AnyPolicy> {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: ClientDefRef<P>,
    /// `ClientUIFilterFlags`.
    #[xml(leaf = "ClientUIFilterFlags")]
    pub client_ui_filter_flags: String,
}

/// `ContentDefinition`: the HTML template and page contract of one page type.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder), field_defaults(default, setter(into)))]
pub struct ContentDefinition<P = AnyPolicy> {
    /// `@Id`, e.g. `api.signuporsignin`.
    #[builder(!default, setter(!into))]
    #[xml(attr = "Id")]
    pub id: ContentDefRef<P>,
    /// `LoadUri`: the HTML template (`~/tenant/…` or an https URL).
    #[builder(setter(strip_option))]
    #[xml(leaf = "LoadUri")]
    pub load_uri: Option<String>,
    /// `RecoveryUri`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "RecoveryUri")]
    pub recovery_uri: Option<String>,
    /// `DataUri`: the page contract, e.g. `urn:com:microsoft:aad:b2c:elements:contract:unifiedssp:2.1.7`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "DataUri")]
    pub data_uri: Option<String>,
    /// `Metadata/Item`.
    #[xml(elem = "Item", wrap = "Metadata")]
    pub metadata: Vec<MetadataItem>,
    /// `LocalizedResourcesReferences`.
    #[builder(setter(!into, strip_option))]
    #[xml(elem = "LocalizedResourcesReferences")]
    pub localized_resources_references: Option<LocalizedResourcesReferences<P>>,
}

definition_start!(
    ContentDefinition,
    ContentDefinitionBuilder,
    ContentDefinitionWithId,
    ContentDefRef,
    [(), (), (), (), ()]
);

/// `LocalizedResourcesReferences`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq, Default)]
pub struct LocalizedResourcesReferences<P = AnyPolicy> {
    /// `@MergeBehavior`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "MergeBehavior")]
    pub merge_behavior: Option<MergeBehavior>,
    /// `LocalizedResourcesReference`.
    #[builder(default)]
    #[xml(elem = "LocalizedResourcesReference")]
    pub references: Vec<LocalizedResourcesReference<P>>,
}

/// `LocalizedResourcesReference`: the resources for one language.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct LocalizedResourcesReference<P = AnyPolicy> {
    /// `@Language`, e.g. `en`.
    #[builder(setter(into))]
    #[xml(attr = "Language")]
    pub language: String,
    /// `@Url`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Url")]
    pub url: Option<String>,
    /// `@LocalizedResourcesReferenceId`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "LocalizedResourcesReferenceId")]
    pub resources: Option<LocalizedResourcesRef<P>>,
}

/// `Localization`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq, Default)]
pub struct Localization<P = AnyPolicy> {
    /// `@Enabled`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "Enabled")]
    pub enabled: Option<bool>,
    /// `SupportedLanguages`.
    #[builder(default, setter(strip_option))]
    #[xml(elem = "SupportedLanguages")]
    pub supported_languages: Option<SupportedLanguages>,
    /// `LocalizedResources`.
    #[builder(default)]
    #[xml(elem = "LocalizedResources")]
    pub resources: Vec<LocalizedResources<P>>,
}

/// `SupportedLanguages`.
#[derive(Debug, Clone, PartialEq, Default, TypedBuilder, XmlElement)]
pub struct SupportedLanguages {
    /// `@DefaultLanguage`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "DefaultLanguage")]
    pub default_language: Option<String>,
    /// `@PolicyLanguage`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "PolicyLanguage")]
    pub policy_language: Option<String>,
    /// `@MergeBehavior`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "MergeBehavior")]
    pub merge_behavior: Option<MergeBehavior>,
    /// `SupportedLanguage`.
    #[builder(default)]
    #[xml(leaf = "SupportedLanguage")]
    pub languages: Vec<String>,
}

/// `LocalizedResources`: the strings and collections of one language.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct LocalizedResources<P = AnyPolicy> {
    /// `@Culture`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Culture")]
    pub culture: Option<String>,
    /// `@Id`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "Id")]
    pub id: Option<LocalizedResourcesRef<P>>,
    /// `LocalizedCollections/LocalizedCollection`.
    #[builder(default)]
    #[xml(elem = "LocalizedCollection", wrap = "LocalizedCollections")]
    pub collections: Vec<LocalizedCollection>,
    /// `LocalizedStrings/LocalizedString`.
    #[builder(default)]
    #[xml(elem = "LocalizedString", wrap = "LocalizedStrings")]
    pub strings: Vec<LocalizedString>,
}

/// `LocalizedCollection`: translated options of a claim's restriction.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct LocalizedCollection {
    /// `@ElementType`, e.g. `ClaimType`.
    #[builder(setter(into))]
    #[xml(attr = "ElementType")]
    pub element_type: String,
    /// `@ElementId`, e.g. a claim id.
    #[builder(setter(into))]
    #[xml(attr = "ElementId")]
    pub element_id: String,
    /// `@TargetCollection`, e.g. `Restriction`.
    #[builder(setter(into))]
    #[xml(attr = "TargetCollection")]
    pub target_collection: String,
    /// `Item` (at least one).
    #[xml(elem = "Item", nonempty)]
    pub items: Vec<EnumerationItem>,
}

/// `LocalizedString`: one translated string.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct LocalizedString {
    /// `@ElementType`, e.g. `UxElement`, `ClaimType`, `ErrorMessage`.
    #[builder(setter(into))]
    #[xml(attr = "ElementType")]
    pub element_type: String,
    /// `@ElementId`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "ElementId")]
    pub element_id: Option<String>,
    /// `@StringId`.
    #[builder(setter(into))]
    #[xml(attr = "StringId")]
    pub string_id: String,
    /// The text.
    #[builder(setter(into))]
    #[xml(text)]
    pub text: String,
}

/// `DisplayControl`: a composite control on a self-asserted page.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder), field_defaults(default))]
pub struct DisplayControl<P = AnyPolicy> {
    /// `@Id`.
    #[builder(!default, setter(!into))]
    #[xml(attr = "Id")]
    pub id: DisplayControlRef<P>,
    /// `@UserInterfaceControlType`.
    #[builder(!default)]
    #[xml(attr = "UserInterfaceControlType")]
    pub control_type: UserInterfaceControlType,
    /// `InputClaims/InputClaim`.
    #[xml(elem = "InputClaim", wrap = "InputClaims")]
    pub input_claims: Vec<DisplayControlClaim<P>>,
    /// `DisplayClaims/DisplayClaim`.
    #[xml(elem = "DisplayClaim", wrap = "DisplayClaims")]
    pub display_claims: Vec<DisplayControlDisplayClaim<P>>,
    /// `OutputClaims/OutputClaim`.
    #[xml(elem = "OutputClaim", wrap = "OutputClaims")]
    pub output_claims: Vec<DisplayControlClaim<P>>,
    /// `Actions/Action`.
    #[xml(elem = "Action", wrap = "Actions")]
    pub actions: Vec<DisplayControlAction<P>>,
}

definition_start!(
    DisplayControl,
    DisplayControlBuilder,
    DisplayControlWithId,
    DisplayControlRef,
    [(), (), (), (), ()]
);

/// An input or output claim of a display control.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq, Default)]
pub struct DisplayControlClaim<P = AnyPolicy> {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: Option<ClaimRef<P>>,
    /// `@Required`.
    #[xml(attr = "Required")]
    pub required: Option<bool>,
    /// `@DefaultValue`.
    #[xml(attr = "DefaultValue")]
    pub default_value: Option<String>,
    /// `@AlwaysUseDefaultValue`.
    #[xml(attr = "AlwaysUseDefaultValue")]
    pub always_use_default_value: Option<bool>,
}

impl<P> DisplayControlClaim<P> {
    /// The claim, with no other settings.
    pub fn new(claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        DisplayControlClaim {
            claim: Some(crate::refs::IntoRef::into_ref(claim)),
            ..Default::default()
        }
    }
}

/// A claim shown by a display control.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq, Default)]
pub struct DisplayControlDisplayClaim<P = AnyPolicy> {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: Option<ClaimRef<P>>,
    /// `@ControlClaimType`, e.g. `VerificationCode`.
    #[xml(attr = "ControlClaimType")]
    pub control_claim_type: Option<String>,
    /// `@Required`.
    #[xml(attr = "Required")]
    pub required: Option<bool>,
}

/// `Action` of a display control, e.g. `SendCode`, `VerifyCode`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct DisplayControlAction<P = AnyPolicy> {
    /// `@Id`.
    #[builder(setter(into))]
    #[xml(attr = "Id")]
    pub id: String,
    /// `ValidationClaimsExchange/ValidationClaimsExchangeTechnicalProfile`
    /// (the wrapper is required, with at least one profile).
    #[xml(
        elem = "ValidationClaimsExchangeTechnicalProfile",
        wrap = "ValidationClaimsExchange",
        wrap_required,
        nonempty
    )]
    pub profiles: Vec<ValidationClaimsExchangeProfile<P>>,
}

/// `ValidationClaimsExchangeTechnicalProfile`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct ValidationClaimsExchangeProfile<P = AnyPolicy> {
    /// `@TechnicalProfileReferenceId`.
    #[builder(setter(into))]
    #[xml(attr = "TechnicalProfileReferenceId")]
    pub profile: ProfileRef<P>,
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
