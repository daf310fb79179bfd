//! What one policy file defines and references, with the source-map path
//! of each, so that the set checker can resolve references along the
//! inheritance chain and point at the right line.

use std::sync::Arc;

use crate::import::Imported;

/// `format!` into a string made large enough at once for the words of
/// the index (a role such as "the metadata item `Key` of technical profile
/// `Id`"; `format!` starts an argument-led string empty and grows it
/// three or four times). The paths are `SourcePath`s, not text.
macro_rules! text {
    ($($arg:tt)*) => {{
        let mut s = String::with_capacity(96);
        // Writing into a `String` does not fail.
        let _ = std::fmt::Write::write_fmt(&mut s, format_args!($($arg)*));
        s
    }};
}
use crate::policy::TrustFrameworkPolicy;
use crate::providers::TechnicalProfile;
use crate::resolve::{idx as ix, SourcePath};

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
    pub path: SourcePath,
}

/// A reference to an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The kind it must resolve to.
    pub kind: RefKind,
    /// The id as written.
    pub id: String,
    /// The source-map path of the attribute or element holding it.
    pub path: SourcePath,
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
    fn def(&mut self, kind: RefKind, id: &str, path: SourcePath) {
        self.idx.defs.push(Def {
            kind,
            id: id.to_owned(),
            path,
        });
    }

    fn r#ref(&mut self, kind: RefKind, id: &str, path: SourcePath, role: impl Into<Role>) {
        self.idx.refs.push(Ref {
            kind,
            id: id.to_owned(),
            path,
            role: role.into(),
            soft: false,
        });
    }

    fn soft_ref(&mut self, kind: RefKind, id: &str, path: SourcePath, role: impl Into<Role>) {
        self.r#ref(kind, id, path, role);
        if let Some(last) = self.idx.refs.last_mut() {
            last.soft = true;
        }
    }

    fn r#use(&mut self, kind: RefKind, id: &str, path: SourcePath, role: impl Into<Role>) {
        self.idx.uses.push(Ref {
            kind,
            id: id.to_owned(),
            path,
            role: role.into(),
            soft: true,
        });
    }

    /// The `{Claim:id}` resolvers of `value` as uses, at `path`.
    fn resolvers(&mut self, value: Option<&str>, path: SourcePath, who: &Arc<str>) {
        for id in value.into_iter().flat_map(claim_resolvers) {
            self.r#use(
                RefKind::Claim,
                id,
                path,
                text!("a `{{Claim:{id}}}` resolver of {who}"),
            );
        }
    }

    /// What [`FileIndex::uses`] lists of a technical profile.
    fn profile_uses(&mut self, tp: &TechnicalProfile, base: SourcePath, who: &Arc<str>) {
        for (list, values) in [
            (
                "/InputClaims/InputClaim[#]@DefaultValue",
                tp.input_claims
                    .iter()
                    .map(|c| c.default_value.as_deref())
                    .collect::<Vec<_>>(),
            ),
            (
                "/OutputClaims/OutputClaim[#]@DefaultValue",
                tp.output_claims
                    .iter()
                    .map(|c| c.default_value.as_deref())
                    .collect(),
            ),
            (
                "/PersistedClaims/PersistedClaim[#]@DefaultValue",
                tp.persisted_claims
                    .iter()
                    .map(|c| c.default_value.as_deref())
                    .collect(),
            ),
        ] {
            for (k, v) in values.into_iter().enumerate() {
                self.resolvers(v, base.part(list, ix(k)), who);
            }
        }
        for (n, item) in tp.metadata.iter().enumerate() {
            let path = base.part("/Metadata/Item[#]", ix(n));
            if let Some(kind) = metadata_use(&item.key, &item.value) {
                self.r#use(
                    kind,
                    item.value.trim(),
                    path,
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
                    base.parts("/SubjectNamingInfo[0]@ClaimType", &[]),
                    Role::of("the `SubjectNamingInfo`", who),
                );
            }
        }
        if let Some(inc) = &tp.include_claims_from_technical_profile {
            self.r#use(
                RefKind::Profile,
                inc.id(),
                base.parts("/IncludeClaimsFromTechnicalProfile[0]", &[]),
                Role::of("the IncludeClaimsFromTechnicalProfile", who),
            );
        }
    }

    fn profile(&mut self, tp: &TechnicalProfile, base: SourcePath) {
        let who: Arc<str> = text!("technical profile `{}`", tp.id).into();
        self.profile_uses(tp, base, &who);
        for (n, c) in tp.input_claims.iter().enumerate() {
            self.r#ref(
                RefKind::Claim,
                c.claim.id(),
                base.parts("/InputClaims/InputClaim[#]@ClaimTypeReferenceId", &[ix(n)]),
                Role::of("an input claim", &who),
            );
        }
        for (n, c) in tp.display_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                self.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    base.parts(
                        "/DisplayClaims/DisplayClaim[#]@ClaimTypeReferenceId",
                        &[ix(n)],
                    ),
                    Role::of("a display claim", &who),
                );
            }
            if let Some(dc) = &c.display_control {
                self.r#ref(
                    RefKind::DisplayControl,
                    dc.id(),
                    base.parts(
                        "/DisplayClaims/DisplayClaim[#]@DisplayControlReferenceId",
                        &[ix(n)],
                    ),
                    Role::of("a display claim", &who),
                );
            }
        }
        for (n, c) in tp.persisted_claims.iter().enumerate() {
            self.r#ref(
                RefKind::Claim,
                c.claim.id(),
                base.parts(
                    "/PersistedClaims/PersistedClaim[#]@ClaimTypeReferenceId",
                    &[ix(n)],
                ),
                Role::of("a persisted claim", &who),
            );
        }
        for (n, c) in tp.output_claims.iter().enumerate() {
            self.r#ref(
                RefKind::Claim,
                c.claim.id(),
                base.parts(
                    "/OutputClaims/OutputClaim[#]@ClaimTypeReferenceId",
                    &[ix(n)],
                ),
                Role::of("an output claim", &who),
            );
            for (f, from) in c.from.iter().enumerate() {
                self.r#ref(
                    RefKind::Profile,
                    from.profile.id(),
                    base.parts(
                        "/OutputClaims/OutputClaim[#]/From[#]@TechnicalProfileReferenceId",
                        &[ix(n), ix(f)],
                    ),
                    Role::of("a `From`", &who),
                );
            }
        }
        for (n, t) in tp.input_claims_transformations.iter().enumerate() {
            self.r#ref(
                RefKind::Transform,
                t.reference.id(),
                base.part(
                    "/InputClaimsTransformations/InputClaimsTransformation[#]@ReferenceId",
                    ix(n),
                ),
                Role::of("an input claims transformation", &who),
            );
        }
        for (n, t) in tp.output_claims_transformations.iter().enumerate() {
            self.r#ref(
                RefKind::Transform,
                t.reference.id(),
                base.parts(
                    "/OutputClaimsTransformations/OutputClaimsTransformation[#]@ReferenceId",
                    &[ix(n)],
                ),
                Role::of("an output claims transformation", &who),
            );
        }
        for (n, v) in tp.validation_technical_profiles.iter().enumerate() {
            self.r#ref(
                RefKind::Profile,
                v.reference.id(),
                base.parts(
                    "/ValidationTechnicalProfiles/ValidationTechnicalProfile[#]@ReferenceId",
                    &[ix(n)],
                ),
                Role::of("a validation technical profile", &who),
            );
            for (p, pre) in v.preconditions.iter().enumerate() {
                if let Some(claim) = pre.values.first() {
                    self.r#ref(
                        RefKind::Claim,
                        claim,
                        base.parts("/ValidationTechnicalProfiles/ValidationTechnicalProfile[#]/Preconditions/Precondition[#]/Value[0]", &[ix(n), ix(p)]),
                        Role::of("a precondition", &who),
                    );
                }
            }
        }
        for (n, s) in tp.input_token_sources.iter().enumerate() {
            self.r#ref(
                RefKind::Profile,
                s.id.id(),
                base.parts("/InputTokenSources/TechnicalProfile[#]@Id", &[ix(n)]),
                Role::of("an input token source", &who),
            );
        }
        if let Some(inc) = &tp.include_technical_profile {
            self.r#ref(
                RefKind::Profile,
                inc.reference.id(),
                base.parts("/IncludeTechnicalProfile[0]@ReferenceId", &[]),
                Role::of("the IncludeTechnicalProfile", &who),
            );
        }
        if let Some(sm) = &tp.session_management {
            self.r#ref(
                RefKind::Profile,
                sm.reference.id(),
                base.parts(
                    "/UseTechnicalProfileForSessionManagement[0]@ReferenceId",
                    &[],
                ),
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
                        base.parts("/Metadata/Item[#]", &[ix(n)]),
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
    base: SourcePath,
    who: &Arc<str>,
) {
    for (s, step) in steps.iter().enumerate() {
        let at: Arc<str> = text!("step {} of {who}", step.order).into();
        if let Some(cd) = &step.content_definition {
            b.r#ref(
                RefKind::ContentDefinition,
                cd.id(),
                base.parts(
                    "/OrchestrationSteps/OrchestrationStep[#]@ContentDefinitionReferenceId",
                    &[ix(s)],
                ),
                Role::of("the content definition", &at),
            );
        }
        if let Some(issuer) = &step.cpim_issuer {
            b.r#ref(
                RefKind::Profile,
                issuer.id(),
                base.parts("/OrchestrationSteps/OrchestrationStep[#]@CpimIssuerTechnicalProfileReferenceId", &[ix(s)]),
                Role::of("the token issuer (CpimIssuer)", &at),
            );
        }
        for (p, pre) in step.preconditions.iter().enumerate() {
            if let Some(claim) = pre.values.first() {
                b.r#ref(
                    RefKind::Claim,
                    claim,
                    base.parts("/OrchestrationSteps/OrchestrationStep[#]/Preconditions/Precondition[#]/Value[0]", &[ix(s), ix(p)]),
                    Role::of("a precondition", &at),
                );
            }
        }
        if let Some(ex) = &step.exchanges {
            for (e, x) in ex.exchanges.iter().enumerate() {
                b.r#ref(
                    RefKind::Profile,
                    x.profile.id(),
                    base.parts("/OrchestrationSteps/OrchestrationStep[#]/ClaimsExchanges[0]/ClaimsExchange[#]@TechnicalProfileReferenceId", &[ix(s), ix(e)]),
                    text!("the claims exchange `{}` of {at}", x.id),
                );
            }
        }
        for (c, cand) in step.journey_list.iter().enumerate() {
            b.r#ref(
                RefKind::SubJourney,
                cand.sub_journey.id(),
                base.parts("/OrchestrationSteps/OrchestrationStep[#]/JourneyList/Candidate[#]@SubJourneyReferenceId", &[ix(s), ix(c)]),
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
    let bb = &p.building_blocks;
    for (i, c) in bb.claims_schema.iter().enumerate() {
        let cp = SourcePath::new(
            "TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsSchema/ClaimType[#]",
            [ix(i)],
        );
        b.def(RefKind::Claim, c.id.id(), cp.parts("@Id", &[]));
        if let Some(iv) = &c.input_validation {
            b.r#ref(
                RefKind::InputValidation,
                iv.id.id(),
                cp.parts("/InputValidationReference[0]@Id", &[]),
                text!("the input validation of claim type `{}`", c.id),
            );
        }
        if let Some(pv) = &c.predicate_validation {
            b.r#ref(
                RefKind::PredicateValidation,
                pv.id.id(),
                cp.parts("/PredicateValidationReference[0]@Id", &[]),
                text!("the predicate validation of claim type `{}`", c.id),
            );
        }
    }
    for (i, pr) in bb.predicates.iter().enumerate() {
        b.def(
            RefKind::Predicate,
            pr.id.id(),
            SourcePath::new(
                "TrustFrameworkPolicy/BuildingBlocks[0]/Predicates/Predicate[#]",
                [ix(i)],
            )
            .parts("@Id", &[]),
        );
    }
    for (i, iv) in bb.input_validations.iter().enumerate() {
        let ip = SourcePath::new(
            "TrustFrameworkPolicy/BuildingBlocks[0]/InputValidations/InputValidation[#]",
            [ix(i)],
        );
        b.def(RefKind::InputValidation, iv.id.id(), ip.parts("@Id", &[]));
        for (g, group) in iv.predicate_references.iter().enumerate() {
            for (r, pr) in group.predicates.iter().enumerate() {
                b.r#ref(
                    RefKind::Predicate,
                    pr.id.id(),
                    ip.parts(
                        "/PredicateReferences[#]/PredicateReference[#]@Id",
                        &[ix(g), ix(r)],
                    ),
                    text!("a predicate of input validation `{}`", iv.id),
                );
            }
        }
    }
    for (i, pv) in bb.predicate_validations.iter().enumerate() {
        let vp = SourcePath::new(
            "TrustFrameworkPolicy/BuildingBlocks[0]/PredicateValidations/PredicateValidation[#]",
            [ix(i)],
        );
        b.def(
            RefKind::PredicateValidation,
            pv.id.id(),
            vp.parts("@Id", &[]),
        );
        for (g, group) in pv.groups.iter().enumerate() {
            for (s, set) in group.predicate_references.iter().enumerate() {
                for (r, pr) in set.predicates.iter().enumerate() {
                    b.r#ref(
                        RefKind::Predicate,
                        pr.id.id(),
                        vp.parts("/PredicateGroups/PredicateGroup[#]/PredicateReferences[#]/PredicateReference[#]@Id", &[ix(g), ix(s), ix(r)]),
                        text!("a predicate of predicate validation `{}`", pv.id),
                    );
                }
            }
        }
    }
    for (i, t) in bb.claims_transformations.iter().enumerate() {
        let tp = SourcePath::new(
            "TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsTransformations/ClaimsTransformation[#]",
            [ix(i)],
        );
        b.def(RefKind::Transform, t.id.id(), tp.parts("@Id", &[]));
        for (n, c) in t.input_claims.iter().enumerate() {
            b.r#ref(
                RefKind::Claim,
                c.claim.id(),
                tp.parts("/InputClaims/InputClaim[#]@ClaimTypeReferenceId", &[ix(n)]),
                text!("an input claim of claims transformation `{}`", t.id),
            );
        }
        for (n, c) in t.output_claims.iter().enumerate() {
            b.r#ref(
                RefKind::Claim,
                c.claim.id(),
                tp.parts(
                    "/OutputClaims/OutputClaim[#]@ClaimTypeReferenceId",
                    &[ix(n)],
                ),
                text!("an output claim of claims transformation `{}`", t.id),
            );
        }
    }
    for (i, c) in bb.client_definitions.iter().enumerate() {
        b.def(
            RefKind::ClientDefinition,
            c.id.id(),
            SourcePath::new(
                "TrustFrameworkPolicy/BuildingBlocks[0]/ClientDefinitions/ClientDefinition[#]",
                [ix(i)],
            )
            .parts("@Id", &[]),
        );
    }
    for (i, cd) in bb.content_definitions.iter().enumerate() {
        let cp = SourcePath::new(
            "TrustFrameworkPolicy/BuildingBlocks[0]/ContentDefinitions/ContentDefinition[#]",
            [ix(i)],
        );
        b.def(RefKind::ContentDefinition, cd.id.id(), cp.parts("@Id", &[]));
        b.resolvers(
            cd.load_uri.as_deref(),
            cp.parts("/LoadUri[0]", &[]),
            &Arc::from(text!("the `LoadUri` of content definition `{}`", cd.id)),
        );
        if let Some(lrr) = &cd.localized_resources_references {
            for (n, r) in lrr.references.iter().enumerate() {
                if let Some(res) = &r.resources {
                    b.r#ref(
                        RefKind::LocalizedResources,
                        res.id(),
                        cp.parts("/LocalizedResourcesReferences[0]/LocalizedResourcesReference[#]@LocalizedResourcesReferenceId", &[ix(n)]),
                        text!("a localized resources reference of content definition `{}`", cd.id),
                    );
                }
            }
        }
    }
    if let Some(loc) = &bb.localization {
        for (i, res) in loc.resources.iter().enumerate() {
            let rp = SourcePath::new(
                "TrustFrameworkPolicy/BuildingBlocks[0]/Localization[0]/LocalizedResources[#]",
                [ix(i)],
            );
            if let Some(id) = &res.id {
                b.def(RefKind::LocalizedResources, id.id(), rp.parts("@Id", &[]));
            }
            for (n, s) in res.strings.iter().enumerate() {
                if s.element_type == "ClaimType" {
                    if let Some(el) = &s.element_id {
                        b.soft_ref(
                            RefKind::Claim,
                            el,
                            rp.parts("/LocalizedStrings/LocalizedString[#]@ElementId", &[ix(n)]),
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
                        rp.parts(
                            "/LocalizedCollections/LocalizedCollection[#]@ElementId",
                            &[ix(n)],
                        ),
                        "a localized collection",
                    );
                }
            }
        }
    }
    for (i, dc) in bb.display_controls.iter().enumerate() {
        let dp = SourcePath::new(
            "TrustFrameworkPolicy/BuildingBlocks[0]/DisplayControls/DisplayControl[#]",
            [ix(i)],
        );
        b.def(RefKind::DisplayControl, dc.id.id(), dp.parts("@Id", &[]));
        let who: Arc<str> = text!("display control `{}`", dc.id).into();
        for (list, claims) in [
            ("/InputClaims/InputClaim[#]@DefaultValue", &dc.input_claims),
            (
                "/OutputClaims/OutputClaim[#]@DefaultValue",
                &dc.output_claims,
            ),
        ] {
            for (k, c) in claims.iter().enumerate() {
                b.resolvers(c.default_value.as_deref(), dp.part(list, ix(k)), &who);
            }
        }
        for (n, c) in dc.input_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                b.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    dp.parts("/InputClaims/InputClaim[#]@ClaimTypeReferenceId", &[ix(n)]),
                    Role::of("an input claim", &who),
                );
            }
        }
        for (n, c) in dc.display_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                b.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    dp.parts(
                        "/DisplayClaims/DisplayClaim[#]@ClaimTypeReferenceId",
                        &[ix(n)],
                    ),
                    Role::of("a display claim", &who),
                );
            }
        }
        for (n, c) in dc.output_claims.iter().enumerate() {
            if let Some(claim) = &c.claim {
                b.r#ref(
                    RefKind::Claim,
                    claim.id(),
                    dp.parts(
                        "/OutputClaims/OutputClaim[#]@ClaimTypeReferenceId",
                        &[ix(n)],
                    ),
                    Role::of("an output claim", &who),
                );
            }
        }
        for (a, action) in dc.actions.iter().enumerate() {
            for (v, vp) in action.profiles.iter().enumerate() {
                b.r#ref(
                    RefKind::Profile,
                    vp.profile.id(),
                    dp.parts("/Actions/Action[#]/ValidationClaimsExchange/ValidationClaimsExchangeTechnicalProfile[#]@TechnicalProfileReferenceId", &[ix(a), ix(v)]),
                    text!("the action `{}` of {who}", action.id),
                );
                for (p, pre) in vp.preconditions.iter().enumerate() {
                    if let Some(claim) = pre.values.first() {
                        b.r#ref(
                            RefKind::Claim,
                            claim,
                            dp.parts("/Actions/Action[#]/ValidationClaimsExchange/ValidationClaimsExchangeTechnicalProfile[#]/Preconditions/Precondition[#]/Value[0]", &[ix(a), ix(v), ix(p)]),
                            text!("a precondition of the action `{}` of {who}", action.id),
                        );
                    }
                }
            }
        }
    }
    for (j, cp) in p.claims_providers.iter().enumerate() {
        for (k, tp) in cp.technical_profiles.iter().enumerate() {
            let base = SourcePath::new("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[#]/TechnicalProfiles/TechnicalProfile[#]", [ix(j), ix(k)]);
            b.def(RefKind::Profile, tp.id.id(), base.parts("@Id", &[]));
            b.profile(tp, base);
        }
    }
    for (j, journey) in p.user_journeys.iter().enumerate() {
        let base = SourcePath::new("TrustFrameworkPolicy/UserJourneys/UserJourney[#]", [ix(j)]);
        b.def(RefKind::Journey, journey.id.id(), base.parts("@Id", &[]));
        let who: Arc<str> = text!("user journey `{}`", journey.id).into();
        if let Some(issuer) = &journey.default_cpim_issuer {
            b.r#ref(
                RefKind::Profile,
                issuer.id(),
                base.parts("@DefaultCpimIssuerTechnicalProfileReferenceId", &[]),
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
                base.parts("/ClientDefinition[0]@ReferenceId", &[]),
                Role::of("the client definition", &who),
            );
        }
        if let Some(auth) = &journey.authorization {
            for (n, a) in auth.profiles.iter().enumerate() {
                b.r#ref(
                    RefKind::Profile,
                    a.reference.id(),
                    base.parts("/Authorization[0]/AuthorizationTechnicalProfiles/AuthorizationTechnicalProfile[#]@ReferenceId", &[ix(n)]),
                    Role::of("an authorization profile", &who),
                );
            }
        }
        steps(&mut b, &journey.steps, base, &who);
    }
    for (j, sub) in p.sub_journeys.iter().enumerate() {
        let base = SourcePath::new("TrustFrameworkPolicy/SubJourneys/SubJourney[#]", [ix(j)]);
        b.def(RefKind::SubJourney, sub.id.id(), base.parts("@Id", &[]));
        steps(
            &mut b,
            &sub.steps,
            base,
            &Arc::from(text!("sub-journey `{}`", sub.id)),
        );
    }
    if let Some(rp) = &p.relying_party {
        let base = SourcePath::new("TrustFrameworkPolicy/RelyingParty[0]", []);
        if let Some(dj) = &rp.default_user_journey {
            b.r#ref(
                RefKind::Journey,
                dj.reference.id(),
                base.parts("/DefaultUserJourney[0]@ReferenceId", &[]),
                "the relying party's default user journey",
            );
        }
        for (n, e) in rp.endpoints.iter().enumerate() {
            b.r#ref(
                RefKind::Journey,
                e.journey.id(),
                base.parts("/Endpoints/Endpoint[#]@UserJourneyReferenceId", &[ix(n)]),
                text!("the journey of endpoint `{}`", e.id),
            );
        }
        for (k, tp) in rp.technical_profiles.iter().enumerate() {
            let tbase = SourcePath::new(
                "TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[#]",
                [ix(k)],
            );
            b.profile(tp, tbase);
        }
        let parameters = rp
            .user_journey_behaviors
            .iter()
            .flat_map(|u| u.content_definition_parameters.iter());
        for (n, par) in parameters.enumerate() {
            b.resolvers(
                Some(&par.value),
                base.part(
                    "/UserJourneyBehaviors[0]/ContentDefinitionParameters/Parameter[#]",
                    ix(n),
                ),
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
