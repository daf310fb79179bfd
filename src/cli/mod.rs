//! Subcommands of the `ief` binary that live in their own files.

pub mod flatten;
pub mod graph;
pub mod load;
