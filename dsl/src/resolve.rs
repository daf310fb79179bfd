//! The effective policy: a file's inheritance chain merged into the one
//! policy B2C runs.
//!
//! B2C loads a policy by loading its base first and then each child, down
//! to the file itself; an element a child declares with the Id of an
//! element of its base (ignoring case) is merged into the base's. This
//! module does that merge once, for every file of a set
//! ([`resolve_set`]), and keeps for every element and every merged part
//! where it came from ([`Provenance`]): the checker, `ief flatten`, the
//! journey graph and the simulator all read this one result.
//!
//! # Merge rules
//!
//! The rules follow the project's fact sheet (section 6, "Cross-file
//! semantics"). Where B2C's documentation does not say, the decision is
//! marked *decided* and holds for every reader of the effective policy.
//!
//! | element | keyed by | how a child's declaration merges |
//! |---|---|---|
//! | header (`PolicyId`, `TenantId`, `DeploymentMode`, …) | — | the file's own; the effective policy has no `BasePolicy` |
//! | `ClaimType` | `Id` | each single child element the child sets replaces the base's; `DefaultPartnerClaimTypes` is keyed by protocol; a `Restriction` merges by its `MergeBehavior` (no attribute: *decided* `ReplaceAll`) |
//! | `TechnicalProfile` | `Id`, across all claims providers | single elements the child sets replace the base's; `Metadata` items by `Key`, `CryptographicKeys` by `Id`, input, output, persisted and display claims by claim (or display control) id, claims-transformation and validation-profile references by `ReferenceId`: an item with a known key replaces the base's item in place, a new one is appended (*decided*: the fact sheet notes a report that new self-asserted output claims render first; ordering is not asserted) |
//! | `UserJourney`, `SubJourney` | `Id` | steps by `Order`: a restated step takes the child's `Type` and keeps what the child leaves out (a child that restates only `Preconditions` keeps the base's exchanges), except that a step restated as `SendClaims` drops the base's exchanges and selections (*decided*: a token step runs none); a new order is inserted in order |
//! | `ContentDefinition` | `Id` | single elements replaced, `Metadata` by `Key`, `LocalizedResourcesReferences` by `MergeBehavior` and language |
//! | `Localization` | — | `SupportedLanguages` by `MergeBehavior` (with `Append`/`Prepend`, a language the base already lists moves to where the child's list goes); `LocalizedResources` by `Id`, their strings by (`ElementType`, `ElementId`, `StringId`) and collections by (`ElementType`, `ElementId`, `TargetCollection`) |
//! | `ClaimsTransformation`, `Predicate`, `InputValidation`, `PredicateValidation`, `ClientDefinition`, `DisplayControl` | `Id` | *decided*: the child's declaration replaces the base's whole |
//! | `RelyingParty` | — | the nearest file's (a relying party belongs in a leaf: P006) |
//!
//! A claims provider is not keyed: a technical profile stays in the
//! provider of its first declaration, and providers left without profiles
//! (a child that only restates) are dropped.
//!
//! `IncludeTechnicalProfile` is not applied in [`EffectivePolicy::policy`]
//! (it is still B2C's to apply, and `ief flatten` shows it as written);
//! [`EffectivePolicy::profile_with_includes`] applies it, with the same
//! merge, for readers that need everything a profile does.

use crate::hash::{FoldMap, HashMap, IdKey, Uncased};
use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::claims::{ClaimType, MergeBehavior, RestrictionValues};
use crate::content::{ContentDefinition, Localization, LocalizedResources};
use crate::import::{Imported, Pos};
use crate::journeys::{OrchestrationStep, StepType, SubJourney, UserJourney};
use crate::policy::{BuildingBlocks, TrustFrameworkPolicy};
use crate::providers::{ClaimsProvider, TechnicalProfile};
use crate::relying_party::RelyingParty;
use crate::transforms::ClaimsTransformation;

/// A source-map path held without text: a static pattern in two halves
/// (an element's path and, for a part of it, the part's path below it)
/// whose `#`s stand for the indexes, in order (four at most). It is
/// `Copy`: the merge records one for every element and part of a chain,
/// the checker's index one for every definition and reference, and the
/// text is made only when a finding shows one ([`std::fmt::Display`]
/// writes the path as [`crate::import::SourceMap`] reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourcePath {
    head: &'static str,
    tail: &'static str,
    idx: [u32; 4],
    /// How many of `idx` the head uses (its `#`s).
    used: u8,
}

impl SourcePath {
    /// The path `pattern` with its `#`s (four at most) filled from `idx`,
    /// in order.
    pub const fn new<const N: usize>(pattern: &'static str, idx: [u32; N]) -> SourcePath {
        const { assert!(N <= 4, "a source path has four indexes at most") };
        let mut all = [0u32; 4];
        let mut k = 0;
        while k < N {
            all[k] = idx[k];
            k += 1;
        }
        // The `#`s counted once, here: a part's indexes follow them.
        let bytes = pattern.as_bytes();
        let (mut i, mut used) = (0, 0u8);
        while i < bytes.len() {
            if bytes[i] == b'#' {
                used = used.saturating_add(1);
            }
            i += 1;
        }
        // An index past the pattern's `#`s would not be written, but would
        // make the path unequal to one of the same text.
        let mut k = used as usize;
        while k < 4 {
            debug_assert!(all[k] == 0, "an index without a `#` in the pattern");
            k += 1;
        }
        SourcePath {
            head: pattern,
            tail: "",
            idx: all,
            used,
        }
    }

    /// The path of a part below this element: `tail` (one `#` at most,
    /// filled with `n`) appended.
    pub fn part(self, tail: &'static str, n: u32) -> SourcePath {
        self.parts(tail, &[n])
    }

    /// The path of a part below this element: `tail` appended, its `#`s
    /// filled from `idx` in order (indexes past the fourth of the whole
    /// path are dropped).
    pub fn parts(self, tail: &'static str, idx: &[u32]) -> SourcePath {
        debug_assert!(
            usize::from(self.used) + tail.bytes().filter(|&b| b == b'#').count() <= 4,
            "a source path has four indexes at most"
        );
        let mut all = self.idx;
        for (slot, n) in all.iter_mut().skip(usize::from(self.used)).zip(idx) {
            *slot = *n;
        }
        SourcePath {
            tail,
            idx: all,
            ..self
        }
    }

    /// The element the head names, without the part below it (the
    /// indexes of the part cleared).
    pub fn head_element(self) -> SourcePath {
        let mut idx = self.idx;
        for slot in idx.iter_mut().skip(usize::from(self.used)) {
            *slot = 0;
        }
        SourcePath {
            tail: "",
            idx,
            ..self
        }
    }

    /// The path without `suffix` at its end (cut from the part when the
    /// path has one, else from the element's), if it ends so.
    pub fn strip_suffix(self, suffix: &str) -> Option<SourcePath> {
        debug_assert!(!suffix.contains('#'), "a suffix without indexes");
        if self.tail.is_empty() {
            let head = self.head.strip_suffix(suffix)?;
            Some(SourcePath { head, ..self })
        } else {
            let tail = self.tail.strip_suffix(suffix)?;
            Some(SourcePath { tail, ..self })
        }
    }

    /// Whether `word` (which holds no `#`) is written in the pattern of
    /// the element's half or of the part's.
    pub fn mentions(&self, word: &str) -> bool {
        self.head.contains(word) || self.tail.contains(word)
    }

    /// Whether the path starts with `prefix` (which holds no `#` and is
    /// within the element's half).
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.head.starts_with(prefix)
    }
}

impl std::fmt::Display for SourcePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut k = 0;
        for half in [self.head, self.tail] {
            let mut pieces = half.split('#');
            if let Some(first) = pieces.next() {
                f.write_str(first)?;
            }
            for piece in pieces {
                write!(f, "{}", self.idx.get(k).copied().unwrap_or_default())?;
                k += 1;
                f.write_str(piece)?;
            }
        }
        Ok(())
    }
}

/// Ordered as the paths' text is (rarely needed: findings keyed by where
/// they point).
impl Ord for SourcePath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.to_string().cmp(&other.to_string())
    }
}

impl PartialOrd for SourcePath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Where a part of the effective policy was written: a file of the set
/// and the source-map path of the element in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// Index of the file in the set.
    pub file: usize,
    /// Source-map path, e.g.
    /// `TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[0]/TechnicalProfiles/TechnicalProfile[2]`.
    pub path: SourcePath,
}

impl Origin {
    /// The line and column of the origin in its file, when known.
    pub fn pos(&self, files: &[Imported]) -> Option<Pos> {
        files
            .get(self.file)?
            .source_map
            .locate(&self.path.to_string())
    }

    /// `FILE:LINE:COLUMN` (or `FILE` when the position is unknown).
    pub fn display(&self, files: &[Imported]) -> String {
        let name = files.get(self.file).map(|f| f.file.as_str()).unwrap_or("?");
        match self.pos(files) {
            Some(p) => format!("{name}:{}:{}", p.line, p.column),
            None => name.to_owned(),
        }
    }
}

/// The kinds of element the merge keys by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ElementKind {
    /// `ClaimType`.
    ClaimType,
    /// `ClaimsTransformation`.
    ClaimsTransformation,
    /// `Predicate`.
    Predicate,
    /// `InputValidation`.
    InputValidation,
    /// `PredicateValidation`.
    PredicateValidation,
    /// `ClientDefinition`.
    ClientDefinition,
    /// `ContentDefinition`.
    ContentDefinition,
    /// `DisplayControl`.
    DisplayControl,
    /// `LocalizedResources`.
    LocalizedResources,
    /// `TechnicalProfile` (in a claims provider).
    TechnicalProfile,
    /// `UserJourney`.
    UserJourney,
    /// `SubJourney`.
    SubJourney,
}

impl ElementKind {
    /// The XML element name.
    pub fn element_name(self) -> &'static str {
        match self {
            ElementKind::ClaimType => "ClaimType",
            ElementKind::ClaimsTransformation => "ClaimsTransformation",
            ElementKind::Predicate => "Predicate",
            ElementKind::InputValidation => "InputValidation",
            ElementKind::PredicateValidation => "PredicateValidation",
            ElementKind::ClientDefinition => "ClientDefinition",
            ElementKind::ContentDefinition => "ContentDefinition",
            ElementKind::DisplayControl => "DisplayControl",
            ElementKind::LocalizedResources => "LocalizedResources",
            ElementKind::TechnicalProfile => "TechnicalProfile",
            ElementKind::UserJourney => "UserJourney",
            ElementKind::SubJourney => "SubJourney",
        }
    }
}

/// Which part of a technical profile or journey a merged part is (see
/// [`ElementOrigin::part`] for the keys that name them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// A metadata item, by `Key` (compared exactly).
    Metadata,
    /// A cryptographic key, by `Id`.
    CryptographicKey,
    /// An input claims transformation, by reference.
    InputClaimsTransformation,
    /// An input claim, by claim type.
    InputClaim,
    /// A display claim, by claim type or display control.
    DisplayClaim,
    /// A persisted claim, by claim type.
    PersistedClaim,
    /// An output claim, by claim type.
    OutputClaim,
    /// An output claims transformation, by reference.
    OutputClaimsTransformation,
    /// A validation technical profile, by reference.
    ValidationTechnicalProfile,
    /// A journey step, by `Order`.
    Step,
    /// A step's claims exchanges.
    StepClaimsExchanges,
    /// A step's claims provider selections.
    StepClaimsProviderSelections,
    /// A step's preconditions.
    StepPreconditions,
    /// A second step with one `Order` in one declaration (they are
    /// merged into one).
    StepRepeated,
}

impl PartKind {
    /// The name of the kind in a part key's text (before the `:`; for the
    /// step parts, after the order's `/`).
    fn name(self) -> &'static str {
        match self {
            PartKind::Metadata => "Metadata",
            PartKind::CryptographicKey => "CryptographicKey",
            PartKind::InputClaimsTransformation => "InputClaimsTransformation",
            PartKind::InputClaim => "InputClaim",
            PartKind::DisplayClaim => "DisplayClaim",
            PartKind::PersistedClaim => "PersistedClaim",
            PartKind::OutputClaim => "OutputClaim",
            PartKind::OutputClaimsTransformation => "OutputClaimsTransformation",
            PartKind::ValidationTechnicalProfile => "ValidationTechnicalProfile",
            PartKind::Step => "Step",
            PartKind::StepClaimsExchanges => "ClaimsExchanges",
            PartKind::StepClaimsProviderSelections => "ClaimsProviderSelections",
            PartKind::StepPreconditions => "Preconditions",
            PartKind::StepRepeated => "repeated",
        }
    }

    const ID_KINDS: [PartKind; 9] = [
        PartKind::Metadata,
        PartKind::CryptographicKey,
        PartKind::InputClaimsTransformation,
        PartKind::InputClaim,
        PartKind::DisplayClaim,
        PartKind::PersistedClaim,
        PartKind::OutputClaim,
        PartKind::OutputClaimsTransformation,
        PartKind::ValidationTechnicalProfile,
    ];

    const STEP_KINDS: [PartKind; 4] = [
        PartKind::StepClaimsExchanges,
        PartKind::StepClaimsProviderSelections,
        PartKind::StepPreconditions,
        PartKind::StepRepeated,
    ];
}

/// What a part is keyed by: its id (key, claim type, reference) as
/// written, or its step's `Order`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PartId {
    Id(Box<str>),
    Order(i32),
}

/// One merged part and the declaration that supplied it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    kind: PartKind,
    id: PartId,
    origin: Origin,
}

impl Part {
    /// Whether the part is the one `kind`/`id` names: metadata keys
    /// exactly (as B2C merges them), ids ignoring case.
    fn is(&self, kind: PartKind, id: &PartQuery<'_>) -> bool {
        self.kind == kind
            && match (&self.id, id) {
                (PartId::Order(a), PartQuery::Order(b)) => a == b,
                (PartId::Id(a), PartQuery::Id(b)) if kind == PartKind::Metadata => **a == **b,
                (PartId::Id(a), PartQuery::Id(b)) => same_id(a, b),
                _ => false,
            }
    }
}

/// A part's key borrowed, to look it up with.
enum PartQuery<'a> {
    Id(&'a str),
    Order(i32),
}

/// A part key read from its text (see [`ElementOrigin::part`]).
fn parse_part_key(key: &str) -> Option<(PartKind, PartQuery<'_>)> {
    let (kind, rest) = key.split_once(':')?;
    if kind == "Step" {
        let (order, sub) = match rest.split_once('/') {
            Some((o, sub)) => (o, Some(sub)),
            None => (rest, None),
        };
        let order = order.parse().ok()?;
        let kind = match sub {
            None => PartKind::Step,
            Some(sub) => PartKind::STEP_KINDS.into_iter().find(|k| k.name() == sub)?,
        };
        return Some((kind, PartQuery::Order(order)));
    }
    let kind = PartKind::ID_KINDS.into_iter().find(|k| k.name() == kind)?;
    Some((kind, PartQuery::Id(rest)))
}

/// Where one element of the effective policy came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ElementOrigin {
    /// Every declaration along the chain, base first.
    pub declarations: Vec<Origin>,
    /// Each merged part with the declaration that supplied it, in the
    /// order merged (a part supplied again comes again: the last one is
    /// the one that counts).
    parts: Vec<Part>,
}

impl ElementOrigin {
    /// The declaration nearest the file (the last one merged).
    pub fn nearest(&self) -> Option<&Origin> {
        self.declarations.last()
    }

    /// The first declaration (where the element is defined).
    pub fn first(&self) -> Option<&Origin> {
        self.declarations.first()
    }

    /// The declaration that supplied a part last, by the part's key:
    /// `Metadata:{Key}` (the key exactly), `InputClaim:{id}`,
    /// `OutputClaim:{id}`, `PersistedClaim:{id}`, `DisplayClaim:{id}`,
    /// `CryptographicKey:{id}`, `InputClaimsTransformation:{id}`,
    /// `OutputClaimsTransformation:{id}`, `ValidationTechnicalProfile:{id}`
    /// (ids ignoring case), and for journeys `Step:{Order}`,
    /// `Step:{Order}/ClaimsExchanges`, `Step:{Order}/ClaimsProviderSelections`,
    /// `Step:{Order}/Preconditions`, and `Step:{Order}/repeated` when one
    /// declaration has two steps with that order (they are merged into
    /// one).
    pub fn part(&self, key: &str) -> Option<&Origin> {
        let (kind, id) = parse_part_key(key)?;
        self.parts
            .iter()
            .rev()
            .find(|p| p.is(kind, &id))
            .map(|p| &p.origin)
    }

    /// Whether a declaration has two steps with one `Order`.
    pub fn has_repeated_steps(&self) -> bool {
        self.parts.iter().any(|p| p.kind == PartKind::StepRepeated)
    }
}

/// A part being recorded: its kind, its id or order, and its path below
/// the element (a pattern with one `#`, and the index for it).
type PartAt<'a> = (PartKind, PartQuery<'a>, &'static str, u32);

/// Where every element of an effective policy came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    elements: FoldMap<(ElementKind, IdKey), ElementOrigin>,
}

/// A provenance key borrowed: hashed and compared as `(kind, IdKey)`.
struct ElementQuery<'a>(ElementKind, &'a str);

impl std::hash::Hash for ElementQuery<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.hash(h);
        Uncased(self.1).hash(h);
    }
}

impl hashbrown::Equivalent<(ElementKind, IdKey)> for ElementQuery<'_> {
    fn equivalent(&self, key: &(ElementKind, IdKey)) -> bool {
        self.0 == key.0 && same_id(self.1, &key.1 .0)
    }
}

impl Provenance {
    /// The origins of element `id` of `kind` (ignoring case).
    pub fn element(&self, kind: ElementKind, id: &str) -> Option<&ElementOrigin> {
        self.elements.get(&ElementQuery(kind, id))
    }

    /// The declaration that supplied `part` of element `id` (see
    /// [`ElementOrigin::part`] for the keys).
    pub fn part(&self, kind: ElementKind, id: &str, part: &str) -> Option<&Origin> {
        self.element(kind, id)?.part(part)
    }

    /// Changes the origins of `id` with `f` (made empty if it has none
    /// yet; looked up before a key is made, as most calls find it).
    fn update(&mut self, kind: ElementKind, id: &str, f: impl FnOnce(&mut ElementOrigin)) {
        if let Some(e) = self.elements.get_mut(&ElementQuery(kind, id)) {
            f(e);
            return;
        }
        let mut e = ElementOrigin::default();
        f(&mut e);
        self.elements.insert((kind, IdKey(id.to_owned())), e);
    }

    fn declare(&mut self, kind: ElementKind, id: &str, origin: Origin) {
        self.update(kind, id, |e| e.declarations.push(origin));
    }

    /// Records the parts a declaration of `id` supplied, below its path
    /// `at` in file `file`.
    fn set_parts(
        &mut self,
        kind: ElementKind,
        id: &str,
        file: usize,
        at: SourcePath,
        parts: Vec<PartAt<'_>>,
    ) {
        if parts.is_empty() {
            return;
        }
        self.update(kind, id, |e| {
            e.parts.reserve(parts.len());
            for (kind, key, tail, n) in parts {
                e.parts.push(Part {
                    kind,
                    id: match key {
                        PartQuery::Id(s) => PartId::Id(s.into()),
                        PartQuery::Order(o) => PartId::Order(o),
                    },
                    origin: Origin {
                        file,
                        path: at.part(tail, n),
                    },
                });
            }
        });
    }
}

/// Why a chain stops before a root policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The file at index `at` names a base policy that is not in the set.
    MissingBase {
        /// The file whose `BasePolicy` is missing.
        at: usize,
        /// The `PolicyId` it names.
        base_id: String,
    },
    /// The file at index `at` names as base a file already in the chain.
    Loop {
        /// The file whose `BasePolicy` closes the loop.
        at: usize,
        /// The file it names, already in the chain.
        to: usize,
    },
}

/// A file's inheritance chain in a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The file, then its base, its base's base, … (indexes into the set;
    /// the part that resolves).
    pub files: Vec<usize>,
    /// Why the chain stops early, if it does. What a missing part would
    /// define is unknown, so rules that need the whole chain skip a broken
    /// one.
    pub broken: Option<ChainBreak>,
}

impl Chain {
    /// Whether the chain ends at a policy without a base.
    pub fn is_complete(&self) -> bool {
        self.broken.is_none()
    }
}

/// Profile `id` with what it includes merged in, as
/// [`EffectivePolicy::profile_with_includes`] merges it, the profiles
/// looked up with `lookup` (an effective policy's, or a root file's own);
/// borrowed when no include applies.
pub(crate) fn with_includes_in<'p>(
    lookup: &dyn Fn(&str) -> Option<&'p TechnicalProfile>,
    id: &str,
) -> Option<Cow<'p, TechnicalProfile>> {
    // The profile, the one it includes, the one that includes, … until
    // a missing profile or one already on the path (a loop, T006):
    // followed in a loop, so a chain of any length is safe. The ids on
    // the path are compared as B2C compares them, without lowercase
    // copies (nearly every profile includes nothing).
    let first = lookup(id)?;
    let Some(mut inc) = first
        .include_technical_profile
        .as_ref()
        .map(|r| r.reference.id())
        .filter(|inc| !same_id(inc, id))
    else {
        return Some(Cow::Borrowed(first));
    };
    let mut chain = vec![first];
    let mut seen: Vec<&str> = vec![id];
    while let Some(next) = lookup(inc) {
        seen.push(inc);
        chain.push(next);
        match next
            .include_technical_profile
            .as_ref()
            .map(|r| r.reference.id())
            .filter(|i| !seen.iter().any(|s| same_id(s, i)))
        {
            Some(i) => inc = i,
            None => break,
        }
    }
    // Merged from the deepest include up: each profile onto what it
    // includes, keeping its own id and include.
    let mut profiles = chain.into_iter().rev();
    let mut merged = Cow::Borrowed(profiles.next()?);
    for own in profiles {
        let mut base = merged.into_owned();
        merge_profile(&mut base, own, &mut |_, _, _, _| {});
        base.id = own.id.clone();
        base.include_technical_profile = own.include_technical_profile.clone();
        merged = Cow::Owned(base);
    }
    Some(merged)
}

/// Lowercase, the way B2C compares ids (every reader of the effective
/// policy keys ids with it).
pub(crate) fn lc(s: &str) -> String {
    // The same result; ASCII (nearly every id) without the per-character
    // Unicode mapping.
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// The index of each `PolicyId` (ignoring case) in the set; of two files
/// with one id, the first.
pub fn policy_index(files: &[Imported]) -> HashMap<String, usize> {
    let mut by_policy = HashMap::default();
    for (i, f) in files.iter().enumerate() {
        by_policy.entry(lc(f.policy.policy_id.id())).or_insert(i);
    }
    by_policy
}

/// Every file's chain, by `PolicyId` ignoring case as B2C resolves it.
pub fn chains(files: &[Imported]) -> Vec<Chain> {
    let by_policy = policy_index(files);
    (0..files.len())
        .map(|i| {
            let mut chain = vec![i];
            let mut cur = i;
            let mut broken = None;
            while let Some(base) = &files[cur].policy.base_policy {
                let base_id = base.policy_id.id();
                let Some(&next) = by_policy.get(&lc(base_id)) else {
                    broken = Some(ChainBreak::MissingBase {
                        at: cur,
                        base_id: base_id.to_owned(),
                    });
                    break;
                };
                if chain.contains(&next) {
                    broken = Some(ChainBreak::Loop { at: cur, to: next });
                    break;
                }
                chain.push(next);
                cur = next;
            }
            Chain {
                files: chain,
                broken,
            }
        })
        .collect()
}

/// A file's effective policy: its chain merged (see the module docs).
#[derive(Debug, Clone)]
pub struct EffectivePolicy {
    /// The file (index into the set).
    pub file: usize,
    /// Its chain.
    pub chain: Chain,
    /// The merged policy, with the file's header and no `BasePolicy`.
    pub policy: TrustFrameworkPolicy,
    /// Where each element and part came from.
    pub provenance: Provenance,
    index: Index,
}

/// Positions of the merged elements, by lowercase id.
#[derive(Debug, Clone, Default)]
struct Index {
    claims: FoldMap<IdKey, usize>,
    transforms: FoldMap<IdKey, usize>,
    predicates: FoldMap<IdKey, usize>,
    input_validations: FoldMap<IdKey, usize>,
    predicate_validations: FoldMap<IdKey, usize>,
    client_definitions: FoldMap<IdKey, usize>,
    content_definitions: FoldMap<IdKey, usize>,
    display_controls: FoldMap<IdKey, usize>,
    localized_resources: FoldMap<IdKey, usize>,
    /// Profile id -> (provider, profile).
    profiles: FoldMap<IdKey, (usize, usize)>,
    journeys: FoldMap<IdKey, usize>,
    sub_journeys: FoldMap<IdKey, usize>,
}

impl EffectivePolicy {
    /// The merged claim type `id` (ignoring case).
    pub fn claim_type(&self, id: &str) -> Option<&ClaimType> {
        let &i = self.index.claims.get(&Uncased(id))?;
        self.policy.building_blocks.claims_schema.get(i)
    }

    /// The merged claims transformation `id`.
    pub fn transformation(&self, id: &str) -> Option<&ClaimsTransformation> {
        let &i = self.index.transforms.get(&Uncased(id))?;
        self.policy.building_blocks.claims_transformations.get(i)
    }

    /// The merged content definition `id`.
    pub fn content_definition(&self, id: &str) -> Option<&ContentDefinition> {
        let &i = self.index.content_definitions.get(&Uncased(id))?;
        self.policy.building_blocks.content_definitions.get(i)
    }

    /// The merged technical profile `id` of the claims providers (the
    /// relying party's profile is [`EffectivePolicy::relying_party`]'s).
    pub fn technical_profile(&self, id: &str) -> Option<&TechnicalProfile> {
        let &(c, p) = self.index.profiles.get(&Uncased(id))?;
        self.policy
            .claims_providers
            .get(c)?
            .technical_profiles
            .get(p)
    }

    /// Every merged technical profile of the claims providers.
    pub fn technical_profiles(&self) -> impl Iterator<Item = &TechnicalProfile> {
        self.policy
            .claims_providers
            .iter()
            .flat_map(|c| c.technical_profiles.iter())
    }

    /// The merged technical profile `id` with its `IncludeTechnicalProfile`
    /// chain applied (the included profile as base, this one merged into
    /// it). An include that does not resolve, or loops, is left out.
    pub fn profile_with_includes(&self, id: &str) -> Option<TechnicalProfile> {
        self.profile_with_includes_cow(id).map(Cow::into_owned)
    }

    /// [`EffectivePolicy::profile_with_includes`], borrowed from the merged
    /// policy when no include applies (nothing to merge, nothing copied).
    pub fn profile_with_includes_cow(&self, id: &str) -> Option<Cow<'_, TechnicalProfile>> {
        with_includes_in(&|id| self.technical_profile(id), id)
    }

    /// The merged user journey `id`.
    pub fn user_journey(&self, id: &str) -> Option<&UserJourney> {
        let &i = self.index.journeys.get(&Uncased(id))?;
        self.policy.user_journeys.get(i)
    }

    /// The merged sub-journey `id`.
    pub fn sub_journey(&self, id: &str) -> Option<&SubJourney> {
        let &i = self.index.sub_journeys.get(&Uncased(id))?;
        self.policy.sub_journeys.get(i)
    }

    /// The relying party, if the file (or, in a malformed set, its chain)
    /// has one.
    pub fn relying_party(&self) -> Option<&RelyingParty> {
        self.policy.relying_party.as_ref()
    }

    /// The journeys the relying party starts: its `DefaultUserJourney` and
    /// its endpoints' journeys, as written.
    pub fn started_journeys(&self) -> Vec<&str> {
        let Some(rp) = self.relying_party() else {
            return Vec::new();
        };
        let mut out: Vec<&str> = rp
            .default_user_journey
            .iter()
            .map(|d| d.reference.id())
            .chain(rp.endpoints.iter().map(|e| e.journey.id()))
            .collect();
        out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        out
    }
}

/// Every file's chain and effective policy.
#[derive(Debug, Clone)]
pub struct ResolvedSet {
    /// One effective policy per file, in the set's order.
    pub policies: Vec<EffectivePolicy>,
}

impl ResolvedSet {
    /// The chains, one per file.
    pub fn chain(&self, file: usize) -> Option<&Chain> {
        self.policies.get(file).map(|p| &p.chain)
    }
}

/// Resolves every file of a set.
pub fn resolve_set(files: &[Imported]) -> ResolvedSet {
    let chains = chains(files);
    ResolvedSet {
        policies: chains
            .into_iter()
            .enumerate()
            .map(|(i, c)| resolve(files, i, c))
            .collect(),
    }
}

/// The files of a set that no other file's chain passes through (the
/// relying parties of a normal set, or a base checked on its own). Their
/// effective policies hold every element of the set's chains.
pub fn leaves(chains: &[Chain]) -> Vec<usize> {
    let inner: std::collections::BTreeSet<usize> = chains
        .iter()
        .flat_map(|c| c.files.iter().skip(1).copied())
        .collect();
    (0..chains.len()).filter(|i| !inner.contains(i)).collect()
}

/// The effective policies of the [`leaves`] of a set.
pub fn resolve_leaves(files: &[Imported]) -> Vec<EffectivePolicy> {
    let chains = chains(files);
    leaves(&chains)
        .into_iter()
        .map(|i| resolve(files, i, chains[i].clone()))
        .collect()
}

/// The effective policy of file `file` with chain `chain` (from
/// [`chains`]).
pub fn resolve(files: &[Imported], file: usize, chain: Chain) -> EffectivePolicy {
    resolve_with(files, file, chain, true)
}

/// [`resolve`] for the checker's rules, which read no localization: the
/// effective policy has no `Localization` (its strings are neither copied
/// nor merged).
pub(crate) fn resolve_for_rules(files: &[Imported], file: usize, chain: Chain) -> EffectivePolicy {
    resolve_with(files, file, chain, false)
}

fn resolve_with(
    files: &[Imported],
    file: usize,
    chain: Chain,
    localization: bool,
) -> EffectivePolicy {
    let mut m = Merger {
        policy: header_of(&files[file].policy),
        provenance: Provenance::default(),
        index: Index::default(),
        localization,
    };
    for &f in chain.files.iter().rev() {
        m.merge_file(f, &files[f].policy);
    }
    m.finish(file, chain)
}

/// The effective policy of file `file` with chain `chain`, built on
/// `base`, the effective policy of a later file of the chain (usually the
/// next): `base`'s merged elements with the declarations of the files
/// before it in the chain merged into them, base first, as [`resolve`]
/// would merge them, without merging `base`'s part of the chain again.
/// Falls back to [`resolve`] when `base`'s chain is not the end of
/// `chain` (e.g. on a loop, where each file's chain starts elsewhere in
/// it).
pub fn resolve_onto(
    base: &EffectivePolicy,
    files: &[Imported],
    file: usize,
    chain: Chain,
) -> EffectivePolicy {
    resolve_onto_with(base, files, file, chain, true)
}

/// [`resolve_onto`] for the checker's rules (see [`resolve_for_rules`]);
/// `base` is one of theirs.
pub(crate) fn resolve_onto_for_rules(
    base: &EffectivePolicy,
    files: &[Imported],
    file: usize,
    chain: Chain,
) -> EffectivePolicy {
    resolve_onto_with(base, files, file, chain, false)
}

fn resolve_onto_with(
    base: &EffectivePolicy,
    files: &[Imported],
    file: usize,
    chain: Chain,
    localization: bool,
) -> EffectivePolicy {
    let own = base.chain.files.len();
    if chain.files.first() != Some(&file)
        || own == 0
        || chain.files.len() <= own
        || !chain.files.ends_with(&base.chain.files)
    {
        return resolve_with(files, file, chain, localization);
    }
    let mut policy = header_of(&files[file].policy);
    policy.building_blocks = base.policy.building_blocks.clone();
    policy.claims_providers = base.policy.claims_providers.clone();
    policy.user_journeys = base.policy.user_journeys.clone();
    policy.sub_journeys = base.policy.sub_journeys.clone();
    policy.relying_party = base.policy.relying_party.clone();
    let mut m = Merger {
        policy,
        provenance: base.provenance.clone(),
        index: base.index.clone(),
        localization,
    };
    for &f in chain.files[..chain.files.len() - own].iter().rev() {
        m.merge_file(f, &files[f].policy);
    }
    m.finish(file, chain)
}

/// Whether merging `policy` into its base's effective policy changes
/// nothing but the header and the relying party: it declares no building
/// blocks, claims providers, journeys or sub-journeys (typically a
/// relying-party file). Its effective policy's merged elements and
/// provenance are then its base's.
pub(crate) fn merges_only_header(policy: &TrustFrameworkPolicy) -> bool {
    let bb = &policy.building_blocks;
    bb.claims_schema.is_empty()
        && bb.predicates.is_empty()
        && bb.input_validations.is_empty()
        && bb.predicate_validations.is_empty()
        && bb.claims_transformations.is_empty()
        && bb.client_definitions.is_empty()
        && bb.content_definitions.is_empty()
        && bb.localization.is_none()
        && bb.display_controls.is_empty()
        && policy.claims_providers.is_empty()
        && policy.user_journeys.is_empty()
        && policy.sub_journeys.is_empty()
}

/// An effective policy's start: the file's own header, no `BasePolicy`,
/// nothing merged yet.
fn header_of(own: &TrustFrameworkPolicy) -> TrustFrameworkPolicy {
    TrustFrameworkPolicy {
        policy_schema_version: own.policy_schema_version.clone(),
        tenant_id: own.tenant_id.clone(),
        tenant_object_id: own.tenant_object_id.clone(),
        policy_id: own.policy_id.clone(),
        public_policy_uri: own.public_policy_uri.clone(),
        state_table_name: own.state_table_name.clone(),
        deployment_mode: own.deployment_mode,
        user_journey_recorder_endpoint: own.user_journey_recorder_endpoint.clone(),
        base_policy: None,
        policy_constraints: own.policy_constraints.clone(),
        contacts: own.contacts.clone(),
        document_references: own.document_references.clone(),
        building_blocks: BuildingBlocks::default(),
        claims_providers: Vec::new(),
        user_journeys: Vec::new(),
        sub_journeys: Vec::new(),
        relying_party: None,
        trivia: Default::default(),
    }
}

struct Merger {
    policy: TrustFrameworkPolicy,
    provenance: Provenance,
    index: Index,
    /// Whether `Localization` is merged (not for the checker's rules).
    localization: bool,
}

/// Inserts `item` under `key`, or merges it into the element already
/// there. Returns whether it was new.
fn upsert<T: Clone>(
    list: &mut Vec<T>,
    index: &mut FoldMap<IdKey, usize>,
    key: &str,
    item: &T,
    merge: impl FnOnce(&mut T, &T),
) -> bool {
    match index.get(&Uncased(key)) {
        Some(&i) => {
            merge(&mut list[i], item);
            false
        }
        None => {
            index.insert(IdKey(key.to_owned()), list.len());
            list.push(item.clone());
            true
        }
    }
}

fn replace<T: Clone>(base: &mut T, child: &T) {
    *base = child.clone();
}

impl Merger {
    /// The merge done: claims providers left without profiles dropped
    /// (a file that only restates profiles adds an empty one).
    fn finish(mut self, file: usize, chain: Chain) -> EffectivePolicy {
        self.policy
            .claims_providers
            .retain(|c| !c.technical_profiles.is_empty());
        // Dropping empty providers moved the profile positions.
        self.index.profiles.clear();
        for (c, cp) in self.policy.claims_providers.iter().enumerate() {
            for (p, tp) in cp.technical_profiles.iter().enumerate() {
                self.index
                    .profiles
                    .entry(IdKey(tp.id.id().to_owned()))
                    .or_insert((c, p));
            }
        }
        EffectivePolicy {
            file,
            chain,
            policy: self.policy,
            provenance: self.provenance,
            index: self.index,
        }
    }

    fn merge_file(&mut self, f: usize, p: &TrustFrameworkPolicy) {
        let bb = &p.building_blocks;
        let bb_out = &mut self.policy.building_blocks;
        // Room for what this file may add (no regrowth of large elements).
        bb_out.claims_schema.reserve(bb.claims_schema.len());
        bb_out
            .claims_transformations
            .reserve(bb.claims_transformations.len());
        bb_out
            .content_definitions
            .reserve(bb.content_definitions.len());
        self.policy
            .claims_providers
            .reserve(p.claims_providers.len());
        for (n, c) in bb.claims_schema.iter().enumerate() {
            let at = SourcePath::new(
                "TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsSchema/ClaimType[#]",
                [idx(n), 0, 0],
            );
            upsert(
                &mut bb_out.claims_schema,
                &mut self.index.claims,
                c.id.id(),
                c,
                merge_claim_type,
            );
            self.provenance.declare(
                ElementKind::ClaimType,
                c.id.id(),
                Origin { file: f, path: at },
            );
        }
        macro_rules! replaced {
            ($field:ident, $index:ident, $kind:expr, $path:literal) => {
                for (n, x) in bb.$field.iter().enumerate() {
                    upsert(
                        &mut bb_out.$field,
                        &mut self.index.$index,
                        x.id.id(),
                        x,
                        replace,
                    );
                    self.provenance.declare(
                        $kind,
                        x.id.id(),
                        Origin {
                            file: f,
                            path: SourcePath::new(
                                concat!("TrustFrameworkPolicy/BuildingBlocks[0]/", $path, "[#]"),
                                [idx(n), 0, 0],
                            ),
                        },
                    );
                }
            };
        }
        replaced!(
            predicates,
            predicates,
            ElementKind::Predicate,
            "Predicates/Predicate"
        );
        replaced!(
            input_validations,
            input_validations,
            ElementKind::InputValidation,
            "InputValidations/InputValidation"
        );
        replaced!(
            predicate_validations,
            predicate_validations,
            ElementKind::PredicateValidation,
            "PredicateValidations/PredicateValidation"
        );
        replaced!(
            claims_transformations,
            transforms,
            ElementKind::ClaimsTransformation,
            "ClaimsTransformations/ClaimsTransformation"
        );
        replaced!(
            client_definitions,
            client_definitions,
            ElementKind::ClientDefinition,
            "ClientDefinitions/ClientDefinition"
        );
        for (n, cd) in bb.content_definitions.iter().enumerate() {
            upsert(
                &mut bb_out.content_definitions,
                &mut self.index.content_definitions,
                cd.id.id(),
                cd,
                merge_content_definition,
            );
            self.provenance.declare(
                ElementKind::ContentDefinition,
                cd.id.id(),
                Origin {
                    file: f,
                    path: SourcePath::new(
                        "TrustFrameworkPolicy/BuildingBlocks[0]/ContentDefinitions/ContentDefinition[#]",
                        [idx(n), 0, 0],
                    ),
                },
            );
        }
        if let Some(loc) = bb.localization.as_ref().filter(|_| self.localization) {
            let out = bb_out
                .localization
                .get_or_insert_with(Localization::default);
            if loc.enabled.is_some() {
                out.enabled = loc.enabled;
            }
            if let Some(child) = &loc.supported_languages {
                match &mut out.supported_languages {
                    Some(base) => {
                        if child.default_language.is_some() {
                            base.default_language = child.default_language.clone();
                        }
                        if child.policy_language.is_some() {
                            base.policy_language = child.policy_language.clone();
                        }
                        base.languages = merge_by_behavior(
                            &base.languages,
                            &child.languages,
                            child.merge_behavior,
                            |l| lc(l),
                        );
                        base.merge_behavior = None;
                    }
                    None => {
                        let mut s = child.clone();
                        s.merge_behavior = None;
                        out.supported_languages = Some(s);
                    }
                }
            }
            for (n, r) in loc.resources.iter().enumerate() {
                let id = r.id.as_ref().map(|i| i.id()).unwrap_or_default();
                upsert(
                    &mut out.resources,
                    &mut self.index.localized_resources,
                    id,
                    r,
                    merge_localized_resources,
                );
                self.provenance.declare(
                    ElementKind::LocalizedResources,
                    id,
                    Origin {
                        file: f,
                        path: SourcePath::new(
                            "TrustFrameworkPolicy/BuildingBlocks[0]/Localization[0]/LocalizedResources[#]",
                            [idx(n), 0, 0],
                        ),
                    },
                );
            }
        }
        for (n, dc) in bb.display_controls.iter().enumerate() {
            upsert(
                &mut bb_out.display_controls,
                &mut self.index.display_controls,
                dc.id.id(),
                dc,
                replace,
            );
            self.provenance.declare(
                ElementKind::DisplayControl,
                dc.id.id(),
                Origin {
                    file: f,
                    path: SourcePath::new(
                        "TrustFrameworkPolicy/BuildingBlocks[0]/DisplayControls/DisplayControl[#]",
                        [idx(n), 0, 0],
                    ),
                },
            );
        }

        // Claims providers: a profile merges into its first declaration,
        // wherever that provider is.
        for (j, cp) in p.claims_providers.iter().enumerate() {
            let slot = self.policy.claims_providers.len();
            self.policy.claims_providers.push(ClaimsProvider {
                domains: cp.domains.clone(),
                domain: cp.domain.clone(),
                display_name: cp.display_name.clone(),
                technical_profiles: Vec::with_capacity(cp.technical_profiles.len()),
            });
            for (k, tp) in cp.technical_profiles.iter().enumerate() {
                let base = SourcePath::new(
                    "TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[#]/TechnicalProfiles/TechnicalProfile[#]",
                    [idx(j), idx(k), 0],
                );
                let id = tp.id.id();
                let mut parts: Vec<PartAt<'_>> = Vec::new();
                match self.index.profiles.get(&Uncased(id)) {
                    Some(&(c, q)) => {
                        let target = &mut self.policy.claims_providers[c].technical_profiles[q];
                        merge_profile(target, tp, &mut |k, key, tail, n| {
                            parts.push((k, key, tail, n))
                        });
                    }
                    None => {
                        let list = &mut self.policy.claims_providers[slot].technical_profiles;
                        self.index
                            .profiles
                            .insert(IdKey(id.to_owned()), (slot, list.len()));
                        list.push(tp.clone());
                        profile_parts(tp, &mut |k, key, tail, n| parts.push((k, key, tail, n)));
                    }
                }
                self.provenance.declare(
                    ElementKind::TechnicalProfile,
                    id,
                    Origin {
                        file: f,
                        path: base,
                    },
                );
                self.provenance
                    .set_parts(ElementKind::TechnicalProfile, id, f, base, parts);
            }
        }

        for (j, uj) in p.user_journeys.iter().enumerate() {
            let base = SourcePath::new(
                "TrustFrameworkPolicy/UserJourneys/UserJourney[#]",
                [idx(j), 0, 0],
            );
            let mut parts = Vec::new();
            let id = uj.id.id();
            match self.index.journeys.get(&Uncased(id)) {
                Some(&i) => {
                    let target = &mut self.policy.user_journeys[i];
                    if uj.non_interactive.is_some() {
                        target.non_interactive = uj.non_interactive;
                    }
                    if uj.default_cpim_issuer.is_some() {
                        target.default_cpim_issuer = uj.default_cpim_issuer.clone();
                    }
                    if uj.assurance_level.is_some() {
                        target.assurance_level = uj.assurance_level.clone();
                    }
                    if uj.preserve_original_assertion.is_some() {
                        target.preserve_original_assertion = uj.preserve_original_assertion;
                    }
                    if uj.authorization.is_some() {
                        target.authorization = uj.authorization.clone();
                    }
                    if uj.client_definition.is_some() {
                        target.client_definition = uj.client_definition.clone();
                    }
                    merge_keyed(
                        &mut target.cryptographic_keys,
                        &uj.cryptographic_keys,
                        |a, b| same_id(&a.id, &b.id),
                    );
                    merge_steps(&mut target.steps, &uj.steps, &mut |k, key, t, n| {
                        parts.push((k, key, t, n))
                    });
                }
                None => {
                    self.index
                        .journeys
                        .insert(IdKey(id.to_owned()), self.policy.user_journeys.len());
                    let mut j2 = uj.clone();
                    j2.steps.clear();
                    merge_steps(&mut j2.steps, &uj.steps, &mut |k, key, t, n| {
                        parts.push((k, key, t, n))
                    });
                    self.policy.user_journeys.push(j2);
                }
            }
            self.record_journey(ElementKind::UserJourney, id, f, base, parts);
        }
        for (j, sj) in p.sub_journeys.iter().enumerate() {
            let base = SourcePath::new(
                "TrustFrameworkPolicy/SubJourneys/SubJourney[#]",
                [idx(j), 0, 0],
            );
            let mut parts = Vec::new();
            let id = sj.id.id();
            match self.index.sub_journeys.get(&Uncased(id)) {
                Some(&i) => {
                    let target = &mut self.policy.sub_journeys[i];
                    target.journey_type = sj.journey_type;
                    merge_steps(&mut target.steps, &sj.steps, &mut |k, key, t, n| {
                        parts.push((k, key, t, n))
                    });
                }
                None => {
                    self.index
                        .sub_journeys
                        .insert(IdKey(id.to_owned()), self.policy.sub_journeys.len());
                    let mut s2 = sj.clone();
                    s2.steps.clear();
                    merge_steps(&mut s2.steps, &sj.steps, &mut |k, key, t, n| {
                        parts.push((k, key, t, n))
                    });
                    self.policy.sub_journeys.push(s2);
                }
            }
            self.record_journey(ElementKind::SubJourney, id, f, base, parts);
        }
        if p.relying_party.is_some() {
            self.policy.relying_party = p.relying_party.clone();
        }
    }

    fn record_journey(
        &mut self,
        kind: ElementKind,
        id: &str,
        f: usize,
        base: SourcePath,
        parts: Vec<PartAt<'_>>,
    ) {
        self.provenance.declare(
            kind,
            id,
            Origin {
                file: f,
                path: base,
            },
        );
        self.provenance.set_parts(kind, id, f, base, parts);
    }
}

/// A position in a list as a source-map index (lists longer than
/// `u32::MAX` cannot be read from a file).
pub(crate) fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A child's list combined with its base's by `MergeBehavior` (none:
/// `ReplaceAll`); with `Append`/`Prepend`, a child item whose key is
/// already in the base's list replaces it.
fn merge_by_behavior<T: Clone>(
    base: &[T],
    child: &[T],
    behavior: Option<MergeBehavior>,
    key: impl Fn(&T) -> String,
) -> Vec<T> {
    let child_keys: Vec<String> = child.iter().map(&key).collect();
    let kept = base
        .iter()
        .filter(|b| !child_keys.contains(&key(b)))
        .cloned();
    match behavior {
        Some(MergeBehavior::Append) => kept.chain(child.iter().cloned()).collect(),
        Some(MergeBehavior::Prepend) => child.iter().cloned().chain(kept).collect(),
        Some(MergeBehavior::ReplaceAll) | None => child.to_vec(),
    }
}

/// Merges `child` items into `base` by key: a known key replaces the
/// base's item in place, a new one is appended. `same` says whether two
/// items have one key (compared without making the keys).
fn merge_keyed<T: Clone>(base: &mut Vec<T>, child: &[T], same: impl Fn(&T, &T) -> bool) {
    for item in child {
        match base.iter().position(|b| same(b, item)) {
            Some(i) => base[i] = item.clone(),
            None => base.push(item.clone()),
        }
    }
}

/// Whether two ids are one id to B2C: equal once lowercased as [`lc`]
/// does (without lowercasing ASCII ids into new strings).
pub(crate) fn same_id(a: &str, b: &str) -> bool {
    // Equal ignoring ASCII case is equal ignoring case (the other
    // characters are the same); unequal so is the answer for ASCII ids.
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    lc(a) == lc(b)
}

fn merge_claim_type(base: &mut ClaimType, child: &ClaimType) {
    macro_rules! opt {
        ($($f:ident),*) => {$(
            if child.$f.is_some() {
                base.$f = child.$f.clone();
            }
        )*};
    }
    opt!(
        statement_type,
        display_name,
        data_type,
        mask,
        admin_help_text,
        user_help_text,
        user_input_type,
        input_validation,
        predicate_validation
    );
    merge_keyed(
        &mut base.default_partner_claim_types,
        &child.default_partner_claim_types,
        |a, b| a.name == b.name,
    );
    if let Some(r) = &child.restriction {
        match (&mut base.restriction, &r.values) {
            (Some(b), RestrictionValues::Enumeration(items)) => {
                let merged = match &b.values {
                    RestrictionValues::Enumeration(old) => {
                        merge_by_behavior(old, items, r.merge_behavior, |i| i.value.clone())
                    }
                    RestrictionValues::Pattern(_) => items.clone(),
                };
                b.values = RestrictionValues::Enumeration(merged);
                b.merge_behavior = None;
            }
            _ => {
                let mut r = r.clone();
                r.merge_behavior = None;
                base.restriction = Some(r);
            }
        }
    }
}

fn merge_content_definition(base: &mut ContentDefinition, child: &ContentDefinition) {
    if child.load_uri.is_some() {
        base.load_uri = child.load_uri.clone();
    }
    if child.recovery_uri.is_some() {
        base.recovery_uri = child.recovery_uri.clone();
    }
    if child.data_uri.is_some() {
        base.data_uri = child.data_uri.clone();
    }
    merge_keyed(&mut base.metadata, &child.metadata, |a, b| a.key == b.key);
    if let Some(c) = &child.localized_resources_references {
        match &mut base.localized_resources_references {
            Some(b) => {
                b.references =
                    merge_by_behavior(&b.references, &c.references, c.merge_behavior, |r| {
                        lc(&r.language)
                    });
                b.merge_behavior = None;
            }
            None => {
                let mut c = c.clone();
                c.merge_behavior = None;
                base.localized_resources_references = Some(c);
            }
        }
    }
}

fn merge_localized_resources(base: &mut LocalizedResources, child: &LocalizedResources) {
    if child.culture.is_some() {
        base.culture = child.culture.clone();
    }
    merge_keyed(&mut base.collections, &child.collections, |a, b| {
        same_id(&a.element_type, &b.element_type)
            && same_id(&a.element_id, &b.element_id)
            && same_id(&a.target_collection, &b.target_collection)
    });
    merge_keyed(&mut base.strings, &child.strings, |a, b| {
        same_id(&a.element_type, &b.element_type)
            && same_id(
                a.element_id.as_deref().unwrap_or_default(),
                b.element_id.as_deref().unwrap_or_default(),
            )
            && same_id(&a.string_id, &b.string_id)
    });
}

/// The parts of a profile's first declaration, for its provenance (the
/// same keys and paths [`merge_profile`] reports).
fn profile_parts<'t>(
    tp: &'t TechnicalProfile,
    on: &mut dyn FnMut(PartKind, PartQuery<'t>, &'static str, u32),
) {
    for (n, m) in tp.metadata.iter().enumerate() {
        on(
            PartKind::Metadata,
            PartQuery::Id(&m.key),
            "/Metadata/Item[#]",
            idx(n),
        );
    }
    for (n, k) in tp.cryptographic_keys.iter().enumerate() {
        on(
            PartKind::CryptographicKey,
            PartQuery::Id(&k.id),
            "/CryptographicKeys/Key[#]",
            idx(n),
        );
    }
    for (n, t) in tp.input_claims_transformations.iter().enumerate() {
        on(
            PartKind::InputClaimsTransformation,
            PartQuery::Id(t.reference.id()),
            "/InputClaimsTransformations/InputClaimsTransformation[#]",
            idx(n),
        );
    }
    for (n, c) in tp.input_claims.iter().enumerate() {
        on(
            PartKind::InputClaim,
            PartQuery::Id(c.claim.id()),
            "/InputClaims/InputClaim[#]",
            idx(n),
        );
    }
    for (n, c) in tp.display_claims.iter().enumerate() {
        let id = c
            .claim
            .as_ref()
            .map(|c| c.id())
            .or(c.display_control.as_ref().map(|d| d.id()))
            .unwrap_or_default();
        on(
            PartKind::DisplayClaim,
            PartQuery::Id(id),
            "/DisplayClaims/DisplayClaim[#]",
            idx(n),
        );
    }
    for (n, c) in tp.persisted_claims.iter().enumerate() {
        on(
            PartKind::PersistedClaim,
            PartQuery::Id(c.claim.id()),
            "/PersistedClaims/PersistedClaim[#]",
            idx(n),
        );
    }
    for (n, c) in tp.output_claims.iter().enumerate() {
        on(
            PartKind::OutputClaim,
            PartQuery::Id(c.claim.id()),
            "/OutputClaims/OutputClaim[#]",
            idx(n),
        );
    }
    for (n, t) in tp.output_claims_transformations.iter().enumerate() {
        on(
            PartKind::OutputClaimsTransformation,
            PartQuery::Id(t.reference.id()),
            "/OutputClaimsTransformations/OutputClaimsTransformation[#]",
            idx(n),
        );
    }
    for (n, v) in tp.validation_technical_profiles.iter().enumerate() {
        on(
            PartKind::ValidationTechnicalProfile,
            PartQuery::Id(v.reference.id()),
            "/ValidationTechnicalProfiles/ValidationTechnicalProfile[#]",
            idx(n),
        );
    }
}

/// Merges a child's declaration of a technical profile into the base's;
/// `on(part key, path relative to the profile)` is told each merged part.
fn merge_profile<'t>(
    base: &mut TechnicalProfile,
    child: &'t TechnicalProfile,
    on: &mut dyn FnMut(PartKind, PartQuery<'t>, &'static str, u32),
) {
    macro_rules! opt {
        ($($f:ident),*) => {$(
            if child.$f.is_some() {
                base.$f = child.$f.clone();
            }
        )*};
    }
    opt!(
        domain,
        display_name,
        description,
        protocol,
        input_token_format,
        output_token_format,
        assurance_level_of_output_claims,
        subject_authentication_requirements,
        preferred_binding,
        include_in_sso,
        subject_naming_info,
        extensions,
        include_claims_from_technical_profile,
        include_technical_profile,
        session_management,
        enabled_for_user_journeys
    );
    macro_rules! vec_replace {
        ($($f:ident),*) => {$(
            if !child.$f.is_empty() {
                base.$f = child.$f.clone();
            }
        )*};
    }
    profile_parts(child, on);
    vec_replace!(
        domains,
        required_assurance_levels_of_input_claims,
        suppressions,
        input_token_sources,
        error_handlers
    );
    merge_keyed(&mut base.metadata, &child.metadata, |a, b| a.key == b.key);
    merge_keyed(
        &mut base.cryptographic_keys,
        &child.cryptographic_keys,
        |a, b| same_id(&a.id, &b.id),
    );
    merge_keyed(
        &mut base.input_claims_transformations,
        &child.input_claims_transformations,
        |a, b| same_id(a.reference.id(), b.reference.id()),
    );
    merge_keyed(&mut base.input_claims, &child.input_claims, |a, b| {
        same_id(a.claim.id(), b.claim.id())
    });
    fn display_id(c: &crate::providers::DisplayClaim) -> &str {
        c.claim
            .as_ref()
            .map(|c| c.id())
            .or(c.display_control.as_ref().map(|d| d.id()))
            .unwrap_or_default()
    }
    merge_keyed(&mut base.display_claims, &child.display_claims, |a, b| {
        same_id(display_id(a), display_id(b))
    });
    merge_keyed(
        &mut base.persisted_claims,
        &child.persisted_claims,
        |a, b| same_id(a.claim.id(), b.claim.id()),
    );
    merge_keyed(&mut base.output_claims, &child.output_claims, |a, b| {
        same_id(a.claim.id(), b.claim.id())
    });
    merge_keyed(
        &mut base.output_claims_transformations,
        &child.output_claims_transformations,
        |a, b| same_id(a.reference.id(), b.reference.id()),
    );
    merge_keyed(
        &mut base.validation_technical_profiles,
        &child.validation_technical_profiles,
        |a, b| same_id(a.reference.id(), b.reference.id()),
    );
}

/// Merges a declaration's steps into the merged steps by `Order` (kept
/// sorted); `on(part key, path relative to the journey)` is told each
/// step and part a declaration supplies.
fn merge_steps(
    base: &mut Vec<OrchestrationStep>,
    child: &[OrchestrationStep],
    on: &mut dyn FnMut(PartKind, PartQuery<'static>, &'static str, u32),
) {
    let mut orders_here: Vec<i32> = Vec::new();
    for (s, step) in child.iter().enumerate() {
        let rel = "/OrchestrationSteps/OrchestrationStep[#]";
        let s = idx(s);
        let o = step.order;
        if orders_here.contains(&o) {
            // Two steps with one order in one declaration (J002): the
            // merge keeps one step; readers that need every step know.
            on(PartKind::StepRepeated, PartQuery::Order(o), rel, s);
        }
        orders_here.push(o);
        on(PartKind::Step, PartQuery::Order(o), rel, s);
        if step.exchanges.is_some() || step.step_type == StepType::SendClaims {
            on(PartKind::StepClaimsExchanges, PartQuery::Order(o), rel, s);
        }
        if step.selections.is_some() || step.step_type == StepType::SendClaims {
            on(
                PartKind::StepClaimsProviderSelections,
                PartQuery::Order(o),
                rel,
                s,
            );
        }
        if !step.preconditions.is_empty() {
            on(PartKind::StepPreconditions, PartQuery::Order(o), rel, s);
        }
        match base.binary_search_by_key(&o, |b| b.order) {
            Ok(i) => merge_step(&mut base[i], step),
            Err(i) => base.insert(i, step.clone()),
        }
    }
}

/// Merges a child's restatement of a step into the base's step: the type
/// is the child's; the parts the child sets replace the base's; a step
/// that becomes `SendClaims` has no exchanges or selections.
fn merge_step(base: &mut OrchestrationStep, child: &OrchestrationStep) {
    base.step_type = child.step_type;
    if child.content_definition.is_some() {
        base.content_definition = child.content_definition.clone();
    }
    if child.cpim_issuer.is_some() {
        base.cpim_issuer = child.cpim_issuer.clone();
    }
    if !child.preconditions.is_empty() {
        base.preconditions = child.preconditions.clone();
    }
    if child.selections.is_some() {
        base.selections = child.selections.clone();
    }
    if child.exchanges.is_some() {
        base.exchanges = child.exchanges.clone();
    }
    if !child.journey_list.is_empty() {
        base.journey_list = child.journey_list.clone();
    }
    if child.step_type == StepType::SendClaims {
        base.exchanges = None;
        base.selections = None;
    }
}

/// The effective policy as one XML document (what `ief flatten` prints).
/// With `origins`, each merged element (claim types, transformations,
/// content definitions, technical profiles with their metadata items and
/// claims, journeys and their steps, …) is preceded by a comment that
/// says where it was written: `<!-- FILE:LINE -->`, and for an element
/// restated along the chain every declaration, base first. Parts of a
/// profile or journey are annotated when a file other than the element's
/// first declaration supplied them.
pub fn to_xml(
    effective: &EffectivePolicy,
    files: &[Imported],
    origins: bool,
) -> Result<String, crate::xml::EmitError> {
    let xml = crate::emit::to_xml(&effective.policy)?;
    if !origins {
        return Ok(xml);
    }
    // The emitter writes every start tag on a line of its own, so a
    // comment line before that line annotates the element.
    let Ok(doc) = roxmltree::Document::parse(&xml) else {
        return Ok(xml);
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(xml.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut notes: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let show = |o: &Origin| o.display(files);
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        let kind = match name {
            "ClaimType" => Some(ElementKind::ClaimType),
            "ClaimsTransformation" => Some(ElementKind::ClaimsTransformation),
            "Predicate" => Some(ElementKind::Predicate),
            "InputValidation" => Some(ElementKind::InputValidation),
            "PredicateValidation" => Some(ElementKind::PredicateValidation),
            "ClientDefinition" => Some(ElementKind::ClientDefinition),
            "ContentDefinition" => Some(ElementKind::ContentDefinition),
            "DisplayControl" => Some(ElementKind::DisplayControl),
            "LocalizedResources" => Some(ElementKind::LocalizedResources),
            "TechnicalProfile"
                if node
                    .parent()
                    .is_some_and(|p| p.tag_name().name() == "TechnicalProfiles") =>
            {
                Some(ElementKind::TechnicalProfile)
            }
            "UserJourney" => Some(ElementKind::UserJourney),
            "SubJourney" => Some(ElementKind::SubJourney),
            _ => None,
        };
        let note = match kind {
            Some(kind) => node
                .attribute("Id")
                .and_then(|id| effective.provenance.element(kind, id))
                .map(|e| {
                    let decls: Vec<String> = e.declarations.iter().map(show).collect();
                    match decls.split_first() {
                        Some((first, [])) => format!("from {first}"),
                        Some((first, rest)) => {
                            format!("from {first}, restated in {}", rest.join(", "))
                        }
                        None => String::new(),
                    }
                }),
            None => part_note(effective, files, node),
        };
        if let Some(note) = note.filter(|n| !n.is_empty()) {
            let line = line_starts.partition_point(|&s| s <= node.range().start) - 1;
            notes.entry(line).or_default().push(note);
        }
    }
    let mut out = String::with_capacity(xml.len() + notes.len() * 60);
    for (n, line) in xml.split_inclusive('\n').enumerate() {
        if let Some(list) = notes.get(&n) {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            for note in list {
                // `--` cannot appear in an XML comment.
                let text = note.replace("--", "- -");
                out.push_str(&format!("{indent}<!-- {text} -->\n"));
            }
        }
        out.push_str(line);
    }
    Ok(out)
}

/// The note for a part of a profile or journey (a metadata item, a claim,
/// a step), when a file other than the element's first declaration
/// supplied it.
fn part_note(
    effective: &EffectivePolicy,
    files: &[Imported],
    node: roxmltree::Node,
) -> Option<String> {
    let name = node.tag_name().name();
    let owner = |tag: &str| node.ancestors().find(|a| a.tag_name().name() == tag);
    let (kind, id, part) = match name {
        "OrchestrationStep" => {
            let journey = node
                .ancestors()
                .find(|a| matches!(a.tag_name().name(), "UserJourney" | "SubJourney"))?;
            let kind = if journey.tag_name().name() == "UserJourney" {
                ElementKind::UserJourney
            } else {
                ElementKind::SubJourney
            };
            (
                kind,
                journey.attribute("Id")?,
                format!("Step:{}", node.attribute("Order")?),
            )
        }
        "Item" if node.parent()?.tag_name().name() == "Metadata" => {
            let tp = owner("TechnicalProfile")?;
            (
                ElementKind::TechnicalProfile,
                tp.attribute("Id")?,
                format!("Metadata:{}", node.attribute("Key")?),
            )
        }
        "InputClaim" | "OutputClaim" | "PersistedClaim" => {
            let tp = owner("TechnicalProfile")?;
            if tp.parent()?.tag_name().name() != "TechnicalProfiles" {
                return None;
            }
            (
                ElementKind::TechnicalProfile,
                tp.attribute("Id")?,
                format!("{name}:{}", lc(node.attribute("ClaimTypeReferenceId")?)),
            )
        }
        _ => return None,
    };
    let element = effective.provenance.element(kind, id)?;
    let origin = element.part(&part)?;
    if element.first().is_some_and(|f| f.file == origin.file) {
        return None;
    }
    Some(format!("from {}", origin.display(files)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_str;

    #[test]
    fn source_paths_write_their_indexes_in_order() {
        let tp = SourcePath::new(
            "TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[#]/TechnicalProfiles/TechnicalProfile[#]",
            [3, 12, 0],
        );
        assert_eq!(
            tp.to_string(),
            "TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[3]/TechnicalProfiles/TechnicalProfile[12]"
        );
        let item = tp.part("/Metadata/Item[#]", 7);
        assert_eq!(
            item.to_string(),
            "TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[3]/TechnicalProfiles/TechnicalProfile[12]/Metadata/Item[7]"
        );
        assert_ne!(tp, item);
        // Ordered as the text is: `[12]` sorts before `[3]`.
        let other = SourcePath::new("A[#]", [12, 0, 0]);
        assert!(other < SourcePath::new("A[#]", [3, 0, 0]));
        assert_eq!(item, tp.part("/Metadata/Item[#]", 7));
    }

    #[test]
    fn a_source_path_names_its_element_and_parts_of_several_indexes() {
        let tp = SourcePath::new(
            "TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[#]/TechnicalProfiles/TechnicalProfile[#]",
            [3, 12],
        );
        let from = tp.parts(
            "/OutputClaims/OutputClaim[#]/From[#]@TechnicalProfileReferenceId",
            &[4, 1],
        );
        assert_eq!(
            from.to_string(),
            "TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[3]/TechnicalProfiles/TechnicalProfile[12]/OutputClaims/OutputClaim[4]/From[1]@TechnicalProfileReferenceId"
        );
        // The element a part is in: the head, whatever the part's indexes.
        assert_eq!(from.head_element(), tp);
        assert_eq!(tp.part("/Metadata/Item[#]", 9).head_element(), tp);
        assert_ne!(
            from.head_element(),
            SourcePath::new(
                "TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[#]/TechnicalProfiles/TechnicalProfile[#]",
                [3, 11],
            )
        );
        // A definition's `@Id` taken off: its element, equal to the head
        // its references are written under.
        let id = tp.parts("@Id", &[]);
        assert_eq!(id.to_string(), format!("{tp}@Id"));
        assert_eq!(id.strip_suffix("@Id"), Some(tp));
        assert_eq!(id.strip_suffix("@Other"), None);
        assert_eq!(
            SourcePath::new("A/B[#]@Id", [2]).strip_suffix("@Id"),
            Some(SourcePath::new("A/B[#]", [2]))
        );
        assert!(from.mentions("/From["));
        assert!(!from.mentions("IncludeTechnicalProfile"));
        assert!(from.starts_with("TrustFrameworkPolicy/ClaimsProviders/"));
    }

    #[test]
    fn lc_is_unicode_lowercase_with_an_ascii_shortcut() {
        for s in [
            "B2C_1A_Base",
            "already",
            "",
            "ÄÖÜ-Id",
            "KELVIN\u{212A}",
            "ΟΔΟΣ",
            "İd",
        ] {
            assert_eq!(lc(s), s.to_lowercase(), "{s}");
        }
        assert_eq!(
            lc("SelfAsserted-LocalAccountSignin-Email"),
            "selfasserted-localaccountsignin-email"
        );
    }

    fn policy(id: &str, base: Option<&str>, body: &str) -> String {
        let base = base
            .map(|b| {
                format!(
                    "<BasePolicy><TenantId>t.onmicrosoft.com</TenantId><PolicyId>{b}</PolicyId></BasePolicy>"
                )
            })
            .unwrap_or_default();
        format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="{id}" PublicPolicyUri="http://t.onmicrosoft.com/{id}">{base}{body}</TrustFrameworkPolicy>"#
        )
    }

    fn set(files: &[(&str, String)]) -> Vec<Imported> {
        files
            .iter()
            .map(|(name, xml)| match import_str(xml, (*name).to_owned()) {
                Ok(i) => i,
                Err(e) => panic!("{name} does not import: {e:?}"),
            })
            .collect()
    }

    const BASE: &str = r#"
<BuildingBlocks>
  <ClaimsSchema>
    <ClaimType Id="email"><DisplayName>Email</DisplayName><DataType>string</DataType><UserHelpText>base help</UserHelpText></ClaimType>
    <ClaimType Id="color"><DataType>string</DataType>
      <Restriction><Enumeration Text="Red" Value="red"/><Enumeration Text="Blue" Value="blue"/></Restriction></ClaimType>
  </ClaimsSchema>
</BuildingBlocks>
<ClaimsProviders>
  <ClaimsProvider>
    <DisplayName>Local</DisplayName>
    <TechnicalProfiles>
      <TechnicalProfile Id="Login">
        <Protocol Name="OpenIdConnect"/>
        <Metadata><Item Key="client_id">base-id</Item><Item Key="scope">openid</Item></Metadata>
        <InputClaims><InputClaim ClaimTypeReferenceId="email" Required="true"/></InputClaims>
        <OutputClaims><OutputClaim ClaimTypeReferenceId="email"/></OutputClaims>
      </TechnicalProfile>
      <TechnicalProfile Id="Common">
        <Protocol Name="Proprietary" Handler="H"/>
        <Metadata><Item Key="shared">yes</Item></Metadata>
        <OutputClaims><OutputClaim ClaimTypeReferenceId="color"/></OutputClaims>
      </TechnicalProfile>
      <TechnicalProfile Id="Reader">
        <Metadata><Item Key="shared">overridden</Item></Metadata>
        <IncludeTechnicalProfile ReferenceId="Common"/>
      </TechnicalProfile>
    </TechnicalProfiles>
  </ClaimsProvider>
</ClaimsProviders>
<UserJourneys>
  <UserJourney Id="SignIn">
    <OrchestrationSteps>
      <OrchestrationStep Order="1" Type="ClaimsExchange">
        <ClaimsExchanges><ClaimsExchange Id="LoginExchange" TechnicalProfileReferenceId="Login"/></ClaimsExchanges>
      </OrchestrationStep>
      <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="Common"/>
    </OrchestrationSteps>
  </UserJourney>
</UserJourneys>"#;

    const CHILD: &str = r#"
<BuildingBlocks>
  <ClaimsSchema>
    <ClaimType Id="EMAIL"><UserHelpText>child help</UserHelpText></ClaimType>
    <ClaimType Id="color">
      <Restriction MergeBehavior="Prepend"><Enumeration Text="Green" Value="green"/><Enumeration Text="Navy" Value="blue"/></Restriction></ClaimType>
  </ClaimsSchema>
</BuildingBlocks>
<ClaimsProviders>
  <ClaimsProvider>
    <DisplayName>Overrides</DisplayName>
    <TechnicalProfiles>
      <TechnicalProfile Id="login">
        <Metadata><Item Key="client_id">child-id</Item><Item Key="resource">r</Item></Metadata>
        <InputClaims><InputClaim ClaimTypeReferenceId="color" DefaultValue="red"/></InputClaims>
      </TechnicalProfile>
    </TechnicalProfiles>
  </ClaimsProvider>
</ClaimsProviders>
<UserJourneys>
  <UserJourney Id="SignIn">
    <OrchestrationSteps>
      <OrchestrationStep Order="1" Type="ClaimsExchange">
        <Preconditions><Precondition Type="ClaimsExist" ExecuteActionsIf="true"><Value>email</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>
      </OrchestrationStep>
      <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="Common"/>
      <OrchestrationStep Order="2" Type="ClaimsExchange">
        <ClaimsExchanges><ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="Reader"/></ClaimsExchanges>
      </OrchestrationStep>
    </OrchestrationSteps>
  </UserJourney>
</UserJourneys>"#;

    fn two() -> Vec<Imported> {
        set(&[
            ("base.xml", policy("B2C_1A_Base", None, BASE)),
            (
                "child.xml",
                policy("B2C_1A_Child", Some("b2c_1a_base"), CHILD),
            ),
        ])
    }

    #[test]
    fn chains_resolve_by_policy_id_ignoring_case() {
        let files = two();
        let c = chains(&files);
        assert_eq!(c[1].files, vec![1, 0]);
        assert!(c[1].is_complete());
        assert_eq!(c[0].files, vec![0]);
    }

    #[test]
    fn a_missing_base_and_a_loop_break_the_chain() {
        let files = set(&[
            ("a.xml", policy("B2C_1A_A", Some("B2C_1A_B"), "")),
            ("b.xml", policy("B2C_1A_B", Some("B2C_1A_A"), "")),
            ("c.xml", policy("B2C_1A_C", Some("B2C_1A_Gone"), "")),
        ]);
        let c = chains(&files);
        assert_eq!(c[0].broken, Some(ChainBreak::Loop { at: 1, to: 0 }));
        assert_eq!(
            c[2].broken,
            Some(ChainBreak::MissingBase {
                at: 2,
                base_id: "B2C_1A_Gone".into()
            })
        );
    }

    #[test]
    fn claim_types_merge_element_by_element_and_restrictions_by_behavior() {
        let files = two();
        let set = resolve_set(&files);
        let eff = &set.policies[1];
        let email = eff.claim_type("Email").expect("email");
        assert_eq!(email.id.id(), "email", "the first declaration's spelling");
        assert_eq!(email.display_name.as_deref(), Some("Email"));
        assert_eq!(email.user_help_text.as_deref(), Some("child help"));
        assert_eq!(email.data_type, Some(crate::claims::DataType::String));
        let color = eff.claim_type("color").expect("color");
        let Some(RestrictionValues::Enumeration(items)) =
            color.restriction.as_ref().map(|r| &r.values)
        else {
            panic!("an enumeration");
        };
        let values: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i.text.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            values,
            vec![("Green", "green"), ("Navy", "blue"), ("Red", "red")]
        );
        // The base's own effective policy is unchanged by the child.
        let base = &set.policies[0];
        assert_eq!(
            base.claim_type("email")
                .and_then(|c| c.user_help_text.as_deref()),
            Some("base help")
        );
    }

    #[test]
    fn technical_profiles_merge_metadata_by_key_and_claims_by_id() {
        let files = two();
        let eff = &resolve_set(&files).policies[1];
        let login = eff.technical_profile("LOGIN").expect("login");
        let meta: Vec<(&str, &str)> = login
            .metadata
            .iter()
            .map(|m| (m.key.as_str(), m.value.as_str()))
            .collect();
        assert_eq!(
            meta,
            vec![
                ("client_id", "child-id"),
                ("scope", "openid"),
                ("resource", "r")
            ]
        );
        let inputs: Vec<&str> = login.input_claims.iter().map(|c| c.claim.id()).collect();
        assert_eq!(inputs, vec!["email", "color"]);
        assert!(login.protocol.is_some(), "the base's protocol is kept");
        // The restating provider had nothing new: it is dropped.
        let providers: Vec<Option<&str>> = eff
            .policy
            .claims_providers
            .iter()
            .map(|c| c.display_name.as_deref())
            .collect();
        assert_eq!(providers, vec![Some("Local")]);
        // Provenance: the profile's declarations and the merged parts.
        let origin = eff
            .provenance
            .element(ElementKind::TechnicalProfile, "Login")
            .expect("provenance");
        let files_of: Vec<usize> = origin.declarations.iter().map(|o| o.file).collect();
        assert_eq!(files_of, vec![0, 1]);
        assert_eq!(origin.part("Metadata:client_id").map(|o| o.file), Some(1));
        assert_eq!(origin.part("Metadata:scope").map(|o| o.file), Some(0));
        assert_eq!(
            origin.part("InputClaim:color").map(|o| o.path.to_string()),
            Some("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[0]/TechnicalProfiles/TechnicalProfile[0]/InputClaims/InputClaim[0]".to_owned())
        );
    }

    #[test]
    fn includes_apply_with_the_same_merge() {
        let files = two();
        let eff = &resolve_set(&files).policies[1];
        let reader = eff.profile_with_includes("Reader").expect("reader");
        assert_eq!(reader.id.id(), "Reader");
        assert!(reader.protocol.is_some(), "from Common");
        assert_eq!(reader.metadata[0].value, "overridden");
        let outputs: Vec<&str> = reader.output_claims.iter().map(|c| c.claim.id()).collect();
        assert_eq!(outputs, vec!["color"]);
        // As written, without the include applied.
        let plain = eff.technical_profile("Reader").expect("reader");
        assert!(plain.protocol.is_none());
    }

    #[test]
    fn include_loops_end() {
        let body = r#"<ClaimsProviders><ClaimsProvider><TechnicalProfiles>
            <TechnicalProfile Id="A"><IncludeTechnicalProfile ReferenceId="B"/></TechnicalProfile>
            <TechnicalProfile Id="B"><Protocol Name="None"/><IncludeTechnicalProfile ReferenceId="a"/></TechnicalProfile>
        </TechnicalProfiles></ClaimsProvider></ClaimsProviders>"#;
        let files = set(&[("x.xml", policy("B2C_1A_X", None, body))]);
        let eff = &resolve_set(&files).policies[0];
        let a = eff.profile_with_includes("A").expect("a");
        assert!(a.protocol.is_some());
    }

    #[test]
    fn journeys_merge_steps_by_order() {
        let files = two();
        let eff = &resolve_set(&files).policies[1];
        let j = eff.user_journey("signin").expect("journey");
        let orders: Vec<i32> = j.steps.iter().map(|s| s.order).collect();
        assert_eq!(orders, vec![1, 2, 3]);
        // Step 1: the child's precondition, the base's exchange.
        assert_eq!(j.steps[0].preconditions.len(), 1);
        let ex: Vec<&str> = j.steps[0]
            .exchanges
            .iter()
            .flat_map(|e| e.exchanges.iter().map(|x| x.profile.id()))
            .collect();
        assert_eq!(ex, vec!["Login"]);
        // Step 2 became a claims exchange; its issuer attribute is gone
        // with the type only if the child says so (it does not).
        assert_eq!(j.steps[1].step_type, StepType::ClaimsExchange);
        assert_eq!(j.steps[2].step_type, StepType::SendClaims);
        let p = &eff.provenance;
        assert_eq!(
            p.part(ElementKind::UserJourney, "SignIn", "Step:1/Preconditions")
                .map(|o| o.file),
            Some(1)
        );
        assert_eq!(
            p.part(ElementKind::UserJourney, "SignIn", "Step:1/ClaimsExchanges")
                .map(|o| o.file),
            Some(0)
        );
    }

    #[test]
    fn the_flattened_policy_annotates_origins() {
        let files = two();
        let eff = &resolve_set(&files).policies[1];
        let plain = to_xml(eff, &files, false).expect("xml");
        assert!(!plain.contains("<!--"));
        assert!(!plain.contains("BasePolicy"));
        let xml = to_xml(eff, &files, true).expect("xml");
        let lines: Vec<&str> = xml.lines().collect();
        let at = |needle: &str| {
            lines
                .iter()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{needle} not in\n{xml}"))
        };
        let login = at(r#"<TechnicalProfile Id="Login">"#);
        assert!(
            lines[login - 1].contains("from base.xml:")
                && lines[login - 1].contains("restated in child.xml:"),
            "{}",
            lines[login - 1]
        );
        let item = at(r#"<Item Key="client_id">child-id</Item>"#);
        assert!(
            lines[item - 1].contains("from child.xml:"),
            "{}",
            lines[item - 1]
        );
        let scope = at(r#"<Item Key="scope">"#);
        assert!(
            !lines[scope - 1].contains("<!--"),
            "a base item is not annotated"
        );
        let step3 = at(r#"Order="3""#);
        assert!(
            lines[step3 - 1].contains("from child.xml:"),
            "{}",
            lines[step3 - 1]
        );
        assert!(roxmltree::Document::parse(&xml).is_ok());
    }
}
