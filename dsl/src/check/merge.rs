//! Views of a chain merged by id, as B2C merges a child into its base:
//! journeys step by step, technical profiles by id (for the protocol
//! rule), claim types with their data types. Shared by the rule modules.

use std::collections::{BTreeMap, HashMap};

use super::context::{lc, Context};
use super::rules::journey::{JourneyShape, SelectionShape, StepShape};
use crate::claims::DataType;
use crate::journeys::{OrchestrationStep, StepType};
use crate::providers::TechnicalProfile;

/// A step of a journey merged along a chain, with where its parts come
/// from: `(file index, source-map path of the step)`.
pub(crate) struct MergedStep {
    /// The merged step.
    pub step: OrchestrationStep,
    /// The declaration that restated the step last.
    pub at: (usize, String),
    /// The declaration that supplied the step's exchanges.
    pub exchanges_at: (usize, String),
    /// The declaration that supplied the step's selections.
    pub selections_at: (usize, String),
}

impl<'a> Context<'a> {
    /// The claim types of a file's chain: lowercase id -> DataType (the
    /// nearest declaration that has one).
    pub fn claim_types(&self, file: usize) -> HashMap<String, DataType> {
        let mut out = HashMap::new();
        for &f in self.chains[file].iter().rev() {
            for c in &self.files[f].policy.building_blocks.claims_schema {
                if let Some(dt) = c.data_type {
                    out.insert(lc(c.id.id()), dt);
                }
            }
        }
        out
    }

    /// Technical profiles of a chain merged by id: for each lowercase id,
    /// the declarations from the file outwards (child first).
    pub fn profiles_in_chain(&self, file: usize) -> HashMap<String, Vec<&'a TechnicalProfile>> {
        let mut out: HashMap<String, Vec<&TechnicalProfile>> = HashMap::new();
        for &f in &self.chains[file] {
            for cp in &self.files[f].policy.claims_providers {
                for tp in &cp.technical_profiles {
                    out.entry(lc(tp.id.id())).or_default().push(tp);
                }
            }
        }
        out
    }

    /// A journey's steps merged along the chain (base first). A child
    /// restating a step (same `Order`) merges into the base's step; each
    /// merged step remembers which file and path supplied its exchanges and
    /// its selections, so that findings point where the content is.
    pub fn merged_steps(&self, file: usize, id: &str, sub: bool) -> Vec<MergedStep> {
        let mut steps: BTreeMap<i32, MergedStep> = BTreeMap::new();
        for &f in self.chains[file].iter().rev() {
            for (list, base) in self.declarations(f, id, sub) {
                for (s, step) in list.iter().enumerate() {
                    let path = format!("{base}/OrchestrationSteps/OrchestrationStep[{s}]");
                    match steps.get_mut(&step.order) {
                        Some(m) => {
                            merge_step(&mut m.step, step);
                            m.at = (f, path.clone());
                            if step.exchanges.is_some() || step.step_type == StepType::SendClaims {
                                m.exchanges_at = (f, path.clone());
                            }
                            if step.selections.is_some() || step.step_type == StepType::SendClaims {
                                m.selections_at = (f, path);
                            }
                        }
                        None => {
                            steps.insert(
                                step.order,
                                MergedStep {
                                    step: step.clone(),
                                    at: (f, path.clone()),
                                    exchanges_at: (f, path.clone()),
                                    selections_at: (f, path),
                                },
                            );
                        }
                    }
                }
            }
        }
        steps.into_values().collect()
    }

    /// The declarations of journey (or sub-journey) `id` in file `f`: the
    /// steps and the source-map path of each declaration.
    pub fn declarations(
        &self,
        f: usize,
        id: &str,
        sub: bool,
    ) -> Vec<(&'a [OrchestrationStep], String)> {
        let p = &self.files[f].policy;
        if sub {
            p.sub_journeys
                .iter()
                .enumerate()
                .filter(|(_, s)| lc(s.id.id()) == id)
                .map(|(j, s)| {
                    (
                        s.steps.as_slice(),
                        format!("TrustFrameworkPolicy/SubJourneys/SubJourney[{j}]"),
                    )
                })
                .collect()
        } else {
            p.user_journeys
                .iter()
                .enumerate()
                .filter(|(_, s)| lc(s.id.id()) == id)
                .map(|(j, s)| {
                    (
                        s.steps.as_slice(),
                        format!("TrustFrameworkPolicy/UserJourneys/UserJourney[{j}]"),
                    )
                })
                .collect()
        }
    }

    /// The id of a journey as its nearest declaration spells it.
    pub fn display_id(&self, file: usize, id: &str, sub: bool) -> String {
        self.chains[file]
            .iter()
            .find_map(|&f| {
                let p = &self.files[f].policy;
                if sub {
                    p.sub_journeys
                        .iter()
                        .find(|j| lc(j.id.id()) == id)
                        .map(|j| j.id.id().to_owned())
                } else {
                    p.user_journeys
                        .iter()
                        .find(|j| lc(j.id.id()) == id)
                        .map(|j| j.id.id().to_owned())
                }
            })
            .unwrap_or_else(|| id.to_owned())
    }
}

/// Whether the profile `key` (lowercase id) has a protocol in the merged
/// chain, its own or through `IncludeTechnicalProfile`.
pub(crate) fn has_protocol(
    profiles: &HashMap<String, Vec<&TechnicalProfile>>,
    key: &str,
    seen: &mut Vec<String>,
) -> bool {
    if seen.iter().any(|s| s == key) {
        return false;
    }
    seen.push(key.to_owned());
    let Some(decls) = profiles.get(key) else {
        return false;
    };
    if decls.iter().any(|d| d.protocol.is_some()) {
        return true;
    }
    decls
        .iter()
        .filter_map(|d| d.include_technical_profile.as_ref())
        .any(|inc| has_protocol(profiles, &lc(inc.reference.id()), seen))
}

/// Merges a child's restatement of a step into the base's step: the type
/// is the child's; attributes and lists the child sets replace the base's.
pub(crate) fn merge_step(base: &mut OrchestrationStep, child: &OrchestrationStep) {
    base.step_type = child.step_type;
    if child.content_definition.is_some() {
        base.content_definition = child.content_definition.clone();
    }
    if child.cpim_issuer.is_some() {
        base.cpim_issuer = child.cpim_issuer.clone();
    }
    if !child.preconditions.is_empty() {
        base.preconditions = child.preconditions.clone();
    }
    if child.selections.is_some() {
        base.selections = child.selections.clone();
    }
    if child.exchanges.is_some() {
        base.exchanges = child.exchanges.clone();
    }
    if !child.journey_list.is_empty() {
        base.journey_list = child.journey_list.clone();
    }
    if child.step_type == StepType::SendClaims {
        base.exchanges = None;
        base.selections = None;
    }
}

/// The rule view of merged steps.
pub(crate) fn shape_of(
    merged: &[MergedStep],
    must_send_claims: bool,
    complete: bool,
) -> JourneyShape {
    JourneyShape {
        steps: merged
            .iter()
            .map(|m| &m.step)
            .map(|s| StepShape {
                order: s.order,
                step_type: s.step_type,
                exchanges: s
                    .exchanges
                    .iter()
                    .flat_map(|x| x.exchanges.iter().map(|e| e.id.id().to_owned()))
                    .collect(),
                selections: s
                    .selections
                    .iter()
                    .flat_map(|x| {
                        x.selections.iter().map(|c| SelectionShape {
                            target: c.target.as_ref().map(|t| t.id().to_owned()),
                            validation: c.validation.as_ref().map(|t| t.id().to_owned()),
                        })
                    })
                    .collect(),
            })
            .collect(),
        must_send_claims,
        complete,
    }
}
