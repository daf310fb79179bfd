//! The CLI under faults: `ief fmt --write` killed mid-write, stopped by a
//! file-size limit, or racing an editor never leaves a partial file or
//! loses the edit; a failed standard output is exit 2; a folder holding
//! links out of it, a non-policy XML with a secret, `.git/`, `target/`,
//! `node_modules/`, an unreadable file and a dangling link is checked
//! without showing or opening what is not a policy, with valid JSON and
//! exit 0 or 1.
#![cfg(unix)]

mod common;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn ief() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ief"));
    c.env("NO_COLOR", "1");
    c
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_faults")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn starter(file: &str) -> String {
    let p = common::conformance_dir()
        .join("starterpack/SocialAndLocalAccounts")
        .join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// A large policy that is not canonical: the starter pack's base with
/// `copies` extra sets of claim types, indented with tabs.
fn large_policy(copies: usize) -> String {
    let base = starter("TrustFrameworkBase.xml");
    let mut extra = String::new();
    for n in 0..copies {
        for k in 0..50 {
            extra.push_str(&format!(
                "\t<ClaimType Id=\"bulk{n}x{k}\">\n\t\t<DisplayName>Bulk claim {n} {k} with a long enough display name to take space</DisplayName>\n\t\t<DataType>string</DataType>\n\t\t<UserHelpText>Help text for the bulk claim {n} {k}, only here to make the file large.</UserHelpText>\n\t</ClaimType>\n"
            ));
        }
    }
    base.replacen("<ClaimsSchema>", &format!("<ClaimsSchema>\n{extra}"), 1)
}

fn canonical(text: &str) -> String {
    let imported = ief::import::import_str(text, "x.xml").expect("imports");
    ief::emit::to_xml(&imported.policy).expect("emits")
}

fn run_json(args: &[&str]) -> (Option<i32>, serde_json::Value, String, String) {
    let out: Output = ief().args(args).output().expect("run ief");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{stdout}\nstderr: {stderr}"));
    (out.status.code(), doc, stdout, stderr)
}

#[test]
fn fmt_write_killed_at_any_moment_leaves_the_original_or_the_formatted_file() {
    let dir = scratch("kill");
    let file = dir.join("TrustFrameworkBase.xml");
    let original = large_policy(150);
    let formatted = canonical(&original);
    assert_ne!(original, formatted);
    assert!(original.len() > 2_000_000, "{} bytes", original.len());
    // How long an uninterrupted run takes, to spread the kills over it.
    std::fs::write(&file, &original).expect("write");
    let t0 = Instant::now();
    let status = ief()
        .args(["fmt", "--write"])
        .arg(&file)
        .status()
        .expect("run");
    let full = t0.elapsed();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(&file).expect("read"), formatted);
    let mut outcomes = [0usize; 2];
    for i in 0..12u32 {
        std::fs::write(&file, &original).expect("write");
        let mut child = ief()
            .args(["fmt", "--write"])
            .arg(&file)
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(full.mul_f64(f64::from(i) / 12.0 + 0.02));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read_to_string(&file).expect("read");
        if now == original {
            outcomes[0] += 1;
        } else if now == formatted {
            outcomes[1] += 1;
        } else {
            panic!(
                "kill {i}: the file is neither the original nor the formatted file ({} bytes)",
                now.len()
            );
        }
    }
    assert!(
        outcomes[0] > 0,
        "no kill landed before the rename: {outcomes:?}"
    );
    // A temporary file left by a kill is hidden, so `check` passes it over.
    let (code, doc, ..) = run_json(&["check", "--format", "json", &dir.display().to_string()]);
    assert!(matches!(code, Some(0 | 1)), "{doc}");
    assert_eq!(doc["files"], 1, "{doc}");
}

#[test]
fn fmt_write_under_a_file_size_limit_leaves_the_original() {
    let dir = scratch("fsize");
    let file = dir.join("TrustFrameworkBase.xml");
    let original = large_policy(20);
    std::fs::write(&file, &original).expect("write");
    let mut cmd = ief();
    cmd.args(["fmt", "--write"]).arg(&file);
    // The limit stops any write past 64 KiB: the temporary file cannot be
    // completed, so it must never replace the original.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 64 * 1024,
                rlim_max: 64 * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // Report EFBIG instead of dying of SIGXFSZ.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = cmd.output().expect("run");
    assert_ne!(out.status.code(), Some(0), "the write cannot succeed");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        original,
        "the original is intact"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not rewritten"), "{stderr}");
}

#[test]
fn an_edit_saved_while_fmt_write_runs_is_never_lost() {
    let dir = scratch("race");
    let file = dir.join("TrustFrameworkBase.xml");
    let original = large_policy(40);
    let formatted_original = canonical(&original);
    let edit = original.replace("Bulk claim 0 0", "Edited by the user");
    let formatted_edit = canonical(&edit);
    std::fs::write(&file, &original).expect("write");
    let t0 = Instant::now();
    assert!(ief()
        .args(["fmt", "--write"])
        .arg(&file)
        .status()
        .expect("run")
        .success());
    let full = t0.elapsed();
    let mut concurrent = 0;
    for i in 0..12u32 {
        std::fs::write(&file, &original).expect("write");
        let mut child = ief()
            .args(["fmt", "--write"])
            .arg(&file)
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(full.mul_f64(f64::from(i) / 12.0));
        // The editor saves while ief may still be running.
        let running = child.try_wait().expect("wait").is_none();
        std::fs::write(&file, &edit).expect("the edit");
        let _ = child.wait();
        if running {
            concurrent += 1;
        }
        let now = std::fs::read_to_string(&file).expect("read");
        assert_ne!(now, formatted_original, "run {i}: the user's edit was lost");
        // The edit, or the edit formatted (ief read it after the save):
        // never the original formatted over it, never a partial file.
        assert!(
            now == edit || now == formatted_edit,
            "run {i}: unexpected content ({} bytes)",
            now.len()
        );
    }
    assert!(
        concurrent >= 6,
        "only {concurrent} edits raced a running fmt"
    );
}

#[test]
fn a_failed_standard_output_is_exit_2() {
    let dir = scratch("devfull");
    let file = dir.join("TrustFrameworkBase.xml");
    std::fs::write(&file, starter("TrustFrameworkBase.xml")).expect("write");
    let full = || std::fs::File::create("/dev/full").expect("/dev/full");
    for args in [
        vec!["check".to_owned(), dir.display().to_string()],
        vec![
            "check".to_owned(),
            "--format".to_owned(),
            "json".to_owned(),
            dir.display().to_string(),
        ],
        vec!["fmt".to_owned(), file.display().to_string()],
        vec!["explain".to_owned()],
    ] {
        let out = ief().args(&args).stdout(full()).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
    // A closed pipe is not an error message.
    let mut child = ief()
        .arg("explain")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn a_folder_with_links_secrets_and_junk_is_checked_without_leaking() {
    let root = scratch("hostile");
    let dir = root.join("policies");
    std::fs::create_dir_all(&dir).expect("dir");
    // The set itself.
    for f in [
        "TrustFrameworkBase.xml",
        "TrustFrameworkLocalization.xml",
        "TrustFrameworkExtensions.xml",
        "SignUpOrSignin.xml",
    ] {
        std::fs::write(dir.join(f), starter(f)).expect("write");
    }
    // An app config with a secret: XML, not a policy.
    std::fs::write(
        dir.join("appsettings.xml"),
        "<configuration>\n  <add key=\"ClientSecret\" value=\"S3CRET-do-not-print\"/>\n</configuration>\n",
    )
    .expect("write");
    // A link to a file outside the folder: a FIFO, which would block
    // anyone who opened it.
    let outside = root.join("outside.xml");
    mkfifo(&outside);
    std::os::unix::fs::symlink(&outside, dir.join("linked.xml")).expect("link");
    // A dangling link (not hidden), and an editor's lock file (hidden).
    std::os::unix::fs::symlink(root.join("gone.xml"), dir.join("Dangling.xml")).expect("link");
    std::os::unix::fs::symlink(root.join("gone.xml"), dir.join(".#TrustFrameworkBase.xml"))
        .expect("link");
    // Folders people keep next to their policies.
    for junk in [".git", "target", "node_modules"] {
        std::fs::create_dir_all(dir.join(junk)).expect("dir");
        std::fs::write(
            dir.join(junk).join("Broken.xml"),
            "<TrustFrameworkPolicy>JUNK-FOLDER-TEXT",
        )
        .expect("write");
    }
    // An unreadable policy (root can read it anyway).
    let unreadable = dir.join("Unreadable.xml");
    std::fs::write(&unreadable, starter("ProfileEdit.xml")).expect("write");
    std::fs::set_permissions(
        &unreadable,
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .expect("chmod");
    let can_read = std::fs::read(&unreadable).is_ok();

    let run = |format: &str| {
        let mut child = ief()
            .args(["check", "--format", format])
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let t0 = Instant::now();
        while child.try_wait().expect("wait").is_none() {
            if t0.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("ief check hung (did it open the FIFO behind the link?)");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().expect("output")
    };
    let json = run("json");
    let human = run("human");
    std::fs::set_permissions(
        &unreadable,
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .expect("chmod back");
    for out in [&json, &human] {
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("S3CRET"), "the secret was shown:\n{all}");
        assert!(
            !all.contains("JUNK-FOLDER-TEXT"),
            "a junk folder was read:\n{all}"
        );
        assert!(
            !all.contains(".#TrustFrameworkBase"),
            "the lock file was read:\n{all}"
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "exit {:?}:\n{all}",
            out.status.code()
        );
    }
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    let files_with = |name: &str| {
        diags
            .iter()
            .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with(name)))
            .count()
    };
    assert_eq!(files_with("appsettings.xml"), 0);
    assert_eq!(files_with("linked.xml"), 0);
    assert!(
        diags.iter().any(|d| d["code"] == "E001"
            && d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("Dangling.xml"))),
        "the dangling link is a finding: {doc}"
    );
    let skipped: Vec<&str> = doc["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .filter_map(|s| s["file"].as_str())
        .collect();
    assert!(
        skipped.iter().any(|f| f.ends_with("appsettings.xml")),
        "{doc}"
    );
    assert!(skipped.iter().any(|f| f.ends_with("linked.xml")), "{doc}");
    if can_read {
        // Running as root: the file is read and checked like the others.
        assert!(
            !diags.iter().any(|d| d["code"] == "E001"
                && d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with("Unreadable.xml"))),
            "{doc}"
        );
    } else {
        assert!(
            diags.iter().any(|d| d["code"] == "E001"
                && d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with("Unreadable.xml"))),
            "the unreadable file is a finding: {doc}"
        );
    }
    // The four policies were checked.
    assert!(doc["files"].as_u64().is_some_and(|n| n >= 5), "{doc}");
}

#[test]
fn control_characters_in_names_and_text_are_shown_not_sent() {
    let dir = scratch("escapes");
    let name = dir.join("Evil\u{1b}[31m.xml");
    let text = starter("SignUpOrSignin.xml").replace(
        "<DefaultUserJourney ReferenceId=\"SignUpOrSignIn\" />",
        "<DefaultUserJourney ReferenceId=\"Sign\u{1b}]0;pwned\u{7}In\" />",
    );
    std::fs::write(&name, text).expect("write");
    let out = ief().arg("check").arg(&dir).output().expect("run");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains('\u{1b}'),
        "an escape reached the terminal:\n{all:?}"
    );
    assert!(!all.contains('\u{7}'), "a bell reached the terminal");
    assert!(all.contains('\u{241b}'), "the escape is shown: {all}");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = starter("TrustFrameworkBase.xml");
    let mut child = ief()
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(text.as_bytes()).expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), canonical(&text));

    let mut child = ief()
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(text.as_bytes()).expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["files"], 1, "{doc}");
    assert_eq!(doc["errors"], 0, "{doc}");
}

#[test]
fn a_fatal_error_is_still_one_json_document() {
    let (code, doc, ..) = run_json(&["check", "--format", "json", "/no/such/folder"]);
    assert_eq!(code, Some(2));
    assert!(
        doc["fatal"]
            .as_str()
            .is_some_and(|m| m.contains("no such file")),
        "{doc}"
    );
    let empty = scratch("empty");
    let (code, doc, ..) = run_json(&["check", "--format", "json", &empty.display().to_string()]);
    assert_eq!(code, Some(2));
    assert!(doc["fatal"].is_string(), "{doc}");
}

#[test]
fn a_policy_with_a_mistyped_root_is_a_finding_not_skipped() {
    let dir = scratch("mistyped-root");
    let text = starter("SignUpOrSignin.xml")
        .replace("<TrustFrameworkPolicy", "<TrustFrameworkPolicyy")
        .replace("</TrustFrameworkPolicy>", "</TrustFrameworkPolicyy>");
    std::fs::write(dir.join("SignUpOrSignin.xml"), text).expect("write");
    let (code, doc, ..) = run_json(&["check", "--format", "json", &dir.display().to_string()]);
    assert_eq!(code, Some(1), "{doc}");
    assert_eq!(doc["skipped"].as_array().map(Vec::len), Some(0), "{doc}");
    assert!(
        doc["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["code"] == "E001" && d["line"].is_u64())),
        "{doc}"
    );
}

#[test]
fn a_utf16_set_checks_the_same_as_its_utf8_original() {
    let utf8 = scratch("utf8-set");
    let utf16 = scratch("utf16-set");
    for f in [
        "TrustFrameworkBase.xml",
        "TrustFrameworkLocalization.xml",
        "TrustFrameworkExtensions.xml",
        "SignUpOrSignin.xml",
    ] {
        let text = starter(f);
        std::fs::write(utf8.join(f), &text).expect("write");
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        std::fs::write(utf16.join(f), bytes).expect("write");
    }
    let facts = |doc: &serde_json::Value, dir: &Path| -> Vec<String> {
        let prefix = dir.display().to_string();
        doc["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                format!(
                    "{} {} {} {} {}",
                    d["code"],
                    d["file"].as_str().unwrap_or("").trim_start_matches(&prefix),
                    d["line"],
                    d["column"],
                    d["message"].as_str().unwrap_or("").replace(&prefix, "")
                )
            })
            .collect()
    };
    let (c8, d8, ..) = run_json(&["check", "--format", "json", &utf8.display().to_string()]);
    let (c16, d16, ..) = run_json(&["check", "--format", "json", &utf16.display().to_string()]);
    assert_eq!(c8, c16);
    assert_eq!(facts(&d8, &utf8), facts(&d16, &utf16));
    let notes = d16["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 4, "{d16}");
    assert!(
        notes.iter().all(|n| n["message"]
            .as_str()
            .is_some_and(|m| m.contains("UTF-16LE") && m.contains("UTF-8"))),
        "{d16}"
    );
}
