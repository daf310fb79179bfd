//! Trivia: what a policy file holds beyond the schema's elements and
//! attributes, kept in the model so that `ief fmt` loses nothing.
//!
//! A [`TrustFrameworkPolicy`](crate::policy::TrustFrameworkPolicy) carries
//! one [`Trivia`] table (its `trivia` field). The importer fills it; the
//! emitter writes it back at its place; a policy built with the DSL starts
//! with an empty one (and emits exactly as if there were none). It holds:
//!
//! - **comments** and **processing instructions** (other than the XML
//!   declaration), before an element, at the end of an element's content,
//!   or after it ([`Place`]); before and after the document element too;
//! - **blank lines** between siblings: one or more blank lines in the
//!   source become one [`Item::BlankLine`] (as rustfmt does); blank lines
//!   right after a start tag or right before an end tag are dropped;
//! - **empty wrappers** that were present in the source (`<OutputClaims/>`,
//!   `<BuildingBlocks/>`), which the emitter otherwise leaves out;
//! - **`xsi:` attributes** on any element (`xsi:type`, `xsi:schemaLocation`),
//!   written with the `xsi` prefix the document element always declares;
//! - **settings placeholders in typed places**: a `{Settings:Key}` (the VS
//!   Code B2C extension's syntax) where the schema wants an enumeration, a
//!   boolean or a number. The model holds a stand-in value and the table
//!   holds the raw text ([`Placeholder`]), which the emitter writes back
//!   instead of the stand-in as long as the model still holds the stand-in.
//!
//! # Anchors
//!
//! Trivia is keyed by **anchors**, not by positions, so a comment stays with
//! its element when elements are added, removed or reordered. An anchor is
//! the path from the document element (whose anchor is the empty string) to
//! an element, one segment per element, separated by `/`:
//!
//! - an element that has one of the [`KEY_ATTRIBUTES`] is keyed by the value
//!   of the first of them it has, in that list's order: `ClaimType#email`,
//!   `TechnicalProfile#AAD-Common`, `OrchestrationStep#3`, `Item#ClientId`,
//!   `InputClaim#signInName`;
//! - any other element is named alone: wrappers and single elements
//!   (`BuildingBlocks`, `ClaimsSchema`, `Metadata`);
//! - the second and later siblings with the same segment get `[n]`, counted
//!   from 0 (the first has no index): `ClaimsProvider`, `ClaimsProvider[1]`,
//!   `ClaimsProvider[2]`; also a repeated key (`InputClaim#email[1]`);
//! - `%`, `/`, `#`, `[` and `]` in a key value are written `%25`, `%2F`,
//!   `%23`, `%5B`, `%5D`.
//!
//! So `BuildingBlocks/ClaimsSchema/ClaimType#email` is the claim type
//! `email`, and `ClaimsProviders/ClaimsProvider[1]/TechnicalProfiles/TechnicalProfile#login-NonInteractive/Metadata/Item#client_id`
//! one metadata item of a profile. Wrappers that the schema lets repeat
//! (two `<Metadata>` in one profile) are one wrapper in the model; they
//! share one anchor and their items are counted on. Anchors are computed
//! from the values the emitter writes: a numeric `Order` is read as a
//! number (`Order=" 03"` is `OrchestrationStep#3`), and an `Order` that is
//! a placeholder is keyed by its stand-in (the step's place:
//! `OrchestrationStep#2` for the second step).
//! [`Anchor`] builds anchors by these rules.
//!
//! # Stand-ins of typed placeholders
//!
//! A placeholder in a typed place is read as the first value of the type:
//! the first value the XSD lists for an enumeration (`DeploymentMode`:
//! `Development`), `false` for a boolean, `0` for a number, except an
//! orchestration step's `Order`, which stands in as the step's place among
//! its siblings (from 1), so the journey keeps the order it is written in.
//! The stand-in only keeps the model whole (it is what the checker sees
//! when it checks a template without settings: W002 names each such
//! placeholder and the other findings at its place are dropped); each [`Placeholder`] carries the validator of its place so
//! that a template checker can test what every environment renders. A
//! placeholder in a string place needs no stand-in: the string is the
//! placeholder.
//!
//! ```
//! use ief_dsl::trivia::{Anchor, Item, Place, Trivia};
//!
//! let mut trivia = Trivia::new();
//! let email = Anchor::root().child("BuildingBlocks").child("ClaimsSchema").keyed("ClaimType", "email");
//! assert_eq!(email.as_str(), "BuildingBlocks/ClaimsSchema/ClaimType#email");
//! trivia.comment_before(&email, " the user's sign-in address ").unwrap();
//! // An XML comment cannot hold `--` nor end with `-`: refused, not written broken.
//! assert!(trivia.comment_before(&email, "a -- b").is_err());
//! assert!(trivia.comment_before(&email, "ends with -").is_err());
//! let entries: Vec<_> = trivia.entries().collect();
//! assert_eq!(entries.len(), 1);
//! assert_eq!(entries[0].place, Place::Before);
//! assert_eq!(entries[0].item, &Item::Comment(" the user's sign-in address ".into()));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::xml::read::Pos;

/// The attributes that key an element in an anchor, in order of
/// preference: an element is keyed by the first of them it has.
pub const KEY_ATTRIBUTES: &[&str] = &[
    "Id",
    "ReferenceId",
    "ClaimTypeReferenceId",
    "TechnicalProfileReferenceId",
    "TargetClaimsExchangeId",
    "Key",
    "Order",
];

/// The namespace of the `xsi:` attributes.
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Where an item is written, relative to the element of its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// Before the element's start tag (a comment between two siblings is
    /// before the second one; a comment before the document element is
    /// before the anchor `""`).
    Before,
    /// Inside the element, after its last child (before its end tag).
    End,
    /// After the element's end tag. The importer puts here only what
    /// follows the document element; what was inside an element's text
    /// (`<Value>a<!-- x -->b</Value>`: the comment cannot stay inside
    /// without changing the value) is filed before the next sibling
    /// element, or at the end of the parent, where it reads back from.
    After,
}

/// One piece of trivia.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An XML comment: the text between `<!--` and `-->`, exactly.
    Comment(String),
    /// A processing instruction `<?target data?>`.
    ProcessingInstruction {
        /// The target (the name after `<?`).
        target: String,
        /// The data after the target, if any.
        data: Option<String>,
    },
    /// One blank line (standing for one or more in the source).
    BlankLine,
}

/// An entry of the table, as [`Trivia::entries`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The anchor of the element the item belongs to.
    pub anchor: &'a str,
    /// Where, relative to that element.
    pub place: Place,
    /// The item.
    pub item: &'a Item,
}

/// Checks a rendered value against the type of a typed place: the
/// `FromXmlValue` of the field, `Err` saying what was expected.
pub type Validator = fn(&str) -> Result<(), String>;

/// A settings placeholder in a typed place (an attribute or a simple
/// element whose model type is not a string).
#[derive(Clone)]
pub struct Placeholder {
    /// The anchor of the element.
    pub anchor: String,
    /// The attribute, or `None` for the element's text.
    pub attribute: Option<String>,
    /// The text as written in the source (written back exactly).
    pub raw: String,
    /// The settings key (`DeploymentMode` for `{Settings:DeploymentMode}`).
    pub key: String,
    /// The stand-in the model holds, as XML text.
    pub stand_in: String,
    /// Where the placeholder was in the source (`None` when added by code).
    pub position: Option<Pos>,
    /// Tests a rendered value against the type of the place.
    pub validate: Validator,
}

impl fmt::Debug for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Placeholder")
            .field("anchor", &self.anchor)
            .field("attribute", &self.attribute)
            .field("raw", &self.raw)
            .field("key", &self.key)
            .field("stand_in", &self.stand_in)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

/// Two placeholders are equal when they stand at the same place for the
/// same text with the same stand-in: where they were in a source file and
/// the validator (a function pointer) are not compared, so a model read
/// back from emitted XML equals the model it was emitted from.
impl PartialEq for Placeholder {
    fn eq(&self, other: &Self) -> bool {
        self.anchor == other.anchor
            && self.attribute == other.attribute
            && self.raw == other.raw
            && self.key == other.key
            && self.stand_in == other.stand_in
    }
}

/// Why an item cannot be added to the table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TriviaError {
    /// A comment holds `--` or ends with `-` (XML forbids both).
    #[error("an XML comment cannot hold `--` nor end with `-`: {0:?}")]
    BadComment(String),
    /// A processing instruction's target is not an XML name, is `xml`, or
    /// its data holds `?>`.
    #[error("not a valid processing instruction: {0}")]
    BadProcessingInstruction(String),
    /// An `xsi:` attribute name that is not an XML name.
    #[error("`{0}` is not a valid name for an xsi: attribute")]
    BadAttributeName(String),
    /// A placeholder row whose text is not one `{Settings:Key}`.
    #[error("`{0}` is not a settings placeholder (`{{Settings:Key}}`)")]
    BadPlaceholder(String),
    /// A character XML 1.0 cannot carry.
    #[error("{context} holds the character U+{code:04X}, which XML 1.0 cannot carry")]
    InvalidChar {
        /// What held it.
        context: String,
        /// The code point.
        code: u32,
    },
}

/// One entry of a trivia table written as code: what
/// `ief import --to-rust` generates so a crate writes its comments back
/// (see [`Trivia::from_rows`] and [`Trivia::rows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row<'a> {
    /// A comment: anchor, place, text.
    Comment(&'a str, Place, &'a str),
    /// A processing instruction: anchor, place, target, data.
    Instruction(&'a str, Place, &'a str, Option<&'a str>),
    /// A blank line: anchor, place.
    BlankLine(&'a str, Place),
    /// An element written even when empty: anchor.
    KeptEmpty(&'a str),
    /// An `xsi:` attribute: anchor, name (without `xsi:`), value.
    Xsi(&'a str, &'a str, &'a str),
    /// A settings placeholder in a typed place: anchor, attribute (`None`
    /// for the element's text), the text as written, the stand-in the
    /// model holds there.
    Placeholder(&'a str, Option<&'a str>, &'a str, &'a str),
}

/// The validator of a placeholder made from a [`Row`]: code knows no type
/// for it, so any value passes here (reading the written file back gives
/// the placeholder its place's validator again).
fn any_value(_: &str) -> Result<(), String> {
    Ok(())
}

/// The trivia of one policy file, keyed by anchors (see the
/// [module documentation](self)).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trivia {
    items: BTreeMap<(String, Place), Vec<Item>>,
    empty: BTreeSet<String>,
    xsi: BTreeMap<String, Vec<(String, String)>>,
    placeholders: BTreeMap<(String, Option<String>), Placeholder>,
}

fn check_chars(text: &str, context: impl FnOnce() -> String) -> Result<(), TriviaError> {
    match text.chars().find(|c| !crate::xml::is_xml_char(*c)) {
        Some(c) => Err(TriviaError::InvalidChar {
            context: context(),
            code: c as u32,
        }),
        None => Ok(()),
    }
}

/// Checks that `item` can be written as XML.
fn validate(item: &Item) -> Result<(), TriviaError> {
    match item {
        Item::Comment(text) => {
            if text.contains("--") || text.ends_with('-') {
                return Err(TriviaError::BadComment(text.clone()));
            }
            check_chars(text, || "a comment".into())
        }
        Item::ProcessingInstruction { target, data } => {
            if !crate::xml::is_ncname(target) || target.eq_ignore_ascii_case("xml") {
                return Err(TriviaError::BadProcessingInstruction(format!(
                    "the target `{target}` is not an XML name other than `xml`"
                )));
            }
            if let Some(d) = data {
                if d.contains("?>") {
                    return Err(TriviaError::BadProcessingInstruction(
                        "the data holds `?>`".into(),
                    ));
                }
                check_chars(d, || "a processing instruction".into())?;
            }
            Ok(())
        }
        Item::BlankLine => Ok(()),
    }
}

impl Trivia {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the table holds nothing.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
            && self.empty.is_empty()
            && self.xsi.is_empty()
            && self.placeholders.is_empty()
    }

    /// Every comment, processing instruction and blank line, by anchor
    /// (in string order), then place, then in document order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        self.items.iter().flat_map(|((anchor, place), items)| {
            items.iter().map(move |item| Entry {
                anchor,
                place: *place,
                item,
            })
        })
    }

    /// The items at `place` of the element `anchor`, in order.
    pub fn items(&self, anchor: impl AsRef<str>, place: Place) -> &[Item] {
        self.items
            .get(&(anchor.as_ref().to_owned(), place))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Adds `item` at `place` of the element `anchor`, after the items
    /// already there. Refused when it cannot be written as XML.
    pub fn push(
        &mut self,
        anchor: impl AsRef<str>,
        place: Place,
        item: Item,
    ) -> Result<(), TriviaError> {
        validate(&item)?;
        self.items
            .entry((anchor.as_ref().to_owned(), place))
            .or_default()
            .push(item);
        Ok(())
    }

    /// Adds the comment `text` (written `<!--text-->`) before the element
    /// `anchor`.
    pub fn comment_before(
        &mut self,
        anchor: impl AsRef<str>,
        text: impl Into<String>,
    ) -> Result<(), TriviaError> {
        self.push(anchor, Place::Before, Item::Comment(text.into()))
    }

    /// Adds the comment `text` at the end of the content of `anchor`.
    pub fn comment_at_end(
        &mut self,
        anchor: impl AsRef<str>,
        text: impl Into<String>,
    ) -> Result<(), TriviaError> {
        self.push(anchor, Place::End, Item::Comment(text.into()))
    }

    /// Adds the comment `text` after the element `anchor` (after the
    /// document element for the anchor `""`).
    pub fn comment_after(
        &mut self,
        anchor: impl AsRef<str>,
        text: impl Into<String>,
    ) -> Result<(), TriviaError> {
        self.push(anchor, Place::After, Item::Comment(text.into()))
    }

    /// How many comments the table holds.
    pub fn comment_count(&self) -> usize {
        self.entries()
            .filter(|e| matches!(e.item, Item::Comment(_)))
            .count()
    }

    /// Removes every comment; returns how many there were.
    pub fn drop_comments(&mut self) -> usize {
        let mut dropped = 0;
        for items in self.items.values_mut() {
            let before = items.len();
            items.retain(|i| !matches!(i, Item::Comment(_)));
            dropped += before - items.len();
        }
        self.items.retain(|_, items| !items.is_empty());
        dropped
    }

    /// Marks the (optional, wrapper) element `anchor` to be written even
    /// when the model has nothing in it.
    pub fn keep_empty(&mut self, anchor: impl Into<String>) {
        self.empty.insert(anchor.into());
    }

    /// Whether the element `anchor` is written even when empty.
    pub fn is_kept_empty(&self, anchor: impl AsRef<str>) -> bool {
        self.empty.contains(anchor.as_ref())
    }

    /// The anchors of the elements written even when empty.
    pub fn kept_empty(&self) -> impl Iterator<Item = &str> {
        self.empty.iter().map(String::as_str)
    }

    /// Sets the attribute `xsi:name` of the element `anchor` (replacing a
    /// value it had).
    pub fn set_xsi_attribute(
        &mut self,
        anchor: impl Into<String>,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<(), TriviaError> {
        let (name, value) = (name.into(), value.into());
        if !crate::xml::is_ncname(&name) || name.contains(':') {
            return Err(TriviaError::BadAttributeName(name));
        }
        check_chars(&value, || format!("the attribute xsi:{name}"))?;
        let list = self.xsi.entry(anchor.into()).or_default();
        match list.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => list.push((name, value)),
        }
        Ok(())
    }

    /// The `xsi:` attributes of the element `anchor`: `(local name, value)`.
    pub fn xsi_attributes(&self, anchor: impl AsRef<str>) -> &[(String, String)] {
        self.xsi
            .get(anchor.as_ref())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every `xsi:` attribute: `(anchor, local name, value)`.
    pub fn all_xsi_attributes(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.xsi.iter().flat_map(|(a, list)| {
            list.iter()
                .map(move |(n, v)| (a.as_str(), n.as_str(), v.as_str()))
        })
    }

    /// Every settings placeholder in a typed place.
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.placeholders.values()
    }

    /// The placeholder in `attribute` (or the text, for `None`) of the
    /// element `anchor`.
    pub fn placeholder(
        &self,
        anchor: impl AsRef<str>,
        attribute: Option<&str>,
    ) -> Option<&Placeholder> {
        self.placeholders
            .get(&(anchor.as_ref().to_owned(), attribute.map(str::to_owned)))
    }

    /// A table from rows (in the order [`Trivia::rows`] gives them). Refused
    /// when an item cannot be written as XML, or a placeholder row holds
    /// no `{Settings:Key}`.
    pub fn from_rows(rows: &[Row<'_>]) -> Result<Self, TriviaError> {
        let mut t = Trivia::new();
        for row in rows {
            match *row {
                Row::Comment(a, place, text) => t.push(a, place, Item::Comment(text.into()))?,
                Row::Instruction(a, place, target, data) => t.push(
                    a,
                    place,
                    Item::ProcessingInstruction {
                        target: target.into(),
                        data: data.map(str::to_owned),
                    },
                )?,
                Row::BlankLine(a, place) => t.push(a, place, Item::BlankLine)?,
                Row::KeptEmpty(a) => t.keep_empty(a),
                Row::Xsi(a, name, value) => t.set_xsi_attribute(a, name, value)?,
                Row::Placeholder(a, attribute, raw, stand_in) => {
                    let key = settings_placeholder(raw)
                        .ok_or_else(|| TriviaError::BadPlaceholder(raw.to_owned()))?;
                    t.set_placeholder(Placeholder {
                        anchor: a.to_owned(),
                        attribute: attribute.map(str::to_owned),
                        raw: raw.to_owned(),
                        key: key.to_owned(),
                        stand_in: stand_in.to_owned(),
                        position: None,
                        validate: any_value,
                    });
                }
            }
        }
        Ok(t)
    }

    /// Everything the table holds as rows: items by anchor and place (in
    /// their order), then kept-empty elements, `xsi:` attributes and
    /// placeholders. `Trivia::from_rows(&t.rows())` equals `t`.
    pub fn rows(&self) -> Vec<Row<'_>> {
        let mut out: Vec<Row<'_>> = self
            .entries()
            .map(|e| match e.item {
                Item::Comment(text) => Row::Comment(e.anchor, e.place, text),
                Item::ProcessingInstruction { target, data } => {
                    Row::Instruction(e.anchor, e.place, target, data.as_deref())
                }
                Item::BlankLine => Row::BlankLine(e.anchor, e.place),
            })
            .collect();
        out.extend(self.kept_empty().map(Row::KeptEmpty));
        out.extend(
            self.all_xsi_attributes()
                .map(|(a, name, value)| Row::Xsi(a, name, value)),
        );
        out.extend(
            self.placeholders()
                .map(|p| Row::Placeholder(&p.anchor, p.attribute.as_deref(), &p.raw, &p.stand_in)),
        );
        out
    }

    /// Moves everything kept for the element `from` and its descendants to
    /// the element `to` (for code that renames an element's key, e.g. a
    /// profile id, in an imported model). Returns how many anchors moved.
    pub fn rename_anchor(&mut self, from: &str, to: &str) -> usize {
        self.map_anchors(|a| {
            if a == from {
                Some(to.to_owned())
            } else {
                a.strip_prefix(from)
                    .filter(|rest| rest.starts_with('/') && !from.is_empty())
                    .map(|rest| format!("{to}{rest}"))
            }
        })
    }

    /// Rewrites every anchor for which `moved` returns a new one (items,
    /// kept-empty wrappers, `xsi:` attributes, placeholders). Returns how
    /// many anchors changed.
    pub fn map_anchors(&mut self, moved: impl Fn(&str) -> Option<String>) -> usize {
        let mut count = 0;
        let items = std::mem::take(&mut self.items);
        for ((a, place), list) in items {
            let a = moved(&a).inspect(|_| count += 1).unwrap_or(a);
            self.items.entry((a, place)).or_default().extend(list);
        }
        self.empty = std::mem::take(&mut self.empty)
            .into_iter()
            .map(|a| moved(&a).inspect(|_| count += 1).unwrap_or(a))
            .collect();
        let xsi = std::mem::take(&mut self.xsi);
        for (a, list) in xsi {
            let a = moved(&a).inspect(|_| count += 1).unwrap_or(a);
            self.xsi.entry(a).or_default().extend(list);
        }
        let placeholders = std::mem::take(&mut self.placeholders);
        for (_, mut p) in placeholders {
            if let Some(a) = moved(&p.anchor) {
                p.anchor = a;
                count += 1;
            }
            self.set_placeholder(p);
        }
        count
    }

    /// Records a placeholder (the importer does; code that builds a
    /// template may too). Replaces one at the same place.
    pub fn set_placeholder(&mut self, placeholder: Placeholder) {
        self.placeholders.insert(
            (placeholder.anchor.clone(), placeholder.attribute.clone()),
            placeholder,
        );
    }
}

/// The key of `{Settings:Key}` when the whole of `text` (spaces around it
/// aside) is one such placeholder.
pub fn settings_placeholder(text: &str) -> Option<&str> {
    let key = text
        .trim_matches([' ', '\t', '\r', '\n'])
        .strip_prefix("{Settings:")?
        .strip_suffix('}')?;
    (!key.is_empty() && !key.contains(['{', '}']) && !key.chars().any(char::is_whitespace))
        .then_some(key)
}

/// An anchor (see the [module documentation](self)), built segment by
/// segment.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Anchor(String);

impl Anchor {
    /// The document element.
    pub fn root() -> Self {
        Anchor(String::new())
    }

    fn with(&self, segment: &str) -> Self {
        if self.0.is_empty() {
            Anchor(segment.to_owned())
        } else {
            Anchor(format!("{}/{segment}", self.0))
        }
    }

    /// A child named alone: a wrapper, a single element, or the first
    /// of its name without a key.
    pub fn child(&self, name: &str) -> Self {
        self.with(name)
    }

    /// The `n`-th (from 0) child named `name` that has no key attribute.
    pub fn nth(&self, name: &str, n: usize) -> Self {
        self.with(&segment(name.to_owned(), n))
    }

    /// The child `name` keyed by `key` (the value of its first
    /// [`KEY_ATTRIBUTES`] attribute).
    pub fn keyed(&self, name: &str, key: &str) -> Self {
        self.with(&base_segment(name, Some(key)))
    }

    /// The anchor as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Anchor {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Anchor> for String {
    fn from(a: Anchor) -> String {
        a.0
    }
}

/// `Name` or `Name#key` (the key escaped).
pub(crate) fn base_segment(name: &str, key: Option<&str>) -> String {
    match key {
        None => name.to_owned(),
        Some(k) => {
            let mut s = String::with_capacity(name.len() + k.len() + 1);
            s.push_str(name);
            s.push('#');
            for c in k.chars() {
                match c {
                    '%' => s.push_str("%25"),
                    '/' => s.push_str("%2F"),
                    '#' => s.push_str("%23"),
                    '[' => s.push_str("%5B"),
                    ']' => s.push_str("%5D"),
                    c => s.push(c),
                }
            }
            s
        }
    }
}

/// A segment taken apart: the element name, its key (unescaped) and its
/// sibling number; the inverse of [`base_segment`] and [`segment`].
pub(crate) fn split_segment(seg: &str) -> (&str, Option<String>, usize) {
    let (base, n) = match seg.strip_suffix(']').and_then(|s| s.rsplit_once('[')) {
        Some((base, n)) => match n.parse() {
            Ok(n) => (base, n),
            Err(_) => (seg, 0),
        },
        None => (seg, 0),
    };
    match base.split_once('#') {
        None => (base, None, n),
        Some((name, key)) => {
            let mut out = String::with_capacity(key.len());
            let mut rest = key;
            while let Some(i) = rest.find('%') {
                out.push_str(&rest[..i]);
                let code = rest.get(i..i + 3).unwrap_or("");
                let c = match code {
                    "%25" => Some('%'),
                    "%2F" => Some('/'),
                    "%23" => Some('#'),
                    "%5B" => Some('['),
                    "%5D" => Some(']'),
                    _ => None,
                };
                match c {
                    Some(c) => {
                        out.push(c);
                        rest = &rest[i + 3..];
                    }
                    None => {
                        out.push('%');
                        rest = &rest[i + 1..];
                    }
                }
            }
            out.push_str(rest);
            (name, Some(out), n)
        }
    }
}

/// The segment of the `n`-th sibling with the base segment `base`.
pub(crate) fn segment(mut base: String, n: usize) -> String {
    if n > 0 {
        use std::fmt::Write as _;
        base.reserve(8);
        base.push('[');
        // Writing into a `String` does not fail.
        let _ = write!(base, "{n}");
        base.push(']');
    }
    base
}

/// `parent/segment`, or `segment` under the document element.
pub(crate) fn join(parent: &str, segment: &str) -> String {
    if parent.is_empty() {
        segment.to_owned()
    } else {
        // Made at its size: this runs for every element written or read
        // with trivia.
        let mut s = String::with_capacity(parent.len() + 1 + segment.len());
        s.push_str(parent);
        s.push('/');
        s.push_str(segment);
        s
    }
}

/// The key attribute of an element among `attrs` (`(name, value)` as the
/// emitter writes them): the first of [`KEY_ATTRIBUTES`] present.
pub(crate) fn key_of<'v>(
    attrs: impl Iterator<Item = (&'v str, &'v str)> + Clone,
) -> Option<&'v str> {
    KEY_ATTRIBUTES
        .iter()
        .find_map(|k| attrs.clone().find(|(n, _)| n == k).map(|(_, v)| v))
}

/// Counts siblings per base segment to give each its `[n]`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Siblings(crate::hash::HashMap<String, usize>);

impl Siblings {
    /// The segment of the next sibling with `base`, counted.
    pub(crate) fn next(&mut self, base: String) -> String {
        let n = self.0.entry(base.clone()).or_insert(0);
        let s = segment(base, *n);
        *n += 1;
        s
    }

    /// The segment the next sibling with `base` would get, not counted.
    pub(crate) fn peek(&self, base: String) -> String {
        let n = self.0.get(&base).copied().unwrap_or(0);
        segment(base, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_escape_keys_and_number_repeats() {
        let a = Anchor::root()
            .child("ClaimsProviders")
            .nth("ClaimsProvider", 2)
            .keyed("TechnicalProfile", "a/b#[c]%");
        assert_eq!(
            a.as_str(),
            "ClaimsProviders/ClaimsProvider[2]/TechnicalProfile#a%2Fb%23%5Bc%5D%25"
        );
        let mut s = Siblings::default();
        assert_eq!(s.peek("X".into()), "X");
        assert_eq!(s.next("X".into()), "X");
        assert_eq!(s.next("X".into()), "X[1]");
        assert_eq!(s.next("Y#k".into()), "Y#k");
        assert_eq!(s.peek("X".into()), "X[2]");
    }

    #[test]
    fn comments_and_instructions_are_validated() {
        let mut t = Trivia::new();
        assert!(t.comment_before("", "ok - fine").is_ok());
        assert!(matches!(
            t.comment_before("", "a--b"),
            Err(TriviaError::BadComment(_))
        ));
        assert!(matches!(
            t.comment_after("", "x-"),
            Err(TriviaError::BadComment(_))
        ));
        assert!(matches!(
            t.comment_at_end("", "bell \u{7}"),
            Err(TriviaError::InvalidChar { code: 7, .. })
        ));
        for (target, data) in [("xml", None), ("1a", None), ("ok", Some("a ?> b"))] {
            let pi = Item::ProcessingInstruction {
                target: target.into(),
                data: data.map(str::to_owned),
            };
            assert!(t.push("", Place::Before, pi).is_err(), "{target}");
        }
        assert!(t.set_xsi_attribute("", "a:b", "x").is_err());
        assert_eq!(t.comment_count(), 1);
        assert_eq!(t.drop_comments(), 1);
        assert!(t.is_empty());
    }

    #[test]
    fn rows_rebuild_the_table() {
        let xml = r#"<?xml version="1.0"?>
<!-- before -->
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="a b"
  PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_x"
  PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_x" DeploymentMode="{Settings:Mode}">
  <BuildingBlocks>
    <ClaimsSchema>
      <!-- a claim -->
      <ClaimType Id="email"><DataType>string</DataType></ClaimType>

      <?tool data?>
      <ClaimType Id="other"><DataType>string</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
</TrustFrameworkPolicy>
<!-- after -->
"#;
        let t = crate::import::import_str(xml, "x.xml")
            .expect("imports")
            .policy
            .trivia;
        let rows = t.rows();
        assert!(rows
            .iter()
            .any(|r| matches!(r, Row::Comment(_, _, " a claim "))));
        assert!(rows
            .iter()
            .any(|r| matches!(r, Row::Instruction(_, _, "tool", Some("data")))));
        assert!(rows.iter().any(|r| matches!(r, Row::BlankLine(..))));
        assert!(rows
            .iter()
            .any(|r| matches!(r, Row::Xsi("", "schemaLocation", "a b"))));
        assert!(rows.iter().any(|r| matches!(
            r,
            Row::Placeholder("", Some("DeploymentMode"), "{Settings:Mode}", _)
        )));
        assert_eq!(Trivia::from_rows(&rows).expect("valid rows"), t);
        assert!(matches!(
            Trivia::from_rows(&[Row::Comment("", Place::Before, "a -- b")]),
            Err(TriviaError::BadComment(_))
        ));
        assert!(matches!(
            Trivia::from_rows(&[Row::Placeholder(
                "",
                Some("DeploymentMode"),
                "Mode",
                "Development"
            )]),
            Err(TriviaError::BadPlaceholder(_))
        ));
    }

    #[test]
    fn segments_split_back_into_name_key_and_number() {
        for (name, key, n) in [
            ("ClaimsProvider", None, 2),
            ("TechnicalProfile", Some("a/b#[c]%25%"), 0),
            ("InputClaim", Some("email"), 1),
            ("Item", Some("%2F"), 3),
        ] {
            let seg = segment(base_segment(name, key), n);
            let (n2, k2, i2) = split_segment(&seg);
            assert_eq!((n2, k2.as_deref(), i2), (name, key, n), "{seg}");
        }
    }

    #[test]
    fn anchors_can_be_renamed_with_their_descendants() {
        let mut t = Trivia::new();
        t.comment_before("P/T#a", "x").unwrap();
        t.comment_at_end("P/T#a/M/I#k", "y").unwrap();
        t.comment_before("P/T#ab", "z").unwrap();
        t.keep_empty("P/T#a/O");
        assert_eq!(t.rename_anchor("P/T#a", "P/T#b"), 3);
        let anchors: Vec<&str> = t.entries().map(|e| e.anchor).collect();
        assert_eq!(anchors, ["P/T#ab", "P/T#b", "P/T#b/M/I#k"]);
        assert!(t.is_kept_empty("P/T#b/O"));
    }

    #[test]
    fn placeholders_are_whole_values() {
        assert_eq!(
            settings_placeholder(" {Settings:DeploymentMode} "),
            Some("DeploymentMode")
        );
        assert_eq!(settings_placeholder("x{Settings:A}"), None);
        assert_eq!(settings_placeholder("{Settings:}"), None);
        assert_eq!(settings_placeholder("{Settings:A}{Settings:B}"), None);
        assert_eq!(settings_placeholder("{Settings:A B}"), None);
    }
}
