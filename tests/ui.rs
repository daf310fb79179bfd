//! Compile tests: what must not compile does not, with the error on the
//! user's token (tests/ui/fail/*.rs with their committed .stderr), and what
//! must compile does (tests/ui/pass/*.rs).
//!
//! After an intended change of a message, refresh the .stderr files with
//! `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn ui() {
    // trybuild compiles the cases in a generated crate under the target
    // folder; `include_policy!` paths in them are relative to this
    // repository, wherever the target folder is.
    std::env::set_var("IEF_POLICY_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
