//! W002: a deployment placeholder is left in the policy.

use std::collections::BTreeMap;

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Diagnostic, Severity};

/// W002.
pub(super) static W002: RuleInfo = RuleInfo {
    code: "W002",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "no deployment placeholder is left (`{Settings:…}`, `yourtenant`)",
    explanation: "Deployment tools (the VS Code extension, pipelines) let policies carry \
        placeholders such as `{Settings:FacebookClientId}` that they substitute per environment; \
        the starter pack uses `yourtenant` for the same purpose. They are not B2C claim \
        resolvers: uploaded as they are, B2C rejects the tenant id, or accepts the file and \
        fails at run time with a client id or URL that means nothing (unresolved placeholders \
        are a known cause of its `Object reference not set to an instance of an object`). ief \
        looks at the header, metadata values and content-definition `LoadUri`s and reports each \
        placeholder once per file. A placeholder where a typed value belongs (`DeploymentMode`, \
        a step's `Order`, a boolean) is read with a stand-in; without settings ief reports \
        it where it is written and nothing else about that value (give the set its \
        appsettings.json, or `--env`, to check what each environment renders). Substitute \
        placeholders before upload (`ief build --env`, `ief::settings`, or your deployment \
        tool); the warning is expected on template files.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="Facebook-OAUTH">
          <Protocol Name="OAuth2" />
          <Metadata>
            <Item Key="client_id">{Settings:FacebookClientId}</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="Facebook-OAUTH">
          <Protocol Name="OAuth2" />
          <Metadata>
            <Item Key="client_id">1234567890123456</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §7 (Other placeholders: `{Settings:…}` are deployment-tool placeholders, not resolvers) and §8 (`Object reference not set…` with unresolved placeholders)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&W002],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let p = &cx.files[i].policy;
        typed(cx, i);
        let mut strings: Vec<(String, &str)> = Vec::new();
        strings.push(("TrustFrameworkPolicy@TenantId".into(), &p.tenant_id));
        strings.push(("TrustFrameworkPolicy@PolicyId".into(), p.policy_id.id()));
        if let Some(base) = &p.base_policy {
            strings.push((
                "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]".into(),
                base.policy_id.id(),
            ));
        }
        if let Some(uri) = &p.public_policy_uri {
            strings.push(("TrustFrameworkPolicy@PublicPolicyUri".into(), uri));
        }
        for (j, cp) in p.claims_providers.iter().enumerate() {
            for (k, tp) in cp.technical_profiles.iter().enumerate() {
                for (n, item) in tp.metadata.iter().enumerate() {
                    strings.push((
                        format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]/Metadata/Item[{n}]"),
                        &item.value,
                    ));
                }
            }
        }
        for (n, cd) in p.building_blocks.content_definitions.iter().enumerate() {
            if let Some(u) = &cd.load_uri {
                strings.push((
                    format!("TrustFrameworkPolicy/BuildingBlocks[0]/ContentDefinitions/ContentDefinition[{n}]/LoadUri[0]"),
                    u,
                ));
            }
        }
        let mut found: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (path, value) in strings {
            let hit = if let Some(start) = value.find("{Settings:") {
                let end = value[start..]
                    .find('}')
                    .map(|e| start + e + 1)
                    .unwrap_or(value.len());
                Some(value[start..end].to_owned())
            } else if value.to_lowercase().contains("yourtenant") {
                Some("yourtenant".to_owned())
            } else {
                None
            };
            if let Some(h) = hit {
                let entry = found.entry(h).or_insert((path, 0));
                entry.1 += 1;
            }
        }
        for (placeholder, (path, count)) in found {
            let more = if count > 1 {
                format!(" (and {} more places in this file)", count - 1)
            } else {
                String::new()
            };
            cx.report(
                &W002,
                i,
                &path,
                format!("the placeholder `{placeholder}` is still in the policy{more}"),
                Some("substitute it before upload (ief settings, or your deployment tool)".into()),
                Some(&placeholder),
            );
        }
    }
}

/// Placeholders in typed places (an enumeration, a boolean, a number):
/// the importer kept them with a stand-in value (see
/// [`crate::trivia::Placeholder`]). Without settings nobody knows the
/// value B2C will see, so each is reported where it is written, and
/// [`crate::check::set::check_set`] drops the other findings at that
/// place (they are about the stand-in, not about the file).
fn typed(cx: &Context<'_>, i: usize) {
    let f = &cx.files[i];
    for ph in f.policy.trivia.placeholders() {
        let place = ph.attribute.as_deref().map_or_else(
            || {
                let element = ph.anchor.rsplit('/').next().unwrap_or("");
                format!(
                    "the text of <{}>",
                    element.split(['#', '[']).next().unwrap_or("")
                )
            },
            |a| format!("`{a}`"),
        );
        cx.push(Diagnostic {
            file: f.file.clone(),
            pos: ph.position,
            code: W002.code,
            severity: W002.severity,
            message: format!(
                "the placeholder `{}` stands where a typed value belongs ({place}); it was checked as `{}`, a stand-in, and nothing about this value is reported",
                ph.raw.trim(),
                ph.stand_in
            ),
            help: Some(
                "check the set with its settings (an appsettings.json beside the files, or --settings FILE) so each environment's value is checked, or use `ief check --env NAME`".into(),
            ),
            id: Some(ph.raw.trim().to_owned()),
            origins: Vec::new(),
        });
    }
}
