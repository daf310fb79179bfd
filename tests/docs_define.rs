//! docs/define.md stays true. Its `rust` blocks are doctests of the `ief`
//! crate (src/lib.rs includes the page); this file covers the rest:
//!
//! - the two worked changes to the Trusona example, built from
//!   `tests/docs_define/phone.rs` and `tests/docs_define/rest_check.rs`,
//!   pass the checker, validate against the XSD, and emit exactly the
//!   example's XML with the guide's XML diffs applied;
//! - each Rust diff of the guide applies to `examples/trusona` (its old
//!   lines are there) and its new lines appear verbatim in the file the
//!   change is built from;
//! - the line counts the guide gives are those of its diffs, and the Rust
//!   change is the shorter;
//! - the merged sign-up page of change 2 keeps the base's validation
//!   profile, in the order the guide describes;
//! - the guide's table of kinds is `ief::kinds::table::KINDS`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[macro_use]
#[path = "../examples/trusona/main.rs"]
mod trusona;

#[path = "docs_define/phone.rs"]
mod phone;

#[path = "docs_define/rest_check.rs"]
mod rest_check;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn guide() -> String {
    read(&root().join("docs/define.md"))
}

/// The text of the `## ` section whose heading starts with `heading`, to
/// the next `## ` heading.
fn section<'g>(guide: &'g str, heading: &str) -> &'g str {
    let start = guide
        .find(&format!("\n## {heading}"))
        .unwrap_or_else(|| panic!("no section `## {heading}` in docs/define.md"))
        + 1;
    let rest = &guide[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

/// The fenced blocks of `lang` in `text`.
fn blocks<'t>(text: &'t str, lang: &str) -> Vec<&'t str> {
    let fence = format!("```{lang}\n");
    text.split(&fence)
        .skip(1)
        .map(|b| b.split("```").next().expect("a closed block"))
        .collect()
}

/// One hunk of a guide diff: the file it changes, its old text, its new
/// text (each line with its newline) and its added lines.
#[derive(Debug)]
struct Hunk {
    file: String,
    before: String,
    after: String,
    added: Vec<String>,
}

/// The hunks of the `diff` blocks of `text`. A block names its files with
/// `--- a/PATH` and `+++ b/PATH`; `@@ … @@` starts a hunk; every other
/// line starts with ` `, `-` or `+`.
fn hunks(text: &str) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    let mut file = String::new();
    for block in blocks(text, "diff") {
        for line in block.lines() {
            if let Some(path) = line.strip_prefix("--- a/") {
                file = path.to_owned();
                continue;
            }
            if let Some(path) = line.strip_prefix("+++ b/") {
                assert_eq!(path, file, "a diff's +++ names the file of its ---");
                continue;
            }
            if line.starts_with("@@") {
                out.push(Hunk {
                    file: file.clone(),
                    before: String::new(),
                    after: String::new(),
                    added: Vec::new(),
                });
                continue;
            }
            let hunk = out.last_mut().expect("a diff line inside a hunk");
            let (marker, content) = line.split_at(1.min(line.len()));
            match marker {
                " " => {
                    hunk.before.push_str(content);
                    hunk.before.push('\n');
                    hunk.after.push_str(content);
                    hunk.after.push('\n');
                }
                "-" => {
                    hunk.before.push_str(content);
                    hunk.before.push('\n');
                }
                "+" => {
                    hunk.after.push_str(content);
                    hunk.after.push('\n');
                    hunk.added.push(content.to_owned());
                }
                _ => panic!("a diff line starts with ` `, `-` or `+`: {line:?}"),
            }
        }
    }
    assert!(!out.is_empty(), "no diff hunks");
    out
}

/// Lines that count: not blank, not a comment (`//…` in Rust, `<!--…`
/// in XML), as scripts/dsl-lines.sh counts.
fn counted(lines: &[String], comment: &str) -> usize {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with(comment))
        .count()
}

fn settings() -> ief::settings::Settings {
    ief::settings::Settings::from_file(trusona::settings_path(), "dev", &trusona::settings_keys())
        .expect("settings/trusona.toml")
}

fn emitted(set: &ief::emit::PolicySet) -> BTreeMap<String, String> {
    set.emit().expect("emit").into_iter().collect()
}

/// Checks the worked change whose section starts with `heading` against
/// the set it is built from (`changed`, from `source`), and gives its
/// (XML, Rust) line counts.
fn check_change(heading: &str, changed: &ief::emit::PolicySet, source: &str) -> (usize, usize) {
    let guide = guide();
    let hunks = hunks(section(&guide, heading));
    let original = emitted(&trusona::policy_set(&settings()).expect("the Trusona set"));
    let changed = emitted(changed);
    let mut patched = original.clone();
    let source_text = read(&root().join(source));
    let (mut xml, mut rust) = (Vec::new(), Vec::new());
    for h in &hunks {
        if let Some(name) = h.file.strip_prefix("generated/trusona/") {
            let text = patched
                .get_mut(name)
                .unwrap_or_else(|| panic!("the Trusona set has no {name}"));
            assert_eq!(
                text.matches(&h.before).count(),
                1,
                "{heading}: the old lines of a hunk of {} occur once in what the example emits:\n{}",
                h.file,
                h.before
            );
            *text = text.replacen(&h.before, &h.after, 1);
            xml.extend(h.added.iter().cloned());
        } else if h.file.starts_with("examples/trusona/") {
            let example = read(&root().join(&h.file));
            assert!(
                example.contains(&h.before),
                "{heading}: the old lines of a hunk are not in {}:\n{}",
                h.file,
                h.before
            );
            assert!(
                source_text.contains(&h.after),
                "{heading}: the new lines of a hunk of {} are not in {source}:\n{}",
                h.file,
                h.after
            );
            rust.extend(h.added.iter().cloned());
        } else {
            panic!("{heading}: a diff of an unexpected file {}", h.file);
        }
    }
    for (name, text) in &changed {
        assert_eq!(
            patched.get(name),
            Some(text),
            "{heading}: {name} as the changed set emits it is not the example's with the guide's XML diff"
        );
    }
    assert_eq!(patched.len(), changed.len());
    (counted(&xml, "<!--"), counted(&rust, "//"))
}

/// The (XML, Rust) figures the guide gives for change `n`.
fn stated_counts(n: u32) -> (usize, usize) {
    let guide = guide();
    let table = section(&guide, "The two changes, counted");
    let row = table
        .lines()
        .find(|l| l.starts_with(&format!("| {n}. ")))
        .unwrap_or_else(|| panic!("no row for change {n} in the guide's table of counts"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    (
        cells[2].parse().expect("XML lines"),
        cells[3].parse().expect("Rust lines"),
    )
}

/// Writes `set` with the checker (no error may be found) into a temporary
/// folder, validates every file with xmllint against the XSD, and gives
/// the folder and the written files.
fn write_and_validate(set: &ief::emit::PolicySet) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let written = match set.write_checked(dir.path()) {
        Ok(w) => w,
        Err(e) => panic!("the checker refused the changed set: {e}"),
    };
    let xsd = common::conformance_dir().join("TrustFrameworkPolicy_0.3.0.0.libxml2.xsd");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .args(&written.paths)
        .output()
        .expect("run xmllint (Debian/Ubuntu: apt-get install -y libxml2-utils)");
    assert!(
        out.status.success(),
        "xmllint rejected the changed set:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, written.paths)
}

fn file_named(paths: &[PathBuf], name: &str) -> String {
    let path = paths
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("{name} was not written"));
    read(path)
}

#[test]
fn change_1_adds_phone_number_to_the_trusona_journey() {
    let set = phone::policy_set(&settings()).expect("the changed set");
    let (xml, rust) = check_change("Worked change 1", &set, "tests/docs_define/phone.rs");
    assert_eq!(
        stated_counts(1),
        (xml, rust),
        "the guide's figures for change 1"
    );
    assert!(
        rust < xml,
        "change 1: {rust} Rust lines against {xml} XML lines"
    );

    let (_dir, paths) = write_and_validate(&set);
    let ext = file_named(&paths, "TrustFrameworkExtensions.xml");
    assert!(ext.contains(r#"<ClaimType Id="phoneNumber">"#), "{ext}");
    assert!(ext.contains(
        r#"<OutputClaim ClaimTypeReferenceId="phoneNumber" PartnerClaimType="phone_number"/>"#
    ));
    let rp = file_named(&paths, "SignUpOrSignInTrusona.xml");
    assert!(
        rp.contains(r#"<OutputClaim ClaimTypeReferenceId="phoneNumber"/>"#),
        "{rp}"
    );
}

#[test]
fn change_2_adds_a_rest_validation_to_the_sign_up_page() {
    let set = rest_check::policy_set(&settings()).expect("the changed set");
    let (xml, rust) = check_change("Worked change 2", &set, "tests/docs_define/rest_check.rs");
    assert_eq!(
        stated_counts(2),
        (xml, rust),
        "the guide's figures for change 2"
    );
    assert!(
        rust < xml,
        "change 2: {rust} Rust lines against {xml} XML lines"
    );

    let (dir, paths) = write_and_validate(&set);
    let ext = file_named(&paths, "TrustFrameworkExtensions.xml");
    assert!(
        ext.contains(r#"<TechnicalProfile Id="REST-CheckSignUpEmail">"#),
        "{ext}"
    );
    assert!(ext.contains(r#"<ValidationTechnicalProfile ReferenceId="REST-CheckSignUpEmail"/>"#));

    // The merged page keeps the base's validation profile; ief puts the
    // restatement's after it, as the guide says.
    let out = Command::new(env!("CARGO_BIN_EXE_ief"))
        .arg("flatten")
        .arg(dir.path())
        .args(["--policy", "B2C_1A_TrusonaTacSUSI"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run ief flatten");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let flat = String::from_utf8_lossy(&out.stdout);
    let start = flat
        .find(r#"<TechnicalProfile Id="LocalAccountSignUpWithLogonEmail">"#)
        .expect("the sign-up page in the effective policy");
    let page = &flat[start..start + flat[start..].find("</TechnicalProfile>").expect("its end")];
    let validations: Vec<&str> = page
        .split(r#"<ValidationTechnicalProfile ReferenceId=""#)
        .skip(1)
        .map(|v| v.split('"').next().expect("a reference"))
        .collect();
    assert_eq!(
        validations,
        ["AAD-UserWriteUsingLogonEmail", "REST-CheckSignUpEmail"],
        "docs/define.md describes this order; update it with the merge"
    );
}

/// The guide's table of kinds, as `KINDS` gives it: one row per kind with
/// its name, summary, protocol (handler) and required keys.
fn kinds_table() -> String {
    use ief::providers::ProtocolName;
    let mut out = String::from(
        "| kind | what it is | protocol (handler) | required keys |\n|---|---|---|---|\n",
    );
    for kind in ief::kinds::table::KINDS {
        let protocol = match kind.protocol {
            ProtocolName::Proprietary => "Proprietary",
            ProtocolName::OpenIdConnect => "OpenIdConnect",
            ProtocolName::OAuth2 => "OAuth2",
            ProtocolName::OAuth1 => "OAuth1",
            ProtocolName::Saml2 => "SAML2",
            ProtocolName::None => "None",
            other => panic!("a protocol the guide's table does not spell yet: {other:?}"),
        };
        let protocol = match kind.handler {
            Some(h) => format!("{protocol} (`{h}`)"),
            None => protocol.to_owned(),
        };
        let required: Vec<String> = kind
            .keys
            .iter()
            .filter(|k| k.required)
            .map(|k| format!("`{}`", k.key))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            kind.name,
            kind.summary,
            protocol,
            required.join(", ")
        ));
    }
    out
}

#[test]
fn the_guide_lists_the_kinds_of_the_table() {
    let guide = guide();
    let kinds = section(&guide, "The kinds");
    let start = kinds.find("| kind |").expect("the guide's table of kinds");
    let len = kinds[start..]
        .find("\n\n")
        .map_or(kinds.len() - start, |e| e + 1);
    let written = &kinds[start..start + len];
    let expected = kinds_table();
    if written != expected && std::env::var_os("IEF_BLESS").is_some() {
        let updated = guide.replacen(written, &expected, 1);
        std::fs::write(root().join("docs/define.md"), updated).expect("write docs/define.md");
        return;
    }
    assert_eq!(
        written, expected,
        "docs/define.md's table of kinds differs from KINDS; rerun with IEF_BLESS=1 to rewrite it"
    );
}
