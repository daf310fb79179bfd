//! The security rules S002–S008 through the CLI: for each rule, a fault
//! seeded into the starter pack's SocialAndLocalAccounts set (a claims
//! provider added to its extensions file) is reported with its code, the
//! technical profile's id and the line of the item, and `ief check` exits
//! 1 for an error (for a warning: 0, and 1 with `--deny-warnings`); the
//! same provider fixed is clean. Then the whole starter pack (all 57
//! files, each in the set it belongs to) is checked and the exact list of
//! S002–S008 findings asserted: none, also when checked as production.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use ief::check::set::{check_set_with, CheckOptions, Diagnostic};
use ief::import::Imported;

const REST: &str = "Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";

/// A claims provider with one technical profile `id` (protocol line
/// `protocol`) holding `body` (its metadata, keys, claims).
fn provider(id: &str, protocol: &str, body: &str) -> String {
    format!(
        "    <ClaimsProvider>\n      <DisplayName>Seeded</DisplayName>\n      <TechnicalProfiles>\n        <TechnicalProfile Id=\"{id}\">\n          {protocol}\n{body}        </TechnicalProfile>\n      </TechnicalProfiles>\n    </ClaimsProvider>\n"
    )
}

fn rest(id: &str, items: &str) -> String {
    provider(
        id,
        &format!("<Protocol Name=\"Proprietary\" Handler=\"{REST}\" />"),
        &format!(
            "          <Metadata>\n{items}          </Metadata>\n          <CryptographicKeys>\n            <Key Id=\"BasicAuthenticationUsername\" StorageReferenceId=\"B2C_1A_RestApiUsername\" />\n            <Key Id=\"BasicAuthenticationPassword\" StorageReferenceId=\"B2C_1A_RestApiPassword\" />\n          </CryptographicKeys>\n"
        ),
    )
}

fn saml(id: &str, items: &str) -> String {
    provider(
        id,
        "<Protocol Name=\"SAML2\" />",
        &format!(
            "          <Metadata>\n{items}          </Metadata>\n          <CryptographicKeys>\n            <Key Id=\"SamlMessageSigning\" StorageReferenceId=\"B2C_1A_SamlSigningCert\" />\n          </CryptographicKeys>\n"
        ),
    )
}

fn oidc(id: &str, metadata: &str) -> String {
    provider(
        id,
        "<Protocol Name=\"OpenIdConnect\" />",
        &format!(
            "          <Metadata>\n            <Item Key=\"METADATA\">{metadata}</Item>\n            <Item Key=\"client_id\">3fa85f64-5717-4562-b3fc-2c963f66afa6</Item>\n            <Item Key=\"response_types\">code</Item>\n          </Metadata>\n          <CryptographicKeys>\n            <Key Id=\"client_secret\" StorageReferenceId=\"B2C_1A_ContosoSecret\" />\n          </CryptographicKeys>\n"
        ),
    )
}

fn item(key: &str, value: &str) -> String {
    format!("            <Item Key=\"{key}\">{value}</Item>\n")
}

/// One rule's seeded fault and its fix.
struct Case {
    code: &'static str,
    error: bool,
    id: &'static str,
    /// The provider with the fault.
    fault: String,
    /// A text on the line the finding points at (unique in the set).
    marker: &'static str,
    /// The provider fixed.
    fixed: String,
}

fn cases() -> Vec<Case> {
    let https = item("ServiceUrl", "https://api.contoso.com/loyalty");
    let basic = item("AuthenticationType", "Basic");
    vec![
        Case {
            code: "S002",
            error: true,
            id: "REST-Loyalty",
            fault: rest(
                "REST-Loyalty",
                &format!("{https}{}", item("AuthenticationType", "None")),
            ),
            marker: "<Item Key=\"AuthenticationType\">None</Item>",
            fixed: rest("REST-Loyalty", &format!("{https}{basic}")),
        },
        Case {
            code: "S003",
            error: false,
            id: "REST-Loyalty",
            fault: rest(
                "REST-Loyalty",
                &format!(
                    "{https}{basic}{}",
                    item("AllowInsecureAuthInProduction", "true")
                ),
            ),
            marker: "<Item Key=\"AllowInsecureAuthInProduction\">true</Item>",
            fixed: rest("REST-Loyalty", &format!("{https}{basic}")),
        },
        Case {
            code: "S004",
            error: false,
            id: "REST-Loyalty",
            fault: rest(
                "REST-Loyalty",
                &format!(
                    "{}{basic}",
                    item("ServiceUrl", "http://api.contoso.com/loyalty")
                ),
            ),
            marker: "http://api.contoso.com/loyalty",
            fixed: rest("REST-Loyalty", &format!("{https}{basic}")),
        },
        Case {
            code: "S005",
            error: true,
            id: "REST-Loyalty",
            fault: rest(
                "REST-Loyalty",
                &format!(
                    "{https}{basic}{}",
                    item("ApiKey", "Zk3pQ9xW2mV7bN4cT8yL1sR6")
                ),
            ),
            marker: "<Item Key=\"ApiKey\">",
            fixed: rest("REST-Loyalty", &format!("{https}{basic}")),
        },
        Case {
            code: "S006",
            error: true,
            id: "Contoso-SAML2",
            fault: saml(
                "Contoso-SAML2",
                &format!(
                    "{}{}{}",
                    item("PartnerEntity", "https://idp.contoso.com/metadata.xml"),
                    item("WantsSignedAssertions", "false"),
                    item("ResponsesSigned", "false")
                ),
            ),
            marker: "<Item Key=\"WantsSignedAssertions\">false</Item>",
            fixed: saml(
                "Contoso-SAML2",
                &item("PartnerEntity", "https://idp.contoso.com/metadata.xml"),
            ),
        },
        Case {
            code: "S007",
            error: false,
            id: "Contoso-SAML2",
            fault: saml(
                "Contoso-SAML2",
                &format!(
                    "{}{}",
                    item("PartnerEntity", "https://idp.contoso.com/metadata.xml"),
                    item("XmlSignatureAlgorithm", "Sha1")
                ),
            ),
            marker: "<Item Key=\"XmlSignatureAlgorithm\">Sha1</Item>",
            fixed: saml(
                "Contoso-SAML2",
                &format!(
                    "{}{}",
                    item("PartnerEntity", "https://idp.contoso.com/metadata.xml"),
                    item("XmlSignatureAlgorithm", "Sha256")
                ),
            ),
        },
        Case {
            code: "S008",
            error: true,
            id: "Contoso-OIDC",
            fault: oidc(
                "Contoso-OIDC",
                "http://login.contoso.com/.well-known/openid-configuration",
            ),
            marker: "http://login.contoso.com/.well-known/openid-configuration",
            fixed: oidc(
                "Contoso-OIDC",
                "https://login.contoso.com/.well-known/openid-configuration",
            ),
        },
    ]
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("security_rules")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The SocialAndLocalAccounts set in `dir`, with `provider` added to the
/// extensions file; returns the extensions file's path.
fn seeded_set(dir: &Path, provider: &str) -> PathBuf {
    let src = common::conformance_dir().join("starterpack/SocialAndLocalAccounts");
    for e in std::fs::read_dir(&src).expect("starter pack") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "xml") {
            std::fs::copy(&p, dir.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let ext = dir.join("TrustFrameworkExtensions.xml");
    let text = std::fs::read_to_string(&ext).expect("read");
    let at = text.rfind("  </ClaimsProviders>").expect("ClaimsProviders");
    let seeded = format!("{}{provider}{}", &text[..at], &text[at..]);
    std::fs::write(&ext, seeded).expect("write");
    ext
}

/// The 1-based line of `marker` in `file`.
fn line_of(file: &Path, marker: &str) -> usize {
    let text = std::fs::read_to_string(file).expect("read");
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in {}", file.display()));
    assert_eq!(text.matches(marker).count(), 1, "{marker} is not unique");
    text[..at].matches('\n').count() + 1
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    let d = dir.display().to_string();
    let mut args = vec!["check", "--no-settings", d.as_str()];
    args.extend_from_slice(extra);
    common::ief(&args)
}

#[test]
fn each_seeded_fault_is_reported_with_its_element_and_line() {
    for case in cases() {
        let dir = scratch(&format!("fault-{}", case.code));
        let ext = seeded_set(&dir, &case.fault);
        let line = line_of(&ext, case.marker);
        let out = check(&dir, &[]);
        let text = common::stdout(&out);
        let kind = if case.error { "error" } else { "warning" };
        let head = format!("{kind}[{}]", case.code);
        let finding = text
            .split("\n\n")
            .find(|block| block.contains(&head))
            .unwrap_or_else(|| panic!("{}: no {head} in:\n{text}", case.code));
        assert!(
            finding.contains(&format!("`{}`", case.id)),
            "{}: the message does not name {}:\n{finding}",
            case.code,
            case.id
        );
        assert!(
            finding.contains(&format!("TrustFrameworkExtensions.xml:{line}:")),
            "{}: not at line {line}:\n{finding}",
            case.code
        );
        let expected = if case.error { 1 } else { 0 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{}: exit status\n{text}{}",
            case.code,
            common::stderr(&out)
        );
        if !case.error {
            let denied = check(&dir, &["--deny-warnings"]);
            assert_eq!(denied.status.code(), Some(1), "{}", case.code);
        }
    }
}

#[test]
fn each_fixed_provider_is_clean() {
    for case in cases() {
        let dir = scratch(&format!("clean-{}", case.code));
        seeded_set(&dir, &case.fixed);
        let out = check(&dir, &["--format", "json"]);
        let doc: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("one JSON document");
        let ours: Vec<&serde_json::Value> = doc["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["category"] == "security")
            .collect();
        assert!(ours.is_empty(), "{}: {ours:?}", case.code);
        assert_eq!(out.status.code(), Some(0), "{}: {doc}", case.code);
    }
}

#[test]
fn the_json_output_carries_the_security_category() {
    let case = cases().remove(0);
    let dir = scratch("json");
    seeded_set(&dir, &case.fault);
    let out = check(&dir, &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let found: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "S002")
        .collect();
    assert_eq!(found.len(), 1, "{doc}");
    assert_eq!(found[0]["category"], "security");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["id"], "REST-Loyalty");
}

#[test]
fn a_production_environment_makes_the_allowance_an_error() {
    let case = cases().remove(1);
    assert_eq!(case.code, "S003");
    let dir = scratch("production");
    seeded_set(&dir, &case.fault);
    std::fs::write(
        dir.join("appsettings.json"),
        "{\n  \"Environments\": [\n    {\n      \"Name\": \"Prod\",\n      \"Production\": true,\n      \"Tenant\": \"yourtenant.onmicrosoft.com\",\n      \"PolicySettings\": {}\n    }\n  ]\n}\n",
    )
    .expect("write settings");
    let d = dir.display().to_string();
    let out = common::ief(&["check", d.as_str(), "--env", "Prod"]);
    let text = common::stdout(&out);
    assert!(
        text.contains("error[S003]"),
        "{text}{}",
        common::stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}

// --- The starter pack --------------------------------------------------

/// Every set of the starter pack, each scenario on the set it extends (a
/// scenario file replaces the set's file with its `PolicyId`): together
/// the 57 files.
fn starter_sets() -> Vec<(String, Vec<Imported>)> {
    let root = common::conformance_dir().join("starterpack");
    let mut sets = Vec::new();
    for set in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        for name in [set.to_owned(), format!("DisplayControls/{set}")] {
            sets.push((
                name.clone(),
                common::import_all(&common::xml_files(&root.join(&name))),
            ));
        }
    }
    for scenario in [
        "password-change",
        "linkedin-identity-provider",
        "phone-number-passwordless",
    ] {
        let extra = common::import_all(&common::xml_files(&root.join("scenarios").join(scenario)));
        let mut files =
            common::import_all(&common::xml_files(&root.join("SocialAndLocalAccounts")));
        files.retain(|f| {
            !extra.iter().any(|e| {
                e.policy
                    .policy_id
                    .id()
                    .eq_ignore_ascii_case(f.policy.policy_id.id())
            })
        });
        files.extend(extra);
        sets.push((format!("scenarios/{scenario}"), files));
    }
    sets
}

/// This pack's codes.
const CODES: &[&str] = &["S002", "S003", "S004", "S005", "S006", "S007", "S008"];

fn ours(findings: &[Diagnostic]) -> Vec<String> {
    findings
        .iter()
        .filter(|d| CODES.contains(&d.code))
        .map(|d| format!("{} {} {}: {}", d.severity, d.code, d.file, d.message))
        .collect()
}

#[test]
fn the_starter_pack_has_no_security_finding_of_these_rules() {
    let sets = starter_sets();
    let files: std::collections::BTreeSet<String> = sets
        .iter()
        .flat_map(|(_, fs)| fs.iter().map(|f| f.file.clone()))
        .collect();
    assert_eq!(files.len(), 57, "the starter pack's files: {files:?}");
    for production in [false, true] {
        for (name, set) in &sets {
            let options = CheckOptions {
                production,
                ..CheckOptions::default()
            };
            let report = check_set_with(set, &options);
            // The exact list: empty (see docs/rules-security.md).
            let found = ours(&report.diagnostics);
            assert_eq!(
                found,
                Vec::<String>::new(),
                "{name} (production: {production})"
            );
        }
    }
}

#[test]
fn the_secret_heuristics_examine_every_value_of_the_starter_pack() {
    // The denominator of the false-positive rate in docs/rules-security.md:
    // every metadata value and input-claim `DefaultValue` of the 57 files,
    // of which S005 reports none (previous test).
    let mut files: Vec<PathBuf> = common::starter_pack_files();
    files.dedup();
    assert_eq!(files.len(), 57);
    let (mut metadata, mut defaults) = (0, 0);
    for f in common::import_all(&files) {
        let p = &f.policy;
        let profiles = p
            .claims_providers
            .iter()
            .flat_map(|c| c.technical_profiles.iter())
            .chain(
                p.relying_party
                    .iter()
                    .flat_map(|r| r.technical_profiles.iter()),
            );
        for tp in profiles {
            metadata += tp.metadata.len();
            defaults += tp
                .input_claims
                .iter()
                .filter(|c| c.default_value.is_some())
                .count();
        }
    }
    assert_eq!((metadata, defaults), (444, 45));
}
