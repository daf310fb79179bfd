//! Rendering many findings: `ief check` (the real binary) on a policy
//! with 5,000 findings, human output against JSON output of the same
//! findings, and on a minified (one-line) copy against the pretty one.
//! Human output used to take 60x as long as JSON (the whole file was
//! copied for every finding); each pair should now be within 3x.
//!
//! The second group renders the findings of 1, 10 and 100 disjoint
//! copies of the starter pack's SocialAndLocalAccounts set (see
//! `benches/common`), human against JSON: the human output's cost should
//! stay proportional to what is printed.
//!
//! `cargo bench --bench render`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

/// A policy with `n` claims transformations of an unknown method: one
/// X001 finding each.
fn many_findings(n: usize) -> String {
    let mut body = String::new();
    for i in 0..n {
        body.push_str(&format!(
            "      <ClaimsTransformation Id=\"T{i}\" TransformationMethod=\"NoSuchMethod{i}\" />\n"
        ));
    }
    format!(
        r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Many" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_Many">
  <BuildingBlocks>
    <ClaimsTransformations>
{body}    </ClaimsTransformations>
  </BuildingBlocks>
</TrustFrameworkPolicy>
"#
    )
}

fn check(dir: &PathBuf, format: &str) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_ief"))
        .args(["check", "--format", format])
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run ief");
    out.stdout.len()
}

fn render(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-render");
    let pretty = root.join("pretty");
    let minified = root.join("minified");
    for d in [&pretty, &minified] {
        let _ = std::fs::remove_dir_all(d);
        std::fs::create_dir_all(d).expect("dir");
    }
    let text = many_findings(5000);
    std::fs::write(pretty.join("Many.xml"), &text).expect("write");
    let one_line: String = text.lines().map(str::trim).collect();
    std::fs::write(minified.join("Many.xml"), one_line).expect("write");
    let mut g = c.benchmark_group("render_5000_findings");
    g.sample_size(10);
    g.bench_function("json", |b| b.iter(|| check(&pretty, "json")));
    g.bench_function("human", |b| b.iter(|| check(&pretty, "human")));
    g.bench_function("human_minified", |b| b.iter(|| check(&minified, "human")));
    g.finish();

    let mut g = c.benchmark_group("render_copies");
    g.sample_size(10);
    for n in [1, 10, 100] {
        let dir = root.join(format!("copies-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        common::write_copies("SocialAndLocalAccounts", n, &dir).expect("the starter pack");
        g.bench_with_input(BenchmarkId::new("json", n), &dir, |b, d| {
            b.iter(|| check(d, "json"))
        });
        g.bench_with_input(BenchmarkId::new("human", n), &dir, |b, d| {
            b.iter(|| check(d, "human"))
        });
    }
    g.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
