//! T007: `IncludeClaimsFromTechnicalProfile` names a profile of the same
//! file.

use std::collections::BTreeSet;

use super::{Example, Module, RuleInfo};
use crate::check::context::{lc, Context};
use crate::check::{Category, Severity};

/// T007.
pub(super) static T007: RuleInfo = RuleInfo {
    code: "T007",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "`IncludeClaimsFromTechnicalProfile` names a profile of the same file",
    explanation: "`IncludeClaimsFromTechnicalProfile` copies the claims of another technical \
        profile into this one. Unlike `IncludeTechnicalProfile`, which follows the whole \
        inheritance chain, the reference documentation restricts it to a profile defined in \
        the same policy file. Move the profile into this file (or restate it here), or use \
        `IncludeTechnicalProfile` if all of the other profile is meant.",
    failing: &[
        Example {
            file: "TrustFrameworkBase.xml",
            xml: policy!(
                "B2C_1A_TrustFrameworkBase",
                r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="AAD-Common">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
            ),
        },
        Example {
            file: "TrustFrameworkExtensions.xml",
            xml: policy!(
                "B2C_1A_TrustFrameworkExtensions" : "B2C_1A_TrustFrameworkBase",
                r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="AAD-UserReadUsingEmail">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <IncludeClaimsFromTechnicalProfile>AAD-Common</IncludeClaimsFromTechnicalProfile>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
            ),
        },
    ],
    passing: &[
        Example {
            file: "TrustFrameworkBase.xml",
            xml: policy!(
                "B2C_1A_TrustFrameworkBase",
                r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="AAD-Common">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
        <TechnicalProfile Id="AAD-UserReadUsingEmail">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <IncludeClaimsFromTechnicalProfile>AAD-Common</IncludeClaimsFromTechnicalProfile>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
            ),
        },
        Example {
            file: "TrustFrameworkExtensions.xml",
            xml: policy!("B2C_1A_TrustFrameworkExtensions" : "B2C_1A_TrustFrameworkBase", ""),
        },
    ],
    source: "FACTS.md §6 (Technical profiles: `IncludeClaimsFromTechnicalProfile` must be in the same file [D])",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T007],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let list = cx.profiles_of(i);
        let own_ids: BTreeSet<String> = list.iter().map(|(_, tp)| lc(tp.id.id())).collect();
        for (base, tp) in list {
            let Some(inc) = &tp.include_claims_from_technical_profile else {
                continue;
            };
            if !own_ids.contains(&lc(inc.id())) {
                cx.report(
                    &T007,
                    i,
                    &format!("{base}/IncludeClaimsFromTechnicalProfile[0]"),
                    format!(
                        "technical profile `{}` includes claims from `{inc}`, which is not in the same file",
                        tp.id
                    ),
                    Some("IncludeClaimsFromTechnicalProfile must name a profile of the same file".to_string()),
                    Some(inc.id()),
                );
            }
        }
    }
}
