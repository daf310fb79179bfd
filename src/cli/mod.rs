//! Subcommands of the `ief` binary that live in their own files.

pub mod check;
pub mod flatten;
pub mod fmt;
pub mod graph;
pub mod import;
pub mod load;
pub mod out;
pub mod render;
pub mod walk;
