//! `ief.toml` and `--production` through the CLI: rules turned off with a
//! reason, warnings made errors, single findings accepted, a broken
//! configuration located, and development settings that are errors only
//! for production.

mod common;
use common::{ief, stderr, stdout};

use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("rule_config")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A one-file set in development mode whose identity provider's client id
/// is a placeholder: one S001 (line 4) and one W002 (line 11).
const POLICY: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com"
  PolicyId="B2C_1A_signin" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_signin"
  DeploymentMode="Development" UserJourneyRecorderEndpoint="urn:journeyrecorder:applicationinsights">
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Providers</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="Idp-OIDC">
          <Protocol Name="OpenIdConnect" />
          <Metadata><Item Key="client_id">YOUR_CLIENT_ID</Item></Metadata>
        </TechnicalProfile>
        <TechnicalProfile Id="JwtIssuer">
          <Protocol Name="OpenIdConnect" />
          <OutputTokenFormat>JWT</OutputTokenFormat>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="SignIn" />
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
    </TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>
"#;

/// A folder with the policy and, when given, an `ief.toml`.
fn project(name: &str, config: Option<&str>) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("SignIn.xml"), POLICY).expect("write policy");
    if let Some(c) = config {
        std::fs::write(dir.join("ief.toml"), c).expect("write ief.toml");
    }
    dir
}

/// `ief check --format json` with `extra` arguments: the document and the
/// exit code.
fn json(dir: &Path, extra: &[&str]) -> (serde_json::Value, Option<i32>) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(dir.as_os_str());
    let out = ief(&args);
    let doc = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    (doc, out.status.code())
}

/// `(code, severity, line)` of each S and W finding of `doc` (the set's
/// identity provider is not in a journey, which H004 reports; these tests
/// are about S001 and W002).
fn findings(doc: &serde_json::Value) -> Vec<(String, String, u64)> {
    doc["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| d["code"] != "H004")
                .map(|d| {
                    (
                        d["code"].as_str().unwrap_or_default().to_owned(),
                        d["severity"].as_str().unwrap_or_default().to_owned(),
                        d["line"].as_u64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn f(code: &str, severity: &str, line: u64) -> (String, String, u64) {
    (code.to_owned(), severity.to_owned(), line)
}

#[test]
fn without_configuration_development_mode_is_a_warning() {
    let dir = project("plain", None);
    let (doc, code) = json(&dir, &[]);
    assert_eq!(
        findings(&doc),
        vec![f("S001", "warning", 4), f("W002", "warning", 11)]
    );
    assert_eq!(doc["diagnostics"][0]["category"], "security");
    assert_eq!(doc["diagnostics"][1]["category"], "hygiene");
    assert_eq!(doc["production"], false);
    assert_eq!(code, Some(0));
}

#[test]
fn production_makes_development_mode_an_error() {
    let dir = project("production-flag", None);
    let (doc, code) = json(&dir, &["--production"]);
    assert_eq!(
        findings(&doc),
        vec![f("S001", "error", 4), f("W002", "warning", 11)]
    );
    assert_eq!(code, Some(1));

    let dir = project("production-config", Some("[check]\nproduction = true\n"));
    let (doc, code) = json(&dir, &[]);
    assert_eq!(findings(&doc)[0], f("S001", "error", 4));
    assert_eq!(doc["production"], true);
    assert_eq!(code, Some(1));
}

#[test]
fn a_rule_turned_off_is_listed_as_accepted_with_its_reason() {
    let dir = project(
        "allow",
        Some("[rules]\nW002 = { level = \"allow\", reason = \"the pipeline substitutes it\" }\n"),
    );
    let (doc, code) = json(&dir, &[]);
    assert_eq!(findings(&doc), vec![f("S001", "warning", 4)]);
    let allowed = &doc["allowed"][0];
    assert_eq!(allowed["code"], "W002");
    assert_eq!(allowed["line"], 11);
    assert_eq!(allowed["reason"], "the pipeline substitutes it");
    assert_eq!(allowed["severity"], "warning");
    assert!(doc["config"]
        .as_str()
        .is_some_and(|p| p.ends_with("ief.toml")));
    assert_eq!(code, Some(0));

    // The human summary counts it.
    let out = ief(&["check".as_ref(), dir.as_os_str()]);
    // S001 and H004 are warnings; W002 is accepted.
    assert!(
        stdout(&out).contains("0 error(s), 2 warning(s), 1 accepted by"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn one_finding_is_accepted_by_code_and_id_and_a_stale_entry_is_noted() {
    let dir = project(
        "allow-id",
        Some(
            "[[allow]]\ncode = \"W002\"\nid = \"your_client_id\"\nfile = \"SignIn.xml\"\nreason = \"sandbox app\"\n\n\
             [[allow]]\ncode = \"W002\"\nid = \"yourtenant\"\nreason = \"gone\"\n",
        ),
    );
    let (doc, code) = json(&dir, &[]);
    assert_eq!(findings(&doc), vec![f("S001", "warning", 4)]);
    assert_eq!(doc["allowed"][0]["id"], "YOUR_CLIENT_ID");
    let notes = doc["notes"].to_string();
    assert!(
        notes.contains("the `[[allow]]` of W002 `yourtenant` accepted no finding"),
        "{notes}"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn a_warning_made_an_error_fails_the_check() {
    let dir = project("raise", Some("[rules]\nW002 = \"error\"\n"));
    let (doc, code) = json(&dir, &[]);
    assert_eq!(
        findings(&doc),
        vec![f("S001", "warning", 4), f("W002", "error", 11)]
    );
    assert_eq!(code, Some(1));
    // --no-config ignores it.
    let (doc, code) = json(&dir, &["--no-config"]);
    assert_eq!(findings(&doc)[1], f("W002", "warning", 11));
    assert_eq!(code, Some(0));
}

#[test]
fn a_broken_configuration_stops_the_check_at_its_line() {
    let dir = project(
        "broken",
        Some("[rules]\nW02 = { level = \"allow\", reason = \"x\" }\n"),
    );
    let out = ief(&["check".as_ref(), dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("ief.toml:2:1: `W02` is not a rule of ief"),
        "{err}"
    );
    assert!(err.contains("did you mean `W002`?"), "{err}");

    let dir = project("no-reason", Some("[rules]\nS001 = \"allow\"\n"));
    let out = ief(&["check".as_ref(), dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ief.toml:2:8: turning `S001` off needs a reason"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_explicit_configuration_file_is_used() {
    let dir = project("explicit", None);
    let config = dir.join("strict.toml");
    std::fs::write(&config, "[rules]\nS001 = \"error\"\n").expect("write");
    let config = config.display().to_string();
    let (doc, code) = json(&dir, &["--config", &config]);
    assert_eq!(findings(&doc)[0], f("S001", "error", 4));
    assert_eq!(code, Some(1));
}

#[test]
fn the_readme_example_is_a_valid_configuration() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let marker = "<!-- ief.toml example: parsed by tests/rule_config.rs -->\n```toml\n";
    let start = readme.find(marker).expect("the example in README.md") + marker.len();
    let len = readme[start..].find("```").expect("the end of the example");
    let example = &readme[start..start + len];
    let config = ief::check::config::RuleConfig::parse(example, "README.md");
    let config = config.expect("the README's ief.toml parses");
    assert!(config.production);
    assert_eq!(config.levels.len(), 2);
    assert_eq!(config.allowances.len(), 1);
    // And it does what it says on a set.
    let dir = project("readme", Some(example));
    let (doc, code) = json(&dir, &[]);
    assert_eq!(findings(&doc), vec![f("S001", "error", 4)]);
    assert_eq!(doc["allowed"][0]["code"], "W002");
    assert_eq!(code, Some(1));
}

#[test]
fn sarif_keeps_an_accepted_finding_as_a_suppressed_result() {
    let dir = project(
        "sarif",
        Some("[rules]\nW002 = { level = \"allow\", reason = \"the pipeline substitutes it\" }\n"),
    );
    let out = ief(&[
        "check".as_ref(),
        "--format".as_ref(),
        "sarif".as_ref(),
        dir.as_os_str(),
    ]);
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("SARIF");
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let w002: Vec<&serde_json::Value> = results.iter().filter(|r| r["ruleId"] == "W002").collect();
    assert_eq!(w002.len(), 1, "{results:?}");
    assert_eq!(
        w002[0]["suppressions"][0]["justification"],
        "the pipeline substitutes it"
    );
    let s001: Vec<&serde_json::Value> = results.iter().filter(|r| r["ruleId"] == "S001").collect();
    assert!(s001[0].get("suppressions").is_none());
    let rules = log["runs"][0]["tool"]["driver"]["rules"].to_string();
    assert!(rules.contains("\"tags\":[\"security\"]"), "{rules}");
    assert_eq!(out.status.code(), Some(0));
}
