//! `ief rename KIND OLD NEW PATH...`: renames an id and every reference to
//! it across a policy set ([`ief::rename`]), editing only the bytes of the
//! id in each file, so formatting and comments stay.
//!
//! Every file of the set is read, renamed and verified before any is
//! written. The files that change are then each written to a hidden
//! temporary file in their own folder, flushed to disk and given the
//! original's permissions; only when all of them are ready, and every
//! original still holds what was read, are they renamed over the
//! originals. `--dry-run` prints the edits and writes nothing.
//!
//! Exit 0 when renamed (or, with `--dry-run`, when it would be), 1 when
//! the rename is refused (the old id is not defined, the new one is taken
//! or not valid), 2 on a usage or I/O error or a file that does not import.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ief::check::set::Diagnostic;
use ief::import::decode_text;
use ief::rename::{rename, RenameError, RenameKind};

use super::out::{note, visible, Out};
use super::render::{render, Source};
use super::walk::{collect, root_of, Root};
use crate::Fatal;

/// What `ief rename` was asked for.
pub struct Args {
    /// The kind of id.
    pub kind: String,
    /// The id to rename.
    pub old: String,
    /// Its new name.
    pub new: String,
    /// The files and folders of the set.
    pub paths: Vec<PathBuf>,
    /// Print the edits, write nothing.
    pub dry_run: bool,
}

/// One file of the set as read.
struct Read {
    path: PathBuf,
    name: String,
    bytes: Vec<u8>,
    /// The text, and whether it is the bytes themselves (UTF-8).
    text: String,
    utf8: bool,
}

/// Runs `ief rename`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let kind: RenameKind = args.kind.parse().map_err(Fatal)?;
    let found = collect(&args.paths, false)?;
    if let Some((p, why)) = found.problems.first() {
        return Err(Fatal(format!("{}: the file {why}", p.display())));
    }
    let mut files: Vec<Read> = Vec::new();
    for path in found.files {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path)
            .map_err(|e| Fatal(format!("cannot read {}: {e}", visible(&name))))?;
        let (text, utf8) = match String::from_utf8(bytes.clone()) {
            Ok(t) => (t, true),
            Err(_) => match decode_text(&bytes, name.clone()) {
                Ok((t, _)) => (t, false),
                Err(e) => {
                    note(&render(&super::render::plain(), &Diagnostic::from(e), None))?;
                    return Err(Fatal(format!("{} cannot be read", visible(&name))));
                }
            },
        };
        if let Root::Other(_) = root_of(&text) {
            continue;
        }
        files.push(Read {
            path,
            name,
            bytes,
            text,
            utf8,
        });
    }
    if files.is_empty() {
        return Err(Fatal("no policy files found".into()));
    }
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    let done = match rename(&sources, kind, &args.old, &args.new) {
        Ok(d) => d,
        Err(RenameError::Import(e)) => {
            let file = files.iter().find(|f| f.name == e.file);
            let source = file.map(|f| Source::new(&f.text));
            note(&render(
                &super::render::plain(),
                &Diagnostic::from(e),
                source.as_ref(),
            ))?;
            return Err(Fatal("nothing was renamed: a file does not import".into()));
        }
        Err(e @ (RenameError::Unlocated { .. } | RenameError::Verify { .. })) => {
            return Err(Fatal(format!("{e}")));
        }
        Err(e) => {
            let hint = match &e {
                RenameError::Unknown {
                    suggestion: Some(s),
                    ..
                } => format!("\nhelp: did you mean `{s}`?"),
                _ => String::new(),
            };
            note(&format!(
                "error: {}{}\nnothing was renamed",
                visible(&e.to_string()),
                visible(&hint)
            ))?;
            return Ok(ExitCode::from(1));
        }
    };
    for (f, text) in files.iter().zip(&done.texts) {
        if text.is_some() && !f.utf8 {
            return Err(Fatal(format!(
                "{} is not UTF-8; convert it to UTF-8 (as B2C wants) before renaming in it",
                visible(&f.name)
            )));
        }
    }
    let changed = done.texts.iter().filter(|t| t.is_some()).count();
    if args.dry_run {
        let mut out = Out::default();
        let mut s = String::new();
        for e in &done.edits {
            s.push_str(&format!(
                "{}:{}:{}: {} -> {}\n",
                files[e.file].name, e.line, e.column, e.old, e.new
            ));
        }
        s.push_str(&format!(
            "would rename the {kind} `{}` to `{}`: {} edit(s) in {changed} file(s)\n",
            args.old,
            args.new,
            done.edits.len()
        ));
        out.write(&visible(&s))?;
        return Ok(ExitCode::SUCCESS);
    }
    let batch: Vec<(&Read, &String)> = files
        .iter()
        .zip(&done.texts)
        .filter_map(|(f, t)| t.as_ref().map(|t| (f, t)))
        .collect();
    write_all(&batch)?;
    note(&format!(
        "renamed the {kind} `{}` to `{}`: {} edit(s) in {changed} file(s)",
        visible(&args.old),
        visible(&args.new),
        done.edits.len()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the batch: every temporary file first, then the renames, each
/// only if its original is unchanged since it was read.
fn write_all(batch: &[(&Read, &String)]) -> Result<(), Fatal> {
    let mut ready = Vec::new();
    for (f, text) in batch {
        let dir = folder_of(&f.path);
        let permissions = std::fs::metadata(&f.path)
            .map_err(|e| Fatal(format!("cannot read the metadata of {}: {e}", f.name)))?
            .permissions();
        let mut tmp = tempfile::Builder::new()
            .prefix(".ief-rename-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                Fatal(format!(
                    "cannot create a temporary file in {}: {e}; nothing was renamed",
                    dir.display()
                ))
            })?;
        tmp.write_all(text.as_bytes())
            .and_then(|_| tmp.as_file().sync_all())
            .and_then(|_| std::fs::set_permissions(tmp.path(), permissions))
            .map_err(|e| {
                Fatal(format!(
                    "cannot write a temporary file for {}: {e}; nothing was renamed",
                    f.name
                ))
            })?;
        ready.push((f, tmp));
    }
    for (f, _) in &ready {
        match std::fs::read(&f.path) {
            Ok(now) if now == f.bytes => {}
            Ok(_) => {
                return Err(Fatal(format!(
                    "{} changed while it was being renamed; nothing was renamed (run `ief rename` again)",
                    visible(&f.name)
                )))
            }
            Err(e) => {
                return Err(Fatal(format!(
                    "cannot read {} again: {e}; nothing was renamed",
                    visible(&f.name)
                )))
            }
        }
    }
    for (f, tmp) in ready {
        tmp.persist(&f.path).map_err(|e| {
            Fatal(format!(
                "cannot rename the temporary file over {}: {}",
                visible(&f.name),
                e.error
            ))
        })?;
        if let Ok(d) = std::fs::File::open(folder_of(&f.path)) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}
