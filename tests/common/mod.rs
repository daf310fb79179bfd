//! Helpers shared by the integration tests (each test uses some of them).
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output};

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

/// Runs the `ief` binary with `args` (colours off) and returns its output.
pub fn ief<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ief"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run ief")
}

/// An output's stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// An output's stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every policy file of the starter pack (sorted), at least the 46 of its
/// sets; panics when they are not there.
pub fn starter_pack_files() -> Vec<PathBuf> {
    let root = conformance_dir().join("starterpack");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()))
        {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 46,
        "expected the starter pack's policy files under {}, found {}",
        root.display(),
        out.len()
    );
    out
}

/// The `.xml` files directly in `dir`, sorted.
pub fn xml_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    out.sort();
    out
}

/// Each of `paths` imported (named by its path); panics on a file that
/// does not import.
pub fn import_all(paths: &[PathBuf]) -> Vec<ief::import::Imported> {
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read");
            ief::import::import_str(&text, p.display().to_string())
                .unwrap_or_else(|e| panic!("{} does not import: {e:?}", p.display()))
        })
        .collect()
}
