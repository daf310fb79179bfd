//! The importer refuses what it cannot hold, with file, line, column and
//! what was expected, and never panics.

use ief::import::{import_str, ImportError};
use proptest::prelude::*;

const HEAD: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T">"#;

fn policy(body: &str) -> String {
    format!("{HEAD}\n{body}\n</TrustFrameworkPolicy>")
}

fn errors(xml: &str) -> Vec<ImportError> {
    match import_str(xml, "t.xml") {
        Ok(_) => panic!("expected import errors for:\n{xml}"),
        Err(e) => e,
    }
}

#[test]
fn malformed_xml_is_located() {
    let e = errors(&policy(
        "<BuildingBlocks>\n<ClaimsSchema>\n</BuildingBlocks>",
    ));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].file, "t.xml");
    assert_eq!(e[0].line, 4);
    assert!(e[0].message.contains("not well-formed"), "{}", e[0].message);
}

#[test]
fn unknown_element_names_what_was_expected() {
    let e = errors(&policy(
        "<BuildingBlocks>\n  <ClaimSchema/>\n</BuildingBlocks>",
    ));
    assert_eq!((e[0].line, e[0].column), (3, 3));
    assert!(
        e[0].message
            .contains("unknown element <ClaimSchema> in <BuildingBlocks>"),
        "{}",
        e[0].message
    );
    assert!(e[0].message.contains("ClaimsSchema"), "{}", e[0].message);
    assert_eq!(e[0].help.as_deref(), Some("did you mean <ClaimsSchema>?"));
}

#[test]
fn unknown_attribute_and_wrong_enumeration_value() {
    let xml = policy(
        r#"<BuildingBlocks><ClaimsSchema>
  <ClaimType Id="a" Statement="x"><DataType>strin</DataType></ClaimType>
</ClaimsSchema></BuildingBlocks>"#,
    );
    let e = errors(&xml);
    let messages: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown attribute `Statement` on <ClaimType>")),
        "{messages:?}"
    );
    let dt = e
        .iter()
        .find(|e| e.message.contains("`strin`"))
        .expect("data type error");
    assert!(
        dt.message.contains("did you mean `string`?"),
        "{}",
        dt.message
    );
    assert_eq!(dt.line, 3);
}

#[test]
fn order_missing_and_repeated_elements() {
    let e = errors(&policy(
        r#"<ClaimsProviders><ClaimsProvider><TechnicalProfiles>
  <TechnicalProfile Id="t"><Protocol Name="None"/><DisplayName>x</DisplayName></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>"#,
    ));
    assert!(
        e[0].message
            .contains("<DisplayName> is out of order in <TechnicalProfile>"),
        "{}",
        e[0].message
    );

    let e = errors(&policy("<ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName></ClaimsProvider></ClaimsProviders>"));
    assert!(
        e[0].message
            .contains("<ClaimsProvider> needs a <TechnicalProfiles> element"),
        "{}",
        e[0].message
    );

    let e = errors(&policy("<BasePolicy><TenantId>a</TenantId><TenantId>b</TenantId><PolicyId>p</PolicyId></BasePolicy>"));
    assert!(
        e[0].message
            .contains("<TenantId> may appear only once in <BasePolicy>"),
        "{}",
        e[0].message
    );

    let e = errors(&policy(
        r#"<UserJourneys><UserJourney Id="j"><OrchestrationSteps><OrchestrationStep Order="x" Type="SendClaims"/></OrchestrationSteps></UserJourney></UserJourneys>"#,
    ));
    assert!(
        e[0].message
            .contains("`x` is not valid for the attribute `Order` of <OrchestrationStep>"),
        "{}",
        e[0].message
    );
}

#[test]
fn strings_are_kept_exactly() {
    let xml = policy(
        r#"<ClaimsProviders><ClaimsProvider><TechnicalProfiles><TechnicalProfile Id="t">
<Metadata><Item Key="setting.showSignupLink ">  spaced value
</Item></Metadata></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>"#,
    );
    let imported = import_str(&xml, "t.xml").expect("imports");
    let tp = &imported.policy.claims_providers[0].technical_profiles[0];
    assert_eq!(tp.metadata[0].key, "setting.showSignupLink ");
    assert_eq!(tp.metadata[0].value, "  spaced value\n");
    let pos = imported
        .source_map
        .get("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[0]/TechnicalProfiles/TechnicalProfile[0]")
        .expect("position");
    assert_eq!(pos.line, 2);
}

#[test]
fn a_file_that_is_not_a_policy() {
    let e = errors("<Policy/>");
    assert!(
        e[0].message.contains("the root element is <Policy>"),
        "{}",
        e[0].message
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text never panics the importer.
    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = import_str(&s, "fuzz.xml");
    }

    /// Mangled policies (a byte range cut out) never panic it either.
    #[test]
    fn mangled_policies_never_panic(cut_from in 0usize..600, cut_len in 0usize..80) {
        let base = policy(r#"<BuildingBlocks><ClaimsSchema><ClaimType Id="a"><DisplayName>A &amp; B</DisplayName><DataType>string</DataType><Restriction><Enumeration Text="x" Value="y"/></Restriction></ClaimType></ClaimsSchema></BuildingBlocks><UserJourneys><UserJourney Id="j"><OrchestrationSteps><OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer"/></OrchestrationSteps></UserJourney></UserJourneys>"#);
        let bytes = base.as_bytes();
        let from = cut_from.min(bytes.len());
        let to = (from + cut_len).min(bytes.len());
        let mangled = [&bytes[..from], &bytes[to..]].concat();
        if let Ok(text) = String::from_utf8(mangled) {
            let _ = import_str(&text, "mangled.xml");
        }
    }
}

#[test]
fn repeats_follow_the_schema() {
    // A wrapper the XSD allows once.
    let e = errors(&policy(
        "<BuildingBlocks><ClaimsSchema><ClaimType Id=\"a\"/></ClaimsSchema><ClaimsSchema><ClaimType Id=\"b\"/></ClaimsSchema></BuildingBlocks>",
    ));
    assert!(
        e[0].message
            .contains("<ClaimsSchema> may appear only once in <BuildingBlocks>"),
        "{}",
        e[0].message
    );
    // A wrapper the XSD lets repeat: its items are merged.
    let ok = policy(
        r#"<ClaimsProviders><ClaimsProvider><TechnicalProfiles><TechnicalProfile Id="t">
<OutputClaimsTransformations><OutputClaimsTransformation ReferenceId="x"/></OutputClaimsTransformations>
<OutputClaimsTransformations><OutputClaimsTransformation ReferenceId="y"/></OutputClaimsTransformations>
</TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>"#,
    );
    let imported = import_str(&ok, "t.xml").expect("imports");
    let tp = &imported.policy.claims_providers[0].technical_profiles[0];
    assert_eq!(tp.output_claims_transformations.len(), 2);
    // A repeatable element with attributes of its own cannot be merged: refused, with a hint.
    let e = errors(&policy(
        r#"<UserJourneys><UserJourney Id="j"><OrchestrationSteps><OrchestrationStep Order="1" Type="ClaimsExchange">
<ClaimsExchanges><ClaimsExchange Id="a" TechnicalProfileReferenceId="t"/></ClaimsExchanges>
<ClaimsExchanges><ClaimsExchange Id="b" TechnicalProfileReferenceId="t"/></ClaimsExchanges>
</OrchestrationStep></OrchestrationSteps></UserJourney></UserJourneys>"#,
    ));
    assert!(
        e[0].message.contains("has more than one <ClaimsExchanges>"),
        "{}",
        e[0].message
    );
    assert_eq!(
        e[0].help.as_deref(),
        Some("merge the <ClaimsExchanges> elements into one")
    );
}
