//! (filled in by the base-library work; see mod.rs)
