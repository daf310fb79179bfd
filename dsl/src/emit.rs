//! The emitter: policy model in, upload-ready XML out.
//!
//! Output is deterministic: the same policy gives the same bytes. Elements
//! come in XSD sequence order (the model's field order), wrappers the XSD
//! requires to be non-empty are left out when empty, every text and
//! attribute is escaped so that an XML reader gets the exact strings back,
//! and anything XML cannot carry is an [`EmitError`], never broken output.

use std::path::{Path, PathBuf};

use crate::policy::TrustFrameworkPolicy;
use crate::refs::Erase;
pub use crate::xml::EmitError;

/// Emits one policy file as a string.
pub fn to_xml<P>(policy: &TrustFrameworkPolicy<P>) -> Result<String, EmitError> {
    crate::xml::to_xml_string(policy)
}

/// A named set of policy files, written together into one folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySet {
    files: Vec<(String, TrustFrameworkPolicy)>,
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

    /// The files, in upload order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &TrustFrameworkPolicy)> {
        self.files.iter().map(|(n, p)| (n.as_str(), p))
    }

    /// Emits every file: `(file name, XML)` in upload order.
    pub fn emit(&self) -> Result<Vec<(String, String)>, WriteError> {
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

    /// Emits every file into `dir` (created if missing). Files whose bytes
    /// are unchanged are not rewritten. Returns the paths written or kept.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>, WriteError> {
        let dir = dir.as_ref();
        let emitted = self.emit()?;
        std::fs::create_dir_all(dir).map_err(|source| WriteError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut paths = Vec::new();
        for (name, xml) in emitted {
            let path = dir.join(&name);
            let unchanged = std::fs::read(&path)
                .map(|b| b == xml.as_bytes())
                .unwrap_or(false);
            if !unchanged {
                std::fs::write(&path, xml).map_err(|source| WriteError::Io {
                    path: path.clone(),
                    source,
                })?;
            }
            paths.push(path);
        }
        Ok(paths)
    }
}
