//! Round trip over Microsoft's starter pack: every file imports, emits to
//! XML that means the same as the original (comments, insignificant
//! whitespace and attribute order aside), validates against the XSD, and
//! imports again to an equal model.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ief::emit::to_xml;
use ief::import::import_str;

fn starter_pack_files() -> Vec<PathBuf> {
    let root = common::conformance_dir().join("starterpack");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()))
        {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 46,
        "expected the starter pack's policy files under {}, found {}",
        root.display(),
        out.len()
    );
    out
}

/// An element as far as meaning goes: name, attributes (sorted, namespace
/// declarations left out), text (whitespace-only dropped) and children.
#[derive(Debug, PartialEq, Eq)]
struct Canon {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Canon>,
}

/// Wrappers whose emptiness means nothing to B2C; an empty one is dropped
/// by the emitter and so left out on both sides here.
const OPTIONAL_WRAPPERS: &[&str] = &[
    "InputClaims",
    "OutputClaims",
    "PersistedClaims",
    "DisplayClaims",
    "InputClaimsTransformations",
    "OutputClaimsTransformations",
    "ValidationTechnicalProfiles",
    "Metadata",
    "CryptographicKeys",
    "Suppressions",
    "InputParameters",
    "ClaimsSchema",
    "ClaimsTransformations",
    "ContentDefinitions",
    "Predicates",
    "PredicateValidations",
    "InputValidations",
    "ClientDefinitions",
    "DisplayControls",
    "LocalizedCollections",
    "LocalizedStrings",
    "DefaultPartnerClaimTypes",
    "Preconditions",
    "OrchestrationSteps",
    "UserJourneys",
    "SubJourneys",
    "ClaimsProviders",
    "Endpoints",
    "Parameters",
    "Domains",
    "ErrorHandlers",
    "InputTokenSources",
    "BuildingBlocks",
    "Contacts",
    "DocumentReferences",
    "JourneyList",
    "PredicateGroups",
    "Actions",
    "RequiredAssuranceLevelsOfInputClaims",
];

fn canon(node: roxmltree::Node) -> Option<Canon> {
    let children: Vec<Canon> = node
        .children()
        .filter(|c| c.is_element())
        .filter_map(canon)
        .collect();
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let text = if children.is_empty() {
        text
    } else if text.trim().is_empty() {
        String::new()
    } else {
        text
    };
    let attrs: BTreeMap<String, String> = node
        .attributes()
        .filter(|a| a.namespace().is_none())
        .map(|a| (a.name().to_owned(), a.value().to_owned()))
        .collect();
    let name = node.tag_name().name().to_owned();
    if OPTIONAL_WRAPPERS.contains(&name.as_str())
        && children.is_empty()
        && attrs.is_empty()
        && text.trim().is_empty()
    {
        return None;
    }
    Some(Canon {
        name,
        attrs,
        text,
        children,
    })
}

fn canon_doc(xml: &str) -> Canon {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    canon(doc.root_element()).expect("root")
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
        if let Some(d) = first_difference(x, y, &format!("{here}[{i}]")) {
            return Some(d);
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
    for (i, path) in starter_pack_files().iter().enumerate() {
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
