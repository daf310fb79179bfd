//! docs/rules.md's table of security and hygiene rules is the registry's:
//! every rule whose category is not correctness is in it once, with its
//! category and its default severity first.

use std::collections::BTreeMap;
use std::path::Path;

use ief::check::rules::rules;
use ief::check::Category;

#[test]
fn the_security_and_hygiene_table_lists_every_such_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("docs/rules.md")).expect("docs/rules.md");
    let start = page
        .find("<!-- rules-pack:begin")
        .expect("the table's start marker");
    let end = page
        .find("<!-- rules-pack:end -->")
        .expect("the table's end marker");
    let mut rows: BTreeMap<String, (String, String)> = BTreeMap::new();
    for line in page[start..end]
        .lines()
        .filter(|l| l.starts_with("| "))
        .skip(1)
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (code, category, severity) = (cells[1], cells[2], cells[3]);
        let before = rows.insert(code.to_owned(), (category.to_owned(), severity.to_owned()));
        assert!(before.is_none(), "{code} is in the table twice");
    }
    let expected: BTreeMap<String, (String, String)> = rules()
        .into_iter()
        .filter(|r| r.category != Category::Correctness)
        .map(|r| {
            (
                r.code.to_owned(),
                (r.category.as_str().to_owned(), r.severity.to_string()),
            )
        })
        .collect();
    let listed: Vec<&String> = rows.keys().collect();
    let registered: Vec<&String> = expected.keys().collect();
    assert_eq!(
        listed, registered,
        "docs/rules.md's codes differ from the registry's"
    );
    for (code, (category, severity)) in &expected {
        let (doc_category, doc_severity) = &rows[code];
        assert_eq!(doc_category, category, "{code}'s category");
        assert!(
            doc_severity.starts_with(severity.as_str()),
            "{code}: the table says `{doc_severity}`, the registry `{severity}`"
        );
    }
}
