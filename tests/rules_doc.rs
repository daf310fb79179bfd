//! The README's rule table is the rule registry's rendering: one source of
//! truth for codes, severities and summaries.
//!
//! After changing a rule, refresh it with `IEF_BLESS=1 cargo test --test
//! rules_doc` (or paste the output of `cargo run -- explain --markdown`
//! between the markers) and commit the README.

use std::path::Path;

const BEGIN: &str = "<!-- rules:begin -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn readme_rule_table_is_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md is readable");
    let start = readme
        .find(BEGIN)
        .map(|i| i + BEGIN.len())
        .expect("README.md has a `<!-- rules:begin -->` line");
    let end = readme[start..]
        .find(END)
        .map(|i| start + i)
        .expect("README.md has a `<!-- rules:end -->` line after the begin marker");
    let table = ief::check::rules::markdown_table();
    if readme[start..end] == table {
        return;
    }
    if std::env::var_os("IEF_BLESS").is_some() {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).expect("README.md is writable");
        return;
    }
    panic!(
        "README.md's rule table differs from the rule registry.\n\
         Regenerate it with `IEF_BLESS=1 cargo test --test rules_doc` \
         (or `cargo run -- explain --markdown`) and commit README.md.\n\
         --- README ---\n{}\n--- registry ---\n{table}",
        &readme[start..end]
    );
}
