//! Subcommands of the `ief` binary that live in their own files.

pub mod flatten;
