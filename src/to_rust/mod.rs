//! XML to Rust: a Cargo crate that writes an existing policy set again,
//! from the typed DSL (`ief import --to-rust`).
//!
//! [`generate`] takes the imported files of a set ([`SourcePolicy`], from
//! [`crate::import::import_bytes`]) and returns the files of a crate
//! ([`Generated`]):
//!
//! - `Cargo.toml` (depending on `ief` by version, or by path),
//! - `src/main.rs`: one module per policy file and a `main` that writes the
//!   set with [`crate::emit::PolicySet`] into the folder given as its first
//!   argument (`generated/` by default),
//! - `src/<file_stem>.rs` per policy (snake case of the file name): a
//!   `declare!` of every id the file defines, with its data type for claims
//!   and its claims provider for profiles (`restated` for ids its base chain
//!   defines), one function per definition built with the builders,
//!   `journey!` for the journeys it can express, and `policy()`, which fills
//!   `Definitions`, calls `into_policy` and sets what a declaration does not
//!   cover (header attributes, the relying party, the localization's
//!   languages),
//! - `src/settings.rs` and `settings.toml` when the files use VS Code
//!   extension placeholders (`{Settings:Key}`): each placeholder becomes a
//!   field of one `Values` struct read at start by `settings::load()`.
//!
//! Every reference goes through a declared handle, so an id misspelt in the
//! generated code is a compile error. A reference that does not resolve in
//! its file's chain, or that differs in case from its declaration, is kept
//! as written through a run-time handle (`from_string`) and listed in
//! [`Generated::unchecked`]. The one part of the schema that the DSL keeps
//! as verbatim XML (`TechnicalProfile/Extensions`) stays verbatim and is
//! listed in [`Generated::verbatim`] and in a comment of the generated
//! module.
//!
//! Comments and the rest of the model's trivia table (processing
//! instructions, blank lines, kept empty elements, `xsi:` attributes,
//! typed placeholders) are generated as a table of
//! [`Row`](crate::trivia::Row) literals that `policy()` puts back into
//! `policy.trivia`, so the crate writes them at their place. A
//! [`CommentSource`] may add doc comments on top; [`NoComments`] (the
//! default) adds none.

mod names;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::check::journey::JourneyShape;
use crate::claims::{
    ClaimType, DataType, InputValidation, Mask, PartnerClaimType, Predicate, PredicateReferences,
    PredicateValidation, Restriction, RestrictionValues,
};
use crate::content::{
    ClientDefinition, ContentDefinition, DisplayControl, DisplayControlAction, LocalizedResources,
    LocalizedResourcesReferences,
};
use crate::journeys::{
    Authorization, ClaimsExchanges, ClaimsProviderSelections, OrchestrationStep, Precondition,
    PreconditionAction, PreconditionType, SelectionDisplayOption, SubJourney, UserJourney,
};
use crate::policy::TrustFrameworkPolicy;
use crate::providers::{
    ClaimsProvider, DisplayClaim, ErrorHandler, FromProfile, PersistedClaim, ProfileClaim,
    Protocol, ProtocolName, TechnicalProfile, ValidationTechnicalProfile,
};
use crate::relying_party::{RelyingParty, UserJourneyBehaviors};

/// The module name a policy file gets in the generated crate (snake case
/// of its file stem, `policy_` in front when that is not a usable module
/// name).
pub fn module_name_of(file_stem: &str) -> String {
    names::module_name(file_stem)
}

/// The kinds of elements a policy defines by id (the sections of
/// `declare!`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `ClaimType`.
    Claims,
    /// `ClaimsTransformation`.
    Transforms,
    /// `TechnicalProfile`.
    Profiles,
    /// `ContentDefinition`.
    ContentDefinitions,
    /// `UserJourney`.
    Journeys,
    /// `SubJourney`.
    SubJourneys,
    /// `DisplayControl`.
    DisplayControls,
    /// `Predicate`.
    Predicates,
    /// `PredicateValidation`.
    PredicateValidations,
    /// `InputValidation`.
    InputValidations,
    /// `LocalizedResources`.
    LocalizedResources,
    /// `ClientDefinition`.
    ClientDefinitions,
}

impl Kind {
    /// The `declare!` section and scope module of this kind.
    pub fn module(self) -> &'static str {
        match self {
            Kind::Claims => "claims",
            Kind::Transforms => "transforms",
            Kind::Profiles => "profiles",
            Kind::ContentDefinitions => "content_definitions",
            Kind::Journeys => "journeys",
            Kind::SubJourneys => "sub_journeys",
            Kind::DisplayControls => "display_controls",
            Kind::Predicates => "predicates",
            Kind::PredicateValidations => "predicate_validations",
            Kind::InputValidations => "input_validations",
            Kind::LocalizedResources => "localized_resources",
            Kind::ClientDefinitions => "client_definitions",
        }
    }

    /// The suffix a handle name gets when its plain name is taken, and
    /// the prefix of the function that builds a definition of this kind.
    fn suffix(self) -> &'static str {
        match self {
            Kind::Claims => "CLAIM",
            Kind::Transforms => "TRANSFORM",
            Kind::Profiles => "PROFILE",
            Kind::ContentDefinitions => "PAGE",
            Kind::Journeys => "JOURNEY",
            Kind::SubJourneys => "SUB_JOURNEY",
            Kind::DisplayControls => "CONTROL",
            Kind::Predicates => "PREDICATE",
            Kind::PredicateValidations => "PREDICATE_VALIDATION",
            Kind::InputValidations => "INPUT_VALIDATION",
            Kind::LocalizedResources => "RESOURCES",
            Kind::ClientDefinitions => "CLIENT",
        }
    }

    /// The reference type of this kind (`ief::refs::…`).
    fn ref_type(self) -> &'static str {
        match self {
            Kind::Claims => "ClaimRef",
            Kind::Transforms => "TransformRef",
            Kind::Profiles => "ProfileRef",
            Kind::ContentDefinitions => "ContentDefRef",
            Kind::Journeys => "JourneyRef",
            Kind::SubJourneys => "SubJourneyRef",
            Kind::DisplayControls => "DisplayControlRef",
            Kind::Predicates => "PredicateRef",
            Kind::PredicateValidations => "PredicateValidationRef",
            Kind::InputValidations => "InputValidationRef",
            Kind::LocalizedResources => "LocalizedResourcesRef",
            Kind::ClientDefinitions => "ClientDefRef",
        }
    }

    /// The element name in XML.
    pub fn element(self) -> &'static str {
        match self {
            Kind::Claims => "ClaimType",
            Kind::Transforms => "ClaimsTransformation",
            Kind::Profiles => "TechnicalProfile",
            Kind::ContentDefinitions => "ContentDefinition",
            Kind::Journeys => "UserJourney",
            Kind::SubJourneys => "SubJourney",
            Kind::DisplayControls => "DisplayControl",
            Kind::Predicates => "Predicate",
            Kind::PredicateValidations => "PredicateValidation",
            Kind::InputValidations => "InputValidation",
            Kind::LocalizedResources => "LocalizedResources",
            Kind::ClientDefinitions => "ClientDefinition",
        }
    }
}

/// One imported policy file.
#[derive(Debug, Clone)]
pub struct SourcePolicy {
    /// The file name the set is written under again (e.g.
    /// `TrustFrameworkBase.xml`); its stem names the module.
    pub file: String,
    /// The policy, as imported.
    pub policy: TrustFrameworkPolicy,
}

/// How the generated crate depends on `ief`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IefDependency {
    /// `ief = { version = "<version>", default-features = false }`
    /// (crates.io).
    Version(String),
    /// `ief = { path = "<path>", default-features = false }` (a local
    /// checkout).
    Path(PathBuf),
}

/// Where the comments of the generated code come from.
///
/// This is the comment pass: the generator asks it for the lines to write
/// as doc comments before each policy module and before each definition's
/// function (the XML's own comments are carried by the trivia table
/// whatever the source; this adds readable ones to the code).
/// [`NoComments`] answers nothing.
pub trait CommentSource {
    /// The comment lines for `anchor` of `file`, without `///`.
    fn comments(&self, file: &str, anchor: &Anchor<'_>) -> Vec<String>;

    /// Rust statements to run on `policy` (the assembled
    /// `TrustFrameworkPolicy`, a `mut` binding) before `policy()` returns
    /// it: where a source that carries comments back into the written XML
    /// (a comment table of the model) fills it. None by default.
    fn statements(&self, _file: &str) -> Vec<String> {
        Vec::new()
    }
}

/// What a comment is attached to in the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor<'a> {
    /// The policy as a whole (the module's doc comment).
    Policy,
    /// A definition, by kind and id.
    Definition {
        /// Its kind.
        kind: Kind,
        /// Its id as written.
        id: &'a str,
    },
    /// The relying party.
    RelyingParty,
}

/// The comment source that has no comments.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoComments;

impl CommentSource for NoComments {
    fn comments(&self, _file: &str, _anchor: &Anchor<'_>) -> Vec<String> {
        Vec::new()
    }
}

/// What to generate.
pub struct Options<'a> {
    /// The crate's package name.
    pub crate_name: String,
    /// How it depends on `ief`.
    pub ief: IefDependency,
    /// The comment pass.
    pub comments: &'a dyn CommentSource,
}

/// A file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path inside the crate (`Cargo.toml`, `src/main.rs`, …).
    pub path: PathBuf,
    /// Its contents (Rust code as generated; `rustfmt` makes it tidy).
    pub contents: String,
}

/// A part kept verbatim (not expressed in the typed DSL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verbatim {
    /// The policy file.
    pub file: String,
    /// What it is and where, e.g. `TechnicalProfile "X": Extensions`.
    pub what: String,
}

/// A reference kept as written through a run-time handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedRef {
    /// The policy file.
    pub file: String,
    /// The kind referenced.
    pub kind: Kind,
    /// The id as written.
    pub id: String,
    /// Why it is not a declared handle.
    pub reason: String,
}

/// A generated policy module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySummary {
    /// The policy file.
    pub file: String,
    /// Its module name.
    pub module: String,
    /// Its `PolicyId`.
    pub policy_id: String,
    /// Ids it declares.
    pub declared: usize,
    /// Base ids it restates.
    pub restated: usize,
    /// Journeys written with `journey!`.
    pub journeys_macro: usize,
    /// Journeys written with the builders (what `journey!` cannot express).
    pub journeys_builder: usize,
}

/// The generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Its files.
    pub files: Vec<GeneratedFile>,
    /// One entry per policy, in upload order.
    pub policies: Vec<PolicySummary>,
    /// Parts kept verbatim.
    pub verbatim: Vec<Verbatim>,
    /// References kept as written through run-time handles.
    pub unchecked: Vec<UncheckedRef>,
    /// The settings keys the placeholders name.
    pub settings_keys: Vec<String>,
}

/// Why a set cannot be turned into a crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ToRustError {
    /// The set holds no policy.
    #[error("no policy files to import")]
    Empty,
    /// Two files have the same `PolicyId` (ignoring case).
    #[error("{first} and {second} both define PolicyId `{policy_id}`")]
    DuplicatePolicyId {
        /// The PolicyId.
        policy_id: String,
        /// One file.
        first: String,
        /// The other.
        second: String,
    },
    /// A file's base policy is not in the set.
    #[error("{file}: its base policy `{base}` is not among the files; add the folder that holds it (`--base DIR`)")]
    MissingBase {
        /// The file.
        file: String,
        /// The missing PolicyId.
        base: String,
    },
    /// The chain loops.
    #[error("{file}: its BasePolicy chain loops back to itself")]
    Cycle {
        /// A file on the loop.
        file: String,
    },
    /// One file defines an id twice (D001, which B2C refuses too).
    #[error("{file}: {element} `{id}` is defined twice (D001); fix the file first (`ief check` shows where)")]
    DuplicateId {
        /// The file.
        file: String,
        /// The element name (`ClaimType`, …).
        element: &'static str,
        /// The id.
        id: String,
    },
    /// A `PolicyId` that `declare!` refuses.
    #[error("{file}: PolicyId `{policy_id}` is not one `declare!` accepts (letters, digits, `_`, `-`, `.`)")]
    BadPolicyId {
        /// The file.
        file: String,
        /// The PolicyId.
        policy_id: String,
    },
}

/// Generates the crate for `sources`.
///
/// ```
/// use ief::to_rust::{generate, IefDependency, NoComments, Options, SourcePolicy};
/// let xml = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
///   PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Base"
///   PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_Base">
///   <BuildingBlocks><ClaimsSchema>
///     <ClaimType Id="email"><DisplayName>Email</DisplayName><DataType>string</DataType></ClaimType>
///   </ClaimsSchema></BuildingBlocks>
/// </TrustFrameworkPolicy>"#;
/// let policy = ief::import::import_str(xml, "Base.xml").unwrap().policy;
/// let crate_ = generate(
///     &[SourcePolicy { file: "Base.xml".into(), policy }],
///     &Options { crate_name: "demo".into(), ief: IefDependency::Version("0.1.0".into()), comments: &NoComments },
/// ).unwrap();
/// let base = crate_.files.iter().find(|f| f.path.ends_with("base.rs")).unwrap();
/// assert!(base.contents.contains(r#"EMAIL: Str = "email";"#));
/// ```
pub fn generate(sources: &[SourcePolicy], options: &Options<'_>) -> Result<Generated, ToRustError> {
    if sources.is_empty() {
        return Err(ToRustError::Empty);
    }
    let set = SetIndex::new(sources)?;
    let mut names = names::Names::default();
    // Names in upload order, so a base's ids get the plain names.
    for &i in &set.order {
        for (kind, id) in &set.defs_in_order[i] {
            names.name(*kind, id);
        }
    }
    let mut out = Generated {
        files: Vec::new(),
        policies: Vec::new(),
        verbatim: Vec::new(),
        unchecked: Vec::new(),
        settings_keys: Vec::new(),
    };
    let mut settings: BTreeMap<String, String> = BTreeMap::new();
    let mut modules = Vec::new();
    for &i in &set.order {
        let mut g = PolicyGen {
            set: &set,
            names: &mut names,
            i,
            settings: &mut settings,
            uses_settings: false,
            used_kinds: BTreeSet::new(),
            verbatim: Vec::new(),
            unchecked: Vec::new(),
            comments: options.comments,
        };
        let (code, summary, needs_settings) = g.module();
        out.verbatim.append(&mut g.verbatim);
        out.unchecked.append(&mut g.unchecked);
        modules.push((summary.module.clone(), needs_settings));
        out.files.push(GeneratedFile {
            path: PathBuf::from("src").join(format!("{}.rs", summary.module)),
            contents: code,
        });
        out.policies.push(summary);
    }
    out.settings_keys = settings.keys().cloned().collect();
    out.files.insert(
        0,
        GeneratedFile {
            path: PathBuf::from("Cargo.toml"),
            contents: cargo_toml(options),
        },
    );
    out.files.insert(
        1,
        GeneratedFile {
            path: PathBuf::from("src/main.rs"),
            contents: main_rs(&set, &out.policies, &modules, !settings.is_empty()),
        },
    );
    if !settings.is_empty() {
        out.files.push(GeneratedFile {
            path: PathBuf::from("src/settings.rs"),
            contents: settings_rs(&settings),
        });
        out.files.push(GeneratedFile {
            path: PathBuf::from("settings.toml"),
            contents: settings_toml(&settings),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// The set: chains and what each file defines.

struct SetIndex<'a> {
    sources: &'a [SourcePolicy],
    /// Base of each file (index), if any.
    parent: Vec<Option<usize>>,
    /// Files in upload order (bases first, then file order).
    order: Vec<usize>,
    /// Per file: `(kind, lowercase id)` -> id as written.
    defs: Vec<HashMap<(Kind, String), String>>,
    /// Per file: the ids it defines, in file order.
    defs_in_order: Vec<Vec<(Kind, String)>>,
    /// Per file: its module name, unique in the crate.
    modules: Vec<String>,
}

impl<'a> SetIndex<'a> {
    fn new(sources: &'a [SourcePolicy]) -> Result<Self, ToRustError> {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (i, s) in sources.iter().enumerate() {
            let id = s.policy.policy_id.id();
            if !valid_policy_id(id) {
                return Err(ToRustError::BadPolicyId {
                    file: s.file.clone(),
                    policy_id: id.to_owned(),
                });
            }
            if let Some(&j) = by_id.get(&id.to_lowercase()) {
                return Err(ToRustError::DuplicatePolicyId {
                    policy_id: id.to_owned(),
                    first: sources[j].file.clone(),
                    second: s.file.clone(),
                });
            }
            by_id.insert(id.to_lowercase(), i);
        }
        let mut parent = Vec::new();
        for s in sources {
            parent.push(match &s.policy.base_policy {
                None => None,
                Some(b) => match by_id.get(&b.policy_id.id().to_lowercase()) {
                    Some(&j) => Some(j),
                    None => {
                        return Err(ToRustError::MissingBase {
                            file: s.file.clone(),
                            base: b.policy_id.id().to_owned(),
                        })
                    }
                },
            });
        }
        // Upload order: depth first, keeping file order among siblings.
        let mut depth = vec![0usize; sources.len()];
        for (i, d) in depth.iter_mut().enumerate() {
            let mut at = parent[i];
            let mut n = 0;
            while let Some(j) = at {
                n += 1;
                if n > sources.len() {
                    return Err(ToRustError::Cycle {
                        file: sources[i].file.clone(),
                    });
                }
                at = parent[j];
            }
            *d = n;
        }
        let mut order: Vec<usize> = (0..sources.len()).collect();
        order.sort_by_key(|&i| (depth[i], i));
        let mut defs = Vec::new();
        let mut defs_in_order = Vec::new();
        for s in sources {
            let list = definitions_of(&s.policy);
            let mut seen = std::collections::HashSet::new();
            for (k, id) in &list {
                if !seen.insert((*k, id.to_lowercase())) {
                    return Err(ToRustError::DuplicateId {
                        file: s.file.clone(),
                        element: k.element(),
                        id: id.clone(),
                    });
                }
            }
            defs.push(
                list.iter()
                    .map(|(k, id)| ((*k, id.to_lowercase()), id.clone()))
                    .collect(),
            );
            defs_in_order.push(list);
        }
        let mut modules: Vec<String> = Vec::new();
        for s in sources {
            let stem = s.file.rsplit_once('.').map_or(s.file.as_str(), |(s, _)| s);
            let base = names::module_name(stem);
            let mut name = base.clone();
            let mut n = 2;
            while modules.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            modules.push(name);
        }
        Ok(SetIndex {
            sources,
            parent,
            order,
            defs,
            defs_in_order,
            modules,
        })
    }

    /// The file of `i`'s chain (itself first) that defines `id` of `kind`
    /// (ignoring case), with the id as written there.
    fn resolve(&self, i: usize, kind: Kind, id: &str) -> Option<(usize, &str)> {
        let key = (kind, id.to_lowercase());
        let mut at = Some(i);
        while let Some(j) = at {
            if let Some(written) = self.defs[j].get(&key) {
                return Some((j, written));
            }
            at = self.parent[j];
        }
        None
    }
}

/// The XSD's `PolicyId` pattern, as `declare!` checks it.
fn valid_policy_id(id: &str) -> bool {
    !id.is_empty()
        && !id.ends_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// What a policy defines, in file order (kinds in XSD order).
fn definitions_of(p: &TrustFrameworkPolicy) -> Vec<(Kind, String)> {
    let b = &p.building_blocks;
    let mut out = Vec::new();
    out.extend(
        b.claims_schema
            .iter()
            .map(|c| (Kind::Claims, c.id.id().to_owned())),
    );
    out.extend(
        b.predicates
            .iter()
            .map(|c| (Kind::Predicates, c.id.id().to_owned())),
    );
    out.extend(
        b.input_validations
            .iter()
            .map(|c| (Kind::InputValidations, c.id.id().to_owned())),
    );
    out.extend(
        b.predicate_validations
            .iter()
            .map(|c| (Kind::PredicateValidations, c.id.id().to_owned())),
    );
    out.extend(
        b.claims_transformations
            .iter()
            .map(|c| (Kind::Transforms, c.id.id().to_owned())),
    );
    out.extend(
        b.client_definitions
            .iter()
            .map(|c| (Kind::ClientDefinitions, c.id.id().to_owned())),
    );
    out.extend(
        b.content_definitions
            .iter()
            .map(|c| (Kind::ContentDefinitions, c.id.id().to_owned())),
    );
    if let Some(l) = &b.localization {
        out.extend(
            l.resources
                .iter()
                .filter_map(|r| r.id.as_ref())
                .map(|id| (Kind::LocalizedResources, id.id().to_owned())),
        );
    }
    out.extend(
        b.display_controls
            .iter()
            .map(|c| (Kind::DisplayControls, c.id.id().to_owned())),
    );
    for cp in &p.claims_providers {
        out.extend(
            cp.technical_profiles
                .iter()
                .map(|t| (Kind::Profiles, t.id.id().to_owned())),
        );
    }
    out.extend(
        p.user_journeys
            .iter()
            .map(|j| (Kind::Journeys, j.id.id().to_owned())),
    );
    out.extend(
        p.sub_journeys
            .iter()
            .map(|j| (Kind::SubJourneys, j.id.id().to_owned())),
    );
    // An id defined twice in one file (D001) is declared once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|(k, id)| seen.insert((*k, id.to_lowercase())));
    out
}

// ---------------------------------------------------------------------------
// Strings and settings placeholders.

/// A piece of a string value: literal text or a `{Settings:Key}`.
enum Piece<'s> {
    Text(&'s str),
    Key(&'s str),
}

/// Splits `s` at VS Code extension placeholders `{Settings:Key}` (keys of
/// letters, digits, `_`, `-`, `.`).
fn pieces(s: &str) -> Vec<Piece<'_>> {
    const OPEN: &str = "{Settings:";
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find('}') else { break };
        let key = &after[..end];
        let ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ok {
            out.push(Piece::Text(&rest[..at + OPEN.len()]));
            rest = after;
            continue;
        }
        if at > 0 {
            out.push(Piece::Text(&rest[..at]));
        }
        out.push(Piece::Key(key));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The field of `Values` that holds setting `key`.
fn setting_field(key: &str) -> String {
    let mut f = names::screaming(key).to_ascii_lowercase();
    if names::is_keyword(&f) {
        f.push('_');
    }
    f
}

/// A Rust string literal for `s`: a raw string when that reads better
/// (backslashes or quotes, no control characters).
fn lit(s: &str) -> String {
    let raw_fits = (s.contains('\\') || s.contains('"'))
        && !s.chars().any(char::is_control)
        && !s.contains("\"#");
    if raw_fits {
        format!("r#\"{s}\"#")
    } else {
        format!("{s:?}")
    }
}

/// The function that builds the definition named `name` (its handle):
/// `claim_email`. `_2FA` (an id starting with a digit) gives `claim_2fa`,
/// not a double underscore that rustc's snake-case lint refuses.
fn definition_fn(kind: Kind, name: &str) -> String {
    format!(
        "{}_{}",
        kind.suffix().to_lowercase(),
        name.to_lowercase().trim_start_matches('_')
    )
}

/// A comment's text as a literal: a raw string keeps its lines as they
/// are in the XML file.
fn text_lit(s: &str) -> String {
    if !s.contains("\"#") && !s.contains('\r') && !s.ends_with('"') {
        format!("r#\"{s}\"#")
    } else {
        format!("{s:?}")
    }
}

/// One row of a trivia table as Rust (see `ief::trivia::Row`).
fn trivia_row(row: &crate::trivia::Row<'_>) -> String {
    use crate::trivia::Row;
    let opt =
        |o: Option<&str>| o.map_or_else(|| "None".to_owned(), |v| format!("Some({})", lit(v)));
    match *row {
        Row::Comment(a, place, text) => {
            format!("Comment({}, {place:?}, {})", lit(a), text_lit(text))
        }
        Row::Instruction(a, place, target, data) => {
            format!(
                "Instruction({}, {place:?}, {}, {})",
                lit(a),
                lit(target),
                opt(data)
            )
        }
        Row::BlankLine(a, place) => format!("BlankLine({}, {place:?})", lit(a)),
        Row::KeptEmpty(a) => format!("KeptEmpty({})", lit(a)),
        Row::Xsi(a, name, value) => format!("Xsi({}, {}, {})", lit(a), lit(name), lit(value)),
        Row::Placeholder(a, attribute, raw, stand_in) => format!(
            "Placeholder({}, {}, {}, {})",
            lit(a),
            opt(attribute),
            lit(raw),
            lit(stand_in)
        ),
    }
}

// ---------------------------------------------------------------------------
// One policy module.

struct PolicyGen<'a, 'b> {
    set: &'a SetIndex<'a>,
    names: &'b mut names::Names,
    i: usize,
    settings: &'b mut BTreeMap<String, String>,
    /// Whether the definition being generated reads a setting.
    uses_settings: bool,
    used_kinds: BTreeSet<Kind>,
    verbatim: Vec<Verbatim>,
    unchecked: Vec<UncheckedRef>,
    comments: &'b dyn CommentSource,
}

/// One definition: its handle name, whether it is restated, its function.
struct Def {
    kind: Kind,
    id: String,
    name: String,
    restated: bool,
    /// For profiles: the index of its claims provider in the file.
    provider: Option<usize>,
    func: String,
    needs_settings: bool,
}

impl PolicyGen<'_, '_> {
    fn file(&self) -> &str {
        &self.set.sources[self.i].file
    }

    fn policy(&self) -> &TrustFrameworkPolicy {
        &self.set.sources[self.i].policy
    }

    // -- strings ------------------------------------------------------------

    fn use_setting(&mut self, key: &str) -> String {
        self.uses_settings = true;
        let field = setting_field(key);
        self.settings.insert(key.to_owned(), field.clone());
        field
    }

    /// An argument for an `impl Into<String>` parameter.
    fn arg(&mut self, s: &str) -> String {
        let pieces = pieces(s);
        match pieces.as_slice() {
            [] => lit(""),
            [Piece::Text(_)] => lit(s),
            [Piece::Key(k)] => format!("&v.{}", self.use_setting(k)),
            _ => self.format(&pieces),
        }
    }

    /// A `String` value.
    fn string(&mut self, s: &str) -> String {
        let pieces = pieces(s);
        match pieces.as_slice() {
            [] => "String::new()".into(),
            [Piece::Text(_)] => format!("{}.to_owned()", lit(s)),
            [Piece::Key(k)] => format!("v.{}.clone()", self.use_setting(k)),
            _ => self.format(&pieces),
        }
    }

    fn format(&mut self, pieces: &[Piece<'_>]) -> String {
        let mut template = String::new();
        let mut args = Vec::new();
        for p in pieces {
            match p {
                Piece::Text(t) => template.push_str(&t.replace('{', "{{").replace('}', "}}")),
                Piece::Key(k) => {
                    template.push_str("{}");
                    args.push(format!("v.{}", self.use_setting(k)));
                }
            }
        }
        format!("format!({}, {})", lit(&template), args.join(", "))
    }

    fn opt_string(&mut self, s: &Option<String>) -> String {
        match s {
            None => "None".into(),
            Some(s) => format!("Some({})", self.string(s)),
        }
    }

    fn strings(&mut self, list: &[String]) -> String {
        let items: Vec<String> = list.iter().map(|s| self.string(s)).collect();
        vec_of(&items)
    }

    // -- references ---------------------------------------------------------

    /// The handle for a reference to `id` of `kind`: `claims::EMAIL`, or a
    /// run-time handle `ief::refs::ClaimRef::from_string("x")` when the id
    /// does not resolve exactly (listed in `unchecked`). Borrow it (`&H`)
    /// for an `IntoRef`/`Into` slot; `(&H).into()` for a field.
    fn handle(&mut self, kind: Kind, id: &str) -> (String, bool) {
        match self.set.resolve(self.i, kind, id) {
            Some((_, written)) if written == id => {
                self.used_kinds.insert(kind);
                (
                    format!("{}::{}", kind.module(), self.names.name(kind, id)),
                    true,
                )
            }
            found => {
                let file = self.file().to_owned();
                let reason = match found {
                    Some((_, written)) => format!(
                        "the chain defines it as `{written}` (B2C ignores case; kept as written)"
                    ),
                    None => "not defined in the file's chain".to_owned(),
                };
                let entry = UncheckedRef {
                    file,
                    kind,
                    id: id.to_owned(),
                    reason,
                };
                if !self.unchecked.contains(&entry) {
                    self.unchecked.push(entry);
                }
                (
                    format!("ief::refs::{}::from_string({})", kind.ref_type(), lit(id)),
                    false,
                )
            }
        }
    }

    /// Whether `id` of `kind` resolves exactly (a declared handle).
    fn resolves(&self, kind: Kind, id: &str) -> bool {
        matches!(self.set.resolve(self.i, kind, id), Some((_, w)) if w == id)
    }

    /// `(&H).into()`: a reference field.
    fn field_ref(&mut self, kind: Kind, id: &str) -> String {
        format!("(&{}).into()", self.handle(kind, id).0)
    }

    /// `&H`: an `IntoRef` argument.
    fn arg_ref(&mut self, kind: Kind, id: &str) -> String {
        match self.handle(kind, id) {
            (h, true) => format!("&{h}"),
            // A run-time handle is a temporary: passed by value.
            (h, false) => h,
        }
    }

    fn opt_field_ref(&mut self, kind: Kind, id: Option<&str>) -> String {
        match id {
            None => "None".into(),
            Some(id) => format!("Some({})", self.field_ref(kind, id)),
        }
    }

    /// The id of a definition: the own handle, or the base's `.restated()`.
    fn own_id(&mut self, kind: Kind, id: &str, restated: bool) -> String {
        self.used_kinds.insert(kind);
        let name = self.names.name(kind, id);
        if restated {
            format!("{}::{name}.restated()", kind.module())
        } else {
            format!("{}::{name}", kind.module())
        }
    }

    // -- the module -----------------------------------------------------------

    fn module(&mut self) -> (String, PolicySummary, bool) {
        let set = self.set;
        let src = &set.sources[self.i];
        let stem = src
            .file
            .rsplit_once('.')
            .map_or(src.file.as_str(), |(s, _)| s);
        let module = names::module_name(stem);
        let p = &src.policy;
        let policy_id = p.policy_id.id().to_owned();
        let base = self.set.parent[self.i];

        // Definitions, in file order.
        let mut defs: Vec<Def> = Vec::new();
        let b = &p.building_blocks;
        for c in &b.claims_schema {
            let d = self.def(Kind::Claims, c.id.id(), None, |g, restated| {
                g.claim(c, restated)
            });
            defs.extend(d);
        }
        for x in &b.predicates {
            defs.extend(self.def(Kind::Predicates, x.id.id(), None, |g, r| g.predicate(x, r)));
        }
        for x in &b.input_validations {
            defs.extend(self.def(Kind::InputValidations, x.id.id(), None, |g, r| {
                g.input_validation(x, r)
            }));
        }
        for x in &b.predicate_validations {
            defs.extend(
                self.def(Kind::PredicateValidations, x.id.id(), None, |g, r| {
                    g.predicate_validation(x, r)
                }),
            );
        }
        for x in &b.claims_transformations {
            defs.extend(self.def(Kind::Transforms, x.id.id(), None, |g, r| g.transform(x, r)));
        }
        for x in &b.client_definitions {
            defs.extend(self.def(Kind::ClientDefinitions, x.id.id(), None, |g, r| {
                g.client_definition(x, r)
            }));
        }
        for x in &b.content_definitions {
            defs.extend(self.def(Kind::ContentDefinitions, x.id.id(), None, |g, r| {
                g.content_definition(x, r)
            }));
        }
        let mut loose_resources = Vec::new();
        if let Some(l) = &b.localization {
            for x in &l.resources {
                match &x.id {
                    Some(id) => {
                        defs.extend(self.def(Kind::LocalizedResources, id.id(), None, |g, r| {
                            g.localized_resources(x, Some(r))
                        }))
                    }
                    None => loose_resources.push(x),
                }
            }
        }
        for x in &b.display_controls {
            defs.extend(self.def(Kind::DisplayControls, x.id.id(), None, |g, r| {
                g.display_control(x, r)
            }));
        }
        for (pi, cp) in p.claims_providers.iter().enumerate() {
            for t in &cp.technical_profiles {
                defs.extend(self.def(Kind::Profiles, t.id.id(), Some(pi), |g, r| {
                    g.profile(t, r, false)
                }));
            }
        }
        let mut journeys_macro = 0;
        let mut journeys_builder = 0;
        for j in &p.user_journeys {
            let mut by_macro = false;
            defs.extend(self.def(Kind::Journeys, j.id.id(), None, |g, r| {
                let (code, m) = g.journey(j, r);
                by_macro = m;
                code
            }));
            if by_macro {
                journeys_macro += 1;
            } else {
                journeys_builder += 1;
            }
        }
        for j in &p.sub_journeys {
            let mut by_macro = false;
            defs.extend(self.def(Kind::SubJourneys, j.id.id(), None, |g, r| {
                let (code, m) = g.sub_journey(j, r);
                by_macro = m;
                code
            }));
            if by_macro {
                journeys_macro += 1;
            } else {
                journeys_builder += 1;
            }
        }

        // policy(): fill Definitions, assemble, set the rest.
        self.uses_settings = false;
        let mut body = String::new();
        let tenant = self.arg(&p.tenant_id.clone());
        let tenant = if tenant.starts_with("format!") {
            format!("&{tenant}")
        } else {
            tenant
        };
        let mut fields = String::new();
        for d in &defs {
            let field = d.name.to_lowercase();
            let call = format!(
                "{}({})",
                definition_fn(d.kind, &d.name),
                if d.needs_settings { "v" } else { "" }
            );
            let _ = writeln!(fields, "        {field}: {call},");
        }
        let after = self.after_assembly(&defs, &loose_resources);
        if after.is_empty() {
            let _ = writeln!(
                body,
                "    ids::Definitions {{\n{fields}    }}\n    .into_policy({tenant})"
            );
        } else {
            let _ = writeln!(
                body,
                "    let mut policy = ids::Definitions {{\n{fields}    }}\n    .into_policy({tenant});\n{after}    policy"
            );
        }
        let policy_needs_settings = self.uses_settings || defs.iter().any(|d| d.needs_settings);

        // The module text.
        let mut code = String::new();
        let comments = self.comments.comments(&src.file, &Anchor::Policy);
        let _ = writeln!(code, "//! `{policy_id}`, from `{}`.", src.file);
        if !comments.is_empty() {
            let _ = writeln!(code, "//!");
            for c in &comments {
                let _ = writeln!(code, "//! {c}");
            }
        }
        let my_verbatim: Vec<&Verbatim> = self
            .verbatim
            .iter()
            .filter(|v| v.file == src.file)
            .collect();
        let my_unchecked: Vec<&UncheckedRef> = self
            .unchecked
            .iter()
            .filter(|v| v.file == src.file)
            .collect();
        if !my_verbatim.is_empty() {
            let _ = writeln!(
                code,
                "//!\n//! Kept verbatim (not expressed in the typed DSL):"
            );
            for v in &my_verbatim {
                let _ = writeln!(code, "//! - {}", v.what);
            }
        }
        if !my_unchecked.is_empty() {
            let _ = writeln!(
                code,
                "//!\n//! References kept as written through run-time handles (checked when the set is written):"
            );
            for u in &my_unchecked {
                let _ = writeln!(code, "//! - {} `{}`: {}", u.kind.element(), u.id, u.reason);
            }
        }
        let _ = writeln!(code);
        let _ = writeln!(code, "use ief::prelude::*;\n");
        // The declaration.
        let _ = writeln!(code, "ief::declare! {{");
        let _ = writeln!(code, "    /// The ids of `{policy_id}`.");
        let base_path = match base {
            Some(j) => format!(": crate::{}::ids", self.set.modules[j]),
            None => String::new(),
        };
        let decl = self.declaration(&defs);
        if decl.is_empty() {
            let _ = writeln!(
                code,
                "    pub policy ids = {}{base_path} {{}}\n}}\n",
                lit(&policy_id)
            );
        } else {
            let _ = writeln!(
                code,
                "    pub policy ids = {}{base_path} {{",
                lit(&policy_id)
            );
            code.push_str(&decl);
            let _ = writeln!(code, "    }}\n}}\n");
        }
        let kinds: Vec<&str> = self.used_kinds.iter().map(|k| k.module()).collect();
        if !kinds.is_empty() {
            let _ = writeln!(code, "use ids::scope::{{{}}};\n", kinds.join(", "));
        }
        let _ = writeln!(code, "/// The policy, ready for `PolicySet`.");
        let _ = writeln!(
            code,
            "pub fn policy({}) -> TrustFrameworkPolicy<ids::Policy> {{\n{body}}}\n",
            if policy_needs_settings {
                "v: &crate::settings::Values"
            } else {
                ""
            }
        );
        for d in &defs {
            let comments = self.comments.comments(
                &src.file,
                &Anchor::Definition {
                    kind: d.kind,
                    id: &d.id,
                },
            );
            for c in comments {
                let _ = writeln!(code, "/// {c}");
            }
            code.push_str(&d.func);
            code.push('\n');
        }
        let declared = defs.iter().filter(|d| !d.restated).count();
        let restated = defs.len() - declared;
        // `settings` is a module of the crate only when something uses it.
        let needs_settings = policy_needs_settings;
        (
            code,
            PolicySummary {
                file: src.file.clone(),
                module,
                policy_id,
                declared,
                restated,
                journeys_macro,
                journeys_builder,
            },
            needs_settings,
        )
    }

    /// One definition: its function (`fn <kind>_<name>() -> Type`).
    fn def(
        &mut self,
        kind: Kind,
        id: &str,
        provider: Option<usize>,
        build: impl FnOnce(&mut Self, bool) -> String,
    ) -> Option<Def> {
        // A second definition of the same id in one file (D001) cannot be
        // declared twice; the first one is kept and the second reported.
        let name = self.names.name(kind, id);
        let restated = match self.set.parent[self.i] {
            Some(b) => self.set.resolve(b, kind, id).is_some(),
            None => false,
        };
        self.uses_settings = false;
        let body = build(self, restated);
        let needs_settings = self.uses_settings;
        let fn_name = definition_fn(kind, &name);
        let ty = match kind {
            Kind::Claims => "ClaimType",
            Kind::Transforms => "ClaimsTransformation",
            Kind::Profiles => "TechnicalProfile",
            Kind::ContentDefinitions => "ContentDefinition",
            Kind::Journeys => "UserJourney",
            Kind::SubJourneys => "SubJourney",
            Kind::DisplayControls => "DisplayControl",
            Kind::Predicates => "ief::claims::Predicate",
            Kind::PredicateValidations => "ief::claims::PredicateValidation",
            Kind::InputValidations => "ief::claims::InputValidation",
            Kind::LocalizedResources => "ief::content::LocalizedResources",
            Kind::ClientDefinitions => "ief::content::ClientDefinition",
        };
        let func = format!(
            "/// {} `{id}`{}.\nfn {fn_name}({}) -> {ty}<ids::Policy> {{\n    {body}\n}}\n",
            kind.element(),
            if restated {
                " (restated from the base chain)"
            } else {
                ""
            },
            if needs_settings {
                "v: &crate::settings::Values"
            } else {
                ""
            },
        );
        Some(Def {
            kind,
            id: id.to_owned(),
            name,
            restated,
            provider,
            func,
            needs_settings,
        })
    }

    /// The body of `declare!`: sections in file order, own ids and
    /// restated ones in runs, profiles in their claims providers.
    fn declaration(&mut self, defs: &[Def]) -> String {
        let set = self.set;
        let p = &set.sources[self.i].policy;
        let mut out = String::new();
        // Claims providers: grouped by `provider` blocks when the file's
        // providers can be written so; else ungrouped and regrouped after
        // `into_policy` (see `after_assembly`).
        let grouped = self.providers_expressible(defs);
        let mut i = 0;
        while i < defs.len() {
            let d = &defs[i];
            let mut j = i + 1;
            while j < defs.len() && defs[j].kind == d.kind && defs[j].restated == d.restated {
                j += 1;
            }
            let run = &defs[i..j];
            let indent = if d.restated {
                let _ = writeln!(
                    out,
                    "        restated {{\n            {} {{",
                    d.kind.module()
                );
                "                "
            } else {
                let _ = writeln!(out, "        {} {{", d.kind.module());
                "            "
            };
            let mut k = 0;
            while k < run.len() {
                let group = grouped && d.kind == Kind::Profiles;
                let provider = if group { run[k].provider } else { None };
                let mut l = k + 1;
                while l < run.len() && group && run[l].provider == provider {
                    l += 1;
                }
                if !group {
                    l = run.len();
                }
                let mut item_indent = indent.to_owned();
                if let Some(pi) = provider {
                    let cp = &p.claims_providers[pi];
                    let dn = cp.display_name.clone().unwrap_or_default();
                    let domain = match &cp.domain {
                        Some(x) => format!(" (domain = {})", lit(x)),
                        None => String::new(),
                    };
                    let _ = writeln!(out, "{indent}provider {}{domain} {{", lit(&dn));
                    item_indent = format!("{indent}    ");
                }
                for d in &run[k..l] {
                    if d.restated {
                        let _ = writeln!(out, "{item_indent}{};", d.name);
                    } else if d.kind == Kind::Claims {
                        let marker = self.claim_marker(&d.id);
                        let _ =
                            writeln!(out, "{item_indent}{}: {marker} = {};", d.name, lit(&d.id));
                    } else {
                        let _ = writeln!(out, "{item_indent}{} = {};", d.name, lit(&d.id));
                    }
                }
                if provider.is_some() {
                    let _ = writeln!(out, "{indent}}}");
                }
                k = l;
            }
            if d.restated {
                out.push_str("            }\n        }\n");
            } else {
                out.push_str("        }\n");
            }
            i = j;
        }
        out
    }

    /// The data-type marker of an own claim.
    fn claim_marker(&self, id: &str) -> &'static str {
        let dt = self
            .policy()
            .building_blocks
            .claims_schema
            .iter()
            .find(|c| c.id.id() == id)
            .and_then(|c| c.data_type);
        marker(dt.unwrap_or(DataType::String))
    }

    /// Whether `declare!`'s `provider` groups reproduce the file's claims
    /// providers: each has a display name, no `Domains` list, at least one
    /// profile, and profiles all own or all restated.
    fn providers_expressible(&self, defs: &[Def]) -> bool {
        let p = self.policy();
        p.claims_providers.iter().enumerate().all(|(pi, cp)| {
            let mine: Vec<&Def> = defs
                .iter()
                .filter(|d| d.kind == Kind::Profiles && d.provider == Some(pi))
                .collect();
            cp.display_name.is_some()
                && cp.domains.is_empty()
                && !mine.is_empty()
                && mine.len() == cp.technical_profiles.len()
                && mine.iter().all(|d| d.restated == mine[0].restated)
        })
    }

    /// Statements after `into_policy`: header attributes, claims providers
    /// regrouped when `declare!` cannot group them, localization languages,
    /// the relying party.
    fn after_assembly(&mut self, defs: &[Def], loose: &[&LocalizedResources]) -> String {
        let set = self.set;
        let p = &set.sources[self.i].policy;
        let mut out = String::new();
        if p.policy_schema_version != crate::policy::POLICY_SCHEMA_VERSION {
            let v = self.string(&p.policy_schema_version);
            let _ = writeln!(out, "    policy.policy_schema_version = {v};");
        }
        if let Some(x) = &p.tenant_object_id {
            let v = self.string(x);
            let _ = writeln!(out, "    policy.tenant_object_id = Some({v});");
        }
        // `into_policy` leaves it unset, which writes `http://{tenant}/{PolicyId}`.
        let default_uri = format!("http://{}/{}", p.tenant_id, p.policy_id.id());
        if let Some(x) = p.public_policy_uri.as_ref().filter(|x| **x != default_uri) {
            let v = self.string(x);
            let _ = writeln!(out, "    policy.public_policy_uri = Some({v});");
        }
        if let Some(x) = &p.state_table_name {
            let v = self.string(x);
            let _ = writeln!(out, "    policy.state_table_name = Some({v});");
        }
        if let Some(x) = &p.deployment_mode {
            let _ = writeln!(
                out,
                "    policy.deployment_mode = Some(ief::policy::DeploymentMode::{x:?});"
            );
        }
        if let Some(x) = &p.user_journey_recorder_endpoint {
            let v = self.string(x);
            let _ = writeln!(
                out,
                "    policy.user_journey_recorder_endpoint = Some({v});"
            );
        }
        if let (Some(b), Some(base)) = (&p.base_policy, self.set.parent[self.i]) {
            let base_id = self.set.sources[base].policy.policy_id.id();
            if b.tenant_id != p.tenant_id || b.policy_id.id() != base_id {
                let t = self.arg(&b.tenant_id);
                let _ = writeln!(
                    out,
                    "    policy.base_policy = Some(BasePolicy::from_string({t}, {}));",
                    lit(b.policy_id.id())
                );
            }
        }
        if let Some(pc) = &p.policy_constraints {
            let v = self.policy_constraints(pc);
            let _ = writeln!(out, "    policy.policy_constraints = Some({v});");
        }
        if !p.contacts.is_empty() {
            let items: Vec<String> = p
                .contacts
                .iter()
                .map(|c| {
                    let crate::policy::Contact {
                        id,
                        display_name,
                        telephone_number,
                        email,
                        role,
                    } = c;
                    format!(
                        "ief::policy::Contact {{ id: {}, display_name: {}, telephone_number: {}, email: {}, role: {} }}",
                        self.string(id),
                        self.string(display_name),
                        self.string(telephone_number),
                        self.string(email),
                        self.string(role)
                    )
                })
                .collect();
            let _ = writeln!(out, "    policy.contacts = {};", vec_of(&items));
        }
        if !p.document_references.is_empty() {
            let items: Vec<String> = p
                .document_references
                .iter()
                .map(|c| {
                    let crate::policy::DocumentReference {
                        id,
                        display_name,
                        url,
                    } = c;
                    format!(
                        "ief::policy::DocumentReference {{ id: {}, display_name: {}, url: {} }}",
                        self.string(id),
                        self.string(display_name),
                        self.string(url)
                    )
                })
                .collect();
            let _ = writeln!(out, "    policy.document_references = {};", vec_of(&items));
        }
        if !self.providers_expressible(defs) && !p.claims_providers.is_empty() {
            let _ = writeln!(
                out,
                "    // The claims providers as the file groups them (`declare!`'s `provider` groups cannot express\n    // them: a provider without a display name, with `Domains`, without profiles, or mixing restated\n    // and new profiles). The profiles are in file order; each provider takes its count."
            );
            let _ = writeln!(
                out,
                "    let mut profiles = std::mem::take(&mut policy.claims_providers)\n        .into_iter()\n        .flat_map(|p| p.technical_profiles);"
            );
            let mut items = Vec::new();
            for cp in &p.claims_providers {
                let ClaimsProvider {
                    domains,
                    domain,
                    display_name,
                    technical_profiles,
                } = cp;
                items.push(format!(
                    "ClaimsProvider {{ domains: {}, domain: {}, display_name: {}, technical_profiles: profiles.by_ref().take({}).collect() }}",
                    self.strings(domains),
                    self.opt_string(domain),
                    self.opt_string(display_name),
                    technical_profiles.len()
                ));
            }
            let _ = writeln!(out, "    policy.claims_providers = {};", vec_of(&items));
        }
        if let Some(l) = &p.building_blocks.localization {
            let crate::content::Localization {
                enabled,
                supported_languages,
                resources: _,
            } = l;
            let needs = enabled.is_some() || supported_languages.is_some() || !loose.is_empty();
            let declared_resources = defs.iter().any(|d| d.kind == Kind::LocalizedResources);
            if needs {
                let _ = writeln!(out, "    let languages = policy.localization_mut();");
            } else if !declared_resources {
                let _ = writeln!(out, "    policy.localization_mut();");
            }
            if let Some(e) = enabled {
                let _ = writeln!(out, "    languages.enabled = Some({e});");
            }
            if let Some(s) = supported_languages {
                let crate::content::SupportedLanguages {
                    default_language,
                    policy_language,
                    merge_behavior,
                    languages,
                } = s;
                let _ = writeln!(
                    out,
                    "    languages.supported_languages = Some(ief::content::SupportedLanguages {{ default_language: {}, policy_language: {}, merge_behavior: {}, languages: {} }});",
                    self.opt_string(default_language),
                    self.opt_string(policy_language),
                    opt_enum("ief::claims::MergeBehavior", merge_behavior.as_ref()),
                    self.strings(languages)
                );
            }
            for r in loose {
                let v = self.localized_resources(r, None);
                let _ = writeln!(out, "    languages.resources.push({v});");
            }
        }
        let rows = p.trivia.rows();
        if !rows.is_empty() {
            let _ = writeln!(
                out,
                "    // What the XML file keeps beyond the schema (comments, blank lines,\n    // empty elements, `xsi:` attributes), by anchor: see `ief::trivia`.\n    policy.trivia = {{\n        use ief::trivia::{{Place::*, Row::*}};\n        ief::trivia::Trivia::from_rows(&["
            );
            for row in &rows {
                let _ = writeln!(out, "            {},", trivia_row(row));
            }
            let _ = writeln!(
                out,
                "        ])\n        .expect(\"comments and instructions as XML can hold them\")\n    }};"
            );
        }
        for statement in self.comments.statements(self.file()) {
            let _ = writeln!(out, "    {statement}");
        }
        if let Some(rp) = &p.relying_party {
            let v = self.relying_party(rp);
            let comments = self.comments.comments(self.file(), &Anchor::RelyingParty);
            for c in comments {
                let _ = writeln!(out, "    // {c}");
            }
            let _ = writeln!(out, "    policy.relying_party = Some({v});");
        }
        out
    }

    // -- definitions ------------------------------------------------------------

    fn claim(&mut self, c: &ClaimType, restated: bool) -> String {
        let ClaimType {
            id,
            statement_type,
            display_name,
            data_type,
            default_partner_claim_types,
            mask,
            admin_help_text,
            user_help_text,
            user_input_type,
            restriction,
            input_validation,
            predicate_validation,
        } = c;
        let handle = format!(
            "{}::{}",
            Kind::Claims.module(),
            self.names.name(Kind::Claims, id.id())
        );
        self.used_kinds.insert(Kind::Claims);
        let mut s = if restated {
            format!("ClaimType::restate(&{handle})")
        } else {
            format!("ClaimType::declare(&{handle})")
        };
        if restated {
            if let Some(dt) = data_type {
                let _ = write!(s, "\n        .data_type(DataType::{dt:?})");
            }
        }
        if let Some(x) = statement_type {
            let _ = write!(s, "\n        .statement_type(StatementType::{x:?})");
        }
        if let Some(x) = display_name {
            let _ = write!(s, "\n        .display_name({})", self.arg(x));
        }
        if !default_partner_claim_types.is_empty() {
            let items: Vec<String> = default_partner_claim_types
                .iter()
                .map(|x| self.partner_claim_type(x))
                .collect();
            let _ = write!(
                s,
                "\n        .default_partner_claim_types({})",
                vec_of(&items)
            );
        }
        if let Some(m) = mask {
            let _ = write!(s, "\n        .mask({})", self.mask(m));
        }
        if let Some(x) = admin_help_text {
            let _ = write!(s, "\n        .admin_help_text({})", self.arg(x));
        }
        if let Some(x) = user_help_text {
            let _ = write!(s, "\n        .user_help_text({})", self.arg(x));
        }
        if let Some(x) = user_input_type {
            let _ = write!(s, "\n        .user_input_type(UserInputType::{x:?})");
        }
        if let Some(r) = restriction {
            let _ = write!(s, "\n        .restriction({})", self.restriction(r));
        }
        if let Some(x) = input_validation {
            let r = self.field_ref(Kind::InputValidations, x.id.id());
            let _ = write!(
                s,
                "\n        .input_validation(ief::claims::InputValidationReference {{ id: {r} }})"
            );
        }
        if let Some(x) = predicate_validation {
            let r = self.field_ref(Kind::PredicateValidations, x.id.id());
            let _ = write!(
                s,
                "\n        .predicate_validation(ief::claims::PredicateValidationReference {{ id: {r} }})"
            );
        }
        s.push_str("\n        .build()");
        s
    }

    fn partner_claim_type(&mut self, x: &PartnerClaimType) -> String {
        let PartnerClaimType {
            name,
            handler,
            partner_claim_type,
        } = x;
        format!(
            "ief::claims::PartnerClaimType {{ name: ProtocolName::{name:?}, handler: {}, partner_claim_type: {} }}",
            self.opt_string(handler),
            self.string(partner_claim_type)
        )
    }

    fn mask(&mut self, m: &Mask) -> String {
        let Mask {
            mask_type,
            regex,
            text,
        } = m;
        format!(
            "Mask {{ mask_type: MaskType::{mask_type:?}, regex: {}, text: {} }}",
            self.opt_string(regex),
            self.string(text)
        )
    }

    fn restriction(&mut self, r: &Restriction) -> String {
        let Restriction {
            merge_behavior,
            values,
        } = r;
        let values = match values {
            RestrictionValues::Enumeration(items) => {
                let items: Vec<String> = items.iter().map(|i| self.enumeration_item(i)).collect();
                format!(
                    "ief::claims::RestrictionValues::Enumeration({})",
                    vec_of(&items)
                )
            }
            RestrictionValues::Pattern(p) => {
                let crate::claims::Pattern {
                    regular_expression,
                    help_text,
                } = p;
                format!(
                    "ief::claims::RestrictionValues::Pattern(Pattern {{ regular_expression: {}, help_text: {} }})",
                    self.string(regular_expression),
                    self.opt_string(help_text)
                )
            }
        };
        match (
            merge_behavior,
            values.strip_prefix("ief::claims::RestrictionValues::"),
        ) {
            (None, Some(v)) if v.starts_with("Enumeration(") => {
                format!(
                    "Restriction::enumeration({})",
                    &v["Enumeration(".len()..v.len() - 1]
                )
            }
            (None, Some(v)) if v.starts_with("Pattern(") => {
                format!(
                    "Restriction::pattern({})",
                    &v["Pattern(".len()..v.len() - 1]
                )
            }
            _ => format!(
                "Restriction {{ merge_behavior: {}, values: {values} }}",
                opt_enum("ief::claims::MergeBehavior", merge_behavior.as_ref())
            ),
        }
    }

    fn enumeration_item(&mut self, i: &crate::claims::EnumerationItem) -> String {
        let crate::claims::EnumerationItem {
            text,
            value,
            select_by_default,
            content,
        } = i;
        let base = format!(
            "EnumerationItem::new({}, {})",
            self.arg(text),
            self.arg(value)
        );
        let mut rest = Vec::new();
        if let Some(x) = select_by_default {
            rest.push(format!("select_by_default: Some({x})"));
        }
        if !content.is_empty() {
            rest.push(format!("content: {}", self.string(content)));
        }
        if rest.is_empty() {
            base
        } else {
            format!("EnumerationItem {{ {}, ..{base} }}", rest.join(", "))
        }
    }

    fn predicate(&mut self, x: &Predicate, restated: bool) -> String {
        let Predicate {
            id,
            method,
            help_text,
            user_help_text,
            parameters,
        } = x;
        let own = self.own_id(Kind::Predicates, id.id(), restated);
        let params: Vec<String> = parameters
            .iter()
            .map(|p| {
                let crate::claims::Parameter { id, value } = p;
                format!(
                    "ief::claims::Parameter {{ id: {}, value: {} }}",
                    self.string(id),
                    self.string(value)
                )
            })
            .collect();
        format!(
            "ief::claims::Predicate {{ id: {own}, method: {}, help_text: {}, user_help_text: {}, parameters: {} }}",
            self.string(method),
            self.opt_string(help_text),
            self.opt_string(user_help_text),
            vec_of(&params)
        )
    }

    fn predicate_references(&mut self, x: &PredicateReferences) -> String {
        let PredicateReferences {
            id,
            help_text,
            match_at_least,
            reject,
            predicates,
        } = x;
        let refs: Vec<String> = predicates
            .iter()
            .map(|p| {
                format!(
                    "ief::claims::PredicateReference {{ id: {} }}",
                    self.field_ref(Kind::Predicates, p.id.id())
                )
            })
            .collect();
        format!(
            "ief::claims::PredicateReferences {{ id: {}, help_text: {}, match_at_least: {match_at_least:?}, reject: {reject:?}, predicates: {} }}",
            self.opt_string(id),
            self.opt_string(help_text),
            vec_of(&refs)
        )
    }

    fn input_validation(&mut self, x: &InputValidation, restated: bool) -> String {
        let InputValidation {
            id,
            predicate_references,
        } = x;
        let own = self.own_id(Kind::InputValidations, id.id(), restated);
        let refs: Vec<String> = predicate_references
            .iter()
            .map(|r| self.predicate_references(r))
            .collect();
        format!(
            "ief::claims::InputValidation {{ id: {own}, predicate_references: {} }}",
            vec_of(&refs)
        )
    }

    fn predicate_validation(&mut self, x: &PredicateValidation, restated: bool) -> String {
        let PredicateValidation { id, groups } = x;
        let own = self.own_id(Kind::PredicateValidations, id.id(), restated);
        let groups: Vec<String> = groups
            .iter()
            .map(|g| {
                let crate::claims::PredicateGroup {
                    id,
                    user_help_text,
                    predicate_references,
                } = g;
                let refs: Vec<String> = predicate_references
                    .iter()
                    .map(|r| self.predicate_references(r))
                    .collect();
                format!(
                    "ief::claims::PredicateGroup {{ id: {}, user_help_text: {}, predicate_references: {} }}",
                    self.string(id),
                    self.opt_string(user_help_text),
                    vec_of(&refs)
                )
            })
            .collect();
        format!(
            "ief::claims::PredicateValidation {{ id: {own}, groups: {} }}",
            vec_of(&groups)
        )
    }

    fn transform(&mut self, x: &crate::transforms::ClaimsTransformation, restated: bool) -> String {
        let crate::transforms::ClaimsTransformation {
            id,
            method,
            input_claims,
            input_parameters,
            output_claims,
        } = x;
        let own = self.own_id(Kind::Transforms, id.id(), restated);
        let mut s = format!(
            "ClaimsTransformation::new({own}).method({})",
            self.arg(method)
        );
        if !input_claims.is_empty() {
            let items = self.transform_claims(input_claims);
            let _ = write!(s, "\n        .input_claims({items})");
        }
        if !input_parameters.is_empty() {
            let items: Vec<String> = input_parameters
                .iter()
                .map(|p| {
                    let crate::transforms::InputParameter {
                        id,
                        data_type,
                        value,
                    } = p;
                    format!(
                        "InputParameter::new({}, DataType::{data_type:?}, {})",
                        self.arg(id),
                        self.arg(value)
                    )
                })
                .collect();
            let _ = write!(s, "\n        .input_parameters({})", vec_of(&items));
        }
        if !output_claims.is_empty() {
            let items = self.transform_claims(output_claims);
            let _ = write!(s, "\n        .output_claims({items})");
        }
        s.push_str("\n        .build()");
        s
    }

    fn transform_claims(&mut self, list: &[crate::transforms::TransformClaim]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|c| {
                let crate::transforms::TransformClaim {
                    claim,
                    transformation_claim_type,
                } = c;
                let r = self.arg_ref(Kind::Claims, claim.id());
                match transformation_claim_type {
                    Some(t) => format!("TransformClaim::new({r}, {})", self.arg(t)),
                    None => format!("TransformClaim::untyped({r})"),
                }
            })
            .collect();
        vec_of(&items)
    }

    fn client_definition(&mut self, x: &ClientDefinition, restated: bool) -> String {
        let ClientDefinition {
            id,
            client_ui_filter_flags,
        } = x;
        let own = self.own_id(Kind::ClientDefinitions, id.id(), restated);
        format!(
            "ief::content::ClientDefinition {{ id: {own}, client_ui_filter_flags: {} }}",
            self.string(client_ui_filter_flags)
        )
    }

    fn content_definition(&mut self, x: &ContentDefinition, restated: bool) -> String {
        let ContentDefinition {
            id,
            load_uri,
            recovery_uri,
            data_uri,
            metadata,
            localized_resources_references,
        } = x;
        let own = self.own_id(Kind::ContentDefinitions, id.id(), restated);
        let mut s = format!("ContentDefinition::new({own})");
        if let Some(x) = load_uri {
            let _ = write!(s, "\n        .load_uri({})", self.arg(x));
        }
        if let Some(x) = recovery_uri {
            let _ = write!(s, "\n        .recovery_uri({})", self.arg(x));
        }
        if let Some(x) = data_uri {
            let _ = write!(s, "\n        .data_uri({})", self.arg(x));
        }
        if !metadata.is_empty() {
            let _ = write!(s, "\n        .metadata({})", self.metadata(metadata));
        }
        if let Some(r) = localized_resources_references {
            let LocalizedResourcesReferences {
                merge_behavior,
                references,
            } = r;
            let items: Vec<String> = references
                .iter()
                .map(|r| {
                    let crate::content::LocalizedResourcesReference {
                        language,
                        url,
                        resources,
                    } = r;
                    let res = match resources {
                        None => "None".to_owned(),
                        Some(x) => format!("Some({})", self.field_ref(Kind::LocalizedResources, x.id())),
                    };
                    format!(
                        "ief::content::LocalizedResourcesReference {{ language: {}, url: {}, resources: {res} }}",
                        self.string(language),
                        self.opt_string(url)
                    )
                })
                .collect();
            let _ = write!(
                s,
                "\n        .localized_resources_references(ief::content::LocalizedResourcesReferences {{ merge_behavior: {}, references: {} }})",
                opt_enum("ief::claims::MergeBehavior", merge_behavior.as_ref()),
                vec_of(&items)
            );
        }
        s.push_str("\n        .build()");
        s
    }

    fn metadata(&mut self, items: &[crate::providers::MetadataItem]) -> String {
        let items: Vec<String> = items
            .iter()
            .map(|m| {
                let crate::providers::MetadataItem { key, value } = m;
                format!("MetadataItem::new({}, {})", self.arg(key), self.arg(value))
            })
            .collect();
        vec_of(&items)
    }

    /// `id` is `Some(restated)` for a declared resources set, `None` for
    /// one without an id.
    fn localized_resources(&mut self, x: &LocalizedResources, restated: Option<bool>) -> String {
        let LocalizedResources {
            culture,
            id,
            collections,
            strings,
        } = x;
        let id = match (id, restated) {
            (Some(id), Some(r)) => format!("Some({})", {
                let own = self.own_id(Kind::LocalizedResources, id.id(), r);
                if r {
                    own
                } else {
                    format!("(&{own}).into()")
                }
            }),
            _ => "None".to_owned(),
        };
        let collections: Vec<String> = collections
            .iter()
            .map(|c| {
                let crate::content::LocalizedCollection {
                    element_type,
                    element_id,
                    target_collection,
                    items,
                } = c;
                let items: Vec<String> = items.iter().map(|i| self.enumeration_item(i)).collect();
                format!(
                    "ief::content::LocalizedCollection {{ element_type: {}, element_id: {}, target_collection: {}, items: {} }}",
                    self.string(element_type),
                    self.string(element_id),
                    self.string(target_collection),
                    vec_of(&items)
                )
            })
            .collect();
        let strings: Vec<String> = strings
            .iter()
            .map(|c| {
                let crate::content::LocalizedString {
                    element_type,
                    element_id,
                    string_id,
                    text,
                } = c;
                format!(
                    "ief::content::LocalizedString {{ element_type: {}, element_id: {}, string_id: {}, text: {} }}",
                    self.string(element_type),
                    self.opt_string(element_id),
                    self.string(string_id),
                    self.string(text)
                )
            })
            .collect();
        format!(
            "ief::content::LocalizedResources {{ culture: {}, id: {id}, collections: {}, strings: {} }}",
            self.opt_string(culture),
            vec_of(&collections),
            vec_of(&strings)
        )
    }

    fn display_control(&mut self, x: &DisplayControl, restated: bool) -> String {
        let DisplayControl {
            id,
            control_type,
            input_claims,
            display_claims,
            output_claims,
            actions,
        } = x;
        let own = self.own_id(Kind::DisplayControls, id.id(), restated);
        let mut s = format!(
            "DisplayControl::new({own}).control_type(ief::content::UserInterfaceControlType::{control_type:?})"
        );
        if !input_claims.is_empty() {
            let items = self.control_claims(input_claims);
            let _ = write!(s, "\n        .input_claims({items})");
        }
        if !display_claims.is_empty() {
            let items: Vec<String> = display_claims
                .iter()
                .map(|c| {
                    let crate::content::DisplayControlDisplayClaim {
                        claim,
                        control_claim_type,
                        required,
                    } = c;
                    let claim = self.opt_field_ref(Kind::Claims, claim.as_ref().map(|c| c.id()));
                    format!(
                        "ief::content::DisplayControlDisplayClaim {{ claim: {claim}, control_claim_type: {}, required: {required:?} }}",
                        self.opt_string(control_claim_type)
                    )
                })
                .collect();
            let _ = write!(s, "\n        .display_claims({})", vec_of(&items));
        }
        if !output_claims.is_empty() {
            let items = self.control_claims(output_claims);
            let _ = write!(s, "\n        .output_claims({items})");
        }
        if !actions.is_empty() {
            let items: Vec<String> = actions.iter().map(|a| self.control_action(a)).collect();
            let _ = write!(s, "\n        .actions({})", vec_of(&items));
        }
        s.push_str("\n        .build()");
        s
    }

    fn control_claims(&mut self, list: &[crate::content::DisplayControlClaim]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|c| {
                let crate::content::DisplayControlClaim {
                    claim,
                    required,
                    default_value,
                    always_use_default_value,
                } = c;
                let claim = self.opt_field_ref(Kind::Claims, claim.as_ref().map(|c| c.id()));
                format!(
                    "ief::content::DisplayControlClaim {{ claim: {claim}, required: {required:?}, default_value: {}, always_use_default_value: {always_use_default_value:?} }}",
                    self.opt_string(default_value)
                )
            })
            .collect();
        vec_of(&items)
    }

    fn control_action(&mut self, a: &DisplayControlAction) -> String {
        let DisplayControlAction { id, profiles } = a;
        let items: Vec<String> = profiles
            .iter()
            .map(|p| {
                let crate::content::ValidationClaimsExchangeProfile {
                    profile,
                    continue_on_success,
                    continue_on_error,
                    preconditions,
                } = p;
                format!(
                    "ief::content::ValidationClaimsExchangeProfile {{ profile: {}, continue_on_success: {continue_on_success:?}, continue_on_error: {continue_on_error:?}, preconditions: {} }}",
                    self.field_ref(Kind::Profiles, profile.id()),
                    self.preconditions(preconditions)
                )
            })
            .collect();
        format!(
            "ief::content::DisplayControlAction {{ id: {}, profiles: {} }}",
            self.string(id),
            vec_of(&items)
        )
    }

    fn preconditions(&mut self, list: &[Precondition]) -> String {
        let items: Vec<String> = list.iter().map(|p| self.precondition(p)).collect();
        vec_of(&items)
    }

    fn precondition(&mut self, p: &Precondition) -> String {
        let Precondition {
            precondition_type,
            execute_actions_if,
            values,
            actions,
            scope: _,
        } = p;
        let claim_ok = values
            .first()
            .is_some_and(|c| self.resolves(Kind::Claims, c));
        match (precondition_type, values.as_slice(), actions.as_slice()) {
            (PreconditionType::ClaimsExist, [claim], [action]) if claim_ok => format!(
                "Precondition::exists({}, {execute_actions_if}, ief::journeys::PreconditionAction::{action:?})",
                self.arg_ref(Kind::Claims, claim)
            ),
            (PreconditionType::ClaimEquals, [claim, value], [action]) if claim_ok => format!(
                "Precondition::equals({}, {}, {execute_actions_if}, ief::journeys::PreconditionAction::{action:?})",
                self.arg_ref(Kind::Claims, claim),
                self.arg(value)
            ),
            _ => {
                let actions: Vec<String> = actions
                    .iter()
                    .map(|a| format!("ief::journeys::PreconditionAction::{a:?}"))
                    .collect();
                format!(
                    "Precondition {{ precondition_type: ief::journeys::PreconditionType::{precondition_type:?}, execute_actions_if: {execute_actions_if}, values: {}, actions: {}, scope: std::marker::PhantomData }}",
                    self.strings(values),
                    vec_of(&actions)
                )
            }
        }
    }

    fn profile(&mut self, t: &TechnicalProfile, restated: bool, in_relying_party: bool) -> String {
        let TechnicalProfile {
            id,
            domains,
            domain,
            display_name,
            description,
            protocol,
            input_token_format,
            output_token_format,
            assurance_level_of_output_claims,
            required_assurance_levels_of_input_claims,
            subject_authentication_requirements,
            metadata,
            cryptographic_keys,
            suppressions,
            preferred_binding,
            include_in_sso,
            input_token_sources,
            input_claims_transformations,
            input_claims,
            display_claims,
            persisted_claims,
            output_claims,
            output_claims_transformations,
            validation_technical_profiles,
            subject_naming_info,
            extensions,
            include_claims_from_technical_profile,
            include_technical_profile,
            session_management,
            error_handlers,
            enabled_for_user_journeys,
        } = t;
        let start = if in_relying_party {
            if id.id() == "PolicyProfile" {
                "ProfileRef::policy_profile()".to_owned()
            } else {
                format!(
                    "ief::refs::ProfileRef::from_string({}).restated()",
                    lit(id.id())
                )
            }
        } else {
            self.own_id(Kind::Profiles, id.id(), restated)
        };
        let mut s = format!("TechnicalProfile::new({start})");
        if !domains.is_empty() {
            let _ = write!(s, "\n        .domains({})", self.strings(domains));
        }
        if let Some(x) = domain {
            let _ = write!(s, "\n        .domain({})", self.arg(x));
        }
        if let Some(x) = display_name {
            let _ = write!(s, "\n        .display_name({})", self.arg(x));
        }
        if let Some(x) = description {
            let _ = write!(s, "\n        .description({})", self.arg(x));
        }
        if let Some(p) = protocol {
            let _ = write!(s, "\n        .protocol({})", self.protocol(p));
        }
        if let Some(x) = input_token_format {
            let _ = write!(s, "\n        .input_token_format(TokenFormat::{x:?})");
        }
        if let Some(x) = output_token_format {
            let _ = write!(s, "\n        .output_token_format(TokenFormat::{x:?})");
        }
        if let Some(x) = assurance_level_of_output_claims {
            let _ = write!(
                s,
                "\n        .assurance_level_of_output_claims({})",
                self.arg(x)
            );
        }
        if !required_assurance_levels_of_input_claims.is_empty() {
            let _ = write!(
                s,
                "\n        .required_assurance_levels_of_input_claims({})",
                self.strings(required_assurance_levels_of_input_claims)
            );
        }
        if let Some(x) = subject_authentication_requirements {
            let crate::providers::SubjectAuthenticationRequirements {
                time_to_live,
                reset_expiry_when_token_issued,
            } = x;
            let _ = write!(
                s,
                "\n        .subject_authentication_requirements(ief::providers::SubjectAuthenticationRequirements {{ time_to_live: {time_to_live}, reset_expiry_when_token_issued: {reset_expiry_when_token_issued:?} }})"
            );
        }
        if !metadata.is_empty() {
            let _ = write!(s, "\n        .metadata({})", self.metadata(metadata));
        }
        if !cryptographic_keys.is_empty() {
            let _ = write!(
                s,
                "\n        .cryptographic_keys({})",
                self.keys(cryptographic_keys)
            );
        }
        if !suppressions.is_empty() {
            let items: Vec<String> = suppressions
                .iter()
                .map(|x| {
                    let crate::providers::SuppressionItem { key, value } = x;
                    format!(
                        "ief::providers::SuppressionItem {{ key: {}, value: {} }}",
                        self.string(key),
                        self.string(value)
                    )
                })
                .collect();
            let _ = write!(s, "\n        .suppressions({})", vec_of(&items));
        }
        if let Some(x) = preferred_binding {
            let _ = write!(s, "\n        .preferred_binding({})", self.arg(x));
        }
        if let Some(x) = include_in_sso {
            let _ = write!(s, "\n        .include_in_sso({x})");
        }
        if !input_token_sources.is_empty() {
            let items: Vec<String> = input_token_sources
                .iter()
                .map(|x| {
                    format!(
                        "ief::providers::InputTokenSource {{ id: {} }}",
                        self.field_ref(Kind::Profiles, x.id.id())
                    )
                })
                .collect();
            let _ = write!(s, "\n        .input_token_sources({})", vec_of(&items));
        }
        if !input_claims_transformations.is_empty() {
            let items = self.transform_refs(input_claims_transformations);
            let _ = write!(s, "\n        .input_claims_transformations({items})");
        }
        if !input_claims.is_empty() {
            let items = self.profile_claims(input_claims);
            let _ = write!(s, "\n        .input_claims({items})");
        }
        if !display_claims.is_empty() {
            let items: Vec<String> = display_claims
                .iter()
                .map(|c| self.display_claim(c))
                .collect();
            let _ = write!(s, "\n        .display_claims({})", vec_of(&items));
        }
        if !persisted_claims.is_empty() {
            let items: Vec<String> = persisted_claims
                .iter()
                .map(|c| self.persisted_claim(c))
                .collect();
            let _ = write!(s, "\n        .persisted_claims({})", vec_of(&items));
        }
        if !output_claims.is_empty() {
            let items = self.profile_claims(output_claims);
            let _ = write!(s, "\n        .output_claims({items})");
        }
        if !output_claims_transformations.is_empty() {
            let items = self.transform_refs(output_claims_transformations);
            let _ = write!(s, "\n        .output_claims_transformations({items})");
        }
        if !validation_technical_profiles.is_empty() {
            let items: Vec<String> = validation_technical_profiles
                .iter()
                .map(|v| self.validation_profile(v))
                .collect();
            let _ = write!(
                s,
                "\n        .validation_technical_profiles({})",
                vec_of(&items)
            );
        }
        if let Some(x) = subject_naming_info {
            let crate::providers::SubjectNamingInfo {
                claim_type,
                name_qualifier,
                sp_name_qualifier,
                format,
                sp_provided_id,
                exclude_as_claim,
            } = x;
            let mut n = format!(
                "SubjectNamingInfo::builder().claim_type({})",
                self.arg(claim_type)
            );
            for (setter, value) in [
                ("name_qualifier", name_qualifier),
                ("sp_name_qualifier", sp_name_qualifier),
                ("format", format),
                ("sp_provided_id", sp_provided_id),
            ] {
                if let Some(v) = value {
                    let _ = write!(n, ".{setter}({})", self.arg(v));
                }
            }
            if let Some(b) = exclude_as_claim {
                let _ = write!(n, ".exclude_as_claim({b})");
            }
            let _ = write!(s, "\n        .subject_naming_info({n}.build())");
        }
        if let Some(x) = extensions {
            let file = self.file().to_owned();
            self.verbatim.push(Verbatim {
                file,
                what: format!(
                    "TechnicalProfile `{}`: <Extensions> (raw XML, as the model keeps it)",
                    id.id()
                ),
            });
            let _ = write!(
                s,
                "\n        .extensions(ief::providers::Extensions {{ content: ief::xml::RawXml({}) }})",
                self.string(&x.content.0)
            );
        }
        if let Some(x) = include_claims_from_technical_profile {
            let _ = write!(
                s,
                "\n        .include_claims_from_technical_profile({})",
                self.arg_ref(Kind::Profiles, x.id())
            );
        }
        if let Some(x) = include_technical_profile {
            let _ = write!(
                s,
                "\n        .include_technical_profile({})",
                self.arg_ref(Kind::Profiles, x.reference.id())
            );
        }
        if let Some(x) = session_management {
            let _ = write!(
                s,
                "\n        .session_management({})",
                self.arg_ref(Kind::Profiles, x.reference.id())
            );
        }
        if !error_handlers.is_empty() {
            let items: Vec<String> = error_handlers
                .iter()
                .map(|e| self.error_handler(e))
                .collect();
            let _ = write!(s, "\n        .error_handlers({})", vec_of(&items));
        }
        if let Some(x) = enabled_for_user_journeys {
            let _ = write!(
                s,
                "\n        .enabled_for_user_journeys(ief::providers::EnabledForUserJourneys::{x:?})"
            );
        }
        s.push_str("\n        .build()");
        s
    }

    fn protocol(&mut self, p: &Protocol) -> String {
        let Protocol { name, handler } = p;
        match (name, handler) {
            (ProtocolName::Proprietary, Some(h)) => match HANDLERS.iter().find(|(_, v)| v == h) {
                Some((n, _)) => format!("Protocol::proprietary(handlers::{n})"),
                None => format!("Protocol::proprietary({})", self.arg(h)),
            },
            (n, None) => format!("Protocol::new(ProtocolName::{n:?})"),
            (n, h) => format!(
                "Protocol {{ name: ProtocolName::{n:?}, handler: {} }}",
                self.opt_string(h)
            ),
        }
    }

    fn keys(&mut self, keys: &[crate::providers::CryptographicKey]) -> String {
        let items: Vec<String> = keys
            .iter()
            .map(|k| {
                let crate::providers::CryptographicKey {
                    id,
                    storage_reference_id,
                } = k;
                format!(
                    "CryptographicKey::new({}, {})",
                    self.arg(id),
                    self.arg(storage_reference_id)
                )
            })
            .collect();
        vec_of(&items)
    }

    fn transform_refs(&mut self, list: &[crate::providers::TransformReference]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|t| {
                format!(
                    "TransformReference::new({})",
                    self.arg_ref(Kind::Transforms, t.reference.id())
                )
            })
            .collect();
        vec_of(&items)
    }

    fn profile_claims(&mut self, list: &[ProfileClaim]) -> String {
        let items: Vec<String> = list.iter().map(|c| self.profile_claim(c)).collect();
        vec_of(&items)
    }

    fn profile_claim(&mut self, c: &ProfileClaim) -> String {
        let ProfileClaim {
            claim,
            partner_claim_type,
            required,
            default_value,
            always_use_default_value,
            from,
        } = c;
        let mut s = format!(
            "ProfileClaim::new({})",
            self.arg_ref(Kind::Claims, claim.id())
        );
        if let Some(x) = partner_claim_type {
            let _ = write!(s, ".partner({})", self.arg(x));
        }
        let mut rest = Vec::new();
        match required {
            Some(true) => s.push_str(".required()"),
            Some(false) => rest.push("required: Some(false)".to_owned()),
            None => {}
        }
        match (default_value, always_use_default_value) {
            (Some(v), Some(true)) => {
                let _ = write!(s, ".always({})", self.arg(v));
            }
            (Some(v), a) => {
                let _ = write!(s, ".default_value({})", self.arg(v));
                if let Some(a) = a {
                    rest.push(format!("always_use_default_value: Some({a})"));
                }
            }
            (None, Some(a)) => rest.push(format!("always_use_default_value: Some({a})")),
            (None, None) => {}
        }
        if !from.is_empty() {
            let items: Vec<String> = from
                .iter()
                .map(|f| {
                    let FromProfile { profile } = f;
                    format!(
                        "ief::providers::FromProfile {{ profile: {} }}",
                        self.field_ref(Kind::Profiles, profile.id())
                    )
                })
                .collect();
            rest.push(format!("from: {}", vec_of(&items)));
        }
        if rest.is_empty() {
            s
        } else {
            format!("ProfileClaim {{ {}, ..{s} }}", rest.join(", "))
        }
    }

    fn display_claim(&mut self, c: &DisplayClaim) -> String {
        let DisplayClaim {
            claim,
            display_control,
            required,
        } = c;
        let base = match (claim, display_control) {
            (Some(c), None) => format!(
                "DisplayClaim::claim({})",
                self.arg_ref(Kind::Claims, c.id())
            ),
            (None, Some(d)) => format!(
                "DisplayClaim::control({})",
                self.arg_ref(Kind::DisplayControls, d.id())
            ),
            (c, d) => {
                let c = self.opt_field_ref(Kind::Claims, c.as_ref().map(|c| c.id()));
                let d = self.opt_field_ref(Kind::DisplayControls, d.as_ref().map(|d| d.id()));
                return format!(
                    "DisplayClaim {{ claim: {c}, display_control: {d}, required: {required:?} }}"
                );
            }
        };
        match required {
            Some(true) => format!("{base}.required()"),
            Some(false) => format!("DisplayClaim {{ required: Some(false), ..{base} }}"),
            None => base,
        }
    }

    fn persisted_claim(&mut self, c: &PersistedClaim) -> String {
        let PersistedClaim {
            claim,
            partner_claim_type,
            default_value,
            overwrite_if_exists,
            always_use_default_value,
        } = c;
        let mut s = format!(
            "PersistedClaim::new({})",
            self.arg_ref(Kind::Claims, claim.id())
        );
        if let Some(x) = partner_claim_type {
            let _ = write!(s, ".partner({})", self.arg(x));
        }
        if let Some(x) = default_value {
            let _ = write!(s, ".default_value({})", self.arg(x));
        }
        let mut rest = Vec::new();
        if let Some(x) = overwrite_if_exists {
            rest.push(format!("overwrite_if_exists: Some({x})"));
        }
        if let Some(x) = always_use_default_value {
            rest.push(format!("always_use_default_value: Some({x})"));
        }
        if rest.is_empty() {
            s
        } else {
            format!("PersistedClaim {{ {}, ..{s} }}", rest.join(", "))
        }
    }

    fn validation_profile(&mut self, v: &ValidationTechnicalProfile) -> String {
        let ValidationTechnicalProfile {
            reference,
            continue_on_success,
            continue_on_error,
            preconditions,
        } = v;
        let base = format!(
            "ValidationTechnicalProfile::new({})",
            self.arg_ref(Kind::Profiles, reference.id())
        );
        let mut rest = Vec::new();
        if let Some(x) = continue_on_success {
            rest.push(format!("continue_on_success: Some({x})"));
        }
        if let Some(x) = continue_on_error {
            rest.push(format!("continue_on_error: Some({x})"));
        }
        if !preconditions.is_empty() {
            rest.push(format!(
                "preconditions: {}",
                self.preconditions(preconditions)
            ));
        }
        if rest.is_empty() {
            base
        } else {
            format!(
                "ValidationTechnicalProfile {{ {}, ..{base} }}",
                rest.join(", ")
            )
        }
    }

    fn error_handler(&mut self, e: &ErrorHandler) -> String {
        let ErrorHandler {
            error_response_format,
            response_match,
            action,
            additional_request_parameters,
        } = e;
        let params: Vec<String> = additional_request_parameters
            .iter()
            .map(|p| {
                let crate::providers::AdditionalRequestParameter { key, value } = p;
                format!(
                    "ief::providers::AdditionalRequestParameter {{ key: {}, value: {} }}",
                    self.string(key),
                    self.string(value)
                )
            })
            .collect();
        format!(
            "ief::providers::ErrorHandler {{ error_response_format: {}, response_match: {}, action: ief::providers::ErrorHandlingAction::{action:?}, additional_request_parameters: {} }}",
            opt_enum("ief::providers::ErrorResponseFormat", error_response_format.as_ref()),
            self.string(response_match),
            vec_of(&params)
        )
    }

    // -- journeys ---------------------------------------------------------------

    /// A journey with `journey!` when it can express it, else the builders.
    /// Returns the code and whether the macro was used.
    fn journey(&mut self, j: &UserJourney, restated: bool) -> (String, bool) {
        if let Some(code) = self.journey_macro(j, restated) {
            return (code, true);
        }
        let UserJourney {
            id,
            non_interactive,
            default_cpim_issuer,
            assurance_level,
            preserve_original_assertion,
            authorization,
            steps,
            client_definition,
            cryptographic_keys,
        } = j;
        let own = self.own_id(Kind::Journeys, id.id(), restated);
        let mut s = format!("UserJourney::new({own})");
        if let Some(x) = non_interactive {
            let _ = write!(s, "\n        .non_interactive({x})");
        }
        if let Some(x) = default_cpim_issuer {
            let _ = write!(
                s,
                "\n        .default_cpim_issuer({})",
                self.arg_ref(Kind::Profiles, x.id())
            );
        }
        if let Some(x) = assurance_level {
            let _ = write!(s, "\n        .assurance_level({})", self.arg(x));
        }
        if let Some(x) = preserve_original_assertion {
            let _ = write!(s, "\n        .preserve_original_assertion({x})");
        }
        if let Some(a) = authorization {
            let Authorization { profiles } = a;
            let items: Vec<String> = profiles
                .iter()
                .map(|p| {
                    format!(
                        "ief::journeys::AuthorizationTechnicalProfile {{ reference: {} }}",
                        self.field_ref(Kind::Profiles, p.reference.id())
                    )
                })
                .collect();
            let _ = write!(
                s,
                "\n        .authorization(ief::journeys::Authorization {{ profiles: {} }})",
                vec_of(&items)
            );
        }
        if !steps.is_empty() {
            let _ = write!(s, "\n        .steps({})", self.steps(steps));
        }
        if let Some(c) = client_definition {
            let r = self.opt_field_ref(
                Kind::ClientDefinitions,
                c.reference.as_ref().map(|r| r.id()),
            );
            let _ = write!(
                s,
                "\n        .client_definition(ief::journeys::ClientDefinitionReference {{ reference: {r} }})"
            );
        }
        if !cryptographic_keys.is_empty() {
            let _ = write!(
                s,
                "\n        .cryptographic_keys({})",
                self.keys(cryptographic_keys)
            );
        }
        s.push_str("\n        .build()");
        (s, false)
    }

    fn sub_journey(&mut self, j: &SubJourney, restated: bool) -> (String, bool) {
        if !restated {
            let head = format!(
                "sub_journey {} ({:?})",
                self.names.name(Kind::SubJourneys, j.id.id()),
                j.journey_type
            );
            if let Some(code) = self.steps_macro(&head, &j.steps, false, true) {
                return (code, true);
            }
        }
        let SubJourney {
            id,
            journey_type,
            steps,
        } = j;
        let own = self.own_id(Kind::SubJourneys, id.id(), restated);
        (
            format!(
                "SubJourney {{ id: {own}, journey_type: ief::journeys::SubJourneyType::{journey_type:?}, steps: {} }}",
                self.steps(steps)
            ),
            false,
        )
    }

    fn journey_macro(&mut self, j: &UserJourney, restated: bool) -> Option<String> {
        let UserJourney {
            id,
            non_interactive,
            default_cpim_issuer,
            assurance_level,
            preserve_original_assertion,
            authorization,
            steps,
            client_definition,
            cryptographic_keys,
        } = j;
        if non_interactive.is_some()
            || assurance_level.is_some()
            || authorization.is_some()
            || !cryptographic_keys.is_empty()
        {
            return None;
        }
        let mut args = Vec::new();
        if let Some(x) = default_cpim_issuer {
            if !self.resolves(Kind::Profiles, x.id()) {
                return None;
            }
            args.push(format!(
                "default_issuer = {}",
                self.names.name(Kind::Profiles, x.id())
            ));
        }
        if let Some(c) = client_definition {
            let r = c.reference.as_ref()?;
            if !self.resolves(Kind::ClientDefinitions, r.id()) {
                return None;
            }
            args.push(format!(
                "client_definition = {}",
                self.names.name(Kind::ClientDefinitions, r.id())
            ));
        }
        if let Some(x) = preserve_original_assertion {
            args.push(format!("preserve_original_assertion = {x}"));
        }
        let name = self.names.name(Kind::Journeys, id.id());
        let head = format!(
            "{}journey {name}{}",
            if restated { "partial " } else { "" },
            if args.is_empty() {
                String::new()
            } else {
                format!(" ({})", args.join(", "))
            }
        );
        self.steps_macro(&head, steps, !restated, !restated)
    }

    /// `journey!` for `steps` under `head`, if every step can be written
    /// in it and the macro's checks pass (the same `check` it runs).
    fn steps_macro(
        &mut self,
        head: &str,
        steps: &[OrchestrationStep],
        must_send_claims: bool,
        complete: bool,
    ) -> Option<String> {
        // Expressible?
        for s in steps {
            let OrchestrationStep {
                order: _,
                step_type: _,
                content_definition,
                cpim_issuer,
                preconditions,
                selections,
                exchanges,
                journey_list,
            } = s;
            if content_definition
                .as_ref()
                .is_some_and(|c| !self.resolves(Kind::ContentDefinitions, c.id()))
                || cpim_issuer
                    .as_ref()
                    .is_some_and(|c| !self.resolves(Kind::Profiles, c.id()))
            {
                return None;
            }
            for p in preconditions {
                self.macro_condition(p)?;
            }
            if let Some(sel) = selections {
                if !matches!(
                    sel.display_option,
                    None | Some(SelectionDisplayOption::ShowSingleProvider)
                ) || sel
                    .selections
                    .iter()
                    .any(|x| x.target.is_some() == x.validation.is_some())
                {
                    return None;
                }
            }
            if let Some(ClaimsExchanges {
                user_identity,
                exchanges,
            }) = exchanges
            {
                if user_identity.is_some()
                    || exchanges.is_empty()
                    || exchanges
                        .iter()
                        .any(|e| !self.resolves(Kind::Profiles, e.profile.id()))
                {
                    return None;
                }
            }
            if journey_list
                .iter()
                .any(|c| !self.resolves(Kind::SubJourneys, c.sub_journey.id()))
            {
                return None;
            }
        }
        let shape = JourneyShape::of_steps(steps, must_send_claims, complete);
        if !crate::check::journey::check(&shape).is_empty() {
            return None;
        }
        let numbered = !complete
            || steps
                .iter()
                .enumerate()
                .any(|(i, s)| s.order != i as i32 + 1);
        let mut out = String::new();
        let _ = writeln!(out, "ief::journey! {{");
        let _ = writeln!(out, "        scope = ids::scope;");
        let _ = writeln!(out, "        {head} {{");
        for s in steps {
            let mut args = Vec::new();
            if let Some(c) = &s.content_definition {
                args.push(format!(
                    "content = {}",
                    self.names.name(Kind::ContentDefinitions, c.id())
                ));
            }
            if let Some(c) = &s.cpim_issuer {
                args.push(format!(
                    "issuer = {}",
                    self.names.name(Kind::Profiles, c.id())
                ));
            }
            let mut body = Vec::new();
            if let Some(sel) = &s.selections {
                for x in &sel.selections {
                    match (&x.target, &x.validation) {
                        (Some(t), _) => {
                            body.push(format!("select target {};", exchange_id(t.id())))
                        }
                        (_, Some(v)) => {
                            body.push(format!("select validation {};", exchange_id(v.id())))
                        }
                        _ => {}
                    }
                }
                if sel.display_option == Some(SelectionDisplayOption::ShowSingleProvider) {
                    body.push("show_single_provider;".into());
                }
            }
            for p in &s.preconditions {
                if let Some(line) = self.macro_condition(p) {
                    body.push(line);
                }
            }
            if let Some(e) = &s.exchanges {
                for x in &e.exchanges {
                    body.push(format!(
                        "exchange {} = {};",
                        exchange_id(x.id.id()),
                        self.names.name(Kind::Profiles, x.profile.id())
                    ));
                }
            }
            for c in &s.journey_list {
                body.push(format!(
                    "invoke {};",
                    self.names.name(Kind::SubJourneys, c.sub_journey.id())
                ));
            }
            let order = if numbered {
                format!("{}: ", s.order)
            } else {
                String::new()
            };
            let args = if args.is_empty() {
                String::new()
            } else {
                format!(" ({})", args.join(", "))
            };
            if body.is_empty() {
                let _ = writeln!(out, "            {order}{:?}{args};", s.step_type);
            } else {
                let _ = writeln!(out, "            {order}{:?}{args} {{", s.step_type);
                for line in body {
                    let _ = writeln!(out, "                {line}");
                }
                let _ = writeln!(out, "            }}");
            }
        }
        let _ = write!(out, "        }}\n    }}");
        Some(out)
    }

    /// The `journey!` line of a precondition it can express.
    fn macro_condition(&self, p: &Precondition) -> Option<String> {
        if p.actions != [PreconditionAction::SkipThisOrchestrationStep] {
            return None;
        }
        let claim = p.values.first()?;
        if !self.resolves(Kind::Claims, claim) {
            return None;
        }
        let name = self.name_of(Kind::Claims, claim);
        match (p.precondition_type, p.values.len(), p.execute_actions_if) {
            (PreconditionType::ClaimsExist, 1, true) => Some(format!("skip_if_exists {name};")),
            (PreconditionType::ClaimsExist, 1, false) => {
                Some(format!("skip_unless_exists {name};"))
            }
            (PreconditionType::ClaimEquals, 2, b) => {
                let value = &p.values[1];
                if pieces(value).iter().any(|x| matches!(x, Piece::Key(_))) {
                    return None;
                }
                Some(format!(
                    "skip_{}_equals {name} = {};",
                    if b { "if" } else { "unless" },
                    lit(value)
                ))
            }
            _ => None,
        }
    }

    /// The handle name of a defined id (every one was named up front).
    fn name_of(&self, kind: Kind, id: &str) -> String {
        self.names
            .peek(kind, id)
            .unwrap_or_else(|| names::screaming(id))
    }

    fn steps(&mut self, steps: &[OrchestrationStep]) -> String {
        let items: Vec<String> = steps.iter().map(|s| self.step(s)).collect();
        vec_of(&items)
    }

    fn step(&mut self, s: &OrchestrationStep) -> String {
        let OrchestrationStep {
            order,
            step_type,
            content_definition,
            cpim_issuer,
            preconditions,
            selections,
            exchanges,
            journey_list,
        } = s;
        let selections = match selections {
            None => "None".to_owned(),
            Some(ClaimsProviderSelections {
                display_option,
                selections,
            }) => {
                let items: Vec<String> = selections
                    .iter()
                    .map(|x| {
                        format!(
                            "ief::journeys::ClaimsProviderSelection {{ target: {}, validation: {} }}",
                            self.opt_exchange(x.target.as_ref()),
                            self.opt_exchange(x.validation.as_ref())
                        )
                    })
                    .collect();
                format!(
                    "Some(ClaimsProviderSelections {{ display_option: {}, selections: {} }})",
                    opt_enum(
                        "ief::journeys::SelectionDisplayOption",
                        display_option.as_ref()
                    ),
                    vec_of(&items)
                )
            }
        };
        let exchanges = match exchanges {
            None => "None".to_owned(),
            Some(ClaimsExchanges {
                user_identity,
                exchanges,
            }) => {
                let items: Vec<String> = exchanges
                    .iter()
                    .map(|e| {
                        format!(
                            "ClaimsExchange::new({}, {})",
                            self.exchange(&e.id),
                            self.arg_ref(Kind::Profiles, e.profile.id())
                        )
                    })
                    .collect();
                format!(
                    "Some(ClaimsExchanges {{ user_identity: {user_identity:?}, exchanges: {} }})",
                    vec_of(&items)
                )
            }
        };
        let candidates: Vec<String> = journey_list
            .iter()
            .map(|c| {
                format!(
                    "Candidate {{ sub_journey: {} }}",
                    self.field_ref(Kind::SubJourneys, c.sub_journey.id())
                )
            })
            .collect();
        format!(
            "OrchestrationStep {{ order: {order}, step_type: StepType::{step_type:?}, content_definition: {}, cpim_issuer: {}, preconditions: {}, selections: {selections}, exchanges: {exchanges}, journey_list: {} }}",
            self.opt_field_ref(Kind::ContentDefinitions, content_definition.as_ref().map(|c| c.id())),
            self.opt_field_ref(Kind::Profiles, cpim_issuer.as_ref().map(|c| c.id())),
            self.preconditions(preconditions),
            vec_of(&candidates)
        )
    }

    fn exchange(&mut self, e: &crate::refs::ExchangeRef) -> String {
        let id = e.id();
        if pieces(id).iter().any(|p| matches!(p, Piece::Key(_))) {
            format!("ExchangeRef::from_string({})", self.string(id))
        } else {
            format!("ExchangeRef::new({})", lit(id))
        }
    }

    fn opt_exchange(&mut self, e: Option<&crate::refs::ExchangeRef>) -> String {
        match e {
            None => "None".into(),
            Some(e) => format!("Some({})", self.exchange(e)),
        }
    }

    // -- relying party ------------------------------------------------------------

    fn relying_party(&mut self, rp: &RelyingParty) -> String {
        let RelyingParty {
            default_user_journey,
            endpoints,
            user_journey_behaviors,
            technical_profiles,
        } = rp;
        let mut s = "RelyingParty::builder()".to_owned();
        if let Some(d) = default_user_journey {
            let _ = write!(
                s,
                "\n        .default_user_journey({})",
                self.arg_ref(Kind::Journeys, d.reference.id())
            );
        }
        if !endpoints.is_empty() {
            let items: Vec<String> = endpoints
                .iter()
                .map(|e| {
                    format!(
                        "ief::relying_party::Endpoint {{ id: {}, journey: {} }}",
                        self.string(&e.id),
                        self.field_ref(Kind::Journeys, e.journey.id())
                    )
                })
                .collect();
            let _ = write!(s, "\n        .endpoints({})", vec_of(&items));
        }
        if let Some(b) = user_journey_behaviors {
            let _ = write!(
                s,
                "\n        .user_journey_behaviors({})",
                self.behaviors(b)
            );
        }
        if !technical_profiles.is_empty() {
            let items: Vec<String> = technical_profiles
                .iter()
                .map(|t| self.profile(t, false, true))
                .collect();
            let _ = write!(s, "\n        .technical_profiles({})", vec_of(&items));
        }
        s.push_str("\n        .build()");
        s
    }

    fn behaviors(&mut self, b: &UserJourneyBehaviors) -> String {
        let UserJourneyBehaviors {
            single_sign_on,
            session_expiry_type,
            session_expiry_in_seconds,
            azure_application_insights,
            journey_insights,
            content_definition_parameters,
            journey_framing,
            script_execution,
            on_error,
        } = b;
        let sso = match single_sign_on {
            None => "None".to_owned(),
            Some(x) => {
                let crate::relying_party::SingleSignOn {
                    scope,
                    keep_alive_in_days,
                    enforce_id_token_hint_on_logout,
                } = x;
                format!(
                    "Some(ief::relying_party::SingleSignOn {{ scope: ief::relying_party::SsoScope::{scope:?}, keep_alive_in_days: {keep_alive_in_days:?}, enforce_id_token_hint_on_logout: {enforce_id_token_hint_on_logout:?} }})"
                )
            }
        };
        let aai = match azure_application_insights {
            None => "None".to_owned(),
            Some(x) => {
                let crate::relying_party::AzureApplicationInsights {
                    instrumentation_key,
                } = x;
                format!(
                    "Some(ief::relying_party::AzureApplicationInsights {{ instrumentation_key: {} }})",
                    self.string(instrumentation_key)
                )
            }
        };
        let ji = match journey_insights {
            None => "None".to_owned(),
            Some(x) => {
                let crate::relying_party::JourneyInsights {
                    instrumentation_key,
                    telemetry_engine,
                    developer_mode,
                    client_enabled,
                    server_enabled,
                    telemetry_version,
                } = x;
                format!(
                    "Some(ief::relying_party::JourneyInsights {{ instrumentation_key: {}, telemetry_engine: ief::relying_party::TelemetryEngine::{telemetry_engine:?}, developer_mode: {developer_mode:?}, client_enabled: {client_enabled:?}, server_enabled: {server_enabled:?}, telemetry_version: {} }})",
                    self.string(instrumentation_key),
                    self.opt_string(telemetry_version)
                )
            }
        };
        let params: Vec<String> = content_definition_parameters
            .iter()
            .map(|p| {
                let crate::relying_party::ContentDefinitionParameter { name, value } = p;
                format!(
                    "ief::relying_party::ContentDefinitionParameter {{ name: {}, value: {} }}",
                    self.string(name),
                    self.string(value)
                )
            })
            .collect();
        let framing = match journey_framing {
            None => "None".to_owned(),
            Some(x) => {
                let crate::relying_party::JourneyFraming { enabled, sources } = x;
                format!(
                    "Some(ief::relying_party::JourneyFraming {{ enabled: {enabled}, sources: {} }})",
                    self.string(sources)
                )
            }
        };
        let on_error = match on_error {
            None => "None".to_owned(),
            Some(x) => {
                let crate::relying_party::OnError { mode } = x;
                format!(
                    "Some(ief::relying_party::OnError {{ mode: ief::relying_party::OnErrorMode::{mode:?} }})"
                )
            }
        };
        format!(
            "ief::relying_party::UserJourneyBehaviors {{ single_sign_on: {sso}, session_expiry_type: {}, session_expiry_in_seconds: {session_expiry_in_seconds:?}, azure_application_insights: {aai}, journey_insights: {ji}, content_definition_parameters: {}, journey_framing: {framing}, script_execution: {}, on_error: {on_error} }}",
            opt_enum("ief::relying_party::SessionExpiryType", session_expiry_type.as_ref()),
            vec_of(&params),
            opt_enum("ief::relying_party::ScriptExecution", script_execution.as_ref()),
        )
    }

    fn policy_constraints(&mut self, pc: &crate::policy::PolicyConstraints) -> String {
        let crate::policy::PolicyConstraints {
            inheritance,
            reroute_rules,
        } = pc;
        let inheritance = match inheritance {
            None => "None".to_owned(),
            Some(i) => {
                let crate::policy::Inheritance {
                    deriving_policies,
                    rule,
                } = i;
                let rule = match rule {
                    None => "None".to_owned(),
                    Some(crate::policy::InheritanceRule::Tenants(t)) => format!(
                        "Some(ief::policy::InheritanceRule::Tenants({}))",
                        self.strings(t)
                    ),
                    Some(crate::policy::InheritanceRule::ConstraintHandler { id, handler }) => {
                        format!(
                            "Some(ief::policy::InheritanceRule::ConstraintHandler {{ id: {}, handler: {} }})",
                            self.string(id),
                            self.string(handler)
                        )
                    }
                };
                format!(
                    "Some(ief::policy::Inheritance {{ deriving_policies: {}, rule: {rule} }})",
                    self.string(deriving_policies)
                )
            }
        };
        let reroute = match reroute_rules {
            None => "None".to_owned(),
            Some(r) => {
                let crate::policy::RerouteRules { rule_type, rules } = r;
                let items: Vec<String> = rules
                    .iter()
                    .map(|x| {
                        let crate::policy::RerouteRule {
                            policy_id,
                            weight,
                            match_,
                        } = x;
                        format!(
                            "ief::policy::RerouteRule {{ policy_id: {}, weight: {weight:?}, match_: {} }}",
                            self.string(policy_id),
                            self.opt_string(match_)
                        )
                    })
                    .collect();
                format!(
                    "Some(ief::policy::RerouteRules {{ rule_type: {}, rules: {} }})",
                    self.string(rule_type),
                    vec_of(&items)
                )
            }
        };
        format!(
            "ief::policy::PolicyConstraints {{ inheritance: {inheritance}, reroute_rules: {reroute} }}"
        )
    }
}

/// `vec![a, b]` (`Vec::new()` when empty).
fn vec_of(items: &[String]) -> String {
    if items.is_empty() {
        "Vec::new()".into()
    } else {
        format!("vec![{}]", items.join(", "))
    }
}

fn opt_enum<T: std::fmt::Debug>(path: &str, v: Option<&T>) -> String {
    match v {
        None => "None".into(),
        Some(v) => format!("Some({path}::{v:?})"),
    }
}

/// An exchange id in `journey!`: the bare identifier when it is one.
fn exchange_id(id: &str) -> String {
    let ident = id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !names::is_keyword(id)
        && id != "_";
    if ident {
        id.to_owned()
    } else {
        lit(id)
    }
}

/// The data-type marker of a `DataType` (`Str` for `string`).
fn marker(dt: DataType) -> &'static str {
    match dt {
        DataType::Boolean => "Bool",
        DataType::Date => "Date",
        DataType::DateTime => "DateTime",
        DataType::Duration => "Duration",
        DataType::Int => "Int",
        DataType::Long => "Long",
        DataType::String => "Str",
        DataType::StringCollection => "StringCollection",
        DataType::AlternativeSecurityIdCollection => "AlternativeSecurityIdCollection",
        DataType::UserIdentityCollection => "UserIdentityCollection",
        DataType::UserIdentity => "UserIdentity",
        DataType::PhoneNumber => "PhoneNumber",
        DataType::ObjectIdentityCollection => "ObjectIdentityCollection",
        DataType::ObjectIdentity => "ObjectIdentity",
    }
}

/// The handler constants of `ief::providers::handlers`, by value.
const HANDLERS: &[(&str, &str)] = {
    use crate::providers::handlers as h;
    &[
        ("SELF_ASSERTED", h::SELF_ASSERTED),
        ("AZURE_ACTIVE_DIRECTORY", h::AZURE_ACTIVE_DIRECTORY),
        ("CLAIMS_TRANSFORMATION", h::CLAIMS_TRANSFORMATION),
        ("RESTFUL", h::RESTFUL),
        ("DEFAULT_SSO_SESSION", h::DEFAULT_SSO_SESSION),
        ("NOOP_SSO_SESSION", h::NOOP_SSO_SESSION),
        ("EXTERNAL_LOGIN_SSO_SESSION", h::EXTERNAL_LOGIN_SSO_SESSION),
        ("OAUTH_SSO_SESSION", h::OAUTH_SSO_SESSION),
        ("SAML_SSO_SESSION", h::SAML_SSO_SESSION),
        ("ONE_TIME_PASSWORD", h::ONE_TIME_PASSWORD),
        ("AZURE_MFA", h::AZURE_MFA),
        ("PHONE_FACTOR", h::PHONE_FACTOR),
        ("AAD_SSPR", h::AAD_SSPR),
        ("APPLICATION_INSIGHTS", h::APPLICATION_INSIGHTS),
        ("USER_JOURNEY_CONTEXT", h::USER_JOURNEY_CONTEXT),
        ("CONDITIONAL_ACCESS", h::CONDITIONAL_ACCESS),
    ]
};

// ---------------------------------------------------------------------------
// Crate files.

fn cargo_toml(options: &Options<'_>) -> String {
    // Without default features: they only choose the `ief` binary's
    // allocator (a C library), which a policy crate never runs.
    let dep = match &options.ief {
        IefDependency::Version(v) => {
            format!(
                "ief = {{ version = {}, default-features = false }}",
                toml_str(v)
            )
        }
        IefDependency::Path(p) => format!(
            "ief = {{ path = {}, default-features = false }}",
            toml_str(&p.display().to_string())
        ),
    };
    format!(
        "# Generated by `ief import --to-rust`.\n[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{dep}\n",
        toml_str(&options.crate_name)
    )
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main_rs(
    set: &SetIndex<'_>,
    policies: &[PolicySummary],
    modules: &[(String, bool)],
    settings: bool,
) -> String {
    let mut out = String::new();
    let files: Vec<&str> = set
        .order
        .iter()
        .map(|&i| set.sources[i].file.as_str())
        .collect();
    let _ = writeln!(
        out,
        "//! The policy set {}, as Rust (generated by `ief import --to-rust`).\n//!\n//! `cargo run -- OUT` writes the set into OUT (`generated/` by default).",
        files
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if settings {
        let _ = writeln!(
            out,
            "//! Settings placeholders (`{{Settings:Key}}`) are read from `settings.toml` (see `settings.rs`)."
        );
    }
    let _ = writeln!(out);
    if settings {
        let _ = writeln!(out, "mod settings;");
    }
    for p in policies {
        let _ = writeln!(out, "mod {};", p.module);
    }
    let _ = writeln!(
        out,
        "\nuse ief::emit::PolicySet;\n\nfn main() -> std::process::ExitCode {{\n    let dir = std::env::args_os()\n        .nth(1)\n        .map_or_else(|| std::path::PathBuf::from(\"generated\"), std::path::PathBuf::from);"
    );
    if settings {
        let _ = writeln!(
            out,
            "    let v = match settings::load() {{\n        Ok(v) => v,\n        Err(e) => {{\n            eprintln!(\"error: {{e}}\");\n            return std::process::ExitCode::from(2);\n        }}\n    }};"
        );
    }
    let _ = write!(out, "    let set = PolicySet::new()");
    for (p, (m, needs)) in policies.iter().zip(modules) {
        let _ = write!(
            out,
            "\n        .with({}, {m}::policy({}))",
            lit(&p.file),
            if *needs { "&v" } else { "" }
        );
    }
    let _ = writeln!(out, ";");
    let _ = writeln!(
        out,
        "    match set.write_checked(&dir) {{\n        Ok(written) => {{\n            for warning in written.report.warnings() {{\n                eprintln!(\"{{warning}}\");\n            }}\n            for path in written.paths {{\n                println!(\"wrote {{}}\", path.display());\n            }}\n            std::process::ExitCode::SUCCESS\n        }}\n        Err(e) => {{\n            eprintln!(\"error: {{e}}\");\n            std::process::ExitCode::from(1)\n        }}\n    }}\n}}"
    );
    out
}

fn settings_rs(settings: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! The values of the `{{Settings:Key}}` placeholders the imported files used.\n//!\n//! `load` is the one place they are read. Today it reads `settings.toml`\n//! (one table per environment; `IEF_ENV` picks one, `template` by default,\n//! and `IEF_SETTING_<KEY>` overrides a key) with `ief::settings::Settings`.\n//! To read the VS Code extension's `appsettings.json` instead, replace the\n//! `Settings::load(...)` line with the appsettings reader.\n\nuse ief::settings::{{Settings, SettingsError}};\n"
    );
    let _ = writeln!(out, "/// Every key the placeholders name.");
    let keys: Vec<String> = settings.keys().map(|k| lit(k)).collect();
    let _ = writeln!(out, "pub const KEYS: &[&str] = &[{}];\n", keys.join(", "));
    let _ = writeln!(out, "/// The settings, one field per key.");
    let _ = writeln!(out, "pub struct Values {{");
    for (k, f) in settings {
        let _ = writeln!(out, "    /// `{{Settings:{k}}}`.\n    pub {f}: String,");
    }
    let _ = writeln!(out, "}}\n");
    let _ = writeln!(
        out,
        "/// Reads the settings of the environment `IEF_ENV` names (`template`\n/// by default, whose values are the placeholders themselves, so the set is\n/// written back as it was imported).\npub fn load() -> Result<Values, SettingsError> {{\n    let s = Settings::load(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/settings.toml\"), \"template\", KEYS)?;\n    Ok(Values {{"
    );
    for (k, f) in settings {
        let _ = writeln!(out, "        {f}: s.get({})?.to_owned(),", lit(k));
    }
    let _ = writeln!(out, "    }})\n}}");
    out
}

fn settings_toml(settings: &BTreeMap<String, String>) -> String {
    let mut out = String::from(
        "# Settings of the imported policies, one table per environment (IEF_ENV\n# picks one; `template` by default). [template] holds each key's own\n# placeholder, so `cargo run` writes the files as they were imported; add\n# a table per environment ([dev], [prod], ...) with the real values.\n\n[template]\n",
    );
    for k in settings.keys() {
        let _ = writeln!(
            out,
            "{} = {}",
            toml_str(k),
            toml_str(&format!("{{Settings:{k}}}"))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> Vec<String> {
        pieces(s)
            .iter()
            .map(|p| match p {
                Piece::Text(t) => format!("T:{t}"),
                Piece::Key(k) => format!("K:{k}"),
            })
            .collect()
    }

    #[test]
    fn placeholders_are_split_out_of_strings() {
        assert_eq!(shown("{Settings:Tenant}"), ["K:Tenant"]);
        assert_eq!(
            shown("https://{Settings:Api.Host}/u/{objectId}"),
            ["T:https://", "K:Api.Host", "T:/u/{objectId}"]
        );
        // Not a key: spaces, an empty key, no closing brace.
        assert_eq!(shown("{Settings:a b}x"), ["T:{Settings:", "T:a b}x"]);
        assert_eq!(shown("{Settings:}"), ["T:{Settings:", "T:}"]);
        assert_eq!(shown("{Settings:Open"), ["T:{Settings:Open"]);
        assert!(shown("").is_empty());
    }

    #[test]
    fn literals_are_valid_rust_strings() {
        assert_eq!(lit("plain"), "\"plain\"");
        assert_eq!(lit(r"a\d"), "r#\"a\\d\"#");
        assert_eq!(lit("line\nbreak"), "\"line\\nbreak\"");
        assert_eq!(lit("q\"#x"), "\"q\\\"#x\"");
    }

    #[test]
    fn an_incomplete_chain_names_the_missing_base() {
        let xml = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Ext"
  PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_Ext">
  <BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>B2C_1A_Missing</PolicyId></BasePolicy>
</TrustFrameworkPolicy>"#;
        let policy = crate::import::import_str(xml, "Ext.xml").unwrap().policy;
        let err = generate(
            &[SourcePolicy {
                file: "Ext.xml".into(),
                policy,
            }],
            &Options {
                crate_name: "x".into(),
                ief: IefDependency::Version("0.1.0".into()),
                comments: &NoComments,
            },
        )
        .unwrap_err();
        assert_eq!(
            err,
            ToRustError::MissingBase {
                file: "Ext.xml".into(),
                base: "B2C_1A_Missing".into()
            }
        );
    }

    /// A comment source that says where each comment would go.
    struct Marks;

    impl CommentSource for Marks {
        fn comments(&self, file: &str, anchor: &Anchor<'_>) -> Vec<String> {
            match anchor {
                Anchor::Policy => vec![format!("policy of {file}")],
                Anchor::Definition { kind, id } => vec![format!("{} {id}", kind.element())],
                Anchor::RelyingParty => vec!["the relying party".into()],
            }
        }

        fn statements(&self, file: &str) -> Vec<String> {
            vec![format!(
                "policy.tenant_object_id = Some({:?}.to_owned());",
                file
            )]
        }
    }

    #[test]
    fn the_comment_pass_writes_before_the_module_and_each_definition() {
        let xml = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Base"
  PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_Base">
  <BuildingBlocks><ClaimsSchema>
    <ClaimType Id="email"><DataType>string</DataType></ClaimType>
  </ClaimsSchema></BuildingBlocks>
</TrustFrameworkPolicy>"#;
        let policy = crate::import::import_str(xml, "Base.xml").unwrap().policy;
        let out = generate(
            &[SourcePolicy {
                file: "Base.xml".into(),
                policy,
            }],
            &Options {
                crate_name: "x".into(),
                ief: IefDependency::Path("/src/ief".into()),
                comments: &Marks,
            },
        )
        .unwrap();
        let base = &out
            .files
            .iter()
            .find(|f| f.path.ends_with("base.rs"))
            .unwrap()
            .contents;
        assert!(base.contains("//! policy of Base.xml\n"), "{base}");
        assert!(
            base.contains("/// ClaimType email\n/// ClaimType `email`.\nfn claim_email()"),
            "{base}"
        );
        assert!(
            base.contains(
                "    policy.tenant_object_id = Some(\"Base.xml\".to_owned());\n    policy\n"
            ),
            "{base}"
        );
        let toml = &out.files[0].contents;
        assert!(
            toml.contains(r#"ief = { path = "/src/ief", default-features = false }"#),
            "{toml}"
        );
    }
}
