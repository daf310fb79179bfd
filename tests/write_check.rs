//! `PolicySet::write_to` and `PolicySet::emit` check the set before
//! anything is written: a set with faults is refused with one finding per
//! fault, located in the XML that would have been written, and nothing
//! reaches the disk; a valid set is written atomically, and files whose
//! bytes are unchanged are left alone.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use ief::check::set::Report;
use ief::emit::WriteError;
use ief::prelude::*;

const TENANT: &str = "contoso.onmicrosoft.com";

mod policies {
    ief::declare! {
        pub policy base = "B2C_1A_WC_Base" {
            claims {
                OBJECT_ID: Str = "objectId";
                EMAIL: Str = "email";
            }
            profiles {
                provider "Directory and issuer" {
                    READ = "AAD-Read";
                    JWT_ISSUER = "JwtIssuer";
                }
            }
            journeys {
                SIGN_IN = "SignIn";
            }
        }
        pub policy relying_party = "B2C_1A_WC_SignIn": base {}
    }
}

use policies::base::claims::{EMAIL, OBJECT_ID};
use policies::base::journeys::SIGN_IN;
use policies::base::profiles::{JWT_ISSUER, READ};
use policies::{base, relying_party};

/// The faults a test seeds into the otherwise valid set.
#[derive(Debug, Clone, Copy, Default)]
struct Faults {
    /// `email` declared twice in the base (D001).
    duplicate_claim: bool,
    /// A claim type with the id "" in the base (I001).
    empty_id: bool,
    /// The relying party's PolicyId has a space (P007).
    bad_policy_id: bool,
    /// The journey's exchange names a profile nobody defines (R003).
    dangling_reference: bool,
    /// The journey's first step has `Order="0"` (J001).
    order_zero: bool,
    /// The tenant is a `{Settings:Tenant}` placeholder (W002 only).
    tenant_placeholder: bool,
    /// Another display name for the email claim (different bytes, still
    /// valid).
    renamed: bool,
}

const ALL_FOUR: Faults = Faults {
    duplicate_claim: true,
    empty_id: true,
    bad_policy_id: true,
    dangling_reference: true,
    order_zero: false,
    tenant_placeholder: false,
    renamed: false,
};

fn base_policy(f: Faults, tenant: &str) -> TrustFrameworkPolicy<base::Policy> {
    let email_name = if f.renamed { "E-mail" } else { "Email" };
    let exchange_target: ProfileRef<base::Policy> = if f.dangling_reference {
        ProfileRef::from_string("AAD-ReadMissing").into()
    } else {
        READ
    };
    let mut policy = base::Definitions {
        object_id: ClaimType::declare(&OBJECT_ID)
            .display_name("Object id")
            .build(),
        email: ClaimType::declare(&EMAIL).display_name(email_name).build(),
        read: TechnicalProfile::new(READ)
            .protocol(Protocol::proprietary(handlers::AZURE_ACTIVE_DIRECTORY))
            .metadata(metadata! { "Operation" => "Read" })
            // Optional: nothing before the first step outputs it (a
            // required one would be F001, an input no step can feed).
            .input_claims(vec![ProfileClaim::new(&OBJECT_ID)])
            .output_claims(vec![
                ProfileClaim::new(&EMAIL),
                ProfileClaim::new(&OBJECT_ID),
            ])
            .build(),
        jwt_issuer: TechnicalProfile::new(JWT_ISSUER)
            .protocol(Protocol::new(ProtocolName::OpenIdConnect))
            .output_token_format(TokenFormat::Jwt)
            .build(),
        sign_in: UserJourney::new(SIGN_IN)
            .steps(vec![
                OrchestrationStep::builder()
                    .order(if f.order_zero { 0 } else { 1 })
                    .step_type(StepType::ClaimsExchange)
                    .exchanges(ClaimsExchanges::from(vec![ClaimsExchange::new(
                        ExchangeRef::new("Read"),
                        exchange_target,
                    )]))
                    .build(),
                OrchestrationStep::builder()
                    .order(2)
                    .step_type(StepType::SendClaims)
                    .cpim_issuer(JWT_ISSUER)
                    .build(),
            ])
            .build(),
    }
    .into_policy(tenant);
    // The escape hatch for ids known only at run time: checked when the
    // set is written, not while compiling.
    if f.duplicate_claim {
        policy.building_blocks.claims_schema.push(
            ClaimType::declare(&Claim::<Str, Unchecked>::from_string("email").used_in())
                .display_name("Email again")
                .build(),
        );
    }
    if f.empty_id {
        policy.building_blocks.claims_schema.push(
            ClaimType::declare(&Claim::<Str, Unchecked>::from_string("").used_in())
                .display_name("No id")
                .build(),
        );
    }
    policy
}

fn relying_party_policy(f: Faults, tenant: &str) -> TrustFrameworkPolicy<relying_party::Policy> {
    let mut policy = relying_party::Definitions {}
        .into_policy(tenant)
        .with_relying_party(
            RelyingParty::builder()
                .default_user_journey(&SIGN_IN)
                .technical_profiles(vec![TechnicalProfile::new(ProfileRef::policy_profile())
                    .protocol(Protocol::new(ProtocolName::OpenIdConnect))
                    .output_claims(vec![
                        ProfileClaim::new(&OBJECT_ID).partner("sub"),
                        ProfileClaim::new(&EMAIL),
                    ])
                    .subject_naming_info(SubjectNamingInfo::builder().claim_type("sub").build())
                    .build()])
                .build(),
        );
    if f.bad_policy_id {
        policy.policy_id = PolicyRef::from_string("B2C_1A_WC SignIn").into();
    }
    policy
}

fn set(f: Faults) -> PolicySet {
    let tenant = if f.tenant_placeholder {
        "{Settings:Tenant}"
    } else {
        TENANT
    };
    PolicySet::new()
        .with("Base.xml", base_policy(f, tenant))
        .with("SignIn.xml", relying_party_policy(f, tenant))
}

/// A folder under the test's temp dir that does not exist yet.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("write_check")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clear the test folder");
    }
    dir
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

/// Sets a file's mtime to a fixed time long ago, so that any rewrite is
/// seen whatever the file system's timestamp resolution.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
    assert_eq!(mtime(path), old);
    old
}

/// The report of a refused write.
fn refused(result: Result<impl std::fmt::Debug, WriteError>) -> (Report, String) {
    match result {
        Err(e @ WriteError::Check { .. }) => {
            let text = e.to_string();
            let WriteError::Check { report } = e else {
                unreachable!()
            };
            (report, text)
        }
        other => panic!("expected WriteError::Check, got {other:?}"),
    }
}

/// `(code, file, id)` of every error, sorted.
fn errors(report: &Report) -> Vec<(&str, &str, &str)> {
    let mut out: Vec<(&str, &str, &str)> = report
        .errors()
        .map(|d| (d.code, d.file.as_str(), d.id.as_deref().unwrap_or("")))
        .collect();
    out.sort();
    out
}

#[test]
fn the_valid_set_checks_clean() {
    let report = set(Faults::default()).check().expect("emits");
    assert!(
        report.diagnostics.is_empty(),
        "the valid set has findings:\n{}",
        report
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_faulty_set_is_refused_with_one_finding_per_fault_and_nothing_is_written() {
    let dir = fresh_dir("refused");
    let faulty = set(ALL_FOUR);
    let (report, text) = refused(faulty.write_to(&dir));
    assert_eq!(
        errors(&report),
        vec![
            ("D001", "Base.xml", "email"),
            ("I001", "Base.xml", ""),
            ("P007", "SignIn.xml", "B2C_1A_WC SignIn"),
            ("R003", "Base.xml", "AAD-ReadMissing"),
        ],
        "{text}"
    );
    assert_eq!(report.warnings().count(), 0, "{text}");
    assert!(!dir.exists(), "a refused write created {}", dir.display());

    // Every finding is listed on a line of its own, located, with its help.
    for d in &report.diagnostics {
        let pos = d.pos.expect("every finding has a position");
        let line = format!(
            "{}:{}:{}: error[{}]: {}",
            d.file, pos.line, pos.column, d.code, d.message
        );
        assert!(
            text.lines().any(|l| l == line),
            "missing `{line}` in:\n{text}"
        );
        let help = d.help.as_deref().expect("every new finding has help");
        assert!(
            text.contains(&format!("  = help: {help}")),
            "missing help in:\n{text}"
        );
    }

    // Positions are those of the XML that would have been written: each
    // points at the attribute holding the faulty id.
    let xml: Vec<(String, String)> = faulty
        .files()
        .map(|(name, p)| (name.to_owned(), ief::emit::to_xml(p).expect("emits")))
        .collect();
    let expected_attr = [
        ("D001", r#"Id="email""#),
        ("I001", r#"Id="""#),
        ("P007", r#"PolicyId="B2C_1A_WC SignIn""#),
        ("R003", r#"TechnicalProfileReferenceId="AAD-ReadMissing""#),
    ];
    for (code, attr) in expected_attr {
        let d = report
            .errors()
            .find(|d| d.code == code)
            .expect("the finding");
        let pos = d.pos.expect("position");
        let (_, text) = xml.iter().find(|(n, _)| *n == d.file).expect("file");
        let line = text
            .lines()
            .nth(pos.line as usize - 1)
            .expect("line in range");
        let at: String = line.chars().skip(pos.column as usize - 1).collect();
        assert!(
            at.starts_with(attr),
            "{code} points at `{at}`, not at `{attr}`"
        );
    }

    // A finding about an id made in Rust at run time names that Rust line
    // (the escape hatches are `#[track_caller]`).
    let dangling = report.errors().find(|d| d.code == "R003").expect("R003");
    let source = include_str!("write_check.rs");
    let made_at = source
        .lines()
        .position(|l| l.contains(r#"ProfileRef::from_string("AAD-ReadMissing")"#))
        .expect("the escape hatch's line")
        + 1;
    assert_eq!(dangling.origins.len(), 1, "{dangling:?}");
    assert!(
        dangling.origins[0].ends_with(&format!("write_check.rs:{made_at}:9")),
        "{:?} is not tests/write_check.rs:{made_at}:9",
        dangling.origins
    );
    assert!(
        text.contains(&format!(
            "  = note: the id was made in Rust at {}",
            dangling.origins[0]
        )),
        "{text}"
    );
    let duplicate = report.errors().find(|d| d.code == "D001").expect("D001");
    assert_eq!(duplicate.origins.len(), 1, "{duplicate:?}");

    // emit() refuses the same way; check() returns the same report.
    let (again, _) = refused(faulty.emit());
    assert_eq!(again, report);
    assert_eq!(faulty.check().expect("emits"), report);
}

#[test]
fn a_refused_write_leaves_an_existing_folder_alone() {
    let dir = fresh_dir("refused-existing");
    let paths = set(Faults::default()).write_to(&dir).expect("valid set");
    let before: Vec<(Vec<u8>, SystemTime)> = paths
        .iter()
        .map(|p| (std::fs::read(p).expect("read"), age(p)))
        .collect();
    let names = listing(&dir);

    let changed = Faults {
        renamed: true,
        ..ALL_FOUR
    };
    refused(set(changed).write_to(&dir));

    assert_eq!(listing(&dir), names, "a refused write added files");
    for (p, (bytes, time)) in paths.iter().zip(before) {
        assert_eq!(std::fs::read(p).expect("read"), bytes, "{}", p.display());
        assert_eq!(mtime(p), time, "{} was touched", p.display());
    }
}

#[test]
fn order_zero_is_refused_as_j001() {
    let dir = fresh_dir("order-zero");
    let (report, text) = refused(
        set(Faults {
            order_zero: true,
            ..Faults::default()
        })
        .write_to(&dir),
    );
    assert_eq!(
        errors(&report),
        vec![("J001", "Base.xml", "SignIn")],
        "{text}"
    );
    assert!(text.contains("order 0"), "{text}");
    assert!(!dir.exists());
}

#[test]
fn a_valid_set_is_written_and_unchanged_bytes_are_not_rewritten() {
    let dir = fresh_dir("valid");
    let valid = set(Faults::default());
    let written = valid.write_checked(&dir).expect("valid set");
    assert!(written.report.diagnostics.is_empty());
    assert_eq!(
        written.paths,
        vec![dir.join("Base.xml"), dir.join("SignIn.xml")]
    );
    // Exactly the set's files: no temporary file is left behind.
    assert_eq!(listing(&dir), vec!["Base.xml", "SignIn.xml"]);
    for ((name, xml), path) in valid.emit().expect("emits").iter().zip(&written.paths) {
        assert_eq!(&std::fs::read_to_string(path).expect("read"), xml, "{name}");
    }

    // A second write of the same bytes touches nothing.
    let times: Vec<SystemTime> = written.paths.iter().map(|p| age(p)).collect();
    assert_eq!(valid.write_to(&dir).expect("again"), written.paths);
    for (p, t) in written.paths.iter().zip(&times) {
        assert_eq!(mtime(p), *t, "{} was rewritten", p.display());
    }

    // Changed bytes replace the file (and only that file).
    let renamed = set(Faults {
        renamed: true,
        ..Faults::default()
    });
    renamed.write_to(&dir).expect("renamed set");
    let base = dir.join("Base.xml");
    assert_ne!(mtime(&base), times[0], "Base.xml was not rewritten");
    assert!(std::fs::read_to_string(&base)
        .expect("read")
        .contains("<DisplayName>E-mail</DisplayName>"));
    assert_eq!(mtime(&dir.join("SignIn.xml")), times[1]);
    assert_eq!(listing(&dir), vec!["Base.xml", "SignIn.xml"]);
}

#[cfg(unix)]
#[test]
fn written_files_get_the_usual_permissions_and_replaced_ones_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fresh_dir("permissions");
    let paths = set(Faults::default()).write_to(&dir).expect("valid set");
    // A file written with std::fs::write gets 0666 less the umask; so do
    // ours (not the 0600 of a bare temporary file).
    let plain = dir.join("plain.txt");
    std::fs::write(&plain, "x").expect("write");
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    for p in &paths {
        assert_eq!(mode(p), mode(&plain), "{}", p.display());
    }
    std::fs::set_permissions(&paths[0], std::fs::Permissions::from_mode(0o640)).expect("chmod");
    set(Faults {
        renamed: true,
        ..Faults::default()
    })
    .write_to(&dir)
    .expect("renamed set");
    assert_eq!(mode(&paths[0]), 0o640);
}

#[test]
fn warnings_do_not_stop_a_write_and_are_handed_back() {
    let dir = fresh_dir("warnings");
    // A `{Settings:…}` placeholder as the tenant: not a TenantId by the
    // XSD, but a known templating pattern, so a warning (W002), not P008.
    let written = set(Faults {
        tenant_placeholder: true,
        ..Faults::default()
    })
    .write_checked(&dir)
    .expect("warnings do not refuse");
    assert_eq!(written.report.errors().count(), 0);
    let codes: Vec<(&str, &str)> = written
        .report
        .warnings()
        .map(|d| (d.code, d.file.as_str()))
        .collect();
    assert_eq!(codes, vec![("W002", "Base.xml"), ("W002", "SignIn.xml")]);
    assert_eq!(listing(&dir), vec!["Base.xml", "SignIn.xml"]);
    let checked = set(Faults {
        tenant_placeholder: true,
        ..Faults::default()
    })
    .emit_checked()
    .expect("warnings do not refuse");
    assert_eq!(checked.report, written.report);
}

// A policy written in Rust on top of a base kept as XML: the base is read
// at compile time (typed handles, scope) and given to the set as context.
ief::include_policy!(pub policy qs_base = "generated/quickstart/TrustFrameworkBase.xml");

ief::declare! {
    pub policy xml_ext = "B2C_1A_WC_OnXml": qs_base {
        claims {
            LOYALTY_ID: Str = "loyaltyId";
        }
    }
}

#[test]
fn a_rust_policy_on_an_xml_base_is_checked_with_that_base() {
    let ext = xml_ext::Definitions {
        loyalty_id: ClaimType::declare(&xml_ext::claims::LOYALTY_ID)
            .display_name("Loyalty number")
            .build(),
    }
    .into_policy(TENANT);

    // Alone, its base is missing from the set.
    match PolicySet::new().with("OnXml.xml", ext.clone()).emit() {
        Err(WriteError::Check { report }) => {
            let codes: Vec<&str> = report.errors().map(|d| d.code).collect();
            assert_eq!(codes, vec!["P001"], "{report:?}");
        }
        other => panic!("expected P001, got {other:?}"),
    }

    // With the XML base as context it checks, and only the Rust policy is
    // written.
    let files = PolicySet::new()
        .with_existing(qs_base::FILE_NAME, qs_base::XML)
        .with("OnXml.xml", ext)
        .emit()
        .expect("checked together with its XML base");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "OnXml.xml");
    assert!(files[0]
        .1
        .contains("<PolicyId>B2C_1A_QS_TrustFrameworkBase</PolicyId>"));
}
