//! What users see: content definitions, client definitions, localization
//! and display controls.

use ief_derive::XmlElement;
use typed_builder::TypedBuilder;

use crate::claims::{EnumerationItem, MergeBehavior};
use crate::journeys::Precondition;
use crate::providers::MetadataItem;
use crate::refs::{
    ClaimRef, ClientDefRef, ContentDefRef, DisplayControlRef, LocalizedResourcesRef, ProfileRef,
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
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct ClientDefinition {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: ClientDefRef,
    /// `ClientUIFilterFlags`.
    #[xml(leaf = "ClientUIFilterFlags")]
    pub client_ui_filter_flags: String,
}

/// `ContentDefinition`: the HTML template and page contract of one page type.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
#[builder(field_defaults(default, setter(into)))]
pub struct ContentDefinition {
    /// `@Id`, e.g. `api.signuporsignin`.
    #[builder(!default)]
    #[xml(attr = "Id")]
    pub id: ContentDefRef,
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
    #[builder(setter(strip_option))]
    #[xml(elem = "LocalizedResourcesReferences")]
    pub localized_resources_references: Option<LocalizedResourcesReferences>,
}

/// `LocalizedResourcesReferences`.
#[derive(Debug, Clone, PartialEq, Default, TypedBuilder, XmlElement)]
pub struct LocalizedResourcesReferences {
    /// `@MergeBehavior`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "MergeBehavior")]
    pub merge_behavior: Option<MergeBehavior>,
    /// `LocalizedResourcesReference`.
    #[builder(default)]
    #[xml(elem = "LocalizedResourcesReference")]
    pub references: Vec<LocalizedResourcesReference>,
}

/// `LocalizedResourcesReference`: the resources for one language.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct LocalizedResourcesReference {
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
    pub resources: Option<LocalizedResourcesRef>,
}

/// `Localization`.
#[derive(Debug, Clone, PartialEq, Default, TypedBuilder, XmlElement)]
pub struct Localization {
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
    pub resources: Vec<LocalizedResources>,
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
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct LocalizedResources {
    /// `@Culture`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Culture")]
    pub culture: Option<String>,
    /// `@Id`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Id")]
    pub id: Option<LocalizedResourcesRef>,
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
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
#[builder(field_defaults(default))]
pub struct DisplayControl {
    /// `@Id`.
    #[builder(!default, setter(into))]
    #[xml(attr = "Id")]
    pub id: DisplayControlRef,
    /// `@UserInterfaceControlType`.
    #[builder(!default)]
    #[xml(attr = "UserInterfaceControlType")]
    pub control_type: UserInterfaceControlType,
    /// `InputClaims/InputClaim`.
    #[xml(elem = "InputClaim", wrap = "InputClaims")]
    pub input_claims: Vec<DisplayControlClaim>,
    /// `DisplayClaims/DisplayClaim`.
    #[xml(elem = "DisplayClaim", wrap = "DisplayClaims")]
    pub display_claims: Vec<DisplayControlDisplayClaim>,
    /// `OutputClaims/OutputClaim`.
    #[xml(elem = "OutputClaim", wrap = "OutputClaims")]
    pub output_claims: Vec<DisplayControlClaim>,
    /// `Actions/Action`.
    #[xml(elem = "Action", wrap = "Actions")]
    pub actions: Vec<DisplayControlAction>,
}

/// An input or output claim of a display control.
#[derive(Debug, Clone, PartialEq, Default, XmlElement)]
pub struct DisplayControlClaim {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: Option<ClaimRef>,
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

impl DisplayControlClaim {
    /// The claim, with no other settings.
    pub fn new(claim: impl Into<ClaimRef>) -> Self {
        DisplayControlClaim {
            claim: Some(claim.into()),
            ..Default::default()
        }
    }
}

/// A claim shown by a display control.
#[derive(Debug, Clone, PartialEq, Default, XmlElement)]
pub struct DisplayControlDisplayClaim {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: Option<ClaimRef>,
    /// `@ControlClaimType`, e.g. `VerificationCode`.
    #[xml(attr = "ControlClaimType")]
    pub control_claim_type: Option<String>,
    /// `@Required`.
    #[xml(attr = "Required")]
    pub required: Option<bool>,
}

/// `Action` of a display control, e.g. `SendCode`, `VerifyCode`.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct DisplayControlAction {
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
    pub profiles: Vec<ValidationClaimsExchangeProfile>,
}

/// `ValidationClaimsExchangeTechnicalProfile`.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct ValidationClaimsExchangeProfile {
    /// `@TechnicalProfileReferenceId`.
    #[builder(setter(into))]
    #[xml(attr = "TechnicalProfileReferenceId")]
    pub profile: ProfileRef,
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
    pub preconditions: Vec<Precondition>,
}
