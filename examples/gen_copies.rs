//! Writes N disjoint copies of a starter-pack policy set into a folder,
//! for measuring (`scripts/check-vs-xmllint.sh`, `cargo bench --bench
//! copies`): every `PolicyId`, `<BasePolicy>` reference and
//! `PublicPolicyUri` gets the suffix `_cN` and the tenant's name the prefix
//! `cN`, so the copies do not see each other and each is its own tenant's. Reads the starter pack from `$IEF_CONFORMANCE_DIR` or
//! `../shared/ief`. The output is generated data: never commit it.
//!
//! `cargo run --release --example gen_copies -- N OUT_DIR [SET]`
//! (SET defaults to `SocialAndLocalAccounts`).

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_copies N OUT_DIR [SET]");
        return ExitCode::from(2);
    };
    let set = args
        .get(2)
        .map(String::as_str)
        .unwrap_or("SocialAndLocalAccounts");
    match common::write_copies(set, n, &PathBuf::from(out)) {
        Ok((files, bytes)) => {
            println!("wrote {n} copies of {set}: {files} files, {bytes} bytes, in {out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
