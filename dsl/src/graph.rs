//! The journey graph: what a relying party runs, drawn as Mermaid or
//! Graphviz (`ief graph`).
//!
//! [`Graph::of`] reads an [`EffectivePolicy`] (the chain already merged, so
//! a step restated by a child shows as B2C runs it) and builds a small
//! model: one cluster per journey ([`Journey`]), one node per
//! orchestration step ([`Node`]) and the edges between them ([`Edge`]).
//! [`to_mermaid`] and [`to_dot`] render that model; both are deterministic
//! (same policy, same bytes).
//!
//! What is drawn:
//!
//! - the relying party, with an edge to each journey it starts (its
//!   `DefaultUserJourney`, then its endpoints' journeys); a policy without
//!   a relying party draws every user journey it has;
//! - every step of those journeys, in order: order and type, the content
//!   definition, the preconditions (`skip if objectId exists`), each claims
//!   exchange with its technical profile and the profile's kind
//!   ([`ProfileKind`]), the issuer of a `SendClaims` step, the sub-journeys
//!   an `InvokeSubJourney` step invokes;
//! - `next` edges from each step to the following one; a `SendClaims` step,
//!   or one that invokes a sub-journey, has instead (when it has
//!   preconditions) an `if skipped` edge;
//! - a selection edge, labelled with the exchange id, from a step with a
//!   `TargetClaimsExchangeId` to the later step that holds that exchange
//!   (a `ValidationClaimsExchangeId` stays within its step: the exchange
//!   is marked there);
//! - the sub-journeys invoked, each once, as clusters of their own: a
//!   `call` edge into a `Call` sub-journey and a `return` edge from its last
//!   step to the step after the caller's, a `transfer` edge into a
//!   `Transfer` sub-journey (control does not come back).
//!
//! A reference that does not resolve (a journey, a sub-journey, a
//! technical profile, a selection target) is drawn as such ("not
//! defined"), never dropped, so a broken policy still draws.

use crate::hash::HashMap;
use std::collections::BTreeSet;
use std::fmt;

use crate::journeys::{
    OrchestrationStep, Precondition, PreconditionAction, PreconditionType, StepType, SubJourneyType,
};
use crate::providers::{ProtocolName, TechnicalProfile};
use crate::resolve::EffectivePolicy;

/// What a technical profile does, from its `Protocol` (name and handler)
/// and its output token format, as a reviewer would name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProfileKind {
    /// A self-asserted page (`SelfAssertedAttributeProvider`).
    SelfAsserted,
    /// An OpenID Connect identity provider.
    OpenIdConnect,
    /// An OAuth 1.0 identity provider.
    OAuth1,
    /// An OAuth 2.0 identity provider.
    OAuth2,
    /// A SAML 2.0 identity provider.
    Saml,
    /// WS-Federation.
    WsFed,
    /// WS-Trust.
    WsTrust,
    /// U-Prove 1.1.
    UProve,
    /// A REST API call (`RestfulProvider`).
    Rest,
    /// Azure AD directory reads and writes (`AzureActiveDirectoryProvider`).
    AzureActiveDirectory,
    /// Claims transformations as a step
    /// (`ClaimsTransformationProtocolProvider`).
    ClaimsTransformation,
    /// Issues the token to the relying party (the profile has an
    /// `OutputTokenFormat` and no partner in its metadata, e.g.
    /// `JwtIssuer`).
    TokenIssuer,
    /// A session manager (`*SSOSessionProvider`).
    SessionManager,
    /// Application Insights events.
    ApplicationInsights,
    /// One-time passwords (`OneTimePasswordProtocolProvider`).
    OneTimePassword,
    /// Azure AD MFA (`AzureMfaProtocolProvider`).
    AzureMfa,
    /// Phone factor verification (`PhoneFactorProtocolProvider`).
    PhoneFactor,
    /// Email verification through Azure AD SSPR (`AadSsprProtocolProvider`).
    AadSspr,
    /// Journey context (`UserJourneyContextProvider`).
    JourneyContext,
    /// Conditional Access (`ConditionalAccessProtocolProvider`).
    ConditionalAccess,
    /// `Protocol Name="None"` and no output token format.
    NoProtocol,
    /// Another `Proprietary` handler: its short name (the class name
    /// without `Web.TPEngine.` and the assembly part).
    Handler(String),
    /// The profile (with its `IncludeTechnicalProfile` chain) has no
    /// `Protocol`.
    ProtocolNotSet,
    /// No technical profile of that id in the policy or its bases.
    Undefined,
}

/// The metadata keys that point an identity-provider profile at its
/// partner (OpenID Connect discovery, OAuth endpoints, SAML metadata): no
/// token issuer has one.
const PARTNER_KEYS: &[&str] = &[
    "METADATA",
    "authorization_endpoint",
    "request_token_endpoint",
    "AccessTokenEndpoint",
    "PartnerEntity",
];

/// The `OutputTokenFormat` of `profile` when it is a token issuer: it has
/// one and its metadata names no partner to federate with
/// ([`PARTNER_KEYS`]; Microsoft's own Azure AD sample is an OpenID Connect
/// identity provider with `OutputTokenFormat` JWT beside its `METADATA`).
pub(crate) fn issuer_format(profile: &TechnicalProfile) -> Option<crate::providers::TokenFormat> {
    profile
        .output_token_format
        .filter(|_| !names_a_partner(profile))
}

/// Whether `profile`'s metadata names a partner to federate with
/// ([`PARTNER_KEYS`]).
pub(crate) fn names_a_partner(profile: &TechnicalProfile) -> bool {
    profile.metadata.iter().any(|item| {
        PARTNER_KEYS
            .iter()
            .any(|k| item.key.trim().eq_ignore_ascii_case(k))
    })
}

impl ProfileKind {
    /// The kind of `profile` (pass the profile with its includes applied,
    /// [`EffectivePolicy::profile_with_includes`], since the protocol is
    /// often in an included profile).
    pub fn of(profile: &TechnicalProfile) -> ProfileKind {
        if issuer_format(profile).is_some() {
            return ProfileKind::TokenIssuer;
        }
        let Some(protocol) = &profile.protocol else {
            return ProfileKind::ProtocolNotSet;
        };
        match protocol.name {
            ProtocolName::None => ProfileKind::NoProtocol,
            ProtocolName::OAuth1 => ProfileKind::OAuth1,
            ProtocolName::OAuth2 => ProfileKind::OAuth2,
            ProtocolName::Saml2 => ProfileKind::Saml,
            ProtocolName::OpenIdConnect => ProfileKind::OpenIdConnect,
            ProtocolName::WsFed => ProfileKind::WsFed,
            ProtocolName::WsTrust => ProfileKind::WsTrust,
            ProtocolName::UProve11 => ProfileKind::UProve,
            ProtocolName::Proprietary => match &protocol.handler {
                Some(handler) => ProfileKind::of_handler(handler),
                None => ProfileKind::Handler("Proprietary without Handler".to_owned()),
            },
        }
    }

    /// The kind of a `Proprietary` handler, e.g.
    /// `Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=…`.
    pub fn of_handler(handler: &str) -> ProfileKind {
        let class = handler.split(',').next().unwrap_or(handler).trim();
        let short = class.strip_prefix("Web.TPEngine.").unwrap_or(class);
        let name = short
            .rsplit('.')
            .next()
            .unwrap_or(short)
            .to_ascii_lowercase();
        match name.as_str() {
            "selfassertedattributeprovider" => ProfileKind::SelfAsserted,
            "azureactivedirectoryprovider" => ProfileKind::AzureActiveDirectory,
            "claimstransformationprotocolprovider" => ProfileKind::ClaimsTransformation,
            "restfulprovider" => ProfileKind::Rest,
            "azureapplicationinsightsprovider" => ProfileKind::ApplicationInsights,
            "onetimepasswordprotocolprovider" => ProfileKind::OneTimePassword,
            "azuremfaprotocolprovider" => ProfileKind::AzureMfa,
            "phonefactorprotocolprovider" => ProfileKind::PhoneFactor,
            "aadssprprotocolprovider" => ProfileKind::AadSspr,
            "userjourneycontextprovider" => ProfileKind::JourneyContext,
            "conditionalaccessprotocolprovider" => ProfileKind::ConditionalAccess,
            n if n.ends_with("ssosessionprovider") => ProfileKind::SessionManager,
            _ => ProfileKind::Handler(short.to_owned()),
        }
    }

    /// The kind as shown in a graph: `self-asserted`, `OIDC`, `REST`, …
    pub fn label(&self) -> &str {
        match self {
            ProfileKind::SelfAsserted => "self-asserted",
            ProfileKind::OpenIdConnect => "OIDC",
            ProfileKind::OAuth1 => "OAuth1",
            ProfileKind::OAuth2 => "OAuth2",
            ProfileKind::Saml => "SAML",
            ProfileKind::WsFed => "WS-Fed",
            ProfileKind::WsTrust => "WS-Trust",
            ProfileKind::UProve => "U-Prove",
            ProfileKind::Rest => "REST",
            ProfileKind::AzureActiveDirectory => "AAD",
            ProfileKind::ClaimsTransformation => "claims transformation",
            ProfileKind::TokenIssuer => "token issuer",
            ProfileKind::SessionManager => "session manager",
            ProfileKind::ApplicationInsights => "App Insights",
            ProfileKind::OneTimePassword => "one-time password",
            ProfileKind::AzureMfa => "Azure MFA",
            ProfileKind::PhoneFactor => "phone factor",
            ProfileKind::AadSspr => "AAD SSPR",
            ProfileKind::JourneyContext => "journey context",
            ProfileKind::ConditionalAccess => "conditional access",
            ProfileKind::NoProtocol => "no protocol",
            ProfileKind::Handler(name) => name,
            ProfileKind::ProtocolNotSet => "protocol not set",
            ProfileKind::Undefined => "not defined",
        }
    }
}

impl fmt::Display for ProfileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What a cluster of the graph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JourneyKind {
    /// A `UserJourney`.
    UserJourney,
    /// A `SubJourney` of the given type.
    SubJourney(SubJourneyType),
    /// A user journey that is referenced but not defined.
    UndefinedUserJourney,
    /// A sub-journey that is referenced but not defined.
    UndefinedSubJourney,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// The relying party that starts the journeys.
    RelyingParty,
    /// An orchestration step.
    Step {
        /// Its `Order`.
        order: i32,
        /// Its `Type`.
        step_type: StepType,
        /// Whether it has preconditions (it may be skipped).
        conditional: bool,
    },
    /// Stands for a journey that is not defined, or has no steps.
    Placeholder,
}

/// A node: its id (unique in the graph, `[A-Za-z0-9_]+`) and its label,
/// one line per entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The node id, safe to use unquoted in Mermaid and DOT.
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// The label's lines, as plain text (the renderers escape them).
    pub lines: Vec<String>,
}

/// A journey drawn as a cluster (a Mermaid `subgraph`, a DOT
/// `cluster_…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journey {
    /// The cluster id, unique in the graph, `[A-Za-z0-9_]+`.
    pub id: String,
    /// The journey's id as written in the policy.
    pub journey_id: String,
    /// What kind of journey it is.
    pub kind: JourneyKind,
    /// The cluster's title, e.g. `UserJourney SignUpOrSignIn`.
    pub title: String,
    /// The steps in order (or one placeholder).
    pub nodes: Vec<Node>,
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// The relying party starts the journey (label: `default`, or
    /// `endpoint ID`).
    Start,
    /// The next step.
    Next,
    /// The next step when this one (a terminal one: `SendClaims`, or an
    /// invocation) is skipped by its preconditions.
    Skip,
    /// A claims-provider selection: the user's choice leads to the step
    /// holding the target exchange (label: the exchange id).
    Select,
    /// Into a `Call` sub-journey (control returns).
    Call,
    /// Into a `Transfer` sub-journey (control does not return).
    Transfer,
    /// From a `Call` sub-journey's last step back to the caller's next
    /// step.
    Return,
}

/// An edge between two nodes (by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The source node id.
    pub from: String,
    /// The target node id.
    pub to: String,
    /// What the edge means.
    pub kind: EdgeKind,
    /// The label, if any.
    pub label: Option<String>,
}

/// The journey graph of one policy (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    /// The policy's `PolicyId`.
    pub policy_id: String,
    /// The relying-party node, when the policy has a relying party.
    pub relying_party: Option<Node>,
    /// The journeys: those started, in order, then the sub-journeys in the
    /// order they are first invoked.
    pub journeys: Vec<Journey>,
    /// The edges: start edges, then each journey's in step order.
    pub edges: Vec<Edge>,
}

impl Graph {
    /// The graph of `policy`'s relying party (or, for a policy without
    /// one, of all its user journeys).
    pub fn of(policy: &EffectivePolicy) -> Graph {
        Builder::new(policy).build()
    }

    /// Every node: the relying party's, then each journey's.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.relying_party
            .iter()
            .chain(self.journeys.iter().flat_map(|j| j.nodes.iter()))
    }

    /// The node `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes().find(|n| n.id == id)
    }

    /// The journey (or sub-journey) `journey_id` (ignoring case), the
    /// first of that id.
    pub fn journey(&self, journey_id: &str) -> Option<&Journey> {
        self.journeys
            .iter()
            .find(|j| j.journey_id.eq_ignore_ascii_case(journey_id))
    }
}

/// `s` as a node id: ASCII letters, digits and `_` kept, everything else
/// `_`.
fn sanitize(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.is_empty() {
        "_".to_owned()
    } else {
        out
    }
}

/// A precondition in words: `skip if objectId exists`,
/// `skip unless authenticationSource = socialIdpAuthentication`.
pub fn describe_precondition<P>(p: &Precondition<P>) -> String {
    let claim = p.values.first().map(String::as_str).unwrap_or("?");
    let condition = match p.precondition_type {
        PreconditionType::ClaimsExist => format!("{claim} exists"),
        PreconditionType::ClaimEquals => format!(
            "{claim} = {}",
            p.values.get(1).map(String::as_str).unwrap_or("?")
        ),
    };
    let skip_step = p
        .actions
        .iter()
        .all(|a| *a == PreconditionAction::SkipThisOrchestrationStep);
    let action = if skip_step {
        "skip".to_owned()
    } else {
        p.actions
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let when = if p.execute_actions_if { "if" } else { "unless" };
    format!("{action} {when} {condition}")
}

/// Which journey a cluster stands for: (is a sub-journey, lowercase id).
type JourneyKey = (bool, String);

struct Builder<'a> {
    policy: &'a EffectivePolicy,
    used: BTreeSet<String>,
    journeys: Vec<Journey>,
    by_key: HashMap<JourneyKey, usize>,
    edges: Vec<Edge>,
}

impl<'a> Builder<'a> {
    fn new(policy: &'a EffectivePolicy) -> Self {
        Builder {
            policy,
            used: BTreeSet::new(),
            journeys: Vec::new(),
            by_key: HashMap::default(),
            edges: Vec::new(),
        }
    }

    /// A fresh id from `base` (sanitized, unique in the graph).
    fn fresh(&mut self, base: &str) -> String {
        let base = sanitize(base);
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }

    fn build(mut self) -> Graph {
        let policy = self.policy;
        let policy_id = policy.policy.policy_id.id().to_owned();
        // Roots: what the relying party starts, with the start edge's label.
        let mut roots: Vec<(Option<String>, String)> = Vec::new();
        let relying_party = match policy.relying_party() {
            Some(rp) => {
                if let Some(d) = &rp.default_user_journey {
                    roots.push((Some("default".to_owned()), d.reference.id().to_owned()));
                }
                for e in &rp.endpoints {
                    roots.push((
                        Some(format!("endpoint {}", e.id)),
                        e.journey.id().to_owned(),
                    ));
                }
                let id = self.fresh("rp");
                Some(Node {
                    id,
                    kind: NodeKind::RelyingParty,
                    lines: vec![policy_id.clone(), "relying party".to_owned()],
                })
            }
            None => {
                for j in &policy.policy.user_journeys {
                    roots.push((None, j.id.id().to_owned()));
                }
                None
            }
        };
        // Place the clusters: roots, then sub-journeys breadth first.
        let mut queue: Vec<JourneyKey> = Vec::new();
        for (_, id) in &roots {
            queue.push((false, id.to_lowercase()));
        }
        let mut i = 0;
        while i < queue.len() {
            let (sub, key) = queue[i].clone();
            i += 1;
            if self.by_key.contains_key(&(sub, key.clone())) {
                continue;
            }
            let display = if sub {
                policy
                    .sub_journey(&key)
                    .map(|s| s.id.id().to_owned())
                    .or_else(|| self.written_sub_id(&key))
            } else {
                policy
                    .user_journey(&key)
                    .map(|j| j.id.id().to_owned())
                    .or_else(|| {
                        roots
                            .iter()
                            .find(|(_, r)| r.eq_ignore_ascii_case(&key))
                            .map(|(_, r)| r.clone())
                    })
            }
            .unwrap_or_else(|| key.clone());
            let at = self.place(sub, &display);
            self.by_key.insert((sub, key), at);
            for step in self.steps_of(at) {
                for c in &step.journey_list {
                    queue.push((true, c.sub_journey.id().to_lowercase()));
                }
            }
        }
        if let Some(rp) = &relying_party {
            for (label, id) in roots {
                let Some(&at) = self.by_key.get(&(false, id.to_lowercase())) else {
                    continue;
                };
                if let Some(first) = self.journeys[at].nodes.first() {
                    self.edges.push(Edge {
                        from: rp.id.clone(),
                        to: first.id.clone(),
                        kind: EdgeKind::Start,
                        label,
                    });
                }
            }
        }
        for at in 0..self.journeys.len() {
            self.journey_edges(at);
        }
        Graph {
            policy_id,
            relying_party,
            journeys: self.journeys,
            edges: self.edges,
        }
    }

    /// The sub-journey id as written in the first reference to it, for a
    /// sub-journey that is not defined.
    fn written_sub_id(&self, key: &str) -> Option<String> {
        let p = &self.policy.policy;
        p.user_journeys
            .iter()
            .flat_map(|j| j.steps.iter())
            .chain(p.sub_journeys.iter().flat_map(|j| j.steps.iter()))
            .flat_map(|s| s.journey_list.iter())
            .map(|c| c.sub_journey.id())
            .find(|id| id.eq_ignore_ascii_case(key))
            .map(str::to_owned)
    }

    /// The steps of the journey of cluster `at`, sorted by order.
    fn steps_of(&self, at: usize) -> Vec<&'a OrchestrationStep> {
        let j = &self.journeys[at];
        let mut steps: Vec<&OrchestrationStep> = match j.kind {
            JourneyKind::UserJourney => self
                .policy
                .user_journey(&j.journey_id)
                .map(|u| u.steps.iter().collect())
                .unwrap_or_default(),
            JourneyKind::SubJourney(_) => self
                .policy
                .sub_journey(&j.journey_id)
                .map(|s| s.steps.iter().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        steps.sort_by_key(|s| s.order);
        steps
    }

    /// Creates the cluster of journey `id` with its nodes; returns its
    /// index.
    fn place(&mut self, sub: bool, id: &str) -> usize {
        let policy = self.policy;
        let (kind, title, steps, default_issuer) = if sub {
            match policy.sub_journey(id) {
                Some(s) => (
                    JourneyKind::SubJourney(s.journey_type),
                    format!("SubJourney {} ({})", s.id.id(), s.journey_type),
                    s.steps.iter().collect::<Vec<_>>(),
                    None,
                ),
                None => (
                    JourneyKind::UndefinedSubJourney,
                    format!("SubJourney {id} (not defined)"),
                    Vec::new(),
                    None,
                ),
            }
        } else {
            match policy.user_journey(id) {
                Some(j) => (
                    JourneyKind::UserJourney,
                    format!("UserJourney {}", j.id.id()),
                    j.steps.iter().collect::<Vec<_>>(),
                    j.default_cpim_issuer.as_ref().map(|r| r.id().to_owned()),
                ),
                None => (
                    JourneyKind::UndefinedUserJourney,
                    format!("UserJourney {id} (not defined)"),
                    Vec::new(),
                    None,
                ),
            }
        };
        let mut steps = steps;
        steps.sort_by_key(|s| s.order);
        let cluster = self.fresh(&format!("{}_{id}", if sub { "sj" } else { "uj" }));
        let mut nodes = Vec::new();
        for step in &steps {
            let suffix = if step.order < 0 {
                format!("sm{}", step.order.unsigned_abs())
            } else {
                format!("s{}", step.order)
            };
            let node_id = self.fresh(&format!("{cluster}_{suffix}"));
            nodes.push(Node {
                id: node_id,
                kind: NodeKind::Step {
                    order: step.order,
                    step_type: step.step_type,
                    conditional: !step.preconditions.is_empty(),
                },
                lines: self.step_lines(step, &steps, default_issuer.as_deref()),
            });
        }
        if nodes.is_empty() {
            let what = match kind {
                JourneyKind::UndefinedUserJourney => {
                    format!("UserJourney {id}: not defined in the policy or its bases")
                }
                JourneyKind::UndefinedSubJourney => {
                    format!("SubJourney {id}: not defined in the policy or its bases")
                }
                _ => format!("{title}: no steps"),
            };
            let node_id = self.fresh(&format!("{cluster}_none"));
            nodes.push(Node {
                id: node_id,
                kind: NodeKind::Placeholder,
                lines: vec![what],
            });
        }
        self.journeys.push(Journey {
            id: cluster,
            journey_id: id.to_owned(),
            kind,
            title,
            nodes,
        });
        self.journeys.len() - 1
    }

    /// `PROFILE (kind)`, the kind from the merged profile with its includes.
    fn profile(&self, id: &str) -> String {
        let kind = self
            .policy
            .profile_with_includes(id)
            .map(|p| ProfileKind::of(&p))
            .unwrap_or(ProfileKind::Undefined);
        format!("{id} ({kind})")
    }

    fn step_lines(
        &self,
        step: &OrchestrationStep,
        steps: &[&OrchestrationStep],
        default_issuer: Option<&str>,
    ) -> Vec<String> {
        let mut lines = vec![format!("Step {}: {}", step.order, step.step_type)];
        if let Some(cd) = &step.content_definition {
            lines.push(format!("content: {}", cd.id()));
        }
        for p in &step.preconditions {
            lines.push(describe_precondition(p));
        }
        let selections: Vec<_> = step
            .selections
            .iter()
            .flat_map(|s| s.selections.iter())
            .collect();
        let exchanges: Vec<_> = step
            .exchanges
            .iter()
            .flat_map(|e| e.exchanges.iter())
            .collect();
        for x in &exchanges {
            let validated = selections.iter().any(|s| {
                s.validation
                    .as_ref()
                    .is_some_and(|v| v.id().eq_ignore_ascii_case(x.id.id()))
            });
            let profile = self.profile(x.profile.id());
            let mut line = if x.id.id() == x.profile.id() {
                profile
            } else {
                format!("{}: {profile}", x.id.id())
            };
            if validated {
                line.push_str(", validation selection");
            }
            lines.push(line);
        }
        for s in &selections {
            if let Some(v) = &s.validation {
                if !exchanges
                    .iter()
                    .any(|x| x.id.id().eq_ignore_ascii_case(v.id()))
                {
                    lines.push(format!(
                        "validation selection {}: no such exchange in this step",
                        v.id()
                    ));
                }
            }
            if let Some(t) = &s.target {
                if target_step(step, steps, t.id()).is_none() {
                    lines.push(format!("selects {}: no later step has it", t.id()));
                }
            }
        }
        if step.step_type == StepType::SendClaims {
            let line = match (&step.cpim_issuer, default_issuer) {
                (Some(i), _) => format!("issuer: {}", self.profile(i.id())),
                (None, Some(d)) => format!("issuer: {}, journey default", self.profile(d)),
                (None, None) => "issuer: not set".to_owned(),
            };
            lines.push(line);
        }
        for c in &step.journey_list {
            let id = c.sub_journey.id();
            let line = match self.policy.sub_journey(id) {
                Some(s) => match s.journey_type {
                    SubJourneyType::Call => format!("calls {}", s.id.id()),
                    SubJourneyType::Transfer => format!("transfers to {}", s.id.id()),
                },
                None => format!("invokes {id} (not defined)"),
            };
            lines.push(line);
        }
        lines
    }

    fn journey_edges(&mut self, at: usize) {
        let steps = self.steps_of(at);
        let nodes: Vec<String> = self.journeys[at]
            .nodes
            .iter()
            .map(|n| n.id.clone())
            .collect();
        if steps.len() != nodes.len() {
            return; // a placeholder
        }
        for (i, step) in steps.iter().enumerate() {
            let here = nodes[i].clone();
            let next = nodes.get(i + 1).cloned();
            // The sub-journeys invoked: (cluster, edge kind, label).
            let mut invoked = Vec::new();
            for c in &step.journey_list {
                let key = (true, c.sub_journey.id().to_lowercase());
                if let Some(&sub) = self.by_key.get(&key) {
                    let (kind, label) = match self.journeys[sub].kind {
                        JourneyKind::SubJourney(SubJourneyType::Transfer) => {
                            (EdgeKind::Transfer, "transfer")
                        }
                        JourneyKind::SubJourney(SubJourneyType::Call) => (EdgeKind::Call, "call"),
                        _ => (EdgeKind::Call, "invoke"),
                    };
                    invoked.push((sub, kind, label));
                }
            }
            // Control goes on to the next step unless this step ends the
            // journey or hands it to a sub-journey that has steps (a call
            // comes back through its `return` edge).
            let hands_over = invoked
                .iter()
                .any(|&(sub, _, _)| !self.steps_of(sub).is_empty());
            if let Some(next) = &next {
                if step.step_type != StepType::SendClaims && !hands_over {
                    self.edge(&here, next, EdgeKind::Next, None);
                } else if !step.preconditions.is_empty() {
                    self.edge(&here, next, EdgeKind::Skip, Some("if skipped"));
                }
            }
            // To later steps, by selection.
            for s in step.selections.iter().flat_map(|s| s.selections.iter()) {
                let Some(t) = &s.target else { continue };
                if let Some(k) = target_step(step, &steps, t.id()) {
                    self.edge(&here, &nodes[k], EdgeKind::Select, Some(t.id()));
                }
            }
            // Into sub-journeys, and back.
            for (sub, kind, label) in invoked {
                let (Some(first), Some(last)) = (
                    self.journeys[sub].nodes.first().map(|n| n.id.clone()),
                    self.journeys[sub].nodes.last().map(|n| n.id.clone()),
                ) else {
                    continue;
                };
                self.edge(&here, &first, kind, Some(label));
                let sub_steps = self.steps_of(sub);
                // A call returns to the caller's next step, unless the
                // sub-journey ends the journey itself.
                let ends = sub_steps
                    .last()
                    .is_none_or(|s| s.step_type == StepType::SendClaims);
                if let (EdgeKind::Call, false, Some(next)) = (kind, ends, &next) {
                    self.edge(&last, next, EdgeKind::Return, Some("return"));
                }
            }
        }
    }

    fn edge(&mut self, from: &str, to: &str, kind: EdgeKind, label: Option<&str>) {
        self.edges.push(Edge {
            from: from.to_owned(),
            to: to.to_owned(),
            kind,
            label: label.map(str::to_owned),
        });
    }
}

/// The index (in `steps`) of the first step after `step` that holds the
/// exchange `target` (ignoring case).
fn target_step(
    step: &OrchestrationStep,
    steps: &[&OrchestrationStep],
    target: &str,
) -> Option<usize> {
    steps.iter().position(|s| {
        s.order > step.order
            && s.exchanges
                .iter()
                .flat_map(|e| e.exchanges.iter())
                .any(|x| x.id.id().eq_ignore_ascii_case(target))
    })
}

/// Text for a quoted Mermaid label. Mermaid reads labels as Markdown
/// (a label `1. x` becomes an unsupported list), so besides what would end
/// the quoted string or read as HTML, the characters of Markdown's inline
/// syntax are written as Mermaid entity codes (`#quot;`, `#35;`, …; Mermaid
/// decodes them only in the rendered SVG), and so is a first character
/// that is not an ASCII letter (it could start a list, heading or quote).
/// Line breaks become spaces.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect();
    for (i, &c) in chars.iter().enumerate() {
        let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        let escape = match c {
            '"' | '#' | '&' | '<' | '>' | '`' | '|' | ';' | '*' | '~' | '[' | ']' | '\\' => true,
            // Intraword underscores are not emphasis.
            '_' => !(i > 0 && word(chars.get(i - 1)) && word(chars.get(i + 1))),
            c if i == 0 => !c.is_ascii_alphabetic(),
            _ => false,
        };
        if escape {
            out.push_str(&format!("#{};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A quoted Mermaid label of several lines.
fn mermaid_label(lines: &[String]) -> String {
    let parts: Vec<String> = lines.iter().map(|l| mermaid_text(l)).collect();
    format!("\"{}\"", parts.join("<br/>"))
}

/// The graph as a Mermaid `flowchart` (GitHub renders it in a
/// ```` ```mermaid ```` block). Node and subgraph ids are `[A-Za-z0-9_]+`;
/// every label is quoted, with `"` and other syntax characters written as
/// Mermaid entity codes.
pub fn to_mermaid(graph: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    out.push_str(&format!(
        "  %% {}: journeys drawn by ief graph\n",
        graph.policy_id.replace(['\n', '\r'], " ")
    ));
    if let Some(rp) = &graph.relying_party {
        out.push_str(&format!("  {}([{}])\n", rp.id, mermaid_label(&rp.lines)));
    }
    let mut conditional = Vec::new();
    let mut placeholders = Vec::new();
    let mut issuers = Vec::new();
    for j in &graph.journeys {
        out.push_str(&format!(
            "  subgraph {}[{}]\n",
            j.id,
            mermaid_label(std::slice::from_ref(&j.title))
        ));
        for n in &j.nodes {
            let label = mermaid_label(&n.lines);
            let shape = match n.kind {
                NodeKind::Step {
                    step_type: StepType::SendClaims,
                    ..
                } => {
                    issuers.push(n.id.as_str());
                    format!("([{label}])")
                }
                NodeKind::Step {
                    step_type: StepType::InvokeSubJourney,
                    ..
                } => format!("[[{label}]]"),
                NodeKind::Placeholder => {
                    placeholders.push(n.id.as_str());
                    format!("{{{{{label}}}}}")
                }
                _ => format!("[{label}]"),
            };
            if let NodeKind::Step {
                conditional: true, ..
            } = n.kind
            {
                conditional.push(n.id.as_str());
            }
            out.push_str(&format!("    {}{shape}\n", n.id));
        }
        out.push_str("  end\n");
    }
    for e in &graph.edges {
        let arrow = match e.kind {
            EdgeKind::Start | EdgeKind::Next => "-->",
            EdgeKind::Skip | EdgeKind::Select | EdgeKind::Return => "-.->",
            EdgeKind::Call | EdgeKind::Transfer => "==>",
        };
        match &e.label {
            Some(l) => out.push_str(&format!(
                "  {} {arrow}|\"{}\"| {}\n",
                e.from,
                mermaid_text(l),
                e.to
            )),
            None => out.push_str(&format!("  {} {arrow} {}\n", e.from, e.to)),
        }
    }
    let classes = [
        ("conditional", "stroke-dasharray: 5 3", &conditional),
        (
            "placeholder",
            "fill:#fdecea,stroke:#c62828,color:#c62828",
            &placeholders,
        ),
        ("sendclaims", "fill:#e8f5e9,stroke:#2e7d32", &issuers),
    ];
    for (name, style, ids) in classes {
        if !ids.is_empty() {
            out.push_str(&format!("  classDef {name} {style}\n"));
            out.push_str(&format!("  class {} {name}\n", ids.join(",")));
        }
    }
    out
}

/// A DOT string literal (quotes and backslashes escaped, line breaks as
/// spaces).
fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A DOT label of several left-aligned lines.
fn dot_label(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for l in lines {
        let quoted = dot_string(l);
        out.push_str(&quoted[1..quoted.len() - 1]);
        out.push_str("\\l");
    }
    out.push('"');
    out
}

/// The graph in Graphviz's DOT language (`dot -Tsvg`).
pub fn to_dot(graph: &Graph) -> String {
    let mut out = format!("digraph {} {{\n", dot_string(&graph.policy_id));
    out.push_str("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    if let Some(rp) = &graph.relying_party {
        out.push_str(&format!(
            "  {} [label={}, shape=oval];\n",
            rp.id,
            dot_label(&rp.lines)
        ));
    }
    for j in &graph.journeys {
        out.push_str(&format!("  subgraph cluster_{} {{\n", j.id));
        out.push_str(&format!("    label={};\n", dot_string(&j.title)));
        for n in &j.nodes {
            let style = match n.kind {
                NodeKind::Step {
                    step_type,
                    conditional,
                    ..
                } => {
                    let mut s = vec!["rounded"];
                    if conditional {
                        s.push("dashed");
                    }
                    let mut attrs = String::new();
                    match step_type {
                        StepType::SendClaims => {
                            s.push("filled");
                            attrs.push_str(", fillcolor=\"#e8f5e9\"");
                        }
                        StepType::InvokeSubJourney => attrs.push_str(", peripheries=2"),
                        _ => {}
                    }
                    format!("style=\"{}\"{attrs}", s.join(","))
                }
                NodeKind::Placeholder => "shape=hexagon, color=\"#c62828\"".to_owned(),
                NodeKind::RelyingParty => "shape=oval".to_owned(),
            };
            out.push_str(&format!(
                "    {} [label={}, {style}];\n",
                n.id,
                dot_label(&n.lines)
            ));
        }
        out.push_str("  }\n");
    }
    for e in &graph.edges {
        let mut attrs = Vec::new();
        if let Some(l) = &e.label {
            attrs.push(format!("label={}", dot_string(l)));
        }
        match e.kind {
            EdgeKind::Start | EdgeKind::Next => {}
            EdgeKind::Skip | EdgeKind::Return => attrs.push("style=dotted".to_owned()),
            EdgeKind::Select => attrs.push("style=dashed".to_owned()),
            EdgeKind::Call | EdgeKind::Transfer => attrs.push("style=bold".to_owned()),
        }
        if attrs.is_empty() {
            out.push_str(&format!("  {} -> {};\n", e.from, e.to));
        } else {
            out.push_str(&format!(
                "  {} -> {} [{}];\n",
                e.from,
                e.to,
                attrs.join(", ")
            ));
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import_str, Imported};
    use crate::resolve::resolve_set;

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

    const SELF_ASSERTED: &str = "Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";

    fn base() -> String {
        let body = format!(
            r#"
<ClaimsProviders>
  <ClaimsProvider>
    <DisplayName>Local</DisplayName>
    <TechnicalProfiles>
      <TechnicalProfile Id="Login-Form"><Protocol Name="Proprietary" Handler="{SELF_ASSERTED}"/></TechnicalProfile>
      <TechnicalProfile Id="Social.IdP"><Protocol Name="OpenIdConnect"/></TechnicalProfile>
      <TechnicalProfile Id="AAD-Common"><Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"/></TechnicalProfile>
      <TechnicalProfile Id="AAD-Read"><IncludeTechnicalProfile ReferenceId="AAD-Common"/></TechnicalProfile>
      <TechnicalProfile Id="Api"><Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"/></TechnicalProfile>
      <TechnicalProfile Id="JwtIssuer"><Protocol Name="None"/><OutputTokenFormat>JWT</OutputTokenFormat></TechnicalProfile>
    </TechnicalProfiles>
  </ClaimsProvider>
</ClaimsProviders>
<UserJourneys>
  <UserJourney Id="Sign-In.Main" DefaultCpimIssuerTechnicalProfileReferenceId="JwtIssuer">
    <OrchestrationSteps>
      <OrchestrationStep Order="1" Type="CombinedSignInAndSignUp" ContentDefinitionReferenceId="api.signin">
        <ClaimsProviderSelections>
          <ClaimsProviderSelection TargetClaimsExchangeId="SocialExchange"/>
          <ClaimsProviderSelection ValidationClaimsExchangeId="LoginExchange"/>
        </ClaimsProviderSelections>
        <ClaimsExchanges><ClaimsExchange Id="LoginExchange" TechnicalProfileReferenceId="Login-Form"/></ClaimsExchanges>
      </OrchestrationStep>
      <OrchestrationStep Order="2" Type="ClaimsExchange">
        <Preconditions><Precondition Type="ClaimsExist" ExecuteActionsIf="true"><Value>objectId</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>
        <ClaimsExchanges><ClaimsExchange Id="SocialExchange" TechnicalProfileReferenceId="Social.IdP"/></ClaimsExchanges>
      </OrchestrationStep>
      <OrchestrationStep Order="3" Type="ClaimsExchange">
        <ClaimsExchanges><ClaimsExchange Id="AAD-Read" TechnicalProfileReferenceId="AAD-Read"/></ClaimsExchanges>
      </OrchestrationStep>
      <OrchestrationStep Order="4" Type="InvokeSubJourney">
        <Preconditions><Precondition Type="ClaimEquals" ExecuteActionsIf="false"><Value>mfa</Value><Value>required</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>
        <JourneyList><Candidate SubJourneyReferenceId="Mfa"/></JourneyList>
      </OrchestrationStep>
      <OrchestrationStep Order="5" Type="SendClaims"/>
    </OrchestrationSteps>
  </UserJourney>
  <UserJourney Id="Other">
    <OrchestrationSteps>
      <OrchestrationStep Order="1" Type="InvokeSubJourney">
        <JourneyList><Candidate SubJourneyReferenceId="Finish"/></JourneyList>
      </OrchestrationStep>
    </OrchestrationSteps>
  </UserJourney>
</UserJourneys>
<SubJourneys>
  <SubJourney Id="Mfa" Type="Call">
    <OrchestrationSteps>
      <OrchestrationStep Order="1" Type="ClaimsExchange">
        <ClaimsExchanges><ClaimsExchange Id="Verify" TechnicalProfileReferenceId="Api"/></ClaimsExchanges>
      </OrchestrationStep>
      <OrchestrationStep Order="2" Type="ClaimsExchange">
        <ClaimsExchanges><ClaimsExchange Id="Check" TechnicalProfileReferenceId="Nowhere"/></ClaimsExchanges>
      </OrchestrationStep>
    </OrchestrationSteps>
  </SubJourney>
  <SubJourney Id="Finish" Type="Transfer">
    <OrchestrationSteps>
      <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer"/>
    </OrchestrationSteps>
  </SubJourney>
</SubJourneys>"#
        );
        policy("B2C_1A_Base", None, &body)
    }

    /// The relying party restates step 3 of the base's journey with a
    /// precondition, and starts `Sign-In.Main` and, at an endpoint, `Other`.
    fn rp(extra: &str) -> String {
        policy(
            "B2C_1A_RP",
            Some("B2C_1A_Base"),
            &format!(
                r#"
<UserJourneys>
  <UserJourney Id="sign-in.main">
    <OrchestrationSteps>
      <OrchestrationStep Order="3" Type="ClaimsExchange">
        <Preconditions><Precondition Type="ClaimEquals" ExecuteActionsIf="true"><Value>authenticationSource</Value><Value>localAccountAuthentication</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>
      </OrchestrationStep>
    </OrchestrationSteps>
  </UserJourney>
</UserJourneys>
<RelyingParty>
  <DefaultUserJourney ReferenceId="Sign-In.Main"/>
  <Endpoints><Endpoint Id="Token" UserJourneyReferenceId="Other"/>{extra}</Endpoints>
  <TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect"/></TechnicalProfile>
</RelyingParty>"#
            ),
        )
    }

    fn graph_of(rp_xml: String) -> Graph {
        let files = set(&[("base.xml", base()), ("rp.xml", rp_xml)]);
        let resolved = resolve_set(&files);
        Graph::of(&resolved.policies[1])
    }

    fn edges(g: &Graph, kind: EdgeKind) -> Vec<(String, String, Option<String>)> {
        g.edges
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| (e.from.clone(), e.to.clone(), e.label.clone()))
            .collect()
    }

    fn e(from: &str, to: &str, label: Option<&str>) -> (String, String, Option<String>) {
        (from.into(), to.into(), label.map(Into::into))
    }

    #[test]
    fn the_effective_journey_is_drawn_step_by_step() {
        let g = graph_of(rp(""));
        assert_eq!(g.policy_id, "B2C_1A_RP");
        let titles: Vec<&str> = g.journeys.iter().map(|j| j.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "UserJourney Sign-In.Main",
                "UserJourney Other",
                "SubJourney Mfa (Call)",
                "SubJourney Finish (Transfer)"
            ]
        );
        let main = g.journey("sign-in.main").expect("main");
        let ids: Vec<&str> = main.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "uj_Sign_In_Main_s1",
                "uj_Sign_In_Main_s2",
                "uj_Sign_In_Main_s3",
                "uj_Sign_In_Main_s4",
                "uj_Sign_In_Main_s5"
            ]
        );
        let lines = |n: usize| main.nodes[n].lines.clone();
        assert_eq!(
            lines(0),
            vec![
                "Step 1: CombinedSignInAndSignUp",
                "content: api.signin",
                "LoginExchange: Login-Form (self-asserted), validation selection"
            ]
        );
        assert_eq!(
            lines(1),
            vec![
                "Step 2: ClaimsExchange",
                "skip if objectId exists",
                "SocialExchange: Social.IdP (OIDC)"
            ]
        );
        // The child's precondition on the base's exchange; the protocol
        // comes from the included profile.
        assert_eq!(
            lines(2),
            vec![
                "Step 3: ClaimsExchange",
                "skip if authenticationSource = localAccountAuthentication",
                "AAD-Read (AAD)"
            ]
        );
        assert_eq!(
            lines(3),
            vec![
                "Step 4: InvokeSubJourney",
                "skip unless mfa = required",
                "calls Mfa"
            ]
        );
        assert_eq!(
            lines(4),
            vec![
                "Step 5: SendClaims",
                "issuer: JwtIssuer (token issuer), journey default"
            ]
        );
        assert!(matches!(
            main.nodes[2].kind,
            NodeKind::Step {
                order: 3,
                step_type: StepType::ClaimsExchange,
                conditional: true
            }
        ));
    }

    #[test]
    fn edges_follow_the_steps_selections_and_sub_journeys() {
        let g = graph_of(rp(""));
        assert_eq!(
            edges(&g, EdgeKind::Start),
            vec![
                e("rp", "uj_Sign_In_Main_s1", Some("default")),
                e("rp", "uj_Other_s1", Some("endpoint Token")),
            ]
        );
        assert_eq!(
            edges(&g, EdgeKind::Next),
            vec![
                e("uj_Sign_In_Main_s1", "uj_Sign_In_Main_s2", None),
                e("uj_Sign_In_Main_s2", "uj_Sign_In_Main_s3", None),
                e("uj_Sign_In_Main_s3", "uj_Sign_In_Main_s4", None),
                e("sj_Mfa_s1", "sj_Mfa_s2", None),
            ]
        );
        // The selection goes to the step holding the target; the
        // validation selection has no edge.
        assert_eq!(
            edges(&g, EdgeKind::Select),
            vec![e(
                "uj_Sign_In_Main_s1",
                "uj_Sign_In_Main_s2",
                Some("SocialExchange")
            )]
        );
        // A call returns to the next step; a skipped invocation goes there too.
        assert_eq!(
            edges(&g, EdgeKind::Call),
            vec![e("uj_Sign_In_Main_s4", "sj_Mfa_s1", Some("call"))]
        );
        assert_eq!(
            edges(&g, EdgeKind::Return),
            vec![e("sj_Mfa_s2", "uj_Sign_In_Main_s5", Some("return"))]
        );
        assert_eq!(
            edges(&g, EdgeKind::Skip),
            vec![e(
                "uj_Sign_In_Main_s4",
                "uj_Sign_In_Main_s5",
                Some("if skipped")
            )]
        );
        // A transfer does not come back.
        assert_eq!(
            edges(&g, EdgeKind::Transfer),
            vec![e("uj_Other_s1", "sj_Finish_s1", Some("transfer"))]
        );
        // Every edge joins declared nodes.
        for edge in &g.edges {
            assert!(g.node(&edge.from).is_some(), "{edge:?}");
            assert!(g.node(&edge.to).is_some(), "{edge:?}");
        }
        // An undefined profile is drawn as such.
        let mfa = g.journey("Mfa").expect("mfa");
        assert_eq!(mfa.nodes[0].lines[1], "Verify: Api (REST)");
        assert_eq!(mfa.nodes[1].lines[1], "Check: Nowhere (not defined)");
    }

    #[test]
    fn undefined_journeys_and_targets_are_drawn_not_dropped() {
        let g = graph_of(rp(
            r#"<Endpoint Id="Gone" UserJourneyReferenceId="NoSuchJourney"/>"#,
        ));
        let gone = g.journey("NoSuchJourney").expect("drawn");
        assert_eq!(gone.kind, JourneyKind::UndefinedUserJourney);
        assert_eq!(gone.nodes.len(), 1);
        assert_eq!(gone.nodes[0].kind, NodeKind::Placeholder);
        assert!(g.edges.iter().any(|e| e.kind == EdgeKind::Start
            && e.to == gone.nodes[0].id
            && e.label.as_deref() == Some("endpoint Gone")));

        let body = r#"<UserJourneys><UserJourney Id="J"><OrchestrationSteps>
            <OrchestrationStep Order="1" Type="ClaimsProviderSelection">
              <ClaimsProviderSelections><ClaimsProviderSelection TargetClaimsExchangeId="Missing"/><ClaimsProviderSelection ValidationClaimsExchangeId="Nope"/></ClaimsProviderSelections>
            </OrchestrationStep>
            <OrchestrationStep Order="2" Type="InvokeSubJourney"><JourneyList><Candidate SubJourneyReferenceId="Ghost"/></JourneyList></OrchestrationStep>
            <OrchestrationStep Order="3" Type="SendClaims"/>
          </OrchestrationSteps></UserJourney></UserJourneys>
          <RelyingParty><DefaultUserJourney ReferenceId="J"/><TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect"/></TechnicalProfile></RelyingParty>"#;
        let files = set(&[("x.xml", policy("B2C_1A_X", None, body))]);
        let g = Graph::of(&resolve_set(&files).policies[0]);
        let j = g.journey("J").expect("j");
        assert_eq!(
            j.nodes[0].lines[1..],
            [
                "selects Missing: no later step has it",
                "validation selection Nope: no such exchange in this step"
            ]
        );
        assert_eq!(j.nodes[1].lines[1], "invokes Ghost (not defined)");
        assert_eq!(j.nodes[2].lines[1], "issuer: not set");
        let ghost = g.journey("Ghost").expect("ghost");
        assert_eq!(ghost.kind, JourneyKind::UndefinedSubJourney);
        // The flow goes on past an invocation that cannot run.
        assert!(g
            .edges
            .iter()
            .any(|e| e.kind == EdgeKind::Next && e.from == j.nodes[1].id && e.to == j.nodes[2].id));
        assert!(g.edges.iter().any(|e| e.kind == EdgeKind::Call
            && e.to == ghost.nodes[0].id
            && e.label.as_deref() == Some("invoke")));
    }

    #[test]
    fn a_policy_without_relying_party_draws_all_its_journeys() {
        let files = set(&[("base.xml", base())]);
        let g = Graph::of(&resolve_set(&files).policies[0]);
        assert!(g.relying_party.is_none());
        let ids: Vec<&str> = g.journeys.iter().map(|j| j.journey_id.as_str()).collect();
        assert_eq!(ids, vec!["Sign-In.Main", "Other", "Mfa", "Finish"]);
        assert!(g.edges.iter().all(|e| e.kind != EdgeKind::Start));
    }

    #[test]
    fn ids_are_sanitized_and_unique() {
        let body = r#"<UserJourneys>
            <UserJourney Id="a-b"><OrchestrationSteps><OrchestrationStep Order="1" Type="SendClaims"/></OrchestrationSteps></UserJourney>
            <UserJourney Id="a.b"><OrchestrationSteps><OrchestrationStep Order="1" Type="SendClaims"/></OrchestrationSteps></UserJourney>
            <UserJourney Id="a b"><OrchestrationSteps><OrchestrationStep Order="1" Type="SendClaims"/></OrchestrationSteps></UserJourney>
          </UserJourneys>"#;
        let files = set(&[("x.xml", policy("B2C_1A_X", None, body))]);
        let g = Graph::of(&resolve_set(&files).policies[0]);
        let clusters: Vec<&str> = g.journeys.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(clusters, vec!["uj_a_b", "uj_a_b_2", "uj_a_b_3"]);
        let mut all: Vec<&str> = g.nodes().map(|n| n.id.as_str()).collect();
        all.extend(clusters);
        let unique: BTreeSet<&&str> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{all:?}");
        for id in all {
            assert!(
                id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{id}"
            );
        }
    }

    #[test]
    fn an_identity_provider_with_an_output_token_format_is_not_a_token_issuer() {
        let profile = |metadata: &str| {
            let xml = format!(
                r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T"><ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles><TechnicalProfile Id="P"><Protocol Name="OpenIdConnect" /><OutputTokenFormat>JWT</OutputTokenFormat><Metadata>{metadata}</Metadata></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders></TrustFrameworkPolicy>"#
            );
            let imported = crate::import::import_str(&xml, "t.xml").expect("imports");
            imported.policy.claims_providers[0].technical_profiles[0].clone()
        };
        // The JWT issuer of the starter pack.
        let issuer = profile(r#"<Item Key="client_id">{service:te}</Item>"#);
        assert_eq!(ProfileKind::of(&issuer), ProfileKind::TokenIssuer);
        assert!(issuer_format(&issuer).is_some());
        // Microsoft's Azure AD sample: OpenID Connect with its discovery
        // document, and an OutputTokenFormat all the same.
        let idp = profile(
            r#"<Item Key="METADATA">https://login.microsoftonline.com/contoso.com/v2.0/.well-known/openid-configuration</Item><Item Key="client_id">x</Item>"#,
        );
        assert_eq!(ProfileKind::of(&idp), ProfileKind::OpenIdConnect);
        assert_eq!(issuer_format(&idp), None);
    }

    #[test]
    fn profile_kinds_come_from_protocol_handler_and_token_format() {
        let kind = |h: &str| ProfileKind::of_handler(h).to_string();
        assert_eq!(kind(SELF_ASSERTED), "self-asserted");
        assert_eq!(
            kind("Web.TPEngine.SSO.DefaultSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"),
            "session manager"
        );
        assert_eq!(
            kind("Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"),
            "App Insights"
        );
        assert_eq!(
            kind("Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0"),
            "claims transformation"
        );
        assert_eq!(
            kind("Web.TPEngine.Providers.SomethingNew, Web.TPEngine"),
            "Providers.SomethingNew"
        );
        use crate::providers::handlers as h;
        for handler in [
            h::SELF_ASSERTED,
            h::AZURE_ACTIVE_DIRECTORY,
            h::CLAIMS_TRANSFORMATION,
            h::RESTFUL,
            h::DEFAULT_SSO_SESSION,
            h::NOOP_SSO_SESSION,
            h::EXTERNAL_LOGIN_SSO_SESSION,
            h::OAUTH_SSO_SESSION,
            h::SAML_SSO_SESSION,
            h::ONE_TIME_PASSWORD,
            h::AZURE_MFA,
            h::PHONE_FACTOR,
            h::AAD_SSPR,
            h::APPLICATION_INSIGHTS,
            h::USER_JOURNEY_CONTEXT,
            h::CONDITIONAL_ACCESS,
        ] {
            assert!(
                !matches!(ProfileKind::of_handler(handler), ProfileKind::Handler(_)),
                "{handler} has no kind"
            );
        }
    }

    #[test]
    fn mermaid_labels_are_quoted_and_escaped() {
        let body = r#"<UserJourneys><UserJourney Id="J"><OrchestrationSteps>
            <OrchestrationStep Order="1" Type="ClaimsExchange">
              <Preconditions><Precondition Type="ClaimEquals" ExecuteActionsIf="true"><Value>c</Value><Value>say "hi" &lt;b&gt; #1; a|b *x* [y] `z` _w_ \n</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>
              <ClaimsExchanges><ClaimsExchange Id="1st" TechnicalProfileReferenceId="TP"/></ClaimsExchanges>
            </OrchestrationStep>
          </OrchestrationSteps></UserJourney></UserJourneys>"#;
        let files = set(&[("x.xml", policy("B2C_1A_X", None, body))]);
        let g = Graph::of(&resolve_set(&files).policies[0]);
        let m = to_mermaid(&g);
        let node = m
            .lines()
            .find(|l| l.trim_start().starts_with("uj_J_s1["))
            .expect("node line");
        let label = node
            .trim_start()
            .strip_prefix("uj_J_s1[\"")
            .and_then(|l| l.strip_suffix("\"]"))
            .expect("quoted label");
        assert!(!label.contains('"'), "{label}");
        assert_eq!(
            label,
            "Step 1: ClaimsExchange<br/>skip if c = say #34;hi#34; #60;b#62; #35;1#59; a#124;b #42;x#42; #91;y#93; #96;z#96; #95;w#95; #92;n<br/>#49;st: TP (not defined)"
        );
        // Deterministic.
        assert_eq!(m, to_mermaid(&Graph::of(&resolve_set(&files).policies[0])));
        // DOT: quotes and backslashes escaped, lines left-aligned.
        let d = to_dot(&g);
        assert!(
            d.contains(r#"label="Step 1: ClaimsExchange\lskip if c = say \"hi\" <b> #1; a|b *x* [y] `z` _w_ \\n\l1st: TP (not defined)\l""#),
            "{d}"
        );
        assert!(d.starts_with("digraph \"B2C_1A_X\" {\n") && d.ends_with("}\n"));
    }
}
