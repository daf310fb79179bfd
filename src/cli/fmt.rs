//! `ief fmt`: policy files in canonical form. The canonical form changes
//! indentation, attribute quoting, the order the schema fixes, runs of
//! blank lines (collapsed to one), line ends (LF), the XML declaration,
//! the root's `xsi`/`xsd` declarations, a byte-order mark and CDATA (see
//! the README); comments, processing instructions,
//! empty wrappers, `xsi:` attributes and placeholders are kept (the
//! policy's trivia table), unless `--drop-comments` asks to remove the
//! comments. `--write` never leaves a file half written: every file of the batch is read, imported and
//! formatted before any is rewritten; each is then written to a temporary
//! file in its own folder, flushed to disk and renamed over the original
//! (keeping its permissions), and a file that changed since it was read
//! (an editor saved it meanwhile) is left alone and named.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ief::check::set::Diagnostic;

use super::out::{note, visible, Out};
use super::render::{render, Source};
use crate::Fatal;

/// What `ief fmt` was asked for.
pub struct Args {
    /// Policy files; `-` reads one from standard input.
    pub files: Vec<PathBuf>,
    /// Rewrite the files in place.
    pub write: bool,
    /// Only report files that are not canonical.
    pub check: bool,
    /// Remove the XML comments.
    pub drop_comments: bool,
}

/// One file read and formatted.
struct Formatted {
    path: Option<PathBuf>,
    name: String,
    original: Vec<u8>,
    text: String,
    xml: String,
}

/// Reads and formats one file; prints why it cannot be formatted.
/// `leave_model`: the process ends after this one file, so its model is
/// left to the OS instead of being freed one allocation at a time (a
/// tenth of `ief fmt FILE`).
fn format_one(
    path: Option<&Path>,
    drop_comments: bool,
    leave_model: bool,
) -> Result<Option<Formatted>, Fatal> {
    let name = match path {
        Some(p) => p.display().to_string(),
        None => "<stdin>".to_owned(),
    };
    let read = match path {
        Some(p) => std::fs::read(p),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
        }
    };
    let original = match read {
        Ok(b) => b,
        Err(e) => {
            note(&format!("error: cannot read {}: {e}", visible(&name)))?;
            return Ok(None);
        }
    };
    let (text, encoding) = match ief::import::decode_text(&original, name.clone()) {
        Ok(t) => t,
        Err(e) => {
            note(&render(&super::render::plain(), &Diagnostic::from(e), None))?;
            return Ok(None);
        }
    };
    // Decoded once: the text is imported as it is.
    let mut imported = match ief::import::import_str(&text, name.clone()) {
        Ok(i) => i,
        Err(errors) => {
            let source = Source::new(&text);
            for e in errors {
                note(&render(
                    &super::render::plain(),
                    &Diagnostic::from(e),
                    Some(&source),
                ))?;
            }
            return Ok(None);
        }
    };
    for n in std::mem::take(&mut imported.notes) {
        note(&format!(
            "note: {}:{}:{}: {}",
            visible(&n.file),
            n.line,
            n.column,
            visible(&n.message)
        ))?;
    }
    if drop_comments {
        imported.policy.trivia.drop_comments();
    }
    if let Some(enc) = encoding {
        note(&format!(
            "note: {} is {enc}; the canonical form is UTF-8, as B2C wants",
            visible(&name)
        ))?;
    }
    let (xml, unplaced) = ief::emit::to_xml_placed(&imported.policy)
        .map_err(|e| Fatal(format!("cannot emit {}: {e}", visible(&name))))?;
    if !unplaced.is_empty() {
        // Never expected for a model as imported; refused rather than lost.
        note(&format!(
            "error: {}: ief could not place what it keeps for {} (a bug in ief; the file is not formatted)",
            visible(&name),
            visible(&unplaced.join(", "))
        ))?;
        return Ok(None);
    }
    if leave_model {
        std::mem::forget(imported);
    }
    Ok(Some(Formatted {
        path: path.map(Path::to_path_buf),
        name,
        original,
        text,
        xml,
    }))
}

/// Runs `ief fmt`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let mut out = Out::default();
    let stdin_count = args.files.iter().filter(|f| f.as_os_str() == "-").count();
    if stdin_count > 1 || (stdin_count == 1 && args.write) {
        return Err(Fatal(
            "`-` (standard input) can be formatted once, to standard output, not with --write"
                .into(),
        ));
    }
    if !args.write && !args.check && args.files.len() != 1 {
        return Err(Fatal(
            "without --write or --check, `ief fmt` takes one file and prints it".into(),
        ));
    }
    // Every file first: nothing is rewritten unless all of them format.
    let mut done = Vec::new();
    let mut failed = false;
    for f in &args.files {
        let path = (f.as_os_str() != "-").then_some(f.as_path());
        match format_one(path, args.drop_comments, args.files.len() == 1)? {
            Some(x) => done.push(x),
            None => failed = true,
        }
    }
    if args.check {
        for x in &done {
            if x.xml != x.text {
                out.write(&format!("not canonical: {}\n", visible(&x.name)))?;
                failed = true;
            }
        }
        return Ok(exit(failed));
    }
    if !args.write {
        for x in &done {
            out.write(&x.xml)?;
        }
        return Ok(exit(failed));
    }
    let changed: Vec<&Formatted> = done.iter().filter(|x| x.xml != x.text).collect();
    if failed {
        note("error: nothing was rewritten: every file of the batch must format first")?;
        return Ok(exit(true));
    }
    for x in changed {
        let Some(path) = &x.path else { continue };
        match replace(path, &x.original, &x.xml) {
            Ok(()) => note(&format!("formatted {}", visible(&x.name)))?,
            Err(why) => {
                note(&format!("error: {} not rewritten: {why}", visible(&x.name)))?;
                failed = true;
            }
        }
    }
    Ok(exit(failed))
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Replaces `path`, whose content was `original` when it was read, with
/// `text`: a temporary file in the same folder (hidden, so `ief check`
/// skips a leftover), written, flushed to disk, given the original's
/// permissions, then renamed over it if the file still holds `original`.
fn replace(path: &Path, original: &[u8], text: &str) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)
        .map_err(|e| format!("cannot read its metadata: {e}"))?
        .permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".ief-fmt-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write the temporary file: {e}"))?;
    std::fs::set_permissions(tmp.path(), permissions)
        .map_err(|e| format!("cannot set the temporary file's permissions: {e}"))?;
    // The user's file must still be what was formatted: an edit saved in
    // the meantime is not overwritten.
    match std::fs::read(path) {
        Ok(now) if now == original => {}
        Ok(_) => {
            return Err(
                "it changed while it was being formatted; run `ief fmt --write` again".into(),
            )
        }
        Err(e) => return Err(format!("cannot read it again: {e}")),
    }
    tmp.persist(path)
        .map_err(|e| format!("cannot rename the temporary file over it: {}", e.error))?;
    // The rename itself reaches the disk with the folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
