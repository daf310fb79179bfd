//! The README's deploy section, run: its `ief` commands against the local
//! fake of Graph and the token endpoint (tests/fake_graph), in the
//! repository (where `generated/trusona` is), and its sample output
//! compared with what the deploy prints.

mod fake_graph;

use std::process::Command;

use fake_graph::Fake;

const KEYS: &[&str] = &[
    "B2C_1A_TokenSigningKeyContainer",
    "B2C_1A_TokenEncryptionKeyContainer",
    "B2C_1A_FacebookSecret",
    "B2C_1A_TrusonaTacClientSecret",
];

/// The text of the first fenced block of `lang` in `section`.
fn block<'s>(section: &'s str, lang: &str) -> &'s str {
    section
        .split(&format!("```{lang}\n"))
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("no ```{lang} block"))
}

#[test]
fn the_readme_deploy_commands_deploy_the_trusona_set() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let start = readme
        .find("## Deploying: from `cargo install` to a deployed Trusona set")
        .expect("the section");
    let rest = &readme[start + 3..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    // What to grant and set is named.
    for needed in [
        "Policy.ReadWrite.TrustFramework",
        "TrustFrameworkKeySet.Read.All",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET",
    ]
    .iter()
    .chain(KEYS)
    {
        assert!(section.contains(needed), "the section names {needed}");
    }
    let commands: Vec<&str> = block(section, "sh").lines().collect();
    let tenant = commands
        .iter()
        .find_map(|c| c.split("--tenant ").nth(1))
        .and_then(|t| t.split_whitespace().next())
        .expect("a --tenant");
    let fake = Fake::start(tenant, KEYS);
    let (client_id, secret) = {
        let st = fake.state();
        (st.client_id.clone(), st.client_secret.clone())
    };
    let mut last = String::new();
    let mut ran = 0;
    for c in &commands {
        if c.starts_with("cargo ") {
            // Installing and regenerating: the binary under test and the
            // committed generated/trusona stand in (no network here).
            continue;
        }
        let words: Vec<&str> = c.split_whitespace().collect();
        assert_eq!(words[0], "ief", "only ief and cargo commands: {c}");
        let out = Command::new(env!("CARGO_BIN_EXE_ief"))
            .args(&words[1..])
            .current_dir(root)
            .env_remove("IEF_GRAPH_TOKEN")
            .env_remove("AZURE_FEDERATED_TOKEN_FILE")
            .env("AZURE_TENANT_ID", tenant)
            .env("AZURE_CLIENT_ID", &client_id)
            .env("AZURE_CLIENT_SECRET", &secret)
            .env("IEF_GRAPH_URL", &fake.url)
            .env("AZURE_AUTHORITY_HOST", &fake.url)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        last = String::from_utf8(out.stdout).unwrap();
        assert!(
            out.status.success(),
            "`{c}` failed:\n{last}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert_eq!(ran, 2);
    assert_eq!(
        last,
        block(section, "text"),
        "the sample output is what prints"
    );
    assert_eq!(fake.state().policies.len(), 4);
}
