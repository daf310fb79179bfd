//! Rules for the orchestration steps of user journeys and sub-journeys.
//!
//! The rules work on a [`JourneyShape`], a small view of a journey that both
//! the `journey!` macro (from its tokens) and the runtime checker (from a
//! [`UserJourney`]) can build. Each [`Finding`] says where it applies, so
//! the macro can point at the user's token and the checker at a line.
//!
//! | code | rule |
//! |---|---|
//! | J001 | step orders run 1..N without gaps |
//! | J002 | no two steps share an order |
//! | J003 | a `TargetClaimsExchangeId` names an exchange of a later step |
//! | J004 | a `ValidationClaimsExchangeId` names an exchange of the same step |
//! | J005 | a selection has exactly one of target and validation |
//! | J006 | exchange ids are unique in the journey (case-insensitive) |
//! | J007 | a step with two or more exchanges follows a selection step |
//! | J008 | a journey a relying party starts ends with `SendClaims` |

use crate::journeys::{OrchestrationStep, StepType, SubJourney, UserJourney};

use super::Severity;

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
    /// that it must end with `SendClaims` (J008). False for sub-journeys
    /// and for partial overrides of a base policy's journey.
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
    fn error(code: &'static str, at: Location, message: String, help: Option<String>) -> Self {
        Finding {
            code,
            severity: Severity::Error,
            message,
            help,
            at,
        }
    }
}

fn same_id(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
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
            out.push(Finding::error(
                "J002",
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
                out.push(Finding::error(
                    "J001",
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
                out.push(Finding::error(
                    "J006",
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
                (Some(_), Some(_)) | (None, None) => out.push(Finding::error(
                    "J005",
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
                        out.push(Finding::error(
                            "J003",
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
                        out.push(Finding::error(
                            "J004",
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
            out.push(Finding::error(
                "J007",
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

    // J008: ends with SendClaims.
    if journey.must_send_claims {
        let last = steps.iter().enumerate().max_by_key(|(_, s)| s.order);
        let ends_well = last.is_some_and(|(_, s)| {
            matches!(
                s.step_type,
                StepType::SendClaims | StepType::InvokeSubJourney
            )
        });
        if !ends_well {
            let at = match last {
                None => Location::Journey,
                Some((i, _)) => Location::Step(i),
            };
            out.push(Finding::error(
                "J008",
                at,
                "the journey does not end with a SendClaims step, so no token is issued".into(),
                Some("add a final `SendClaims` step with the token issuer".into()),
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
    /// The shape of a complete user journey that a relying party starts.
    pub fn of_journey<P>(journey: &UserJourney<P>) -> Self {
        JourneyShape {
            steps: journey.steps.iter().map(step_shape).collect(),
            must_send_claims: true,
            complete: true,
        }
    }

    /// The shape of a sub-journey (no `SendClaims` required).
    pub fn of_sub_journey<P>(sub: &SubJourney<P>) -> Self {
        JourneyShape {
            steps: sub.steps.iter().map(step_shape).collect(),
            must_send_claims: false,
            complete: true,
        }
    }
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
