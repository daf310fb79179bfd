//! `ief flatten`: the effective policy of a relying party, its whole
//! inheritance chain merged the way B2C merges it
//! ([`ief::resolve`]), as one XML document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ief::import::{import_str, Imported};
use ief::resolve::{self, ChainBreak};

use crate::{collect_xml, emit_stdout, read, Fatal};

/// What `ief flatten` was asked for.
pub struct Args {
    /// Files or folders of the set.
    pub paths: Vec<PathBuf>,
    /// The PolicyId to flatten.
    pub policy: Option<String>,
    /// A folder to write into (one file per policy).
    pub out: Option<PathBuf>,
    /// Annotate elements with their origin.
    pub origins: bool,
}

/// Runs `ief flatten`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    // One file named: the set is its folder (for its base chain), the
    // target that file.
    let single = match args.paths.as_slice() {
        [p] if p.is_file() => Some(p.clone()),
        _ => None,
    };
    let set_paths: Vec<PathBuf> = match &single {
        Some(p) => {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            vec![dir, p.clone()]
        }
        None => args.paths.clone(),
    };
    let paths = collect_xml(&set_paths)?;
    let mut files: Vec<Imported> = Vec::new();
    let mut unreadable: Vec<(String, String)> = Vec::new();
    let mut target_file: Option<usize> = None;
    let single_key = single
        .as_ref()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()));
    for p in &paths {
        let name = p.display().to_string();
        let text = read(p)?;
        match import_str(&text, name.clone()) {
            Ok(i) => {
                let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                if single_key.as_ref() == Some(&key) {
                    target_file = Some(files.len());
                }
                files.push(i);
            }
            Err(errors) => {
                let first = errors
                    .first()
                    .map(|e| format!("{}:{}: {}", e.line, e.column, e.message))
                    .unwrap_or_default();
                if single_key.as_ref()
                    == Some(&std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
                {
                    return Err(Fatal(format!(
                        "{name} is not a policy ief can read: {first}"
                    )));
                }
                unreadable.push((name, first));
            }
        }
    }
    let targets: Vec<usize> = match (&args.policy, target_file) {
        (Some(id), _) => {
            let found: Vec<usize> = files
                .iter()
                .enumerate()
                .filter(|(_, f)| f.policy.policy_id.id().eq_ignore_ascii_case(id))
                .map(|(i, _)| i)
                .collect();
            if found.is_empty() {
                let known: Vec<&str> = files.iter().map(|f| f.policy.policy_id.id()).collect();
                let hint = ief::import::did_you_mean(id, known.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(Fatal(format!("no policy `{id}` in the set{hint}")));
            }
            found
        }
        (None, Some(t)) => vec![t],
        (None, None) => files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.policy.relying_party.is_some())
            .map(|(i, _)| i)
            .collect(),
    };
    if targets.is_empty() {
        return Err(Fatal(
            "the set has no relying-party policy; name one with --policy".into(),
        ));
    }
    if targets.len() > 1 && args.out.is_none() {
        let names: Vec<String> = targets.iter().map(|&t| files[t].file.clone()).collect();
        return Err(Fatal(format!(
            "the set has {} relying parties ({}); name one file or --policy, or write them all with --out DIR",
            targets.len(),
            names.join(", ")
        )));
    }
    let chains = resolve::chains(&files);
    let mut failed = false;
    for t in targets {
        let chain = chains[t].clone();
        if let Some(broken) = &chain.broken {
            let why = match broken {
                ChainBreak::MissingBase { at, base_id } => {
                    let mut why = format!(
                        "the base policy `{base_id}` of {} is not in the set",
                        files[*at].file
                    );
                    if !unreadable.is_empty() {
                        let list: Vec<String> = unreadable
                            .iter()
                            .map(|(n, e)| format!("{n} ({e})"))
                            .collect();
                        why.push_str(&format!(
                            "; these files could not be read: {}",
                            list.join(", ")
                        ));
                    }
                    why
                }
                ChainBreak::Loop { at, to } => format!(
                    "the inheritance chain loops: {} names {} as its base",
                    files[*at].file, files[*to].file
                ),
            };
            eprintln!("error: cannot flatten {}: {why}", files[t].file);
            failed = true;
            continue;
        }
        let effective = resolve::resolve(&files, t, chain);
        let xml = resolve::to_xml(&effective, &files, args.origins).map_err(|e| {
            Fatal(format!(
                "cannot write the effective policy of {}: {e}",
                files[t].file
            ))
        })?;
        match &args.out {
            None => emit_stdout(&xml),
            Some(dir) => {
                let name = Path::new(&files[t].file)
                    .file_name()
                    .map(|n| n.to_owned())
                    .unwrap_or_else(|| format!("{}.xml", effective.policy.policy_id.id()).into());
                let path = dir.join(name);
                write_atomically(&path, &xml)?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes `text` to `path` through a temporary file in the same folder and
/// a rename, so that `path` is either the old file or the whole new one.
fn write_atomically(path: &Path, text: &str) -> Result<(), Fatal> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal(format!("cannot create {}: {e}", dir.display())))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| Fatal(format!("cannot write in {}: {e}", dir.display())))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
    tmp.persist(path)
        .map_err(|e| Fatal(format!("cannot write {}: {}", path.display(), e.error)))?;
    Ok(())
}
