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
    // Nor warnings: no placeholder, no case-only reference.
    assert!(all.is_empty(), "{}", all.join("\n"));
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
