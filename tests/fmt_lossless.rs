//! `ief fmt` is lossless: comments, processing instructions, empty
//! elements, blank lines, `xsi:` attributes and `{Settings:Key}`
//! placeholders in typed places survive import and emit at their place
//! (the policy's trivia table), and formatting is idempotent.

mod common;

use std::process::Command;

use ief::emit::to_xml;
use ief::import::{import_bytes, import_str};
use ief::policy::{DeploymentMode, TrustFrameworkPolicy};
use ief::refs::PolicyRef;
use ief::trivia::{Anchor, Item, Place};

/// What `ief fmt` prints for `bytes`.
fn fmt(bytes: &[u8], name: &str) -> String {
    let imported = import_bytes(bytes, name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    to_xml(&imported.policy).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    roxmltree::Document::parse(xml).expect("well-formed")
}

/// Every comment of the document, in document order (inside
/// `<Extensions>` too).
fn comments(xml: &str) -> Vec<String> {
    parse(xml)
        .descendants()
        .filter(|n| n.is_comment())
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
}

/// Every processing instruction, in document order.
fn instructions(xml: &str) -> Vec<String> {
    parse(xml)
        .descendants()
        .filter_map(|n| n.pi())
        .map(|pi| format!("{} {:?}", pi.target, pi.value))
        .collect()
}

/// The paths (element names from the root) of the empty elements: no
/// child element, no comment, no text but layout whitespace.
fn empty_elements(xml: &str) -> Vec<String> {
    let doc = parse(xml);
    let mut out: Vec<String> = doc
        .descendants()
        .filter(|n| n.is_element())
        .filter(|n| {
            n.children().all(|c| {
                c.is_text()
                    && c.text()
                        .is_some_and(|t| t.trim().is_empty() && t.contains('\n'))
            })
        })
        .map(|n| {
            let mut names: Vec<&str> = n
                .ancestors()
                .filter(|a| a.is_element())
                .map(|a| a.tag_name().name())
                .collect();
            names.reverse();
            names.join("/")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_starter_pack_file_keeps_its_comments_instructions_and_empty_elements() {
    let mut failures = Vec::new();
    let mut total_comments = 0;
    let mut files = 0;
    for path in common::starter_pack_files() {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).expect("read");
        let original = String::from_utf8(bytes.clone()).expect("utf-8");
        let once = fmt(&bytes, &name);
        let twice = fmt(once.as_bytes(), "formatted");
        files += 1;
        let (before, after) = (comments(&original), comments(&once));
        total_comments += before.len();
        if before != after {
            failures.push(format!(
                "{name}: comments differ ({} before, {} after)",
                before.len(),
                after.len()
            ));
        }
        if instructions(&original) != instructions(&once) {
            failures.push(format!("{name}: processing instructions differ"));
        }
        // Self-closed elements written `<X />` in the source are `<X/>` now,
        // and `<X></X>` too: empty either way.
        let (e1, e2) = (empty_elements(&original), empty_elements(&once));
        if e1 != e2 {
            let lost: Vec<&String> = e1.iter().filter(|e| !e2.contains(e)).collect();
            failures.push(format!("{name}: empty elements differ; lost e.g. {lost:?}"));
        }
        if once != twice {
            failures.push(format!("{name}: fmt is not idempotent"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Microsoft's files are commented: the test saw real comments.
    assert!(
        total_comments >= files,
        "{total_comments} comments in {files} files"
    );
}

const HEAD: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_t" PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_t""#;

fn round(xml: &str) -> (String, ief::import::Imported) {
    let imported = import_str(xml, "t.xml").unwrap_or_else(|e| panic!("{e:?}"));
    let out = to_xml(&imported.policy).expect("emit");
    let again = import_str(&out, "out.xml").unwrap_or_else(|e| panic!("{e:?}\n{out}"));
    assert_eq!(
        again.policy, imported.policy,
        "read back, the model (trivia included) is the same:\n{out}"
    );
    assert_eq!(
        to_xml(&again.policy).expect("emit"),
        out,
        "fmt is idempotent"
    );
    (out, imported)
}

#[test]
fn comments_keep_their_place() {
    let xml = format!(
        r#"<?xml version="1.0"?>
<!-- before the root -->
{HEAD}>
  <!-- before the first child -->
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="a"><DataType>string</DataType></ClaimType>
      <!-- between children -->
      <ClaimType Id="b">
        <DataType>string</DataType>
        <!-- before the close tag -->
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>p</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="tp">
          <OutputClaims>
            <!-- inside a wrapper, before its item -->
            <OutputClaim ClaimTypeReferenceId="a"/>
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
<!-- after the root -->
"#
    );
    let (out, imported) = round(&xml);
    let expected_body = r#"  <!-- before the first child -->
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="a">
        <DataType>string</DataType>
      </ClaimType>
      <!-- between children -->
      <ClaimType Id="b">
        <DataType>string</DataType>
        <!-- before the close tag -->
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>p</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="tp">
          <OutputClaims>
            <!-- inside a wrapper, before its item -->
            <OutputClaim ClaimTypeReferenceId="a"/>
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
<!-- after the root -->
"#;
    assert!(
        out.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- before the root -->\n<TrustFrameworkPolicy\n"),
        "{out}"
    );
    assert!(out.ends_with(expected_body), "{out}");

    // The table, by anchor.
    let t = &imported.policy.trivia;
    let c = |s: &str| Item::Comment(s.into());
    assert_eq!(t.items("", Place::Before), &[c(" before the root ")]);
    assert_eq!(t.items("", Place::After), &[c(" after the root ")]);
    assert_eq!(
        t.items("BuildingBlocks", Place::Before),
        &[c(" before the first child ")]
    );
    assert_eq!(
        t.items("BuildingBlocks/ClaimsSchema/ClaimType#b", Place::Before),
        &[c(" between children ")]
    );
    assert_eq!(
        t.items("BuildingBlocks/ClaimsSchema/ClaimType#b", Place::End),
        &[c(" before the close tag ")]
    );
    assert_eq!(
        t.items(
            "ClaimsProviders/ClaimsProvider/TechnicalProfiles/TechnicalProfile#tp/OutputClaims/OutputClaim#a",
            Place::Before
        ),
        &[c(" inside a wrapper, before its item ")]
    );
    assert_eq!(t.comment_count(), 6);
}

#[test]
fn a_comment_follows_its_element_when_elements_move() {
    let xml = format!(
        r#"{HEAD}>
  <BuildingBlocks>
    <ClaimsSchema>
      <!-- about a -->
      <ClaimType Id="a"><DataType>string</DataType></ClaimType>
      <!-- about b -->
      <ClaimType Id="b"><DataType>int</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
</TrustFrameworkPolicy>"#
    );
    let mut imported = import_str(&xml, "t.xml").expect("import");
    imported.policy.building_blocks.claims_schema.reverse();
    let out = to_xml(&imported.policy).expect("emit");
    let b = out.find("<!-- about b -->").expect("kept");
    let b_el = out.find("<ClaimType Id=\"b\">").expect("b");
    let a = out.find("<!-- about a -->").expect("kept");
    let a_el = out.find("<ClaimType Id=\"a\">").expect("a");
    assert!(b < b_el && b_el < a && a < a_el, "{out}");
}

#[test]
fn trivia_of_a_removed_element_is_reported_or_moved_with_a_rename() {
    let xml = format!(
        r#"{HEAD}>
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="a"><DataType>string</DataType></ClaimType>
      <!-- about b -->
      <ClaimType Id="b"><DataType>int</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
</TrustFrameworkPolicy>"#
    );
    let imported = import_str(&xml, "t.xml").expect("import");
    let (_, unplaced) = ief::emit::to_xml_placed(&imported.policy).expect("emit");
    assert!(unplaced.is_empty(), "{unplaced:?}");

    let mut removed = imported.policy.clone();
    removed.building_blocks.claims_schema.pop();
    let (out, unplaced) = ief::emit::to_xml_placed(&removed).expect("emit");
    assert!(!out.contains("about b"));
    assert_eq!(unplaced, ["BuildingBlocks/ClaimsSchema/ClaimType#b"]);

    // A rename moves the comment with the id.
    let mut renamed = imported.policy.clone();
    renamed.building_blocks.claims_schema[1].id = ief::refs::ClaimRef::unchecked("c").into();
    renamed.trivia.rename_anchor(
        "BuildingBlocks/ClaimsSchema/ClaimType#b",
        "BuildingBlocks/ClaimsSchema/ClaimType#c",
    );
    let (out, unplaced) = ief::emit::to_xml_placed(&renamed).expect("emit");
    assert!(unplaced.is_empty(), "{unplaced:?}");
    assert!(
        out.contains("<!-- about b -->\n      <ClaimType Id=\"c\">"),
        "{out}"
    );
}

#[test]
fn processing_instructions_empty_wrappers_and_blank_lines_are_kept() {
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<?policy-tool version="2"?>
{HEAD}>
  <BuildingBlocks/>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>p</DisplayName>
      <TechnicalProfiles>

        <TechnicalProfile Id="one">
          <?marker?>
          <InputClaims/>
          <OutputClaims></OutputClaims>
        </TechnicalProfile>



        <TechnicalProfile Id="two"/>

      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>"#
    );
    let (out, imported) = round(&xml);
    assert!(
        out.contains("?>\n<?policy-tool version=\"2\"?>\n<TrustFrameworkPolicy"),
        "{out}"
    );
    assert!(out.contains("\n  <BuildingBlocks/>\n"), "{out}");
    // One blank line where there were three; none after the start tag or
    // before the end tag.
    assert!(
        out.contains(
            "      <TechnicalProfiles>
        <TechnicalProfile Id=\"one\">
          <?marker?>
          <InputClaims/>
          <OutputClaims/>
        </TechnicalProfile>

        <TechnicalProfile Id=\"two\"/>
      </TechnicalProfiles>"
        ),
        "{out}"
    );
    let kept: Vec<&str> = imported.policy.trivia.kept_empty().collect();
    assert_eq!(
        kept,
        [
            "BuildingBlocks",
            "ClaimsProviders/ClaimsProvider/TechnicalProfiles/TechnicalProfile#one/InputClaims",
            "ClaimsProviders/ClaimsProvider/TechnicalProfiles/TechnicalProfile#one/OutputClaims",
        ]
    );
}

#[test]
fn xsi_attributes_are_kept_with_their_namespace() {
    // Another prefix for the xsi namespace, declared on an inner element.
    let xml = format!(
        r#"{HEAD} xsi:schemaLocation="http://schemas.microsoft.com/online/cpim/schemas/2013/06 policy.xsd">
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="a" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="Custom"><DataType>string</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
</TrustFrameworkPolicy>"#
    );
    let (out, imported) = round(&xml);
    assert!(
        out.contains("\n  xsi:schemaLocation=\"http://schemas.microsoft.com/online/cpim/schemas/2013/06 policy.xsd\">"),
        "{out}"
    );
    assert!(
        out.contains("<ClaimType Id=\"a\" xsi:type=\"Custom\">"),
        "{out}"
    );
    assert!(out.contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""));
    let all: Vec<_> = imported.policy.trivia.all_xsi_attributes().collect();
    assert_eq!(
        all,
        [
            (
                "",
                "schemaLocation",
                "http://schemas.microsoft.com/online/cpim/schemas/2013/06 policy.xsd"
            ),
            ("BuildingBlocks/ClaimsSchema/ClaimType#a", "type", "Custom"),
        ]
    );
}

#[test]
fn a_comment_inside_text_is_kept_after_the_element_with_a_note() {
    let xml = format!(
        r#"{HEAD}>
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="a">
        <DisplayName>Ema<!-- not split -->il</DisplayName>
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
</TrustFrameworkPolicy>"#
    );
    let imported = import_str(&xml, "t.xml").expect("import");
    assert_eq!(imported.notes.len(), 1, "{:?}", imported.notes);
    assert_eq!((imported.notes[0].line, imported.notes[0].column), (5, 25));
    assert!(imported.notes[0].message.contains("kept after the element"));
    let out = to_xml(&imported.policy).expect("emit");
    assert!(
        out.contains(
            "        <DisplayName>Email</DisplayName>\n        <!-- not split -->\n        <DataType>"
        ),
        "{out}"
    );
    // The comment is filed where reading the output finds it again
    // (before the next sibling), so the formatted file is the same model.
    let again = import_str(&out, "o").expect("again");
    assert_eq!(again.policy, imported.policy);
    assert_eq!(to_xml(&again.policy).expect("emit"), out);
}

#[test]
fn a_comment_inside_the_text_of_a_last_child_goes_to_the_end_of_its_parent() {
    let xml = format!(
        r#"{HEAD}>
  <BasePolicy>
    <TenantId>t.onmicrosoft.com</TenantId>
    <PolicyId>B2C_1A_base<!-- inside -->
    </PolicyId>
    <!-- last -->
  </BasePolicy>
</TrustFrameworkPolicy>"#
    );
    let imported = import_str(&xml, "t.xml").expect("import");
    assert_eq!(
        imported.policy.trivia.items("BasePolicy", Place::End),
        &[
            Item::Comment(" inside ".into()),
            Item::Comment(" last ".into())
        ]
    );
    let out = to_xml(&imported.policy).expect("emit");
    let again = import_str(&out, "o").expect("again");
    assert_eq!(again.policy, imported.policy, "{out}");
}

#[test]
fn typed_placeholders_are_read_as_stand_ins_and_written_back_exactly() {
    let xml = format!(
        r#"{HEAD} DeploymentMode="{{Settings:DeploymentMode}}">
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>p</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="tp">
          <Protocol Name="None"/>
          <IncludeInSso> {{Settings:Sso}} </IncludeInSso>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="j">
      <OrchestrationSteps>
        <!-- the first step -->
        <OrchestrationStep Order="{{Settings:FirstStep}}" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer"/>
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
</TrustFrameworkPolicy>"#
    );
    let (out, imported) = round(&xml);
    assert!(
        out.contains("\n  DeploymentMode=\"{Settings:DeploymentMode}\""),
        "{out}"
    );
    assert!(
        out.contains("<IncludeInSso> {Settings:Sso} </IncludeInSso>"),
        "{out}"
    );
    assert!(
        out.contains("        <!-- the first step -->\n        <OrchestrationStep Order=\"{Settings:FirstStep}\" Type=\"SendClaims\""),
        "{out}"
    );

    // The model holds the documented stand-ins.
    let policy = &imported.policy;
    assert_eq!(policy.deployment_mode, Some(DeploymentMode::Development));
    // An Order stands in as the step's place among its siblings.
    assert_eq!(policy.user_journeys[0].steps[0].order, 1);

    // The table says where each one is, its text, and how to validate a
    // rendered value.
    let ph: Vec<_> = policy.trivia.placeholders().collect();
    assert_eq!(ph.len(), 3);
    let mode = policy
        .trivia
        .placeholder("", Some("DeploymentMode"))
        .expect("DeploymentMode");
    assert_eq!(mode.raw, "{Settings:DeploymentMode}");
    assert_eq!(mode.key, "DeploymentMode");
    let pos = mode.position.expect("position");
    assert_eq!(pos.line, 1);
    assert!((mode.validate)("Production").is_ok());
    assert!((mode.validate)("Prod").is_err());
    let order = policy
        .trivia
        .placeholder(
            "UserJourneys/UserJourney#j/OrchestrationSteps/OrchestrationStep#1",
            Some("Order"),
        )
        .expect("Order, keyed by its stand-in");
    assert_eq!(order.key, "FirstStep");
    assert_eq!(order.position.map(|p| p.line), Some(17));
    assert!((order.validate)("3").is_ok());
    assert!((order.validate)("three").is_err());
    let sso = policy
        .trivia
        .placeholder(
            "ClaimsProviders/ClaimsProvider/TechnicalProfiles/TechnicalProfile#tp/IncludeInSso",
            None,
        )
        .expect("IncludeInSso");
    assert_eq!(sso.raw, " {Settings:Sso} ");
    assert!((sso.validate)("true").is_ok());
    assert!((sso.validate)("yes").is_err());

    // A value set in the model wins over the placeholder.
    let mut changed = imported.policy.clone();
    changed.deployment_mode = Some(DeploymentMode::Production);
    let out = to_xml(&changed).expect("emit");
    assert!(out.contains("DeploymentMode=\"Production\""), "{out}");
}

#[test]
fn a_wrong_value_in_a_typed_place_is_still_an_error() {
    for (attr, wrong) in [
        ("DeploymentMode", "Prod"),
        ("DeploymentMode", "{Settings:Mode} x"),
        ("DeploymentMode", "{Settings:}"),
        ("DeploymentMode", "{settings:Mode}"),
    ] {
        let xml = format!(r#"{HEAD} {attr}="{wrong}"/>"#);
        let errors = import_str(&xml, "t.xml").expect_err(wrong);
        assert!(
            errors.iter().any(|e| e
                .message
                .contains("is not valid for the attribute `DeploymentMode`")),
            "{wrong}: {errors:?}"
        );
    }
    let xml = format!(
        r#"{HEAD}><UserJourneys><UserJourney Id="j"><OrchestrationSteps><OrchestrationStep Order="first" Type="SendClaims"/></OrchestrationSteps></UserJourney></UserJourneys></TrustFrameworkPolicy>"#
    );
    let errors = import_str(&xml, "t.xml").expect_err("Order=first");
    assert!(errors[0].message.contains("a whole number"), "{errors:?}");
}

#[test]
fn comments_added_in_rust_are_written_at_their_anchor_and_validated() {
    let mut policy: TrustFrameworkPolicy = TrustFrameworkPolicy::builder()
        .tenant_id("t.onmicrosoft.com")
        .policy_id(PolicyRef::unchecked("B2C_1A_t"))
        .build();
    let plain = to_xml(&policy).expect("emit");
    assert!(!plain.contains("<!--"));
    policy
        .trivia
        .comment_before(Anchor::root(), " written by a generator ")
        .expect("valid");
    policy
        .trivia
        .comment_at_end(Anchor::root(), " the end ")
        .expect("valid");
    for bad in ["a -- b", "trailing -", "-"] {
        assert!(
            policy.trivia.comment_after(Anchor::root(), bad).is_err(),
            "{bad}"
        );
    }
    let out = to_xml(&policy).expect("emit");
    assert!(
        out.contains("?>\n<!-- written by a generator -->\n<TrustFrameworkPolicy"),
        "{out}"
    );
    assert!(
        out.ends_with("\n  <!-- the end -->\n</TrustFrameworkPolicy>\n"),
        "{out}"
    );
    let again = import_str(&out, "o").expect("import");
    assert_eq!(again.policy.trivia, policy.trivia);
    // --drop-comments' library side.
    let mut stripped = again.policy.clone();
    assert_eq!(stripped.trivia.drop_comments(), 2);
    assert_eq!(to_xml(&stripped).expect("emit"), plain);
}

#[test]
fn fmt_write_rewrites_a_commented_file_and_drop_comments_strips_them() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fmt_lossless");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let src =
        common::conformance_dir().join("starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml");
    let file = dir.join("TrustFrameworkBase.xml");
    std::fs::copy(&src, &file).expect("copy");
    let original = std::fs::read_to_string(&file).expect("read");
    let ief = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ief"))
            .args(args)
            .output()
            .expect("run ief")
    };
    let f = file.display().to_string();
    let w = ief(&["fmt", "--write", &f]);
    assert_eq!(
        w.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&w.stderr)
    );
    let written = std::fs::read_to_string(&file).expect("read");
    assert_ne!(written, original);
    assert_eq!(comments(&written), comments(&original));
    assert_eq!(ief(&["fmt", "--check", &f]).status.code(), Some(0));

    // A comment inside a text moves after its element, and fmt says so.
    let in_text = dir.join("InText.xml");
    std::fs::write(
        &in_text,
        format!(
            "{HEAD}>\n  <BuildingBlocks>\n    <ClaimsSchema>\n      <ClaimType Id=\"a\">\n        <DisplayName>A<!-- x --></DisplayName>\n        <DataType>string</DataType>\n      </ClaimType>\n    </ClaimsSchema>\n  </BuildingBlocks>\n</TrustFrameworkPolicy>\n"
        ),
    )
    .expect("write");
    let p = ief(&["fmt", &in_text.display().to_string()]);
    assert_eq!(p.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&p.stderr);
    assert!(
        stderr.contains("InText.xml:5:23: this comment is inside the text of <DisplayName>"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&p.stdout)
        .contains("<DisplayName>A</DisplayName>\n        <!-- x -->"));

    let d = ief(&["fmt", "--write", "--drop-comments", &f]);
    assert_eq!(d.status.code(), Some(0));
    let stripped = std::fs::read_to_string(&file).expect("read");
    assert!(comments(&stripped).is_empty());
    // Only the comments went.
    assert_eq!(empty_elements(&stripped), empty_elements(&written));
}

#[test]
fn a_crlf_file_is_written_with_lf_line_ends_inside_comments_and_instructions_too() {
    let lf = format!(
        "<?xml version=\"1.0\"?>\n{HEAD}>\n  <!-- one\n    two\n  three -->\n  <?keep a\n  b?>\n  <BuildingBlocks>\n    <ClaimsSchema>\n      <ClaimType Id=\"a\"><DataType>string</DataType></ClaimType>\n    </ClaimsSchema>\n  </BuildingBlocks>\n</TrustFrameworkPolicy>\n"
    );
    let crlf = lf.replace('\n', "\r\n");
    let (from_lf, _) = round(&lf);
    let (from_crlf, imported) = round(&crlf);
    assert!(!from_crlf.contains('\r'), "{from_crlf:?}");
    // XML reads every line end as LF: the two files are the same policy
    // with the same comments, and write the same text.
    assert_eq!(from_crlf, from_lf);
    assert_eq!(
        comments(&from_crlf),
        ["one\n    two\n  three"].map(|c| format!(" {c} "))
    );
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    // A lone CR is a line end as well.
    let (from_cr, _) = round(&lf.replace('\n', "\r"));
    assert_eq!(from_cr, from_lf);
}
