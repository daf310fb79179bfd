//! B2C allows at most 10 inheritance levels (P003); a chain of exactly 10
//! is fine.

use ief::check::set::check_set;
use ief::import::import_str;
use ief::policy::{BasePolicy, TrustFrameworkPolicy};
use ief::refs::PolicyRef;

const TENANT: &str = "contoso.onmicrosoft.com";

/// A chain of `n` policies, each inheriting from the one before; emitted
/// and imported as files would be.
fn chain(n: usize) -> Vec<ief::import::Imported> {
    (0..n)
        .map(|i| {
            let mut p: TrustFrameworkPolicy = TrustFrameworkPolicy::builder()
                .tenant_id(TENANT)
                .policy_id(PolicyRef::from_string(format!("B2C_1A_Level{i}")))
                .build();
            if i > 0 {
                p.base_policy = Some(BasePolicy::from_string(
                    TENANT,
                    format!("B2C_1A_Level{}", i - 1),
                ));
            }
            let xml = ief::emit::to_xml(&p).expect("emits");
            import_str(&xml, format!("Level{i}.xml")).expect("imports")
        })
        .collect()
}

#[test]
fn eleven_levels_are_one_too_many() {
    let report = check_set(&chain(11));
    let p003: Vec<_> = report.errors().filter(|d| d.code == "P003").collect();
    assert_eq!(p003.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(p003[0].file, "Level10.xml");
    assert!(
        p003[0].message.contains("has 11 levels"),
        "{}",
        p003[0].message
    );
    assert!(p003[0].pos.is_some(), "located at the BasePolicy");
}

#[test]
fn ten_levels_are_allowed() {
    let report = check_set(&chain(10));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
}
