//! `import_str_for_check` (what `ief check` imports with) reads every file
//! as `import_str` does, except that comments, processing instructions and
//! blank lines are not filed: same model, positions, notes and errors.

mod common;

use ief::import::{import_str, import_str_for_check, Imported};
use ief::trivia::Trivia;

/// The two imports of `text` agree on everything but the filed comments.
fn same_but_comments(text: &str, name: &str) -> usize {
    let full = import_str(text, name);
    let check = import_str_for_check(text, name);
    match (full, check) {
        (Ok(mut full), Ok(mut check)) => {
            assert_eq!(
                check.policy.trivia.entries().count(),
                0,
                "{name}: no comment is filed"
            );
            let placeholders = |i: &Imported| {
                i.policy
                    .trivia
                    .placeholders()
                    .map(|p| format!("{p:?}"))
                    .collect::<Vec<_>>()
            };
            assert_eq!(placeholders(&full), placeholders(&check), "{name}");
            let comments = full.policy.trivia.entries().count();
            full.policy.trivia = Trivia::new();
            check.policy.trivia = Trivia::new();
            assert!(full == check, "{name}: the imports differ");
            comments
        }
        (Err(full), Err(check)) => {
            assert_eq!(full, check, "{name}: the same errors");
            0
        }
        (full, check) => panic!(
            "{name}: import_str {} but import_str_for_check {}",
            if full.is_ok() { "reads it" } else { "fails" },
            if check.is_ok() { "reads it" } else { "fails" },
        ),
    }
}

#[test]
fn the_starter_pack_and_fixtures_import_alike() {
    let mut files = common::starter_pack_files();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        "tests/fixtures/trusona",
        "tests/fixtures/merge",
        "generated/trusona",
        "generated/quickstart",
    ] {
        files.extend(common::xml_files(&root.join(dir)));
    }
    let mut comments = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        comments += same_but_comments(&text, &f.display().to_string());
    }
    // The starter pack is commented: the comparison saw comments left out.
    assert!(comments > 100, "only {comments} comments in the corpus");
}

const HEAD: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T">"#;

#[test]
fn errors_notes_and_placeholders_are_the_same() {
    let cases = [
        // A comment inside an element's text: a note in both.
        format!(
            "{HEAD}<BuildingBlocks><ClaimsSchema><ClaimType Id=\"a\"><DisplayName>A<!-- here -->B</DisplayName><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks></TrustFrameworkPolicy>"
        ),
        // A typed placeholder and an xsi: attribute.
        format!(
            "<!-- before -->\n{HEAD}\n  <!-- inside -->\n\n  <UserJourneyBehaviors xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>\n</TrustFrameworkPolicy>\n<!-- after -->"
        ),
        format!(
            "{HEAD}<RelyingParty><DefaultUserJourney ReferenceId=\"J\"/><UserJourneyBehaviors><ScriptExecution>{{Settings:Scripts}}</ScriptExecution></UserJourneyBehaviors><TechnicalProfile Id=\"PolicyProfile\"><DisplayName>P</DisplayName><Protocol Name=\"OpenIdConnect\"/><OutputClaims/><SubjectNamingInfo ClaimType=\"sub\"/></TechnicalProfile></RelyingParty></TrustFrameworkPolicy>"
        ),
        // Errors: malformed, an unknown element, two byte-order marks.
        format!("{HEAD}<BuildingBlocks><ClaimsSchema></BuildingBlocks></TrustFrameworkPolicy>"),
        format!("{HEAD}<BuildingBlocks><ClaimSchema/></BuildingBlocks></TrustFrameworkPolicy>"),
        format!("\u{feff}\u{feff}{HEAD}</TrustFrameworkPolicy>"),
        format!("\u{feff}{HEAD}<!-- c --></TrustFrameworkPolicy>"),
    ];
    for (n, text) in cases.iter().enumerate() {
        same_but_comments(text, &format!("case{n}.xml"));
    }
    let noted = import_str_for_check(&cases[0], "n.xml").expect("reads");
    assert_eq!(noted.notes.len(), 1, "{:?}", noted.notes);
    let typed = import_str_for_check(&cases[2], "p.xml").expect("reads");
    assert_eq!(typed.policy.trivia.placeholders().count(), 1);
}
