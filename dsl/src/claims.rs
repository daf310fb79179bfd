//! The claims schema (`BuildingBlocks/ClaimsSchema`) and the validation
//! building blocks claims point to: predicates, predicate validations and
//! input validations.

use derive_where::derive_where;
use ief_derive::XmlElement;
use typed_builder::TypedBuilder;

use crate::providers::ProtocolName;
use crate::refs::{
    AnyPolicy, Claim, ClaimDataType, ClaimRef, InputValidationRef, PredicateRef,
    PredicateValidationRef, Sees,
};
use crate::xml::{xml_enum, EmitError, SchemaCollector, XmlContent, XmlElement, XmlWriter};

xml_enum! {
    /// `DataType`: the data type of a claim or a transformation parameter.
    pub enum DataType {
        /// `boolean`
        Boolean = "boolean",
        /// `date`
        Date = "date",
        /// `dateTime`
        DateTime = "dateTime",
        /// `duration`
        Duration = "duration",
        /// `int`
        Int = "int",
        /// `long`
        Long = "long",
        /// `string`
        String = "string",
        /// `stringCollection`
        StringCollection = "stringCollection",
        /// `alternativeSecurityIdCollection`
        AlternativeSecurityIdCollection = "alternativeSecurityIdCollection",
        /// `userIdentityCollection`
        UserIdentityCollection = "userIdentityCollection",
        /// `userIdentity`
        UserIdentity = "userIdentity",
        /// `phoneNumber`
        PhoneNumber = "phoneNumber",
        /// `objectIdentityCollection`
        ObjectIdentityCollection = "objectIdentityCollection",
        /// `objectIdentity`
        ObjectIdentity = "objectIdentity",
    }
}

xml_enum! {
    /// `UserInputType`: the control a self-asserted page shows for a claim.
    pub enum UserInputType {
        /// A single-line text box.
        TextBox = "TextBox",
        /// A text box for an email address.
        EmailBox = "EmailBox",
        /// Dropdowns for day, month and year.
        DateTimeDropdown = "DateTimeDropdown",
        /// Radio buttons; one choice.
        RadioSingleSelect = "RadioSingleSelect",
        /// A dropdown; one choice.
        DropdownSingleSelect = "DropdownSingleSelect",
        /// Checkboxes; several choices.
        CheckboxMultiSelect = "CheckboxMultiSelect",
        /// A masked password box.
        Password = "Password",
        /// A read-only field.
        Readonly = "Readonly",
        /// A button.
        Button = "Button",
        /// A paragraph of text, no input.
        Paragraph = "Paragraph",
    }
}

xml_enum! {
    /// `StatementType` of a claim type (the XSD default is `Attribute`).
    pub enum StatementType {
        /// An attribute statement.
        Attribute = "Attribute",
        /// An authentication statement.
        Authentication = "Authentication",
        /// A subject statement.
        Subject = "Subject",
    }
}

xml_enum! {
    /// `Mask/@Type`.
    pub enum MaskType {
        /// Replace the whole value with the mask text.
        Simple = "Simple",
        /// Mask the parts that match `@Regex`.
        Regex = "Regex",
    }
}

xml_enum! {
    /// `MergeBehavior`: how a child policy's list combines with its base's.
    pub enum MergeBehavior {
        /// After the base's items.
        Append = "Append",
        /// Before the base's items.
        Prepend = "Prepend",
        /// Instead of the base's items.
        ReplaceAll = "ReplaceAll",
    }
}

/// `ClaimType`: one claim of the claims schema.
///
/// Start from a typed handle, so the `DataType` comes from the handle's type:
///
/// ```
/// use ief_dsl::claims::{ClaimType, UserInputType};
/// use ief_dsl::refs::{Claim, types::Str};
/// use ief_dsl::refs::Unchecked;
/// const CITY: Claim<Str, Unchecked> = Claim::unchecked("city");
/// let city = ClaimType::declare(&CITY)
///     .display_name("City")
///     .user_input_type(UserInputType::TextBox)
///     .build();
/// assert_eq!(city.data_type, Some(ief_dsl::claims::DataType::String));
/// ```
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(
    builder_method(vis = "", name = __builder),
    field_defaults(default, setter(into))
)]
pub struct ClaimType<P = AnyPolicy> {
    /// `@Id`.
    #[builder(!default, setter(!into))]
    #[xml(attr = "Id")]
    pub id: ClaimRef<P>,
    /// `@StatementType`.
    #[builder(setter(strip_option))]
    #[xml(attr = "StatementType")]
    pub statement_type: Option<StatementType>,
    /// `DisplayName`: the label shown to users.
    #[builder(setter(strip_option))]
    #[xml(leaf = "DisplayName")]
    pub display_name: Option<String>,
    /// `DataType`. Set by [`ClaimType::declare`] from the handle's type.
    #[builder(setter(strip_option))]
    #[xml(leaf = "DataType")]
    pub data_type: Option<DataType>,
    /// `DefaultPartnerClaimTypes/Protocol`: the claim's name per protocol.
    #[xml(elem = "Protocol", wrap = "DefaultPartnerClaimTypes", repeatable)]
    pub default_partner_claim_types: Vec<PartnerClaimType>,
    /// `Mask`.
    #[builder(setter(strip_option))]
    #[xml(elem = "Mask")]
    pub mask: Option<Mask>,
    /// `AdminHelpText`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "AdminHelpText")]
    pub admin_help_text: Option<String>,
    /// `UserHelpText`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "UserHelpText")]
    pub user_help_text: Option<String>,
    /// `UserInputType`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "UserInputType")]
    pub user_input_type: Option<UserInputType>,
    /// `Restriction`: allowed values or a pattern.
    #[builder(setter(strip_option))]
    #[xml(elem = "Restriction")]
    pub restriction: Option<Restriction>,
    /// `InputValidationReference/@Id`.
    #[builder(setter(strip_option))]
    #[xml(elem = "InputValidationReference")]
    pub input_validation: Option<InputValidationReference<P>>,
    /// `PredicateValidationReference/@Id`.
    #[builder(setter(strip_option))]
    #[xml(elem = "PredicateValidationReference")]
    pub predicate_validation: Option<PredicateValidationReference<P>>,
}

/// The builder state after [`ClaimType::restate`]: the id set.
pub type RestatedClaimType<P = AnyPolicy> =
    ClaimTypeBuilder<P, ((ClaimRef<P>,), (), (), (), (), (), (), (), (), (), (), ())>;

/// The builder state after [`ClaimType::declare`]: id and data type set.
pub type DeclaredClaimType<P = AnyPolicy> = ClaimTypeBuilder<
    P,
    (
        (ClaimRef<P>,),
        (),
        (),
        (Option<DataType>,),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
    ),
>;

impl<P> ClaimType<P> {
    /// Starts a claim type from a typed handle: the id and the `DataType`
    /// both come from `claim`, so they cannot disagree.
    pub fn declare<T: ClaimDataType>(claim: &Claim<T, P>) -> DeclaredClaimType<P> {
        ClaimType::__builder()
            .id(claim.erased())
            .data_type(claim.data_type())
    }

    /// Starts the restatement of a claim type a base policy declares, to
    /// add or change what B2C merges by id (a restriction, a help text),
    /// without a `DataType`: the base's stands.
    pub fn restate<T: ClaimDataType, O>(claim: &Claim<T, O>) -> RestatedClaimType<P>
    where
        P: crate::refs::Sees<O>,
    {
        ClaimType::__builder().id(claim.into())
    }

    /// Not available: a claim type starts from its handle, with
    /// [`declare`](Self::declare) (or [`restate`](Self::restate)). (This
    /// item exists to say so in the compiler's message.)
    #[doc(hidden)]
    pub fn builder() -> DeclaredClaimType<P>
    where
        (): crate::refs::chain::StartsFromItsId<Self>,
    {
        unreachable!("`(): StartsFromItsId<_>` never holds")
    }
}

/// `DefaultPartnerClaimTypes/Protocol`: what a protocol calls the claim.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct PartnerClaimType {
    /// `@Name`.
    #[xml(attr = "Name")]
    pub name: ProtocolName,
    /// `@Handler`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Handler")]
    pub handler: Option<String>,
    /// `@PartnerClaimType`.
    #[builder(setter(into))]
    #[xml(attr = "PartnerClaimType")]
    pub partner_claim_type: String,
}

impl PartnerClaimType {
    /// The claim is called `partner_claim_type` in protocol `name`.
    pub fn new(name: ProtocolName, partner_claim_type: impl Into<String>) -> Self {
        PartnerClaimType {
            name,
            handler: None,
            partner_claim_type: partner_claim_type.into(),
        }
    }
}

/// `Mask`: how the claim's value is masked when shown.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct Mask {
    /// `@Type`.
    #[xml(attr = "Type")]
    pub mask_type: MaskType,
    /// `@Regex`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Regex")]
    pub regex: Option<String>,
    /// The mask text.
    #[builder(default, setter(into))]
    #[xml(text)]
    pub text: String,
}

/// `Restriction`: either an enumeration of allowed values or a pattern.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct Restriction {
    /// `@MergeBehavior`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "MergeBehavior")]
    pub merge_behavior: Option<MergeBehavior>,
    /// The `xs:choice` content.
    #[xml(flatten)]
    pub values: RestrictionValues,
}

impl Restriction {
    /// A restriction to the given values.
    pub fn enumeration(items: Vec<EnumerationItem>) -> Self {
        Restriction {
            merge_behavior: None,
            values: RestrictionValues::Enumeration(items),
        }
    }

    /// A restriction to values that match `pattern`.
    pub fn pattern(pattern: Pattern) -> Self {
        Restriction {
            merge_behavior: None,
            values: RestrictionValues::Pattern(pattern),
        }
    }
}

/// The choice inside `Restriction`: `Enumeration*` or `Pattern`.
#[derive(Debug, Clone, PartialEq)]
pub enum RestrictionValues {
    /// `Enumeration` items (the list may be empty).
    Enumeration(Vec<EnumerationItem>),
    /// One `Pattern`.
    Pattern(Pattern),
}

impl XmlContent for RestrictionValues {
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EmitError> {
        match self {
            RestrictionValues::Enumeration(items) => {
                for item in items {
                    item.write_element("Enumeration", w)?;
                }
                Ok(())
            }
            RestrictionValues::Pattern(p) => p.write_element("Pattern", w),
        }
    }

    fn describe_content(c: &mut SchemaCollector, parent: &'static str) {
        c.child(parent, "Enumeration");
        EnumerationItem::describe(c, "Enumeration");
        c.child(parent, "Pattern");
        Pattern::describe(c, "Pattern");
    }
}

impl crate::xml::read::FromXmlContent for RestrictionValues {
    const CHILDREN: &'static [&'static str] = &["Enumeration", "Pattern"];

    fn from_content(
        node: crate::xml::read::Node<'_, '_>,
        cx: &mut crate::xml::read::ImportCx<'_>,
    ) -> Result<Self, crate::xml::read::Failed> {
        let items: Vec<EnumerationItem> = cx.elem_many(node, "Enumeration", false)?;
        let pattern: Option<Pattern> = cx.elem_opt(node, "Pattern")?;
        match pattern {
            None => Ok(RestrictionValues::Enumeration(items)),
            Some(p) if items.is_empty() => Ok(RestrictionValues::Pattern(p)),
            Some(_) => {
                cx.report(
                    node,
                    "<Restriction> holds either <Enumeration> items or one <Pattern>, not both"
                        .into(),
                );
                Err(crate::xml::read::Failed)
            }
        }
    }
}

/// An option of a choice (`Restriction/Enumeration`, `LocalizedCollection/Item`).
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct EnumerationItem {
    /// `@Text`: what the user sees.
    #[builder(setter(into))]
    #[xml(attr = "Text")]
    pub text: String,
    /// `@Value`: the claim value.
    #[builder(setter(into))]
    #[xml(attr = "Value")]
    pub value: String,
    /// `@SelectByDefault`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "SelectByDefault")]
    pub select_by_default: Option<bool>,
    /// Text content (rarely used).
    #[builder(default, setter(into))]
    #[xml(text)]
    pub content: String,
}

impl EnumerationItem {
    /// An option shown as `text` with the value `value`.
    pub fn new(text: impl Into<String>, value: impl Into<String>) -> Self {
        EnumerationItem {
            text: text.into(),
            value: value.into(),
            select_by_default: None,
            content: String::new(),
        }
    }
}

/// `Pattern`: a regular expression the value must match.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct Pattern {
    /// `@RegularExpression` (.NET syntax, implicitly anchored by B2C).
    #[builder(setter(into))]
    #[xml(attr = "RegularExpression")]
    pub regular_expression: String,
    /// `@HelpText`: shown when the value does not match.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "HelpText")]
    pub help_text: Option<String>,
}

/// `InputValidationReference`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct InputValidationReference<P = AnyPolicy> {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: InputValidationRef<P>,
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&InputValidationRef<O>> for InputValidationReference<P> {
    fn from(handle: &InputValidationRef<O>) -> Self {
        let reference: InputValidationRef<P> = handle.into();
        InputValidationReference { id: reference }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<InputValidationRef<O>> for InputValidationReference<P> {
    fn from(handle: InputValidationRef<O>) -> Self {
        (&handle).into()
    }
}

/// `PredicateValidationReference`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct PredicateValidationReference<P = AnyPolicy> {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: PredicateValidationRef<P>,
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&PredicateValidationRef<O>> for PredicateValidationReference<P> {
    fn from(handle: &PredicateValidationRef<O>) -> Self {
        let reference: PredicateValidationRef<P> = handle.into();
        PredicateValidationReference { id: reference }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<PredicateValidationRef<O>> for PredicateValidationReference<P> {
    fn from(handle: PredicateValidationRef<O>) -> Self {
        (&handle).into()
    }
}

/// `Predicate`: one test of a claim value (length, characters, regex, …).
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder))]
pub struct Predicate<P = AnyPolicy> {
    /// `@Id`.
    #[builder(setter(!into))]
    #[xml(attr = "Id")]
    pub id: PredicateRef<P>,
    /// `@Method`, e.g. `IsLengthRange`, `MatchesRegex`, `IncludesCharacters`.
    #[builder(setter(into))]
    #[xml(attr = "Method")]
    pub method: String,
    /// `@HelpText` (deprecated in favour of `UserHelpText`).
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "HelpText")]
    pub help_text: Option<String>,
    /// `UserHelpText`.
    #[builder(default, setter(strip_option, into))]
    #[xml(leaf = "UserHelpText")]
    pub user_help_text: Option<String>,
    /// `Parameters/Parameter`.
    #[builder(default)]
    #[xml(elem = "Parameter", wrap = "Parameters")]
    pub parameters: Vec<Parameter>,
}

definition_start!(
    Predicate,
    PredicateBuilder,
    PredicateWithId,
    PredicateRef,
    [(), (), (), ()]
);

/// `Parameter`: a named value (`@Id`) with text content.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct Parameter {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: String,
    /// The value.
    #[xml(text)]
    pub value: String,
}

impl Parameter {
    /// The parameter `id` with value `value`.
    pub fn new(id: impl Into<String>, value: impl Into<String>) -> Self {
        Parameter {
            id: id.into(),
            value: value.into(),
        }
    }
}

/// `InputValidation`: groups of predicate references.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder))]
pub struct InputValidation<P = AnyPolicy> {
    /// `@Id`.
    #[builder(setter(!into))]
    #[xml(attr = "Id")]
    pub id: InputValidationRef<P>,
    /// `PredicateReferences` groups.
    #[builder(default)]
    #[xml(elem = "PredicateReferences")]
    pub predicate_references: Vec<PredicateReferences<P>>,
}

definition_start!(
    InputValidation,
    InputValidationBuilder,
    InputValidationWithId,
    InputValidationRef,
    [()]
);

/// `PredicateReferences`: predicates of which some number must hold.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct PredicateReferences<P = AnyPolicy> {
    /// `@Id`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "Id")]
    pub id: Option<String>,
    /// `@HelpText`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "HelpText")]
    pub help_text: Option<String>,
    /// `@MatchAtLeast`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "MatchAtLeast")]
    pub match_at_least: Option<i64>,
    /// `@Reject`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "Reject")]
    pub reject: Option<bool>,
    /// `PredicateReference/@Id` (at least one).
    #[xml(elem = "PredicateReference", nonempty)]
    pub predicates: Vec<PredicateReference<P>>,
}

/// `PredicateReference`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct PredicateReference<P = AnyPolicy> {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: PredicateRef<P>,
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&PredicateRef<O>> for PredicateReference<P> {
    fn from(handle: &PredicateRef<O>) -> Self {
        let reference: PredicateRef<P> = handle.into();
        PredicateReference { id: reference }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<PredicateRef<O>> for PredicateReference<P> {
    fn from(handle: PredicateRef<O>) -> Self {
        (&handle).into()
    }
}

/// `PredicateValidation`: groups of predicates, all groups must pass.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder))]
pub struct PredicateValidation<P = AnyPolicy> {
    /// `@Id`.
    #[builder(setter(!into))]
    #[xml(attr = "Id")]
    pub id: PredicateValidationRef<P>,
    /// `PredicateGroups/PredicateGroup`.
    #[builder(default)]
    #[xml(elem = "PredicateGroup", wrap = "PredicateGroups", repeatable)]
    pub groups: Vec<PredicateGroup<P>>,
}

definition_start!(
    PredicateValidation,
    PredicateValidationBuilder,
    PredicateValidationWithId,
    PredicateValidationRef,
    [()]
);

/// `PredicateGroup`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct PredicateGroup<P = AnyPolicy> {
    /// `@Id`.
    #[builder(setter(into))]
    #[xml(attr = "Id")]
    pub id: String,
    /// `UserHelpText`.
    #[builder(default, setter(strip_option, into))]
    #[xml(leaf = "UserHelpText")]
    pub user_help_text: Option<String>,
    /// `PredicateReferences` sets.
    #[builder(default)]
    #[xml(elem = "PredicateReferences")]
    pub predicate_references: Vec<PredicateReferences<P>>,
}
