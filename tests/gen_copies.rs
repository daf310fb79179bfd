//! The generator of disjoint copies used by the benchmarks
//! (`benches/common`, `examples/gen_copies.rs`): the ids and references
//! get the copy's suffix, and three copies of a starter-pack set are three
//! sets the checker keeps apart (three times the findings of one, each
//! copy's own).

#[path = "../benches/common/mod.rs"]
mod copies;

use ief::check::set::check_set;
use ief::import::import_str;

#[test]
fn ids_references_and_uris_get_the_suffix_and_nothing_else() {
    let t = "<P PolicyId=\"B2C_1A_X\"\n  PublicPolicyUri=\"http://t/B2C_1A_X\" DefaultPolicyId=\"k\">\n<BasePolicy><PolicyId>B2C_1A_B</PolicyId></BasePolicy><Item Key=\"PolicyId\">B2C_1A_X</Item>";
    assert_eq!(
        copies::copy_of(t, 7),
        "<P PolicyId=\"B2C_1A_X_c7\"\n  PublicPolicyUri=\"http://t/B2C_1A_X_c7\" DefaultPolicyId=\"k\">\n<BasePolicy><PolicyId>B2C_1A_B_c7</PolicyId></BasePolicy><Item Key=\"PolicyId\">B2C_1A_X</Item>"
    );
    // The tenant, wherever its name is written, is the copy's own.
    let t = "<P TenantId=\"contoso.onmicrosoft.com\" TenantObjectId=\"x\">\n<BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId></BasePolicy><Item>https://contoso.b2clogin.com</Item>";
    assert_eq!(
        copies::copy_of(t, 7),
        "<P TenantId=\"c7contoso.onmicrosoft.com\" TenantObjectId=\"x\">\n<BasePolicy><TenantId>c7contoso.onmicrosoft.com</TenantId></BasePolicy><Item>https://c7contoso.b2clogin.com</Item>"
    );
}

#[test]
fn copies_of_a_starter_pack_set_are_disjoint_sets() {
    let set = copies::starter_set("SocialAndLocalAccounts").expect("the starter pack");
    assert_eq!(set.len(), 6, "SocialAndLocalAccounts has six files");
    let files = copies::copies(&set, 3);
    assert_eq!(files.len(), 18);
    let imported: Vec<_> = files
        .iter()
        .map(|(name, t)| import_str(t, name.clone()).expect("a copy imports"))
        .collect();
    let ids: std::collections::BTreeSet<&str> =
        imported.iter().map(|i| i.policy.policy_id.id()).collect();
    assert_eq!(ids.len(), 18, "every copy's policy ids are its own");
    let tenants: std::collections::BTreeSet<&str> = imported
        .iter()
        .map(|i| i.policy.tenant_id.as_str())
        .collect();
    assert_eq!(tenants.len(), 3, "every copy is its own tenant's set");
    let one = check_set(&imported[..6]).diagnostics;
    let all = check_set(&imported).diagnostics;
    // No finding about a duplicate id or a base found twice: each copy
    // has exactly the findings of the first, in its own files.
    assert_eq!(all.len(), 3 * one.len());
    for n in 1..=3 {
        let prefix = format!("c{n}/");
        let mine: Vec<(&str, &str)> = all
            .iter()
            .filter_map(|d| Some((d.file.strip_prefix(&prefix)?, d.code)))
            .collect();
        let first: Vec<(&str, &str)> = one
            .iter()
            .map(|d| (d.file.strip_prefix("c1/").expect("copy 1"), d.code))
            .collect();
        assert_eq!(mine, first, "copy {n}");
    }
}
