//! `ief flatten` prints what B2C runs: for every relying party of
//! Microsoft's starter pack, the real `ief flatten` output is compared
//! with a merge written here, independently of `ief::resolve` and of ief's
//! model and importer: plain roxmltree over the source files, following
//! `BasePolicy/PolicyId` (ignoring case) and merging by id (ignoring case),
//! child over base, as fact sheet section 6 and the rules decided in
//! `dsl/src/resolve.rs` say.
//!
//! The sets: the four main sets, every `DisplayControls/*` variant and
//! every `scenarios/*` folder. A scenario whose chains resolve inside its
//! own folder (phone-number-passwordless: `Phone_Email_Base` is a root) is
//! flattened where it is. The others (linkedin-identity-provider,
//! password-change) hold only an extensions file that names
//! `B2C_1A_TrustFrameworkBase` as its base and their relying parties:
//! their files are laid over the base policies of `SocialAndLocalAccounts`
//! (a scenario file replaces the file of the same `PolicyId`), as
//! `tests/check_starterpack.rs` does and as uploading them into a tenant
//! holding that set would. `SocialAndLocalAccounts` is the host because
//! their journeys use both its local-account profiles
//! (`SelfAsserted-LocalAccountSignin-Email`, `login-NonInteractive`) and
//! its social ones (`SelfAsserted-Social`). Only the scenario's own
//! relying parties are flattened there: the host's relying parties are
//! covered by the host set itself. A folder that fits neither way, or a new
//! folder under `starterpack/`, fails the test instead of being skipped.
//!
//! The facts compared, per relying party:
//! - claim types: the ids, in order of first declaration; for each its
//!   `DataType`, `DisplayName`, `UserInputType` (the last declaration that
//!   sets one wins);
//! - technical profiles of the claims providers (keyed across providers):
//!   the ids in order of first declaration; `Protocol@Name`,
//!   `IncludeTechnicalProfile` as written (not applied),
//!   `UseTechnicalProfileForSessionManagement`; metadata `Key -> value` and
//!   cryptographic keys `Id -> StorageReferenceId` (a child's item replaces
//!   the base's of the same key, a new one is added); input, output,
//!   persisted and display claims, claims-transformation and
//!   validation-profile references as ordered lists of ids;
//! - user journeys and sub-journeys: the ids, the sub-journey `Type`, the
//!   step orders; per step its `Type`, `ContentDefinitionReferenceId`,
//!   `CpimIssuerTechnicalProfileReferenceId`, precondition count,
//!   selection targets, `ClaimsExchange` `Id -> TechnicalProfileReferenceId`
//!   pairs and `JourneyList` candidates (a child's restated step keeps what
//!   it leaves out);
//! - content definitions: the ids; `LoadUri`, `RecoveryUri`, `DataUri` (a
//!   child that leaves one out keeps the base's: the starter pack's
//!   localization files restate only `LocalizedResourcesReferences`, fact
//!   sheet [SP]); the `Language -> LocalizedResourcesReferenceId` pairs,
//!   merged by `MergeBehavior`;
//! - localization: `DefaultLanguage`, the supported languages (by
//!   `MergeBehavior`), the `LocalizedResources` ids;
//! - the relying party's `DefaultUserJourney`.
//!
//! Lists keyed by id are compared in order. The order is the one decided in
//! `resolve.rs` (the base's items in place, a child's item replacing the
//! base's item of the same id where it stood, new ids appended), which is
//! also the plain reading of "merge additively by key" in the fact sheet.
//! The one report against it (new self-asserted output claims *render*
//! first, fact sheet "Rendering order", marked [U]) is about B2C's page,
//! not about a merged document, so it does not decide a text order; this
//! test pins the decided order so that changing it is deliberate.
//!
//! Metadata keys are compared exactly: the fact sheet does not say whether
//! B2C ignores their case, so the merge here refuses to guess and fails on
//! a child key that differs from a base key only by case (the starter pack
//! has none).
//!
//! The output also has no `BasePolicy`, validates against Microsoft's XSD
//! with xmllint, is the same with `--out DIR`, and with `--origins` is XML
//! whose first `ClaimType` comment names the chain's root file at that
//! claim type's line and column.
//!
//! The starter pack never restates a journey step or a claim type, so one
//! more test builds a copy of `SocialAndLocalAccounts` whose extensions
//! restate some (a step with only preconditions, a step that turns from
//! `SendClaims` into a claims exchange, a `SendClaims` step without its
//! issuer, steps written out of order, a claim type and a profile spelled
//! in another case) and compares the same way.

mod common;
use common::ief;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use roxmltree::{Document, Node};

// ---- the cases --------------------------------------------------------------

/// The main sets of the starter pack.
const MAIN_SETS: [&str; 4] = [
    "LocalAccounts",
    "SocialAccounts",
    "SocialAndLocalAccounts",
    "SocialAndLocalAccountsWithMfa",
];

/// The set whose base policies a scenario is laid over when its chains do
/// not resolve in its own folder (see the module docs for why this one).
const SCENARIO_HOST: &str = "SocialAndLocalAccounts";

/// One relying party to flatten.
#[derive(Debug, Clone)]
struct Case {
    /// The set, as the failure messages name it.
    set: String,
    /// The relying-party file; its folder is the set the CLI reads.
    rp: PathBuf,
}

impl Case {
    fn name(&self) -> String {
        format!("{} {}", self.set, file_name(&self.rp))
    }
}

fn starter_pack() -> PathBuf {
    common::conformance_dir().join("starterpack")
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn lc(s: &str) -> String {
    s.to_lowercase()
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// The `.xml` files of a folder, sorted. The folder must have no
/// subfolders: the CLI would read those too, and this test would not.
fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.expect("directory entry").path();
        assert!(
            !path.is_dir(),
            "{} has a subfolder {}; ief flatten would read it as part of the set",
            dir.display(),
            path.display()
        );
        if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("xml"))
        {
            out.push(path);
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no policy files in {}", dir.display());
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every relying party of the starter pack, with the folder to flatten it
/// in (built once per test process).
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(build_cases)
}

fn build_cases() -> Vec<Case> {
    let root = starter_pack();
    for dir in subdirs(&root) {
        let name = file_name(&dir);
        assert!(
            MAIN_SETS.contains(&name.as_str()) || name == "DisplayControls" || name == "scenarios",
            "starterpack/{name} is a folder this test does not know; add it to the cases \
             (or say here why it is not flattened)"
        );
    }
    let mut cases = Vec::new();
    for set in MAIN_SETS {
        let dir = root.join(set);
        assert!(
            dir.is_dir(),
            "starter-pack set {} is missing",
            dir.display()
        );
        cases.extend(relying_parties(&dir).into_iter().map(|rp| Case {
            set: set.to_owned(),
            rp,
        }));
    }
    let variants = subdirs(&root.join("DisplayControls"));
    assert!(!variants.is_empty(), "no DisplayControls variants");
    for dir in variants {
        let set = format!("DisplayControls/{}", file_name(&dir));
        cases.extend(relying_parties(&dir).into_iter().map(|rp| Case {
            set: set.clone(),
            rp,
        }));
    }
    let scenarios = subdirs(&root.join("scenarios"));
    assert!(!scenarios.is_empty(), "no scenarios");
    for dir in scenarios {
        let name = file_name(&dir);
        let own = relying_parties(&dir);
        assert!(
            !own.is_empty(),
            "scenarios/{name} has no relying party: nothing to flatten"
        );
        let files = xml_files(&dir);
        let (set, folder) = if unresolved_bases(&files).is_empty() {
            (format!("scenarios/{name}"), dir.clone())
        } else {
            let folder = overlay(&name, &root.join(SCENARIO_HOST), &dir);
            let missing = unresolved_bases(&xml_files(&folder));
            assert!(
                missing.is_empty(),
                "scenarios/{name} laid over {SCENARIO_HOST} still misses base policies: {missing:?}"
            );
            (format!("scenarios/{name} over {SCENARIO_HOST}"), folder)
        };
        cases.extend(own.into_iter().map(|rp| Case {
            set: set.clone(),
            rp: folder.join(file_name(&rp)),
        }));
    }
    cases
}

/// The files of `dir` that have a `RelyingParty`.
fn relying_parties(dir: &Path) -> Vec<PathBuf> {
    xml_files(dir)
        .into_iter()
        .filter(|p| read_decls(&read(p), &p.display().to_string()).has_relying_party)
        .collect()
}

/// The `BasePolicy/PolicyId`s among `files` that name no file of them
/// (ignoring case).
fn unresolved_bases(files: &[PathBuf]) -> Vec<String> {
    let decls: Vec<FileDecls> = files
        .iter()
        .map(|p| read_decls(&read(p), &p.display().to_string()))
        .collect();
    let ids: BTreeSet<String> = decls.iter().map(|d| lc(&d.policy_id)).collect();
    decls
        .iter()
        .filter_map(|d| d.base.clone())
        .filter(|b| !ids.contains(&lc(b)))
        .collect()
}

/// A folder with the host set's base policies (its files without a
/// relying party), less those a scenario file replaces by `PolicyId`, and
/// every scenario file.
fn overlay(name: &str, host: &Path, scenario: &Path) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("flatten")
        .join(format!("{name}-over-{}", file_name(host)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    let scenario_files = xml_files(scenario);
    let replaced: BTreeSet<String> = scenario_files
        .iter()
        .map(|p| lc(&read_decls(&read(p), &p.display().to_string()).policy_id))
        .collect();
    for p in xml_files(host) {
        let d = read_decls(&read(&p), &p.display().to_string());
        if d.has_relying_party || replaced.contains(&lc(&d.policy_id)) {
            continue;
        }
        let to = dir.join(file_name(&p));
        std::fs::copy(&p, &to).unwrap_or_else(|e| panic!("copy {}: {e}", p.display()));
    }
    for p in scenario_files {
        let to = dir.join(file_name(&p));
        assert!(
            !to.exists(),
            "{} would overwrite a host file of another PolicyId",
            p.display()
        );
        std::fs::copy(&p, &to).unwrap_or_else(|e| panic!("copy {}: {e}", p.display()));
    }
    dir
}

// ---- reading one file -------------------------------------------------------

fn elements<'a, 'i: 'a>(
    n: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The elements at `path` below `n` (every match at every level).
fn under<'a, 'i: 'a>(n: Node<'a, 'i>, path: &[&'static str]) -> Vec<Node<'a, 'i>> {
    let mut level = vec![n];
    for name in path {
        level = level.into_iter().flat_map(|x| elements(x, name)).collect();
    }
    level
}

fn first<'a, 'i: 'a>(n: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    elements(n, name).next()
}

/// The element's own text (its text children, comments left out).
fn text(n: Node) -> String {
    n.children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect()
}

fn attr(n: Node, name: &str) -> Option<String> {
    n.attribute(name).map(str::to_owned)
}

/// A required attribute; its absence is a reading error, not a fact.
fn req(doc: &Document, file: &str, n: Node, name: &str) -> String {
    attr(n, name).unwrap_or_else(|| {
        let pos = doc.text_pos_at(n.range().start);
        panic!(
            "{file}:{}:{}: <{}> has no {name}",
            pos.row,
            pos.col,
            n.tag_name().name()
        )
    })
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Claim {
    data_type: Option<String>,
    display_name: Option<String>,
    user_input_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Profile {
    protocol: Option<String>,
    include: Option<String>,
    session: Option<String>,
    /// `Key -> value`, in order.
    metadata: Vec<(String, String)>,
    /// `Id -> StorageReferenceId`, in order.
    keys: Vec<(String, String)>,
    input_claims: Vec<String>,
    output_claims: Vec<String>,
    persisted_claims: Vec<String>,
    display_claims: Vec<String>,
    input_transforms: Vec<String>,
    output_transforms: Vec<String>,
    validation_profiles: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Step {
    step_type: Option<String>,
    content_definition: Option<String>,
    cpim_issuer: Option<String>,
    /// `Some(count)` when the step writes `Preconditions`.
    preconditions: Option<usize>,
    /// `Target:X` / `Validation:X`, when the step writes the wrapper.
    selections: Option<Vec<String>>,
    /// `Id -> TechnicalProfileReferenceId`, when the step writes the wrapper.
    exchanges: Option<Vec<(String, String)>>,
    /// Sub-journey ids, when the step writes a `JourneyList`.
    candidates: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Journey {
    /// A sub-journey's `Type`.
    journey_type: Option<String>,
    /// `(Order, step)`, as written (or, merged, by order).
    steps: Vec<(u32, Step)>,
}

/// A `MergeBehavior` and the items it governs, when the element is written.
type Behaved<T> = Option<(Option<String>, Vec<T>)>;

#[derive(Debug, Clone, Default, PartialEq)]
struct ContentDef {
    load_uri: Option<String>,
    recovery_uri: Option<String>,
    data_uri: Option<String>,
    /// `Language -> LocalizedResourcesReferenceId`.
    references: Behaved<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Localization {
    default_language: Option<String>,
    languages: Behaved<String>,
    /// `LocalizedResources` ids.
    resources: Vec<String>,
}

/// What one file declares, as written (ids as spelled, lists in order).
#[derive(Debug, Clone, Default)]
struct FileDecls {
    file: String,
    policy_id: String,
    base: Option<String>,
    has_base_policy: bool,
    has_relying_party: bool,
    default_journey: Option<String>,
    claims: Vec<(String, Claim)>,
    profiles: Vec<(String, Profile)>,
    journeys: Vec<(String, Journey)>,
    sub_journeys: Vec<(String, Journey)>,
    /// The first `ClaimType`: its id and its line and column.
    first_claim: Option<(String, u32, u32)>,
    content_defs: Vec<(String, ContentDef)>,
    localization: Option<Localization>,
}

fn read_decls(xml: &str, file: &str) -> FileDecls {
    let doc = Document::parse(xml).unwrap_or_else(|e| panic!("{file} is not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().name(),
        "TrustFrameworkPolicy",
        "{file}: root element"
    );
    let base_policy = first(root, "BasePolicy");
    let base = base_policy
        .and_then(|b| first(b, "PolicyId"))
        .map(|p| text(p).trim().to_owned());
    let claim_nodes = under(root, &["BuildingBlocks", "ClaimsSchema", "ClaimType"]);
    let first_claim = claim_nodes.first().map(|c| {
        let pos = doc.text_pos_at(c.range().start);
        (req(&doc, file, *c, "Id"), pos.row, pos.col)
    });
    let leaf = |n: Node, name: &'static str| first(n, name).map(text);
    let claims = claim_nodes
        .iter()
        .map(|c| {
            (
                req(&doc, file, *c, "Id"),
                Claim {
                    data_type: leaf(*c, "DataType"),
                    display_name: leaf(*c, "DisplayName"),
                    user_input_type: leaf(*c, "UserInputType"),
                },
            )
        })
        .collect();
    let ids = |tp: Node, wrapper: &'static str, item: &'static str, a: &str| -> Vec<String> {
        under(tp, &[wrapper, item])
            .into_iter()
            .map(|n| req(&doc, file, n, a))
            .collect()
    };
    let profiles = under(
        root,
        &[
            "ClaimsProviders",
            "ClaimsProvider",
            "TechnicalProfiles",
            "TechnicalProfile",
        ],
    )
    .into_iter()
    .map(|tp| {
        let reference =
            |name: &'static str| first(tp, name).map(|n| req(&doc, file, n, "ReferenceId"));
        (
            req(&doc, file, tp, "Id"),
            Profile {
                protocol: first(tp, "Protocol").map(|p| req(&doc, file, p, "Name")),
                include: reference("IncludeTechnicalProfile"),
                session: reference("UseTechnicalProfileForSessionManagement"),
                metadata: under(tp, &["Metadata", "Item"])
                    .into_iter()
                    .map(|i| (req(&doc, file, i, "Key"), text(i)))
                    .collect(),
                keys: under(tp, &["CryptographicKeys", "Key"])
                    .into_iter()
                    .map(|k| {
                        (
                            req(&doc, file, k, "Id"),
                            attr(k, "StorageReferenceId").unwrap_or_default(),
                        )
                    })
                    .collect(),
                input_claims: ids(tp, "InputClaims", "InputClaim", "ClaimTypeReferenceId"),
                output_claims: ids(tp, "OutputClaims", "OutputClaim", "ClaimTypeReferenceId"),
                persisted_claims: ids(
                    tp,
                    "PersistedClaims",
                    "PersistedClaim",
                    "ClaimTypeReferenceId",
                ),
                display_claims: under(tp, &["DisplayClaims", "DisplayClaim"])
                    .into_iter()
                    .map(|d| {
                        attr(d, "ClaimTypeReferenceId")
                            .or_else(|| attr(d, "DisplayControlReferenceId"))
                            .unwrap_or_else(|| req(&doc, file, d, "ClaimTypeReferenceId"))
                    })
                    .collect(),
                input_transforms: ids(
                    tp,
                    "InputClaimsTransformations",
                    "InputClaimsTransformation",
                    "ReferenceId",
                ),
                output_transforms: ids(
                    tp,
                    "OutputClaimsTransformations",
                    "OutputClaimsTransformation",
                    "ReferenceId",
                ),
                validation_profiles: ids(
                    tp,
                    "ValidationTechnicalProfiles",
                    "ValidationTechnicalProfile",
                    "ReferenceId",
                ),
            },
        )
    })
    .collect();
    let journey = |j: Node| -> Journey {
        Journey {
            journey_type: attr(j, "Type"),
            steps: under(j, &["OrchestrationSteps", "OrchestrationStep"])
                .into_iter()
                .map(|s| {
                    let order = req(&doc, file, s, "Order");
                    let order: u32 = order
                        .trim()
                        .parse()
                        .unwrap_or_else(|e| panic!("{file}: step Order `{order}`: {e}"));
                    let step = Step {
                        step_type: attr(s, "Type"),
                        content_definition: attr(s, "ContentDefinitionReferenceId"),
                        cpim_issuer: attr(s, "CpimIssuerTechnicalProfileReferenceId"),
                        preconditions: first(s, "Preconditions")
                            .map(|p| elements(p, "Precondition").count()),
                        selections: first(s, "ClaimsProviderSelections").map(|w| {
                            elements(w, "ClaimsProviderSelection")
                                .map(|c| match attr(c, "TargetClaimsExchangeId") {
                                    Some(t) => format!("Target:{t}"),
                                    None => format!(
                                        "Validation:{}",
                                        req(&doc, file, c, "ValidationClaimsExchangeId")
                                    ),
                                })
                                .collect()
                        }),
                        exchanges: first(s, "ClaimsExchanges").map(|w| {
                            elements(w, "ClaimsExchange")
                                .map(|x| {
                                    (
                                        req(&doc, file, x, "Id"),
                                        req(&doc, file, x, "TechnicalProfileReferenceId"),
                                    )
                                })
                                .collect()
                        }),
                        candidates: first(s, "JourneyList").map(|w| {
                            elements(w, "Candidate")
                                .map(|c| req(&doc, file, c, "SubJourneyReferenceId"))
                                .collect()
                        }),
                    };
                    (order, step)
                })
                .collect(),
        }
    };
    let journeys = under(root, &["UserJourneys", "UserJourney"])
        .into_iter()
        .map(|j| (req(&doc, file, j, "Id"), journey(j)))
        .collect();
    let sub_journeys = under(root, &["SubJourneys", "SubJourney"])
        .into_iter()
        .map(|j| (req(&doc, file, j, "Id"), journey(j)))
        .collect();
    let behaved = |w: Node| attr(w, "MergeBehavior");
    let content_defs = under(
        root,
        &["BuildingBlocks", "ContentDefinitions", "ContentDefinition"],
    )
    .into_iter()
    .map(|c| {
        (
            req(&doc, file, c, "Id"),
            ContentDef {
                load_uri: leaf(c, "LoadUri"),
                recovery_uri: leaf(c, "RecoveryUri"),
                data_uri: leaf(c, "DataUri"),
                references: first(c, "LocalizedResourcesReferences").map(|w| {
                    let refs = elements(w, "LocalizedResourcesReference")
                        .map(|r| {
                            (
                                req(&doc, file, r, "Language"),
                                req(&doc, file, r, "LocalizedResourcesReferenceId"),
                            )
                        })
                        .collect();
                    (behaved(w), refs)
                }),
            },
        )
    })
    .collect();
    let localization = under(root, &["BuildingBlocks", "Localization"])
        .first()
        .map(|l| {
            let languages = first(*l, "SupportedLanguages");
            Localization {
                default_language: languages.and_then(|w| attr(w, "DefaultLanguage")),
                languages: languages.map(|w| {
                    let langs = elements(w, "SupportedLanguage")
                        .map(|x| text(x).trim().to_owned())
                        .collect();
                    (behaved(w), langs)
                }),
                resources: elements(*l, "LocalizedResources")
                    .map(|r| req(&doc, file, r, "Id"))
                    .collect(),
            }
        });
    let rp = first(root, "RelyingParty");
    FileDecls {
        file: file.to_owned(),
        policy_id: req(&doc, file, root, "PolicyId"),
        base,
        has_base_policy: doc
            .descendants()
            .any(|n| n.is_element() && n.tag_name().name() == "BasePolicy"),
        has_relying_party: rp.is_some(),
        default_journey: rp
            .and_then(|r| first(r, "DefaultUserJourney"))
            .map(|d| req(&doc, file, d, "ReferenceId")),
        claims,
        profiles,
        journeys,
        sub_journeys,
        first_claim,
        content_defs,
        localization,
    }
}

// ---- the independent merge --------------------------------------------------

/// An effective policy: elements keyed by lowercase id, in order of first
/// declaration.
#[derive(Debug, Clone, Default)]
struct Merged {
    claims: Vec<(String, Claim)>,
    profiles: Vec<(String, Profile)>,
    journeys: Vec<(String, Journey)>,
    sub_journeys: Vec<(String, Journey)>,
    content_defs: Vec<(String, ContentDef)>,
    /// `SupportedLanguages@DefaultLanguage`, the `SupportedLanguage`s (as
    /// written) and the `LocalizedResources` ids (lowercase).
    default_language: Option<String>,
    languages: Vec<String>,
    resources: Vec<String>,
    default_journey: Option<String>,
    /// Restatements seen while merging (`kind id` per restatement).
    restated: Vec<String>,
}

/// The chain of `rp` among the `.xml` files of its folder, root first.
fn chain_of(rp: &Path) -> Vec<FileDecls> {
    let dir = rp.parent().expect("a relying party has a folder");
    let files: Vec<FileDecls> = xml_files(dir)
        .iter()
        .map(|p| read_decls(&read(p), &p.display().to_string()))
        .collect();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if let Some(j) = by_id.insert(lc(&f.policy_id), i) {
            panic!(
                "{} and {} both declare PolicyId {}",
                files[j].file, f.file, f.policy_id
            );
        }
    }
    let start = files
        .iter()
        .position(|f| Path::new(&f.file) == rp)
        .unwrap_or_else(|| panic!("{} is not among the files of its folder", rp.display()));
    let mut chain = vec![start];
    while let Some(base) = &files[*chain.last().expect("non-empty")].base {
        let next = *by_id.get(&lc(base)).unwrap_or_else(|| {
            panic!(
                "the chain of {} names base policy {base}, which its folder lacks",
                rp.display()
            )
        });
        assert!(
            !chain.contains(&next),
            "the chain of {} loops at {base}",
            rp.display()
        );
        chain.push(next);
    }
    chain.reverse();
    chain.into_iter().map(|i| files[i].clone()).collect()
}

fn set_if(base: &mut Option<String>, child: &Option<String>) {
    if child.is_some() {
        base.clone_from(child);
    }
}

/// Merges `child` into `list` by `key`: an item of a known key replaces the
/// base's item where it stood, a new one is appended.
fn merge_keyed<T: Clone>(list: &mut Vec<T>, child: &[T], key: impl Fn(&T) -> String) {
    for item in child {
        let k = key(item);
        match list.iter().position(|b| key(b) == k) {
            Some(i) => list[i] = item.clone(),
            None => list.push(item.clone()),
        }
    }
}

fn merge_ids(list: &mut Vec<String>, child: &[String]) {
    merge_keyed(list, child, |id| lc(id));
}

fn merge_claim(base: &mut Claim, child: &Claim) {
    set_if(&mut base.data_type, &child.data_type);
    set_if(&mut base.display_name, &child.display_name);
    set_if(&mut base.user_input_type, &child.user_input_type);
}

fn merge_profile(base: &mut Profile, child: &Profile, what: &str) {
    set_if(&mut base.protocol, &child.protocol);
    set_if(&mut base.include, &child.include);
    set_if(&mut base.session, &child.session);
    for (k, _) in &child.metadata {
        if let Some((b, _)) = base
            .metadata
            .iter()
            .find(|(b, _)| b != k && b.eq_ignore_ascii_case(k))
        {
            panic!(
                "{what}: metadata key `{k}` restates `{b}` in another case; the fact sheet \
                 does not say whether metadata keys ignore case, decide that first"
            );
        }
    }
    merge_keyed(&mut base.metadata, &child.metadata, |(k, _)| k.clone());
    merge_keyed(&mut base.keys, &child.keys, |(k, _)| lc(k));
    merge_ids(&mut base.input_claims, &child.input_claims);
    merge_ids(&mut base.output_claims, &child.output_claims);
    merge_ids(&mut base.persisted_claims, &child.persisted_claims);
    merge_ids(&mut base.display_claims, &child.display_claims);
    merge_ids(&mut base.input_transforms, &child.input_transforms);
    merge_ids(&mut base.output_transforms, &child.output_transforms);
    merge_ids(&mut base.validation_profiles, &child.validation_profiles);
}

/// A restated step: each part the child writes replaces the base's; the
/// rest stays.
fn merge_step(base: &mut Step, child: &Step) {
    set_if(&mut base.step_type, &child.step_type);
    set_if(&mut base.content_definition, &child.content_definition);
    set_if(&mut base.cpim_issuer, &child.cpim_issuer);
    if child.preconditions.is_some() {
        base.preconditions = child.preconditions;
    }
    if child.selections.is_some() {
        base.selections.clone_from(&child.selections);
    }
    if child.exchanges.is_some() {
        base.exchanges.clone_from(&child.exchanges);
    }
    if child.candidates.is_some() {
        base.candidates.clone_from(&child.candidates);
    }
}

/// A list restated under a `MergeBehavior`: `Append` keeps the base's
/// items (less those the child restates) and adds the child's after them,
/// `Prepend` before them; `ReplaceAll`, or no attribute, keeps only the
/// child's (the XSD documents `ReplaceAll` as the default for
/// `Restriction`; `resolve.rs` decides the same for these lists).
fn merge_behaved<T: Clone>(base: &mut Behaved<T>, child: &Behaved<T>, key: impl Fn(&T) -> String) {
    let Some((behavior, items)) = child else {
        return;
    };
    let merged = match base {
        None => items.clone(),
        Some((_, old)) => {
            let restated: BTreeSet<String> = items.iter().map(&key).collect();
            let kept = old.iter().filter(|o| !restated.contains(&key(o))).cloned();
            match behavior.as_deref() {
                Some("Append") => kept.chain(items.iter().cloned()).collect(),
                Some("Prepend") => items.iter().cloned().chain(kept).collect(),
                _ => items.clone(),
            }
        }
    };
    *base = Some((None, merged));
}

fn merge_content_def(base: &mut ContentDef, child: &ContentDef) {
    set_if(&mut base.load_uri, &child.load_uri);
    set_if(&mut base.recovery_uri, &child.recovery_uri);
    set_if(&mut base.data_uri, &child.data_uri);
    merge_behaved(&mut base.references, &child.references, |(l, _)| lc(l));
}

/// Steps by `Order`: a known order merges into the base's step, a new one
/// is inserted in order.
fn merge_journey(base: &mut Journey, child: &Journey, restated: &mut Vec<String>, what: &str) {
    set_if(&mut base.journey_type, &child.journey_type);
    for (order, step) in &child.steps {
        match base.steps.iter_mut().find(|(o, _)| o == order) {
            Some((_, b)) => {
                merge_step(b, step);
                restated.push(format!("{what} step {order}"));
            }
            None => {
                base.steps.push((*order, step.clone()));
                base.steps.sort_by_key(|(o, _)| *o);
            }
        }
    }
}

/// Inserts `item` under its lowercase id, or merges it into the element
/// already there.
fn upsert<T: Clone + Default>(
    list: &mut Vec<(String, T)>,
    id: &str,
    item: &T,
    restated: &mut Vec<String>,
    kind: &str,
    merge: impl FnOnce(&mut T, &T, &mut Vec<String>),
) {
    let key = lc(id);
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some((_, base)) => {
            restated.push(format!("{kind} {id}"));
            merge(base, item, restated);
        }
        None => {
            let mut fresh = T::default();
            merge(&mut fresh, item, &mut Vec::new());
            list.push((key, fresh));
        }
    }
}

/// The chain merged, root first.
fn merge_chain(chain: &[FileDecls]) -> Merged {
    let mut m = Merged::default();
    for f in chain {
        for (id, c) in &f.claims {
            upsert(
                &mut m.claims,
                id,
                c,
                &mut m.restated,
                "ClaimType",
                |b, c, _| merge_claim(b, c),
            );
        }
        for (id, p) in &f.profiles {
            let what = format!("{}: TechnicalProfile {id}", f.file);
            let fresh = !m.profiles.iter().any(|(k, _)| *k == lc(id));
            upsert(
                &mut m.profiles,
                id,
                p,
                &mut m.restated,
                "TechnicalProfile",
                |b, c, _| {
                    if fresh {
                        // A first declaration is taken as written.
                        *b = c.clone();
                    } else {
                        merge_profile(b, c, &what);
                    }
                },
            );
        }
        for (id, j) in &f.journeys {
            let what = format!("UserJourney {id}");
            upsert(
                &mut m.journeys,
                id,
                j,
                &mut m.restated,
                "UserJourney",
                |b, c, r| merge_journey(b, c, r, &what),
            );
        }
        for (id, j) in &f.sub_journeys {
            let what = format!("SubJourney {id}");
            upsert(
                &mut m.sub_journeys,
                id,
                j,
                &mut m.restated,
                "SubJourney",
                |b, c, r| merge_journey(b, c, r, &what),
            );
        }
        for (id, c) in &f.content_defs {
            upsert(
                &mut m.content_defs,
                id,
                c,
                &mut m.restated,
                "ContentDefinition",
                |b, c, _| merge_content_def(b, c),
            );
        }
        if let Some(l) = &f.localization {
            set_if(&mut m.default_language, &l.default_language);
            let mut langs =
                (!m.languages.is_empty()).then(|| (None, std::mem::take(&mut m.languages)));
            merge_behaved(&mut langs, &l.languages, |x| lc(x));
            m.languages = langs.map(|(_, v)| v).unwrap_or_default();
            for r in &l.resources {
                if !m.resources.contains(&lc(r)) {
                    m.resources.push(lc(r));
                }
            }
        }
        if f.has_relying_party {
            m.default_journey.clone_from(&f.default_journey);
        }
    }
    m
}

/// A single document (the flatten output) read as an effective policy,
/// with no merging: duplicate ids or orders are reported, not merged.
fn as_effective(d: &FileDecls) -> (Merged, Vec<String>) {
    let mut problems = Vec::new();
    fn unique<T: Clone>(
        list: &[(String, T)],
        kind: &str,
        problems: &mut Vec<String>,
    ) -> Vec<(String, T)> {
        let mut seen = BTreeSet::new();
        for (id, _) in list {
            if !seen.insert(lc(id)) {
                problems.push(format!("{kind} {id} appears more than once"));
            }
        }
        list.iter().map(|(id, x)| (lc(id), x.clone())).collect()
    }
    let journeys = |list: &[(String, Journey)], kind: &str, problems: &mut Vec<String>| {
        let out = unique(list, kind, problems);
        for (id, j) in &out {
            let mut seen = BTreeSet::new();
            for (o, _) in &j.steps {
                if !seen.insert(*o) {
                    problems.push(format!("{kind} {id} has two steps of Order {o}"));
                }
            }
        }
        out
    };
    let m = Merged {
        claims: unique(&d.claims, "ClaimType", &mut problems),
        profiles: unique(&d.profiles, "TechnicalProfile", &mut problems),
        journeys: journeys(&d.journeys, "UserJourney", &mut problems),
        sub_journeys: journeys(&d.sub_journeys, "SubJourney", &mut problems),
        content_defs: unique(&d.content_defs, "ContentDefinition", &mut problems),
        default_language: d
            .localization
            .as_ref()
            .and_then(|l| l.default_language.clone()),
        languages: d
            .localization
            .as_ref()
            .and_then(|l| l.languages.clone())
            .map(|(_, v)| v)
            .unwrap_or_default(),
        resources: {
            let ids: Vec<(String, ())> = d
                .localization
                .iter()
                .flat_map(|l| l.resources.iter().map(|r| (r.clone(), ())))
                .collect();
            unique(&ids, "LocalizedResources", &mut problems)
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        },
        default_journey: d.default_journey.clone(),
        restated: Vec::new(),
    };
    (m, problems)
}

// ---- facts and their diff ---------------------------------------------------

/// `path -> value`: everything compared, one line each.
type Facts = BTreeMap<String, String>;

fn facts(m: &Merged) -> Facts {
    let mut f = Facts::new();
    let mut put = |k: String, v: String| {
        f.insert(k, v);
    };
    let list = |items: &[String]| items.join(", ");
    let keys =
        |xs: &[(String, String)]| -> Vec<String> { xs.iter().map(|(k, _)| k.clone()).collect() };
    put(
        "ClaimsSchema".into(),
        list(&m.claims.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()),
    );
    for (id, c) in &m.claims {
        let at = format!("ClaimType[{id}]");
        for (name, v) in [
            ("DataType", &c.data_type),
            ("DisplayName", &c.display_name),
            ("UserInputType", &c.user_input_type),
        ] {
            if let Some(v) = v {
                put(format!("{at}/{name}"), v.clone());
            }
        }
    }
    put(
        "TechnicalProfiles".into(),
        list(
            &m.profiles
                .iter()
                .map(|(k, _)| k.clone())
                .collect::<Vec<_>>(),
        ),
    );
    for (id, p) in &m.profiles {
        let at = format!("TechnicalProfile[{id}]");
        for (name, v) in [
            ("Protocol", &p.protocol),
            ("IncludeTechnicalProfile", &p.include),
            ("UseTechnicalProfileForSessionManagement", &p.session),
        ] {
            if let Some(v) = v {
                put(format!("{at}/{name}"), v.clone());
            }
        }
        if !p.metadata.is_empty() {
            put(format!("{at}/Metadata"), list(&keys(&p.metadata)));
        }
        for (k, v) in &p.metadata {
            put(format!("{at}/Metadata[{k}]"), v.clone());
        }
        for (k, v) in &p.keys {
            put(format!("{at}/CryptographicKeys[{}]", lc(k)), v.clone());
        }
        for (name, ids) in [
            ("InputClaims", &p.input_claims),
            ("OutputClaims", &p.output_claims),
            ("PersistedClaims", &p.persisted_claims),
            ("DisplayClaims", &p.display_claims),
            ("InputClaimsTransformations", &p.input_transforms),
            ("OutputClaimsTransformations", &p.output_transforms),
            ("ValidationTechnicalProfiles", &p.validation_profiles),
        ] {
            if !ids.is_empty() {
                put(format!("{at}/{name}"), list(ids));
            }
        }
    }
    for (kind, journeys) in [
        ("UserJourney", &m.journeys),
        ("SubJourney", &m.sub_journeys),
    ] {
        put(
            format!("{kind}s"),
            list(&journeys.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()),
        );
        for (id, j) in journeys {
            let at = format!("{kind}[{id}]");
            if let Some(t) = &j.journey_type {
                put(format!("{at}/Type"), t.clone());
            }
            put(
                format!("{at}/Steps"),
                list(
                    &j.steps
                        .iter()
                        .map(|(o, _)| o.to_string())
                        .collect::<Vec<_>>(),
                ),
            );
            for (o, s) in &j.steps {
                let at = format!("{at}/Step[{o}]");
                for (name, v) in [
                    ("Type", &s.step_type),
                    ("ContentDefinitionReferenceId", &s.content_definition),
                    ("CpimIssuerTechnicalProfileReferenceId", &s.cpim_issuer),
                ] {
                    if let Some(v) = v {
                        put(format!("{at}/{name}"), v.clone());
                    }
                }
                if let Some(n) = s.preconditions.filter(|n| *n > 0) {
                    put(format!("{at}/Preconditions"), n.to_string());
                }
                if let Some(sel) = s.selections.as_ref().filter(|x| !x.is_empty()) {
                    put(format!("{at}/ClaimsProviderSelections"), list(sel));
                }
                if let Some(x) = s.exchanges.as_ref().filter(|x| !x.is_empty()) {
                    let pairs: Vec<String> = x.iter().map(|(i, t)| format!("{i} -> {t}")).collect();
                    put(format!("{at}/ClaimsExchanges"), list(&pairs));
                }
                if let Some(c) = s.candidates.as_ref().filter(|x| !x.is_empty()) {
                    put(format!("{at}/JourneyList"), list(c));
                }
            }
        }
    }
    put(
        "ContentDefinitions".into(),
        list(
            &m.content_defs
                .iter()
                .map(|(k, _)| k.clone())
                .collect::<Vec<_>>(),
        ),
    );
    for (id, c) in &m.content_defs {
        let at = format!("ContentDefinition[{id}]");
        for (name, v) in [
            ("LoadUri", &c.load_uri),
            ("RecoveryUri", &c.recovery_uri),
            ("DataUri", &c.data_uri),
        ] {
            if let Some(v) = v {
                put(format!("{at}/{name}"), v.trim().to_owned());
            }
        }
        if let Some((_, refs)) = c.references.as_ref().filter(|(_, r)| !r.is_empty()) {
            let pairs: Vec<String> = refs.iter().map(|(l, r)| format!("{l} -> {r}")).collect();
            put(format!("{at}/LocalizedResourcesReferences"), list(&pairs));
        }
    }
    if let Some(d) = &m.default_language {
        put("Localization/DefaultLanguage".into(), d.clone());
    }
    if !m.languages.is_empty() {
        put("Localization/SupportedLanguages".into(), list(&m.languages));
    }
    if !m.resources.is_empty() {
        put("Localization/LocalizedResources".into(), list(&m.resources));
    }
    if let Some(d) = &m.default_journey {
        put("RelyingParty/DefaultUserJourney".into(), d.clone());
    }
    f
}

/// The differences, one readable entry per fact.
fn diff(expected: &Facts, flattened: &Facts) -> Vec<String> {
    let keys: BTreeSet<&String> = expected.keys().chain(flattened.keys()).collect();
    let mut out = Vec::new();
    for k in keys {
        match (expected.get(k), flattened.get(k)) {
            (Some(e), None) => out.push(format!("{k}: merge has `{e}`, flatten has nothing")),
            (None, Some(a)) => out.push(format!("{k}: merge has nothing, flatten has `{a}`")),
            (Some(e), Some(a)) if e != a => {
                let mut line = format!("{k}:\n        merge:   {e}\n        flatten: {a}");
                let mut es: Vec<&str> = e.split(", ").collect();
                let mut fs: Vec<&str> = a.split(", ").collect();
                if es.len() > 1 || fs.len() > 1 {
                    es.sort_unstable();
                    fs.sort_unstable();
                    if es == fs {
                        line.push_str("\n        (same items, other order)");
                    } else {
                        let (only_e, only_f) = (minus(&es, &fs), minus(&fs, &es));
                        line.push_str(&format!(
                            "\n        only in merge: {only_e:?}; only in flatten: {only_f:?}"
                        ));
                    }
                }
                out.push(line);
            }
            _ => {}
        }
    }
    out
}

/// The items of `a` (sorted) left after taking out those of `b` (sorted),
/// counting repeats.
fn minus<'s>(a: &[&'s str], b: &[&str]) -> Vec<&'s str> {
    let mut rest = b.to_vec();
    a.iter()
        .filter(|x| match rest.iter().position(|y| y == *x) {
            Some(i) => {
                rest.remove(i);
                false
            }
            None => true,
        })
        .copied()
        .collect()
}

// ---- the CLI ----------------------------------------------------------------

/// `ief flatten [extra] <rp>`'s stdout; panics with stderr on failure.
fn flatten(case: &Case, extra: &[&str]) -> String {
    let mut args: Vec<&std::ffi::OsStr> = vec!["flatten".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(case.rp.as_os_str());
    let out = ief(&args);
    assert!(
        out.status.success(),
        "ief flatten {extra:?} {} failed ({:?}):\n{}",
        case.rp.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("flatten prints UTF-8")
}

/// Every case's plain `ief flatten` output (run once per test process).
fn flattened() -> &'static [String] {
    static OUT: OnceLock<Vec<String>> = OnceLock::new();
    OUT.get_or_init(|| cases().iter().map(|c| flatten(c, &[])).collect())
}

/// Compares a case's flatten output with the merge; returns the failures
/// (empty when it agrees) and the merge.
fn compare(case: &Case, output: &str) -> (Vec<String>, Merged) {
    let chain = chain_of(&case.rp);
    let merged = merge_chain(&chain);
    let out = read_decls(output, &format!("flatten of {}", case.name()));
    let (effective, mut problems) = as_effective(&out);
    if out.has_base_policy {
        problems.push("the output has a BasePolicy".into());
    }
    let own = chain.last().expect("a chain has the file itself");
    if !out.policy_id.eq_ignore_ascii_case(&own.policy_id) {
        problems.push(format!(
            "the output's PolicyId is {}, the file's {}",
            out.policy_id, own.policy_id
        ));
    }
    problems.extend(diff(&facts(&merged), &facts(&effective)));
    (problems, merged)
}

fn report(failures: &[(String, Vec<String>)]) -> String {
    let mut s = String::new();
    for (name, problems) in failures {
        s.push_str(&format!("{name}: {} difference(s)\n", problems.len()));
        for p in problems.iter().take(40) {
            s.push_str(&format!("    {p}\n"));
        }
        if problems.len() > 40 {
            s.push_str(&format!("    … and {} more\n", problems.len() - 40));
        }
    }
    s
}

fn xmllint(files: &[PathBuf]) {
    let xsd = common::conformance_dir().join("TrustFrameworkPolicy_0.3.0.0.libxml2.xsd");
    assert!(xsd.is_file(), "XSD not found at {}", xsd.display());
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run xmllint ({e}); install it (Debian/Ubuntu: `apt-get install -y libxml2-utils`, \
                 macOS: `brew install libxml2`) — this test never passes without it"
            )
        });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "xmllint rejected flatten output:\n{stderr}"
    );
    for f in files {
        let line = format!("{} validates", f.display());
        assert!(
            stderr.contains(&line),
            "xmllint did not report `{line}`:\n{stderr}"
        );
    }
}

// ---- the tests --------------------------------------------------------------

#[test]
fn flatten_of_every_starter_pack_relying_party_equals_the_independent_merge() {
    let cases = cases();
    let outputs = flattened();
    let mut failures = Vec::new();
    let mut sets = BTreeSet::new();
    let mut totals = [0usize; 5];
    let mut restated = BTreeSet::new();
    for (case, output) in cases.iter().zip(outputs) {
        sets.insert(case.set.clone());
        let (problems, merged) = compare(case, output);
        let steps: usize = merged
            .journeys
            .iter()
            .chain(&merged.sub_journeys)
            .map(|(_, j)| j.steps.len())
            .sum();
        let n_facts = facts(&merged).len();
        eprintln!(
            "{}: chain of {} file(s), {} claim types, {} technical profiles, {} journeys, \
             {} sub-journeys, {steps} steps, {n_facts} facts, {} restatement(s)",
            case.name(),
            chain_of(&case.rp).len(),
            merged.claims.len(),
            merged.profiles.len(),
            merged.journeys.len(),
            merged.sub_journeys.len(),
            merged.restated.len()
        );
        assert!(
            !merged.claims.is_empty() && !merged.profiles.is_empty() && !merged.journeys.is_empty(),
            "{}: the merge found no claim types, profiles or journeys; the reading is broken",
            case.name()
        );
        assert!(
            merged.default_journey.is_some(),
            "{}: no DefaultUserJourney",
            case.name()
        );
        for (i, n) in [
            merged.claims.len(),
            merged.profiles.len(),
            merged.journeys.len() + merged.sub_journeys.len(),
            steps,
            n_facts,
        ]
        .into_iter()
        .enumerate()
        {
            totals[i] += n;
        }
        restated.extend(merged.restated.iter().cloned());
        // Fact sheet [SP]: the localization restates `api.signuporsignin`
        // with only its references; `LoadUri` and `DataUri` stay.
        if let Some((_, c)) = merged
            .content_defs
            .iter()
            .find(|(id, c)| id == "api.signuporsignin" && c.references.is_some())
        {
            assert!(
                c.load_uri.is_some() && c.data_uri.is_some(),
                "{}: the merge lost api.signuporsignin's LoadUri or DataUri: {c:?}",
                case.name()
            );
        }
        if !problems.is_empty() {
            failures.push((case.name(), problems));
        }
    }
    eprintln!(
        "{} relying parties in {} sets: {} claim types, {} technical profiles, {} journeys, \
         {} steps, {} facts in all; restated along the chains: {restated:?}",
        cases.len(),
        sets.len(),
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[4]
    );
    // 4 main sets with 11 relying parties, their 4 DisplayControls
    // variants (11), 3 scenarios (8).
    assert!(
        cases.len() >= 30 && sets.len() >= 11,
        "only {} relying parties in {} sets: {sets:?}",
        cases.len(),
        sets.len()
    );
    // The chains do restate profiles (the extensions' login-NonInteractive
    // and Facebook-OAUTH) and content definitions (the localization
    // files'), so the merge is exercised, not only the union.
    for kind in ["TechnicalProfile ", "ContentDefinition "] {
        assert!(
            restated.iter().any(|r| r.starts_with(kind)),
            "no {kind}was restated along any chain: {restated:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "ief flatten differs from the independent merge:\n{}",
        report(&failures)
    );
}

#[test]
fn flatten_output_has_no_base_policy_and_validates_against_the_xsd() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("flatten-out");
    let _ = std::fs::remove_dir_all(&dir);
    let mut files = Vec::new();
    for (n, (case, stdout)) in cases().iter().zip(flattened()).enumerate() {
        let doc = Document::parse(stdout)
            .unwrap_or_else(|e| panic!("{}: the output is not XML: {e}", case.name()));
        assert!(
            !doc.descendants()
                .any(|x| x.is_element() && x.tag_name().name() == "BasePolicy"),
            "{}: the output has a BasePolicy",
            case.name()
        );
        // `--out DIR` writes the same document into DIR/<file name>.
        let out_dir = dir.join(format!("{n:02}"));
        let printed = flatten(case, &["--out", &out_dir.display().to_string()]);
        assert!(
            printed.is_empty(),
            "{}: --out also printed to stdout",
            case.name()
        );
        let written = out_dir.join(file_name(&case.rp));
        assert_eq!(
            &read(&written),
            stdout,
            "{}: --out wrote another document than stdout",
            case.name()
        );
        files.push(written);
    }
    xmllint(&files);
}

#[test]
fn flatten_with_origins_is_xml_whose_first_claim_type_comment_names_the_base_file() {
    let mut failures = Vec::new();
    for case in cases() {
        let text = flatten(case, &["--origins"]);
        let doc = Document::parse(&text)
            .unwrap_or_else(|e| panic!("{}: --origins output is not XML: {e}", case.name()));
        let chain = chain_of(&case.rp);
        let root = chain
            .iter()
            .find(|f| f.first_claim.is_some())
            .expect("some file of the chain declares claim types");
        let (id, line, col) = root.first_claim.clone().expect("found above");
        let claim = doc
            .descendants()
            .find(|n| n.is_element() && n.tag_name().name() == "ClaimType")
            .unwrap_or_else(|| panic!("{}: --origins output has no ClaimType", case.name()));
        assert_eq!(
            claim.attribute("Id"),
            Some(id.as_str()),
            "{}: the first claim type is not the base's first",
            case.name()
        );
        let comment = std::iter::successors(claim.prev_sibling(), |n| n.prev_sibling())
            .find(|n| !(n.is_text() && n.text().is_some_and(|t| t.trim().is_empty())))
            .filter(|n| n.is_comment())
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("{}: no comment before the first ClaimType", case.name()));
        let origin = comment
            .trim()
            .strip_prefix("from ")
            .map(|s| s.split(", restated in ").next().unwrap_or(s))
            .unwrap_or_else(|| panic!("{}: comment `{comment}` has no `from `", case.name()));
        let mut parts = origin.rsplitn(3, ':');
        let (c, l, path) = (parts.next(), parts.next(), parts.next());
        let expected_path = Path::new(&root.file);
        let ok = path.is_some_and(|p| {
            Path::new(p).file_name() == expected_path.file_name()
                && std::fs::canonicalize(p).ok() == std::fs::canonicalize(expected_path).ok()
        }) && l == Some(line.to_string().as_str())
            && c == Some(col.to_string().as_str());
        if !ok {
            failures.push(format!(
                "{}: first ClaimType comment is `{comment}`, expected `from {}:{line}:{col}`",
                case.name(),
                root.file
            ));
        }
        // The comments are all --origins adds.
        let (problems, _) = compare(case, &text);
        if !problems.is_empty() {
            failures.push(format!(
                "{}: --origins output differs from the merge: {problems:#?}",
                case.name()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One text substitution that must apply exactly once.
fn substitute(text: &str, from: &str, to: &str, file: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{file}: `{from}` does not occur exactly once"
    );
    text.replacen(from, to, 1)
}

#[test]
fn flatten_merges_restated_steps_claim_types_and_profiles_like_the_independent_merge() {
    let src = starter_pack().join("SocialAndLocalAccounts");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("flatten")
        .join("restated-SocialAndLocalAccounts");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the restated set's folder");
    for p in xml_files(&src) {
        let name = file_name(&p);
        let mut text = read(&p);
        if name == "TrustFrameworkExtensions.xml" {
            // A claim type restated in another case with only a display
            // name, and a new one.
            text = substitute(
                &text,
                "<BuildingBlocks>",
                r#"<BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="DisplayName">
        <DisplayName>Name shown</DisplayName>
      </ClaimType>
      <ClaimType Id="extension_flattenProbe">
        <DisplayName>Probe</DisplayName>
        <DataType>string</DataType>
        <UserInputType>TextBox</UserInputType>
      </ClaimType>
    </ClaimsSchema>"#,
                &name,
            );
            // A profile restated in another case: one metadata item
            // replaced, one added, an output claim replaced in another
            // case, one appended, a session manager replaced.
            text = substitute(
                &text,
                "  </ClaimsProviders>",
                r#"    <ClaimsProvider>
      <DisplayName>Probe</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="selfasserted-social">
          <Metadata>
            <Item Key="ContentDefinitionReferenceId">api.selfasserted</Item>
            <Item Key="setting.showCancelButton">false</Item>
          </Metadata>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="DisplayName" />
            <OutputClaim ClaimTypeReferenceId="extension_flattenProbe" />
          </OutputClaims>
          <UseTechnicalProfileForSessionManagement ReferenceId="SM-AAD" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="signuporsignin">
      <OrchestrationSteps>
        <OrchestrationStep Order="8" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
        <OrchestrationStep Order="4" Type="ClaimsExchange">
          <Preconditions>
            <Precondition Type="ClaimsExist" ExecuteActionsIf="true">
              <Value>objectId</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
            <Precondition Type="ClaimsExist" ExecuteActionsIf="true">
              <Value>extension_flattenProbe</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
        </OrchestrationStep>
        <OrchestrationStep Order="6" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserWriteProbe" TechnicalProfileReferenceId="AAD-UserWriteUsingAlternativeSecurityId" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="7" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserReadProbe" TechnicalProfileReferenceId="AAD-UserReadUsingObjectId" />
          </ClaimsExchanges>
        </OrchestrationStep>
      </OrchestrationSteps>
    </UserJourney>
    <UserJourney Id="ProfileEdit">
      <OrchestrationSteps>
        <OrchestrationStep Order="6" Type="SendClaims" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>"#,
                &name,
            );
        }
        std::fs::write(dir.join(&name), text).expect("write the restated set");
    }
    let rps = relying_parties(&dir);
    assert_eq!(rps.len(), 3, "{rps:?}");
    let mut failures = Vec::new();
    let mut outputs = Vec::new();
    for rp in rps {
        let case = Case {
            set: "SocialAndLocalAccounts with restatements".into(),
            rp,
        };
        let output = flatten(&case, &[]);
        let (problems, merged) = compare(&case, &output);
        // The merge here does what the rules say, whatever flatten does.
        let f = facts(&merged);
        let at = |k: &str| f.get(k).map(String::as_str);
        let sus = "UserJourney[signuporsignin]";
        for (k, v) in [
            ("ClaimType[displayname]/DisplayName", "Name shown"),
            ("ClaimType[displayname]/DataType", "string"),
            ("ClaimType[extension_flattenprobe]/UserInputType", "TextBox"),
            (
                "TechnicalProfile[selfasserted-social]/Metadata[ContentDefinitionReferenceId]",
                "api.selfasserted",
            ),
            (
                "TechnicalProfile[selfasserted-social]/Metadata",
                "ContentDefinitionReferenceId, setting.showCancelButton",
            ),
            (
                "TechnicalProfile[selfasserted-social]/OutputClaims",
                concat!(
                    "objectId, newUser, executed-SelfAsserted-Input, ",
                    "DisplayName, givenName, surname, extension_flattenProbe"
                ),
            ),
            (
                "TechnicalProfile[selfasserted-social]/UseTechnicalProfileForSessionManagement",
                "SM-AAD",
            ),
            (
                "TechnicalProfile[selfasserted-social]/Protocol",
                "Proprietary",
            ),
            (&format!("{sus}/Steps") as &str, "1, 2, 3, 4, 5, 6, 7, 8"),
            (&format!("{sus}/Step[4]/Preconditions"), "2"),
            (
                &format!("{sus}/Step[4]/ClaimsExchanges"),
                "SelfAsserted-Social -> SelfAsserted-Social",
            ),
            (&format!("{sus}/Step[6]/Preconditions"), "1"),
            (
                &format!("{sus}/Step[6]/ClaimsExchanges"),
                "AADUserWriteProbe -> AAD-UserWriteUsingAlternativeSecurityId",
            ),
            (&format!("{sus}/Step[7]/Type"), "ClaimsExchange"),
            (
                &format!("{sus}/Step[7]/CpimIssuerTechnicalProfileReferenceId"),
                "JwtIssuer",
            ),
            (&format!("{sus}/Step[8]/Type"), "SendClaims"),
            (
                "UserJourney[profileedit]/Step[6]/CpimIssuerTechnicalProfileReferenceId",
                "JwtIssuer",
            ),
        ] {
            assert_eq!(at(k), Some(v), "the independent merge itself: {k}");
        }
        if !problems.is_empty() {
            failures.push((case.name(), problems));
        }
        // Outside the set's folder, which the CLI reads with its subfolders.
        let out = dir
            .with_file_name("restated-SocialAndLocalAccounts-out")
            .join(file_name(&case.rp));
        std::fs::create_dir_all(out.parent().expect("parent")).expect("create out");
        std::fs::write(&out, &output).expect("write output");
        outputs.push(out);
    }
    assert!(
        failures.is_empty(),
        "ief flatten differs from the independent merge:\n{}",
        report(&failures)
    );
    xmllint(&outputs);
}
