//! Hostile input against the same amount of ordinary input (issue 10):
//! each pathological case should take at most about 3x its ordinary
//! counterpart.
//!
//! - `minified`: the starter pack's base with its claims providers repeated
//!   to about 2 MB, on one line, against the same content one tag per line;
//! - `attributes`: a claim type with 10,000 unknown attributes, against the
//!   base with 10,000 more claim types;
//! - `include_loop`: 1,001 profiles whose includes loop, against 1,001
//!   profiles that include one ordinary profile (import and check).
//!
//! `cargo bench --bench pathological`. Reads the starter pack from
//! `$IEF_CONFORMANCE_DIR` or `../shared/ief`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use ief::check::set::check_set;
use ief::import::import_str;

fn base() -> String {
    let path = std::env::var_os("IEF_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"))
        .join("starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The base with its claims providers repeated (profile ids made unique)
/// to about 2 MB, one tag per line.
fn pretty(base: &str) -> String {
    let (Some(open), Some(close)) = (
        base.find("<ClaimsProviders>"),
        base.find("</ClaimsProviders>"),
    ) else {
        panic!("the base has claims providers");
    };
    let providers = &base[open + "<ClaimsProviders>".len()..close];
    let mut out = base[..close].to_owned();
    let mut n = 0;
    while out.len() < 2_000_000 {
        out.push_str(&providers.replace(
            "<TechnicalProfile Id=\"",
            &format!("<TechnicalProfile Id=\"R{n}-"),
        ));
        n += 1;
    }
    out.push_str(&base[close..]);
    // One tag per line.
    out.replace("><", ">\n<")
}

/// The same content on one line: no comments, no line ends, no space
/// between tags.
fn minified(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len());
    let mut rest = pretty;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    let mut one = String::with_capacity(out.len());
    for line in out.lines() {
        let t = line.trim();
        if !one.is_empty() && !one.ends_with('>') && !t.starts_with('<') {
            one.push(' ');
        }
        one.push_str(t);
    }
    one
}

fn claim_type(c: &mut Criterion) {
    let base = base();
    let anchor = "<ClaimType Id=\"objectId\">";
    let attrs: String = (0..10_000).map(|i| format!(" A{i}=\"v\"")).collect();
    let flood = base.replacen(anchor, &format!("<ClaimType Id=\"objectId\"{attrs}>"), 1);
    let types: String = (0..10_000)
        .map(|i| format!("<ClaimType Id=\"extra{i}\"><DisplayName>x</DisplayName><DataType>string</DataType></ClaimType>\n"))
        .collect();
    let ordinary = base.replacen("<ClaimsSchema>", &format!("<ClaimsSchema>\n{types}"), 1);
    let mut g = c.benchmark_group("attributes");
    g.sample_size(20);
    g.bench_function("10000_claim_types", |b| {
        b.iter(|| import_str(&ordinary, "base.xml").is_ok())
    });
    g.bench_function("10000_attributes", |b| {
        b.iter(|| import_str(&flood, "base.xml").is_err())
    });
    g.finish();
}

fn one_line(c: &mut Criterion) {
    let base = base();
    let pretty = pretty(&base);
    let minified = minified(&pretty);
    assert!(
        import_str(&minified, "min.xml").is_ok(),
        "the minified base imports"
    );
    let mut g = c.benchmark_group("minified");
    g.sample_size(10);
    g.bench_function("pretty_2MB", |b| {
        b.iter(|| import_str(&pretty, "base.xml").is_ok())
    });
    g.bench_function("one_line_2MB", |b| {
        b.iter(|| import_str(&minified, "base.xml").is_ok())
    });
    g.finish();
}

fn include_loop(c: &mut Criterion) {
    let base = base();
    let n = 1001;
    let set = |next: &dyn Fn(usize) -> String| {
        let profiles: String = (0..n)
            .map(|i| format!("<TechnicalProfile Id=\"P{i}\">\n<IncludeTechnicalProfile ReferenceId=\"{}\" />\n</TechnicalProfile>\n", next(i)))
            .collect();
        base.replacen(
            "</ClaimsProviders>",
            &format!("<ClaimsProvider>\n<DisplayName>P</DisplayName>\n<TechnicalProfiles>\n{profiles}</TechnicalProfiles>\n</ClaimsProvider>\n</ClaimsProviders>"),
            1,
        )
    };
    let ordinary = set(&|_| "AAD-Common".to_owned());
    let looping = set(&|i| format!("P{}", (i + 1) % n));
    let mut g = c.benchmark_group("include_loop");
    g.sample_size(10);
    for (name, xml) in [
        ("1001_profiles", &ordinary),
        ("1001_profile_loop", &looping),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let Ok(imported) = import_str(xml, "base.xml") else {
                    panic!("imports")
                };
                check_set(&[imported]).diagnostics.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, one_line, claim_type, include_loop);
criterion_main!(benches);
