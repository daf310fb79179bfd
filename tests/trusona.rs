//! The Trusona example's output: the checker finds no errors in it, and it
//! defines every id Microsoft's SocialAndLocalAccounts set defines.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use ief::check::index::{index_policy, RefKind};
use ief::check::set::check_set;
use ief::import::import_str;

fn generated() -> Vec<ief::import::Imported> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}); run `cargo run --example trusona`",
                dir.display()
            )
        })
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        4,
        "expected base, localization, extensions and relying party: {files:?}"
    );
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read");
            import_str(&text, p.display().to_string()).unwrap_or_else(|e| panic!("{e:?}"))
        })
        .collect()
}

#[test]
fn ief_check_finds_no_errors_in_the_trusona_set() {
    let report = check_set(&generated());
    let all: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {}: {}",
                d.code,
                d.file,
                d.pos.map(|p| p.line).unwrap_or(0),
                d.message
            )
        })
        .collect();
    assert!(!report.has_errors(), "{}", all.join("\n"));
    // Nor warnings (no placeholder, no case-only reference) but the three
    // elements of the starter-pack base that no part of this set uses
    // (docs/rules-unused.md).
    let hygiene: Vec<(&str, Option<&str>)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('H'))
        .map(|d| (d.code, d.id.as_deref()))
        .collect();
    assert_eq!(
        hygiene,
        [
            ("H001", Some("isActiveMFASession")),
            ("H003", Some("api.idpselections.signup")),
            ("H003", Some("api.selfasserted")),
        ],
        "{}",
        all.join("\n")
    );
    assert_eq!(all.len(), hygiene.len(), "{}", all.join("\n"));
}

/// Every (kind, lowercase id) a set of policies defines.
fn defined(policies: &[ief::policy::TrustFrameworkPolicy]) -> BTreeSet<(String, String)> {
    policies
        .iter()
        .flat_map(|p| index_policy(p).defs)
        .filter(|d| {
            matches!(
                d.kind,
                RefKind::Claim
                    | RefKind::Transform
                    | RefKind::Profile
                    | RefKind::ContentDefinition
                    | RefKind::Journey
                    | RefKind::SubJourney
                    | RefKind::LocalizedResources
                    | RefKind::ClientDefinition
                    | RefKind::DisplayControl
                    | RefKind::Predicate
                    | RefKind::PredicateValidation
                    | RefKind::InputValidation
            )
        })
        .map(|d| (d.kind.words().to_owned(), d.id.to_lowercase()))
        .collect()
}

#[test]
fn the_set_defines_every_id_of_the_social_and_local_accounts_starter_pack() {
    let dir = common::conformance_dir().join("starterpack/SocialAndLocalAccounts");
    let theirs: Vec<_> = std::fs::read_dir(&dir)
        .expect("starter pack")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            import_str(&text, p.display().to_string())
                .expect("imports")
                .policy
        })
        .collect();
    let ours: Vec<_> = generated().into_iter().map(|i| i.policy).collect();
    let (theirs, ours) = (defined(&theirs), defined(&ours));
    assert!(
        theirs.len() > 80,
        "too few ids read from the starter pack: {}",
        theirs.len()
    );
    let missing: Vec<_> = theirs.difference(&ours).collect();
    assert!(
        missing.is_empty(),
        "the Trusona set lacks {} id(s) of SocialAndLocalAccounts: {missing:?}",
        missing.len()
    );
}

/// The prose of a policy file: display names, descriptions, help texts and
/// localized strings (ids, keys and values are facts, not prose).
fn prose(xml: &str) -> Vec<String> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    let mut out = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        if matches!(
            name,
            "DisplayName" | "Description" | "UserHelpText" | "AdminHelpText" | "LocalizedString"
        ) {
            if let Some(t) = n.text() {
                out.push(t.to_owned());
            }
        }
        for a in ["HelpText", "Text"] {
            if let Some(v) = n.attribute(a) {
                out.push(v.to_owned());
            }
        }
    }
    out
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[test]
fn no_sentence_of_the_starter_pack_is_in_the_generated_set() {
    // Anywhere in the starter pack, not only at the same place.
    let root = common::conformance_dir().join("starterpack");
    let mut theirs = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                theirs.extend(
                    prose(&std::fs::read_to_string(&p).expect("read"))
                        .iter()
                        .map(|s| normalise(s)),
                );
            }
        }
    }
    // Texts of three words or fewer are labels (a field name, a button, a
    // brand), which cannot be reworded without becoming wrong.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
    let mut copied = BTreeSet::new();
    let mut checked = 0;
    for f in std::fs::read_dir(&dir).expect("generated/trusona") {
        let text = std::fs::read_to_string(f.expect("entry").path()).expect("read");
        for p in prose(&text) {
            let n = normalise(&p);
            if n.split(' ').count() <= 3 {
                continue;
            }
            checked += 1;
            if theirs.contains(&n) {
                copied.insert(p);
            }
        }
    }
    assert!(checked > 100, "too few sentences checked: {checked}");
    assert!(
        copied.is_empty(),
        "sentences copied from the starter pack: {copied:#?}"
    );
}
