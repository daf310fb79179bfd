//! The README's table of Rust lines against XML lines is what
//! `scripts/dsl-lines.sh --markdown` prints for the sources and the
//! committed `generated/` files (run the script and paste its output
//! between the `dsl-lines` markers when they change).

use std::path::Path;
use std::process::Command;

#[test]
fn the_readme_line_counts_are_the_scripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join("scripts/dsl-lines.sh"))
        .arg("--markdown")
        .output()
        .expect("run scripts/dsl-lines.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    // Every row has a count of each kind above zero.
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{table}");
    for row in &rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let rust: u32 = cells[2].parse().expect("Rust lines");
        let xml: u32 = cells[3].parse().expect("XML lines");
        assert!(rust > 0 && xml > 0, "{row}");
    }
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let begin = "<!-- dsl-lines:begin -->\n";
    let start = readme
        .find(begin)
        .expect("the dsl-lines table in README.md")
        + begin.len();
    let end = readme[start..]
        .find("<!-- dsl-lines:end -->")
        .expect("its end marker");
    assert_eq!(
        &readme[start..start + end],
        table,
        "README.md's line counts are stale: paste `scripts/dsl-lines.sh --markdown`"
    );
}

/// The script's count of `text` written to a file, as Rust or XML.
fn count(kind: &str, name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(name);
    std::fs::write(&file, text).expect("write");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join("scripts/dsl-lines.sh"))
        .arg(kind)
        .arg(&file)
        .output()
        .expect("run scripts/dsl-lines.sh");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn comments_blank_lines_and_tests_are_not_counted() {
    let rust = r#"//! A module.

/// A function.
pub fn f() -> u32 {
    // a comment
    /* a block
       comment */
    1
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        assert_eq!(format!("{}", super::f()), "1");
    }
}

pub const AFTER: u32 = 2;
"#;
    // `pub fn f`, `1`, `}`, and `pub const AFTER`.
    assert_eq!(count("--rust", "a.rs", rust), "4");
    let xml = "<A>\n  <!-- one\n  two -->\n\n  <B />\n  <!-- three -->\n</A>\n";
    assert_eq!(count("--xml", "a.xml", xml), "3");
}
