//! The effective policy and the claim-flow rules on the starter pack's
//! main sets: `resolve_set` (every file's chain merged), `resolve_leaves`
//! (what the checker resolves), the flow and step rules over it, and the whole set check for comparison.
//!
//! `cargo bench --bench resolve`. Reads the starter pack from
//! `$IEF_CONFORMANCE_DIR` or `../shared/ief`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use ief::check::set::check_set;
use ief::import::{import_str, Imported};
use ief::resolve::{resolve_leaves, resolve_set};

const SETS: [&str; 2] = ["SocialAndLocalAccounts", "SocialAndLocalAccountsWithMfa"];

fn set(name: &str) -> Vec<Imported> {
    let dir = std::env::var_os("IEF_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"))
        .join("starterpack")
        .join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read");
            import_str(&text, p.display().to_string()).expect("imports")
        })
        .collect()
}

fn resolve(c: &mut Criterion) {
    for name in SETS {
        let files = set(name);
        let mut g = c.benchmark_group(name);
        g.bench_function("resolve_set", |b| {
            b.iter(|| resolve_set(&files).policies.len())
        });
        g.bench_function("resolve_leaves", |b| {
            b.iter(|| resolve_leaves(&files).len())
        });
        let resolved = resolve_leaves(&files);
        g.bench_function("flow_rules", |b| {
            b.iter(|| ief::check::rules::flow::check(&files, &resolved).len())
        });
        g.bench_function("check_set", |b| {
            b.iter(|| check_set(&files).diagnostics.len())
        });
        g.finish();
    }
}

criterion_group!(benches, resolve);
criterion_main!(benches);
