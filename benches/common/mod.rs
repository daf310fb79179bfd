//! N disjoint copies of a starter-pack policy set, for the benchmarks and
//! the `gen_copies` example: every `PolicyId` (the root's attribute and the
//! `<BasePolicy>` reference) and every `PublicPolicyUri` gets the suffix
//! `_cN`, and every tenant id the prefix `cN`, so copy N inherits only
//! from copy N and the checker sees N separate sets of N tenants. Nothing
//! else changes, so each copy has the same findings as the original.
//!
//! Shared by `benches/copies.rs`, `benches/render.rs` and
//! `examples/gen_copies.rs` (through `#[path]`); not every user needs
//! every function.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The conformance data folder: `$IEF_CONFORMANCE_DIR`, else
/// `../shared/ief` next to the repository.
pub fn conformance_dir() -> PathBuf {
    std::env::var_os("IEF_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"))
}

/// The `.xml` files of the starter-pack set `set` (e.g.
/// `SocialAndLocalAccounts`), sorted by name, as (file name, text).
pub fn starter_set(set: &str) -> std::io::Result<Vec<(String, String)>> {
    let dir = conformance_dir().join("starterpack").join(set);
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "xml") {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, std::fs::read_to_string(&p)?));
        }
    }
    files.sort();
    Ok(files)
}

/// Appends `suffix` to the value of every `attr="…"` in `text`.
fn suffix_attribute(text: &str, attr: &str, suffix: &str) -> String {
    let needle = format!("{attr}=\"");
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        // Only a whole attribute name (not `FooPolicyId="`).
        let whole = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace());
        let value = at + needle.len();
        out.push_str(&rest[..value]);
        rest = &rest[value..];
        if whole {
            if let Some(close) = rest.find('"') {
                out.push_str(&rest[..close]);
                out.push_str(suffix);
                rest = &rest[close..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Appends `suffix` to the text of every `<elem>…</elem>` in `text`.
fn suffix_element(text: &str, elem: &str, suffix: &str) -> String {
    let open = format!("<{elem}>");
    let close = format!("</{elem}>");
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find(&open) {
        let value = at + open.len();
        out.push_str(&rest[..value]);
        rest = &rest[value..];
        if let Some(end) = rest.find(&close) {
            out.push_str(rest[..end].trim_end());
            out.push_str(suffix);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Copy `n` of one policy file's text: its ids, base references and URIs
/// suffixed, and its tenant's name (the first label of the root's
/// `TenantId`, wherever it is written: the header, `<BasePolicy>`, URLs)
/// prefixed with `cN`, so that each copy is a tenant's own set (B2C's
/// 200-policies-per-tenant limit, H011, is not reached by copying).
pub fn copy_of(text: &str, n: usize) -> String {
    let suffix = format!("_c{n}");
    let t = suffix_attribute(text, "PolicyId", &suffix);
    let t = suffix_attribute(&t, "PublicPolicyUri", &suffix);
    let t = suffix_element(&t, "PolicyId", &suffix);
    let tenant = t
        .split_once(" TenantId=\"")
        .or_else(|| t.split_once("\nTenantId=\""))
        .and_then(|(_, rest)| rest.split(['.', '"']).next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned);
    match tenant {
        Some(name) => t.replace(&name, &format!("c{n}{name}")),
        None => t,
    }
}

/// `copies` disjoint copies of `files`, named `cN/<file name>`.
pub fn copies(files: &[(String, String)], copies: usize) -> Vec<(String, String)> {
    (1..=copies)
        .flat_map(|n| {
            files
                .iter()
                .map(move |(name, text)| (format!("c{n}/{name}"), copy_of(text, n)))
        })
        .collect()
}

/// Writes `copies` disjoint copies of the starter-pack set `set` into
/// `out` (one folder `cN` per copy), returning the number of files and
/// bytes written.
pub fn write_copies(set: &str, copies: usize, out: &Path) -> std::io::Result<(usize, usize)> {
    let files = starter_set(set)?;
    if files.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no .xml files in the starter-pack set {set}"),
        ));
    }
    let mut bytes = 0;
    let all = self::copies(&files, copies);
    for (name, text) in &all {
        let path = out.join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, text)?;
        bytes += text.len();
    }
    Ok((all.len(), bytes))
}
