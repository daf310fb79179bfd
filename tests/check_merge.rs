//! Journeys merged along a chain are judged as merged, and findings point
//! at the content at fault; sub-journeys get the same order rules; an
//! `<Inheritance>` without a rule imports and emits.

use ief::check::set::check_set;
use ief::import::import_str;

fn load(files: &[&str]) -> Vec<ief::import::Imported> {
    files
        .iter()
        .map(|f| {
            let path = format!("{}/tests/fixtures/merge/{f}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("fixture");
            import_str(&text, (*f).to_owned()).expect("imports")
        })
        .collect()
}

#[test]
fn a_child_that_drops_a_target_exchange_is_reported_with_its_name() {
    // Base alone is fine for the journey; Ext restates step 2 with another
    // exchange, so the base's selection target disappears.
    let alone = check_set(&load(&["Base.xml"]));
    assert!(
        !alone.errors().any(|d| d.code == "J003"),
        "{:?}",
        alone.diagnostics
    );

    let merged = check_set(&load(&["Base.xml", "Ext.xml"]));
    let j003: Vec<_> = merged.errors().filter(|d| d.code == "J003").collect();
    assert_eq!(j003.len(), 1, "{:?}", merged.diagnostics);
    // Located at the selection (in Base.xml, line 28), naming Ext.xml.
    assert_eq!(j003[0].file, "Base.xml");
    assert_eq!(j003[0].pos.map(|p| p.line), Some(28));
    assert!(
        j003[0].message.contains("as merged with Ext.xml"),
        "{}",
        j003[0].message
    );
}

#[test]
fn duplicate_orders_in_a_sub_journey_are_found() {
    let report = check_set(&load(&["Base.xml"]));
    let j002: Vec<_> = report.errors().filter(|d| d.code == "J002").collect();
    assert_eq!(j002.len(), 1, "{:?}", report.diagnostics);
    assert!(
        j002[0].message.contains("sub-journey `S`"),
        "{}",
        j002[0].message
    );
    assert_eq!(j002[0].pos.map(|p| p.line), Some(48));
}

#[test]
fn an_inheritance_without_a_rule_round_trips() {
    let xml = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://x/B2C_1A_T"><PolicyConstraints><Inheritance DerivingPolicies="All"/></PolicyConstraints></TrustFrameworkPolicy>"#;
    let imported = import_str(xml, "t.xml").expect("imports");
    let emitted = ief::emit::to_xml(&imported.policy).expect("emits");
    assert!(
        emitted.contains(r#"<Inheritance DerivingPolicies="All"/>"#),
        "{emitted}"
    );
    let empty_tenants = xml.replace(
        r#"DerivingPolicies="All"/>"#,
        r#"DerivingPolicies="All"><Tenants/></Inheritance>"#,
    );
    let errors = import_str(&empty_tenants, "t.xml").expect_err("an empty <Tenants> is refused");
    assert!(
        errors[0]
            .message
            .contains("<Tenants> needs at least one <Tenant>"),
        "{:?}",
        errors
    );
}
