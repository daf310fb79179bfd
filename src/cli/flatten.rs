//! `ief flatten`: the effective policy of a relying party, its whole
//! inheritance chain merged the way B2C merges it
//! ([`ief::resolve`]), as one XML document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ief::resolve;

use super::load::{load_set, write_atomically};
use crate::Fatal;

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
    let set = load_set(&args.paths)?;
    let targets = set.targets(args.policy.as_deref(), args.out.is_some())?;
    let files = &set.files;
    let chains = resolve::chains(files);
    let mut failed = false;
    for t in targets {
        let chain = chains[t].clone();
        if let Some(broken) = &chain.broken {
            let why = set.broken_reason(broken);
            super::out::note(&format!(
                "error: cannot flatten {}: {}",
                super::out::visible(&files[t].file),
                super::out::visible(&why)
            ))?;
            failed = true;
            continue;
        }
        let effective = resolve::resolve(files, t, chain);
        let xml = resolve::to_xml(&effective, files, args.origins).map_err(|e| {
            Fatal(format!(
                "cannot write the effective policy of {}: {e}",
                files[t].file
            ))
        })?;
        match &args.out {
            None => super::out::Out::default().write(&xml)?,
            Some(dir) => {
                let name = Path::new(&files[t].file)
                    .file_name()
                    .map(|n| n.to_owned())
                    .unwrap_or_else(|| format!("{}.xml", effective.policy.policy_id.id()).into());
                let path = dir.join(name);
                write_atomically(&path, &xml)?;
                super::out::note(&format!(
                    "wrote {}",
                    super::out::visible(&path.display().to_string())
                ))?;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
