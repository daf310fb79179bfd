//! The rules of the set checker, one module per rule (or per family of
//! codes that share one implementation), and their registry.
//!
//! Every code has a [`RuleInfo`]: its default severity, a summary, an
//! explanation in our own words (what B2C does, the upload error it
//! prevents, how to fix it), a failing and a passing example (complete
//! policy files, checked by the test suite) and where the rule comes from.
//! [`rules`] lists them all in code order; `ief explain CODE` prints one,
//! and the README's rule table is rendered from them ([`markdown_table`]).
//!
//! Adding a rule: write a module here with its `RuleInfo` statics and a
//! `run` over the checker's context, and add one line to `MODULES`.

use super::context::Context;
use super::{Category, Severity};
use crate::import::did_you_mean;

/// The start tag of an example policy of the tenant `contoso.onmicrosoft.com`.
macro_rules! head {
    ($id:literal) => {
        concat!(
            "<TrustFrameworkPolicy xmlns=\"http://schemas.microsoft.com/online/cpim/schemas/2013/06\"\n",
            "  PolicySchemaVersion=\"0.3.0.0\" TenantId=\"contoso.onmicrosoft.com\"\n",
            "  PolicyId=\"", $id, "\"\n",
            "  PublicPolicyUri=\"http://contoso.onmicrosoft.com/", $id, "\">\n",
        )
    };
}

/// A complete example policy: `policy!("B2C_1A_X", parts…)` for a root
/// policy, `policy!("B2C_1A_X" : "B2C_1A_Base", parts…)` for a child; the
/// parts (string literals or the fragment macros below) are its content.
macro_rules! policy {
    ($id:literal : $base:literal, $($body:tt)+) => {
        concat!(
            head!($id),
            "  <BasePolicy>\n",
            "    <TenantId>contoso.onmicrosoft.com</TenantId>\n",
            "    <PolicyId>", $base, "</PolicyId>\n",
            "  </BasePolicy>\n",
            $($body)+,
            "</TrustFrameworkPolicy>\n"
        )
    };
    ($id:literal, $($body:tt)+) => {
        concat!(head!($id), $($body)+, "</TrustFrameworkPolicy>\n")
    };
    ($id:literal) => {
        concat!(head!($id), "</TrustFrameworkPolicy>\n")
    };
}

/// A claims provider (inside `<ClaimsProviders>`) with the token issuer
/// `JwtIssuer`, for examples whose journeys end with `SendClaims`.
macro_rules! issuer {
    () => {
        r#"    <ClaimsProvider>
      <DisplayName>Token issuer</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="JwtIssuer">
          <Protocol Name="OpenIdConnect" />
          <OutputTokenFormat>JWT</OutputTokenFormat>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
"#
    };
}

/// A one-file set whose relying party has Application Insights journey
/// insights: `$header` added to the root's attributes, the insights'
/// `InstrumentationKey` set to `$key` and `DeveloperMode` to
/// `$developer_mode` (S001's and P009's examples).
macro_rules! insights_policy {
    ($header:literal, $key:literal, $developer_mode:literal) => {
        concat!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com"
  PolicyId="B2C_1A_signup_signin"
  PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_signup_signin""#,
            $header,
            ">\n  <ClaimsProviders>\n",
            issuer!(),
            r#"  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="SignIn" />
    <UserJourneyBehaviors>
      <JourneyInsights TelemetryEngine="ApplicationInsights"
        InstrumentationKey=""#,
            $key,
            r#"" DeveloperMode=""#,
            $developer_mode,
            r#""
        ClientEnabled="false" ServerEnabled="true" TelemetryVersion="1.0.0" />
    </UserJourneyBehaviors>
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
    </TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>
"#
        )
    };
}

/// A relying party that starts the journey `SignIn`.
macro_rules! relying_party {
    () => {
        r#"  <RelyingParty>
    <DefaultUserJourney ReferenceId="SignIn" />
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
    </TechnicalProfile>
  </RelyingParty>
"#
    };
}

mod base_policy;
pub(crate) use base_policy::{base_unread, help_over_set};
pub(crate) use capacity::tenant_limits;
mod capacity;
mod chain_depth;
mod claim_data_type;
mod claim_resolvers;
mod development;
mod duplicates;
pub mod flow;
mod header_ids;
mod ids;
mod import;
mod include_claims;
mod include_cycle;
mod inheritance_cycle;
pub mod journey;
mod metadata_documented;
mod metadata_keys;
mod output_claims;
mod placeholders;
mod policy_id_unique;
mod protocol;
mod protocol_handler;
mod references;
mod relying_party_leaf;
mod security;
mod settings_keys;
mod tenant;
mod transforms;
mod unused;

/// What the rule modules' unit tests share.
#[cfg(test)]
mod test_support {
    /// A policy file `id` of the tenant contoso (on `base`, if any) with
    /// `body`.
    pub(super) fn policy_file(id: &str, base: Option<&str>, body: &str) -> String {
        let base = base.map_or(String::new(), |b| {
            format!(
                "<BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>{b}</PolicyId></BasePolicy>\n"
            )
        });
        format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="{id}"
  PublicPolicyUri="http://contoso.onmicrosoft.com/{id}">
{base}{body}</TrustFrameworkPolicy>
"#
        )
    }
}

/// One rule of the checker: what `ief explain CODE` prints.
#[derive(Debug)]
pub struct RuleInfo {
    /// The stable code, e.g. `J008`.
    pub code: &'static str,
    /// The severity of its findings (a rule may report a case B2C accepts
    /// as a warning; its explanation says which).
    pub severity: Severity,
    /// What the rule protects (correctness, security, hygiene).
    pub category: Category,
    /// One line: what the rule asks for.
    pub summary: &'static str,
    /// One paragraph in our own words: what B2C does, the upload error the
    /// rule prevents where one is known, how to fix a finding.
    pub explanation: &'static str,
    /// A set of files that has the finding.
    pub failing: &'static [Example],
    /// The same set, fixed.
    pub passing: &'static [Example],
    /// Where the rule comes from: a section of the project's fact sheet,
    /// or a Microsoft Learn page.
    pub source: &'static str,
}

/// One file of an example set.
#[derive(Debug)]
pub struct Example {
    /// The file name.
    pub file: &'static str,
    /// The whole file.
    pub xml: &'static str,
}

/// A rule module: the codes it reports and the check that reports them.
pub(crate) struct Module {
    /// Its codes.
    pub rules: &'static [&'static RuleInfo],
    /// Runs the check over a policy set.
    pub run: fn(&Context<'_>),
}

/// Every rule module. Adding a rule = adding its module and one line here.
static MODULES: &[&Module] = &[
    &import::MODULE,
    &base_policy::MODULE,
    &inheritance_cycle::MODULE,
    &chain_depth::MODULE,
    &tenant::MODULE,
    &policy_id_unique::MODULE,
    &relying_party_leaf::MODULE,
    &header_ids::MODULE,
    &ids::MODULE,
    &duplicates::MODULE,
    &references::MODULE,
    &journey::MODULE,
    &flow::MODULE,
    &metadata_keys::MODULE,
    &metadata_documented::MODULE,
    &output_claims::MODULE,
    &protocol_handler::MODULE,
    &protocol::MODULE,
    &include_cycle::MODULE,
    &include_claims::MODULE,
    &claim_data_type::MODULE,
    &transforms::MODULE,
    &placeholders::MODULE,
    &claim_resolvers::MODULE,
    &settings_keys::MODULE,
    &development::MODULE,
    &unused::MODULE,
    &security::MODULE,
    &capacity::MODULE,
];

/// The code families in the order a set is checked and read: the file,
/// the chain, ids, references, journeys, claim flow, profiles, claims,
/// transformations, security (S), hygiene (H), then the warnings. A new
/// family adds its letter here.
const FAMILIES: &str = "EPIDRJFTCXSHW";

/// Every rule, by family (see `FAMILIES`) and code.
pub fn rules() -> Vec<&'static RuleInfo> {
    let mut all: Vec<&'static RuleInfo> = MODULES
        .iter()
        .flat_map(|m| m.rules.iter().copied())
        .collect();
    all.sort_by_key(|r| {
        let family = r.code.chars().next().and_then(|c| FAMILIES.find(c));
        (family.unwrap_or(FAMILIES.len()), r.code)
    });
    all
}

/// The rule with `code`, ignoring case (`j008` is `J008`).
pub fn lookup(code: &str) -> Option<&'static RuleInfo> {
    let code = code.trim();
    MODULES
        .iter()
        .flat_map(|m| m.rules.iter().copied())
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The code nearest to `code`, for a "did you mean" when it names no rule.
pub fn suggest(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_uppercase();
    let all = rules();
    did_you_mean(&upper, all.iter().map(|r| r.code))
}

/// `v` cut to `max` characters, with `…` where it was cut: a value
/// quoted in a message (a stand-in text can be long).
pub(crate) fn shorten(v: &str, max: usize) -> String {
    match v.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &v[..at]),
        None => v.to_owned(),
    }
}

/// Runs every rule over the set.
pub(crate) fn run_all(cx: &Context<'_>) {
    for m in MODULES {
        (m.run)(cx);
    }
}

impl RuleInfo {
    /// The rule as `ief explain CODE` prints it: code, severity, summary,
    /// explanation, the failing and passing examples, the source.
    pub fn explain(&self) -> String {
        let mut out = format!(
            "{code}: {summary}\n\nseverity: {severity}\ncategory: {category}\n\n{explanation}\n",
            code = self.code,
            summary = self.summary,
            severity = self.severity,
            category = self.category,
            explanation = wrap(self.explanation, 79),
        );
        for (title, files) in [
            ("Failing example", self.failing),
            ("Passing example", self.passing),
        ] {
            out.push_str(&format!("\n{title}:\n"));
            // A limit's example may be a thousand files or a megabyte:
            // shown in part.
            let shown = if files.len() > 20 { 2 } else { files.len() };
            for f in &files[..shown] {
                out.push_str(&format!("\n--- {} ---\n{}", f.file, abbreviated(f.xml)));
            }
            if let (Some(next), Some(last)) = (files.get(shown), files.last()) {
                out.push_str(&format!(
                    "\n... and {} more files of the same shape ({} to {})\n",
                    files.len() - shown,
                    next.file,
                    last.file
                ));
            }
        }
        out.push_str(&format!("\nSource: {}\n", self.source));
        out
    }
}

/// An example file as `explain` shows it: whole, or past 16 KiB its first
/// 12 lines and its last line.
fn abbreviated(xml: &str) -> String {
    if xml.len() <= 16 * 1024 {
        return xml.to_owned();
    }
    let lines: Vec<&str> = xml.lines().collect();
    let head = lines
        .iter()
        .take(12)
        .fold(String::new(), |s, l| s + l + "\n");
    format!(
        "{head}... ({} lines left out; {} bytes in all)\n{}\n",
        lines.len().saturating_sub(13),
        xml.len(),
        lines.last().copied().unwrap_or_default()
    )
}

/// `text` wrapped at `width` columns, at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0usize;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// The rule list of `ief explain`: one line per code.
pub fn list() -> String {
    rules()
        .iter()
        .map(|r| format!("{}  {:<7}  {}\n", r.code, r.severity, r.summary))
        .collect()
}

/// The README's rule table (between its `rules:begin` and `rules:end`
/// markers): one row per code with its severity, category and summary.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | severity | category | rule |\n|---|---|---|---|\n");
    for r in rules() {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.code,
            r.severity,
            r.category,
            r.summary.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::set::{check_sources, Report};

    fn check(files: &[Example]) -> Report {
        // A templated example carries its settings file (E002, W004).
        if let Some(json) = files.iter().find(|f| f.file.ends_with(".json")) {
            return Report {
                diagnostics: crate::appsettings::check_template_sources(
                    json.file,
                    files.iter().map(|f| (f.file, f.xml)),
                ),
            };
        }
        check_sources(files.iter().map(|f| (f.file, f.xml)))
    }

    fn listing(report: &Report) -> String {
        report
            .diagnostics
            .iter()
            .map(|d| format!("  {d}\n"))
            .collect()
    }

    #[test]
    fn every_failing_example_has_its_finding_and_every_passing_one_is_clean() {
        let mut failures = Vec::new();
        for rule in rules() {
            assert!(
                !rule.failing.is_empty(),
                "{}: no failing example",
                rule.code
            );
            assert!(
                !rule.passing.is_empty(),
                "{}: no passing example",
                rule.code
            );
            let failing = check(rule.failing);
            let found: Vec<_> = failing
                .diagnostics
                .iter()
                .filter(|d| d.code == rule.code)
                .collect();
            if found.is_empty() {
                failures.push(format!(
                    "{}: the failing example does not produce it; it produces:\n{}",
                    rule.code,
                    listing(&failing)
                ));
            }
            let passing = check(rule.passing);
            if passing
                .diagnostics
                .iter()
                .any(|d| d.code == rule.code || d.severity == Severity::Error)
            {
                failures.push(format!(
                    "{}: the passing example is not clean:\n{}",
                    rule.code,
                    listing(&passing)
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_failing_example_reports_the_rule_with_its_severity() {
        // A rule may lower a finding to a warning case by case (its
        // explanation says when); its examples show the default.
        for rule in rules() {
            let failing = check(rule.failing);
            assert!(
                failing
                    .diagnostics
                    .iter()
                    .any(|d| d.code == rule.code && d.severity == rule.severity),
                "{}: no {} finding in the failing example",
                rule.code,
                rule.severity
            );
        }
    }

    #[test]
    fn codes_are_unique_well_formed_and_documented() {
        let all = rules();
        let mut codes: Vec<&str> = all.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "a code is registered twice");
        for r in &all {
            let (letter, digits) = r.code.split_at(1);
            assert!(FAMILIES.contains(letter), "{}: unknown family", r.code);
            assert!(
                letter.chars().all(|c| c.is_ascii_uppercase())
                    && digits.len() == 3
                    && digits.chars().all(|c| c.is_ascii_digit()),
                "{}",
                r.code
            );
            assert!(
                !r.summary.is_empty() && !r.summary.contains('\n'),
                "{}",
                r.code
            );
            assert!(
                r.explanation.len() > 100,
                "{}: explanation too short",
                r.code
            );
            assert!(!r.source.is_empty(), "{}", r.code);
            // W codes are warnings; a rule found to report what B2C accepts
            // became a warning under its old code, which stays stable.
            assert!(
                !r.code.starts_with('W') || r.severity == Severity::Warning,
                "{}: W codes are warnings",
                r.code
            );
        }
    }

    #[test]
    fn lookup_ignores_case_and_suggests_near_codes() {
        assert_eq!(lookup("j008").map(|r| r.code), Some("J008"));
        assert_eq!(lookup(" R001 ").map(|r| r.code), Some("R001"));
        assert!(lookup("J099").is_none());
        assert_eq!(suggest("J08"), Some("J008"));
        assert!(suggest("completely-unrelated").is_none());
    }

    #[test]
    fn explain_shows_every_part() {
        let text = lookup("P001").map(RuleInfo::explain).unwrap_or_default();
        for part in [
            "P001: the `BasePolicy` is in the policy set",
            "severity: error",
            "cannot be found in the directory",
            "Failing example:",
            "Passing example:",
            "--- TrustFrameworkExtensions.xml ---",
            "<PolicyId>B2C_1A_TrustFrameworkBase</PolicyId>",
            "Source: FACTS.md §6",
        ] {
            assert!(text.contains(part), "missing {part:?} in:\n{text}");
        }
        assert!(text.lines().all(|l| l.chars().count() <= 200));
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(wrap("  one   two ", 80), "one two");
    }
}
