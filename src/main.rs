//! The `ief` command: check policy sets the way B2C does, and format
//! policy files canonically.
//!
//! ```text
//! ief check PATH...            # exit 0 clean, 1 findings, 2 usage or I/O error
//! ief check --format json PATH...
//! ief check --format sarif|github PATH...   # code scanning, annotations
//! ief deploy DIR --tenant T [--env NAME] [--dry-run] [--force]
//! ief pull --tenant T OUT [--filter PREFIX]
//! ief check DIR --env NAME     # a templated set (appsettings.json) rendered for NAME
//! ief build DIR [--env NAME] [--out OUT]   # render a templated set
//! ief fmt FILE                 # canonical XML to stdout
//! ief fmt --write FILE...      # rewrite in place
//! ief fmt --check FILE...      # exit 1 when a file is not canonical
//! ief explain                  # every rule: code, severity, summary
//! ief explain J008             # one rule, with a failing and a passing example
//! ief explain --markdown       # the README's rule table
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

mod cli;

use clap::{Parser, Subcommand, ValueEnum};
use ief::check::rules;

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
        /// Output format: rustc-style, JSON, SARIF 2.1.0 (GitHub code
        /// scanning) or GitHub Actions workflow commands (annotations).
        #[arg(long, value_enum, default_value_t = cli::check::CheckFormat::Human)]
        format: cli::check::CheckFormat,
        /// Exit 1 on warnings too (for CI that keeps a set warning-free).
        #[arg(long)]
        deny_warnings: bool,
        /// Follow symbolic links out of the folders given.
        #[arg(long)]
        follow: bool,
        /// The settings file of a templated set (the VS Code extension's
        /// appsettings.json, or IEFPolicies' conf.json). Default: the
        /// nearest appsettings.json in the first folder given or above it
        /// (up to the repository's root).
        #[arg(long, value_name = "FILE")]
        settings: Option<PathBuf>,
        /// Do not look for an appsettings.json: check the files as they are.
        #[arg(long, conflicts_with = "settings")]
        no_settings: bool,
        /// Check the set rendered for this environment of the settings
        /// file (default: every environment, the files as templates).
        #[arg(long, value_name = "NAME", conflicts_with = "no_settings")]
        env: Option<String>,
        /// The rule configuration: rules turned off or up, findings
        /// accepted with a reason, production (default: the nearest
        /// ief.toml in the first folder given or above it).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Do not look for an ief.toml: every rule at its default level.
        #[arg(long, conflicts_with = "config")]
        no_config: bool,
        /// Check the set as built for production: development settings
        /// left on and insecure REST calls (S001-S004) are errors, not
        /// warnings.
        #[arg(long)]
        production: bool,
    },
    /// Renders a templated set (appsettings.json) for one environment or
    /// all, as the VS Code extension's "build all policies" does: into
    /// Environments/<Name>/ beside the settings file, after checking the
    /// rendered set.
    Build {
        /// The folder of policy templates.
        dir: PathBuf,
        /// The environment to render (default: every environment).
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
        /// Write into this folder instead (with --env the files go
        /// straight into it; without, into OUT/<Name>/).
        #[arg(long, value_name = "OUT")]
        out: Option<PathBuf>,
        /// The settings file (default: the nearest appsettings.json in DIR
        /// or above it, up to the repository's root).
        #[arg(long, value_name = "FILE")]
        settings: Option<PathBuf>,
        /// Write even when the rendered set has errors.
        #[arg(long)]
        no_check: bool,
        /// Follow symbolic links out of the folder.
        #[arg(long)]
        follow: bool,
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
    /// Re-emits policy files canonically: 2-space indentation, attributes
    /// double-quoted, elements in the order the schema fixes, several blank
    /// lines between elements collapsed to one, LF line ends. The XML
    /// declaration is written as `<?xml version="1.0" encoding="utf-8"?>`
    /// and the root declares the `xsi` and `xsd` namespaces; a byte-order
    /// mark is dropped and CDATA becomes escaped text (none of which
    /// changes what B2C reads). Comments, processing instructions, empty
    /// wrappers, `xsi:` attributes and `{Settings:Key}` placeholders stay
    /// at their place.
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
        /// Remove every XML comment (outside `<Extensions>`, which is kept
        /// verbatim). Comments are kept unless this is given.
        #[arg(long)]
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
    /// The requests each relying party's journey consumes at the authorize
    /// endpoint (worst and best path) and the tokens a second the tenant's
    /// 200 requests a second allow.
    Capacity {
        /// The files and folders of a set (a file named alone is read
        /// with its folder).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = cli::capacity::CapacityFormat::Human)]
        format: cli::capacity::CapacityFormat,
        /// Only the relying party with this PolicyId.
        #[arg(long)]
        policy: Option<String>,
    },
    /// Compares two policy sets element by element (by id, not by line):
    /// exit 0 when equal, 1 when they differ, 2 on an error.
    Diff {
        /// `OLD NEW` (folders or files), or one folder with --git.
        #[arg(required = true, num_args = 1..=2)]
        paths: Vec<PathBuf>,
        /// Compare revisions of one folder: `REV` (against the working
        /// tree) or `REV1..REV2`.
        #[arg(long, value_name = "REV[..REV2]")]
        git: Option<String>,
        /// Compare the effective policy of each relying party (chains
        /// merged), so moving elements between files is no change.
        #[arg(long)]
        effective: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Uploads a policy set to a B2C tenant through Microsoft Graph: checks
    /// it, checks the tenant (policy keys, TenantId, the 200-policy limit),
    /// then uploads every base before its children, skipping policies the
    /// tenant already has unchanged. Stops at the first failure with a
    /// report. Credentials come from the environment (IEF_GRAPH_TOKEN, or
    /// AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or
    /// AZURE_FEDERATED_TOKEN_FILE).
    Deploy {
        /// Policy files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The tenant to deploy to (e.g. contoso.onmicrosoft.com).
        #[arg(long, required = true)]
        tenant: String,
        /// Render this environment of the settings file (appsettings.json)
        /// first, as `ief build --env` does.
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
        /// The settings file (default: the nearest appsettings.json).
        #[arg(long, value_name = "FILE")]
        settings: Option<PathBuf>,
        /// Print the plan (order; new, changed or unchanged) and upload
        /// nothing.
        #[arg(long)]
        dry_run: bool,
        /// Upload unchanged policies too.
        #[arg(long)]
        force: bool,
        /// Upload even when `ief check` finds errors.
        #[arg(long)]
        no_check: bool,
        /// Show every request on standard error (Authorization redacted).
        #[arg(long)]
        verbose: bool,
        /// The Microsoft Graph base (default: IEF_GRAPH_URL, else
        /// https://graph.microsoft.com).
        #[arg(long, value_name = "URL")]
        graph_url: Option<String>,
    },
    /// Downloads a tenant's custom policies into a folder, one
    /// `<PolicyId>.xml` each.
    Pull {
        /// The folder to write into.
        out: PathBuf,
        /// The tenant (e.g. contoso.onmicrosoft.com).
        #[arg(long, required = true)]
        tenant: String,
        /// Only the policies whose id starts with this (ignoring case).
        #[arg(long, value_name = "PREFIX")]
        filter: Option<String>,
        /// Show every request on standard error (Authorization redacted).
        #[arg(long)]
        verbose: bool,
        /// The Microsoft Graph base (default: IEF_GRAPH_URL, else
        /// https://graph.microsoft.com).
        #[arg(long, value_name = "URL")]
        graph_url: Option<String>,
    },
    /// Renames an id and every reference to it across a policy set
    /// (ignoring case, as B2C resolves ids), editing only the id's bytes.
    Rename {
        /// claim, profile, transformation, content-definition, journey,
        /// sub-journey or display-control.
        kind: String,
        /// The id to rename.
        old: String,
        /// The new id.
        new: String,
        /// The files and folders of the set.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the edits and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Brings an existing XML policy set in: `--to-rust DIR OUT` writes a
    /// Rust crate (declare!, builders, journey!) that writes the set again.
    Import {
        /// Generate a Rust crate (the one import target so far).
        #[arg(long = "to-rust", required = true)]
        to_rust: bool,
        /// The folder (or file) of the policy set.
        input: PathBuf,
        /// The crate folder to write (missing or empty, unless --force).
        out: PathBuf,
        /// A folder of policies the set builds on (e.g. a scenario's base
        /// set); its files are taken as far as the set's chains need them.
        #[arg(long)]
        base: Vec<PathBuf>,
        /// Depend on this local ief checkout instead of the published
        /// version.
        #[arg(long)]
        ief_path: Option<PathBuf>,
        /// Write into a non-empty OUT, replacing the generated files.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// rustc-style messages.
    Human,
    /// One JSON document with every finding.
    Json,
}

/// A usage or I/O problem: exit code 2.
pub(crate) struct Fatal(pub(crate) String);

/// The process's allocator: mimalloc, built without transparent huge
/// pages (ARCHITECTURE.md, *Allocator*). A check allocates and frees
/// millions of small strings and vectors on every core; glibc's malloc
/// and free were a fifth of its instructions.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ief::keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
            follow,
            settings,
            no_settings,
            env,
            config,
            no_config,
            production,
        } => cli::check::run(cli::check::Args {
            paths,
            format,
            deny_warnings,
            follow,
            settings,
            no_settings,
            env,
            config,
            no_config,
            production,
        }),
        Command::Build {
            dir,
            env,
            out,
            settings,
            no_check,
            follow,
        } => cli::build::run(cli::build::Args {
            dir,
            env,
            out,
            settings,
            no_check,
            follow,
        }),
        Command::Explain { code, markdown } => run_explain(code.as_deref(), markdown),
        Command::Fmt {
            files,
            write,
            check,
            drop_comments,
        } => cli::fmt::run(cli::fmt::Args {
            files,
            write,
            check,
            drop_comments,
        }),
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
        Command::Capacity {
            paths,
            format,
            policy,
        } => cli::capacity::run(cli::capacity::Args {
            paths,
            format,
            policy,
        }),
        Command::Diff {
            paths,
            git,
            effective,
            format,
        } => cli::diff::run(cli::diff::Args {
            paths,
            git,
            effective,
            format,
        }),
        Command::Deploy {
            paths,
            tenant,
            env,
            settings,
            dry_run,
            force,
            no_check,
            verbose,
            graph_url,
        } => cli::deploy::run(cli::deploy::Args {
            paths,
            tenant,
            env,
            settings,
            dry_run,
            force,
            no_check,
            verbose,
            graph_url,
        }),
        Command::Pull {
            out,
            tenant,
            filter,
            verbose,
            graph_url,
        } => cli::pull::run(cli::pull::Args {
            tenant,
            out,
            filter,
            verbose,
            graph_url,
        }),
        Command::Rename {
            kind,
            old,
            new,
            paths,
            dry_run,
        } => cli::rename::run(cli::rename::Args {
            kind,
            old,
            new,
            paths,
            dry_run,
        }),
        Command::Import {
            to_rust: _,
            input,
            out,
            base,
            ief_path,
            force,
        } => cli::import::run(cli::import::Args {
            input,
            out,
            base,
            ief_path,
            force,
        }),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            let _ = cli::out::note(&format!("error: {}", cli::out::visible(&msg)));
            ExitCode::from(2)
        }
    }
}

/// The `.xml` files of `paths` (see [`cli::walk`]): for the subcommands
/// that read a set (`flatten`, `graph`). A file that cannot be reached is
/// named on standard error and left out.
fn collect_xml(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    let found = cli::walk::collect(paths, false)?;
    for (p, why) in &found.problems {
        cli::out::note(&format!(
            "warning: {}: the file {}",
            cli::out::visible(&p.display().to_string()),
            why
        ))?;
    }
    if found.files.is_empty() {
        return Err(Fatal("no .xml files found".into()));
    }
    Ok(found.files)
}

fn run_explain(code: Option<&str>, markdown: bool) -> Result<ExitCode, Fatal> {
    if markdown {
        cli::out::Out::default().write(&rules::markdown_table())?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(code) = code else {
        cli::out::Out::default().write(&rules::list())?;
        return Ok(ExitCode::SUCCESS);
    };
    match rules::lookup(code) {
        Some(rule) => {
            cli::out::Out::default().write(&rule.explain())?;
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
