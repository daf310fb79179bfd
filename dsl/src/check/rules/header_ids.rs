//! P007, P008 and P009: ids against their XSD types (the header's
//! `PolicyId`s and `TenantId`s; the GUIDs of `TenantObjectId` and the
//! relying party's Application Insights keys). A value with a deployment
//! placeholder (`{Settings:…}`) is checked around the placeholder, or not
//! at all for a GUID (W002 reports the placeholder itself).

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::kinds::table::is_guid;

/// P007.
pub(super) static P007: RuleInfo = RuleInfo {
    code: "P007",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "`PolicyId` (root, `BasePolicy`, `RerouteRule`) is of its XSD type",
    explanation: "The schema types a `PolicyId` as letters, digits, `_`, `-` and `.`, at least \
        one character, not ending in `.` (a `RerouteRule`'s `PolicyId` may also hold `{` and \
        `}`). B2C validates every file against that schema on upload and rejects one whose \
        root `PolicyId` or `BasePolicy/PolicyId` breaks the pattern, with a schema validation \
        error naming the line. Spaces and other punctuation are the usual cause. A deployment \
        placeholder such as `{Settings:Environment}` is treated as one allowed character, so \
        templates are checked around it (W002 reports the placeholder). Rename the policy with \
        allowed characters only, here and in every `BasePolicy` that names it.",
    failing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: policy!("B2C_1A_Sign Up"),
    }],
    passing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: policy!("B2C_1A_SignUp"),
    }],
    source: "FACTS.md §2 (Patterns: PolicyId, PolicyIdPattern) and §8 (schema validation error)",
};

/// P008.
pub(super) static P008: RuleInfo = RuleInfo {
    code: "P008",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "`TenantId` (root, `BasePolicy`) is of its XSD type",
    explanation: "The schema types a `TenantId` as 3 to 63 letters, digits and dots; hyphens \
        and underscores are not allowed. B2C rejects a file whose root or `BasePolicy` \
        `TenantId` breaks the pattern with a schema validation error, before it compares the \
        tenant with the one being uploaded to. Values such as `tenant-name.onmicrosoft.com` \
        are placeholders from samples that were never replaced. A `{Settings:…}` placeholder \
        is checked around (W002 reports it). Write the tenant's initial domain, e.g. \
        `contoso.onmicrosoft.com`.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso-dev.onmicrosoft.com"
  PolicyId="B2C_1A_TrustFrameworkBase"
  PublicPolicyUri="http://contoso-dev.onmicrosoft.com/B2C_1A_TrustFrameworkBase">
</TrustFrameworkPolicy>
"#,
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!("B2C_1A_TrustFrameworkBase"),
    }],
    source: "FACTS.md §2 (Patterns: TenantId allows no hyphen or underscore)",
};

/// P009.
pub(super) static P009: RuleInfo = RuleInfo {
    code: "P009",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "`InstrumentationKey` (journey insights, Application Insights) and `TenantObjectId` are GUIDs",
    explanation: "The schema types the relying party's `JourneyInsights` and \
        `AzureApplicationInsights` `InstrumentationKey` and the root's `TenantObjectId` as GUIDs \
        (32 hexadecimal digits in groups of 8, 4, 4, 4 and 12, without braces). B2C validates \
        every file against the schema on upload and rejects one whose value breaks the pattern, \
        with a schema validation error naming the line: an empty key, a name such as \
        `PLACEHOLDER`, or an Application Insights connection string where the key belongs. A \
        value with a deployment tool's token (`{Settings:InstrumentationKey}`, `#{Key}#`, or \
        any `{…}`) is left to W002, which reports the placeholder (a stand-in word such as \
        `your-tenant-object-id` is uploaded as written: both rules report it); a technical profile's \
        `InstrumentationKey` metadata item is not typed by the schema, so W002 reports a \
        value there that is not a GUID. Give the key of the Application Insights resource \
        (its instrumentation key, not its connection string), per environment.",
    failing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: insights_policy!("", "PLACEHOLDER", "false"),
    }],
    passing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: insights_policy!("", "9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4", "false"),
    }],
    source: "FACTS.md §2 (Patterns: TenantObjectId, InstrumentationKey) and §8 (schema validation error)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&P007, &P008, &P009],
    run,
};

/// Whether `value` is for W002 rather than P009: it holds a deployment
/// tool's token or a `{…}` that some tool may substitute before upload.
/// A stand-in written as a word (`your-tenant-object-id`) is not: it is
/// uploaded as it is, and the schema refuses it (W002 reports it too).
pub(crate) fn templated(value: &str) -> bool {
    mask_placeholders(value).1 || super::placeholders::template_token(value).is_some()
}

/// The XSD simple types of the header's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum XsdId {
    /// `PolicyId`: `[A-Za-z0-9_\-\.]*[A-Za-z0-9_\-]+`, at least one character.
    PolicyId,
    /// `PolicyIdPattern` (`RerouteRule/@PolicyId`): as `PolicyId`, and `{}`.
    PolicyIdPattern,
    /// `TenantId`: `[A-Za-z0-9\.]{3,63}`.
    TenantId,
}

impl XsdId {
    fn rule(self) -> &'static RuleInfo {
        match self {
            XsdId::PolicyId | XsdId::PolicyIdPattern => &P007,
            XsdId::TenantId => &P008,
        }
    }

    fn allows(self, c: char) -> bool {
        match self {
            XsdId::PolicyId => c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'),
            XsdId::PolicyIdPattern => {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '{' | '}')
            }
            XsdId::TenantId => c.is_ascii_alphanumeric() || c == '.',
        }
    }

    fn help(self) -> &'static str {
        match self {
            XsdId::PolicyId => "a PolicyId (XSD type PolicyId) is letters, digits, `_`, `-` and `.`, and does not end with `.`, e.g. `B2C_1A_signup_signin`",
            XsdId::PolicyIdPattern => "a RerouteRule's PolicyId (XSD type PolicyIdPattern) is letters, digits, `_`, `-`, `.`, `{` and `}`, and does not end with `.`",
            XsdId::TenantId => "a TenantId (XSD type TenantId) is 3 to 63 letters, digits and dots, e.g. `contoso.onmicrosoft.com`",
        }
    }
}

/// `value` with each deployment placeholder (a `{…}` group with balanced
/// braces and something inside, e.g. `{Settings:Tenant}` or
/// `{{ tenantId }}`) replaced by `x`, and whether there was one. Braces
/// that do not balance are kept as written.
fn mask_placeholders(value: &str) -> (String, bool) {
    let mut out = String::with_capacity(value.len());
    let mut group = String::new();
    let mut depth = 0usize;
    let mut found = false;
    for c in value.chars() {
        match c {
            '{' => {
                depth += 1;
                group.push(c);
            }
            '}' if depth > 0 => {
                depth -= 1;
                group.push(c);
                if depth == 0 {
                    if group.trim_matches(['{', '}']).is_empty() {
                        out.push_str(&group);
                    } else {
                        out.push('x');
                        found = true;
                    }
                    group.clear();
                }
            }
            _ if depth > 0 => group.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&group);
    (out, found)
}

/// A character as a message shows it.
fn shown_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        '\n' | '\r' => "a line break".into(),
        c if c.is_whitespace() || c.is_control() => format!("U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// Why `value` is not of the XSD type `ty` (whole string), if it is not.
pub(crate) fn xsd_flaw(value: &str, ty: XsdId) -> Option<String> {
    let (masked, placeholder) = mask_placeholders(value);
    if masked.is_empty() {
        return Some("is empty".into());
    }
    let mut bad: Vec<char> = Vec::new();
    for c in masked.chars().filter(|&c| !ty.allows(c)) {
        if !bad.contains(&c) {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        let list: Vec<String> = bad.into_iter().map(shown_char).collect();
        return Some(format!("contains {}, which it may not", list.join(", ")));
    }
    match ty {
        XsdId::PolicyId | XsdId::PolicyIdPattern if masked.ends_with('.') => {
            Some("ends with `.`".into())
        }
        XsdId::TenantId if !placeholder && !(3..=63).contains(&masked.chars().count()) => Some(
            format!("has {} characters, not 3 to 63", masked.chars().count()),
        ),
        _ => None,
    }
}

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let p = &cx.files[i].policy;
        let mut sites: Vec<(String, &str, XsdId, &str)> = vec![
            (
                "TrustFrameworkPolicy@PolicyId".into(),
                p.policy_id.id(),
                XsdId::PolicyId,
                "PolicyId",
            ),
            (
                "TrustFrameworkPolicy@TenantId".into(),
                &p.tenant_id,
                XsdId::TenantId,
                "TenantId",
            ),
        ];
        if let Some(base) = &p.base_policy {
            sites.push((
                "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]".into(),
                base.policy_id.id(),
                XsdId::PolicyId,
                "the BasePolicy's PolicyId",
            ));
            sites.push((
                "TrustFrameworkPolicy/BasePolicy[0]/TenantId[0]".into(),
                &base.tenant_id,
                XsdId::TenantId,
                "the BasePolicy's TenantId",
            ));
        }
        let reroute = p
            .policy_constraints
            .iter()
            .flat_map(|c| c.reroute_rules.iter())
            .flat_map(|r| r.rules.iter())
            .enumerate()
            .map(|(n, r)| {
                (
                    format!("TrustFrameworkPolicy/PolicyConstraints[0]/RerouteRules[0]/RerouteRule[{n}]@PolicyId"),
                    r.policy_id.as_str(),
                    XsdId::PolicyIdPattern,
                    "the RerouteRule's PolicyId",
                )
            });
        sites.extend(reroute);
        let mut guids: Vec<(&str, &str, &str)> = Vec::new();
        if let Some(id) = &p.tenant_object_id {
            guids.push(("TrustFrameworkPolicy@TenantObjectId", id, "TenantObjectId"));
        }
        let behaviors = p
            .relying_party
            .as_ref()
            .and_then(|rp| rp.user_journey_behaviors.as_ref());
        if let Some(b) = behaviors {
            if let Some(a) = &b.azure_application_insights {
                guids.push((
                    "TrustFrameworkPolicy/RelyingParty[0]/UserJourneyBehaviors[0]/AzureApplicationInsights[0]@InstrumentationKey",
                    &a.instrumentation_key,
                    "the Application Insights InstrumentationKey",
                ));
            }
            if let Some(j) = &b.journey_insights {
                guids.push((
                    "TrustFrameworkPolicy/RelyingParty[0]/UserJourneyBehaviors[0]/JourneyInsights[0]@InstrumentationKey",
                    &j.instrumentation_key,
                    "the JourneyInsights InstrumentationKey",
                ));
            }
        }
        for (path, value, what) in guids {
            if is_guid(value.trim()) || templated(value) {
                continue;
            }
            let shown: String = value.chars().take(40).collect();
            let more = if shown.len() < value.len() { "…" } else { "" };
            let message = if value.is_empty() {
                format!("{what} is empty, and the schema types it as a GUID")
            } else {
                format!(
                    "{what} `{}{more}` is not a GUID, as the schema types it",
                    shown.escape_debug()
                )
            };
            cx.report(
                &P009,
                i,
                path,
                message,
                Some(
                    "write the GUID itself (for Application Insights, the resource's instrumentation key, not its connection string), e.g. `9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4`"
                        .into(),
                ),
                Some(value),
            );
        }
        for (path, value, ty, what) in sites {
            if let Some(flaw) = xsd_flaw(value, ty) {
                cx.report(
                    ty.rule(),
                    i,
                    &path,
                    format!("{what} `{}` is not valid: it {flaw}", value.escape_debug()),
                    Some(ty.help().to_owned()),
                    Some(value),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::set::{check_set, Report};
    use crate::import::import_str;

    fn check_one(body: &str) -> Report {
        let xml = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T">{body}</TrustFrameworkPolicy>"#
        );
        let file = import_str(&xml, "T.xml").expect("imports");
        check_set(&[file])
    }

    /// The codes and messages of P009 and W002 for a policy whose relying
    /// party has journey insights with `key` and the root's attributes
    /// `root` (added to the header of a one-file set).
    fn guid_findings(root: &str, key: &str, metadata_key: &str) -> Vec<(&'static str, String)> {
        let xml = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T" {root}>
  <ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles>
    <TechnicalProfile Id="AppInsights-Common">
      <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
      <Metadata><Item Key="InstrumentationKey">{metadata_key}</Item></Metadata>
    </TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="SignIn" />
    <UserJourneyBehaviors>
      <JourneyInsights TelemetryEngine="ApplicationInsights" InstrumentationKey="{key}" DeveloperMode="false" ClientEnabled="false" ServerEnabled="true" TelemetryVersion="1.0.0" />
    </UserJourneyBehaviors>
    <TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect" /></TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>"#
        );
        let file = import_str(&xml, "T.xml").expect("imports");
        check_set(&[file])
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "P009" || d.code == "W002")
            .map(|d| (d.code, d.message))
            .collect()
    }

    #[test]
    fn the_schema_s_guids_are_guids_unless_templated() {
        const GUID: &str = "9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4";
        assert_eq!(guid_findings("", GUID, GUID), vec![]);
        assert_eq!(
            guid_findings("", "PLACEHOLDER", GUID),
            vec![(
                "P009",
                "the JourneyInsights InstrumentationKey `PLACEHOLDER` is not a GUID, as the schema types it".to_owned()
            )]
        );
        assert_eq!(
            guid_findings("", "", GUID),
            vec![(
                "P009",
                "the JourneyInsights InstrumentationKey is empty, and the schema types it as a GUID".to_owned()
            )]
        );
        assert_eq!(
            guid_findings(r#"TenantObjectId="contoso""#, GUID, GUID),
            vec![(
                "P009",
                "TenantObjectId `contoso` is not a GUID, as the schema types it".to_owned()
            )]
        );
        // A stand-in word is uploaded as written: both rules report it.
        assert_eq!(
            guid_findings(r#"TenantObjectId="your-tenant-object-id""#, GUID, GUID),
            vec![
                (
                    "P009",
                    "TenantObjectId `your-tenant-object-id` is not a GUID, as the schema types it"
                        .to_owned()
                ),
                (
                    "W002",
                    "the placeholder `your-tenant-object-id` is still in the policy".to_owned()
                )
            ]
        );
        // A placeholder is W002's; a `{…}` no rule knows is W002's "not a
        // GUID" (a tool may substitute it), not an error.
        assert_eq!(
            guid_findings("", "{Settings:InsightsKey}", GUID),
            vec![(
                "W002",
                "the placeholder `{Settings:InsightsKey}` is still in the policy".to_owned()
            )]
        );
        assert_eq!(
            guid_findings("", "{InsightsKey}", GUID),
            vec![(
                "W002",
                "the Application Insights instrumentation key `{InsightsKey}` is not a GUID"
                    .to_owned()
            )]
        );
        // Metadata is not typed by the schema: a warning.
        assert_eq!(
            guid_findings("", GUID, "my-key"),
            vec![(
                "W002",
                "the Application Insights instrumentation key `my-key` is not a GUID".to_owned()
            )]
        );
    }

    #[test]
    fn policy_id_follows_the_xsd_type() {
        for ok in ["B2C_1A_signup_signin", "a", "B2C_1A.v2_x", "-", "a.b-c_d"] {
            assert_eq!(xsd_flaw(ok, XsdId::PolicyId), None, "{ok}");
        }
        for (bad, why) in [
            ("", "is empty"),
            ("B2C_1A_x.", "ends with `.`"),
            (".", "ends with `.`"),
            ("B2C_1A x", "contains a space"),
            ("B2C_1A_x\t", "contains a tab"),
            ("B2C_1A_{x", "contains `{`"),
            ("B2C_1A_{}", "contains `{`, `}`"),
            ("B2C_1A_é", "contains `é`"),
        ] {
            let flaw = xsd_flaw(bad, XsdId::PolicyId).unwrap_or_default();
            assert!(flaw.starts_with(why), "{bad:?}: {flaw}");
        }
        // RerouteRule/@PolicyId is PolicyIdPattern: braces are allowed.
        assert_eq!(xsd_flaw("B2C_1A_{}", XsdId::PolicyIdPattern), None);
        assert!(xsd_flaw("B2C_1A_x.", XsdId::PolicyIdPattern).is_some());
    }

    #[test]
    fn tenant_id_follows_the_xsd_type() {
        for ok in ["contoso.onmicrosoft.com", "abc", &"a".repeat(63)] {
            assert_eq!(xsd_flaw(ok, XsdId::TenantId), None, "{ok}");
        }
        for bad in [
            "ab",
            &"a".repeat(64),
            "contoso-dev.onmicrosoft.com",
            "contoso_dev.onmicrosoft.com",
            "contoso.onmicrosoft.com ",
            "",
        ] {
            assert!(xsd_flaw(bad, XsdId::TenantId).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn placeholders_are_checked_around() {
        assert_eq!(
            mask_placeholders("{Settings:Tenant}.onmicrosoft.com"),
            ("x.onmicrosoft.com".to_owned(), true)
        );
        assert_eq!(mask_placeholders("{{ tenantId }}"), ("x".to_owned(), true));
        assert_eq!(mask_placeholders("a{b"), ("a{b".to_owned(), false));
        assert_eq!(mask_placeholders("a{}b"), ("a{}b".to_owned(), false));
        assert_eq!(xsd_flaw("{Settings:Tenant}", XsdId::TenantId), None);
        assert_eq!(xsd_flaw("{{ tenantId }}", XsdId::TenantId), None);
        assert_eq!(
            xsd_flaw("B2C_1A_{Settings:Env}_Base", XsdId::PolicyId),
            None
        );
        // Outside the placeholder the type still holds.
        assert!(xsd_flaw("B2C_1A_{Settings:Env}.", XsdId::PolicyId).is_some());
        assert!(xsd_flaw("{Settings:Tenant}-x", XsdId::TenantId).is_some());
    }

    #[test]
    fn reroute_rule_policy_id_is_p007() {
        let r = check_one(
            r#"<PolicyConstraints><RerouteRules Type="Weighted"><RerouteRule PolicyId="B2C_1A_{Env}" /><RerouteRule PolicyId="B2C_1A_x." /></RerouteRules></PolicyConstraints>"#,
        );
        let errors: Vec<_> = r.errors().map(|d| (d.code, d.id.as_deref())).collect();
        assert_eq!(errors, vec![("P007", Some("B2C_1A_x."))]);
        let d = r.errors().next().expect("one error");
        assert!(d.message.contains("RerouteRule"), "{}", d.message);
        assert_eq!(d.pos.map(|p| p.line), Some(1));
    }
}
