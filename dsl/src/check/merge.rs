//! The checker's views of a file's chain as B2C merges it, all read from
//! the file's effective policy ([`crate::resolve`], the one place the merge
//! rules live): journeys step by step with where each part was written,
//! technical profiles with their includes, claim types with their data
//! types. Shared by the rule modules.

use super::context::{lc, Context};
use super::rules::journey::JourneyShape;
use crate::claims::DataType;
use crate::journeys::{OrchestrationStep, SubJourney, UserJourney};
use crate::resolve::{ElementKind, Origin, SourcePath};

/// A step of a journey merged along a chain, with where its parts come
/// from: `(file index, source-map path of the step)`. Borrows the file's
/// effective policy.
pub(crate) struct MergedStep<'e> {
    /// The merged step.
    pub step: &'e OrchestrationStep,
    /// The declaration that restated the step last.
    pub at: (usize, SourcePath),
    /// The declaration that supplied the step's exchanges.
    pub exchanges_at: (usize, SourcePath),
    /// The declaration that supplied the step's selections.
    pub selections_at: (usize, SourcePath),
}

fn pair(o: &Origin) -> (usize, SourcePath) {
    (o.file, o.path)
}

impl<'a> Context<'a> {
    /// The `DataType` of claim type `id` (ignoring case) in a file's chain:
    /// the nearest declaration that has one.
    pub fn data_type(&self, file: usize, id: &str) -> Option<DataType> {
        self.merged_of(file).claim_type(id)?.data_type
    }

    /// Whether technical profile `id` is defined in `file`'s chain.
    pub fn has_profile(&self, file: usize, id: &str) -> bool {
        self.merged_of(file).technical_profile(id).is_some()
    }

    /// Whether technical profile `id` has a protocol in `file`'s chain, its
    /// own or through `IncludeTechnicalProfile`.
    pub fn has_protocol(&self, file: usize, id: &str) -> bool {
        self.merged_of(file)
            .profile_with_includes_cow(id)
            .is_some_and(|tp| tp.protocol.is_some())
    }

    /// The `IncludeTechnicalProfile` of profile `id` as merged in `file`'s
    /// chain.
    pub fn include_of(&self, file: usize, id: &str) -> Option<String> {
        self.merged_of(file)
            .technical_profile(id)?
            .include_technical_profile
            .as_ref()
            .map(|r| r.reference.id().to_owned())
    }

    /// A journey's steps merged along the chain (base first), each with
    /// the declarations that supplied it, its exchanges and its selections,
    /// so that findings point where the content is.
    pub fn merged_steps(&self, file: usize, id: &str, sub: bool) -> Vec<MergedStep<'_>> {
        let eff = self.merged_of(file);
        let (kind, steps): (ElementKind, &[OrchestrationStep]) = if sub {
            match eff.sub_journey(id) {
                Some(SubJourney { steps, .. }) => (ElementKind::SubJourney, steps),
                None => return Vec::new(),
            }
        } else {
            match eff.user_journey(id) {
                Some(UserJourney { steps, .. }) => (ElementKind::UserJourney, steps),
                None => return Vec::new(),
            }
        };
        let Some(origin) = eff.provenance.element(kind, id) else {
            return Vec::new();
        };
        steps
            .iter()
            .filter_map(|step| {
                let o = step.order;
                let at = origin.part(&format!("Step:{o}"))?;
                let part = |name: &str| {
                    origin
                        .part(&format!("Step:{o}/{name}"))
                        .map(pair)
                        .unwrap_or_else(|| pair(at))
                };
                Some(MergedStep {
                    step,
                    at: pair(at),
                    exchanges_at: part("ClaimsExchanges"),
                    selections_at: part("ClaimsProviderSelections"),
                })
            })
            .collect()
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

/// The rule view of merged steps.
pub(crate) fn shape_of(
    merged: &[MergedStep<'_>],
    must_send_claims: bool,
    complete: bool,
) -> JourneyShape {
    JourneyShape::of_steps(merged.iter().map(|m| m.step), must_send_claims, complete)
}
