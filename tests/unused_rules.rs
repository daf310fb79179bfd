//! H001–H009 (unused elements) through the CLI and over the starter pack.
//!
//! - Seeded faults: each code's kind of element is added, unused, to a
//!   copy of the starter pack's `SocialAndLocalAccounts` extensions file;
//!   `ief check` names it with its id and line, exits 0 (a warning) and 1
//!   with `--deny-warnings`.
//! - Clean cases: each rule's passing example gives no finding of its code.
//! - The starter pack: the exact list of H findings of every set and
//!   scenario (justified in docs/rules-unused.md), so a change shows.

mod common;

use std::path::{Path, PathBuf};

use ief::check::rules::lookup;
use ief::check::set::check_set;

/// The starter pack's folder `set`.
fn pack(set: &str) -> PathBuf {
    common::conformance_dir().join("starterpack").join(set)
}

/// A copy of `dir`'s .xml files in a new temporary folder.
fn copy_set(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temporary folder");
    for e in std::fs::read_dir(dir).expect("read the set") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "xml") {
            std::fs::copy(&p, tmp.path().join(p.file_name().expect("name"))).expect("copy");
        }
    }
    tmp
}

/// One finding: code, file name, line, id.
type Finding = (String, String, u64, String);

/// `ief check --format json` of `dir` (with `extra` arguments): the exit
/// code and the H findings.
fn check(dir: &Path, extra: &[&str]) -> (i32, Vec<Finding>) {
    let mut args = vec!["check", "--no-settings", "--format", "json"];
    args.extend_from_slice(extra);
    let dir = dir.display().to_string();
    args.push(&dir);
    let out = common::ief(&args);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", common::stdout(&out)));
    let findings = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with('H')))
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            assert_eq!(d["category"], "hygiene", "{d}");
            let file = d["file"].as_str().unwrap_or_default();
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                Path::new(file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                d["line"].as_u64().unwrap_or_default(),
                d["id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (out.status.code().unwrap_or(-1), findings)
}

const EXTENSIONS: &str = "TrustFrameworkExtensions.xml";

/// The line of the first `Id="{id}"` in `text`.
fn line_of(text: &str, id: &str) -> u64 {
    let at = text
        .find(&format!("Id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} is not in the text"));
    text[..at].matches('\n').count() as u64 + 1
}

/// Seeds `building_blocks` into the extensions' `BuildingBlocks` and
/// `provider` as a new claims provider of a copy of `SocialAndLocalAccounts`;
/// checks that the new H findings are exactly `expected` (code, id), in
/// the extensions file at the line of each id, that the CLI exits 0, then
/// 1 with `--deny-warnings`, and that the human output names the id and
/// the line.
fn seeded(building_blocks: &str, provider: &str, expected: &[(&str, &str)]) {
    let set = copy_set(&pack("SocialAndLocalAccounts"));
    let (code, before) = check(set.path(), &[]);
    assert_eq!(code, 0, "the starter pack copy has errors");
    let path = set.path().join(EXTENSIONS);
    let text = std::fs::read_to_string(&path).expect("read the extensions");
    let text = text
        .replacen(
            "<BuildingBlocks>",
            &format!("<BuildingBlocks>\n{building_blocks}"),
            1,
        )
        .replacen(
            "<ClaimsProviders>",
            &format!("<ClaimsProviders>\n{provider}"),
            1,
        );
    std::fs::write(&path, &text).expect("write the seeded extensions");
    let (code, after) = check(set.path(), &[]);
    assert_eq!(code, 0, "a warning does not fail the check: {after:?}");
    let new: Vec<&Finding> = after.iter().filter(|f| !before.contains(f)).collect();
    let want: Vec<Finding> = expected
        .iter()
        .map(|(c, id)| {
            (
                (*c).to_owned(),
                EXTENSIONS.to_owned(),
                line_of(&text, id),
                (*id).to_owned(),
            )
        })
        .collect();
    assert_eq!(new, want.iter().collect::<Vec<_>>());
    // Nothing else moved.
    assert_eq!(after.len(), before.len() + want.len(), "{after:?}");
    let (code, _) = check(set.path(), &["--deny-warnings"]);
    assert_eq!(code, 1, "--deny-warnings fails on the warning");
    let human = common::ief(&["check", "--no-settings", &set.path().display().to_string()]);
    let all = format!("{}{}", common::stdout(&human), common::stderr(&human));
    for f in &want {
        let at = format!("{EXTENSIONS}:{}:", f.2);
        assert!(
            all.lines().any(|l| l.contains(&at)) && all.contains(&format!("[{}]", f.0)),
            "{at} / {} not in:\n{all}",
            f.0
        );
        assert!(all.contains(&format!("`{}` is unused", f.3)), "{all}");
    }
}

/// A claims provider with one profile `id` that writes `email`.
fn provider(id: &str) -> String {
    format!(
        r#"    <ClaimsProvider>
      <DisplayName>Seeded</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="{id}">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="email" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
"#
    )
}

const PREDICATE: &str = r#"    <Predicates>
      <Predicate Id="SeededPredicate" Method="IsLengthRange">
        <Parameters>
          <Parameter Id="Minimum">1</Parameter>
          <Parameter Id="Maximum">8</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
"#;

#[test]
fn h001_a_seeded_claim_type_is_found() {
    seeded(
        r#"    <ClaimsSchema>
      <ClaimType Id="seededClaim">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
"#,
        "",
        &[("H001", "seededClaim")],
    );
}

#[test]
fn h002_a_seeded_transformation_is_found() {
    seeded(
        r#"    <ClaimsTransformations>
      <ClaimsTransformation Id="SeededTransform" TransformationMethod="CopyClaim">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="email" TransformationClaimType="inputClaim" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="displayName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
"#,
        "",
        &[("H002", "SeededTransform")],
    );
}

#[test]
fn h003_a_seeded_content_definition_is_found() {
    seeded(
        r#"    <ContentDefinitions>
      <ContentDefinition Id="api.seeded">
        <LoadUri>~/tenant/templates/AzureBlue/selfAsserted.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.7</DataUri>
      </ContentDefinition>
    </ContentDefinitions>
"#,
        "",
        &[("H003", "api.seeded")],
    );
}

#[test]
fn h004_a_seeded_technical_profile_is_found() {
    seeded(
        "",
        &provider("Seeded-Profile"),
        &[("H004", "Seeded-Profile")],
    );
}

#[test]
fn h005_a_seeded_display_control_is_found() {
    seeded(
        r#"    <DisplayControls>
      <DisplayControl Id="seededControl" UserInterfaceControlType="VerificationControl">
        <DisplayClaims>
          <DisplayClaim ClaimTypeReferenceId="email" Required="true" />
        </DisplayClaims>
      </DisplayControl>
    </DisplayControls>
"#,
        "",
        &[("H005", "seededControl")],
    );
}

#[test]
fn h006_a_seeded_predicate_is_found() {
    seeded(PREDICATE, "", &[("H006", "SeededPredicate")]);
}

#[test]
fn h007_a_seeded_predicate_validation_is_found_with_its_predicate() {
    seeded(
        &format!(
            r#"{PREDICATE}    <PredicateValidations>
      <PredicateValidation Id="SeededValidation">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="SeededPredicate" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
"#
        ),
        "",
        // What only a dead element uses is dead too, and said so.
        &[("H006", "SeededPredicate"), ("H007", "SeededValidation")],
    );
}

#[test]
fn h008_a_seeded_input_validation_is_found_with_its_predicate() {
    seeded(
        &format!(
            r#"{PREDICATE}    <InputValidations>
      <InputValidation Id="SeededInputValidation">
        <PredicateReferences Id="Length">
          <PredicateReference Id="SeededPredicate" />
        </PredicateReferences>
      </InputValidation>
    </InputValidations>
"#
        ),
        "",
        &[
            ("H006", "SeededPredicate"),
            ("H008", "SeededInputValidation"),
        ],
    );
}

#[test]
fn h009_seeded_localized_resources_are_found() {
    seeded(
        r#"    <Localization Enabled="true">
      <SupportedLanguages DefaultLanguage="en" MergeBehavior="Append">
        <SupportedLanguage>en</SupportedLanguage>
      </SupportedLanguages>
      <LocalizedResources Id="api.seeded.en">
        <LocalizedStrings>
          <LocalizedString ElementType="UxElement" StringId="heading">Hello</LocalizedString>
        </LocalizedStrings>
      </LocalizedResources>
    </Localization>
"#,
        "",
        &[("H009", "api.seeded.en")],
    );
}

#[test]
fn a_seeded_element_that_a_journey_uses_is_not_found() {
    // The seeded profile runs from a new step of a journey that a relying
    // party starts (a restated journey adds the step).
    let set = copy_set(&pack("SocialAndLocalAccounts"));
    let (_, before) = check(set.path(), &[]);
    let path = set.path().join(EXTENSIONS);
    let text = std::fs::read_to_string(&path).expect("read");
    let text = text
        .replacen(
            "<ClaimsProviders>",
            &format!("<ClaimsProviders>\n{}", provider("Seeded-Profile")),
            1,
        )
        .replacen(
            "</TrustFrameworkPolicy>",
            r#"  <UserJourneys>
    <UserJourney Id="ProfileEdit">
      <OrchestrationSteps>
        <OrchestrationStep Order="8" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="Seeded" TechnicalProfileReferenceId="seeded-profile" />
          </ClaimsExchanges>
        </OrchestrationStep>
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
</TrustFrameworkPolicy>"#,
            1,
        );
    std::fs::write(&path, text).expect("write");
    let (code, after) = check(set.path(), &[]);
    assert!(code == 0 || code == 1);
    assert_eq!(after, before);
}

#[test]
fn each_rule_s_passing_example_is_clean_through_the_cli() {
    for n in 1..=9 {
        let code = format!("H{n:03}");
        let rule = lookup(&code).unwrap_or_else(|| panic!("{code} is registered"));
        let dir = tempfile::tempdir().expect("temporary folder");
        for e in rule.passing {
            std::fs::write(dir.path().join(e.file), e.xml).expect("write");
        }
        let (exit, found) = check(dir.path(), &[]);
        assert_eq!(exit, 0, "{code}");
        assert!(found.is_empty(), "{code}: {found:?}");
        // And the failing example is found by the CLI too.
        let dir = tempfile::tempdir().expect("temporary folder");
        for e in rule.failing {
            std::fs::write(dir.path().join(e.file), e.xml).expect("write");
        }
        let (exit, found) = check(dir.path(), &[]);
        assert_eq!(exit, 0, "{code}");
        assert_eq!(
            found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            [code.as_str()]
        );
    }
}

/// The H findings of a starter-pack set (with a scenario's files replacing
/// the set's files of the same `PolicyId`, as uploading them would):
/// `(code, file name, line, id)`.
fn pack_findings(set: &str, scenario: Option<&str>) -> Vec<(&'static str, String, u32, String)> {
    let root = common::conformance_dir().join("starterpack");
    let mut files = common::import_all(&common::xml_files(&root.join(set)));
    if let Some(s) = scenario {
        let extra = common::import_all(&common::xml_files(&root.join("scenarios").join(s)));
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
        .diagnostics
        .into_iter()
        .filter(|d| d.code.starts_with('H'))
        .map(|d| {
            (
                d.code,
                Path::new(&d.file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                d.pos.map_or(0, |p| p.line),
                d.id.unwrap_or_default(),
            )
        })
        .collect()
}

fn owned(list: &[(&'static str, &str, u32, &str)]) -> Vec<(&'static str, String, u32, String)> {
    list.iter()
        .map(|(c, f, l, i)| (*c, (*f).to_owned(), *l, (*i).to_owned()))
        .collect()
}

const BASE: &str = "TrustFrameworkBase.xml";
const LOCALIZATION: &str = "TrustFrameworkLocalization.xml";

#[test]
fn the_starter_pack_sets_have_exactly_the_documented_findings() {
    let local = |cot: u32, idp: u32, sa: u32, loc: u32| {
        owned(&[
            ("H001", BASE, 29, "socialIdpUserId"),
            ("H001", BASE, 209, "upnUserName"),
            ("H001", BASE, 274, "isActiveMFASession"),
            ("H002", BASE, cot, "CreateOtherMailsFromEmail"),
            ("H003", BASE, idp, "api.idpselections.signup"),
            ("H003", BASE, sa, "api.selfasserted"),
            ("H009", LOCALIZATION, loc, "api.selfasserted.en"),
        ])
    };
    let social = |mfa: Option<u32>, sub: u32, idp: u32, sa: u32| {
        let mut out = owned(&[
            (
                "H002",
                BASE,
                sub,
                "CreateSubjectClaimFromAlternativeSecurityId",
            ),
            ("H003", BASE, idp, "api.idpselections.signup"),
            ("H003", BASE, sa, "api.selfasserted"),
        ]);
        if let Some(line) = mfa {
            out.insert(
                0,
                (
                    "H001",
                    BASE.to_owned(),
                    line,
                    "isActiveMFASession".to_owned(),
                ),
            );
        }
        out
    };
    for (set, want) in [
        ("LocalAccounts", local(309, 371, 390, 156)),
        ("SocialAccounts", social(Some(183), 259, 313, 332)),
        ("SocialAndLocalAccounts", social(Some(287), 363, 424, 443)),
        ("SocialAndLocalAccountsWithMfa", social(None, 403, 463, 491)),
        ("DisplayControls/LocalAccounts", local(316, 378, 397, 160)),
        (
            "DisplayControls/SocialAccounts",
            social(Some(183), 259, 313, 332),
        ),
        (
            "DisplayControls/SocialAndLocalAccounts",
            social(Some(287), 370, 431, 450),
        ),
        (
            "DisplayControls/SocialAndLocalAccountsWithMfa",
            social(None, 410, 470, 498),
        ),
    ] {
        assert_eq!(pack_findings(set, None), want, "{set}");
    }
}

#[test]
fn the_starter_pack_scenarios_have_exactly_the_documented_findings() {
    let set = "SocialAndLocalAccounts";
    assert_eq!(
        pack_findings(set, Some("password-change")),
        owned(&[
            ("H001", BASE, 134, "client_id"),
            ("H001", BASE, 141, "resource_id"),
            ("H001", BASE, 287, "isActiveMFASession"),
            (
                "H002",
                BASE,
                363,
                "CreateSubjectClaimFromAlternativeSecurityId"
            ),
            ("H003", BASE, 424, "api.idpselections.signup"),
        ])
    );
    assert_eq!(
        pack_findings(set, Some("linkedin-identity-provider")),
        owned(&[
            ("H001", BASE, 287, "isActiveMFASession"),
            ("H003", BASE, 424, "api.idpselections.signup"),
            ("H003", BASE, 443, "api.selfasserted"),
        ])
    );
    assert_eq!(
        pack_findings(set, Some("phone-number-passwordless")),
        owned(&[
            ("H001", BASE, 287, "isActiveMFASession"),
            (
                "H002",
                BASE,
                363,
                "CreateSubjectClaimFromAlternativeSecurityId"
            ),
            ("H003", BASE, 424, "api.idpselections.signup"),
            ("H003", BASE, 443, "api.selfasserted"),
            ("H001", "Phone_Email_Base.xml", 413, "objectIdFromSession"),
            (
                "H004",
                "Phone_Email_Base.xml",
                925,
                "AAD-UserDiscoveryUsingLogonPhoneNumber-RaiseErrorIfExists"
            ),
        ])
    );
}

#[test]
fn a_base_and_its_extensions_without_relying_parties_report_nothing() {
    let root = pack("SocialAndLocalAccounts");
    let files = common::import_all(
        &common::xml_files(&root)
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("TrustFramework"))
            })
            .collect::<Vec<_>>(),
    );
    assert_eq!(files.len(), 3);
    let report = check_set(&files);
    assert!(!report.diagnostics.iter().any(|d| d.code.starts_with('H')));
}

#[test]
fn the_docs_page_names_every_starter_pack_finding() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules-unused.md"))
            .expect("docs/rules-unused.md");
    let sets = [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
        "DisplayControls/LocalAccounts",
        "DisplayControls/SocialAccounts",
        "DisplayControls/SocialAndLocalAccounts",
        "DisplayControls/SocialAndLocalAccountsWithMfa",
    ];
    let mut findings: Vec<_> = sets.iter().flat_map(|s| pack_findings(s, None)).collect();
    for scenario in [
        "password-change",
        "linkedin-identity-provider",
        "phone-number-passwordless",
    ] {
        findings.extend(pack_findings("SocialAndLocalAccounts", Some(scenario)));
    }
    assert!(!findings.is_empty());
    for (code, _, _, id) in findings {
        assert!(
            doc.contains(&format!("`{id}`")) && doc.contains(code),
            "docs/rules-unused.md does not list {code} `{id}`"
        );
    }
}
