//! Journey simulation: run a relying party's effective journey offline,
//! so that a policy can be unit-tested with `cargo test`.
//!
//! A [`Simulation`] starts from an [`EffectivePolicy`] (a file's chain
//! merged as B2C runs it, see [`crate::resolve`]), the claims the journey
//! starts with, the exchanges the user picks at each selection step, and
//! what every external technical profile returns (an identity provider, a
//! directory read or write, a REST call, a self-asserted page: what the
//! user typed). [`Simulation::run`] walks the journey's orchestration steps
//! and returns a [`Trace`]: every step taken or skipped (and the
//! precondition that skipped it), the exchange and technical profile that
//! ran, the claims bag after each step, every claims transformation
//! applied, and the token the relying party would receive.
//!
//! ```
//! use ief_dsl::import::import_str;
//! use ief_dsl::resolve::resolve_set;
//! use ief_dsl::simulate::{claims, Simulation};
//!
//! let xml = r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
//!     PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_Demo"
//!     PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_Demo">
//!   <BuildingBlocks><ClaimsSchema>
//!     <ClaimType Id="objectId"><DataType>string</DataType></ClaimType>
//!     <ClaimType Id="isNew"><DataType>boolean</DataType></ClaimType>
//!   </ClaimsSchema></BuildingBlocks>
//!   <ClaimsProviders><ClaimsProvider><TechnicalProfiles>
//!     <TechnicalProfile Id="ReadUser">
//!       <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"/>
//!       <OutputClaims><OutputClaim ClaimTypeReferenceId="objectId"/></OutputClaims>
//!     </TechnicalProfile>
//!     <TechnicalProfile Id="CreateUser">
//!       <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"/>
//!       <OutputClaims><OutputClaim ClaimTypeReferenceId="objectId"/><OutputClaim ClaimTypeReferenceId="isNew" DefaultValue="true"/></OutputClaims>
//!     </TechnicalProfile>
//!   </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
//!   <UserJourneys><UserJourney Id="Demo"><OrchestrationSteps>
//!     <OrchestrationStep Order="1" Type="ClaimsExchange">
//!       <ClaimsExchanges><ClaimsExchange Id="Read" TechnicalProfileReferenceId="ReadUser"/></ClaimsExchanges>
//!     </OrchestrationStep>
//!     <OrchestrationStep Order="2" Type="ClaimsExchange">
//!       <Preconditions><Precondition Type="ClaimsExist" ExecuteActionsIf="true">
//!         <Value>objectId</Value><Action>SkipThisOrchestrationStep</Action>
//!       </Precondition></Preconditions>
//!       <ClaimsExchanges><ClaimsExchange Id="Create" TechnicalProfileReferenceId="CreateUser"/></ClaimsExchanges>
//!     </OrchestrationStep>
//!     <OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer"/>
//!   </OrchestrationSteps></UserJourney></UserJourneys>
//!   <RelyingParty>
//!     <DefaultUserJourney ReferenceId="Demo"/>
//!     <TechnicalProfile Id="PolicyProfile">
//!       <Protocol Name="OpenIdConnect"/>
//!       <OutputClaims>
//!         <OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub"/>
//!         <OutputClaim ClaimTypeReferenceId="isNew"/>
//!       </OutputClaims>
//!     </TechnicalProfile>
//!   </RelyingParty>
//! </TrustFrameworkPolicy>"#;
//! let files = vec![import_str(xml, "demo.xml").unwrap()];
//! let effective = &resolve_set(&files).policies[0];
//!
//! // An existing user: the read finds them, step 2 is skipped.
//! let trace = Simulation::of(effective)
//!     .returns("ReadUser", claims! { "objectId" => "oid-1" })
//!     .run()?;
//! assert_eq!(trace.taken_orders(), [1, 3]);
//! assert_eq!(trace.step(2).unwrap().skipped_by().unwrap().to_string(), "ClaimsExist objectId");
//! assert_eq!(trace.token().unwrap()["sub"], "oid-1");
//!
//! // A new user: the read returns nothing, step 2 creates them.
//! let trace = Simulation::of(effective)
//!     .returns("ReadUser", claims! {})
//!     .returns_with("CreateUser", |_call| Ok(claims! { "objectId" => "oid-2" }))
//!     .run()?;
//! assert_eq!(trace.taken_orders(), [1, 2, 3]);
//! assert_eq!(trace.token().unwrap()["isNew"], true); // the output claim's DefaultValue
//! # Ok::<(), ief_dsl::simulate::SimulateError>(())
//! ```
//!
//! # What is simulated
//!
//! Steps run in `Order`. A step's preconditions are evaluated in order; the
//! first whose condition equals its `ExecuteActionsIf` and whose action is
//! `SkipThisOrchestrationStep` skips the step. `ClaimsExist` holds when
//! every named claim is in the bag; `ClaimEquals` when the claim is in the
//! bag and equal to the literal: booleans compare as booleans (`True`
//! equals `true`), numbers as numbers, other values as exact strings
//! (*decided*: ordinal, case-sensitive).
//!
//! A selection step (`ClaimsProviderSelection`, `CombinedSignInAndSignUp`)
//! takes the next exchange id given to [`Simulation::choose`]: a
//! validation selection runs that exchange in the same step (the sign-in
//! page), a target selection (or the sign-in page's `SignUpTarget`) is
//! remembered, and a later step with several exchanges runs the chosen
//! one. A selection step offering a single option takes it (consuming the
//! next choice only when it names that option). A step with one exchange
//! runs it.
//!
//! A technical profile runs in B2C's order (the fact sheet's
//! "Technical profiles: execution order"): input claims transformations,
//! input claims (`DefaultValue`, `AlwaysUseDefaultValue`), the protocol,
//! validation technical profiles (self-asserted profiles only), output
//! claims, output claims transformations. The protocol is the caller's
//! answer ([`Simulation::returns`], [`Simulation::returns_with`],
//! [`Simulation::fails`]); a `ClaimsTransformationProtocolProvider`
//! profile has no protocol call. Only the profile's output claims enter
//! the bag, named by claim id or by the output claim's `PartnerClaimType`.
//! An output claim with `AlwaysUseDefaultValue` takes its `DefaultValue`;
//! one that the protocol did not return takes its `DefaultValue` when it
//! has one. Claim resolvers (`{Policy:TenantObjectId}`, `{Claim:email}`,
//! …) in a `DefaultValue` are resolved when the profile's metadata
//! `IncludeClaimResolvingInClaimsHandling` is `true` and the claim has
//! `AlwaysUseDefaultValue` (for the relying party, `AlwaysUseDefaultValue`
//! alone), from [`Simulation::resolver`] values and a few known from the
//! policy (`Policy:PolicyId`, `Policy:TrustFrameworkTenantId`,
//! `Policy:RelyingPartyTenantId`); otherwise the text is taken as written.
//!
//! Validation technical profiles run in order, each skipped by a
//! precondition whose action is `SkipThisValidationTechnicalProfile`. An
//! error stops the self-asserted profile (the page shows it) unless the
//! validation profile has `ContinueOnError="true"`; a success stops the
//! later ones when it has `ContinueOnSuccess="false"`. What a validation
//! profile writes stays with the self-asserted profile that called it:
//! only the claims that profile lists as output claims (or its own output
//! claims transformations write) reach the journey's bag.
//!
//! An error returned for a profile of an orchestration step (or raised by
//! an `Assert…` transformation, or by a validation profile without
//! `ContinueOnError`) ends the journey: [`End::Error`], as B2C shows its
//! error page. `InvokeSubJourney` runs the first candidate: a `Call`
//! sub-journey returns to the next step, a `Transfer` one ends the journey
//! where it ends. `SendClaims` issues the token (the relying party's output
//! claims, named by `PartnerClaimType`) and ends the journey.
//!
//! # Claims transformations
//!
//! The methods in [`implemented_methods`] are computed from their
//! documented behaviour. A method may be stubbed or overridden with
//! [`Simulation::with_method`] (needed for `CreateRandomString`, `Hash`,
//! `CreateAlternativeSecurityId`, … whose values cannot be derived). A
//! method that is neither is not guessed: its output claims stay unset and
//! the run records a [`Gap::UnknownMethod`]. [`Trace::gaps`] lists every
//! place the simulation could not compute something (unknown methods,
//! missing transformation inputs, unresolved claim resolvers, token claims
//! the bag lacks, choices never used).
//!
//! # Problems
//!
//! Nothing here panics on any policy or input (the `Index` operators of
//! [`Claims`] and [`Token`] panic on an absent claim, as a map's do; `get`
//! asks). What cannot be simulated
//! at all is an error of [`Simulation::run`]: no relying party or journey
//! ([`SimulateError::MissingJourney`], …), or a problem met on the way
//! ([`SimulateError::Stopped`], holding the [`Problem`] and the trace up to
//! that step): a step naming a missing profile, a selection with no choice
//! given, a profile without an answer, a sub-journey loop.

use crate::hash::HashMap;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;

use crate::claims::DataType;
use crate::journeys::{
    OrchestrationStep, Precondition, PreconditionAction, PreconditionType, StepType, SubJourneyType,
};
use crate::providers::TechnicalProfile;
use crate::resolve::{lc, EffectivePolicy};
use crate::transforms::ClaimsTransformation;

// ---------------------------------------------------------------------------
// Values and claims.

/// A claim's value, typed by the claim type's `DataType`.
///
/// Values given as text are converted to the claim's data type when they
/// enter the bag (`"true"` becomes `Boolean(true)` for a `boolean` claim);
/// a text that does not fit is a [`Problem::BadValue`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `string` (and any claim whose data type is not known).
    String(String),
    /// `boolean`.
    Boolean(bool),
    /// `int`.
    Int(i32),
    /// `long`.
    Long(i64),
    /// `date`, as `YYYY-MM-DD`.
    Date(String),
    /// `dateTime`, normalized to UTC: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
    DateTime(String),
    /// `stringCollection`.
    StringCollection(Vec<String>),
    /// Any other data type (`phoneNumber`, `userIdentity`,
    /// `alternativeSecurityIdCollection`, …), kept as opaque text.
    Other(String),
}

impl Value {
    /// The value as text: strings as they are, booleans `true`/`false`,
    /// numbers in decimal, a collection's items joined by `, `.
    pub fn text(&self) -> String {
        match self {
            Value::String(s) | Value::Date(s) | Value::DateTime(s) | Value::Other(s) => s.clone(),
            Value::Boolean(b) => b.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Long(n) => n.to_string(),
            Value::StringCollection(items) => items.join(", "),
        }
    }

    /// The text of a string-like value (`String`, `Date`, `DateTime`,
    /// `Other`).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Date(s) | Value::DateTime(s) | Value::Other(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean value, or a string `true`/`false` (ignoring case).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Boolean(b) => Some(*b),
            Value::String(s) => parse_bool(s),
            _ => None,
        }
    }

    /// A number, or a string holding one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(i64::from(*n)),
            Value::Long(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The items of a string collection.
    pub fn as_collection(&self) -> Option<&[String]> {
        match self {
            Value::StringCollection(items) => Some(items),
            _ => None,
        }
    }

    /// This value as a value of `data_type` (`None`: the claim's type is
    /// unknown, the value is kept as it is).
    pub fn coerce(self, data_type: Option<DataType>) -> Result<Value, String> {
        let Some(dt) = data_type else {
            return Ok(self);
        };
        let text_of = |v: &Value| -> Option<String> {
            match v {
                Value::StringCollection(_) => None,
                other => Some(other.text()),
            }
        };
        match dt {
            DataType::String => match self {
                Value::String(_) => Ok(self),
                Value::StringCollection(_) => Err("a string collection for a string claim".into()),
                other => Ok(Value::String(other.text())),
            },
            DataType::Boolean => self
                .as_bool()
                .map(Value::Boolean)
                .ok_or_else(|| format!("`{}` is not a boolean", self.text())),
            DataType::Int => self
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(Value::Int)
                .ok_or_else(|| format!("`{}` is not an int", self.text())),
            DataType::Long => self
                .as_i64()
                .map(Value::Long)
                .ok_or_else(|| format!("`{}` is not a long", self.text())),
            DataType::Date => {
                let text = text_of(&self).unwrap_or_default();
                parse_date(&text)
                    .map(|d| Value::Date(format_date(d)))
                    .ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)"))
            }
            DataType::DateTime => {
                let text = text_of(&self).unwrap_or_default();
                parse_datetime(&text)
                    .map(|t| Value::DateTime(format_datetime(t)))
                    .ok_or_else(|| format!("`{text}` is not an ISO 8601 dateTime"))
            }
            DataType::StringCollection => match self {
                Value::StringCollection(_) => Ok(self),
                other => Err(format!(
                    "`{}` is not a string collection (give a list)",
                    other.text()
                )),
            },
            _ => match self {
                Value::Other(_) => Ok(self),
                other => text_of(&other)
                    .map(Value::Other)
                    .ok_or_else(|| format!("a string collection for a `{dt}` claim")),
            },
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::StringCollection(items) => write!(f, "{items:?}"),
            other => f.write_str(&other.text()),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(s.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Boolean(b)
    }
}

impl From<i32> for Value {
    fn from(n: i32) -> Self {
        Value::Int(n)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Long(n)
    }
}

impl From<Vec<String>> for Value {
    fn from(items: Vec<String>) -> Self {
        Value::StringCollection(items)
    }
}

impl From<Vec<&str>> for Value {
    fn from(items: Vec<&str>) -> Self {
        Value::StringCollection(items.into_iter().map(str::to_owned).collect())
    }
}

impl<const N: usize> From<[&str; N]> for Value {
    fn from(items: [&str; N]) -> Self {
        Value::StringCollection(items.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl PartialEq<str> for Value {
    /// A scalar equals a text when its [`Value::text`] does; a collection
    /// never does.
    fn eq(&self, other: &str) -> bool {
        !matches!(self, Value::StringCollection(_)) && self.text() == other
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        matches!(self, Value::Boolean(b) if b == other)
    }
}

impl PartialEq<i32> for Value {
    fn eq(&self, other: &i32) -> bool {
        matches!(self, Value::Int(_) | Value::Long(_)) && self.as_i64() == Some(i64::from(*other))
    }
}

impl PartialEq<i64> for Value {
    fn eq(&self, other: &i64) -> bool {
        matches!(self, Value::Int(_) | Value::Long(_)) && self.as_i64() == Some(*other)
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A set of claims by claim id (ignoring case, as B2C resolves ids), each
/// with a [`Value`]. The journey's claims bag, a profile's answer, a
/// transformation's inputs and outputs.
///
/// Build one with [`claims!`], from an array of pairs, or
/// by [`Claims::insert`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    /// Lowercase id -> (id as first written, value).
    map: BTreeMap<String, (String, Value)>,
}

impl Claims {
    /// No claims.
    pub fn new() -> Self {
        Claims::default()
    }

    /// The value of claim `id` (ignoring case).
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.map.get(&lc(id)).map(|(_, v)| v)
    }

    /// Whether claim `id` has a value.
    pub fn contains(&self, id: &str) -> bool {
        self.map.contains_key(&lc(id))
    }

    /// Sets claim `id`, replacing its value (the first spelling of the id
    /// is kept).
    pub fn insert(&mut self, id: impl Into<String>, value: impl Into<Value>) {
        let id = id.into();
        let value = value.into();
        match self.map.get_mut(&lc(&id)) {
            Some(slot) => slot.1 = value,
            None => {
                self.map.insert(lc(&id), (id, value));
            }
        }
    }

    /// Removes claim `id`, returning its value.
    pub fn remove(&mut self, id: &str) -> Option<Value> {
        self.map.remove(&lc(id)).map(|(_, v)| v)
    }

    /// The claims, ordered by id ignoring case.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.map.values().map(|(k, v)| (k.as_str(), v))
    }

    /// The claim ids, ordered ignoring case.
    pub fn ids(&self) -> Vec<&str> {
        self.map.values().map(|(k, _)| k.as_str()).collect()
    }

    /// How many claims.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl std::ops::Index<&str> for Claims {
    type Output = Value;

    /// The value of claim `id`; panics, naming the claims there are, when
    /// it has none (use [`Claims::get`] to ask).
    fn index(&self, id: &str) -> &Value {
        match self.get(id) {
            Some(v) => v,
            None => panic!("no claim `{id}` in {self}"),
        }
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Claims {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut c = Claims::new();
        for (k, v) in iter {
            c.insert(k, v);
        }
        c
    }
}

impl<K: Into<String>, V: Into<Value>, const N: usize> From<[(K, V); N]> for Claims {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K: Into<String>, V: Into<Value>> From<Vec<(K, V)>> for Claims {
    fn from(pairs: Vec<(K, V)>) -> Self {
        pairs.into_iter().collect()
    }
}

impl fmt::Display for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}: {v}")?;
        }
        f.write_str("}")
    }
}

/// A [`Claims`] from `"id" => value` pairs (values: `&str`, `String`,
/// `bool`, `i32`, `i64`, a `Vec` or array of `&str` for a collection, or a
/// [`Value`]).
///
/// ```
/// use ief_dsl::simulate::claims;
///
/// let c = claims! { "email" => "a@b.c", "newUser" => true };
/// assert_eq!(c["email"], "a@b.c");
/// assert_eq!(claims! {}.len(), 0);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __simulate_claims {
    () => {
        $crate::simulate::Claims::new()
    };
    ($($id:expr => $value:expr),+ $(,)?) => {{
        let mut claims = $crate::simulate::Claims::new();
        $(claims.insert($id, $value);)+
        claims
    }};
}

#[doc(inline)]
pub use crate::__simulate_claims as claims;

// ---------------------------------------------------------------------------
// The caller's answers.

/// What an external technical profile is called with: passed to the
/// closure of [`Simulation::returns_with`].
#[derive(Debug)]
pub struct ProfileCall<'c> {
    /// The technical profile's id.
    pub profile: &'c str,
    /// Where it runs.
    pub at: &'c At,
    /// The self-asserted profile that calls it as a validation profile.
    pub validation_of: Option<&'c str>,
    /// Its input claims, after its input claims transformations, with
    /// `DefaultValue`s applied (by claim id).
    pub inputs: &'c Claims,
    /// The whole claims bag at the call.
    pub claims: &'c Claims,
}

/// An error a technical profile or a transformation stub raises (an
/// identity provider's error, a REST 4xx, a directory's "user not
/// found").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError(pub String);

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProfileError {}

impl From<&str> for ProfileError {
    fn from(s: &str) -> Self {
        ProfileError(s.to_owned())
    }
}

impl From<String> for ProfileError {
    fn from(s: String) -> Self {
        ProfileError(s)
    }
}

/// What a transformation stub is called with: passed to the closure of
/// [`Simulation::with_method`].
#[derive(Debug)]
pub struct MethodCall<'c> {
    /// The claims transformation's id.
    pub transformation: &'c str,
    /// Its `TransformationMethod`.
    pub method: &'c str,
    /// The technical profile it runs in.
    pub profile: &'c str,
    /// The input claims present, by `TransformationClaimType` (by claim id
    /// for an input claim without one).
    pub inputs: &'c Claims,
    /// The input parameters, `(Id, Value)`, with `{TechnicalProfileId}`,
    /// `{RelyingPartyTenantId}` and `{TrustFrameworkTenantId}` expanded in
    /// `value` and `stringFormat`.
    pub parameters: &'c [(String, String)],
}

impl MethodCall<'_> {
    /// The value of input parameter `id` (exact, else ignoring case).
    pub fn parameter(&self, id: &str) -> Option<&str> {
        find_param(self.parameters, id)
    }
}

type AnswerFn<'a> = dyn Fn(&ProfileCall<'_>) -> Result<Claims, ProfileError> + 'a;
type MethodFn<'a> = dyn Fn(&MethodCall<'_>) -> Result<Claims, ProfileError> + 'a;

enum Answer<'a> {
    Fixed(Claims),
    Computed(Box<AnswerFn<'a>>),
    Fails(String),
}

// ---------------------------------------------------------------------------
// The builder.

/// A simulated run of one journey of an effective policy. See the
/// [module docs](self).
pub struct Simulation<'a> {
    policy: &'a EffectivePolicy,
    journey: Option<String>,
    initial: Vec<(String, Value)>,
    choices: Vec<String>,
    answers: HashMap<String, Answer<'a>>,
    methods: HashMap<String, Box<MethodFn<'a>>>,
    resolvers: HashMap<String, String>,
    clock: Option<String>,
}

impl fmt::Debug for Simulation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Simulation")
            .field("policy", &self.policy.policy.policy_id.id())
            .field("journey", &self.journey)
            .field("initial", &self.initial)
            .field("choices", &self.choices)
            .field("answers", &self.answers.keys().collect::<Vec<_>>())
            .field("methods", &self.methods.keys().collect::<Vec<_>>())
            .field("resolvers", &self.resolvers)
            .field("clock", &self.clock)
            .finish()
    }
}

impl<'a> Simulation<'a> {
    /// Simulates the relying party's `DefaultUserJourney` of `policy`.
    pub fn of(policy: &'a EffectivePolicy) -> Self {
        Simulation {
            policy,
            journey: None,
            initial: Vec::new(),
            choices: Vec::new(),
            answers: HashMap::default(),
            methods: HashMap::default(),
            resolvers: HashMap::default(),
            clock: None,
        }
    }

    /// Simulates user journey `id` of `policy` (for a journey the relying
    /// party starts from an endpoint, or a policy without one). The
    /// relying party, when there is one, still makes the token.
    pub fn journey(policy: &'a EffectivePolicy, id: impl Into<String>) -> Self {
        Simulation {
            journey: Some(id.into()),
            ..Simulation::of(policy)
        }
    }

    /// Claims in the bag when the journey starts (what the relying party's
    /// request carries, an `id_token_hint`'s claims, …), converted to each
    /// claim's data type.
    pub fn initial_claims<K, V>(mut self, claims: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<Value>,
    {
        self.initial
            .extend(claims.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// The exchange the user picks at the next selection step (in the
    /// order of the steps): a target selection, a validation selection
    /// (the sign-in page is submitted), or the sign-in page's
    /// `SignUpTarget`.
    pub fn choose(mut self, exchange: impl Into<String>) -> Self {
        self.choices.push(exchange.into());
        self
    }

    /// What technical profile `profile` returns whenever it runs, by claim
    /// id or by the `PartnerClaimType` of its output claim. For a
    /// self-asserted profile: what the user typed.
    pub fn returns(mut self, profile: impl AsRef<str>, claims: impl Into<Claims>) -> Self {
        self.answers
            .insert(lc(profile.as_ref()), Answer::Fixed(claims.into()));
        self
    }

    /// What technical profile `profile` returns, computed from the call
    /// (its input claims, the bag); an `Err` is the profile's error.
    pub fn returns_with<F>(mut self, profile: impl AsRef<str>, answer: F) -> Self
    where
        F: Fn(&ProfileCall<'_>) -> Result<Claims, ProfileError> + 'a,
    {
        self.answers
            .insert(lc(profile.as_ref()), Answer::Computed(Box::new(answer)));
        self
    }

    /// Technical profile `profile` raises an error with `message` whenever
    /// it runs.
    pub fn fails(mut self, profile: impl AsRef<str>, message: impl Into<String>) -> Self {
        self.answers
            .insert(lc(profile.as_ref()), Answer::Fails(message.into()));
        self
    }

    /// Computes every claims transformation of `TransformationMethod`
    /// `method` (ignoring case) with `stub`, in place of the built-in
    /// implementation or of none. The stub returns output claims by
    /// `TransformationClaimType` (or by claim id, for an output claim
    /// without one); an `Err` is the transformation's error.
    pub fn with_method<F>(mut self, method: impl AsRef<str>, stub: F) -> Self
    where
        F: Fn(&MethodCall<'_>) -> Result<Claims, ProfileError> + 'a,
    {
        self.methods.insert(lc(method.as_ref()), Box::new(stub));
        self
    }

    /// The value of claim resolver `name` (`Policy:TenantObjectId`,
    /// `Context:CorrelationId`, `OIDC:LoginHint`, …; braces optional,
    /// ignoring case).
    pub fn resolver(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
        let name = name
            .as_ref()
            .trim()
            .trim_start_matches('{')
            .trim_end_matches('}');
        self.resolvers.insert(lc(name), value.into());
        self
    }

    /// The current time, as an ISO 8601 dateTime (`2024-05-01T10:00:00Z`):
    /// what `GetCurrentDateTime` returns and what date comparisons use for
    /// a missing operand that means "now". Without a clock those report a
    /// [`Gap::Unsupported`].
    pub fn clock(mut self, now: impl Into<String>) -> Self {
        self.clock = Some(now.into());
        self
    }

    /// Runs the journey.
    pub fn run(&self) -> Result<Trace, SimulateError> {
        let eff = self.policy;
        let journey_id = match &self.journey {
            Some(id) => id.clone(),
            None => {
                let rp = eff.relying_party().ok_or(SimulateError::NoRelyingParty)?;
                rp.default_user_journey
                    .as_ref()
                    .map(|d| d.reference.id().to_owned())
                    .ok_or(SimulateError::NoDefaultJourney)?
            }
        };
        let journey = eff
            .user_journey(&journey_id)
            .ok_or_else(|| SimulateError::MissingJourney(journey_id.clone()))?;
        let clock = match &self.clock {
            Some(text) => {
                Some(parse_datetime(text).ok_or_else(|| SimulateError::BadClock(text.clone()))?)
            }
            None => None,
        };
        let mut bag = Claims::new();
        for (id, value) in &self.initial {
            let v = value.clone().coerce(data_type(eff, id)).map_err(|reason| {
                SimulateError::BadInitialClaim {
                    claim: id.clone(),
                    reason,
                }
            })?;
            bag.insert(canonical(eff, id), v);
        }
        let mut run = Run {
            sim: self,
            eff,
            bag,
            choices: self.choices.iter().cloned().collect(),
            selected: None,
            steps: Vec::new(),
            gaps: Vec::new(),
            calls: Vec::new(),
            token: None,
            stack: Vec::new(),
            clock,
        };
        let journey_name = journey.id.id().to_owned();
        let flow = run.journey(&journey_name, &journey.steps, 0);
        let end = match flow {
            Ok(Flow::Continue) => End::Finished,
            Ok(Flow::End(end)) => end,
            Err((at, problem)) => {
                let trace = run.finish(journey_name, End::Finished);
                return Err(SimulateError::Stopped {
                    at,
                    problem,
                    trace: Box::new(trace),
                });
            }
        };
        Ok(run.finish(journey_name, end))
    }
}

// ---------------------------------------------------------------------------
// The trace.

/// Where something happened: a step of a journey or sub-journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// The user journey's or sub-journey's id.
    pub journey: String,
    /// The step's `Order`.
    pub order: i32,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {} of `{}`", self.order, self.journey)
    }
}

/// The precondition that skipped a step or a validation profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkipReason {
    /// `ClaimsExist` or `ClaimEquals`.
    pub kind: PreconditionType,
    /// Its `Value`s: the claim, and for `ClaimEquals` the literal.
    pub values: Vec<String>,
    /// Its `ExecuteActionsIf`: the action ran because the condition had
    /// this value.
    pub execute_actions_if: bool,
}

impl SkipReason {
    /// The condition, e.g. `ClaimEquals authenticationSource =
    /// localAccountAuthentication`.
    pub fn condition(&self) -> String {
        match (self.kind, self.values.as_slice()) {
            (PreconditionType::ClaimEquals, [claim, value, ..]) => {
                format!("ClaimEquals {claim} = {value}")
            }
            (kind, values) => format!("{kind} {}", values.join(" ")),
        }
    }
}

impl fmt::Display for SkipReason {
    /// The condition, prefixed with `not ` when the action runs on a false
    /// condition (`ExecuteActionsIf="false"`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.execute_actions_if {
            f.write_str("not ")?;
        }
        f.write_str(&self.condition())
    }
}

/// One orchestration step as the simulation met it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The journey or sub-journey and the step's order.
    pub at: At,
    /// 0 in the journey, 1 in a sub-journey it invokes, …
    pub depth: usize,
    /// The step's `Type`.
    pub step_type: StepType,
    /// What happened.
    pub outcome: StepOutcome,
    /// The claims bag after the step.
    pub claims: Claims,
}

impl Step {
    /// Whether the step ran (was not skipped by a precondition).
    pub fn is_taken(&self) -> bool {
        !matches!(self.outcome, StepOutcome::Skipped(_))
    }

    /// The precondition that skipped the step.
    pub fn skipped_by(&self) -> Option<&SkipReason> {
        match &self.outcome {
            StepOutcome::Skipped(r) => Some(r),
            _ => None,
        }
    }

    /// The technical profile the step ran, with what happened in it.
    pub fn run(&self) -> Option<&ProfileRun> {
        match &self.outcome {
            StepOutcome::Exchange { run, .. } => Some(run),
            _ => None,
        }
    }
}

/// What happened at a step.
#[derive(Debug, Clone, PartialEq)]
pub enum StepOutcome {
    /// A precondition skipped the step.
    Skipped(SkipReason),
    /// A selection step where the user picked a target exchange (run by a
    /// later step).
    Selected {
        /// The chosen exchange id.
        exchange: String,
    },
    /// A claims exchange ran its technical profile (for a selection step:
    /// the validation exchange, the submitted sign-in page).
    Exchange {
        /// The exchange id.
        exchange: String,
        /// The profile's run.
        run: ProfileRun,
    },
    /// A sub-journey was invoked; its steps follow this one in the trace.
    SubJourney {
        /// The sub-journey's id.
        id: String,
        /// `Call` (returns) or `Transfer` (does not).
        kind: SubJourneyType,
    },
    /// The token was issued.
    SendClaims {
        /// The `CpimIssuerTechnicalProfileReferenceId`.
        issuer: Option<String>,
    },
    /// A step the simulation passes through without effect (`Noop`,
    /// `GetClaims`, a screen without exchanges), with a note saying so.
    Passed {
        /// Why nothing happened.
        note: String,
    },
}

/// What the caller's answer was for one profile run.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerRecord {
    /// The profile has no protocol call (a claims-transformation profile).
    Internal,
    /// The claims returned (as given, before they were filtered to the
    /// profile's output claims).
    Returned(Claims),
    /// The error raised.
    Failed(String),
}

/// One run of a technical profile, in B2C's execution order.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRun {
    /// The profile's id.
    pub profile: String,
    /// Its input claims transformations.
    pub input_transformations: Vec<TransformRun>,
    /// Its input claims as sent.
    pub inputs: Claims,
    /// The protocol's answer.
    pub answer: AnswerRecord,
    /// Its validation technical profiles.
    pub validations: Vec<ValidationRun>,
    /// Its output claims transformations.
    pub output_transformations: Vec<TransformRun>,
    /// The error the profile ended with (its own, an assertion's, a
    /// validation profile's).
    pub error: Option<String>,
    /// Remarks: claims of the answer that are not output claims, a
    /// `ContinueOnSuccess="false"` that stopped the validations, …
    pub notes: Vec<String>,
}

impl ProfileRun {
    fn new(profile: &str) -> Self {
        ProfileRun {
            profile: profile.to_owned(),
            input_transformations: Vec::new(),
            inputs: Claims::new(),
            answer: AnswerRecord::Internal,
            validations: Vec::new(),
            output_transformations: Vec::new(),
            error: None,
            notes: Vec::new(),
        }
    }

    /// Every transformation run, input then validation profiles' then
    /// output, in order.
    pub fn transformations(&self) -> Vec<&TransformRun> {
        let mut out: Vec<&TransformRun> = self.input_transformations.iter().collect();
        for v in &self.validations {
            if let ValidationOutcome::Ran { run, .. } = &v.outcome {
                out.extend(run.transformations());
            }
        }
        out.extend(self.output_transformations.iter());
        out
    }
}

/// One validation technical profile of a self-asserted profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationRun {
    /// The validation profile's id.
    pub profile: String,
    /// What happened.
    pub outcome: ValidationOutcome,
}

/// What happened to a validation technical profile.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidationOutcome {
    /// A precondition skipped it.
    Skipped(SkipReason),
    /// It ran.
    Ran {
        /// Its run.
        run: ProfileRun,
        /// It failed and `ContinueOnError="true"` let the next ones run.
        error_ignored: bool,
    },
}

/// One claims transformation as it ran.
#[derive(Debug, Clone, PartialEq)]
pub struct TransformRun {
    /// The transformation's id.
    pub id: String,
    /// Its `TransformationMethod`.
    pub method: String,
    /// Its input claims: `(TransformationClaimType, claim id, value)`.
    pub inputs: Vec<(String, String, Option<Value>)>,
    /// Its input parameters, `(Id, Value)`, expressions expanded.
    pub parameters: Vec<(String, String)>,
    /// What it did.
    pub outcome: TransformOutcome,
}

/// What a claims transformation did.
#[derive(Debug, Clone, PartialEq)]
pub enum TransformOutcome {
    /// It computed its outputs: `(claim id, value)`, `None` for a claim it
    /// removed (`NullClaim`).
    Applied {
        /// The claims written.
        outputs: Vec<(String, Option<Value>)>,
        /// Computed by a [`Simulation::with_method`] stub.
        stubbed: bool,
    },
    /// It raised an error (an `Assert…` method whose assertion failed, a
    /// stub's `Err`): the profile ends with it.
    Failed {
        /// The error.
        message: String,
    },
    /// No implementation and no stub: nothing was written.
    Unknown,
    /// An input claim it needs is not in the bag: nothing was written.
    MissingInput {
        /// The claim id.
        claim: String,
    },
    /// The inputs or parameters are outside what the simulation computes
    /// (an unknown operator, a format it does not read, no clock): nothing
    /// was written.
    Unsupported {
        /// Why.
        reason: String,
    },
}

/// The claims of the issued token.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Token {
    claims: Vec<(String, Value)>,
}

impl Token {
    /// The value of token claim `name` (the `PartnerClaimType`, or the
    /// claim id when there is none; exact).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.claims.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The claims in the relying party's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.claims.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// The claim names in the relying party's order.
    pub fn names(&self) -> Vec<&str> {
        self.claims.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// How many claims.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Whether the token has no claims.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }
}

impl std::ops::Index<&str> for Token {
    type Output = Value;

    /// The value of token claim `name`; panics, naming the token's claims,
    /// when it is absent (use [`Token::get`] to ask).
    fn index(&self, name: &str) -> &Value {
        match self.get(name) {
            Some(v) => v,
            None => panic!("no claim `{name}` in the token (it has {:?})", self.names()),
        }
    }
}

/// How the journey ended.
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// A `SendClaims` step issued the token.
    TokenIssued {
        /// The step.
        at: At,
    },
    /// A technical profile raised an error: B2C shows its error page (or,
    /// on a self-asserted page, the message) and the journey goes no
    /// further.
    Error {
        /// The step.
        at: At,
        /// The profile that raised it (a validation profile's id when it
        /// came from one).
        profile: String,
        /// The error.
        message: String,
    },
    /// The journey ran out of steps without issuing a token.
    Finished,
}

/// Something the simulation could not compute. A run with gaps is still a
/// run, but what follows a gap may differ from what B2C would do.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// A claims transformation method neither implemented nor stubbed.
    UnknownMethod {
        /// Where.
        at: At,
        /// The transformation's id.
        transformation: String,
        /// Its method.
        method: String,
    },
    /// A claims transformation's input claim was not in the bag.
    MissingInput {
        /// Where.
        at: At,
        /// The transformation's id.
        transformation: String,
        /// The claim.
        claim: String,
    },
    /// A claims transformation's inputs are outside what is simulated.
    Unsupported {
        /// Where.
        at: At,
        /// The transformation's id.
        transformation: String,
        /// Why.
        reason: String,
    },
    /// A claim resolver in a `DefaultValue` had no value: the claim was not
    /// set.
    UnresolvedResolver {
        /// Where (`None`: the relying party's token).
        at: Option<At>,
        /// The claim.
        claim: String,
        /// The resolver, e.g. `{Policy:TenantObjectId}`.
        resolver: String,
    },
    /// An answer named a claim that is not an output claim of the profile;
    /// B2C does not take it.
    IgnoredAnswerClaim {
        /// Where.
        at: At,
        /// The profile.
        profile: String,
        /// The claim named.
        claim: String,
    },
    /// A relying-party output claim the bag lacks (and that has no
    /// default): the token does not carry it.
    MissingTokenClaim {
        /// The claim id.
        claim: String,
        /// Its name in the token.
        name: String,
    },
    /// A profile setting the simulation does not model
    /// (`EnabledForUserJourneys`): the profile ran as if it were not set.
    UnmodelledSetting {
        /// Where.
        at: At,
        /// The profile.
        profile: String,
        /// The setting.
        setting: String,
    },
    /// A choice given to [`Simulation::choose`] that no selection step
    /// used.
    UnusedChoice {
        /// The exchange id.
        exchange: String,
    },
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gap::UnknownMethod {
                at,
                transformation,
                method,
            } => write!(
                f,
                "{at}: transformation `{transformation}`: method `{method}` is not simulated (stub it with with_method)"
            ),
            Gap::MissingInput {
                at,
                transformation,
                claim,
            } => write!(
                f,
                "{at}: transformation `{transformation}`: input claim `{claim}` has no value"
            ),
            Gap::Unsupported {
                at,
                transformation,
                reason,
            } => write!(f, "{at}: transformation `{transformation}`: {reason}"),
            Gap::UnresolvedResolver {
                at,
                claim,
                resolver,
            } => match at {
                Some(at) => write!(
                    f,
                    "{at}: claim `{claim}`: no value for resolver {resolver} (give one with Simulation::resolver)"
                ),
                None => write!(
                    f,
                    "token claim `{claim}`: no value for resolver {resolver} (give one with Simulation::resolver)"
                ),
            },
            Gap::IgnoredAnswerClaim { at, profile, claim } => write!(
                f,
                "{at}: the answer of `{profile}` names `{claim}`, which is not one of its output claims"
            ),
            Gap::MissingTokenClaim { claim, name } => write!(
                f,
                "the token lacks `{name}`: claim `{claim}` has no value at SendClaims"
            ),
            Gap::UnmodelledSetting {
                at,
                profile,
                setting,
            } => write!(
                f,
                "{at}: profile `{profile}`: {setting} is not simulated (the profile ran)"
            ),
            Gap::UnusedChoice { exchange } => {
                write!(f, "choice `{exchange}` was not used by any selection step")
            }
        }
    }
}

/// Where a technical profile ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// The step.
    pub at: At,
    /// The profile.
    pub profile: String,
    /// The self-asserted profile that called it as a validation profile.
    pub validation_of: Option<String>,
}

/// The result of a simulated run.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    journey: String,
    steps: Vec<Step>,
    claims: Claims,
    token: Option<Token>,
    end: End,
    gaps: Vec<Gap>,
    calls: Vec<CallSite>,
}

impl Trace {
    /// The journey simulated.
    pub fn journey(&self) -> &str {
        &self.journey
    }

    /// Every step met, in order (a sub-journey's steps after the step that
    /// invoked it).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The orders of the journey's steps that were taken (not those of
    /// sub-journeys).
    pub fn taken_orders(&self) -> Vec<i32> {
        self.steps
            .iter()
            .filter(|s| s.depth == 0 && s.is_taken())
            .map(|s| s.at.order)
            .collect()
    }

    /// The orders of the journey's steps that were skipped.
    pub fn skipped_orders(&self) -> Vec<i32> {
        self.steps
            .iter()
            .filter(|s| s.depth == 0 && !s.is_taken())
            .map(|s| s.at.order)
            .collect()
    }

    /// Step `order` of the journey (not of a sub-journey).
    pub fn step(&self, order: i32) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| s.depth == 0 && s.at.order == order)
    }

    /// Step `order` of journey or sub-journey `journey` (ignoring case).
    pub fn step_in(&self, journey: &str, order: i32) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| s.at.order == order && s.at.journey.eq_ignore_ascii_case(journey))
    }

    /// The claims bag at the end.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// The token, when a `SendClaims` step issued one.
    pub fn token(&self) -> Option<&Token> {
        self.token.as_ref()
    }

    /// How the journey ended.
    pub fn end(&self) -> &End {
        &self.end
    }

    /// The error the journey ended with, if it did.
    pub fn error(&self) -> Option<&str> {
        match &self.end {
            End::Error { message, .. } => Some(message),
            _ => None,
        }
    }

    /// What the simulation could not compute.
    pub fn gaps(&self) -> &[Gap] {
        &self.gaps
    }

    /// Every technical profile run, validation profiles included, in
    /// order.
    pub fn calls(&self) -> &[CallSite] {
        &self.calls
    }

    /// The steps (of the journey or a sub-journey) where `profile` ran
    /// (ignoring case), as a step's profile or as a validation profile.
    pub fn steps_running(&self, profile: &str) -> Vec<&At> {
        self.calls
            .iter()
            .filter(|c| c.profile.eq_ignore_ascii_case(profile))
            .map(|c| &c.at)
            .collect()
    }

    /// Every claims transformation run, in order.
    pub fn transformations(&self) -> Vec<&TransformRun> {
        self.steps
            .iter()
            .filter_map(Step::run)
            .flat_map(ProfileRun::transformations)
            .collect()
    }
}

impl fmt::Display for Trace {
    /// One line per step, the end, and the gaps: for a failing test's
    /// message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "journey {}", self.journey)?;
        for s in &self.steps {
            let indent = "  ".repeat(s.depth + 1);
            write!(f, "{indent}{} {}", s.at.order, s.step_type)?;
            if s.depth > 0 {
                write!(f, " (in {})", s.at.journey)?;
            }
            match &s.outcome {
                StepOutcome::Skipped(r) => write!(f, ": skipped ({r})")?,
                StepOutcome::Selected { exchange } => write!(f, ": chose {exchange}")?,
                StepOutcome::Exchange { exchange, run } => {
                    write!(f, ": {exchange} -> {}", run.profile)?;
                    for v in &run.validations {
                        match &v.outcome {
                            ValidationOutcome::Skipped(r) => {
                                write!(f, "; validation {} skipped ({r})", v.profile)?
                            }
                            ValidationOutcome::Ran { .. } => {
                                write!(f, "; validation {}", v.profile)?
                            }
                        }
                    }
                    if let Some(e) = &run.error {
                        write!(f, "; error: {e}")?;
                    }
                }
                StepOutcome::SubJourney { id, kind } => write!(f, ": {kind} {id}")?,
                StepOutcome::SendClaims { .. } => write!(f, ": token issued")?,
                StepOutcome::Passed { note } => write!(f, ": {note}")?,
            }
            writeln!(f)?;
        }
        match &self.end {
            End::TokenIssued { at } => writeln!(f, "end: token issued at {at}")?,
            End::Error {
                at,
                profile,
                message,
            } => writeln!(f, "end: error at {at} from `{profile}`: {message}")?,
            End::Finished => writeln!(f, "end: no more steps, no token")?,
        }
        for g in &self.gaps {
            writeln!(f, "gap: {g}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Errors.

/// Why a simulation stopped before the journey's end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A step or a validation reference names a technical profile the
    /// effective policy does not define.
    #[error("technical profile `{0}` is not in the effective policy")]
    MissingProfile(String),
    /// A profile names a claims transformation the policy does not define.
    #[error("technical profile `{profile}` uses claims transformation `{transformation}`, which is not in the effective policy")]
    MissingTransformation {
        /// The profile.
        profile: String,
        /// The transformation.
        transformation: String,
    },
    /// An `InvokeSubJourney` step names a missing sub-journey, or none.
    #[error("sub-journey `{0}` is not in the effective policy")]
    MissingSubJourney(String),
    /// A sub-journey invokes itself (directly or not).
    #[error("sub-journey `{0}` is invoked while it runs (a loop)")]
    Loop(String),
    /// Validation profiles nest deeper than the simulation follows.
    #[error("validation technical profiles nest more than {0} levels at `{1}`")]
    TooDeep(usize, String),
    /// A selection step with several options and no choice left.
    #[error("the user must choose one of {options:?} here: add .choose(…)")]
    NoChoice {
        /// The exchanges offered.
        options: Vec<String>,
    },
    /// The next choice is not offered by the selection step.
    #[error("choice `{choice}` is not offered here (offered: {options:?})")]
    NotOffered {
        /// The choice.
        choice: String,
        /// The exchanges offered.
        options: Vec<String>,
    },
    /// A validation selection names an exchange the step does not have.
    #[error("the step has no claims exchange `{0}`")]
    MissingExchange(String),
    /// A step with several exchanges, none of which was chosen.
    #[error("the step has several exchanges ({exchanges:?}) and none was chosen at an earlier selection step")]
    NoSelection {
        /// The step's exchanges.
        exchanges: Vec<String>,
    },
    /// An external technical profile with no answer given.
    #[error("technical profile `{0}` runs here and has no answer: add .returns(…), .returns_with(…) or .fails(…)")]
    NoAnswer(String),
    /// A value that does not fit its claim's data type.
    #[error("claim `{claim}`: {reason}")]
    BadValue {
        /// The claim.
        claim: String,
        /// Why it does not fit.
        reason: String,
    },
    /// A precondition without the values its type needs.
    #[error("a {kind} precondition with {count} value(s)")]
    MalformedPrecondition {
        /// Its type.
        kind: PreconditionType,
        /// How many values it has.
        count: usize,
    },
    /// More steps than any real journey runs (a guard).
    #[error("more than {0} steps")]
    TooManySteps(usize),
}

/// Why [`Simulation::run`] could not produce a trace.
#[derive(Debug, thiserror::Error)]
pub enum SimulateError {
    /// The effective policy has no relying party, so no default journey.
    #[error("the policy has no relying party; name the journey with Simulation::journey")]
    NoRelyingParty,
    /// The relying party has no `DefaultUserJourney`.
    #[error(
        "the relying party has no DefaultUserJourney; name the journey with Simulation::journey"
    )]
    NoDefaultJourney,
    /// The journey is not in the effective policy.
    #[error("user journey `{0}` is not in the effective policy")]
    MissingJourney(String),
    /// The clock is not an ISO 8601 dateTime.
    #[error("the clock `{0}` is not an ISO 8601 dateTime")]
    BadClock(String),
    /// An initial claim does not fit its claim's data type.
    #[error("initial claim `{claim}`: {reason}")]
    BadInitialClaim {
        /// The claim.
        claim: String,
        /// Why.
        reason: String,
    },
    /// The run met a [`Problem`]; `trace` holds the steps up to there.
    #[error("{at}: {problem}\n{trace}")]
    Stopped {
        /// Where.
        at: At,
        /// What.
        problem: Problem,
        /// The run so far.
        trace: Box<Trace>,
    },
}

// ---------------------------------------------------------------------------
// The run.

/// The most steps a run takes (sub-journeys included).
const MAX_STEPS: usize = 10_000;
/// The deepest nesting of sub-journeys and validation profiles followed.
const MAX_DEPTH: usize = 10;

enum Flow {
    Continue,
    End(End),
}

type Stop = (At, Problem);

struct Run<'s, 'a> {
    sim: &'s Simulation<'a>,
    eff: &'a EffectivePolicy,
    bag: Claims,
    choices: VecDeque<String>,
    selected: Option<String>,
    steps: Vec<Step>,
    gaps: Vec<Gap>,
    calls: Vec<CallSite>,
    token: Option<Token>,
    stack: Vec<String>,
    clock: Option<Instant>,
}

fn data_type(eff: &EffectivePolicy, claim: &str) -> Option<DataType> {
    eff.claim_type(claim).and_then(|c| c.data_type)
}

/// The claim id as the claims schema spells it (else as given).
fn canonical(eff: &EffectivePolicy, claim: &str) -> String {
    eff.claim_type(claim)
        .map(|c| c.id.id().to_owned())
        .unwrap_or_else(|| claim.to_owned())
}

fn metadata<'t>(tp: &'t TechnicalProfile, key: &str) -> Option<&'t str> {
    tp.metadata
        .iter()
        .rev()
        .find(|m| m.key.trim().eq_ignore_ascii_case(key))
        .map(|m| m.value.trim())
}

fn handler_has(tp: &TechnicalProfile, part: &str) -> bool {
    tp.protocol
        .as_ref()
        .and_then(|p| p.handler.as_deref())
        .is_some_and(|h| h.contains(part))
}

impl<'s, 'a> Run<'s, 'a> {
    fn finish(mut self, journey: String, end: End) -> Trace {
        for exchange in self.choices.drain(..) {
            self.gaps.push(Gap::UnusedChoice { exchange });
        }
        Trace {
            journey,
            steps: self.steps,
            claims: self.bag,
            token: self.token,
            end,
            gaps: self.gaps,
            calls: self.calls,
        }
    }

    fn push(&mut self, at: &At, depth: usize, step_type: StepType, outcome: StepOutcome) {
        self.steps.push(Step {
            at: at.clone(),
            depth,
            step_type,
            outcome,
            claims: self.bag.clone(),
        });
    }

    fn journey(
        &mut self,
        id: &str,
        steps: &[OrchestrationStep],
        depth: usize,
    ) -> Result<Flow, Stop> {
        let mut ordered: Vec<&OrchestrationStep> = steps.iter().collect();
        ordered.sort_by_key(|s| s.order);
        for step in ordered {
            let at = At {
                journey: id.to_owned(),
                order: step.order,
            };
            if self.steps.len() >= MAX_STEPS {
                return Err((at, Problem::TooManySteps(MAX_STEPS)));
            }
            let skip = self
                .preconditions(
                    &step.preconditions,
                    PreconditionAction::SkipThisOrchestrationStep,
                )
                .map_err(|p| (at.clone(), p))?;
            if let Some(reason) = skip {
                self.push(&at, depth, step.step_type, StepOutcome::Skipped(reason));
                continue;
            }
            if let Flow::End(end) = self.step(step, &at, depth)? {
                return Ok(Flow::End(end));
            }
        }
        Ok(Flow::Continue)
    }

    fn step(&mut self, step: &OrchestrationStep, at: &At, depth: usize) -> Result<Flow, Stop> {
        let stop = |p: Problem| (at.clone(), p);
        let exchanges: Vec<(&str, &str)> = step
            .exchanges
            .iter()
            .flat_map(|e| e.exchanges.iter())
            .map(|x| (x.id.id(), x.profile.id()))
            .collect();
        match step.step_type {
            StepType::SendClaims => {
                self.token = Some(self.token_claims());
                let issuer = step.cpim_issuer.as_ref().map(|p| p.id().to_owned());
                self.push(
                    at,
                    depth,
                    step.step_type,
                    StepOutcome::SendClaims { issuer },
                );
                Ok(Flow::End(End::TokenIssued { at: at.clone() }))
            }
            StepType::InvokeSubJourney => {
                let Some(candidate) = step.journey_list.first() else {
                    return Err(stop(Problem::MissingSubJourney(String::new())));
                };
                let sub_id = candidate.sub_journey.id();
                let eff = self.eff;
                let sub = eff
                    .sub_journey(sub_id)
                    .ok_or_else(|| stop(Problem::MissingSubJourney(sub_id.to_owned())))?;
                let name = sub.id.id().to_owned();
                if self.stack.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
                    return Err(stop(Problem::Loop(name)));
                }
                if depth + 1 > MAX_DEPTH {
                    return Err(stop(Problem::TooDeep(MAX_DEPTH, name)));
                }
                let kind = sub.journey_type;
                self.push(
                    at,
                    depth,
                    step.step_type,
                    StepOutcome::SubJourney {
                        id: name.clone(),
                        kind,
                    },
                );
                let record = self.steps.len() - 1;
                self.stack.push(name.clone());
                let flow = self.journey(&name, &sub.steps, depth + 1);
                self.stack.pop();
                let flow = flow?;
                self.steps[record].claims = self.bag.clone();
                match (flow, kind) {
                    (Flow::End(end), _) => Ok(Flow::End(end)),
                    (Flow::Continue, SubJourneyType::Transfer) => Ok(Flow::End(End::Finished)),
                    (Flow::Continue, SubJourneyType::Call) => Ok(Flow::Continue),
                }
            }
            StepType::ClaimsProviderSelection | StepType::CombinedSignInAndSignUp
                if step.selections.is_some() =>
            {
                let mut options: Vec<String> = Vec::new();
                let mut validations: Vec<String> = Vec::new();
                for s in step.selections.iter().flat_map(|s| s.selections.iter()) {
                    if let Some(t) = &s.target {
                        options.push(t.id().to_owned());
                    }
                    if let Some(v) = &s.validation {
                        options.push(v.id().to_owned());
                        validations.push(v.id().to_owned());
                    }
                }
                // The sign-in page's sign-up link.
                for (_, profile) in &exchanges {
                    if let Some(tp) = self.eff.profile_with_includes(profile) {
                        if let Some(target) = metadata(&tp, "SignUpTarget") {
                            if !target.is_empty() {
                                options.push(target.to_owned());
                            }
                        }
                    }
                }
                let choice = match self.choices.front() {
                    Some(c) if options.len() == 1 && !options[0].eq_ignore_ascii_case(c) => {
                        options[0].clone()
                    }
                    Some(_) => self.choices.pop_front().unwrap_or_default(),
                    None if options.len() == 1 => options[0].clone(),
                    None => return Err(stop(Problem::NoChoice { options })),
                };
                let Some(offered) = options
                    .iter()
                    .find(|o| o.eq_ignore_ascii_case(&choice))
                    .cloned()
                else {
                    return Err(stop(Problem::NotOffered { choice, options }));
                };
                self.selected = Some(offered.clone());
                if validations.iter().any(|v| v.eq_ignore_ascii_case(&offered)) {
                    let Some(&(exchange, profile)) = exchanges
                        .iter()
                        .find(|(x, _)| x.eq_ignore_ascii_case(&offered))
                    else {
                        return Err(stop(Problem::MissingExchange(offered)));
                    };
                    self.exchange(step, at, depth, exchange, profile)
                } else {
                    self.push(
                        at,
                        depth,
                        step.step_type,
                        StepOutcome::Selected { exchange: offered },
                    );
                    Ok(Flow::Continue)
                }
            }
            _ if !exchanges.is_empty() => {
                let pick = if exchanges.len() == 1 {
                    Some(exchanges[0])
                } else {
                    self.selected.as_deref().and_then(|sel| {
                        exchanges
                            .iter()
                            .copied()
                            .find(|(x, _)| x.eq_ignore_ascii_case(sel))
                    })
                };
                let Some((exchange, profile)) = pick else {
                    return Err(stop(Problem::NoSelection {
                        exchanges: exchanges.iter().map(|(x, _)| (*x).to_owned()).collect(),
                    }));
                };
                self.exchange(step, at, depth, exchange, profile)
            }
            other => {
                let note = match other {
                    StepType::Noop => "a Noop step".to_owned(),
                    StepType::GetClaims => {
                        "GetClaims: the request's claims are the initial claims".to_owned()
                    }
                    _ => format!("a {other} step without claims exchanges"),
                };
                self.push(at, depth, step.step_type, StepOutcome::Passed { note });
                Ok(Flow::Continue)
            }
        }
    }

    fn exchange(
        &mut self,
        step: &OrchestrationStep,
        at: &At,
        depth: usize,
        exchange: &str,
        profile: &str,
    ) -> Result<Flow, Stop> {
        let run = self
            .profile(profile, at, None, 0)
            .map_err(|p| (at.clone(), p))?;
        let error = run.error.clone().map(|message| End::Error {
            at: at.clone(),
            profile: failing_profile(&run),
            message,
        });
        self.push(
            at,
            depth,
            step.step_type,
            StepOutcome::Exchange {
                exchange: exchange.to_owned(),
                run,
            },
        );
        Ok(match error {
            Some(end) => Flow::End(end),
            None => Flow::Continue,
        })
    }

    /// The first precondition that fires with `action`.
    fn preconditions(
        &self,
        preconditions: &[Precondition],
        action: PreconditionAction,
    ) -> Result<Option<SkipReason>, Problem> {
        for p in preconditions {
            let holds = match p.precondition_type {
                PreconditionType::ClaimsExist => {
                    if p.values.is_empty() {
                        return Err(Problem::MalformedPrecondition {
                            kind: p.precondition_type,
                            count: 0,
                        });
                    }
                    p.values.iter().all(|c| self.bag.contains(c.trim()))
                }
                PreconditionType::ClaimEquals => {
                    let [claim, literal, ..] = p.values.as_slice() else {
                        return Err(Problem::MalformedPrecondition {
                            kind: p.precondition_type,
                            count: p.values.len(),
                        });
                    };
                    self.bag
                        .get(claim.trim())
                        .is_some_and(|v| equals_literal(v, literal))
                }
            };
            if holds == p.execute_actions_if && p.actions.contains(&action) {
                return Ok(Some(SkipReason {
                    kind: p.precondition_type,
                    values: p.values.clone(),
                    execute_actions_if: p.execute_actions_if,
                }));
            }
        }
        Ok(None)
    }

    /// Sets `claim` in the bag, converted to its data type.
    fn set(&mut self, claim: &str, value: Value) -> Result<(), Problem> {
        let v = value
            .coerce(data_type(self.eff, claim))
            .map_err(|reason| Problem::BadValue {
                claim: claim.to_owned(),
                reason,
            })?;
        self.bag.insert(canonical(self.eff, claim), v);
        Ok(())
    }

    /// A `DefaultValue`, claim resolvers resolved when `resolve`; `Err`
    /// names the first resolver without a value.
    fn default_value(&self, text: &str, resolve: bool) -> Result<String, String> {
        if !resolve {
            return Ok(text.to_owned());
        }
        let eff = self.eff;
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else {
                break;
            };
            out.push_str(&rest[..open]);
            let whole = &rest[open..open + len + 1];
            let inner = &whole[1..whole.len() - 1];
            match inner.split_once(':') {
                Some((prefix, name)) if is_resolver_prefix(prefix) => {
                    let key = lc(inner.trim());
                    let value = if prefix.eq_ignore_ascii_case("Claim") {
                        self.bag.get(name.trim()).map(Value::text)
                    } else if let Some(v) = self.sim.resolvers.get(&key) {
                        Some(v.clone())
                    } else {
                        match key.as_str() {
                            "policy:policyid" => Some(eff.policy.policy_id.id().to_owned()),
                            "policy:trustframeworktenantid" | "policy:relyingpartytenantid" => {
                                Some(eff.policy.tenant_id.clone())
                            }
                            _ => None,
                        }
                    };
                    match value {
                        Some(v) => out.push_str(&v),
                        None => return Err(whole.to_owned()),
                    }
                }
                _ => out.push_str(whole),
            }
            rest = &rest[open + len + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn token_claims(&mut self) -> Token {
        let mut token = Token::default();
        let eff = self.eff;
        let Some(tp) = eff
            .relying_party()
            .and_then(|rp| rp.technical_profiles.first())
        else {
            return token;
        };
        for oc in &tp.output_claims {
            let claim = oc.claim.id();
            let name = oc
                .partner_claim_type
                .clone()
                .unwrap_or_else(|| claim.to_owned());
            let always = oc.always_use_default_value == Some(true);
            let existing = self.bag.get(claim).cloned();
            let default = oc
                .default_value
                .as_deref()
                .filter(|_| always || existing.is_none());
            let value = if let Some(default) = default {
                match self.default_value(default, always) {
                    Ok(text) => Value::String(text),
                    Err(resolver) => {
                        self.gaps.push(Gap::UnresolvedResolver {
                            at: None,
                            claim: claim.to_owned(),
                            resolver,
                        });
                        continue;
                    }
                }
            } else if let Some(v) = existing {
                v
            } else {
                self.gaps.push(Gap::MissingTokenClaim {
                    claim: claim.to_owned(),
                    name,
                });
                continue;
            };
            let value = value.clone().coerce(data_type(eff, claim)).unwrap_or(value);
            token.claims.push((name, value));
        }
        token
    }

    /// Runs technical profile `id` (see the module docs for the order).
    fn profile(
        &mut self,
        id: &str,
        at: &At,
        validation_of: Option<&str>,
        depth: usize,
    ) -> Result<ProfileRun, Problem> {
        if depth > MAX_DEPTH {
            return Err(Problem::TooDeep(MAX_DEPTH, id.to_owned()));
        }
        let eff = self.eff;
        let tp = eff
            .profile_with_includes(id)
            .ok_or_else(|| Problem::MissingProfile(id.to_owned()))?;
        let name = tp.id.id().to_owned();
        self.calls.push(CallSite {
            at: at.clone(),
            profile: name.clone(),
            validation_of: validation_of.map(str::to_owned),
        });
        let mut run = ProfileRun::new(&name);
        let internal = handler_has(&tp, "ClaimsTransformationProtocolProvider");
        let self_asserted = handler_has(&tp, "SelfAssertedAttributeProvider");
        let resolving = metadata(&tp, "IncludeClaimResolvingInClaimsHandling")
            .and_then(parse_bool)
            .unwrap_or(false);
        if let Some(setting) = tp.enabled_for_user_journeys {
            use crate::providers::EnabledForUserJourneys as E;
            if !matches!(setting, E::Always | E::True) {
                self.gaps.push(Gap::UnmodelledSetting {
                    at: at.clone(),
                    profile: name.clone(),
                    setting: format!("EnabledForUserJourneys={setting}"),
                });
            }
        }

        // 1. Input claims transformations.
        for r in &tp.input_claims_transformations {
            let t = self.transform(r.reference.id(), &name, at)?;
            let failed = failure(&t);
            run.input_transformations.push(t);
            if let Some(message) = failed {
                run.error = Some(message);
                return Ok(run);
            }
        }

        // 2. Input claims.
        for ic in &tp.input_claims {
            let claim = ic.claim.id();
            let always = ic.always_use_default_value == Some(true);
            let value = match (&ic.default_value, self.bag.get(claim)) {
                (Some(default), existing) if always || existing.is_none() => {
                    match self.default_value(default, resolving && always) {
                        Ok(text) => Some(Value::String(text)),
                        Err(resolver) => {
                            self.gaps.push(Gap::UnresolvedResolver {
                                at: Some(at.clone()),
                                claim: claim.to_owned(),
                                resolver,
                            });
                            None
                        }
                    }
                }
                (_, existing) => existing.cloned(),
            };
            if let Some(v) = value {
                let v = v.clone().coerce(data_type(eff, claim)).unwrap_or(v);
                run.inputs.insert(canonical(eff, claim), v);
            }
        }

        // 3. The protocol.
        let mut returned: Vec<String> = Vec::new();
        if !internal {
            let answer = self.answer(&name, at, validation_of, &run.inputs)?;
            match answer {
                Err(e) => {
                    run.answer = AnswerRecord::Failed(e.0.clone());
                    run.error = Some(e.0);
                    return Ok(run);
                }
                Ok(claims) => {
                    for (key, value) in claims.iter() {
                        let target = tp
                            .output_claims
                            .iter()
                            .find(|oc| oc.claim.id().eq_ignore_ascii_case(key))
                            .or_else(|| {
                                tp.output_claims.iter().find(|oc| {
                                    oc.partner_claim_type
                                        .as_deref()
                                        .is_some_and(|p| p.eq_ignore_ascii_case(key))
                                })
                            });
                        match target {
                            Some(oc) => {
                                self.set(oc.claim.id(), value.clone())?;
                                returned.push(lc(oc.claim.id()));
                            }
                            None => self.gaps.push(Gap::IgnoredAnswerClaim {
                                at: at.clone(),
                                profile: name.clone(),
                                claim: key.to_owned(),
                            }),
                        }
                    }
                    run.answer = AnswerRecord::Returned(claims);
                }
            }
        }

        // 4. Validation technical profiles.
        let before_validation = self.bag.clone();
        if !tp.validation_technical_profiles.is_empty() && !self_asserted {
            run.notes.push(
                "validation technical profiles run only for self-asserted profiles: not run"
                    .to_owned(),
            );
        }
        if self_asserted {
            for v in &tp.validation_technical_profiles {
                let vid = v.reference.id();
                if let Some(reason) = self.preconditions(
                    &v.preconditions,
                    PreconditionAction::SkipThisValidationTechnicalProfile,
                )? {
                    run.validations.push(ValidationRun {
                        profile: vid.to_owned(),
                        outcome: ValidationOutcome::Skipped(reason),
                    });
                    continue;
                }
                let sub = self.profile(vid, at, Some(&name), depth + 1)?;
                let vname = sub.profile.clone();
                let error = sub.error.clone();
                let ignore = error.is_some() && v.continue_on_error == Some(true);
                run.validations.push(ValidationRun {
                    profile: vname.clone(),
                    outcome: ValidationOutcome::Ran {
                        run: sub,
                        error_ignored: ignore,
                    },
                });
                match error {
                    Some(message) if !ignore => {
                        run.error = Some(message);
                        return Ok(run);
                    }
                    Some(_) => {}
                    None if v.continue_on_success == Some(false) => {
                        run.notes.push(format!(
                            "`{vname}` succeeded with ContinueOnSuccess=\"false\": later validation profiles not run"
                        ));
                        break;
                    }
                    None => {}
                }
            }
        }
        let by_validation = changed(&before_validation, &self.bag);

        // 5. Output claims.
        for oc in &tp.output_claims {
            let claim = oc.claim.id();
            let key = lc(claim);
            let always = oc.always_use_default_value == Some(true);
            let came = returned.contains(&key)
                || by_validation.contains(&key)
                || (internal && self.bag.contains(claim));
            let Some(default) = &oc.default_value else {
                continue;
            };
            if !always && came {
                continue;
            }
            match self.default_value(default, resolving && always) {
                Ok(text) => self.set(claim, Value::String(text))?,
                Err(resolver) => self.gaps.push(Gap::UnresolvedResolver {
                    at: Some(at.clone()),
                    claim: claim.to_owned(),
                    resolver,
                }),
            }
        }

        // 6. Output claims transformations.
        let mut by_outputs: Vec<String> = Vec::new();
        for r in &tp.output_claims_transformations {
            let t = self.transform(r.reference.id(), &name, at)?;
            let failed = failure(&t);
            if let TransformOutcome::Applied { outputs, .. } = &t.outcome {
                by_outputs.extend(outputs.iter().map(|(c, _)| lc(c)));
            }
            run.output_transformations.push(t);
            if let Some(message) = failed {
                run.error = Some(message);
                return Ok(run);
            }
        }

        // What validation profiles wrote stays with this profile unless it
        // lists the claim as an output claim (or writes it itself).
        for key in by_validation {
            let kept = tp.output_claims.iter().any(|oc| lc(oc.claim.id()) == key)
                || by_outputs.contains(&key);
            if kept {
                continue;
            }
            match before_validation.map.get(&key) {
                Some((id, v)) => self.bag.insert(id.clone(), v.clone()),
                None => {
                    self.bag.remove(&key);
                }
            }
        }
        Ok(run)
    }

    /// The caller's answer for an external profile.
    fn answer(
        &mut self,
        profile: &str,
        at: &At,
        validation_of: Option<&str>,
        inputs: &Claims,
    ) -> Result<Result<Claims, ProfileError>, Problem> {
        let sim = self.sim;
        match sim.answers.get(&lc(profile)) {
            None => Err(Problem::NoAnswer(profile.to_owned())),
            Some(Answer::Fixed(c)) => Ok(Ok(c.clone())),
            Some(Answer::Fails(m)) => Ok(Err(ProfileError(m.clone()))),
            Some(Answer::Computed(f)) => Ok(f(&ProfileCall {
                profile,
                at,
                validation_of,
                inputs,
                claims: &self.bag,
            })),
        }
    }

    /// Runs claims transformation `id` on the bag.
    fn transform(&mut self, id: &str, profile: &str, at: &At) -> Result<TransformRun, Problem> {
        let eff = self.eff;
        let t: &ClaimsTransformation =
            eff.transformation(id)
                .ok_or_else(|| Problem::MissingTransformation {
                    profile: profile.to_owned(),
                    transformation: id.to_owned(),
                })?;
        let tenant = eff.policy.tenant_id.as_str();
        let inputs: Vec<(String, String, Option<Value>)> = t
            .input_claims
            .iter()
            .map(|c| {
                let claim = c.claim.id();
                (
                    c.transformation_claim_type.clone().unwrap_or_default(),
                    claim.to_owned(),
                    self.bag.get(claim).cloned(),
                )
            })
            .collect();
        let parameters: Vec<(String, String)> = t
            .input_parameters
            .iter()
            .map(|p| {
                let value = if p.id == "value" || p.id == "stringFormat" {
                    expand_expressions(&p.value, profile, tenant)
                } else {
                    p.value.clone()
                };
                (p.id.clone(), value)
            })
            .collect();
        let method = t.method.trim();
        let mut record = TransformRun {
            id: t.id.id().to_owned(),
            method: t.method.clone(),
            inputs: inputs.clone(),
            parameters: parameters.clone(),
            outcome: TransformOutcome::Unknown,
        };
        let stub = self.sim.methods.get(&lc(method));
        let result: Result<Vec<(String, Option<Value>)>, Fault> =
            if let Some(stub) = stub {
                let mut by_name = Claims::new();
                for (tct, claim, value) in &inputs {
                    if let Some(v) = value {
                        let key = if tct.is_empty() { claim } else { tct };
                        by_name.insert(key.clone(), v.clone());
                    }
                }
                match stub(&MethodCall {
                    transformation: t.id.id(),
                    method,
                    profile,
                    inputs: &by_name,
                    parameters: &parameters,
                }) {
                    Ok(outs) => Ok(t
                        .output_claims
                        .iter()
                        .filter_map(|oc| {
                            let claim = oc.claim.id();
                            let key = oc.transformation_claim_type.as_deref().unwrap_or(claim);
                            outs.get(key)
                                .or_else(|| outs.get(claim))
                                .map(|v| (claim.to_owned(), Some(v.clone())))
                        })
                        .collect()),
                    Err(e) => Err(Fault::Failed(e.0)),
                }
            } else {
                match builtin(method) {
                    None => Err(Fault::Unknown),
                    Some(f) => {
                        let cx = Cx {
                            inputs: &inputs,
                            params: &parameters,
                            clock: self.clock,
                            method,
                        };
                        f(&cx).map(|outs| {
                            let mut written = Vec::new();
                            for (tct, value) in outs {
                                for oc in t.output_claims.iter().filter(|oc| {
                                    oc.transformation_claim_type.as_deref() == Some(tct)
                                }) {
                                    written.push((oc.claim.id().to_owned(), value.clone()));
                                }
                            }
                            written
                        })
                    }
                }
            };
        record.outcome = match result {
            Ok(outputs) => {
                let mut applied = Vec::new();
                for (claim, value) in outputs {
                    match value {
                        Some(v) => {
                            self.set(&claim, v)?;
                            applied.push((canonical(eff, &claim), self.bag.get(&claim).cloned()));
                        }
                        None => {
                            self.bag.remove(&claim);
                            applied.push((canonical(eff, &claim), None));
                        }
                    }
                }
                TransformOutcome::Applied {
                    outputs: applied,
                    stubbed: stub.is_some(),
                }
            }
            Err(Fault::Failed(message)) => TransformOutcome::Failed { message },
            Err(Fault::Unknown) => {
                self.gaps.push(Gap::UnknownMethod {
                    at: at.clone(),
                    transformation: record.id.clone(),
                    method: record.method.clone(),
                });
                TransformOutcome::Unknown
            }
            Err(Fault::Missing(tct)) => {
                let claim = inputs
                    .iter()
                    .find(|(n, _, _)| *n == tct)
                    .map(|(_, c, _)| c.clone())
                    .unwrap_or(tct);
                self.gaps.push(Gap::MissingInput {
                    at: at.clone(),
                    transformation: record.id.clone(),
                    claim: claim.clone(),
                });
                TransformOutcome::MissingInput { claim }
            }
            Err(Fault::Unsupported(reason)) => {
                self.gaps.push(Gap::Unsupported {
                    at: at.clone(),
                    transformation: record.id.clone(),
                    reason: reason.clone(),
                });
                TransformOutcome::Unsupported { reason }
            }
        };
        Ok(record)
    }
}

/// The claims (lowercase ids) whose value differs between two bags.
fn changed(before: &Claims, after: &Claims) -> Vec<String> {
    let mut out: Vec<String> = after
        .map
        .iter()
        .filter(|(k, (_, v))| before.map.get(*k).map(|(_, b)| b) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(
        before
            .map
            .keys()
            .filter(|k| !after.map.contains_key(*k))
            .cloned(),
    );
    out
}

fn failure(t: &TransformRun) -> Option<String> {
    match &t.outcome {
        TransformOutcome::Failed { message } => {
            Some(format!("claims transformation `{}`: {message}", t.id))
        }
        _ => None,
    }
}

/// The profile whose error ended a run: the innermost validation profile
/// that failed without `ContinueOnError`, else the profile itself.
fn failing_profile(run: &ProfileRun) -> String {
    for v in &run.validations {
        if let ValidationOutcome::Ran {
            run: sub,
            error_ignored: false,
        } = &v.outcome
        {
            if sub.error.is_some() {
                return failing_profile(sub);
            }
        }
    }
    run.profile.clone()
}

fn is_resolver_prefix(prefix: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "Culture", "Policy", "Context", "Claim", "OIDC", "OAUTH-KV", "SAML", "oauth2",
    ];
    PREFIXES
        .iter()
        .any(|p| p.eq_ignore_ascii_case(prefix.trim()))
}

/// `{TechnicalProfileId}`, `{RelyingPartyTenantId}` and
/// `{TrustFrameworkTenantId}` in a transformation parameter (names
/// ignoring ASCII case), in one pass.
fn expand_expressions(text: &str, profile: &str, tenant: &str) -> String {
    const NAMES: [&str; 3] = [
        "{TechnicalProfileId}",
        "{RelyingPartyTenantId}",
        "{TrustFrameworkTenantId}",
    ];
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'scan: while i < text.len() {
        if bytes[i] == b'{' {
            for (n, name) in NAMES.iter().enumerate() {
                let end = i + name.len();
                if end <= bytes.len() && bytes[i..end].eq_ignore_ascii_case(name.as_bytes()) {
                    out.push_str(if n == 0 { profile } else { tenant });
                    i = end;
                    continue 'scan;
                }
            }
        }
        match text[i..].chars().next() {
            Some(c) => {
                out.push(c);
                i += c.len_utf8();
            }
            None => break,
        }
    }
    out
}

/// Whether claim value `v` equals a precondition's literal.
fn equals_literal(v: &Value, literal: &str) -> bool {
    match v {
        Value::Boolean(b) => parse_bool(literal) == Some(*b),
        Value::Int(_) | Value::Long(_) => literal.trim().parse::<i64>().ok() == v.as_i64(),
        Value::StringCollection(_) => false,
        other => other.text() == literal,
    }
}

fn find_param<'p>(params: &'p [(String, String)], id: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == id)
        .or_else(|| params.iter().find(|(k, _)| k.eq_ignore_ascii_case(id)))
        .map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------------------
// Dates.

/// A point in time: seconds since 1970-01-01T00:00:00Z and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Instant {
    secs: i64,
    nanos: u32,
}

impl Instant {
    fn total_nanos(self) -> i128 {
        i128::from(self.secs) * 1_000_000_000 + i128::from(self.nanos)
    }

    fn plus_seconds(self, s: i64) -> Instant {
        Instant {
            secs: self.secs.saturating_add(s),
            nanos: self.nanos,
        }
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = (if z >= 0 { z } else { z - 146_096 }) / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `YYYY-MM-DD` as days since 1970-01-01.
fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&s[0..4])?;
    let m = digits(&s[5..7])?;
    let d = digits(&s[8..10])?;
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d > len {
        return None;
    }
    Some(days_from_civil(i64::from(y), m, d))
}

/// An ISO 8601 dateTime (`YYYY-MM-DDTHH:MM[:SS[.fraction]]` and `Z`, an
/// offset, or nothing for UTC), or a date alone (midnight UTC).
fn parse_datetime(s: &str) -> Option<Instant> {
    let s = s.trim();
    if s.len() < 10 || !s.is_char_boundary(10) {
        return None;
    }
    let days = parse_date(&s[..10])?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(Instant {
            secs: days * 86_400,
            nanos: 0,
        });
    }
    let rest = rest
        .strip_prefix('T')
        .or_else(|| rest.strip_prefix('t'))
        .or_else(|| rest.strip_prefix(' '))?;
    // Split off the zone.
    let (clock, offset) = if let Some(c) = rest.strip_suffix('Z').or_else(|| rest.strip_suffix('z'))
    {
        (c, 0i64)
    } else if let Some(pos) = rest.rfind(['+', '-']) {
        let (c, z) = rest.split_at(pos);
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let z = &z[1..];
        let (h, m) = match z.split_once(':') {
            Some((h, m)) => (digits(h)?, digits(m)?),
            None if z.len() == 4 => (digits(z.get(..2)?)?, digits(z.get(2..)?)?),
            None => (digits(z)?, 0),
        };
        if h > 23 || m > 59 {
            return None;
        }
        (c, sign * (i64::from(h) * 3600 + i64::from(m) * 60))
    } else {
        (rest, 0)
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let h = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let sec = match parts.next() {
        Some(p) => digits(p)?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 => digits(f)? * 10u32.pow(9 - f.len() as u32),
        Some(_) => return None,
    };
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec) - offset;
    Some(Instant { secs, nanos })
}

fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn format_datetime(t: Instant) -> String {
    let days = t.secs.div_euclid(86_400);
    let rem = t.secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let mut out = format!("{}T{h:02}:{m:02}:{s:02}", format_date(days));
    if t.nanos > 0 {
        let f = format!("{:09}", t.nanos);
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

// ---------------------------------------------------------------------------
// The built-in claims-transformation methods.

/// Why a method computed nothing.
#[derive(Debug, Clone, PartialEq)]
enum Fault {
    /// No implementation.
    Unknown,
    /// The input claim of this `TransformationClaimType` is not in the
    /// bag.
    Missing(String),
    /// Outside what is simulated.
    Unsupported(String),
    /// The method raised an error.
    Failed(String),
}

type Outs = Vec<(&'static str, Option<Value>)>;
type Builtin = fn(&Cx) -> Result<Outs, Fault>;

/// What a built-in method sees.
struct Cx<'c> {
    inputs: &'c [(String, String, Option<Value>)],
    params: &'c [(String, String)],
    clock: Option<Instant>,
    method: &'c str,
}

impl Cx<'_> {
    fn input(&self, tct: &str) -> Option<&Value> {
        self.inputs
            .iter()
            .find(|(n, _, _)| n == tct)
            .or_else(|| {
                self.inputs
                    .iter()
                    .find(|(n, _, _)| n.eq_ignore_ascii_case(tct))
            })
            .and_then(|(_, _, v)| v.as_ref())
    }

    /// A required input: missing is a [`Fault::Missing`], or for an
    /// `Assert…` method an error (B2C reports a missing input claim of an
    /// assertion at run time).
    fn need(&self, tct: &str) -> Result<&Value, Fault> {
        self.input(tct).ok_or_else(|| {
            if self.method.to_ascii_lowercase().starts_with("assert") {
                let claim = self
                    .inputs
                    .iter()
                    .find(|(n, _, _)| n.eq_ignore_ascii_case(tct))
                    .map(|(_, c, _)| c.as_str())
                    .unwrap_or(tct);
                Fault::Failed(format!("input claim `{claim}` ({tct}) has no value"))
            } else {
                Fault::Missing(tct.to_owned())
            }
        })
    }

    fn param(&self, id: &str) -> Option<&str> {
        find_param(self.params, id)
    }

    fn need_param(&self, id: &str) -> Result<&str, Fault> {
        self.param(id)
            .ok_or_else(|| Fault::Unsupported(format!("input parameter `{id}` is missing")))
    }

    fn bool_param(&self, id: &str, default: Option<bool>) -> Result<bool, Fault> {
        match self.param(id) {
            Some(v) => parse_bool(v).ok_or_else(|| {
                Fault::Unsupported(format!("input parameter `{id}` is `{v}`, not true/false"))
            }),
            None => default
                .ok_or_else(|| Fault::Unsupported(format!("input parameter `{id}` is missing"))),
        }
    }

    fn int_param(&self, id: &str) -> Result<i64, Fault> {
        let v = self.need_param(id)?;
        v.trim().parse().map_err(|_| {
            Fault::Unsupported(format!("input parameter `{id}` is `{v}`, not a number"))
        })
    }

    fn text(&self, tct: &str) -> Result<String, Fault> {
        let v = self.need(tct)?;
        match v {
            Value::StringCollection(_) => Err(Fault::Unsupported(format!(
                "input `{tct}` is a collection, a string is expected"
            ))),
            other => Ok(other.text()),
        }
    }

    fn boolean(&self, tct: &str) -> Result<bool, Fault> {
        let v = self.need(tct)?;
        v.as_bool().ok_or_else(|| {
            Fault::Unsupported(format!("input `{tct}` is `{}`, not a boolean", v.text()))
        })
    }

    fn collection(&self, tct: &str) -> Result<Option<Vec<String>>, Fault> {
        match self.input(tct) {
            None => Ok(None),
            Some(Value::StringCollection(items)) => Ok(Some(items.clone())),
            Some(other) => Err(Fault::Unsupported(format!(
                "input `{tct}` is `{}`, not a string collection",
                other.text()
            ))),
        }
    }

    fn instant(&self, tct: &str) -> Result<Option<Instant>, Fault> {
        match self.input(tct) {
            None => Ok(None),
            Some(v) => {
                let text = v.text();
                parse_datetime(&text).map(Some).ok_or_else(|| {
                    Fault::Unsupported(format!("input `{tct}` is `{text}`, not a dateTime"))
                })
            }
        }
    }

    fn now(&self) -> Result<Instant, Fault> {
        self.clock.ok_or_else(|| {
            Fault::Unsupported("needs the current time: give one with Simulation::clock".into())
        })
    }
}

/// Ordinal comparison, optionally ignoring case.
fn same_text(a: &str, b: &str, ignore_case: bool) -> bool {
    if ignore_case {
        a.chars()
            .flat_map(char::to_uppercase)
            .eq(b.chars().flat_map(char::to_uppercase))
    } else {
        a == b
    }
}

fn upper(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

/// `stringComparison`: `Ordinal` or `OrdinalIgnoreCase` (any case).
fn string_comparison(cx: &Cx) -> Result<bool, Fault> {
    let v = cx.need_param("stringComparison")?;
    match v.trim().to_ascii_lowercase().as_str() {
        "ordinal" => Ok(false),
        "ordinalignorecase" => Ok(true),
        _ => Err(Fault::Unsupported(format!(
            "stringComparison `{v}` is neither Ordinal nor OrdinalIgnoreCase"
        ))),
    }
}

/// `operator`: `EQUAL` or `NOT EQUAL` (any case): whether equality is the
/// outcome asked for.
fn equality_operator(cx: &Cx) -> Result<bool, Fault> {
    let v = cx.need_param("operator")?;
    let norm: String = v.split_whitespace().collect::<Vec<_>>().join(" ");
    match norm.to_ascii_uppercase().as_str() {
        "EQUAL" => Ok(true),
        "NOT EQUAL" => Ok(false),
        _ => Err(Fault::Unsupported(format!(
            "operator `{v}` is neither EQUAL nor NOT EQUAL"
        ))),
    }
}

/// .NET composite formatting with positional arguments only (`{0}`, `{1}`,
/// `{{`, `}}`).
fn format_positional(format: &str, args: &[String]) -> Result<String, Fault> {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut item = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => item.push(c),
                        None => {
                            return Err(Fault::Unsupported(format!(
                                "stringFormat `{format}` has an unclosed `{{`"
                            )))
                        }
                    }
                }
                let index: usize = item.trim().parse().map_err(|_| {
                    Fault::Unsupported(format!(
                        "stringFormat `{format}`: `{{{item}}}` is not a plain argument index"
                    ))
                })?;
                let arg = args.get(index).ok_or_else(|| {
                    Fault::Unsupported(format!(
                        "stringFormat `{format}` uses {{{index}}}; the method has {} argument(s)",
                        args.len()
                    ))
                })?;
                out.push_str(arg);
            }
            '}' => {
                return Err(Fault::Unsupported(format!(
                    "stringFormat `{format}` has a lone `}}`"
                )))
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn one(tct: &'static str, v: Value) -> Result<Outs, Fault> {
    Ok(vec![(tct, Some(v))])
}

// -- General --

fn copy_claim(cx: &Cx) -> Result<Outs, Fault> {
    one("outputClaim", cx.need("inputClaim")?.clone())
}

fn does_claim_exist(cx: &Cx) -> Result<Outs, Fault> {
    one(
        "outputClaim",
        Value::Boolean(cx.input("inputClaim").is_some()),
    )
}

fn null_claim(_: &Cx) -> Result<Outs, Fault> {
    Ok(vec![("claim_to_null", None)])
}

// -- String --

fn create_string_claim(cx: &Cx) -> Result<Outs, Fault> {
    one(
        "createdClaim",
        Value::String(cx.need_param("value")?.to_owned()),
    )
}

fn format_string_claim(cx: &Cx) -> Result<Outs, Fault> {
    let arg = cx.text("inputClaim")?;
    let out = format_positional(cx.need_param("stringFormat")?, &[arg])?;
    one("outputClaim", Value::String(out))
}

fn format_string_multiple_claims(cx: &Cx) -> Result<Outs, Fault> {
    let args = [cx.text("inputClaim1")?, cx.text("inputClaim2")?];
    let out = format_positional(cx.need_param("stringFormat")?, &args)?;
    one("outputClaim", Value::String(out))
}

fn change_case(cx: &Cx) -> Result<Outs, Fault> {
    let text = cx.text("inputClaim1")?;
    let to = cx.need_param("toCase")?;
    let out = if to.trim().eq_ignore_ascii_case("LOWER") {
        text.to_lowercase()
    } else if to.trim().eq_ignore_ascii_case("UPPER") {
        upper(&text)
    } else {
        return Err(Fault::Unsupported(format!(
            "toCase `{to}` is neither LOWER nor UPPER"
        )));
    };
    one("outputClaim", Value::String(out))
}

fn compare_claims(cx: &Cx) -> Result<Outs, Fault> {
    let a = cx.text("inputClaim1")?;
    let b = cx.text("inputClaim2")?;
    let want_equal = equality_operator(cx)?;
    let ignore = cx.bool_param("ignoreCase", None)?;
    one(
        "outputClaim",
        Value::Boolean(same_text(&a, &b, ignore) == want_equal),
    )
}

fn compare_claim_to_value(cx: &Cx) -> Result<Outs, Fault> {
    let a = cx.text("inputClaim1")?;
    let b = cx.need_param("compareTo")?;
    let want_equal = equality_operator(cx)?;
    let ignore = cx.bool_param("ignoreCase", None)?;
    one(
        "outputClaim",
        Value::Boolean(same_text(&a, b, ignore) == want_equal),
    )
}

fn assert_string_claims_are_equal(cx: &Cx) -> Result<Outs, Fault> {
    let a = cx.text("inputClaim1")?;
    let b = cx.text("inputClaim2")?;
    if same_text(&a, &b, string_comparison(cx)?) {
        Ok(Vec::new())
    } else {
        Err(Fault::Failed(format!("`{a}` and `{b}` are not equal")))
    }
}

fn set_claims_if_strings_are_equal(cx: &Cx) -> Result<Outs, Fault> {
    let a = cx.text("inputClaim")?;
    let equal = same_text(&a, cx.need_param("matchTo")?, string_comparison(cx)?);
    let mut out: Outs = vec![("stringCompareResultClaim", Some(Value::Boolean(equal)))];
    if equal {
        out.push((
            "outputClaim1",
            Some(Value::String(cx.need_param("stringMatchMsg")?.to_owned())),
        ));
        out.push((
            "outputClaim2",
            Some(Value::String(
                cx.need_param("stringMatchMsgCode")?.to_owned(),
            )),
        ));
    }
    Ok(out)
}

fn set_claims_if_strings_match(cx: &Cx) -> Result<Outs, Fault> {
    let a = cx.text("claimToMatch")?;
    let matched = same_text(&a, cx.need_param("matchTo")?, string_comparison(cx)?);
    let mut out: Outs = vec![("stringCompareResultClaim", Some(Value::Boolean(matched)))];
    if matched {
        out.push((
            "outputClaim",
            Some(Value::String(
                cx.need_param("outputClaimIfMatched")?.to_owned(),
            )),
        ));
    }
    Ok(out)
}

fn string_contains(cx: &Cx) -> Result<Outs, Fault> {
    let text = cx.text("inputClaim")?;
    let part = cx.need_param("contains")?;
    let found = if cx.bool_param("ignoreCase", None)? {
        upper(&text).contains(&upper(part))
    } else {
        text.contains(part)
    };
    one("outputClaim", Value::Boolean(found))
}

fn string_substring(cx: &Cx) -> Result<Outs, Fault> {
    let chars: Vec<char> = cx.text("inputClaim")?.chars().collect();
    let start = cx.int_param("startIndex")?;
    let len = cx.int_param("length")?;
    let (Ok(start), Ok(len)) = (usize::try_from(start), usize::try_from(len)) else {
        return Err(Fault::Unsupported("a negative startIndex or length".into()));
    };
    match start.checked_add(len) {
        Some(end) if end <= chars.len() => one(
            "outputClaim",
            Value::String(chars[start..end].iter().collect()),
        ),
        _ => Err(Fault::Unsupported(format!(
            "startIndex {start} and length {len} go past the {} characters of the input",
            chars.len()
        ))),
    }
}

fn string_replace(cx: &Cx) -> Result<Outs, Fault> {
    let text = cx.text("inputClaim")?;
    let old = cx.need_param("oldValue")?;
    if old.is_empty() {
        return Err(Fault::Unsupported("an empty oldValue".into()));
    }
    let new = cx.param("newValue").unwrap_or("");
    one("outputClaim", Value::String(text.replace(old, new)))
}

fn string_join(cx: &Cx) -> Result<Outs, Fault> {
    let items = cx
        .collection("inputClaim")?
        .ok_or_else(|| Fault::Missing("inputClaim".into()))?;
    one(
        "outputClaim",
        Value::String(items.join(cx.need_param("delimiter")?)),
    )
}

fn string_split(cx: &Cx) -> Result<Outs, Fault> {
    let text = cx.text("inputClaim")?;
    let delimiter = cx.need_param("delimiter")?;
    if delimiter.is_empty() {
        return Err(Fault::Unsupported("an empty delimiter".into()));
    }
    one(
        "outputClaim",
        Value::StringCollection(text.split(delimiter).map(str::to_owned).collect()),
    )
}

fn parse_domain(cx: &Cx) -> Result<Outs, Fault> {
    let email = cx.text("emailAddress")?;
    match email.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            one("domain", Value::String(domain.to_owned()))
        }
        _ => Err(Fault::Unsupported(format!(
            "`{email}` is not an email address"
        ))),
    }
}

fn lookup_value(cx: &Cx) -> Result<Outs, Fault> {
    let key = cx.text("inputParameterId")?;
    let error_on_miss = cx.bool_param("errorOnFailedLookup", Some(false))?;
    let entries = cx
        .params
        .iter()
        .filter(|(id, _)| !id.eq_ignore_ascii_case("errorOnFailedLookup"));
    let mut near = None;
    for (id, value) in entries {
        if *id == key {
            return one("outputClaim", Value::String(value.clone()));
        }
        if id.eq_ignore_ascii_case(&key) {
            near = Some(id.clone());
        }
    }
    if let Some(id) = near {
        return Err(Fault::Unsupported(format!(
            "`{key}` matches parameter `{id}` only ignoring case"
        )));
    }
    if error_on_miss {
        Err(Fault::Failed(format!("no input parameter for `{key}`")))
    } else {
        Ok(Vec::new())
    }
}

// -- String collections --

fn add_to_collection(items: Option<Vec<String>>, item: String) -> Value {
    let mut items = items.unwrap_or_default();
    if !items.contains(&item) {
        items.push(item);
    }
    Value::StringCollection(items)
}

fn add_item_to_string_collection(cx: &Cx) -> Result<Outs, Fault> {
    let item = cx.text("item")?;
    one(
        "collection",
        add_to_collection(cx.collection("collection")?, item),
    )
}

fn add_parameter_to_string_collection(cx: &Cx) -> Result<Outs, Fault> {
    let item = cx.need_param("item")?.to_owned();
    one(
        "collection",
        add_to_collection(cx.collection("collection")?, item),
    )
}

fn get_single_item_from_string_collection(cx: &Cx) -> Result<Outs, Fault> {
    let items = cx
        .collection("collection")?
        .ok_or_else(|| Fault::Missing("collection".into()))?;
    match items.first() {
        Some(first) => one("extractedItem", Value::String(first.clone())),
        None => Err(Fault::Unsupported("the collection is empty".into())),
    }
}

fn string_collection_contains(cx: &Cx) -> Result<Outs, Fault> {
    let items = cx
        .collection("inputClaim")?
        .ok_or_else(|| Fault::Missing("inputClaim".into()))?;
    let item = cx.need_param("item")?;
    let ignore = cx.bool_param("ignoreCase", None)?;
    one(
        "outputClaim",
        Value::Boolean(items.iter().any(|i| same_text(i, item, ignore))),
    )
}

fn string_collection_contains_claim(cx: &Cx) -> Result<Outs, Fault> {
    let items = cx
        .collection("collection")?
        .ok_or_else(|| Fault::Missing("collection".into()))?;
    let item = cx.text("item")?;
    let ignore = cx.bool_param("ignoreCase", None)?;
    one(
        "outputClaim",
        Value::Boolean(items.iter().any(|i| same_text(i, &item, ignore))),
    )
}

// -- Boolean --

fn and_claims(cx: &Cx) -> Result<Outs, Fault> {
    let v = cx.boolean("inputClaim1")? && cx.boolean("inputClaim2")?;
    one("outputClaim", Value::Boolean(v))
}

fn or_claims(cx: &Cx) -> Result<Outs, Fault> {
    let v = cx.boolean("inputClaim1")? || cx.boolean("inputClaim2")?;
    one("outputClaim", Value::Boolean(v))
}

fn not_claims(cx: &Cx) -> Result<Outs, Fault> {
    one("outputClaim", Value::Boolean(!cx.boolean("inputClaim")?))
}

fn assert_boolean_claim_is_equal_to_value(cx: &Cx) -> Result<Outs, Fault> {
    let v = cx.boolean("inputClaim")?;
    let want = cx.bool_param("valueToCompareTo", None)?;
    if v == want {
        Ok(Vec::new())
    } else {
        Err(Fault::Failed(format!(
            "the claim is {v}, {want} is required"
        )))
    }
}

fn compare_boolean_claim_to_value(cx: &Cx) -> Result<Outs, Fault> {
    let v = cx.boolean("inputClaim")?;
    let want = cx.bool_param("valueToCompareTo", None)?;
    one("compareResult", Value::Boolean(v == want))
}

fn set_claim_if_booleans_match(cx: &Cx) -> Result<Outs, Fault> {
    let v = cx.boolean("claimToMatch")?;
    let want = cx.bool_param("matchTo", None)?;
    if v == want {
        one(
            "outputClaim",
            Value::String(cx.need_param("outputClaimIfMatched")?.to_owned()),
        )
    } else {
        Ok(Vec::new())
    }
}

// -- Numbers --

fn number(cx: &Cx, tct: &str) -> Result<Option<i64>, Fault> {
    match cx.input(tct) {
        None => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| {
            Fault::Unsupported(format!("input `{tct}` is `{}`, not a number", v.text()))
        }),
    }
}

fn adjust_number(cx: &Cx) -> Result<Outs, Fault> {
    let n = number(cx, "inputClaim")?.unwrap_or(0);
    let op = cx.param("Operator").unwrap_or("INCREMENT");
    let out = if op.trim().eq_ignore_ascii_case("INCREMENT") {
        n.checked_add(1)
    } else if op.trim().eq_ignore_ascii_case("DECREMENT") {
        n.checked_sub(1)
    } else {
        return Err(Fault::Unsupported(format!(
            "Operator `{op}` is neither INCREMENT nor DECREMENT"
        )));
    };
    let out = out
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| Fault::Unsupported("the result does not fit an int".into()))?;
    one("outputClaim", Value::Int(out))
}

fn assert_number(cx: &Cx) -> Result<Outs, Fault> {
    let n = match number(cx, "inputClaim")? {
        Some(n) => n,
        None => return Err(cx.need("inputClaim").err().unwrap_or(Fault::Unknown)),
    };
    let to = cx.int_param("CompareToValue")?;
    let op = cx.need_param("Operator")?;
    let holds = match op.trim().to_ascii_lowercase().as_str() {
        "lessthan" => n < to,
        "greaterthan" => n > to,
        "greaterthanorequal" => n >= to,
        "lessthanorequal" => n <= to,
        "equal" => n == to,
        "notequal" => n != to,
        _ => return Err(Fault::Unsupported(format!("Operator `{op}` is not known"))),
    };
    if cx.bool_param("throwError", Some(true))? {
        if holds {
            Err(Fault::Failed(format!("{n} {op} {to} holds")))
        } else {
            Ok(Vec::new())
        }
    } else {
        one("outputClaim", Value::Boolean(holds))
    }
}

fn convert_number_to_string_claim(cx: &Cx) -> Result<Outs, Fault> {
    let n = number(cx, "inputClaim")?.ok_or_else(|| Fault::Missing("inputClaim".into()))?;
    one("outputClaim", Value::String(n.to_string()))
}

// -- Dates --

fn get_current_date_time(cx: &Cx) -> Result<Outs, Fault> {
    one(
        "currentDateTime",
        Value::DateTime(format_datetime(cx.now()?)),
    )
}

fn convert_date_to_date_time_claim(cx: &Cx) -> Result<Outs, Fault> {
    let text = cx.text("inputClaim")?;
    let days = parse_date(&text)
        .or_else(|| parse_datetime(&text).map(|t| t.secs.div_euclid(86_400)))
        .ok_or_else(|| Fault::Unsupported(format!("`{text}` is not a date")))?;
    one(
        "outputClaim",
        Value::DateTime(format_datetime(Instant {
            secs: days * 86_400,
            nanos: 0,
        })),
    )
}

fn convert_date_time_to_date_claim(cx: &Cx) -> Result<Outs, Fault> {
    let t = cx
        .instant("inputClaim")?
        .ok_or_else(|| Fault::Missing("inputClaim".into()))?;
    one(
        "outputClaim",
        Value::Date(format_date(t.secs.div_euclid(86_400))),
    )
}

fn date_time_comparison(cx: &Cx) -> Result<Outs, Fault> {
    let first = match cx.instant("firstDateTime")? {
        Some(t) => t,
        None => {
            return Err(Fault::Failed(
                "input claim firstDateTime has no value".into(),
            ))
        }
    };
    let second = match cx.instant("secondDateTime")? {
        Some(t) => t,
        None => cx.now()?,
    };
    let span = cx.int_param("timeSpanInSeconds")?;
    let shifted = first.plus_seconds(span);
    let op = cx.need_param("operator")?;
    let result = match op
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
        .as_str()
    {
        "same" => shifted == second,
        "later than" => shifted > second,
        "earlier than" => shifted < second,
        _ => {
            return Err(Fault::Unsupported(format!(
                "operator `{op}` is not one of same, later than, earlier than"
            )))
        }
    };
    one("result", Value::Boolean(result))
}

fn is_terms_of_use_consent_required(cx: &Cx) -> Result<Outs, Fault> {
    let update_text = cx.need_param("termsOfUseTextUpdateDateTime")?;
    let update = parse_datetime(update_text).ok_or_else(|| {
        Fault::Unsupported(format!(
            "termsOfUseTextUpdateDateTime `{update_text}` is not a dateTime"
        ))
    })?;
    let required = match cx.instant("termsOfUseConsentDateTime")? {
        None => true,
        Some(consent) => consent < update,
    };
    one("result", Value::Boolean(required))
}

fn assert_date_time_is_greater_than(cx: &Cx) -> Result<Outs, Fault> {
    let left = match cx.instant("leftOperand")? {
        Some(t) => t,
        None => return Err(cx.need("leftOperand").err().unwrap_or(Fault::Unknown)),
    };
    let Some(right) = cx.instant("rightOperand")? else {
        return Err(Fault::Unsupported(
            "the right operand has no value; what AssertIfRightOperandIsNotPresent does then is not documented unambiguously".into(),
        ));
    };
    let assert_if_equal = cx.bool_param("AssertIfEqualTo", Some(true))?;
    let within_ms = match cx.param("TreatAsEqualIfWithinMillseconds") {
        Some(_) => cx.int_param("TreatAsEqualIfWithinMillseconds")?,
        None => 0,
    };
    let diff = left.total_nanos() - right.total_nanos();
    let equal = diff.abs() <= i128::from(within_ms) * 1_000_000;
    if equal {
        if assert_if_equal {
            Err(Fault::Failed("the two dateTimes are equal".into()))
        } else {
            Ok(Vec::new())
        }
    } else if diff < 0 {
        Err(Fault::Failed(format!(
            "{} is earlier than {}",
            format_datetime(left),
            format_datetime(right)
        )))
    } else {
        Ok(Vec::new())
    }
}

/// The built-in methods, by name.
const BUILTINS: &[(&str, Builtin)] = &[
    ("AddItemToStringCollection", add_item_to_string_collection),
    (
        "AddParameterToStringCollection",
        add_parameter_to_string_collection,
    ),
    ("AdjustNumber", adjust_number),
    ("AndClaims", and_claims),
    (
        "AssertBooleanClaimIsEqualToValue",
        assert_boolean_claim_is_equal_to_value,
    ),
    (
        "AssertDateTimeIsGreaterThan",
        assert_date_time_is_greater_than,
    ),
    ("AssertNumber", assert_number),
    ("AssertStringClaimsAreEqual", assert_string_claims_are_equal),
    ("ChangeCase", change_case),
    ("CompareBooleanClaimToValue", compare_boolean_claim_to_value),
    ("CompareClaimToValue", compare_claim_to_value),
    ("CompareClaims", compare_claims),
    (
        "ConvertDateTimeToDateClaim",
        convert_date_time_to_date_claim,
    ),
    (
        "ConvertDateToDateTimeClaim",
        convert_date_to_date_time_claim,
    ),
    ("ConvertNumberToStringClaim", convert_number_to_string_claim),
    ("CopyClaim", copy_claim),
    ("CreateStringClaim", create_string_claim),
    ("DateTimeComparison", date_time_comparison),
    ("DoesClaimExist", does_claim_exist),
    ("FormatStringClaim", format_string_claim),
    ("FormatStringMultipleClaims", format_string_multiple_claims),
    ("GetCurrentDateTime", get_current_date_time),
    (
        "GetSingleItemFromStringCollection",
        get_single_item_from_string_collection,
    ),
    (
        "IsTermsOfUseConsentRequired",
        is_terms_of_use_consent_required,
    ),
    ("LookupValue", lookup_value),
    ("NotClaims", not_claims),
    ("NullClaim", null_claim),
    ("OrClaims", or_claims),
    ("ParseDomain", parse_domain),
    ("SetClaimIfBooleansMatch", set_claim_if_booleans_match),
    (
        "SetClaimsIfStringsAreEqual",
        set_claims_if_strings_are_equal,
    ),
    ("SetClaimsIfStringsMatch", set_claims_if_strings_match),
    ("StringCollectionContains", string_collection_contains),
    (
        "StringCollectionContainsClaim",
        string_collection_contains_claim,
    ),
    ("StringContains", string_contains),
    ("StringJoin", string_join),
    ("StringReplace", string_replace),
    ("StringSplit", string_split),
    ("StringSubstring", string_substring),
];

fn builtin(method: &str) -> Option<Builtin> {
    BUILTINS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(method.trim()))
        .map(|(_, f)| *f)
}

/// The `TransformationMethod`s the simulation computes itself, without a
/// stub.
///
/// Their behaviour follows Microsoft's documentation of each method;
/// where it leaves a case open, the simulation does not guess and reports
/// a [`Gap::Unsupported`] instead (a format item other than `{0}`/`{1}`,
/// an unknown operator, a missing right operand of
/// `AssertDateTimeIsGreaterThan`, a lookup key that matches only ignoring
/// case). Decided points: `AddItemToStringCollection` and
/// `AddParameterToStringCollection` do not add an item already present
/// (compared exactly), `StringSplit` keeps empty items, `StringSubstring`
/// counts characters, `DateTimeComparison` compares the first operand plus
/// `timeSpanInSeconds` with the second (`later than`, `earlier than`
/// strictly; an absent second operand is the clock), an input claim
/// missing from the bag is a [`Gap::MissingInput`] (for an `Assert…` method
/// an error, as B2C raises one).
///
/// Not computed (stub them with [`Simulation::with_method`]): methods
/// whose value is random or secret (`CreateRandomString`,
/// `GuidAndRandomGenerator`, `CreateOtpSecret`, `Hash`), whose output format
/// is not documented precisely (`CreateAlternativeSecurityId`,
/// `BuildUri`, the user-identity and alternative-security-id collection
/// methods), that need JSON, regular expressions, phone-number rules,
/// predicates or localized strings.
pub fn implemented_methods() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_str;
    use crate::resolve::resolve_set;

    const REST: &str = "Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";
    const PAGE: &str = "Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";
    const CT: &str = "Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";

    /// One policy file with `claims` (id:type pairs), `body` (the rest of
    /// BuildingBlocks' siblings) and `transforms` (ClaimsTransformation
    /// elements).
    fn policy(claims: &[(&str, &str)], transforms: &str, body: &str) -> EffectivePolicy {
        let schema: String = claims
            .iter()
            .map(|(id, t)| format!(r#"<ClaimType Id="{id}"><DataType>{t}</DataType></ClaimType>"#))
            .collect();
        let transforms = if transforms.is_empty() {
            String::new()
        } else {
            format!("<ClaimsTransformations>{transforms}</ClaimsTransformations>")
        };
        let xml = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_T"><BuildingBlocks><ClaimsSchema>{schema}</ClaimsSchema>{transforms}</BuildingBlocks>{body}</TrustFrameworkPolicy>"#
        );
        let files = match import_str(&xml, "t.xml") {
            Ok(f) => vec![f],
            Err(e) => panic!("does not import: {e:?}\n{xml}"),
        };
        resolve_set(&files).policies.swap_remove(0)
    }

    fn profile(id: &str, handler: &str, inner: &str) -> String {
        format!(
            r#"<TechnicalProfile Id="{id}"><Protocol Name="Proprietary" Handler="{handler}"/>{inner}</TechnicalProfile>"#
        )
    }

    fn providers(profiles: &[String]) -> String {
        format!(
            "<ClaimsProviders><ClaimsProvider><TechnicalProfiles>{}</TechnicalProfiles></ClaimsProvider></ClaimsProviders>",
            profiles.concat()
        )
    }

    fn journey(id: &str, steps: &str) -> String {
        format!(
            r#"<UserJourneys><UserJourney Id="{id}"><OrchestrationSteps>{steps}</OrchestrationSteps></UserJourney></UserJourneys>"#
        )
    }

    fn exchange_step(order: i32, pre: &str, exchanges: &[(&str, &str)]) -> String {
        let pre = if pre.is_empty() {
            String::new()
        } else {
            format!("<Preconditions>{pre}</Preconditions>")
        };
        let x: String = exchanges
            .iter()
            .map(|(id, tp)| {
                format!(r#"<ClaimsExchange Id="{id}" TechnicalProfileReferenceId="{tp}"/>"#)
            })
            .collect();
        format!(
            r#"<OrchestrationStep Order="{order}" Type="ClaimsExchange">{pre}<ClaimsExchanges>{x}</ClaimsExchanges></OrchestrationStep>"#
        )
    }

    fn send(order: i32) -> String {
        format!(
            r#"<OrchestrationStep Order="{order}" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer"/>"#
        )
    }

    fn rp(journey: &str, outputs: &str) -> String {
        format!(
            r#"<RelyingParty><DefaultUserJourney ReferenceId="{journey}"/><TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect"/><OutputClaims>{outputs}</OutputClaims></TechnicalProfile></RelyingParty>"#
        )
    }

    fn exists(claim: &str, execute: bool) -> String {
        format!(
            r#"<Precondition Type="ClaimsExist" ExecuteActionsIf="{execute}"><Value>{claim}</Value><Action>SkipThisOrchestrationStep</Action></Precondition>"#
        )
    }

    fn equals(claim: &str, value: &str, execute: bool) -> String {
        format!(
            r#"<Precondition Type="ClaimEquals" ExecuteActionsIf="{execute}"><Value>{claim}</Value><Value>{value}</Value><Action>SkipThisOrchestrationStep</Action></Precondition>"#
        )
    }

    fn out(claim: &str) -> String {
        format!(r#"<OutputClaim ClaimTypeReferenceId="{claim}"/>"#)
    }

    fn outputs(claims: &[&str]) -> String {
        format!(
            "<OutputClaims>{}</OutputClaims>",
            claims.iter().map(|c| out(c)).collect::<String>()
        )
    }

    fn stopped(r: Result<Trace, SimulateError>) -> (At, Problem, Box<Trace>) {
        match r {
            Err(SimulateError::Stopped { at, problem, trace }) => (at, problem, trace),
            Err(e) => panic!("another error: {e}"),
            Ok(t) => panic!("it ran:\n{t}"),
        }
    }

    fn ok(r: Result<Trace, SimulateError>) -> Trace {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    // -- Preconditions ------------------------------------------------------

    /// Step 1 skipped when objectId exists (ExecuteActionsIf=true), step 2
    /// skipped when it does not (ExecuteActionsIf=false).
    fn exist_policy() -> EffectivePolicy {
        policy(
            &[("objectId", "string")],
            "",
            &[
                providers(&[profile("A", REST, ""), profile("B", REST, "")]),
                journey(
                    "J",
                    &[
                        exchange_step(1, &exists("objectId", true), &[("a", "A")]),
                        exchange_step(2, &exists("objectId", false), &[("b", "B")]),
                        send(3),
                    ]
                    .concat(),
                ),
                rp("J", &out("objectId")),
            ]
            .concat(),
        )
    }

    #[test]
    fn claims_exist_with_execute_actions_if_true_and_false() {
        let eff = exist_policy();
        let with = ok(Simulation::of(&eff)
            .initial_claims([("objectId", "o1")])
            .returns("B", claims! {})
            .run());
        assert_eq!(with.taken_orders(), [2, 3]);
        assert_eq!(with.skipped_orders(), [1]);
        let r = with.step(1).unwrap().skipped_by().unwrap();
        assert_eq!(r.to_string(), "ClaimsExist objectId");
        assert!(r.execute_actions_if);

        let without = ok(Simulation::of(&eff).returns("A", claims! {}).run());
        assert_eq!(without.taken_orders(), [1, 3]);
        let r = without.step(2).unwrap().skipped_by().unwrap();
        assert_eq!(r.to_string(), "not ClaimsExist objectId");
        assert_eq!(r.condition(), "ClaimsExist objectId");
        assert!(!r.execute_actions_if);
        assert_eq!(
            without.gaps(),
            [Gap::MissingTokenClaim {
                claim: "objectId".into(),
                name: "objectId".into()
            }]
        );
    }

    fn equals_policy(claim_type: &str, literal: &str, execute: bool) -> EffectivePolicy {
        policy(
            &[("c", claim_type)],
            "",
            &[
                providers(&[profile("A", REST, "")]),
                journey(
                    "J",
                    &[
                        exchange_step(1, &equals("c", literal, execute), &[("a", "A")]),
                        send(2),
                    ]
                    .concat(),
                ),
                rp("J", ""),
            ]
            .concat(),
        )
    }

    fn first_skipped(eff: &EffectivePolicy, value: Option<&str>) -> bool {
        let mut sim = Simulation::of(eff).returns("A", claims! {});
        if let Some(v) = value {
            sim = sim.initial_claims([("c", v)]);
        }
        ok(sim.run()).skipped_orders() == [1]
    }

    #[test]
    fn claim_equals_compares_by_data_type() {
        // A boolean claim compares as a boolean: "True" equals true.
        let b = equals_policy("boolean", "True", true);
        assert!(first_skipped(&b, Some("true")));
        assert!(!first_skipped(&b, Some("FALSE")));
        assert!(!first_skipped(&b, None), "an absent claim equals nothing");
        // Numbers as numbers.
        let n = equals_policy("int", "7", true);
        assert!(first_skipped(&n, Some("07")));
        // Strings exactly.
        let s = equals_policy("string", "local", true);
        assert!(first_skipped(&s, Some("local")));
        assert!(!first_skipped(&s, Some("Local")));
        // ExecuteActionsIf=false: skipped unless equal (absent included).
        let f = equals_policy("string", "local", false);
        assert!(!first_skipped(&f, Some("local")));
        assert!(first_skipped(&f, Some("social")));
        assert!(first_skipped(&f, None));
        let eff = equals_policy("string", "local", false);
        let t = ok(Simulation::of(&eff).run());
        assert_eq!(
            t.step(1).unwrap().skipped_by().unwrap().to_string(),
            "not ClaimEquals c = local"
        );
    }

    #[test]
    fn a_malformed_precondition_stops_the_run() {
        let eff = policy(
            &[("c", "string")],
            "",
            &[
                providers(&[profile("A", REST, "")]),
                journey(
                    "J",
                    &exchange_step(
                        1,
                        r#"<Precondition Type="ClaimEquals" ExecuteActionsIf="true"><Value>c</Value><Action>SkipThisOrchestrationStep</Action></Precondition>"#,
                        &[("a", "A")],
                    ),
                ),
            ]
            .concat(),
        );
        let (at, problem, _) = stopped(Simulation::journey(&eff, "J").run());
        assert_eq!(at.order, 1);
        assert_eq!(
            problem,
            Problem::MalformedPrecondition {
                kind: PreconditionType::ClaimEquals,
                count: 1
            }
        );
    }

    // -- Selections ----------------------------------------------------------

    fn selection_policy() -> EffectivePolicy {
        let signin = profile(
            "SignIn",
            PAGE,
            &format!(
                r#"<Metadata><Item Key="SignUpTarget">SignUpX</Item></Metadata>{}"#,
                outputs(&["objectId", "source"])
            ),
        );
        policy(
            &[("objectId", "string"), ("source", "string")],
            "",
            &[
                providers(&[
                    signin,
                    profile("Idp", REST, &outputs(&["objectId"])),
                    profile("SignUp", PAGE, &outputs(&["objectId"])),
                ]),
                journey(
                    "J",
                    &[
                        r#"<OrchestrationStep Order="1" Type="CombinedSignInAndSignUp" ContentDefinitionReferenceId="x"><ClaimsProviderSelections><ClaimsProviderSelection TargetClaimsExchangeId="IdpX"/><ClaimsProviderSelection ValidationClaimsExchangeId="SignInX"/></ClaimsProviderSelections><ClaimsExchanges><ClaimsExchange Id="SignInX" TechnicalProfileReferenceId="SignIn"/></ClaimsExchanges></OrchestrationStep>"#.to_owned(),
                        exchange_step(2, &exists("objectId", true), &[("IdpX", "Idp"), ("SignUpX", "SignUp")]),
                        send(3),
                    ]
                    .concat(),
                ),
                rp("J", &out("objectId")),
            ]
            .concat(),
        )
    }

    #[test]
    fn a_target_choice_runs_in_the_later_step() {
        let eff = selection_policy();
        let t = ok(Simulation::of(&eff)
            .choose("IdpX")
            .returns("Idp", claims! { "objectId" => "o" })
            .run());
        assert_eq!(t.taken_orders(), [1, 2, 3]);
        assert_eq!(
            t.step(1).unwrap().outcome,
            StepOutcome::Selected {
                exchange: "IdpX".into()
            }
        );
        assert_eq!(t.step(2).unwrap().run().unwrap().profile, "Idp");
        // The sign-up link (SignUpTarget) is a choice too.
        let t = ok(Simulation::of(&eff)
            .choose("signupx")
            .returns("SignUp", claims! { "objectId" => "o" })
            .run());
        assert_eq!(t.step(2).unwrap().run().unwrap().profile, "SignUp");
    }

    #[test]
    fn a_validation_choice_runs_in_its_own_step() {
        let eff = selection_policy();
        let t = ok(Simulation::of(&eff)
            .choose("SignInX")
            .returns("SignIn", claims! { "objectId" => "o", "source" => "local" })
            .run());
        assert_eq!(t.taken_orders(), [1, 3]);
        match &t.step(1).unwrap().outcome {
            StepOutcome::Exchange { exchange, run } => {
                assert_eq!(exchange, "SignInX");
                assert_eq!(run.profile, "SignIn");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(t.token().unwrap()["objectId"], "o");
    }

    #[test]
    fn selection_problems_stop_the_run() {
        let eff = selection_policy();
        let (at, problem, _) = stopped(Simulation::of(&eff).run());
        assert_eq!(at.order, 1);
        assert_eq!(
            problem,
            Problem::NoChoice {
                options: vec!["IdpX".into(), "SignInX".into(), "SignUpX".into()]
            }
        );
        let (_, problem, _) = stopped(Simulation::of(&eff).choose("Elsewhere").run());
        assert!(matches!(problem, Problem::NotOffered { ref choice, .. } if choice == "Elsewhere"));
        // A step with two exchanges and no selection before it.
        let eff = policy(
            &[],
            "",
            &[
                providers(&[profile("A", REST, ""), profile("B", REST, "")]),
                journey("J", &exchange_step(1, "", &[("a", "A"), ("b", "B")])),
            ]
            .concat(),
        );
        let (_, problem, _) = stopped(Simulation::journey(&eff, "J").run());
        assert_eq!(
            problem,
            Problem::NoSelection {
                exchanges: vec!["a".into(), "b".into()]
            }
        );
    }

    #[test]
    fn an_unused_choice_is_a_gap() {
        let eff = exist_policy();
        let t = ok(Simulation::of(&eff)
            .choose("Nowhere")
            .returns("A", claims! { "objectId" => "o" })
            .run());
        assert!(t.gaps().contains(&Gap::UnusedChoice {
            exchange: "Nowhere".into()
        }));
    }

    // -- Sub-journeys --------------------------------------------------------

    fn sub_policy(kind: &str, sub_steps: &str, main_after: &str) -> EffectivePolicy {
        policy(
            &[("x", "string"), ("y", "string")],
            "",
            &[
                providers(&[
                    profile("A", REST, &outputs(&["x"])),
                    profile("B", REST, &outputs(&["y"])),
                ]),
                journey(
                    "J",
                    &[
                        r#"<OrchestrationStep Order="1" Type="InvokeSubJourney"><JourneyList><Candidate SubJourneyReferenceId="Sub"/></JourneyList></OrchestrationStep>"#,
                        main_after,
                    ]
                    .concat(),
                ),
                format!(
                    r#"<SubJourneys><SubJourney Id="Sub" Type="{kind}"><OrchestrationSteps>{sub_steps}</OrchestrationSteps></SubJourney></SubJourneys>"#
                ),
                rp("J", &[out("x"), out("y")].concat()),
            ]
            .concat(),
        )
    }

    #[test]
    fn a_call_sub_journey_returns() {
        let eff = sub_policy(
            "Call",
            &exchange_step(1, "", &[("a", "A")]),
            &[exchange_step(2, "", &[("b", "B")]), send(3)].concat(),
        );
        let t = ok(Simulation::of(&eff)
            .returns("A", claims! { "x" => "1" })
            .returns("B", claims! { "y" => "2" })
            .run());
        assert_eq!(t.taken_orders(), [1, 2, 3]);
        let sub = t.step_in("Sub", 1).unwrap();
        assert_eq!(sub.depth, 1);
        assert_eq!(sub.run().unwrap().profile, "A");
        assert_eq!(
            t.step(1).unwrap().outcome,
            StepOutcome::SubJourney {
                id: "Sub".into(),
                kind: SubJourneyType::Call
            }
        );
        assert_eq!(
            t.step(1).unwrap().claims["x"],
            "1",
            "the bag after the sub-journey"
        );
        assert_eq!(t.token().unwrap()["y"], "2");
    }

    #[test]
    fn a_transfer_sub_journey_ends_the_journey() {
        let eff = sub_policy(
            "Transfer",
            &[exchange_step(1, "", &[("a", "A")]), send(2)].concat(),
            &[exchange_step(2, "", &[("b", "B")]), send(3)].concat(),
        );
        let t = ok(Simulation::of(&eff)
            .returns("A", claims! { "x" => "1" })
            .run());
        assert_eq!(t.taken_orders(), [1], "{t}");
        assert!(matches!(t.end(), End::TokenIssued { at } if at.journey == "Sub"));
        assert_eq!(t.token().unwrap()["x"], "1");
        // A Transfer sub-journey without SendClaims ends without a token.
        let eff = sub_policy("Transfer", &exchange_step(1, "", &[("a", "A")]), &send(2));
        let t = ok(Simulation::of(&eff).returns("A", claims! {}).run());
        assert_eq!(*t.end(), End::Finished);
        assert!(t.token().is_none());
    }

    #[test]
    fn sub_journey_problems_stop_the_run() {
        let looping = sub_policy(
            "Call",
            r#"<OrchestrationStep Order="1" Type="InvokeSubJourney"><JourneyList><Candidate SubJourneyReferenceId="sub"/></JourneyList></OrchestrationStep>"#,
            &send(2),
        );
        let (at, problem, trace) = stopped(Simulation::of(&looping).run());
        assert_eq!(problem, Problem::Loop("Sub".into()));
        assert_eq!(at.journey, "Sub");
        assert_eq!(trace.steps().len(), 1, "the trace up to the problem");
        let missing = policy(
            &[],
            "",
            &journey(
                "J",
                r#"<OrchestrationStep Order="1" Type="InvokeSubJourney"><JourneyList><Candidate SubJourneyReferenceId="Gone"/></JourneyList></OrchestrationStep>"#,
            ),
        );
        let (_, problem, _) = stopped(Simulation::journey(&missing, "J").run());
        assert_eq!(problem, Problem::MissingSubJourney("Gone".into()));
    }

    // -- Errors and validation profiles --------------------------------------

    #[test]
    fn a_profile_error_ends_the_journey() {
        let eff = exist_policy();
        let t = ok(Simulation::of(&eff).fails("A", "service down").run());
        assert_eq!(t.taken_orders(), [1]);
        assert_eq!(t.error(), Some("service down"));
        assert!(matches!(t.end(), End::Error { profile, .. } if profile == "A"));
        assert!(t.token().is_none());
        let t = ok(Simulation::of(&eff)
            .returns_with("A", |call| {
                assert_eq!(call.profile, "A");
                assert_eq!(call.at.order, 1);
                Err("computed failure".into())
            })
            .run());
        assert_eq!(t.error(), Some("computed failure"));
        let run = t.step(1).unwrap().run().unwrap();
        assert_eq!(run.answer, AnswerRecord::Failed("computed failure".into()));
    }

    fn validation_policy(vtps: &str, page_outputs: &[&str]) -> EffectivePolicy {
        policy(
            &[
                ("objectId", "string"),
                ("skipV2", "boolean"),
                ("secret", "string"),
                ("done", "string"),
            ],
            "",
            &[
                providers(&[
                    profile(
                        "Page",
                        PAGE,
                        &format!(
                            "{}<ValidationTechnicalProfiles>{vtps}</ValidationTechnicalProfiles>",
                            outputs(page_outputs)
                        ),
                    ),
                    profile("V1", REST, &outputs(&["objectId", "secret"])),
                    profile("V2", REST, &outputs(&["done"])),
                ]),
                journey(
                    "J",
                    &[exchange_step(1, "", &[("p", "Page")]), send(2)].concat(),
                ),
                rp("J", &out("objectId")),
            ]
            .concat(),
        )
    }

    fn v(id: &str, attrs: &str, pre: &str) -> String {
        let pre = if pre.is_empty() {
            String::new()
        } else {
            format!("<Preconditions>{pre}</Preconditions>")
        };
        format!(
            r#"<ValidationTechnicalProfile ReferenceId="{id}" {attrs}>{pre}</ValidationTechnicalProfile>"#
        )
    }

    #[test]
    fn validation_profiles_run_in_order_and_their_claims_stay_with_the_page() {
        let eff = validation_policy(&[v("V1", "", ""), v("V2", "", "")].concat(), &["objectId"]);
        let t = ok(Simulation::of(&eff)
            .returns("Page", claims! {})
            .returns("V1", claims! { "objectId" => "o", "secret" => "s" })
            .returns_with("V2", |call| {
                // V2 sees what V1 returned.
                assert_eq!(call.claims["secret"], "s");
                assert_eq!(call.validation_of, Some("Page"));
                Ok(claims! { "done" => "yes" })
            })
            .run());
        let after = &t.step(1).unwrap().claims;
        assert_eq!(after["objectId"], "o");
        assert!(!after.contains("secret"), "not an output claim of the page");
        assert!(!after.contains("done"));
        let calls: Vec<(&str, Option<&str>)> = t
            .calls()
            .iter()
            .map(|c| (c.profile.as_str(), c.validation_of.as_deref()))
            .collect();
        assert_eq!(
            calls,
            [("Page", None), ("V1", Some("Page")), ("V2", Some("Page"))]
        );
    }

    #[test]
    fn continue_on_error_and_continue_on_success() {
        // V1 fails without ContinueOnError: the page (and journey) stop.
        let eff = validation_policy(&[v("V1", "", ""), v("V2", "", "")].concat(), &["objectId"]);
        let t = ok(Simulation::of(&eff)
            .returns("Page", claims! {})
            .fails("V1", "no such user")
            .returns("V2", claims! {})
            .run());
        assert!(
            matches!(t.end(), End::Error { profile, message, .. } if profile == "V1" && message == "no such user")
        );
        assert_eq!(t.steps_running("V2").len(), 0);

        // With ContinueOnError="true", V2 runs and the page succeeds.
        let eff = validation_policy(
            &[v("V1", r#"ContinueOnError="true""#, ""), v("V2", "", "")].concat(),
            &["objectId", "done"],
        );
        let t = ok(Simulation::of(&eff)
            .returns("Page", claims! {})
            .fails("V1", "no such user")
            .returns("V2", claims! { "done" => "yes" })
            .run());
        assert!(matches!(t.end(), End::TokenIssued { .. }), "{t}");
        let run = t.step(1).unwrap().run().unwrap();
        assert!(matches!(
            run.validations[0].outcome,
            ValidationOutcome::Ran {
                error_ignored: true,
                ..
            }
        ));
        assert_eq!(t.claims()["done"], "yes");

        // ContinueOnSuccess="false": V2 does not run after V1 succeeds.
        let eff = validation_policy(
            &[v("V1", r#"ContinueOnSuccess="false""#, ""), v("V2", "", "")].concat(),
            &["objectId"],
        );
        let t = ok(Simulation::of(&eff)
            .returns("Page", claims! {})
            .returns("V1", claims! { "objectId" => "o" })
            .run());
        assert_eq!(t.steps_running("V2").len(), 0);
        assert_eq!(t.step(1).unwrap().run().unwrap().validations.len(), 1);
    }

    #[test]
    fn validation_preconditions_skip_a_validation_profile() {
        let pre = r#"<Precondition Type="ClaimEquals" ExecuteActionsIf="true"><Value>skipV2</Value><Value>true</Value><Action>SkipThisValidationTechnicalProfile</Action></Precondition>"#;
        let eff = validation_policy(&[v("V1", "", ""), v("V2", "", pre)].concat(), &["objectId"]);
        let t = ok(Simulation::of(&eff)
            .initial_claims([("skipV2", true)])
            .returns("Page", claims! {})
            .returns("V1", claims! { "objectId" => "o" })
            .run());
        let run = t.step(1).unwrap().run().unwrap();
        match &run.validations[1].outcome {
            ValidationOutcome::Skipped(r) => assert_eq!(r.to_string(), "ClaimEquals skipV2 = true"),
            other => panic!("{other:?}"),
        }
        assert_eq!(t.steps_running("V2").len(), 0);
        // A step precondition's action does not skip a validation profile.
        let pre = exists("objectId", false);
        let eff = validation_policy(&v("V1", "", &pre), &["objectId"]);
        let t = ok(Simulation::of(&eff)
            .returns("Page", claims! {})
            .returns("V1", claims! { "objectId" => "o" })
            .run());
        assert_eq!(t.steps_running("V1").len(), 1);
    }

    // -- Claims in and out -----------------------------------------------------

    #[test]
    fn default_values_and_always_use_default_value() {
        let eff = policy(
            &[("a", "string"), ("b", "string"), ("c", "string"), ("n", "int")],
            "",
            &[
                providers(&[profile(
                    "P",
                    REST,
                    r#"<InputClaims><InputClaim ClaimTypeReferenceId="n" DefaultValue="5"/><InputClaim ClaimTypeReferenceId="a" DefaultValue="in" AlwaysUseDefaultValue="true"/></InputClaims><OutputClaims><OutputClaim ClaimTypeReferenceId="a" DefaultValue="always" AlwaysUseDefaultValue="true"/><OutputClaim ClaimTypeReferenceId="b" DefaultValue="fallback"/><OutputClaim ClaimTypeReferenceId="c" DefaultValue="fallback"/></OutputClaims>"#,
                )]),
                journey("J", &[exchange_step(1, "", &[("p", "P")]), send(2)].concat()),
                rp("J", ""),
            ]
            .concat(),
        );
        let t = ok(Simulation::of(&eff)
            .initial_claims([("a", "bag")])
            .returns_with("P", |call| {
                assert_eq!(call.inputs["a"], "in", "AlwaysUseDefaultValue on input");
                assert_eq!(
                    call.inputs["n"], 5,
                    "DefaultValue of an absent input, typed"
                );
                Ok(claims! { "a" => "sent", "b" => "sent" })
            })
            .run());
        let bag = t.claims();
        assert_eq!(bag["a"], "always");
        assert_eq!(bag["b"], "sent", "returned: no default");
        assert_eq!(bag["c"], "fallback", "not returned: the default");
    }

    #[test]
    fn answers_by_partner_claim_type_and_ignored_claims() {
        let eff = policy(
            &[("issuerUserId", "string"), ("flag", "boolean")],
            "",
            &[
                providers(&[profile(
                    "Idp",
                    REST,
                    r#"<OutputClaims><OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="sub"/><OutputClaim ClaimTypeReferenceId="flag"/></OutputClaims>"#,
                )]),
                journey("J", &[exchange_step(1, "", &[("i", "Idp")]), send(2)].concat()),
                rp("J", &out("issuerUserId")),
            ]
            .concat(),
        );
        let t = ok(Simulation::of(&eff)
            .returns(
                "Idp",
                claims! { "sub" => "u1", "flag" => "TRUE", "extra" => "x" },
            )
            .run());
        assert_eq!(t.claims()["issuerUserId"], "u1");
        assert_eq!(t.claims()["flag"], true);
        assert!(!t.claims().contains("extra"));
        assert_eq!(
            t.gaps(),
            [Gap::IgnoredAnswerClaim {
                at: At {
                    journey: "J".into(),
                    order: 1
                },
                profile: "Idp".into(),
                claim: "extra".into()
            }]
        );
        // A value that does not fit the claim's type stops the run.
        let (_, problem, _) = stopped(
            Simulation::of(&eff)
                .returns("Idp", claims! { "flag" => "maybe" })
                .run(),
        );
        assert!(matches!(problem, Problem::BadValue { ref claim, .. } if claim == "flag"));
    }

    #[test]
    fn claim_resolvers_in_default_values() {
        let eff = policy(
            &[("tid", "string"), ("mail", "string"), ("lit", "string"), ("corr", "string")],
            "",
            &[
                providers(&[profile(
                    "P",
                    REST,
                    r#"<Metadata><Item Key="IncludeClaimResolvingInClaimsHandling">true</Item></Metadata><OutputClaims><OutputClaim ClaimTypeReferenceId="tid" DefaultValue="{Policy:TenantObjectId}" AlwaysUseDefaultValue="true"/><OutputClaim ClaimTypeReferenceId="mail" DefaultValue="x-{Claim:lit}" AlwaysUseDefaultValue="true"/><OutputClaim ClaimTypeReferenceId="lit" DefaultValue="{Policy:PolicyId}"/></OutputClaims>"#,
                )]),
                journey("J", &[exchange_step(1, "", &[("p", "P")]), send(2)].concat()),
                rp(
                    "J",
                    r#"<OutputClaim ClaimTypeReferenceId="tid"/><OutputClaim ClaimTypeReferenceId="corr" PartnerClaimType="correlation" DefaultValue="{Context:CorrelationId}" AlwaysUseDefaultValue="true"/>"#,
                ),
            ]
            .concat(),
        );
        let t = ok(Simulation::of(&eff)
            .resolver("{policy:tenantobjectid}", "T-1")
            .resolver("Context:CorrelationId", "C-1")
            .returns("P", claims! {})
            .run());
        let bag = t.claims();
        assert_eq!(bag["tid"], "T-1");
        // Without AlwaysUseDefaultValue the text is taken as written.
        assert_eq!(bag["lit"], "{Policy:PolicyId}");
        // {Claim:…} reads the bag at the time (lit was not set yet).
        assert!(!bag.contains("mail"));
        assert_eq!(t.token().unwrap()["correlation"], "C-1");
        assert!(t.gaps().iter().any(|g| matches!(g, Gap::UnresolvedResolver { claim, resolver, .. } if claim == "mail" && resolver == "{Claim:lit}")));
        // Without the resolvers' values: gaps, claims not set.
        let t = ok(Simulation::of(&eff).returns("P", claims! {}).run());
        assert!(!t.claims().contains("tid"));
        assert!(t.token().unwrap().get("correlation").is_none());
        let unresolved = t
            .gaps()
            .iter()
            .filter(|g| matches!(g, Gap::UnresolvedResolver { .. }))
            .count();
        assert_eq!(unresolved, 3, "{t}");
    }

    #[test]
    fn the_token_uses_partner_names_and_reports_missing_claims() {
        let eff = policy(
            &[("objectId", "string"), ("email", "string"), ("kind", "string")],
            "",
            &[
                journey("J", &send(1)),
                rp(
                    "J",
                    r#"<OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub"/><OutputClaim ClaimTypeReferenceId="email"/><OutputClaim ClaimTypeReferenceId="kind" DefaultValue="member"/>"#,
                ),
            ]
            .concat(),
        );
        let t = ok(Simulation::of(&eff)
            .initial_claims([("objectId", "o")])
            .run());
        let token = t.token().unwrap();
        assert_eq!(token.names(), ["sub", "kind"]);
        assert_eq!(token["sub"], "o");
        assert_eq!(token["kind"], "member");
        assert_eq!(
            t.gaps(),
            [Gap::MissingTokenClaim {
                claim: "email".into(),
                name: "email".into()
            }]
        );
        let t = ok(Simulation::of(&eff)
            .initial_claims([("objectId", "o"), ("kind", "guest")])
            .run());
        assert_eq!(t.token().unwrap()["kind"], "guest");
    }

    // -- Problems before and during the run ----------------------------------

    #[test]
    fn what_cannot_be_run_is_an_error() {
        let eff = exist_policy();
        assert!(matches!(
            Simulation::journey(&eff, "Nope").run(),
            Err(SimulateError::MissingJourney(j)) if j == "Nope"
        ));
        assert!(matches!(
            Simulation::of(&eff).clock("yesterday").run(),
            Err(SimulateError::BadClock(_))
        ));
        let no_rp = policy(&[], "", &journey("J", &send(1)));
        assert!(matches!(
            Simulation::of(&no_rp).run(),
            Err(SimulateError::NoRelyingParty)
        ));
        assert!(
            Simulation::journey(&no_rp, "j").run().is_ok(),
            "ids ignore case"
        );
        let typed = policy(&[("n", "int")], "", &journey("J", &send(1)));
        assert!(matches!(
            Simulation::journey(&typed, "J").initial_claims([("n", "ten")]).run(),
            Err(SimulateError::BadInitialClaim { claim, .. }) if claim == "n"
        ));
        // A missing profile, a profile without an answer.
        let eff = policy(
            &[],
            "",
            &journey("J", &[exchange_step(1, "", &[("a", "Gone")])].concat()),
        );
        let (_, problem, _) = stopped(Simulation::journey(&eff, "J").run());
        assert_eq!(problem, Problem::MissingProfile("Gone".into()));
        let eff = exist_policy();
        let (at, problem, _) = stopped(Simulation::of(&eff).run());
        assert_eq!((at.order, problem), (1, Problem::NoAnswer("A".into())));
        let err = Simulation::of(&eff).run().unwrap_err().to_string();
        assert!(
            err.starts_with("step 1 of `J`: technical profile `A` runs here and has no answer"),
            "{err}"
        );
    }

    #[test]
    fn step_types_without_exchanges_pass() {
        let eff = policy(
            &[],
            "",
            &journey(
                "J",
                r#"<OrchestrationStep Order="1" Type="GetClaims"/><OrchestrationStep Order="2" Type="Noop"/>"#,
            ),
        );
        let t = ok(Simulation::journey(&eff, "J").run());
        assert_eq!(t.taken_orders(), [1, 2]);
        assert_eq!(*t.end(), End::Finished);
        assert!(matches!(
            t.step(2).unwrap().outcome,
            StepOutcome::Passed { .. }
        ));
    }

    // -- Transformations in a profile ----------------------------------------

    fn transform_policy(
        transforms: &str,
        ict: &[&str],
        oct: &[&str],
        outs: &[&str],
    ) -> EffectivePolicy {
        let refs = |kind: &str, ids: &[&str]| -> String {
            if ids.is_empty() {
                return String::new();
            }
            let items: String = ids
                .iter()
                .map(|id| format!(r#"<{kind} ReferenceId="{id}"/>"#))
                .collect();
            format!("<{kind}s>{items}</{kind}s>")
        };
        policy(
            &[
                ("upn", "string"),
                ("name", "string"),
                ("label", "string"),
                ("gone", "string"),
                ("random", "string"),
            ],
            transforms,
            &[
                providers(&[profile(
                    "Calc",
                    CT,
                    &format!(
                        "{}{}{}",
                        refs("InputClaimsTransformation", ict),
                        outputs(outs),
                        refs("OutputClaimsTransformation", oct)
                    ),
                )]),
                journey(
                    "J",
                    &[exchange_step(1, "", &[("c", "Calc")]), send(2)].concat(),
                ),
                rp("J", ""),
            ]
            .concat(),
        )
    }

    const CREATE: &str = r#"<ClaimsTransformation Id="MakeName" TransformationMethod="CreateStringClaim"><InputParameters><InputParameter Id="value" DataType="string" Value="from {TechnicalProfileId}"/></InputParameters><OutputClaims><OutputClaim ClaimTypeReferenceId="name" TransformationClaimType="createdClaim"/></OutputClaims></ClaimsTransformation>"#;
    const FORMAT: &str = r#"<ClaimsTransformation Id="MakeUpn" TransformationMethod="FormatStringClaim"><InputClaims><InputClaim ClaimTypeReferenceId="name" TransformationClaimType="inputClaim"/></InputClaims><InputParameters><InputParameter Id="stringFormat" DataType="string" Value="{0}@{RelyingPartyTenantId}"/></InputParameters><OutputClaims><OutputClaim ClaimTypeReferenceId="upn" TransformationClaimType="outputClaim"/></OutputClaims></ClaimsTransformation>"#;
    const NULL: &str = r#"<ClaimsTransformation Id="Forget" TransformationMethod="NullClaim"><OutputClaims><OutputClaim ClaimTypeReferenceId="gone" TransformationClaimType="claim_to_null"/></OutputClaims></ClaimsTransformation>"#;
    const RANDOM: &str = r#"<ClaimsTransformation Id="Rnd" TransformationMethod="CreateRandomString"><InputParameters><InputParameter Id="randomGeneratorType" DataType="string" Value="GUID"/></InputParameters><OutputClaims><OutputClaim ClaimTypeReferenceId="random" TransformationClaimType="outputClaim"/></OutputClaims></ClaimsTransformation>"#;

    #[test]
    fn transformations_chain_in_a_claims_transformation_profile() {
        let eff = transform_policy(
            &[CREATE, FORMAT, NULL].concat(),
            &["MakeName"],
            &["MakeUpn", "Forget"],
            &["name", "label"],
        );
        let t = ok(Simulation::of(&eff)
            .initial_claims([("gone", "here")])
            .run());
        let bag = t.claims();
        assert_eq!(bag["name"], "from Calc");
        assert_eq!(bag["upn"], "from Calc@t.onmicrosoft.com");
        assert!(!bag.contains("gone"));
        let ids: Vec<&str> = t.transformations().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["MakeName", "MakeUpn", "Forget"]);
        let run = t.step(1).unwrap().run().unwrap();
        assert_eq!(run.answer, AnswerRecord::Internal);
        assert_eq!(
            run.output_transformations[1].outcome,
            TransformOutcome::Applied {
                outputs: vec![("gone".into(), None)],
                stubbed: false
            }
        );
        assert!(t.gaps().is_empty(), "{t}");
    }

    #[test]
    fn an_unknown_method_is_reported_and_a_stub_computes_it() {
        let eff = transform_policy(RANDOM, &[], &["Rnd"], &[]);
        let t = ok(Simulation::of(&eff).run());
        assert!(!t.claims().contains("random"));
        assert_eq!(t.transformations()[0].outcome, TransformOutcome::Unknown);
        assert_eq!(
            t.gaps(),
            [Gap::UnknownMethod {
                at: At {
                    journey: "J".into(),
                    order: 1
                },
                transformation: "Rnd".into(),
                method: "CreateRandomString".into()
            }]
        );
        assert!(t.gaps()[0].to_string().contains("with_method"));
        let t = ok(Simulation::of(&eff)
            .with_method("createrandomstring", |call| {
                assert_eq!(call.parameter("randomGeneratorType"), Some("GUID"));
                assert_eq!(call.profile, "Calc");
                Ok(claims! { "outputClaim" => "fixed-guid" })
            })
            .run());
        assert_eq!(t.claims()["random"], "fixed-guid");
        assert!(t.gaps().is_empty());
        // A stub overrides a built-in method, and its Err is the
        // transformation's error.
        let eff = transform_policy(CREATE, &["MakeName"], &[], &[]);
        let t = ok(Simulation::of(&eff)
            .with_method("CreateStringClaim", |_| Err("refused".into()))
            .run());
        assert_eq!(t.error(), Some("claims transformation `MakeName`: refused"));
    }

    #[test]
    fn a_missing_input_is_reported_and_an_assertion_error_ends_the_journey() {
        let eff = transform_policy(FORMAT, &["MakeUpn"], &[], &[]);
        let t = ok(Simulation::of(&eff).run());
        assert!(matches!(
            &t.transformations()[0].outcome,
            TransformOutcome::MissingInput { claim } if claim == "name"
        ));
        assert!(matches!(&t.gaps()[0], Gap::MissingInput { claim, .. } if claim == "name"));
        assert!(matches!(t.end(), End::TokenIssued { .. }));
        let assert = r#"<ClaimsTransformation Id="MustBeSame" TransformationMethod="AssertStringClaimsAreEqual"><InputClaims><InputClaim ClaimTypeReferenceId="name" TransformationClaimType="inputClaim1"/><InputClaim ClaimTypeReferenceId="label" TransformationClaimType="inputClaim2"/></InputClaims><InputParameters><InputParameter Id="stringComparison" DataType="string" Value="ordinalIgnoreCase"/></InputParameters></ClaimsTransformation>"#;
        let eff = transform_policy(assert, &[], &["MustBeSame"], &[]);
        let t = ok(Simulation::of(&eff)
            .initial_claims([("name", "Ann"), ("label", "ANN")])
            .run());
        assert!(matches!(t.end(), End::TokenIssued { .. }));
        let t = ok(Simulation::of(&eff)
            .initial_claims([("name", "Ann"), ("label", "Bob")])
            .run());
        assert!(
            matches!(t.end(), End::Error { profile, .. } if profile == "Calc"),
            "{t}"
        );
        assert!(t
            .error()
            .unwrap()
            .starts_with("claims transformation `MustBeSame`"));
    }

    #[test]
    fn a_missing_transformation_stops_the_run() {
        let eff = transform_policy("", &["Nowhere"], &[], &[]);
        let (_, problem, _) = stopped(Simulation::of(&eff).run());
        assert_eq!(
            problem,
            Problem::MissingTransformation {
                profile: "Calc".into(),
                transformation: "Nowhere".into()
            }
        );
    }

    // -- Built-in methods, one by one ----------------------------------------

    fn apply_at(
        method: &str,
        inputs: &[(&str, Value)],
        params: &[(&str, &str)],
        clock: Option<&str>,
    ) -> Result<Vec<(&'static str, Option<Value>)>, Fault> {
        let inputs: Vec<(String, String, Option<Value>)> = inputs
            .iter()
            .map(|(tct, v)| ((*tct).to_owned(), format!("claim_{tct}"), Some(v.clone())))
            .collect();
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let f = builtin(method).unwrap_or_else(|| panic!("{method} is not built in"));
        f(&Cx {
            inputs: &inputs,
            params: &params,
            clock: clock.map(|c| parse_datetime(c).expect("clock")),
            method,
        })
    }

    fn apply(
        method: &str,
        inputs: &[(&str, Value)],
        params: &[(&str, &str)],
    ) -> Result<Vec<(&'static str, Option<Value>)>, Fault> {
        apply_at(method, inputs, params, None)
    }

    /// The single output's value.
    fn single(r: Result<Vec<(&'static str, Option<Value>)>, Fault>) -> Value {
        match r {
            Ok(outs) if outs.len() == 1 => outs[0].1.clone().expect("a value"),
            other => panic!("{other:?}"),
        }
    }

    fn s(v: &str) -> Value {
        Value::String(v.to_owned())
    }

    fn coll(items: &[&str]) -> Value {
        Value::StringCollection(items.iter().map(|i| (*i).to_owned()).collect())
    }

    #[test]
    fn general_methods() {
        assert_eq!(
            single(apply("CopyClaim", &[("inputClaim", Value::Int(3))], &[])),
            3
        );
        assert_eq!(
            apply("CopyClaim", &[], &[]),
            Err(Fault::Missing("inputClaim".into()))
        );
        assert_eq!(
            single(apply("DoesClaimExist", &[("inputClaim", s("x"))], &[])),
            true
        );
        assert_eq!(single(apply("DoesClaimExist", &[], &[])), false);
        assert_eq!(
            apply("NullClaim", &[], &[]),
            Ok(vec![("claim_to_null", None)])
        );
    }

    #[test]
    fn string_methods() {
        assert_eq!(
            single(apply(
                "ChangeCase",
                &[("inputClaim1", s("Kim@Example.ORG"))],
                &[("toCase", "LOWER")]
            )),
            "kim@example.org"
        );
        assert_eq!(
            single(apply(
                "changecase",
                &[("inputClaim1", s("straße"))],
                &[("toCase", "upper")]
            )),
            "STRASSE"
        );
        assert!(matches!(
            apply(
                "ChangeCase",
                &[("inputClaim1", s("x"))],
                &[("toCase", "TITLE")]
            ),
            Err(Fault::Unsupported(_))
        ));
        assert_eq!(
            single(apply("CreateStringClaim", &[], &[("value", "Terms v2")])),
            "Terms v2"
        );
        // CompareClaims: NOT EQUAL, ignoring case: the two are equal, so false.
        let pair = [
            ("inputClaim1", s("kim@example.org")),
            ("inputClaim2", s("KIM@example.org")),
        ];
        assert_eq!(
            single(apply(
                "CompareClaims",
                &pair,
                &[("operator", "NOT EQUAL"), ("ignoreCase", "true")]
            )),
            false
        );
        assert_eq!(
            single(apply(
                "CompareClaims",
                &pair,
                &[("operator", "equal"), ("ignoreCase", "false")]
            )),
            false
        );
        assert_eq!(
            single(apply(
                "CompareClaimToValue",
                &[("inputClaim1", s("v2"))],
                &[
                    ("compareTo", "V2"),
                    ("operator", "EQUAL"),
                    ("ignoreCase", "true")
                ]
            )),
            true
        );
        assert_eq!(
            single(apply(
                "FormatStringClaim",
                &[("inputClaim", s("abc"))],
                &[("stringFormat", "user_{0}@example.org {{literal}}")]
            )),
            "user_abc@example.org {literal}"
        );
        assert!(matches!(
            apply(
                "FormatStringClaim",
                &[("inputClaim", s("a"))],
                &[("stringFormat", "{1}")]
            ),
            Err(Fault::Unsupported(_))
        ));
        assert!(matches!(
            apply(
                "FormatStringClaim",
                &[("inputClaim", s("a"))],
                &[("stringFormat", "{0:D4}")]
            ),
            Err(Fault::Unsupported(_))
        ));
        assert_eq!(
            single(apply(
                "FormatStringMultipleClaims",
                &[("inputClaim1", s("Ada")), ("inputClaim2", s("Lovelace"))],
                &[("stringFormat", "{1}, {0}")]
            )),
            "Lovelace, Ada"
        );
        assert_eq!(
            apply(
                "AssertStringClaimsAreEqual",
                &[("inputClaim1", s("A@x.org")), ("inputClaim2", s("a@X.org"))],
                &[("stringComparison", "OrdinalIgnoreCase")]
            ),
            Ok(vec![])
        );
        assert!(matches!(
            apply(
                "AssertStringClaimsAreEqual",
                &[("inputClaim1", s("A@x.org")), ("inputClaim2", s("a@X.org"))],
                &[("stringComparison", "Ordinal")]
            ),
            Err(Fault::Failed(_))
        ));
        // A missing input of an assertion is an error, as B2C raises one.
        assert!(matches!(
            apply("AssertStringClaimsAreEqual", &[("inputClaim1", s("a"))], &[("stringComparison", "Ordinal")]),
            Err(Fault::Failed(m)) if m.contains("inputClaim2")
        ));
        let eq_params = [
            ("matchTo", "admin"),
            ("stringComparison", "ordinalIgnoreCase"),
            ("stringMatchMsg", "Blocked"),
            ("stringMatchMsgCode", "B1"),
        ];
        assert_eq!(
            apply(
                "SetClaimsIfStringsAreEqual",
                &[("inputClaim", s("ADMIN"))],
                &eq_params
            ),
            Ok(vec![
                ("stringCompareResultClaim", Some(Value::Boolean(true))),
                ("outputClaim1", Some(s("Blocked"))),
                ("outputClaim2", Some(s("B1"))),
            ])
        );
        assert_eq!(
            apply(
                "SetClaimsIfStringsAreEqual",
                &[("inputClaim", s("user"))],
                &eq_params
            ),
            Ok(vec![(
                "stringCompareResultClaim",
                Some(Value::Boolean(false))
            )])
        );
        let match_params = [
            ("matchTo", "Minor"),
            ("stringComparison", "Ordinal"),
            ("outputClaimIfMatched", "Under age"),
        ];
        assert_eq!(
            apply(
                "SetClaimsIfStringsMatch",
                &[("claimToMatch", s("Minor"))],
                &match_params
            ),
            Ok(vec![
                ("stringCompareResultClaim", Some(Value::Boolean(true))),
                ("outputClaim", Some(s("Under age"))),
            ])
        );
        assert_eq!(
            apply(
                "SetClaimsIfStringsMatch",
                &[("claimToMatch", s("minor"))],
                &match_params
            ),
            Ok(vec![(
                "stringCompareResultClaim",
                Some(Value::Boolean(false))
            )])
        );
        assert_eq!(
            single(apply(
                "StringContains",
                &[("inputClaim", s("Contoso Admin"))],
                &[("contains", "admin"), ("ignoreCase", "true")]
            )),
            true
        );
        assert_eq!(
            single(apply(
                "StringContains",
                &[("inputClaim", s("Contoso Admin"))],
                &[("contains", "admin"), ("ignoreCase", "false")]
            )),
            false
        );
        assert_eq!(
            single(apply(
                "StringSubstring",
                &[("inputClaim", s("+14255551234"))],
                &[("startIndex", "0"), ("length", "2")]
            )),
            "+1"
        );
        assert!(matches!(
            apply(
                "StringSubstring",
                &[("inputClaim", s("abc"))],
                &[("startIndex", "2"), ("length", "5")]
            ),
            Err(Fault::Unsupported(_))
        ));
        assert_eq!(
            single(apply(
                "StringReplace",
                &[("inputClaim", s("+1-425-555"))],
                &[("oldValue", "-"), ("newValue", "")]
            )),
            "+1425555"
        );
        assert_eq!(
            single(apply(
                "StringJoin",
                &[("inputClaim", coll(&["a", "b", "c"]))],
                &[("delimiter", ";")]
            )),
            "a;b;c"
        );
        assert_eq!(
            single(apply(
                "StringSplit",
                &[("inputClaim", s("Reader,Writer"))],
                &[("delimiter", ",")]
            )),
            coll(&["Reader", "Writer"])
        );
        assert_eq!(
            single(apply(
                "ParseDomain",
                &[("emailAddress", s("kim@mail.example.org"))],
                &[]
            )),
            "mail.example.org"
        );
        assert!(matches!(
            apply("ParseDomain", &[("emailAddress", s("no-at-sign"))], &[]),
            Err(Fault::Unsupported(_))
        ));
        let table = [
            ("fabrikam.com", "app-1"),
            ("contoso.com", "app-2"),
            ("errorOnFailedLookup", "true"),
        ];
        assert_eq!(
            single(apply(
                "LookupValue",
                &[("inputParameterId", s("contoso.com"))],
                &table
            )),
            "app-2"
        );
        assert!(matches!(
            apply(
                "LookupValue",
                &[("inputParameterId", s("other.com"))],
                &table
            ),
            Err(Fault::Failed(_))
        ));
        assert!(matches!(
            apply(
                "LookupValue",
                &[("inputParameterId", s("Contoso.com"))],
                &table
            ),
            Err(Fault::Unsupported(_))
        ));
        assert_eq!(
            apply(
                "LookupValue",
                &[("inputParameterId", s("other.com"))],
                &table[..2]
            ),
            Ok(vec![])
        );
    }

    #[test]
    fn string_collection_methods() {
        assert_eq!(
            single(apply(
                "AddItemToStringCollection",
                &[("item", s("b@x.org"))],
                &[]
            )),
            coll(&["b@x.org"]),
            "a new collection"
        );
        assert_eq!(
            single(apply(
                "AddItemToStringCollection",
                &[("item", s("b@x.org")), ("collection", coll(&["a@x.org"]))],
                &[]
            )),
            coll(&["a@x.org", "b@x.org"])
        );
        assert_eq!(
            single(apply(
                "AddItemToStringCollection",
                &[("item", s("a@x.org")), ("collection", coll(&["a@x.org"]))],
                &[]
            )),
            coll(&["a@x.org"]),
            "unique values"
        );
        assert_eq!(
            single(apply(
                "AddParameterToStringCollection",
                &[("collection", coll(&["x"]))],
                &[("item", "y")]
            )),
            coll(&["x", "y"])
        );
        assert_eq!(
            single(apply(
                "GetSingleItemFromStringCollection",
                &[("collection", coll(&["first", "second"]))],
                &[]
            )),
            "first"
        );
        assert!(matches!(
            apply(
                "GetSingleItemFromStringCollection",
                &[("collection", coll(&[]))],
                &[]
            ),
            Err(Fault::Unsupported(_))
        ));
        assert_eq!(
            single(apply(
                "StringCollectionContains",
                &[("inputClaim", coll(&["Admin", "Reader"]))],
                &[("item", "admin"), ("ignoreCase", "true")]
            )),
            true
        );
        assert_eq!(
            single(apply(
                "StringCollectionContains",
                &[("inputClaim", coll(&["Admin", "Reader"]))],
                &[("item", "admin"), ("ignoreCase", "false")]
            )),
            false
        );
        assert_eq!(
            single(apply(
                "StringCollectionContainsClaim",
                &[("collection", coll(&["Admin"])), ("item", s("Admin"))],
                &[("ignoreCase", "false")]
            )),
            true
        );
    }

    #[test]
    fn boolean_methods() {
        let b = Value::Boolean;
        let two = |x: bool, y: bool| [("inputClaim1", b(x)), ("inputClaim2", b(y))];
        assert_eq!(single(apply("AndClaims", &two(true, false), &[])), false);
        assert_eq!(single(apply("AndClaims", &two(true, true), &[])), true);
        assert_eq!(single(apply("OrClaims", &two(true, false), &[])), true);
        assert_eq!(single(apply("OrClaims", &two(false, false), &[])), false);
        assert_eq!(
            single(apply("NotClaims", &[("inputClaim", b(false))], &[])),
            true
        );
        assert_eq!(
            apply(
                "AssertBooleanClaimIsEqualToValue",
                &[("inputClaim", b(true))],
                &[("valueToCompareTo", "true")]
            ),
            Ok(vec![])
        );
        assert!(matches!(
            apply(
                "AssertBooleanClaimIsEqualToValue",
                &[("inputClaim", b(false))],
                &[("valueToCompareTo", "true")]
            ),
            Err(Fault::Failed(_))
        ));
        assert!(matches!(
            apply(
                "AssertBooleanClaimIsEqualToValue",
                &[],
                &[("valueToCompareTo", "true")]
            ),
            Err(Fault::Failed(_))
        ));
        assert_eq!(
            single(apply(
                "CompareBooleanClaimToValue",
                &[("inputClaim", b(false))],
                &[("valueToCompareTo", "false")]
            )),
            true
        );
        assert_eq!(
            single(apply(
                "SetClaimIfBooleansMatch",
                &[("claimToMatch", b(true))],
                &[("matchTo", "true"), ("outputClaimIfMatched", "isMinor")]
            )),
            "isMinor"
        );
        assert_eq!(
            apply(
                "SetClaimIfBooleansMatch",
                &[("claimToMatch", b(false))],
                &[("matchTo", "true"), ("outputClaimIfMatched", "isMinor")]
            ),
            Ok(vec![])
        );
    }

    #[test]
    fn number_methods() {
        assert_eq!(
            single(apply(
                "AdjustNumber",
                &[("inputClaim", Value::Int(1))],
                &[("Operator", "INCREMENT")]
            )),
            2
        );
        assert_eq!(
            single(apply("AdjustNumber", &[], &[("Operator", "INCREMENT")])),
            1,
            "null counts as 0"
        );
        assert_eq!(
            single(apply(
                "AdjustNumber",
                &[("inputClaim", Value::Int(0))],
                &[("Operator", "decrement")]
            )),
            -1
        );
        let gt5 = [("Operator", "GreaterThan"), ("CompareToValue", "5")];
        assert!(matches!(
            apply("AssertNumber", &[("inputClaim", Value::Int(10))], &gt5),
            Err(Fault::Failed(_))
        ));
        assert_eq!(
            apply("AssertNumber", &[("inputClaim", Value::Int(3))], &gt5),
            Ok(vec![])
        );
        assert_eq!(
            single(apply(
                "AssertNumber",
                &[("inputClaim", Value::Int(10))],
                &[
                    ("Operator", "GreaterThan"),
                    ("CompareToValue", "5"),
                    ("throwError", "false")
                ]
            )),
            true
        );
        assert!(matches!(
            apply("AssertNumber", &[], &gt5),
            Err(Fault::Failed(_))
        ));
        assert_eq!(
            single(apply(
                "ConvertNumberToStringClaim",
                &[("inputClaim", Value::Long(98765))],
                &[]
            )),
            Value::String("98765".into())
        );
    }

    #[test]
    fn date_methods() {
        let now = "2024-03-01T08:30:00Z";
        assert_eq!(
            single(apply_at("GetCurrentDateTime", &[], &[], Some(now))),
            now
        );
        assert!(matches!(
            apply("GetCurrentDateTime", &[], &[]),
            Err(Fault::Unsupported(_))
        ));
        let dt = |t: &str| Value::DateTime(t.to_owned());
        // The first operand plus 60 days is later than the second.
        let later = [("operator", "later than"), ("timeSpanInSeconds", "5184000")];
        assert_eq!(
            single(apply(
                "DateTimeComparison",
                &[
                    ("firstDateTime", dt("2024-01-01T00:00:00Z")),
                    ("secondDateTime", dt("2024-02-15T00:00:00Z"))
                ],
                &later
            )),
            true
        );
        assert_eq!(
            single(apply(
                "DateTimeComparison",
                &[
                    ("firstDateTime", dt("2024-01-01T00:00:00Z")),
                    ("secondDateTime", dt("2024-03-15T00:00:00Z"))
                ],
                &later
            )),
            false
        );
        // No second operand: the clock.
        assert_eq!(
            single(apply_at(
                "DateTimeComparison",
                &[("firstDateTime", dt("2024-03-01T08:30:00Z"))],
                &[("operator", "same"), ("timeSpanInSeconds", "0")],
                Some(now)
            )),
            true
        );
        assert!(matches!(
            apply("DateTimeComparison", &[], &later),
            Err(Fault::Failed(_))
        ));
        assert_eq!(
            single(apply(
                "ConvertDateToDateTimeClaim",
                &[("inputClaim", Value::Date("2001-09-30".into()))],
                &[]
            )),
            dt("2001-09-30T00:00:00Z")
        );
        assert_eq!(
            single(apply(
                "ConvertDateTimeToDateClaim",
                &[("inputClaim", dt("2001-09-30T23:15:00-02:00"))],
                &[]
            )),
            Value::Date("2001-10-01".into())
        );
        let update = [("termsOfUseTextUpdateDateTime", "2024-01-10T00:00:00Z")];
        assert_eq!(
            single(apply("IsTermsOfUseConsentRequired", &[], &update)),
            true
        );
        assert_eq!(
            single(apply(
                "IsTermsOfUseConsentRequired",
                &[("termsOfUseConsentDateTime", dt("2023-12-31T00:00:00Z"))],
                &update
            )),
            true
        );
        assert_eq!(
            single(apply(
                "IsTermsOfUseConsentRequired",
                &[("termsOfUseConsentDateTime", dt("2024-02-01T00:00:00Z"))],
                &update
            )),
            false
        );
        let ops = |l: &str, r: &str| [("leftOperand", dt(l)), ("rightOperand", dt(r))];
        assert_eq!(
            apply(
                "AssertDateTimeIsGreaterThan",
                &ops("2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z"),
                &[]
            ),
            Ok(vec![])
        );
        assert!(matches!(
            apply(
                "AssertDateTimeIsGreaterThan",
                &ops("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"),
                &[]
            ),
            Err(Fault::Failed(_))
        ));
        // Within the tolerance counts as equal; AssertIfEqualTo decides.
        let near = ops("2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z");
        let tolerant = [
            ("AssertIfEqualTo", "false"),
            ("TreatAsEqualIfWithinMillseconds", "5000"),
        ];
        assert_eq!(
            apply("AssertDateTimeIsGreaterThan", &near, &tolerant),
            Ok(vec![])
        );
        assert!(matches!(
            apply(
                "AssertDateTimeIsGreaterThan",
                &near,
                &[("TreatAsEqualIfWithinMillseconds", "5000")]
            ),
            Err(Fault::Failed(_))
        ));
        assert!(matches!(
            apply(
                "AssertDateTimeIsGreaterThan",
                &[("leftOperand", dt("2024-01-01T00:00:00Z"))],
                &[]
            ),
            Err(Fault::Unsupported(_))
        ));
    }

    #[test]
    fn every_implemented_method_is_in_the_signature_table() {
        for m in implemented_methods() {
            assert!(
                crate::check::signatures::signature(m).is_some(),
                "{m} is not a known method"
            );
        }
        assert!(builtin("CreateRandomString").is_none());
        assert!(builtin("createstringclaim").is_some());
    }

    // -- Values and dates -----------------------------------------------------

    #[test]
    fn values_convert_to_their_claim_types() {
        assert_eq!(
            s("TRUE").coerce(Some(DataType::Boolean)),
            Ok(Value::Boolean(true))
        );
        assert!(s("yes").coerce(Some(DataType::Boolean)).is_err());
        assert_eq!(s(" 42 ").coerce(Some(DataType::Int)), Ok(Value::Int(42)));
        assert!(Value::Long(1 << 40).coerce(Some(DataType::Int)).is_err());
        assert_eq!(
            Value::Boolean(false).coerce(Some(DataType::String)),
            Ok(s("false"))
        );
        assert_eq!(
            s("2024-02-29T12:00:00.5+01:00").coerce(Some(DataType::DateTime)),
            Ok(Value::DateTime("2024-02-29T11:00:00.5Z".into()))
        );
        assert!(s("2023-02-29").coerce(Some(DataType::Date)).is_err());
        assert!(s("a").coerce(Some(DataType::StringCollection)).is_err());
        assert_eq!(
            s("+1 425").coerce(Some(DataType::PhoneNumber)),
            Ok(Value::Other("+1 425".into()))
        );
        assert_eq!(s("x").coerce(None), Ok(s("x")));
        assert_eq!(Value::from(["a", "b"]), coll(&["a", "b"]));
        assert!(Value::Int(3) == 3 && Value::Long(3) == 3i64 && s("3") != 3);
        assert!(coll(&["a"]) != "a");
    }

    #[test]
    fn dates_round_trip() {
        for days in [-719_468, -1, 0, 1, 11_016, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-02-29"), Some(11_016));
        assert_eq!(parse_date("1900-02-29"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        let t = parse_datetime("2024-03-01T08:30:00.1234567Z").unwrap();
        assert_eq!(format_datetime(t), "2024-03-01T08:30:00.1234567Z");
        assert_eq!(
            parse_datetime("2024-03-01T08:30")
                .map(format_datetime)
                .as_deref(),
            Some("2024-03-01T08:30:00Z")
        );
        assert_eq!(
            parse_datetime("2024-03-01").map(format_datetime).as_deref(),
            Some("2024-03-01T00:00:00Z")
        );
        for bad in [
            "",
            "2024-03-01T",
            "2024-03-01T25:00:00Z",
            "2024-03-01T08:30:00+0x:00",
            "2024-03-01x08:30",
            "né",
            "2024-03-01T08:30:00+1é1",
            "2024-03-01T08:30:00-é",
            "2024-03-01é08:30",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn claims_ignore_case_and_keep_the_first_spelling() {
        let mut c = claims! { "ObjectId" => "o" };
        c.insert("objectid", "p");
        assert_eq!(c.ids(), ["ObjectId"]);
        assert_eq!(c["OBJECTID"], "p");
        assert_eq!(c.remove("objectId"), Some(s("p")));
        assert!(c.is_empty());
        let c: Claims = [("a", "1"), ("b", "2")].into();
        assert_eq!(c.to_string(), "{a: 1, b: 2}");
    }

    #[test]
    fn expressions_expand_once() {
        assert_eq!(
            expand_expressions(
                "{TechnicalProfileId}|{relyingpartytenantid}|{0}",
                "{TechnicalProfileId}",
                "t"
            ),
            "{TechnicalProfileId}|t|{0}"
        );
        assert_eq!(expand_expressions("ü{", "p", "t"), "ü{");
    }
}
