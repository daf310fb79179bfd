//! `ief`: Azure AD B2C custom policies as typed, compile-time-checked Rust.
//!
//! This facade re-exports [`ief_dsl`] (model, builders, emitter) at its root
//! and the macros of [`ief_macros`]: [`declare!`], [`include_policy!`] and
//! [`journey!`].

pub use ief_dsl::*;

pub use ief_macros::{declare, include_policy, journey};
