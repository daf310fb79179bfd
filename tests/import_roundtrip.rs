//! Round trip over Microsoft's starter pack: every file imports, emits to
//! XML that means the same as the original and keeps its comments,
//! processing instructions and empty elements at their place (insignificant
//! whitespace and attribute order aside), validates against the XSD, and
//! imports again to an equal model (trivia included).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use ief::emit::to_xml;
use ief::import::import_str;

/// An element as far as meaning goes, with what `fmt` keeps beyond it:
/// name, attributes (sorted, namespace declarations left out, `xsi:` ones
/// in), text (whitespace-only dropped where there are children) and the
/// children in order: elements, comments and processing instructions.
#[derive(Debug, PartialEq, Eq)]
struct Canon {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Child>,
}

#[derive(Debug, PartialEq, Eq)]
enum Child {
    Element(Canon),
    Comment(String),
    Pi(String),
}

fn child(node: roxmltree::Node) -> Option<Child> {
    if node.is_element() {
        Some(Child::Element(canon(node)))
    } else if node.is_comment() {
        Some(Child::Comment(node.text().unwrap_or("").to_owned()))
    } else {
        node.pi()
            .map(|pi| Child::Pi(format!("{} {}", pi.target, pi.value.unwrap_or(""))))
    }
}

fn canon(node: roxmltree::Node) -> Canon {
    let children: Vec<Child> = node.children().filter_map(child).collect();
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    // Whitespace between elements (or as the whole content of an empty
    // wrapper, laid out over lines) is layout; a leaf's own spaces are not.
    let layout = !children.is_empty() || text.contains('\n');
    let text = if layout && text.trim().is_empty() {
        String::new()
    } else {
        text
    };
    let attrs: BTreeMap<String, String> = node
        .attributes()
        .map(|a| {
            let name = match a.namespace() {
                Some(ns) => format!("{{{ns}}}{}", a.name()),
                None => a.name().to_owned(),
            };
            (name, a.value().to_owned())
        })
        .collect();
    Canon {
        name: node.tag_name().name().to_owned(),
        attrs,
        text,
        children,
    }
}

/// The document: what precedes and follows the root element, and the root.
fn canon_doc(xml: &str) -> Canon {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    Canon {
        name: "#document".into(),
        attrs: BTreeMap::new(),
        text: String::new(),
        children: doc.root().children().filter_map(child).collect(),
    }
}

fn first_difference(a: &Canon, b: &Canon, path: &str) -> Option<String> {
    let here = format!("{path}/{}", a.name);
    if a.name != b.name {
        return Some(format!("{here}: element <{}> became <{}>", a.name, b.name));
    }
    if a.attrs != b.attrs {
        return Some(format!(
            "{here}: attributes {:?} became {:?}",
            a.attrs, b.attrs
        ));
    }
    if a.text != b.text {
        return Some(format!("{here}: text {:?} became {:?}", a.text, b.text));
    }
    for (i, (x, y)) in a.children.iter().zip(&b.children).enumerate() {
        match (x, y) {
            (Child::Element(x), Child::Element(y)) => {
                if let Some(d) = first_difference(x, y, &format!("{here}[{i}]")) {
                    return Some(d);
                }
            }
            (x, y) if x != y => return Some(format!("{here}[{i}]: {x:?} became {y:?}")),
            _ => {}
        }
    }
    if a.children.len() != b.children.len() {
        return Some(format!(
            "{here}: {} children became {}",
            a.children.len(),
            b.children.len()
        ));
    }
    None
}

#[test]
fn every_starter_pack_file_round_trips() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("roundtrip");
    std::fs::create_dir_all(&out_dir).expect("tmp dir");
    let mut failures = Vec::new();
    let mut emitted_files = Vec::new();
    for (i, path) in common::starter_pack_files().iter().enumerate() {
        let original = std::fs::read_to_string(path).expect("read");
        let imported = match import_str(&original, path.display().to_string()) {
            Ok(i) => i,
            Err(errors) => {
                failures.push(format!(
                    "{}: import failed:\n    {}",
                    path.display(),
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("\n    ")
                ));
                continue;
            }
        };
        let xml = match to_xml(&imported.policy) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{}: emit failed: {e}", path.display()));
                continue;
            }
        };
        if let Some(d) = first_difference(&canon_doc(&original), &canon_doc(&xml), "") {
            failures.push(format!("{}: meaning changed: {d}", path.display()));
        }
        match import_str(&xml, "re-emitted") {
            Ok(again) if again.policy == imported.policy => {}
            Ok(_) => failures.push(format!(
                "{}: re-import gives a different model",
                path.display()
            )),
            Err(e) => failures.push(format!("{}: re-import failed: {:?}", path.display(), e)),
        }
        let out = out_dir.join(format!(
            "{i:02}-{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("policy.xml")
        ));
        std::fs::write(&out, &xml).expect("write");
        emitted_files.push(out);
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );

    let xsd = common::conformance_dir().join("TrustFrameworkPolicy_0.3.0.0.libxml2.xsd");
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .args(&emitted_files)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run xmllint ({e}); install it: apt-get install -y libxml2-utils")
        });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "re-emitted starter-pack files fail the XSD:\n{stderr}"
    );
    assert_eq!(
        stderr.matches(" validates").count(),
        emitted_files.len(),
        "{stderr}"
    );
}
