//! The committed files under generated/ are the emitter's real output:
//! every example re-emits byte for byte what is committed, nothing stale
//! lies around, and every file validates against Microsoft's XSD with
//! xmllint.
//!
//! `IEF_BLESS=1 cargo test --test generated` rewrites generated/ from the
//! examples instead of comparing.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

#[allow(dead_code)]
#[path = "../examples/trusona/main.rs"]
mod trusona;

/// Every example that writes under generated/, with its folder name. The
/// Trusona example is built with its `[dev]` settings and no environment
/// overrides, as `cargo run --example trusona` does by default.
fn examples() -> Vec<(&'static str, ief::emit::PolicySet)> {
    let settings = ief::settings::Settings::from_file(
        trusona::settings_path(),
        "dev",
        &trusona::settings_keys(),
    )
    .expect("settings/trusona.toml");
    vec![
        ("quickstart", quickstart::policy_set()),
        (
            "trusona",
            trusona::policy_set(&settings).expect("trusona policy set"),
        ),
    ]
}

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("generated")
}

fn xml_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generated_files_are_up_to_date() {
    let bless = std::env::var_os("IEF_BLESS").is_some_and(|v| v == "1");
    let mut expected = BTreeSet::new();
    let mut stale = Vec::new();
    for (name, set) in examples() {
        let dir = generated_dir().join(name);
        if bless {
            set.write_to(&dir).expect("write generated files");
        }
        for (file, xml) in set.emit().expect("emit example") {
            let path = dir.join(&file);
            expected.insert(path.clone());
            match std::fs::read_to_string(&path) {
                Ok(committed) if committed == xml => {}
                Ok(_) => stale.push(format!(
                    "{} differs from what the example emits",
                    path.display()
                )),
                Err(e) => stale.push(format!("{} cannot be read: {e}", path.display())),
            }
        }
    }
    for path in xml_files_under(&generated_dir()) {
        if !expected.contains(&path) {
            if bless {
                std::fs::remove_file(&path).expect("remove stale file");
            } else {
                stale.push(format!("{} is not written by any example", path.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `IEF_BLESS=1 cargo test --test generated` and commit:\n  {}",
        stale.join("\n  ")
    );
}

#[test]
fn examples_emit_the_same_bytes_every_time() {
    for (name, set) in examples() {
        let first = set.emit().expect("emit");
        let second = set.emit().expect("emit");
        assert_eq!(first, second, "example {name} is not deterministic");
        let rebuilt = examples()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.emit().expect("emit"))
            .expect("example");
        assert_eq!(first, rebuilt, "example {name} differs between two builds");
    }
}

#[test]
fn generated_files_validate_against_the_xsd() {
    let xsd = common::conformance_dir().join("TrustFrameworkPolicy_0.3.0.0.libxml2.xsd");
    assert!(xsd.is_file(), "XSD not found at {}", xsd.display());
    let files = xml_files_under(&generated_dir());
    assert!(!files.is_empty(), "no XML files under generated/");
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .args(&files)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run xmllint ({e}); install it (Debian/Ubuntu: `apt-get install -y libxml2-utils`, \
                 macOS: `brew install libxml2`) — this test never passes without it"
            )
        });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "xmllint rejected generated files:\n{stderr}"
    );
    for f in &files {
        let line = format!("{} validates", f.display());
        assert!(
            stderr.contains(&line),
            "xmllint did not report `{line}`:\n{stderr}"
        );
    }
}
