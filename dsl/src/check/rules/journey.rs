//! J001–J008: the rules for the orchestration steps of user journeys and
//! sub-journeys, shared by the `journey!` macro and the set checker.
//!
//! The rules work on a [`JourneyShape`], a small view of a journey that both
//! the `journey!` macro (from its tokens) and the runtime checker (from a
//! [`UserJourney`]) can build. Each [`Finding`] says where it applies, so
//! the macro can point at the user's token and the checker at a line. The
//! set checker runs them on journeys as merged along each file's chain
//! (a child restating step N merges into the base's step N).
//!
//! `ief explain J001` … `J008` describe each rule.

use std::collections::BTreeSet;

use super::{Example, Module, RuleInfo};
use crate::check::context::{lc, Context};
use crate::check::merge::{shape_of, MergedStep};
use crate::check::{Category, Severity};
use crate::journeys::{OrchestrationStep, StepType, SubJourney, UserJourney};
use crate::resolve::same_id;

/// One step, as far as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepShape {
    /// `@Order`.
    pub order: i32,
    /// `@Type`.
    pub step_type: StepType,
    /// The ids of the step's claims exchanges, in order.
    pub exchanges: Vec<String>,
    /// The step's claims provider selections, in order.
    pub selections: Vec<SelectionShape>,
}

/// One claims provider selection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SelectionShape {
    /// `@TargetClaimsExchangeId`.
    pub target: Option<String>,
    /// `@ValidationClaimsExchangeId`.
    pub validation: Option<String>,
}

/// A journey, as far as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JourneyShape {
    /// The steps, in document order.
    pub steps: Vec<StepShape>,
    /// Whether the journey is complete and started by a relying party, so
    /// that it must issue a token: have a `SendClaims` step, or end by
    /// handing over to a sub-journey (J008). False for sub-journeys and for
    /// partial overrides of a base policy's journey.
    pub must_send_claims: bool,
    /// Whether the steps are a complete journey, so that the rules across
    /// steps apply (J001, J003, J004, J007). False for partial overrides,
    /// which restate only some steps of a base journey.
    pub complete: bool,
}

/// Where a finding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The whole journey.
    Journey,
    /// Step `n` (0-based index into [`JourneyShape::steps`]).
    Step(usize),
    /// Exchange `e` of step `s`.
    Exchange(usize, usize),
    /// Selection `i` of step `s`.
    Selection(usize, usize),
}

/// A rule violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable code, e.g. `J003`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where that can be said.
    pub help: Option<String>,
    /// Where it applies.
    pub at: Location,
}

impl Finding {
    fn of(rule: &RuleInfo, at: Location, message: String, help: Option<String>) -> Self {
        Finding {
            code: rule.code,
            severity: rule.severity,
            message,
            help,
            at,
        }
    }
}

fn is_selection_step(step: &StepShape) -> bool {
    !step.selections.is_empty()
        || matches!(
            step.step_type,
            StepType::ClaimsProviderSelection | StepType::CombinedSignInAndSignUp
        )
}

/// Runs every journey rule over `journey`.
pub fn check(journey: &JourneyShape) -> Vec<Finding> {
    let mut out = Vec::new();
    let steps = &journey.steps;

    // J002 and J001: orders.
    for (i, step) in steps.iter().enumerate() {
        if let Some(first) = steps[..i].iter().position(|s| s.order == step.order) {
            out.push(Finding::of(
                &J002,
                Location::Step(i),
                format!(
                    "step order {} is used twice (steps {} and {} of the journey)",
                    step.order,
                    first + 1,
                    i + 1
                ),
                Some("give every step its own order".into()),
            ));
        }
    }
    if journey.complete {
        // B2C runs steps by their Order, whatever the document order: the
        // orders, sorted, must be 1..N.
        let mut by_order: Vec<(i32, usize)> = steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.order, i))
            .collect();
        by_order.sort();
        for (n, (order, i)) in by_order.iter().enumerate() {
            let expected = n as i32 + 1;
            if *order != expected {
                out.push(Finding::of(
                    &J001,
                    Location::Step(*i),
                    format!(
                        "a step has order {order}, but the orders of the journey's {} steps must be 1..{} without gaps",
                        steps.len(),
                        steps.len()
                    ),
                    Some(format!("number this step {expected}")),
                ));
                break;
            }
        }
    }

    // J006: duplicate exchange ids.
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (s, step) in steps.iter().enumerate() {
        for (e, id) in step.exchanges.iter().enumerate() {
            if let Some((first, first_step)) = seen.iter().find(|(x, _)| same_id(x, id)) {
                out.push(Finding::of(
                    &J006,
                    Location::Exchange(s, e),
                    format!(
                        "claims exchange id `{id}` is already used by step {} (as `{first}`); \
                         exchange ids must be unique in a journey, ignoring case",
                        first_step + 1
                    ),
                    Some("rename one of the exchanges".into()),
                ));
            } else {
                seen.push((id, s));
            }
        }
    }

    // J003, J004, J005: selections. A partial restatement of a base
    // journey lacks the base's other steps and exchanges, so the rules that
    // look across steps (J003, J004, J007) apply only to complete journeys.
    for (s, step) in steps.iter().enumerate() {
        for (i, sel) in step.selections.iter().enumerate() {
            match (&sel.target, &sel.validation) {
                (Some(_), Some(_)) | (None, None) => out.push(Finding::of(
                    &J005,
                    Location::Selection(s, i),
                    "a claims provider selection needs exactly one of TargetClaimsExchangeId and ValidationClaimsExchangeId".into(),
                    None,
                )),
                (Some(_), None) | (None, Some(_)) if !journey.complete => {}
                (Some(target), None) => {
                    // "Later" is by Order, the order B2C runs the steps in.
                    let later = steps.iter().any(|st| {
                        st.order > step.order && st.exchanges.iter().any(|x| same_id(x, target))
                    });
                    if !later {
                        let elsewhere = steps.iter().position(|st| {
                            st.order <= step.order && st.exchanges.iter().any(|x| same_id(x, target))
                        });
                        let help = match elsewhere {
                            Some(k) if k == s => Some(format!(
                                "`{target}` is an exchange of this same step: select it with a validation selection instead"
                            )),
                            Some(k) => Some(format!(
                                "`{target}` is an exchange of the earlier step {}: a target must come later",
                                steps[k].order
                            )),
                            None => Some(format!(
                                "add a later step with a claims exchange `{target}`"
                            )),
                        };
                        out.push(Finding::of(
                            &J003,
                            Location::Selection(s, i),
                            format!(
                                "selection target `{target}` has no claims exchange in a later step"
                            ),
                            help,
                        ));
                    }
                }
                (None, Some(validation)) => {
                    if !step.exchanges.iter().any(|x| same_id(x, validation)) {
                        out.push(Finding::of(
                            &J004,
                            Location::Selection(s, i),
                            format!(
                                "validation selection `{validation}` has no claims exchange in the same step"
                            ),
                            Some(format!(
                                "add `exchange {validation} = ...` to this step"
                            )),
                        ));
                    }
                }
            }
        }
    }

    // J007: a multi-exchange step needs an earlier selection step.
    for (s, step) in steps.iter().enumerate() {
        if journey.complete
            && step.exchanges.len() >= 2
            && !steps
                .iter()
                .any(|st| st.order < step.order && is_selection_step(st))
        {
            out.push(Finding::of(
                &J007,
                Location::Step(s),
                format!(
                    "step {} has {} claims exchanges but no earlier step lets the user choose between them",
                    step.order,
                    step.exchanges.len()
                ),
                Some(
                    "add a ClaimsProviderSelection (or CombinedSignInAndSignUp) step before it whose selections target these exchanges"
                        .into(),
                ),
            ));
        }
    }

    // J008: a token is issued. Steps after SendClaims are allowed:
    // Microsoft's Application Insights guide records the end of a journey
    // in a step right after it.
    if journey.must_send_claims {
        let last = steps.iter().enumerate().max_by_key(|(_, s)| s.order);
        let sends = steps.iter().any(|s| s.step_type == StepType::SendClaims);
        let hands_over = last.is_some_and(|(_, s)| s.step_type == StepType::InvokeSubJourney);
        if !sends && !hands_over {
            let at = match last {
                None => Location::Journey,
                Some((i, _)) => Location::Step(i),
            };
            out.push(Finding::of(
                &J008,
                at,
                "the journey has no SendClaims step, so no token is issued".into(),
                Some(
                    "add a `SendClaims` step with the token issuer (steps after it, such as a journey recorder, are allowed)"
                        .into(),
                ),
            ));
        }
    }
    out
}

fn step_shape<P>(step: &OrchestrationStep<P>) -> StepShape {
    StepShape {
        order: step.order,
        step_type: step.step_type,
        exchanges: step
            .exchanges
            .iter()
            .flat_map(|x| x.exchanges.iter().map(|e| e.id.id().to_owned()))
            .collect(),
        selections: step
            .selections
            .iter()
            .flat_map(|x| {
                x.selections.iter().map(|s| SelectionShape {
                    target: s.target.as_ref().map(|t| t.id().to_owned()),
                    validation: s.validation.as_ref().map(|t| t.id().to_owned()),
                })
            })
            .collect(),
    }
}

impl JourneyShape {
    /// The shape of `steps`: whether the journey must end with
    /// `SendClaims` (a user journey) and whether the steps are the whole
    /// journey (not a child policy's restated part of it).
    pub fn of_steps<'s, P: 's>(
        steps: impl IntoIterator<Item = &'s OrchestrationStep<P>>,
        must_send_claims: bool,
        complete: bool,
    ) -> Self {
        JourneyShape {
            steps: steps.into_iter().map(step_shape).collect(),
            must_send_claims,
            complete,
        }
    }

    /// The shape of a complete user journey that a relying party starts.
    pub fn of_journey<P>(journey: &UserJourney<P>) -> Self {
        Self::of_steps(&journey.steps, true, true)
    }

    /// The shape of a sub-journey (no `SendClaims` required).
    pub fn of_sub_journey<P>(sub: &SubJourney<P>) -> Self {
        Self::of_steps(&sub.steps, false, true)
    }
}

/// The claims providers of the journey examples: the token issuer and two
/// self-asserted pages.
macro_rules! pages {
    () => {
        concat!(
            "  <ClaimsProviders>\n",
            issuer!(),
            r#"    <ClaimsProvider>
      <DisplayName>Pages</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Email">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
        <TechnicalProfile Id="SelfAsserted-Phone">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        )
    };
}

/// An example policy with the pages and the steps given as the journey
/// `SignIn`.
macro_rules! sign_in_steps {
    ($steps:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkBase",
            pages!(),
            "  <UserJourneys>\n    <UserJourney Id=\"SignIn\">\n      <OrchestrationSteps>\n",
            $steps,
            "      </OrchestrationSteps>\n    </UserJourney>\n  </UserJourneys>\n"
        )
    };
}

const SOURCE: &str = "FACTS.md §6 (Orchestration steps) and §3 (UniqueOrchestrationStepOrder, UniqueClaimsExchangeId)";

/// J001.
pub static J001: RuleInfo = RuleInfo {
    code: "J001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "step orders run 1..N without gaps",
    explanation: "B2C runs a journey's steps by their `Order`, not by where they stand in the \
        file, and the documentation asks for orders numbered 1 to N without skipping any \
        (Microsoft's guides repeat it whenever they add a step). A gap or an `Order=\"0\"` is \
        what a step removed or inserted by hand leaves behind. The rule reads the journey as \
        merged along the chain, so a child that adds step 8 to a base journey of 7 steps is \
        fine. Renumber the steps 1..N (the help says which number the first wrong step should \
        have).",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    source: SOURCE,
};

/// J002.
pub static J002: RuleInfo = RuleInfo {
    code: "J002",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "no two steps of one journey share an order",
    explanation: "The schema declares `Order` a key of a journey's steps, so B2C's schema \
        validation rejects a journey that uses one order twice (`Duplicate key-sequence` from a \
        validating parser); it would not know which step runs. This is checked on each file's \
        own declaration of the journey: a child restating step 3 of its base is a merge, not a \
        duplicate. Give every step its own order.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    source: SOURCE,
};

/// J003.
pub static J003: RuleInfo = RuleInfo {
    code: "J003",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a `TargetClaimsExchangeId` names an exchange of a later step",
    explanation: "A claims provider selection with `TargetClaimsExchangeId` is a button: when \
        the user picks it, B2C runs the claims exchange with that id in a later step (in \
        practice almost always the next one). If no later step has an exchange with that id \
        (ids are compared ignoring case), the button leads nowhere. When the id is an exchange \
        of the same step, the selection should be a `ValidationClaimsExchangeId` instead; the \
        help says so. Fix the id, or add the exchange to the step after the selection.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsProviderSelection">
          <ClaimsProviderSelections>
            <ClaimsProviderSelection TargetClaimsExchangeId="EmailExchange" />
            <ClaimsProviderSelection TargetClaimsExchangeId="PhoneExchnage" />
          </ClaimsProviderSelections>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsProviderSelection">
          <ClaimsProviderSelections>
            <ClaimsProviderSelection TargetClaimsExchangeId="EmailExchange" />
            <ClaimsProviderSelection TargetClaimsExchangeId="PhoneExchange" />
          </ClaimsProviderSelections>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    source: SOURCE,
};

/// J004.
pub static J004: RuleInfo = RuleInfo {
    code: "J004",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a `ValidationClaimsExchangeId` names an exchange of the same step",
    explanation: "A selection with `ValidationClaimsExchangeId` is the form on a combined \
        sign-in page: submitting it runs the claims exchange with that id in the same step \
        (every such selection in the public corpus does so). If the step has no exchange with \
        that id (compared ignoring case), submitting the form does nothing useful. Fix the id, \
        or add the exchange to this step.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="CombinedSignInAndSignUp">
          <ClaimsProviderSelections>
            <ClaimsProviderSelection ValidationClaimsExchangeId="LocalSignInExchange" />
          </ClaimsProviderSelections>
          <ClaimsExchanges>
            <ClaimsExchange Id="LocalSignIn" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="CombinedSignInAndSignUp">
          <ClaimsProviderSelections>
            <ClaimsProviderSelection ValidationClaimsExchangeId="LocalSignInExchange" />
          </ClaimsProviderSelections>
          <ClaimsExchanges>
            <ClaimsExchange Id="LocalSignInExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    source: SOURCE,
};

/// J005.
pub static J005: RuleInfo = RuleInfo {
    code: "J005",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a selection has exactly one of target and validation",
    explanation: "Each `ClaimsProviderSelection` is either a button that leads to an exchange \
        in a later step (`TargetClaimsExchangeId`) or the form of the current step \
        (`ValidationClaimsExchangeId`). The schema makes both attributes optional, but the \
        documentation requires exactly one: with neither the selection does nothing, with both \
        it is ambiguous. Keep the one you mean.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsProviderSelection">
          <ClaimsProviderSelections>
            <ClaimsProviderSelection TargetClaimsExchangeId="EmailExchange" />
            <ClaimsProviderSelection />
          </ClaimsProviderSelections>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsProviderSelection">
          <ClaimsProviderSelections>
            <ClaimsProviderSelection TargetClaimsExchangeId="EmailExchange" />
            <ClaimsProviderSelection TargetClaimsExchangeId="PhoneExchange" />
          </ClaimsProviderSelections>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    source: SOURCE,
};

/// J006.
pub static J006: RuleInfo = RuleInfo {
    code: "J006",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "claims exchange ids are unique in a journey (ignoring case)",
    explanation: "The schema declares a key on the claims exchange ids of a whole journey, not \
        of one step, and selections find exchanges by that id; B2C compares the ids ignoring \
        case, so `Email` and `email` in two steps are one id to it. The same spelling twice \
        fails schema validation; two spellings that differ only in case pass it but leave a \
        selection with two exchanges to choose from. Rename one of the exchanges (and the \
        selections that target it).",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="collectExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    source: SOURCE,
};

/// J007.
pub static J007: RuleInfo = RuleInfo {
    code: "J007",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a step with two or more exchanges follows a selection step",
    explanation: "When a step has several claims exchanges, B2C runs the one the user chose \
        in an earlier claims provider selection (or combined sign-in) step. Without such a \
        step there is no choice to go by, and the upload fails with `User journey \"J\" … has \
        step N with 2 claims exchanges. It must be preceded by a claims provider selection in \
        order to determine which claims exchange can be used.` Add a selection step before it \
        whose selections target these exchanges, or split the exchanges into steps of their \
        own.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: sign_in_steps!(
            r#"        <OrchestrationStep Order="1" Type="ClaimsProviderSelection">
          <ClaimsProviderSelections>
            <ClaimsProviderSelection TargetClaimsExchangeId="EmailExchange" />
            <ClaimsProviderSelection TargetClaimsExchangeId="PhoneExchange" />
          </ClaimsProviderSelections>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
        ),
    }],
    source: "FACTS.md §6 (Claims provider selection) and §8 (`… must be preceded by a claims provider selection …`)",
};

/// J008.
pub static J008: RuleInfo = RuleInfo {
    code: "J008",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a journey a relying party starts has a `SendClaims` step",
    explanation: "A journey that an application starts through a relying party must issue a \
        token: it needs a `SendClaims` step with the token issuer \
        (`CpimIssuerTechnicalProfileReferenceId`), or it must end by handing over to a \
        sub-journey (`InvokeSubJourney`, which may transfer control to one that sends the \
        claims). Without either the user goes through the journey and no token is ever \
        returned. The `SendClaims` step need not be the last one: Microsoft's guide \"Track user \
        behavior in Azure AD B2C by using Application Insights\" (section \"Add the technical \
        profiles as orchestration steps\") places a step that records the completed sign-in \
        (the `AppInsights-SignInComplete` claims exchange) right after `SendClaims`, so B2C \
        accepts steps after it; ief used to require `SendClaims` last and reported such \
        journeys wrongly. The rule reads the journey as merged along the chain; sub-journeys \
        and journeys no relying party starts are not checked. Add a `SendClaims` step with the \
        token issuer.",
    failing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: policy!(
            "B2C_1A_signup_signin",
            pages!(),
            r#"  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="PhoneExchange" TechnicalProfileReferenceId="SelfAsserted-Phone" />
          </ClaimsExchanges>
        </OrchestrationStep>
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
"#,
            relying_party!()
        ),
    }],
    passing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: policy!(
            "B2C_1A_signup_signin",
            "  <ClaimsProviders>\n",
            issuer!(),
            r#"    <ClaimsProvider>
      <DisplayName>Pages and telemetry</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Email">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
        <TechnicalProfile Id="AppInsights-SignInComplete">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="InstrumentationKey">00000000-0000-0000-0000-000000000000</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="EmailExchange" TechnicalProfileReferenceId="SelfAsserted-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
        <OrchestrationStep Order="3" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="TrackSignInComplete" TechnicalProfileReferenceId="AppInsights-SignInComplete" />
          </ClaimsExchanges>
        </OrchestrationStep>
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
"#,
            relying_party!()
        ),
    }],
    source: "Microsoft Learn, \"Track user behavior in Azure AD B2C by using Application Insights\" (a step after SendClaims); FACTS.md §6 (Orchestration steps: SendClaims, and journeys without one end in InvokeSubJourney)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&J001, &J002, &J003, &J004, &J005, &J006, &J007, &J008],
    run,
};

/// The rule of a finding's code.
fn rule_of(code: &str) -> &'static RuleInfo {
    MODULE
        .rules
        .iter()
        .copied()
        .find(|r| r.code == code)
        .unwrap_or(&J001)
}

/// The journey rules over every file: each journey a file declares, and
/// each its relying party starts, as merged along the file's chain; each
/// sub-journey it declares.
fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let started: BTreeSet<String> = cx.files[i]
            .policy
            .relying_party
            .iter()
            .flat_map(|rp| {
                rp.default_user_journey
                    .iter()
                    .map(|d| lc(d.reference.id()))
                    .chain(rp.endpoints.iter().map(|e| lc(e.journey.id())))
            })
            .collect();
        // Journeys to check from this file: those it declares, and
        // those its relying party starts.
        let mut ids: Vec<String> = cx.files[i]
            .policy
            .user_journeys
            .iter()
            .map(|j| lc(j.id.id()))
            .collect();
        ids.extend(started.iter().cloned());
        ids.sort();
        ids.dedup();
        for id in ids {
            let merged = cx.merged_steps(i, &id, false);
            if merged.is_empty() {
                continue;
            }
            let display = cx.display_id(i, &id, false);
            run_journey(cx, i, (&id, false), &display, merged, started.contains(&id));
        }
        let subs: Vec<String> = cx.files[i]
            .policy
            .sub_journeys
            .iter()
            .map(|s| lc(s.id.id()))
            .collect();
        for id in subs {
            let merged = cx.merged_steps(i, &id, true);
            let display = cx.display_id(i, &id, true);
            run_journey(cx, i, (&id, true), &display, merged, false);
        }
    }
}

fn run_journey(
    cx: &Context<'_>,
    file: usize,
    (id, sub): (&str, bool),
    display: &str,
    merged: Vec<MergedStep<'_>>,
    started: bool,
) {
    // Duplicate orders within this file's own declaration (J002) are
    // seen on the raw steps; the merged view has one step per order.
    let kind = if sub { "sub-journey" } else { "user journey" };
    for (steps, base) in cx.declarations(file, id, sub) {
        let orders: Vec<i32> = steps.iter().map(|s| s.order).collect();
        for (s, o) in orders.iter().enumerate() {
            if orders[..s].contains(o) {
                cx.report(
                    &J002,
                    file,
                    &format!("{base}/OrchestrationSteps/OrchestrationStep[{s}]@Order"),
                    format!("step order {o} is used twice in {kind} `{display}`"),
                    Some("give every step its own order".into()),
                    Some(display),
                );
            }
        }
    }
    // The other rules read the journey as merged along the chain; on a
    // broken chain the missing part's steps are unknown.
    if !cx.complete[file] {
        return;
    }
    let shape = shape_of(&merged, started, true);
    for f in check(&shape) {
        if f.code == "J002" {
            continue;
        }
        // Report where the content at fault was declared. If that is an
        // ancestor, its own pass reports the same finding, and the
        // duplicate is dropped; a problem that arises only from this
        // file's merge still points at the ancestor's content, with this
        // file named in the message.
        let (target, path) = match f.at {
            Location::Journey => (file, "TrustFrameworkPolicy".to_string()),
            Location::Step(s) => (merged[s].at.0, format!("{}@Order", merged[s].at.1)),
            Location::Exchange(s, e) => (
                merged[s].exchanges_at.0,
                format!(
                    "{}/ClaimsExchanges[0]/ClaimsExchange[{e}]@Id",
                    merged[s].exchanges_at.1
                ),
            ),
            Location::Selection(s, n) => (
                merged[s].selections_at.0,
                format!(
                    "{}/ClaimsProviderSelections[0]/ClaimsProviderSelection[{n}]",
                    merged[s].selections_at.1
                ),
            ),
        };
        let via = if target != file && finding_only_after_merge(cx, target, id, sub, &f) {
            format!(" (as merged with {})", cx.files[file].file)
        } else {
            String::new()
        };
        cx.report_as(
            (rule_of(f.code), f.severity),
            target,
            &path,
            format!("in {kind} `{display}`{via}: {}", f.message),
            f.help,
            Some(display),
        );
    }
}

/// Whether `finding` would not be reported for the journey as merged in
/// the ancestor `ancestor` alone, i.e. it arises from a descendant's
/// merge.
fn finding_only_after_merge(
    cx: &Context<'_>,
    ancestor: usize,
    id: &str,
    sub: bool,
    finding: &Finding,
) -> bool {
    let merged = cx.merged_steps(ancestor, id, sub);
    if merged.is_empty() {
        return true;
    }
    let shape = shape_of(&merged, false, true);
    !check(&shape)
        .iter()
        .any(|g| g.code == finding.code && g.message == finding.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(
        order: i32,
        t: StepType,
        ex: &[&str],
        sel: &[(Option<&str>, Option<&str>)],
    ) -> StepShape {
        StepShape {
            order,
            step_type: t,
            exchanges: ex.iter().map(|s| s.to_string()).collect(),
            selections: sel
                .iter()
                .map(|(t, v)| SelectionShape {
                    target: t.map(String::from),
                    validation: v.map(String::from),
                })
                .collect(),
        }
    }

    fn codes(shape: &JourneyShape) -> Vec<&'static str> {
        check(shape).into_iter().map(|f| f.code).collect()
    }

    fn journey(steps: Vec<StepShape>) -> JourneyShape {
        JourneyShape {
            steps,
            must_send_claims: true,
            complete: true,
        }
    }

    #[test]
    fn starter_pack_shape_is_clean() {
        let j = journey(vec![
            step(
                1,
                StepType::CombinedSignInAndSignUp,
                &["LocalAccountSigninEmailExchange"],
                &[
                    (None, Some("LocalAccountSigninEmailExchange")),
                    (Some("FacebookExchange"), None),
                ],
            ),
            step(
                2,
                StepType::ClaimsExchange,
                &["FacebookExchange", "SignUpWithLogonEmailExchange"],
                &[],
            ),
            step(3, StepType::SendClaims, &[], &[]),
        ]);
        assert!(check(&j).is_empty(), "{:?}", check(&j));
    }

    #[test]
    fn gaps_and_duplicate_orders() {
        let j = journey(vec![
            step(1, StepType::ClaimsExchange, &["A"], &[]),
            step(3, StepType::SendClaims, &[], &[]),
        ]);
        assert_eq!(codes(&j), vec!["J001"]);
        let j = journey(vec![
            step(1, StepType::ClaimsExchange, &["A"], &[]),
            step(1, StepType::SendClaims, &[], &[]),
        ]);
        assert_eq!(codes(&j), vec!["J002", "J001"]);
    }

    #[test]
    fn selection_rules() {
        let j = journey(vec![
            step(1, StepType::ClaimsExchange, &["Early"], &[]),
            step(
                2,
                StepType::ClaimsProviderSelection,
                &[],
                &[(Some("Early"), None), (Some("Nowhere"), None)],
            ),
            step(3, StepType::SendClaims, &[], &[]),
        ]);
        let f = check(&j);
        assert_eq!(
            f.iter().map(|f| f.code).collect::<Vec<_>>(),
            vec!["J003", "J003"]
        );
        assert!(f[0].help.as_deref().unwrap().contains("earlier step 1"));
        assert_eq!(f[1].at, Location::Selection(1, 1));

        let j = journey(vec![
            step(
                1,
                StepType::CombinedSignInAndSignUp,
                &[],
                &[(None, Some("Missing"))],
            ),
            step(2, StepType::SendClaims, &[], &[]),
        ]);
        assert_eq!(codes(&j), vec!["J004"]);
    }

    #[test]
    fn duplicate_exchange_ids_ignore_case() {
        let j = journey(vec![
            step(1, StepType::ClaimsExchange, &["Read"], &[]),
            step(2, StepType::ClaimsExchange, &["READ"], &[]),
            step(3, StepType::SendClaims, &[], &[]),
        ]);
        let f = check(&j);
        assert_eq!(f[0].code, "J006");
        assert_eq!(f[0].at, Location::Exchange(1, 0));
    }

    #[test]
    fn steps_after_send_claims_are_allowed_but_a_send_claims_step_is_needed() {
        // Microsoft's Application Insights guide records the completed
        // sign-in in a step right after SendClaims.
        let recorder = journey(vec![
            step(1, StepType::ClaimsExchange, &["Collect"], &[]),
            step(2, StepType::SendClaims, &[], &[]),
            step(3, StepType::ClaimsExchange, &["TrackSignInComplete"], &[]),
        ]);
        assert!(check(&recorder).is_empty(), "{:?}", check(&recorder));
        // Handing over to a sub-journey at the end still counts.
        let transfer = journey(vec![
            step(1, StepType::ClaimsExchange, &["Collect"], &[]),
            step(2, StepType::InvokeSubJourney, &[], &[]),
        ]);
        assert!(check(&transfer).is_empty(), "{:?}", check(&transfer));
        // A sub-journey call in the middle does not issue the token.
        let no_token = journey(vec![
            step(1, StepType::InvokeSubJourney, &[], &[]),
            step(2, StepType::ClaimsExchange, &["Collect"], &[]),
        ]);
        let f = check(&no_token);
        assert_eq!(f.iter().map(|f| f.code).collect::<Vec<_>>(), ["J008"]);
        assert_eq!(f[0].at, Location::Step(1));
        assert!(
            f[0].message.contains("no SendClaims step"),
            "{}",
            f[0].message
        );
        // Without steps, the whole journey is at fault.
        let empty = journey(vec![]);
        assert_eq!(check(&empty)[0].at, Location::Journey);
    }

    #[test]
    fn multi_exchange_needs_selection_and_journey_needs_send_claims() {
        let j = journey(vec![step(1, StepType::ClaimsExchange, &["A", "B"], &[])]);
        assert_eq!(codes(&j), vec!["J007", "J008"]);
        let sub = JourneyShape {
            must_send_claims: false,
            ..journey(vec![step(1, StepType::ClaimsExchange, &["A"], &[])])
        };
        assert!(check(&sub).is_empty());
    }
}

#[cfg(test)]
mod order_and_partial_tests {
    use super::*;

    fn step(order: i32, t: StepType, ex: &[&str], targets: &[&str]) -> StepShape {
        StepShape {
            order,
            step_type: t,
            exchanges: ex.iter().map(|s| s.to_string()).collect(),
            selections: targets
                .iter()
                .map(|t| SelectionShape {
                    target: Some(t.to_string()),
                    validation: None,
                })
                .collect(),
        }
    }

    #[test]
    fn document_order_does_not_matter_only_the_orders_do() {
        let j = JourneyShape {
            steps: vec![
                step(2, StepType::ClaimsExchange, &["A", "B"], &[]),
                step(1, StepType::ClaimsProviderSelection, &[], &["A", "B"]),
                step(3, StepType::SendClaims, &[], &[]),
            ],
            must_send_claims: true,
            complete: true,
        };
        assert!(check(&j).is_empty(), "{:?}", check(&j));
    }

    #[test]
    fn partial_journeys_skip_the_rules_that_need_the_base() {
        // Restating only step 1 (its target lives in the base's step 2) and
        // only step 2 (its selection lives in the base's step 1).
        let j = JourneyShape {
            steps: vec![
                step(1, StepType::ClaimsProviderSelection, &[], &["InBase"]),
                step(4, StepType::ClaimsExchange, &["X", "Y", "Z"], &[]),
            ],
            must_send_claims: false,
            complete: false,
        };
        assert!(check(&j).is_empty(), "{:?}", check(&j));
        // Rules within what is restated still hold.
        let dup = JourneyShape {
            steps: vec![step(2, StepType::ClaimsExchange, &["X", "x"], &[])],
            must_send_claims: false,
            complete: false,
        };
        assert_eq!(check(&dup)[0].code, "J006");
    }
}
