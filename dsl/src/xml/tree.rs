//! The importer's document tree: a compact, read-only tree of one policy
//! file built from quick-xml's events, with the well-formedness checks of
//! XML 1.0 with namespaces that the importer relies on.
//!
//! The tree borrows the text: element names, attribute values without
//! references or line ends to normalise, text and comments are slices of
//! it; only what XML rewrites (references, attribute-value normalisation,
//! text and CDATA sections joined, line ends) is copied. Every node keeps
//! its byte range, so a finding is located without a path string.
//!
//! Checked beyond quick-xml's tokenizer: XML characters, names, one
//! document element with nothing but white space, comments and
//! instructions around it, a well-formed XML declaration only at the
//! start, no DOCTYPE, `]]>` outside CDATA sections, `<` in attribute
//! values, references to undeclared entities or non-characters, namespace
//! prefixes declared (and `xml`/`xmlns` bound as XML fixes them), and no
//! attribute or namespace declaration twice (also after namespace
//! resolution). `tests/xml_tree.rs` compares the tree with roxmltree's on
//! the conformance data and on damaged documents; where roxmltree is laxer
//! than XML 1.0 and Namespaces in XML 1.0, the tree follows the specs.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::hash::HashMap;

/// The namespace the `xml` prefix is bound to.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations (never bound to a prefix).
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// "No node" / "no namespace" in the compact links.
const NONE: u32 = u32::MAX;

/// Why a text is not a well-formed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// The problem is a DOCTYPE (the importer words that one itself).
    pub doctype: bool,
}

impl std::fmt::Display for TreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TreeError {}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Element,
    Text,
    Comment,
    Pi,
}

#[derive(Debug)]
struct NodeData<'i> {
    kind: Kind,
    parent: u32,
    prev: u32,
    next: u32,
    first_child: u32,
    last_child: u32,
    start: u32,
    end: u32,
    /// An element's local name; an instruction's target.
    name: &'i str,
    /// An element's namespace (index into `namespaces`), or [`NONE`].
    ns: u32,
    /// An element's attributes (range of `attrs`).
    attrs: (u32, u32),
    /// A text's or comment's content; an instruction's data.
    text: Cow<'i, str>,
}

#[derive(Debug)]
struct AttrData<'i> {
    name: &'i str,
    ns: u32,
    value: Cow<'i, str>,
    start: u32,
    end: u32,
}

/// A parsed document (see the module documentation).
#[derive(Debug)]
pub struct Document<'i> {
    text: &'i str,
    nodes: Vec<NodeData<'i>>,
    attrs: Vec<AttrData<'i>>,
    namespaces: Vec<Cow<'i, str>>,
    /// Whether a character reference was read as U+FFFD.
    replaced_reference: bool,
}

/// How [`Document::parse_with`] reads a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Leave out the texts of white space only that have an element on
    /// either side: the indentation between the children of element-only
    /// content, which a reader that keeps no layout never looks at. An
    /// element with no element child keeps its texts, white space or not.
    pub drop_blanks: bool,
    /// Refuse a start tag with more attributes than this (the tree checks
    /// each attribute against the others of its tag for duplicates).
    pub max_attributes: Option<usize>,
}

/// A node's number in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The number as an index.
    pub fn get_usize(self) -> usize {
        self.0 as usize
    }
}

/// A node of a [`Document`]: the document itself, an element, a text, a
/// comment or a processing instruction.
#[derive(Clone, Copy)]
pub struct Node<'a, 'i> {
    doc: &'a Document<'i>,
    id: u32,
}

impl std::fmt::Debug for Node<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.data();
        write!(f, "{:?}({:?} @{}..{})", d.kind, d.name, d.start, d.end)
    }
}

impl PartialEq for Node<'_, '_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.doc, other.doc) && self.id == other.id
    }
}

/// An element's name and namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpandedName<'a> {
    name: &'a str,
    namespace: Option<&'a str>,
}

impl<'a> ExpandedName<'a> {
    /// The local name (without a prefix).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The namespace, if it has one.
    pub fn namespace(&self) -> Option<&'a str> {
        self.namespace
    }
}

/// An attribute of an element (namespace declarations are not among them).
#[derive(Clone, Copy)]
pub struct Attribute<'a, 'i> {
    doc: &'a Document<'i>,
    data: &'a AttrData<'i>,
}

impl<'a> Attribute<'a, '_> {
    /// The local name.
    pub fn name(&self) -> &'a str {
        self.data.name
    }

    /// The namespace, if its name has a prefix.
    pub fn namespace(&self) -> Option<&'a str> {
        self.doc.namespace(self.data.ns)
    }

    /// The value, references resolved and white space normalised.
    pub fn value(&self) -> &'a str {
        &self.data.value
    }

    /// From the start of its name to the end of its closing quote.
    pub fn range(&self) -> Range<usize> {
        self.data.start as usize..self.data.end as usize
    }
}

/// A processing instruction: its target and its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pi<'a> {
    /// The target.
    pub target: &'a str,
    /// What follows the target, if anything.
    pub value: Option<&'a str>,
}

impl<'i> Document<'i> {
    /// Parses `text` (UTF-8, without a byte-order mark).
    pub fn parse(text: &'i str) -> Result<Self, TreeError> {
        if text.starts_with('\u{feff}') {
            // quick-xml would skip it and every offset would be 3 short.
            return Err(fail(
                0,
                "the text starts with a byte-order mark; the tree reads decoded text without one",
            ));
        }
        Parser::new(text, ParseOptions::default()).run()
    }

    /// [`Document::parse`] as `options` say; what they do not leave out or
    /// refuse is as [`Document::parse`] gives it, offsets included.
    pub fn parse_with(text: &'i str, options: ParseOptions) -> Result<Self, TreeError> {
        if text.starts_with('\u{feff}') {
            return Self::parse(text);
        }
        Parser::new(text, options).run()
    }

    /// Whether a character reference was read as U+FFFD: one naming a
    /// surrogate or a code point past U+10FFFF (which XML does not allow;
    /// the importer reports those itself), or `&#xFFFD;` itself.
    pub fn replaced_reference(&self) -> bool {
        self.replaced_reference
    }

    /// The document node.
    pub fn root<'a>(&'a self) -> Node<'a, 'i> {
        Node { doc: self, id: 0 }
    }

    /// The document element.
    pub fn root_element<'a>(&'a self) -> Node<'a, 'i> {
        self.root()
            .children()
            .find(Node::is_element)
            .unwrap_or(self.root())
    }

    /// The node `id`, if the document has it.
    pub fn get_node<'a>(&'a self, id: NodeId) -> Option<Node<'a, 'i>> {
        (id.get_usize() < self.nodes.len()).then_some(Node {
            doc: self,
            id: id.0,
        })
    }

    /// The text parsed.
    pub fn input_text(&self) -> &'i str {
        self.text
    }

    fn namespace(&self, i: u32) -> Option<&str> {
        self.namespaces.get(i as usize).map(|n| n.as_ref())
    }

    fn link(&self, i: u32) -> Option<Node<'_, 'i>> {
        (i != NONE).then_some(Node { doc: self, id: i })
    }
}

/// The siblings or children of a node, one way.
pub struct Siblings<'a, 'i> {
    doc: &'a Document<'i>,
    next: u32,
    forward: bool,
}

impl<'a, 'i> Iterator for Siblings<'a, 'i> {
    type Item = Node<'a, 'i>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next == NONE {
            return None;
        }
        let node = Node {
            doc: self.doc,
            id: self.next,
        };
        let d = &self.doc.nodes[self.next as usize];
        self.next = if self.forward { d.next } else { d.prev };
        Some(node)
    }
}

impl<'a, 'i> Node<'a, 'i> {
    fn data(&self) -> &'a NodeData<'i> {
        &self.doc.nodes[self.id as usize]
    }

    /// Its number in the document.
    pub fn id(&self) -> NodeId {
        NodeId(self.id)
    }

    /// The document it belongs to.
    pub fn document(&self) -> &'a Document<'i> {
        self.doc
    }

    /// Whether it is an element.
    pub fn is_element(&self) -> bool {
        self.data().kind == Kind::Element
    }

    /// Whether it is text (character data and CDATA sections, joined).
    pub fn is_text(&self) -> bool {
        self.data().kind == Kind::Text
    }

    /// Whether it is a comment.
    pub fn is_comment(&self) -> bool {
        self.data().kind == Kind::Comment
    }

    /// Whether it is a processing instruction.
    pub fn is_pi(&self) -> bool {
        self.data().kind == Kind::Pi
    }

    /// Whether it is the document node.
    pub fn is_root(&self) -> bool {
        self.data().kind == Kind::Root
    }

    /// An element's name and namespace (empty for other nodes).
    pub fn tag_name(&self) -> ExpandedName<'a> {
        let d = self.data();
        if d.kind != Kind::Element {
            return ExpandedName {
                name: "",
                namespace: None,
            };
        }
        ExpandedName {
            name: d.name,
            namespace: self.doc.namespace(d.ns),
        }
    }

    /// An element's attributes, in document order.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a, 'i>> + Clone + 'a {
        let (from, to) = self.data().attrs;
        let doc = self.doc;
        doc.attrs[from as usize..to as usize]
            .iter()
            .map(move |data| Attribute { doc, data })
    }

    /// The value of the attribute `name` without a namespace.
    pub fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes()
            .find(|a| a.data.ns == NONE && a.data.name == name)
            .map(|a| a.value())
    }

    /// A text's or comment's content; for an element, the text of its first
    /// child when that is text.
    pub fn text(&self) -> Option<&'a str> {
        let d = self.data();
        match d.kind {
            Kind::Text | Kind::Comment => Some(&d.text),
            Kind::Element => self
                .first_child()
                .filter(Node::is_text)
                .and_then(|c| c.text()),
            _ => None,
        }
    }

    /// A processing instruction's target and data.
    pub fn pi(&self) -> Option<Pi<'a>> {
        let d = self.data();
        (d.kind == Kind::Pi).then(|| Pi {
            target: d.name,
            value: (!d.text.is_empty()).then_some(&*d.text),
        })
    }

    /// Its bytes in the text: an element from its `<` to the end of its end
    /// tag, a text from its first byte to its last.
    pub fn range(&self) -> Range<usize> {
        let d = self.data();
        d.start as usize..d.end as usize
    }

    /// Its parent (none for the document node).
    pub fn parent(&self) -> Option<Node<'a, 'i>> {
        self.doc.link(self.data().parent)
    }

    /// Its first child.
    pub fn first_child(&self) -> Option<Node<'a, 'i>> {
        self.doc.link(self.data().first_child)
    }

    /// Its last child.
    pub fn last_child(&self) -> Option<Node<'a, 'i>> {
        self.doc.link(self.data().last_child)
    }

    /// Whether it has children.
    pub fn has_children(&self) -> bool {
        self.data().first_child != NONE
    }

    /// Its children, in document order.
    pub fn children(&self) -> Siblings<'a, 'i> {
        Siblings {
            doc: self.doc,
            next: self.data().first_child,
            forward: true,
        }
    }

    /// Itself, then the siblings after it.
    pub fn next_siblings(&self) -> Siblings<'a, 'i> {
        Siblings {
            doc: self.doc,
            next: self.id,
            forward: true,
        }
    }

    /// Itself, then the siblings before it, nearest first.
    pub fn prev_siblings(&self) -> Siblings<'a, 'i> {
        Siblings {
            doc: self.doc,
            next: self.id,
            forward: false,
        }
    }
}

/// Whether `c` may start an XML name.
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '_' | ':'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Whether `c` may be in an XML name.
fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// For each byte: bit 0, an ASCII character that may start a name without
/// a colon; bit 1, one that may be in it; bit 2, a byte past ASCII.
const NAME_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphabetic() || c == b'_' {
            3
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            2
        } else if c >= 0x80 {
            4
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Whether `s` is a name without a colon.
fn is_ncname(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    let mut all = NAME_BYTES[first as usize];
    if all & 1 != 0 {
        let mut ascii = true;
        for &c in &b[1..] {
            let k = NAME_BYTES[c as usize];
            ascii &= k & 2 != 0;
            all |= k;
        }
        if ascii {
            return true;
        }
        if all & 4 == 0 {
            return false;
        }
    }
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c != ':' && is_name_start(c))
        && chars.all(|c| c != ':' && is_name_char(c))
}

/// Splits a qualified name into prefix and local name, if it is one.
fn split_qname(s: &str) -> Option<(Option<&str>, &str)> {
    // The usual name, ASCII with at most one colon between two names,
    // is checked in one pass; anything else takes the general path.
    let b = s.as_bytes();
    if let Some(&first) = b.first() {
        if NAME_BYTES[first as usize] & 1 != 0 {
            let mut colon = 0;
            let mut plain = true;
            for (i, &c) in b.iter().enumerate().skip(1) {
                if NAME_BYTES[c as usize] & 2 == 0 {
                    if c == b':'
                        && colon == 0
                        && b.get(i + 1)
                            .is_some_and(|&n| NAME_BYTES[n as usize] & 1 != 0)
                    {
                        colon = i;
                    } else {
                        plain = false;
                        break;
                    }
                }
            }
            if plain {
                return Some(if colon == 0 {
                    (None, s)
                } else {
                    (Some(&s[..colon]), &s[colon + 1..])
                });
            }
        }
    }
    split_qname_general(s)
}

/// [`split_qname`] for any name: finds the colon, then checks each part.
fn split_qname_general(s: &str) -> Option<(Option<&str>, &str)> {
    // Names are short: a plain byte loop beats a searcher's setup.
    match s.bytes().position(|b| b == b':') {
        Some(i) => {
            let (p, l) = (&s[..i], &s[i + 1..]);
            (is_ncname(p) && is_ncname(l)).then_some((Some(p), l))
        }
        None => is_ncname(s).then_some((None, s)),
    }
}

/// The offset of the first character of `text` that XML does not allow,
/// and the character.
fn bad_char(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    // Chunks without a suspect byte (a control character other than tab
    // and line ends, or the lead byte of U+FFFE/U+FFFF's block) are
    // skipped whole; the test is branch-free so it runs on vectors.
    let suspect = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0xEF);
    let mut i = 0;
    while i + 64 <= bytes.len() {
        if !bytes[i..i + 64]
            .iter()
            .fold(false, |acc, &b| acc | suspect(b))
        {
            i += 64;
            continue;
        }
        break;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
            return Some((i, b as char));
        }
        if b == 0xEF
            && bytes.get(i + 1) == Some(&0xBF)
            && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
        {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            return Some((i, c));
        }
        i += 1;
    }
    None
}

/// Where `]]>` is in `text`, if it is (a text seldom holds a `>`).
fn cdata_end(text: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'>', text)
        .find_map(|i| (i >= 2 && &text[i - 2..i] == b"]]").then(|| i - 2))
}

/// Whether XML allows the character `c`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` with its line ends (CRLF, lone CR) read as LF.
pub(crate) fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An attribute read, before its prefix is resolved: prefix, local name,
/// value, start and end.
type PendingAttribute<'i> = (Option<&'i str>, &'i str, Cow<'i, str>, u32, u32);

struct Parser<'i> {
    text: &'i str,
    doc: Document<'i>,
    /// The open elements, innermost last (the document node first).
    open: Vec<u32>,
    /// Prefix bindings in scope: (prefix, namespace index), innermost last;
    /// `None` is the default namespace (index [`NONE`]: undeclared).
    scope: Vec<(Option<&'i str>, u32)>,
    /// For each prefix bound, its bindings in scope, innermost last (a
    /// lookup costs one hash whatever the depth).
    bindings: HashMap<&'i str, Vec<u32>>,
    /// The default namespace's bindings in scope, innermost last (every
    /// unprefixed element looks it up: no hash).
    default_ns: Vec<u32>,
    /// The index of each namespace name in the document's list.
    namespace_of: HashMap<Cow<'i, str>, u32>,
    /// `scope`'s length when each open element started.
    marks: Vec<usize>,
    /// The last event was character data (text, CDATA or a reference):
    /// what comes next joins its text node.
    in_text: bool,
    /// Whether white-space texts next to elements are left out
    /// ([`ParseOptions::drop_blanks`]).
    drop_blanks: bool,
    /// A text of white space only, held back until the node after it
    /// tells whether it is left out ([`ParseOptions::drop_blanks`]):
    /// start, end, text.
    blank: Option<(usize, usize, Cow<'i, str>)>,
    /// [`ParseOptions::max_attributes`].
    max_attributes: usize,
    /// Whether a character reference was read as U+FFFD.
    replaced_reference: std::cell::Cell<bool>,
    /// The document element was closed.
    done: bool,
    /// Whether the text has a carriage return (else no text needs its
    /// line ends normalised).
    has_cr: bool,
    /// Attribute scratch: (prefix, local, value, start, end).
    pending: Vec<PendingAttribute<'i>>,
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn fail(offset: usize, message: impl Into<String>) -> TreeError {
    TreeError {
        offset,
        message: message.into(),
        doctype: false,
    }
}

impl<'i> Parser<'i> {
    fn new(text: &'i str, options: ParseOptions) -> Self {
        // Each `<` starts at most one element, comment or instruction and
        // ends at most one text: twice their number holds every node (the
        // texts between elements are most of the rest, and left out when
        // blanks are dropped). About half the `<` open a start tag, with
        // two attributes on average in a policy: as many attributes as `<`
        // (a guess; the list grows if it is short).
        let tags = memchr::memchr_iter(b'<', text.as_bytes()).count();
        let nodes = if options.drop_blanks { tags } else { 2 * tags } + 2;
        let mut doc = Document {
            text,
            nodes: Vec::with_capacity(nodes),
            attrs: Vec::with_capacity(tags),
            namespaces: vec![Cow::Borrowed(XML_NAMESPACE)],
            replaced_reference: false,
        };
        doc.nodes.push(NodeData {
            kind: Kind::Root,
            parent: NONE,
            prev: NONE,
            next: NONE,
            first_child: NONE,
            last_child: NONE,
            start: 0,
            end: u32_of(text.len()),
            name: "",
            ns: NONE,
            attrs: (0, 0),
            text: Cow::Borrowed(""),
        });
        Parser {
            text,
            doc,
            open: vec![0],
            scope: vec![(Some("xml"), 0), (None, NONE)],
            bindings: [("xml", vec![0])].into_iter().collect(),
            default_ns: vec![NONE],
            namespace_of: [(Cow::Borrowed(XML_NAMESPACE), 0)].into_iter().collect(),
            marks: Vec::new(),
            in_text: false,
            drop_blanks: options.drop_blanks,
            blank: None,
            max_attributes: options.max_attributes.unwrap_or(usize::MAX),
            replaced_reference: std::cell::Cell::new(false),
            done: false,
            has_cr: memchr::memchr(b'\r', text.as_bytes()).is_some(),
            pending: Vec::new(),
        }
    }

    /// The byte offset of `s`, a slice of the text.
    fn offset_of(&self, s: &[u8]) -> usize {
        let base = self.text.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        if at >= base && at <= base + self.text.len() {
            at - base
        } else {
            0
        }
    }

    /// `bytes` (a slice of the text) as the text's `&str`.
    fn str_of(&self, bytes: &[u8]) -> &'i str {
        let start = self.offset_of(bytes);
        self.text.get(start..start + bytes.len()).unwrap_or("")
    }

    fn parent(&self) -> u32 {
        self.open.last().copied().unwrap_or(0)
    }

    /// Adds a node under the current parent.
    fn append(&mut self, mut data: NodeData<'i>) -> u32 {
        let id = u32_of(self.doc.nodes.len());
        let parent = self.parent();
        data.parent = parent;
        let p = &mut self.doc.nodes[parent as usize];
        data.prev = p.last_child;
        if p.first_child == NONE {
            p.first_child = id;
        }
        let prev = p.last_child;
        p.last_child = id;
        if prev != NONE {
            self.doc.nodes[prev as usize].next = id;
        }
        self.doc.nodes.push(data);
        id
    }

    fn leaf(
        kind: Kind,
        start: usize,
        end: usize,
        name: &'i str,
        text: Cow<'i, str>,
    ) -> NodeData<'i> {
        NodeData {
            kind,
            parent: NONE,
            prev: NONE,
            next: NONE,
            first_child: NONE,
            last_child: NONE,
            start: u32_of(start),
            end: u32_of(end),
            name,
            ns: NONE,
            attrs: (0, 0),
            text,
        }
    }

    /// Adds character data at `start..end` to the current text node, or
    /// starts one.
    fn add_text(&mut self, start: usize, end: usize, text: Cow<'i, str>) -> Result<(), TreeError> {
        if self.open.len() == 1 {
            if text
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            {
                return Ok(());
            }
            return Err(fail(
                start,
                "text outside the document element (only white space, comments and processing instructions may be there)",
            ));
        }
        if self.drop_blanks && !self.in_text {
            let blank = text.bytes().all(is_space);
            match &mut self.blank {
                None if blank => {
                    self.blank = Some((start, end, text));
                    return Ok(());
                }
                Some(held) if blank => {
                    held.1 = end;
                    held.2.to_mut().push_str(&text);
                    return Ok(());
                }
                Some(_) => {
                    // Text follows: the white space held back starts it.
                    if let Some((s0, e0, held)) = self.blank.take() {
                        self.append(Self::leaf(Kind::Text, s0, e0, "", held));
                        self.in_text = true;
                    }
                }
                None => {}
            }
        }
        if self.in_text {
            let parent = self.parent();
            let last = self.doc.nodes[parent as usize].last_child;
            if let Some(node) = self.doc.nodes.get_mut(last as usize) {
                node.text.to_mut().push_str(&text);
                node.end = u32_of(end);
                return Ok(());
            }
        }
        self.append(Self::leaf(Kind::Text, start, end, "", text));
        self.in_text = true;
        Ok(())
    }

    /// Decides about the white-space text held back
    /// ([`ParseOptions::drop_blanks`]) now that the node after it is known
    /// (`element_next`: an element): left out if an element stands on
    /// either side of it, else added as the text it is.
    fn settle_blank(&mut self, element_next: bool) {
        let Some((start, end, text)) = self.blank.take() else {
            return;
        };
        let parent = self.parent();
        let last = self.doc.nodes[parent as usize].last_child;
        let after_element = self
            .doc
            .nodes
            .get(last as usize)
            .is_some_and(|n| n.kind == Kind::Element);
        if element_next || after_element {
            return;
        }
        self.append(Self::leaf(Kind::Text, start, end, "", text));
        self.in_text = true;
    }

    /// The character a reference names.
    fn reference(&self, r: &BytesRef<'i>, start: usize) -> Result<char, TreeError> {
        self.resolved(resolve_reference(self.str_of(r), start))
    }

    /// `c`, noting a reference read as U+FFFD.
    fn resolved(&self, c: Result<char, TreeError>) -> Result<char, TreeError> {
        if c.as_ref().is_ok_and(|&c| c == '\u{FFFD}') {
            self.replaced_reference.set(true);
        }
        c
    }

    /// An attribute's value: references resolved, each literal white-space
    /// character (a CRLF counts once) read as a space.
    fn attribute_value(&self, raw: &'i str, at: usize) -> Result<Cow<'i, str>, TreeError> {
        // One pass for the usual value: no `<`, nothing to rewrite.
        let mut special = 0u8;
        for &b in raw.as_bytes() {
            special |= u8::from(matches!(b, b'<' | b'&' | b'\t' | b'\n' | b'\r'));
        }
        if special == 0 {
            return Ok(Cow::Borrowed(raw));
        }
        if let Some(i) = memchr::memchr(b'<', raw.as_bytes()) {
            return Err(fail(at + i, "`<` in an attribute value (write `&lt;`)"));
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        let mut offset = at;
        while let Some(c) = rest.chars().next() {
            match c {
                '\r' => {
                    out.push(' ');
                    let skip = if rest.as_bytes().get(1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    rest = &rest[skip..];
                    offset += skip;
                    continue;
                }
                '\t' | '\n' => out.push(' '),
                '&' => {
                    let Some(end) = rest.find(';') else {
                        return Err(fail(
                            offset,
                            "`&` without `;` in an attribute value (write `&amp;`)",
                        ));
                    };
                    let name = &rest[1..end];
                    let resolved = self.resolved(resolve_reference(name, offset))?;
                    out.push(resolved);
                    rest = &rest[end + 1..];
                    offset += end + 1;
                    continue;
                }
                c => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
            offset += c.len_utf8();
        }
        Ok(Cow::Owned(out))
    }

    /// The namespace bound to `prefix` (`None`: the default one).
    fn lookup(&self, prefix: Option<&'i str>) -> u32 {
        match prefix {
            None => self.default_ns.last().copied(),
            Some(p) => self.bindings.get(p).and_then(|b| b.last().copied()),
        }
        .unwrap_or(NONE)
    }

    fn namespace_index(&mut self, uri: Cow<'i, str>) -> u32 {
        if let Some(&i) = self.namespace_of.get(uri.as_ref()) {
            return i;
        }
        let i = u32_of(self.doc.namespaces.len());
        self.doc.namespaces.push(uri.clone());
        self.namespace_of.insert(uri, i);
        i
    }

    /// Opens the element of start tag `e` at `start..end`.
    fn start(
        &mut self,
        e: &BytesStart<'i>,
        start: usize,
        end: usize,
        empty: bool,
    ) -> Result<(), TreeError> {
        if self.open.len() == 1 && self.done {
            return Err(fail(start, "a second document element (a file holds one)"));
        }
        let qname = self.str_of(e.name().into_inner());
        let Some((prefix, local)) = split_qname(qname) else {
            return Err(fail(start + 1, format!("`{qname}` is not an XML name")));
        };
        if self.blank.is_some() {
            self.settle_blank(true);
        }
        self.marks.push(self.scope.len());
        self.pending.clear();
        let raw_attrs = self.str_of(e.attributes_raw());
        let attrs = RawAttributes {
            text: raw_attrs,
            at: self.offset_of(raw_attrs.as_bytes()),
            i: 0,
        };
        for (n, a) in attrs.enumerate() {
            let (key, key_at, raw, value_at) = a?;
            if n >= self.max_attributes {
                return Err(fail(
                    start,
                    format!(
                        "more than {} attributes on one element",
                        self.max_attributes
                    ),
                ));
            }
            let value = self.attribute_value(raw, value_at)?;
            let attr_end = (value_at + raw.len() + 1).min(end);
            match namespace_binding(key) {
                Some(PrefixDeclaration::Default) => {
                    if value == XML_NAMESPACE || value == XMLNS_NAMESPACE {
                        return Err(fail(
                            key_at,
                            format!("`{value}` cannot be the default namespace"),
                        ));
                    }
                    let ns = if value.is_empty() {
                        NONE
                    } else {
                        self.namespace_index(value)
                    };
                    self.declare(None, ns, key_at)?;
                    continue;
                }
                Some(PrefixDeclaration::Named(p)) => {
                    if !is_ncname(p) {
                        return Err(fail(key_at, format!("`{key}` is not an XML name")));
                    }
                    if p == "xmlns" || value == XMLNS_NAMESPACE {
                        return Err(fail(
                            key_at,
                            "the prefix `xmlns` and its namespace cannot be declared",
                        ));
                    }
                    if (p == "xml") != (value == XML_NAMESPACE) {
                        return Err(fail(
                            key_at,
                            format!("the prefix `xml` is bound to {XML_NAMESPACE} and only to it"),
                        ));
                    }
                    if value.is_empty() {
                        return Err(fail(
                            key_at,
                            format!("the prefix `{p}` is declared with an empty namespace"),
                        ));
                    }
                    let ns = self.namespace_index(value);
                    self.declare(Some(p), ns, key_at)?;
                    continue;
                }
                None => {}
            }
            let Some((ap, al)) = split_qname(key) else {
                return Err(fail(key_at, format!("`{key}` is not an XML name")));
            };
            self.pending
                .push((ap, al, value, u32_of(key_at), u32_of(attr_end)));
        }
        let ns = self.lookup(prefix);
        if let Some(p) = prefix {
            if ns == NONE {
                return Err(fail(
                    start + 1,
                    format!("the namespace prefix `{p}` is not declared"),
                ));
            }
        }
        let from = u32_of(self.doc.attrs.len());
        let mut pending = std::mem::take(&mut self.pending);
        for (ap, al, value, s, t) in pending.drain(..) {
            let ans = match ap {
                None => NONE,
                Some(p) => {
                    let ns = self.lookup(Some(p));
                    if ns == NONE {
                        return Err(fail(
                            s as usize,
                            format!("the namespace prefix `{p}` is not declared"),
                        ));
                    }
                    ns
                }
            };
            let twice = self.doc.attrs[from as usize..]
                .iter()
                .any(|x| x.ns == ans && x.name == al);
            if twice {
                return Err(fail(
                    s as usize,
                    format!("the attribute `{al}` is given twice"),
                ));
            }
            self.doc.attrs.push(AttrData {
                name: al,
                ns: ans,
                value,
                start: s,
                end: t,
            });
        }
        // The scratch list keeps its room for the next tag.
        self.pending = pending;
        let to = u32_of(self.doc.attrs.len());
        let mut data = Self::leaf(Kind::Element, start, end, local, Cow::Borrowed(""));
        data.ns = ns;
        data.attrs = (from, to);
        let id = self.append(data);
        self.in_text = false;
        if empty {
            self.close_scope();
            if self.open.len() == 1 {
                self.done = true;
            }
        } else {
            self.open.push(id);
        }
        Ok(())
    }

    /// Checks the XML declaration: `version="1.x"`, then optionally an
    /// encoding name and `standalone="yes"` or `"no"`, in that order.
    fn declaration(&self, d: &quick_xml::events::BytesDecl<'i>) -> Result<(), TreeError> {
        let content = self.str_of(d);
        let at = self.offset_of(content.as_bytes());
        let rest = content.strip_prefix("xml").unwrap_or(content);
        let rest_at = at + (content.len() - rest.len());
        let mut expected = ["version", "encoding", "standalone"].into_iter();
        let mut first = true;
        for a in (RawAttributes {
            text: rest,
            at: rest_at,
            i: 0,
        }) {
            let (name, name_at, value, _) = a.map_err(|e| TreeError {
                message: format!("{} in the XML declaration", e.message),
                ..e
            })?;
            if !expected.any(|e| e == name) || (first && name != "version") {
                return Err(fail(
                    name_at,
                    format!("`{name}` is out of place in the XML declaration (version, then encoding, then standalone)"),
                ));
            }
            first = false;
            let valid = match name {
                "version" => value
                    .strip_prefix("1.")
                    .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())),
                "encoding" => {
                    value
                        .bytes()
                        .next()
                        .is_some_and(|b| b.is_ascii_alphabetic())
                        && value
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
                }
                _ => value == "yes" || value == "no",
            };
            if !valid {
                return Err(fail(
                    name_at,
                    format!("`{value}` is not a valid {name} in the XML declaration"),
                ));
            }
        }
        if first {
            return Err(fail(at, "the XML declaration has no version"));
        }
        Ok(())
    }

    /// Binds `prefix` (`None`: the default namespace) for the element
    /// being opened; a second declaration of it in the same tag is the
    /// same attribute twice.
    fn declare(&mut self, prefix: Option<&'i str>, ns: u32, at: usize) -> Result<(), TreeError> {
        let from = self.marks.last().copied().unwrap_or(0);
        if self.scope[from..].iter().any(|(p, _)| *p == prefix) {
            let name = prefix.map_or("xmlns".to_owned(), |p| format!("xmlns:{p}"));
            return Err(fail(at, format!("the attribute `{name}` is given twice")));
        }
        self.scope.push((prefix, ns));
        match prefix {
            None => self.default_ns.push(ns),
            Some(p) => self.bindings.entry(p).or_default().push(ns),
        }
        Ok(())
    }

    fn close_scope(&mut self) {
        if let Some(m) = self.marks.pop() {
            for (p, _) in self.scope.drain(m..) {
                let bound = match p {
                    None => Some(&mut self.default_ns),
                    Some(p) => self.bindings.get_mut(p),
                };
                if let Some(b) = bound {
                    b.pop();
                }
            }
        }
    }

    fn run(mut self) -> Result<Document<'i>, TreeError> {
        if let Some((at, c)) = bad_char(self.text) {
            return Err(fail(
                at,
                format!("the character U+{:04X} is not allowed in XML", c as u32),
            ));
        }
        let mut reader = Reader::from_str(self.text);
        {
            let config = reader.config_mut();
            config.trim_text(false);
            config.check_end_names = true;
            config.check_comments = true;
            config.expand_empty_elements = false;
        }
        loop {
            let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = usize::try_from(reader.error_position()).unwrap_or(start);
                    return Err(fail(at, e.to_string()));
                }
            };
            let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            match event {
                Event::Start(e) => self.start(&e, start, end, false)?,
                Event::Empty(e) => self.start(&e, start, end, true)?,
                Event::End(_) => {
                    if self.blank.is_some() {
                        self.settle_blank(false);
                    }
                    let Some(id) = self.open.pop().filter(|&id| id != 0) else {
                        return Err(fail(start, "an end tag without a start tag"));
                    };
                    self.doc.nodes[id as usize].end = u32_of(end);
                    self.close_scope();
                    self.in_text = false;
                    if self.open.len() == 1 {
                        self.done = true;
                    }
                }
                Event::Text(t) => {
                    let raw = self.str_of(&t);
                    if let Some(i) = cdata_end(raw.as_bytes()) {
                        return Err(fail(
                            start + i,
                            "`]]>` in text (it ends CDATA sections only; write `]]&gt;`)",
                        ));
                    }
                    let text = if self.has_cr {
                        normalize_line_ends(raw)
                    } else {
                        Cow::Borrowed(raw)
                    };
                    self.add_text(start, end, text)?;
                }
                Event::GeneralRef(r) => {
                    if self.open.len() == 1 {
                        return Err(fail(start, "a reference outside the document element"));
                    }
                    let c = self.reference(&r, start)?;
                    let mut s = String::new();
                    s.push(c);
                    self.add_text(start, end, Cow::Owned(s))?;
                }
                Event::CData(c) => {
                    let raw = self.str_of(&c);
                    if self.open.len() == 1 {
                        return Err(fail(start, "a CDATA section outside the document element"));
                    }
                    self.add_text(start, end, normalize_line_ends(raw))?;
                }
                Event::Comment(c) => {
                    if self.blank.is_some() {
                        self.settle_blank(false);
                    }
                    let raw = self.str_of(&c);
                    self.append(Self::leaf(
                        Kind::Comment,
                        start,
                        end,
                        "",
                        Cow::Borrowed(raw),
                    ));
                    self.in_text = false;
                }
                Event::PI(p) => {
                    let target = self.str_of(p.target());
                    if !is_ncname(target) {
                        return Err(fail(
                            start + 2,
                            format!("`{target}` is not a processing instruction's target"),
                        ));
                    }
                    if target.eq_ignore_ascii_case("xml") {
                        return Err(fail(
                            start,
                            "the XML declaration may only be at the very start of the file",
                        ));
                    }
                    if self.blank.is_some() {
                        self.settle_blank(false);
                    }
                    let data = self
                        .str_of(p.content())
                        .trim_start_matches([' ', '\t', '\r', '\n']);
                    self.append(Self::leaf(
                        Kind::Pi,
                        start,
                        end,
                        target,
                        Cow::Borrowed(data),
                    ));
                    self.in_text = false;
                }
                Event::Decl(d) => {
                    if start != 0 {
                        return Err(fail(
                            start,
                            "the XML declaration may only be at the very start of the file",
                        ));
                    }
                    self.declaration(&d)?;
                }
                Event::DocType(_) => {
                    return Err(TreeError {
                        offset: start,
                        message: "a DOCTYPE".into(),
                        doctype: true,
                    })
                }
                Event::Eof => break,
            }
        }
        if self.open.len() > 1 {
            let id = self.open[1];
            let name = self.doc.nodes[id as usize].name;
            return Err(fail(
                self.text.len(),
                format!("the file ends before `<{name}>` is closed"),
            ));
        }
        if !self.doc.root_element().is_element() {
            return Err(fail(self.text.len(), "the file has no document element"));
        }
        self.doc.replaced_reference = self.replaced_reference.get();
        Ok(self.doc)
    }
}

/// What an attribute name declares: the default namespace (`xmlns`) or a
/// prefix (`xmlns:p`).
enum PrefixDeclaration<'i> {
    Default,
    Named(&'i str),
}

fn namespace_binding(key: &str) -> Option<PrefixDeclaration<'_>> {
    let rest = key.strip_prefix("xmlns")?;
    if rest.is_empty() {
        return Some(PrefixDeclaration::Default);
    }
    rest.strip_prefix(':').map(PrefixDeclaration::Named)
}

/// The attributes of a start tag, read from the text after its name:
/// each as its name, the name's offset, the raw value and the value's
/// offset.
struct RawAttributes<'i> {
    text: &'i str,
    /// The offset of `text` in the document.
    at: usize,
    i: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'i> Iterator for RawAttributes<'i> {
    type Item = Result<(&'i str, usize, &'i str, usize), TreeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.text.as_bytes();
        let before = self.i;
        while self.i < b.len() && is_space(b[self.i]) {
            self.i += 1;
        }
        if self.i >= b.len() {
            return None;
        }
        let at = self.at;
        let err = |i: usize, m: String| Some(Err(fail(at + i, m)));
        if self.i == before {
            return err(self.i, "attributes are separated by white space".into());
        }
        let name_start = self.i;
        while self.i < b.len() && !is_space(b[self.i]) && b[self.i] != b'=' {
            self.i += 1;
        }
        let name = &self.text[name_start..self.i];
        while self.i < b.len() && is_space(b[self.i]) {
            self.i += 1;
        }
        if b.get(self.i) != Some(&b'=') {
            return err(
                self.i,
                format!("`=` and a value in quotes are expected after the attribute `{name}`"),
            );
        }
        self.i += 1;
        while self.i < b.len() && is_space(b[self.i]) {
            self.i += 1;
        }
        let quote = match b.get(self.i) {
            Some(&q) if q == b'"' || q == b'\'' => q,
            _ => {
                return err(
                    self.i,
                    format!("the value of the attribute `{name}` is not in quotes"),
                )
            }
        };
        let value_start = self.i + 1;
        let Some(len) = memchr::memchr(quote, &b[value_start..]) else {
            return err(
                self.i,
                format!("the value of the attribute `{name}` has no closing quote"),
            );
        };
        self.i = value_start + len + 1;
        Some(Ok((
            name,
            at + name_start,
            &self.text[value_start..value_start + len],
            at + value_start,
        )))
    }
}

/// The character the reference `&name;` at `at` names, in text and in
/// attribute values alike. A surrogate or a value past U+10FFFF reads as
/// U+FFFD: the importer reports those before parsing, with their own
/// message.
fn resolve_reference(name: &str, at: usize) -> Result<char, TreeError> {
    if let Some(v) = char_ref_value(name) {
        return match char::from_u32(v) {
            Some(c) if is_xml_char(c) => Ok(c),
            _ if v > 0x10FFFF || (0xD800..=0xDFFF).contains(&v) => Ok('\u{FFFD}'),
            _ => Err(fail(
                at,
                format!("the character reference `&{name};` does not name an XML character"),
            )),
        };
    }
    if name.starts_with('#') {
        return Err(fail(at, format!("`&{name};` is not a character reference")));
    }
    match quick_xml::escape::resolve_predefined_entity(name) {
        Some(s) => Ok(s.chars().next().unwrap_or('\u{FFFD}')),
        None => Err(fail(
            at,
            format!("unknown entity `&{name};` (XML knows &lt; &gt; &amp; &apos; &quot; and character references)"),
        )),
    }
}

/// The value of the character reference `#…` (`name` without `&` and `;`).
fn char_ref_value(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('#')?;
    // Digits only: Rust's parsers would take a sign (`&#+65;`), XML does not.
    match digits.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(u32::from_str_radix(hex, 16).unwrap_or(u32::MAX))
        }
        None if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse().unwrap_or(u32::MAX))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass reading of usual names agrees with the general one on
    /// every string of up to five characters from an alphabet of name
    /// starts, name characters, colons and characters that are neither.
    #[test]
    fn split_qname_agrees_with_the_general_reading() {
        let alphabet = [
            'a', 'Z', '_', '1', '-', '.', ':', ' ', '\u{e9}', '\u{300}', '>',
        ];
        let mut words = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            let mut next = Vec::new();
            for w in &words {
                for c in alphabet {
                    let mut v = w.clone();
                    v.push(c);
                    assert_eq!(split_qname(&v), split_qname_general(&v), "{v:?}");
                    checked += 1;
                    next.push(v);
                }
            }
            words = next;
        }
        assert_eq!(checked, 11 + 121 + 1331 + 14641 + 161051);
        assert_eq!(split_qname("p:Local"), Some((Some("p"), "Local")));
        assert_eq!(split_qname("Local"), Some((None, "Local")));
        assert_eq!(split_qname("p:"), None);
        assert_eq!(split_qname("a:b:c"), None);
    }
}
