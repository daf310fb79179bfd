//! `ief flatten`: the effective policy of a relying party, its whole
//! inheritance chain merged the way B2C merges it
//! ([`ief::resolve`]), as one XML document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ief::resolve;

use super::load::{each_effective, load_set};
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
    each_effective(&set, targets, "flatten", args.out.as_deref(), |effective| {
        let file = &set.files[effective.file].file;
        let xml = resolve::to_xml(effective, &set.files, args.origins)
            .map_err(|e| Fatal(format!("cannot write the effective policy of {file}: {e}")))?;
        let name = Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("{}.xml", effective.policy.policy_id.id()));
        Ok((xml, name))
    })
}
