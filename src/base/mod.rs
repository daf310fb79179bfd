//! Standard base building blocks: what a Social-and-Local-accounts starter
//! base provides, written with the ief builders, in this project's own
//! words, under the ids B2C uses.
//!
//! A tenant starts from these as it would from the starter pack:
//! `trust_framework_base` and `trust_framework_localization` are the
//! first two files of the chain; the tenant's own extensions policy and
//! relying parties build on [`ids::scope`].

pub mod ids;
pub mod claims;
pub mod content;
pub mod journeys;
pub mod profiles;
pub mod transforms;
