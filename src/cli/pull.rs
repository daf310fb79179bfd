//! `ief pull`: downloads a tenant's custom policies (the list, then each
//! policy's XML) into a folder, one `<PolicyId>.xml` per policy, each
//! written atomically; `--filter` keeps the ids with a prefix.

use std::path::PathBuf;
use std::process::ExitCode;

use super::load::write_atomically;
use super::out::{note, visible, Out};
use crate::Fatal;

/// What `ief pull` was asked for.
pub struct Args {
    /// The tenant.
    pub tenant: String,
    /// The folder to write into.
    pub out: PathBuf,
    /// Keep the PolicyIds that start with this (ignoring case).
    pub filter: Option<String>,
    /// Trace every request (secrets redacted).
    pub verbose: bool,
    /// The Graph base.
    pub graph_url: Option<String>,
}

/// A PolicyId as a file name: characters other than letters, digits, `-`,
/// `_` and `.` become `_`.
fn file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}.xml", safe.trim_start_matches('.'))
}

/// Runs `ief pull`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let mut client = super::deploy::client(&args.tenant, args.graph_url.as_deref(), args.verbose)?;
    let policies = ief::deploy::pull(&mut client, args.filter.as_deref())
        .map_err(|e| super::deploy::graph_fatal(&e))?;
    if policies.is_empty() {
        note(&format!(
            "warning: the tenant has no custom policy{}",
            args.filter
                .as_deref()
                .map(|f| format!(" whose id starts with `{}`", visible(f)))
                .unwrap_or_default()
        ))?;
    }
    let mut out = Out::default();
    for (id, xml) in &policies {
        let path = args.out.join(file_name(id));
        write_atomically(&path, xml)?;
        out.write(&format!("wrote {}\n", visible(&path.display().to_string())))?;
    }
    out.write(&format!(
        "pulled {} polic{} from {}\n",
        policies.len(),
        if policies.len() == 1 { "y" } else { "ies" },
        visible(&args.tenant)
    ))?;
    Ok(ExitCode::SUCCESS)
}
