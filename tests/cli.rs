//! The `ief` command as a user runs it: exit codes, human and JSON output,
//! and `fmt`.

mod common;
use common::ief;

use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn set_dir(name: &str) -> String {
    common::conformance_dir()
        .join("starterpack")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_clean_set_exits_0_with_a_summary() {
    let out = ief(&["check", &set_dir("SocialAndLocalAccounts")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("checked 6 file(s): 0 error(s)"), "{stdout}");
    assert!(stdout.contains("warning[W002]"), "{stdout}");
}

#[test]
fn findings_exit_1_with_rustc_style_messages() {
    let dir = scratch("typo");
    let src = common::conformance_dir().join("starterpack/SocialAndLocalAccounts");
    for f in [
        "TrustFrameworkBase.xml",
        "TrustFrameworkLocalization.xml",
        "TrustFrameworkExtensions.xml",
        "SignUpOrSignin.xml",
    ] {
        let text = std::fs::read_to_string(src.join(f)).expect("read");
        let text = if f == "SignUpOrSignin.xml" {
            text.replacen(
                r#"<OutputClaim ClaimTypeReferenceId="surname" />"#,
                r#"<OutputClaim ClaimTypeReferenceId="surnam" />"#,
                1,
            )
        } else {
            text
        };
        std::fs::write(dir.join(f), text).expect("write");
    }
    let out = ief(&["check", &dir.display().to_string()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("error[R001]: claim type `surnam` is not defined"),
        "{stdout}"
    );
    assert!(stdout.contains("SignUpOrSignin.xml:"), "{stdout}");
    assert!(stdout.contains("help: did you mean `surname`?"), "{stdout}");

    let out = ief(&["check", "--format", "json", &dir.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["errors"], 1, "{doc}");
    let d = doc["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "R001")
        .expect("R001");
    assert_eq!(d["id"], "surnam");
    assert!(d["line"].as_u64().is_some_and(|l| l > 0));
}

#[test]
fn malformed_xml_is_a_finding_and_missing_paths_are_usage_errors() {
    let dir = scratch("malformed");
    std::fs::write(
        dir.join("broken.xml"),
        "<TrustFrameworkPolicy><oops></TrustFrameworkPolicy>",
    )
    .expect("write");
    let out = ief(&["check", &dir.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not well-formed"));

    let out = ief(&["check", "/no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"));

    let out = ief(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_base_in_a_file_that_does_not_read_is_not_called_missing() {
    let dir = scratch("unread-base");
    let head = |id: &str| {
        format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="{id}" PublicPolicyUri="http://contoso.onmicrosoft.com/{id}">"#
        )
    };
    std::fs::write(
        dir.join("Base.xml"),
        format!(
            "{}<BuildingBlocks></ClaimsSchema></TrustFrameworkPolicy>",
            head("B2C_1A_Base")
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("Child.xml"),
        format!(
            "{}<BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>B2C_1A_Base</PolicyId></BasePolicy></TrustFrameworkPolicy>",
            head("B2C_1A_Child")
        ),
    )
    .expect("write");
    let out = ief(&["check", &dir.display().to_string()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[E001]"), "{stdout}");
    assert!(
        stdout.contains(
            "error[P001]: the base policy `B2C_1A_Base` is in a file of the set that has errors (E001) and was not imported"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("did you mean"), "{stdout}");
}

#[test]
fn fmt_prints_checks_and_writes_canonical_xml() {
    let dir = scratch("fmt");
    let original = common::conformance_dir().join("starterpack/LocalAccounts/SignUpOrSignin.xml");
    let file = dir.join("SignUpOrSignin.xml");
    std::fs::copy(&original, &file).expect("copy");
    let f = file.display().to_string();

    let printed = ief(&["fmt", &f]);
    assert_eq!(printed.status.code(), Some(0));
    let canonical = String::from_utf8(printed.stdout.clone()).expect("utf-8");
    assert!(canonical
        .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TrustFrameworkPolicy\n"));

    let check = ief(&["fmt", "--check", &f]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "Microsoft's file is not in canonical form"
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("not canonical"));

    // The file has XML comments: the canonical form keeps them, so --write
    // rewrites it with them.
    let before = std::fs::read_to_string(&file).expect("read");
    let comments = before.matches("<!--").count();
    assert!(comments > 0, "the starter-pack file has comments");
    assert_eq!(
        canonical.matches("<!--").count(),
        comments,
        "printed form keeps them"
    );
    let write = ief(&["fmt", "--write", &f]);
    assert_eq!(
        write.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), canonical);

    // --drop-comments is the explicit way to strip them.
    let stripped = ief(&["fmt", "--drop-comments", &f]);
    assert_eq!(stripped.status.code(), Some(0));
    let stripped = String::from_utf8(stripped.stdout).expect("utf-8");
    assert!(!stripped.contains("<!--"), "{stripped}");
    assert_ne!(stripped, canonical);

    let again = ief(&["fmt", "--check", &f]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "after --write the file is canonical"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_a_finding_and_the_rest_is_still_checked() {
    let dir = scratch("latin1");
    let src = common::conformance_dir().join("starterpack/LocalAccounts/TrustFrameworkBase.xml");
    std::fs::copy(&src, dir.join("TrustFrameworkBase.xml")).expect("copy");
    std::fs::write(dir.join("Notes.xml"), b"<Notes>caf\xe9</Notes>").expect("write");
    let out = ief(&["check", "--format", "json", &dir.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["files"], 2);
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"E001"), "{doc}");
    assert!(codes.contains(&"W002"), "the base was still checked: {doc}");
}

#[test]
fn a_file_named_twice_or_reached_through_a_link_is_checked_once() {
    let dir = scratch("twice");
    let src = common::conformance_dir().join("starterpack/LocalAccounts/TrustFrameworkBase.xml");
    let file = dir.join("TrustFrameworkBase.xml");
    std::fs::copy(&src, &file).expect("copy");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("loop")).expect("symlink");
    let out = ief(&[
        "check",
        &dir.display().to_string(),
        &file.display().to_string(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("checked 1 file(s): 0 error(s)"), "{stdout}");
}

#[test]
fn explain_prints_a_rule_with_its_examples_ignoring_case() {
    let out = ief(&["explain", "j008"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("J008: "), "{stdout}");
    for part in [
        "severity: error",
        "Failing example:",
        "Passing example:",
        "--- SignUpOrSignin.xml ---",
        "<TrustFrameworkPolicy",
        "Source: ",
    ] {
        assert!(stdout.contains(part), "missing {part:?}:\n{stdout}");
    }
}

#[test]
fn explain_without_a_code_lists_every_rule() {
    let out = ief(&["explain"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let codes: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let registry: Vec<&str> = ief::check::rules::rules().iter().map(|r| r.code).collect();
    assert_eq!(codes, registry);
    assert!(stdout.contains("W001  warning  "), "{stdout}");
}

#[test]
fn explain_of_an_unknown_code_exits_2_with_a_suggestion() {
    let out = ief(&["explain", "J08"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no rule has the code `J08`"), "{stderr}");
    assert!(stderr.contains("did you mean `J008`?"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn explain_markdown_is_the_readme_table() {
    let out = ief(&["explain", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        ief::check::rules::markdown_table()
    );
}
