//! Compares what the emitter can write (`SchemaCollector`) with what the
//! B2C schema `TrustFrameworkPolicy_0.3.0.0.xsd` defines.
//!
//! The XSD reuses element names with different types in different places
//! (`Item`, `InputClaim`, `OutputClaim`, `TechnicalProfile`, `Protocol`,
//! `Parameter`, …), and the collector merges by element name, so both sides
//! are compared per element name, as the union over all its declarations:
//! attribute names, child element names and whether text is allowed. Each
//! check runs in both directions (the XSD has it but the emitter cannot
//! write it; the emitter can write it but the XSD does not define it) and
//! lists every difference, not just the first.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use ief::policy::TrustFrameworkPolicy;
use ief::xml::SchemaCollector;
use roxmltree::{Document, Node};

const XS: &str = "http://www.w3.org/2001/XMLSchema";
const XSD_FILE: &str = "TrustFrameworkPolicy_0.3.0.0.xsd";

/// What the XSD says about one element name, merged over every declaration
/// of that name.
#[derive(Debug, Default)]
struct XsdElement {
    /// Attribute names, over every type the name is declared with.
    attributes: BTreeSet<String>,
    /// Child element names, over every type the name is declared with.
    children: BTreeSet<String>,
    /// Whether some declaration of the name has simple (text) content.
    text: bool,
    /// Whether some declaration of the name has open content (`xs:any`).
    open: bool,
    /// Where the name is declared (line numbers), for messages.
    lines: Vec<u32>,
}

struct Xsd {
    elements: BTreeMap<String, XsdElement>,
}

fn is_xs(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(XS) && node.tag_name().name() == local
}

fn line_of(doc: &Document<'_>, node: Node<'_, '_>) -> u32 {
    doc.text_pos_at(node.range().start).row
}

/// Splits a QName value (`tfp:Foo`, `xs:string`, `Foo`) into its namespace
/// URI (resolved at `ctx`) and local name.
fn resolve_qname<'a>(ctx: Node<'a, '_>, qname: &'a str) -> (Option<&'a str>, &'a str) {
    match qname.split_once(':') {
        Some((prefix, local)) => {
            let ns = ctx.lookup_namespace_uri(Some(prefix)).unwrap_or_else(|| {
                panic!("{XSD_FILE}: the prefix `{prefix}` of `{qname}` is not declared")
            });
            (Some(ns), local)
        }
        None => (ctx.lookup_namespace_uri(None), qname),
    }
}

impl Xsd {
    fn load() -> (String, Xsd) {
        let path = common::conformance_dir().join(XSD_FILE);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let xsd = Xsd::parse(&text);
        (text, xsd)
    }

    fn parse(text: &str) -> Xsd {
        let doc = Document::parse(text).unwrap_or_else(|e| panic!("{XSD_FILE} is not XML: {e}"));
        let schema = doc.root_element();
        assert!(is_xs(schema, "schema"), "{XSD_FILE}: root is not xs:schema");
        let target_ns = schema.attribute("targetNamespace");

        // Constructs this reader does not follow; fail rather than
        // under-collect if a future XSD starts using them.
        let mut unsupported = Vec::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            let what = if is_xs(n, "attributeGroup") || is_xs(n, "group") {
                Some(format!("xs:{}", n.tag_name().name()))
            } else if (is_xs(n, "element") || is_xs(n, "attribute")) && n.has_attribute("ref") {
                Some(format!("xs:{} ref=", n.tag_name().name()))
            } else if is_xs(n, "anyAttribute") || is_xs(n, "include") || is_xs(n, "import") {
                Some(format!("xs:{}", n.tag_name().name()))
            } else {
                None
            };
            if let Some(w) = what {
                unsupported.push(format!("{w} at line {}", line_of(&doc, n)));
            }
        }
        assert!(
            unsupported.is_empty(),
            "{XSD_FILE} uses constructs the coverage test does not resolve:\n  {}",
            unsupported.join("\n  ")
        );

        let named_complex: BTreeMap<&str, Node<'_, '_>> = schema
            .children()
            .filter(|n| is_xs(*n, "complexType"))
            .filter_map(|n| n.attribute("name").map(|name| (name, n)))
            .collect();
        let named_simple: BTreeSet<&str> = schema
            .children()
            .filter(|n| is_xs(*n, "simpleType"))
            .filter_map(|n| n.attribute("name"))
            .collect();

        let resolve_type = |ctx: Node<'_, '_>, qname: &str| -> Option<Node<'_, '_>> {
            let (ns, local) = resolve_qname(ctx, qname);
            if ns == Some(XS) {
                return None; // a built-in simple type, or xs:anyType
            }
            assert_eq!(
                ns,
                target_ns,
                "{XSD_FILE}: type `{qname}` (line {}) is outside the target namespace",
                line_of(&doc, ctx)
            );
            if let Some(ct) = named_complex.get(local) {
                return Some(*ct);
            }
            assert!(
                named_simple.contains(local),
                "{XSD_FILE}: type `{qname}` (line {}) is not defined",
                line_of(&doc, ctx)
            );
            None
        };

        let mut elements: BTreeMap<String, XsdElement> = BTreeMap::new();
        for el in doc.descendants().filter(|n| is_xs(*n, "element")) {
            let Some(name) = el.attribute("name") else {
                continue;
            };
            let entry = elements.entry(name.to_owned()).or_default();
            entry.lines.push(line_of(&doc, el));
            let ty = match el.attribute("type") {
                Some(t) => resolve_type(el, t),
                None => el.children().find(|c| is_xs(*c, "complexType")),
            };
            match ty {
                Some(ct) => {
                    let mut seen = BTreeSet::new();
                    collect_type_content(ct, &resolve_type, entry, &mut seen);
                }
                // A simple type, or no type at all (`xs:anyType`, as for
                // `LoadUri`): text content.
                None => entry.text = true,
            }
        }
        Xsd { elements }
    }
}

/// Collects what the complex type `ct` declares: its `xs:attribute/@name`s
/// (directly, under `xs:simpleContent`/`xs:complexContent` extensions and
/// restrictions, and inherited from an extension's or restriction's base
/// complex type), its child element names (through `xs:sequence` and
/// `xs:choice`) and whether it has simple content. Nested element
/// declarations are not entered: what they declare belongs to them.
fn collect_type_content<'a, 'i, F>(
    ct: Node<'a, 'i>,
    resolve_type: &F,
    out: &mut XsdElement,
    seen: &mut BTreeSet<usize>,
) where
    F: Fn(Node<'a, 'i>, &str) -> Option<Node<'a, 'i>>,
{
    if !seen.insert(ct.range().start) {
        return;
    }
    if ct.attribute("mixed") == Some("true") {
        out.text = true;
    }
    fn walk<'a, 'i, F>(
        n: Node<'a, 'i>,
        resolve_type: &F,
        out: &mut XsdElement,
        seen: &mut BTreeSet<usize>,
    ) where
        F: Fn(Node<'a, 'i>, &str) -> Option<Node<'a, 'i>>,
    {
        for c in n.children().filter(|c| c.is_element()) {
            if is_xs(c, "element") {
                if let Some(name) = c.attribute("name") {
                    out.children.insert(name.to_owned());
                }
                continue;
            }
            if is_xs(c, "attribute") {
                if let Some(name) = c.attribute("name") {
                    out.attributes.insert(name.to_owned());
                }
                continue;
            }
            if is_xs(c, "simpleContent") {
                out.text = true;
            }
            if is_xs(c, "any") {
                out.open = true;
            }
            if is_xs(c, "extension") || is_xs(c, "restriction") {
                if let Some(base) = c.attribute("base") {
                    if let Some(base_ct) = resolve_type(c, base) {
                        collect_type_content(base_ct, resolve_type, out, seen);
                    }
                }
            }
            walk(c, resolve_type, out, seen);
        }
    }
    walk(ct, resolve_type, out, seen);
}

fn collector() -> SchemaCollector {
    SchemaCollector::for_root::<TrustFrameworkPolicy>()
}

#[test]
fn xsd_reader_sees_the_whole_schema() {
    // Guards the reader itself: if it silently found nothing, every other
    // test here would pass vacuously.
    let (text, xsd) = Xsd::load();
    let declared = text.matches("<xs:element ").count();
    let found: usize = xsd.elements.values().map(|e| e.lines.len()).sum();
    assert_eq!(
        found, declared,
        "the reader found {found} xs:element declarations, the file has {declared}"
    );
    for (name, attr) in [
        ("TrustFrameworkPolicy", "PolicyId"),
        ("TechnicalProfile", "Id"),
        ("Item", "Key"),
        ("Protocol", "Handler"),
        ("InputClaim", "ClaimTypeReferenceId"),
    ] {
        assert!(
            xsd.elements
                .get(name)
                .is_some_and(|e| e.attributes.contains(attr)),
            "the reader did not find {name}/@{attr} in {XSD_FILE}"
        );
    }
    for (parent, child) in [
        ("TrustFrameworkPolicy", "BuildingBlocks"),
        ("TechnicalProfile", "Metadata"),
        ("Restriction", "Enumeration"),
        ("Restriction", "Pattern"),
        ("Inheritance", "ConstraintHandler"),
    ] {
        assert!(
            xsd.elements
                .get(parent)
                .is_some_and(|e| e.children.contains(child)),
            "the reader did not find <{child}> inside <{parent}> in {XSD_FILE}"
        );
    }
    for (name, text) in [
        ("Item", true),
        ("LoadUri", true),
        ("TechnicalProfile", false),
    ] {
        assert_eq!(
            xsd.elements.get(name).map(|e| e.text),
            Some(text),
            "the reader got the text content of <{name}> wrong"
        );
    }
    assert!(
        xsd.elements.get("Extensions").is_some_and(|e| e.open),
        "the reader did not see the xs:any inside <Extensions>"
    );
}

#[test]
fn every_xsd_element_can_be_emitted() {
    let (_, xsd) = Xsd::load();
    let c = collector();
    let emitted = c.elements();
    let missing: Vec<String> = xsd
        .elements
        .iter()
        .filter(|(name, _)| !emitted.contains_key(name.as_str()))
        .map(|(name, e)| format!("{name} (declared at line(s) {:?})", e.lines))
        .collect();
    assert!(
        missing.is_empty(),
        "{} element name(s) of {XSD_FILE} cannot be written by the emitter:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

#[test]
fn every_xsd_attribute_can_be_emitted() {
    let (_, xsd) = Xsd::load();
    let c = collector();
    let emitted = c.elements();
    let mut missing = Vec::new();
    for (name, e) in &xsd.elements {
        for attr in &e.attributes {
            let ok = emitted
                .get(name.as_str())
                .is_some_and(|info| info.attributes.contains(attr.as_str()));
            if !ok {
                let why = if emitted.contains_key(name.as_str()) {
                    ""
                } else {
                    " (the element itself is not emitted)"
                };
                missing.push(format!("{name}/@{attr}{why}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} (element, attribute) pair(s) of {XSD_FILE} cannot be written by the emitter:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

#[test]
fn emitter_writes_only_what_the_xsd_defines() {
    let (_, xsd) = Xsd::load();
    let c = collector();
    let mut extra = Vec::new();
    for (name, info) in c.elements() {
        match xsd.elements.get(*name) {
            None => extra.push(format!("element <{name}>")),
            Some(e) => {
                for attr in &info.attributes {
                    if !e.attributes.contains(*attr) {
                        extra.push(format!("attribute {name}/@{attr}"));
                    }
                }
            }
        }
    }
    assert!(
        extra.is_empty(),
        "the emitter can write {} name(s) that {XSD_FILE} does not define:\n  {}",
        extra.len(),
        extra.join("\n  ")
    );
}

#[test]
fn every_xsd_child_can_be_emitted_under_its_parent() {
    let (_, xsd) = Xsd::load();
    let c = collector();
    let emitted = c.elements();
    let mut missing = Vec::new();
    for (name, e) in &xsd.elements {
        let Some(info) = emitted.get(name.as_str()) else {
            continue; // reported by every_xsd_element_can_be_emitted
        };
        for child in &e.children {
            if !info.children.contains(child.as_str()) {
                missing.push(format!("<{child}> inside <{name}>"));
            }
        }
        if e.text && !info.text {
            missing.push(format!("text content of <{name}>"));
        }
    }
    assert!(
        missing.is_empty(),
        "{} piece(s) of content that {XSD_FILE} allows cannot be written by the emitter:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

#[test]
fn emitter_nests_elements_only_as_the_xsd_allows() {
    let (_, xsd) = Xsd::load();
    let c = collector();
    let mut extra = Vec::new();
    for (name, info) in c.elements() {
        let Some(e) = xsd.elements.get(*name) else {
            continue; // reported by emitter_writes_only_what_the_xsd_defines
        };
        for child in &info.children {
            if !e.children.contains(*child) {
                extra.push(format!("<{child}> inside <{name}>"));
            }
        }
        // The collector records verbatim content (`#[xml(raw)]`, the
        // XSD's `xs:any`) as text; only flag text where neither is allowed.
        if info.text && !e.text && !e.open {
            extra.push(format!("text content in <{name}>"));
        }
    }
    assert!(
        extra.is_empty(),
        "the emitter can write {} piece(s) of content that {XSD_FILE} does not allow:\n  {}",
        extra.len(),
        extra.join("\n  ")
    );
}
