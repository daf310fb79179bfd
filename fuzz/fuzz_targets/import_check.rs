//! Bytes -> `import_bytes` (decoding as the CLI does) -> `check_set` on
//! the one file -> `to_xml` -> `import_str` again.
//!
//! Invariants: nothing panics (the importer promises "every input gives a
//! model or errors", the checker runs on any imported file), a model the
//! importer accepts can be emitted, and the emitted XML imports back to an
//! equal model (what the emitter writes, the importer reads).

#![no_main]

use ief::check::set::check_set;
use ief::import::{import_bytes, import_str};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The bytes as the CLI reads them: decoded (BOM, UTF-16, declared
    // encodings), located errors for what does not decode.
    let Ok(imported) = import_bytes(data, "fuzz.xml") else {
        return;
    };
    let _report = check_set(std::slice::from_ref(&imported));
    let xml = ief::emit::to_xml(&imported.policy)
        .unwrap_or_else(|e| panic!("an imported model does not emit: {e}"));
    let expected = imported.policy;
    match import_str(&xml, "fuzz-emitted.xml") {
        Ok(again) => assert!(
            again.policy == expected,
            "the emitted XML imports to a different model:\n{xml}"
        ),
        Err(errors) => panic!("the emitted XML does not import: {errors:?}\n{xml}"),
    }
});
