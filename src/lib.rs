//! `ief`: Azure AD B2C custom policies as typed, compile-time-checked Rust.
//!
//! This facade re-exports [`ief_dsl`] (model, builders, emitter, rules) at
//! its root and the macros of [`ief_macros`]: [`declare!`],
//! [`include_policy!`] and [`journey!`].
//!
//! ```
//! ief::declare! {
//!     pub policy base = "B2C_1A_TrustFrameworkBase" {
//!         claims { OBJECT_ID: Str = "objectId"; }
//!         profiles {
//!             JWT_ISSUER = "JwtIssuer";
//!             AAD_READ = "AAD-UserReadUsingObjectId";
//!         }
//!     }
//!     pub policy extensions = "B2C_1A_TrustFrameworkExtensions": base {
//!         profiles { REST_CHECK = "REST-Check"; }
//!         journeys { SIGN_IN = "SignIn"; }
//!     }
//! }
//!
//! # fn main() {
//! let journey = ief::journey! {
//!     scope = extensions::scope;
//!     journey SIGN_IN (default_issuer = JWT_ISSUER) {
//!         ClaimsExchange {
//!             skip_unless_exists OBJECT_ID;
//!             exchange ReadUser = AAD_READ;
//!         }
//!         ClaimsExchange {
//!             exchange Check = REST_CHECK;
//!         }
//!         SendClaims (issuer = JWT_ISSUER);
//!     }
//! };
//! assert_eq!(journey.steps[2].order, 3);
//! assert_eq!(extensions::scope::profiles::AAD_READ.id(), "AAD-UserReadUsingObjectId");
//! # }
//! ```
//!
//! A `declare!` can sit at module level or in a function body. A child whose
//! base is declared in the same `declare!` is placed inside its base's
//! module and re-exported where it was written, so it reaches its base the
//! same way in both places. In a function body, a base from another
//! `declare!` must be named by an absolute path (`crate::policies::base`,
//! `::ief::base::localization`).
//!
//! A reference outside the chain does not compile:
//!
//! ```compile_fail
//! ief::declare! {
//!     pub policy base = "B2C_1A_Base" { profiles { JWT_ISSUER = "JwtIssuer"; } journeys { J = "J"; } }
//!     pub policy other = "B2C_1A_Other" { profiles { ELSEWHERE = "Elsewhere"; } }
//! }
//! fn main() {
//! let _ = ief::journey! {
//!     scope = base::scope;
//!     journey J {
//!         ClaimsExchange { exchange X = ELSEWHERE; }
//!         SendClaims (issuer = JWT_ISSUER);
//!     }
//! };
//! }
//! ```

#![warn(missing_docs)]

extern crate self as ief;

pub mod base;
pub mod deploy;
pub mod program;
pub mod to_rust;

pub use ief_dsl::*;
pub use ief_macros::{declare, define, include_policy, journey};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// docs/define.md's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/define.md")]
pub struct DefineGuideDoctests;

/// Tells the `ief` binary's allocator (mimalloc, feature `mimalloc`) to
/// keep the memory the program frees for what it allocates next, instead
/// of handing it back to the OS 10 ms later ("purging") and faulting it
/// in again. Peak memory is unchanged (what is kept is what the next
/// group of files reuses); the process is short-lived. Without it, the
/// copies bench at 100 copies (600 models dropped and made again each
/// iteration) measured 1.78 times proportional. Called first thing by the
/// binary and by the benchmarks that measure what it does.
#[cfg(feature = "mimalloc")]
pub fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc's include/mimalloc.h (15 in v2
    // and v3; the sys crate names no constant for it); -1: never purge.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's documented options to a documented
    // value; options may be set at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Without mimalloc the allocator is left as it is.
#[cfg(not(feature = "mimalloc"))]
pub fn keep_freed_memory() {}
