//! `ief diff`: the semantic diff of two policy sets, run as a user runs
//! it, on copies of the starter pack's SocialAndLocalAccounts set made in
//! temporary folders (never committed).
//!
//! - `--effective` reports no change for refactors that keep what B2C
//!   runs: the Extensions' technical profiles merged into the Base's, the
//!   files renamed and moved, claims, profiles, providers and metadata
//!   items reordered;
//! - it reports exactly the change for real edits: a claim added to a
//!   relying party's output claims, a journey step removed (with the later
//!   steps renumbered), a metadata value changed;
//! - the files mode, the JSON document's shape, the exit codes, and the
//!   git mode (a repository made in the test).

mod common;
use common::{stderr, stdout};

/// `ief` with arguments of mixed types (`&"diff"`, `&path`).
fn ief(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    common::ief(args)
}

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ief::import::import_file;
use tempfile::TempDir;

fn starter_set() -> PathBuf {
    common::conformance_dir()
        .join("starterpack")
        .join("SocialAndLocalAccounts")
}

/// A copy of the SocialAndLocalAccounts set in `dir/name`.
fn copy_set(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(starter_set()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
    to
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn write(p: &Path, text: &str) {
    std::fs::write(p, text).unwrap();
}

/// Rewrites one policy file through the model: import, `edit`, emit.
fn edit_model(path: &Path, edit: impl FnOnce(&mut ief::policy::TrustFrameworkPolicy)) {
    let mut imported = import_file(path).unwrap();
    edit(&mut imported.policy);
    write(path, &ief::emit::to_xml(&imported.policy).unwrap());
}

/// The diff as JSON (asserting the exit code).
fn diff_json(args: &[&dyn AsRef<std::ffi::OsStr>], code: i32) -> serde_json::Value {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"diff", &"--format", &"json"];
    all.extend_from_slice(args);
    let out = ief(&all);
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).expect("one JSON document")
}

/// Every change as (policy, kind, id, change, path, old, new).
type Row = (String, String, String, String, String, String, String);

fn rows(doc: &serde_json::Value) -> BTreeSet<Row> {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    let mut out = BTreeSet::new();
    for p in doc["policies"].as_array().unwrap() {
        for c in p["changes"].as_array().unwrap() {
            out.insert((
                s(&p["policy"]),
                s(&c["kind"]),
                s(&c["id"]),
                s(&c["change"]),
                s(&c["path"]),
                s(&c["old"]),
                s(&c["new"]),
            ));
        }
    }
    out
}

fn row(p: &str, kind: &str, id: &str, change: &str, path: &str, old: &str, new: &str) -> Row {
    (
        p.into(),
        kind.into(),
        id.into(),
        change.into(),
        path.into(),
        old.into(),
        new.into(),
    )
}

const RPS: [&str; 3] = [
    "B2C_1A_PasswordReset",
    "B2C_1A_ProfileEdit",
    "B2C_1A_signup_signin",
];

#[test]
fn moving_the_extensions_profiles_into_the_base_changes_nothing_effective() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    // Take every technical profile out of the Extensions...
    let mut moved = Vec::new();
    edit_model(&new.join("TrustFrameworkExtensions.xml"), |p| {
        for cp in p.claims_providers.drain(..) {
            moved.extend(cp.technical_profiles);
        }
    });
    assert_eq!(moved.len(), 2, "Facebook-OAUTH and login-NonInteractive");
    // ... and write what they restate into the Base's declarations, as a
    // maintainer would: a metadata item or input claim of the same key
    // replaces the Base's, a new one is added.
    edit_model(&new.join("TrustFrameworkBase.xml"), |p| {
        for tp in moved {
            let base = p
                .claims_providers
                .iter_mut()
                .flat_map(|c| c.technical_profiles.iter_mut())
                .find(|b| b.id.id().eq_ignore_ascii_case(tp.id.id()))
                .expect("the Base declares every profile the Extensions restate");
            for item in tp.metadata {
                match base.metadata.iter_mut().find(|m| m.key == item.key) {
                    Some(m) => *m = item,
                    None => base.metadata.push(item),
                }
            }
            for c in tp.input_claims {
                let id = c.claim.id().to_lowercase();
                match base
                    .input_claims
                    .iter_mut()
                    .find(|b| b.claim.id().to_lowercase() == id)
                {
                    Some(b) => *b = c,
                    None => base.input_claims.push(c),
                }
            }
            assert!(tp.output_claims.is_empty() && tp.protocol.is_none());
        }
    });
    let doc = diff_json(&[&"--effective", &old, &new], 0);
    assert_eq!(doc["equal"], true);
    assert!(rows(&doc).is_empty());
    // As written, the two files did change (and only those).
    let doc = diff_json(&[&old, &new], 1);
    let policies: BTreeSet<&str> = doc["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["policy"].as_str().unwrap())
        .collect();
    assert_eq!(
        policies,
        BTreeSet::from([
            "B2C_1A_TrustFrameworkBase",
            "B2C_1A_TrustFrameworkExtensions"
        ])
    );
}

#[test]
fn renamed_and_moved_files_change_nothing() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = tmp.path().join("new");
    std::fs::create_dir_all(new.join("base")).unwrap();
    for (from, to) in [
        ("TrustFrameworkBase.xml", "base/00-base.xml"),
        ("TrustFrameworkLocalization.xml", "base/01-strings.xml"),
        ("TrustFrameworkExtensions.xml", "02-ext.xml"),
        ("SignUpOrSignin.xml", "rp-susi.xml"),
        ("ProfileEdit.xml", "rp-edit.xml"),
        ("PasswordReset.xml", "rp-reset.xml"),
    ] {
        std::fs::copy(old.join(from), new.join(to)).unwrap();
    }
    let out = ief(&[&"diff", &"--effective", &old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "no differences\n");
    // Policies are matched by PolicyId, not by file name, as written too.
    let out = ief(&[&"diff", &old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn reordered_elements_change_nothing() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    edit_model(&new.join("TrustFrameworkBase.xml"), |p| {
        p.building_blocks.claims_schema.reverse();
        p.building_blocks.claims_transformations.reverse();
        p.building_blocks.content_definitions.reverse();
        p.claims_providers.reverse();
        for cp in &mut p.claims_providers {
            cp.technical_profiles.reverse();
            for tp in &mut cp.technical_profiles {
                tp.metadata.reverse();
                tp.input_claims.reverse();
                // A self-asserted page shows its output claims in order:
                // reversing those is a change (tested below).
                let page = tp
                    .protocol
                    .as_ref()
                    .and_then(|p| p.handler.as_deref())
                    .is_some_and(|h| h.contains("SelfAssertedAttributeProvider"));
                if !page {
                    tp.output_claims.reverse();
                }
                tp.persisted_claims.reverse();
            }
        }
        p.user_journeys.reverse();
    });
    edit_model(&new.join("SignUpOrSignin.xml"), |p| {
        let rp = p.relying_party.as_mut().unwrap();
        rp.technical_profiles[0].output_claims.reverse();
    });
    assert_ne!(
        read(&old.join("TrustFrameworkBase.xml")),
        read(&new.join("TrustFrameworkBase.xml"))
    );
    let doc = diff_json(&[&"--effective", &old, &new], 0);
    assert!(rows(&doc).is_empty(), "{doc:#}");
    let doc = diff_json(&[&old, &new], 0);
    assert!(rows(&doc).is_empty(), "{doc:#}");
}

#[test]
fn a_claim_added_to_the_relying_party_is_the_one_change() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    let rp = new.join("SignUpOrSignin.xml");
    let text = read(&rp);
    let anchor = "<OutputClaim ClaimTypeReferenceId=\"email\" />";
    assert!(text.contains(anchor));
    write(
        &rp,
        &text.replace(
            anchor,
            &format!("{anchor}\n        <OutputClaim ClaimTypeReferenceId=\"newUser\" />"),
        ),
    );
    let path =
        "TechnicalProfile[Id=PolicyProfile]/OutputClaims/OutputClaim[ClaimTypeReferenceId=newUser]";
    let expected = BTreeSet::from([row(
        "B2C_1A_signup_signin",
        "RelyingParty",
        "",
        "added",
        path,
        "",
        "<OutputClaim ClaimTypeReferenceId=\"newUser\"/>",
    )]);
    assert_eq!(rows(&diff_json(&[&"--effective", &old, &new], 1)), expected);
    assert_eq!(rows(&diff_json(&[&old, &new], 1)), expected);
    // The human form names the policy, the element and the part.
    let out = ief(&[&"diff", &"--effective", &old, &new]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("~ policy B2C_1A_signup_signin"), "{text}");
    assert!(text.contains("  ~ RelyingParty\n"), "{text}");
    assert!(text.contains(&format!("    + {path}: ")), "{text}");
    assert!(text.ends_with("1 change(s) in 1 policy(ies)\n"), "{text}");
}

/// The text of the journey `id` in `text`: (start, end) byte offsets.
fn journey_span(text: &str, id: &str) -> (usize, usize) {
    let start = text
        .find(&format!("<UserJourney Id=\"{id}\">"))
        .expect("journey");
    let end = start + text[start..].find("</UserJourney>").unwrap();
    (start, end)
}

#[test]
fn a_removed_step_is_the_one_change() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    let base = new.join("TrustFrameworkBase.xml");
    let text = read(&base);
    let (start, end) = journey_span(&text, "SignUpOrSignIn");
    let mut journey = text[start..end].to_owned();
    // Remove step 5 (AAD-UserReadUsingObjectId) and renumber the rest.
    let s = journey.find("<OrchestrationStep Order=\"5\"").unwrap();
    let e = s + journey[s..].find("</OrchestrationStep>").unwrap() + "</OrchestrationStep>".len();
    assert!(journey[s..e].contains("AAD-UserReadUsingObjectId"));
    journey.replace_range(s..e, "");
    let mut n = 6;
    while journey.contains(&format!("Order=\"{n}\"")) {
        journey = journey.replace(&format!("Order=\"{n}\""), &format!("Order=\"{}\"", n - 1));
        n += 1;
    }
    assert!(n > 7, "the journey has steps after the removed one");
    write(
        &base,
        &format!("{}{journey}{}", &text[..start], &text[end..]),
    );

    let doc = diff_json(&[&"--effective", &old, &new], 1);
    let got = rows(&doc);
    // The journey is in every relying party's chain, so every effective
    // policy holds it (only one starts it): one change in each.
    assert_eq!(got.len(), 3, "{got:#?}");
    for (policy, kind, id, change, path, old_value, new_value) in got {
        assert!(RPS.contains(&policy.as_str()), "{policy}");
        assert_eq!(
            (kind.as_str(), id.as_str(), change.as_str(), path.as_str()),
            (
                "UserJourney",
                "SignUpOrSignIn",
                "removed",
                "OrchestrationSteps/OrchestrationStep[Order=5]"
            )
        );
        assert!(
            old_value.contains("AAD-UserReadUsingObjectId"),
            "{old_value}"
        );
        assert_eq!(new_value, "");
    }
    // Each relying party's effective policy reports that one step.
    let per_policy: BTreeSet<(String, String)> = doc["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let c = &p["changes"].as_array().unwrap();
            assert_eq!(c.len(), 1, "{p:#}");
            (
                p["policy"].as_str().unwrap().to_owned(),
                c[0]["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = RPS
        .iter()
        .map(|p| {
            (
                p.to_string(),
                "OrchestrationSteps/OrchestrationStep[Order=5]".to_string(),
            )
        })
        .collect();
    assert_eq!(per_policy, expected);
    // As written, the later steps' new numbers matter (a child restates
    // steps by Order): each is reported moved.
    let files = rows(&diff_json(&[&old, &new], 1));
    let moved: BTreeSet<(String, String)> = files
        .iter()
        .filter(|r| r.3 == "moved")
        .map(|r| (r.5.clone(), r.6.clone()))
        .collect();
    let expected_moves: BTreeSet<(String, String)> = (6..n)
        .map(|k| (k.to_string(), (k - 1).to_string()))
        .collect();
    assert_eq!(moved, expected_moves);
    assert_eq!(files.len(), 1 + expected_moves.len(), "{files:#?}");
}

#[test]
fn a_changed_metadata_value_is_the_one_change() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    let ext = new.join("TrustFrameworkExtensions.xml");
    let text = read(&ext);
    let from = "<Item Key=\"scope\">email public_profile</Item>";
    assert!(text.contains(from));
    write(
        &ext,
        &text.replace(
            from,
            "<Item Key=\"scope\">email public_profile user_birthday</Item>",
        ),
    );
    let change = |policy: &str| {
        row(
            policy,
            "TechnicalProfile",
            "Facebook-OAUTH",
            "changed",
            "Metadata/Item[Key=scope]",
            "email public_profile",
            "email public_profile user_birthday",
        )
    };
    let expected: BTreeSet<Row> = RPS.iter().map(|p| change(p)).collect();
    assert_eq!(rows(&diff_json(&[&"--effective", &old, &new], 1)), expected);
    assert_eq!(
        rows(&diff_json(&[&old, &new], 1)),
        BTreeSet::from([change("B2C_1A_TrustFrameworkExtensions")])
    );
}

#[test]
fn the_json_document_has_the_documented_shape() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    std::fs::remove_file(new.join("PasswordReset.xml")).unwrap();
    let base = new.join("TrustFrameworkBase.xml");
    write(
        &base,
        &read(&base).replace(
            "<Item Key=\"ProviderName\">https://sts.windows.net/</Item>",
            "<Item Key=\"ProviderName\">https://login.example/</Item>",
        ),
    );
    let doc = diff_json(&[&old, &new], 1);
    let keys = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(
        keys(&doc),
        ["schema", "version", "mode", "old", "new", "equal", "policies"]
            .map(String::from)
            .into()
    );
    assert_eq!(doc["schema"], "ief-diff");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["mode"], "files");
    assert_eq!(doc["equal"], false);
    let policies = doc["policies"].as_array().unwrap();
    for p in policies {
        assert_eq!(
            keys(p),
            ["policy", "status", "old_file", "new_file", "changes"]
                .map(String::from)
                .into()
        );
        for c in p["changes"].as_array().unwrap() {
            assert_eq!(
                keys(c),
                ["kind", "id", "change", "path", "old", "new"]
                    .map(String::from)
                    .into()
            );
        }
    }
    let removed = policies
        .iter()
        .find(|p| p["policy"] == "B2C_1A_PasswordReset")
        .unwrap();
    assert_eq!(removed["status"], "removed");
    assert!(removed["new_file"].is_null());
    assert!(removed["old_file"]
        .as_str()
        .unwrap()
        .ends_with("PasswordReset.xml"));
    let changed = policies
        .iter()
        .find(|p| p["policy"] == "B2C_1A_TrustFrameworkBase")
        .unwrap();
    assert_eq!(changed["status"], "changed");
    let c = &changed["changes"][0];
    assert_eq!(c["kind"], "TechnicalProfile");
    assert_eq!(c["id"], "login-NonInteractive");
    assert_eq!(c["change"], "changed");
    assert_eq!(c["path"], "Metadata/Item[Key=ProviderName]");
    assert_eq!(c["old"], "https://sts.windows.net/");
    assert_eq!(c["new"], "https://login.example/");
    assert_eq!(policies.len(), 2);
    // Equal sets: `equal` and no policies, exit 0.
    let doc = diff_json(&[&"--effective", &old, &old], 0);
    assert_eq!(doc["equal"], true);
    assert_eq!(doc["mode"], "effective");
    assert_eq!(doc["policies"].as_array().unwrap().len(), 0);
}

#[test]
fn a_file_that_does_not_import_is_exit_2_and_located() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    let rp = new.join("ProfileEdit.xml");
    write(
        &rp,
        &read(&rp).replace("<DefaultUserJourney ", "<DefaultUserJourney Bogus=\"1\" "),
    );
    let out = ief(&[&"diff", &old, &new]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let line = read(&rp).lines().position(|l| l.contains("Bogus")).unwrap() + 1;
    assert!(
        err.contains(&format!("ProfileEdit.xml:{line}:")),
        "the error is located: {err}"
    );
    assert!(err.contains("Bogus"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn usage_errors_are_exit_2() {
    let tmp = TempDir::new().unwrap();
    let set = copy_set(tmp.path(), "a");
    // One path without --git.
    assert_eq!(ief(&[&"diff", &set]).status.code(), Some(2));
    // A path that does not exist.
    let missing = tmp.path().join("missing");
    assert_eq!(ief(&[&"diff", &set, &missing]).status.code(), Some(2));
    // A folder without policies.
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(ief(&[&"diff", &set, &empty]).status.code(), Some(2));
    // --git outside a repository.
    let out = ief(&[&"diff", &"--git", &"HEAD", &set]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // A broken chain has no effective policy.
    let broken = copy_set(tmp.path(), "broken");
    std::fs::remove_file(broken.join("TrustFrameworkLocalization.xml")).unwrap();
    let out = ief(&[&"diff", &"--effective", &set, &broken]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("B2C_1A_TrustFrameworkLocalization"),
        "{}",
        stderr(&out)
    );
}

fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=ief test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git is installed (the git mode of `ief diff` needs it)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_revisions_of_one_folder() {
    let tmp = TempDir::new().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let set = copy_set(&repo, "policies");
    // A file that is XML but no policy is left out.
    write(&repo.join("policies/notes.xml"), "<notes>none</notes>\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "starter pack"]);
    let ext = set.join("TrustFrameworkExtensions.xml");
    let from = "<Item Key=\"client_id\">facebook_clientid</Item>";
    write(
        &ext,
        &read(&ext).replace(from, "<Item Key=\"client_id\">1234</Item>"),
    );
    git(&repo, &["commit", "-q", "-am", "facebook app id"]);

    // Two revisions.
    let doc = diff_json(&[&"--git", &"HEAD~1..HEAD", &set], 1);
    let change = row(
        "B2C_1A_TrustFrameworkExtensions",
        "TechnicalProfile",
        "Facebook-OAUTH",
        "changed",
        "Metadata/Item[Key=client_id]",
        "facebook_clientid",
        "1234",
    );
    assert_eq!(rows(&doc), BTreeSet::from([change.clone()]));
    let files = &doc["policies"][0];
    assert_eq!(
        files["old_file"],
        "HEAD~1:policies/TrustFrameworkExtensions.xml"
    );
    // A revision against the working tree: equal while nothing is edited.
    let doc = diff_json(&[&"--git", &"HEAD", &set], 0);
    assert_eq!(doc["equal"], true);
    let doc = diff_json(&[&"--git", &"HEAD~1", &set], 1);
    assert_eq!(rows(&doc), BTreeSet::from([change]));
    // Effective, from a subfolder path, and an edit not yet committed.
    let rp = set.join("SignUpOrSignin.xml");
    let anchor = "<OutputClaim ClaimTypeReferenceId=\"email\" />";
    write(
        &rp,
        &read(&rp).replace(
            anchor,
            &format!("{anchor}<OutputClaim ClaimTypeReferenceId=\"newUser\" />"),
        ),
    );
    let doc = diff_json(&[&"--effective", &"--git", &"HEAD", &set], 1);
    assert_eq!(
        rows(&doc),
        BTreeSet::from([row(
            "B2C_1A_signup_signin",
            "RelyingParty",
            "",
            "added",
            "TechnicalProfile[Id=PolicyProfile]/OutputClaims/OutputClaim[ClaimTypeReferenceId=newUser]",
            "",
            "<OutputClaim ClaimTypeReferenceId=\"newUser\"/>",
        )])
    );
    // A revision that does not exist.
    let out = ief(&[&"diff", &"--git", &"no-such-rev", &set]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-rev"), "{}", stderr(&out));
}

#[test]
fn the_readme_example_is_the_real_output() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    let rp = new.join("SignUpOrSignin.xml");
    let anchor = "<OutputClaim ClaimTypeReferenceId=\"email\" />";
    write(
        &rp,
        &read(&rp).replace(
            anchor,
            &format!("{anchor}\n        <OutputClaim ClaimTypeReferenceId=\"newUser\" />"),
        ),
    );
    let ext = new.join("TrustFrameworkExtensions.xml");
    write(
        &ext,
        &read(&ext).replace(
            "<Item Key=\"scope\">email public_profile</Item>",
            "<Item Key=\"scope\">email public_profile user_birthday</Item>",
        ),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_ief"))
        .current_dir(tmp.path())
        .args(["diff", "old", "new"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let _ = old;
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let intro = "checked by `tests/diff.rs`):\n\n```text\n";
    let at = readme.find(intro).expect("the example in README.md") + intro.len();
    let end = at + readme[at..].find("```").unwrap();
    assert_eq!(
        stdout(&out),
        &readme[at..end],
        "README.md's `ief diff` example is stale: paste the command's output"
    );
}

#[test]
fn reordered_page_fields_and_sign_in_buttons_are_changes() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    edit_model(&new.join("TrustFrameworkBase.xml"), |p| {
        for cp in &mut p.claims_providers {
            for tp in &mut cp.technical_profiles {
                if tp.id.id() == "LocalAccountSignUpWithLogonEmail" {
                    tp.output_claims.reverse();
                }
            }
        }
        for j in &mut p.user_journeys {
            if j.id.id() == "SignUpOrSignIn" {
                if let Some(s) = j.steps[0].selections.as_mut() {
                    s.selections.reverse();
                }
            }
        }
    });
    let doc = diff_json(&[&"--effective", &old, &new], 1);
    let moved: BTreeSet<(String, String)> = rows(&doc)
        .into_iter()
        .filter(|r| r.3 == "moved")
        .map(|r| (r.2, r.4))
        .collect();
    assert!(
        moved.contains(&(
            "LocalAccountSignUpWithLogonEmail".to_owned(),
            "OutputClaims/OutputClaim".to_owned()
        )),
        "{doc:#}"
    );
    assert!(
        moved
            .iter()
            .any(|(id, path)| id == "SignUpOrSignIn" && path.contains("ClaimsProviderSelection")),
        "{doc:#}"
    );
}
