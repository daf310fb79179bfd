//! `ief deploy`: checks a set, then uploads it through Microsoft Graph,
//! every base before its children, skipping what the tenant already has
//! (compared by meaning), stopping at the first failure with a report.
//! See [`ief::deploy`] for the library under it and its environment
//! variables.
//!
//! Exit codes: 0 deployed (or a clean dry run), 1 findings (the check,
//! the preflight) or a failed upload, 2 a usage, credential or I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

use ief::appsettings::{check_environment_with, pos_of, Rendered, Template};
use ief::check::set::{check_set_with, CheckOptions, Diagnostic};
use ief::check::Severity;
use ief::deploy::{
    deploy, preflight, Change, Credential, Endpoints, Entry, GraphClient, Options, Outcome,
    PolicyFile,
};
use ief::import::Pos;

use super::out::{note, visible, Out};
use super::render::Source;
use super::walk::{collect, root_of, Root};
use crate::Fatal;

/// What `ief deploy` was asked for.
pub struct Args {
    /// Policy files and folders.
    pub paths: Vec<PathBuf>,
    /// The tenant deployed to (`contoso.onmicrosoft.com`).
    pub tenant: String,
    /// Render this environment of the settings file first.
    pub env: Option<String>,
    /// The settings file (default: discovered, with `--env`).
    pub settings: Option<PathBuf>,
    /// Compare and report; upload nothing.
    pub dry_run: bool,
    /// Upload unchanged policies too.
    pub force: bool,
    /// Upload even when the check finds errors.
    pub no_check: bool,
    /// Trace every request (secrets redacted) on standard error.
    pub verbose: bool,
    /// The Graph base (default: `IEF_GRAPH_URL`, else the public cloud).
    pub graph_url: Option<String>,
}

/// The set as read: files to upload and the sources to show findings in.
pub struct Loaded {
    /// The policies, rendered when an environment was named.
    pub files: Vec<PolicyFile>,
    /// Findings of the check (and of files that do not import).
    pub findings: Vec<Diagnostic>,
    /// Template texts by name (every finding is shown on them).
    pub check_sources: Vec<(String, Source<'static>)>,
    /// With an environment: each file's template and rendering, by name,
    /// to move positions in the text sent back to the template.
    pub renderings: Vec<(String, String, Rendered)>,
    /// Whether a file is not a policy ief can read (stops even with
    /// `--no-check`: it could not be uploaded in its place).
    pub unreadable: bool,
}

/// Reads, renders and checks the set (the check only when `check`).
pub fn load(
    paths: &[PathBuf],
    env: Option<&str>,
    settings_file: Option<&std::path::Path>,
    check: bool,
) -> Result<Loaded, Fatal> {
    let settings = match (env, settings_file) {
        (None, None) => None,
        _ => {
            let s =
                super::build::load_settings(settings_file, paths.first().map(PathBuf::as_path))?;
            Some(s.ok_or_else(|| {
                Fatal(format!(
                    "--env needs a settings file: none named (--settings FILE) and no {} found in the folder given or above it",
                    ief::appsettings::FILE_NAME
                ))
            })?)
        }
    };
    let envs = match &settings {
        Some(s) => super::build::select(s, env)?,
        None => Vec::new(),
    };
    let environment =
        match envs.as_slice() {
            [] => None,
            [one] => Some(*one),
            _ => return Err(Fatal(
                "a templated set is deployed one environment at a time: name it with --env NAME"
                    .into(),
            )),
        };
    let found = collect(paths, false)?;
    for (p, why) in &found.problems {
        note(&format!(
            "warning: {}: the file {}",
            visible(&p.display().to_string()),
            visible(why)
        ))?;
    }
    let mut templates: Vec<(String, String)> = Vec::new();
    for f in &found.files {
        if let Some(s) = &settings {
            if super::build::is_output(s, f, None) {
                continue;
            }
        }
        let name = f.display().to_string();
        let bytes =
            std::fs::read(f).map_err(|e| Fatal(format!("cannot read {}: {e}", visible(&name))))?;
        let (text, _) = ief::import::decode_text(&bytes, name.clone())
            .map_err(|e| Fatal(format!("{}: {}", visible(&name), visible(&e.message))))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        match root_of(&text) {
            Root::Policy => templates.push((name, text)),
            Root::Other(_) | Root::NotXml => {
                note(&format!("note: skipped {}: not a policy", visible(&name)))?;
            }
        }
    }
    if templates.is_empty() {
        return Err(Fatal("no policy files found".into()));
    }
    let mut findings: Vec<Diagnostic> = Vec::new();
    let mut files = Vec::new();
    let mut unreadable = false;
    let mut renderings = Vec::new();
    for (name, text) in &templates {
        let rendered = match (&settings, environment) {
            (Some(s), Some(e)) => {
                let r = s.render(e, name, text);
                let t = r.text.clone();
                renderings.push((name.clone(), text.clone(), r));
                t
            }
            _ => text.clone(),
        };
        match ief::import::import_str(&rendered, name.clone()) {
            Ok(imported) => files.push(PolicyFile {
                name: name.clone(),
                text: rendered,
                imported,
            }),
            Err(errors) => {
                unreadable = true;
                findings.extend(errors.into_iter().map(Diagnostic::from));
            }
        }
    }
    if check {
        // The project's ief.toml applies here as in `ief check`: a rule it
        // turns off does not stop a deployment, production is checked as
        // such.
        let config = super::check::load_config(None, false, paths.first())?;
        let options = CheckOptions {
            production: config.production,
            ..CheckOptions::default()
        };
        match (&settings, environment) {
            (Some(s), Some(e)) => {
                let list: Vec<Template<'_>> = templates
                    .iter()
                    .map(|(name, text)| Template { name, text })
                    .collect();
                findings.extend(
                    check_environment_with(s, e, &list, &options)
                        .iter()
                        .map(|f| f.to_diagnostic(1)),
                );
            }
            _ => {
                let imported: Vec<_> = files.iter().map(|f| f.imported.clone()).collect();
                findings.extend(check_set_with(&imported, &options).diagnostics);
            }
        }
        findings = config.apply(std::mem::take(&mut findings)).reported;
    }
    findings.sort();
    findings.dedup();
    let mut check_sources: Vec<(String, Source<'static>)> = templates
        .iter()
        .map(|(n, t)| (n.clone(), Source::owned(t.clone())))
        .collect();
    if let Some(s) = &settings {
        if let Ok(text) = std::fs::read_to_string(s.path()) {
            check_sources.push((s.path().to_owned(), Source::owned(text)));
        }
    }
    Ok(Loaded {
        files,
        findings,
        check_sources,
        unreadable,
        renderings,
    })
}

/// A Graph client from the environment (and `--graph-url`), tracing on
/// standard error when `verbose`.
pub fn client(tenant: &str, graph_url: Option<&str>, verbose: bool) -> Result<GraphClient, Fatal> {
    let var = |k: &str| std::env::var(k).ok();
    let endpoints = Endpoints::from_env(var, graph_url).map_err(|e| Fatal(e.to_string()))?;
    let credential = Credential::from_env(var, tenant).map_err(|e| Fatal(e.to_string()))?;
    let mut client = GraphClient::new(endpoints, credential);
    if verbose {
        client = client.with_log(Box::new(|line: &str| {
            let _ = note(&visible(line));
        }));
    }
    Ok(client)
}

fn line(n: usize, total: usize, e: &Entry) -> String {
    let change = e.change.map(Change::word).unwrap_or("");
    let what = match &e.outcome {
        Outcome::Uploaded => format!("uploaded ({change})"),
        Outcome::Skipped => "unchanged, skipped".to_owned(),
        Outcome::WouldUpload => format!("{change}, would be uploaded"),
        Outcome::WouldSkip => "unchanged, would be skipped".to_owned(),
        Outcome::Failed(_) => "FAILED".to_owned(),
        Outcome::NotTried => "not tried".to_owned(),
    };
    format!(
        "[{n}/{total}] {} ({}): {what}\n",
        visible(&e.policy_id),
        visible(&e.file)
    )
}

/// Runs `ief deploy`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let mut out = Out::default();
    let loaded = load(
        &args.paths,
        args.env.as_deref(),
        args.settings.as_deref(),
        !args.no_check,
    )?;
    let errors = loaded
        .findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    super::build::print_human(&mut out, &loaded.findings, &loaded.check_sources)?;
    if errors > 0 && (!args.no_check || loaded.unreadable) {
        out.write(&format!(
            "deploy stopped: the set has {errors} error(s); nothing was uploaded (`ief check` shows them; --no-check uploads anyway)\n"
        ))?;
        return Ok(ExitCode::from(1));
    }
    let files = loaded.files;
    // Upload and preflight findings are on the text sent; with --env they
    // are moved back onto the templates, which are shown.
    let renderings = loaded.renderings;
    let sources = loaded.check_sources;
    let mut client = client(&args.tenant, args.graph_url.as_deref(), args.verbose)?;
    let pre = preflight(&mut client, &files, &args.tenant).map_err(|e| graph_fatal(&e))?;
    if !pre.is_empty() {
        let pre = to_templates(pre, &renderings);
        super::build::print_human(&mut out, &pre, &sources)?;
        out.write(&format!(
            "deploy stopped: the tenant preflight found {} problem(s); nothing was uploaded\n",
            pre.len()
        ))?;
        return Ok(ExitCode::from(1));
    }
    let total = files.len();
    let options = Options {
        dry_run: args.dry_run,
        force: args.force,
    };
    out.write(&format!(
        "{} {total} polic{} to {}, base first{}\n",
        if args.dry_run { "plan:" } else { "deploying" },
        if total == 1 { "y" } else { "ies" },
        visible(&args.tenant),
        if args.dry_run {
            " (dry run: nothing is uploaded)"
        } else {
            ""
        }
    ))?;
    // Each policy is shown as it is done; a write error ends the command
    // after the deploy (the deploy itself is not cut half-way).
    let mut n = 0;
    let mut write_error: Option<Fatal> = None;
    let report = deploy(&mut client, &files, options, |e| {
        n += 1;
        if write_error.is_none() {
            write_error = out.write(&line(n, total, e)).err();
        }
    })
    .map_err(|e| Fatal(e.to_string()))?;
    if let Some(e) = write_error {
        return Err(e);
    }
    for e in report
        .entries
        .iter()
        .filter(|e| e.outcome == Outcome::NotTried)
    {
        n += 1;
        out.write(&line(n, total, e))?;
    }
    if let Some((entry, failure)) = report.failed() {
        out.write("\n")?;
        let findings = to_templates(failure.findings.clone(), &renderings);
        super::build::print_human(&mut out, &findings, &sources)?;
        let list = |v: Vec<&str>| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.iter().map(|s| visible(s)).collect::<Vec<_>>().join(", ")
            }
        };
        let skipped = report.ids(|o| matches!(o, Outcome::Skipped));
        out.write(&format!(
            "deploy stopped at {}: {}\n  uploaded: {}\n  unchanged: {}\n  failed: {}\n  not tried: {}\nfix it and run the same command again: what is in the tenant already is skipped as unchanged\n",
            visible(&entry.policy_id),
            failure.error.status().map(|s| format!("HTTP {s}")).unwrap_or_else(|| "no answer".into()),
            list(report.uploaded()),
            list(skipped),
            visible(&entry.policy_id),
            list(report.not_tried()),
        ))?;
        return Ok(ExitCode::from(1));
    }
    let count =
        |pred: fn(&Outcome) -> bool| report.entries.iter().filter(|e| pred(&e.outcome)).count();
    if args.dry_run {
        out.write(&format!(
            "dry run: {} would be uploaded, {} unchanged; nothing was uploaded\n",
            count(|o| matches!(o, Outcome::WouldUpload)),
            count(|o| matches!(o, Outcome::WouldSkip)),
        ))?;
    } else {
        out.write(&format!(
            "deployed to {}: {} uploaded, {} unchanged\n",
            visible(&args.tenant),
            count(|o| matches!(o, Outcome::Uploaded)),
            count(|o| matches!(o, Outcome::Skipped)),
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The byte offset of `pos` (line and column from 1, in characters,
/// CR LF and a lone CR one line end each, as [`pos_of`] counts) in `text`;
/// a column past the line's end gives the next line's start.
fn offset_of(text: &str, pos: Pos) -> usize {
    let (mut line, mut column) = (1u32, 1u32);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if line > pos.line || (line == pos.line && column >= pos.column) {
            return i;
        }
        match c {
            '\r' => {
                if matches!(chars.peek(), Some((_, '\n'))) {
                    chars.next();
                }
                line += 1;
                column = 1;
            }
            '\n' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    text.len()
}

/// Findings on rendered files moved onto their templates (a place inside
/// a substituted value goes to its placeholder).
fn to_templates(
    mut findings: Vec<Diagnostic>,
    renderings: &[(String, String, Rendered)],
) -> Vec<Diagnostic> {
    for d in &mut findings {
        let Some((_, template, rendered)) = renderings.iter().find(|(n, _, _)| *n == d.file) else {
            continue;
        };
        if let Some(pos) = d.pos {
            let offset = rendered.to_template(offset_of(&rendered.text, pos));
            d.pos = Some(pos_of(template, offset));
        }
    }
    findings
}

/// A Graph error that stops a command before any upload, with its help.
pub fn graph_fatal(e: &ief::deploy::GraphError) -> Fatal {
    Fatal(match e.help() {
        Some(h) => format!("{e}\n  help: {h}"),
        None => e.to_string(),
    })
}
