//! Import and check of 1, 10 and 100 disjoint copies of the starter pack's
//! SocialAndLocalAccounts set (6, 60, 600 files; see `benches/common`):
//! the cost should grow in proportion to the number of copies. `check`
//! uses every core; `check_1thread` is the same on one thread.
//!
//! `cargo bench --bench copies`. Reads the starter pack from
//! `$IEF_CONFORMANCE_DIR` or `../shared/ief`. Rendering at the same sizes
//! is in `benches/render.rs`.
//!
//! The allocator is the one the `ief` binary uses and set as it sets it
//! (mimalloc, [`ief::keep_freed_memory`]): otherwise each iteration at 100
//! copies (600 models alive at once) hands its memory back to the OS when
//! it drops them and faults it in again, a cost the 1-copy iterations,
//! which reuse theirs, never pay.

mod common;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ief::check::set::{check_set, check_set_threads};
use ief::import::{import_str, import_str_for_check};

const SIZES: [usize; 3] = [1, 10, 100];

fn copies(c: &mut Criterion) {
    ief::keep_freed_memory();
    let set = common::starter_set("SocialAndLocalAccounts").expect("the starter pack");
    assert!(!set.is_empty(), "no SocialAndLocalAccounts files");
    let mut g = c.benchmark_group("copies");
    g.sample_size(10);
    for n in SIZES {
        let files = common::copies(&set, n);
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::new("import", n), &files, |b, files| {
            b.iter(|| {
                files
                    .iter()
                    .map(|(name, t)| import_str(t, name.clone()).expect("imports"))
                    .collect::<Vec<_>>()
            })
        });
        // What `ief check` imports with: no comments filed.
        g.bench_with_input(
            BenchmarkId::new("import_for_check", n),
            &files,
            |b, files| {
                b.iter(|| {
                    files
                        .iter()
                        .map(|(name, t)| import_str_for_check(t, name.clone()).expect("imports"))
                        .collect::<Vec<_>>()
                })
            },
        );
        let imported: Vec<_> = files
            .iter()
            .map(|(name, t)| import_str(t, name.clone()).expect("imports"))
            .collect();
        let first = check_set(&imported).diagnostics.len();
        let one = check_set(&imported[..set.len()]).diagnostics.len();
        assert_eq!(first, one * n, "the copies are not disjoint");
        g.bench_with_input(BenchmarkId::new("check", n), &imported, |b, imported| {
            b.iter(|| check_set(imported).diagnostics.len())
        });
        // The same on one thread: the checker's own cost, without the
        // split over the cores.
        g.bench_with_input(
            BenchmarkId::new("check_1thread", n),
            &imported,
            |b, imported| b.iter(|| check_set_threads(imported, 1).diagnostics.len()),
        );
    }
    g.finish();
}

criterion_group!(benches, copies);
criterion_main!(benches);
