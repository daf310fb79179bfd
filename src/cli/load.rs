//! Loading a policy set for the subcommands that read effective policies
//! (`ief flatten`, `ief graph`): one file named is read with the other
//! files of its folder (for its base chain) and is the target; files and
//! folders named are the set, and its relying parties the targets.

use std::path::{Path, PathBuf};

use ief::import::{import_bytes, Imported};
use ief::resolve::ChainBreak;

use crate::{collect_xml, Fatal};

/// A set read from the paths given on the command line.
pub struct LoadedSet {
    /// The files that import, in path order.
    pub files: Vec<Imported>,
    /// The files that do not import: name and first error.
    unreadable: Vec<(String, String)>,
    /// The one file named, when one file was named.
    target_file: Option<usize>,
}

/// Reads the set named by `paths`. One file named: the set is its folder
/// (for its base chain) and the target that file, which must import.
pub fn load_set(paths: &[PathBuf]) -> Result<LoadedSet, Fatal> {
    let single = match paths {
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
        None => paths.to_vec(),
    };
    let paths = collect_xml(&set_paths)?;
    let mut files: Vec<Imported> = Vec::new();
    let mut unreadable: Vec<(String, String)> = Vec::new();
    let mut target_file: Option<usize> = None;
    let single_key = single
        .as_ref()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()));
    // Read and imported on every core; taken in path order.
    let read = ief::par::map(paths, |p| {
        let name = p.display().to_string();
        let import = std::fs::read(&p).map(|bytes| import_bytes(&bytes, name.clone()));
        (p, name, import)
    });
    for (p, name, import) in read {
        let import = import
            .map_err(|e| Fatal(format!("cannot read {}: {e}", super::out::visible(&name))))?;
        match import {
            Ok(i) => {
                let key = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
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
                    == Some(&std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone()))
                {
                    return Err(Fatal(format!(
                        "{name} is not a policy ief can read: {first}"
                    )));
                }
                unreadable.push((name, first));
            }
        }
    }
    Ok(LoadedSet {
        files,
        unreadable,
        target_file,
    })
}

impl LoadedSet {
    /// The files to process: those of PolicyId `policy`, else the one
    /// file named, else every relying party of the set. More than one
    /// target needs a folder to write into (`to_folder`).
    pub fn targets(&self, policy: Option<&str>, to_folder: bool) -> Result<Vec<usize>, Fatal> {
        let files = &self.files;
        let targets: Vec<usize> = match (policy, self.target_file) {
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
        if targets.len() > 1 && !to_folder {
            let names: Vec<String> = targets.iter().map(|&t| files[t].file.clone()).collect();
            return Err(Fatal(format!(
                "the set has {} relying parties ({}); name one file or --policy, or write them all with --out DIR",
                targets.len(),
                names.join(", ")
            )));
        }
        Ok(targets)
    }

    /// Why a chain stops before its root, in words (naming the files that
    /// could not be read when a base is missing).
    pub fn broken_reason(&self, broken: &ChainBreak) -> String {
        let files = &self.files;
        match broken {
            ChainBreak::MissingBase { at, base_id } => {
                let mut why = format!(
                    "the base policy `{base_id}` of {} is not in the set",
                    files[*at].file
                );
                if !self.unreadable.is_empty() {
                    let list: Vec<String> = self
                        .unreadable
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
        }
    }
}

/// For each target, the effective policy given to `show`, which returns
/// the text to print and the name of the file to write it to under `out`
/// (stdout when `out` is `None`). A target whose chain is broken is
/// reported (`cannot {verb} FILE: why`) and the others go on; exit 1 if
/// any was.
pub fn each_effective(
    set: &LoadedSet,
    targets: Vec<usize>,
    verb: &str,
    out: Option<&Path>,
    mut show: impl FnMut(&ief::resolve::EffectivePolicy) -> Result<(String, String), Fatal>,
) -> Result<std::process::ExitCode, Fatal> {
    let files = &set.files;
    let chains = ief::resolve::chains(files);
    let mut stdout = super::out::Out::default();
    let mut failed = false;
    for t in targets {
        let chain = chains[t].clone();
        if let Some(broken) = &chain.broken {
            super::out::note(&format!(
                "error: cannot {verb} {}: {}",
                super::out::visible(&files[t].file),
                super::out::visible(&set.broken_reason(broken))
            ))?;
            failed = true;
            continue;
        }
        let effective = ief::resolve::resolve(files, t, chain);
        let (text, name) = show(&effective)?;
        match out {
            None => stdout.write(&text)?,
            Some(dir) => {
                let path = dir.join(name);
                write_atomically(&path, &text)?;
                super::out::note(&format!(
                    "wrote {}",
                    super::out::visible(&path.display().to_string())
                ))?;
            }
        }
    }
    Ok(if failed {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    })
}

/// Writes `text` to `path` through a temporary file in the same folder and
/// a rename, so that `path` is either the old file or the whole new one.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Fatal> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal(format!("cannot create {}: {e}", dir.display())))?;
    // The file keeps its permissions; a new one gets what creating a file
    // gives (0666 less the umask), not the temporary file's 0600.
    let mut builder = tempfile::Builder::new();
    match std::fs::metadata(path) {
        Ok(m) => {
            builder.permissions(m.permissions());
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
        }
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Fatal(format!("cannot write in {}: {e}", dir.display())))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
    tmp.persist(path)
        .map_err(|e| Fatal(format!("cannot write {}: {}", path.display(), e.error)))?;
    Ok(())
}
