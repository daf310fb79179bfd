//! `ief graph`: the journeys a relying party starts, drawn from its
//! effective policy ([`ief::graph`]) as Mermaid or Graphviz DOT.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use ief::graph::{to_dot, to_mermaid, Graph};

use super::load::{each_effective, load_set};
use crate::Fatal;

/// The output language of `ief graph`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (GitHub renders it in a ```mermaid block).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

impl GraphFormat {
    fn extension(self) -> &'static str {
        match self {
            GraphFormat::Mermaid => "mmd",
            GraphFormat::Dot => "dot",
        }
    }
}

/// What `ief graph` was asked for.
pub struct Args {
    /// Files or folders of the set.
    pub paths: Vec<PathBuf>,
    /// The output language.
    pub format: GraphFormat,
    /// The PolicyId to draw.
    pub policy: Option<String>,
    /// A folder to write into (one file per policy).
    pub out: Option<PathBuf>,
}

/// Runs `ief graph`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let set = load_set(&args.paths)?;
    let targets = set.targets(args.policy.as_deref(), args.out.is_some())?;
    each_effective(&set, targets, "draw", args.out.as_deref(), |effective| {
        let graph = Graph::of(effective);
        let text = match args.format {
            GraphFormat::Mermaid => to_mermaid(&graph),
            GraphFormat::Dot => to_dot(&graph),
        };
        let stem = Path::new(&set.files[effective.file].file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| effective.policy.policy_id.id().to_owned());
        Ok((text, format!("{stem}.{}", args.format.extension())))
    })
}
