//! Import, check and emit every starter-pack policy file (57 files).
//!
//! `cargo bench --bench pipeline`. Reads the starter pack from
//! `$IEF_CONFORMANCE_DIR` or `../shared/ief`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ief::check::set::check_set;
use ief::emit::to_xml;
use ief::import::import_str;

fn starter_pack() -> Vec<(String, String)> {
    let root = std::env::var_os("IEF_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"))
        .join("starterpack");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()));
        for e in entries {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                let text = std::fs::read_to_string(&p).expect("read");
                out.push((p.display().to_string(), text));
            }
        }
    }
    out.sort();
    assert!(
        !out.is_empty(),
        "no starter-pack files under {}",
        root.display()
    );
    out
}

fn pipeline(c: &mut Criterion) {
    let files = starter_pack();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("starter_pack");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("import", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(n, t)| import_str(t, n.clone()).expect("imports"))
                .collect::<Vec<_>>()
        })
    });
    let imported: Vec<_> = files
        .iter()
        .map(|(n, t)| import_str(t, n.clone()).expect("imports"))
        .collect();
    g.bench_function("check", |b| {
        b.iter(|| check_set(&imported).diagnostics.len())
    });
    g.bench_function("emit", |b| {
        b.iter(|| {
            imported
                .iter()
                .map(|i| to_xml(&i.policy).expect("emits").len())
                .sum::<usize>()
        })
    });
    g.bench_function("import_check_emit", |b| {
        b.iter(|| {
            let imported: Vec<_> = files
                .iter()
                .map(|(n, t)| import_str(t, n.clone()).expect("imports"))
                .collect();
            let findings = check_set(&imported).diagnostics.len();
            let out: usize = imported
                .iter()
                .map(|i| to_xml(&i.policy).expect("emits").len())
                .sum();
            (findings, out)
        })
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
