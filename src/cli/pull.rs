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
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        "policy.xml".to_owned()
    } else {
        format!("{safe}.xml")
    }
}

/// The file names of `ids`, one each: two ids that give the same name
/// (ignoring case, for case-insensitive file systems) get `-2`, `-3`, …
fn file_names<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    ids.map(|id| {
        let first = file_name(id);
        let stem = first.trim_end_matches(".xml").to_owned();
        let mut name = first;
        let mut n = 1;
        while !taken.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{stem}-{n}.xml");
        }
        name
    })
    .collect()
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
    let names = file_names(policies.iter().map(|(id, _)| id.as_str()));
    for ((_, xml), name) in policies.iter().zip(&names) {
        let path = args.out.join(name);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_gets_its_own_file() {
        assert_eq!(
            file_names(["B2C_1A_a b", "B2C_1A_a_b", "b2c_1a_A_B", "", "..x"].into_iter()),
            [
                "B2C_1A_a_b.xml",
                "B2C_1A_a_b-2.xml",
                "b2c_1a_A_B-3.xml",
                "policy.xml",
                "x.xml"
            ]
        );
    }
}
