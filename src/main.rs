//! The `ief` command: check policy sets the way B2C does, and format
//! policy files canonically.
//!
//! ```text
//! ief check PATH...            # exit 0 clean, 1 findings, 2 usage or I/O error
//! ief check --format json PATH...
//! ief fmt FILE                 # canonical XML to stdout
//! ief fmt --write FILE...      # rewrite in place
//! ief fmt --check FILE...      # exit 1 when a file is not canonical
//! ief explain                  # every rule: code, severity, summary
//! ief explain J008             # one rule, with a failing and a passing example
//! ief explain --markdown       # the README's rule table
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{Level, Renderer, Snippet};
mod cli;

use clap::{Parser, Subcommand, ValueEnum};
use ief::check::rules;
use ief::check::set::{check_set, Diagnostic};
use ief::check::Severity;
use ief::import::{import_str, Imported};

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
        /// Exit 1 on warnings too (for CI that keeps a set warning-free).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Explains a rule (like `rustc --explain`): what it checks and why,
    /// with a failing and a passing example. Without a code, lists every
    /// rule.
    Explain {
        /// The rule's code, e.g. `J008` (any case).
        code: Option<String>,
        /// Print the rule table of the README (Markdown) instead.
        #[arg(long, conflicts_with = "code")]
        markdown: bool,
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
        /// With --write: rewrite files even though their XML comments
        /// (which the canonical form does not keep) are lost.
        #[arg(long, requires = "write")]
        drop_comments: bool,
    },
    /// Prints the effective policy of a relying party: its inheritance
    /// chain merged into one document, as B2C merges it before it runs.
    Flatten {
        /// A policy file (the other files of its folder are read for its
        /// base chain), or the files and folders of a set.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The PolicyId to flatten (default: the one file named, or every
        /// relying party of the set).
        #[arg(long)]
        policy: Option<String>,
        /// Write into this folder, one file per policy, instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Precede each merged element with a comment that says where it
        /// was written (file:line, and where it was restated).
        #[arg(long)]
        origins: bool,
    },
    /// Draws the journeys a relying party starts (its effective policy):
    /// steps, selections, preconditions, sub-journeys, as Mermaid or DOT.
    Graph {
        /// A policy file (the other files of its folder are read for its
        /// base chain), or the files and folders of a set.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output language.
        #[arg(long, value_enum, default_value_t = cli::graph::GraphFormat::Mermaid)]
        format: cli::graph::GraphFormat,
        /// The PolicyId to draw (default: the one file named, or every
        /// relying party of the set).
        #[arg(long)]
        policy: Option<String>,
        /// Write into this folder, one file per policy (`<stem>.mmd` or
        /// `<stem>.dot`), instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
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
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => run_check(&paths, format, deny_warnings),
        Command::Explain { code, markdown } => run_explain(code.as_deref(), markdown),
        Command::Fmt {
            files,
            write,
            check,
            drop_comments,
        } => run_fmt(&files, write, check, drop_comments),
        Command::Flatten {
            paths,
            policy,
            out,
            origins,
        } => cli::flatten::run(cli::flatten::Args {
            paths,
            policy,
            out,
            origins,
        }),
        Command::Graph {
            paths,
            format,
            policy,
            out,
        } => cli::graph::run(cli::graph::Args {
            paths,
            format,
            policy,
            out,
        }),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The `.xml` files named or found under the folders named, each once
/// (compared by canonical path). Symbolic links to folders are not
/// followed, so a link loop cannot multiply the set.
fn collect_xml(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut add = |path: PathBuf, out: &mut Vec<PathBuf>| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            out.push(path);
        }
    };
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
                    let is_link = std::fs::symlink_metadata(&path)
                        .map(|m| m.file_type().is_symlink())
                        .unwrap_or(false);
                    if path.is_dir() {
                        if !is_link {
                            stack.push(path);
                        }
                    } else if path
                        .extension()
                        .is_some_and(|x| x.eq_ignore_ascii_case("xml"))
                    {
                        add(path, &mut out);
                    }
                }
            }
        } else if p.is_file() {
            add(p.clone(), &mut out);
        } else {
            return Err(Fatal(format!("no such file or folder: {}", p.display())));
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(Fatal("no .xml files found".into()));
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String, Fatal> {
    std::fs::read_to_string(path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))
}

fn run_check(paths: &[PathBuf], format: Format, deny_warnings: bool) -> Result<ExitCode, Fatal> {
    let files = collect_xml(paths)?;
    let mut sources = Vec::new();
    let mut imported: Vec<Imported> = Vec::new();
    let mut diagnostics = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).map_err(|e| Fatal(format!("cannot read {name}: {e}")))?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                diagnostics.push(Diagnostic {
                    file: name.clone(),
                    pos: None,
                    code: "E001",
                    severity: Severity::Error,
                    message: format!("the file is not UTF-8 ({e}); policy files are UTF-8"),
                    help: Some("save it as UTF-8".into()),
                    id: None,
                    origins: Vec::new(),
                });
                continue;
            }
        };
        match import_str(&text, name.clone()) {
            Ok(i) => imported.push(i),
            Err(errors) => diagnostics.extend(errors.into_iter().map(Diagnostic::from)),
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
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_explain(code: Option<&str>, markdown: bool) -> Result<ExitCode, Fatal> {
    if markdown {
        emit_stdout(&rules::markdown_table());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(code) = code else {
        emit_stdout(&rules::list());
        return Ok(ExitCode::SUCCESS);
    };
    match rules::lookup(code) {
        Some(rule) => {
            emit_stdout(&rule.explain());
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let hint = match rules::suggest(code) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => String::new(),
            };
            Err(Fatal(format!(
                "no rule has the code `{code}`{hint} (`ief explain` lists every rule)"
            )))
        }
    }
}

/// Writes to stdout; a closed pipe (`ief check … | head`) is not an error.
fn emit_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// How much of `rest` to underline: an attribute (`Name="value"`) up to its
/// closing quote, anything else (a tag, text) up to the end of the tag or
/// line.
fn token_len(rest: &str) -> usize {
    let name_end = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')))
        .unwrap_or(0);
    let after = &rest[name_end..];
    if name_end > 0 {
        if let Some(quote) = after.strip_prefix('=').and_then(|a| a.chars().next()) {
            if quote == '"' || quote == '\'' {
                if let Some(close) = after[2..].find(quote) {
                    return name_end + 2 + close + 1;
                }
            }
        }
    }
    rest.find(['>', '\n'])
        .map(|e| {
            if rest.as_bytes().get(e) == Some(&b'>') {
                e + 1
            } else {
                e
            }
        })
        .unwrap_or(rest.len())
        .max(1)
}

/// A copy of `source` for display with the same byte offsets: tabs become
/// spaces (so the caret lines up), a CR before LF becomes a space and a
/// lone CR a line feed (the importer counts lines that way too), and a
/// leading byte-order mark is dropped (the importer drops it too).
fn display_source(source: &str) -> String {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// The byte range of the line `line` (1-based) and the offset of `column`
/// (both as the importer counts them: columns in characters, after any
/// byte-order mark).
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
            let len = token_len(rest);
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
    let shown = source.map(display_source);
    let span = match (d.pos, shown.as_deref()) {
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

/// How many XML comments `text` has (0 when it does not parse).
fn comment_count(text: &str) -> usize {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    roxmltree::Document::parse(text)
        .map(|d| d.descendants().filter(|n| n.is_comment()).count())
        .unwrap_or(0)
}

fn run_fmt(
    files: &[PathBuf],
    write: bool,
    check: bool,
    drop_comments: bool,
) -> Result<ExitCode, Fatal> {
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
                        render(&Renderer::plain(), &Diagnostic::from(e), Some(&text))
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
                let comments = comment_count(&text);
                if comments > 0 && !drop_comments {
                    eprintln!(
                        "error: {name} has {comments} XML comment(s), which the canonical form does not keep; \
                         not rewritten (pass --drop-comments to rewrite it anyway)"
                    );
                    failed = true;
                    continue;
                }
                std::fs::write(f, xml).map_err(|e| Fatal(format!("cannot write {name}: {e}")))?;
                eprintln!("formatted {name}");
            }
        } else {
            let comments = comment_count(&text);
            if comments > 0 {
                eprintln!("note: the {comments} XML comment(s) of {name} are not kept in the canonical form");
            }
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
