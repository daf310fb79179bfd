//! T005: a technical profile in use has a protocol after merging.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::index::RefKind;
use crate::check::{Category, Severity};
use crate::hash::{HashSet, Uncased};

/// T005.
pub(super) static T005: RuleInfo = RuleInfo {
    code: "T005",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a technical profile in use has a protocol after merging",
    explanation: "The schema makes `Protocol` optional because a child policy may restate a \
        base profile partially (only its metadata, say); the reference documentation still \
        requires every profile to have one, since the protocol decides what the profile does. \
        After B2C merges the declarations of a profile along the chain and follows \
        `IncludeTechnicalProfile`, a profile that a journey, a validation or another profile \
        uses must have a protocol from somewhere. The finding is where the profile is used, \
        once per profile; it is not reported on a broken chain (P001, P002). Add a `Protocol`, \
        or include the profile that has it.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Hello">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <UseTechnicalProfileForSessionManagement ReferenceId="SM-Noop" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-Noop">
          <DisplayName>No session</DisplayName>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Hello">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <UseTechnicalProfileForSessionManagement ReferenceId="SM-Noop" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-Noop">
          <DisplayName>No session</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.NoopSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §1 (XSD is looser than the docs: every used profile needs a Protocol after merging) and §8 (Protocol present after merge)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T005],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        if !cx.complete[i] {
            continue;
        }
        // Profiles reported, ignoring case (as the lookups do).
        let mut reported: HashSet<Uncased<'_>> = HashSet::default();
        for r in &cx.index_of(i).refs {
            if r.kind != RefKind::Profile || r.path.mentions("IncludeTechnicalProfile") {
                continue;
            }
            let key = Uncased(&r.id);
            if reported.contains(&key) || !cx.has_profile(i, &r.id) {
                continue;
            }
            if !cx.has_protocol(i, &r.id) {
                reported.insert(key);
                cx.report(
                    &T005,
                    i,
                    &r.path.to_string(),
                    format!(
                        "technical profile `{}` is used here but has no Protocol in this policy's chain, not even through IncludeTechnicalProfile",
                        r.id
                    ),
                    None,
                    Some(&r.id),
                );
            }
        }
    }
}
