//! `ief build`: renders a templated policy set (the VS Code extension's
//! `appsettings.json`, or IEFPolicies' `conf.json`) for one environment or
//! all of them, the way the extension's "build all policies" does: every
//! `.xml` file under the folder, placeholders replaced, written to
//! `Environments/<Name>/<same relative path>` beside the settings file.
//! The rendered set is checked first (`ief check DIR --env NAME`); an
//! error stops the build before anything is written, unless `--no-check`.
//!
//! Also the pieces `ief check` shares: finding the settings file
//! ([`discover`]), loading it ([`load_settings`]) and leaving the build
//! output out of the templates ([`is_output`]).

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::Renderer;
use ief::appsettings::{check_environment_with, check_template_with, AppSettings, Template};
use ief::check::set::{CheckOptions, Diagnostic};
use ief::check::Severity;

use super::load::write_atomically;
use super::out::{note, visible, Out};
use super::render::{render, Source};
use super::walk::{collect, root_of, Root};
use crate::Fatal;

/// What `ief build` was asked for.
pub struct Args {
    /// The folder of templates.
    pub dir: PathBuf,
    /// The environment (all when `None`).
    pub env: Option<String>,
    /// The output folder.
    pub out: Option<PathBuf>,
    /// The settings file (default: discovered).
    pub settings: Option<PathBuf>,
    /// Write even when the rendered set has errors.
    pub no_check: bool,
    /// Follow symbolic links out of the folder.
    pub follow: bool,
}

/// The nearest `appsettings.json` (any case) in `start` (a folder, or a
/// file's folder) or a folder above it. The search stops after the first
/// folder that holds `.git` (the repository's root) or at the file
/// system's root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    discover_named(start, ief::appsettings::FILE_NAME)
}

/// The nearest file called `name` (any case) in `start` (a folder, or a
/// file's folder) or a folder above it, searched as [`discover`] does.
pub fn discover_named(start: &Path, name: &str) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let abs = std::fs::canonicalize(&start).ok()?;
    let cwd = std::env::current_dir().ok();
    for dir in abs.ancestors() {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut names: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                        && e.path().is_file()
                })
                .map(|e| e.path())
                .collect();
            names.sort();
            if let Some(found) = names.into_iter().next() {
                // Shown relative to the working folder when under it.
                return Some(match &cwd {
                    Some(c) => found
                        .strip_prefix(c)
                        .map(Path::to_path_buf)
                        .unwrap_or(found),
                    None => found,
                });
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// Reads the settings file named, or discovers one from `start` (when
/// `discover_from` is given). `Ok(None)` when there is none. A discovered
/// `appsettings.json` that is JSON without `Environments` (an ASP.NET
/// application's, say) is not the extension's: it is named on standard
/// error and passed over.
pub fn load_settings(
    named: Option<&Path>,
    discover_from: Option<&Path>,
) -> Result<Option<AppSettings>, Fatal> {
    let path = match (named, discover_from) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(start)) => match discover(start) {
            Some(p) => {
                let other = std::fs::read(&p)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                    .is_some_and(|v| v.get("Environments").is_none());
                if other {
                    note(&format!(
                        "note: {} has no `Environments`: not the VS Code extension's settings, the files are checked as they are",
                        visible(&p.display().to_string())
                    ))?;
                    return Ok(None);
                }
                p
            }
            None => return Ok(None),
        },
        (None, None) => return Ok(None),
    };
    AppSettings::from_file(&path)
        .map(Some)
        .map_err(|e| Fatal(e.to_string()))
}

/// The environments to use: the one named (a usage error listing the
/// environments when there is none of that name), else all.
pub fn select<'s>(
    settings: &'s AppSettings,
    env: Option<&str>,
) -> Result<Vec<&'s ief::appsettings::Environment>, Fatal> {
    match env {
        None => Ok(settings.environments().iter().collect()),
        Some(name) => match settings.environment(name) {
            Some(e) => Ok(vec![e]),
            None => Err(Fatal(format!(
                "unknown environment `{name}` in {}; it defines: {}",
                settings.path(),
                settings.names().join(", ")
            ))),
        },
    }
}

/// The folder the settings file is in.
pub fn settings_dir(settings: &AppSettings) -> PathBuf {
    Path::new(settings.path())
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Whether `file` is build output, not a template: under the settings
/// folder's environments folder (`Environments`, or the file's
/// `EnvironmentsFolder`), as the extension leaves it out, or under
/// `extra` (an `--out` folder).
pub fn is_output(settings: &AppSettings, file: &Path, extra: Option<&Path>) -> bool {
    let file = canonical(file);
    let base = canonical(&settings_dir(settings));
    let folder = settings.environments_folder();
    // A nested `EnvironmentsFolder` (`out/envs`) is one folder under the
    // settings' folder.
    if file.starts_with(canonical(&base.join(folder))) {
        return true;
    }
    if let Ok(rel) = file.strip_prefix(&base) {
        let mut comps: Vec<Component<'_>> = rel.components().collect();
        comps.pop(); // the file itself
        if comps.iter().any(|c| match c {
            Component::Normal(n) => n.to_str().is_some_and(|n| n == folder),
            _ => false,
        }) {
            return true;
        }
    }
    extra.is_some_and(|o| file.starts_with(canonical(o)))
}

/// The path of `file` relative to the settings folder (else to `dir`,
/// else its name): where it goes under an environment's folder.
fn relative(settings: &AppSettings, dir: &Path, file: &Path) -> PathBuf {
    let f = canonical(file);
    for base in [settings_dir(settings), dir.to_path_buf()] {
        if let Ok(rel) = f.strip_prefix(canonical(&base)) {
            return rel.to_path_buf();
        }
    }
    PathBuf::from(file.file_name().unwrap_or(file.as_os_str()))
}

/// The renderer of findings: styled on a terminal unless `NO_COLOR` is
/// set, plain otherwise.
pub fn renderer() -> Renderer {
    if std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        super::render::styled()
    } else {
        super::render::plain()
    }
}

/// Prints findings rustc-style (the sources by file name).
pub fn print_human(
    out: &mut Out,
    diagnostics: &[ief::check::set::Diagnostic],
    sources: &[(String, Source<'_>)],
) -> Result<(), Fatal> {
    let renderer = renderer();
    let by_name: std::collections::HashMap<&str, &Source<'_>> =
        sources.iter().map(|(n, s)| (n.as_str(), s)).collect();
    for d in diagnostics {
        let source = by_name.get(d.file.as_str()).copied();
        out.write(&format!("{}\n\n", render(&renderer, d, source)))?;
    }
    Ok(())
}

/// Runs `ief build`.
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    if !args.dir.is_dir() {
        return Err(Fatal(format!(
            "{} is not a folder",
            visible(&args.dir.display().to_string())
        )));
    }
    let Some(settings) = load_settings(args.settings.as_deref(), Some(&args.dir))? else {
        return Err(Fatal(format!(
            "no {} found in {} or a folder above it (up to the repository's root); name one with --settings FILE",
            ief::appsettings::FILE_NAME,
            visible(&args.dir.display().to_string())
        )));
    };
    let envs = select(&settings, args.env.as_deref())?;
    let found = collect(std::slice::from_ref(&args.dir), args.follow)?;
    for (p, why) in &found.problems {
        note(&format!(
            "warning: {}: the file {}",
            visible(&p.display().to_string()),
            visible(why)
        ))?;
    }
    // Every .xml file is rendered (as the extension does); policies are
    // also checked.
    let mut files: Vec<(PathBuf, String, bool)> = Vec::new();
    for f in &found.files {
        if is_output(&settings, f, args.out.as_deref()) {
            continue;
        }
        let bytes = std::fs::read(f).map_err(|e| {
            Fatal(format!(
                "cannot read {}: {e}",
                visible(&f.display().to_string())
            ))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Fatal(format!(
                "{} is not UTF-8 (`ief fmt --write` rewrites it as UTF-8)",
                visible(&f.display().to_string())
            ))
        })?;
        let policy = matches!(
            root_of(text.strip_prefix('\u{feff}').unwrap_or(&text)),
            Root::Policy
        );
        files.push((f.clone(), text, policy));
    }
    if files.is_empty() {
        return Err(Fatal("no .xml files found".into()));
    }
    let mut out = Out::default();
    if !args.no_check {
        let names: Vec<String> = files
            .iter()
            .map(|(p, _, _)| p.display().to_string())
            .collect();
        let templates: Vec<Template<'_>> = files
            .iter()
            .zip(&names)
            .filter(|((_, _, policy), _)| *policy)
            .map(|((_, text, _), name)| Template {
                name,
                text: text.strip_prefix('\u{feff}').unwrap_or(text),
            })
            .collect();
        // The project's ief.toml applies as in `ief check`.
        let config = super::check::load_config(None, false, Some(&args.dir))?;
        let options = CheckOptions {
            production: config.production,
            ..CheckOptions::default()
        };
        // One environment: its findings, each naming it. Every one: as
        // `ief check` reports them, a finding of every environment once.
        let diagnostics: Vec<Diagnostic> = match envs.as_slice() {
            [env] => check_environment_with(&settings, env, &templates, &options)
                .iter()
                .map(|f| f.to_diagnostic(1))
                .collect(),
            _ => check_template_with(&settings, &templates, &options)
                .iter()
                .map(|f| f.to_diagnostic(envs.len()))
                .collect(),
        };
        let mut diagnostics = config.apply(diagnostics).reported;
        diagnostics.sort();
        diagnostics.dedup();
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let mut sources: Vec<(String, Source<'_>)> = templates
            .iter()
            .map(|t| (t.name.to_owned(), Source::new(t.text)))
            .collect();
        if let Ok(text) = std::fs::read_to_string(settings.path()) {
            sources.push((settings.path().to_owned(), Source::owned(text)));
        }
        print_human(&mut out, &diagnostics, &sources)?;
        if errors > 0 {
            out.write(&format!(
                "build stopped: the rendered set has {errors} error(s); nothing was written (--no-check writes anyway)\n"
            ))?;
            return Ok(ExitCode::from(1));
        }
    }
    let base = settings_dir(&settings);
    let mut written = 0usize;
    // A rendered file never replaces a template (an `--out` pointing at the
    // templates' own folder): checked for every target before any write.
    let sources: std::collections::BTreeSet<PathBuf> =
        files.iter().map(|(p, _, _)| canonical(p)).collect();
    // Where an environment's files go.
    let folder_of = |env: &ief::appsettings::Environment| match (&args.out, &args.env) {
        (Some(o), Some(_)) => o.clone(),
        (Some(o), None) => o.join(&env.name),
        (None, _) => base.join(settings.environments_folder()).join(&env.name),
    };
    for env in &envs {
        let folder = folder_of(env);
        for (path, _, _) in &files {
            let target = folder.join(relative(&settings, &args.dir, path));
            if sources.contains(&canonical(&target)) {
                return Err(Fatal(format!(
                    "building environment `{}` would overwrite the template {}; choose an output folder apart from the templates (--out)",
                    visible(&env.name),
                    visible(&target.display().to_string())
                )));
            }
        }
    }
    for env in &envs {
        let folder = folder_of(env);
        for (path, text, _) in &files {
            let name = path.display().to_string();
            let rendered = settings.render(env, &name, text);
            let target = folder.join(relative(&settings, &args.dir, path));
            write_atomically(&target, &rendered.text)?;
            written += 1;
        }
        note(&format!(
            "wrote {} file(s) of environment `{}` to {}",
            files.len(),
            visible(&env.name),
            visible(&folder.display().to_string())
        ))?;
    }
    out.write(&format!(
        "built {} environment(s): {written} file(s)\n",
        envs.len()
    ))?;
    Ok(ExitCode::SUCCESS)
}
