//! The checker's views of a file's chain as B2C merges it, all read from
//! the file's effective policy ([`crate::resolve`], the one place the merge
//! rules live): journeys step by step with where each part was written,
//! technical profiles with their includes, claim types with their data
//! types. Shared by the rule modules.

use super::context::{lc, Context};
use super::rules::journey::JourneyShape;
use crate::claims::DataType;
use crate::journeys::{OrchestrationStep, SubJourney, UserJourney};
use crate::resolve::{idx, same_id, ElementKind, Origin, SourcePath};

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
        self.merged_claim_type(file, id)?.data_type
    }

    /// Whether technical profile `id` is defined in `file`'s chain.
    pub fn has_profile(&self, file: usize, id: &str) -> bool {
        self.merged_profile(file, id).is_some()
    }

    /// Whether technical profile `id` has a protocol in `file`'s chain, its
    /// own or through `IncludeTechnicalProfile`.
    pub fn has_protocol(&self, file: usize, id: &str) -> bool {
        self.profile_in_chain(file, id)
            .is_some_and(|tp| tp.protocol.is_some())
    }

    /// The `IncludeTechnicalProfile` of profile `id` as merged in `file`'s
    /// chain.
    pub fn include_of(&self, file: usize, id: &str) -> Option<String> {
        self.merged_profile(file, id)?
            .include_technical_profile
            .as_ref()
            .map(|r| r.reference.id().to_owned())
    }

    /// A journey's steps merged along the chain (base first), each with
    /// the declarations that supplied it, its exchanges and its selections,
    /// so that findings point where the content is.
    pub fn merged_steps(&self, file: usize, id: &str, sub: bool) -> Vec<MergedStep<'_>> {
        if let Some(steps) = self.root_steps(file, id, sub) {
            return steps;
        }
        self.steps_as_merged(file, id, sub)
    }

    /// [`Context::merged_steps`] read from `file`'s effective policy.
    fn steps_as_merged(&self, file: usize, id: &str, sub: bool) -> Vec<MergedStep<'_>> {
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

    /// [`Context::merged_steps`] of a journey nothing is merged into: in a
    /// root file whose chain is whole, declared once, its steps in
    /// strictly increasing order. The merge would copy it as it is (each
    /// step and part from the one declaration), so it is read where it is
    /// and no merged copy of the file is made. `None` otherwise.
    fn root_steps(&self, file: usize, id: &str, sub: bool) -> Option<Vec<MergedStep<'_>>> {
        if !self.complete[file] || self.chains[file].len() != 1 {
            return None;
        }
        let p = &self.files[file].policy;
        let (pattern, mut found) = if sub {
            (
                "TrustFrameworkPolicy/SubJourneys/SubJourney[#]",
                p.sub_journeys
                    .iter()
                    .enumerate()
                    .filter(|(_, j)| same_id(j.id.id(), id))
                    .map(|(n, j)| (n, j.steps.as_slice()))
                    .collect::<Vec<_>>(),
            )
        } else {
            (
                "TrustFrameworkPolicy/UserJourneys/UserJourney[#]",
                p.user_journeys
                    .iter()
                    .enumerate()
                    .filter(|(_, j)| same_id(j.id.id(), id))
                    .map(|(n, j)| (n, j.steps.as_slice()))
                    .collect(),
            )
        };
        let (n, steps) = found.pop()?;
        if !found.is_empty() || steps.windows(2).any(|w| w[0].order >= w[1].order) {
            return None;
        }
        let journey = SourcePath::new(pattern, [idx(n), 0, 0]);
        Some(
            steps
                .iter()
                .enumerate()
                .map(|(s, step)| {
                    let at = (
                        file,
                        journey.part("/OrchestrationSteps/OrchestrationStep[#]", idx(s)),
                    );
                    MergedStep {
                        step,
                        at,
                        exchanges_at: at,
                        selections_at: at,
                    }
                })
                .collect(),
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::context::SetFacts;
    use crate::check::set::CheckOptions;
    use crate::import::import_str;

    const ROOT: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_Root" PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_Root">
  <BuildingBlocks><ClaimsSchema>
    <ClaimType Id="x"><DataType>string</DataType></ClaimType>
    <ClaimType Id="y"><DataType>string</DataType></ClaimType>
    <ClaimType Id="Y"><DataType>int</DataType></ClaimType>
  </ClaimsSchema></BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
      <TechnicalProfile Id="A"><Metadata><Item Key="k">a</Item></Metadata><IncludeTechnicalProfile ReferenceId="b"/></TechnicalProfile>
      <TechnicalProfile Id="B"><Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"/><Metadata><Item Key="k">b</Item><Item Key="m">b</Item></Metadata></TechnicalProfile>
      <TechnicalProfile Id="C"><Metadata><Item Key="k">c1</Item></Metadata></TechnicalProfile>
    </TechnicalProfiles></ClaimsProvider>
    <ClaimsProvider><DisplayName>Q</DisplayName><TechnicalProfiles>
      <TechnicalProfile Id="c"><Metadata><Item Key="m">c2</Item></Metadata></TechnicalProfile>
    </TechnicalProfiles></ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="J1"><OrchestrationSteps>
      <OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="e" TechnicalProfileReferenceId="A"/></ClaimsExchanges></OrchestrationStep>
      <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="B"/>
    </OrchestrationSteps></UserJourney>
    <UserJourney Id="J2"><OrchestrationSteps>
      <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="B"/>
      <OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="e" TechnicalProfileReferenceId="A"/></ClaimsExchanges></OrchestrationStep>
    </OrchestrationSteps></UserJourney>
  </UserJourneys>
</TrustFrameworkPolicy>"#;

    /// What a root file's own elements answer is what its effective
    /// policy answers, and ids the merge would combine are read merged.
    #[test]
    fn a_root_answers_as_its_effective_policy() {
        let files = vec![import_str(ROOT, "root.xml").expect("imports")];
        let set = SetFacts::new(&files);
        let scope = [0];
        let cx = Context::new(&files, &set, &scope, &CheckOptions::default());
        let eff = cx.merged_of(0);
        for id in ["A", "a", "B", "C", "c", "missing"] {
            assert_eq!(
                cx.profile_in_chain(0, id).map(|p| p.into_owned()),
                eff.profile_with_includes_cow(id).map(|p| p.into_owned()),
                "{id}"
            );
            assert_eq!(cx.merged_profile(0, id), eff.technical_profile(id), "{id}");
        }
        // C is declared twice: merged, with both items.
        let c = cx.merged_profile(0, "C").expect("C");
        assert_eq!(c.metadata.len(), 2);
        for id in ["x", "X", "y", "missing"] {
            assert_eq!(cx.merged_claim_type(0, id), eff.claim_type(id), "{id}");
        }
        for j in ["J1", "j1", "J2", "missing"] {
            let fast: Vec<_> = cx
                .merged_steps(0, j, false)
                .into_iter()
                .map(|s| (s.step.clone(), s.at, s.exchanges_at, s.selections_at))
                .collect();
            let slow: Vec<_> = cx
                .steps_as_merged(0, j, false)
                .into_iter()
                .map(|s| (s.step.clone(), s.at, s.exchanges_at, s.selections_at))
                .collect();
            assert_eq!(fast, slow, "{j}");
        }
        assert!(cx.root_steps(0, "J1", false).is_some(), "read in place");
        assert!(
            cx.root_steps(0, "J2", false).is_none(),
            "out of order: merged"
        );
    }
}
