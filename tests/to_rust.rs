//! `ief import --to-rust` over the starter pack: every set, its
//! DisplayControls variant and each scenario (with the set it builds on,
//! `--base`) becomes a crate; all crates are members of one temporary
//! workspace, which must build with clippy's lints denied (clippy-driver
//! as the workspace wrapper of `cargo build`, `-D warnings`: the same lints
//! as `cargo clippy --workspace --all-targets -- -D warnings`, with the
//! dependencies compiled once); each crate is run and every file it writes
//! must mean the same as its original (canonical form: name, attributes,
//! text, children, as in `tests/import_roundtrip.rs`).
//!
//! The generated crates are never committed (the starter pack's wording is
//! Microsoft's): they live in a temporary folder. They build into one
//! target folder, `<target>/to-rust-tests`, so `ief` compiles once and a
//! rerun is incremental. The test prints the wall time of each phase.
//!
//! A small templated policy of this test's own checks the settings
//! placeholders: written back as the template by default, rendered with
//! another environment's values, and a missing key named.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// An element as far as meaning goes, and its comments (each with the
/// number of child elements before it, so a comment that moves is a
/// difference).
#[derive(Debug, PartialEq, Eq)]
struct Canon {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    comments: Vec<(usize, String)>,
    children: Vec<Canon>,
}

/// Wrappers whose emptiness means nothing to B2C (the emitter leaves an
/// empty one out), as in `tests/import_roundtrip.rs`.
const OPTIONAL_WRAPPERS: &[&str] = &[
    "InputClaims",
    "OutputClaims",
    "PersistedClaims",
    "DisplayClaims",
    "InputClaimsTransformations",
    "OutputClaimsTransformations",
    "ValidationTechnicalProfiles",
    "Metadata",
    "CryptographicKeys",
    "Suppressions",
    "InputParameters",
    "ClaimsSchema",
    "ClaimsTransformations",
    "ContentDefinitions",
    "Predicates",
    "PredicateValidations",
    "InputValidations",
    "ClientDefinitions",
    "DisplayControls",
    "LocalizedCollections",
    "LocalizedStrings",
    "DefaultPartnerClaimTypes",
    "Preconditions",
    "OrchestrationSteps",
    "UserJourneys",
    "SubJourneys",
    "ClaimsProviders",
    "Endpoints",
    "Parameters",
    "Domains",
    "ErrorHandlers",
    "InputTokenSources",
    "BuildingBlocks",
    "Contacts",
    "DocumentReferences",
    "JourneyList",
    "PredicateGroups",
    "Actions",
    "RequiredAssuranceLevelsOfInputClaims",
];

fn canon(node: roxmltree::Node) -> Option<Canon> {
    let children: Vec<Canon> = node
        .children()
        .filter(|c| c.is_element())
        .filter_map(canon)
        .collect();
    let comments = comments_of(node.children());
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let text = if !children.is_empty() && text.trim().is_empty() {
        String::new()
    } else {
        text
    };
    let attrs: BTreeMap<String, String> = node
        .attributes()
        .filter(|a| a.namespace().is_none())
        .map(|a| (a.name().to_owned(), a.value().to_owned()))
        .collect();
    let name = node.tag_name().name().to_owned();
    if OPTIONAL_WRAPPERS.contains(&name.as_str())
        && children.is_empty()
        && attrs.is_empty()
        && comments.is_empty()
        && text.trim().is_empty()
    {
        return None;
    }
    Some(Canon {
        name,
        attrs,
        text,
        comments,
        children,
    })
}

/// The comments among `nodes`, each with the number of elements before it.
fn comments_of<'a, 'i: 'a>(
    nodes: impl Iterator<Item = roxmltree::Node<'a, 'i>>,
) -> Vec<(usize, String)> {
    let mut elements = 0;
    let mut out = Vec::new();
    for n in nodes {
        if n.is_element() {
            elements += 1;
        } else if let Some(t) = n.is_comment().then(|| n.text()).flatten() {
            out.push((elements, t.trim().to_owned()));
        }
    }
    out
}

/// The document element's canonical form; the comments before and after
/// it count as the document's.
fn canon_doc(xml: &str) -> Canon {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    let root = canon(doc.root_element()).expect("root");
    Canon {
        name: "#document".into(),
        attrs: BTreeMap::new(),
        text: String::new(),
        comments: comments_of(doc.root().children()),
        children: vec![root],
    }
}

fn first_difference(a: &Canon, b: &Canon, path: &str) -> Option<String> {
    let here = format!("{path}/{}", a.name);
    if a.name != b.name {
        return Some(format!("{here}: element <{}> became <{}>", a.name, b.name));
    }
    if a.attrs != b.attrs {
        return Some(format!(
            "{here}: attributes {:?} became {:?}",
            a.attrs, b.attrs
        ));
    }
    if a.text != b.text {
        return Some(format!("{here}: text {:?} became {:?}", a.text, b.text));
    }
    if a.comments != b.comments {
        return Some(format!(
            "{here}: comments {:?} became {:?}",
            a.comments, b.comments
        ));
    }
    for (i, (x, y)) in a.children.iter().zip(&b.children).enumerate() {
        if let Some(d) = first_difference(x, y, &format!("{here}[{i}]")) {
            return Some(d);
        }
    }
    if a.children.len() != b.children.len() {
        return Some(format!(
            "{here}: {} children became {}",
            a.children.len(),
            b.children.len()
        ));
    }
    None
}

/// The policy files directly in `dir`, by file name.
fn xml_files(dir: &Path) -> BTreeMap<String, PathBuf> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect()
}

fn ief() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ief"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared target folder of the generated crates.
fn target_dir() -> PathBuf {
    // A relative CARGO_TARGET_DIR is taken from the repository root (the
    // generated workspace is elsewhere).
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(|d| repo().join(d))
        .unwrap_or_else(|| repo().join("target"));
    base.join("to-rust-tests")
}

fn cargo(workspace: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(workspace)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("IEF_ENV");
    c
}

/// `cargo build --workspace` with clippy's lints, denied: clippy-driver as
/// `RUSTC_WORKSPACE_WRAPPER` (members only; dependencies are compiled by
/// rustc, and their lints are capped as usual) and `-D warnings`.
fn clippy_build(workspace: &Path) -> Command {
    let mut c = cargo(
        workspace,
        &["build", "--workspace", "--all-targets", "--quiet"],
    );
    c.env("RUSTC_WORKSPACE_WRAPPER", "clippy-driver")
        .env("RUSTFLAGS", "-D warnings");
    c
}

/// The lint pass is real: a crate with a clippy finding fails it.
fn canary_is_caught(tmp: &Path) {
    let ws = tmp.join("canary");
    std::fs::create_dir_all(ws.join("src")).unwrap();
    std::fs::write(
        ws.join("Cargo.toml"),
        "[package]\nname = \"canary\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        ws.join("src/main.rs"),
        "fn main() {\n    let v = vec![1];\n    if v.len() == 0 {\n        println!(\"empty\");\n    }\n}\n",
    )
    .unwrap();
    let out = clippy_build(&ws)
        .output()
        .expect("run cargo build with clippy-driver");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("len_zero"),
        "clippy-driver did not lint the canary crate (is clippy installed? `rustup component add clippy`):\n{stderr}"
    );
}

/// One crate to generate: its name, the set's folder, `--base` folders,
/// and the folders whose files it must write back.
struct Case {
    name: String,
    input: PathBuf,
    base: Vec<PathBuf>,
}

/// A templated policy of this test's own.
const TEMPLATED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="{Settings:Tenant}" PolicyId="B2C_1A_Templated" PublicPolicyUri="http://{Settings:Tenant}/B2C_1A_Templated">
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="objectId">
        <DisplayName>Object id</DisplayName>
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Profile API</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="REST-ReadProfile">
          <DisplayName>Read the profile of {Settings:Brand} users</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="ServiceUrl">https://{Settings:ApiHost}/users/{objectId}</Item>
            <Item Key="AuthenticationType">None</Item>
            <Item Key="AllowInsecureAuthInProduction">true</Item>
            <Item Key="SendClaimsIn">Body</Item>
            <Item Key="client_id">{Settings:ClientId}</Item>
          </Metadata>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="objectId" />
          </InputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
"#;

/// An extensions policy on the quickstart example's base with what the
/// starter pack does not have: a claims provider without a display name
/// mixing a restated and a new profile (regrouped after `into_policy`),
/// `Extensions` (kept verbatim), a reference that differs in case from its
/// declaration (a run-time handle), a restated claim without `DataType`, a
/// partial journey, a journey `journey!` cannot express
/// (`UserIdentity`), localization languages and `DeploymentMode`.
const EDGE_EXT: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Edge_Ext" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_Edge_Ext" DeploymentMode="Development">
  <BasePolicy>
    <TenantId>contoso.onmicrosoft.com</TenantId>
    <PolicyId>B2C_1A_QS_TrustFrameworkBase</PolicyId>
  </BasePolicy>
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
        <UserHelpText>Where we write to you</UserHelpText>
      </ClaimType>
      <ClaimType Id="correlationId">
        <DisplayName>Correlation id</DisplayName>
        <DataType>string</DataType>
      </ClaimType>
      <!-- an id that starts with a digit -->
      <ClaimType Id="2fa">
        <DataType>boolean</DataType>
      </ClaimType>
    </ClaimsSchema>
    <Localization Enabled="true">
      <SupportedLanguages DefaultLanguage="en" MergeBehavior="ReplaceAll">
        <SupportedLanguage>en</SupportedLanguage>
        <SupportedLanguage>fr</SupportedLanguage>
      </SupportedLanguages>
    </Localization>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-CollectProfile">
          <Metadata>
            <Item Key="setting.showCancelButton">false</Item>
          </Metadata>
          <Extensions>
            <Note xmlns="urn:example">kept as written</Note>
          </Extensions>
        </TechnicalProfile>
        <TechnicalProfile Id="Audit-Context">
          <DisplayName>Read the request context</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.UserJourneyContextProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="correlationId" DefaultValue="{Context:CorrelationId}" AlwaysUseDefaultValue="true" />
            <OutputClaim ClaimTypeReferenceId="Email" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="ProfileCollect">
      <OrchestrationSteps>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
    <UserJourney Id="AuditThenCollect" DefaultCpimIssuerTechnicalProfileReferenceId="JwtIssuer">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges UserIdentity="false">
            <ClaimsExchange Id="Audit" TechnicalProfileReferenceId="Audit-Context" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectProfile" TechnicalProfileReferenceId="SelfAsserted-CollectProfile" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
</TrustFrameworkPolicy>
"#;

/// A relying party on [`EDGE_EXT`] with journey behaviours and a
/// `PublicPolicyUri` other than the default.
const EDGE_RP: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Edge_Audit" PublicPolicyUri="http://contoso.onmicrosoft.com/edge-audit">
  <BasePolicy>
    <TenantId>contoso.onmicrosoft.com</TenantId>
    <PolicyId>B2C_1A_Edge_Ext</PolicyId>
  </BasePolicy>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="AuditThenCollect" />
    <UserJourneyBehaviors>
      <SingleSignOn Scope="Tenant" KeepAliveInDays="7" />
      <SessionExpiryType>Rolling</SessionExpiryType>
      <SessionExpiryInSeconds>900</SessionExpiryInSeconds>
      <ScriptExecution>Allow</ScriptExecution>
    </UserJourneyBehaviors>
    <TechnicalProfile Id="PolicyProfile">
      <DisplayName>PolicyProfile</DisplayName>
      <Protocol Name="OpenIdConnect" />
      <OutputClaims>
        <OutputClaim ClaimTypeReferenceId="email" />
        <OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub" />
        <OutputClaim ClaimTypeReferenceId="correlationId" />
      </OutputClaims>
      <SubjectNamingInfo ClaimType="sub" />
    </TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>
"#;

#[test]
fn generated_crates_compile_pass_clippy_and_write_the_same_sets() {
    let started = Instant::now();
    let pack = common::conformance_dir().join("starterpack");
    let tmp = tempfile::tempdir().expect("temp dir");
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();

    let fixture = tmp.path().join("templated");
    std::fs::create_dir_all(&fixture).unwrap();
    std::fs::write(fixture.join("Templated.xml"), TEMPLATED).unwrap();

    let edge = tmp.path().join("edge");
    std::fs::create_dir_all(&edge).unwrap();
    std::fs::copy(
        repo().join("generated/quickstart/TrustFrameworkBase.xml"),
        edge.join("TrustFrameworkBase.xml"),
    )
    .unwrap();
    // Named `lib.xml`: its module must not become the crate's `src/lib.rs`.
    std::fs::write(edge.join("lib.xml"), EDGE_EXT).unwrap();
    std::fs::write(edge.join("Audit.xml"), EDGE_RP).unwrap();

    let mut cases = Vec::new();
    for set in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        cases.push(Case {
            name: set.to_lowercase(),
            input: pack.join(set),
            base: vec![],
        });
        cases.push(Case {
            name: format!("dc-{}", set.to_lowercase()),
            input: pack.join("DisplayControls").join(set),
            base: vec![],
        });
    }
    // Each scenario's BasePolicy chain: password-change and linkedin extend
    // the starter pack's `B2C_1A_TrustFrameworkBase` (their extensions file
    // replaces the set's, as tests/check_starterpack.rs lays them over
    // SocialAndLocalAccounts); phone-number-passwordless is a chain of its
    // own (`Phone_Email_Base` has no base), so `--base` adds nothing there.
    for (scenario, short) in [
        ("password-change", "sc-password-change"),
        ("linkedin-identity-provider", "sc-linkedin"),
        ("phone-number-passwordless", "sc-phone"),
    ] {
        cases.push(Case {
            name: short.into(),
            input: pack.join("scenarios").join(scenario),
            base: vec![pack.join("SocialAndLocalAccounts")],
        });
    }
    cases.push(Case {
        name: "templated".into(),
        input: fixture.clone(),
        base: vec![],
    });
    cases.push(Case {
        name: "edge".into(),
        input: edge.clone(),
        base: vec![],
    });

    // Generate.
    let mut expected: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for c in &cases {
        let mut cmd = ief();
        cmd.args(["import", "--to-rust"])
            .arg(&c.input)
            .arg(ws.join(&c.name))
            .arg("--ief-path")
            .arg(repo());
        for b in &c.base {
            cmd.arg("--base").arg(b);
        }
        let out = cmd.output().expect("run ief");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "ief import --to-rust {} failed:\n{stdout}\n{}",
            c.input.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        // rustfmt (installed with the toolchain, as for `cargo fmt`) parsed
        // and formatted every file.
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("rustfmt"),
            "{}: {}",
            c.name,
            String::from_utf8_lossy(&out.stderr)
        );
        // The files the crate must write: the input's, plus the bases its
        // chains pulled in (named in the summary).
        let mut files = xml_files(&c.input);
        for b in &c.base {
            for (name, path) in xml_files(b) {
                if !files.contains_key(&name) && stdout.contains(&format!("  {name} -> ")) {
                    files.insert(name, path);
                }
            }
        }
        for name in files.keys() {
            assert!(
                stdout.contains(&format!("  {name} -> ")),
                "{}: the summary does not name {name}:\n{stdout}",
                c.name
            );
        }
        if c.name == "edge" {
            for part in [
                "kept verbatim: 1",
                "`SelfAsserted-CollectProfile`: <Extensions>",
                "ClaimType `Email`: the chain defines it as `email`",
                "1 with journey!, 1 with builders",
            ] {
                assert!(stdout.contains(part), "edge: {part:?} not in:\n{stdout}");
            }
        }
        expected.insert(c.name.clone(), files);
    }
    // The scenarios on the starter-pack base pull in only what their chain needs.
    assert!(expected["sc-password-change"].contains_key("TrustFrameworkBase.xml"));
    assert!(!expected["sc-password-change"].contains_key("TrustFrameworkLocalization.xml"));
    assert!(!expected["sc-phone"].contains_key("TrustFrameworkBase.xml"));
    let members: Vec<String> = cases.iter().map(|c| format!("{:?}", c.name)).collect();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    let generated_at = started.elapsed();

    // One pass: `cargo build` with clippy-driver as the workspace wrapper
    // (what `cargo clippy` does on top of `cargo check`), `-D warnings`,
    // so the dependencies compile once and the binaries come out linted.
    canary_is_caught(tmp.path());
    let t = Instant::now();
    let out = clippy_build(&ws)
        .output()
        .expect("run cargo build with clippy-driver");
    assert!(
        out.status.success(),
        "cargo build with clippy -D warnings on the generated crates failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let build_took = t.elapsed();

    // Run each crate and compare what it writes.
    let t = Instant::now();
    let mut failures = Vec::new();
    for c in &cases {
        let out_dir = tmp.path().join("out").join(&c.name);
        let exe =
            target_dir()
                .join("debug")
                .join(format!("{}{}", c.name, std::env::consts::EXE_SUFFIX));
        let run = Command::new(&exe)
            .arg(&out_dir)
            .env_remove("IEF_ENV")
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
        if !run.status.success() {
            failures.push(format!(
                "{}: the generated program failed:\n{}",
                c.name,
                String::from_utf8_lossy(&run.stderr)
            ));
            continue;
        }
        let written = xml_files(&out_dir);
        let want = &expected[&c.name];
        if written.keys().collect::<Vec<_>>() != want.keys().collect::<Vec<_>>() {
            failures.push(format!(
                "{}: wrote {:?}, expected {:?}",
                c.name,
                written.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>()
            ));
            continue;
        }
        for (name, original) in want {
            let a = std::fs::read_to_string(original).unwrap();
            let b = std::fs::read_to_string(&written[name]).unwrap();
            if let Some(d) = first_difference(&canon_doc(&a), &canon_doc(&b), "") {
                failures.push(format!("{}/{name}: meaning changed: {d}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let run_took = t.elapsed();

    // Settings: another environment renders the placeholders; a missing key
    // is named with its environment.
    let crate_dir = ws.join("templated");
    let toml = std::fs::read_to_string(crate_dir.join("settings.toml")).unwrap();
    assert!(
        toml.contains("\"ApiHost\" = \"{Settings:ApiHost}\""),
        "{toml}"
    );
    std::fs::write(
        crate_dir.join("settings.toml"),
        format!(
            "{toml}\n[dev]\nTenant = \"contosodev.onmicrosoft.com\"\nApiHost = \"api.contoso.example\"\nClientId = \"0b2f3e9c\"\nBrand = \"Contoso\"\n\n[broken]\nTenant = \"x.onmicrosoft.com\"\n"
        ),
    )
    .unwrap();
    let exe = target_dir()
        .join("debug")
        .join(format!("templated{}", std::env::consts::EXE_SUFFIX));
    let dev_out = tmp.path().join("out").join("templated-dev");
    let run = Command::new(&exe)
        .arg(&dev_out)
        .env("IEF_ENV", "dev")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rendered = std::fs::read_to_string(dev_out.join("Templated.xml")).unwrap();
    let expected_dev = TEMPLATED
        .replace("{Settings:Tenant}", "contosodev.onmicrosoft.com")
        .replace("{Settings:ApiHost}", "api.contoso.example")
        .replace("{Settings:ClientId}", "0b2f3e9c")
        .replace("{Settings:Brand}", "Contoso");
    assert_eq!(
        first_difference(&canon_doc(&expected_dev), &canon_doc(&rendered), ""),
        None
    );
    let run = Command::new(&exe)
        .arg(tmp.path().join("out").join("templated-broken"))
        .env("IEF_ENV", "broken")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains("`ApiHost`") && stderr.contains("`broken`"),
        "{stderr}"
    );

    eprintln!(
        "to_rust: {} crates; generate {:.1}s, clippy+build {:.1}s, run+compare {:.1}s, total {:.1}s",
        cases.len(),
        generated_at.as_secs_f64(),
        build_took.as_secs_f64(),
        run_took.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_non_empty_out_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("Templated.xml"), TEMPLATED).unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let run = ief()
        .args(["import", "--to-rust"])
        .arg(&input)
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--force"));
    assert!(!out.join("Cargo.toml").exists());
    let run = ief()
        .args(["import", "--to-rust", "--force"])
        .arg(&input)
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let cargo_toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        cargo_toml.contains(&format!(
            "ief = {{ version = \"{}\", default-features = false }}",
            env!("CARGO_PKG_VERSION")
        )),
        "{cargo_toml}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(out.join("src/templated.rs").exists());
}

#[test]
fn a_missing_base_is_named() {
    let pack = common::conformance_dir().join("starterpack");
    let tmp = tempfile::tempdir().unwrap();
    let run = ief()
        .args(["import", "--to-rust"])
        .arg(pack.join("scenarios/password-change"))
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`B2C_1A_TrustFrameworkBase`") && stderr.contains("--base"),
        "{stderr}"
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn the_comparison_sees_a_comment_that_is_lost_or_moved() {
    let doc = |body: &str| {
        canon_doc(&format!(
            "<!-- head --><TrustFrameworkPolicy>{body}</TrustFrameworkPolicy>"
        ))
    };
    let original = doc("<A/><!-- between --><B/>");
    assert_eq!(
        first_difference(&original, &doc("<A/><!-- between --><B/>"), ""),
        None
    );
    for changed in [
        "<A/><B/>",
        "<!-- between --><A/><B/>",
        "<A/><B/><!-- between -->",
    ] {
        assert!(
            first_difference(&original, &doc(changed), "").is_some(),
            "{changed}"
        );
    }
    let headless =
        canon_doc("<TrustFrameworkPolicy><A/><!-- between --><B/></TrustFrameworkPolicy>");
    assert!(first_difference(&original, &headless, "").is_some());
}
