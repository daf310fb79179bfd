//! Compile tests: what must not compile does not, with the error on the
//! user's token (tests/ui/fail/*.rs with their committed .stderr), and what
//! must compile does (tests/ui/pass/*.rs).
//!
//! After an intended change of a message, refresh the .stderr files with
//! `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
