//! Subcommands of the `ief` binary that live in their own files.

pub mod build;
pub mod capacity;
pub mod check;
pub mod deploy;
pub mod diff;
pub mod flatten;
pub mod fmt;
pub mod graph;
pub mod import;
pub mod load;
pub mod out;
pub mod pull;
pub mod rename;
pub mod render;
pub mod walk;
