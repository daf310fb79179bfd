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
//! not checked for flow.
//!
//! - F001 (error, upload): a `Required` input claim without `DefaultValue`
//!   that no earlier step outputs, that the relying party does not supply
//!   (its `InputClaims`), and that the profile's own input claims
//!   transformations do not produce. "Earlier" is every step with a lower
//!   order, whatever its preconditions: B2C's own check reads the steps
//!   that way.
//! - F002 (warning, run time): an input claim of a profile's input claims
//!   transformation that nothing before it produces. B2C accepts the
//!   upload; the transformation fails when it runs.
//! - F003 (warning, run time): along one path through the journey (which
//!   exchange each step takes, which preconditions skip which steps), a
//!   step runs while a required input claim of its profile (as in F001)
//!   is certainly absent. The path is given in the message. (An input of
//!   an input claims transformation absent on one path is not reported:
//!   some methods run without it, and Microsoft's phone sign-up sample
//!   relies on that.)
//! - F004 (error, upload): a relying-party output claim without
//!   `DefaultValue` that no step of the journey (or of the sub-journeys it
//!   invokes) outputs.
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
//! - J009 (error): a token issuer (a profile with an `OutputTokenFormat`)
//!   or a session manager (an `…SSOSessionProvider` handler) run as a
//!   claims exchange.
//! - J010 (error): a `SendClaims` step whose issuer is not a token issuer.
//! - J011 (error): a `SendClaims` step with claims exchanges.
//! - J012 (error): a step with nothing to do: `ClaimsExchange` without
//!   exchanges, `InvokeSubJourney` without a candidate,
//!   `ClaimsProviderSelection` without selections.
//! - J013 (error): a `ClaimEquals` precondition on a boolean claim with a
//!   value other than `true`/`false`, or on a collection claim (it never
//!   equals a text, so the step always or never runs).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::set::Diagnostic;
use super::Severity;
use crate::claims::DataType;
use crate::import::Imported;
use crate::journeys::{
    OrchestrationStep, Precondition, PreconditionAction, PreconditionType, StepType, SubJourneyType,
};
use crate::providers::{TechnicalProfile, TokenFormat};
use crate::resolve::{EffectivePolicy, ElementKind, Origin};

/// How many distinct claim states the path analysis follows per step.
pub const MAX_STATES: usize = 256;

/// How deep sub-journeys are followed (a sub-journey invoking itself
/// stops there).
const MAX_DEPTH: usize = 8;

fn lc(s: &str) -> String {
    s.to_lowercase()
}

/// What is known of a claim on a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Known {
    /// Present or absent: not known.
    Maybe,
    /// Present, value unknown.
    Present,
    /// Present with this value.
    Value(String),
}

/// The claims on a path: lowercase id -> what is known (absent ids are
/// certainly absent).
type State = BTreeMap<String, Known>;

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
        tp.output_token_format,
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
    outputs: Vec<(String, Known)>,
    /// Whether something the profile refers to (a transformation, a
    /// validation profile, an include) does not resolve: what it would
    /// add is unknown.
    incomplete: bool,
}

struct Cx<'a> {
    files: &'a [Imported],
    eff: &'a EffectivePolicy,
    facts: HashMap<String, Option<Facts>>,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    fn facts(&mut self, id: &str) -> Option<Facts> {
        let key = lc(id);
        if let Some(f) = self.facts.get(&key) {
            return f.clone();
        }
        // A placeholder first: a validation profile that validates with
        // itself ends here.
        self.facts.insert(key.clone(), None);
        let f = self
            .eff
            .profile_with_includes(id)
            .map(|tp| self.compute(&tp));
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
        let mut validated: HashMap<String, Known> = HashMap::new();
        for v in &tp.validation_technical_profiles {
            let Some(vf) = self.facts(v.reference.id()) else {
                incomplete = true;
                continue;
            };
            incomplete |= vf.incomplete;
            for (c, k) in vf.outputs {
                let k = if v.preconditions.is_empty() {
                    k
                } else {
                    Known::Maybe
                };
                validated.insert(c, k);
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
                if !produced.contains(&id) {
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
        let mut outputs: Vec<(String, Known)> = Vec::new();
        for id in transform_outputs(&tp.input_claims_transformations) {
            outputs.push((id, Known::Present));
        }
        for c in &tp.output_claims {
            // A default is taken as the value: a provider that returns the
            // claim itself could override it, but the defaults that
            // preconditions test (`authenticationSource`, …) are set on
            // profiles that do not.
            let known = match &c.default_value {
                Some(v) if !v.contains('{') => Known::Value(v.clone()),
                Some(_) => Known::Present,
                None => match validated.get(&lc(c.claim.id())) {
                    Some(k @ Known::Value(_)) => k.clone(),
                    _ => plain.clone(),
                },
            };
            outputs.push((lc(c.claim.id()), known));
        }
        for id in transform_outputs(&tp.output_claims_transformations) {
            outputs.push((id, plain.clone()));
        }
        // A session manager restores its output claims when the session
        // is reused (`objectIdFromSession`, `isActiveMFASession`): maybe.
        if let Some(sm) = tp
            .session_management
            .as_ref()
            .and_then(|r| self.eff.profile_with_includes(r.reference.id()))
        {
            for c in &sm.output_claims {
                let id = lc(c.claim.id());
                if !outputs.iter().any(|(o, _)| *o == id) {
                    outputs.push((id, Known::Maybe));
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
        origin: Option<&Origin>,
        code: &'static str,
        severity: Severity,
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
            None => (self.files[self.eff.file].file.clone(), None),
        };
        self.out.push(Diagnostic {
            file,
            pos,
            code,
            severity,
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
fn profile_part(eff: &EffectivePolicy, id: &str, part: &str) -> Option<Origin> {
    let mut seen: Vec<String> = Vec::new();
    let mut cur = id.to_owned();
    loop {
        if let Some(o) = eff
            .provenance
            .part(ElementKind::TechnicalProfile, &cur, part)
        {
            return Some(o.clone());
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
) -> Option<Origin> {
    let key = if part.is_empty() {
        format!("Step:{order}")
    } else {
        format!("Step:{order}/{part}")
    };
    eff.provenance
        .part(kind, journey, &key)
        .or_else(|| eff.provenance.part(kind, journey, &format!("Step:{order}")))
        .map(|o| Origin {
            file: o.file,
            path: format!("{}{tail}", o.path),
        })
}

/// Runs the flow and step rules over effective policies of a set: those
/// of its leaves ([`crate::resolve::resolve_leaves`]) see every journey of
/// the set, each in the context it runs in. A journey shared by several
/// leaves is reported once per distinct finding.
pub fn check(files: &[Imported], policies: &[EffectivePolicy]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for eff in policies {
        if !eff.chain.is_complete() {
            continue;
        }
        let mut cx = Cx {
            files,
            eff,
            facts: HashMap::new(),
            out: &mut out,
        };
        step_rules(&mut cx);
        // The default journey only: a relying party's other endpoints
        // (the token endpoint's `RedeemRefreshToken`) start from claims
        // the refresh token carries, and its output claims are not theirs.
        if let Some(journey) = eff
            .relying_party()
            .and_then(|rp| rp.default_user_journey.as_ref())
        {
            flow_rules(&mut cx, journey.reference.id());
        }
    }
    out.sort();
    out.dedup();
    out
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
                            "J011",
                            Severity::Error,
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
                                    "J010",
                                    Severity::Error,
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
                        "J012",
                        Severity::Error,
                        format!("step {o} of {what} `{jid}` is a ClaimsExchange step without a claims exchange"),
                        Some("add a ClaimsExchange, or remove the step and renumber the ones after it".into()),
                        jid,
                    );
                }
                StepType::InvokeSubJourney if step.journey_list.is_empty() => {
                    let at = step_origin(eff, kind, jid, o, "", "@Order");
                    cx.diag(
                        at.as_ref(),
                        "J012",
                        Severity::Error,
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
                        "J012",
                        Severity::Error,
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
                        "J009",
                        Severity::Error,
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
                        .map(|o| Origin {
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
    at: impl FnOnce() -> Option<Origin>,
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
            "J013",
            Severity::Error,
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
            .is_some_and(|e| e.parts.keys().any(|k| k.ends_with("/repeated")))
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
    let rp_inputs: Vec<String> = eff
        .relying_party()
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
                    "F001",
                    Severity::Error,
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
                    "F002",
                    Severity::Warning,
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
                produced.extend(f.outputs.iter().map(|(c, _)| c.clone()));
            }
        }
    }
    if let Some(rp_tp) = eff
        .relying_party()
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
            let origin = Origin {
                file: eff.file,
                path: format!(
                    "TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[0]/OutputClaims/OutputClaim[{n}]"
                ),
            };
            cx.diag(
                Some(&origin),
                "F004",
                Severity::Error,
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

fn exchange_origin(eff: &EffectivePolicy, s: &FlatStep, e: Option<usize>) -> Option<Origin> {
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
    let key = lc(claim);
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
                Some(Known::Value(v)) => cases.push((v == value, state.clone())),
                Some(k) => {
                    let mut yes = state.clone();
                    yes.insert(key.clone(), Known::Value(value.clone()));
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
        initial.insert(c.clone(), Known::Maybe);
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
                            let missing: Vec<(String, Option<String>)> =
                                needs.filter(|(c, _)| !st2.contains_key(&lc(c))).collect();
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
                                    "F003",
                                    Severity::Warning,
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
