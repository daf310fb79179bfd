//! What one policy file defines and references, with the source-map path
//! of each, so that the set checker can resolve references along the
//! inheritance chain and point at the right line.

use std::sync::Arc;

use crate::import::Imported;

/// `format!` into a string made large enough at once for the paths and
/// words of the index (`format!` starts an argument-led string empty and
/// grows it four or five times). 176 bytes hold the longest paths of the
/// starter pack (a `From` of an output claim of a profile, about 150).
macro_rules! text {
    ($($arg:tt)*) => {{
        let mut s = String::with_capacity(176);
        // Writing into a `String` does not fail.
        let _ = std::fmt::Write::write_fmt(&mut s, format_args!($($arg)*));
        s
    }};
}
use crate::policy::TrustFrameworkPolicy;
use crate::providers::TechnicalProfile;

/// The kinds of referenced elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    /// `ClaimType`.
    Claim,
    /// `ClaimsTransformation`.
    Transform,
    /// `TechnicalProfile`.
    Profile,
    /// `ContentDefinition`.
    ContentDefinition,
    /// `UserJourney`.
    Journey,
    /// `SubJourney`.
    SubJourney,
    /// `DisplayControl`.
    DisplayControl,
    /// `Predicate`.
    Predicate,
    /// `PredicateValidation`.
    PredicateValidation,
    /// `InputValidation`.
    InputValidation,
    /// `LocalizedResources`.
    LocalizedResources,
    /// `ClientDefinition`.
    ClientDefinition,
}

impl RefKind {
    /// Every kind.
    pub const ALL: [RefKind; 12] = [
        RefKind::Claim,
        RefKind::Transform,
        RefKind::Profile,
        RefKind::ContentDefinition,
        RefKind::Journey,
        RefKind::SubJourney,
        RefKind::DisplayControl,
        RefKind::Predicate,
        RefKind::PredicateValidation,
        RefKind::InputValidation,
        RefKind::LocalizedResources,
        RefKind::ClientDefinition,
    ];

    /// The kind in words.
    pub fn words(self) -> &'static str {
        match self {
            RefKind::Claim => "claim type",
            RefKind::Transform => "claims transformation",
            RefKind::Profile => "technical profile",
            RefKind::ContentDefinition => "content definition",
            RefKind::Journey => "user journey",
            RefKind::SubJourney => "sub-journey",
            RefKind::DisplayControl => "display control",
            RefKind::Predicate => "predicate",
            RefKind::PredicateValidation => "predicate validation",
            RefKind::InputValidation => "input validation",
            RefKind::LocalizedResources => "localized resources",
            RefKind::ClientDefinition => "client definition",
        }
    }

    /// The stable code of "unresolved reference of this kind".
    pub fn unresolved_code(self) -> &'static str {
        match self {
            RefKind::Claim => "R001",
            RefKind::Transform => "R002",
            RefKind::Profile => "R003",
            RefKind::ContentDefinition => "R004",
            RefKind::Journey => "R005",
            RefKind::SubJourney => "R006",
            RefKind::DisplayControl => "R007",
            RefKind::Predicate => "R008",
            RefKind::PredicateValidation => "R009",
            RefKind::InputValidation => "R010",
            RefKind::LocalizedResources => "R011",
            RefKind::ClientDefinition => "R012",
        }
    }
}

/// A definition: an element with an `Id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Def {
    /// The kind.
    pub kind: RefKind,
    /// The id as written.
    pub id: String,
    /// The source-map path of the element.
    pub path: String,
}

/// A reference to an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The kind it must resolve to.
    pub kind: RefKind,
    /// The id as written.
    pub id: String,
    /// The source-map path of the attribute or element holding it.
    pub path: String,
    /// What the reference is, in words (e.g. "the claims exchange `X`").
    pub role: Role,
    /// Whether B2C tolerates it unresolved (localized strings for claim
    /// types the chain does not define): then it is only a warning.
    pub soft: bool,
}

/// What a reference is, in words: "an input claim of technical profile
/// `X`". The common form, a part of a named element, shares the element's
/// name (made once per element) instead of writing a string per reference;
/// the words are put together only when a finding shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    what: std::borrow::Cow<'static, str>,
    of: Option<Arc<str>>,
}

impl Role {
    /// `what` of `whole` ("an input claim" of "technical profile `X`").
    pub fn of(what: &'static str, whole: &Arc<str>) -> Role {
        Role {
            what: what.into(),
            of: Some(whole.clone()),
        }
    }
}

impl From<String> for Role {
    fn from(what: String) -> Role {
        Role {
            what: what.into(),
            of: None,
        }
    }
}

impl From<&'static str> for Role {
    fn from(what: &'static str) -> Role {
        Role {
            what: what.into(),
            of: None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.of {
            Some(of) => write!(f, "{} of {of}", self.what),
            None => f.write_str(&self.what),
        }
    }
}

/// What one file defines and references.
#[derive(Debug, Clone, Default)]
pub struct FileIndex {
    /// Definitions, in document order.
    pub defs: Vec<Def>,
    /// References, in document order.
    pub refs: Vec<Ref>,
    /// Uses of an id that B2C reads at run time but that are not checked
    /// as references here (what they name need not resolve for the upload
    /// to pass, as far as is known): `{Claim:id}` resolvers in default
    /// values, metadata values, `LoadUri` and content-definition
    /// parameters; metadata items whose key names a claim type
    /// (`ClaimUsedForRequestPayload`, `UseClaimAsBearerToken`,
    /// `IpAddressClaimReferenceId`, …), a journey
    /// (`RefreshTokenUserJourneyId`) or a technical profile;
    /// `SubjectNamingInfo@ClaimType`; `IncludeClaimsFromTechnicalProfile`
    /// (T007 checks it). The unresolved-reference rules do not read them;
    /// the unused-element rules (H001–H009) count them as uses. In
    /// document order.
    pub uses: Vec<Ref>,
}

struct Builder {
    idx: FileIndex,
}

impl Builder {
    fn def(&mut self, kind: RefKind, id: &str, path: String) {
        self.idx.defs.push(Def {
            kind,
            id: id.to_owned(),
            path,
        });
    }

    fn r#ref(&mut self, kind: RefKind, id: &str, path: String, role: impl Into<Role>) {
        self.idx.refs.push(Ref {
            kind,
            id: id.to_owned(),
            path,
            role: role.into(),
            soft: false,
        });
    }

    fn soft_ref(&mut self, kind: RefKind, id: &str, path: String, role: impl Into<Role>) {
        self.r#ref(kind, id, path, role);
        if let Some(last) = self.idx.refs.last_mut() {
            last.soft = true;
        }
    }

    fn r#use(&mut self, kind: RefKind, id: &str, path: String, role: impl Into<Role>) {
        self.idx.uses.push(Ref {
            kind,
            id: id.to_owned(),
            path,
            role: role.into(),
            soft: true,
        });
    }

    /// The `{Claim:id}` resolvers of `value` as uses, at `path`.
    fn resolvers(&mut self, value: Option<&str>, path: impl Fn() -> String, who: &Arc<str>) {
        for id in value.into_iter().flat_map(claim_resolvers) {
            self.r#use(
                RefKind::Claim,
                id,
                path(),
                text!("a `{{Claim:{id}}}` resolver of {who}"),
            );
        }
    }

    /// What [`FileIndex::uses`] lists of a technical profile.
    fn profile_uses(&mut self, tp: &TechnicalProfile, base: &str, who: &Arc<str>) {
        for (list, values) in [
            (
                "InputClaims/InputClaim",
                tp.input_claims
                    .iter()
                    .map(|c| c.default_value.as_deref())
                    .collect::<Vec<_>>(),
            ),
            (
                "OutputClaims/OutputClaim",
                tp.output_claims
                    .iter()
                    .map(|c| c.default_value.as_deref())
                    .collect(),
            ),
            (
                "PersistedClaims/PersistedClaim",
                tp.persisted_claims
                    .iter()
                    .map(|c| c.default_value.as_deref())
                    .collect(),
            ),
        ] {
            for (n, v) in values.into_iter().enumerate() {
                self.resolvers(v, || text!("{base}/{list}[{n}]@DefaultValue"), who);
            }
        }
        for (n, item) in tp.metadata.iter().enumerate() {
            let path = || text!("{base}/Metadata/Item[{n}]");
            if let Some(kind) = metadata_use(&item.key, &item.value) {
                self.r#use(
                    kind,
                    item.value.trim(),
                    path(),
                    text!("the metadata item `{}` of {who}", item.key),
                );
            }
            self.resolvers(Some(&item.value), path, who);
        }
        if let Some(sni) = &tp.subject_naming_info {
            let claim = sni.claim_type.trim();
            if !claim.is_empty() {
                self.r#use(
                    RefKind::Claim,
                    claim,
                    text!("{base}/SubjectNamingInfo[0]@ClaimType"),
                    Role::of("the `SubjectNamingInfo`", who),
                );
            }
        }
        if let Some(inc) = &tp.include_claims_from_technical_profile {
            self.r#use(
                RefKind::Profile,
                inc.id(),
                text!("{base}/IncludeClaimsFromTechnicalProfile[0]"),
                Role::of("the IncludeClaimsFromTechnicalProfile", who),
            );
        }
    }

    fn profile(&mut self, tp: &TechnicalProfile, base: &str) {
        let who: Arc<str> = text!("technical profile `{}`", tp.id).into();
        self.profile_uses(tp, base, &who);
        for (n, c) in tp.input_claims.iter().enumerate() {
            self.r#ref(
                RefKind::Claim,
                c.claim.id(),
                text!("{base}/InputClaims/InputClaim[{n}]@ClaimTypeReferenceId"),
                Role::of("an input claim", &who),
            );
        }
        for (n, c) in tp.display_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                self.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    text!("{base}/DisplayClaims/DisplayClaim[{n}]@ClaimTypeReferenceId"),
                    Role::of("a display claim", &who),
                );
            }
            if let Some(dc) = &c.display_control {
                self.r#ref(
                    RefKind::DisplayControl,
                    dc.id(),
                    text!("{base}/DisplayClaims/DisplayClaim[{n}]@DisplayControlReferenceId"),
                    Role::of("a display claim", &who),
                );
            }
        }
        for (n, c) in tp.persisted_claims.iter().enumerate() {
            self.r#ref(
                RefKind::Claim,
                c.claim.id(),
                text!("{base}/PersistedClaims/PersistedClaim[{n}]@ClaimTypeReferenceId"),
                Role::of("a persisted claim", &who),
            );
        }
        for (n, c) in tp.output_claims.iter().enumerate() {
            self.r#ref(
                RefKind::Claim,
                c.claim.id(),
                text!("{base}/OutputClaims/OutputClaim[{n}]@ClaimTypeReferenceId"),
                Role::of("an output claim", &who),
            );
            for (f, from) in c.from.iter().enumerate() {
                self.r#ref(
                    RefKind::Profile,
                    from.profile.id(),
                    text!("{base}/OutputClaims/OutputClaim[{n}]/From[{f}]@TechnicalProfileReferenceId"),
                    Role::of("a `From`", &who),
                );
            }
        }
        for (n, t) in tp.input_claims_transformations.iter().enumerate() {
            self.r#ref(
                RefKind::Transform,
                t.reference.id(),
                text!(
                    "{base}/InputClaimsTransformations/InputClaimsTransformation[{n}]@ReferenceId"
                ),
                Role::of("an input claims transformation", &who),
            );
        }
        for (n, t) in tp.output_claims_transformations.iter().enumerate() {
            self.r#ref(
                RefKind::Transform,
                t.reference.id(),
                text!("{base}/OutputClaimsTransformations/OutputClaimsTransformation[{n}]@ReferenceId"),
                Role::of("an output claims transformation", &who),
            );
        }
        for (n, v) in tp.validation_technical_profiles.iter().enumerate() {
            let vbase = text!("{base}/ValidationTechnicalProfiles/ValidationTechnicalProfile[{n}]");
            self.r#ref(
                RefKind::Profile,
                v.reference.id(),
                text!("{vbase}@ReferenceId"),
                Role::of("a validation technical profile", &who),
            );
            for (p, pre) in v.preconditions.iter().enumerate() {
                if let Some(claim) = pre.values.first() {
                    self.r#ref(
                        RefKind::Claim,
                        claim,
                        text!("{vbase}/Preconditions/Precondition[{p}]/Value[0]"),
                        Role::of("a precondition", &who),
                    );
                }
            }
        }
        for (n, s) in tp.input_token_sources.iter().enumerate() {
            self.r#ref(
                RefKind::Profile,
                s.id.id(),
                text!("{base}/InputTokenSources/TechnicalProfile[{n}]@Id"),
                Role::of("an input token source", &who),
            );
        }
        if let Some(inc) = &tp.include_technical_profile {
            self.r#ref(
                RefKind::Profile,
                inc.reference.id(),
                text!("{base}/IncludeTechnicalProfile[0]@ReferenceId"),
                Role::of("the IncludeTechnicalProfile", &who),
            );
        }
        if let Some(sm) = &tp.session_management {
            self.r#ref(
                RefKind::Profile,
                sm.reference.id(),
                text!("{base}/UseTechnicalProfileForSessionManagement[0]@ReferenceId"),
                Role::of("the session manager", &who),
            );
        }
        for (n, item) in tp.metadata.iter().enumerate() {
            let kind = match item.key.as_str() {
                "ContentDefinitionReferenceId" => Some(RefKind::ContentDefinition),
                "ClaimTypeOnWhichToEnable" => Some(RefKind::Claim),
                _ => None,
            };
            if let Some(kind) = kind {
                if !item.value.trim().is_empty() {
                    self.r#ref(
                        kind,
                        item.value.trim(),
                        text!("{base}/Metadata/Item[{n}]"),
                        text!("the metadata item `{}` of {who}", item.key),
                    );
                }
            }
        }
    }
}

/// The kind of element a metadata item names by its value, for the
/// items the index does not hold as references: a key that speaks of a
/// claim (`ClaimUsedForRequestPayload`, `UseClaimAsBearerToken`,
/// `IpAddressClaimReferenceId`, `issuer_refresh_token_user_identity_claim_type`),
/// a journey (`RefreshTokenUserJourneyId`) or a technical profile, with a
/// value that is one word. `ClaimTypeOnWhichToEnable` and
/// `ContentDefinitionReferenceId` are references (see
/// [`Builder::profile`]).
fn metadata_use(key: &str, value: &str) -> Option<RefKind> {
    let key = key.trim();
    if key == "ClaimTypeOnWhichToEnable" || key == "ContentDefinitionReferenceId" {
        return None;
    }
    let value = value.trim();
    if value.is_empty() || value.contains(|c: char| c.is_whitespace() || "{}/:".contains(c)) {
        return None;
    }
    let key = key.to_ascii_lowercase();
    if key.contains("technicalprofile") {
        Some(RefKind::Profile)
    } else if key.contains("journey") {
        Some(RefKind::Journey)
    } else if key.contains("claim") {
        Some(RefKind::Claim)
    } else {
        None
    }
}

/// The ids of the `{Claim:id}` resolvers in `value` (the prefix ignoring
/// ASCII case), as written.
pub fn claim_resolvers(value: &str) -> impl Iterator<Item = &str> {
    value.split('{').skip(1).filter_map(|part| {
        let inner = &part[..part.find('}')?];
        let (prefix, id) = inner.split_once(':')?;
        (prefix.eq_ignore_ascii_case("claim") && !id.trim().is_empty()).then(|| id.trim())
    })
}

fn steps(
    b: &mut Builder,
    steps: &[crate::journeys::OrchestrationStep],
    base: &str,
    who: &Arc<str>,
) {
    for (s, step) in steps.iter().enumerate() {
        let sbase = text!("{base}/OrchestrationSteps/OrchestrationStep[{s}]");
        let at: Arc<str> = text!("step {} of {who}", step.order).into();
        if let Some(cd) = &step.content_definition {
            b.r#ref(
                RefKind::ContentDefinition,
                cd.id(),
                text!("{sbase}@ContentDefinitionReferenceId"),
                Role::of("the content definition", &at),
            );
        }
        if let Some(issuer) = &step.cpim_issuer {
            b.r#ref(
                RefKind::Profile,
                issuer.id(),
                text!("{sbase}@CpimIssuerTechnicalProfileReferenceId"),
                Role::of("the token issuer (CpimIssuer)", &at),
            );
        }
        for (p, pre) in step.preconditions.iter().enumerate() {
            if let Some(claim) = pre.values.first() {
                b.r#ref(
                    RefKind::Claim,
                    claim,
                    text!("{sbase}/Preconditions/Precondition[{p}]/Value[0]"),
                    Role::of("a precondition", &at),
                );
            }
        }
        if let Some(ex) = &step.exchanges {
            for (e, x) in ex.exchanges.iter().enumerate() {
                b.r#ref(
                    RefKind::Profile,
                    x.profile.id(),
                    text!("{sbase}/ClaimsExchanges[0]/ClaimsExchange[{e}]@TechnicalProfileReferenceId"),
                    text!("the claims exchange `{}` of {at}", x.id),
                );
            }
        }
        for (c, cand) in step.journey_list.iter().enumerate() {
            b.r#ref(
                RefKind::SubJourney,
                cand.sub_journey.id(),
                text!("{sbase}/JourneyList/Candidate[{c}]@SubJourneyReferenceId"),
                Role::of("a candidate", &at),
            );
        }
    }
}

/// Builds the index of one imported file.
pub fn index(file: &Imported) -> FileIndex {
    index_policy(&file.policy)
}

/// Builds the index of one policy.
pub fn index_policy(p: &TrustFrameworkPolicy) -> FileIndex {
    let mut b = Builder {
        idx: FileIndex::default(),
    };
    let root = "TrustFrameworkPolicy";
    let bb = &p.building_blocks;
    let bbp = text!("{root}/BuildingBlocks[0]");
    for (i, c) in bb.claims_schema.iter().enumerate() {
        let cp = text!("{bbp}/ClaimsSchema/ClaimType[{i}]");
        b.def(RefKind::Claim, c.id.id(), text!("{cp}@Id"));
        if let Some(iv) = &c.input_validation {
            b.r#ref(
                RefKind::InputValidation,
                iv.id.id(),
                text!("{cp}/InputValidationReference[0]@Id"),
                text!("the input validation of claim type `{}`", c.id),
            );
        }
        if let Some(pv) = &c.predicate_validation {
            b.r#ref(
                RefKind::PredicateValidation,
                pv.id.id(),
                text!("{cp}/PredicateValidationReference[0]@Id"),
                text!("the predicate validation of claim type `{}`", c.id),
            );
        }
    }
    for (i, pr) in bb.predicates.iter().enumerate() {
        b.def(
            RefKind::Predicate,
            pr.id.id(),
            text!("{bbp}/Predicates/Predicate[{i}]@Id"),
        );
    }
    for (i, iv) in bb.input_validations.iter().enumerate() {
        let ip = text!("{bbp}/InputValidations/InputValidation[{i}]");
        b.def(RefKind::InputValidation, iv.id.id(), text!("{ip}@Id"));
        for (g, group) in iv.predicate_references.iter().enumerate() {
            for (r, pr) in group.predicates.iter().enumerate() {
                b.r#ref(
                    RefKind::Predicate,
                    pr.id.id(),
                    text!("{ip}/PredicateReferences[{g}]/PredicateReference[{r}]@Id"),
                    text!("a predicate of input validation `{}`", iv.id),
                );
            }
        }
    }
    for (i, pv) in bb.predicate_validations.iter().enumerate() {
        let vp = text!("{bbp}/PredicateValidations/PredicateValidation[{i}]");
        b.def(RefKind::PredicateValidation, pv.id.id(), text!("{vp}@Id"));
        for (g, group) in pv.groups.iter().enumerate() {
            for (s, set) in group.predicate_references.iter().enumerate() {
                for (r, pr) in set.predicates.iter().enumerate() {
                    b.r#ref(
                        RefKind::Predicate,
                        pr.id.id(),
                        text!("{vp}/PredicateGroups/PredicateGroup[{g}]/PredicateReferences[{s}]/PredicateReference[{r}]@Id"),
                        text!("a predicate of predicate validation `{}`", pv.id),
                    );
                }
            }
        }
    }
    for (i, t) in bb.claims_transformations.iter().enumerate() {
        let tp = text!("{bbp}/ClaimsTransformations/ClaimsTransformation[{i}]");
        b.def(RefKind::Transform, t.id.id(), text!("{tp}@Id"));
        for (n, c) in t.input_claims.iter().enumerate() {
            b.r#ref(
                RefKind::Claim,
                c.claim.id(),
                text!("{tp}/InputClaims/InputClaim[{n}]@ClaimTypeReferenceId"),
                text!("an input claim of claims transformation `{}`", t.id),
            );
        }
        for (n, c) in t.output_claims.iter().enumerate() {
            b.r#ref(
                RefKind::Claim,
                c.claim.id(),
                text!("{tp}/OutputClaims/OutputClaim[{n}]@ClaimTypeReferenceId"),
                text!("an output claim of claims transformation `{}`", t.id),
            );
        }
    }
    for (i, c) in bb.client_definitions.iter().enumerate() {
        b.def(
            RefKind::ClientDefinition,
            c.id.id(),
            text!("{bbp}/ClientDefinitions/ClientDefinition[{i}]@Id"),
        );
    }
    for (i, cd) in bb.content_definitions.iter().enumerate() {
        let cp = text!("{bbp}/ContentDefinitions/ContentDefinition[{i}]");
        b.def(RefKind::ContentDefinition, cd.id.id(), text!("{cp}@Id"));
        b.resolvers(
            cd.load_uri.as_deref(),
            || text!("{cp}/LoadUri[0]"),
            &Arc::from(text!("the `LoadUri` of content definition `{}`", cd.id)),
        );
        if let Some(lrr) = &cd.localized_resources_references {
            for (n, r) in lrr.references.iter().enumerate() {
                if let Some(res) = &r.resources {
                    b.r#ref(
                        RefKind::LocalizedResources,
                        res.id(),
                        text!("{cp}/LocalizedResourcesReferences[0]/LocalizedResourcesReference[{n}]@LocalizedResourcesReferenceId"),
                        text!("a localized resources reference of content definition `{}`", cd.id),
                    );
                }
            }
        }
    }
    if let Some(loc) = &bb.localization {
        for (i, res) in loc.resources.iter().enumerate() {
            let rp = text!("{bbp}/Localization[0]/LocalizedResources[{i}]");
            if let Some(id) = &res.id {
                b.def(RefKind::LocalizedResources, id.id(), text!("{rp}@Id"));
            }
            for (n, s) in res.strings.iter().enumerate() {
                if s.element_type == "ClaimType" {
                    if let Some(el) = &s.element_id {
                        b.soft_ref(
                            RefKind::Claim,
                            el,
                            text!("{rp}/LocalizedStrings/LocalizedString[{n}]@ElementId"),
                            "a localized string",
                        );
                    }
                }
            }
            for (n, c) in res.collections.iter().enumerate() {
                if c.element_type == "ClaimType" {
                    b.soft_ref(
                        RefKind::Claim,
                        &c.element_id,
                        text!("{rp}/LocalizedCollections/LocalizedCollection[{n}]@ElementId"),
                        "a localized collection",
                    );
                }
            }
        }
    }
    for (i, dc) in bb.display_controls.iter().enumerate() {
        let dp = text!("{bbp}/DisplayControls/DisplayControl[{i}]");
        b.def(RefKind::DisplayControl, dc.id.id(), text!("{dp}@Id"));
        let who: Arc<str> = text!("display control `{}`", dc.id).into();
        for (list, claims) in [
            ("InputClaims/InputClaim", &dc.input_claims),
            ("OutputClaims/OutputClaim", &dc.output_claims),
        ] {
            for (n, c) in claims.iter().enumerate() {
                b.resolvers(
                    c.default_value.as_deref(),
                    || text!("{dp}/{list}[{n}]@DefaultValue"),
                    &who,
                );
            }
        }
        for (n, c) in dc.input_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                b.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    text!("{dp}/InputClaims/InputClaim[{n}]@ClaimTypeReferenceId"),
                    Role::of("an input claim", &who),
                );
            }
        }
        for (n, c) in dc.display_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                b.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    text!("{dp}/DisplayClaims/DisplayClaim[{n}]@ClaimTypeReferenceId"),
                    Role::of("a display claim", &who),
                );
            }
        }
        for (n, c) in dc.output_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                b.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    text!("{dp}/OutputClaims/OutputClaim[{n}]@ClaimTypeReferenceId"),
                    Role::of("an output claim", &who),
                );
            }
        }
        for (a, action) in dc.actions.iter().enumerate() {
            for (v, vp) in action.profiles.iter().enumerate() {
                let vbase = text!("{dp}/Actions/Action[{a}]/ValidationClaimsExchange/ValidationClaimsExchangeTechnicalProfile[{v}]");
                b.r#ref(
                    RefKind::Profile,
                    vp.profile.id(),
                    text!("{vbase}@TechnicalProfileReferenceId"),
                    text!("the action `{}` of {who}", action.id),
                );
                for (p, pre) in vp.preconditions.iter().enumerate() {
                    if let Some(claim) = pre.values.first() {
                        b.r#ref(
                            RefKind::Claim,
                            claim,
                            text!("{vbase}/Preconditions/Precondition[{p}]/Value[0]"),
                            text!("a precondition of the action `{}` of {who}", action.id),
                        );
                    }
                }
            }
        }
    }
    for (j, cp) in p.claims_providers.iter().enumerate() {
        for (k, tp) in cp.technical_profiles.iter().enumerate() {
            let base = text!("{root}/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]");
            b.def(RefKind::Profile, tp.id.id(), text!("{base}@Id"));
            b.profile(tp, &base);
        }
    }
    for (j, journey) in p.user_journeys.iter().enumerate() {
        let base = text!("{root}/UserJourneys/UserJourney[{j}]");
        b.def(RefKind::Journey, journey.id.id(), text!("{base}@Id"));
        let who: Arc<str> = text!("user journey `{}`", journey.id).into();
        if let Some(issuer) = &journey.default_cpim_issuer {
            b.r#ref(
                RefKind::Profile,
                issuer.id(),
                text!("{base}@DefaultCpimIssuerTechnicalProfileReferenceId"),
                Role::of("the default token issuer", &who),
            );
        }
        if let Some(cd) = journey
            .client_definition
            .as_ref()
            .and_then(|c| c.reference.as_ref())
        {
            b.r#ref(
                RefKind::ClientDefinition,
                cd.id(),
                text!("{base}/ClientDefinition[0]@ReferenceId"),
                Role::of("the client definition", &who),
            );
        }
        if let Some(auth) = &journey.authorization {
            for (n, a) in auth.profiles.iter().enumerate() {
                b.r#ref(
                    RefKind::Profile,
                    a.reference.id(),
                    text!("{base}/Authorization[0]/AuthorizationTechnicalProfiles/AuthorizationTechnicalProfile[{n}]@ReferenceId"),
                    Role::of("an authorization profile", &who),
                );
            }
        }
        steps(&mut b, &journey.steps, &base, &who);
    }
    for (j, sub) in p.sub_journeys.iter().enumerate() {
        let base = text!("{root}/SubJourneys/SubJourney[{j}]");
        b.def(RefKind::SubJourney, sub.id.id(), text!("{base}@Id"));
        steps(
            &mut b,
            &sub.steps,
            &base,
            &Arc::from(text!("sub-journey `{}`", sub.id)),
        );
    }
    if let Some(rp) = &p.relying_party {
        let base = text!("{root}/RelyingParty[0]");
        if let Some(dj) = &rp.default_user_journey {
            b.r#ref(
                RefKind::Journey,
                dj.reference.id(),
                text!("{base}/DefaultUserJourney[0]@ReferenceId"),
                "the relying party's default user journey",
            );
        }
        for (n, e) in rp.endpoints.iter().enumerate() {
            b.r#ref(
                RefKind::Journey,
                e.journey.id(),
                text!("{base}/Endpoints/Endpoint[{n}]@UserJourneyReferenceId"),
                text!("the journey of endpoint `{}`", e.id),
            );
        }
        for (k, tp) in rp.technical_profiles.iter().enumerate() {
            let tbase = text!("{base}/TechnicalProfile[{k}]");
            b.profile(tp, &tbase);
        }
        let parameters = rp
            .user_journey_behaviors
            .iter()
            .flat_map(|u| u.content_definition_parameters.iter());
        for (n, par) in parameters.enumerate() {
            b.resolvers(
                Some(&par.value),
                || {
                    text!(
                        "{base}/UserJourneyBehaviors[0]/ContentDefinitionParameters/Parameter[{n}]"
                    )
                },
                &Arc::from("a content-definition parameter of the relying party"),
            );
        }
    }
    b.idx
}

#[cfg(test)]
mod tests {
    use super::{claim_resolvers, metadata_use, RefKind, Role};
    use std::sync::Arc;

    #[test]
    fn claim_resolvers_are_read_ignoring_the_prefix_case() {
        let ids: Vec<&str> =
            claim_resolvers("a{Claim:x}b{claim: y }{OIDC:z}{Claim:}{Claim:w").collect();
        assert_eq!(ids, ["x", "y"]);
    }

    #[test]
    fn metadata_keys_that_name_an_element_are_uses() {
        assert_eq!(
            metadata_use("ClaimUsedForRequestPayload", " body "),
            Some(RefKind::Claim)
        );
        assert_eq!(
            metadata_use("issuer_refresh_token_user_identity_claim_type", "objectId"),
            Some(RefKind::Claim)
        );
        assert_eq!(
            metadata_use("RefreshTokenUserJourneyId", "RedeemRefreshToken"),
            Some(RefKind::Journey)
        );
        // References already, values that are not one id, other keys.
        assert_eq!(metadata_use("ClaimTypeOnWhichToEnable", "x"), None);
        assert_eq!(metadata_use("ClaimsEndpoint", "https://x/me"), None);
        assert_eq!(
            metadata_use("UserMessageIfClaimsPrincipalDoesNotExist", "No account"),
            None
        );
        assert_eq!(metadata_use("scope", "email"), None);
    }

    #[test]
    fn a_role_reads_as_the_words_it_was_made_of() {
        let tp: Arc<str> = Arc::from("technical profile `Login`");
        let role = Role::of("an input claim", &tp);
        assert_eq!(
            role.to_string(),
            "an input claim of technical profile `Login`"
        );
        assert_eq!(
            format!("it is {role}, and more"),
            "it is an input claim of technical profile `Login`, and more"
        );
        assert_eq!(
            Role::from("a localized string").to_string(),
            "a localized string"
        );
        assert_eq!(
            Role::from(format!("the metadata item `{}` of {tp}", "Key")).to_string(),
            "the metadata item `Key` of technical profile `Login`"
        );
    }
}
