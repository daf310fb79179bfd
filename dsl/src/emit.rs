//! The emitter: policy model in, upload-ready XML out.
//!
//! Output is deterministic: the same policy gives the same bytes. Elements
//! come in XSD sequence order (the model's field order), wrappers the XSD
//! requires to be non-empty are left out when empty, every text and
//! attribute is escaped so that an XML reader gets the exact strings back,
//! and anything XML cannot carry is an [`EmitError`], never broken output.
//! A policy's [`Trivia`](crate::trivia::Trivia) (an imported file's
//! comments, blank lines, kept empty wrappers, `xsi:` attributes and
//! placeholders) is written at its anchors; a policy built in Rust has
//! none, and its output is what it would be without the table.
//!
//! A [`PolicySet`] is checked before anything leaves it: [`PolicySet::emit`]
//! and [`PolicySet::write_to`] emit every file, read each one back with the
//! importer (so findings carry the line and column of the XML that would be
//! written), run the set checker ([`crate::check::set::check_set`], the rules of `ief check`)
//! and refuse with [`WriteError::Check`], listing every finding, when it
//! reports an error. Warnings do not stop them;
//! [`PolicySet::emit_checked`], [`PolicySet::write_checked`] and
//! [`PolicySet::check`] hand them to the caller.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::check::config::RuleConfig;
use crate::check::set::{check_set_with, CheckOptions, Diagnostic, Report};
use crate::import::import_str;
use crate::policy::TrustFrameworkPolicy;
use crate::refs::{Erase, Origins};
pub use crate::xml::EmitError;

/// Emits one policy file as a string.
pub fn to_xml<P>(policy: &TrustFrameworkPolicy<P>) -> Result<String, EmitError> {
    crate::xml::to_xml_string(policy)
}

/// Emits one policy file, and says which anchors of its
/// [`Trivia`](crate::trivia::Trivia) had no element to go with (an element
/// removed from an imported model, a mistyped anchor): their comments and
/// the rest are not in the text. Empty for a policy emitted as imported.
pub fn to_xml_placed<P>(
    policy: &TrustFrameworkPolicy<P>,
) -> Result<(String, Vec<String>), EmitError> {
    crate::xml::to_xml_string_placed(policy)
}

/// A named set of policy files, written together into one folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySet {
    files: Vec<(String, TrustFrameworkPolicy)>,
    /// Policies the set builds on that are not written: `(file, XML)`.
    existing: Vec<(String, String)>,
    /// The rule configuration its check runs with.
    config: RuleConfig,
}

/// An error while writing a policy set to disk.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A policy could not be emitted.
    #[error("cannot emit {file}: {source}")]
    Emit {
        /// The file name within the set.
        file: String,
        /// Why.
        #[source]
        source: EmitError,
    },
    /// A file or folder could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Two policies of the set have the same file name.
    #[error("the policy set has two files named {0}")]
    DuplicateFile(String),
    /// The set checker found errors; nothing was written. Positions are
    /// in the XML that would have been written.
    #[error("{}", check_failure(report))]
    Check {
        /// Every finding: the errors, and the warnings with them.
        report: Report,
    },
}

/// The text of [`WriteError::Check`]: a summary line, then each finding
/// as `FILE:LINE:COL: error[CODE]: message` with its help.
fn check_failure(report: &Report) -> String {
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let mut out = format!(
        "the policy set was not written: the checker found {errors} error(s) and {warnings} warning(s) (positions are in the XML that would have been written)"
    );
    for d in &report.diagnostics {
        let _ = write!(out, "\n{d}");
    }
    out
}

/// A policy set emitted and checked without errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// `(file name, XML)` in upload order.
    pub files: Vec<(String, String)>,
    /// The checker's findings: warnings only.
    pub report: Report,
}

/// A policy set written to a folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The files written or kept unchanged, in upload order.
    pub paths: Vec<PathBuf>,
    /// The checker's findings: warnings only.
    pub report: Report,
}

impl PolicySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `policy` under the file name `file` (e.g. `TrustFrameworkBase.xml`).
    /// Files are kept in the order added, which should be the upload order.
    /// The policy's scope is dropped here: what the type system checked
    /// while it was built stays checked, and the set is checked as a whole
    /// before it is written.
    pub fn with<P>(mut self, file: impl Into<String>, policy: TrustFrameworkPolicy<P>) -> Self {
        self.files.push((file.into(), policy.erase()));
        self
    }

    /// Adds a policy the set builds on but does not write: a base kept as
    /// XML (`include_policy!` modules carry their file's text as `XML`), or
    /// one already uploaded. It is checked with the set, so that the
    /// chains of the written policies are whole; findings in it are
    /// reported like any other.
    pub fn with_existing(mut self, file: impl Into<String>, xml: impl Into<String>) -> Self {
        self.existing.push((file.into(), xml.into()));
        self
    }

    /// Checks the set with `config` (the Rust form of `ief.toml`): rules
    /// turned off or to another level, findings accepted with a reason,
    /// production. Findings the configuration accepts are left out of the
    /// reports of [`PolicySet::check`] and the writes; an error it
    /// accepts does not stop a write.
    ///
    /// ```
    /// use ief_dsl::check::config::RuleConfig;
    /// use ief_dsl::emit::PolicySet;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // A base kept as XML whose tenant is still the starter pack's.
    /// let base = r#"<TrustFrameworkPolicy
    ///   xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
    ///   PolicySchemaVersion="0.3.0.0" TenantId="yourtenant.onmicrosoft.com"
    ///   PolicyId="B2C_1A_Base" PublicPolicyUri="http://yourtenant.onmicrosoft.com/B2C_1A_Base" />"#;
    /// let set = PolicySet::new().with_existing("Base.xml", base);
    /// assert!(set.check()?.diagnostics.iter().any(|d| d.code == "W002"));
    ///
    /// let config = RuleConfig::new()
    ///     .production(true)
    ///     .allow("W002", "templates: the pipeline substitutes the placeholders")?;
    /// let set = set.rules(config);
    /// assert!(set.check()?.diagnostics.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn rules(mut self, config: RuleConfig) -> Self {
        self.config = config;
        self
    }

    /// The files, in upload order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &TrustFrameworkPolicy)> {
        self.files.iter().map(|(n, p)| (n.as_str(), p))
    }

    /// Emits every file without checking: `(file name, XML)`.
    fn emit_unchecked(&self) -> Result<Vec<(String, String)>, WriteError> {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::with_capacity(self.files.len());
        for (name, policy) in &self.files {
            if !seen.insert(name.to_ascii_lowercase()) {
                return Err(WriteError::DuplicateFile(name.clone()));
            }
            let xml = to_xml(policy).map_err(|source| WriteError::Emit {
                file: name.clone(),
                source,
            })?;
            out.push((name.clone(), xml));
        }
        Ok(out)
    }

    /// Emits every file and checks the set as `ief check` would check the
    /// emitted files: each is read back with the importer (a file that
    /// cannot be read back is the finding E001) and the set checker runs
    /// over all of them. The report has every finding, errors included;
    /// `Err` only when a file cannot be emitted at all.
    pub fn check(&self) -> Result<Report, WriteError> {
        Ok(self.emit_and_check()?.1)
    }

    fn emit_and_check(&self) -> Result<(Vec<(String, String)>, Report), WriteError> {
        let files = self.emit_unchecked()?;
        let mut imported = Vec::with_capacity(files.len());
        let mut unreadable: Vec<Diagnostic> = Vec::new();
        for (name, xml) in self.existing.iter().chain(&files) {
            match import_str(xml, name.clone()) {
                Ok(i) => imported.push(i),
                Err(errors) => unreadable.extend(errors.into_iter().map(Diagnostic::from)),
            }
        }
        let options = CheckOptions {
            production: self.config.production,
            ..CheckOptions::default()
        };
        let mut report = check_set_with(&imported, &options);
        if !unreadable.is_empty() {
            report.diagnostics.extend(unreadable);
            report.diagnostics.sort();
        }
        report.diagnostics = self.config.apply(report.diagnostics).reported;
        // Findings about an id made in Rust at run time point at that line.
        let mut made = Vec::new();
        for (_, policy) in &self.files {
            policy.origins(&mut made);
        }
        if !made.is_empty() {
            for d in &mut report.diagnostics {
                let Some(id) = &d.id else { continue };
                let mut here: Vec<String> = made
                    .iter()
                    .filter(|(made_id, _)| made_id == id)
                    .map(|(_, at)| format!("{}:{}:{}", at.file(), at.line(), at.column()))
                    .collect();
                here.sort();
                here.dedup();
                d.origins = here;
            }
        }
        Ok((files, report))
    }

    /// Emits and checks every file; refuses with [`WriteError::Check`]
    /// when the checker finds an error. Returns the XML with the
    /// warnings.
    pub fn emit_checked(&self) -> Result<Checked, WriteError> {
        let (files, report) = self.emit_and_check()?;
        if report.has_errors() {
            return Err(WriteError::Check { report });
        }
        Ok(Checked { files, report })
    }

    /// Emits every file: `(file name, XML)` in upload order. The set is
    /// checked first ([`PolicySet::emit_checked`]); an error refuses it.
    pub fn emit(&self) -> Result<Vec<(String, String)>, WriteError> {
        Ok(self.emit_checked()?.files)
    }

    /// Emits every file into `dir` (created if missing), after checking
    /// the set ([`PolicySet::write_checked`]). Returns the paths written or
    /// kept.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>, WriteError> {
        Ok(self.write_checked(dir)?.paths)
    }

    /// Checks the set, then emits every file into `dir` (created if
    /// missing). When the checker finds an error nothing is written, not
    /// even the folder. Each file is written to a temporary file in its
    /// folder and renamed into place, so a reader never sees half a file;
    /// files whose bytes are unchanged are not rewritten. Returns the paths
    /// written or kept, with the checker's warnings.
    pub fn write_checked(&self, dir: impl AsRef<Path>) -> Result<Written, WriteError> {
        let dir = dir.as_ref();
        let Checked { files, report } = self.emit_checked()?;
        std::fs::create_dir_all(dir).map_err(|source| WriteError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut paths = Vec::with_capacity(files.len());
        for (name, xml) in files {
            let path = dir.join(&name);
            let unchanged = std::fs::read(&path)
                .map(|b| b == xml.as_bytes())
                .unwrap_or(false);
            if !unchanged {
                write_atomically(&path, xml.as_bytes()).map_err(|source| WriteError::Io {
                    path: path.clone(),
                    source,
                })?;
            }
            paths.push(path);
        }
        Ok(Written { paths, report })
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed over `path` once complete. A file that is replaced keeps its
/// permissions; a new one gets the usual ones (0666 less the umask).
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ief-").suffix(".tmp");
    #[cfg(unix)]
    let new_file_mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(new_file_mode);
    let mut tmp = builder.tempfile_in(folder)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
