//! The checker finds no errors in Microsoft's starter pack: the four sets,
//! their DisplayControls variants, and each scenario together with the set
//! it extends (a scenario file replaces the set's file of the same
//! PolicyId, as uploading it would).

mod common;

use std::path::{Path, PathBuf};

use ief::check::set::{check_set, Report};

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let out = common::xml_files(dir);
    assert!(!out.is_empty(), "no policy files in {}", dir.display());
    out
}

fn check_dirs(set: &str, scenario: Option<&str>) -> Report {
    let root = common::conformance_dir().join("starterpack");
    let mut files = common::import_all(&xml_files(&root.join(set)));
    if let Some(s) = scenario {
        let extra = common::import_all(&xml_files(&root.join("scenarios").join(s)));
        files.retain(|f| {
            !extra.iter().any(|e| {
                e.policy
                    .policy_id
                    .id()
                    .eq_ignore_ascii_case(f.policy.policy_id.id())
            })
        });
        files.extend(extra);
    }
    check_set(&files)
}

fn assert_clean(name: &str, report: &Report) {
    let errors: Vec<String> = report
        .errors()
        .map(|d| format!("{} {}:{:?}: {}", d.code, d.file, d.pos, d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "{name}: {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
    // Every set carries the `yourtenant` placeholder: the checker must see it.
    assert!(
        report.warnings().any(|w| w.code == "W002"),
        "{name}: the yourtenant placeholder was not reported"
    );
    for w in report.warnings() {
        eprintln!("{name}: warning {} {}: {}", w.code, w.file, w.message);
    }
}

#[test]
fn the_four_sets_are_clean() {
    for set in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        assert_clean(set, &check_dirs(set, None));
    }
}

#[test]
fn the_display_controls_variants_are_clean() {
    for set in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        let name = format!("DisplayControls/{set}");
        assert_clean(&name, &check_dirs(&name, None));
    }
}

#[test]
fn the_scenarios_are_clean_on_the_set_they_extend() {
    for scenario in [
        "password-change",
        "linkedin-identity-provider",
        "phone-number-passwordless",
    ] {
        let report = check_dirs("SocialAndLocalAccounts", Some(scenario));
        assert_clean(scenario, &report);
    }
}

#[test]
fn the_localized_strings_for_undefined_claims_are_warnings() {
    // SocialAccounts' localization has strings for local-account claims its
    // base does not define; B2C accepts that, so it is a warning.
    let report = check_dirs("SocialAccounts", None);
    let w: Vec<_> = report.warnings().filter(|w| w.code == "W003").collect();
    assert!(
        w.iter().any(|d| d.id.as_deref() == Some("signInName")),
        "expected a W003 warning for signInName, got {w:?}"
    );
}

/// The T008 findings of a report, one line each.
fn t008(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == "T008")
        .map(|d| format!("{}:{:?}: {}", d.file, d.pos, d.message))
        .collect()
}

#[test]
fn every_metadata_key_and_value_of_the_starter_pack_is_documented() {
    // T008 on every set as published, its DisplayControls variant, each
    // scenario on the set it extends, and the whole pack read as one set
    // (as `ief check starterpack` does).
    let mut found = Vec::new();
    for set in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        found.extend(t008(&check_dirs(set, None)));
        found.extend(t008(&check_dirs(&format!("DisplayControls/{set}"), None)));
    }
    for scenario in [
        "password-change",
        "linkedin-identity-provider",
        "phone-number-passwordless",
    ] {
        found.extend(t008(&check_dirs("SocialAndLocalAccounts", Some(scenario))));
    }
    let all = common::import_all(&common::starter_pack_files());
    found.extend(t008(&check_set(&all)));
    assert!(found.is_empty(), "{}", found.join("\n"));
}
