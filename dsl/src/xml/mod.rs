//! The XML layer under the emitter: the traits every model type implements,
//! a writer that produces deterministic, indented, escaped output, and the
//! schema collector used by the coverage test.
//!
//! Model types do not implement these traits by hand: `#[derive(XmlElement)]`
//! (from the internal `ief-derive` crate) writes them from the field
//! annotations, in declaration order. Enumerations implement [`XmlValue`]
//! through the `xml_enum!` macro.

use crate::hash::HashSet;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::{BytesDecl, BytesEnd, BytesPI, BytesStart, BytesText, Event};
use quick_xml::Writer;

pub(crate) mod decode;
pub mod read;
pub(crate) mod scan;
pub mod tree;

use crate::trivia::{base_segment, join, key_of, Item, Place, Siblings, Trivia, XSI_NAMESPACE};

/// The namespace of every element of a policy file.
pub const POLICY_NAMESPACE: &str = "http://schemas.microsoft.com/online/cpim/schemas/2013/06";

/// An error raised while emitting a policy. Emission never writes invalid
/// XML: anything that cannot be represented is reported instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// A string holds a character that XML 1.0 cannot carry, not even as a
    /// character reference (most C0 control characters, U+FFFE, U+FFFF).
    #[error("{context} contains the character U+{code:04X}, which XML 1.0 cannot represent")]
    InvalidChar {
        /// Which element or attribute held the string.
        context: String,
        /// The code point of the offending character.
        code: u32,
    },
    /// A list that the schema requires to hold at least one item is empty.
    #[error("`{field}` is empty, but the schema requires at least one <{element}>")]
    EmptyList {
        /// The element that must occur at least once.
        element: &'static str,
        /// The model field (`Type.field`) that holds the list.
        field: &'static str,
    },
    /// Verbatim XML content (an `Extensions` block) is not well-formed.
    #[error("the verbatim XML inside <{element}> is not well-formed: {reason}")]
    InvalidRawXml {
        /// The element whose content is verbatim.
        element: String,
        /// What the XML parser reported.
        reason: String,
    },
    /// Writing to the output failed.
    #[error("cannot write the XML output: {0}")]
    Io(#[from] std::io::Error),
}

/// A value that is written as an attribute value or as simple element text.
pub trait XmlValue {
    /// The unescaped text of the value, exactly as it should read in XML.
    fn xml_value(&self) -> Cow<'_, str>;
}

impl XmlValue for String {
    fn xml_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl XmlValue for str {
    fn xml_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl XmlValue for bool {
    fn xml_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl XmlValue for i32 {
    fn xml_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl XmlValue for i64 {
    fn xml_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

/// A model type that is written as one XML element with the name its parent
/// gives it. Implemented by `#[derive(XmlElement)]`.
pub trait XmlElement {
    /// Writes the element `<name …>…</name>` (or `<name … />` when it has no
    /// content), its attributes and children in schema order.
    fn write_element(&self, name: &str, w: &mut XmlWriter) -> Result<(), EmitError>;
    /// Records in `c` what the element `name` of this type can contain:
    /// attributes, child elements, text.
    fn describe(c: &mut SchemaCollector, name: &'static str);
}

/// A group of children without an element of its own, such as the two
/// branches of an `xs:choice`. Used with `#[xml(flatten)]`.
pub trait XmlContent {
    /// Writes the children into the element that is currently open.
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EmitError>;
    /// Records the children that [`XmlContent::write_content`] can write
    /// under `parent`.
    fn describe_content(c: &mut SchemaCollector, parent: &'static str);
}

impl<T: XmlContent> XmlContent for Option<T> {
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EmitError> {
        match self {
            Some(v) => v.write_content(w),
            None => Ok(()),
        }
    }

    fn describe_content(c: &mut SchemaCollector, parent: &'static str) {
        T::describe_content(c, parent);
    }
}

/// A model type that is a whole XML document.
pub trait XmlRoot: XmlElement {
    /// The name of the document element.
    const ROOT: &'static str;

    /// What the document keeps beyond the schema (comments, blank lines,
    /// …), written by the writer at its anchors. `None` by default;
    /// `#[xml(trivia)]` on a field makes it that field.
    fn trivia(&self) -> Option<&Trivia> {
        None
    }
}

/// Verbatim XML content, kept for the one open part of the schema
/// (`TechnicalProfile/Extensions`, an `xs:any` with `processContents="skip"`).
/// It must be a well-formed fragment; the emitter checks this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawXml(pub String);

/// Serializes a whole document: the XML declaration, then the root element,
/// 2-space indentation, `\n` line ends and a final newline. The document's
/// [`XmlRoot::trivia`] is written at its anchors.
///
/// The bytes depend only on the value: emitting the same policy twice gives
/// the same output.
pub fn to_xml_string<T: XmlRoot>(doc: &T) -> Result<String, EmitError> {
    Ok(to_xml_string_placed(doc)?.0)
}

/// [`to_xml_string`], with the anchors of the trivia that had no element
/// to go with ([`XmlWriter::unplaced`]), which the text leaves out.
pub fn to_xml_string_placed<T: XmlRoot>(doc: &T) -> Result<(String, Vec<String>), EmitError> {
    let mut w = XmlWriter::with_trivia(doc.trivia());
    w.declaration()?;
    doc.write_element(T::ROOT, &mut w)?;
    let unplaced = w.unplaced();
    Ok((w.finish()?, unplaced))
}

/// Writes elements with deferred start tags, so an element without content
/// becomes `<X />` and one with content `<X>…</X>`; indentation and event
/// framing come from quick-xml, escaping is done here (quick-xml's escaping
/// leaves tabs and line ends in attributes to be normalised away by readers).
///
/// With a [`Trivia`] table ([`XmlWriter::with_trivia`]) it computes the
/// anchor of every element it writes (from its name and the attributes it
/// is given, see [`crate::trivia`]) and writes the trivia there: items
/// before the start tag, at the end of the content and after the end tag,
/// `xsi:` attributes after the element's own, placeholders instead of
/// their stand-ins, and the wrappers kept empty ([`XmlWriter::keep_empty`]).
pub struct XmlWriter<'t> {
    inner: Writer<Vec<u8>>,
    pending: Option<Pending>,
    /// The last start tag written, kept so the next one reuses its
    /// strings (the name and attribute of an element before it is written).
    spare: Pending,
    /// The start tag's text, reused from one tag to the next.
    tag: String,
    trivia: Option<&'t Trivia>,
    /// The open elements' anchors (kept only with trivia).
    frames: Vec<Frame>,
    /// The anchors written that the trivia names.
    written: BTreeSet<String>,
    /// Every anchor the trivia names: an element whose anchor is not here
    /// has nothing to write around it, and its lookups are skipped.
    touched: HashSet<&'t str>,
    /// The anchors of the elements above those in `touched` (the root's,
    /// `""`, among them): an element in neither has nothing named below
    /// it, so its descendants' anchors are not made at all.
    above_touched: HashSet<&'t str>,
}

/// An open element, when trivia is written.
struct Frame {
    /// Its anchor (empty below an element that is not `live`).
    anchor: String,
    /// Whether the trivia names `anchor`.
    touched: bool,
    /// Whether the trivia names the element or something below it: the
    /// anchors of its children are worth making.
    live: bool,
    siblings: Siblings,
    /// Whether a child element, comment or instruction was written in it
    /// (a blank line is written only after one).
    content: bool,
}

/// A start tag not yet written: its name, its attributes (name, value,
/// escaped value), and whether each attribute goes on a line of its own
/// (the document element).
#[derive(Default)]
struct Pending {
    name: String,
    /// The first `len` are the tag's; the others are kept for their
    /// strings' room.
    attrs: Vec<(String, String, String)>,
    len: usize,
    multiline: bool,
}

impl Pending {
    /// The tag's attributes.
    fn attrs(&self) -> &[(String, String, String)] {
        &self.attrs[..self.len]
    }

    /// Adds an attribute, in room an earlier tag left when there is some.
    fn push(&mut self, key: &str, value: &str, escaped: &str) {
        match self.attrs.get_mut(self.len) {
            Some((k, v, e)) => {
                k.clear();
                k.push_str(key);
                v.clear();
                v.push_str(value);
                e.clear();
                e.push_str(escaped);
            }
            None => self
                .attrs
                .push((key.to_owned(), value.to_owned(), escaped.to_owned())),
        }
        self.len += 1;
    }
}

impl Default for XmlWriter<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'t> XmlWriter<'t> {
    /// A writer into memory with 2-space indentation.
    pub fn new() -> Self {
        XmlWriter {
            inner: Writer::new_with_indent(Vec::new(), b' ', 2),
            pending: None,
            spare: Pending::default(),
            tag: String::new(),
            trivia: None,
            frames: Vec::new(),
            written: BTreeSet::new(),
            touched: HashSet::default(),
            above_touched: HashSet::default(),
        }
    }

    /// A writer that also writes `trivia` (nothing more when it is `None`
    /// or empty).
    pub fn with_trivia(trivia: Option<&'t Trivia>) -> Self {
        let mut w = Self::new();
        w.trivia = trivia.filter(|t| !t.is_empty());
        if let Some(t) = w.trivia {
            w.touched = t
                .entries()
                .map(|e| e.anchor)
                .chain(t.kept_empty())
                .chain(t.all_xsi_attributes().map(|(a, _, _)| a))
                .chain(t.placeholders().map(|p| p.anchor.as_str()))
                .collect();
            w.above_touched = w
                .touched
                .iter()
                .flat_map(|a| a.match_indices('/').map(|(i, _)| &a[..i]))
                .chain([""])
                .collect();
        }
        w
    }

    /// Whether the open element (the parent of what comes next) may have
    /// something the trivia names below it (`true` at the document's
    /// start).
    fn parent_live(&self) -> bool {
        self.frames.last().is_none_or(|f| f.live)
    }

    /// Writes `<?xml version="1.0" encoding="utf-8"?>`.
    pub fn declaration(&mut self) -> Result<(), EmitError> {
        self.inner
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        Ok(())
    }

    /// The segment base of a pending element: its name, keyed by its key
    /// attribute.
    fn base_of(p: &Pending) -> String {
        let key = key_of(p.attrs().iter().map(|(k, v, _)| (k.as_str(), v.as_str())));
        base_segment(&p.name, key)
    }

    /// The anchor the pending element will get, without counting it.
    fn pending_anchor(&self) -> Option<String> {
        let p = self.pending.as_ref()?;
        Some(match self.frames.last() {
            Some(f) => join(&f.anchor, &f.siblings.peek(Self::base_of(p))),
            None => String::new(),
        })
    }

    /// Writes trivia items. `content`: whether something was written before
    /// in the same parent; `trailing_blank`: whether a blank line may end
    /// the list (before an element, yes; at the end of a content, no).
    fn write_items(
        &mut self,
        items: &[Item],
        mut content: bool,
        trailing_blank: bool,
    ) -> Result<bool, EmitError> {
        let mut blank = false;
        for (i, item) in items.iter().enumerate() {
            match item {
                Item::BlankLine => {
                    let last = items[i + 1..].iter().all(|x| *x == Item::BlankLine);
                    if content && !blank && (trailing_blank || !last) {
                        self.inner.get_mut().push(b'\n');
                        blank = true;
                    }
                }
                Item::Comment(text) => {
                    self.inner
                        .write_event(Event::Comment(BytesText::from_escaped(text.as_str())))?;
                    content = true;
                    blank = false;
                }
                Item::ProcessingInstruction { target, data } => {
                    let body = match data {
                        Some(d) if !d.is_empty() => format!("{target} {d}"),
                        _ => target.clone(),
                    };
                    self.inner.write_event(Event::PI(BytesPI::new(body)))?;
                    content = true;
                    blank = false;
                }
            }
        }
        Ok(content)
    }

    fn flush_pending(&mut self, empty: bool) -> Result<(), EmitError> {
        let Some(mut pending) = self.pending.take() else {
            return Ok(());
        };
        // With trivia: the element's anchor, whether the trivia names it,
        // and whether it names anything below it.
        let mut anchor: Option<(String, bool, bool)> = None;
        if let Some(t) = self.trivia {
            let parent_content = self.frames.last().is_some_and(|f| f.content);
            if !self.parent_live() {
                // Nothing named here or below: no anchor is made.
                if let Some(f) = self.frames.last_mut() {
                    f.content = true;
                }
                anchor = Some((String::new(), false, false));
            } else {
                let here = match self.frames.last_mut() {
                    Some(f) => join(&f.anchor, &f.siblings.next(Self::base_of(&pending))),
                    None => String::new(),
                };
                let touched = self.touched.contains(here.as_str());
                if touched {
                    self.write_items(t.items(&here, Place::Before), parent_content, true)?;
                }
                if let Some(f) = self.frames.last_mut() {
                    f.content = true;
                }
                if touched {
                    let len = pending.len;
                    for (k, v, escaped) in &mut pending.attrs[..len] {
                        if let Some(ph) = t.placeholder(&here, Some(k)) {
                            if ph.stand_in == *v {
                                *escaped = escape(&ph.raw, true, || format!("attribute {k}"))?
                                    .into_owned();
                            }
                        }
                    }
                    for (k, v) in t.xsi_attributes(&here) {
                        let name = format!("xsi:{k}");
                        let escaped = escape(v, true, || format!("attribute {name}"))?;
                        pending.push(&name, v, &escaped);
                    }
                    self.written.insert(here.clone());
                }
                let live = touched || self.above_touched.contains(here.as_str());
                anchor = Some((here, touched, live));
            }
        }
        // The tag's text in the buffer kept for it (as quick-xml's
        // `push_attribute` writes it: ` key="value"`).
        let mut tag = std::mem::take(&mut self.tag);
        tag.clear();
        tag.push_str(&pending.name);
        for (k, _, v) in pending.attrs() {
            tag.push_str(if pending.multiline { "\n  " } else { " " });
            tag.push_str(k);
            tag.push_str("=\"");
            tag.push_str(v);
            tag.push('"');
        }
        let start = BytesStart::from_content(tag.as_str(), pending.name.len());
        let name = pending.name.as_str();
        match (self.trivia, anchor) {
            (Some(t), Some((here, touched, live))) => {
                let end = if touched {
                    t.items(&here, Place::End)
                } else {
                    &[]
                };
                if empty && end.is_empty() {
                    self.inner.write_event(Event::Empty(start))?;
                    if touched {
                        self.write_items(t.items(&here, Place::After), true, false)?;
                    }
                } else if empty {
                    self.inner.write_event(Event::Start(start))?;
                    self.write_items(end, false, false)?;
                    self.inner.write_event(Event::End(BytesEnd::new(name)))?;
                    self.write_items(t.items(&here, Place::After), true, false)?;
                } else {
                    self.inner.write_event(Event::Start(start))?;
                    self.frames.push(Frame {
                        anchor: here,
                        touched,
                        live,
                        siblings: Siblings::default(),
                        content: false,
                    });
                }
            }
            _ => {
                let event = if empty {
                    Event::Empty(start)
                } else {
                    Event::Start(start)
                };
                self.inner.write_event(event)?;
            }
        }
        self.tag = tag;
        self.spare = pending;
        Ok(())
    }

    /// Opens the element `name`; its start tag is written once its first
    /// child or text arrives, or as an empty element on [`XmlWriter::close`].
    pub fn open(&mut self, name: &str) -> Result<(), EmitError> {
        self.flush_pending(false)?;
        let mut p = std::mem::take(&mut self.spare);
        p.name.clear();
        p.name.push_str(name);
        p.len = 0;
        p.multiline = false;
        self.pending = Some(p);
        Ok(())
    }

    /// Adds an attribute to the element just opened. Attributes must come
    /// before any child.
    pub fn attr(&mut self, key: &str, value: &str) -> Result<(), EmitError> {
        let escaped = escape(value, true, || format!("attribute {key}"))?;
        match &mut self.pending {
            Some(p) => {
                p.push(key, value, &escaped);
                Ok(())
            }
            None => Err(EmitError::Io(std::io::Error::other(format!(
                "attribute {key} written after the element's content"
            )))),
        }
    }

    /// Adds the namespace declarations that B2C policy files carry, and puts
    /// each attribute of the element on a line of its own (as policy files
    /// do for their document element), so that header diffs stay readable.
    pub fn namespaces(&mut self) {
        if let Some(p) = &mut self.pending {
            p.multiline = true;
            for (k, v) in [
                ("xmlns:xsi", XSI_NAMESPACE),
                ("xmlns:xsd", "http://www.w3.org/2001/XMLSchema"),
                ("xmlns", POLICY_NAMESPACE),
            ] {
                p.push(k, v, v);
            }
        }
    }

    /// Whether the optional wrapper `name`, about to be left out because it
    /// is empty, is to be written anyway: the trivia marks it as present
    /// in the source (or holds something to write inside it).
    pub fn keep_empty(&self, name: &str) -> bool {
        let Some(t) = self.trivia else {
            return false;
        };
        if !self.parent_live() {
            // Nothing is named below the open element.
            return false;
        }
        let anchor = match self.pending_anchor() {
            // The parent is still pending: `name` is its first child.
            Some(parent) => join(&parent, name),
            None => match self.frames.last() {
                Some(f) => join(&f.anchor, &f.siblings.peek(name.to_owned())),
                None => return false,
            },
        };
        self.touched.contains(anchor.as_str())
            && (t.is_kept_empty(&anchor) || !t.items(&anchor, Place::End).is_empty())
    }

    /// Closes the element `name`.
    pub fn close(&mut self, name: &str) -> Result<(), EmitError> {
        if self.pending.is_some() {
            return self.flush_pending(true);
        }
        match (self.trivia, self.frames.pop()) {
            (Some(t), Some(frame)) if frame.touched => {
                self.write_items(t.items(&frame.anchor, Place::End), frame.content, false)?;
                self.inner.write_event(Event::End(BytesEnd::new(name)))?;
                self.write_items(t.items(&frame.anchor, Place::After), true, false)?;
            }
            _ => {
                self.inner.write_event(Event::End(BytesEnd::new(name)))?;
            }
        }
        Ok(())
    }

    /// Writes text content into the open element.
    pub fn text(&mut self, value: &str) -> Result<(), EmitError> {
        if value.is_empty() {
            return Ok(());
        }
        // The element's name, for an error only: after the flush it is in
        // `spare` when the element was pending.
        let pending = self.pending.is_some();
        self.flush_pending(false)?;
        let context = if pending {
            self.spare.name.as_str()
        } else {
            ""
        };
        let mut value = value;
        if let (Some(t), Some(f)) = (self.trivia, self.frames.last().filter(|f| f.touched)) {
            if let Some(ph) = t.placeholder(&f.anchor, None) {
                if ph.stand_in == value {
                    value = &ph.raw;
                }
            }
        }
        let escaped = escape(value, false, || format!("the text of <{context}>"))?;
        self.inner
            .write_event(Event::Text(BytesText::from_escaped(escaped)))?;
        Ok(())
    }

    /// Writes `<name>value</name>`.
    pub fn leaf(&mut self, name: &str, value: &str) -> Result<(), EmitError> {
        self.open(name)?;
        if !value.is_empty() {
            self.text(value)?;
        }
        self.close(name)
    }

    /// Writes verbatim XML content into the open element, after checking
    /// that it is a well-formed fragment.
    pub fn raw(&mut self, value: &RawXml) -> Result<(), EmitError> {
        let context = self
            .pending
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default();
        check_fragment(&value.0).map_err(|reason| EmitError::InvalidRawXml {
            element: context,
            reason,
        })?;
        if value.0.trim().is_empty() {
            return Ok(());
        }
        self.flush_pending(false)?;
        self.inner
            .write_event(Event::Text(BytesText::from_escaped(value.0.trim())))?;
        Ok(())
    }

    /// The anchors of the trivia that found no element to go with (the
    /// element was removed from the model, or the anchor was mistyped):
    /// what [`XmlWriter::finish`] would leave out. Call it after the
    /// document is written.
    pub fn unplaced(&self) -> Vec<String> {
        let Some(t) = self.trivia else {
            return Vec::new();
        };
        let mut out: Vec<String> = t
            .entries()
            .map(|e| e.anchor)
            .chain(t.kept_empty())
            .chain(t.all_xsi_attributes().map(|(a, _, _)| a))
            .chain(t.placeholders().map(|p| p.anchor.as_str()))
            .filter(|a| !self.written.contains(*a))
            .map(str::to_owned)
            .collect();
        out.dedup();
        out.sort();
        out.dedup();
        out
    }

    /// Ends the document and returns its text.
    pub fn finish(mut self) -> Result<String, EmitError> {
        self.flush_pending(true)?;
        let mut bytes = self.inner.into_inner();
        bytes.push(b'\n');
        String::from_utf8(bytes).map_err(|e| EmitError::Io(std::io::Error::other(e)))
    }
}

/// Checks that `fragment` is a well-formed, namespace-correct sequence of
/// elements as the content of `<Extensions>` in a policy file: parsed by a
/// full XML parser inside such an element, it must give exactly that one
/// element back, with no text of its own.
pub fn check_fragment(fragment: &str) -> Result<(), String> {
    let wrapped = format!("<Extensions xmlns=\"{POLICY_NAMESPACE}\">{fragment}</Extensions>");
    let doc = roxmltree::Document::parse(&wrapped).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    // A fragment that closes the wrapper cannot give back one root.
    if root.tag_name().name() != "Extensions" || root.range() != (0..wrapped.len()) {
        return Err("the content closes its enclosing element".into());
    }
    for child in root.children() {
        if child.is_text()
            && !child
                .text()
                .unwrap_or("")
                .trim_matches(is_xml_space)
                .is_empty()
        {
            return Err("text outside an element (the schema allows only elements here)".into());
        }
    }
    Ok(())
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Whether `name` is a name without a prefix as XML namespaces define it
/// (an NCName), as far as policies need: a letter or `_`, then letters,
/// digits, `_`, `-` and `.`.
pub fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Whether XML 1.0 can carry `c` at all (the `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes `value` for XML text (`attribute == false`) or a double-quoted
/// attribute value. Besides `& < > "`, carriage returns (and in attributes
/// tabs and line feeds) become character references, so that a reader gets
/// back exactly the original string instead of a normalised one.
pub fn escape<'a>(
    value: &'a str,
    attribute: bool,
    context: impl FnOnce() -> String,
) -> Result<Cow<'a, str>, EmitError> {
    if let Some(bad) = value.chars().find(|c| !is_xml_char(*c)) {
        return Err(EmitError::InvalidChar {
            context: context(),
            code: bad as u32,
        });
    }
    let needs = |c: char| match c {
        '&' | '<' | '>' | '\r' => true,
        '"' | '\t' | '\n' => attribute,
        _ => false,
    };
    if !value.chars().any(needs) {
        return Ok(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#x9;"),
            '\n' if attribute => out.push_str("&#xA;"),
            c => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

/// What the emitter can write, element by element: filled by
/// [`XmlElement::describe`] from the root type down. The schema-coverage
/// test compares it with the XSD.
#[derive(Debug, Default, Clone)]
pub struct SchemaCollector {
    elements: BTreeMap<&'static str, ElementInfo>,
    visited: BTreeSet<(&'static str, &'static str)>,
}

/// What one element name can carry in emitted output.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ElementInfo {
    /// Attribute names.
    pub attributes: BTreeSet<&'static str>,
    /// Child element names.
    pub children: BTreeSet<&'static str>,
    /// Whether the element can carry text.
    pub text: bool,
}

impl SchemaCollector {
    /// Collects everything reachable from the document type `T`.
    pub fn for_root<T: XmlRoot>() -> Self {
        let mut c = SchemaCollector::default();
        T::describe(&mut c, T::ROOT);
        c
    }

    /// Registers the element `name` written by type `ty`; returns false when
    /// this pair was already described (the caller then stops recursing).
    pub fn enter(&mut self, name: &'static str, ty: &'static str) -> bool {
        self.elements.entry(name).or_default();
        self.visited.insert((name, ty))
    }

    /// Records that `element` can carry the attribute `attr`.
    pub fn attr(&mut self, element: &'static str, attr: &'static str) {
        self.elements
            .entry(element)
            .or_default()
            .attributes
            .insert(attr);
    }

    /// Records that `parent` can contain the element `child`.
    pub fn child(&mut self, parent: &'static str, child: &'static str) {
        self.elements
            .entry(parent)
            .or_default()
            .children
            .insert(child);
        self.elements.entry(child).or_default();
    }

    /// Records that `element` can carry text.
    pub fn text(&mut self, element: &'static str) {
        self.elements.entry(element).or_default().text = true;
    }

    /// Every element name, with what it can carry.
    pub fn elements(&self) -> &BTreeMap<&'static str, ElementInfo> {
        &self.elements
    }
}

/// Defines a closed enumeration of the XSD: a Rust enum whose variants map
/// to the exact XML spellings, with [`XmlValue`], `Display`, `FromStr` and a
/// list of all values.
macro_rules! xml_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the order the XSD lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The XML spelling of this value.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value spelled `text` in XML (exact match).
            pub fn from_xml(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::xml::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_xml(s).ok_or_else(|| $crate::xml::UnknownValue {
                    type_name: stringify!($name),
                    value: s.to_owned(),
                    expected: Self::ALL.iter().map(|v| v.as_str()).collect(),
                })
            }
        }

        impl $crate::xml::read::FromXmlValue for $name {
            fn from_xml_value(text: &str) -> Result<Self, String> {
                // The XSD's enumerations restrict xs:string, which keeps
                // whitespace: ` string ` is not `string`.
                Self::from_xml(text).ok_or_else(|| {
                    let all: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    match $crate::xml::read::did_you_mean(text, all.iter().copied()) {
                        Some(near) => format!("one of: {} (did you mean `{near}`?)", all.join(", ")),
                        None => format!("one of: {}", all.join(", ")),
                    }
                })
            }

            /// The first value the XSD lists.
            fn stand_in() -> Option<(Self, &'static str)> {
                let first = Self::ALL[0];
                Some((first, first.as_str()))
            }
        }

        impl $crate::xml::XmlValue for $name {
            fn xml_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}
pub(crate) use xml_enum;

/// A string that is not one of an enumeration's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {type_name}; expected one of: {}", expected.join(", "))]
pub struct UnknownValue {
    /// The enumeration's name.
    pub type_name: &'static str,
    /// The rejected text.
    pub value: String,
    /// The accepted spellings.
    pub expected: Vec<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_escaping_keeps_whitespace_and_quotes() {
        let e = escape("a\t\"b\"\n<&>\r", true, String::new).unwrap();
        assert_eq!(e, "a&#x9;&quot;b&quot;&#xA;&lt;&amp;&gt;&#xD;");
    }

    #[test]
    fn text_escaping_leaves_quotes_and_newlines() {
        let e = escape("x \"y\"\n<z>&", false, String::new).unwrap();
        assert_eq!(e, "x \"y\"\n&lt;z&gt;&amp;");
    }

    #[test]
    fn control_characters_are_refused() {
        let err = escape("a\u{1}b", false, || "DisplayName".into()).unwrap_err();
        assert!(matches!(err, EmitError::InvalidChar { code: 1, .. }));
        assert!(err.to_string().contains("U+0001"));
    }

    #[test]
    fn empty_elements_are_self_closing_and_nested_indented() {
        let mut w = XmlWriter::new();
        w.open("A").unwrap();
        w.attr("Id", "x").unwrap();
        w.open("B").unwrap();
        w.close("B").unwrap();
        w.leaf("C", "t").unwrap();
        w.close("A").unwrap();
        let s = w.finish().unwrap();
        assert_eq!(s, "<A Id=\"x\">\n  <B/>\n  <C>t</C>\n</A>\n");
    }

    #[test]
    fn raw_fragments_must_be_well_formed() {
        let mut w = XmlWriter::new();
        w.open("Extensions").unwrap();
        let err = w.raw(&RawXml("<a><b></a>".into())).unwrap_err();
        assert!(matches!(err, EmitError::InvalidRawXml { .. }));
        let err = w.raw(&RawXml("hello <a/>".into())).unwrap_err();
        assert!(matches!(err, EmitError::InvalidRawXml { .. }));
        for bad in [
            "</Extensions><Extensions>",
            "</Extensions>text<Extensions>",
            "<a>&bogus;</a>",
            "<a x=1/>",
            "<?xml version=\"1.0\"?><a/>",
            "<a x=\"1\" x=\"2\"/>",
            "<p:a/>",
        ] {
            assert!(
                matches!(
                    w.raw(&RawXml(bad.into())),
                    Err(EmitError::InvalidRawXml { .. })
                ),
                "accepted {bad:?}"
            );
        }
        w.raw(&RawXml(" <a x=\"1\">text</a>\n <b/> ".into()))
            .unwrap();
    }
}
