//! Runs the `run:` steps of the GitHub Actions workflow in
//! docs/github-actions.md (all but `cargo install`: the binary under test
//! stands in) with bash, against the local fake of GitHub's OIDC endpoint,
//! the token endpoint and Graph (tests/fake_graph), the way the runner
//! would: one step after the other, `$GITHUB_ENV` carried forward.

mod fake_graph;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use fake_graph::Fake;

const TENANT: &str = "contosodev.onmicrosoft.com";
const KEYS: &[&str] = &[
    "B2C_1A_TokenSigningKeyContainer",
    "B2C_1A_TokenEncryptionKeyContainer",
    "B2C_1A_FacebookSecret",
    "B2C_1A_TrusonaTacClientSecret",
];

/// The workflow's jobs: name → the commands of its `run:` steps.
fn jobs(doc: &str) -> BTreeMap<String, Vec<String>> {
    let yaml = doc
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a yaml block in the doc");
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut jobs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut in_jobs = false;
    let mut job = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        if t.is_empty() {
            // A blank line changes nothing.
        } else if indent(line) == 0 {
            in_jobs = t == "jobs:";
        } else if in_jobs && indent(line) == 2 && t.ends_with(':') {
            job = t.trim_end_matches(':').to_owned();
        } else if let Some(cmd) = t
            .strip_prefix("- run: ")
            .or_else(|| t.strip_prefix("run: "))
        {
            let key_indent = indent(line) + if t.starts_with("- ") { 2 } else { 0 };
            let cmd = if cmd.trim() == "|" {
                let mut body = Vec::new();
                while i + 1 < lines.len() && indent(lines[i + 1]) > key_indent {
                    i += 1;
                    body.push(lines[i].trim_start());
                }
                body.join("\n")
            } else {
                cmd.to_owned()
            };
            jobs.entry(job.clone()).or_default().push(cmd);
        }
        i += 1;
    }
    jobs
}

#[test]
fn the_documented_workflow_checks_and_deploys() {
    for tool in ["bash", "curl", "jq"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "the workflow test needs `{tool}` on PATH, as the runner has it"
        );
    }
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/github-actions.md"),
    )
    .unwrap();
    let jobs = jobs(&doc);
    assert_eq!(jobs.keys().collect::<Vec<_>>(), ["check", "deploy"]);
    let fake = Fake::start(TENANT, KEYS);
    let (client_id, request_token) = {
        let st = fake.state();
        (st.client_id.clone(), st.oidc_request_token.clone())
    };
    // The checked-out repository: the Trusona set in `policies/`.
    let repo = tempfile::tempdir().unwrap();
    let policies = repo.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    let set = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
    for e in std::fs::read_dir(&set).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, policies.join(p.file_name().unwrap())).unwrap();
    }
    let runner_temp = tempfile::tempdir().unwrap();
    let github_env = runner_temp.path().join("github_env");
    std::fs::write(&github_env, "").unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_ief"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for (job, steps) in &jobs {
        for step in steps {
            if step.starts_with("cargo install") {
                continue;
            }
            let mut cmd = Command::new("bash");
            cmd.args(["-e", "-o", "pipefail", "-c", step])
                .current_dir(repo.path())
                .env_clear()
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env("RUNNER_TEMP", runner_temp.path())
                .env("GITHUB_ENV", &github_env)
                .env(
                    "ACTIONS_ID_TOKEN_REQUEST_URL",
                    format!("{}/oidc?api-version=2.0", fake.url),
                )
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", &request_token)
                // What `vars.*` holds; Graph and the authority are the fake.
                .env("AZURE_CLIENT_ID", &client_id)
                .env("AZURE_TENANT_ID", TENANT)
                .env("B2C_TENANT", TENANT)
                .env("IEF_GRAPH_URL", &fake.url)
                .env("AZURE_AUTHORITY_HOST", &fake.url);
            for l in std::fs::read_to_string(&github_env).unwrap().lines() {
                if let Some((k, v)) = l.split_once('=') {
                    cmd.env(k, v);
                }
            }
            let out = cmd.output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.status.success(),
                "job {job}, step `{step}` failed:\n{text}"
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 5, "every run step but cargo install");
    // The SARIF step wrote a SARIF log.
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("ief.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // The deploy used the federated token, and uploaded the set.
    let st = fake.state();
    assert_eq!(st.policies.len(), 4);
    assert!(st
        .raw
        .iter()
        .any(|r| r.contains("client_assertion=") && r.contains("jwt-bearer")));
    assert!(!st.raw.iter().any(|r| r.contains("client_secret=")));
}
