//! Capacity: what a relying party's journey costs the tenant, and B2C's
//! limits on a policy set.
//!
//! B2C admits at most [`TENANT_REQUESTS_PER_SECOND`] requests a second per
//! tenant. Microsoft's service-limits page counts what a custom policy
//! consumes at the authorize endpoint by the features a user passes
//! through: a self-asserted page 2 requests, a phone-factor page 4, email
//! verification (an output claim with `PartnerClaimType="Verified.Email"`)
//! 2 more, a display control 2 more, a federated identity provider 2
//! ([`Feature`]). A journey's token rate is 200 divided by the requests
//! of the path a user takes.
//!
//! [`journey_capacity`] walks the paths of an effective journey
//! (sub-journeys followed, preconditions decided where the claims of the
//! path decide them and branched on otherwise, each exchange of a step a
//! path of its own) and returns the most and the least expensive path
//! with the charges along each. [`capacity`] does it for every relying
//! party of a set. The path walk knows of each claim what the flow rules
//! (`F003`) know: absent, maybe present (a lenient directory read, what a
//! session manager restores), present, or present with a known value (a
//! `DefaultValue`).
//!
//! ```
//! use ief_dsl::capacity::{capacity, Feature};
//! use ief_dsl::import::import_str;
//!
//! let xml = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
//!     PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_Demo"
//!     PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_Demo">
//!   <ClaimsProviders><ClaimsProvider><DisplayName>Local</DisplayName><TechnicalProfiles>
//!     <TechnicalProfile Id="SignIn">
//!       <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"/>
//!       <OutputClaims><OutputClaim ClaimTypeReferenceId="email" PartnerClaimType="Verified.Email"/></OutputClaims>
//!     </TechnicalProfile>
//!     <TechnicalProfile Id="JwtIssuer">
//!       <Protocol Name="OpenIdConnect"/><OutputTokenFormat>JWT</OutputTokenFormat>
//!     </TechnicalProfile>
//!   </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
//!   <UserJourneys><UserJourney Id="Demo"><OrchestrationSteps>
//!     <OrchestrationStep Order="1" Type="ClaimsExchange">
//!       <ClaimsExchanges><ClaimsExchange Id="Page" TechnicalProfileReferenceId="SignIn"/></ClaimsExchanges>
//!     </OrchestrationStep>
//!     <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer"/>
//!   </OrchestrationSteps></UserJourney></UserJourneys>
//!   <RelyingParty>
//!     <DefaultUserJourney ReferenceId="Demo"/>
//!     <TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect"/></TechnicalProfile>
//!   </RelyingParty>
//! </TrustFrameworkPolicy>"#;
//! let files = vec![import_str(xml, "demo.xml").unwrap()];
//! let table = capacity(&files);
//! let demo = table[0].journey.as_ref().unwrap();
//! // A self-asserted page (2) that verifies an email address (2).
//! assert_eq!(demo.worst.requests(), 4);
//! assert_eq!(demo.worst.charges[1].feature, Feature::EmailVerification);
//! assert_eq!(demo.tokens_per_second(), Some(50.0));
//! ```

use crate::hash::HashMap;
use std::collections::BTreeSet;
use std::fmt;
use std::rc::Rc;

use crate::graph::ProfileKind;
use crate::import::Imported;
use crate::journeys::{
    OrchestrationStep, Precondition, PreconditionAction, PreconditionType, StepType, SubJourneyType,
};
use crate::providers::TechnicalProfile;
use crate::relying_party::RelyingParty;
use crate::resolve::{lc, EffectivePolicy};

/// Requests a second a tenant admits (Microsoft Learn, "Azure AD B2C
/// service limits and restrictions": maximum requests per tenant).
pub const TENANT_REQUESTS_PER_SECOND: u32 = 200;

/// The largest policy file B2C accepts: 1024 KB, read as 1024 × 1024
/// bytes (the reading that refuses nothing B2C might accept).
pub const MAX_POLICY_FILE_BYTES: usize = 1024 * 1024;

/// The most policies (user flows and custom policies together) a tenant
/// holds.
pub const MAX_POLICIES_PER_TENANT: usize = 200;

/// The most levels of inheritance in a custom policy chain (checked by
/// `P003`, not here).
pub const MAX_INHERITANCE_LEVELS: usize = 10;

/// The requests per token above which a journey is reported (H012):
/// twice the heaviest journeys of Microsoft's starter packs (sign-up with
/// MFA: 10), i.e. fewer than 10 tokens a second for the whole tenant.
pub const HEAVY_JOURNEY_REQUESTS: u32 = 20;

/// How many distinct claim states the path walk follows after each step;
/// past that, paths are dropped and the result says so
/// ([`JourneyCapacity::complete`]).
pub const MAX_STATES: usize = 256;

/// How deep sub-journeys are followed.
const MAX_DEPTH: usize = 8;

/// Something a user passes through that consumes requests at the
/// authorize endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// A self-asserted page (`SelfAssertedAttributeProvider`): 2.
    SelfAsserted,
    /// Email verification on a self-asserted page (an output claim with
    /// `PartnerClaimType="Verified.Email"`): 2 more.
    EmailVerification,
    /// A display control on a self-asserted page: 2 more each.
    DisplayControl,
    /// A phone-factor page (`PhoneFactorProtocolProvider`): 4.
    PhoneFactor,
    /// A federated identity provider (OAuth 1, OAuth 2, OpenID Connect,
    /// SAML): 2.
    FederatedProvider,
    /// A `ClaimsProviderSelection` step offering more than one provider:
    /// a page rendered and answered, counted 2 like a self-asserted page
    /// (ief's reading: Microsoft's table has no row for it).
    SelectionPage,
}

impl Feature {
    /// The requests it consumes at the authorize endpoint.
    pub fn requests(self) -> u32 {
        match self {
            Feature::PhoneFactor => 4,
            _ => 2,
        }
    }

    /// A short name for tables.
    pub fn label(self) -> &'static str {
        match self {
            Feature::SelfAsserted => "self-asserted page",
            Feature::EmailVerification => "email verification",
            Feature::DisplayControl => "display control",
            Feature::PhoneFactor => "phone factor",
            Feature::FederatedProvider => "federated provider",
            Feature::SelectionPage => "provider selection page",
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One charge on a path: a feature met at a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The journey or sub-journey of the step.
    pub journey: String,
    /// Whether `journey` is a sub-journey.
    pub sub_journey: bool,
    /// The step's `Order`.
    pub order: i32,
    /// The technical profile that shows the feature (none for a selection
    /// page).
    pub profile: Option<String>,
    /// What is charged.
    pub feature: Feature,
}

impl Charge {
    /// The requests it consumes.
    pub fn requests(&self) -> u32 {
        self.feature.requests()
    }
}

/// The charges of one path through a journey, in the order met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathCost {
    /// Every charge of the path.
    pub charges: Vec<Charge>,
}

impl PathCost {
    /// The requests the path consumes at the authorize endpoint.
    pub fn requests(&self) -> u32 {
        self.charges.iter().map(Charge::requests).sum()
    }

    /// The charges as one line, grouped by step:
    /// `step 2 SignUp: self-asserted page 2 + email verification 2; …`.
    pub fn describe(&self) -> String {
        if self.charges.is_empty() {
            return "no page, no provider".to_owned();
        }
        let mut parts: Vec<String> = Vec::new();
        let mut last: Option<(&str, i32, Option<&str>)> = None;
        for c in &self.charges {
            let key = (c.journey.as_str(), c.order, c.profile.as_deref());
            let item = format!("{} {}", c.feature, c.requests());
            match parts.last_mut() {
                Some(p) if last == Some(key) => {
                    p.push_str(" + ");
                    p.push_str(&item);
                }
                _ => {
                    let who = c
                        .profile
                        .as_deref()
                        .map(|p| format!(" {p}"))
                        .unwrap_or_default();
                    let sub = if c.sub_journey {
                        format!("sub-journey {} ", c.journey)
                    } else {
                        String::new()
                    };
                    parts.push(format!("{sub}step {}{who}: {item}", c.order));
                }
            }
            last = Some(key);
        }
        parts.join("; ")
    }
}

/// What one journey costs: its most and its least expensive path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JourneyCapacity {
    /// The user journey's id.
    pub journey: String,
    /// The path that consumes the most requests.
    pub worst: PathCost,
    /// The path that consumes the fewest.
    pub best: PathCost,
    /// How many distinct ends the walk reached (paths ending in the same
    /// claims state count once).
    pub paths: usize,
    /// Whether every path was followed (false when more than
    /// [`MAX_STATES`] states were met after a step: the worst path found
    /// is then a lower bound).
    pub complete: bool,
}

impl JourneyCapacity {
    /// The tokens a second the tenant can issue if every user takes the
    /// worst path: [`TENANT_REQUESTS_PER_SECOND`] / its requests. `None`
    /// when the path consumes none that this count knows of.
    pub fn tokens_per_second(&self) -> Option<f64> {
        tokens_per_second(self.worst.requests())
    }
}

/// [`TENANT_REQUESTS_PER_SECOND`] / `requests`, `None` for 0.
pub fn tokens_per_second(requests: u32) -> Option<f64> {
    (requests > 0).then(|| f64::from(TENANT_REQUESTS_PER_SECOND) / f64::from(requests))
}

/// One relying party of a set and what its default journey costs.
#[derive(Debug, Clone, PartialEq)]
pub struct RelyingPartyCapacity {
    /// The index of the relying party's file in the set.
    pub index: usize,
    /// The file of the relying party's policy (the leaf of its chain).
    pub file: String,
    /// Whether its chain is whole (a broken chain's journey may miss
    /// steps and profiles its missing bases define).
    pub complete_chain: bool,
    /// Its `PolicyId`.
    pub policy_id: String,
    /// The `DefaultUserJourney` it starts, as written.
    pub journey_id: String,
    /// The journey's cost; `None` when the journey is not defined in the
    /// chain.
    pub journey: Option<JourneyCapacity>,
}

/// The capacity table of a set: each relying party (the leaves of the set
/// with a `DefaultUserJourney`, in the set's order) with the cost of the
/// journey it starts at the authorize endpoint. A token endpoint's journey
/// (`RedeemRefreshToken`) is not counted: it runs at a static endpoint.
pub fn capacity(files: &[Imported]) -> Vec<RelyingPartyCapacity> {
    crate::resolve::resolve_leaves(files)
        .iter()
        .filter_map(|eff| {
            let rp = eff.relying_party()?;
            let journey_id = rp.default_user_journey.as_ref()?.reference.id();
            Some(RelyingPartyCapacity {
                index: eff.file,
                file: files.get(eff.file)?.file.clone(),
                complete_chain: eff.chain.is_complete(),
                policy_id: eff.policy.policy_id.id().to_owned(),
                journey_id: journey_id.to_owned(),
                journey: journey_capacity(eff, Some(rp), journey_id),
            })
        })
        .collect()
}

/// The cost of user journey `journey_id` of `eff` (see the module docs)
/// when `relying_party` starts it (the claims its technical profile may
/// pass in are maybe present at the start); `None` when the journey is not
/// defined.
pub fn journey_capacity(
    eff: &EffectivePolicy,
    relying_party: Option<&RelyingParty>,
    journey_id: &str,
) -> Option<JourneyCapacity> {
    Walker::new(eff).journey(relying_party, journey_id)
}

/// Walks the journeys of one effective policy, keeping what it learned of
/// each technical profile (its features, what it outputs) from one
/// journey to the next: for several relying parties that share their
/// merged elements.
pub struct Walker<'e> {
    eff: &'e EffectivePolicy,
    /// What each profile adds to the claims bag, by lowercase id (`None`
    /// while being made, or for an undefined profile).
    outputs: HashMap<String, Option<Outputs>>,
    /// Each profile's id as written and features, by lowercase id.
    features: HashMap<String, Option<Features>>,
    /// The numbers of lowercase claim ids.
    claims: HashMap<String, u32>,
    /// The numbers of claim values.
    values: HashMap<String, u32>,
    /// No state was dropped in the current journey.
    complete: bool,
}

impl<'e> Walker<'e> {
    /// A walker of `eff`'s journeys.
    pub fn new(eff: &'e EffectivePolicy) -> Self {
        Walker {
            eff,
            outputs: HashMap::default(),
            features: HashMap::default(),
            claims: HashMap::default(),
            values: HashMap::default(),
            complete: true,
        }
    }

    /// [`journey_capacity`] of this walker's policy.
    pub fn journey(
        &mut self,
        relying_party: Option<&RelyingParty>,
        journey_id: &str,
    ) -> Option<JourneyCapacity> {
        let eff = self.eff;
        let journey = eff.user_journey(journey_id)?;
        self.complete = true;
        let mut initial = State::default();
        if let Some(tp) = relying_party.and_then(|rp| rp.technical_profiles.first()) {
            for c in &tp.input_claims {
                let claim = self.claim(c.claim.id());
                initial.insert(claim, Known::Maybe);
            }
        }
        let start = vec![Branch {
            state: initial,
            ..Branch::default()
        }];
        let mut stack = Vec::new();
        let ends = self.steps(journey.id.id(), &journey.steps, start, 0, &mut stack);
        let worst = ends
            .iter()
            .max_by_key(|b| b.worst.requests)
            .map(|b| b.worst.to_path())
            .unwrap_or_default();
        let best = ends
            .iter()
            .min_by_key(|b| b.best.requests)
            .map(|b| b.best.to_path())
            .unwrap_or_default();
        Some(JourneyCapacity {
            journey: journey.id.id().to_owned(),
            worst,
            best,
            paths: ends.len(),
            complete: self.complete,
        })
    }
}

/// What the features of a technical profile (with its includes applied)
/// cost when a step runs it.
pub fn profile_features(tp: &TechnicalProfile) -> Vec<Feature> {
    chain_features(&[tp])
}

/// The kind of a profile given as its include chain (own first), as
/// [`ProfileKind::of`] gives it for the merged profile: a token issuer if
/// any has an output token format and none names a partner to federate
/// with, else by the nearest protocol.
fn chain_kind(chain: &[&TechnicalProfile]) -> ProfileKind {
    if chain.iter().any(|p| p.output_token_format.is_some())
        && !chain.iter().any(|p| crate::graph::names_a_partner(p))
    {
        return ProfileKind::TokenIssuer;
    }
    chain
        .iter()
        .find(|p| p.protocol.is_some())
        .map_or(ProfileKind::ProtocolNotSet, |p| ProfileKind::of(p))
}

/// [`profile_features`] of a profile given as its include chain (own
/// first): what the merged profile has, read without merging it.
fn chain_features(chain: &[&TechnicalProfile]) -> Vec<Feature> {
    match chain_kind(chain) {
        ProfileKind::SelfAsserted => {
            let mut out = vec![Feature::SelfAsserted];
            let outputs = chain.iter().flat_map(|tp| tp.output_claims.iter());
            if outputs.clone().any(|c| {
                c.partner_claim_type
                    .as_deref()
                    .is_some_and(|p| p.trim().eq_ignore_ascii_case("Verified.Email"))
            }) {
                out.push(Feature::EmailVerification);
            }
            let controls: BTreeSet<String> = chain
                .iter()
                .flat_map(|tp| tp.display_claims.iter())
                .filter_map(|d| d.display_control.as_ref())
                .map(|r| lc(r.id()))
                .collect();
            out.extend(controls.iter().map(|_| Feature::DisplayControl));
            out
        }
        ProfileKind::PhoneFactor => vec![Feature::PhoneFactor],
        ProfileKind::OAuth1 | ProfileKind::OAuth2 | ProfileKind::Saml => {
            vec![Feature::FederatedProvider]
        }
        ProfileKind::OpenIdConnect if !chain.iter().any(|tp| is_password_grant(tp)) => {
            vec![Feature::FederatedProvider]
        }
        _ => Vec::new(),
    }
}

/// An OpenID Connect profile that signs in with the resource owner's
/// password (`login-NonInteractive`): a call from B2C, no redirect.
fn is_password_grant(tp: &TechnicalProfile) -> bool {
    let password = |v: &str| v.trim().eq_ignore_ascii_case("password");
    tp.metadata
        .iter()
        .any(|m| m.key.trim().eq_ignore_ascii_case("grant_type") && password(&m.value))
        || tp.input_claims.iter().any(|c| {
            let name = c
                .partner_claim_type
                .as_deref()
                .unwrap_or_else(|| c.claim.id());
            name.eq_ignore_ascii_case("grant_type")
                && c.default_value.as_deref().is_some_and(password)
        })
}

// ---- the path walk ---------------------------------------------------

/// What is known of a claim on a path (claims and values are interned by
/// the walker: numbers, so a state is cheap to copy, compare and hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Known {
    /// Present or absent: not known.
    Maybe,
    /// Present, value unknown.
    Present,
    /// Present with this (interned) value.
    Value(u32),
}

/// The claims on a path: (interned lowercase id, what is known), sorted by
/// id; an id not there is certainly absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct State(Vec<(u32, Known)>);

impl State {
    fn get(&self, claim: u32) -> Option<Known> {
        let i = self.0.binary_search_by_key(&claim, |e| e.0).ok()?;
        Some(self.0[i].1)
    }

    fn insert(&mut self, claim: u32, known: Known) {
        match self.0.binary_search_by_key(&claim, |e| e.0) {
            Ok(i) => self.0[i].1 = known,
            Err(i) => self.0.insert(i, (claim, known)),
        }
    }

    fn remove(&mut self, claim: u32) {
        if let Ok(i) = self.0.binary_search_by_key(&claim, |e| e.0) {
            self.0.remove(i);
        }
    }
}

/// A profile's id as written and its features.
type Features = Rc<(String, Vec<Feature>)>;

/// What a profile adds to the claims bag: `(interned claim, what is known
/// of it)`.
type Outputs = Rc<Vec<(u32, Known)>>;

/// One way through a step: the charges met (and their requests), and what
/// the profile that runs adds to the claims bag.
struct StepOption {
    charges: Rc<Vec<Charge>>,
    requests: u32,
    outputs: Option<Outputs>,
}

/// The charges of a path so far, shared between the paths that split
/// from it: a list linked backwards, one link per step that charged.
#[derive(Debug, Clone, Default)]
struct Trail {
    requests: u32,
    last: Option<Rc<TrailLink>>,
}

#[derive(Debug)]
struct TrailLink {
    charges: Rc<Vec<Charge>>,
    before: Option<Rc<TrailLink>>,
}

impl Trail {
    fn add(&mut self, charges: &Rc<Vec<Charge>>, requests: u32) {
        if charges.is_empty() {
            return;
        }
        self.requests += requests;
        self.last = Some(Rc::new(TrailLink {
            charges: charges.clone(),
            before: self.last.take(),
        }));
    }

    fn to_path(&self) -> PathCost {
        let mut links = Vec::new();
        let mut at = self.last.as_deref();
        while let Some(link) = at {
            links.push(&link.charges);
            at = link.before.as_deref();
        }
        PathCost {
            charges: links.iter().rev().flat_map(|c| c.iter().cloned()).collect(),
        }
    }
}

/// The paths that reach one claims state: the most and the least
/// expensive of them.
#[derive(Debug, Clone, Default)]
struct Branch {
    state: State,
    worst: Trail,
    best: Trail,
    /// A `Transfer` sub-journey ended the journey on this path.
    done: bool,
}

/// Branches after a step, one per claims state (and end flag).
#[derive(Default)]
struct Frontier {
    branches: Vec<Branch>,
    at: HashMap<(State, bool), usize>,
    dropped: bool,
}

impl Frontier {
    fn push(&mut self, b: Branch) {
        let key = (b.state.clone(), b.done);
        if let Some(&i) = self.at.get(&key) {
            let have = &mut self.branches[i];
            if b.worst.requests > have.worst.requests {
                have.worst = b.worst;
            }
            if b.best.requests < have.best.requests {
                have.best = b.best;
            }
        } else if self.branches.len() < MAX_STATES {
            self.at.insert(key, self.branches.len());
            self.branches.push(b);
        } else {
            self.dropped = true;
        }
    }
}

impl<'e> Walker<'e> {
    /// Profile `id` and the profiles it includes, own first (undefined:
    /// empty). Read as a chain rather than merged: the walk needs a few of
    /// the merged profile's parts, and merging copies it whole.
    fn chain(&self, id: &str) -> Vec<&'e TechnicalProfile> {
        let mut out: Vec<&'e TechnicalProfile> = Vec::new();
        let mut at = id;
        while let Some(tp) = self.eff.technical_profile(at) {
            if out
                .iter()
                .any(|p| p.id.id().eq_ignore_ascii_case(tp.id.id()))
            {
                break;
            }
            out.push(tp);
            match &tp.include_technical_profile {
                Some(r) => at = r.reference.id(),
                None => break,
            }
        }
        out
    }

    /// The number of a claim (ignoring case).
    fn claim(&mut self, id: &str) -> u32 {
        let key = lc(id);
        let next = u32::try_from(self.claims.len()).unwrap_or(u32::MAX);
        *self.claims.entry(key).or_insert(next)
    }

    /// The number of a claim value (exact).
    fn value(&mut self, v: &str) -> u32 {
        let next = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        *self.values.entry(v.to_owned()).or_insert(next)
    }

    /// Profile `id`'s id as written and features.
    fn features_of(&mut self, id: &str) -> Option<Features> {
        let key = lc(id);
        if let Some(f) = self.features.get(&key) {
            return f.clone();
        }
        let chain = self.chain(id);
        let made = chain
            .first()
            .map(|own| Rc::new((own.id.id().to_owned(), chain_features(&chain))));
        self.features.insert(key, made.clone());
        made
    }

    /// Follows `steps` of journey `journey` from `start`.
    fn steps(
        &mut self,
        journey: &str,
        steps: &[OrchestrationStep],
        start: Vec<Branch>,
        depth: usize,
        stack: &mut Vec<String>,
    ) -> Vec<Branch> {
        let mut frontier = start;
        for step in steps {
            let mut next = Frontier::default();
            let mut options: Option<Rc<Vec<StepOption>>> = None;
            for b in frontier {
                if b.done {
                    next.push(b);
                    continue;
                }
                // Each precondition may skip the step.
                let mut running = vec![b];
                for p in &step.preconditions {
                    let mut still = Vec::new();
                    for r in running {
                        for (skip, state) in self.precondition_outcomes(p, &r.state) {
                            let r2 = Branch { state, ..r.clone() };
                            if skip {
                                next.push(r2);
                            } else {
                                still.push(r2);
                            }
                        }
                    }
                    running = still;
                }
                for r in running {
                    if step.step_type == StepType::InvokeSubJourney {
                        for out in self.invoke(step, r, depth, stack) {
                            next.push(out);
                        }
                        continue;
                    }
                    // The ways through the step do not depend on the
                    // branch: made once per step.
                    let options = options
                        .get_or_insert_with(|| Rc::new(self.options(journey, depth > 0, step)))
                        .clone();
                    for o in options.iter() {
                        let mut r2 = r.clone();
                        r2.worst.add(&o.charges, o.requests);
                        r2.best.add(&o.charges, o.requests);
                        if let Some(outputs) = &o.outputs {
                            apply_outputs(outputs, &mut r2.state);
                        }
                        next.push(r2);
                    }
                }
            }
            self.complete &= !next.dropped;
            frontier = next.branches;
        }
        frontier
    }

    /// The branches after an `InvokeSubJourney` step: each candidate
    /// sub-journey is a path of its own.
    fn invoke(
        &mut self,
        step: &OrchestrationStep,
        r: Branch,
        depth: usize,
        stack: &mut Vec<String>,
    ) -> Vec<Branch> {
        let eff = self.eff;
        let mut out = Vec::new();
        let mut followed = false;
        for c in &step.journey_list {
            let id = c.sub_journey.id();
            let Some(sub) = eff.sub_journey(id) else {
                continue;
            };
            if depth >= MAX_DEPTH || stack.contains(&lc(id)) {
                continue;
            }
            followed = true;
            stack.push(lc(id));
            let mut ends = self.steps(sub.id.id(), &sub.steps, vec![r.clone()], depth + 1, stack);
            stack.pop();
            if sub.journey_type == SubJourneyType::Transfer {
                for e in &mut ends {
                    e.done = true;
                }
            }
            out.extend(ends);
        }
        if !followed {
            out.push(r);
        }
        out
    }

    /// The ways through one step.
    fn options(
        &mut self,
        journey: &str,
        sub_journey: bool,
        step: &OrchestrationStep,
    ) -> Vec<StepOption> {
        let charge = |profile: Option<&str>, feature: Feature| Charge {
            journey: journey.to_owned(),
            sub_journey,
            order: step.order,
            profile: profile.map(str::to_owned),
            feature,
        };
        let exchanges: Vec<&str> = step
            .exchanges
            .iter()
            .flat_map(|x| x.exchanges.iter())
            .map(|x| x.profile.id())
            .collect();
        let of_profile = |walk: &mut Self, id: &str| -> Vec<Charge> {
            walk.features_of(id)
                .map(|f| f.1.iter().map(|&x| charge(Some(&f.0), x)).collect())
                .unwrap_or_default()
        };
        let option = |walk: &mut Self, charges: Vec<Charge>, profile: Option<&str>| {
            let requests = charges.iter().map(Charge::requests).sum();
            StepOption {
                charges: Rc::new(charges),
                requests,
                outputs: profile.and_then(|p| walk.outputs_of(p)),
            }
        };
        match step.step_type {
            StepType::SendClaims | StepType::Noop => vec![option(self, Vec::new(), None)],
            // The claims of the request: what its profile outputs.
            StepType::GetClaims => {
                let issuer = step.cpim_issuer.as_ref().map(|p| p.id());
                vec![option(self, Vec::new(), issuer)]
            }
            StepType::ClaimsProviderSelection => {
                let choices = step.selections.as_ref().map_or(0, |s| s.selections.len());
                let page = if choices > 1 {
                    vec![charge(None, Feature::SelectionPage)]
                } else {
                    Vec::new()
                };
                vec![option(self, page, None)]
            }
            StepType::CombinedSignInAndSignUp => {
                // The page is shown whatever the user does next: its
                // self-asserted profile's charges, or a selection page.
                let page = exchanges
                    .first()
                    .map(|id| of_profile(self, id))
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| vec![charge(None, Feature::SelectionPage)]);
                let mut out: Vec<StepOption> = exchanges
                    .iter()
                    .map(|id| option(self, page.clone(), Some(id)))
                    .collect();
                // Or the user picks another provider: nothing of the
                // page's own runs.
                out.push(option(self, page, None));
                out
            }
            _ => {
                if exchanges.is_empty() {
                    return vec![option(self, Vec::new(), None)];
                }
                exchanges
                    .iter()
                    .map(|id| {
                        let charges = of_profile(self, id);
                        option(self, charges, Some(id))
                    })
                    .collect()
            }
        }
    }

    /// What profile `id` adds to the claims bag (the flow rules' reading:
    /// output claims with their defaults, what its validation profiles
    /// output, its transformations' outputs; maybe, for a directory read
    /// that does not fail when the user is not found and for what its
    /// session manager restores). One difference: a directory read's
    /// output claims other than `objectId` are maybe (a user without the
    /// attribute does not get the claim), so a precondition on one
    /// follows both ways.
    fn outputs_of(&mut self, id: &str) -> Option<Outputs> {
        let key = lc(id);
        if let Some(o) = self.outputs.get(&key) {
            return o.clone();
        }
        self.outputs.insert(key.clone(), None);
        let chain = self.chain(id);
        let made = (!chain.is_empty()).then(|| Rc::new(self.compute(&chain)));
        self.outputs.insert(key, made.clone());
        made
    }

    /// What a profile, given as its include chain (own first), outputs.
    fn compute(&mut self, chain: &[&'e TechnicalProfile]) -> Vec<(u32, Known)> {
        let eff = self.eff;
        let mut validated: HashMap<u32, Known> = HashMap::default();
        for v in chain
            .iter()
            .flat_map(|tp| tp.validation_technical_profiles.iter())
        {
            let Some(vo) = self.outputs_of(v.reference.id()) else {
                continue;
            };
            for &(c, k) in vo.iter() {
                let k = if v.preconditions.is_empty() {
                    k
                } else {
                    Known::Maybe
                };
                validated.insert(c, k);
            }
        }
        let transform_outputs = |inputs: bool| -> Vec<&str> {
            chain
                .iter()
                .flat_map(|tp| {
                    if inputs {
                        tp.input_claims_transformations.iter()
                    } else {
                        tp.output_claims_transformations.iter()
                    }
                })
                .filter_map(|r| eff.transformation(r.reference.id()))
                .flat_map(|t| t.output_claims.iter().map(|c| c.claim.id()))
                .collect()
        };
        // A metadata item: the nearest along the chain.
        let item = |key: &str| {
            chain.iter().find_map(|tp| {
                tp.metadata
                    .iter()
                    .find(|m| m.key.trim().eq_ignore_ascii_case(key))
                    .map(|m| m.value.trim())
            })
        };
        let lenient = item("RaiseErrorIfClaimsPrincipalDoesNotExist")
            .is_some_and(|v| v.eq_ignore_ascii_case("false"));
        let read = chain_kind(chain) == ProfileKind::AzureActiveDirectory
            && item("Operation").is_some_and(|v| v.eq_ignore_ascii_case("Read"));
        let plain = if lenient {
            Known::Maybe
        } else {
            Known::Present
        };
        let mut outputs: Vec<(u32, Known)> = Vec::new();
        for id in transform_outputs(true) {
            outputs.push((self.claim(id), Known::Present));
        }
        // Output claims: the nearest declaration of each claim.
        let mut seen: Vec<u32> = Vec::new();
        for c in chain.iter().flat_map(|tp| tp.output_claims.iter()) {
            let claim = self.claim(c.claim.id());
            if seen.contains(&claim) {
                continue;
            }
            seen.push(claim);
            let known = match &c.default_value {
                Some(v) if !v.contains('{') => Known::Value(self.value(v)),
                Some(_) => Known::Present,
                None => match validated.get(&claim) {
                    Some(k @ Known::Value(_)) => *k,
                    // A directory read returns only the attributes the
                    // user has: maybe (the flow rules, which report what
                    // is certainly absent, take them as present).
                    _ if read && !c.claim.id().eq_ignore_ascii_case("objectId") => Known::Maybe,
                    _ => plain,
                },
            };
            outputs.push((claim, known));
        }
        for id in transform_outputs(false) {
            outputs.push((self.claim(id), plain));
        }
        let session = chain
            .iter()
            .find_map(|tp| tp.session_management.as_ref())
            .map(|r| self.chain(r.reference.id()))
            .unwrap_or_default();
        for c in session.iter().flat_map(|tp| tp.output_claims.iter()) {
            let id = self.claim(c.claim.id());
            if !outputs.iter().any(|(o, _)| *o == id) {
                outputs.push((id, Known::Maybe));
            }
        }
        outputs
    }

    /// Decides one precondition on a state: for each case, whether the
    /// step is skipped and the state in that case.
    fn precondition_outcomes(&mut self, p: &Precondition, state: &State) -> Vec<(bool, State)> {
        let runs = || vec![(false, state.clone())];
        if !p
            .actions
            .contains(&PreconditionAction::SkipThisOrchestrationStep)
        {
            return runs();
        }
        let Some(claim) = p.values.first() else {
            return runs();
        };
        let key = self.claim(claim);
        let known = state.get(key);
        // (condition holds, state in that case)
        let mut cases: Vec<(bool, State)> = Vec::new();
        match p.precondition_type {
            PreconditionType::ClaimsExist => match known {
                None => cases.push((false, state.clone())),
                Some(Known::Maybe) => {
                    let mut yes = state.clone();
                    yes.insert(key, Known::Present);
                    let mut no = state.clone();
                    no.remove(key);
                    cases.push((true, yes));
                    cases.push((false, no));
                }
                Some(_) => cases.push((true, state.clone())),
            },
            PreconditionType::ClaimEquals => {
                let Some(value) = p.values.get(1) else {
                    return runs();
                };
                let value = self.value(value);
                match known {
                    None => cases.push((false, state.clone())),
                    Some(Known::Value(v)) => cases.push((v == value, state.clone())),
                    Some(k) => {
                        let mut yes = state.clone();
                        yes.insert(key, Known::Value(value));
                        cases.push((true, yes));
                        let mut no = state.clone();
                        if k == Known::Maybe {
                            no.insert(key, Known::Maybe);
                        }
                        cases.push((false, no));
                    }
                }
            }
        }
        cases
            .into_iter()
            .map(|(holds, st)| (holds == p.execute_actions_if, st))
            .collect()
    }
}

/// Adds a profile's outputs to a path's claims: a maybe does not weaken
/// what the path knows is there.
fn apply_outputs(outputs: &[(u32, Known)], state: &mut State) {
    for &(c, k) in outputs {
        let keep =
            matches!(state.get(c), Some(Known::Present | Known::Value(_))) && k == Known::Maybe;
        if !keep {
            state.insert(c, k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_str;

    const SELF_ASSERTED: &str = "Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";
    const PHONE: &str = "Web.TPEngine.Providers.PhoneFactorProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";
    const AAD: &str = "Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";

    fn profile(id: &str, handler: &str, body: &str) -> String {
        format!(
            "<TechnicalProfile Id=\"{id}\"><Protocol Name=\"Proprietary\" Handler=\"{handler}\"/>{body}</TechnicalProfile>\n"
        )
    }

    fn exchange(order: u32, profile: &str, pre: &str) -> String {
        format!(
            "<OrchestrationStep Order=\"{order}\" Type=\"ClaimsExchange\">{pre}<ClaimsExchanges><ClaimsExchange Id=\"X{order}{profile}\" TechnicalProfileReferenceId=\"{profile}\"/></ClaimsExchanges></OrchestrationStep>\n"
        )
    }

    fn skip_if_exists(claim: &str) -> String {
        format!("<Preconditions><Precondition Type=\"ClaimsExist\" ExecuteActionsIf=\"true\"><Value>{claim}</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>")
    }

    /// A one-file policy with the profiles, the journey `J` of `steps`
    /// and the sub-journeys given.
    fn cost(profiles: &str, steps: &str, subs: &str) -> JourneyCapacity {
        cost_of(profiles, steps, subs, "")
    }

    /// [`cost`] with `rp` inside the relying party's technical profile.
    fn cost_with_rp(profiles: &str, steps: &str, rp: &str) -> JourneyCapacity {
        cost_of(profiles, steps, "", rp)
    }

    fn cost_of(profiles: &str, steps: &str, subs: &str, rp: &str) -> JourneyCapacity {
        let xml = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_T"
  PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_T">
  <ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
{profiles}  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <UserJourneys><UserJourney Id="J"><OrchestrationSteps>
{steps}  </OrchestrationSteps></UserJourney></UserJourneys>
  {subs}
  <RelyingParty><DefaultUserJourney ReferenceId="J"/>
    <TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect"/>{rp}</TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>"#
        );
        let files = match import_str(&xml, "t.xml") {
            Ok(f) => vec![f],
            Err(e) => panic!("{e:?}\n{xml}"),
        };
        let table = capacity(&files);
        assert_eq!(table.len(), 1);
        assert!(table[0].complete_chain);
        table[0].journey.clone().expect("the journey is defined")
    }

    #[test]
    fn features_of_profiles() {
        let page = |body: &str| profile("P", SELF_ASSERTED, body);
        let c = cost(
            &format!(
                "{}{}{}",
                page("<DisplayClaims><DisplayClaim DisplayControlReferenceId=\"a\"/><DisplayClaim DisplayControlReferenceId=\"B\"/><DisplayClaim DisplayControlReferenceId=\"b\"/><DisplayClaim ClaimTypeReferenceId=\"x\"/></DisplayClaims>"),
                profile("M", PHONE, ""),
                profile("D", AAD, ""),
            ),
            &format!("{}{}{}", exchange(1, "P", ""), exchange(2, "M", ""), exchange(3, "D", "")),
            "",
        );
        // A page (2) with two distinct display controls (2 + 2), a phone
        // factor (4), a directory read (0).
        let features: Vec<Feature> = c.worst.charges.iter().map(|c| c.feature).collect();
        assert_eq!(
            features,
            [
                Feature::SelfAsserted,
                Feature::DisplayControl,
                Feature::DisplayControl,
                Feature::PhoneFactor
            ]
        );
        assert_eq!(c.worst.requests(), 10);
        assert_eq!(c.best, c.worst);
        assert_eq!(c.tokens_per_second(), Some(20.0));
    }

    #[test]
    fn federated_providers_cost_2_and_a_password_grant_nothing() {
        let oidc = |id: &str, body: &str| {
            format!("<TechnicalProfile Id=\"{id}\"><Protocol Name=\"OpenIdConnect\"/>{body}</TechnicalProfile>\n")
        };
        let c = cost(
            &format!(
                "{}{}{}<TechnicalProfile Id=\"S\"><Protocol Name=\"SAML2\"/></TechnicalProfile>\n",
                oidc("Idp", ""),
                oidc("Ropc", "<InputClaims><InputClaim ClaimTypeReferenceId=\"grant_type\" DefaultValue=\"password\"/></InputClaims>"),
                oidc("Ropc2", "<Metadata><Item Key=\"grant_type\">password</Item></Metadata>"),
            ),
            &format!(
                "{}{}{}{}",
                exchange(1, "Idp", ""),
                exchange(2, "Ropc", ""),
                exchange(3, "Ropc2", ""),
                exchange(4, "S", "")
            ),
            "",
        );
        assert_eq!(
            c.worst.describe(),
            "step 1 Idp: federated provider 2; step 4 S: federated provider 2"
        );
    }

    #[test]
    fn preconditions_follow_the_claims_of_the_path() {
        // Step 1 is a choice: a page that outputs `objectId`, or a read
        // that may not find the user. Step 2 runs only without `objectId`.
        let profiles = format!(
            "{}{}{}",
            profile("Page", SELF_ASSERTED, "<OutputClaims><OutputClaim ClaimTypeReferenceId=\"objectId\"/></OutputClaims>"),
            profile("Read", AAD, "<Metadata><Item Key=\"RaiseErrorIfClaimsPrincipalDoesNotExist\">false</Item></Metadata><OutputClaims><OutputClaim ClaimTypeReferenceId=\"objectId\"/></OutputClaims>"),
            profile("Extra", SELF_ASSERTED, ""),
        );
        let steps = format!(
            "<OrchestrationStep Order=\"1\" Type=\"ClaimsExchange\"><ClaimsExchanges><ClaimsExchange Id=\"A\" TechnicalProfileReferenceId=\"Page\"/><ClaimsExchange Id=\"B\" TechnicalProfileReferenceId=\"Read\"/></ClaimsExchanges></OrchestrationStep>\n{}",
            exchange(2, "Extra", &skip_if_exists("objectId"))
        );
        let c = cost(&profiles, &steps, "");
        // The page (2) always outputs objectId: step 2 is skipped. The read
        // (0) may not find the user: step 2 skipped (0) or run (2).
        assert_eq!(c.worst.requests(), 2);
        assert_eq!(c.best.requests(), 0);
        assert!(c.best.charges.is_empty());
        // Two ends: objectId present (the page, or a user found), or not.
        assert_eq!(c.paths, 2);
        // Without the precondition, the read's path runs the extra page
        // whatever it found: 4 at worst (page, then extra page).
        let c = cost(
            &profiles,
            &steps.replace(&skip_if_exists("objectId"), ""),
            "",
        );
        assert_eq!(c.worst.requests(), 4);
        assert_eq!(c.best.requests(), 2);
        assert!(c.complete);
    }

    #[test]
    fn a_directory_read_may_not_return_an_attribute() {
        // The read fails when the user is not there (objectId present),
        // but a user without `mfaMethod` gets no such claim: the page that
        // asks for it may run.
        let profiles = format!(
            "{}{}",
            profile("Read", AAD, "<Metadata><Item Key=\"Operation\">Read</Item></Metadata><OutputClaims><OutputClaim ClaimTypeReferenceId=\"objectId\"/><OutputClaim ClaimTypeReferenceId=\"mfaMethod\"/></OutputClaims>"),
            profile("Ask", SELF_ASSERTED, ""),
        );
        let steps = format!(
            "{}{}{}",
            exchange(1, "Read", ""),
            exchange(2, "Ask", &skip_if_exists("mfaMethod")),
            exchange(3, "Ask", &skip_if_exists("objectId")),
        );
        let c = cost(&profiles, &steps, "");
        assert_eq!(c.worst.describe(), "step 2 Ask: self-asserted page 2");
        assert_eq!(c.best.requests(), 0);
        // A write outputs what it wrote: present.
        let c = cost(&profiles.replace(">Read<", ">Write<"), &steps, "");
        assert_eq!(c.worst.requests(), 0);
    }

    #[test]
    fn what_the_request_brings_may_skip_a_page() {
        // A page skipped when the application passes `hint`: through the
        // relying party's input claims, or a GetClaims step.
        let profiles = format!(
            "{}<TechnicalProfile Id=\"Get\"><Protocol Name=\"None\"/><OutputClaims><OutputClaim ClaimTypeReferenceId=\"fromQuery\"/></OutputClaims></TechnicalProfile>\n",
            profile("Ask", SELF_ASSERTED, ""),
        );
        let steps = format!(
            "{}{}",
            exchange(1, "Ask", &skip_if_exists("hint")),
            exchange(2, "Ask", &skip_if_exists("fromQuery")),
        );
        let c = cost(&profiles, &steps, "");
        assert_eq!(c.best.requests(), 4, "nothing is passed in");
        let c = cost(
            &profiles,
            &format!(
                "<OrchestrationStep Order=\"0\" Type=\"GetClaims\" CpimIssuerTechnicalProfileReferenceId=\"Get\"/>\n{steps}"
            ),
            "",
        );
        assert_eq!(c.best.requests(), 2, "GetClaims outputs fromQuery");
        let xml_rp = "<InputClaims><InputClaim ClaimTypeReferenceId=\"hint\"/></InputClaims>";
        let c = cost_with_rp(&profiles, &steps, xml_rp);
        assert_eq!(c.worst.requests(), 4);
        assert_eq!(c.best.requests(), 2, "hint may be passed in");
    }

    #[test]
    fn included_profiles_give_their_protocol_and_metadata() {
        // The page's handler and the read's `Operation` come from the
        // profiles they include; a default restated by the including
        // profile is the one that counts.
        let profiles = format!(
            "{}{}<TechnicalProfile Id=\"Page\"><OutputClaims><OutputClaim ClaimTypeReferenceId=\"email\" PartnerClaimType=\"Verified.Email\"/><OutputClaim ClaimTypeReferenceId=\"mode\" DefaultValue=\"b\"/></OutputClaims><IncludeTechnicalProfile ReferenceId=\"PageBase\"/></TechnicalProfile>\n<TechnicalProfile Id=\"Read\"><OutputClaims><OutputClaim ClaimTypeReferenceId=\"pref\"/></OutputClaims><IncludeTechnicalProfile ReferenceId=\"ReadBase\"/></TechnicalProfile>\n",
            profile("PageBase", SELF_ASSERTED, "<OutputClaims><OutputClaim ClaimTypeReferenceId=\"mode\" DefaultValue=\"a\"/></OutputClaims>"),
            profile("ReadBase", AAD, "<Metadata><Item Key=\"Operation\">Read</Item></Metadata>"),
        );
        let equals_a = "<Preconditions><Precondition Type=\"ClaimEquals\" ExecuteActionsIf=\"true\"><Value>mode</Value><Value>a</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>";
        let steps = format!(
            "{}{}{}{}",
            exchange(1, "Page", ""),
            exchange(2, "Read", ""),
            exchange(3, "PageBase", &skip_if_exists("pref")),
            exchange(4, "PageBase", equals_a),
        );
        let c = cost(&profiles, &steps, "");
        assert!(
            c.worst
                .describe()
                .starts_with("step 1 Page: self-asserted page 2 + email verification 2; "),
            "{}",
            c.worst.describe()
        );
        // `pref` may be missing (step 3 runs and sets `mode` to `a`: step 4
        // skipped) or there (step 3 skipped, `mode` stays `b` from `Page`'s
        // own default: step 4 runs). Had the included default won, the
        // second path would skip both: 4.
        assert_eq!(c.worst.requests(), 6);
        assert_eq!(c.best.requests(), 6);
        assert_eq!(c.paths, 2);
    }

    #[test]
    fn sign_in_pages_and_selections() {
        let profiles = format!(
            "{}{}",
            profile("SignIn", SELF_ASSERTED, ""),
            profile("SignUp", SELF_ASSERTED, "<OutputClaims><OutputClaim ClaimTypeReferenceId=\"email\" PartnerClaimType=\"Verified.Email\"/></OutputClaims>"),
        );
        let steps = format!(
            r#"<OrchestrationStep Order="1" Type="CombinedSignInAndSignUp" ContentDefinitionReferenceId="c"><ClaimsProviderSelections><ClaimsProviderSelection ValidationClaimsExchangeId="In"/></ClaimsProviderSelections><ClaimsExchanges><ClaimsExchange Id="In" TechnicalProfileReferenceId="SignIn"/></ClaimsExchanges></OrchestrationStep>
<OrchestrationStep Order="2" Type="ClaimsProviderSelection"><ClaimsProviderSelections><ClaimsProviderSelection TargetClaimsExchangeId="Up"/></ClaimsProviderSelections></OrchestrationStep>
<OrchestrationStep Order="3" Type="ClaimsProviderSelection"><ClaimsProviderSelections><ClaimsProviderSelection TargetClaimsExchangeId="Up"/><ClaimsProviderSelection TargetClaimsExchangeId="Other"/></ClaimsProviderSelections></OrchestrationStep>
{}"#,
            exchange(4, "SignUp", "")
        );
        let c = cost(&profiles, &steps, "");
        // The sign-in page (2) whatever the user does, no page for a
        // selection of one, a page for a selection of two (2), the sign-up
        // page with email verification (2 + 2).
        assert_eq!(
            c.worst.describe(),
            "step 1 SignIn: self-asserted page 2; step 3: provider selection page 2; step 4 SignUp: self-asserted page 2 + email verification 2"
        );
        assert_eq!(c.best.requests(), 8);
    }

    #[test]
    fn sub_journeys_are_followed_and_a_transfer_ends_the_journey() {
        let profiles = format!(
            "{}{}",
            profile("A", SELF_ASSERTED, ""),
            profile("B", PHONE, "")
        );
        let invoke = |order: u32, sub: &str| {
            format!("<OrchestrationStep Order=\"{order}\" Type=\"InvokeSubJourney\"><JourneyList><Candidate SubJourneyReferenceId=\"{sub}\"/></JourneyList></OrchestrationStep>\n")
        };
        let subs = format!(
            "<SubJourneys><SubJourney Id=\"Call\" Type=\"Call\"><OrchestrationSteps>{}</OrchestrationSteps></SubJourney><SubJourney Id=\"Away\" Type=\"Transfer\"><OrchestrationSteps>{}</OrchestrationSteps></SubJourney></SubJourneys>",
            exchange(1, "B", ""),
            exchange(1, "A", "")
        );
        let steps = format!(
            "{}{}{}{}",
            invoke(1, "Call"),
            exchange(2, "A", ""),
            invoke(3, "Away"),
            exchange(4, "B", "")
        );
        let c = cost(&profiles, &steps, &subs);
        assert_eq!(
            c.worst.describe(),
            "sub-journey Call step 1 B: phone factor 4; step 2 A: self-asserted page 2; sub-journey Away step 1 A: self-asserted page 2"
        );
        assert_eq!(c.worst.requests(), 8);
    }

    #[test]
    fn too_many_states_are_cut_and_said() {
        // Nine lenient reads, each a claim that may or may not be there,
        // and nine steps that test them: 2^9 states.
        let mut profiles = String::new();
        let mut steps = String::new();
        for n in 0..9 {
            profiles.push_str(&profile(
                &format!("R{n}"),
                AAD,
                &format!("<Metadata><Item Key=\"RaiseErrorIfClaimsPrincipalDoesNotExist\">false</Item></Metadata><OutputClaims><OutputClaim ClaimTypeReferenceId=\"c{n}\"/></OutputClaims>"),
            ));
            steps.push_str(&exchange(n + 1, &format!("R{n}"), ""));
        }
        profiles.push_str(&profile("Page", SELF_ASSERTED, ""));
        for n in 0..9 {
            steps.push_str(&exchange(10 + n, "Page", &skip_if_exists(&format!("c{n}"))));
        }
        let c = cost(&profiles, &steps, "");
        assert!(!c.complete);
        assert_eq!(c.paths, MAX_STATES);
        assert!(c.worst.requests() >= 2, "{}", c.worst.describe());
    }

    #[test]
    fn an_undefined_journey_has_no_figures_and_a_rate_needs_requests() {
        assert_eq!(tokens_per_second(0), None);
        assert_eq!(tokens_per_second(8), Some(25.0));
        let Ok(file) = import_str(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_T"
  PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_T">
  <RelyingParty><DefaultUserJourney ReferenceId="Nowhere"/>
    <TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect"/></TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>"#,
            "t.xml",
        ) else {
            panic!("imports");
        };
        let table = capacity(&[file]);
        assert_eq!(table.len(), 1);
        assert_eq!(table[0].journey_id, "Nowhere");
        assert!(table[0].journey.is_none());
    }
}
