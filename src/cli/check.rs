//! `ief check`: every policy file of the paths given, checked as one set.
//! A file that cannot be read, is not XML or not UTF-8 is a finding of that
//! file and the rest is still checked; a file that is XML but not a policy
//! is named as skipped and none of it is shown; `--format json` prints one
//! JSON document whatever happens, a fatal error included.
//!
//! With a settings file (`--settings FILE`, else the nearest
//! `appsettings.json` in the first folder given or above it, see
//! [`super::build::discover`]; `--no-settings` turns the search off) the
//! files are templates: `--env NAME` checks that environment's rendering,
//! without `--env` every environment's, a finding found in all of them
//! reported once and one found in some naming them. Findings are at their
//! place in the template either way. The build output folder
//! (`Environments/`) is not read as templates. Without one, a `conf.json`
//! found where `appsettings.json` is looked for is named in a note and
//! not used ([`iefpolicies_hint`]).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use ief::appsettings::{
    check_environment_with, check_template_with, AppSettings, EnvFinding, Template,
};
use ief::check::config::{Allowed, RuleConfig};
use ief::check::set::{check_streamed, CheckOptions, Diagnostic};
use ief::check::Severity;
use ief::import::{scan_header, Imported, ScannedHeader};

use super::out::{note, visible, Out};
use super::render::Source;
use super::walk::{collect, root_of, Root};
use crate::Fatal;

/// The output formats of `ief check`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// rustc-style messages.
    Human,
    /// One JSON document with every finding.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (`upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`),
    /// shown as annotations on the pull request.
    Github,
}

/// What `ief check` was asked for.
pub struct Args {
    /// Files and folders; `-` reads one policy from standard input.
    pub paths: Vec<PathBuf>,
    /// Output format.
    pub format: CheckFormat,
    /// Exit 1 on warnings too.
    pub deny_warnings: bool,
    /// Follow symbolic links out of the folders given.
    pub follow: bool,
    /// The settings file of a templated set.
    pub settings: Option<PathBuf>,
    /// Do not look for an `appsettings.json`.
    pub no_settings: bool,
    /// The environment to render (with a settings file).
    pub env: Option<String>,
    /// The rule configuration (default: the nearest `ief.toml`).
    pub config: Option<PathBuf>,
    /// Do not look for an `ief.toml`.
    pub no_config: bool,
    /// Check the set as built for production.
    pub production: bool,
}

/// A file-level finding (E001) without a position.
fn file_finding(file: &str, message: String, help: Option<String>) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        pos: None,
        code: "E001",
        severity: Severity::Error,
        message,
        help,
        id: None,
        origins: Vec::new(),
    }
}

/// Where a file's bytes come from.
#[derive(Clone)]
enum Input {
    /// Read already (standard input), or the reason it could not be.
    Bytes(Result<Vec<u8>, String>),
    /// A file to read.
    File(PathBuf),
}

/// What one file gave, before the set is checked.
enum Prepared {
    /// A finding of the file as a whole: it cannot be read, decoded, or
    /// is not XML (not shown: it may be anything).
    Finding(Diagnostic),
    /// XML whose root is this element, not a policy: skipped.
    NotPolicy(String),
    /// A policy file's text (decoded), the encoding when it is not UTF-8,
    /// and its import (`None` for a template, imported per environment).
    Read {
        text: String,
        import: Option<Result<Box<Imported>, Vec<ief::import::ImportError>>>,
        /// The file it was read from and its stamp then (not for
        /// standard input).
        from: Option<(PathBuf, Stamp)>,
    },
}

/// What one file leaves once its import has gone to the checker.
enum Loaded {
    /// A finding of the file as a whole ([`Prepared::Finding`]).
    Finding(Diagnostic),
    /// Skipped: XML whose root is this element.
    NotPolicy(String),
    /// A template (a templated set): its text without byte-order mark,
    /// checked per environment.
    Template { text: String, shown: Shown },
    /// A policy: where its text is shown from, and its import errors.
    Policy {
        shown: Shown,
        errors: Vec<ief::import::ImportError>,
    },
}

/// Splits what [`prepare`] gave into what is kept and the import, which
/// the checker takes. The text of a file that imported and can be read
/// again is let go here: only its path and stamp are kept.
fn settle(prepared: Prepared) -> (Loaded, Option<Imported>) {
    match prepared {
        Prepared::Finding(d) => (Loaded::Finding(d), None),
        Prepared::NotPolicy(root) => (Loaded::NotPolicy(root), None),
        Prepared::Read { text, import, from } => match import {
            None => {
                let t = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
                (
                    Loaded::Template {
                        text: t,
                        shown: Shown::Text(text),
                    },
                    None,
                )
            }
            Some(result) => {
                let shown = match (from, result.is_ok()) {
                    (Some((path, stamp)), true) => Shown::File(path, stamp),
                    _ => Shown::Text(text),
                };
                match result {
                    Ok(i) => (
                        Loaded::Policy {
                            shown,
                            errors: Vec::new(),
                        },
                        Some(*i),
                    ),
                    Err(errors) => (Loaded::Policy { shown, errors }, None),
                }
            }
        },
    }
}

/// The header of a policy file for grouping the set before it is
/// imported ([`ief::import::scan_header`]); `None` when the bytes cannot
/// be read or decoded, or do not start as a policy.
///
/// A file's first [`SCAN_PREFIX`] bytes are read first (the header of a
/// policy is near its start); the whole file only when they are not
/// UTF-8 or do not hold the whole header.
fn scan(name: &str, input: &Input) -> Option<ScannedHeader> {
    let whole = |bytes: &[u8]| match std::str::from_utf8(bytes) {
        Ok(text) => scan_header(text),
        Err(_) => scan_header(&ief::import::decode_text(bytes, name).ok()?.0),
    };
    match input {
        Input::Bytes(Ok(b)) => whole(b),
        Input::Bytes(Err(_)) => None,
        Input::File(p) => {
            use std::io::Read as _;
            let mut prefix = Vec::with_capacity(SCAN_PREFIX);
            std::fs::File::open(p)
                .ok()?
                .take(SCAN_PREFIX as u64)
                .read_to_end(&mut prefix)
                .ok()?;
            // A UTF-8 prefix, cut where a character may be cut.
            let text = match std::str::from_utf8(&prefix) {
                Ok(t) => Some(t),
                Err(e) if e.error_len().is_none() => {
                    std::str::from_utf8(&prefix[..e.valid_up_to()]).ok()
                }
                Err(_) => None,
            };
            match text.and_then(scan_header) {
                Some(h) => Some(h),
                None if prefix.len() < SCAN_PREFIX => whole(&prefix),
                None => whole(&std::fs::read(p).ok()?),
            }
        }
    }
}

/// How many bytes of a file [`scan`] reads first.
const SCAN_PREFIX: usize = 8 * 1024;

/// A file's length, modification time and a hash of its bytes: a file
/// whose stamp is the same when findings are shown holds the text that
/// was checked.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    hash: u64,
}

/// Reads the file at `path` whole, with the stamp of what was read: its
/// metadata asked of the open file (one lookup of the path, not two).
fn read_stamped(path: &std::path::Path) -> std::io::Result<(Vec<u8>, Option<Stamp>)> {
    use std::hash::{Hash, Hasher};
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata().ok();
    let mut bytes = Vec::new();
    if let Some(m) = &meta {
        bytes.reserve_exact(usize::try_from(m.len()).unwrap_or(0));
    }
    // Through `Take`: `File`'s own `read_to_end` would ask the size again.
    (&mut file).take(u64::MAX).read_to_end(&mut bytes)?;
    // Fx: a fast hash of the bytes (a stamp against edits, not attacks).
    let mut h = rustc_hash::FxHasher::default();
    bytes.hash(&mut h);
    let stamp = meta.map(|m| Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        hash: h.finish(),
    });
    Ok((bytes, stamp))
}

/// A text findings may be shown in: kept (standard input, templates), or
/// read again from its file when a finding is shown (so a set's texts are
/// not all held while it is checked).
enum Shown {
    Text(String),
    File(PathBuf, Stamp),
}

/// Reads, decodes and (unless `templated`) imports one file; with the
/// encoding it was read from when that is not UTF-8.
fn prepare(name: &str, input: Input, templated: bool) -> (Option<&'static str>, Prepared) {
    let mut path = None;
    let bytes = match input {
        Input::Bytes(Ok(b)) => b,
        Input::Bytes(Err(why)) => return (None, Prepared::Finding(file_finding(name, why, None))),
        Input::File(p) => match read_stamped(&p) {
            Ok((b, stamp)) => {
                path = stamp.map(|s| (p, s));
                b
            }
            Err(e) => {
                return (
                    None,
                    Prepared::Finding(file_finding(
                        name,
                        format!("cannot read the file: {e}"),
                        None,
                    )),
                )
            }
        },
    };
    let (text, encoding) = match ief::import::decode_text(&bytes, name) {
        Ok(decoded) => decoded,
        // Located, but not shown: the text could not be decoded.
        Err(e) => return (None, Prepared::Finding(Diagnostic::from(e))),
    };
    let from = path;
    drop(bytes);
    match root_of(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
        Root::Policy => {}
        Root::Other(root) => return (encoding, Prepared::NotPolicy(root)),
        Root::NotXml => {
            return (
                encoding,
                Prepared::Finding(file_finding(
                    name,
                    "the file is not XML (no root element could be read)".into(),
                    Some(
                        "a policy file is an XML document whose root is <TrustFrameworkPolicy>"
                            .into(),
                    ),
                )),
            )
        }
    }
    let import = (!templated).then(|| {
        // The text is decoded already: imported as text, with the
        // encoding it was read from.
        ief::import::import_str_for_check(&text, name).map(|mut i| {
            i.encoding = encoding;
            Box::new(i)
        })
    });
    (encoding, Prepared::Read { text, import, from })
}

/// The rule configuration: `explicit` (`--config FILE`), else the nearest
/// `ief.toml` in the folder of `first` or above it (not with
/// `--no-config`), else none. A configuration that cannot be used stops
/// the check: its findings would be wrong.
pub fn load_config(
    explicit: Option<&std::path::Path>,
    no_config: bool,
    first: Option<&PathBuf>,
) -> Result<RuleConfig, Fatal> {
    let path = match (explicit, first) {
        (Some(p), _) => Some(p.to_path_buf()),
        (None, Some(first)) if !no_config => {
            super::build::discover_named(first, ief::check::config::FILE_NAME)
        }
        _ => None,
    };
    match path {
        Some(p) => RuleConfig::from_file(&p).map_err(|e| Fatal(e.to_string())),
        None => Ok(RuleConfig::default()),
    }
}

/// Runs `ief check`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let mut out = Out::default();
    match check(&args, &mut out) {
        Err(Fatal(msg)) if args.format == CheckFormat::Json && !msg.is_empty() => {
            let doc = serde_json::json!({
                "files": 0,
                "errors": 0,
                "warnings": 0,
                "diagnostics": [],
                "skipped": [],
                "fatal": msg,
            });
            out.write(&format!("{}\n", doc))?;
            note(&format!("error: {}", visible(&msg)))?;
            Ok(ExitCode::from(2))
        }
        other => other,
    }
}

fn check(args: &Args, out: &mut Out) -> Result<ExitCode, Fatal> {
    let (stdin, paths): (Vec<&PathBuf>, Vec<PathBuf>) = {
        let (s, p): (Vec<&PathBuf>, Vec<&PathBuf>) =
            args.paths.iter().partition(|p| p.as_os_str() == "-");
        (s, p.into_iter().cloned().collect())
    };
    let settings: Option<AppSettings> = super::build::load_settings(
        args.settings.as_deref(),
        paths
            .first()
            .filter(|_| !args.no_settings)
            .map(PathBuf::as_path),
    )?;
    let config = load_config(args.config.as_deref(), args.no_config, paths.first())?;
    let options = CheckOptions {
        production: args.production || config.production,
        ..CheckOptions::default()
    };
    let envs = match (&settings, &args.env) {
        (Some(s), env) => Some(super::build::select(s, env.as_deref())?),
        (None, Some(_)) => {
            return Err(Fatal(format!(
                "--env needs a settings file: none named (--settings FILE) and no {} found in the folder given or above it",
                ief::appsettings::FILE_NAME
            )))
        }
        (None, None) => None,
    };
    let mut found = if paths.is_empty() {
        Default::default()
    } else {
        collect(&paths, args.follow)?
    };
    if let Some(s) = &settings {
        found.files.retain(|f| !super::build::is_output(s, f, None));
    }
    let mut inputs: Vec<(String, Input)> = Vec::new();
    if !stdin.is_empty() {
        let mut bytes = Vec::new();
        let read = std::io::stdin()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| format!("cannot read standard input: {e}"));
        inputs.push(("<stdin>".to_owned(), Input::Bytes(read)));
    }
    for f in &found.files {
        inputs.push((f.display().to_string(), Input::File(f.clone())));
    }
    if inputs.is_empty() && found.problems.is_empty() {
        return Err(Fatal(if found.skipped.is_empty() {
            "no .xml files found".into()
        } else {
            "no policy files found (every .xml file was skipped)".into()
        }));
    }
    let mut diagnostics: Vec<Diagnostic> = found
        .problems
        .iter()
        .map(|(p, why)| file_finding(&p.display().to_string(), format!("the file {why}"), None))
        .collect();
    let mut skipped: Vec<(String, String)> = found
        .skipped
        .iter()
        .map(|(p, why)| (p.display().to_string(), why.clone()))
        .collect();
    // Where each file's text is until the findings are known: only the
    // files a human-format finding points into are prepared for showing
    // (read again then: a set's texts are not held while it is checked).
    let mut texts: Vec<(String, Shown)> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut templates: Vec<(String, String)> = Vec::new();
    // Every file looked at but those skipped as not policies.
    let mut read_files = inputs.len() + found.problems.len();
    // Files are read, decoded and imported on every core; what they gave
    // is taken in path order, so the output is the same as one by one.
    // Templates are imported per environment later. Policies are checked
    // as they are imported, a group of files that belong together at a
    // time (`check_streamed`): memory holds the groups being checked,
    // not the set.
    let load = |(name, input): (String, Input), templated: bool| {
        let (encoding, prepared) = prepare(&name, input, templated);
        let (loaded, imported) = settle(prepared);
        ((name, encoding, loaded), imported)
    };
    let (loaded, report) = if settings.is_some() {
        let loaded = ief::par::map(inputs, |item| load(item, true).0);
        (loaded, None)
    } else {
        let items: Vec<((String, Input), Option<ScannedHeader>)> =
            ief::par::map(inputs, |(name, input)| {
                let header = scan(&name, &input);
                ((name, input), header)
            });
        let streamed = check_streamed(items, |item| load(item, false), &options);
        (streamed.outcomes, Some(streamed.report))
    };
    for (name, encoding, loaded) in loaded {
        if let Some(enc) = encoding {
            notes.push((
                name.clone(),
                format!(
                    "the file is {enc}; B2C wants UTF-8 (`ief fmt --write` rewrites it as UTF-8)"
                ),
            ));
        }
        match loaded {
            Loaded::Finding(d) => diagnostics.push(d),
            Loaded::NotPolicy(root) => {
                read_files -= 1;
                skipped.push((
                    name,
                    format!(
                        "not a policy (its root element is <{root}>, not <TrustFrameworkPolicy>)"
                    ),
                ));
            }
            Loaded::Template { text, shown } => {
                templates.push((name.clone(), text));
                texts.push((name, shown));
            }
            Loaded::Policy { shown, errors } => {
                diagnostics.extend(errors.into_iter().map(Diagnostic::from));
                texts.push((name, shown));
            }
        }
    }
    // Each finding with the environments it was found in (templated sets).
    let mut environments: Vec<Option<Vec<String>>> = Vec::new();
    match (&settings, &envs) {
        (Some(s), Some(envs)) => {
            let list: Vec<Template<'_>> = templates
                .iter()
                .map(|(name, text)| Template { name, text })
                .collect();
            let findings: Vec<EnvFinding> = match (args.env.as_deref(), envs.as_slice()) {
                (Some(_), [env]) => check_environment_with(s, env, &list, &options),
                _ => check_template_with(s, &list, &options),
            };
            let checked = if args.env.is_some() { 1 } else { envs.len() };
            let mut all: Vec<(Diagnostic, Option<Vec<String>>)> = diagnostics
                .drain(..)
                .map(|d| (d, None))
                .chain(
                    findings
                        .iter()
                        .map(|f| (f.to_diagnostic(checked), Some(f.environments.clone()))),
                )
                .collect();
            all.sort();
            all.dedup();
            for (d, e) in all {
                diagnostics.push(d);
                environments.push(e);
            }
            if let Ok(text) = std::fs::read_to_string(s.path()) {
                texts.push((s.path().to_owned(), Shown::Text(text)));
            }
        }
        _ => {
            diagnostics.extend(report.map(|r| r.diagnostics).unwrap_or_default());
            diagnostics.sort();
            diagnostics.dedup();
            environments = vec![None; diagnostics.len()];
        }
    }
    // The project's configuration: findings it accepts are counted and
    // listed, not reported; the others take their configured level.
    let (reported, allowed, unused) =
        config.apply_tagged(diagnostics.into_iter().zip(environments).collect());
    let (mut diagnostics, environments): (Vec<Diagnostic>, Vec<Option<Vec<String>>>) =
        reported.into_iter().unzip();
    if settings.is_none() && args.settings.is_none() && !args.no_settings {
        if let Some(first) = paths.first() {
            if let Some(n) = iefpolicies_hint(first, &mut diagnostics) {
                notes.push(n);
            }
        }
    }
    let (allowed, allowed_environments): (Vec<Allowed>, Vec<Option<Vec<String>>>) =
        allowed.into_iter().unzip();
    for a in &unused {
        notes.push((
            config.path.clone(),
            format!("the `[[allow]]` of {} accepted no finding", a.describe()),
        ));
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        CheckFormat::Sarif => {
            let text = serde_json::to_string_pretty(&sarif(&diagnostics, &allowed))
                .map_err(|e| Fatal(e.to_string()))?;
            out.write(&format!("{text}\n"))?;
        }
        CheckFormat::Github => {
            for d in &diagnostics {
                out.write(&format!("{}\n", github_command(d)))?;
            }
            out.write(&format!(
                "checked {read_files} file(s): {errors} error(s), {warnings} warning(s)\n"
            ))?;
        }
        CheckFormat::Json => {
            let items: Vec<serde_json::Value> = diagnostics
                .iter()
                .zip(&environments)
                .map(|(d, envs)| {
                    serde_json::json!({
                        "code": d.code,
                        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                        "category": d.category().as_str(),
                        "file": d.file,
                        "line": d.pos.map(|p| p.line),
                        "column": d.pos.map(|p| p.column),
                        "message": d.message,
                        "help": d.help,
                        "id": d.id,
                        "environments": envs,
                    })
                })
                .collect();
            let skipped: Vec<serde_json::Value> = skipped
                .iter()
                .map(|(f, why)| serde_json::json!({ "file": f, "reason": why }))
                .collect();
            let notes: Vec<serde_json::Value> = notes
                .iter()
                .map(|(f, n)| serde_json::json!({ "file": f, "message": n }))
                .collect();
            let allowed: Vec<serde_json::Value> = allowed
                .iter()
                .zip(&allowed_environments)
                .map(|(a, envs)| {
                    let d = &a.diagnostic;
                    serde_json::json!({
                        "code": d.code,
                        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                        "category": d.category().as_str(),
                        "environments": envs,
                        "file": d.file,
                        "line": d.pos.map(|p| p.line),
                        "column": d.pos.map(|p| p.column),
                        "message": d.message,
                        "id": d.id,
                        "reason": a.reason,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "files": read_files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": items,
                "allowed": allowed,
                "config": (!config.path.is_empty()).then_some(config.path.as_str()),
                "production": options.production,
                "skipped": skipped,
                "notes": notes,
                "settings": settings.as_ref().map(|s| s.path()),
                "environment": envs.as_ref().filter(|_| args.env.is_some()).and_then(|e| e.first()).map(|e| e.name.as_str()),
            });
            let text = serde_json::to_string_pretty(&doc).map_err(|e| Fatal(e.to_string()))?;
            out.write(&format!("{text}\n"))?;
        }
        CheckFormat::Human => {
            for (f, why) in &skipped {
                note(&format!("note: skipped {}: {}", visible(f), visible(why)))?;
            }
            for (f, n) in &notes {
                note(&format!("note: {}: {}", visible(f), visible(n)))?;
            }
            print_findings(out, &diagnostics, &texts)?;
            let rendered = match (&settings, &envs) {
                (Some(_), Some(e)) if args.env.is_some() => e
                    .first()
                    .map(|e| format!(" (rendered for environment `{}`)", visible(&e.name)))
                    .unwrap_or_default(),
                (Some(_), Some(e)) => format!(" (as templates, in {} environment(s))", e.len()),
                _ => String::new(),
            };
            let accepted = if allowed.is_empty() {
                String::new()
            } else {
                format!(", {} accepted by {}", allowed.len(), visible(&config.path))
            };
            out.write(&format!(
                "checked {read_files} file(s){rendered}: {errors} error(s), {warnings} warning(s){accepted}\n"
            ))?;
        }
    }
    let code = if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // `check` runs once per process and the process ends right after it
    // (see `main`): every output has been written and flushed (`Out`
    // flushes each write) and nothing is written to a file, so the model,
    // the texts and the findings are left to the OS instead of being
    // freed one allocation at a time (a tenth of the run on a large set).
    std::mem::forget((texts, templates, diagnostics, environments, allowed));
    Ok(code)
}

/// IEFPolicies' settings file, when `ief check` reads none: the nearest
/// `conf.json` (searched as `appsettings.json` is) that reads as one is
/// named in a note, since the files are then checked as they are, and a
/// W005 or W002 finding whose `{Key:Name}` or `{Key}` is one of its keys
/// is told so (a `conf.json` key is not a claim resolver, though it may
/// be written as one).
/// The file is not used without `--settings`: `conf.json` is a common
/// name, and rendering changes policy ids (its `Prefix`).
fn iefpolicies_hint(
    first: &std::path::Path,
    diagnostics: &mut [Diagnostic],
) -> Option<(String, String)> {
    let path = super::build::discover_named(first, CONF_JSON)?;
    let settings = AppSettings::from_file(&path).ok()?;
    if settings.format() != ief::appsettings::Format::IefPolicies {
        return None;
    }
    let shown = path.display().to_string();
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code == "W005" || d.code == "W002")
    {
        let key =
            d.id.as_deref()
                .and_then(|t| t.strip_prefix('{'))
                .and_then(|t| t.strip_suffix('}'));
        let known = |k: &&str| settings.environments().iter().any(|e| e.get(k).is_some());
        if let Some(key) = key.filter(known) {
            d.help = Some(format!(
                "`{key}` is a key of {shown} (IEFPolicies' settings): `ief check --settings {shown}` checks the files as IEFPolicies renders them"
            ));
        }
    }
    Some((
        shown.clone(),
        format!(
            "read as IEFPolicies' settings, it is not used: the files are checked as they are (`--settings {shown}` checks them as IEFPolicies renders them)"
        ),
    ))
}

/// The name IEFPolicies gives its settings file.
const CONF_JSON: &str = "conf.json";

/// Prints the findings rustc-style. They come sorted, so grouped by
/// file: each file's text is prepared when its first located finding is
/// printed and let go after its last (one file's text at a time; a file
/// is read again, and shown without its lines if its stamp changed since
/// it was checked).
fn print_findings(
    out: &mut Out,
    diagnostics: &[Diagnostic],
    texts: &[(String, Shown)],
) -> Result<(), Fatal> {
    let renderer = super::build::renderer();
    let by_name: std::collections::HashMap<&str, &Shown> =
        texts.iter().map(|(n, s)| (n.as_str(), s)).collect();
    // The findings come sorted, so grouped by file: each file's findings
    // are rendered on the machine's cores (the file read again once, for
    // its first located finding) and printed in order.
    let mut runs: Vec<&[Diagnostic]> = Vec::new();
    let mut rest = diagnostics;
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|d| d.file == first.file).count();
        let (run, tail) = rest.split_at(n);
        runs.push(run);
        rest = tail;
    }
    let rendered = ief::par::map(runs, |run| {
        let last = run.iter().filter_map(|d| d.pos.map(|p| p.line)).max();
        let shown = last.and_then(|_| by_name.get(run[0].file.as_str()));
        // The file read again (its text borrowed from the bytes when it is
        // UTF-8), if it is unchanged since it was checked.
        let bytes = match shown {
            Some(Shown::File(path, was)) => read_stamped(path)
                .ok()
                .filter(|(_, now)| *now == Some(*was))
                .map(|(bytes, _)| bytes),
            _ => None,
        };
        let source = match (shown, last) {
            (Some(Shown::Text(text)), _) => Some(Source::new(text)),
            (Some(Shown::File(..)), Some(last)) => bytes
                .as_deref()
                .and_then(|b| ief::import::decode_text_borrowed(b, run[0].file.as_str()).ok())
                .map(|(text, _)| Source::up_to(text, last)),
            _ => None,
        };
        let mut text = String::new();
        for d in run {
            text.push_str(&super::render::render(&renderer, d, source.as_ref()));
            text.push_str("\n\n");
        }
        text
    });
    // Everything is rendered by now: written in large pieces, not one
    // system call per file.
    let mut piece = String::new();
    for text in rendered {
        piece.push_str(&text);
        if piece.len() >= 64 * 1024 {
            out.write(&piece)?;
            piece.clear();
        }
    }
    if !piece.is_empty() {
        out.write(&piece)?;
    }
    Ok(())
}

/// A file name as a SARIF artifact URI: relative, with `/`.
fn artifact_uri(file: &str) -> String {
    let f = file.replace('\\', "/");
    f.strip_prefix("./").unwrap_or(&f).to_owned()
}

/// The findings as one SARIF 2.1.0 log (one run of the tool `ief`, its
/// rules those that found something). Findings the project's
/// configuration accepted are results with an external suppression and
/// its reason as the justification, so code scanning shows them as
/// dismissed rather than losing them.
pub fn sarif(diagnostics: &[Diagnostic], allowed: &[Allowed]) -> serde_json::Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let all = || {
        diagnostics.iter().map(|d| (d, None)).chain(
            allowed
                .iter()
                .map(|a| (&a.diagnostic, Some(a.reason.as_str()))),
        )
    };
    let mut codes: Vec<&str> = all().map(|(d, _)| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<serde_json::Value> = codes
        .iter()
        .map(|code| {
            let info = ief::check::rules::lookup(code);
            let summary = info.map(|r| r.summary).unwrap_or(code);
            let mut rule = serde_json::json!({
                "id": code,
                "shortDescription": { "text": summary },
            });
            if let Some(r) = info {
                rule["defaultConfiguration"] = serde_json::json!({ "level": level(r.severity) });
                rule["fullDescription"] = serde_json::json!({ "text": r.explanation });
                rule["properties"] = serde_json::json!({ "tags": [r.category.as_str()] });
            }
            rule
        })
        .collect();
    let results: Vec<serde_json::Value> = all()
        .map(|(d, reason)| {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!("\nhelp: {h}"));
            }
            let mut physical = serde_json::json!({
                "artifactLocation": { "uri": artifact_uri(&d.file) },
            });
            if let Some(p) = d.pos {
                physical["region"] = serde_json::json!({
                    "startLine": p.line.max(1),
                    "startColumn": p.column.max(1),
                });
            }
            let mut result = serde_json::json!({
                "ruleId": d.code,
                "ruleIndex": codes.iter().position(|c| *c == d.code),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{ "physicalLocation": physical }],
            });
            if let Some(reason) = reason {
                result["suppressions"] =
                    serde_json::json!([{ "kind": "external", "justification": reason }]);
            }
            result
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ief",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// Escapes the message of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One finding as a GitHub Actions workflow command (an annotation).
pub fn github_command(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![format!("file={}", escape_property(&artifact_uri(&d.file)))];
    if let Some(p) = d.pos {
        props.push(format!("line={}", p.line));
        props.push(format!("col={}", p.column));
    }
    props.push(format!("title={}", escape_property(d.code)));
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!("\nhelp: {h}"));
    }
    format!("::{kind} {}::{}", props.join(","), escape_data(&text))
}
