//! A semantic diff of policies and policy sets: element by element, keyed
//! by id, never line by line.
//!
//! Each policy is written in its canonical form (the emitter's XML, so
//! formatting, attribute order, comments and anything else that is not
//! part of the model play no part) and the two trees are compared with
//! the keys B2C merges by:
//!
//! - the *elements* of a policy are its header (kind `Policy`: the root's
//!   attributes, `BasePolicy`, `PolicyConstraints`, `Contacts`,
//!   `DocumentReferences`), every `ClaimType`, `Predicate`,
//!   `InputValidation`, `PredicateValidation`, `ClaimsTransformation`,
//!   `ClientDefinition`, `ContentDefinition`, `LocalizedResources`,
//!   `DisplayControl`, `TechnicalProfile` (keyed across claims providers;
//!   the provider's `DisplayName` and `Domain` are compared as parts of
//!   each of its profiles), `UserJourney` and `SubJourney` by `Id`
//!   (ignoring case, as B2C resolves ids), the `Localization` settings
//!   (without its resources) and the `RelyingParty`;
//! - inside an element, children are matched by their key
//!   ([`key_attributes`]: metadata `Item` by `Key`, claims by
//!   `ClaimTypeReferenceId`, references by `ReferenceId`, anything with an
//!   `Id` by it, …), so reordering them is no change; where the order is
//!   what B2C runs or shows ([`is_ordered`]: claims-transformation and
//!   validation-profile references, enumeration items, languages,
//!   preconditions, journey candidates, display claims, claims-provider
//!   selections, and the output claims of a self-asserted profile, which
//!   are its page's fields) a new order is a change (`moved`);
//!   elements without a key are compared by position;
//! - orchestration steps are aligned by content (the longest common
//!   subsequence of the steps without their `Order`), so removing one step
//!   reports that step, not every step after it. A step whose content is
//!   kept but whose `Order` changed is `moved`; in an effective diff
//!   ([`diff_effective`]) only the sequence counts, so renumbering is no
//!   change there, while a policy file's numbers matter to its children
//!   (they restate steps by `Order`);
//! - an empty element (no attribute, no child, no text), such as an
//!   empty `<InputClaims/>`, is the same as none;
//! - values of id attributes (`Id`, `…ReferenceId`, `…ExchangeId`,
//!   `ElementId`, `PolicyId`) are compared ignoring case; every other value
//!   exactly, as written in the canonical form.
//!
//! A changed element is one [`Change`] per part that differs, each with a
//! [`Change::path`] inside the element (`Metadata/Item[Key=Operation]`,
//! `OutputClaims/OutputClaim[ClaimTypeReferenceId=email]@PartnerClaimType`,
//! `OrchestrationSteps/OrchestrationStep[Order=4]`) and the old and new
//! value. An element of one kind removed and another added whose content
//! is equal but for the id is reported once, as `renamed`; so is an item
//! inside an element whose key differs in one attribute and whose content
//! is otherwise equal (a claim reference after a rename).
//!
//! ```
//! use ief_dsl::diff::{diff_policies, Mode, Op};
//! use ief_dsl::import::import_str;
//!
//! let text = |op: &str| format!(r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
//!     PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_X"
//!     PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_X">
//!   <ClaimsProviders><ClaimsProvider><DisplayName>AAD</DisplayName><TechnicalProfiles>
//!     <TechnicalProfile Id="AAD-Read"><Metadata><Item Key="Operation">{op}</Item>
//!       <Item Key="RaiseErrorIfClaimsPrincipalDoesNotExist">true</Item></Metadata>
//!     </TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>
//! </TrustFrameworkPolicy>"#);
//! let old = import_str(&text("Read"), "old.xml").unwrap();
//! let new = import_str(&text("Write"), "new.xml").unwrap();
//! let changes = diff_policies(&old.policy, &new.policy, Mode::Files).unwrap();
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].op, Op::Changed);
//! assert_eq!(changes[0].id, "AAD-Read");
//! assert_eq!(changes[0].path, "Metadata/Item[Key=Operation]");
//! assert_eq!(changes[0].old.as_deref(), Some("Read"));
//! assert_eq!(changes[0].new.as_deref(), Some("Write"));
//! ```

use crate::hash::HashMap;
use std::collections::BTreeMap;

use roxmltree::{Document, Node};

use crate::import::Imported;
use crate::policy::TrustFrameworkPolicy;
use crate::resolve;

/// What a diff compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Policy files as written (each file's own elements).
    Files,
    /// Effective policies (chains merged): orchestration steps count by
    /// their sequence, not their `Order` numbers.
    Effective,
}

/// What happened to an element or a part of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    /// Only in the new policy.
    Added,
    /// Only in the old policy.
    Removed,
    /// In both, with another value.
    Changed,
    /// In both, at another place in a list whose order matters (or an
    /// orchestration step with another `Order`).
    Moved,
    /// An element removed and one of the same kind added with equal
    /// content but for its id: `old` and `new` are the ids.
    Renamed,
}

impl Op {
    /// The word used in JSON (`added`, `removed`, `changed`, `moved`,
    /// `renamed`).
    pub fn word(self) -> &'static str {
        match self {
            Op::Added => "added",
            Op::Removed => "removed",
            Op::Changed => "changed",
            Op::Moved => "moved",
            Op::Renamed => "renamed",
        }
    }

    /// The sign used in human output (`+`, `-`, `~`, `>`, `~`).
    pub fn sign(self) -> char {
        match self {
            Op::Added => '+',
            Op::Removed => '-',
            Op::Changed | Op::Renamed => '~',
            Op::Moved => '>',
        }
    }
}

/// One difference between two policies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// The element kind: its XML name (`ClaimType`, `TechnicalProfile`,
    /// …), `Policy` for the header, `Localization` for the localization
    /// settings, `RelyingParty`.
    pub kind: String,
    /// The element's id as written in the new policy (the old one's when
    /// removed); the PolicyId for `Policy`, empty for `Localization` and
    /// `RelyingParty`.
    pub id: String,
    /// What happened.
    pub op: Op,
    /// Where inside the element, empty for the element itself: element
    /// names joined by `/`, a keyed item as `Name[Key=value]` (several key
    /// attributes joined by `,`), an unkeyed repeated item as `Name[n]`
    /// (from 1), an attribute as `@Name`, the provider of a technical
    /// profile as `(ClaimsProvider)/DisplayName`.
    pub path: String,
    /// The old value: an attribute's or text's value, a removed part as
    /// compact XML, the old order of a moved list, the old id of a rename.
    /// `None` for a whole element added or removed.
    pub old: Option<String>,
    /// The new value, as `old`.
    pub new: Option<String>,
}

/// Why a diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A policy could not be written as XML.
    #[error("cannot write {what} as XML: {source}")]
    Emit {
        /// Which policy.
        what: String,
        /// The emitter's error.
        source: crate::xml::EmitError,
    },
    /// The emitter's output did not parse (a bug).
    #[error("the canonical form of {what} does not parse: {message}")]
    Parse {
        /// Which policy.
        what: String,
        /// The parser's message.
        message: String,
    },
    /// Two files of one set have the same PolicyId (ignoring case).
    #[error("{first} and {second} both have the PolicyId `{policy}`")]
    DuplicatePolicy {
        /// The PolicyId.
        policy: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// A file's inheritance chain does not resolve, so it has no
    /// effective policy.
    #[error("the effective policy of {file} cannot be built: {why}")]
    BrokenChain {
        /// The file.
        file: String,
        /// Why, in words.
        why: String,
    },
}

/// How one policy differs between two sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDiff {
    /// The PolicyId (the new set's spelling when in both).
    pub policy_id: String,
    /// The file in the old set, if the policy is there.
    pub old_file: Option<String>,
    /// The file in the new set, if the policy is there.
    pub new_file: Option<String>,
    /// The element changes (empty when the policy was added or removed as
    /// a whole).
    pub changes: Vec<Change>,
}

impl PolicyDiff {
    /// `added`, `removed` or `changed`.
    pub fn status(&self) -> &'static str {
        match (&self.old_file, &self.new_file) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        }
    }
}

/// How two sets differ: the policies that differ, in PolicyId order
/// (ignoring case). Empty when the sets are equal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetDiff {
    /// One entry per policy added, removed or changed.
    pub policies: Vec<PolicyDiff>,
}

impl SetDiff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// Every change with its PolicyId.
    pub fn changes(&self) -> impl Iterator<Item = (&str, &Change)> {
        self.policies
            .iter()
            .flat_map(|p| p.changes.iter().map(move |c| (p.policy_id.as_str(), c)))
    }
}

/// The differences between two policies (see the module docs).
pub fn diff_policies<P, Q>(
    old: &TrustFrameworkPolicy<P>,
    new: &TrustFrameworkPolicy<Q>,
    mode: Mode,
) -> Result<Vec<Change>, DiffError> {
    let old_xml = canonical(old, "the old policy")?;
    let new_xml = canonical(new, "the new policy")?;
    diff_xml(&old_xml, &new_xml, mode)
}

fn canonical<P>(p: &TrustFrameworkPolicy<P>, what: &str) -> Result<String, DiffError> {
    crate::emit::to_xml(p).map_err(|source| DiffError::Emit {
        what: format!("{what} `{}`", p.policy_id.id()),
        source,
    })
}

fn diff_xml(old: &str, new: &str, mode: Mode) -> Result<Vec<Change>, DiffError> {
    fn parse<'t>(text: &'t str, what: &str) -> Result<Document<'t>, DiffError> {
        Document::parse(text).map_err(|e| DiffError::Parse {
            what: what.to_owned(),
            message: e.to_string(),
        })
    }
    let old_doc = parse(old, "the old policy")?;
    let new_doc = parse(new, "the new policy")?;
    let cx = Cx { mode };
    let old_elements = elements(old_doc.root_element());
    let new_elements = elements(new_doc.root_element());
    let mut out = Vec::new();
    cx.diff_elements(&old_elements, &new_elements, &mut out);
    Ok(out)
}

/// The policies of `old` and `new` matched by PolicyId (ignoring case, not
/// by file name), each pair compared as written.
pub fn diff_sets(old: &[Imported], new: &[Imported]) -> Result<SetDiff, DiffError> {
    let old_by = by_policy(old.iter().map(|f| (&f.policy, f.file.as_str())))?;
    let new_by = by_policy(new.iter().map(|f| (&f.policy, f.file.as_str())))?;
    pair_up(old_by, new_by, Mode::Files)
}

/// The effective policies of the leaves of `old` and `new` (the relying
/// parties of a normal set: files no other file's chain passes through,
/// see [`resolve::leaves`]) matched by PolicyId and compared. Moving an
/// element along a chain, renaming files or reordering elements changes
/// nothing here; what B2C runs does.
pub fn diff_effective(old: &[Imported], new: &[Imported]) -> Result<SetDiff, DiffError> {
    let old_eff = effective(old)?;
    let new_eff = effective(new)?;
    let old_by = by_policy(old_eff.iter().map(|(p, f)| (p, f.as_str())))?;
    let new_by = by_policy(new_eff.iter().map(|(p, f)| (p, f.as_str())))?;
    pair_up(old_by, new_by, Mode::Effective)
}

fn effective(files: &[Imported]) -> Result<Vec<(TrustFrameworkPolicy, String)>, DiffError> {
    let chains = resolve::chains(files);
    let mut out = Vec::new();
    for leaf in resolve::leaves(&chains) {
        let chain = chains[leaf].clone();
        if let Some(broken) = &chain.broken {
            let why = match broken {
                resolve::ChainBreak::MissingBase { at, base_id } => format!(
                    "the base policy `{base_id}` of {} is not in the set",
                    files[*at].file
                ),
                resolve::ChainBreak::Loop { at, to } => format!(
                    "the inheritance chain loops: {} names {} as its base",
                    files[*at].file, files[*to].file
                ),
            };
            return Err(DiffError::BrokenChain {
                file: files[leaf].file.clone(),
                why,
            });
        }
        let eff = resolve::resolve(files, leaf, chain);
        out.push((eff.policy, files[leaf].file.clone()));
    }
    Ok(out)
}

type ByPolicy<'a> = BTreeMap<String, (&'a TrustFrameworkPolicy, &'a str)>;

fn by_policy<'a>(
    items: impl Iterator<Item = (&'a TrustFrameworkPolicy, &'a str)>,
) -> Result<ByPolicy<'a>, DiffError> {
    let mut by: ByPolicy<'a> = BTreeMap::new();
    for (p, file) in items {
        let key = p.policy_id.id().to_lowercase();
        if let Some((_, first)) = by.get(&key) {
            return Err(DiffError::DuplicatePolicy {
                policy: p.policy_id.id().to_owned(),
                first: (*first).to_owned(),
                second: file.to_owned(),
            });
        }
        by.insert(key, (p, file));
    }
    Ok(by)
}

fn pair_up(old: ByPolicy<'_>, new: ByPolicy<'_>, mode: Mode) -> Result<SetDiff, DiffError> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = SetDiff::default();
    for key in keys {
        match (old.get(key), new.get(key)) {
            (Some((o, of)), Some((n, nf))) => {
                let changes = diff_policies(*o, *n, mode)?;
                if !changes.is_empty() {
                    out.policies.push(PolicyDiff {
                        policy_id: n.policy_id.id().to_owned(),
                        old_file: Some((*of).to_owned()),
                        new_file: Some((*nf).to_owned()),
                        changes,
                    });
                }
            }
            (Some((o, of)), None) => out.policies.push(PolicyDiff {
                policy_id: o.policy_id.id().to_owned(),
                old_file: Some((*of).to_owned()),
                new_file: None,
                changes: Vec::new(),
            }),
            (None, Some((n, nf))) => out.policies.push(PolicyDiff {
                policy_id: n.policy_id.id().to_owned(),
                old_file: None,
                new_file: Some((*nf).to_owned()),
                changes: Vec::new(),
            }),
            (None, None) => {}
        }
    }
    Ok(out)
}

/// The attributes that identify an element among its same-named siblings,
/// by element name (the first that the element has; all of them for the
/// names that list several and have them). `None`: matched by position.
pub fn key_attributes(name: &str) -> &'static [&'static str] {
    match name {
        "Item" => &["Key", "Value"],
        "InputClaim" | "OutputClaim" | "PersistedClaim" => {
            &["ClaimTypeReferenceId", "TransformationClaimType"]
        }
        "DisplayClaim" => &["ClaimTypeReferenceId", "DisplayControlReferenceId"],
        "InputClaimsTransformation"
        | "OutputClaimsTransformation"
        | "ValidationTechnicalProfile"
        | "AuthorizationTechnicalProfile" => &["ReferenceId"],
        "ClaimsProviderSelection" => &["TargetClaimsExchangeId", "ValidationClaimsExchangeId"],
        "Enumeration" => &["Value"],
        "LocalizedString" => &["ElementType", "ElementId", "StringId"],
        "LocalizedCollection" => &["ElementType", "ElementId", "TargetCollection"],
        "LocalizedResourcesReference" => &["Language"],
        "Protocol" => &["Name"],
        "Parameter" => &["Name"],
        "Candidate" => &["SubJourneyReferenceId"],
        "ValidationClaimsExchangeTechnicalProfile" => &["TechnicalProfileReferenceId"],
        "OrchestrationStep" => &["Order"],
        _ => &["Id"],
    }
}

/// Whether the order of the same-named children `name` matters (they run
/// or show in that order). Other keyed lists may be reordered freely.
pub fn is_ordered(name: &str, keyed_by: Option<&str>) -> bool {
    matches!(
        name,
        "InputClaimsTransformation"
            | "OutputClaimsTransformation"
            | "ValidationTechnicalProfile"
            | "ValidationClaimsExchangeTechnicalProfile"
            | "Enumeration"
            | "SupportedLanguage"
            | "Candidate"
            | "Precondition"
            | "DisplayClaim"
            | "ClaimsProviderSelection"
    ) || (name == "Item" && keyed_by == Some("Value"))
}

/// Whether `n` (an output claim) belongs to a self-asserted technical
/// profile, whose page shows its output claims in their order.
fn in_self_asserted(n: Node<'_, '_>) -> bool {
    let Some(tp) = n
        .ancestors()
        .find(|a| a.is_element() && a.tag_name().name() == "TechnicalProfile")
    else {
        return false;
    };
    children(tp).any(|c| {
        c.tag_name().name() == "Protocol"
            && c.attribute("Handler")
                .is_some_and(|h| h.contains("SelfAssertedAttributeProvider"))
    })
}

/// Whether the values of attribute `name` are ids (compared ignoring case).
fn is_id_attribute(name: &str) -> bool {
    name == "Id"
        || name == "PolicyId"
        || name == "ElementId"
        || name.ends_with("ReferenceId")
        || name.ends_with("ExchangeId")
}

/// The top-level elements of a policy: (kind, id, node, provider).
struct Element<'a, 'i> {
    kind: String,
    id: String,
    node: Node<'a, 'i>,
    /// The claims provider of a technical profile.
    provider: Option<Node<'a, 'i>>,
}

/// The element children of `n`, without empty ones (no attribute, no
/// child, no text: an empty wrapper means nothing to B2C).
fn children<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(|c| c.is_element() && !is_empty(*c))
}

fn is_empty(n: Node<'_, '_>) -> bool {
    n.attributes().next().is_none()
        && n.children()
            .all(|c| !(c.is_element() || (c.is_text() && !c.text().unwrap_or("").is_empty())))
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    children(n).find(|c| c.tag_name().name() == name)
}

fn elements<'a, 'i>(root: Node<'a, 'i>) -> Vec<Element<'a, 'i>> {
    let mut out = Vec::new();
    let header = Element {
        kind: "Policy".into(),
        id: root.attribute("PolicyId").unwrap_or_default().to_owned(),
        node: root,
        provider: None,
    };
    out.push(header);
    let mut keyed = |kind: &str, n: Node<'a, 'i>, provider: Option<Node<'a, 'i>>| {
        out.push(Element {
            kind: kind.to_owned(),
            id: n.attribute("Id").unwrap_or_default().to_owned(),
            node: n,
            provider,
        })
    };
    for part in children(root) {
        match part.tag_name().name() {
            "BuildingBlocks" => {
                for list in children(part) {
                    if list.tag_name().name() == "Localization" {
                        for r in
                            children(list).filter(|c| c.tag_name().name() == "LocalizedResources")
                        {
                            keyed("LocalizedResources", r, None);
                        }
                        continue;
                    }
                    for item in children(list) {
                        let kind = item.tag_name().name().to_owned();
                        keyed(&kind, item, None);
                    }
                }
            }
            "ClaimsProviders" => {
                for cp in children(part) {
                    if let Some(tps) = child(cp, "TechnicalProfiles") {
                        for tp in children(tps) {
                            keyed("TechnicalProfile", tp, Some(cp));
                        }
                    }
                }
            }
            "UserJourneys" | "SubJourneys" => {
                for j in children(part) {
                    let kind = j.tag_name().name().to_owned();
                    keyed(&kind, j, None);
                }
            }
            _ => {}
        }
    }
    // The localization settings and the relying party: one each.
    let localization = child(root, "BuildingBlocks").and_then(|b| child(b, "Localization"));
    if let Some(l) = localization {
        out.push(Element {
            kind: "Localization".into(),
            id: String::new(),
            node: l,
            provider: None,
        });
    }
    if let Some(rp) = child(root, "RelyingParty") {
        out.push(Element {
            kind: "RelyingParty".into(),
            id: String::new(),
            node: rp,
            provider: None,
        });
    }
    out
}

/// Child element names that belong to another element of the diff, not
/// to their parent's content.
fn split_off(kind: &str, name: &str) -> bool {
    match kind {
        "Policy" => matches!(
            name,
            "BuildingBlocks" | "ClaimsProviders" | "UserJourneys" | "SubJourneys" | "RelyingParty"
        ),
        "Localization" => name == "LocalizedResources",
        _ => false,
    }
}

struct Cx {
    mode: Mode,
}

/// A part difference inside one element.
struct Part {
    op: Op,
    path: String,
    old: Option<String>,
    new: Option<String>,
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_owned()
    } else if seg.starts_with('@') {
        format!("{path}{seg}")
    } else {
        format!("{path}/{seg}")
    }
}

/// The value of an attribute normalized for comparison.
fn norm_attr(name: &str, value: &str) -> String {
    if is_id_attribute(name) {
        value.to_lowercase()
    } else {
        value.to_owned()
    }
}

/// The text of a leaf element (no element children), or `None`.
fn leaf_text(n: Node<'_, '_>) -> Option<String> {
    if children(n).next().is_some() {
        return None;
    }
    Some(
        n.children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect(),
    )
}

/// A canonical one-line rendering of `n`: the element, its attributes in
/// order, its text and its children, ids lowercased when `for_match`, and
/// without the attributes named in `skip` at the top.
fn signature(n: Node<'_, '_>, skip: &[&str], for_match: bool) -> String {
    let mut s = String::new();
    sig_into(n, skip, for_match, &mut s);
    s
}

fn sig_into(n: Node<'_, '_>, skip: &[&str], for_match: bool, s: &mut String) {
    s.push('<');
    s.push_str(n.tag_name().name());
    let mut attrs: Vec<(String, String)> = n
        .attributes()
        .filter(|a| a.namespace().is_none() && !skip.contains(&a.name()))
        .map(|a| {
            let v = if for_match {
                norm_attr(a.name(), a.value())
            } else {
                a.value().to_owned()
            };
            (a.name().to_owned(), v)
        })
        .collect();
    attrs.sort();
    for (k, v) in attrs {
        s.push(' ');
        s.push_str(&k);
        s.push_str("=\"");
        s.push_str(&escape(&v));
        s.push('"');
    }
    match leaf_text(n) {
        Some(t) if t.is_empty() => s.push_str("/>"),
        Some(t) => {
            s.push('>');
            s.push_str(&escape(&t));
            s.push_str("</");
            s.push_str(n.tag_name().name());
            s.push('>');
        }
        None => {
            s.push('>');
            for c in children(n) {
                sig_into(c, &[], for_match, s);
            }
            s.push_str("</");
            s.push_str(n.tag_name().name());
            s.push('>');
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
}

/// The key of `n` among its siblings and the attribute names it uses.
fn key_of(n: Node<'_, '_>) -> Option<(Vec<&'static str>, String)> {
    let name = n.tag_name().name();
    // A technical profile's one `Protocol` is a part, not a keyed item.
    if name == "Protocol"
        && n.parent_element().map(|p| p.tag_name().name()) != Some("DefaultPartnerClaimTypes")
    {
        return None;
    }
    let names = key_attributes(name);
    let present: Vec<&'static str> = names
        .iter()
        .copied()
        .filter(|a| n.attribute(*a).is_some())
        .collect();
    if present.is_empty() {
        return None;
    }
    // Names listed as alternatives take the first present; the claim
    // lists take all present (a transformation's claim is its claim and
    // its role).
    let used: Vec<&'static str> = match n.tag_name().name() {
        "InputClaim"
        | "OutputClaim"
        | "PersistedClaim"
        | "DisplayClaim"
        | "LocalizedString"
        | "LocalizedCollection" => present,
        _ => vec![present[0]],
    };
    let shown: Vec<String> = used
        .iter()
        .map(|a| format!("{a}={}", n.attribute(*a).unwrap_or_default()))
        .collect();
    Some((used, shown.join(",")))
}

/// The key attributes of a keyed item and its signature without them:
/// two items with equal signatures whose keys differ in one attribute are
/// the same item renamed.
fn renamed_key(n: Node<'_, '_>) -> Option<(Vec<&'static str>, String)> {
    let (used, _) = key_of(n)?;
    let body = signature(n, &used, true);
    Some((used, body))
}

impl Cx {
    fn diff_elements(
        &self,
        old: &[Element<'_, '_>],
        new: &[Element<'_, '_>],
        out: &mut Vec<Change>,
    ) {
        let index = |list: &[Element<'_, '_>]| {
            let mut by: BTreeMap<(String, String), usize> = BTreeMap::new();
            let mut seen: HashMap<(String, String), usize> = HashMap::default();
            for (i, e) in list.iter().enumerate() {
                let base = (e.kind.clone(), e.id.to_lowercase());
                let n = seen.entry(base.clone()).or_insert(0);
                *n += 1;
                let key = if *n == 1 {
                    base
                } else {
                    (base.0, format!("{}#{}", base.1, n))
                };
                by.insert(key, i);
            }
            by
        };
        let old_by = index(old);
        let new_by = index(new);
        let mut removed: Vec<&Element<'_, '_>> = Vec::new();
        let mut added: Vec<&Element<'_, '_>> = Vec::new();
        for (key, &i) in &old_by {
            match new_by.get(key) {
                Some(&j) => self.diff_element(&old[i], &new[j], out),
                None => removed.push(&old[i]),
            }
        }
        for (key, &j) in &new_by {
            if !old_by.contains_key(key) {
                added.push(&new[j]);
            }
        }
        // Renames: same kind, same content but for the id.
        let body = |e: &Element<'_, '_>| signature(e.node, &["Id"], true);
        let added_bodies: Vec<String> = added.iter().map(|a| body(a)).collect();
        let mut renamed_new = vec![false; added.len()];
        for r in removed {
            let sig = body(r);
            let hit = added
                .iter()
                .enumerate()
                .find(|(k, a)| !renamed_new[*k] && a.kind == r.kind && added_bodies[*k] == sig);
            match hit {
                Some((k, a)) => {
                    renamed_new[k] = true;
                    out.push(Change {
                        kind: r.kind.clone(),
                        id: a.id.clone(),
                        op: Op::Renamed,
                        path: String::new(),
                        old: Some(r.id.clone()),
                        new: Some(a.id.clone()),
                    });
                }
                None => out.push(Change {
                    kind: r.kind.clone(),
                    id: r.id.clone(),
                    op: Op::Removed,
                    path: String::new(),
                    old: None,
                    new: None,
                }),
            }
        }
        for (k, a) in added.iter().enumerate() {
            if !renamed_new[k] {
                out.push(Change {
                    kind: a.kind.clone(),
                    id: a.id.clone(),
                    op: Op::Added,
                    path: String::new(),
                    old: None,
                    new: None,
                });
            }
        }
        out.sort_by(|a, b| {
            (&a.kind, a.id.to_lowercase(), &a.path, a.op).cmp(&(
                &b.kind,
                b.id.to_lowercase(),
                &b.path,
                b.op,
            ))
        });
    }

    fn diff_element(&self, old: &Element<'_, '_>, new: &Element<'_, '_>, out: &mut Vec<Change>) {
        let mut parts = Vec::new();
        let kind = old.kind.as_str();
        self.diff_node(old.node, new.node, "", kind, &mut parts);
        if old.kind == "TechnicalProfile" {
            for name in ["DisplayName", "Domain"] {
                let text =
                    |p: Option<Node<'_, '_>>| p.and_then(|p| child(p, name)).and_then(leaf_text);
                let (a, b) = (text(old.provider), text(new.provider));
                if a != b {
                    parts.push(Part {
                        op: match (&a, &b) {
                            (None, _) => Op::Added,
                            (_, None) => Op::Removed,
                            _ => Op::Changed,
                        },
                        path: format!("(ClaimsProvider)/{name}"),
                        old: a,
                        new: b,
                    });
                }
            }
        }
        for p in parts {
            out.push(Change {
                kind: new.kind.clone(),
                id: new.id.clone(),
                op: p.op,
                path: p.path,
                old: p.old,
                new: p.new,
            });
        }
    }

    /// Compares two elements that match, recursively.
    fn diff_node(
        &self,
        old: Node<'_, '_>,
        new: Node<'_, '_>,
        path: &str,
        kind: &str,
        out: &mut Vec<Part>,
    ) {
        let top = path.is_empty();
        // Attributes by name.
        let attrs = |n: Node<'_, '_>| -> BTreeMap<String, String> {
            n.attributes()
                .filter(|a| a.namespace().is_none())
                .map(|a| (a.name().to_owned(), a.value().to_owned()))
                .collect()
        };
        let (oa, na) = (attrs(old), attrs(new));
        let mut names: Vec<&String> = oa.keys().chain(na.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let p = join(path, &format!("@{name}"));
            match (oa.get(name), na.get(name)) {
                (Some(a), Some(b)) if norm_attr(name, a) != norm_attr(name, b) => out.push(Part {
                    op: Op::Changed,
                    path: p,
                    old: Some(a.clone()),
                    new: Some(b.clone()),
                }),
                (Some(a), None) => out.push(Part {
                    op: Op::Removed,
                    path: p,
                    old: Some(a.clone()),
                    new: None,
                }),
                (None, Some(b)) => out.push(Part {
                    op: Op::Added,
                    path: p,
                    old: None,
                    new: Some(b.clone()),
                }),
                _ => {}
            }
        }
        // Text of leaves.
        match (leaf_text(old), leaf_text(new)) {
            (Some(a), Some(b)) => {
                if a != b {
                    out.push(Part {
                        op: Op::Changed,
                        path: if path.is_empty() {
                            "text()".into()
                        } else {
                            path.to_owned()
                        },
                        old: Some(a),
                        new: Some(b),
                    });
                }
                return;
            }
            (Some(a), None) if !a.is_empty() => out.push(Part {
                op: Op::Removed,
                path: join(path, "text()"),
                old: Some(a),
                new: None,
            }),
            (None, Some(b)) if !b.is_empty() => out.push(Part {
                op: Op::Added,
                path: join(path, "text()"),
                old: None,
                new: Some(b),
            }),
            _ => {}
        }
        // Children grouped by name, in order of first appearance.
        let mut groups: Vec<String> = Vec::new();
        for c in children(old).chain(children(new)) {
            let name = c.tag_name().name();
            if top && split_off(kind, name) {
                continue;
            }
            if !groups.iter().any(|g| g == name) {
                groups.push(name.to_owned());
            }
        }
        for name in groups {
            let o: Vec<Node<'_, '_>> = children(old)
                .filter(|c| c.tag_name().name() == name)
                .collect();
            let n: Vec<Node<'_, '_>> = children(new)
                .filter(|c| c.tag_name().name() == name)
                .collect();
            if name == "OrchestrationStep" {
                self.diff_steps(&o, &n, path, out);
            } else {
                self.diff_list(&name, &o, &n, path, kind, out);
            }
        }
    }

    fn diff_list(
        &self,
        name: &str,
        old: &[Node<'_, '_>],
        new: &[Node<'_, '_>],
        path: &str,
        kind: &str,
        out: &mut Vec<Part>,
    ) {
        // Singletons on both sides: no key needed.
        if old.len() <= 1 && new.len() <= 1 && key_of_any(old, new).is_none() {
            let p = join(path, name);
            match (old.first(), new.first()) {
                (Some(a), Some(b)) => self.diff_node(*a, *b, &p, kind, out),
                (Some(a), None) => out.push(Part {
                    op: Op::Removed,
                    path: p,
                    old: Some(signature(*a, &[], false)),
                    new: None,
                }),
                (None, Some(b)) => out.push(Part {
                    op: Op::Added,
                    path: p,
                    old: None,
                    new: Some(signature(*b, &[], false)),
                }),
                (None, None) => {}
            }
            return;
        }
        // Keys: by key attribute (or text for a leaf list), else position.
        let keyed = |list: &[Node<'_, '_>]| -> Vec<(String, String, Option<&'static str>)> {
            let mut seen: HashMap<String, usize> = HashMap::default();
            list.iter()
                .enumerate()
                .map(|(i, n)| {
                    let (match_key, shown, by) = match key_of(*n) {
                        Some((used, shown)) => {
                            let m: Vec<String> = used
                                .iter()
                                .map(|a| norm_attr(a, n.attribute(*a).unwrap_or_default()))
                                .collect();
                            (
                                m.join("\u{0}"),
                                format!("{name}[{shown}]"),
                                used.first().copied(),
                            )
                        }
                        None if name == "SupportedLanguage" => {
                            let t = leaf_text(*n).unwrap_or_default();
                            (format!("text:{t}"), format!("{name}[{t}]"), None)
                        }
                        None => (format!("#{i}"), format!("{name}[{}]", i + 1), None),
                    };
                    let k = seen.entry(match_key.clone()).or_insert(0);
                    *k += 1;
                    if *k > 1 {
                        (format!("{match_key}#{k}"), format!("{shown}#{k}"), by)
                    } else {
                        (match_key, shown, by)
                    }
                })
                .collect()
        };
        let ok = keyed(old);
        let nk = keyed(new);
        let by_old: HashMap<&str, usize> = ok
            .iter()
            .enumerate()
            .map(|(i, k)| (k.0.as_str(), i))
            .collect();
        let by_new: HashMap<&str, usize> = nk
            .iter()
            .enumerate()
            .map(|(i, k)| (k.0.as_str(), i))
            .collect();
        let mut removed: Vec<usize> = Vec::new();
        for (i, k) in ok.iter().enumerate() {
            match by_new.get(k.0.as_str()) {
                Some(&j) => self.diff_node(old[i], new[j], &join(path, &nk[j].1), kind, out),
                None => removed.push(i),
            }
        }
        let added: Vec<usize> = (0..nk.len())
            .filter(|j| !by_old.contains_key(nk[*j].0.as_str()))
            .collect();
        // A keyed item that differs only in one key attribute (a claim
        // reference after a rename) is one change, not a removal and an
        // addition.
        let mut paired_new = vec![false; added.len()];
        for &i in &removed {
            let partner = renamed_key(old[i]).and_then(|(used, body)| {
                added.iter().enumerate().find_map(|(x, &j)| {
                    if paired_new[x] {
                        return None;
                    }
                    let (used_new, body_new) = renamed_key(new[j])?;
                    let differing = used
                        .iter()
                        .filter(|a| old[i].attribute(**a) != new[j].attribute(**a))
                        .count();
                    (used == used_new && body == body_new && differing == 1).then_some((x, j))
                })
            });
            match partner {
                Some((x, j)) => {
                    paired_new[x] = true;
                    out.push(Part {
                        op: Op::Renamed,
                        path: join(path, &nk[j].1),
                        old: Some(ok[i].1.clone()),
                        new: Some(nk[j].1.clone()),
                    });
                }
                None => out.push(Part {
                    op: Op::Removed,
                    path: join(path, &ok[i].1),
                    old: Some(signature(old[i], &[], false)),
                    new: None,
                }),
            }
        }
        for (x, &j) in added.iter().enumerate() {
            if !paired_new[x] {
                out.push(Part {
                    op: Op::Added,
                    path: join(path, &nk[j].1),
                    old: None,
                    new: Some(signature(new[j], &[], false)),
                });
            }
        }
        let by = ok.first().or(nk.first()).and_then(|k| k.2);
        let on_a_page = name == "OutputClaim"
            && old
                .first()
                .or(new.first())
                .is_some_and(|n| in_self_asserted(*n));
        if is_ordered(name, by) || on_a_page {
            let common_old: Vec<&str> = ok
                .iter()
                .filter(|k| by_new.contains_key(k.0.as_str()))
                .map(|k| k.1.as_str())
                .collect();
            let common_new_keys: Vec<&str> = nk
                .iter()
                .filter(|k| by_old.contains_key(k.0.as_str()))
                .map(|k| k.0.as_str())
                .collect();
            let common_old_keys: Vec<&str> = ok
                .iter()
                .filter(|k| by_new.contains_key(k.0.as_str()))
                .map(|k| k.0.as_str())
                .collect();
            if common_old_keys != common_new_keys {
                let common_new: Vec<&str> = nk
                    .iter()
                    .filter(|k| by_old.contains_key(k.0.as_str()))
                    .map(|k| k.1.as_str())
                    .collect();
                out.push(Part {
                    op: Op::Moved,
                    path: join(path, name),
                    old: Some(common_old.join(" ")),
                    new: Some(common_new.join(" ")),
                });
            }
        }
    }

    /// Orchestration steps: aligned by content (see the module docs).
    fn diff_steps<'a, 'i>(
        &self,
        old: &[Node<'a, 'i>],
        new: &[Node<'a, 'i>],
        path: &str,
        out: &mut Vec<Part>,
    ) {
        // B2C runs steps by `Order`, whatever their place in the file.
        let by_order = |list: &[Node<'a, 'i>]| {
            let mut v = list.to_vec();
            v.sort_by_key(|n| {
                n.attribute("Order")
                    .and_then(|o| o.trim().parse::<i64>().ok())
                    .unwrap_or(i64::MAX)
            });
            v
        };
        let (old, new) = (&by_order(old)[..], &by_order(new)[..]);
        let sig = |n: &Node<'_, '_>| signature(*n, &["Order"], true);
        let os: Vec<String> = old.iter().map(sig).collect();
        let ns: Vec<String> = new.iter().map(sig).collect();
        let pairs = lcs(&os, &ns);
        let order = |n: &Node<'_, '_>| n.attribute("Order").unwrap_or_default().trim().to_owned();
        let step_path =
            |n: &Node<'_, '_>| join(path, &format!("OrchestrationStep[Order={}]", order(n)));
        let mut old_done = vec![false; old.len()];
        let mut new_done = vec![false; new.len()];
        for &(i, j) in &pairs {
            old_done[i] = true;
            new_done[j] = true;
            if self.mode == Mode::Files && order(&old[i]) != order(&new[j]) {
                out.push(Part {
                    op: Op::Moved,
                    path: step_path(&old[i]),
                    old: Some(order(&old[i])),
                    new: Some(order(&new[j])),
                });
            }
        }
        // The rest: the same Order on both sides is one step changed.
        for i in 0..old.len() {
            if old_done[i] {
                continue;
            }
            let hit = (0..new.len()).find(|&j| !new_done[j] && order(&new[j]) == order(&old[i]));
            if let Some(j) = hit {
                old_done[i] = true;
                new_done[j] = true;
                self.diff_node(
                    old[i],
                    new[j],
                    &step_path(&new[j]),
                    "OrchestrationStep",
                    out,
                );
            }
        }
        // Steps of equal content out of sequence: moved.
        for i in 0..old.len() {
            if old_done[i] {
                continue;
            }
            let hit = (0..new.len()).find(|&j| !new_done[j] && ns[j] == os[i]);
            if let Some(j) = hit {
                old_done[i] = true;
                new_done[j] = true;
                out.push(Part {
                    op: Op::Moved,
                    path: step_path(&old[i]),
                    old: Some(order(&old[i])),
                    new: Some(order(&new[j])),
                });
            }
        }
        for i in (0..old.len()).filter(|&i| !old_done[i]) {
            out.push(Part {
                op: Op::Removed,
                path: step_path(&old[i]),
                old: Some(signature(old[i], &[], false)),
                new: None,
            });
        }
        for j in (0..new.len()).filter(|&j| !new_done[j]) {
            out.push(Part {
                op: Op::Added,
                path: step_path(&new[j]),
                old: None,
                new: Some(signature(new[j], &[], false)),
            });
        }
    }
}

fn key_of_any(old: &[Node<'_, '_>], new: &[Node<'_, '_>]) -> Option<()> {
    old.iter()
        .chain(new.iter())
        .find_map(|n| key_of(*n))
        .map(|_| ())
}

/// The index pairs of a longest common subsequence of `a` and `b`.
fn lcs(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_str;

    fn policy(body: &str) -> TrustFrameworkPolicy {
        let text = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_X"
  PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_X">
{body}
</TrustFrameworkPolicy>"#
        );
        import_str(&text, "x.xml").unwrap().policy
    }

    fn profile(inner: &str) -> TrustFrameworkPolicy {
        policy(&format!(
            r#"<ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="T">{inner}</TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>"#
        ))
    }

    fn journey(steps: &[(u32, &str)]) -> TrustFrameworkPolicy {
        let steps: String = steps
            .iter()
            .map(|(o, tp)| {
                format!(
                    r#"<OrchestrationStep Order="{o}" Type="ClaimsExchange"><ClaimsExchanges>
<ClaimsExchange Id="E{tp}" TechnicalProfileReferenceId="{tp}"/></ClaimsExchanges></OrchestrationStep>"#
                )
            })
            .collect();
        policy(&format!(
            r#"<UserJourneys><UserJourney Id="J"><OrchestrationSteps>{steps}</OrchestrationSteps></UserJourney></UserJourneys>"#
        ))
    }

    fn diff(a: &TrustFrameworkPolicy, b: &TrustFrameworkPolicy, mode: Mode) -> Vec<(Op, String)> {
        diff_policies(a, b, mode)
            .unwrap()
            .into_iter()
            .map(|c| (c.op, c.path))
            .collect()
    }

    #[test]
    fn comments_formatting_and_id_case_are_no_change() {
        let a = profile(
            r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="surname"/></OutputClaims>"#,
        );
        let b = profile(
            r#"
  <!-- the family name -->
  <OutputClaims>
    <OutputClaim ClaimTypeReferenceId="surName" />
  </OutputClaims>"#,
        );
        assert_eq!(diff(&a, &b, Mode::Files), vec![]);
        let empty = profile(
            r#"<InputClaims></InputClaims><OutputClaims><OutputClaim ClaimTypeReferenceId="surname"/></OutputClaims>"#,
        );
        assert_eq!(diff(&a, &empty, Mode::Files), vec![]);
        let c = profile(
            r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="surname" PartnerClaimType="x"/></OutputClaims>"#,
        );
        assert_eq!(
            diff(&a, &c, Mode::Files),
            vec![(
                Op::Added,
                "OutputClaims/OutputClaim[ClaimTypeReferenceId=surname]@PartnerClaimType".into()
            )]
        );
    }

    #[test]
    fn the_order_of_transformations_is_a_change_and_of_claims_is_not() {
        let a = profile(
            r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="a"/><OutputClaim ClaimTypeReferenceId="b"/></OutputClaims>
<OutputClaimsTransformations><OutputClaimsTransformation ReferenceId="X"/><OutputClaimsTransformation ReferenceId="Y"/></OutputClaimsTransformations>"#,
        );
        let b = profile(
            r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="b"/><OutputClaim ClaimTypeReferenceId="a"/></OutputClaims>
<OutputClaimsTransformations><OutputClaimsTransformation ReferenceId="Y"/><OutputClaimsTransformation ReferenceId="X"/></OutputClaimsTransformations>"#,
        );
        let changes = diff_policies(&a, &b, Mode::Files).unwrap();
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].op, Op::Moved);
        assert_eq!(
            changes[0].path,
            "OutputClaimsTransformations/OutputClaimsTransformation"
        );
        assert_eq!(
            changes[0].old.as_deref(),
            Some("OutputClaimsTransformation[ReferenceId=X] OutputClaimsTransformation[ReferenceId=Y]")
        );
    }

    #[test]
    fn steps_are_aligned_by_content_and_run_by_order() {
        let a = journey(&[(1, "A"), (2, "B"), (3, "C"), (4, "D")]);
        // Step B removed, the rest renumbered.
        let b = journey(&[(1, "A"), (2, "C"), (3, "D")]);
        assert_eq!(
            diff(&a, &b, Mode::Effective),
            vec![(
                Op::Removed,
                "OrchestrationSteps/OrchestrationStep[Order=2]".into()
            )]
        );
        let files = diff(&a, &b, Mode::Files);
        assert_eq!(files.len(), 3, "{files:?}");
        assert_eq!(files.iter().filter(|c| c.0 == Op::Moved).count(), 2);
        // Two steps swapped by their Order alone: the sequence changed.
        let c = journey(&[(1, "A"), (3, "B"), (2, "C"), (4, "D")]);
        assert_eq!(
            diff(&a, &c, Mode::Effective),
            vec![(
                Op::Moved,
                "OrchestrationSteps/OrchestrationStep[Order=2]".into()
            )]
        );
        // A step's exchange changed in place.
        let d = journey(&[(1, "A"), (2, "B"), (3, "Z"), (4, "D")]);
        let changed = diff_policies(&a, &d, Mode::Effective).unwrap();
        assert!(!changed.is_empty());
        assert!(
            changed.iter().all(|c| c
                .path
                .starts_with("OrchestrationSteps/OrchestrationStep[Order=3]/ClaimsExchanges")),
            "{changed:?}"
        );
    }

    #[test]
    fn an_element_equal_but_for_its_id_is_renamed() {
        let claim = |id: &str| {
            policy(&format!(
                r#"<BuildingBlocks><ClaimsSchema><ClaimType Id="{id}"><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>"#
            ))
        };
        let c = diff_policies(&claim("a"), &claim("b"), Mode::Files).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].op, c[0].old.as_deref(), c[0].new.as_deref()),
            (Op::Renamed, Some("a"), Some("b"))
        );
    }

    #[test]
    fn a_reference_whose_key_alone_changed_is_renamed() {
        let a = profile(
            r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="surname" PartnerClaimType="sn"/><OutputClaim ClaimTypeReferenceId="email"/></OutputClaims>"#,
        );
        let renamed = profile(
            r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="familyName" PartnerClaimType="sn"/><OutputClaim ClaimTypeReferenceId="email"/></OutputClaims>"#,
        );
        let c = diff_policies(&a, &renamed, Mode::Files).unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].op, Op::Renamed);
        assert_eq!(
            c[0].old.as_deref(),
            Some("OutputClaim[ClaimTypeReferenceId=surname]")
        );
        // Another part changed too: a removal and an addition.
        let other = profile(
            r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="familyName" PartnerClaimType="family_name"/><OutputClaim ClaimTypeReferenceId="email"/></OutputClaims>"#,
        );
        let ops: Vec<Op> = diff(&a, &other, Mode::Files)
            .into_iter()
            .map(|c| c.0)
            .collect();
        assert_eq!(ops.len(), 2, "{ops:?}");
        assert!(
            ops.contains(&Op::Removed) && ops.contains(&Op::Added),
            "{ops:?}"
        );
    }
}
