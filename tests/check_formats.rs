//! `ief check --format sarif` and `--format github`: the same findings as
//! `--format json`, in SARIF 2.1.0 and in GitHub workflow commands.

use std::process::Command;

fn check(format: &str) -> (i32, String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/trusona");
    let out = Command::new(env!("CARGO_BIN_EXE_ief"))
        .args(["check", "--format", format, dir])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// (code, severity, file, line, column) of every finding, from the JSON.
fn json_findings() -> Vec<(String, String, String, u64, u64)> {
    let (code, text) = check("json");
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn sarif_holds_every_finding_with_its_rule_and_place() {
    let expected = json_findings();
    assert!(expected.len() >= 2, "the fixture has findings");
    let (code, text) = check("sarif");
    assert_eq!(code, 1, "exit code as for the other formats");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "ief");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    for (r, (code, severity, file, line, col)) in results.iter().zip(&expected) {
        assert_eq!(r["ruleId"], code.as_str());
        assert_eq!(r["level"], severity.as_str());
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], code.as_str());
        assert!(!rules[index]["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(file.ends_with(loc["artifactLocation"]["uri"].as_str().unwrap()));
        assert_eq!(loc["region"]["startLine"].as_u64(), Some(*line));
        assert_eq!(loc["region"]["startColumn"].as_u64(), Some(*col));
    }
}

#[test]
fn github_annotations_hold_every_finding_one_line_each() {
    let expected = json_findings();
    let (code, text) = check("github");
    assert_eq!(code, 1);
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), expected.len(), "{text}");
    for (c, (code, severity, file, line, col)) in commands.iter().zip(&expected) {
        let (head, message) = c[2..].split_once("::").unwrap();
        assert_eq!(
            head,
            format!("{severity} file={file},line={line},col={col},title={code}"),
            "{c}"
        );
        assert!(!message.is_empty());
        // The help goes on a second line of the annotation: escaped.
        assert!(message.contains("%0Ahelp: "), "{c}");
    }
    assert!(text
        .lines()
        .last()
        .unwrap()
        .starts_with("checked 2 file(s)"));
}
