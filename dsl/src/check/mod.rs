//! Rules over the model. Each rule has a stable code and is written once:
//! the compile-time macros (ief-macros) run the same functions over what
//! they see at expansion time, and the runtime checker runs them over
//! built or imported policies.
//!
//! - [`set`]: the entry point, [`check_set`], and its [`Diagnostic`]s.
//! - [`config`]: a project's rule configuration (`ief.toml`): rules off,
//!   findings accepted with a reason, production.
//! - [`rules`]: the rules, one module each, and their registry (code,
//!   severity, explanation, examples; what `ief explain` prints).
//! - [`journey`]: the journey rules the `journey!` macro shares.
//! - [`index`]: what a file defines and references; [`signatures`]: the
//!   claims-transformation method table.

pub mod config;
mod context;
pub mod index;
mod merge;
pub mod rules;
pub mod set;
pub mod signatures;

pub use rules::journey;
pub use set::{
    check_set, check_set_with, check_streamed, CheckOptions, Diagnostic, PolicyHeader, Report,
    Streamed,
};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// B2C would reject the policy, or the policy cannot work.
    Error,
    /// Likely a mistake, but B2C accepts it.
    Warning,
}

impl std::fmt::Display for Severity {
    /// `error` or `warning`, as rustc writes them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What a rule protects: whether the policy works as B2C runs it, who can
/// get a token, or what is dead or left behind. `ief check --format json`
/// carries it with every finding, so CI can gate on one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// B2C rejects the set, or the set cannot work as written.
    Correctness,
    /// The set may let the wrong person in, or leak what it protects.
    Security,
    /// Dead definitions, left-over placeholders, limits: the set works
    /// today but is harder to keep right.
    Hygiene,
}

impl Category {
    /// `correctness`, `security` or `hygiene`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Hygiene => "hygiene",
        }
    }
}

impl std::fmt::Display for Category {
    /// As [`Category::as_str`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
