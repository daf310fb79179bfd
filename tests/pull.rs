//! `ief pull` against the local fake of Microsoft Graph (tests/fake_graph):
//! what it writes passes `ief check` and re-deploys as unchanged.

mod fake_graph;

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

fn ief(fake: &Fake, args: &[&str]) -> (i32, String, String) {
    let (client_id, secret) = {
        let st = fake.state();
        (st.client_id.clone(), st.client_secret.clone())
    };
    let out = Command::new(env!("CARGO_BIN_EXE_ief"))
        .args(args)
        .env_remove("IEF_GRAPH_TOKEN")
        .env_remove("AZURE_FEDERATED_TOKEN_FILE")
        .env_remove("AZURE_TENANT_ID")
        .env("IEF_GRAPH_URL", &fake.url)
        .env("AZURE_AUTHORITY_HOST", &fake.url)
        .env("AZURE_CLIENT_ID", client_id)
        .env("AZURE_CLIENT_SECRET", secret)
        .env("NO_COLOR", "1")
        .output()
        .expect("run ief");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn pulled_files_check_clean_and_redeploy_as_unchanged() {
    let fake = Fake::start(TENANT, KEYS);
    // Two policies a page: the list is followed through @odata.nextLink.
    fake.state().page_size = Some(2);
    let set = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
    let (code, out, err) = ief(
        &fake,
        &["deploy", set.to_str().unwrap(), "--tenant", TENANT],
    );
    assert_eq!(code, 0, "{out}{err}");
    let tmp = tempfile::tempdir().unwrap();
    let pulled = tmp.path().join("pulled");
    let (code, out, err) = ief(
        &fake,
        &["pull", "--tenant", TENANT, pulled.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("pulled 4 policies"), "{out}");
    assert_eq!(
        names(&pulled),
        [
            "B2C_1A_TrusonaTacSUSI.xml",
            "B2C_1A_TrustFrameworkBase.xml",
            "B2C_1A_TrustFrameworkExtensions.xml",
            "B2C_1A_TrustFrameworkLocalization.xml",
        ]
    );
    let lists = fake
        .state()
        .log
        .iter()
        .filter(|l| *l == "GET /beta/trustFramework/policies")
        .count();
    assert!(lists >= 2, "the second page was asked for");
    // `ief check` accepts what was pulled.
    let check = Command::new(env!("CARGO_BIN_EXE_ief"))
        .args(["check", pulled.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{text}");
    assert!(text.contains("checked 4 file(s): 0 error(s)"), "{text}");
    // And it deploys back as unchanged.
    let puts = fake.state().puts().len();
    let (code, out, err) = ief(
        &fake,
        &["deploy", pulled.to_str().unwrap(), "--tenant", TENANT],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 uploaded, 4 unchanged"), "{out}");
    assert_eq!(fake.state().puts().len(), puts);
}

#[test]
fn pull_filters_by_prefix_and_rewrites_atomically() {
    let fake = Fake::start(TENANT, KEYS);
    {
        let mut st = fake.state();
        for id in ["B2C_1A_Dev_Base", "B2C_1A_Dev_RP", "B2C_1A_Prod_Base"] {
            st.policies.insert(
                id.to_lowercase(),
                (
                    id.to_owned(),
                    format!("<TrustFrameworkPolicy PolicyId=\"{id}\"/>"),
                ),
            );
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path();
    std::fs::write(out_dir.join("B2C_1A_Dev_RP.xml"), "old").unwrap();
    let (code, out, err) = ief(
        &fake,
        &[
            "pull",
            "--tenant",
            TENANT,
            out_dir.to_str().unwrap(),
            "--filter",
            "b2c_1a_dev_",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(names(out_dir), ["B2C_1A_Dev_Base.xml", "B2C_1A_Dev_RP.xml"]);
    assert_eq!(
        std::fs::read_to_string(out_dir.join("B2C_1A_Dev_RP.xml")).unwrap(),
        "<TrustFrameworkPolicy PolicyId=\"B2C_1A_Dev_RP\"/>"
    );
    assert!(
        !fake.state().log.iter().any(|l| l.contains("Prod")),
        "not fetched"
    );
}
