//! T006: no `IncludeTechnicalProfile` cycle.

use super::{Example, Module, RuleInfo};
use crate::check::context::{lc, Context};
use crate::check::Severity;

/// T006.
pub(super) static T006: RuleInfo = RuleInfo {
    code: "T006",
    severity: Severity::Error,
    summary: "no `IncludeTechnicalProfile` cycle",
    explanation: "`IncludeTechnicalProfile` adds everything of another profile to this one, \
        which may itself include a third (the starter pack's `AAD-*` profiles include \
        `AAD-Common`). When the includes lead back to the profile they start from, there is \
        nothing to start the merge from and no complete profile results. The finding is on \
        each profile of the file whose includes loop, with the loop spelled out. Break the \
        loop: the shared settings belong in one profile that includes nothing.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SM-AAD">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.DefaultSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <IncludeTechnicalProfile ReferenceId="SM-SocialSignup" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-SocialSignup">
          <IncludeTechnicalProfile ReferenceId="SM-AAD" />
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
        <TechnicalProfile Id="SM-AAD">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.DefaultSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-SocialSignup">
          <IncludeTechnicalProfile ReferenceId="SM-AAD" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §6 (Technical profiles: `IncludeTechnicalProfile` chains; detect cycles)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T006],
    run,
};

fn run(cx: &Context<'_>) {
    for i in 0..cx.files.len() {
        for (j, cp) in cx.files[i].policy.claims_providers.iter().enumerate() {
            for (k, tp) in cp.technical_profiles.iter().enumerate() {
                let mut seen = vec![lc(tp.id.id())];
                // The ids as written, for the message.
                let mut shown = vec![tp.id.id().to_owned()];
                let mut cur = tp
                    .include_technical_profile
                    .as_ref()
                    .map(|r| r.reference.id().to_owned());
                while let Some(written) = cur {
                    let next = lc(&written);
                    if seen.contains(&next) {
                        cx.report(
                            &T006,
                            i,
                            &format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]/IncludeTechnicalProfile[0]"),
                            format!("IncludeTechnicalProfile loops: {} -> {written}", shown.join(" -> ")),
                            None,
                            Some(tp.id.id()),
                        );
                        break;
                    }
                    seen.push(next.clone());
                    shown.push(written);
                    cur = cx.include_of(i, &next);
                }
            }
        }
    }
}
