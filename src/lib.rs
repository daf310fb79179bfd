//! `ief`: Azure AD B2C custom policies as typed, compile-time-checked Rust.
//!
//! This facade re-exports [`ief_dsl`] (model, builders, emitter) at its root
//! and [`ief_macros`] under [`macros`].

pub use ief_dsl::*;

/// The procedural macros.
pub mod macros {
    #[allow(unused_imports)]
    pub use ief_macros::*;
}
