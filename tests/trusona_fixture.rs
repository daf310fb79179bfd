//! The policy that the Trusona Authentication Cloud article has readers
//! write (tests/fixtures/trusona: its extensions file and its relying
//! party), checked on the starter-pack set it is meant for and on the one
//! the article names.
//!
//! The fixture keeps the article's defects as the article has them. The
//! checker must find those it can see: the repeated metadata key (T001),
//! issuerUserId listed twice (T002, a warning: B2C accepts it), `surName`
//! for `surname` (W001, a warning: B2C resolves it ignoring case), and
//! `correlationId`, an output claim of the relying party that no
//! starter-pack file defines (R001). On
//! the LocalAccounts set, which the article says to start from, the social
//! profiles and transformations its journey uses do not exist (R003, R002).
//!
//! The starter-pack files (Base and Localization) are copied at run time
//! into `CARGO_TARGET_TMPDIR`, next to the fixture files.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use ief::check::set::{check_set, Diagnostic, Report};
use ief::check::Severity;
use ief::import::{import_str, Imported};

const FIXTURE_EXT: &str = "TrustFrameworkExtensions.xml";
const FIXTURE_RP: &str = "SignUpOrSignin.xml";
const REPEATED_KEY: &str = "00001111-aaaa-2222-bbbb-3333cccc4444";

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trusona")
}

fn fixture(name: &str) -> String {
    let path = fixture_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A set shaped like the starter pack's `set`: its Base and Localization,
/// with the fixture as Extensions and relying party. Returns the folder.
fn stage(set: &str) -> PathBuf {
    let src = common::conformance_dir().join("starterpack").join(set);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("trusona")
        .join(set);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["TrustFrameworkBase.xml", "TrustFrameworkLocalization.xml"] {
        std::fs::copy(src.join(f), dir.join(f))
            .unwrap_or_else(|e| panic!("cannot copy {}/{f}: {e}", src.display()));
    }
    for f in [FIXTURE_EXT, FIXTURE_RP] {
        std::fs::write(dir.join(f), fixture(f)).unwrap();
    }
    dir
}

fn check(dir: &Path) -> Report {
    let mut files: Vec<Imported> = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let imported = import_str(&text, p.display().to_string())
            .unwrap_or_else(|e| panic!("{} does not import: {e:?}", p.display()));
        files.push(imported);
    }
    check_set(&files)
}

fn base_name(d: &Diagnostic) -> &str {
    Path::new(&d.file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(&d.file)
}

/// `(code, severity, file name, id)` of every diagnostic, sorted.
fn summary(report: &Report) -> Vec<(String, &'static str, String, String)> {
    let mut out: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.to_owned(),
                match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                base_name(d).to_owned(),
                d.id.clone().unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

fn expected(
    list: &[(&str, &'static str, &str, &str)],
) -> Vec<(String, &'static str, String, String)> {
    let mut out: Vec<_> = list
        .iter()
        .map(|(c, s, f, i)| (c.to_string(), *s, f.to_string(), i.to_string()))
        .collect();
    out.sort();
    out
}

fn listing(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "  {} {:?} {}:{:?} id={:?}: {}",
                d.code,
                d.severity,
                base_name(d),
                d.pos.map(|p| p.line),
                d.id,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 1-based line of the `nth` (1-based) occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str, nth: usize) -> u32 {
    let (at, _) = text
        .match_indices(needle)
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("`{needle}` does not occur {nth} time(s) in the fixture"));
    text[..at].matches('\n').count() as u32 + 1
}

/// The one diagnostic with this code and id in this file.
fn find<'r>(report: &'r Report, code: &str, file: &str, id: &str) -> &'r Diagnostic {
    let found: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == code && base_name(d) == file && d.id.as_deref() == Some(id))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {code} for `{id}` in {file}:\n{}",
        listing(report)
    );
    found[0]
}

fn exit_status(dir: &Path) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_ief"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run ief")
        .status
        .code()
}

#[test]
fn the_fixture_keeps_the_articles_defects() {
    let ext = fixture(FIXTURE_EXT);
    let rp = fixture(FIXTURE_RP);
    let key = format!(r#"<Item Key="{REPEATED_KEY}"></Item>"#);
    assert_eq!(ext.matches(&key).count(), 2, "the placeholder key twice");
    assert_eq!(
        ext.matches(
            r#"<OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="sub" />"#
        )
        .count(),
        2,
        "issuerUserId twice"
    );
    assert!(ext.contains(
        r#"<OutputClaim ClaimTypeReferenceId="surName" PartnerClaimType="family_name" />"#
    ));
    // The client secret's key as the article's XML names it (its text says
    // B2C_1A_TrusonaTacClientSecret; policy keys live in the tenant, so no
    // check of the policy files can see the difference).
    assert!(
        ext.contains(r#"<Key Id="client_secret" StorageReferenceId="B2C_1A_TrusonaTacSecret" />"#)
    );
    assert!(ext.contains(r#"PolicyId="B2C_1A_TrustFrameworkExtensions""#));
    assert!(ext.contains("<PolicyId>B2C_1A_TrustFrameworkLocalization</PolicyId>"));
    assert!(rp.contains(r#"<DefaultUserJourney ReferenceId="TrusonaTacSUSI" />"#));
    assert!(rp.contains(r#"<OutputClaim ClaimTypeReferenceId="correlationId" DefaultValue="{Context:CorrelationId}" />"#));
    for (name, text) in [(FIXTURE_EXT, &ext), (FIXTURE_RP, &rp)] {
        if let Err(e) = import_str(text, name) {
            panic!("{name} does not import: {e:?}");
        }
    }
}

#[test]
fn on_social_and_local_accounts_the_checker_finds_the_articles_defects() {
    let dir = stage("SocialAndLocalAccounts");
    let report = check(&dir);
    let ext = fixture(FIXTURE_EXT);
    let rp = fixture(FIXTURE_RP);

    // T001: the repeated placeholder key, at its second item.
    let t001 = find(&report, "T001", FIXTURE_EXT, REPEATED_KEY);
    assert_eq!(t001.severity, Severity::Error);
    let key = format!(r#"<Item Key="{REPEATED_KEY}">"#);
    assert_eq!(t001.pos.map(|p| p.line), Some(line_of(&ext, &key, 2)));
    assert!(
        t001.message.contains("TrusonaTAC-OpenIdConnect"),
        "{}",
        t001.message
    );

    // T002: issuerUserId twice, at the second; a warning: B2C accepts it
    // (Microsoft's own article has it).
    let t002 = find(&report, "T002", FIXTURE_EXT, "issuerUserId");
    assert_eq!(t002.severity, Severity::Warning);
    assert_eq!(
        t002.pos.map(|p| p.line),
        Some(line_of(&ext, r#"ClaimTypeReferenceId="issuerUserId""#, 2))
    );

    // W001: surName resolves to surname only ignoring case; a warning.
    let w001 = find(&report, "W001", FIXTURE_EXT, "surName");
    assert_eq!(w001.severity, Severity::Warning);
    assert_eq!(
        w001.pos.map(|p| p.line),
        Some(line_of(&ext, r#"ClaimTypeReferenceId="surName""#, 1))
    );
    assert!(w001.message.contains("`surname`"), "{}", w001.message);

    // R001: correlationId, an output claim of the article's relying party,
    // is not a claim type of the starter pack (the article does not say to
    // add one).
    let r001 = find(&report, "R001", FIXTURE_RP, "correlationId");
    assert_eq!(r001.severity, Severity::Error);
    assert_eq!(
        r001.pos.map(|p| p.line),
        Some(line_of(&rp, r#"ClaimTypeReferenceId="correlationId""#, 1))
    );

    // Everything it reports: the above, T008 for the placeholder key, the
    // starter pack's own two surName warnings, and the `yourtenant`
    // placeholder in each file.
    assert_eq!(
        summary(&report),
        expected(&[
            ("R001", "error", FIXTURE_RP, "correlationId"),
            // The relying party's `{Context:CorrelationId}` lacks
            // `AlwaysUseDefaultValue`, which B2C needs to resolve it there.
            ("W006", "warning", FIXTURE_RP, "{Context:CorrelationId}"),
            ("T001", "error", FIXTURE_EXT, REPEATED_KEY),
            ("T002", "warning", FIXTURE_EXT, "issuerUserId"),
            // The placeholder key, at each of its two items: no key an
            // OpenID Connect profile documents.
            ("T008", "warning", FIXTURE_EXT, REPEATED_KEY),
            ("T008", "warning", FIXTURE_EXT, REPEATED_KEY),
            ("W001", "warning", FIXTURE_EXT, "surName"),
            ("W001", "warning", "TrustFrameworkBase.xml", "surName"),
            ("W001", "warning", "TrustFrameworkBase.xml", "surName"),
            ("W002", "warning", FIXTURE_EXT, REPEATED_KEY),
            ("W002", "warning", FIXTURE_EXT, "yourtenant"),
            ("W002", "warning", FIXTURE_RP, "yourtenant"),
            ("W002", "warning", "TrustFrameworkBase.xml", "yourtenant"),
            (
                "W002",
                "warning",
                "TrustFrameworkLocalization.xml",
                "yourtenant"
            ),
        ]),
        "full report:\n{}",
        listing(&report)
    );
    assert_eq!(exit_status(&dir), Some(1));
}

#[test]
fn on_local_accounts_the_social_parts_of_the_journey_do_not_exist() {
    let dir = stage("LocalAccounts");
    let report = check(&dir);

    for profile in [
        "SM-SocialLogin",
        "AAD-UserReadUsingAlternativeSecurityId-NoError",
        "SelfAsserted-Social",
        "AAD-UserWriteUsingAlternativeSecurityId",
    ] {
        let d = find(&report, "R003", FIXTURE_EXT, profile);
        assert_eq!(d.severity, Severity::Error);
        assert!(d.pos.is_some(), "R003 {profile} is located");
    }
    for transform in [
        "CreateRandomUPNUserName",
        "CreateUserPrincipalName",
        "CreateAlternativeSecurityId",
        "CreateSubjectClaimFromAlternativeSecurityId",
    ] {
        let d = find(&report, "R002", FIXTURE_EXT, transform);
        assert_eq!(d.severity, Severity::Error);
        assert!(d.pos.is_some(), "R002 {transform} is located");
    }

    // Everything it reports. LocalAccounts has no issuerUserId claim type
    // either (its base calls that claim socialIdpUserId), so both output
    // claims naming it are R001 as well as the T002 duplicate.
    assert_eq!(
        summary(&report),
        expected(&[
            ("R001", "error", FIXTURE_RP, "correlationId"),
            // The relying party's `{Context:CorrelationId}` lacks
            // `AlwaysUseDefaultValue`, which B2C needs to resolve it there.
            ("W006", "warning", FIXTURE_RP, "{Context:CorrelationId}"),
            ("R001", "error", FIXTURE_EXT, "issuerUserId"),
            ("R001", "error", FIXTURE_EXT, "issuerUserId"),
            ("R002", "error", FIXTURE_EXT, "CreateAlternativeSecurityId"),
            ("R002", "error", FIXTURE_EXT, "CreateRandomUPNUserName"),
            (
                "R002",
                "error",
                FIXTURE_EXT,
                "CreateSubjectClaimFromAlternativeSecurityId"
            ),
            ("R002", "error", FIXTURE_EXT, "CreateUserPrincipalName"),
            (
                "R003",
                "error",
                FIXTURE_EXT,
                "AAD-UserReadUsingAlternativeSecurityId-NoError"
            ),
            (
                "R003",
                "error",
                FIXTURE_EXT,
                "AAD-UserWriteUsingAlternativeSecurityId"
            ),
            ("R003", "error", FIXTURE_EXT, "SM-SocialLogin"),
            ("R003", "error", FIXTURE_EXT, "SelfAsserted-Social"),
            ("T001", "error", FIXTURE_EXT, REPEATED_KEY),
            ("T002", "warning", FIXTURE_EXT, "issuerUserId"),
            // The placeholder key, at each of its two items: no key an
            // OpenID Connect profile documents.
            ("T008", "warning", FIXTURE_EXT, REPEATED_KEY),
            ("T008", "warning", FIXTURE_EXT, REPEATED_KEY),
            ("W001", "warning", FIXTURE_EXT, "surName"),
            ("W001", "warning", "TrustFrameworkBase.xml", "surName"),
            ("W001", "warning", "TrustFrameworkBase.xml", "surName"),
            ("W002", "warning", FIXTURE_EXT, REPEATED_KEY),
            ("W002", "warning", FIXTURE_EXT, "yourtenant"),
            ("W002", "warning", FIXTURE_RP, "yourtenant"),
            ("W002", "warning", "TrustFrameworkBase.xml", "yourtenant"),
            (
                "W002",
                "warning",
                "TrustFrameworkLocalization.xml",
                "yourtenant"
            ),
        ]),
        "full report:\n{}",
        listing(&report)
    );
    assert_eq!(exit_status(&dir), Some(1));
}
