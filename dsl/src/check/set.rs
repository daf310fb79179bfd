//! The checker over a policy set: resolves each file's `BasePolicy` chain
//! the way B2C does (by `PolicyId`, ignoring case), and reports what B2C
//! would reject on upload, plus likely mistakes it accepts.
//!
//! A file's references must resolve in that file and its ancestors: B2C
//! uploads and validates the base first, so a base cannot lean on what
//! only a child defines. When a chain is broken (a missing base, P001, or a
//! loop, P002), the rules that need all of it (unresolved references, C001,
//! T005, and the journey rules but J002) are not run on that file: what the
//! missing part defines is unknown.
//!
//! | code | rule |
//! |---|---|
//! | P001 | the `BasePolicy` is in the set |
//! | P002 | no inheritance cycle |
//! | P003 | at most 10 inheritance levels |
//! | P004 | one `TenantId` along a chain |
//! | P005 | one file per `PolicyId` |
//! | P006 | a relying party only in a leaf policy |
//! | P007 | `PolicyId` (root, `BasePolicy`, `RerouteRule`) is of its XSD type: letters, digits, `_`, `-`, `.`, not ending in `.` (a `{Settings:…}` placeholder is checked around) |
//! | P008 | `TenantId` (root, `BasePolicy`) is of its XSD type: 3 to 63 letters, digits and dots |
//! | I001 | no definition's id is empty or has whitespace (claim types, profiles, transformations, content definitions, journeys, sub-journeys, display controls and their actions, predicates, validations, localized resources, client definitions, claims exchanges, endpoints, contacts, document references, predicate groups); a reference with such an id is unresolved (R001–R012, J003/J004) |
//! | D001 | no two definitions of one kind with the same id in one file (ignoring case), for every XSD key: also document references, endpoints, validation technical profiles of one profile, authorization technical profiles of one journey (step orders and exchange ids are J002 and J006) |
//! | R001–R012 | references resolve (claim types, transformations, profiles, content definitions, journeys, sub-journeys, display controls, predicates, predicate and input validations, localized resources, client definitions) |
//! | J001–J008 | journey rules ([`super::journey`]), on journeys as merged along the chain (J001 also covers `Order="0"`: orders start at 1) |
//! | T001 | no duplicate metadata key in one technical profile |
//! | T002 | no duplicate output claim in one technical profile |
//! | T003 | `Proprietary` needs a `Handler` |
//! | T004 | `None` takes no `Handler` |
//! | T005 | a technical profile in use has a protocol after merging |
//! | T006 | no `IncludeTechnicalProfile` cycle |
//! | T007 | `IncludeClaimsFromTechnicalProfile` names a profile of the same file |
//! | C001 | a claim type restated without `DataType` exists in the base chain |
//! | X001–X009 | transformations fit their method ([`super::signatures`]) |
//! | W001 | (warning) a reference resolves only when case is ignored |
//! | W002 | (warning) a deployment placeholder is left (`{Settings:…}`, `yourtenant`) |
//! | W003 | (warning) a localized string or collection names a claim type the chain does not define (B2C accepts it; the text is never shown) |

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use super::index::{index, FileIndex, RefKind};
use super::journey::{self, JourneyShape, Location, SelectionShape, StepShape};
use super::Severity;
use crate::claims::DataType;
use crate::import::{did_you_mean, ImportError, Imported, Pos};
use crate::journeys::{OrchestrationStep, StepType};
use crate::providers::{ProtocolName, TechnicalProfile};

/// B2C's limit on inheritance levels.
pub const MAX_CHAIN: usize = 10;

/// One finding of the checker.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file.
    pub file: String,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// The rule's stable code.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where that can be said.
    pub help: Option<String>,
    /// The id at fault, when there is one.
    pub id: Option<String>,
    /// Where the id at fault was made in Rust (`file:line:column` of a
    /// run-time handle such as `ProfileRef::from_string`), when the set was
    /// built in Rust.
    pub origins: Vec<String>,
}

/// What the checker found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COL: error[CODE]: message` (`FILE: …` when the position
    /// is unknown), then `  = help: …` on a line of its own when there is
    /// help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}:{}: ", self.file, p.line, p.column)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        for origin in &self.origins {
            write!(f, "\n  = note: the id was made in Rust at {origin}")?;
        }
        Ok(())
    }
}

impl From<ImportError> for Diagnostic {
    /// An import error as the finding E001 (the file cannot be imported).
    fn from(e: ImportError) -> Self {
        Diagnostic {
            file: e.file,
            pos: (e.line > 0).then_some(Pos {
                line: e.line,
                column: e.column,
            }),
            code: "E001",
            severity: Severity::Error,
            message: e.message,
            help: e.help,
            id: None,
            origins: Vec::new(),
        }
    }
}

struct Checker<'a> {
    files: &'a [Imported],
    indexes: Vec<FileIndex>,
    by_policy: HashMap<String, usize>,
    /// For each file: itself, then its ancestors (resolved part only).
    chains: Vec<Vec<usize>>,
    /// For each file: whether its chain is whole, i.e. ends at a policy
    /// without `BasePolicy` (no missing base, no loop). Rules that need
    /// everything the chain defines (unresolved references, C001, T005,
    /// journey rules on merged journeys) are not run on a broken chain:
    /// its P001/P002 is the finding, and what the missing part would
    /// define cannot be known.
    complete: Vec<bool>,
    out: Vec<Diagnostic>,
}

fn lc(s: &str) -> String {
    s.to_lowercase()
}

impl<'a> Checker<'a> {
    fn report(
        &mut self,
        file: usize,
        path: &str,
        (code, severity): (&'static str, Severity),
        message: String,
        help: Option<String>,
        id: Option<&str>,
    ) {
        let f = &self.files[file];
        self.out.push(Diagnostic {
            file: f.file.clone(),
            pos: f.source_map.locate(path),
            code,
            severity,
            message,
            help,
            id: id.map(str::to_owned),
            origins: Vec::new(),
        });
    }

    fn error(
        &mut self,
        file: usize,
        path: &str,
        code: &'static str,
        message: String,
        help: Option<String>,
        id: Option<&str>,
    ) {
        self.report(file, path, (code, Severity::Error), message, help, id);
    }

    fn policy_id(&self, file: usize) -> &str {
        self.files[file].policy.policy_id.id()
    }

    // ---- chains ------------------------------------------------------

    fn resolve_chains(&mut self) {
        for (i, f) in self.files.iter().enumerate() {
            let key = lc(f.policy.policy_id.id());
            if let Some(&first) = self.by_policy.get(&key) {
                let msg = format!(
                    "policy id `{}` is used by two files of the set ({} and this one)",
                    f.policy.policy_id, self.files[first].file
                );
                self.out.push(Diagnostic {
                    file: f.file.clone(),
                    pos: f.source_map.locate("TrustFrameworkPolicy@PolicyId"),
                    code: "P005",
                    severity: Severity::Error,
                    message: msg,
                    help: Some("give every policy its own PolicyId".into()),
                    id: Some(f.policy.policy_id.id().to_owned()),
                    origins: Vec::new(),
                });
            } else {
                self.by_policy.insert(key, i);
            }
        }
        for i in 0..self.files.len() {
            let mut chain = vec![i];
            let mut complete = true;
            let mut cur = i;
            let files = self.files;
            while let Some(base) = &files[cur].policy.base_policy {
                let base_id = base.policy_id.id().to_owned();
                let base_tenant = base.tenant_id.clone();
                let Some(&next) = self.by_policy.get(&lc(&base_id)) else {
                    complete = false;
                    // A base PolicyId that no policy can have is P007's
                    // finding, at the same place.
                    if cur == i && xsd_flaw(&base_id, XsdId::PolicyId).is_none() {
                        let known: Vec<String> = self
                            .files
                            .iter()
                            .map(|f| f.policy.policy_id.id().to_owned())
                            .collect();
                        let help = did_you_mean(&base_id, known.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                            .or_else(|| {
                                Some(
                                    "add the base policy's file to the set, or fix the PolicyId"
                                        .into(),
                                )
                            });
                        self.error(
                            i,
                            "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]",
                            "P001",
                            format!("the base policy `{base_id}` is not in the policy set"),
                            help,
                            Some(&base_id),
                        );
                    }
                    break;
                };
                if chain.contains(&next) {
                    complete = false;
                    if cur == i || next == i {
                        let names: Vec<&str> = chain.iter().map(|&c| self.policy_id(c)).collect();
                        let msg = format!(
                            "the inheritance chain loops: {} -> {}",
                            names.join(" -> "),
                            self.policy_id(next)
                        );
                        self.error(
                            i,
                            "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]",
                            "P002",
                            msg,
                            None,
                            Some(&base_id),
                        );
                    }
                    break;
                }
                if cur == i {
                    let own = self.files[i].policy.tenant_id.clone();
                    let theirs = self.files[next].policy.tenant_id.clone();
                    // A TenantId no tenant can have is P008's finding.
                    let well_formed = [&own, &base_tenant, &theirs]
                        .iter()
                        .all(|t| xsd_flaw(t, XsdId::TenantId).is_none());
                    if well_formed
                        && (!own.eq_ignore_ascii_case(&base_tenant)
                            || !own.eq_ignore_ascii_case(&theirs))
                    {
                        self.error(
                            i,
                            "TrustFrameworkPolicy/BasePolicy[0]/TenantId[0]",
                            "P004",
                            format!(
                                "tenant ids differ along the chain: this policy says `{own}`, its BasePolicy names `{base_tenant}`, and `{}` says `{theirs}`",
                                self.policy_id(next)
                            ),
                            Some("every policy of a chain belongs to one tenant".into()),
                            Some(&base_tenant),
                        );
                    }
                }
                chain.push(next);
                cur = next;
            }
            if chain.len() > MAX_CHAIN {
                let msg = format!(
                    "the inheritance chain of `{}` has {} levels; B2C allows at most {MAX_CHAIN}",
                    self.policy_id(i),
                    chain.len()
                );
                self.error(
                    i,
                    "TrustFrameworkPolicy/BasePolicy[0]",
                    "P003",
                    msg,
                    None,
                    None,
                );
            }
            self.chains.push(chain);
            self.complete.push(complete);
        }
        // P006: a relying party in a policy others inherit from.
        let bases: BTreeSet<usize> = self
            .chains
            .iter()
            .flat_map(|c| c.iter().skip(1).copied())
            .collect();
        for &b in &bases {
            if self.files[b].policy.relying_party.is_some() {
                let msg = format!(
                    "policy `{}` has a RelyingParty but other policies inherit from it; a relying party belongs in a leaf policy",
                    self.policy_id(b)
                );
                self.error(
                    b,
                    "TrustFrameworkPolicy/RelyingParty[0]",
                    "P006",
                    msg,
                    None,
                    None,
                );
            }
        }
    }

    // ---- per-file rules ---------------------------------------------

    fn duplicates(&mut self) {
        for i in 0..self.files.len() {
            let mut seen: HashMap<(RefKind, String), String> = HashMap::new();
            let defs = self.indexes[i].defs.clone();
            for d in defs {
                if d.id.is_empty() {
                    // I001 reports empty ids; two of them are not a
                    // second fault.
                    continue;
                }
                let key = (d.kind, lc(&d.id));
                if let Some(first) = seen.get(&key) {
                    let msg = if *first == d.id {
                        format!(
                            "{} `{}` is defined twice in this file",
                            d.kind.words(),
                            d.id
                        )
                    } else {
                        format!(
                            "{} `{}` is defined twice in this file (also as `{first}`; B2C compares ids ignoring case)",
                            d.kind.words(),
                            d.id
                        )
                    };
                    self.error(
                        i,
                        &d.path,
                        "D001",
                        msg,
                        Some("remove or rename one of them".into()),
                        Some(&d.id),
                    );
                } else {
                    seen.insert(key, d.id.clone());
                }
            }
            self.keyed_duplicates(i);
        }
    }

    /// D001 for the XSD keys that are not definitions the index tracks:
    /// document references and relying-party endpoints (unique in the
    /// file), validation technical profiles (unique in their technical
    /// profile) and authorization technical profiles (unique in their
    /// journey). Step orders and exchange ids are J002 and J006.
    fn keyed_duplicates(&mut self, file: usize) {
        let p = &self.files[file].policy;
        let mut groups: Vec<KeyGroup> = Vec::new();
        groups.push(KeyGroup {
            items: p
                .document_references
                .iter()
                .enumerate()
                .map(|(n, d)| {
                    (
                        d.id.clone(),
                        format!(
                            "TrustFrameworkPolicy/DocumentReferences/DocumentReference[{n}]@Id"
                        ),
                    )
                })
                .collect(),
            what: "document reference",
            twice: "is defined twice in this file".into(),
        });
        let mut profiles: Vec<(String, &TechnicalProfile)> = Vec::new();
        for (j, cp) in p.claims_providers.iter().enumerate() {
            for (k, tp) in cp.technical_profiles.iter().enumerate() {
                profiles.push((
                    format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]"),
                    tp,
                ));
            }
        }
        if let Some(rp) = &p.relying_party {
            groups.push(KeyGroup {
                items: rp
                    .endpoints
                    .iter()
                    .enumerate()
                    .map(|(n, e)| {
                        (
                            e.id.clone(),
                            format!(
                                "TrustFrameworkPolicy/RelyingParty[0]/Endpoints/Endpoint[{n}]@Id"
                            ),
                        )
                    })
                    .collect(),
                what: "endpoint",
                twice: "is defined twice in the relying party".into(),
            });
            for (k, tp) in rp.technical_profiles.iter().enumerate() {
                profiles.push((
                    format!("TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[{k}]"),
                    tp,
                ));
            }
        }
        for (base, tp) in profiles {
            groups.push(KeyGroup {
                items: tp.validation_technical_profiles
                    .iter()
                    .enumerate()
                    .map(|(n, v)| {
                        (
                            v.reference.id().to_owned(),
                            format!("{base}/ValidationTechnicalProfiles/ValidationTechnicalProfile[{n}]@ReferenceId"),
                        )
                    })
                    .collect(),
                what: "validation technical profile",
                twice: format!("is listed twice in technical profile `{}`", tp.id),
            });
        }
        for (j, journey) in p.user_journeys.iter().enumerate() {
            if let Some(auth) = &journey.authorization {
                groups.push(KeyGroup {
                    items: auth.profiles
                        .iter()
                        .enumerate()
                        .map(|(n, a)| {
                            (
                                a.reference.id().to_owned(),
                                format!("TrustFrameworkPolicy/UserJourneys/UserJourney[{j}]/Authorization[0]/AuthorizationTechnicalProfiles/AuthorizationTechnicalProfile[{n}]@ReferenceId"),
                            )
                        })
                        .collect(),
                    what: "authorization technical profile",
                    twice: format!("is listed twice in user journey `{}`", journey.id),
                });
            }
        }
        let mut pending = Vec::new();
        for KeyGroup { what, twice, items } in groups {
            let mut seen: HashMap<String, String> = HashMap::new();
            for (id, path) in items {
                if id.is_empty() {
                    continue;
                }
                match seen.get(&lc(&id)) {
                    Some(first) => {
                        let also = if *first == id {
                            String::new()
                        } else {
                            format!(" (also as `{first}`; B2C compares ids ignoring case)")
                        };
                        pending.push((path, format!("{what} `{id}` {twice}{also}"), id));
                    }
                    None => {
                        seen.insert(lc(&id), id);
                    }
                }
            }
        }
        for (path, msg, id) in pending {
            self.error(
                file,
                &path,
                "D001",
                msg,
                Some("remove or rename one of them".into()),
                Some(&id),
            );
        }
    }

    /// I001: an id that is empty or has whitespace, on every element that
    /// defines an id. A reference with such an id does not resolve (its
    /// R rule, or J003/J004 for exchange ids, reports it) unless the
    /// definition has the same flaw, which is reported here.
    fn id_rules(&mut self) {
        for i in 0..self.files.len() {
            let mut sites: Vec<IdSite> = self.indexes[i]
                .defs
                .iter()
                .map(|d| IdSite {
                    what: d.kind.words(),
                    context: None,
                    id: d.id.clone(),
                    path: d.path.clone(),
                })
                .collect();
            sites.extend(other_id_sites(&self.files[i].policy));
            for IdSite {
                what,
                context,
                id,
                path,
            } in sites
            {
                let Some(flaw) = id_flaw(&id) else {
                    continue;
                };
                let context = context.map(|c| format!(" ({c})")).unwrap_or_default();
                let (msg, help) = if id.is_empty() {
                    (
                        format!("{what} id is empty{context}"),
                        "give it an id: B2C finds every element by its id".to_owned(),
                    )
                } else {
                    let joined: String = id.split_whitespace().collect();
                    (
                        format!("{what} id `{}` {flaw}{context}", id.escape_debug()),
                        format!("ids cannot contain whitespace; write e.g. `{joined}`, here and where it is referenced"),
                    )
                };
                self.error(i, &path, "I001", msg, Some(help), Some(&id));
            }
        }
    }

    /// P007 and P008: the header's ids against their XSD types. A value
    /// with a deployment placeholder (`{Settings:…}`) is checked around
    /// the placeholder (W002 reports the placeholder itself).
    fn header_rules(&mut self) {
        for i in 0..self.files.len() {
            let p = &self.files[i].policy;
            let mut sites: Vec<(&str, String, XsdId, &str)> = vec![
                (
                    "TrustFrameworkPolicy@PolicyId",
                    p.policy_id.id().to_owned(),
                    XsdId::PolicyId,
                    "PolicyId",
                ),
                (
                    "TrustFrameworkPolicy@TenantId",
                    p.tenant_id.clone(),
                    XsdId::TenantId,
                    "TenantId",
                ),
            ];
            if let Some(base) = &p.base_policy {
                sites.push((
                    "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]",
                    base.policy_id.id().to_owned(),
                    XsdId::PolicyId,
                    "the BasePolicy's PolicyId",
                ));
                sites.push((
                    "TrustFrameworkPolicy/BasePolicy[0]/TenantId[0]",
                    base.tenant_id.clone(),
                    XsdId::TenantId,
                    "the BasePolicy's TenantId",
                ));
            }
            let reroute: Vec<(String, String)> = p
                .policy_constraints
                .iter()
                .flat_map(|c| c.reroute_rules.iter())
                .flat_map(|r| r.rules.iter())
                .enumerate()
                .map(|(n, r)| {
                    (
                        format!("TrustFrameworkPolicy/PolicyConstraints[0]/RerouteRules[0]/RerouteRule[{n}]@PolicyId"),
                        r.policy_id.clone(),
                    )
                })
                .collect();
            let mut pending: Vec<(String, &str, String, String, String)> = Vec::new();
            for (path, value, ty, what) in sites {
                if let Some(flaw) = xsd_flaw(&value, ty) {
                    pending.push((
                        path.to_owned(),
                        ty.code(),
                        format!("{what} `{}` is not valid: it {flaw}", value.escape_debug()),
                        ty.help().to_owned(),
                        value,
                    ));
                }
            }
            for (path, value) in reroute {
                if let Some(flaw) = xsd_flaw(&value, XsdId::PolicyIdPattern) {
                    pending.push((
                        path,
                        "P007",
                        format!(
                            "the RerouteRule's PolicyId `{}` is not valid: it {flaw}",
                            value.escape_debug()
                        ),
                        XsdId::PolicyIdPattern.help().to_owned(),
                        value,
                    ));
                }
            }
            for (path, code, msg, help, id) in pending {
                self.error(i, &path, code, msg, Some(help), Some(&id));
            }
        }
    }

    fn profile_rules(&mut self) {
        for i in 0..self.files.len() {
            let mut list: Vec<(String, &TechnicalProfile)> = Vec::new();
            let p = &self.files[i].policy;
            for (j, cp) in p.claims_providers.iter().enumerate() {
                for (k, tp) in cp.technical_profiles.iter().enumerate() {
                    list.push((
                        format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]"),
                        tp,
                    ));
                }
            }
            if let Some(rp) = &p.relying_party {
                for (k, tp) in rp.technical_profiles.iter().enumerate() {
                    list.push((
                        format!("TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[{k}]"),
                        tp,
                    ));
                }
            }
            let own_ids: BTreeSet<String> = list.iter().map(|(_, tp)| lc(tp.id.id())).collect();
            let mut pending = Vec::new();
            for (base, tp) in &list {
                let mut keys: HashMap<&str, usize> = HashMap::new();
                for (n, item) in tp.metadata.iter().enumerate() {
                    if let Some(first) = keys.insert(item.key.as_str(), n) {
                        pending.push((
                            format!("{base}/Metadata/Item[{n}]@Key"),
                            "T001",
                            format!(
                                "metadata key `{}` appears twice in technical profile `{}` (items {} and {})",
                                item.key,
                                tp.id,
                                first + 1,
                                n + 1
                            ),
                            Some("keep one item per key".to_string()),
                            item.key.clone(),
                        ));
                    }
                }
                let mut claims: HashMap<String, usize> = HashMap::new();
                for (n, c) in tp.output_claims.iter().enumerate() {
                    if let Some(first) = claims.insert(lc(c.claim.id()), n) {
                        pending.push((
                            format!("{base}/OutputClaims/OutputClaim[{n}]@ClaimTypeReferenceId"),
                            "T002",
                            format!(
                                "output claim `{}` appears twice in technical profile `{}` (claims {} and {})",
                                c.claim,
                                tp.id,
                                first + 1,
                                n + 1
                            ),
                            Some("keep one; add PartnerClaimType to the one you keep if the names differ".to_string()),
                            c.claim.id().to_owned(),
                        ));
                    }
                }
                if let Some(proto) = &tp.protocol {
                    match (proto.name, &proto.handler) {
                        (ProtocolName::Proprietary, None) => pending.push((
                            format!("{base}/Protocol[0]"),
                            "T003",
                            format!("technical profile `{}` has a Proprietary protocol without a Handler", tp.id),
                            Some("name the B2C provider in Handler, e.g. `Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null`".to_string()),
                            tp.id.id().to_owned(),
                        )),
                        (ProtocolName::None, Some(_)) => pending.push((
                            format!("{base}/Protocol[0]@Handler"),
                            "T004",
                            format!("technical profile `{}` has protocol None, which takes no Handler", tp.id),
                            Some("remove the Handler, or use Name=\"Proprietary\"".to_string()),
                            tp.id.id().to_owned(),
                        )),
                        _ => {}
                    }
                }
                if let Some(inc) = &tp.include_claims_from_technical_profile {
                    if !own_ids.contains(&lc(inc.id())) {
                        pending.push((
                            format!("{base}/IncludeClaimsFromTechnicalProfile[0]"),
                            "T007",
                            format!(
                                "technical profile `{}` includes claims from `{inc}`, which is not in the same file",
                                tp.id
                            ),
                            Some("IncludeClaimsFromTechnicalProfile must name a profile of the same file".to_string()),
                            inc.id().to_owned(),
                        ));
                    }
                }
            }
            for (path, code, msg, help, id) in pending {
                self.error(i, &path, code, msg, help, Some(&id));
            }
        }
    }

    // ---- references -------------------------------------------------

    fn definitions_in_chain(&self, file: usize, kind: RefKind) -> Vec<(usize, &str, &str)> {
        self.chains[file]
            .iter()
            .flat_map(|&f| {
                self.indexes[f]
                    .defs
                    .iter()
                    .filter(move |d| d.kind == kind)
                    .map(move |d| (f, d.id.as_str(), d.path.as_str()))
            })
            .collect()
    }

    fn references(&mut self) {
        for i in 0..self.files.len() {
            let refs = self.indexes[i].refs.clone();
            let mut cache: HashMap<RefKind, Vec<(usize, String, String)>> = HashMap::new();
            for r in refs {
                let defs = cache.entry(r.kind).or_insert_with(|| {
                    self.definitions_in_chain(i, r.kind)
                        .into_iter()
                        .map(|(f, id, p)| (f, id.to_owned(), p.to_owned()))
                        .collect()
                });
                if defs.iter().any(|(_, id, _)| *id == r.id) {
                    continue;
                }
                if let Some((f, id, path)) = defs
                    .iter()
                    .find(|(_, id, _)| id.to_lowercase() == r.id.to_lowercase())
                {
                    let at = match self.files[*f].source_map.locate(path) {
                        Some(p) => format!("{}:{}:{}", self.files[*f].file, p.line, p.column),
                        None => self.files[*f].file.clone(),
                    };
                    let msg = format!(
                        "{} `{}` ({}) resolves only when case is ignored: the definition is `{id}` ({at})",
                        r.kind.words(),
                        r.id,
                        r.role
                    );
                    let help = Some(format!("write `{id}`"));
                    let (path, rid) = (r.path.clone(), r.id.clone());
                    self.report(i, &path, ("W001", Severity::Warning), msg, help, Some(&rid));
                    continue;
                }
                if !self.complete[i] {
                    continue;
                }
                let chain: Vec<String> = self.chains[i]
                    .iter()
                    .map(|&c| self.policy_id(c).to_owned())
                    .collect();
                let near = did_you_mean(&r.id, defs.iter().map(|(_, id, _)| id.as_str()));
                // An empty reference, or one with whitespace, is reported
                // here (I001 covers definitions only): say why it cannot
                // resolve.
                let help = match (near, id_flaw(&r.id)) {
                    (Some(s), None) => Some(format!("did you mean `{s}`?")),
                    (Some(s), Some(flaw)) => {
                        Some(format!("did you mean `{s}`? (the reference {flaw})"))
                    }
                    (None, Some("is empty")) => Some(format!(
                        "the reference is empty: name the {} it refers to",
                        r.kind.words()
                    )),
                    (None, Some(flaw)) => Some(format!(
                        "the reference {flaw}; ids cannot contain whitespace"
                    )),
                    (None, None) => None,
                };
                let msg = format!(
                    "{} `{}` is not defined; it is {}, and the chain searched is {}",
                    r.kind.words(),
                    r.id,
                    r.role,
                    chain.join(" -> ")
                );
                let (path, rid) = (r.path.clone(), r.id.clone());
                if r.soft {
                    self.report(i, &path, ("W003", Severity::Warning), msg, help, Some(&rid));
                } else {
                    self.error(i, &path, r.kind.unresolved_code(), msg, help, Some(&rid));
                }
            }
        }
    }

    // ---- merged views -----------------------------------------------

    /// The claim types of a file's chain: lowercase id -> DataType (the
    /// nearest declaration that has one).
    fn claim_types(&self, file: usize) -> HashMap<String, DataType> {
        let mut out = HashMap::new();
        for &f in self.chains[file].iter().rev() {
            for c in &self.files[f].policy.building_blocks.claims_schema {
                if let Some(dt) = c.data_type {
                    out.insert(lc(c.id.id()), dt);
                }
            }
        }
        out
    }

    fn claim_rules(&mut self) {
        for i in 0..self.files.len() {
            if !self.complete[i] {
                continue;
            }
            let types = self.claim_types(i);
            let missing: Vec<(usize, String)> = self.files[i]
                .policy
                .building_blocks
                .claims_schema
                .iter()
                .enumerate()
                .filter(|(_, c)| c.data_type.is_none() && !types.contains_key(&lc(c.id.id())))
                .map(|(n, c)| (n, c.id.id().to_owned()))
                .collect();
            for (n, id) in missing {
                self.error(
                    i,
                    &format!("TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsSchema/ClaimType[{n}]"),
                    "C001",
                    format!("claim type `{id}` has no DataType, and no policy of its chain declares it with one"),
                    Some("add a <DataType>, or declare the claim in a base policy".into()),
                    Some(&id),
                );
            }
        }
    }

    fn transform_rules(&mut self) {
        for i in 0..self.files.len() {
            let types = self.claim_types(i);
            let lookup = |id: &str| types.get(&lc(id)).copied();
            let mut pending = Vec::new();
            for (n, t) in self.files[i]
                .policy
                .building_blocks
                .claims_transformations
                .iter()
                .enumerate()
            {
                for m in super::signatures::check_transformation(t, &lookup) {
                    pending.push((
                        format!("TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsTransformations/ClaimsTransformation[{n}]"),
                        mismatch_code(&m.kind),
                        m.message,
                        m.help,
                        t.id.id().to_owned(),
                    ));
                }
            }
            for (path, code, msg, help, id) in pending {
                self.error(i, &path, code, msg, help, Some(&id));
            }
        }
    }

    /// Technical profiles of a chain merged by id: for each lowercase id,
    /// the declarations from the file outwards (child first).
    fn profiles_in_chain(&self, file: usize) -> HashMap<String, Vec<&'a TechnicalProfile>> {
        let mut out: HashMap<String, Vec<&TechnicalProfile>> = HashMap::new();
        for &f in &self.chains[file] {
            for cp in &self.files[f].policy.claims_providers {
                for tp in &cp.technical_profiles {
                    out.entry(lc(tp.id.id())).or_default().push(tp);
                }
            }
        }
        out
    }

    fn protocol_rules(&mut self) {
        for i in 0..self.files.len() {
            let profiles = self.profiles_in_chain(i);
            // T006: include cycles, reported where the profile is declared.
            let mut pending = Vec::new();
            for (j, cp) in self.files[i].policy.claims_providers.iter().enumerate() {
                for (k, tp) in cp.technical_profiles.iter().enumerate() {
                    let mut seen = vec![lc(tp.id.id())];
                    // The ids as written, for the message.
                    let mut shown = vec![tp.id.id().to_owned()];
                    let mut cur = tp
                        .include_technical_profile
                        .as_ref()
                        .map(|r| r.reference.id().to_owned());
                    while let Some(written) = cur {
                        let next = lc(&written);
                        if seen.contains(&next) {
                            pending.push((
                                format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]/IncludeTechnicalProfile[0]"),
                                "T006",
                                format!("IncludeTechnicalProfile loops: {} -> {written}", shown.join(" -> ")),
                                tp.id.id().to_owned(),
                            ));
                            break;
                        }
                        seen.push(next.clone());
                        shown.push(written);
                        cur = profiles
                            .get(&next)
                            .and_then(|decls| {
                                decls
                                    .iter()
                                    .find_map(|d| d.include_technical_profile.as_ref())
                            })
                            .map(|r| r.reference.id().to_owned());
                    }
                }
            }
            // T005: profiles this file uses must have a protocol after merging.
            let used: Vec<(String, String)> = self.indexes[i]
                .refs
                .iter()
                .filter(|r| {
                    r.kind == RefKind::Profile && !r.path.contains("IncludeTechnicalProfile")
                })
                .map(|r| (r.id.clone(), r.path.clone()))
                .collect();
            let mut reported = BTreeSet::new();
            for (id, path) in used {
                let key = lc(&id);
                if !self.complete[i] || !profiles.contains_key(&key) || reported.contains(&key) {
                    continue;
                }
                if !has_protocol(&profiles, &key, &mut Vec::new()) {
                    reported.insert(key);
                    pending.push((
                        path,
                        "T005",
                        format!(
                            "technical profile `{id}` is used here but has no Protocol in this policy's chain, not even through IncludeTechnicalProfile"
                        ),
                        id.clone(),
                    ));
                }
            }
            for (path, code, msg, id) in pending {
                self.error(i, &path, code, msg, None, Some(&id));
            }
        }
    }

    fn journey_rules(&mut self) {
        for i in 0..self.files.len() {
            let started: BTreeSet<String> = self.files[i]
                .policy
                .relying_party
                .iter()
                .flat_map(|rp| {
                    rp.default_user_journey
                        .iter()
                        .map(|d| lc(d.reference.id()))
                        .chain(rp.endpoints.iter().map(|e| lc(e.journey.id())))
                })
                .collect();
            // Journeys to check from this file: those it declares, and
            // those its relying party starts.
            let mut ids: Vec<String> = self.files[i]
                .policy
                .user_journeys
                .iter()
                .map(|j| lc(j.id.id()))
                .collect();
            ids.extend(started.iter().cloned());
            ids.sort();
            ids.dedup();
            for id in ids {
                let merged = self.merged_steps(i, &id, false);
                if merged.is_empty() {
                    continue;
                }
                let display = self.display_id(i, &id, false);
                self.run_journey(i, (&id, false), &display, merged, started.contains(&id));
            }
            let subs: Vec<String> = self.files[i]
                .policy
                .sub_journeys
                .iter()
                .map(|s| lc(s.id.id()))
                .collect();
            for id in subs {
                let merged = self.merged_steps(i, &id, true);
                let display = self.display_id(i, &id, true);
                self.run_journey(i, (&id, true), &display, merged, false);
            }
        }
    }

    /// A journey's steps merged along the chain (base first). A child
    /// restating a step (same `Order`) merges into the base's step; each
    /// merged step remembers which file and path supplied its exchanges and
    /// its selections, so that findings point where the content is.
    fn merged_steps(&self, file: usize, id: &str, sub: bool) -> Vec<MergedStep> {
        let mut steps: BTreeMap<i32, MergedStep> = BTreeMap::new();
        for &f in self.chains[file].iter().rev() {
            for (list, base) in self.declarations(f, id, sub) {
                for (s, step) in list.iter().enumerate() {
                    let path = format!("{base}/OrchestrationSteps/OrchestrationStep[{s}]");
                    match steps.get_mut(&step.order) {
                        Some(m) => {
                            merge_step(&mut m.step, step);
                            m.at = (f, path.clone());
                            if step.exchanges.is_some() || step.step_type == StepType::SendClaims {
                                m.exchanges_at = (f, path.clone());
                            }
                            if step.selections.is_some() || step.step_type == StepType::SendClaims {
                                m.selections_at = (f, path);
                            }
                        }
                        None => {
                            steps.insert(
                                step.order,
                                MergedStep {
                                    step: step.clone(),
                                    at: (f, path.clone()),
                                    exchanges_at: (f, path.clone()),
                                    selections_at: (f, path),
                                },
                            );
                        }
                    }
                }
            }
        }
        steps.into_values().collect()
    }

    /// The declarations of journey (or sub-journey) `id` in file `f`: the
    /// steps and the source-map path of each declaration.
    fn declarations(
        &self,
        f: usize,
        id: &str,
        sub: bool,
    ) -> Vec<(&'a [OrchestrationStep], String)> {
        let p = &self.files[f].policy;
        if sub {
            p.sub_journeys
                .iter()
                .enumerate()
                .filter(|(_, s)| lc(s.id.id()) == id)
                .map(|(j, s)| {
                    (
                        s.steps.as_slice(),
                        format!("TrustFrameworkPolicy/SubJourneys/SubJourney[{j}]"),
                    )
                })
                .collect()
        } else {
            p.user_journeys
                .iter()
                .enumerate()
                .filter(|(_, s)| lc(s.id.id()) == id)
                .map(|(j, s)| {
                    (
                        s.steps.as_slice(),
                        format!("TrustFrameworkPolicy/UserJourneys/UserJourney[{j}]"),
                    )
                })
                .collect()
        }
    }

    /// The id of a journey as its nearest declaration spells it.
    fn display_id(&self, file: usize, id: &str, sub: bool) -> String {
        self.chains[file]
            .iter()
            .find_map(|&f| {
                let p = &self.files[f].policy;
                if sub {
                    p.sub_journeys
                        .iter()
                        .find(|j| lc(j.id.id()) == id)
                        .map(|j| j.id.id().to_owned())
                } else {
                    p.user_journeys
                        .iter()
                        .find(|j| lc(j.id.id()) == id)
                        .map(|j| j.id.id().to_owned())
                }
            })
            .unwrap_or_else(|| id.to_owned())
    }

    fn run_journey(
        &mut self,
        file: usize,
        (id, sub): (&str, bool),
        display: &str,
        merged: Vec<MergedStep>,
        started: bool,
    ) {
        // Duplicate orders within this file's own declaration (J002) are
        // seen on the raw steps; the merged view has one step per order.
        let kind = if sub { "sub-journey" } else { "user journey" };
        let own: Vec<(String, Vec<i32>)> = self
            .declarations(file, id, sub)
            .into_iter()
            .map(|(steps, base)| (base, steps.iter().map(|s| s.order).collect()))
            .collect();
        for (base, orders) in own {
            for (s, o) in orders.iter().enumerate() {
                if orders[..s].contains(o) {
                    self.error(
                        file,
                        &format!("{base}/OrchestrationSteps/OrchestrationStep[{s}]@Order"),
                        "J002",
                        format!("step order {o} is used twice in {kind} `{display}`"),
                        Some("give every step its own order".into()),
                        Some(display),
                    );
                }
            }
        }
        // The other rules read the journey as merged along the chain; on a
        // broken chain the missing part's steps are unknown.
        if !self.complete[file] {
            return;
        }
        let shape = shape_of(&merged, started, true);
        for f in journey::check(&shape) {
            if f.code == "J002" {
                continue;
            }
            // Report where the content at fault was declared. If that is an
            // ancestor, its own pass reports the same finding, and the
            // duplicate is dropped; a problem that arises only from this
            // file's merge still points at the ancestor's content, with
            // this file named in the message.
            let (target, path) = match f.at {
                Location::Journey => (file, "TrustFrameworkPolicy".to_string()),
                Location::Step(s) => (merged[s].at.0, format!("{}@Order", merged[s].at.1)),
                Location::Exchange(s, e) => (
                    merged[s].exchanges_at.0,
                    format!(
                        "{}/ClaimsExchanges[0]/ClaimsExchange[{e}]@Id",
                        merged[s].exchanges_at.1
                    ),
                ),
                Location::Selection(s, n) => (
                    merged[s].selections_at.0,
                    format!(
                        "{}/ClaimsProviderSelections[0]/ClaimsProviderSelection[{n}]",
                        merged[s].selections_at.1
                    ),
                ),
            };
            let via = if target != file && self.finding_only_after_merge(target, id, sub, &f) {
                format!(" (as merged with {})", self.files[file].file)
            } else {
                String::new()
            };
            let msg = format!("in {kind} `{display}`{via}: {}", f.message);
            self.report(
                target,
                &path,
                (f.code, f.severity),
                msg,
                f.help,
                Some(display),
            );
        }
    }

    /// Whether `finding` would not be reported for the journey as merged in
    /// the ancestor `ancestor` alone, i.e. it arises from a descendant's
    /// merge.
    fn finding_only_after_merge(
        &self,
        ancestor: usize,
        id: &str,
        sub: bool,
        finding: &journey::Finding,
    ) -> bool {
        let merged = self.merged_steps(ancestor, id, sub);
        if merged.is_empty() {
            return true;
        }
        let shape = shape_of(&merged, false, true);
        !journey::check(&shape)
            .iter()
            .any(|g| g.code == finding.code && g.message == finding.message)
    }

    fn placeholders(&mut self) {
        for i in 0..self.files.len() {
            let f = &self.files[i];
            let mut strings: Vec<(String, String)> = Vec::new();
            let p = &f.policy;
            strings.push(("TrustFrameworkPolicy@TenantId".into(), p.tenant_id.clone()));
            strings.push((
                "TrustFrameworkPolicy@PolicyId".into(),
                p.policy_id.id().to_owned(),
            ));
            if let Some(base) = &p.base_policy {
                strings.push((
                    "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]".into(),
                    base.policy_id.id().to_owned(),
                ));
            }
            if let Some(uri) = &p.public_policy_uri {
                strings.push(("TrustFrameworkPolicy@PublicPolicyUri".into(), uri.clone()));
            }
            for (j, cp) in p.claims_providers.iter().enumerate() {
                for (k, tp) in cp.technical_profiles.iter().enumerate() {
                    for (n, item) in tp.metadata.iter().enumerate() {
                        strings.push((
                            format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]/Metadata/Item[{n}]"),
                            item.value.clone(),
                        ));
                    }
                }
            }
            for (n, cd) in p.building_blocks.content_definitions.iter().enumerate() {
                if let Some(u) = &cd.load_uri {
                    strings.push((format!("TrustFrameworkPolicy/BuildingBlocks[0]/ContentDefinitions/ContentDefinition[{n}]/LoadUri[0]"), u.clone()));
                }
            }
            let mut found: BTreeMap<String, (String, usize)> = BTreeMap::new();
            for (path, value) in strings {
                let lower = value.to_lowercase();
                let hit = if let Some(start) = value.find("{Settings:") {
                    let end = value[start..]
                        .find('}')
                        .map(|e| start + e + 1)
                        .unwrap_or(value.len());
                    Some(value[start..end].to_owned())
                } else if lower.contains("yourtenant") {
                    Some("yourtenant".to_owned())
                } else {
                    None
                };
                if let Some(h) = hit {
                    let entry = found.entry(h).or_insert((path, 0));
                    entry.1 += 1;
                }
            }
            for (placeholder, (path, count)) in found {
                let more = if count > 1 {
                    format!(" (and {} more places in this file)", count - 1)
                } else {
                    String::new()
                };
                self.report(
                    i,
                    &path,
                    ("W002", Severity::Warning),
                    format!("the placeholder `{placeholder}` is still in the policy{more}"),
                    Some(
                        "substitute it before upload (ief settings, or your deployment tool)"
                            .into(),
                    ),
                    Some(&placeholder),
                );
            }
        }
    }
}

/// Items an XSD key makes unique within one scope, for D001.
struct KeyGroup {
    /// `(id, source-map path)` of each item.
    items: Vec<(String, String)>,
    /// What the items are, in words.
    what: &'static str,
    /// How a repeat is told, e.g. "is defined twice in this file".
    twice: String,
}

/// What is wrong with an id: empty, or with whitespace in it.
fn id_flaw(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if id.starts_with(char::is_whitespace) {
        Some("starts with whitespace")
    } else if id.ends_with(char::is_whitespace) {
        Some("ends with whitespace")
    } else if id.chars().any(char::is_whitespace) {
        Some("contains whitespace")
    } else {
        None
    }
}

/// An element's own id, for I001.
struct IdSite {
    /// What the element is, in words.
    what: &'static str,
    /// Where it is, when its id alone does not say (e.g. the step of a
    /// claims exchange).
    context: Option<String>,
    /// The id as written.
    id: String,
    /// The source-map path of the id attribute.
    path: String,
}

/// The ids the index does not track as definitions (nothing refers to
/// them across files): contacts, document references, predicate groups,
/// display-control actions, claims exchanges, endpoints and the relying
/// party's technical profiles.
fn other_id_sites(p: &crate::policy::TrustFrameworkPolicy) -> Vec<IdSite> {
    let root = "TrustFrameworkPolicy";
    let site = |what, context, id: &str, path| IdSite {
        what,
        context,
        id: id.to_owned(),
        path,
    };
    let mut out = Vec::new();
    for (n, c) in p.contacts.iter().enumerate() {
        out.push(site(
            "contact",
            None,
            &c.id,
            format!("{root}/Contacts/Contact[{n}]@Id"),
        ));
    }
    for (n, d) in p.document_references.iter().enumerate() {
        out.push(site(
            "document reference",
            None,
            &d.id,
            format!("{root}/DocumentReferences/DocumentReference[{n}]@Id"),
        ));
    }
    let bb = format!("{root}/BuildingBlocks[0]");
    for (i, pv) in p.building_blocks.predicate_validations.iter().enumerate() {
        for (g, group) in pv.groups.iter().enumerate() {
            out.push(site(
                "predicate group",
                Some(format!("in predicate validation `{}`", pv.id)),
                &group.id,
                format!("{bb}/PredicateValidations/PredicateValidation[{i}]/PredicateGroups/PredicateGroup[{g}]@Id"),
            ));
        }
    }
    for (i, dc) in p.building_blocks.display_controls.iter().enumerate() {
        for (a, action) in dc.actions.iter().enumerate() {
            out.push(site(
                "display control action",
                Some(format!("in display control `{}`", dc.id)),
                &action.id,
                format!("{bb}/DisplayControls/DisplayControl[{i}]/Actions/Action[{a}]@Id"),
            ));
        }
    }
    let journeys = p
        .user_journeys
        .iter()
        .enumerate()
        .map(|(j, uj)| {
            (
                format!("{root}/UserJourneys/UserJourney[{j}]"),
                format!("user journey `{}`", uj.id),
                &uj.steps,
            )
        })
        .chain(p.sub_journeys.iter().enumerate().map(|(j, sj)| {
            (
                format!("{root}/SubJourneys/SubJourney[{j}]"),
                format!("sub-journey `{}`", sj.id),
                &sj.steps,
            )
        }));
    for (base, who, steps) in journeys {
        for (s, step) in steps.iter().enumerate() {
            for (e, x) in step
                .exchanges
                .iter()
                .flat_map(|x| x.exchanges.iter())
                .enumerate()
            {
                out.push(site(
                    "claims exchange",
                    Some(format!("in step {} of {who}", step.order)),
                    x.id.id(),
                    format!("{base}/OrchestrationSteps/OrchestrationStep[{s}]/ClaimsExchanges[0]/ClaimsExchange[{e}]@Id"),
                ));
            }
        }
    }
    if let Some(rp) = &p.relying_party {
        for (n, e) in rp.endpoints.iter().enumerate() {
            out.push(site(
                "endpoint",
                None,
                &e.id,
                format!("{root}/RelyingParty[0]/Endpoints/Endpoint[{n}]@Id"),
            ));
        }
        for (k, tp) in rp.technical_profiles.iter().enumerate() {
            out.push(site(
                "technical profile",
                Some("in the relying party".to_owned()),
                tp.id.id(),
                format!("{root}/RelyingParty[0]/TechnicalProfile[{k}]@Id"),
            ));
        }
    }
    out
}

/// The XSD simple types of the header's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XsdId {
    /// `PolicyId`: `[A-Za-z0-9_\-\.]*[A-Za-z0-9_\-]+`, at least one character.
    PolicyId,
    /// `PolicyIdPattern` (`RerouteRule/@PolicyId`): as `PolicyId`, and `{}`.
    PolicyIdPattern,
    /// `TenantId`: `[A-Za-z0-9\.]{3,63}`.
    TenantId,
}

impl XsdId {
    fn code(self) -> &'static str {
        match self {
            XsdId::PolicyId | XsdId::PolicyIdPattern => "P007",
            XsdId::TenantId => "P008",
        }
    }

    fn allows(self, c: char) -> bool {
        match self {
            XsdId::PolicyId => c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'),
            XsdId::PolicyIdPattern => {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '{' | '}')
            }
            XsdId::TenantId => c.is_ascii_alphanumeric() || c == '.',
        }
    }

    fn help(self) -> &'static str {
        match self {
            XsdId::PolicyId => "a PolicyId (XSD type PolicyId) is letters, digits, `_`, `-` and `.`, and does not end with `.`, e.g. `B2C_1A_signup_signin`",
            XsdId::PolicyIdPattern => "a RerouteRule's PolicyId (XSD type PolicyIdPattern) is letters, digits, `_`, `-`, `.`, `{` and `}`, and does not end with `.`",
            XsdId::TenantId => "a TenantId (XSD type TenantId) is 3 to 63 letters, digits and dots, e.g. `contoso.onmicrosoft.com`",
        }
    }
}

/// `value` with each deployment placeholder (a `{…}` group with balanced
/// braces and something inside, e.g. `{Settings:Tenant}` or
/// `{{ tenantId }}`) replaced by `x`, and whether there was one. Braces
/// that do not balance are kept as written.
fn mask_placeholders(value: &str) -> (String, bool) {
    let mut out = String::with_capacity(value.len());
    let mut group = String::new();
    let mut depth = 0usize;
    let mut found = false;
    for c in value.chars() {
        match c {
            '{' => {
                depth += 1;
                group.push(c);
            }
            '}' if depth > 0 => {
                depth -= 1;
                group.push(c);
                if depth == 0 {
                    if group.trim_matches(['{', '}']).is_empty() {
                        out.push_str(&group);
                    } else {
                        out.push('x');
                        found = true;
                    }
                    group.clear();
                }
            }
            _ if depth > 0 => group.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&group);
    (out, found)
}

/// A character as a message shows it.
fn shown_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        '\n' | '\r' => "a line break".into(),
        c if c.is_whitespace() || c.is_control() => format!("U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// Why `value` is not of the XSD type `ty` (whole string), if it is not.
fn xsd_flaw(value: &str, ty: XsdId) -> Option<String> {
    let (masked, placeholder) = mask_placeholders(value);
    if masked.is_empty() {
        return Some("is empty".into());
    }
    let mut bad: Vec<char> = Vec::new();
    for c in masked.chars().filter(|&c| !ty.allows(c)) {
        if !bad.contains(&c) {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        let list: Vec<String> = bad.into_iter().map(shown_char).collect();
        return Some(format!("contains {}, which it may not", list.join(", ")));
    }
    match ty {
        XsdId::PolicyId | XsdId::PolicyIdPattern if masked.ends_with('.') => {
            Some("ends with `.`".into())
        }
        XsdId::TenantId if !placeholder && !(3..=63).contains(&masked.chars().count()) => Some(
            format!("has {} characters, not 3 to 63", masked.chars().count()),
        ),
        _ => None,
    }
}

/// The stable code of a transformation mismatch.
fn mismatch_code(kind: &super::signatures::MismatchKind) -> &'static str {
    use super::signatures::MismatchKind as K;
    match kind {
        K::UnknownMethod => "X001",
        K::UnknownInputClaimType => "X002",
        K::MissingInputClaimType => "X003",
        K::UnknownParameter => "X004",
        K::MissingParameter => "X005",
        K::ParameterType => "X006",
        K::UnknownOutputClaimType => "X007",
        K::MissingOutputClaimType => "X008",
        K::ClaimDataType => "X009",
        #[allow(unreachable_patterns)]
        _ => "X000",
    }
}

/// The rule view of merged steps.
fn shape_of(merged: &[MergedStep], must_send_claims: bool, complete: bool) -> JourneyShape {
    JourneyShape {
        steps: merged
            .iter()
            .map(|m| &m.step)
            .map(|s| StepShape {
                order: s.order,
                step_type: s.step_type,
                exchanges: s
                    .exchanges
                    .iter()
                    .flat_map(|x| x.exchanges.iter().map(|e| e.id.id().to_owned()))
                    .collect(),
                selections: s
                    .selections
                    .iter()
                    .flat_map(|x| {
                        x.selections.iter().map(|c| SelectionShape {
                            target: c.target.as_ref().map(|t| t.id().to_owned()),
                            validation: c.validation.as_ref().map(|t| t.id().to_owned()),
                        })
                    })
                    .collect(),
            })
            .collect(),
        must_send_claims,
        complete,
    }
}

/// A step of a journey merged along a chain, with where its parts come
/// from: `(file index, source-map path of the step)`.
struct MergedStep {
    step: OrchestrationStep,
    at: (usize, String),
    exchanges_at: (usize, String),
    selections_at: (usize, String),
}

fn has_protocol(
    profiles: &HashMap<String, Vec<&TechnicalProfile>>,
    key: &str,
    seen: &mut Vec<String>,
) -> bool {
    if seen.iter().any(|s| s == key) {
        return false;
    }
    seen.push(key.to_owned());
    let Some(decls) = profiles.get(key) else {
        return false;
    };
    if decls.iter().any(|d| d.protocol.is_some()) {
        return true;
    }
    decls
        .iter()
        .filter_map(|d| d.include_technical_profile.as_ref())
        .any(|inc| has_protocol(profiles, &lc(inc.reference.id()), seen))
}

/// Merges a child's restatement of a step into the base's step: the type
/// is the child's; attributes and lists the child sets replace the base's.
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

/// Checks a policy set: every file with its inheritance chain.
pub fn check_set(files: &[Imported]) -> Report {
    let mut c = Checker {
        files,
        indexes: files.iter().map(index).collect(),
        by_policy: HashMap::new(),
        chains: Vec::new(),
        complete: Vec::new(),
        out: Vec::new(),
    };
    c.resolve_chains();
    c.header_rules();
    c.id_rules();
    c.duplicates();
    c.profile_rules();
    c.references();
    c.claim_rules();
    c.transform_rules();
    c.protocol_rules();
    c.journey_rules();
    c.placeholders();
    let resolved = crate::resolve::resolve_leaves(files);
    c.out.extend(super::flow::check(files, &resolved));
    let mut diagnostics = c.out;
    diagnostics.sort();
    diagnostics.dedup();
    Report { diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_str;

    const HEAD: &str = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T">"#;

    fn check_one(body: &str) -> Report {
        let xml = format!("{HEAD}{body}</TrustFrameworkPolicy>");
        let file = import_str(&xml, "T.xml").expect("imports");
        check_set(&[file])
    }

    fn errors(r: &Report) -> Vec<(&str, Option<&str>)> {
        r.errors().map(|d| (d.code, d.id.as_deref())).collect()
    }

    #[test]
    fn policy_id_follows_the_xsd_type() {
        for ok in ["B2C_1A_signup_signin", "a", "B2C_1A.v2_x", "-", "a.b-c_d"] {
            assert_eq!(xsd_flaw(ok, XsdId::PolicyId), None, "{ok}");
        }
        for (bad, why) in [
            ("", "is empty"),
            ("B2C_1A_x.", "ends with `.`"),
            (".", "ends with `.`"),
            ("B2C_1A x", "contains a space"),
            ("B2C_1A_x\t", "contains a tab"),
            ("B2C_1A_{x", "contains `{`"),
            ("B2C_1A_{}", "contains `{`, `}`"),
            ("B2C_1A_é", "contains `é`"),
        ] {
            let flaw = xsd_flaw(bad, XsdId::PolicyId).unwrap_or_default();
            assert!(flaw.starts_with(why), "{bad:?}: {flaw}");
        }
        // RerouteRule/@PolicyId is PolicyIdPattern: braces are allowed.
        assert_eq!(xsd_flaw("B2C_1A_{}", XsdId::PolicyIdPattern), None);
        assert!(xsd_flaw("B2C_1A_x.", XsdId::PolicyIdPattern).is_some());
    }

    #[test]
    fn tenant_id_follows_the_xsd_type() {
        for ok in ["contoso.onmicrosoft.com", "abc", &"a".repeat(63)] {
            assert_eq!(xsd_flaw(ok, XsdId::TenantId), None, "{ok}");
        }
        for bad in [
            "ab",
            &"a".repeat(64),
            "contoso-dev.onmicrosoft.com",
            "contoso_dev.onmicrosoft.com",
            "contoso.onmicrosoft.com ",
            "",
        ] {
            assert!(xsd_flaw(bad, XsdId::TenantId).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn placeholders_are_checked_around() {
        assert_eq!(
            mask_placeholders("{Settings:Tenant}.onmicrosoft.com"),
            ("x.onmicrosoft.com".to_owned(), true)
        );
        assert_eq!(mask_placeholders("{{ tenantId }}"), ("x".to_owned(), true));
        assert_eq!(mask_placeholders("a{b"), ("a{b".to_owned(), false));
        assert_eq!(mask_placeholders("a{}b"), ("a{}b".to_owned(), false));
        assert_eq!(xsd_flaw("{Settings:Tenant}", XsdId::TenantId), None);
        assert_eq!(xsd_flaw("{{ tenantId }}", XsdId::TenantId), None);
        assert_eq!(
            xsd_flaw("B2C_1A_{Settings:Env}_Base", XsdId::PolicyId),
            None
        );
        // Outside the placeholder the type still holds.
        assert!(xsd_flaw("B2C_1A_{Settings:Env}.", XsdId::PolicyId).is_some());
        assert!(xsd_flaw("{Settings:Tenant}-x", XsdId::TenantId).is_some());
    }

    #[test]
    fn id_flaws() {
        assert_eq!(id_flaw("email"), None);
        assert_eq!(id_flaw(""), Some("is empty"));
        assert_eq!(id_flaw(" email"), Some("starts with whitespace"));
        assert_eq!(id_flaw("email\u{a0}"), Some("ends with whitespace"));
        assert_eq!(id_flaw("e mail"), Some("contains whitespace"));
    }

    #[test]
    fn reroute_rule_policy_id_is_p007() {
        let r = check_one(
            r#"<PolicyConstraints><RerouteRules Type="Weighted"><RerouteRule PolicyId="B2C_1A_{Env}" /><RerouteRule PolicyId="B2C_1A_x." /></RerouteRules></PolicyConstraints>"#,
        );
        assert_eq!(errors(&r), vec![("P007", Some("B2C_1A_x."))]);
        let d = r.errors().next().expect("one error");
        assert!(d.message.contains("RerouteRule"), "{}", d.message);
        assert_eq!(d.pos.map(|p| p.line), Some(1));
    }

    #[test]
    fn authorization_profile_twice_is_d001() {
        let r = check_one(
            r#"<ClaimsProviders><ClaimsProvider><TechnicalProfiles><TechnicalProfile Id="A"><Protocol Name="None" /></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>
<UserJourneys><UserJourney Id="J"><Authorization><AuthorizationTechnicalProfiles><AuthorizationTechnicalProfile ReferenceId="A" /><AuthorizationTechnicalProfile ReferenceId="a" /></AuthorizationTechnicalProfiles></Authorization></UserJourney></UserJourneys>"#,
        );
        assert_eq!(errors(&r), vec![("D001", Some("a"))]);
        let d = r.errors().next().expect("one error");
        assert!(d.message.contains("user journey `J`"), "{}", d.message);
        assert!(d.message.contains("ignoring case"), "{}", d.message);
    }

    #[test]
    fn document_references_twice_is_d001_and_empty_ids_are_i001_once() {
        let r = check_one(
            r#"<DocumentReferences><DocumentReference Id="d"><DisplayName>x</DisplayName><Url>http://x</Url></DocumentReference><DocumentReference Id="d"><DisplayName>x</DisplayName><Url>http://x</Url></DocumentReference></DocumentReferences>
<BuildingBlocks><ClaimsSchema><ClaimType Id=""><DataType>string</DataType></ClaimType><ClaimType Id=""><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>"#,
        );
        // Two empty ids are two I001s, not also a D001.
        assert_eq!(
            errors(&r),
            vec![("D001", Some("d")), ("I001", Some("")), ("I001", Some(""))]
        );
    }

    #[test]
    fn a_diagnostic_displays_as_one_located_line_with_its_help() {
        let d = Diagnostic {
            file: "Base.xml".into(),
            pos: Some(Pos { line: 3, column: 7 }),
            code: "I001",
            severity: Severity::Error,
            message: "claim type id is empty".into(),
            help: Some("give it an id".into()),
            id: Some(String::new()),
            origins: Vec::new(),
        };
        assert_eq!(
            d.to_string(),
            "Base.xml:3:7: error[I001]: claim type id is empty\n  = help: give it an id"
        );
        let w = Diagnostic {
            pos: None,
            severity: Severity::Warning,
            help: None,
            ..d
        };
        assert_eq!(
            w.to_string(),
            "Base.xml: warning[I001]: claim type id is empty"
        );
    }
}
