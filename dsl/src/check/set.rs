//! The checker over a policy set: resolves each file's `BasePolicy` chain
//! the way B2C does (by `PolicyId`, ignoring case), and reports what B2C
//! would reject on upload, plus likely mistakes it accepts.
//!
//! [`check_set`] is the entry point; [`Diagnostic`] and [`Report`] are what
//! it returns. The rules themselves live in [`super::rules`], one module
//! per rule, each with its code, severity, explanation and examples
//! (`ief explain CODE`).
//!
//! A file's references must resolve in that file and its ancestors: B2C
//! uploads and validates the base first, so a base cannot lean on what
//! only a child defines. When a chain is broken (a missing base, P001, or a
//! loop, P002), the rules that need all of it (unresolved references, C001,
//! T005, and the journey rules but J002) are not run on that file: what the
//! missing part defines is unknown.

use std::fmt;

use super::context::{Context, SetFacts};
use super::rules;
use super::{Category, Severity};
use crate::import::{import_str, ImportError, Imported, Pos};

/// B2C's limit on inheritance levels.
pub const MAX_CHAIN: usize = 10;

/// One finding of the checker.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file.
    pub file: String,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// The rule's stable code.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where that can be said.
    pub help: Option<String>,
    /// The id at fault, when there is one.
    pub id: Option<String>,
    /// Where the id at fault was made in Rust (`file:line:column` of a
    /// run-time handle such as `ProfileRef::from_string`), when the set was
    /// built in Rust.
    pub origins: Vec<String>,
}

/// What the checker found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Diagnostic {
    /// The category of the rule that found it ([`super::rules::lookup`];
    /// correctness for a code no rule has).
    pub fn category(&self) -> Category {
        super::rules::lookup(self.code).map_or(Category::Correctness, |r| r.category)
    }
}

impl Report {
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COL: error[CODE]: message` (`FILE: …` when the position
    /// is unknown), then `  = help: …` on a line of its own when there is
    /// help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}:{}: ", self.file, p.line, p.column)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        for origin in &self.origins {
            write!(f, "\n  = note: the id was made in Rust at {origin}")?;
        }
        Ok(())
    }
}

impl From<ImportError> for Diagnostic {
    /// An import error as the finding E001 (the file cannot be imported).
    fn from(e: ImportError) -> Self {
        Diagnostic {
            file: e.file,
            pos: (e.line > 0).then_some(Pos {
                line: e.line,
                column: e.column,
            }),
            code: "E001",
            severity: Severity::Error,
            message: e.message,
            help: e.help,
            id: None,
            origins: Vec::new(),
        }
    }
}

/// Checks a policy set: every file with its inheritance chain, by every
/// rule of the registry ([`super::rules`]). Independent parts of the set
/// are checked on the machine's cores ([`check_set_threads`] with
/// [`crate::par::threads`]: `IEF_THREADS` sets the number); the report
/// does not depend on how many.
pub fn check_set(files: &[Imported]) -> Report {
    check_set_with(files, &CheckOptions::default())
}

/// How [`check_set_with`] checks a set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// The set is built for an environment marked production (an
    /// `appsettings.json` environment with `"Production": true`, or
    /// `--production`): rules about development settings left on report
    /// errors instead of warnings.
    pub production: bool,
    /// At most this many threads (0 and 1: the calling thread); `None`:
    /// [`crate::par::threads`].
    pub threads: Option<usize>,
}

/// [`check_set`] with `options`.
pub fn check_set_with(files: &[Imported], options: &CheckOptions) -> Report {
    let threads = options
        .threads
        .unwrap_or_else(|| crate::par::threads(files.len()));
    let set = SetFacts::new(files);
    let groups = set.groups(files);
    // Each group is checked, and its context dropped, on the thread that
    // takes it; a panic in a rule reaches the caller as on one thread.
    let group_refs: Vec<&Vec<usize>> = groups.iter().collect();
    let mut diagnostics: Vec<Diagnostic> = crate::par::map_on(threads, group_refs, |group| {
        check_scope(files, &set, group, options)
    })
    .into_iter()
    .flatten()
    .collect();
    diagnostics.sort();
    diagnostics.dedup();
    drop_stand_ins(files, &mut diagnostics);
    Report { diagnostics }
}

/// [`check_set`] on at most `threads` threads (0 and 1: on this one).
///
/// The set is split into groups that no rule looks across (the files of
/// chains linked by `BasePolicy`, with every file that shares a
/// `PolicyId`). The threads take the groups one at a time, in order, and
/// check each with a context of its own, dropped as soon as the group is
/// done (its effective policies are freed while they are still in cache,
/// and memory holds one group per thread). The findings are sorted and
/// deduplicated as one list: the same report whatever the number of
/// threads, and the same as one context over the whole set.
pub fn check_set_threads(files: &[Imported], threads: usize) -> Report {
    check_set_with(
        files,
        &CheckOptions {
            threads: Some(threads),
            ..CheckOptions::default()
        },
    )
}

/// Drops findings about a settings placeholder's stand-in value: a typed
/// place that holds a placeholder was read with a stand-in, and findings
/// there are about the stand-in. W002 says so.
fn drop_stand_ins(files: &[Imported], diagnostics: &mut Vec<Diagnostic>) {
    let stand_ins: std::collections::BTreeSet<(&str, Pos)> = files
        .iter()
        .flat_map(|f| {
            f.policy
                .trivia
                .placeholders()
                .filter_map(move |p| Some((f.file.as_str(), p.position?)))
        })
        .collect();
    if !stand_ins.is_empty() {
        diagnostics.retain(|d| {
            d.code == "W002"
                || d.pos
                    .is_none_or(|pos| !stand_ins.contains(&(d.file.as_str(), pos)))
        });
    }
}

/// Every rule over the files of `scope`; the findings sorted, each once.
/// The context (indexes, effective policies) is dropped here, on the
/// thread that built it.
fn check_scope(
    files: &[Imported],
    set: &SetFacts,
    scope: &[usize],
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let cx = Context::new(files, set, scope, options);
    rules::run_all(&cx);
    cx.finish()
}

/// [`check_set`] with one context over the whole set: no groups, no
/// threads, every effective policy held until the end. The reference that
/// [`check_set_threads`] is tested against (the same report); slower on a
/// set of many groups.
pub fn check_set_whole(files: &[Imported]) -> Report {
    let set = SetFacts::new(files);
    let all: Vec<usize> = (0..files.len()).collect();
    let mut diagnostics = check_scope(files, &set, &all, &CheckOptions::default());
    drop_stand_ins(files, &mut diagnostics);
    Report { diagnostics }
}

/// Imports each `(file name, text)` and checks the files that import as a
/// set: import errors are E001 findings of their file, the rest is
/// [`check_set`]. What `ief check` does after reading the files.
pub fn check_sources<'s>(sources: impl IntoIterator<Item = (&'s str, &'s str)>) -> Report {
    let mut imported = Vec::new();
    let mut diagnostics = Vec::new();
    // Imported on every core (crate::par), taken in the order given.
    let sources: Vec<(&str, &str)> = sources.into_iter().collect();
    let results = crate::par::map(sources, |(name, text)| import_str(text, name));
    for result in results {
        match result {
            Ok(i) => imported.push(i),
            Err(errors) => diagnostics.extend(errors.into_iter().map(Diagnostic::from)),
        }
    }
    diagnostics.extend(check_set(&imported).diagnostics);
    diagnostics.sort();
    Report { diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_displays_as_one_located_line_with_its_help() {
        let d = Diagnostic {
            file: "Base.xml".into(),
            pos: Some(Pos { line: 3, column: 7 }),
            code: "I001",
            severity: Severity::Error,
            message: "claim type id is empty".into(),
            help: Some("give it an id".into()),
            id: Some(String::new()),
            origins: Vec::new(),
        };
        assert_eq!(
            d.to_string(),
            "Base.xml:3:7: error[I001]: claim type id is empty\n  = help: give it an id"
        );
        let w = Diagnostic {
            pos: None,
            severity: Severity::Warning,
            help: None,
            ..d
        };
        assert_eq!(
            w.to_string(),
            "Base.xml: warning[I001]: claim type id is empty"
        );
    }

    fn policy(id: &str, base: Option<&str>) -> Imported {
        let base = base
            .map(|b| format!("<BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>{b}</PolicyId></BasePolicy>"))
            .unwrap_or_default();
        let xml = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="{id}" PublicPolicyUri="http://contoso.onmicrosoft.com/{id}">{base}</TrustFrameworkPolicy>"#
        );
        match import_str(&xml, format!("{id}.xml")) {
            Ok(i) => i,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn groups_follow_chains_and_shared_policy_ids_and_nothing_else() {
        let files = [
            policy("B2C_1A_Base", None),                   // 0
            policy("B2C_1A_Other", None),                  // 1
            policy("B2C_1A_Rp", Some("B2C_1A_BASE")),      // 2: base 0
            policy("B2C_1A_Lone", Some("B2C_1A_Nowhere")), // 3: missing base
            policy("B2C_1A_other", None),                  // 4: same id as 1
            policy("B2C_1A_Rp2", Some("B2C_1A_Rp")),       // 5: base 2
            policy("B2C_1A_X", Some("B2C_1A_Y")),          // 6: loop with 7
            policy("B2C_1A_Y", Some("B2C_1A_X")),          // 7
        ];
        let set = SetFacts::new(&files);
        let groups = set.groups(&files);
        assert_eq!(groups, vec![vec![0, 2, 5], vec![1, 4], vec![3], vec![6, 7]]);
        // The findings do not depend on the split.
        let one = check_set_whole(&files);
        assert_eq!(check_set_threads(&files, 1), one);
        assert_eq!(check_set_threads(&files, 2), one);
        assert_eq!(check_set_threads(&files, 4), one);
        let codes: Vec<&str> = one.diagnostics.iter().map(|d| d.code).collect();
        for code in ["P001", "P002", "P005"] {
            assert!(codes.contains(&code), "no {code} in {codes:?}");
        }
    }

    #[test]
    fn sources_that_do_not_import_are_e001_and_the_rest_is_checked() {
        let good = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_A" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_A"><BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>B2C_1A_Missing</PolicyId></BasePolicy></TrustFrameworkPolicy>"#;
        let report = check_sources([("A.xml", good), ("B.xml", "<TrustFrameworkPolicy")]);
        let codes: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.file.as_str(), d.code))
            .collect();
        assert_eq!(codes, vec![("A.xml", "P001"), ("B.xml", "E001")]);
    }
}
