//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The environment variable that points to the conformance material (the
/// XSD and the starter pack).
pub const CONFORMANCE_DIR_VAR: &str = "IEF_CONFORMANCE_DIR";

/// The folder holding `TrustFrameworkPolicy_0.3.0.0.xsd`: `$IEF_CONFORMANCE_DIR`
/// when set, else `<CARGO_MANIFEST_DIR>/../shared/ief`.
///
/// Panics, naming the variable, when the folder does not exist: a test that
/// needs the schema must fail loudly rather than pass without checking.
pub fn conformance_dir() -> PathBuf {
    let (dir, source) = match std::env::var_os(CONFORMANCE_DIR_VAR) {
        Some(v) if !v.is_empty() => (PathBuf::from(v), format!("${CONFORMANCE_DIR_VAR}")),
        _ => (
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"),
            format!("the default (<CARGO_MANIFEST_DIR>/../shared/ief; {CONFORMANCE_DIR_VAR} is not set)"),
        ),
    };
    if !dir.is_dir() {
        panic!(
            "conformance directory {} (from {source}) does not exist or is not a directory; \
             set {CONFORMANCE_DIR_VAR} to the folder that holds TrustFrameworkPolicy_0.3.0.0.xsd",
            dir.display()
        );
    }
    dir
}
