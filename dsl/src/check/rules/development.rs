//! S001: no development setting is left on in a set built for production.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::policy::DeploymentMode;

/// S001.
pub(super) static S001: RuleInfo = RuleInfo {
    code: "S001",
    severity: Severity::Warning,
    category: Category::Security,
    summary: "no development setting is on (`DeploymentMode`, `DeveloperMode`)",
    explanation: "Three switches exist for troubleshooting a journey: the policy's \
        `DeploymentMode=\"Development\"` (or `Debugging`), which turns on the journey recorder \
        and sends each step of a user's sign-in to Application Insights; the relying party's \
        `JourneyInsights DeveloperMode=\"true\"`; and `DeveloperMode` `true` in the metadata of \
        an Application Insights technical profile. Both `DeveloperMode`s send telemetry \
        unbatched and are throttled by B2C. Left on in production they stream claim values, \
        ids and tokens of real users to a telemetry store that more people can read than the \
        tenant, and slow sign-in. The attack prevented is information disclosure through \
        diagnostics. ief reports each switch as an error when the set is checked for an \
        environment marked production (`\"Production\": true` in appsettings.json, or \
        `ief check --production`) and as a warning otherwise. Fix: remove the attribute or \
        set it to `Production` / `false`, and turn it on only in a development environment's \
        rendering (a `{Settings:…}` placeholder per environment does this).",
    failing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: insights_policy!(
            r#"
  DeploymentMode="Development"
  UserJourneyRecorderEndpoint="urn:journeyrecorder:applicationinsights""#,
            "{Settings:InstrumentationKey}",
            "true"
        ),
    }],
    passing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: insights_policy!("", "{Settings:InstrumentationKey}", "false"),
    }],
    source: "FACTS.md §1 (`DeploymentMode`, `UserJourneyRecorderEndpoint`), §2 `JourneyInsights`, \
        §5 (Application Insights metadata); Microsoft Learn: \"Troubleshoot custom policies with \
        Application Insights\" and \"Track user behavior by using Application Insights\"",
};

pub(super) static MODULE: Module = Module {
    rules: &[&S001],
    run,
};

/// The source-map path of the relying party's `JourneyInsights`.
pub(super) const JOURNEY_INSIGHTS: &str =
    "TrustFrameworkPolicy/RelyingParty[0]/UserJourneyBehaviors[0]/JourneyInsights[0]";

/// The handler class of Application Insights technical profiles.
const INSIGHTS_HANDLER: &str = "azureapplicationinsightsprovider";

fn run(cx: &Context<'_>) {
    let severity = cx.production_severity();
    let root = "TrustFrameworkPolicy";
    for i in cx.scope() {
        let policy = &cx.files[i].policy;
        if let Some(mode @ (DeploymentMode::Development | DeploymentMode::Debugging)) =
            policy.deployment_mode
        {
            let mode = mode.as_str();
            cx.report_as(
                (&S001, severity),
                i,
                &format!("{root}@DeploymentMode"),
                format!(
                    "policy `{}` runs in `DeploymentMode` `{mode}`",
                    cx.policy_id(i)
                ),
                Some(
                    "remove `DeploymentMode` (or set it to `Production`) outside a development \
                     environment"
                        .to_owned(),
                ),
                Some(cx.policy_id(i)),
            );
        }
        let insights = policy
            .relying_party
            .as_ref()
            .and_then(|rp| rp.user_journey_behaviors.as_ref())
            .and_then(|b| b.journey_insights.as_ref());
        if insights.is_some_and(|j| j.developer_mode == Some(true)) {
            cx.report_as(
                (&S001, severity),
                i,
                &format!("{JOURNEY_INSIGHTS}@DeveloperMode"),
                format!(
                    "the relying party of policy `{}` has `JourneyInsights` `DeveloperMode` on",
                    cx.policy_id(i)
                ),
                Some("set `DeveloperMode=\"false\"` outside a development environment".to_owned()),
                Some(cx.policy_id(i)),
            );
        }
        for (path, tp) in cx.profiles_of(i) {
            let Some((n, _)) = tp.metadata.iter().enumerate().find(|(_, m)| {
                m.key.trim().eq_ignore_ascii_case("DeveloperMode")
                    && m.value.trim().eq_ignore_ascii_case("true")
            }) else {
                continue;
            };
            // The handler is usually in a base file or an included
            // profile: read it from the merged profile with its includes,
            // and from this one where the chain is broken.
            let merged = cx.profile_in_chain(i, tp.id.id());
            let handler = merged
                .as_deref()
                .and_then(|p| p.protocol.as_ref())
                .or(tp.protocol.as_ref())
                .and_then(|p| p.handler.as_deref());
            if !handler.is_some_and(|h| h.to_ascii_lowercase().contains(INSIGHTS_HANDLER)) {
                continue;
            }
            cx.report_as(
                (&S001, severity),
                i,
                &format!("{path}/Metadata/Item[{n}]"),
                format!(
                    "Application Insights technical profile `{}` has `DeveloperMode` on",
                    tp.id.id()
                ),
                Some("set the item to `false` outside a development environment".to_owned()),
                Some(tp.id.id()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::set::{check_set_with, CheckOptions};
    use crate::check::Severity;
    use crate::import::import_str;

    const INSIGHTS: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com"
  PolicyId="B2C_1A_Base" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_Base"
  DeploymentMode="Debugging">
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Application Insights</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="AppInsights-Common">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="InstrumentationKey">{Settings:InstrumentationKey}</Item>
            <Item Key="DeveloperMode">true</Item>
          </Metadata>
        </TechnicalProfile>
        <TechnicalProfile Id="Rest-Other">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="DeveloperMode">true</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
"#;

    fn s001(production: bool) -> Vec<(Severity, u32, String)> {
        let Ok(file) = import_str(INSIGHTS, "Base.xml") else {
            panic!("the example imports");
        };
        let options = CheckOptions {
            production,
            ..CheckOptions::default()
        };
        check_set_with(&[file], &options)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "S001")
            .map(|d| (d.severity, d.pos.map_or(0, |p| p.line), d.message))
            .collect()
    }

    #[test]
    fn debugging_mode_and_an_insights_profile_in_developer_mode_are_found() {
        let found = s001(false);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, 4);
        assert!(found[0].2.contains("`Debugging`"), "{found:?}");
        // The item of the Application Insights profile, not the REST one.
        assert_eq!(found[1].1, 13);
        assert!(found[1].2.contains("AppInsights-Common"), "{found:?}");
        assert!(found.iter().all(|f| f.0 == Severity::Warning));
    }

    #[test]
    fn journey_insights_in_developer_mode_names_its_policy() {
        let rule = &super::S001;
        let Ok(file) = import_str(rule.failing[0].xml, "SignUpOrSignin.xml") else {
            panic!("the example imports");
        };
        let found: Vec<(u32, String, Option<String>)> =
            check_set_with(&[file], &CheckOptions::default())
                .diagnostics
                .into_iter()
                .filter(|d| d.code == "S001")
                .map(|d| (d.pos.map_or(0, |p| p.line), d.message, d.id))
                .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[1].1.contains("policy `B2C_1A_signup_signin`"),
            "{found:?}"
        );
        assert_eq!(found[1].2.as_deref(), Some("B2C_1A_signup_signin"));
        let line = rule.failing[0]
            .xml
            .lines()
            .position(|l| l.contains("DeveloperMode=\"true\""))
            .map_or(0, |n| n as u32 + 1);
        assert_eq!(found[1].0, line, "the DeveloperMode attribute: {found:?}");
    }

    #[test]
    fn the_insights_handler_is_found_through_an_include() {
        // `Rest-Other` loses its own handler and includes the Application
        // Insights profile: its DeveloperMode is that profile's kind.
        let own_handler = r#"<TechnicalProfile Id="Rest-Other">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />"#;
        assert!(INSIGHTS.contains(own_handler));
        let xml = INSIGHTS
            .replace(own_handler, r#"<TechnicalProfile Id="Rest-Other">"#)
            .replace(
                "        </TechnicalProfile>\n      </TechnicalProfiles>",
                "          <IncludeTechnicalProfile ReferenceId=\"AppInsights-Common\" />\n        </TechnicalProfile>\n      </TechnicalProfiles>",
            );
        assert!(xml.contains("IncludeTechnicalProfile"), "{xml}");
        let Ok(file) = import_str(&xml, "Base.xml") else {
            panic!("the example imports");
        };
        let ids: Vec<Option<String>> = check_set_with(&[file], &CheckOptions::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "S001")
            .map(|d| d.id)
            .collect();
        // DeploymentMode, the common profile, and the one that includes it.
        assert_eq!(
            ids,
            [
                Some("B2C_1A_Base".to_owned()),
                Some("AppInsights-Common".to_owned()),
                Some("Rest-Other".to_owned())
            ]
        );
    }

    #[test]
    fn a_production_set_makes_them_errors() {
        let found = s001(true);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.0 == Severity::Error));
    }
}
