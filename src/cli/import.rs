//! `ief import --to-rust DIR OUT`: a Rust crate that writes the policy
//! set of DIR again, built with the typed DSL ([`ief::to_rust`]).
//!
//! The set must be complete: every file's base policy must be among the
//! files. A set that builds on another (a scenario's extensions on a
//! starter-pack base) names that set's folder with `--base DIR`; its files
//! are taken only as far as the chains of DIR need them, and a file of DIR
//! replaces a `--base` file with the same PolicyId. A base still missing is
//! an error that names it.
//!
//! OUT must be missing or empty unless `--force`; each file is written
//! atomically (a temporary file renamed into place). The Rust files are
//! passed through `rustfmt` when it is installed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ief::import::import_bytes;
use ief::to_rust::{generate, IefDependency, NoComments, Options, SourcePolicy};

use super::load::write_atomically;
use super::out::{note, visible, Out};
use crate::Fatal;

/// What `ief import --to-rust` was asked for.
pub struct Args {
    /// The folder (or files) of the set.
    pub input: PathBuf,
    /// The crate folder to write.
    pub out: PathBuf,
    /// Folders of sets the input builds on.
    pub base: Vec<PathBuf>,
    /// Depend on a local ief checkout instead of the published version.
    pub ief_path: Option<PathBuf>,
    /// Write into a non-empty OUT.
    pub force: bool,
}

/// One policy read from disk.
struct Read {
    path: PathBuf,
    imported: ief::import::Imported,
}

/// Reads every policy under `paths`; a file that does not import is fatal
/// (the crate would not say the same).
fn read_all(paths: &[PathBuf]) -> Result<Vec<Read>, Fatal> {
    let found = super::walk::collect(paths, false)?;
    if let Some((p, why)) = found.problems.first() {
        return Err(Fatal(format!(
            "{}: the file {why}",
            visible(&p.display().to_string())
        )));
    }
    let mut out = Vec::new();
    for p in found.files {
        let name = p.display().to_string();
        let bytes =
            std::fs::read(&p).map_err(|e| Fatal(format!("cannot read {}: {e}", visible(&name))))?;
        match import_bytes(&bytes, name.clone()) {
            Ok(imported) => out.push(Read { path: p, imported }),
            Err(errors) => {
                let list: Vec<String> = errors
                    .iter()
                    .take(5)
                    .map(|e| {
                        format!(
                            "  {}:{}:{}: {}",
                            visible(&name),
                            e.line,
                            e.column,
                            visible(&e.message)
                        )
                    })
                    .collect();
                return Err(Fatal(format!(
                    "{} does not import, so it cannot be turned into Rust (`ief check` shows every problem):\n{}",
                    visible(&name),
                    list.join("\n")
                )));
            }
        }
    }
    Ok(out)
}

/// The set: the input's policies, plus the `--base` policies their chains
/// need (an input file wins over a base file of the same PolicyId).
fn assemble(input: Vec<Read>, base: Vec<Read>) -> Vec<Read> {
    let key = |r: &Read| r.imported.policy.policy_id.id().to_lowercase();
    let mut have: HashSet<String> = input.iter().map(key).collect();
    let mut by_id: HashMap<String, Read> = HashMap::new();
    for b in base {
        let k = key(&b);
        if !have.contains(&k) {
            by_id.entry(k).or_insert(b);
        }
    }
    let mut set = input;
    // Pull bases in as long as a chain names one that is only in `--base`.
    let mut i = 0;
    while i < set.len() {
        if let Some(b) = &set[i].imported.policy.base_policy {
            let k = b.policy_id.id().to_lowercase();
            if !have.contains(&k) {
                if let Some(r) = by_id.remove(&k) {
                    have.insert(k);
                    set.push(r);
                }
            }
        }
        i += 1;
    }
    set
}

/// A Cargo package name from the output folder's name.
fn crate_name(out: &Path) -> String {
    let raw = out
        .canonicalize()
        .ok()
        .as_deref()
        .and_then(Path::file_name)
        .or_else(|| out.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = name.trim_matches('-').to_owned();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "policies-");
    }
    // A package cannot depend on a package of its own name.
    if matches!(
        name.as_str(),
        "ief" | "ief-dsl" | "ief-macros" | "ief-derive"
    ) {
        name.push_str("-policies");
    }
    name
}

/// `rustfmt` over `code`, or `None` when it is missing or fails.
fn rustfmt(code: &str) -> Option<String> {
    use std::io::Write;
    let mut child =
        std::process::Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()))
            .args(["--edition", "2021", "--emit", "stdout"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = code.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

/// Runs `ief import --to-rust`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let out_dir = &args.out;
    if out_dir.exists() {
        if !out_dir.is_dir() {
            return Err(Fatal(format!(
                "{} exists and is not a folder",
                visible(&out_dir.display().to_string())
            )));
        }
        let non_empty = std::fs::read_dir(out_dir)
            .map_err(|e| {
                Fatal(format!(
                    "cannot read {}: {e}",
                    visible(&out_dir.display().to_string())
                ))
            })?
            .next()
            .is_some();
        if non_empty && !args.force {
            return Err(Fatal(format!(
                "{} is not empty; choose an empty folder, or pass --force to write over the files there",
                visible(&out_dir.display().to_string())
            )));
        }
    }
    let input = read_all(std::slice::from_ref(&args.input))?;
    if input.is_empty() {
        return Err(Fatal(format!(
            "no policy files under {}",
            visible(&args.input.display().to_string())
        )));
    }
    let base = if args.base.is_empty() {
        Vec::new()
    } else {
        read_all(&args.base)?
    };
    let set = assemble(input, base);
    let mut names: HashMap<String, &Path> = HashMap::new();
    let mut sources = Vec::new();
    for r in &set {
        let file = r
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("{}.xml", r.imported.policy.policy_id.id()));
        if let Some(other) = names.insert(file.to_lowercase(), &r.path) {
            return Err(Fatal(format!(
                "{} and {} have the same file name; the crate writes every file into one folder",
                visible(&other.display().to_string()),
                visible(&r.path.display().to_string())
            )));
        }
        sources.push(SourcePolicy {
            file,
            policy: r.imported.policy.clone(),
        });
    }
    let ief = match &args.ief_path {
        Some(p) => IefDependency::Path(p.canonicalize().map_err(|e| {
            Fatal(format!(
                "--ief-path {}: {e}",
                visible(&p.display().to_string())
            ))
        })?),
        None => IefDependency::Version(env!("CARGO_PKG_VERSION").to_owned()),
    };
    let generated = generate(
        &sources,
        &Options {
            crate_name: crate_name(out_dir),
            ief,
            comments: &NoComments,
        },
    )
    .map_err(|e| Fatal(e.to_string()))?;

    let mut unformatted = false;
    for f in &generated.files {
        let path = out_dir.join(&f.path);
        let text = if f.path.extension().is_some_and(|x| x == "rs") {
            match rustfmt(&f.contents) {
                Some(t) => t,
                None => {
                    unformatted = true;
                    f.contents.clone()
                }
            }
        } else {
            f.contents.clone()
        };
        write_atomically(&path, &text)?;
    }

    let mut out = Out::default();
    let shown = visible(&out_dir.display().to_string());
    out.write(&format!(
        "wrote {shown}: crate `{}`, {} files\n",
        crate_name(out_dir),
        generated.files.len()
    ))?;
    let mut ids = 0;
    for p in &generated.policies {
        ids += p.declared + p.restated;
        out.write(&format!(
            "  {} -> src/{}.rs: {} ids declared, {} restated; journeys: {} with journey!, {} with builders\n",
            visible(&p.file),
            p.module,
            p.declared,
            p.restated,
            p.journeys_macro,
            p.journeys_builder
        ))?;
    }
    out.write(&format!(
        "ids: {ids} in {} policies\n",
        generated.policies.len()
    ))?;
    if generated.verbatim.is_empty() {
        out.write("kept verbatim: nothing\n")?;
    } else {
        out.write(&format!("kept verbatim: {}\n", generated.verbatim.len()))?;
        for v in &generated.verbatim {
            out.write(&format!("  {}: {}\n", visible(&v.file), visible(&v.what)))?;
        }
    }
    if !generated.unchecked.is_empty() {
        out.write(&format!(
            "references kept as written (run-time handles, checked when the set is written): {}\n",
            generated.unchecked.len()
        ))?;
        for u in &generated.unchecked {
            out.write(&format!(
                "  {}: {} `{}`: {}\n",
                visible(&u.file),
                u.kind.element(),
                visible(&u.id),
                visible(&u.reason)
            ))?;
        }
    }
    if !generated.settings_keys.is_empty() {
        out.write(&format!(
            "settings placeholders: {} (settings.toml, src/settings.rs)\n",
            generated
                .settings_keys
                .iter()
                .map(|k| format!("{{Settings:{}}}", visible(k)))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
    }
    out.write(&format!("next: cd {shown} && cargo run -- generated\n"))?;
    // The crate runs the same checker before it writes: say so now.
    let imported: Vec<ief::import::Imported> = set.into_iter().map(|r| r.imported).collect();
    let errors = ief::check::check_set(&imported).errors().count();
    if errors > 0 {
        note(&format!(
            "warning: the set has {errors} error(s) (`ief check` lists them); the crate refuses to write it until they are fixed"
        ))?;
    }
    if unformatted {
        note("warning: rustfmt was not found or failed; the Rust files are written unformatted")?;
    }
    Ok(ExitCode::SUCCESS)
}
