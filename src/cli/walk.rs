//! Finding the policy files of the paths given: folders are walked the way
//! ripgrep walks them (the `ignore` crate): `.gitignore` and `.ignore` are
//! honoured, hidden files and folders are skipped (an editor's lock file
//! `.#TrustFrameworkBase.xml` among them), and so are `target/` and
//! `node_modules/`. A symbolic link is not followed out of the folder
//! given unless `--follow` says so: a link whose target lies outside is
//! named as skipped, without its target being opened. A link whose target
//! does not exist is a finding of that file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::Fatal;

/// What walking the paths found.
#[derive(Debug, Default)]
pub struct Found {
    /// The `.xml` files to read, each once, in path order.
    pub files: Vec<PathBuf>,
    /// Files passed over, with why (not read).
    pub skipped: Vec<(PathBuf, String)>,
    /// Files that could not be reached (a dangling link, a folder that
    /// cannot be read), with why: findings of those files.
    pub problems: Vec<(PathBuf, String)>,
}

fn is_xml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("xml"))
}

/// Walks `paths`. A path that does not exist is a usage error; everything
/// below a folder is found or reported, never fatal.
pub fn collect(paths: &[PathBuf], follow: bool) -> Result<Found, Fatal> {
    let mut found = Found::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    // Each file once, by its canonical path (`key`, when the walk knows
    // it without asking the file system).
    let mut add = |path: PathBuf, key: Option<PathBuf>, found: &mut Found| {
        let key =
            key.unwrap_or_else(|| std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()));
        if seen.insert(key) {
            found.files.push(path);
        }
    };
    for p in paths {
        let meta = std::fs::metadata(p);
        match meta {
            Ok(m) if m.is_dir() => walk(p, follow, &mut found, &mut add),
            Ok(_) => add(p.clone(), None, &mut found),
            Err(_) if std::fs::symlink_metadata(p).is_ok() => found.problems.push((
                p.clone(),
                "is a symbolic link whose target does not exist".into(),
            )),
            Err(_) => {
                return Err(Fatal(format!(
                    "no such file or folder: {}",
                    crate::cli::out::visible(&p.display().to_string())
                )))
            }
        }
    }
    sort_by_path(&mut found.files, |p| p);
    found.skipped.sort();
    found.problems.sort();
    Ok(found)
}

/// Sorts `items` by `path` in `Path`'s order (component by component),
/// stable, splitting each path into components once rather than at every
/// comparison (a walk of thousands of files spent a millisecond there).
fn sort_by_path<T>(items: &mut Vec<T>, path: impl Fn(&T) -> &Path) {
    let mut order: Vec<(Vec<std::path::Component<'_>>, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| (path(t).components().collect(), i))
        .collect();
    order.sort();
    let order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// What the walk saw of one entry.
enum Walked {
    /// A file to read, with its canonical path when known.
    File(PathBuf, Option<PathBuf>),
    /// A file passed over, with why.
    Skipped(PathBuf, String),
    /// A file or folder that could not be reached, with why.
    Problem(PathBuf, String),
}

impl Walked {
    fn path(&self) -> &Path {
        match self {
            Walked::File(p, _) | Walked::Skipped(p, _) | Walked::Problem(p, _) => p,
        }
    }
}

/// Walks the folder `root`; what was seen is taken in path order.
fn walk(
    root: &Path,
    follow: bool,
    found: &mut Found,
    add: &mut impl FnMut(PathBuf, Option<PathBuf>, &mut Found),
) {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(true)
        .parents(true)
        .require_git(false)
        .follow_links(follow)
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir
                && e.depth() > 0
                && matches!(e.file_name().to_str(), Some("target" | "node_modules")))
        })
        .build();
    // One thread: `ignore`'s parallel walker idles its workers in
    // millisecond sleeps, which costs a small set more than it saves a
    // large one.
    let mut seen: Vec<Walked> = walker
        .filter_map(|entry| look_at(root, &canonical_root, follow, entry))
        .collect();
    sort_by_path(&mut seen, Walked::path);
    for w in seen {
        match w {
            Walked::File(path, key) => add(path, key, found),
            Walked::Skipped(path, why) => found.skipped.push((path, why)),
            Walked::Problem(path, why) => found.problems.push((path, why)),
        }
    }
}

/// What one entry of the walk of `root` is to `ief check`.
fn look_at(
    root: &Path,
    canonical_root: &Path,
    follow: bool,
    entry: Result<ignore::DirEntry, ignore::Error>,
) -> Option<Walked> {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
            return Some(Walked::Problem(path, format!("cannot be read: {e}")));
        }
    };
    if entry.depth() == 0 {
        return None;
    }
    let path = entry.path().to_path_buf();
    if entry.path_is_symlink() && !follow {
        if !is_xml(&path) {
            return None;
        }
        return match std::fs::canonicalize(&path) {
            Err(_) => Some(Walked::Problem(
                path,
                "is a symbolic link whose target does not exist".into(),
            )),
            Ok(target) if !target.starts_with(canonical_root) => Some(Walked::Skipped(
                path,
                "a symbolic link to a file outside the folder (pass --follow to read it)".into(),
            )),
            Ok(target) if target.is_file() => Some(Walked::File(path, Some(target))),
            Ok(_) => None,
        };
    }
    if entry.file_type().is_some_and(|t| t.is_file()) && is_xml(&path) {
        // Not following links, a file that is not a link lies below the
        // canonical root by the names walked: its canonical path is known
        // without resolving it again.
        let key = (!follow)
            .then(|| path.strip_prefix(root).ok())
            .flatten()
            .map(|rel| canonical_root.join(rel));
        return Some(Walked::File(path, key));
    }
    None
}

/// The path an `ignore` error is about, when it names one.
fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// The namespace of B2C policies.
const POLICY_NS: &[u8] = b"http://schemas.microsoft.com/online/cpim/schemas/2013/06";

/// The elements directly under `TrustFrameworkPolicy`: a document whose
/// root is one of them is a policy that lost its root element (its start
/// tag deleted, say), not another kind of XML.
const POLICY_PARTS: &[&str] = &[
    "BasePolicy",
    "BuildingBlocks",
    "ClaimsProviders",
    "PolicyConstraints",
    "UserJourneys",
    "SubJourneys",
    "RelyingParty",
];

/// What the start of an XML text says it is.
pub enum Root {
    /// A policy, or a file meant as one (its root is `TrustFrameworkPolicy`,
    /// is in the policy namespace or is a near miss of the name, or the
    /// text names `TrustFrameworkPolicy` or the policy namespace
    /// anywhere): it is imported, and its faults are findings.
    Policy,
    /// Another XML document, with its root element's name: skipped unseen.
    Other(String),
    /// No root element before something malformed: not shown.
    NotXml,
}

/// Reads the root element of `text` and nothing after it.
pub fn root_of(text: &str) -> Root {
    let mut reader = quick_xml::NsReader::from_str(text);
    loop {
        match reader.read_resolved_event() {
            Ok((ns, quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                // quick-xml reads `<]]>` as a start tag; XML does not.
                if !ief::xml::is_ncname(&name) {
                    return Root::NotXml;
                }
                let in_policy_ns = matches!(
                    ns,
                    quick_xml::name::ResolveResult::Bound(quick_xml::name::Namespace(n)) if n == POLICY_NS
                );
                // A damaged policy (its root element misspelt, lost or
                // moved) still names itself somewhere; an app config
                // never does. Asked in order of cost.
                let policy = name == "TrustFrameworkPolicy"
                    || in_policy_ns
                    || POLICY_PARTS.contains(&name.as_str())
                    || ief::import::did_you_mean(&name, ["TrustFrameworkPolicy"]).is_some()
                    || text.contains("TrustFrameworkPolicy")
                    || text.contains("http://schemas.microsoft.com/online/cpim/schemas/2013/06");
                return if policy {
                    Root::Policy
                } else {
                    Root::Other(name)
                };
            }
            Ok((_, quick_xml::events::Event::Eof)) | Err(_) => return Root::NotXml,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_that_lost_its_root_element_is_still_a_policy() {
        let lost = "<?xml version=\"1.0\"?>\n  PolicyId=\"B2C_1A_X\">\n<BasePolicy><PolicyId>B2C_1A_Base</PolicyId></BasePolicy>";
        assert!(matches!(root_of(lost), Root::Policy));
        assert!(
            matches!(root_of("<configuration><a/></configuration>"), Root::Other(n) if n == "configuration")
        );
    }

    /// The keyed sort gives `Path`'s own order, separators, dots and
    /// repeated slashes included.
    #[test]
    fn sort_by_path_is_paths_order() {
        let names = [
            "a/b",
            "a.b/c",
            "a-b",
            "a/b/c",
            "a//b2",
            "./a/x",
            "a/./b1",
            "b",
            "/abs/z",
            "/abs",
            "a/B",
            "c10/x.xml",
            "c1/x.xml",
            "c100/x.xml",
            "c1/y.xml",
            "..",
            "a/../b",
            "é/x",
            "a/b/",
            "",
        ];
        let mut ours: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut std_order = ours.clone();
        std_order.sort();
        sort_by_path(&mut ours, |p| p);
        // Compared as written: `PathBuf`'s `==` takes `a/b` and `a/b/` as
        // the same path.
        let written = |v: &[PathBuf]| {
            v.iter()
                .map(|p| p.as_os_str().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(written(&ours), written(&std_order));
        // Stable: equal paths keep their order.
        let mut pairs = vec![(PathBuf::from("a/b"), 2), (PathBuf::from("a//b"), 1)];
        sort_by_path(&mut pairs, |(p, _)| p);
        assert_eq!(pairs[0].1, 2);
    }
}
