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
use crate::import::{ImportError, Imported, Pos, ScannedHeader};
use crate::resolve::lc;

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
    let diagnostics: Vec<Diagnostic> = crate::par::map_on(threads, group_refs, |group| {
        check_scope(files, &set, group, options)
    })
    .into_iter()
    .flatten()
    .collect();
    let headers: Vec<PolicyHeader> = files.iter().map(PolicyHeader::of).collect();
    finish_set(diagnostics, files, &headers)
}

/// What the set-wide findings read of one imported file: its name, its
/// `PolicyId`, `TenantId` and base, and where its `PolicyId` is. Taken
/// from each file as it is checked, so the findings that read the whole
/// set (H011, P001's "did you mean") need no file held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyHeader {
    /// The file name, as imported.
    pub file: String,
    /// `PolicyId`, as written.
    pub policy_id: String,
    /// `TenantId`, as written.
    pub tenant_id: String,
    /// The `PolicyId` of `BasePolicy`, as written.
    pub base_policy_id: Option<String>,
    /// Where the root's `PolicyId` attribute is.
    pub policy_id_pos: Option<Pos>,
}

impl PolicyHeader {
    /// The header of `file`.
    pub fn of(file: &Imported) -> Self {
        let p = &file.policy;
        PolicyHeader {
            file: file.file.clone(),
            policy_id: p.policy_id.id().to_owned(),
            tenant_id: p.tenant_id.clone(),
            base_policy_id: p.base_policy.as_ref().map(|b| b.policy_id.id().to_owned()),
            policy_id_pos: file.source_map.locate("TrustFrameworkPolicy@PolicyId"),
        }
    }
}

/// The end of every check: the stand-in findings of `files` dropped, the
/// findings that read the whole set added (`headers`: one per file of the
/// set, in order), every finding sorted and once.
fn finish_set(
    mut diagnostics: Vec<Diagnostic>,
    files: &[Imported],
    headers: &[PolicyHeader],
) -> Report {
    drop_stand_ins(files, &mut diagnostics);
    add_set_wide(&mut diagnostics, headers);
    diagnostics.sort();
    diagnostics.dedup();
    Report { diagnostics }
}

/// Adds to the findings of a set's groups what only the whole set shows:
/// H011 (policies per tenant) and P001's help (the nearest `PolicyId` of
/// any file).
fn add_set_wide(diagnostics: &mut Vec<Diagnostic>, headers: &[PolicyHeader]) {
    rules::help_over_set(diagnostics, headers);
    diagnostics.extend(rules::tenant_limits(headers));
}

/// Groups of a set by what each file says of itself (`keys`: each file's
/// lowercase `PolicyId` and base `PolicyId`; `None` for a file that could
/// not say): a file is with its base's file and with every file of its
/// `PolicyId`, as in [`SetFacts::groups`]; a file without a key is alone.
/// Groups are ascending and ordered by their first file.
pub(crate) fn groups_of(keys: &[Option<(String, Option<String>)>]) -> Vec<Vec<usize>> {
    let mut first: crate::hash::HashMap<&str, usize> = crate::hash::HashMap::default();
    for (i, k) in keys.iter().enumerate() {
        if let Some((id, _)) = k {
            first.entry(id.as_str()).or_insert(i);
        }
    }
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, k) in keys.iter().enumerate() {
        let Some((id, base)) = k else { continue };
        let linked = [Some(id.as_str()), base.as_deref()];
        for other in linked.into_iter().flatten().filter_map(|k| first.get(k)) {
            let (a, b) = (root(&mut parent, i), root(&mut parent, *other));
            // The smaller index is the root: groups come out ordered.
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut slot: Vec<Option<usize>> = vec![None; keys.len()];
    for i in 0..keys.len() {
        let r = root(&mut parent, i);
        match slot[r] {
            Some(g) => groups[g].push(i),
            None => {
                slot[r] = Some(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// What [`check_streamed`] gives back: what `load` said of each item, in
/// the order given, and the report of the set.
#[derive(Debug)]
pub struct Streamed<R> {
    /// For each item, what `load` returned besides the import.
    pub outcomes: Vec<R>,
    /// The findings over the files that imported.
    pub report: Report,
    /// Whether the headers gave the groups the imports confirm (`false`:
    /// every item was loaded again and checked as one set).
    pub grouped: bool,
}

/// [`check_set_with`] over items loaded a group at a time, so that memory
/// holds the groups being checked, not the whole set: what a command that
/// checks many sets at once (`ief check` over a repository) runs.
///
/// Each item comes with its [`ScannedHeader`] (`None`: the file is checked
/// alone). The items are split into groups by those headers, and each
/// group is loaded (`load`: the caller's reading, decoding and import,
/// returning what it wants to keep and the import when there is one),
/// checked, and dropped, on the machine's cores (`options.threads`).
/// The findings that read the whole set (H011, P001's help) are added
/// from each file's [`PolicyHeader`] at the end.
///
/// The headers are a guess: the imports' own `PolicyId`s decide. When they
/// link files the headers put in different groups, every item is loaded
/// again and checked by [`check_set_with`], so the report is always the
/// one [`check_set_with`] gives over the files that imported, in the
/// order given.
pub fn check_streamed<T, R, L>(
    items: Vec<(T, Option<ScannedHeader>)>,
    load: L,
    options: &CheckOptions,
) -> Streamed<R>
where
    T: Clone + Send + Sync,
    R: Send,
    L: Fn(T) -> (R, Option<Imported>) + Sync,
{
    let keys: Vec<Option<(String, Option<String>)>> = items
        .iter()
        .map(|(_, h)| {
            h.as_ref()
                .map(|h| (lc(&h.policy_id), h.base_policy_id.as_deref().map(lc)))
        })
        .collect();
    let groups = groups_of(&keys);
    let threads = options
        .threads
        .unwrap_or_else(|| crate::par::threads(groups.len()));
    let one_group = groups.len() == 1;
    let work: Vec<Vec<(usize, T)>> = groups
        .iter()
        .map(|g| g.iter().map(|&i| (i, items[i].0.clone())).collect())
        .collect();
    let local = CheckOptions {
        threads: Some(1),
        ..options.clone()
    };
    // Each group: loaded, checked, its models dropped on the thread.
    let done = crate::par::map_on(
        threads,
        work.into_iter().enumerate().collect(),
        |(g, members)| {
            let loaded: Vec<(usize, (R, Option<Imported>))> = if one_group {
                // One group: its files are loaded on every core instead.
                crate::par::map(members, |(i, t)| (i, load(t)))
            } else {
                members.into_iter().map(|(i, t)| (i, load(t))).collect()
            };
            let mut outcomes = Vec::with_capacity(loaded.len());
            let mut files = Vec::new();
            let mut at = Vec::new();
            for (i, (r, imported)) in loaded {
                outcomes.push((i, r));
                if let Some(f) = imported {
                    at.push(i);
                    files.push(f);
                }
            }
            let set = SetFacts::new(&files);
            let all: Vec<usize> = (0..files.len()).collect();
            let mut diagnostics = check_scope(&files, &set, &all, &local);
            drop_stand_ins(&files, &mut diagnostics);
            let headers: Vec<(usize, usize, PolicyHeader)> = at
                .into_iter()
                .zip(&files)
                .map(|(i, f)| (i, g, PolicyHeader::of(f)))
                .collect();
            (outcomes, diagnostics, headers)
        },
    );
    let mut outcomes: Vec<(usize, R)> = Vec::with_capacity(items.len());
    let mut diagnostics = Vec::new();
    let mut headers = Vec::new();
    for (o, d, h) in done {
        outcomes.extend(o);
        diagnostics.extend(d);
        headers.extend(h);
    }
    outcomes.sort_by_key(|(i, _)| *i);
    headers.sort_by_key(|(i, _, _)| *i);
    // The imports' groups must each lie in one group of the headers.
    let real: Vec<Option<(String, Option<String>)>> = headers
        .iter()
        .map(|(_, _, h)| Some((lc(&h.policy_id), h.base_policy_id.as_deref().map(lc))))
        .collect();
    let confirmed = groups_of(&real)
        .iter()
        .all(|g| g.iter().all(|&k| headers[k].1 == headers[g[0]].1));
    if !confirmed {
        drop(outcomes);
        let loaded = crate::par::map(items.into_iter().map(|(t, _)| t).collect(), &load);
        let mut outcomes = Vec::with_capacity(loaded.len());
        let mut files = Vec::new();
        for (r, imported) in loaded {
            outcomes.push(r);
            files.extend(imported);
        }
        let report = check_set_with(&files, options);
        return Streamed {
            outcomes,
            report,
            grouped: false,
        };
    }
    // The files whose header was read but whose import failed: a P001
    // naming one of them is about a base that is there but unreadable.
    let mut read = vec![false; items.len()];
    for (i, _, _) in &headers {
        read[*i] = true;
    }
    let unread: Vec<String> = items
        .iter()
        .zip(&read)
        .filter(|(_, read)| !**read)
        .filter_map(|((_, h), _)| h.as_ref().map(|h| h.policy_id.clone()))
        .collect();
    let headers: Vec<PolicyHeader> = headers.into_iter().map(|(_, _, h)| h).collect();
    add_set_wide(&mut diagnostics, &headers);
    rules::base_unread(&mut diagnostics, &unread);
    diagnostics.sort();
    diagnostics.dedup();
    Streamed {
        outcomes: outcomes.into_iter().map(|(_, r)| r).collect(),
        report: Report { diagnostics },
        grouped: true,
    }
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
    let diagnostics = check_scope(files, &set, &all, &CheckOptions::default());
    let headers: Vec<PolicyHeader> = files.iter().map(PolicyHeader::of).collect();
    finish_set(diagnostics, files, &headers)
}

/// Imports each `(file name, text)` and checks the files that import as a
/// set: import errors are E001 findings of their file, the rest is
/// [`check_set`]. What `ief check` does after reading the files.
pub fn check_sources<'s>(sources: impl IntoIterator<Item = (&'s str, &'s str)>) -> Report {
    let mut imported = Vec::new();
    let mut diagnostics = Vec::new();
    // Imported on every core (crate::par), taken in the order given.
    let sources: Vec<(&str, &str)> = sources.into_iter().collect();
    let results = crate::par::map(sources, |(name, text)| {
        crate::import::import_str_for_check(text, name).map_err(|e| (e, text))
    });
    let mut unread = Vec::new();
    for result in results {
        match result {
            Ok(i) => imported.push(i),
            Err((errors, text)) => {
                diagnostics.extend(errors.into_iter().map(Diagnostic::from));
                unread.extend(crate::import::scan_header(text).map(|h| h.policy_id));
            }
        }
    }
    let mut checked = check_set(&imported).diagnostics;
    rules::base_unread(&mut checked, &unread);
    diagnostics.extend(checked);
    diagnostics.sort();
    Report { diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_str;

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
    fn p001_never_suggests_the_file_itself_or_a_policy_that_inherits_from_it() {
        let p001_help = |files: &[Imported]| -> Vec<String> {
            check_set(files)
                .diagnostics
                .into_iter()
                .filter(|d| d.code == "P001")
                .map(|d| d.help.unwrap_or_default())
                .collect()
        };
        // The only ids near the missing base are the file's own and its
        // child's.
        let alone = [
            policy(
                "B2C_1A_TrustFrameworkExtensions",
                Some("B2C_1A_TrustFrameworkBase"),
            ),
            policy(
                "B2C_1A_TrustFrameworkExtensions2",
                Some("B2C_1A_TrustFrameworkExtensions"),
            ),
        ];
        assert_eq!(
            p001_help(&alone),
            vec!["add the base policy's file to the set, or fix the PolicyId".to_owned()]
        );
        // A near id of an unrelated file is still suggested.
        let mut with_other = alone.to_vec();
        with_other.push(policy("B2C_1A_TrustFrameworkBase1", None));
        assert_eq!(
            p001_help(&with_other),
            vec!["did you mean `B2C_1A_TrustFrameworkBase1`?".to_owned()]
        );
    }

    #[test]
    fn a_base_whose_file_does_not_import_is_named_as_unreadable_not_missing() {
        let head = |id: &str, base: &str| {
            format!(
                r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="{id}" PublicPolicyUri="http://contoso.onmicrosoft.com/{id}">{base}"#
            )
        };
        let base = format!(
            "{}<BuildingBlocks></ClaimsSchema></TrustFrameworkPolicy>",
            head("B2C_1A_Base", "")
        );
        let child = format!(
            "{}</TrustFrameworkPolicy>",
            head(
                "B2C_1A_Child",
                "<BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>B2C_1A_BASE</PolicyId></BasePolicy>"
            )
        );
        let report = check_sources([("Base.xml", base.as_str()), ("Child.xml", child.as_str())]);
        let found: Vec<(&str, &str, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.file.as_str(), d.code, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "Base.xml");
        assert_eq!(found[0].1, "E001");
        assert_eq!(
            found[1],
            (
                "Child.xml",
                "P001",
                "the base policy `B2C_1A_BASE` is in a file of the set that has errors (E001) and was not imported"
            )
        );
        // A base that is nowhere is still missing.
        let report = check_sources([("Child.xml", child.as_str())]);
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code == "P001" && d.message.ends_with("is not in the policy set")));
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
