//! `ief deploy` and `ief::deploy` against a local fake of Microsoft Graph
//! and the token endpoint (tests/fake_graph), on 127.0.0.1.

mod common;
mod fake_graph;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::time::Duration;

use fake_graph::{Fake, Scripted};
use ief::deploy::{
    plan, Clock, Credential, Endpoints, GraphClient, GraphError, PolicyFile, RetryPolicy, Secret,
};

const TRUSONA_TENANT: &str = "contosodev.onmicrosoft.com";
const TRUSONA_KEYS: &[&str] = &[
    "B2C_1A_TokenSigningKeyContainer",
    "B2C_1A_TokenEncryptionKeyContainer",
    "B2C_1A_FacebookSecret",
    "B2C_1A_TrusonaTacClientSecret",
];
const PACK_TENANT: &str = "yourtenant.onmicrosoft.com";
const PACK_KEYS: &[&str] = &[
    "B2C_1A_TokenSigningKeyContainer",
    "B2C_1A_TokenEncryptionKeyContainer",
    "B2C_1A_FacebookSecret",
];

fn trusona_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/trusona")
}

fn mfa_pack() -> PathBuf {
    common::conformance_dir().join("starterpack/SocialAndLocalAccountsWithMfa")
}

/// A copy of `dir`'s .xml files in a new temporary folder.
fn copy_set(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "xml") {
            std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    tmp
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// `ief ARGS` with the fake as Graph and token authority, and client
/// credentials (the fake's secret) unless `env` says otherwise.
fn ief(fake: &Fake, args: &[&str], env: &[(&str, &str)]) -> Run {
    let (client_id, secret) = {
        let st = fake.state();
        (st.client_id.clone(), st.client_secret.clone())
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ief"));
    cmd.args(args);
    for k in [
        "IEF_GRAPH_TOKEN",
        "AZURE_FEDERATED_TOKEN_FILE",
        "AZURE_TENANT_ID",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("IEF_GRAPH_URL", &fake.url)
        .env("AZURE_AUTHORITY_HOST", &fake.url)
        .env("AZURE_CLIENT_ID", client_id)
        .env("AZURE_CLIENT_SECRET", secret)
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run ief");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// No secret the fake knows (client secret, federated assertion, issued
/// tokens) appears in `text`.
fn assert_no_secret(fake: &Fake, text: &str) {
    let st = fake.state();
    let mut secrets = vec![st.client_secret.clone(), st.federated_assertion.clone()];
    secrets.extend(st.tokens.iter().cloned());
    for s in secrets {
        assert!(!text.contains(&s), "a secret is in the output:\n{text}");
    }
}

/// 1-based line and column of the first `needle` in `file`.
fn line_col_of(file: &Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.find(needle).expect("needle in file");
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    (line, col)
}

#[test]
fn a_six_file_set_goes_base_first_with_one_token() {
    let fake = Fake::start(PACK_TENANT, PACK_KEYS);
    let dir = mfa_pack();
    let r = ief(
        &fake,
        &[
            "deploy",
            dir.to_str().unwrap(),
            "--tenant",
            PACK_TENANT,
            "--verbose",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let st = fake.state();
    // Files are walked in name order (PasswordReset.xml first); the upload
    // order comes from the chains.
    assert_eq!(
        st.puts(),
        [
            "B2C_1A_TrustFrameworkBase",
            "B2C_1A_TrustFrameworkLocalization",
            "B2C_1A_TrustFrameworkExtensions",
            "B2C_1A_PasswordReset",
            "B2C_1A_ProfileEdit",
            "B2C_1A_signup_signin",
        ]
    );
    assert_eq!(st.token_requests, 1, "one token for the batch");
    assert_eq!(st.last_scope, format!("{}/.default", fake.url));
    assert!(r.stdout.contains("6 uploaded, 0 unchanged"), "{}", r.stdout);
    // --verbose shows the requests, with the Authorization redacted.
    assert!(
        r.stderr.contains("Authorization: Bearer [redacted]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("client_secret=[redacted]"),
        "{}",
        r.stderr
    );
    drop(st);
    assert_no_secret(&fake, &r.all());
    // The stored policies are the files.
    let base = std::fs::read_to_string(dir.join("TrustFrameworkBase.xml")).unwrap();
    let st = fake.state();
    assert!(
        st.policies["b2c_1a_trustframeworkbase"].1 == base.trim_start_matches('\u{feff}'),
        "the base is stored as its file says"
    );
}

#[test]
fn a_rerun_skips_what_is_unchanged_and_force_uploads_it() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let dir = trusona_dir();
    let args = ["deploy", dir.to_str().unwrap(), "--tenant", TRUSONA_TENANT];
    assert_eq!(ief(&fake, &args, &[]).code, 0);
    assert_eq!(fake.state().puts().len(), 4);
    // Stored differently (reformatted, as the service may return it): still
    // unchanged, compared by meaning.
    {
        let mut st = fake.state();
        for (_, xml) in st.policies.values_mut() {
            *xml = xml.replace("\n  ", "\n    ").replace("\n", "\r\n");
        }
    }
    let r = ief(&fake, &args, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(fake.state().puts().len(), 4, "nothing uploaded again");
    assert!(r.stdout.contains("0 uploaded, 4 unchanged"), "{}", r.stdout);
    assert!(r.stdout.contains("unchanged, skipped"), "{}", r.stdout);
    let mut forced = args.to_vec();
    forced.push("--force");
    let r = ief(&fake, &forced, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(fake.state().puts().len(), 8, "--force uploads all four");
}

#[test]
fn a_dry_run_uploads_nothing_and_says_new_changed_unchanged() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let set = copy_set(&trusona_dir());
    let dir = set.path().to_str().unwrap().to_owned();
    let dry = ["deploy", &dir, "--tenant", TRUSONA_TENANT, "--dry-run"];
    let r = ief(&fake, &dry, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(fake.state().puts().is_empty());
    assert!(fake.state().policies.is_empty());
    assert_eq!(
        r.stdout.matches("new, would be uploaded").count(),
        4,
        "{}",
        r.stdout
    );
    assert_eq!(
        ief(&fake, &["deploy", &dir, "--tenant", TRUSONA_TENANT], &[]).code,
        0
    );
    // Change one policy's meaning, and another's formatting only.
    let ext = set.path().join("TrustFrameworkExtensions.xml");
    let text = std::fs::read_to_string(&ext).unwrap();
    std::fs::write(
        &ext,
        text.replacen("<DisplayName>", "<DisplayName>Renamed ", 1),
    )
    .unwrap();
    let loc = set.path().join("TrustFrameworkLocalization.xml");
    let text = std::fs::read_to_string(&loc).unwrap();
    std::fs::write(&loc, text.replace("\n", "\n\n")).unwrap();
    let before = fake.state().policies.clone();
    let r = ief(&fake, &dry, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(fake.state().policies, before, "a dry run changes nothing");
    assert_eq!(fake.state().puts().len(), 4);
    assert!(
        r.stdout.contains("B2C_1A_TrustFrameworkExtensions (")
            && r.stdout.contains("changed, would be uploaded"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout.matches("unchanged, would be skipped").count(),
        3,
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("1 would be uploaded, 3 unchanged"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_failure_stops_the_deploy_with_a_report_and_a_rerun_uploads_the_rest() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let set = copy_set(&trusona_dir());
    let dir = set.path().to_str().unwrap().to_owned();
    let ext = set.path().join("TrustFrameworkExtensions.xml");
    let (schema_line, _) = line_col_of(&ext, "<ClaimsProviders>");
    let (tp_line, tp_col) = line_col_of(&ext, "Id=\"TrusonaTAC-OpenIdConnect\"");
    // Three messages run together, B2C's way.
    let message = format!(
        "Validation failed: 3 validation error(s) found in policy \"B2C_1A_TRUSTFRAMEWORKEXTENSIONS\" of tenant \"{TRUSONA_TENANT}\".\
Schema check failed at line {schema_line} col 4 in policy \"B2C_1A_TrustFrameworkExtensions\" of tenant \"{TRUSONA_TENANT}\": element 'ClaimsProviders' is not expected here (test). List of possible elements expected: 'BuildingBlocks'.\
Technical profile \"TrusonaTAC-OpenIdConnect\" in policy \"B2C_1A_TrustFrameworkExtensions\" names a key that the tenant does not have (test).\
The policy is rejected for a reason that names no element (test)."
    );
    fake.state()
        .invalid
        .insert("b2c_1a_trustframeworkextensions".into(), message);
    let args = ["deploy", dir.as_str(), "--tenant", TRUSONA_TENANT];
    let r = ief(&fake, &args, &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    let out = &r.stdout;
    assert!(
        out.contains("deploy stopped at B2C_1A_TrustFrameworkExtensions: HTTP 400"),
        "{out}"
    );
    assert!(
        out.contains("  uploaded: B2C_1A_TrustFrameworkBase, B2C_1A_TrustFrameworkLocalization\n"),
        "{out}"
    );
    assert!(
        out.contains("  failed: B2C_1A_TrustFrameworkExtensions\n"),
        "{out}"
    );
    assert!(
        out.contains("  not tried: B2C_1A_TrusonaTacSUSI\n"),
        "{out}"
    );
    assert!(out.contains("[4/4] B2C_1A_TrusonaTacSUSI"), "{out}");
    // One finding per message, placed on the file like `ief check` does.
    assert_eq!(out.matches("error[upload]").count(), 3, "{out}");
    let ext_name = ext.display().to_string();
    assert!(
        out.contains(&format!("--> {ext_name}:{schema_line}:4")),
        "{out}"
    );
    assert!(
        out.contains(&format!("--> {ext_name}:{tp_line}:{tp_col}")),
        "{out}"
    );
    assert!(
        out.contains("List of possible elements expected"),
        "kept with its message: {out}"
    );
    assert_eq!(
        fake.state().puts(),
        [
            "B2C_1A_TrustFrameworkBase",
            "B2C_1A_TrustFrameworkLocalization",
            "B2C_1A_TrustFrameworkExtensions"
        ]
    );
    let stored: Vec<String> = fake.state().policies.keys().cloned().collect();
    assert_eq!(
        stored,
        [
            "b2c_1a_trustframeworkbase",
            "b2c_1a_trustframeworklocalization"
        ]
    );
    // Fixed: the re-run uploads only what is left.
    fake.state().invalid.clear();
    let r = ief(&fake, &args, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        fake.state().puts()[3..],
        ["B2C_1A_TrustFrameworkExtensions", "B2C_1A_TrusonaTacSUSI"]
    );
    assert!(r.stdout.contains("2 uploaded, 2 unchanged"), "{}", r.stdout);
}

#[test]
fn a_missing_base_names_the_base_to_upload_first() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let rp = trusona_dir().join("SignUpOrSignInTrusona.xml");
    let r = ief(
        &fake,
        &[
            "deploy",
            rp.to_str().unwrap(),
            "--tenant",
            TRUSONA_TENANT,
            "--no-check",
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("HTTP 404"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("upload its base policy `B2C_1A_TrustFrameworkExtensions` first"),
        "{}",
        r.stdout
    );
    assert!(fake.state().policies.is_empty());
}

#[test]
fn the_preflight_finds_a_missing_key_set_and_a_wrong_tenant_before_any_upload() {
    let keys: Vec<&str> = TRUSONA_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "B2C_1A_TrusonaTacClientSecret")
        .collect();
    let fake = Fake::start(TRUSONA_TENANT, &keys);
    let dir = trusona_dir();
    let ext = dir.join("TrustFrameworkExtensions.xml");
    let (line, col) = line_col_of(&ext, "StorageReferenceId=\"B2C_1A_TrusonaTacClientSecret\"");
    for dry in [false, true] {
        let mut args = vec!["deploy", dir.to_str().unwrap(), "--tenant", TRUSONA_TENANT];
        if dry {
            args.push("--dry-run");
        }
        let r = ief(&fake, &args, &[]);
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(
            r.stdout.contains(
                "error[keyset]: the tenant has no policy key `B2C_1A_TrusonaTacClientSecret`"
            ),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout
                .contains(&format!("--> {}:{line}:{col}", ext.display())),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains("nothing was uploaded"), "{}", r.stdout);
    }
    assert!(fake.state().puts().is_empty());
    assert!(
        !fake.state().log.iter().any(|l| l.starts_with("GET B2C_1A")),
        "nothing compared either"
    );
    // Another tenant: every file's TenantId is named.
    let fake = Fake::start("other.onmicrosoft.com", TRUSONA_KEYS);
    let r = ief(
        &fake,
        &[
            "deploy",
            dir.to_str().unwrap(),
            "--tenant",
            "other.onmicrosoft.com",
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    // Four root TenantIds and three BasePolicy TenantIds.
    assert_eq!(r.stdout.matches("error[tenant]").count(), 7, "{}", r.stdout);
    assert!(fake.state().puts().is_empty());
}

#[test]
fn the_tenant_policy_limit_is_checked() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    {
        let mut st = fake.state();
        for i in 0..198 {
            let id = format!("B2C_1A_Other{i}");
            st.policies.insert(id.to_lowercase(), (id, String::new()));
        }
    }
    let r = ief(
        &fake,
        &[
            "deploy",
            trusona_dir().to_str().unwrap(),
            "--tenant",
            TRUSONA_TENANT,
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("the tenant has 198 policies and the set adds 4"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_refused_token_is_renewed_mid_batch_and_a_bad_one_names_the_permission() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    // Each token is good for three Graph requests: the batch needs more.
    fake.state().token_uses = Some(3);
    let dir = trusona_dir();
    let r = ief(
        &fake,
        &["deploy", dir.to_str().unwrap(), "--tenant", TRUSONA_TENANT],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(fake.state().policies.len(), 4);
    assert!(fake.state().token_requests >= 2, "renewed");
    assert_no_secret(&fake, &r.all());
    // A ready token that Graph refuses: no renewal, the permission named.
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let r = ief(
        &fake,
        &["deploy", dir.to_str().unwrap(), "--tenant", TRUSONA_TENANT],
        &[("IEF_GRAPH_TOKEN", "not-a-valid-token")],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("HTTP 401"), "{}", r.stderr);
    assert!(
        r.stderr.contains("TrustFrameworkKeySet.Read.All"),
        "{}",
        r.stderr
    );
    assert!(!r.all().contains("not-a-valid-token"));
    assert_eq!(fake.state().token_requests, 0);
    // A wrong client secret: the token endpoint's refusal, no secret shown.
    let r = ief(
        &fake,
        &["deploy", dir.to_str().unwrap(), "--tenant", TRUSONA_TENANT],
        &[("AZURE_CLIENT_SECRET", "wrong-secret-value")],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("cannot get an access token"),
        "{}",
        r.stderr
    );
    assert!(!r.all().contains("wrong-secret-value"));
}

#[test]
fn a_federated_token_file_is_sent_as_a_client_assertion() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("token");
    std::fs::write(&file, format!("{}\n", fake.state().federated_assertion)).unwrap();
    let r = ief(
        &fake,
        &[
            "deploy",
            trusona_dir().to_str().unwrap(),
            "--tenant",
            TRUSONA_TENANT,
            "--verbose",
        ],
        &[
            ("AZURE_FEDERATED_TOKEN_FILE", file.to_str().unwrap()),
            ("AZURE_CLIENT_SECRET", ""),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("client_assertion=[redacted]"),
        "{}",
        r.stderr
    );
    assert_eq!(fake.state().token_requests, 1);
    assert_no_secret(&fake, &r.all());
}

#[test]
fn throttling_is_retried_as_retry_after_says() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    fake.state()
        .script
        .extend([Scripted::Throttle(Some(0)), Scripted::Throttle(Some(0))]);
    let r = ief(
        &fake,
        &[
            "deploy",
            trusona_dir().to_str().unwrap(),
            "--tenant",
            TRUSONA_TENANT,
            "--verbose",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        r.stderr.matches("HTTP 429: retry").count(),
        2,
        "{}",
        r.stderr
    );
    assert_eq!(fake.state().puts().len(), 4);
}

#[test]
fn plain_http_is_refused_unless_loopback() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let r = ief(
        &fake,
        &[
            "deploy",
            trusona_dir().to_str().unwrap(),
            "--tenant",
            TRUSONA_TENANT,
            "--graph-url",
            "http://graph.example.com",
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("only https is accepted"), "{}", r.stderr);
    assert!(fake.state().log.is_empty());
}

#[test]
fn a_set_with_check_errors_is_not_uploaded() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    let set = copy_set(&trusona_dir());
    let rp = set.path().join("SignUpOrSignInTrusona.xml");
    let text = std::fs::read_to_string(&rp).unwrap();
    std::fs::write(
        &rp,
        text.replace(
            "ReferenceId=\"TrusonaTacSUSI\"",
            "ReferenceId=\"NoSuchJourney\"",
        ),
    )
    .unwrap();
    let r = ief(
        &fake,
        &[
            "deploy",
            set.path().to_str().unwrap(),
            "--tenant",
            TRUSONA_TENANT,
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("deploy stopped: the set has"),
        "{}",
        r.stdout
    );
    assert!(fake.state().log.is_empty(), "Graph not even asked");
}

// ---- the library, with an injected clock (no real waiting) ----

/// A clock that records waits and moves time by them.
#[derive(Clone, Default)]
struct FakeClock(Rc<RefCell<(Duration, Vec<Duration>)>>);

impl FakeClock {
    fn advance(&self, d: Duration) {
        self.0.borrow_mut().0 += d;
    }
    fn sleeps(&self) -> Vec<Duration> {
        self.0.borrow().1.clone()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        self.0.borrow().0
    }
    fn sleep(&self, d: Duration) {
        let mut s = self.0.borrow_mut();
        s.0 += d;
        s.1.push(d);
    }
    fn jitter(&self) -> f64 {
        0.5
    }
}

fn client(fake: &Fake, clock: &FakeClock) -> GraphClient {
    let st = fake.state();
    let credential = Credential::ClientSecret {
        tenant: st.tenant.clone(),
        client_id: st.client_id.clone(),
        secret: Secret::new(st.client_secret.clone()),
    };
    drop(st);
    GraphClient::new(Endpoints::new(&fake.url, &fake.url).unwrap(), credential)
        .with_clock(Box::new(clock.clone()))
}

#[test]
fn retry_after_is_honoured_and_retries_are_bounded_in_count_and_time() {
    let fake = Fake::start("t.onmicrosoft.com", &["K"]);
    let clock = FakeClock::default();
    let mut c = client(&fake, &clock);
    fake.state()
        .script
        .extend([Scripted::Throttle(Some(7)), Scripted::Throttle(Some(3))]);
    assert_eq!(c.list_key_sets().unwrap(), ["K"]);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(7), Duration::from_secs(3)]
    );
    // Bounded in count.
    let policy = RetryPolicy {
        max_retries: 3,
        max_total: Duration::from_secs(600),
        ..RetryPolicy::default()
    };
    let mut c = c.with_retry(policy);
    fake.state()
        .script
        .extend([Scripted::Throttle(Some(1)); 10]);
    let err = c.list_key_sets().unwrap_err();
    assert!(
        matches!(err, GraphError::RetriesExhausted { attempts: 4, .. }),
        "{err}"
    );
    assert_eq!(clock.sleeps().len(), 2 + 3);
    assert!(err.help().unwrap().contains("run the same command again"));
    // Bounded in time: a wait that would pass max_total is not started.
    fake.state().script.clear();
    let policy = RetryPolicy {
        max_retries: 10,
        max_total: Duration::from_secs(5),
        ..RetryPolicy::default()
    };
    let mut c = c.with_retry(policy);
    fake.state().script.extend([Scripted::Throttle(Some(4)); 3]);
    let err = c.list_key_sets().unwrap_err();
    assert!(
        matches!(err, GraphError::RetriesExhausted { attempts: 2, .. }),
        "{err}"
    );
    assert_eq!(clock.sleeps().len(), 2 + 3 + 1);
}

#[test]
fn a_server_error_once_is_retried_after_a_jittered_backoff() {
    let fake = Fake::start("t.onmicrosoft.com", &["K"]);
    let clock = FakeClock::default();
    let mut c = client(&fake, &clock);
    fake.state()
        .script
        .extend([Scripted::ServerError, Scripted::Throttle(None)]);
    assert_eq!(c.list_key_sets().unwrap(), ["K"]);
    let policy = RetryPolicy::default();
    // Equal jitter at 0.5: three quarters of base, then of 2·base.
    assert_eq!(
        clock.sleeps(),
        [
            policy.base_delay.mul_f64(0.75),
            (policy.base_delay * 2).mul_f64(0.75)
        ]
    );
    assert_eq!(fake.state().log.len(), 3);
}

#[test]
fn the_token_is_fetched_once_per_batch_unless_it_expires() {
    let fake = Fake::start("t.onmicrosoft.com", &["K"]);
    fake.state().expires_in = 600;
    let clock = FakeClock::default();
    let mut c = client(&fake, &clock);
    for _ in 0..5 {
        c.list_key_sets().unwrap();
    }
    assert_eq!(c.token_requests(), 1);
    assert_eq!(fake.state().token_requests, 1);
    // Renewed ahead of expiry (at half its life, at most five minutes
    // before), not after a failure.
    clock.advance(Duration::from_secs(301));
    c.list_key_sets().unwrap();
    assert_eq!(c.token_requests(), 2);
    assert!(!fake.state().log.is_empty());
    assert_eq!(fake.state().tokens.len(), 2);
}

#[test]
fn a_401_on_upload_names_the_policy_permission() {
    let fake = Fake::start("t.onmicrosoft.com", &[]);
    let clock = FakeClock::default();
    let mut c = GraphClient::new(
        Endpoints::new(&fake.url, &fake.url).unwrap(),
        Credential::Bearer(Secret::new("bad")),
    )
    .with_clock(Box::new(clock));
    let err = c.put_policy("B2C_1A_X", "<x/>").unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err
        .help()
        .unwrap()
        .contains("Policy.ReadWrite.TrustFramework"));
}

fn policy(id: &str, base: Option<&str>) -> PolicyFile {
    let base = base
        .map(|b| format!("<BasePolicy><TenantId>t.onmicrosoft.com</TenantId><PolicyId>{b}</PolicyId></BasePolicy>"))
        .unwrap_or_default();
    PolicyFile::new(
        format!("{id}.xml"),
        format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="{id}" PublicPolicyUri="http://t.onmicrosoft.com/{id}">{base}</TrustFrameworkPolicy>"#
        ),
    )
    .unwrap()
}

#[test]
fn two_branches_are_ordered_base_first_the_same_whatever_the_input_order() {
    let mut files = vec![
        policy("B2C_1A_RP_B", Some("B2C_1A_Ext_B")),
        policy("B2C_1A_Ext_A", Some("B2C_1A_Base")),
        policy("B2C_1A_Base", None),
        policy("B2C_1A_RP_A", Some("B2C_1A_Ext_A")),
        policy("B2C_1A_Ext_B", Some("B2C_1A_Base")),
        policy("B2C_1A_RP_A2", Some("B2C_1A_RP_A")),
    ];
    let expected = [
        "B2C_1A_Base",
        "B2C_1A_Ext_A",
        "B2C_1A_Ext_B",
        "B2C_1A_RP_A",
        "B2C_1A_RP_B",
        "B2C_1A_RP_A2",
    ];
    for turn in 0..files.len() * 2 {
        if turn == files.len() {
            files.reverse();
        }
        files.rotate_left(1);
        let order: Vec<&str> = plan(&files)
            .unwrap()
            .iter()
            .map(|&i| files[i].policy_id())
            .collect();
        assert_eq!(order, expected);
    }
    // A loop is refused.
    let looped = vec![
        policy("B2C_1A_A", Some("B2C_1A_B")),
        policy("B2C_1A_B", Some("B2C_1A_A")),
    ];
    assert!(plan(&looped).is_err());
    // Two files with one PolicyId too.
    let twice = vec![policy("B2C_1A_A", None), policy("b2c_1a_a", None)];
    assert!(plan(&twice).is_err());
}

#[test]
fn a_templated_set_is_rendered_for_the_environment_named() {
    let set = copy_set(&trusona_dir());
    for e in std::fs::read_dir(set.path()).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace(TRUSONA_TENANT, "{Settings:Tenant}")).unwrap();
    }
    std::fs::write(
        set.path().join("appsettings.json"),
        r#"{ "Environments": [
  { "Name": "Dev", "Tenant": "contosodev.onmicrosoft.com", "PolicySettings": {} },
  { "Name": "Prod", "Tenant": "contosoprod.onmicrosoft.com", "PolicySettings": {} } ] }"#,
    )
    .unwrap();
    let prod = "contosoprod.onmicrosoft.com";
    let fake = Fake::start(prod, TRUSONA_KEYS);
    let dir = set.path().to_str().unwrap();
    let r = ief(
        &fake,
        &["deploy", dir, "--tenant", prod, "--env", "Prod"],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let st = fake.state();
    assert_eq!(st.policies.len(), 4);
    for (_, xml) in st.policies.values() {
        assert!(xml.contains(&format!("TenantId=\"{prod}\"")));
        assert!(!xml.contains("{Settings:"));
    }
    drop(st);
    // Unknown environment: a usage error naming those there are.
    let r = ief(
        &fake,
        &["deploy", dir, "--tenant", prod, "--env", "Test"],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("Dev, Prod"), "{}", r.stderr);
    // Rendered for Dev but sent to Prod: the preflight names the tenant.
    let r = ief(
        &fake,
        &["deploy", dir, "--tenant", prod, "--env", "Dev"],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("error[tenant]"), "{}", r.stdout);
    // B2C's line and column are in the text sent; the finding is shown on
    // the template, the column moved back over the substituted tenant.
    let rp = set.path().join("SignUpOrSignInTrusona.xml");
    let template = std::fs::read_to_string(&rp).unwrap();
    let rendered = template.replace("{Settings:Tenant}", prod);
    let needle = "/B2C_1A_TrusonaTacSUSI\"";
    let at = |text: &str| {
        let i = text.find(needle).unwrap();
        let line = text[..i].matches('\n').count() + 1;
        (
            line,
            i - text[..i].rfind('\n').map(|n| n + 1).unwrap_or(0) + 1,
        )
    };
    let (sent_line, sent_col) = at(&rendered);
    let (line, col) = at(&template);
    assert_ne!(sent_col, col);
    fake.state().invalid.insert(
        "b2c_1a_trusonatacsusi".into(),
        format!("Validation failed: 1 validation error(s) found in policy \"B2C_1A_TRUSONATACSUSI\" of tenant \"{prod}\".Schema check failed at line {sent_line} col {sent_col}: the value is not allowed (test)."),
    );
    let r = ief(
        &fake,
        &["deploy", dir, "--tenant", prod, "--env", "Prod", "--force"],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains(&format!("--> {}:{line}:{col}", rp.display())),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("{Settings:Tenant}/B2C_1A_TrusonaTacSUSI"),
        "the template is shown: {}",
        r.stdout
    );
}

#[test]
fn a_403_names_the_permission_to_grant() {
    let fake = Fake::start(TRUSONA_TENANT, TRUSONA_KEYS);
    fake.state().forbid_puts = true;
    let r = ief(
        &fake,
        &[
            "deploy",
            trusona_dir().to_str().unwrap(),
            "--tenant",
            TRUSONA_TENANT,
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("deploy stopped at B2C_1A_TrustFrameworkBase: HTTP 403"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "lacks the Microsoft Graph application permission Policy.ReadWrite.TrustFramework"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("  uploaded: none\n"), "{}", r.stdout);
}

proptest::proptest! {
    /// Any message, however odd, is split and placed without a panic, and
    /// splitting loses nothing but the header and spaces.
    #[test]
    fn any_message_splits_without_panic(
        msg in "([A-Za-z\"' .:\n]|line 3 col 4|step 2|user journey \"J\"|technical profile 'T'|with id|\\PC){0,60}"
    ) {
        use ief::deploy::messages::{locate, locus, split_messages};
        let parts = split_messages(&msg);
        let xml = "<P><TechnicalProfile Id=\"T\"/><UserJourney Id=\"J\"><OrchestrationStep Order=\"2\"/></UserJourney></P>";
        for p in &parts {
            proptest::prop_assert!(!p.trim().is_empty());
            if let Some(l) = locus(p) {
                let _ = locate(xml, &l);
                let _ = locate(&msg, &l);
            }
        }
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        if !msg.trim_start().starts_with("Validation failed") {
            proptest::prop_assert_eq!(squeeze(&parts.concat()), squeeze(&msg));
        }
    }
}

#[test]
fn a_reordered_self_asserted_page_is_a_change_and_a_reformatted_copy_is_not() {
    let text = std::fs::read_to_string(trusona_dir().join("TrustFrameworkBase.xml")).expect("read");
    let local =
        ief::deploy::PolicyFile::new("TrustFrameworkBase.xml", text.clone()).expect("policy");
    // Reformatted, with a comment: unchanged.
    let reformatted = text.replace("\n    ", "\n\t").replacen(
        "<BuildingBlocks>",
        "<BuildingBlocks><!-- kept by the tenant -->",
        1,
    );
    assert_eq!(
        ief::deploy::compare(&local, Some(&reformatted)),
        ief::deploy::Change::Unchanged
    );
    // Two output claims of one profile swapped: the page shows its fields
    // in that order, so the tenant's copy is different.
    let a = "<OutputClaim ClaimTypeReferenceId=\"newPassword\"";
    let b = "<OutputClaim ClaimTypeReferenceId=\"reenterPassword\"";
    let (ia, ib) = (text.find(a).expect("a"), text.find(b).expect("b"));
    assert!(ia < ib);
    let swapped = text
        .replacen(a, "@A@", 1)
        .replacen(b, a, 1)
        .replacen("@A@", b, 1);
    assert_ne!(swapped, text);
    assert_eq!(
        ief::deploy::compare(&local, Some(&swapped)),
        ief::deploy::Change::Changed
    );
}
