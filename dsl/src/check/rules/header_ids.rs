//! P007 and P008: the header's ids against their XSD types. A value with a
//! deployment placeholder (`{Settings:…}`) is checked around the
//! placeholder (W002 reports the placeholder itself).

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

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

pub(super) static MODULE: Module = Module {
    rules: &[&P007, &P008],
    run,
};

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
