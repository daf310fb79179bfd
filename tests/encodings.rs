//! Encodings as XML defines them (`import_bytes`), and hostile input: each
//! refusal is located, each loop reported once, each flood bounded.

mod common;

use std::path::PathBuf;

use ief::check::set::{check_set, Diagnostic};
use ief::import::{import_bytes, import_str, ImportError, Imported};

const HEAD: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T">"#;

/// A policy with one claim type whose display name is `name`.
fn policy(prolog: &str, name: &str) -> String {
    format!(
        "{prolog}{HEAD}\n  <BuildingBlocks>\n    <ClaimsSchema>\n      <ClaimType Id=\"x\">\n        <DisplayName>{name}</DisplayName>\n        <DataType>string</DataType>\n      </ClaimType>\n    </ClaimsSchema>\n  </BuildingBlocks>\n</TrustFrameworkPolicy>\n"
    )
}

fn errors(r: Result<Imported, Vec<ImportError>>) -> Vec<ImportError> {
    match r {
        Ok(_) => panic!("expected import errors"),
        Err(e) => e,
    }
}

fn display_name(i: &Imported) -> Option<&str> {
    i.policy.building_blocks.claims_schema[0]
        .display_name
        .as_deref()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

#[test]
fn a_surrogate_character_reference_is_located() {
    let xml = policy("", "a&#xD800;b");
    let e = errors(import_str(&xml, "t.xml"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].line, e[0].column), (5, 23), "{e:?}");
    assert!(e[0].message.contains("`&#xD800;`"), "{}", e[0].message);
    assert!(e[0].message.contains("surrogate"), "{}", e[0].message);

    let xml = policy("", "ok").replace("Id=\"x\"", "Id=\"x&#55296;\"");
    let e = errors(import_str(&xml, "t.xml"));
    assert_eq!((e[0].line, e[0].column), (4, 23), "{e:?}");
    assert!(e[0].message.contains("`&#55296;`"), "{}", e[0].message);

    // Beyond Unicode, also silently U+FFFD in roxmltree.
    let xml = policy("", "&#x110000;");
    let e = errors(import_str(&xml, "t.xml"));
    assert!(e[0].message.contains("U+10FFFF"), "{}", e[0].message);

    // In a comment or CDATA section it is no reference.
    let xml = policy("<!-- &#xD800; -->\n", "<![CDATA[&#xD800;]]>");
    let i = import_str(&xml, "t.xml").expect("imports");
    assert_eq!(display_name(&i), Some("&#xD800;"));
}

#[test]
fn a_doubled_byte_order_mark_is_refused() {
    let xml = policy("", "x");
    let e = errors(import_str(&format!("\u{feff}\u{feff}{xml}"), "t.xml"));
    assert_eq!((e[0].line, e[0].column), (1, 1));
    assert!(e[0].message.contains("second byte-order mark"), "{e:?}");

    let mut bytes = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    bytes.extend(xml.as_bytes());
    let e = errors(import_bytes(&bytes, "t.xml"));
    assert_eq!((e[0].line, e[0].column), (1, 1));
    assert!(e[0].message.contains("second byte-order mark"), "{e:?}");

    let e = errors(import_bytes(
        &utf16(&format!("\u{feff}{xml}"), false),
        "t.xml",
    ));
    assert!(e[0].message.contains("second byte-order mark"), "{e:?}");

    // One is fine.
    let i = import_bytes(&bytes[3..], "t.xml").expect("imports");
    assert_eq!(i.encoding, None);
}

#[test]
fn an_unknown_encoding_is_located_at_its_name() {
    let xml = policy("<?xml version=\"1.0\" encoding=\"klingon-8\"?>\n", "x");
    let e = errors(import_bytes(xml.as_bytes(), "t.xml"));
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (1, 31), "{e:?}");
    assert!(e[0].message.contains("`klingon-8`"), "{}", e[0].message);
    assert!(
        e[0].help
            .as_deref()
            .unwrap_or("")
            .contains("B2C wants UTF-8"),
        "{e:?}"
    );
}

#[test]
fn a_doctype_is_located_where_it_is() {
    let xml = policy(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE x [ <!ENTITY a \"b\"> ]>\n",
        "x",
    );
    let e = errors(import_str(&xml, "t.xml"));
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (2, 1), "{e:?}");
    assert!(e[0].message.contains("DOCTYPE"), "{}", e[0].message);
}

#[test]
fn latin1_with_its_declaration_reads_the_right_text() {
    let xml = policy("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n", "Café");
    let i = import_bytes(&latin1(&xml), "t.xml").expect("imports");
    assert_eq!(display_name(&i), Some("Café"));
    assert_eq!(i.encoding, Some("windows-1252"));
    let utf8 = import_str(&xml, "t.xml").expect("imports");
    assert_eq!(i.policy, utf8.policy);
    assert_eq!(i.source_map, utf8.source_map);
}

#[test]
fn latin1_without_a_declaration_is_a_located_error() {
    let xml = policy("", "Café");
    let e = errors(import_bytes(&latin1(&xml), "t.xml"));
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (5, 25), "{e:?}");
    assert!(
        e[0].message
            .contains("byte 0xE9 at line 5, column 25 is not UTF-8; the file looks like Latin-1 (windows-1252)"),
        "{}",
        e[0].message
    );
    assert!(
        e[0].help
            .as_deref()
            .unwrap_or("")
            .contains("`ief fmt --write` writes UTF-8"),
        "{e:?}"
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_refused() {
    let xml = policy("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n", "x");
    let bytes = utf16(&xml, false);
    let e = errors(import_bytes(&bytes[2..], "t.xml"));
    assert!(
        e[0].message.contains("UTF-16 without a byte-order mark"),
        "{e:?}"
    );
    // Declared UTF-16 but written in ASCII.
    let e = errors(import_bytes(xml.as_bytes(), "t.xml"));
    assert_eq!((e[0].line, e[0].column), (1, 31), "{e:?}");
}

/// The starter pack's SocialAndLocalAccounts files: (name, bytes).
fn starter_set() -> Vec<(String, Vec<u8>)> {
    let dir: PathBuf = common::conformance_dir().join("starterpack/SocialAndLocalAccounts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the starter pack")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(p).expect("read"))
        })
        .collect()
}

fn normalized(d: &[Diagnostic], dir: &str) -> Vec<Diagnostic> {
    d.iter()
        .cloned()
        .map(|mut d| {
            d.file = d.file.replace(dir, "DIR");
            d.message = d.message.replace(dir, "DIR");
            d.help = d.help.map(|h| h.replace(dir, "DIR"));
            d
        })
        .collect()
}

#[test]
fn utf16_starter_pack_files_import_and_check_as_the_utf8_ones() {
    let set = starter_set();
    let original: Vec<Imported> = set
        .iter()
        .map(|(name, bytes)| import_bytes(bytes, format!("utf8/{name}")).expect("imports"))
        .collect();
    let expected = normalized(&check_set(&original).diagnostics, "utf8/");
    for (big_endian, label) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
        let converted: Vec<Imported> = set
            .iter()
            .map(|(name, bytes)| {
                let text = std::str::from_utf8(bytes).expect("UTF-8");
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                import_bytes(&utf16(text, big_endian), format!("{label}/{name}")).expect("imports")
            })
            .collect();
        for (c, o) in converted.iter().zip(&original) {
            assert_eq!(c.encoding, Some(label));
            assert_eq!(c.policy, o.policy, "{}", c.file);
            assert_eq!(c.source_map, o.source_map, "{}", c.file);
        }
        let got = normalized(&check_set(&converted).diagnostics, &format!("{label}/"));
        assert_eq!(got, expected, "{label}");
    }
}

/// The starter pack's base with `provider` added as its last claims
/// provider.
fn base_with(provider: &str) -> String {
    let dir = common::conformance_dir().join("starterpack/SocialAndLocalAccounts");
    let base = std::fs::read_to_string(dir.join("TrustFrameworkBase.xml")).expect("read");
    base.replacen(
        "</ClaimsProviders>",
        &format!("{provider}</ClaimsProviders>"),
        1,
    )
}

#[test]
fn an_include_loop_is_reported_once_at_its_first_profile() {
    let n = 1001;
    let profiles: String = (0..n)
        .map(|i| {
            format!(
                "<TechnicalProfile Id=\"Loop{i}\"><Protocol Name=\"None\" /><IncludeTechnicalProfile ReferenceId=\"Loop{}\" /></TechnicalProfile>",
                (i + 1) % n
            )
        })
        .collect();
    // The loop is entered from a profile before it and one after it.
    let provider = format!(
        "<ClaimsProvider><DisplayName>Loops</DisplayName><TechnicalProfiles>\
         <TechnicalProfile Id=\"Into\"><Protocol Name=\"None\" /><IncludeTechnicalProfile ReferenceId=\"Loop500\" /></TechnicalProfile>\
         {profiles}\
         <TechnicalProfile Id=\"Self\"><Protocol Name=\"None\" /><IncludeTechnicalProfile ReferenceId=\"self\" /></TechnicalProfile>\
         </TechnicalProfiles></ClaimsProvider>"
    );
    let xml = base_with(&provider);
    let base = import_str(&xml, "base.xml").expect("imports");
    let report = check_set(&[base]);
    let t006: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "T006")
        .collect();
    assert_eq!(t006.len(), 2, "{t006:#?}");
    assert_eq!(t006[0].id.as_deref(), Some("Loop0"));
    assert!(
        t006[0].message.contains("Loop0 -> Loop1 -> Loop2 -> ")
            && t006[0].message.contains("(989 more) -> Loop0"),
        "{}",
        t006[0].message
    );
    assert!(t006[0].message.len() < 400, "{}", t006[0].message);
    assert_eq!(t006[1].id.as_deref(), Some("Self"));
    assert!(
        t006[1].message.ends_with("Self -> self"),
        "{}",
        t006[1].message
    );
}

#[test]
fn an_attribute_flood_gives_bounded_errors() {
    let attrs: String = (0..10_000).map(|i| format!(" A{i}=\"v\"")).collect();
    let xml = base_with("").replacen(
        "<ClaimType Id=\"objectId\">",
        &format!("<ClaimType Id=\"objectId\"{attrs}>"),
        1,
    );
    let e = errors(import_str(&xml, "base.xml"));
    assert!(e.len() <= 12, "{}", e.len());
    assert!(
        e[0].message.contains("10001 attributes"),
        "{}",
        e[0].message
    );
    assert!(
        e.iter()
            .any(|e| e.message.contains("more unknown attributes")),
        "{e:?}"
    );
    // Every error is at the element's line.
    let line = e[0].line;
    assert!(e.iter().all(|x| x.line == line), "{e:?}");

    // Unknown attributes under the limit: ten reported, the rest summed.
    let attrs: String = (0..100).map(|i| format!(" A{i}=\"v\"")).collect();
    let xml = base_with("").replacen(
        "<ClaimType Id=\"objectId\">",
        &format!("<ClaimType Id=\"objectId\"{attrs}>"),
        1,
    );
    let e = errors(import_str(&xml, "base.xml"));
    assert_eq!(e.len(), 11, "{e:?}");
    assert!(
        e[10].message.contains("90 more unknown attributes"),
        "{e:?}"
    );
}
