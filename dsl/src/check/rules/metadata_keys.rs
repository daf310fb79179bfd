//! T001: no duplicate metadata key in one technical profile.

use crate::hash::HashMap;

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

/// T001.
pub(super) static T001: RuleInfo = RuleInfo {
    code: "T001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "no duplicate metadata key in one technical profile",
    explanation: "A technical profile's `Metadata` is a set of key/value settings that the \
        profile's provider reads by key (`client_id`, `ContentDefinitionReferenceId`, …). The \
        schema declares a key on metadata items, but its selector matches nothing, so a \
        repeated key passes schema validation, and what B2C makes of two values for one key \
        is not documented: one of them is lost. A child policy that restates a base profile's item merges \
        by key, which is the intended way to change one. Keep one item per key (keys are \
        compared exactly, trailing spaces included).",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="Facebook-OAUTH">
          <Protocol Name="OAuth2" />
          <Metadata>
            <Item Key="scope">email public_profile</Item>
            <Item Key="scope">email</Item>
          </Metadata>
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
        <TechnicalProfile Id="Facebook-OAUTH">
          <Protocol Name="OAuth2" />
          <Metadata>
            <Item Key="scope">email public_profile</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §3 (UniqueMetadataItemKey has no effect) and §6 (Merge by Id: Metadata merges by `Item@Key`)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T001],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        for (base, tp) in cx.profiles_of(i) {
            let mut keys: HashMap<&str, usize> = HashMap::default();
            for (n, item) in tp.metadata.iter().enumerate() {
                if let Some(first) = keys.insert(item.key.as_str(), n) {
                    cx.report(
                        &T001,
                        i,
                        &format!("{base}/Metadata/Item[{n}]@Key"),
                        format!(
                            "metadata key `{}` appears twice in technical profile `{}` (items {} and {})",
                            item.key,
                            tp.id,
                            first + 1,
                            n + 1
                        ),
                        Some("keep one item per key".to_string()),
                        Some(&item.key),
                    );
                }
            }
        }
    }
}
