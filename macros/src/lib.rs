//! `ief-macros`: procedural macros of ief. The compile-time reference
//! checks land here; for now it holds no public macro.
