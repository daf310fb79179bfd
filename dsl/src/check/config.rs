//! A project's rule configuration: which rules are off, which findings are
//! accepted and why, and whether the set is built for production. Read
//! from `ief.toml` (next to the policies or in a folder above them) or
//! built in Rust ([`RuleConfig::allow`], [`crate::emit::PolicySet::rules`]).
//!
//! ```toml
//! [check]
//! production = true          # development settings left on are errors
//!
//! [rules]
//! W002 = { level = "allow", reason = "templates; the pipeline substitutes them" }
//! S004 = "error"             # a warning made an error
//!
//! [[allow]]                  # one finding: a code and the id it names
//! code = "T002"
//! id = "issuerUserId"
//! file = "TrustFrameworkExtensions.xml"   # optional
//! reason = "the base restates it; fixed upstream in v2"
//! ```
//!
//! Turning a rule off (`allow`) or setting it to `warning` needs a
//! `reason` (a rule whose default is a warning may still report errors
//! case by case, e.g. S002 where B2C rejects the policy): the
//! configuration is where a reviewer reads why a check does not apply. E001 (a file that cannot be read as a policy) cannot be
//! turned off: nothing else of that file was checked. A finding accepted
//! by the configuration is not lost: [`Applied::allowed`] lists it with
//! its reason, and `ief check` counts it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::set::Diagnostic;
use super::{rules, Severity};

/// The name of the configuration file `ief check` looks for.
pub const FILE_NAME: &str = "ief.toml";

/// What a configuration does to a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported (listed as allowed, with the reason).
    Allow,
    /// Reported as a warning.
    Warning,
    /// Reported as an error.
    Error,
}

impl Level {
    /// The level named `text` (`allow`, `warning`/`warn`, `error`/`deny`),
    /// ignoring case.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "allow" | "off" => Some(Level::Allow),
            "warning" | "warn" => Some(Level::Warning),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }
}

/// One rule's level, with the reason for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLevel {
    /// The rule's code.
    pub code: &'static str,
    /// What its findings become.
    pub level: Level,
    /// Why (required to turn a rule off or to set it to a warning).
    pub reason: Option<String>,
}

/// One accepted finding: a code, the id it names and, optionally, the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    /// The rule's code.
    pub code: &'static str,
    /// The id the finding names (compared ignoring case); `None`: every
    /// finding of the code (in `file`, when given).
    pub id: Option<String>,
    /// The file name (or the end of its path) the finding is in, compared
    /// ignoring case; `None`: any file.
    pub file: Option<String>,
    /// Why the finding is accepted.
    pub reason: String,
}

impl Allowance {
    /// Whether `d` is the finding this accepts.
    fn matches(&self, d: &Diagnostic) -> bool {
        d.code == self.code
            && self.id.as_ref().is_none_or(|id| {
                d.id.as_ref()
                    .is_some_and(|found| found.eq_ignore_ascii_case(id))
            })
            && self.file.as_ref().is_none_or(|f| file_matches(&d.file, f))
    }

    /// How it is named in a note: `H001 `legacyClaim` in Base.xml`.
    pub fn describe(&self) -> String {
        let mut out = self.code.to_owned();
        if let Some(id) = &self.id {
            out.push_str(&format!(" `{id}`"));
        }
        if let Some(f) = &self.file {
            out.push_str(&format!(" in {f}"));
        }
        out
    }
}

/// Whether the finding's `file` is `wanted`: the same path, or a path
/// ending in `wanted` after a separator, ignoring case.
fn file_matches(file: &str, wanted: &str) -> bool {
    let file = file.replace('\\', "/").to_ascii_lowercase();
    let wanted = wanted.replace('\\', "/").to_ascii_lowercase();
    let wanted = wanted.trim_start_matches("./");
    file == wanted || file.ends_with(&format!("/{wanted}"))
}

/// A project's rule configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleConfig {
    /// Where it was read from (empty when built in Rust).
    pub path: String,
    /// `[check] production`: the set is built for production.
    pub production: bool,
    /// `[rules]`: levels by code.
    pub levels: Vec<RuleLevel>,
    /// `[[allow]]`: accepted findings.
    pub allowances: Vec<Allowance>,
}

/// A finding the configuration accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    /// The finding, as the rule reported it.
    pub diagnostic: Diagnostic,
    /// The reason given for accepting it.
    pub reason: String,
}

/// Findings after a configuration: those still reported (with their
/// levels applied) and those accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Reported, in the order given.
    pub reported: Vec<Diagnostic>,
    /// Accepted by the configuration, with the reason.
    pub allowed: Vec<Allowed>,
    /// `[[allow]]` entries that accepted nothing (stale, or misspelt).
    pub unused: Vec<Allowance>,
}

/// A configuration that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// The file is not valid TOML or says something ief cannot use.
    #[error("{path}:{line}:{column}: {message}{}", help.as_ref().map(|h| format!("\n  = help: {h}")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
    /// A configuration built in Rust names no rule or lacks a reason.
    #[error("{message}")]
    Rust {
        /// What is wrong.
        message: String,
    },
}

/// `ief.toml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    allow: Vec<Spanned<RawAllow>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    production: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    code: Spanned<String>,
    id: Option<String>,
    file: Option<String>,
    reason: Option<String>,
}

/// The rule with `code` (ignoring case), or why there is none.
fn rule_code(code: &str) -> Result<&'static str, (String, Option<String>)> {
    match rules::lookup(code) {
        Some(r) => Ok(r.code),
        None => Err((
            format!("`{}` is not a rule of ief", code.trim()),
            Some(match rules::suggest(code) {
                Some(near) => format!("did you mean `{near}`? (`ief explain` lists the rules)"),
                None => "`ief explain` lists the rules".to_owned(),
            }),
        )),
    }
}

/// Why `level` of `code` needs a reason that is missing, if it does:
/// turning a rule off, or setting it to a warning (many rules report
/// errors case by case, whatever their default: a warning level lowers
/// those).
fn missing_reason(code: &'static str, level: Level, reason: Option<&str>) -> Option<String> {
    if reason.is_some_and(|r| !r.trim().is_empty()) {
        return None;
    }
    match level {
        Level::Allow => Some(format!("turning `{code}` off needs a reason")),
        Level::Warning => Some(format!("turning `{code}` into a warning needs a reason")),
        Level::Error => None,
    }
}

impl RuleConfig {
    /// An empty configuration: every rule at its default level.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `path`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let shown = path.as_ref().display().to_string();
        let text = std::fs::read_to_string(path.as_ref()).map_err(|e| ConfigError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        Self::parse(&text, &shown)
    }

    /// Parses the text of an `ief.toml`; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Self, ConfigError> {
        let at = |span: std::ops::Range<usize>, message: String, help: Option<String>| {
            let (line, column) = position(text, span.start);
            ConfigError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message,
                help,
            }
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            at(
                e.span().unwrap_or(0..0),
                e.message().trim().to_owned(),
                None,
            )
        })?;
        let mut config = RuleConfig {
            path: path.to_owned(),
            production: raw.check.production.unwrap_or(false),
            ..RuleConfig::default()
        };
        for (key, value) in raw.rules {
            let code = rule_code(key.get_ref()).map_err(|(m, h)| at(key.span(), m, h))?;
            if config.levels.iter().any(|l| l.code == code) {
                return Err(at(
                    key.span(),
                    format!("`{code}` is set twice in `[rules]` (codes ignore case)"),
                    Some("keep one entry per rule".to_owned()),
                ));
            }
            let (level, reason) = match value.get_ref() {
                toml::Value::String(s) => (Level::parse(s), None),
                toml::Value::Table(t) => {
                    if let Some(k) = t.keys().find(|k| *k != "level" && *k != "reason") {
                        return Err(at(
                            value.span(),
                            format!("unknown key `{k}` for rule `{code}`"),
                            Some("a rule takes `level` and `reason`".to_owned()),
                        ));
                    }
                    let level = t.get("level").and_then(toml::Value::as_str);
                    let reason = t.get("reason").and_then(toml::Value::as_str);
                    (level.and_then(Level::parse), reason.map(str::to_owned))
                }
                _ => (None, None),
            };
            let Some(level) = level else {
                return Err(at(
                    value.span(),
                    format!("the level of `{code}` must be `allow`, `warning` or `error`"),
                    Some(format!(
                        "write `{code} = \"warning\"` or `{code} = {{ level = \"allow\", reason = \"…\" }}`"
                    )),
                ));
            };
            config
                .set_level(code, level, reason)
                .map_err(|m| at(value.span(), m, Some("add `reason = \"…\"`".to_owned())))?;
        }
        for entry in raw.allow {
            let span = entry.span();
            let entry = entry.into_inner();
            let code =
                rule_code(entry.code.get_ref()).map_err(|(m, h)| at(entry.code.span(), m, h))?;
            let Some(reason) = entry.reason.filter(|r| !r.trim().is_empty()) else {
                return Err(at(
                    span,
                    format!("the `[[allow]]` of `{code}` has no reason"),
                    Some("add `reason = \"…\"`: why the finding does not apply".to_owned()),
                ));
            };
            config
                .push_allowance(Allowance {
                    code,
                    id: entry.id,
                    file: entry.file,
                    reason,
                })
                .map_err(|m| at(span.clone(), m, None))?;
        }
        Ok(config)
    }

    /// Sets `code`'s level (a reason is needed to turn a rule off or to set
    /// it to a warning).
    fn set_level(
        &mut self,
        code: &'static str,
        level: Level,
        reason: Option<String>,
    ) -> Result<(), String> {
        if code == "E001" && level != Level::Error {
            return Err(
                "E001 cannot be lowered: a file that cannot be read as a policy is not checked at all"
                    .to_owned(),
            );
        }
        if let Some(why) = missing_reason(code, level, reason.as_deref()) {
            return Err(why);
        }
        self.levels.retain(|l| l.code != code);
        self.levels.push(RuleLevel {
            code,
            level,
            reason,
        });
        Ok(())
    }

    /// Adds an accepted finding.
    fn push_allowance(&mut self, allowance: Allowance) -> Result<(), String> {
        if allowance.code == "E001" {
            return Err(
                "E001 cannot be allowed: a file that cannot be read as a policy is not checked at all"
                    .to_owned(),
            );
        }
        self.allowances.push(allowance);
        Ok(())
    }

    /// The configuration with every finding of `code` accepted, for
    /// `reason`: the Rust form of `CODE = { level = "allow", reason = … }`.
    pub fn allow(mut self, code: &str, reason: &str) -> Result<Self, ConfigError> {
        let code = rule_code(code).map_err(|(message, _)| ConfigError::Rust { message })?;
        self.set_level(code, Level::Allow, Some(reason.to_owned()))
            .map_err(|message| ConfigError::Rust { message })?;
        Ok(self)
    }

    /// The configuration with the finding of `code` that names `id`
    /// accepted, for `reason`: the Rust form of an `[[allow]]` entry.
    pub fn allow_id(mut self, code: &str, id: &str, reason: &str) -> Result<Self, ConfigError> {
        let code = rule_code(code).map_err(|(message, _)| ConfigError::Rust { message })?;
        if reason.trim().is_empty() {
            return Err(ConfigError::Rust {
                message: format!("allowing `{code}` `{id}` needs a reason"),
            });
        }
        self.push_allowance(Allowance {
            code,
            id: Some(id.to_owned()),
            file: None,
            reason: reason.to_owned(),
        })
        .map_err(|message| ConfigError::Rust { message })?;
        Ok(self)
    }

    /// The configuration with `code`'s findings reported at `level`
    /// (`reason` is required to turn it off or to set it to a warning).
    pub fn level(
        mut self,
        code: &str,
        level: Level,
        reason: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let code = rule_code(code).map_err(|(message, _)| ConfigError::Rust { message })?;
        self.set_level(code, level, reason.map(str::to_owned))
            .map_err(|message| ConfigError::Rust { message })?;
        Ok(self)
    }

    /// The configuration for a set built for production (or not).
    pub fn production(mut self, production: bool) -> Self {
        self.production = production;
        self
    }

    /// Applies the configuration to `diagnostics`: accepted findings move
    /// to [`Applied::allowed`], the others take their configured level.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Applied {
        let (reported, allowed, unused) =
            self.apply_tagged(diagnostics.into_iter().map(|d| (d, ())).collect());
        Applied {
            reported: reported.into_iter().map(|(d, ())| d).collect(),
            allowed: allowed.into_iter().map(|(a, ())| a).collect(),
            unused,
        }
    }

    /// [`RuleConfig::apply`] to findings that each carry a tag (what the
    /// caller knows about them, e.g. the environments they were found
    /// in): the findings reported, those accepted, each with its tag, and
    /// the `[[allow]]` entries that accepted nothing.
    #[allow(clippy::type_complexity)]
    pub fn apply_tagged<T>(
        &self,
        items: Vec<(Diagnostic, T)>,
    ) -> (Vec<(Diagnostic, T)>, Vec<(Allowed, T)>, Vec<Allowance>) {
        let mut used = vec![false; self.allowances.len()];
        let mut reported = Vec::new();
        let mut allowed = Vec::new();
        for (mut d, tag) in items {
            if let Some((n, a)) = self
                .allowances
                .iter()
                .enumerate()
                .find(|(_, a)| a.matches(&d))
            {
                used[n] = true;
                let reason = a.reason.clone();
                allowed.push((
                    Allowed {
                        diagnostic: d,
                        reason,
                    },
                    tag,
                ));
                continue;
            }
            match self.levels.iter().find(|l| l.code == d.code) {
                Some(RuleLevel {
                    level: Level::Allow,
                    reason,
                    ..
                }) => allowed.push((
                    Allowed {
                        diagnostic: d,
                        reason: reason.clone().unwrap_or_default(),
                    },
                    tag,
                )),
                Some(RuleLevel { level, .. }) => {
                    d.severity = if *level == Level::Error {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    reported.push((d, tag));
                }
                None => reported.push((d, tag)),
            }
        }
        let unused = self
            .allowances
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(a, _)| a.clone())
            .collect();
        (reported, allowed, unused)
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Pos;

    fn finding(code: &'static str, severity: Severity, file: &str, id: &str) -> Diagnostic {
        Diagnostic {
            file: file.to_owned(),
            pos: Some(Pos { line: 3, column: 5 }),
            code,
            severity,
            message: format!("{code} about {id}"),
            help: None,
            id: Some(id.to_owned()),
            origins: Vec::new(),
        }
    }

    const EXAMPLE: &str = r#"
[check]
production = true

[rules]
w002 = { level = "allow", reason = "templates" }
S001 = "error"
R001 = { level = "warning", reason = "migrating" }

[[allow]]
code = "T002"
id = "issuerUserId"
file = "TrustFrameworkExtensions.xml"
reason = "the base's duplicate"
"#;

    #[test]
    fn a_configuration_turns_off_raises_lowers_and_accepts_one_finding() {
        let config = RuleConfig::parse(EXAMPLE, "ief.toml").unwrap_or_default();
        assert!(config.production);
        let applied = config.apply(vec![
            finding("W002", Severity::Warning, "a/Base.xml", "yourtenant"),
            finding("S001", Severity::Warning, "a/Base.xml", "Development"),
            finding("R001", Severity::Error, "a/Base.xml", "email"),
            finding(
                "T002",
                Severity::Warning,
                "a/TrustFrameworkExtensions.xml",
                "IssuerUserId",
            ),
            finding("T002", Severity::Warning, "a/Base.xml", "issuerUserId"),
        ]);
        let reported: Vec<(&str, Severity, &str)> = applied
            .reported
            .iter()
            .map(|d| (d.code, d.severity, d.file.as_str()))
            .collect();
        assert_eq!(
            reported,
            vec![
                ("S001", Severity::Error, "a/Base.xml"),
                ("R001", Severity::Warning, "a/Base.xml"),
                ("T002", Severity::Warning, "a/Base.xml"),
            ]
        );
        let allowed: Vec<(&str, &str)> = applied
            .allowed
            .iter()
            .map(|a| (a.diagnostic.code, a.reason.as_str()))
            .collect();
        assert_eq!(
            allowed,
            vec![("W002", "templates"), ("T002", "the base's duplicate")]
        );
        assert!(applied.unused.is_empty());
    }

    #[test]
    fn an_allowance_that_accepts_nothing_is_reported_unused() {
        let config = RuleConfig::new()
            .allow_id("T002", "legacy", "kept for v1")
            .unwrap_or_default();
        let applied = config.apply(vec![finding("T002", Severity::Warning, "B.xml", "other")]);
        assert_eq!(applied.reported.len(), 1);
        assert_eq!(applied.unused.len(), 1);
        assert_eq!(applied.unused[0].describe(), "T002 `legacy`");
    }

    fn error_of(text: &str) -> String {
        match RuleConfig::parse(text, "ief.toml") {
            Ok(c) => panic!("accepted: {c:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn mistakes_are_located_with_help() {
        assert_eq!(
            error_of("[rules]\nJ08 = \"allow\"\n"),
            "ief.toml:2:1: `J08` is not a rule of ief\n  = help: did you mean `J008`? (`ief explain` lists the rules)"
        );
        assert_eq!(
            error_of("[rules]\nW002 = \"allow\"\n"),
            "ief.toml:2:8: turning `W002` off needs a reason\n  = help: add `reason = \"…\"`"
        );
        assert_eq!(
            error_of("[rules]\nR001 = \"warning\"\n"),
            "ief.toml:2:8: turning `R001` into a warning needs a reason\n  = help: add `reason = \"…\"`"
        );
        assert!(error_of("[rules]\nW002 = \"silence\"\n").starts_with(
            "ief.toml:2:8: the level of `W002` must be `allow`, `warning` or `error`"
        ));
        assert!(
            error_of("[rules]\nE001 = { level = \"allow\", reason = \"x\" }\n")
                .contains("E001 cannot be lowered")
        );
        assert!(error_of("[[allow]]\ncode = \"T002\"\nid = \"x\"\n")
            .starts_with("ief.toml:1:1: the `[[allow]]` of `T002` has no reason"));
        assert!(
            error_of("[chek]\n").starts_with("ief.toml:1:"),
            "{}",
            error_of("[chek]\n")
        );
        assert!(error_of("[rules\n").starts_with("ief.toml:1:"));
        assert!(error_of("[rules]\nS002 = \"error\"\ns002 = \"error\"\n")
            .contains("is set twice in `[rules]`"));
    }

    #[test]
    fn rust_configuration_checks_codes_and_reasons() {
        assert!(RuleConfig::new().allow("W002", "templates").is_ok());
        assert!(RuleConfig::new().allow("W02", "templates").is_err());
        assert!(RuleConfig::new().allow("W002", " ").is_err());
        assert!(RuleConfig::new().allow_id("W002", "x", "").is_err());
        assert!(RuleConfig::new().level("S001", Level::Error, None).is_ok());
        assert!(RuleConfig::new().allow("E001", "no").is_err());
        // S002 defaults to a warning but reports errors where B2C rejects
        // the policy: setting it to a warning lowers those.
        assert!(RuleConfig::new()
            .level("S002", Level::Warning, None)
            .is_err());
        assert!(RuleConfig::new()
            .level(
                "S002",
                Level::Warning,
                Some("internal API behind a private network")
            )
            .is_ok());
    }

    #[test]
    fn file_names_match_the_end_of_a_path_ignoring_case() {
        assert!(file_matches("policies/Base.xml", "base.xml"));
        assert!(file_matches("policies\\Base.xml", "policies/Base.xml"));
        assert!(file_matches("Base.xml", "./Base.xml"));
        assert!(!file_matches("policies/MyBase.xml", "Base.xml"));
    }
}
