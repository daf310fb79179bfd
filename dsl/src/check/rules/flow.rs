//! Rules over the effective journeys of a set ([`crate::resolve`]): claim
//! flow, step types against the kind of profile they run, and the value
//! types of preconditions.
//!
//! # Claim flow
//!
//! A journey's steps run in `Order`; each step adds the claims its profile
//! outputs to the journey's claims bag, and a later profile reads its
//! input claims from that bag. B2C checks part of this on upload: an input
//! claim of a step's profile that no earlier step outputs is refused with
//! "Claim type … is the input claim of technical profile … in step … but
//! it is not an output claim in any of the previous steps", and a relying
//! party output claim that no step outputs with "… is the output claim of
//! the relying party's technical profile, but it is not an output claim in
//! any of the steps of user journey …". The rest fails at run time.
//!
//! The rules look at the `DefaultUserJourney` of each relying party, in
//! the relying party's effective policy (B2C runs a journey in that
//! context; a base's journey alone has no relying party to supply initial
//! claims). A relying party's other endpoints (the token endpoint's
//! `RedeemRefreshToken`) start from the claims of a refresh token and are
//! not checked for flow. F001 and F004 are what B2C's upload refuses; F002
//! and F003 fail at run time. The codes and their explanations are the
//! [`RuleInfo`]s below (`ief explain F001`).
//!
//! Paths are explored with what is known of each claim: absent, maybe
//! present (an output of a directory read that does not fail when the
//! user is not found, a claim the relying party may pass in), present, or
//! present with a known value (`AlwaysUseDefaultValue`). Preconditions
//! are decided where the claims decide them and branch otherwise; a
//! selection step branches over its exchanges. A claim is reported absent
//! only when it is certainly absent on that path, so a warning names a
//! real path. At most [`MAX_STATES`] distinct states are followed per
//! step; beyond that the remaining paths are not explored (fewer
//! warnings, never a false one).
//!
//! # Step types
//!
//! J009–J013 compare each step of every journey and sub-journey with the
//! kind of profile it runs (a token issuer has an `OutputTokenFormat`, a
//! session manager an `…SSOSessionProvider` handler), find steps with
//! nothing to do, and `ClaimEquals` preconditions whose claim type can
//! never equal the text they compare with.

use crate::hash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::set::Diagnostic;
use crate::check::{Category, Severity};
use crate::claims::DataType;
use crate::import::Imported;
use crate::journeys::{
    OrchestrationStep, Precondition, PreconditionAction, PreconditionType, StepType, SubJourneyType,
};
use crate::providers::{TechnicalProfile, TokenFormat};
use crate::relying_party::RelyingParty;
use crate::resolve::{lc, EffectivePolicy, ElementKind, Origin};

/// Where a flow finding points: a file of the set and a source-map path
/// (a part's origin, or a place below it).
#[derive(Debug, Clone)]
struct Site {
    file: usize,
    path: String,
}

impl Site {
    fn pos(&self, files: &[Imported]) -> Option<crate::import::Pos> {
        files.get(self.file)?.source_map.locate(&self.path)
    }
}

impl From<&Origin> for Site {
    fn from(o: &Origin) -> Site {
        Site {
            file: o.file,
            path: o.path.to_string(),
        }
    }
}

/// How many distinct claim states the path analysis follows per step.
pub const MAX_STATES: usize = 256;

/// How deep sub-journeys are followed (a sub-journey invoking itself
/// stops there).
const MAX_DEPTH: usize = 8;

/// What is known of a claim on a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Known {
    /// Present or absent: not known.
    Maybe,
    /// Present, value unknown.
    Present,
    /// Present with this value.
    Value(Rc<str>),
}

/// The claims on a path: lowercase id -> what is known (absent ids are
/// certainly absent). Ids and values are shared (`Rc<str>`): the analysis
/// copies a state at every branch, and a copy then allocates only the
/// map's nodes.
type State = BTreeMap<Rc<str>, Known>;

/// The kind of a technical profile, as far as step types care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProfileKind {
    TokenIssuer,
    SessionManager,
    Other,
}

fn profile_kind(tp: &TechnicalProfile) -> ProfileKind {
    let handler = tp
        .protocol
        .as_ref()
        .and_then(|p| p.handler.as_deref())
        .map(lc)
        .unwrap_or_default();
    if handler.contains("ssosessionprovider") {
        return ProfileKind::SessionManager;
    }
    if matches!(
        crate::graph::issuer_format(tp),
        Some(TokenFormat::Jwt | TokenFormat::Saml2 | TokenFormat::Saml11)
    ) {
        return ProfileKind::TokenIssuer;
    }
    ProfileKind::Other
}

/// What the flow rules need of one technical profile.
#[derive(Debug, Clone)]
struct Facts {
    display_id: String,
    kind: ProfileKind,
    /// Required input claims without a default, not produced by the
    /// profile's own input claims transformations.
    required: Vec<String>,
    /// `(claim, transformation)`: inputs of input claims transformations
    /// that no earlier input transformation of the profile produces.
    transform_inputs: Vec<(String, String)>,
    /// What the profile adds to the claims bag.
    outputs: Vec<(Rc<str>, Known)>,
    /// Whether something the profile refers to (a transformation, a
    /// validation profile, an include) does not resolve: what it would
    /// add is unknown.
    incomplete: bool,
}

/// A leaf of a set as the flow rules read it: the merged elements of its
/// chain, the leaf file, its relying party and whether its chain is whole.
/// A leaf that adds only a header and a relying party to its base reads
/// the merged elements of the base's effective policy (no copy of them is
/// made for it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Leaf<'e> {
    /// The effective policy that holds the leaf's merged elements (the
    /// leaf's own, or its base's).
    pub merged: &'e EffectivePolicy,
    /// The leaf file (index into the set).
    pub file: usize,
    /// The relying party of the leaf's chain.
    pub relying_party: Option<&'e RelyingParty>,
    /// Whether the leaf's chain is whole.
    pub complete: bool,
}

impl<'e> Leaf<'e> {
    /// The leaf of an effective policy: everything its own.
    fn of(eff: &'e EffectivePolicy) -> Self {
        Leaf {
            merged: eff,
            file: eff.file,
            relying_party: eff.relying_party(),
            complete: eff.chain.is_complete(),
        }
    }
}

/// Each profile's facts by lowercase id (`None` while being made, or for
/// a profile that is not defined).
type FactsCache = HashMap<String, Option<Rc<Facts>>>;

struct Cx<'a> {
    files: &'a [Imported],
    /// The merged elements of the leaf's chain.
    eff: &'a EffectivePolicy,
    /// The leaf file: findings without a place of their own are its.
    file: usize,
    /// The leaf's relying party.
    relying_party: Option<&'a RelyingParty>,
    /// Each profile's facts (they depend on `eff` only), made once and
    /// shared by the leaves that read the same merged elements.
    facts: &'a mut FactsCache,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    fn facts(&mut self, id: &str) -> Option<Rc<Facts>> {
        let key = lc(id);
        if let Some(f) = self.facts.get(&key) {
            return f.clone();
        }
        // A placeholder first: a validation profile that validates with
        // itself ends here.
        self.facts.insert(key.clone(), None);
        let f = self
            .eff
            .profile_with_includes_cow(id)
            .map(|tp| Rc::new(self.compute(&tp)));
        self.facts.insert(key, f.clone());
        f
    }

    fn compute(&mut self, tp: &TechnicalProfile) -> Facts {
        // What the validation profiles of a self-asserted page output: the
        // page's output claims take their values from them.
        let mut incomplete = tp
            .include_technical_profile
            .as_ref()
            .is_some_and(|r| self.eff.technical_profile(r.reference.id()).is_none());
        incomplete |= tp
            .input_claims_transformations
            .iter()
            .chain(&tp.output_claims_transformations)
            .any(|r| self.eff.transformation(r.reference.id()).is_none());
        let mut validated: HashMap<Rc<str>, Known> = HashMap::default();
        for v in &tp.validation_technical_profiles {
            let Some(vf) = self.facts(v.reference.id()) else {
                incomplete = true;
                continue;
            };
            incomplete |= vf.incomplete;
            for (c, k) in &vf.outputs {
                let k = if v.preconditions.is_empty() {
                    k.clone()
                } else {
                    Known::Maybe
                };
                validated.insert(c.clone(), k);
            }
        }
        let transform_outputs = |refs: &[crate::providers::TransformReference]| -> Vec<String> {
            refs.iter()
                .filter_map(|r| self.eff.transformation(r.reference.id()))
                .flat_map(|t| t.output_claims.iter().map(|c| lc(c.claim.id())))
                .collect()
        };
        let mut produced: BTreeSet<String> = BTreeSet::new();
        let mut transform_inputs = Vec::new();
        for r in &tp.input_claims_transformations {
            let Some(t) = self.eff.transformation(r.reference.id()) else {
                continue;
            };
            for c in &t.input_claims {
                let id = lc(c.claim.id());
                if !produced.contains(&id) && !may_be_absent(&t.method, c) {
                    transform_inputs.push((c.claim.id().to_owned(), t.id.id().to_owned()));
                }
            }
            for c in &t.output_claims {
                produced.insert(lc(c.claim.id()));
            }
        }
        let required = tp
            .input_claims
            .iter()
            .filter(|c| c.required == Some(true) && c.default_value.is_none())
            .filter(|c| !produced.contains(&lc(c.claim.id())))
            .map(|c| c.claim.id().to_owned())
            .collect();
        // A directory read told not to fail when the user is not found
        // may output nothing.
        let lenient = tp.metadata.iter().any(|m| {
            m.key
                .eq_ignore_ascii_case("RaiseErrorIfClaimsPrincipalDoesNotExist")
                && m.value.trim().eq_ignore_ascii_case("false")
        });
        let plain = if lenient {
            Known::Maybe
        } else {
            Known::Present
        };
        let mut outputs: Vec<(Rc<str>, Known)> = Vec::new();
        for id in transform_outputs(&tp.input_claims_transformations) {
            outputs.push((id.into(), Known::Present));
        }
        for c in &tp.output_claims {
            // A default is taken as the value: a provider that returns the
            // claim itself could override it, but the defaults that
            // preconditions test (`authenticationSource`, …) are set on
            // profiles that do not.
            let known = match &c.default_value {
                Some(v) if !v.contains('{') => Known::Value(v.as_str().into()),
                Some(_) => Known::Present,
                None => match validated.get(lc(c.claim.id()).as_str()) {
                    Some(k @ Known::Value(_)) => k.clone(),
                    _ => plain.clone(),
                },
            };
            outputs.push((lc(c.claim.id()).into(), known));
        }
        for id in transform_outputs(&tp.output_claims_transformations) {
            outputs.push((id.into(), plain.clone()));
        }
        // A session manager restores its output claims when the session
        // is reused (`objectIdFromSession`, `isActiveMFASession`): maybe.
        if let Some(sm) = tp
            .session_management
            .as_ref()
            .and_then(|r| self.eff.profile_with_includes_cow(r.reference.id()))
        {
            for c in &sm.output_claims {
                let id = lc(c.claim.id());
                if !outputs.iter().any(|(o, _)| **o == *id) {
                    outputs.push((id.into(), Known::Maybe));
                }
            }
        }
        Facts {
            display_id: tp.id.id().to_owned(),
            kind: profile_kind(tp),
            required,
            transform_inputs,
            outputs,
            incomplete,
        }
    }

    fn diag(
        &mut self,
        origin: Option<&Site>,
        rule: &'static RuleInfo,
        message: String,
        help: Option<String>,
        id: &str,
    ) {
        let (file, pos) = match origin {
            Some(o) => (
                self.files
                    .get(o.file)
                    .map(|f| f.file.clone())
                    .unwrap_or_default(),
                o.pos(self.files),
            ),
            None => (self.files[self.file].file.clone(), None),
        };
        self.out.push(Diagnostic {
            file,
            pos,
            code: rule.code,
            severity: rule.severity,
            message,
            help,
            id: Some(id.to_owned()),
            origins: Vec::new(),
        });
    }

    fn claim_type(&self, id: &str) -> Option<DataType> {
        self.eff.claim_type(id).and_then(|c| c.data_type)
    }
}

/// Where part `part` of profile `id` was written, following its
/// `IncludeTechnicalProfile` chain when the profile itself does not have it.
fn profile_part(eff: &EffectivePolicy, id: &str, part: &str) -> Option<Site> {
    let mut seen: Vec<String> = Vec::new();
    let mut cur = id.to_owned();
    loop {
        if let Some(o) = eff
            .provenance
            .part(ElementKind::TechnicalProfile, &cur, part)
        {
            return Some(Site::from(o));
        }
        seen.push(lc(&cur));
        let next = eff
            .technical_profile(&cur)?
            .include_technical_profile
            .as_ref()?
            .reference
            .id()
            .to_owned();
        if seen.contains(&lc(&next)) {
            return None;
        }
        cur = next;
    }
}

/// Where a step's part was written.
fn step_origin(
    eff: &EffectivePolicy,
    kind: ElementKind,
    journey: &str,
    order: i32,
    part: &str,
    tail: &str,
) -> Option<Site> {
    let key = if part.is_empty() {
        format!("Step:{order}")
    } else {
        format!("Step:{order}/{part}")
    };
    eff.provenance
        .part(kind, journey, &key)
        .or_else(|| eff.provenance.part(kind, journey, &format!("Step:{order}")))
        .map(|o| Site {
            file: o.file,
            path: format!("{}{tail}", o.path),
        })
}

/// Runs the flow and step rules over effective policies of a set: those
/// of its leaves ([`crate::resolve::resolve_leaves`]) see every journey of
/// the set, each in the context it runs in. A journey shared by several
/// leaves is reported once per distinct finding.
pub fn check<'p>(
    files: &[Imported],
    policies: impl IntoIterator<Item = &'p EffectivePolicy>,
) -> Vec<Diagnostic> {
    check_leaves(files, policies.into_iter().map(Leaf::of))
}

/// [`check`] over leaves given as [`Leaf`] views.
pub(crate) fn check_leaves<'p>(
    files: &[Imported],
    leaves: impl IntoIterator<Item = Leaf<'p>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Facts per merged effective policy, shared by the leaves that read it.
    let mut facts: Vec<(&EffectivePolicy, FactsCache)> = Vec::new();
    for leaf in leaves {
        if !leaf.complete {
            continue;
        }
        let slot = match facts
            .iter()
            .position(|(e, _)| std::ptr::eq(*e, leaf.merged))
        {
            Some(slot) => slot,
            None => {
                facts.push((leaf.merged, HashMap::default()));
                facts.len() - 1
            }
        };
        let mut cx = Cx {
            files,
            eff: leaf.merged,
            file: leaf.file,
            relying_party: leaf.relying_party,
            facts: &mut facts[slot].1,
            out: &mut out,
        };
        step_rules(&mut cx);
        // The default journey only: a relying party's other endpoints
        // (the token endpoint's `RedeemRefreshToken`) start from claims
        // the refresh token carries, and its output claims are not theirs.
        if let Some(journey) = leaf
            .relying_party
            .and_then(|rp| rp.default_user_journey.as_ref())
        {
            flow_rules(&mut cx, journey.reference.id());
        }
    }
    out.sort();
    out.dedup();
    out
}

// ---- the registry's entries ------------------------------------------------

/// A policy of the examples below: a claims schema, a token issuer, a
/// session manager, a self-asserted page that collects `email` (and
/// `nickname`), a directory read that needs `email`, the journey `SignIn`
/// with the steps given, and a relying party with the input and output
/// claims given.
macro_rules! flow_policy {
    (transforms = $transforms:expr, profiles = $profiles:expr, steps = $steps:expr, rp_inputs = $rp_inputs:expr, rp_outputs = $rp_outputs:expr) => {
        policy!(
            "B2C_1A_SignIn",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="objectId"><DataType>string</DataType></ClaimType>
      <ClaimType Id="email"><DataType>string</DataType></ClaimType>
      <ClaimType Id="nickname"><DataType>string</DataType></ClaimType>
      <ClaimType Id="newUser"><DataType>boolean</DataType></ClaimType>
      <ClaimType Id="otherMails"><DataType>stringCollection</DataType></ClaimType>
    </ClaimsSchema>
"#,
            $transforms,
            r#"  </BuildingBlocks>
  <ClaimsProviders>
"#,
            issuer!(),
            r#"    <ClaimsProvider>
      <DisplayName>Local accounts</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="SM-AAD">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.DefaultSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
        <TechnicalProfile Id="Collect-Email">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="email" />
            <OutputClaim ClaimTypeReferenceId="nickname" />
          </OutputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="AAD-Read">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="email" Required="true" />
          </InputClaims>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="objectId" />
          </OutputClaims>
        </TechnicalProfile>
"#,
            $profiles,
            r#"      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
"#,
            $steps,
            r#"      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="SignIn" />
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
"#,
            $rp_inputs,
            "      <OutputClaims>\n",
            $rp_outputs,
            r#"      </OutputClaims>
    </TechnicalProfile>
  </RelyingParty>
"#
        )
    };
}

/// `flow_policy!` with only the steps given (and `objectId` as the
/// relying party's output).
macro_rules! flow_steps {
    ($steps:expr) => {
        flow_policy!(
            transforms = "",
            profiles = "",
            steps = $steps,
            rp_inputs = "",
            rp_outputs = "        <OutputClaim ClaimTypeReferenceId=\"objectId\" PartnerClaimType=\"sub\" />\n"
        )
    };
}

/// One example file.
macro_rules! example {
    ($xml:expr) => {
        &[Example {
            file: "SignIn.xml",
            xml: $xml,
        }]
    };
}

/// The steps of a journey that collects the email address, reads the
/// user and issues a token.
macro_rules! good_steps {
    () => {
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
    };
}

/// F001.
pub(super) static F001: RuleInfo = RuleInfo {
    code: "F001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a required input claim of a step's profile is output by an earlier step",
    explanation: "A profile reads its input claims from the journey's claims bag, which only \
        earlier steps fill (and the relying party, with the claims it is given). B2C checks this \
        when the policy is uploaded and refuses a profile whose input claim no previous step \
        outputs (\"Claim type X is the input claim of technical profile Y in step N of user \
        journey J but it is not an output claim in any of the previous steps\"). The rule \
        follows that check for input claims marked `Required` without a `DefaultValue`, in the \
        journey each relying party starts, as merged along its chain: it counts every earlier \
        step whatever its preconditions (as B2C does), the relying party's input claims and the \
        profile's own input claims transformations. Fix it by outputting the claim in an earlier \
        step, giving the input claim a `DefaultValue` (a claim resolver such as \
        `{OIDC:LoginHint}` counts), or deriving it in an input claims transformation.",
    failing: example!(flow_steps!(
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
    )),
    passing: example!(flow_steps!(good_steps!())),
    source: "FACTS.md §8 (the upload error, issue #12948 of the docs) and §6 \"Claim flow\"; Microsoft Learn, \"Technical profiles\" (input claims are taken from the claims bag)",
};

/// The inputs a method documents as possibly absent: the `collection`
/// that `AddItemToStringCollection` and `AddParameterToStringCollection`
/// add to, which may be new (the starter pack's `CreateOtherMailsFromEmail`
/// makes `otherMails` for a new social account). F002 does not report
/// them.
fn may_be_absent(method: &str, input: &crate::transforms::TransformClaim) -> bool {
    const OPTIONAL: [(&str, &str); 2] = [
        ("AddItemToStringCollection", "collection"),
        ("AddParameterToStringCollection", "collection"),
    ];
    let role = input.transformation_claim_type.as_deref().unwrap_or("");
    OPTIONAL
        .iter()
        .any(|(m, r)| m.eq_ignore_ascii_case(method.trim()) && *r == role.trim())
}

/// F002.
pub(super) static F002: RuleInfo = RuleInfo {
    code: "F002",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "an input of a profile's input claims transformation is output by an earlier step",
    explanation: "A profile runs its input claims transformations before anything else, on the \
        claims the journey has so far. When one reads a claim that no earlier step outputs and \
        the relying party does not pass in, the transformation has nothing to work on: B2C \
        accepts the upload, and the journey fails at run time with \"A Claim of ClaimType with \
        id X was not found, which is required by the ClaimsTransformationImpl\". (Some methods \
        run without an absent input; this rule only reports a claim that nothing before the \
        step can ever have set, so it stays a warning, and not the `collection` that \
        `AddItemToStringCollection` and `AddParameterToStringCollection` document as new or \
        existing.) Output the claim earlier, or give it a \
        value with a transformation that runs first.",
    failing: example!(flow_policy!(
        transforms = r#"    <ClaimsTransformations>
      <ClaimsTransformation Id="CopyNickname" TransformationMethod="CopyClaim">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="nickname" TransformationClaimType="inputClaim" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="email" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
"#,
        profiles = r#"        <TechnicalProfile Id="AAD-ReadByNickname">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <InputClaimsTransformations>
            <InputClaimsTransformation ReferenceId="CopyNickname" />
          </InputClaimsTransformations>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="email" Required="true" />
          </InputClaims>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="objectId" />
          </OutputClaims>
        </TechnicalProfile>
"#,
        steps = r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-ReadByNickname" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#,
        rp_inputs = "",
        rp_outputs = "        <OutputClaim ClaimTypeReferenceId=\"objectId\" PartnerClaimType=\"sub\" />\n"
    )),
    passing: example!(flow_policy!(
        transforms = r#"    <ClaimsTransformations>
      <ClaimsTransformation Id="CopyNickname" TransformationMethod="CopyClaim">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="nickname" TransformationClaimType="inputClaim" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="email" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
"#,
        profiles = r#"        <TechnicalProfile Id="AAD-ReadByNickname">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <InputClaimsTransformations>
            <InputClaimsTransformation ReferenceId="CopyNickname" />
          </InputClaimsTransformations>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="email" Required="true" />
          </InputClaims>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="objectId" />
          </OutputClaims>
        </TechnicalProfile>
"#,
        steps = r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-ReadByNickname" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#,
        rp_inputs = "",
        rp_outputs = "        <OutputClaim ClaimTypeReferenceId=\"objectId\" PartnerClaimType=\"sub\" />\n"
    )),
    source: "FACTS.md §8 (the run-time error of a transformation whose input claim is missing) and §6 \"Technical profiles\" (execution order: input claims transformations first)",
};

/// F003.
pub(super) static F003: RuleInfo = RuleInfo {
    code: "F003",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "a step's profile has its required input claims on every path that runs it",
    explanation: "Preconditions skip steps and selections choose one exchange among several, so \
        a journey has many paths, and a claim an earlier step outputs on one path may be missing \
        on another. B2C's upload check counts every earlier step (see F001) and accepts such a \
        journey; the user on the other path gets an error page. The rule walks the paths with \
        what it knows of each claim (absent, maybe present, present, or present with a known \
        value such as `authenticationSource`), decides preconditions where the claims decide \
        them, and reports a required input claim that is certainly absent on a path where the \
        step runs, naming the path. Skip the step on that path (a `ClaimsExist` precondition), or \
        make sure an earlier step on it outputs the claim.",
    failing: example!(flow_policy!(
        transforms = "",
        profiles = "",
        steps = r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <Preconditions>
            <Precondition Type="ClaimsExist" ExecuteActionsIf="true">
              <Value>objectId</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#,
        rp_inputs = "      <InputClaims>\n        <InputClaim ClaimTypeReferenceId=\"objectId\" />\n      </InputClaims>\n",
        rp_outputs = "        <OutputClaim ClaimTypeReferenceId=\"objectId\" PartnerClaimType=\"sub\" />\n"
    )),
    passing: example!(flow_policy!(
        transforms = "",
        profiles = "",
        steps = r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <Preconditions>
            <Precondition Type="ClaimsExist" ExecuteActionsIf="true">
              <Value>objectId</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <Preconditions>
            <Precondition Type="ClaimsExist" ExecuteActionsIf="true">
              <Value>objectId</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#,
        rp_inputs = "      <InputClaims>\n        <InputClaim ClaimTypeReferenceId=\"objectId\" />\n      </InputClaims>\n",
        rp_outputs = "        <OutputClaim ClaimTypeReferenceId=\"objectId\" PartnerClaimType=\"sub\" />\n"
    )),
    source: "FACTS.md §6 \"Orchestration steps\" (preconditions, selections) and \"Claim flow\"",
};

/// F004.
pub(super) static F004: RuleInfo = RuleInfo {
    code: "F004",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "every output claim of the relying party is output by a step of its journey",
    explanation: "The token a relying party receives holds the relying party's output claims, \
        taken from the journey's claims bag. B2C checks at upload that each of them is output by \
        some step of the journey the relying party starts, and refuses it otherwise (\"Claim \
        type X is the output claim of the relying party's technical profile, but it is not an \
        output claim in any of the steps of user journey J\"). Sub-journeys the journey invokes \
        count; an output claim with a `DefaultValue` needs no step. Output the claim from a step, \
        or give it a `DefaultValue`.",
    failing: example!(flow_policy!(
        transforms = "",
        profiles = "",
        steps = good_steps!(),
        rp_inputs = "",
        rp_outputs = "        <OutputClaim ClaimTypeReferenceId=\"objectId\" PartnerClaimType=\"sub\" />\n        <OutputClaim ClaimTypeReferenceId=\"newUser\" />\n"
    )),
    passing: example!(flow_policy!(
        transforms = "",
        profiles = "",
        steps = good_steps!(),
        rp_inputs = "",
        rp_outputs = "        <OutputClaim ClaimTypeReferenceId=\"objectId\" PartnerClaimType=\"sub\" />\n        <OutputClaim ClaimTypeReferenceId=\"newUser\" DefaultValue=\"false\" />\n"
    )),
    source: "FACTS.md §6 \"RelyingParty\" and §8 (the upload error, issue #12948 of the docs)",
};

/// J009.
pub(super) static J009: RuleInfo = RuleInfo {
    code: "J009",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a claims exchange runs neither a token issuer nor a session manager",
    explanation: "A token issuer (a profile with an `OutputTokenFormat`, such as `JwtIssuer`) \
        writes the token the relying party receives: it belongs in the journey's `SendClaims` \
        step, named by `CpimIssuerTechnicalProfileReferenceId`. A session manager (a profile \
        with one of B2C's `…SSOSessionProvider` handlers) keeps a profile's single sign-on \
        session and is named by that profile's `UseTechnicalProfileForSessionManagement`. \
        Neither is a claims provider a step can exchange claims with. Run a claims provider in \
        the step, and move the issuer to `SendClaims`.",
    failing: example!(flow_steps!(
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="IssueExchange" TechnicalProfileReferenceId="JwtIssuer" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="4" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
    )),
    passing: example!(flow_steps!(good_steps!())),
    source: "Microsoft Learn, \"JWT token issuer technical profile\" and \"Single sign-on session management\"; FACTS.md §6 \"Session management\"",
};

/// J010.
pub(super) static J010: RuleInfo = RuleInfo {
    code: "J010",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a SendClaims step issues the token with a token issuer",
    explanation: "The `SendClaims` step hands the claims to the profile named by \
        `CpimIssuerTechnicalProfileReferenceId`, which writes the token: a JWT, SAML or OAuth \
        token issuer, a profile with an `OutputTokenFormat`. A session manager or a claims \
        provider named there issues nothing, and the relying party gets no token. Name the \
        token issuer (the starter pack's is `JwtIssuer`).",
    failing: example!(flow_steps!(
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="SM-AAD" />
"#
    )),
    passing: example!(flow_steps!(good_steps!())),
    source: "FACTS.md §6 \"Orchestration steps\" (SendClaims and its CpimIssuer); Microsoft Learn, \"JWT token issuer technical profile\"",
};

/// J011.
pub(super) static J011: RuleInfo = RuleInfo {
    code: "J011",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a SendClaims step has no claims exchanges",
    explanation: "A `SendClaims` step sends the token; it runs no claims provider. Claims \
        exchanges written inside it are never run, so whatever they were meant to add to the \
        token is missing. Move them to a `ClaimsExchange` step before it.",
    failing: example!(flow_steps!(
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
"#
    )),
    passing: example!(flow_steps!(good_steps!())),
    source: "FACTS.md §6 \"Orchestration steps\"; the XSD allows the element on every step type",
};

/// J012.
pub(super) static J012: RuleInfo = RuleInfo {
    code: "J012",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a step has something to do",
    explanation: "A `ClaimsExchange` step runs one of its claims exchanges, an \
        `InvokeSubJourney` step one of its `JourneyList` candidates, and a \
        `ClaimsProviderSelection` step offers its selections; the schema lets each of these \
        lists be left out, but a step without it has nothing to run or offer, and the journey \
        breaks there. (Restating a base step with only its preconditions is fine: the rule \
        reads journeys as merged along the chain.) Add what the step runs, or remove the step \
        and renumber the ones after it.",
    failing: example!(flow_steps!(
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="ClaimsExchange" />
        <OrchestrationStep Order="4" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
    )),
    passing: example!(flow_steps!(good_steps!())),
    source: "FACTS.md §6 \"Orchestration steps\" (what each step type runs)",
};

/// J013.
pub(super) static J013: RuleInfo = RuleInfo {
    code: "J013",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a ClaimEquals precondition compares a claim with a value of its type",
    explanation: "`ClaimEquals` compares a claim's value with a text. A boolean claim's value is \
        `true` or `false`, so a comparison with any other text (`yes`, `1`) is never equal, and \
        the step is always run or always skipped; a collection claim (`stringCollection` and the \
        like) never equals a single text at all. The schema and the upload accept both. Compare \
        a boolean with `true` or `false`; for a collection, compute a boolean first (a \
        `StringCollectionContains` transformation) and compare that.",
    failing: example!(flow_steps!(
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <Preconditions>
            <Precondition Type="ClaimEquals" ExecuteActionsIf="true">
              <Value>newUser</Value>
              <Value>yes</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
    )),
    passing: example!(flow_steps!(
        r#"        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="CollectExchange" TechnicalProfileReferenceId="Collect-Email" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <Preconditions>
            <Precondition Type="ClaimEquals" ExecuteActionsIf="true">
              <Value>newUser</Value>
              <Value>true</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadExchange" TechnicalProfileReferenceId="AAD-Read" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
    )),
    source: "FACTS.md §6 \"Orchestration steps\" (preconditions) and §1 (claim data types)",
};

pub(super) static MODULE: Module = Module {
    rules: &[
        &F001, &F002, &F003, &F004, &J009, &J010, &J011, &J012, &J013,
    ],
    run,
};

fn run(cx: &Context<'_>) {
    for d in check_leaves(cx.files, cx.leaves()) {
        cx.push(d);
    }
}

// ---- step types -----------------------------------------------------

fn step_rules(cx: &mut Cx) {
    let eff = cx.eff;
    let mut journeys: Vec<(ElementKind, &str, &[OrchestrationStep])> = Vec::new();
    for j in &eff.policy.user_journeys {
        journeys.push((ElementKind::UserJourney, j.id.id(), &j.steps));
    }
    for j in &eff.policy.sub_journeys {
        journeys.push((ElementKind::SubJourney, j.id.id(), &j.steps));
    }
    for (kind, jid, steps) in journeys {
        let what = if kind == ElementKind::UserJourney {
            "user journey"
        } else {
            "sub-journey"
        };
        for step in steps {
            let o = step.order;
            let exchanges: Vec<(usize, String, String)> = step
                .exchanges
                .iter()
                .flat_map(|x| x.exchanges.iter())
                .enumerate()
                .map(|(e, x)| (e, x.id.id().to_owned(), x.profile.id().to_owned()))
                .collect();
            match step.step_type {
                StepType::SendClaims => {
                    if !exchanges.is_empty() {
                        let at = step_origin(
                            eff,
                            kind,
                            jid,
                            o,
                            "ClaimsExchanges",
                            "/ClaimsExchanges[0]",
                        );
                        cx.diag(
                            at.as_ref(),
                            &J011,
                            format!("step {o} of {what} `{jid}` sends the token (SendClaims) but also has claims exchanges"),
                            Some("move the exchanges to a ClaimsExchange step before it".into()),
                            jid,
                        );
                    }
                    if let Some(issuer) = &step.cpim_issuer {
                        if let Some(f) = cx.facts(issuer.id()) {
                            if f.kind != ProfileKind::TokenIssuer {
                                let is = match f.kind {
                                    ProfileKind::SessionManager => "a session manager",
                                    _ => "not a token issuer (it has no OutputTokenFormat)",
                                };
                                let at = step_origin(
                                    eff,
                                    kind,
                                    jid,
                                    o,
                                    "",
                                    "@CpimIssuerTechnicalProfileReferenceId",
                                );
                                cx.diag(
                                    at.as_ref(),
                                    &J010,
                                    format!("step {o} of {what} `{jid}` issues the token with `{}`, which is {is}", f.display_id),
                                    Some("name a JWT or SAML token issuer (e.g. `JwtIssuer`) as CpimIssuerTechnicalProfileReferenceId".into()),
                                    issuer.id(),
                                );
                            }
                        }
                    }
                }
                StepType::ClaimsExchange if exchanges.is_empty() => {
                    let at = step_origin(eff, kind, jid, o, "", "@Order");
                    cx.diag(
                        at.as_ref(),
                        &J012,
                        format!("step {o} of {what} `{jid}` is a ClaimsExchange step without a claims exchange"),
                        Some("add a ClaimsExchange, or remove the step and renumber the ones after it".into()),
                        jid,
                    );
                }
                StepType::InvokeSubJourney if step.journey_list.is_empty() => {
                    let at = step_origin(eff, kind, jid, o, "", "@Order");
                    cx.diag(
                        at.as_ref(),
                        &J012,
                        format!("step {o} of {what} `{jid}` invokes a sub-journey but names none"),
                        Some("add <JourneyList><Candidate SubJourneyReferenceId=\"…\"/></JourneyList>".into()),
                        jid,
                    );
                }
                StepType::ClaimsProviderSelection
                    if step
                        .selections
                        .as_ref()
                        .is_none_or(|s| s.selections.is_empty()) =>
                {
                    let at = step_origin(eff, kind, jid, o, "", "@Order");
                    cx.diag(
                        at.as_ref(),
                        &J012,
                        format!("step {o} of {what} `{jid}` is a ClaimsProviderSelection step with no selection"),
                        Some("list the exchanges the user chooses from in ClaimsProviderSelections".into()),
                        jid,
                    );
                }
                _ => {}
            }
            if step.step_type != StepType::SendClaims {
                for (e, _, profile) in &exchanges {
                    let Some(f) = cx.facts(profile) else { continue };
                    let is = match f.kind {
                        ProfileKind::TokenIssuer => "a token issuer",
                        ProfileKind::SessionManager => "a session manager",
                        ProfileKind::Other => continue,
                    };
                    let at = step_origin(
                        eff,
                        kind,
                        jid,
                        o,
                        "ClaimsExchanges",
                        &format!(
                            "/ClaimsExchanges[0]/ClaimsExchange[{e}]@TechnicalProfileReferenceId"
                        ),
                    );
                    let help = match f.kind {
                        ProfileKind::TokenIssuer => "issue tokens in the SendClaims step (CpimIssuerTechnicalProfileReferenceId)",
                        _ => "a session manager is referenced from a profile's UseTechnicalProfileForSessionManagement, never run as a step",
                    };
                    cx.diag(
                        at.as_ref(),
                        &J009,
                        format!("step {o} of {what} `{jid}` runs `{}` as a claims exchange, but it is {is}", f.display_id),
                        Some(help.into()),
                        profile,
                    );
                }
            }
            for (n, p) in step.preconditions.iter().enumerate() {
                precondition_type(
                    cx,
                    p,
                    || {
                        step_origin(
                            eff,
                            kind,
                            jid,
                            o,
                            "Preconditions",
                            &format!("/Preconditions/Precondition[{n}]"),
                        )
                    },
                    &format!("step {o} of {what} `{jid}`"),
                );
            }
        }
    }
    // Preconditions of validation technical profiles.
    let profiles: Vec<&TechnicalProfile> = eff.technical_profiles().collect();
    for tp in profiles {
        for v in &tp.validation_technical_profiles {
            let part = format!("ValidationTechnicalProfile:{}", lc(v.reference.id()));
            for (n, p) in v.preconditions.iter().enumerate() {
                let at = || {
                    eff.provenance
                        .part(ElementKind::TechnicalProfile, tp.id.id(), &part)
                        .map(|o| Site {
                            file: o.file,
                            path: format!("{}/Preconditions/Precondition[{n}]", o.path),
                        })
                };
                precondition_type(
                    cx,
                    p,
                    at,
                    &format!("the validation profile `{}` of `{}`", v.reference, tp.id),
                );
            }
        }
    }
}

/// J013 for one precondition.
fn precondition_type(
    cx: &mut Cx,
    p: &Precondition,
    at: impl FnOnce() -> Option<Site>,
    context: &str,
) {
    if p.precondition_type != PreconditionType::ClaimEquals {
        return;
    }
    let (Some(claim), Some(value)) = (p.values.first(), p.values.get(1)) else {
        return;
    };
    let Some(dt) = cx.claim_type(claim) else {
        return;
    };
    let problem = match dt {
        DataType::Boolean
            if !value.trim().eq_ignore_ascii_case("true")
                && !value.trim().eq_ignore_ascii_case("false") =>
        {
            Some((
                format!("the boolean claim `{claim}` is compared with `{value}`, which is neither true nor false"),
                "compare with `true` or `false`".to_owned(),
            ))
        }
        DataType::StringCollection
        | DataType::AlternativeSecurityIdCollection
        | DataType::UserIdentityCollection
        | DataType::ObjectIdentityCollection => Some((
            format!("the collection claim `{claim}` is compared with the text `{value}`; a collection never equals a text"),
            "test membership with a StringCollectionContains claims transformation and compare its boolean result".to_owned(),
        )),
        _ => None,
    };
    if let Some((msg, help)) = problem {
        let origin = at();
        cx.diag(
            origin.as_ref(),
            &J013,
            format!(
                "a ClaimEquals precondition of {context}: {msg}, so it always decides the same way"
            ),
            Some(help),
            claim,
        );
    }
}

// ---- claim flow -------------------------------------------------------

/// One step of a journey with sub-journeys inlined: where it is and what
/// it runs.
#[derive(Debug, Clone)]
struct FlatStep<'a> {
    /// `(journey kind, journey id)` the step belongs to.
    journey: (ElementKind, &'a str),
    step: &'a OrchestrationStep,
    /// The sub-journeys a step invokes are inlined after it; this is the
    /// nesting depth.
    depth: usize,
}

fn inline<'a>(
    eff: &'a EffectivePolicy,
    journey: (ElementKind, &'a str),
    steps: &'a [OrchestrationStep],
    depth: usize,
    out: &mut Vec<FlatStep<'a>>,
    stack: &mut Vec<String>,
) -> bool {
    for step in steps {
        out.push(FlatStep {
            journey,
            step,
            depth,
        });
        if step.step_type == StepType::InvokeSubJourney && depth < MAX_DEPTH {
            for c in &step.journey_list {
                let id = c.sub_journey.id();
                let Some(sub) = eff.sub_journey(id) else {
                    continue;
                };
                if stack.contains(&lc(id)) {
                    continue;
                }
                stack.push(lc(id));
                let transfer = inline(
                    eff,
                    (ElementKind::SubJourney, sub.id.id()),
                    &sub.steps,
                    depth + 1,
                    out,
                    stack,
                );
                stack.pop();
                if transfer || sub.journey_type == SubJourneyType::Transfer {
                    return true;
                }
            }
        }
    }
    false
}

fn describe_journey(j: (ElementKind, &str)) -> String {
    match j.0 {
        ElementKind::SubJourney => format!("sub-journey `{}`", j.1),
        _ => format!("user journey `{}`", j.1),
    }
}

fn flow_rules(cx: &mut Cx, journey_id: &str) {
    let eff = cx.eff;
    let Some(journey) = eff.user_journey(journey_id) else {
        return;
    };
    let jkey = (ElementKind::UserJourney, journey.id.id());
    let mut steps = Vec::new();
    inline(eff, jkey, &journey.steps, 0, &mut steps, &mut Vec::new());
    // The flow is only as good as what is known of it: a step order used
    // twice in one declaration (J002), a profile or something a profile
    // uses that does not resolve (the R rules) leave it unknown, and
    // their own finding is the one to fix first.
    let repeated = |kind: ElementKind, id: &str| {
        eff.provenance
            .element(kind, id)
            .is_some_and(|e| e.has_repeated_steps())
    };
    if steps.iter().any(|s| repeated(s.journey.0, s.journey.1)) {
        return;
    }
    for s in &steps {
        for (_, profile) in runs_profiles(s.step) {
            match cx.facts(&profile) {
                Some(f) if !f.incomplete => {}
                _ => return,
            }
        }
    }

    // Initial claims: what the relying party may pass in.
    let rp_inputs: Vec<String> = cx
        .relying_party
        .and_then(|rp| rp.technical_profiles.first())
        .map(|tp| tp.input_claims.iter().map(|c| lc(c.claim.id())).collect())
        .unwrap_or_default();

    // ---- F001 / F002 / F004: against everything earlier steps output.
    // What they report is not reported again per path (F003).
    let mut reported: Reported = BTreeSet::new();
    let mut produced: BTreeSet<String> = rp_inputs.iter().cloned().collect();
    for s in &steps {
        let runs = runs_profiles(s.step);
        for (e, profile) in &runs {
            let Some(f) = cx.facts(profile) else { continue };
            for claim in &f.required {
                if produced.contains(&lc(claim)) || eff.claim_type(claim).is_none() {
                    continue;
                }
                reported.insert((s.step.order, s.journey.1.to_owned(), lc(profile), lc(claim)));
                // At the input claim: that is what the flow cannot feed.
                let at = profile_part(eff, profile, &format!("InputClaim:{}", lc(claim)))
                    .or_else(|| exchange_origin(eff, s, *e));
                cx.diag(
                    at.as_ref(),
                    &F001,
                    format!(
                        "claim `{claim}` is a required input claim of technical profile `{}` in step {} of {}, but no earlier step outputs it and the relying party does not pass it in",
                        f.display_id,
                        s.step.order,
                        describe_journey(s.journey)
                    ),
                    Some(format!(
                        "output `{claim}` in an earlier step, give the input claim a DefaultValue, or produce it with an input claims transformation of `{}`",
                        f.display_id
                    )),
                    claim,
                );
            }
            for (claim, transform) in &f.transform_inputs {
                if produced.contains(&lc(claim)) || eff.claim_type(claim).is_none() {
                    continue;
                }
                reported.insert((s.step.order, s.journey.1.to_owned(), lc(profile), lc(claim)));
                let at = profile_part(
                    eff,
                    profile,
                    &format!("InputClaimsTransformation:{}", lc(transform)),
                )
                .or_else(|| exchange_origin(eff, s, *e));
                cx.diag(
                    at.as_ref(),
                    &F002,
                    format!(
                        "claim `{claim}` is an input of claims transformation `{transform}`, which technical profile `{}` runs in step {} of {}, but no earlier step outputs it: the transformation fails when it runs",
                        f.display_id,
                        s.step.order,
                        describe_journey(s.journey)
                    ),
                    Some(format!("output `{claim}` in an earlier step, or give it a value before `{transform}` runs")),
                    claim,
                );
            }
        }
        for (_, profile) in &runs {
            if let Some(f) = cx.facts(profile) {
                produced.extend(f.outputs.iter().map(|(c, _)| c.to_string()));
            }
        }
    }
    if let Some(rp_tp) = cx
        .relying_party
        .and_then(|rp| rp.technical_profiles.first())
    {
        let rp_outputs: Vec<(usize, String)> = rp_tp
            .output_claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.default_value.is_none())
            .map(|(n, c)| (n, c.claim.id().to_owned()))
            .collect();
        for (n, claim) in rp_outputs {
            // An undefined claim is R001's finding.
            if produced.contains(&lc(&claim)) || eff.claim_type(&claim).is_none() {
                continue;
            }
            let origin = Site {
                file: cx.file,
                path: format!(
                    "TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[0]/OutputClaims/OutputClaim[{n}]"
                ),
            };
            cx.diag(
                Some(&origin),
                &F004,
                format!(
                    "claim `{claim}` is an output claim of the relying party, but no step of user journey `{}` outputs it",
                    journey.id
                ),
                Some("output it from a step of the journey, or give the relying party's output claim a DefaultValue".into()),
                &claim,
            );
        }
    }

    // ---- F003: along each path.
    paths(cx, &steps, &rp_inputs, &mut reported);
}

/// `(step order, journey id, lowercase profile id, lowercase claim id)`
/// already reported.
type Reported = BTreeSet<(i32, String, String, String)>;

/// The profiles a step may run: `(exchange index, profile id)`.
fn runs_profiles(step: &OrchestrationStep) -> Vec<(Option<usize>, String)> {
    match step.step_type {
        StepType::SendClaims => Vec::new(),
        StepType::GetClaims => step
            .cpim_issuer
            .iter()
            .map(|p| (None, p.id().to_owned()))
            .collect(),
        _ => step
            .exchanges
            .iter()
            .flat_map(|x| x.exchanges.iter())
            .enumerate()
            .map(|(e, x)| (Some(e), x.profile.id().to_owned()))
            .collect(),
    }
}

fn exchange_origin(eff: &EffectivePolicy, s: &FlatStep, e: Option<usize>) -> Option<Site> {
    match e {
        Some(e) => step_origin(
            eff,
            s.journey.0,
            s.journey.1,
            s.step.order,
            "ClaimsExchanges",
            &format!("/ClaimsExchanges[0]/ClaimsExchange[{e}]@TechnicalProfileReferenceId"),
        ),
        None => step_origin(
            eff,
            s.journey.0,
            s.journey.1,
            s.step.order,
            "",
            "@CpimIssuerTechnicalProfileReferenceId",
        ),
    }
}

/// What a path decided so far, for messages.
type Trail = Vec<String>;

/// Decides one precondition on a state: `Some(true)` the step is skipped,
/// `Some(false)` it runs, `None` either; with the states of each outcome.
fn precondition_outcomes(p: &Precondition, state: &State) -> Vec<(bool, State, String)> {
    if !p
        .actions
        .contains(&PreconditionAction::SkipThisOrchestrationStep)
    {
        return vec![(false, state.clone(), String::new())];
    }
    let Some(claim) = p.values.first() else {
        return vec![(false, state.clone(), String::new())];
    };
    let key: Rc<str> = lc(claim).into();
    let known = state.get(&key);
    // (condition holds, state in that case)
    let mut cases: Vec<(bool, State)> = Vec::new();
    match p.precondition_type {
        PreconditionType::ClaimsExist => match known {
            None => cases.push((false, state.clone())),
            Some(Known::Maybe) => {
                let mut yes = state.clone();
                yes.insert(key.clone(), Known::Present);
                let mut no = state.clone();
                no.remove(&key);
                cases.push((true, yes));
                cases.push((false, no));
            }
            Some(_) => cases.push((true, state.clone())),
        },
        PreconditionType::ClaimEquals => {
            let Some(value) = p.values.get(1) else {
                return vec![(false, state.clone(), String::new())];
            };
            match known {
                None => cases.push((false, state.clone())),
                Some(Known::Value(v)) => cases.push((**v == **value, state.clone())),
                Some(k) => {
                    let mut yes = state.clone();
                    yes.insert(key.clone(), Known::Value(value.as_str().into()));
                    cases.push((true, yes));
                    let mut no = state.clone();
                    if *k == Known::Maybe {
                        // Absent or another value: keep it unknown.
                        no.insert(key.clone(), Known::Maybe);
                    }
                    cases.push((false, no));
                }
            }
        }
    }
    let what = match p.precondition_type {
        PreconditionType::ClaimsExist => format!("`{claim}` exists"),
        PreconditionType::ClaimEquals => format!(
            "`{claim}` = `{}`",
            p.values.get(1).map(String::as_str).unwrap_or_default()
        ),
    };
    cases
        .into_iter()
        .map(|(holds, st)| {
            let skip = holds == p.execute_actions_if;
            let note = if skip {
                format!(
                    "step skipped because {}{what}",
                    if holds { "" } else { "not " }
                )
            } else {
                String::new()
            };
            (skip, st, note)
        })
        .collect()
}

fn paths(cx: &mut Cx, steps: &[FlatStep], rp_inputs: &[String], reported: &mut Reported) {
    let eff = cx.eff;
    let mut initial = State::new();
    for c in rp_inputs {
        initial.insert(c.as_str().into(), Known::Maybe);
    }
    let mut frontier: Vec<(State, Trail)> = vec![(initial, Vec::new())];
    for s in steps {
        let order = s.step.order;
        let mut next: Vec<(State, Trail)> = Vec::new();
        let mut seen: BTreeSet<State> = BTreeSet::new();
        let mut push = |next: &mut Vec<(State, Trail)>, st: State, trail: Trail| {
            if next.len() < MAX_STATES && seen.insert(st.clone()) {
                next.push((st, trail));
            }
        };
        for (state, trail) in frontier {
            // Preconditions: each one may skip the step.
            let mut running: Vec<(State, Trail)> = vec![(state, trail)];
            for p in &s.step.preconditions {
                let mut still = Vec::new();
                for (st, tr) in running {
                    for (skip, st2, note) in precondition_outcomes(p, &st) {
                        if skip {
                            let mut tr2 = tr.clone();
                            tr2.push(format!("{} {order}: {note}", step_word(s)));
                            push(&mut next, st2, tr2);
                        } else {
                            still.push((st2, tr.clone()));
                        }
                    }
                }
                running = still;
            }
            for (st, tr) in running {
                let runs = runs_profiles(s.step);
                let mut options: Vec<(Option<usize>, Option<String>)> =
                    runs.iter().map(|(e, p)| (*e, Some(p.clone()))).collect();
                // A sign-in page may end with the user picking another
                // provider: nothing of its own runs then.
                if s.step.step_type == StepType::CombinedSignInAndSignUp || options.is_empty() {
                    options.push((None, None));
                }
                let several = options.len() > 1;
                for (e, profile) in options {
                    let mut st2 = st.clone();
                    let mut tr2 = tr.clone();
                    if let Some(profile) = &profile {
                        if let Some(f) = cx.facts(profile) {
                            // Required input claims only: a transformation
                            // input absent on one path is not reported (B2C
                            // runs some methods without an absent input;
                            // Microsoft's phone sign-up sample relies on it).
                            let needs = f.required.iter().map(|c| (c.clone(), None::<String>));
                            let missing: Vec<(String, Option<String>)> = needs
                                .filter(|(c, _)| !st2.contains_key(lc(c).as_str()))
                                .collect();
                            for (claim, via) in missing {
                                let key = (order, s.journey.1.to_owned(), lc(profile), lc(&claim));
                                if !reported.insert(key) {
                                    continue;
                                }
                                let at = exchange_origin(eff, s, e);
                                let path = if tr2.is_empty() {
                                    "every earlier step runs".to_owned()
                                } else {
                                    tr2.join("; ")
                                };
                                let need = match &via {
                                    Some(t) => {
                                        format!("an input of its input claims transformation `{t}`")
                                    }
                                    None => "a required input claim".to_owned(),
                                };
                                cx.diag(
                                    at.as_ref(),
                                    &F003,
                                    format!(
                                        "technical profile `{}` runs in step {order} of {} without claim `{claim}` ({need}) on this path: {path}",
                                        f.display_id,
                                        describe_journey(s.journey)
                                    ),
                                    Some(format!("make sure `{claim}` is set on every path to this step, or skip the step when it is not (a ClaimsExist precondition)")),
                                    &claim,
                                );
                            }
                            for (c, k) in &f.outputs {
                                let keep =
                                    matches!(st2.get(c), Some(Known::Present | Known::Value(_)))
                                        && *k == Known::Maybe;
                                if !keep {
                                    st2.insert(c.clone(), k.clone());
                                }
                            }
                        }
                        if several {
                            tr2.push(format!("{} {order} runs `{profile}`", step_word(s)));
                        }
                    } else if several {
                        tr2.push(format!(
                            "{} {order}: the user picks another provider",
                            step_word(s)
                        ));
                    }
                    push(&mut next, st2, tr2);
                }
            }
        }
        frontier = next;
        // A SendClaims step ends the journey only in the sense that the
        // token is sent; steps after it (journey recorders) still run.
    }
}

fn step_word(s: &FlatStep) -> &'static str {
    if s.depth > 0 {
        "sub-journey step"
    } else {
        "step"
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::policy_file as file;
    use crate::check::set::check_sources;

    /// A sign-in with an identity provider that gives no email, then a
    /// directory write that runs the starter pack's
    /// `CreateOtherMailsFromEmail` (`AddItemToStringCollection`).
    fn write_after_idp(method: &str) -> String {
        let body = format!(
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="objectId"><DataType>string</DataType></ClaimType>
      <ClaimType Id="issuerUserId"><DataType>string</DataType></ClaimType>
      <ClaimType Id="email"><DataType>string</DataType></ClaimType>
      <ClaimType Id="otherMails"><DataType>stringCollection</DataType></ClaimType>
    </ClaimsSchema>
    <ClaimsTransformations>
      <ClaimsTransformation Id="CreateOtherMailsFromEmail" TransformationMethod="{method}">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="email" TransformationClaimType="item" />
          <InputClaim ClaimTypeReferenceId="otherMails" TransformationClaimType="collection" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="otherMails" TransformationClaimType="collection" />
        </OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Providers</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="Idp-OIDC">
          <Protocol Name="OpenIdConnect" />
          <Metadata>
            <Item Key="METADATA">https://idp.example.com/.well-known/openid-configuration</Item>
            <Item Key="client_id">0f0e6a7a-b543-4ce0-8c42-855c89f9a9b0</Item>
          </Metadata>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="sub" />
          </OutputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="AAD-Write">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata><Item Key="Operation">Write</Item></Metadata>
          <InputClaimsTransformations>
            <InputClaimsTransformation ReferenceId="CreateOtherMailsFromEmail" />
          </InputClaimsTransformations>
          <PersistedClaims>
            <PersistedClaim ClaimTypeReferenceId="otherMails" />
          </PersistedClaims>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="objectId" />
          </OutputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="JwtIssuer">
          <Protocol Name="OpenIdConnect" />
          <OutputTokenFormat>JWT</OutputTokenFormat>
          <CryptographicKeys>
            <Key Id="issuer_secret" StorageReferenceId="B2C_1A_TokenSigningKeyContainer" />
          </CryptographicKeys>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="Idp" TechnicalProfileReferenceId="Idp-OIDC" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="Write" TechnicalProfileReferenceId="AAD-Write" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="SignIn" />
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
      <OutputClaims><OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub" /></OutputClaims>
      <SubjectNamingInfo ClaimType="sub" />
    </TechnicalProfile>
  </RelyingParty>
"#
        );
        file("B2C_1A_SignIn", None, &body)
    }

    fn f002_claims(method: &str) -> Vec<String> {
        let xml = write_after_idp(method);
        check_sources([("SignIn.xml", xml.as_str())])
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "F002")
            .filter_map(|d| d.id)
            .collect()
    }

    #[test]
    fn a_collection_that_may_be_new_is_not_a_missing_input() {
        // The item has no source (F002); the collection it is added to may
        // be new, as the method documents.
        assert_eq!(f002_claims("AddItemToStringCollection"), ["email"]);
        // Another method reads both inputs as given.
        assert_eq!(
            f002_claims("GetSingleItemFromStringCollection"),
            ["email", "otherMails"]
        );
    }
}
