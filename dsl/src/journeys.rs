//! User journeys and sub-journeys: orchestration steps, preconditions,
//! claims provider selections and claims exchanges.

use derive_where::derive_where;
use ief_derive::XmlElement;
use std::marker::PhantomData;

use typed_builder::TypedBuilder;

use crate::providers::CryptographicKey;
use crate::refs::{
    AnyPolicy, ClaimRef, ClientDefRef, ContentDefRef, ExchangeRef, JourneyRef, ProfileRef, Sees,
    SubJourneyRef,
};
use crate::xml::xml_enum;

xml_enum! {
    /// `OrchestrationStepType`.
    pub enum StepType {
        /// A consent page.
        ConsentScreen = "ConsentScreen",
        /// The user picks an identity provider.
        ClaimsProviderSelection = "ClaimsProviderSelection",
        /// Local sign-in form with identity provider buttons.
        CombinedSignInAndSignUp = "CombinedSignInAndSignUp",
        /// Runs a technical profile.
        ClaimsExchange = "ClaimsExchange",
        /// A review page.
        ReviewScreen = "ReviewScreen",
        /// Issues the token to the relying party.
        SendClaims = "SendClaims",
        /// Reads input claims from the request.
        GetClaims = "GetClaims",
        /// A user dialog.
        UserDialog = "UserDialog",
        /// Calls a sub-journey.
        InvokeSubJourney = "InvokeSubJourney",
        /// Does nothing.
        Noop = "Noop",
    }
}

xml_enum! {
    /// `PreconditionType`.
    pub enum PreconditionType {
        /// The claim (first `Value`) exists.
        ClaimsExist = "ClaimsExist",
        /// The claim (first `Value`) equals the literal (second `Value`).
        ClaimEquals = "ClaimEquals",
    }
}

xml_enum! {
    /// `PreconditionActionType`.
    pub enum PreconditionAction {
        /// Skip the orchestration step.
        SkipThisOrchestrationStep = "SkipThisOrchestrationStep",
        /// Skip the validation technical profile.
        SkipThisValidationTechnicalProfile = "SkipThisValidationTechnicalProfile",
    }
}

xml_enum! {
    /// `SubJourneyTYPE`.
    pub enum SubJourneyType {
        /// Control does not return to the caller.
        Transfer = "Transfer",
        /// Control returns to the caller.
        Call = "Call",
    }
}

xml_enum! {
    /// `ClaimsProviderSelectionDisplayOption`.
    pub enum SelectionDisplayOption {
        /// Skip the selection page when only one provider is offered (default).
        DoNotShowSingleProvider = "DoNotShowSingleProvider",
        /// Show the page even for one provider.
        ShowSingleProvider = "ShowSingleProvider",
    }
}

/// `UserJourney`: the ordered steps of one flow, such as sign-up or sign-in.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder), field_defaults(default, setter(into)))]
pub struct UserJourney<P = AnyPolicy> {
    /// `@Id`.
    #[builder(!default, setter(!into))]
    #[xml(attr = "Id")]
    pub id: JourneyRef<P>,
    /// `@NonInteractive`.
    #[builder(setter(strip_option))]
    #[xml(attr = "NonInteractive")]
    pub non_interactive: Option<bool>,
    /// `@DefaultCpimIssuerTechnicalProfileReferenceId`.
    #[builder(setter(strip_option))]
    #[xml(attr = "DefaultCpimIssuerTechnicalProfileReferenceId")]
    pub default_cpim_issuer: Option<ProfileRef<P>>,
    /// `AssuranceLevel`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "AssuranceLevel")]
    pub assurance_level: Option<String>,
    /// `PreserveOriginalAssertion`.
    #[builder(setter(strip_option))]
    #[xml(leaf = "PreserveOriginalAssertion")]
    pub preserve_original_assertion: Option<bool>,
    /// `Authorization`.
    #[builder(setter(!into, strip_option))]
    #[xml(elem = "Authorization")]
    pub authorization: Option<Authorization<P>>,
    /// `OrchestrationSteps/OrchestrationStep`.
    #[builder(setter(!into))]
    #[xml(elem = "OrchestrationStep", wrap = "OrchestrationSteps")]
    pub steps: Vec<OrchestrationStep<P>>,
    /// `ClientDefinition/@ReferenceId`.
    #[builder(setter(strip_option))]
    #[xml(elem = "ClientDefinition")]
    pub client_definition: Option<ClientDefinitionReference<P>>,
    /// `CryptographicKeys/Key`.
    #[xml(elem = "Key", wrap = "CryptographicKeys")]
    pub cryptographic_keys: Vec<CryptographicKey>,
}

definition_start!(
    UserJourney,
    UserJourneyBuilder,
    UserJourneyWithId,
    JourneyRef,
    [(), (), (), (), (), (), (), ()]
);

/// `SubJourney`: steps that journeys invoke.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder))]
pub struct SubJourney<P = AnyPolicy> {
    /// `@Id`.
    #[builder(setter(!into))]
    #[xml(attr = "Id")]
    pub id: SubJourneyRef<P>,
    /// `@Type`.
    #[xml(attr = "Type")]
    pub journey_type: SubJourneyType,
    /// `OrchestrationSteps/OrchestrationStep`.
    #[builder(default)]
    #[xml(elem = "OrchestrationStep", wrap = "OrchestrationSteps")]
    pub steps: Vec<OrchestrationStep<P>>,
}

definition_start!(
    SubJourney,
    SubJourneyBuilder,
    SubJourneyWithId,
    SubJourneyRef,
    [(), ()]
);

/// `Authorization`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq, Default)]
pub struct Authorization<P = AnyPolicy> {
    /// `AuthorizationTechnicalProfiles/AuthorizationTechnicalProfile`.
    #[xml(
        elem = "AuthorizationTechnicalProfile",
        wrap = "AuthorizationTechnicalProfiles"
    )]
    pub profiles: Vec<AuthorizationTechnicalProfile<P>>,
}

/// `AuthorizationTechnicalProfile/@ReferenceId`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct AuthorizationTechnicalProfile<P = AnyPolicy> {
    /// `@ReferenceId`.
    #[xml(attr = "ReferenceId")]
    pub reference: ProfileRef<P>,
}

/// `UserJourney/ClientDefinition`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct ClientDefinitionReference<P = AnyPolicy> {
    /// `@ReferenceId`.
    #[xml(attr = "ReferenceId")]
    pub reference: Option<ClientDefRef<P>>,
}

/// `OrchestrationStep`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(field_defaults(default, setter(into)))]
pub struct OrchestrationStep<P = AnyPolicy> {
    /// `@Order`: 1-based position in the journey.
    #[builder(!default)]
    #[xml(attr = "Order")]
    pub order: i32,
    /// `@Type`.
    #[builder(!default)]
    #[xml(attr = "Type")]
    pub step_type: StepType,
    /// `@ContentDefinitionReferenceId` (selection and combined sign-in steps).
    #[builder(setter(strip_option))]
    #[xml(attr = "ContentDefinitionReferenceId")]
    pub content_definition: Option<ContentDefRef<P>>,
    /// `@CpimIssuerTechnicalProfileReferenceId` (send-claims steps).
    #[builder(setter(strip_option))]
    #[xml(attr = "CpimIssuerTechnicalProfileReferenceId")]
    pub cpim_issuer: Option<ProfileRef<P>>,
    /// `Preconditions/Precondition`.
    #[builder(setter(!into))]
    #[xml(elem = "Precondition", wrap = "Preconditions", repeatable)]
    pub preconditions: Vec<Precondition<P>>,
    /// `ClaimsProviderSelections`.
    #[builder(setter(strip_option))]
    #[xml(elem = "ClaimsProviderSelections", repeatable)]
    pub selections: Option<ClaimsProviderSelections>,
    /// `ClaimsExchanges`.
    #[builder(setter(!into, strip_option))]
    #[xml(elem = "ClaimsExchanges", repeatable)]
    pub exchanges: Option<ClaimsExchanges<P>>,
    /// `JourneyList/Candidate`.
    #[xml(elem = "Candidate", wrap = "JourneyList", repeatable)]
    pub journey_list: Vec<Candidate<P>>,
}

/// `Precondition`: skip a step (or validation profile) depending on claims.
///
/// ```
/// use ief_dsl::journeys::Precondition;
/// use ief_dsl::refs::{Claim, types::Str};
/// use ief_dsl::refs::Unchecked;
/// const OBJECT_ID: Claim<Str, Unchecked> = Claim::unchecked("objectId");
/// let p: Precondition = Precondition::skip_if_exists(&OBJECT_ID);
/// assert_eq!(p.values, vec!["objectId".to_string()]);
/// ```
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct Precondition<P = AnyPolicy> {
    /// `@Type`.
    #[xml(attr = "Type")]
    pub precondition_type: PreconditionType,
    /// `@ExecuteActionsIf`.
    #[xml(attr = "ExecuteActionsIf")]
    pub execute_actions_if: bool,
    /// `Value`: the claim id, then (for `ClaimEquals`) the literal.
    #[xml(leaf = "Value", nonempty)]
    pub values: Vec<String>,
    /// `Action`.
    #[xml(leaf = "Action", nonempty)]
    pub actions: Vec<PreconditionAction>,
    /// The policy scope the claim in `values` was checked against.
    #[builder(default, setter(skip))]
    #[xml(skip)]
    pub scope: PhantomData<fn() -> P>,
}

impl<P> Precondition<P> {
    /// Skips the orchestration step when `claim` exists.
    pub fn skip_if_exists(claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        Self::exists(claim, true, PreconditionAction::SkipThisOrchestrationStep)
    }

    /// Skips the orchestration step when `claim` does not exist.
    pub fn skip_unless_exists(claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        Self::exists(claim, false, PreconditionAction::SkipThisOrchestrationStep)
    }

    /// Skips the orchestration step when `claim` equals `value`.
    pub fn skip_if_equals(
        claim: impl crate::refs::IntoRef<ClaimRef<P>>,
        value: impl Into<String>,
    ) -> Self {
        Self::equals(
            claim,
            value,
            true,
            PreconditionAction::SkipThisOrchestrationStep,
        )
    }

    /// Skips the orchestration step unless `claim` equals `value`.
    pub fn skip_unless_equals(
        claim: impl crate::refs::IntoRef<ClaimRef<P>>,
        value: impl Into<String>,
    ) -> Self {
        Self::equals(
            claim,
            value,
            false,
            PreconditionAction::SkipThisOrchestrationStep,
        )
    }

    /// A `ClaimsExist` precondition.
    pub fn exists(
        claim: impl crate::refs::IntoRef<ClaimRef<P>>,
        execute_actions_if: bool,
        action: PreconditionAction,
    ) -> Self {
        Precondition {
            precondition_type: PreconditionType::ClaimsExist,
            execute_actions_if,
            values: vec![crate::refs::IntoRef::into_ref(claim).id().to_owned()],
            actions: vec![action],
            scope: PhantomData,
        }
    }

    /// A `ClaimEquals` precondition.
    pub fn equals(
        claim: impl crate::refs::IntoRef<ClaimRef<P>>,
        value: impl Into<String>,
        execute_actions_if: bool,
        action: PreconditionAction,
    ) -> Self {
        Precondition {
            precondition_type: PreconditionType::ClaimEquals,
            execute_actions_if,
            values: vec![
                crate::refs::IntoRef::into_ref(claim).id().to_owned(),
                value.into(),
            ],
            actions: vec![action],
            scope: PhantomData,
        }
    }
}

/// `ClaimsProviderSelections`.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct ClaimsProviderSelections {
    /// `@DisplayOption`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "DisplayOption")]
    pub display_option: Option<SelectionDisplayOption>,
    /// `ClaimsProviderSelection` (at least one).
    #[xml(elem = "ClaimsProviderSelection", nonempty)]
    pub selections: Vec<ClaimsProviderSelection>,
}

impl From<Vec<ClaimsProviderSelection>> for ClaimsProviderSelections {
    fn from(selections: Vec<ClaimsProviderSelection>) -> Self {
        ClaimsProviderSelections {
            display_option: None,
            selections,
        }
    }
}

/// `ClaimsProviderSelection`: one button on a selection page.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct ClaimsProviderSelection {
    /// `@TargetClaimsExchangeId`: an exchange in a later step.
    #[xml(attr = "TargetClaimsExchangeId")]
    pub target: Option<ExchangeRef>,
    /// `@ValidationClaimsExchangeId`: an exchange in the same step.
    #[xml(attr = "ValidationClaimsExchangeId")]
    pub validation: Option<ExchangeRef>,
}

impl ClaimsProviderSelection {
    /// Selects the exchange `target` of a later step.
    pub fn target(target: impl Into<ExchangeRef>) -> Self {
        ClaimsProviderSelection {
            target: Some(target.into()),
            validation: None,
        }
    }

    /// Validates with the exchange `validation` of the same step.
    pub fn validation(validation: impl Into<ExchangeRef>) -> Self {
        ClaimsProviderSelection {
            target: None,
            validation: Some(validation.into()),
        }
    }
}

/// `ClaimsExchanges`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq, Default)]
pub struct ClaimsExchanges<P = AnyPolicy> {
    /// `@UserIdentity`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "UserIdentity")]
    pub user_identity: Option<bool>,
    /// `ClaimsExchange`.
    #[builder(default)]
    #[xml(elem = "ClaimsExchange")]
    pub exchanges: Vec<ClaimsExchange<P>>,
}

impl<P> From<Vec<ClaimsExchange<P>>> for ClaimsExchanges<P> {
    fn from(exchanges: Vec<ClaimsExchange<P>>) -> Self {
        ClaimsExchanges {
            user_identity: None,
            exchanges,
        }
    }
}

/// `ClaimsExchange`: runs a technical profile in a step.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct ClaimsExchange<P = AnyPolicy> {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: ExchangeRef,
    /// `@TechnicalProfileReferenceId`.
    #[xml(attr = "TechnicalProfileReferenceId")]
    pub profile: ProfileRef<P>,
}

impl<P> ClaimsExchange<P> {
    /// The exchange `id` running `profile`.
    pub fn new(
        id: impl Into<ExchangeRef>,
        profile: impl crate::refs::IntoRef<ProfileRef<P>>,
    ) -> Self {
        ClaimsExchange {
            id: id.into(),
            profile: profile.into_ref(),
        }
    }
}

/// `JourneyList/Candidate`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct Candidate<P = AnyPolicy> {
    /// `@SubJourneyReferenceId`.
    #[xml(attr = "SubJourneyReferenceId")]
    pub sub_journey: SubJourneyRef<P>,
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&SubJourneyRef<O>> for Candidate<P> {
    fn from(handle: &SubJourneyRef<O>) -> Self {
        let reference: SubJourneyRef<P> = handle.into();
        Candidate {
            sub_journey: reference,
        }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<SubJourneyRef<O>> for Candidate<P> {
    fn from(handle: SubJourneyRef<O>) -> Self {
        (&handle).into()
    }
}
