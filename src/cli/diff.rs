//! `ief diff`: a semantic diff of two policy sets ([`ief::diff`]), by
//! element id, not by line.
//!
//! ```text
//! ief diff OLD NEW                    # folders or files
//! ief diff --effective OLD NEW        # the relying parties' effective policies
//! ief diff --git REV DIR              # DIR at REV against DIR on disk
//! ief diff --git REV1..REV2 DIR       # DIR at REV1 against DIR at REV2
//! ief diff --format json OLD NEW
//! ```
//!
//! Exit 0 when the sets are equal, 1 when they differ, 2 on a usage or
//! I/O error or a file that does not import (each of its errors shown,
//! located).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use ief::check::set::Diagnostic;
use ief::diff::{self, Change, Op, SetDiff};
use ief::import::{decode_text, import_bytes, Imported};

use super::out::{note, visible, Out};
use super::render::{render, Source};
use super::walk::{collect, root_of, Root};
use crate::{Fatal, Format};

/// What `ief diff` was asked for.
pub struct Args {
    /// `OLD NEW`, or `DIR` with `git`.
    pub paths: Vec<PathBuf>,
    /// `REV` or `REV1..REV2`: compare revisions of one folder.
    pub git: Option<String>,
    /// Compare effective policies.
    pub effective: bool,
    /// Output format.
    pub format: Format,
}

/// One side of the diff: a name for messages and the files as (name, bytes).
struct Side {
    label: String,
    files: Vec<(String, Vec<u8>)>,
}

/// Runs `ief diff`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let (old, new) = match &args.git {
        Some(revs) => {
            let [dir] = args.paths.as_slice() else {
                return Err(Fatal(
                    "with --git, `ief diff` takes one folder: `ief diff --git REV[..REV2] DIR`"
                        .into(),
                ));
            };
            let (a, b) = match revs.split_once("..") {
                Some((a, b)) if !a.is_empty() && !b.is_empty() => (a, Some(b)),
                Some(_) => {
                    return Err(Fatal(format!(
                        "`{revs}`: give `REV` (against the working tree) or `REV1..REV2`"
                    )))
                }
                None => (revs.as_str(), None),
            };
            let old = from_git(dir, a)?;
            let new = match b {
                Some(b) => from_git(dir, b)?,
                None => from_disk(dir)?,
            };
            (old, new)
        }
        None => {
            let [a, b] = args.paths.as_slice() else {
                return Err(Fatal(
                    "`ief diff` takes two sets: `ief diff OLD NEW` (folders or files), or `ief diff --git REV[..REV2] DIR`".into(),
                ));
            };
            (from_disk(a)?, from_disk(b)?)
        }
    };
    let old_files = import_side(&old)?;
    let new_files = import_side(&new)?;
    let result = if args.effective {
        diff::diff_effective(&old_files, &new_files)
    } else {
        diff::diff_sets(&old_files, &new_files)
    }
    .map_err(|e| Fatal(e.to_string()))?;
    let mut out = Out::default();
    match args.format {
        Format::Json => out.write(&format!(
            "{}\n",
            json(&result, &old.label, &new.label, args.effective)
        ))?,
        Format::Human => out.write(&human(&result))?,
    }
    Ok(if result.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The policy files of a folder or a file on disk (folders walked as
/// `ief check` walks them; XML files that are not policies left out).
fn from_disk(path: &Path) -> Result<Side, Fatal> {
    let found = collect(&[path.to_path_buf()], false)?;
    if let Some((p, why)) = found.problems.first() {
        return Err(Fatal(format!("{}: the file {why}", p.display())));
    }
    let mut files = Vec::new();
    for p in found.files {
        let name = p.display().to_string();
        let bytes =
            std::fs::read(&p).map_err(|e| Fatal(format!("cannot read {}: {e}", visible(&name))))?;
        files.push((name, bytes));
    }
    Ok(Side {
        label: path.display().to_string(),
        files,
    })
}

/// Runs git in `dir` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Fatal> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| Fatal(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(Fatal(format!(
            "git {} failed: {}",
            args.join(" "),
            err.trim()
        )));
    }
    Ok(output.stdout)
}

/// The policy files of folder (or file) `dir` as revision `rev` has them.
fn from_git(dir: &Path, rev: &str) -> Result<Side, Fatal> {
    let (folder, only) = if dir.is_file() {
        let parent = dir
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        (parent.to_path_buf(), dir.file_name().map(PathBuf::from))
    } else {
        (dir.to_path_buf(), None)
    };
    if !folder.is_dir() {
        return Err(Fatal(format!("no such folder: {}", folder.display())));
    }
    git(&folder, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        Fatal(format!(
            "{} is not in a git repository ({})",
            folder.display(),
            e.0
        ))
    })?;
    let commit = format!("{rev}^{{commit}}");
    git(&folder, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
        Fatal(format!(
            "`{rev}` is not a revision of the repository of {}",
            folder.display()
        ))
    })?;
    let top = String::from_utf8_lossy(&git(&folder, &["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_owned();
    let prefix = String::from_utf8_lossy(&git(&folder, &["rev-parse", "--show-prefix"])?)
        .trim_end_matches('\n')
        .to_owned();
    let pathspec = match &only {
        Some(f) => format!("{prefix}{}", f.display()),
        None if prefix.is_empty() => ".".to_owned(),
        None => prefix.clone(),
    };
    let list = git(
        Path::new(&top),
        &["ls-tree", "-r", "-z", "--name-only", rev, "--", &pathspec],
    )?;
    let mut files = Vec::new();
    for entry in list.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let path = String::from_utf8_lossy(entry).into_owned();
        let hidden = path
            .split('/')
            .any(|seg| seg.starts_with('.') || seg == "target" || seg == "node_modules");
        let is_xml = Path::new(&path)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("xml"));
        if hidden || !is_xml {
            continue;
        }
        let bytes = git(
            Path::new(&top),
            &["cat-file", "blob", &format!("{rev}:{path}")],
        )?;
        files.push((format!("{rev}:{path}"), bytes));
    }
    Ok(Side {
        label: format!("{rev}:{pathspec}"),
        files,
    })
}

/// Imports every policy file of a side; a file that is XML but not a
/// policy is left out. Any file that does not import stops the diff: its
/// errors are shown, located, and the command exits 2.
fn import_side(side: &Side) -> Result<Vec<Imported>, Fatal> {
    let mut files = Vec::new();
    let mut broken = Vec::new();
    for (name, bytes) in &side.files {
        if let Ok((text, _)) = decode_text(bytes, name.clone()) {
            if let Root::Other(_) = root_of(&text) {
                continue;
            }
        }
        match import_bytes(bytes, name.clone()) {
            Ok(i) => files.push(i),
            Err(errors) => {
                let text = decode_text(bytes, name.clone()).map(|t| t.0).ok();
                let source = text.as_deref().map(Source::new);
                for e in errors {
                    note(&render(
                        &super::render::plain(),
                        &Diagnostic::from(e),
                        source.as_ref(),
                    ))?;
                }
                broken.push(name.clone());
            }
        }
    }
    if !broken.is_empty() {
        return Err(Fatal(format!(
            "cannot compare: {} does not import ({})",
            if broken.len() == 1 {
                "a file"
            } else {
                "some files"
            },
            broken.join(", ")
        )));
    }
    if files.is_empty() {
        return Err(Fatal(format!("no policy files in {}", side.label)));
    }
    Ok(files)
}

/// A value on one line (line breaks shown as `\n`).
fn value(v: &Option<String>) -> String {
    v.as_deref()
        .unwrap_or("")
        .replace('\r', "\\r")
        .replace('\n', "\\n")
}

/// The human form: per policy, per element, one line per change.
fn human(d: &SetDiff) -> String {
    if d.is_empty() {
        return "no differences\n".into();
    }
    let mut s = String::new();
    let mut count = 0;
    for p in &d.policies {
        let files = match (&p.old_file, &p.new_file) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} -> {b}"),
            (Some(a), None) => a.clone(),
            (None, Some(b)) => b.clone(),
            (None, None) => String::new(),
        };
        match p.status() {
            "added" => {
                count += 1;
                s.push_str(&format!("+ policy {} ({files})\n", p.policy_id));
                continue;
            }
            "removed" => {
                count += 1;
                s.push_str(&format!("- policy {} ({files})\n", p.policy_id));
                continue;
            }
            _ => s.push_str(&format!("~ policy {} ({files})\n", p.policy_id)),
        }
        let mut last: Option<(&str, String)> = None;
        for c in &p.changes {
            count += 1;
            if c.path.is_empty() {
                s.push_str(&format!("  {}\n", element_line(c)));
                last = None;
                continue;
            }
            let key = (c.kind.as_str(), c.id.to_lowercase());
            if last.as_ref() != Some(&key) {
                s.push_str(&format!("  ~ {}\n", element_name(c)));
                last = Some(key);
            }
            s.push_str(&format!("    {}\n", part_line(c)));
        }
    }
    s.push_str(&format!(
        "{count} change(s) in {} policy(ies)\n",
        d.policies.len()
    ));
    visible(&s)
}

fn element_name(c: &Change) -> String {
    if c.id.is_empty() {
        c.kind.clone()
    } else {
        format!("{} {}", c.kind, c.id)
    }
}

fn element_line(c: &Change) -> String {
    match c.op {
        Op::Renamed => format!(
            "~ {} {} renamed to {}",
            c.kind,
            value(&c.old),
            value(&c.new)
        ),
        _ => format!("{} {}", c.op.sign(), element_name(c)),
    }
}

fn part_line(c: &Change) -> String {
    match c.op {
        Op::Added => format!("+ {}: {}", c.path, value(&c.new)),
        Op::Removed => format!("- {}: {}", c.path, value(&c.old)),
        Op::Changed => format!("~ {}: {} -> {}", c.path, value(&c.old), value(&c.new)),
        Op::Moved => format!("> {}: {} -> {}", c.path, value(&c.old), value(&c.new)),
        Op::Renamed => format!(
            "~ {}: renamed {} -> {}",
            c.path,
            value(&c.old),
            value(&c.new)
        ),
    }
}

/// The JSON form (schema `ief-diff` version 1, documented in the README).
fn json(d: &SetDiff, old: &str, new: &str, effective: bool) -> serde_json::Value {
    let policies: Vec<serde_json::Value> = d
        .policies
        .iter()
        .map(|p| {
            let changes: Vec<serde_json::Value> = p
                .changes
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "kind": c.kind,
                        "id": c.id,
                        "change": c.op.word(),
                        "path": c.path,
                        "old": c.old,
                        "new": c.new,
                    })
                })
                .collect();
            serde_json::json!({
                "policy": p.policy_id,
                "status": p.status(),
                "old_file": p.old_file,
                "new_file": p.new_file,
                "changes": changes,
            })
        })
        .collect();
    serde_json::json!({
        "schema": "ief-diff",
        "version": 1,
        "mode": if effective { "effective" } else { "files" },
        "old": old,
        "new": new,
        "equal": d.is_empty(),
        "policies": policies,
    })
}
