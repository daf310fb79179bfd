//! The checker splits a set into groups that no rule looks across and
//! checks them on several threads, and builds each file's effective policy
//! on its base's: neither changes a finding. A set with findings across
//! groups (a `PolicyId` shared by two copies of a set, a missing base
//! whose "did you mean" names another group's policy, a loop) gets the
//! same report on 1, 2, 3 and 8 threads as from one context over the
//! whole set, and a group checked alone has the findings the whole set
//! has in its files.

#[path = "../benches/common/mod.rs"]
mod copies;

use ief::check::set::{
    check_set, check_set_threads, check_set_whole, check_streamed, CheckOptions, Diagnostic,
};
use ief::import::{import_str, scan_header, Imported, ScannedHeader};
use ief::resolve::{chains, resolve, resolve_onto};

/// A policy file with `id`, and `base` as its base when given.
fn policy(id: &str, base: Option<&str>) -> String {
    let base = base
        .map(|b| {
            format!(
                "<BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>{b}</PolicyId></BasePolicy>"
            )
        })
        .unwrap_or_default();
    format!(
        r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="{id}" PublicPolicyUri="http://contoso.onmicrosoft.com/{id}">{base}</TrustFrameworkPolicy>"#
    )
}

/// Three copies of SocialAndLocalAccounts; copy 2's sign-in policy takes
/// copy 1's `PolicyId` (in other case); a file whose base is misspelt
/// (nearest: copy 3's extensions); two files that name each other as
/// base.
fn mixed_set() -> Vec<(String, String)> {
    let set = copies::starter_set("SocialAndLocalAccounts").expect("the starter pack");
    assert_eq!(set.len(), 6, "SocialAndLocalAccounts has six files");
    let mut files = copies::copies(&set, 3);
    let sign_in = files
        .iter_mut()
        .find(|(name, _)| name == "c2/SignUpOrSignin.xml")
        .expect("copy 2's sign-in policy");
    assert!(sign_in.1.contains("PolicyId=\"B2C_1A_signup_signin_c2\""));
    sign_in.1 = sign_in.1.replace(
        "PolicyId=\"B2C_1A_signup_signin_c2\"",
        "PolicyId=\"B2C_1A_SIGNUP_SIGNIN_c1\"",
    );
    files.push((
        "Orphan.xml".into(),
        policy("B2C_1A_Orphan", Some("B2C_1A_TrustFrameworkExtension_c3")),
    ));
    files.push((
        "LoopA.xml".into(),
        policy("B2C_1A_LoopA", Some("B2C_1A_LoopB")),
    ));
    files.push((
        "LoopB.xml".into(),
        policy("B2C_1A_LoopB", Some("B2C_1A_LoopA")),
    ));
    files
}

fn import(files: &[(String, String)]) -> Vec<Imported> {
    files
        .iter()
        .map(|(name, t)| import_str(t, name.clone()).expect("imports"))
        .collect()
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}

#[test]
fn the_report_is_the_same_on_any_number_of_threads() {
    let imported = import(&mixed_set());
    // One context over the whole set, as the checker was before groups.
    let one = check_set_whole(&imported);
    assert!(!one.diagnostics.is_empty());
    for threads in [1, 2, 3, 8] {
        assert_eq!(
            check_set_threads(&imported, threads),
            one,
            "{threads} threads"
        );
    }
    assert_eq!(check_set(&imported), one);
    // The findings across groups are there.
    let found = codes(&one.diagnostics);
    for code in ["P001", "P002", "P005"] {
        assert!(found.contains(&code), "no {code} in {found:?}");
    }
    let p001 = one
        .diagnostics
        .iter()
        .find(|d| d.code == "P001")
        .expect("P001");
    assert_eq!(p001.file, "Orphan.xml");
    assert_eq!(
        p001.help.as_deref(),
        Some("did you mean `B2C_1A_TrustFrameworkExtensions_c3`?")
    );
    let p005 = one
        .diagnostics
        .iter()
        .find(|d| d.code == "P005")
        .expect("P005");
    assert_eq!(p005.file, "c2/SignUpOrSignin.xml");
    assert!(p005.message.contains("c1/SignUpOrSignin.xml"), "{p005}");
}

#[test]
fn a_group_checked_alone_has_the_findings_the_whole_set_has_in_it() {
    let files = mixed_set();
    let imported = import(&files);
    let whole = check_set_threads(&imported, 2).diagnostics;
    // Copy 3 is a group of its own (the orphan's base is misspelt, so it
    // is not in it).
    let c3: Vec<(String, String)> = files
        .iter()
        .filter(|(name, _)| name.starts_with("c3/"))
        .cloned()
        .collect();
    let alone = check_set(&import(&c3)).diagnostics;
    let in_c3: Vec<Diagnostic> = whole
        .iter()
        .filter(|d| d.file.starts_with("c3/"))
        .cloned()
        .collect();
    assert!(!alone.is_empty());
    assert_eq!(in_c3, alone);
    // Copies 1 and 2 are one group (they share a PolicyId): checked
    // together, alone, they have the findings of the whole set in them.
    let c12: Vec<(String, String)> = files
        .iter()
        .filter(|(name, _)| name.starts_with("c1/") || name.starts_with("c2/"))
        .cloned()
        .collect();
    let alone = check_set(&import(&c12)).diagnostics;
    let in_c12: Vec<Diagnostic> = whole
        .iter()
        .filter(|d| d.file.starts_with("c1/") || d.file.starts_with("c2/"))
        .cloned()
        .collect();
    assert_eq!(in_c12, alone);
    assert!(codes(&alone).contains(&"P005"));
}

#[test]
fn an_effective_policy_built_on_its_base_is_the_one_merged_from_scratch() {
    let mut checked = 0;
    for set in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        let files = import(&copies::starter_set(set).expect("the starter pack"));
        let chains = chains(&files);
        for (i, chain) in chains.iter().enumerate() {
            let from_scratch = resolve(&files, i, chain.clone());
            // On the next file's effective policy, and on every later one's.
            for &base in chain.files.iter().skip(1) {
                let on_base = resolve_onto(
                    &resolve(&files, base, chains[base].clone()),
                    &files,
                    i,
                    chain.clone(),
                );
                let what = format!("{set}: file {i} on file {base}");
                assert_eq!(on_base.policy, from_scratch.policy, "{what}");
                assert_eq!(on_base.provenance, from_scratch.provenance, "{what}");
                assert_eq!(on_base.chain, from_scratch.chain);
                // The indexes agree too.
                for tp in from_scratch.technical_profiles() {
                    assert_eq!(on_base.technical_profile(tp.id.id()), Some(tp), "{what}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} files built on a later one");
}

#[test]
fn onto_a_policy_that_is_not_the_base_is_a_merge_from_scratch() {
    let files = import(&[
        ("A.xml".into(), policy("B2C_1A_A", Some("B2C_1A_B"))),
        ("B.xml".into(), policy("B2C_1A_B", Some("B2C_1A_A"))),
    ]);
    let chains = chains(&files);
    // A loop: B's chain is [B, A], not the rest of A's ([A, B] -> [B]).
    let wrong_base = resolve(&files, 1, chains[1].clone());
    let on = resolve_onto(&wrong_base, &files, 0, chains[0].clone());
    let scratch = resolve(&files, 0, chains[0].clone());
    assert_eq!(on.policy, scratch.policy);
    assert_eq!(on.provenance, scratch.provenance);
}

/// The flow rules' codes.
const FLOW: [&str; 9] = [
    "F001", "F002", "F003", "F004", "J009", "J010", "J011", "J012", "J013",
];

/// The flow findings of the checker, which reads a relying-party leaf
/// through its base's effective policy, are those of the flow rules over
/// every leaf's own effective policy (`resolve_leaves`).
fn assert_flow_as_over_own_leaves(files: &[Imported], what: &str) -> usize {
    let from_check: Vec<Diagnostic> = check_set(files)
        .diagnostics
        .into_iter()
        .filter(|d| FLOW.contains(&d.code))
        .collect();
    let leaves = ief::resolve::resolve_leaves(files);
    let mut own = ief::check::rules::flow::check(files, &leaves);
    own.sort();
    own.dedup();
    assert_eq!(from_check, own, "{what}");
    from_check.len()
}

#[test]
fn leaves_read_through_their_base_have_the_flow_findings_of_their_own_merge() {
    let mut found = 0;
    let mut split_found = 0;
    for rule in ief::check::rules::rules() {
        if !FLOW.contains(&rule.code) {
            continue;
        }
        for example in [rule.failing, rule.passing] {
            let files: Vec<(String, String)> = example
                .iter()
                .map(|e| (e.file.to_owned(), e.xml.to_owned()))
                .collect();
            found += assert_flow_as_over_own_leaves(&import(&files), rule.code);
            // The same with the relying party moved to a file of its own
            // (a leaf that adds only a header and a relying party).
            let split: Vec<(String, String)> = files
                .iter()
                .flat_map(|(name, xml)| match split_relying_party(xml) {
                    Some((base, rp)) => vec![(name.clone(), base), (format!("RP_{name}"), rp)],
                    None => vec![(name.clone(), xml.clone())],
                })
                .collect();
            if split.len() > files.len() {
                split_found += assert_flow_as_over_own_leaves(&import(&split), rule.code);
            }
        }
    }
    assert!(
        split_found >= FLOW.len(),
        "only {split_found} flow findings in split sets"
    );
    // Every failing example has its finding.
    assert!(found >= FLOW.len(), "only {found} flow findings");
    assert_flow_as_over_own_leaves(&import(&mixed_set()), "the mixed set");
}

/// A policy with a `<RelyingParty>` split in two: the policy without it,
/// and a child (`PolicyId` + `_RP`) with only the relying party.
fn split_relying_party(xml: &str) -> Option<(String, String)> {
    let start = xml.find("<RelyingParty>")?;
    let end = xml.find("</RelyingParty>")? + "</RelyingParty>".len();
    let id_at = xml.find("PolicyId=\"")? + "PolicyId=\"".len();
    let id = &xml[id_at..id_at + xml[id_at..].find('"')?];
    let base = format!("{}{}", &xml[..start], &xml[end..]);
    let rp = format!(
        "{}\n<BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>{id}</PolicyId></BasePolicy>\n{}\n</TrustFrameworkPolicy>\n",
        policy(&format!("{id}_RP"), None).trim_end_matches("</TrustFrameworkPolicy>"),
        &xml[start..end]
    );
    Some((base, rp))
}

/// `items` with their scanned headers, for `check_streamed`.
fn scanned(files: &[(String, String)]) -> Vec<((String, String), Option<ScannedHeader>)> {
    files
        .iter()
        .map(|(name, text)| ((name.clone(), text.clone()), scan_header(text)))
        .collect()
}

/// `check_streamed` over `items`, loading by importing (a file that does
/// not import is its name with no import).
fn streamed(
    items: Vec<((String, String), Option<ScannedHeader>)>,
    threads: usize,
) -> ief::check::Streamed<String> {
    check_streamed(
        items,
        |(name, text): (String, String)| {
            let imported = import_str(&text, name.clone()).ok();
            (name, imported)
        },
        &CheckOptions {
            threads: Some(threads),
            ..CheckOptions::default()
        },
    )
}

/// Every rule's failing and passing examples, the mixed set and the four
/// starter-pack sets, each as a set of named texts.
fn all_sets() -> Vec<(String, Vec<(String, String)>)> {
    let mut sets = vec![("the mixed set".to_owned(), mixed_set())];
    for name in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        sets.push((
            name.to_owned(),
            copies::starter_set(name).expect("the starter pack"),
        ));
    }
    for rule in ief::check::rules::rules() {
        for (what, example) in [("failing", rule.failing), ("passing", rule.passing)] {
            sets.push((
                format!("{} {what}", rule.code),
                example
                    .iter()
                    .map(|e| (e.file.to_owned(), e.xml.to_owned()))
                    .collect(),
            ));
        }
    }
    sets
}

#[test]
fn a_set_checked_group_by_group_as_it_is_loaded_has_the_report_of_the_whole_set() {
    let mut with_findings = 0;
    for (what, files) in all_sets() {
        let imported: Vec<Imported> = files
            .iter()
            .filter_map(|(name, t)| import_str(t, name.clone()).ok())
            .collect();
        let whole = check_set_whole(&imported);
        with_findings += usize::from(!whole.diagnostics.is_empty());
        for threads in [1, 2] {
            let s = streamed(scanned(&files), threads);
            assert!(s.grouped, "{what}: the headers' groups were not confirmed");
            assert_eq!(s.report, whole, "{what}, {threads} threads");
            // Every item's outcome, in the order given.
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(s.outcomes, names, "{what}");
        }
    }
    assert!(
        with_findings > 50,
        "only {with_findings} sets with findings"
    );
}

#[test]
fn headers_that_split_what_belongs_together_are_caught_and_the_set_is_checked_whole() {
    let files = mixed_set();
    let imported = import(&files);
    let whole = check_set_whole(&imported);
    // No header at all: every file alone, which the imports contradict.
    let items: Vec<_> = scanned(&files)
        .into_iter()
        .map(|(item, _)| (item, None))
        .collect();
    let s = streamed(items, 2);
    assert!(!s.grouped);
    assert_eq!(s.report, whole);
    // A header that names no base for a file that has one.
    let mut items = scanned(&files);
    let ext = items
        .iter_mut()
        .find(|((name, _), _)| name == "c1/TrustFrameworkExtensions.xml")
        .expect("copy 1's extensions");
    ext.1.as_mut().expect("a header").base_policy_id = None;
    let s = streamed(items, 2);
    assert!(!s.grouped);
    assert_eq!(s.report, whole);
    // Headers that join more than belongs together are only coarser.
    let mut items = scanned(&files);
    for (_, h) in items.iter_mut() {
        if let Some(h) = h {
            h.base_policy_id = Some("B2C_1A_TrustFrameworkBase_c1".into());
        }
    }
    let s = streamed(items, 2);
    assert!(s.grouped);
    assert_eq!(s.report, whole);
}

#[test]
fn files_that_do_not_import_are_outcomes_without_findings_of_the_set() {
    let mut files = mixed_set();
    files.push(("Broken.xml".into(), "<TrustFrameworkPolicy".into()));
    // Says it is copy 2's base, but does not import: not in the set.
    files.push((
        "Half.xml".into(),
        policy("B2C_1A_TrustFrameworkBase_c2", None).replace("</TrustFrameworkPolicy>", "<Nope/>"),
    ));
    let imported: Vec<Imported> = files
        .iter()
        .filter_map(|(name, t)| import_str(t, name.clone()).ok())
        .collect();
    assert_eq!(imported.len(), files.len() - 2);
    let s = streamed(scanned(&files), 2);
    assert!(s.grouped);
    assert_eq!(s.report, check_set_whole(&imported));
    assert_eq!(s.outcomes.len(), files.len());
}

#[test]
fn the_header_scan_reads_the_policy_id_and_the_base_and_nothing_more() {
    let with_base = policy("B2C_1A_Child", Some("B2C_1A_Base"));
    assert_eq!(
        scan_header(&with_base),
        Some(ScannedHeader {
            policy_id: "B2C_1A_Child".into(),
            base_policy_id: Some("B2C_1A_Base".into()),
        })
    );
    // A byte-order mark, a declaration and comments first; an entity and
    // spaces in the base's id; a comment inside it.
    let dressed = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- a > comment -->\n{}",
        policy("B2C_1A_C&amp;hild", Some(" B2C_1A_B&#97;<!-- x -->se "))
    );
    assert_eq!(
        scan_header(&dressed),
        Some(ScannedHeader {
            policy_id: "B2C_1A_C&hild".into(),
            base_policy_id: Some("B2C_1A_Base".into()),
        })
    );
    // No BasePolicy, or not as the first child: no base.
    assert_eq!(
        scan_header(&policy("B2C_1A_Root", None)).and_then(|h| h.base_policy_id),
        None
    );
    let later = policy("B2C_1A_X", None).replace(
        "</TrustFrameworkPolicy>",
        "<BuildingBlocks/><BasePolicy><PolicyId>B2C_1A_Y</PolicyId></BasePolicy></TrustFrameworkPolicy>",
    );
    assert_eq!(scan_header(&later).and_then(|h| h.base_policy_id), None);
    // Not a policy's start: nothing.
    for text in [
        "",
        "not xml",
        "<TrustFrameworkPolicy",
        "<A/>",
        "<A><B/></A>",
    ] {
        assert_eq!(scan_header(text), None, "{text:?}");
    }
}
