//! Renaming an id across a policy set: its definition and every reference
//! to it, ignoring case as B2C resolves ids.
//!
//! [`rename`] edits the files' *text*: only the bytes of the id change, at
//! the places the importer's source map locates (attribute values, the
//! text of a precondition's `<Value>` or a metadata item, the id inside a
//! `{Claim:…}` claim resolver), so formatting and comments stay as they
//! were. Before it returns, every edited text is imported again and
//! compared with the original model renamed by [`rename_in_policy`] (a
//! walk over the model, written separately from the text edits): the two
//! must be equal, and no definition or reference of the old id may be
//! left in the set. Nothing is written here; the caller writes the texts
//! (all or none).
//!
//! What is renamed, per kind:
//!
//! | kind | definition | references |
//! |---|---|---|
//! | claim | `ClaimType@Id` | `ClaimTypeReferenceId` of every claim list (profiles, transformations, display controls, the relying party), precondition `<Value>` (the first, the claim), `LocalizedString`/`LocalizedCollection@ElementId` with `ElementType="ClaimType"`, metadata `ClaimTypeOnWhichToEnable`, `ClaimUsedForRequestPayload` and `UseClaimAsBearerToken`, `SubjectNamingInfo@ClaimType`, and `{Claim:id}` resolvers in `DefaultValue` attributes, metadata values, `LoadUri` and content-definition parameters |
//! | profile | `TechnicalProfile@Id` | claims exchanges, validation profiles (of profiles and display-control actions), `IncludeTechnicalProfile`, `IncludeClaimsFromTechnicalProfile`, `UseTechnicalProfileForSessionManagement`, `InputTokenSources`, `From`, the token issuer of steps and journeys, authorization profiles |
//! | transformation | `ClaimsTransformation@Id` | `InputClaimsTransformation`/`OutputClaimsTransformation@ReferenceId` |
//! | content definition | `ContentDefinition@Id` | `ContentDefinitionReferenceId` of steps and of profile metadata |
//! | journey | `UserJourney@Id` | the relying party's `DefaultUserJourney` and endpoints |
//! | sub-journey | `SubJourney@Id` | `JourneyList/Candidate@SubJourneyReferenceId` |
//! | display control | `DisplayControl@Id` | `DisplayClaim@DisplayControlReferenceId`, `LocalizedString`/`LocalizedCollection@ElementId` with `ElementType="DisplayControl"` |
//!
//! The rename is refused when the old id is defined nowhere in the set,
//! when the new id is already defined or referenced in any case (B2C would
//! take the two for one), and when the new id is not one B2C accepts
//! (empty, whitespace, characters that XML or a claim resolver would
//! read).
//!
//! ```
//! use ief_dsl::rename::{rename, RenameKind};
//!
//! let text = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
//!     PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_X"
//!     PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_X">
//!   <BuildingBlocks><ClaimsSchema>
//!     <!-- the user's family name -->
//!     <ClaimType Id="surname"><DataType>string</DataType></ClaimType>
//!   </ClaimsSchema></BuildingBlocks>
//!   <ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
//!     <TechnicalProfile Id="T"><OutputClaims>
//!       <OutputClaim ClaimTypeReferenceId="surName" />
//!     </OutputClaims></TechnicalProfile>
//!   </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
//! </TrustFrameworkPolicy>"#;
//! let done = rename(&[("base.xml".into(), text.into())], RenameKind::Claim, "surname", "familyName").unwrap();
//! assert_eq!(done.edits.len(), 2);
//! let new = done.texts[0].as_deref().unwrap();
//! assert!(new.contains(r#"<ClaimType Id="familyName">"#));
//! assert!(new.contains(r#"<OutputClaim ClaimTypeReferenceId="familyName" />"#));
//! assert!(new.contains("<!-- the user's family name -->"));
//! ```

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use roxmltree::{Document, Node};

use crate::check::index::{index_policy, RefKind};
use crate::import::{import_str, Imported};
use crate::policy::TrustFrameworkPolicy;
use crate::providers::{MetadataItem, TechnicalProfile};
use crate::resolve::lc;

/// The kinds of id [`rename`] renames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenameKind {
    /// A `ClaimType`.
    Claim,
    /// A `TechnicalProfile`.
    Profile,
    /// A `ClaimsTransformation`.
    Transformation,
    /// A `ContentDefinition`.
    ContentDefinition,
    /// A `UserJourney`.
    Journey,
    /// A `SubJourney`.
    SubJourney,
    /// A `DisplayControl`.
    DisplayControl,
}

impl RenameKind {
    /// Every kind.
    pub const ALL: [RenameKind; 7] = [
        RenameKind::Claim,
        RenameKind::Profile,
        RenameKind::Transformation,
        RenameKind::ContentDefinition,
        RenameKind::Journey,
        RenameKind::SubJourney,
        RenameKind::DisplayControl,
    ];

    /// The name on the command line (`claim`, `profile`, `transformation`,
    /// `content-definition`, `journey`, `sub-journey`, `display-control`).
    pub fn name(self) -> &'static str {
        match self {
            RenameKind::Claim => "claim",
            RenameKind::Profile => "profile",
            RenameKind::Transformation => "transformation",
            RenameKind::ContentDefinition => "content-definition",
            RenameKind::Journey => "journey",
            RenameKind::SubJourney => "sub-journey",
            RenameKind::DisplayControl => "display-control",
        }
    }

    /// The checker's kind of reference.
    pub fn ref_kind(self) -> RefKind {
        match self {
            RenameKind::Claim => RefKind::Claim,
            RenameKind::Profile => RefKind::Profile,
            RenameKind::Transformation => RefKind::Transform,
            RenameKind::ContentDefinition => RefKind::ContentDefinition,
            RenameKind::Journey => RefKind::Journey,
            RenameKind::SubJourney => RefKind::SubJourney,
            RenameKind::DisplayControl => RefKind::DisplayControl,
        }
    }

    /// The `ElementType` of localized strings about elements of this kind.
    fn element_type(self) -> Option<&'static str> {
        match self {
            RenameKind::Claim => Some("ClaimType"),
            RenameKind::DisplayControl => Some("DisplayControl"),
            _ => None,
        }
    }
}

impl fmt::Display for RenameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RenameKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        RenameKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = RenameKind::ALL.iter().map(|k| k.name()).collect();
                format!("`{s}` is not a kind of id: one of {}", names.join(", "))
            })
    }
}

/// Metadata keys whose value is a claim id.
const CLAIM_METADATA_KEYS: [&str; 3] = [
    "ClaimTypeOnWhichToEnable",
    "ClaimUsedForRequestPayload",
    "UseClaimAsBearerToken",
];

/// One edit of a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The file (index into the sources given).
    pub file: usize,
    /// The bytes replaced, in the file's text.
    pub range: Range<usize>,
    /// Line of the edit, from 1.
    pub line: u32,
    /// Column of the edit, from 1, in characters.
    pub column: u32,
    /// The text replaced (the old id as written there).
    pub old: String,
    /// The text put in its place.
    pub new: String,
    /// The source-map path of the attribute or element edited.
    pub path: String,
}

/// The result of a rename: the edits and the new texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// Every edit, by file then position.
    pub edits: Vec<Edit>,
    /// The new text of each source, `None` for a file that does not change.
    pub texts: Vec<Option<String>>,
}

/// Why a rename was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    /// A file does not import.
    #[error("{0}")]
    Import(crate::import::ImportError),
    /// The new id is not one B2C accepts.
    #[error("`{new}` is not a valid id: it {why}")]
    InvalidId {
        /// The new id.
        new: String,
        /// What is wrong.
        why: &'static str,
    },
    /// The old id is not defined in the set.
    #[error("no {kind} `{old}` is defined in the set")]
    Unknown {
        /// The kind.
        kind: RenameKind,
        /// The old id.
        old: String,
        /// A near id, if any.
        suggestion: Option<String>,
    },
    /// The new id is already defined or referenced (in any case).
    #[error("the {kind} id `{new}` is taken: {where_}")]
    Taken {
        /// The kind.
        kind: RenameKind,
        /// The new id.
        new: String,
        /// Where it is used, in words (`FILE:LINE:COL: defined as `X``).
        where_: String,
    },
    /// A place to edit could not be found in the text (the id is written
    /// with a character reference, or split by a comment).
    #[error("{file}:{line}:{column}: cannot edit the id `{old}` in place ({why})")]
    Unlocated {
        /// The file.
        file: String,
        /// Line, from 1 (0 when unknown).
        line: u32,
        /// Column, from 1 (0 when unknown).
        column: u32,
        /// The old id.
        old: String,
        /// Why.
        why: String,
    },
    /// The edited text does not read back as the renamed model (a bug).
    #[error(
        "{file}: the edited text does not equal the renamed policy ({why}); nothing was changed"
    )]
    Verify {
        /// The file.
        file: String,
        /// What differs.
        why: String,
    },
}

/// What is wrong with `id` as a new id, if anything.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if id.chars().any(char::is_whitespace) {
        Some("contains whitespace")
    } else if id.chars().any(char::is_control) {
        Some("contains a control character")
    } else if id
        .chars()
        .any(|c| matches!(c, '<' | '>' | '&' | '"' | '\''))
    {
        Some("contains a character XML must escape (< > & \" ')")
    } else if id.chars().any(|c| matches!(c, '{' | '}')) {
        Some("contains a brace, which claim resolvers and settings placeholders use")
    } else {
        None
    }
}

/// How the id sits at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// The whole attribute value or element text (surrounding whitespace
    /// of an element's text kept).
    Whole,
    /// Inside `{Claim:…}` resolvers of the value.
    Resolver,
}

/// A place in a file that holds the old id.
#[derive(Debug, Clone)]
struct Site {
    path: String,
    how: How,
}

/// The ranges of the ids inside `{Claim:ID}` resolvers of `value` whose id
/// equals `old` ignoring case (the prefix ignoring ASCII case).
fn resolver_ids(value: &str, old_lc: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = value[from..].find('{').map(|i| i + from) {
        let rest = &value[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let inner = &rest[..close];
        if let Some((prefix, id)) = inner.split_once(':') {
            if prefix.eq_ignore_ascii_case("claim") && lc(id) == old_lc {
                let start = open + 1 + prefix.len() + 1;
                out.push(start..start + id.len());
            }
        }
        from = open + 1;
    }
    out
}

/// `value` with the ids of [`resolver_ids`] replaced by `new`.
fn replace_resolvers(value: &str, old_lc: &str, new: &str) -> Option<String> {
    let ranges = resolver_ids(value, old_lc);
    if ranges.is_empty() {
        return None;
    }
    let mut s = value.to_owned();
    for r in ranges.into_iter().rev() {
        s.replace_range(r, new);
    }
    Some(s)
}

/// The places of `old` (kind `kind`) in one policy, as source-map paths.
fn sites(p: &TrustFrameworkPolicy, kind: RenameKind, old_lc: &str) -> Vec<Site> {
    let idx = index_policy(p);
    let rk = kind.ref_kind();
    let mut out = Vec::new();
    for d in idx
        .defs
        .iter()
        .filter(|d| d.kind == rk && lc(&d.id) == old_lc)
    {
        out.push(Site {
            path: d.path.to_string(),
            how: How::Whole,
        });
    }
    for r in idx
        .refs
        .iter()
        .filter(|r| r.kind == rk && lc(&r.id) == old_lc)
    {
        out.push(Site {
            path: r.path.to_string(),
            how: How::Whole,
        });
    }
    let root = "TrustFrameworkPolicy";
    let bbp = format!("{root}/BuildingBlocks[0]");
    // Localized strings of display controls (the index knows claims').
    if kind == RenameKind::DisplayControl {
        if let Some(loc) = &p.building_blocks.localization {
            for (i, res) in loc.resources.iter().enumerate() {
                let rp = format!("{bbp}/Localization[0]/LocalizedResources[{i}]");
                for (n, s) in res.strings.iter().enumerate() {
                    if s.element_type == "DisplayControl"
                        && s.element_id.as_deref().map(lc).as_deref() == Some(old_lc)
                    {
                        out.push(Site {
                            path: format!("{rp}/LocalizedStrings/LocalizedString[{n}]@ElementId"),
                            how: How::Whole,
                        });
                    }
                }
                for (n, c) in res.collections.iter().enumerate() {
                    if c.element_type == "DisplayControl" && lc(&c.element_id) == old_lc {
                        out.push(Site {
                            path: format!(
                                "{rp}/LocalizedCollections/LocalizedCollection[{n}]@ElementId"
                            ),
                            how: How::Whole,
                        });
                    }
                }
            }
        }
    }
    // `IncludeClaimsFromTechnicalProfile` (the index leaves it to T007).
    if kind == RenameKind::Profile {
        for (j, cp) in p.claims_providers.iter().enumerate() {
            for (k, tp) in cp.technical_profiles.iter().enumerate() {
                if tp
                    .include_claims_from_technical_profile
                    .as_ref()
                    .is_some_and(|r| lc(r.id()) == old_lc)
                {
                    out.push(Site {
                        path: format!("{root}/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]/IncludeClaimsFromTechnicalProfile[0]"),
                        how: How::Whole,
                    });
                }
            }
        }
    }
    if kind != RenameKind::Claim {
        return out;
    }
    // Claims: what the index does not list.
    let profile = |tp: &TechnicalProfile, base: &str, out: &mut Vec<Site>| {
        let claim_lists = [
            (
                "InputClaims/InputClaim",
                tp.input_claims
                    .iter()
                    .map(|c| &c.default_value)
                    .collect::<Vec<_>>(),
            ),
            (
                "OutputClaims/OutputClaim",
                tp.output_claims.iter().map(|c| &c.default_value).collect(),
            ),
            (
                "PersistedClaims/PersistedClaim",
                tp.persisted_claims
                    .iter()
                    .map(|c| &c.default_value)
                    .collect(),
            ),
        ];
        for (list, values) in claim_lists {
            for (n, v) in values.into_iter().enumerate() {
                if v.as_deref()
                    .is_some_and(|v| !resolver_ids(v, old_lc).is_empty())
                {
                    out.push(Site {
                        path: format!("{base}/{list}[{n}]@DefaultValue"),
                        how: How::Resolver,
                    });
                }
            }
        }
        for (n, item) in tp.metadata.iter().enumerate() {
            let path = format!("{base}/Metadata/Item[{n}]");
            // ClaimTypeOnWhichToEnable is in the index already.
            if CLAIM_METADATA_KEYS[1..].contains(&item.key.as_str())
                && lc(item.value.trim()) == old_lc
            {
                out.push(Site {
                    path,
                    how: How::Whole,
                });
            } else if !resolver_ids(&item.value, old_lc).is_empty() {
                out.push(Site {
                    path,
                    how: How::Resolver,
                });
            }
        }
        if let Some(sni) = &tp.subject_naming_info {
            if lc(&sni.claim_type) == old_lc {
                out.push(Site {
                    path: format!("{base}/SubjectNamingInfo[0]@ClaimType"),
                    how: How::Whole,
                });
            }
        }
    };
    for (j, cp) in p.claims_providers.iter().enumerate() {
        for (k, tp) in cp.technical_profiles.iter().enumerate() {
            let base = format!("{root}/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]");
            profile(tp, &base, &mut out);
        }
    }
    if let Some(rp) = &p.relying_party {
        for (k, tp) in rp.technical_profiles.iter().enumerate() {
            profile(
                tp,
                &format!("{root}/RelyingParty[0]/TechnicalProfile[{k}]"),
                &mut out,
            );
        }
        if let Some(b) = &rp.user_journey_behaviors {
            for (n, par) in b.content_definition_parameters.iter().enumerate() {
                if !resolver_ids(&par.value, old_lc).is_empty() {
                    out.push(Site {
                        path: format!("{root}/RelyingParty[0]/UserJourneyBehaviors[0]/ContentDefinitionParameters/Parameter[{n}]"),
                        how: How::Resolver,
                    });
                }
            }
        }
    }
    for (i, cd) in p.building_blocks.content_definitions.iter().enumerate() {
        if cd
            .load_uri
            .as_deref()
            .is_some_and(|v| !resolver_ids(v, old_lc).is_empty())
        {
            out.push(Site {
                path: format!("{bbp}/ContentDefinitions/ContentDefinition[{i}]/LoadUri[0]"),
                how: How::Resolver,
            });
        }
    }
    for (i, dc) in p.building_blocks.display_controls.iter().enumerate() {
        let dp = format!("{bbp}/DisplayControls/DisplayControl[{i}]");
        for (list, claims) in [
            ("InputClaims/InputClaim", &dc.input_claims),
            ("OutputClaims/OutputClaim", &dc.output_claims),
        ] {
            for (n, c) in claims.iter().enumerate() {
                if c.default_value
                    .as_deref()
                    .is_some_and(|v| !resolver_ids(v, old_lc).is_empty())
                {
                    out.push(Site {
                        path: format!("{dp}/{list}[{n}]@DefaultValue"),
                        how: How::Resolver,
                    });
                }
            }
        }
    }
    out
}

/// Finds the node a source-map path names in `doc`: its last segment's
/// attribute (`@Name`) value range, or the element's text range.
fn locate(doc: &Document<'_>, path: &str) -> Result<Range<usize>, String> {
    let (elements, attr) = match path.rsplit_once('@') {
        Some((e, a)) => (e, Some(a)),
        None => (path, None),
    };
    let mut segs = elements.split('/');
    let root = doc.root_element();
    if segs.next() != Some(root.tag_name().name()) {
        return Err("the path does not start at the root".into());
    }
    // The current set: one element, or several wrappers of one name.
    let mut current: Vec<Node<'_, '_>> = vec![root];
    for seg in segs {
        let (name, index) = match seg.split_once('[') {
            Some((n, i)) => (
                n,
                Some(
                    i.trim_end_matches(']')
                        .parse::<usize>()
                        .map_err(|_| format!("bad path segment `{seg}`"))?,
                ),
            ),
            None => (seg, None),
        };
        let found: Vec<Node<'_, '_>> = current
            .iter()
            .flat_map(|n| n.children())
            .filter(|c| c.is_element() && c.tag_name().name() == name)
            .collect();
        current = match index {
            Some(i) => vec![*found.get(i).ok_or_else(|| format!("no element `{seg}`"))?],
            None => found,
        };
    }
    let [node] = current.as_slice() else {
        return Err("the path names no single element".into());
    };
    match attr {
        Some(a) => node
            .attributes()
            .find(|x| x.namespace().is_none() && x.name() == a)
            .map(|x| x.range_value())
            .ok_or_else(|| format!("no attribute `{a}`")),
        None => {
            let texts: Vec<Node<'_, '_>> = node.children().filter(|c| c.is_text()).collect();
            if node.children().any(|c| !c.is_text()) || texts.len() != 1 {
                return Err("the element's text is not one piece of text".into());
            }
            Ok(texts[0].range())
        }
    }
}

fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[col_start..].chars().count() + 1;
    (line as u32, column as u32)
}

/// Renames the `kind` id `old` to `new` in the set `sources` (file name,
/// text), as the module docs say. Returns the edits and the new texts;
/// writes nothing.
pub fn rename(
    sources: &[(String, String)],
    kind: RenameKind,
    old: &str,
    new: &str,
) -> Result<Renamed, RenameError> {
    if let Some(why) = id_problem(new) {
        return Err(RenameError::InvalidId {
            new: new.to_owned(),
            why,
        });
    }
    let old_lc = lc(old);
    let new_lc = lc(new);
    if old_lc == new_lc {
        return Err(RenameError::Taken {
            kind,
            new: new.to_owned(),
            where_: format!("it is `{old}` itself: ids that differ only in case are one id to B2C"),
        });
    }
    let mut files: Vec<Imported> = Vec::new();
    for (name, text) in sources {
        files.push(import_str(text, name.clone()).map_err(|errors| {
            RenameError::Import(errors.into_iter().next().unwrap_or_else(|| {
                crate::import::ImportError {
                    file: name.clone(),
                    line: 1,
                    column: 1,
                    message: "the file does not import".into(),
                    help: None,
                }
            }))
        })?);
    }
    // The old id must be defined; the new one must be free.
    let rk = kind.ref_kind();
    let mut defined = false;
    let mut all_ids: Vec<String> = Vec::new();
    for f in &files {
        let idx = index_policy(&f.policy);
        for d in idx.defs.iter().filter(|d| d.kind == rk) {
            all_ids.push(d.id.clone());
            if lc(&d.id) == old_lc {
                defined = true;
            }
            if lc(&d.id) == new_lc {
                let pos = f
                    .source_map
                    .locate(&d.path.to_string())
                    .unwrap_or(crate::import::Pos { line: 0, column: 0 });
                return Err(RenameError::Taken {
                    kind,
                    new: new.to_owned(),
                    where_: format!(
                        "{}:{}:{}: defined as `{}`",
                        f.file, pos.line, pos.column, d.id
                    ),
                });
            }
        }
        if let Some(r) = idx
            .refs
            .iter()
            .find(|r| r.kind == rk && lc(&r.id) == new_lc)
        {
            let pos = f
                .source_map
                .locate(&r.path.to_string())
                .unwrap_or(crate::import::Pos { line: 0, column: 0 });
            return Err(RenameError::Taken {
                kind,
                new: new.to_owned(),
                where_: format!(
                    "{}:{}:{}: {} refers to `{}`",
                    f.file, pos.line, pos.column, r.role, r.id
                ),
            });
        }
    }
    if !defined {
        let suggestion =
            crate::import::did_you_mean(old, all_ids.iter().map(String::as_str)).map(str::to_owned);
        return Err(RenameError::Unknown {
            kind,
            old: old.to_owned(),
            suggestion,
        });
    }
    // The text edits.
    let mut edits = Vec::new();
    let mut texts = Vec::new();
    for (fi, ((name, text), file)) in sources.iter().zip(&files).enumerate() {
        let sites = sites(&file.policy, kind, &old_lc);
        if sites.is_empty() {
            texts.push(None);
            continue;
        }
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = &text[bom..];
        let doc = Document::parse_with_options(
            body,
            roxmltree::ParsingOptions {
                allow_dtd: false,
                ..Default::default()
            },
        )
        .map_err(|e| RenameError::Unlocated {
            file: name.clone(),
            line: 0,
            column: 0,
            old: old.to_owned(),
            why: e.to_string(),
        })?;
        let mut file_edits: Vec<Edit> = Vec::new();
        for site in &sites {
            let unlocated = |why: String| {
                let pos = file
                    .source_map
                    .locate(&site.path)
                    .unwrap_or(crate::import::Pos { line: 0, column: 0 });
                RenameError::Unlocated {
                    file: name.clone(),
                    line: pos.line,
                    column: pos.column,
                    old: old.to_owned(),
                    why,
                }
            };
            let range = locate(&doc, &site.path).map_err(unlocated)?;
            let raw = &body[range.clone()];
            let ranges: Vec<Range<usize>> = match site.how {
                How::Whole => {
                    let lead = raw.len() - raw.trim_start().len();
                    let trimmed = raw.trim();
                    if lc(trimmed) != old_lc {
                        return Err(unlocated(format!(
                            "the text there is `{trimmed}`, written with a character reference or entity"
                        )));
                    }
                    std::iter::once(range.start + lead..range.start + lead + trimmed.len())
                        .collect()
                }
                How::Resolver => {
                    let found = resolver_ids(raw, &old_lc);
                    if found.is_empty() {
                        return Err(unlocated(
                            "the claim resolver is written with a character reference".into(),
                        ));
                    }
                    found
                        .into_iter()
                        .map(|r| range.start + r.start..range.start + r.end)
                        .collect()
                }
            };
            for r in ranges {
                let (line, column) = line_col(body, r.start);
                file_edits.push(Edit {
                    file: fi,
                    range: r.start + bom..r.end + bom,
                    line,
                    column,
                    old: body[r.clone()].to_owned(),
                    new: new.to_owned(),
                    path: site.path.clone(),
                });
            }
        }
        file_edits.sort_by_key(|e| e.range.start);
        file_edits.dedup_by_key(|e| e.range.start);
        let mut out = text.clone();
        for e in file_edits.iter().rev() {
            out.replace_range(e.range.clone(), &e.new);
        }
        // The proof: the edited text reads back as the renamed model.
        let reread = import_str(&out, name.clone()).map_err(|e| RenameError::Verify {
            file: name.clone(),
            why: format!(
                "it does not import: {}",
                e.first().map(|e| e.to_string()).unwrap_or_default()
            ),
        })?;
        let mut expected = file.policy.clone();
        rename_in_policy(&mut expected, kind, old, new);
        // Equal models; or, should the model keep something positional
        // besides the meaning, equal canonical forms.
        let same = reread.policy == expected || {
            let a = crate::emit::to_xml(&reread.policy);
            let b = crate::emit::to_xml(&expected);
            matches!((a, b), (Ok(a), Ok(b)) if a == b)
        };
        if !same {
            return Err(RenameError::Verify {
                file: name.clone(),
                why: "a part was edited in the text and not in the model, or the other way round"
                    .into(),
            });
        }
        edits.extend(file_edits);
        texts.push(Some(out));
    }
    // Nothing of the old id is left, and no file changed that had nothing
    // to change.
    for (fi, f) in files.iter().enumerate() {
        let policy = match &texts[fi] {
            Some(t) => match import_str(t, f.file.clone()) {
                Ok(i) => i.policy,
                Err(_) => continue,
            },
            None => {
                let mut p = f.policy.clone();
                if rename_in_policy(&mut p, kind, old, new) > 0 {
                    return Err(RenameError::Verify {
                        file: f.file.clone(),
                        why: "the model has a reference the text edits did not find".into(),
                    });
                }
                continue;
            }
        };
        let idx = index_policy(&policy);
        let left = idx
            .defs
            .iter()
            .map(|d| (d.kind, &d.id, &d.path))
            .chain(idx.refs.iter().map(|r| (r.kind, &r.id, &r.path)))
            .find(|(k, id, _)| *k == rk && lc(id) == old_lc);
        if let Some((_, _, path)) = left {
            return Err(RenameError::Verify {
                file: f.file.clone(),
                why: format!("`{old}` is still named at {path}"),
            });
        }
    }
    Ok(Renamed { edits, texts })
}

/// A handle whose id can be replaced.
trait Handle {
    fn get(&self) -> &str;
    fn put(&mut self, id: &str);
}

macro_rules! handle {
    ($($t:ident),*) => {$(
        impl<P> Handle for crate::refs::$t<P> {
            fn get(&self) -> &str {
                self.id()
            }
            fn put(&mut self, id: &str) {
                *self = crate::refs::$t::from_xml_id(id);
            }
        }
    )*};
}

handle!(
    ClaimRef,
    ProfileRef,
    TransformRef,
    ContentDefRef,
    JourneyRef,
    SubJourneyRef,
    DisplayControlRef
);

/// The model-level rename: every definition of and reference to the
/// `kind` id `old` (ignoring case) in `policy` becomes `new`, at the same
/// places [`rename`] edits the text. Returns how many places changed.
pub fn rename_in_policy(
    policy: &mut TrustFrameworkPolicy,
    kind: RenameKind,
    old: &str,
    new: &str,
) -> usize {
    let mut r = Renamer {
        kind,
        old: lc(old),
        new: new.to_owned(),
        count: 0,
    };
    r.policy(policy);
    rename_trivia(&mut policy.trivia, kind, old, new);
    r.count
}

/// The elements whose trivia anchor is keyed by an id of `kind` (their
/// first [`KEY_ATTRIBUTES`](crate::trivia::KEY_ATTRIBUTES) attribute holds
/// it), so a rename moves their comments with them.
fn keyed_by(kind: RenameKind) -> &'static [&'static str] {
    use RenameKind as K;
    match kind {
        K::Claim => &[
            "ClaimType",
            "InputClaim",
            "OutputClaim",
            "PersistedClaim",
            "DisplayClaim",
        ],
        K::Profile => &[
            "TechnicalProfile",
            "ValidationTechnicalProfile",
            "IncludeTechnicalProfile",
            "UseTechnicalProfileForSessionManagement",
            "ValidationClaimsExchangeTechnicalProfile",
        ],
        K::Transformation => &[
            "ClaimsTransformation",
            "InputClaimsTransformation",
            "OutputClaimsTransformation",
        ],
        K::ContentDefinition => &["ContentDefinition"],
        K::Journey => &["UserJourney", "DefaultUserJourney"],
        K::SubJourney => &["SubJourney"],
        K::DisplayControl => &["DisplayControl"],
    }
}

/// Moves the trivia of every renamed element to its new anchor.
fn rename_trivia(trivia: &mut crate::trivia::Trivia, kind: RenameKind, old: &str, new: &str) {
    use crate::trivia::{base_segment, segment, split_segment};
    let names = keyed_by(kind);
    let old = lc(old);
    trivia.map_anchors(|anchor| {
        let mut changed = false;
        let segments: Vec<String> = anchor
            .split('/')
            .map(|seg| {
                let (name, key, n) = split_segment(seg);
                match key {
                    Some(k) if names.contains(&name) && lc(&k) == old => {
                        changed = true;
                        segment(base_segment(name, Some(new)), n)
                    }
                    _ => seg.to_owned(),
                }
            })
            .collect();
        changed.then(|| segments.join("/"))
    });
}

struct Renamer {
    kind: RenameKind,
    old: String,
    new: String,
    count: usize,
}

impl Renamer {
    fn id<H: Handle>(&mut self, of: RenameKind, h: &mut H) {
        if of == self.kind && lc(h.get()) == self.old {
            h.put(&self.new);
            self.count += 1;
        }
    }

    fn opt<H: Handle>(&mut self, of: RenameKind, h: &mut Option<H>) {
        if let Some(h) = h {
            self.id(of, h);
        }
    }

    /// A string holding the whole id (whitespace around it kept).
    fn text(&mut self, of: RenameKind, s: &mut String) {
        if of == self.kind && lc(s.trim()) == self.old {
            let lead = s.len() - s.trim_start().len();
            let len = s.trim().len();
            s.replace_range(lead..lead + len, &self.new);
            self.count += 1;
        }
    }

    fn resolvers(&mut self, s: &mut String) {
        if self.kind != RenameKind::Claim {
            return;
        }
        if let Some(done) = replace_resolvers(s, &self.old, &self.new) {
            *s = done;
            self.count += 1;
        }
    }

    fn opt_resolvers(&mut self, s: &mut Option<String>) {
        if let Some(s) = s {
            self.resolvers(s);
        }
    }

    fn preconditions(&mut self, list: &mut [crate::journeys::Precondition]) {
        for p in list {
            if let Some(v) = p.values.first_mut() {
                // The index takes the first value as written.
                if self.kind == RenameKind::Claim && lc(v) == self.old {
                    *v = self.new.clone();
                    self.count += 1;
                }
            }
        }
    }

    fn localized(&mut self, element_type: &str, id: &mut String) {
        if self.kind.element_type() == Some(element_type) && lc(id) == self.old {
            *id = self.new.clone();
            self.count += 1;
        }
    }

    fn metadata(&mut self, items: &mut [MetadataItem], profile: bool) {
        use RenameKind as K;
        for item in items {
            match item.key.as_str() {
                "ContentDefinitionReferenceId" if profile => {
                    self.text(K::ContentDefinition, &mut item.value)
                }
                k if profile && CLAIM_METADATA_KEYS.contains(&k) => {
                    let before = self.count;
                    self.text(K::Claim, &mut item.value);
                    if before == self.count {
                        self.resolvers(&mut item.value);
                    }
                }
                _ if profile => self.resolvers(&mut item.value),
                _ => {}
            }
        }
    }

    fn profile(&mut self, tp: &mut TechnicalProfile, define: bool) {
        use RenameKind as K;
        if define {
            self.id(K::Profile, &mut tp.id);
        }
        self.metadata(&mut tp.metadata, true);
        self.opt(K::Profile, &mut tp.include_claims_from_technical_profile);
        if let Some(sni) = &mut tp.subject_naming_info {
            if self.kind == K::Claim && lc(&sni.claim_type) == self.old {
                sni.claim_type = self.new.clone();
                self.count += 1;
            }
        }
        for c in &mut tp.input_claims {
            self.id(K::Claim, &mut c.claim);
            self.opt_resolvers(&mut c.default_value);
        }
        for c in &mut tp.display_claims {
            self.opt(K::Claim, &mut c.claim);
            self.opt(K::DisplayControl, &mut c.display_control);
        }
        for c in &mut tp.persisted_claims {
            self.id(K::Claim, &mut c.claim);
            self.opt_resolvers(&mut c.default_value);
        }
        for c in &mut tp.output_claims {
            self.id(K::Claim, &mut c.claim);
            self.opt_resolvers(&mut c.default_value);
            for f in &mut c.from {
                self.id(K::Profile, &mut f.profile);
            }
        }
        for t in &mut tp.input_claims_transformations {
            self.id(K::Transformation, &mut t.reference);
        }
        for t in &mut tp.output_claims_transformations {
            self.id(K::Transformation, &mut t.reference);
        }
        for v in &mut tp.validation_technical_profiles {
            self.id(K::Profile, &mut v.reference);
            self.preconditions(&mut v.preconditions);
        }
        for s in &mut tp.input_token_sources {
            self.id(K::Profile, &mut s.id);
        }
        if let Some(inc) = &mut tp.include_technical_profile {
            self.id(K::Profile, &mut inc.reference);
        }
        if let Some(sm) = &mut tp.session_management {
            self.id(K::Profile, &mut sm.reference);
        }
    }

    fn steps(&mut self, steps: &mut [crate::journeys::OrchestrationStep]) {
        use RenameKind as K;
        for step in steps {
            self.opt(K::ContentDefinition, &mut step.content_definition);
            self.opt(K::Profile, &mut step.cpim_issuer);
            self.preconditions(&mut step.preconditions);
            if let Some(ex) = &mut step.exchanges {
                for x in &mut ex.exchanges {
                    self.id(K::Profile, &mut x.profile);
                }
            }
            for c in &mut step.journey_list {
                self.id(K::SubJourney, &mut c.sub_journey);
            }
        }
    }

    fn policy(&mut self, p: &mut TrustFrameworkPolicy) {
        use RenameKind as K;
        let bb = &mut p.building_blocks;
        for c in &mut bb.claims_schema {
            self.id(K::Claim, &mut c.id);
        }
        for t in &mut bb.claims_transformations {
            self.id(K::Transformation, &mut t.id);
            for c in &mut t.input_claims {
                self.id(K::Claim, &mut c.claim);
            }
            for c in &mut t.output_claims {
                self.id(K::Claim, &mut c.claim);
            }
        }
        for cd in &mut bb.content_definitions {
            self.id(K::ContentDefinition, &mut cd.id);
            self.opt_resolvers(&mut cd.load_uri);
        }
        if let Some(loc) = &mut bb.localization {
            for res in &mut loc.resources {
                for s in &mut res.strings {
                    if let Some(id) = &mut s.element_id {
                        self.localized(&s.element_type, id);
                    }
                }
                for c in &mut res.collections {
                    self.localized(&c.element_type, &mut c.element_id);
                }
            }
        }
        for dc in &mut bb.display_controls {
            self.id(K::DisplayControl, &mut dc.id);
            for c in dc
                .input_claims
                .iter_mut()
                .chain(dc.output_claims.iter_mut())
            {
                self.opt(K::Claim, &mut c.claim);
                self.opt_resolvers(&mut c.default_value);
            }
            for c in &mut dc.display_claims {
                self.opt(K::Claim, &mut c.claim);
            }
            for a in &mut dc.actions {
                for vp in &mut a.profiles {
                    self.id(K::Profile, &mut vp.profile);
                    self.preconditions(&mut vp.preconditions);
                }
            }
        }
        for cp in &mut p.claims_providers {
            for tp in &mut cp.technical_profiles {
                self.profile(tp, true);
            }
        }
        for j in &mut p.user_journeys {
            self.id(K::Journey, &mut j.id);
            self.opt(K::Profile, &mut j.default_cpim_issuer);
            if let Some(auth) = &mut j.authorization {
                for a in &mut auth.profiles {
                    self.id(K::Profile, &mut a.reference);
                }
            }
            self.steps(&mut j.steps);
        }
        for s in &mut p.sub_journeys {
            self.id(K::SubJourney, &mut s.id);
            self.steps(&mut s.steps);
        }
        if let Some(rp) = &mut p.relying_party {
            if let Some(dj) = &mut rp.default_user_journey {
                self.id(K::Journey, &mut dj.reference);
            }
            for e in &mut rp.endpoints {
                self.id(K::Journey, &mut e.journey);
            }
            if let Some(b) = &mut rp.user_journey_behaviors {
                for par in &mut b.content_definition_parameters {
                    self.resolvers(&mut par.value);
                }
            }
            for tp in &mut rp.technical_profiles {
                self.profile(tp, false);
            }
        }
    }
}
