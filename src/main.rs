//! The `ief` command: check policy sets the way B2C does, and format
//! policy files canonically.
//!
//! ```text
//! ief check PATH...            # exit 0 clean, 1 findings, 2 usage or I/O error
//! ief check --format json PATH...
//! ief fmt FILE                 # canonical XML to stdout
//! ief fmt --write FILE...      # rewrite in place
//! ief fmt --check FILE...      # exit 1 when a file is not canonical
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{Level, Renderer, Snippet};
use clap::{Parser, Subcommand, ValueEnum};
use ief::check::set::{check_set, Diagnostic};
use ief::check::Severity;
use ief::import::{import_str, ImportError, Imported};

#[derive(Parser)]
#[command(
    name = "ief",
    version,
    about = "Azure AD B2C custom policies: check and format policy XML"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Checks a policy set (files or folders, searched for *.xml) the way
    /// B2C does on upload, and more.
    Check {
        /// Policy files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Re-emits policy files canonically (schema order, 2-space indent).
    Fmt {
        /// Policy files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Rewrite the files in place.
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Only report files that are not canonical (exit 1 if any).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style messages.
    Human,
    /// One JSON document with every finding.
    Json,
}

/// A usage or I/O problem: exit code 2.
struct Fatal(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, format } => run_check(&paths, format),
        Command::Fmt {
            files,
            write,
            check,
        } => run_fmt(&files, write, check),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn collect_xml(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(d) = stack.pop() {
                let entries = std::fs::read_dir(&d)
                    .map_err(|e| Fatal(format!("cannot read folder {}: {e}", d.display())))?;
                for entry in entries {
                    let path = entry
                        .map_err(|e| Fatal(format!("cannot read folder {}: {e}", d.display())))?
                        .path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path
                        .extension()
                        .is_some_and(|x| x.eq_ignore_ascii_case("xml"))
                    {
                        out.push(path);
                    }
                }
            }
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(Fatal(format!("no such file or folder: {}", p.display())));
        }
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err(Fatal("no .xml files found".into()));
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String, Fatal> {
    std::fs::read_to_string(path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))
}

fn import_error_diagnostic(e: ImportError) -> Diagnostic {
    Diagnostic {
        file: e.file,
        pos: (e.line > 0).then_some(ief::import::Pos {
            line: e.line,
            column: e.column,
        }),
        code: "E001",
        severity: Severity::Error,
        message: e.message,
        help: e.help,
        id: None,
    }
}

fn run_check(paths: &[PathBuf], format: Format) -> Result<ExitCode, Fatal> {
    let files = collect_xml(paths)?;
    let mut sources = Vec::new();
    let mut imported: Vec<Imported> = Vec::new();
    let mut diagnostics = Vec::new();
    for f in &files {
        let text = read(f)?;
        let name = f.display().to_string();
        match import_str(&text, name.clone()) {
            Ok(i) => imported.push(i),
            Err(errors) => diagnostics.extend(errors.into_iter().map(import_error_diagnostic)),
        }
        sources.push((name, text));
    }
    diagnostics.extend(check_set(&imported).diagnostics);
    diagnostics.sort();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = diagnostics
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code,
                        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                        "file": d.file,
                        "line": d.pos.map(|p| p.line),
                        "column": d.pos.map(|p| p.column),
                        "message": d.message,
                        "help": d.help,
                        "id": d.id,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "files": files.len(),
                "errors": errors,
                "warnings": warnings,
                "diagnostics": items,
            });
            let text = serde_json::to_string_pretty(&doc).map_err(|e| Fatal(e.to_string()))?;
            emit_stdout(&format!("{text}\n"));
        }
        Format::Human => {
            let renderer = if std::env::var_os("NO_COLOR").is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
            {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let mut text = String::new();
            for d in &diagnostics {
                let source = sources
                    .iter()
                    .find(|(n, _)| *n == d.file)
                    .map(|(_, t)| t.as_str());
                text.push_str(&render(&renderer, d, source));
                text.push_str("\n\n");
            }
            text.push_str(&format!(
                "checked {} file(s): {errors} error(s), {warnings} warning(s)\n",
                files.len()
            ));
            emit_stdout(&text);
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes to stdout; a closed pipe (`ief check … | head`) is not an error.
fn emit_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// The byte range of the line `line` (1-based) and the offset of `column`.
fn locate(source: &str, line: u32, column: u32) -> Option<(usize, usize)> {
    let mut start = 0usize;
    for (n, l) in source.split_inclusive('\n').enumerate() {
        if n + 1 == line as usize {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map(|(i, _)| i)
                .unwrap_or(0);
            let at = start + col;
            let rest = &source[at..];
            let len = rest
                .find(['>', '\n'])
                .map(|e| {
                    if rest.as_bytes().get(e) == Some(&b'>') {
                        e + 1
                    } else {
                        e
                    }
                })
                .unwrap_or(rest.len())
                .max(1);
            return Some((at, (at + len).min(source.len())));
        }
        start += l.len();
    }
    None
}

fn render(renderer: &Renderer, d: &Diagnostic, source: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let span = match (d.pos, source) {
        (Some(pos), Some(src)) => locate(src, pos.line, pos.column).map(|r| (src, r)),
        _ => None,
    };
    let location = match d.pos {
        Some(pos) => format!("{}:{}:{}", d.file, pos.line, pos.column),
        None => d.file.clone(),
    };
    let mut message = level.title(&d.message).id(d.code);
    match span {
        Some((src, (from, to))) => {
            message = message.snippet(
                Snippet::source(src)
                    .origin(&d.file)
                    .fold(true)
                    .annotation(level.span(from..to)),
            );
        }
        None => message = message.footer(Level::Note.title(&location)),
    }
    if let Some(help) = &d.help {
        message = message.footer(Level::Help.title(help));
    }
    let text = renderer.render(message).to_string();
    text
}

fn run_fmt(files: &[PathBuf], write: bool, check: bool) -> Result<ExitCode, Fatal> {
    if !write && !check && files.len() != 1 {
        return Err(Fatal(
            "without --write or --check, `ief fmt` takes one file and prints it".into(),
        ));
    }
    let mut failed = false;
    let mut not_canonical = Vec::new();
    for f in files {
        let text = read(f)?;
        let name = f.display().to_string();
        let imported = match import_str(&text, name.clone()) {
            Ok(i) => i,
            Err(errors) => {
                for e in errors {
                    eprintln!(
                        "{}",
                        render(&Renderer::plain(), &import_error_diagnostic(e), Some(&text))
                    );
                }
                failed = true;
                continue;
            }
        };
        let xml = ief::emit::to_xml(&imported.policy)
            .map_err(|e| Fatal(format!("cannot emit {name}: {e}")))?;
        if check {
            if xml != text {
                not_canonical.push(name);
            }
        } else if write {
            if xml != text {
                std::fs::write(f, xml).map_err(|e| Fatal(format!("cannot write {name}: {e}")))?;
                eprintln!("formatted {name}");
            }
        } else {
            emit_stdout(&xml);
        }
    }
    for n in &not_canonical {
        emit_stdout(&format!("not canonical: {n}\n"));
    }
    Ok(if failed || !not_canonical.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
