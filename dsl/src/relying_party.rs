//! The relying party: which journey an application starts and what the
//! issued token contains.

use derive_where::derive_where;
use ief_derive::XmlElement;
use typed_builder::TypedBuilder;

use crate::providers::TechnicalProfile;
use crate::refs::AnyPolicy;
use crate::refs::{JourneyRef, Sees};
use crate::xml::xml_enum;

xml_enum! {
    /// `SessionExpiryTypeTYPE`.
    pub enum SessionExpiryType {
        /// The session is extended on each use.
        Rolling = "Rolling",
        /// The session ends at a fixed time.
        Absolute = "Absolute",
    }
}

xml_enum! {
    /// `UserJourneyBehaviorScopeType` (`SingleSignOn/@Scope`).
    pub enum SsoScope {
        /// No single sign-on.
        Suppressed = "Suppressed",
        /// Shared across policies of the trust framework.
        TrustFramework = "TrustFramework",
        /// Shared across the tenant.
        Tenant = "Tenant",
        /// Per application.
        Application = "Application",
        /// Per policy.
        Policy = "Policy",
    }
}

xml_enum! {
    /// `ScriptExecutionType`.
    pub enum ScriptExecution {
        /// JavaScript is not run.
        Disallow = "Disallow",
        /// JavaScript is run.
        Allow = "Allow",
    }
}

xml_enum! {
    /// `JourneyOnErrorModeType`.
    pub enum OnErrorMode {
        /// Return the error to the application.
        ReturnToRequestor = "ReturnToRequestor",
        /// Show the error page.
        DisplayInService = "DisplayInService",
    }
}

xml_enum! {
    /// `TelemetryEngineType`.
    pub enum TelemetryEngine {
        /// Azure Application Insights.
        ApplicationInsights = "ApplicationInsights",
    }
}

/// `RelyingParty`.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(field_defaults(default, setter(into)))]
pub struct RelyingParty<P = AnyPolicy> {
    /// `DefaultUserJourney/@ReferenceId`.
    #[builder(setter(strip_option))]
    #[xml(elem = "DefaultUserJourney")]
    pub default_user_journey: Option<DefaultUserJourney<P>>,
    /// `Endpoints/Endpoint`.
    #[builder(setter(!into))]
    #[xml(elem = "Endpoint", wrap = "Endpoints")]
    pub endpoints: Vec<Endpoint<P>>,
    /// `UserJourneyBehaviors`.
    #[builder(setter(strip_option))]
    #[xml(elem = "UserJourneyBehaviors")]
    pub user_journey_behaviors: Option<UserJourneyBehaviors>,
    /// `TechnicalProfile`: in practice exactly one, `PolicyProfile`.
    #[builder(setter(!into))]
    #[xml(elem = "TechnicalProfile")]
    pub technical_profiles: Vec<TechnicalProfile<P>>,
}

/// `DefaultUserJourney`.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct DefaultUserJourney<P = AnyPolicy> {
    /// `@ReferenceId`.
    #[xml(attr = "ReferenceId")]
    pub reference: JourneyRef<P>,
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<&JourneyRef<O>> for DefaultUserJourney<P> {
    fn from(handle: &JourneyRef<O>) -> Self {
        let reference: JourneyRef<P> = handle.into();
        DefaultUserJourney { reference }
    }
}

/// A handle of a policy that `P` sees, used in `P`.
impl<O, P: Sees<O>> From<JourneyRef<O>> for DefaultUserJourney<P> {
    fn from(handle: JourneyRef<O>) -> Self {
        (&handle).into()
    }
}

/// `Endpoint`: a journey for a special endpoint (e.g. `Token` for refresh).
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct Endpoint<P = AnyPolicy> {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: String,
    /// `@UserJourneyReferenceId`.
    #[xml(attr = "UserJourneyReferenceId")]
    pub journey: JourneyRef<P>,
}

/// `UserJourneyBehaviors`.
#[derive(Debug, Clone, PartialEq, Default, TypedBuilder, XmlElement)]
#[builder(field_defaults(default, setter(strip_option)))]
pub struct UserJourneyBehaviors {
    /// `SingleSignOn`.
    #[xml(elem = "SingleSignOn")]
    pub single_sign_on: Option<SingleSignOn>,
    /// `SessionExpiryType`.
    #[xml(leaf = "SessionExpiryType")]
    pub session_expiry_type: Option<SessionExpiryType>,
    /// `SessionExpiryInSeconds`.
    #[xml(leaf = "SessionExpiryInSeconds")]
    pub session_expiry_in_seconds: Option<i32>,
    /// `AzureApplicationInsights`.
    #[xml(elem = "AzureApplicationInsights")]
    pub azure_application_insights: Option<AzureApplicationInsights>,
    /// `JourneyInsights`.
    #[xml(elem = "JourneyInsights")]
    pub journey_insights: Option<JourneyInsights>,
    /// `ContentDefinitionParameters/Parameter`.
    #[builder(setter(!strip_option))]
    #[xml(elem = "Parameter", wrap = "ContentDefinitionParameters")]
    pub content_definition_parameters: Vec<ContentDefinitionParameter>,
    /// `JourneyFraming`.
    #[xml(elem = "JourneyFraming")]
    pub journey_framing: Option<JourneyFraming>,
    /// `ScriptExecution`.
    #[xml(leaf = "ScriptExecution")]
    pub script_execution: Option<ScriptExecution>,
    /// `OnError`.
    #[xml(elem = "OnError")]
    pub on_error: Option<OnError>,
}

/// `SingleSignOn`.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct SingleSignOn {
    /// `@Scope`.
    #[xml(attr = "Scope")]
    pub scope: SsoScope,
    /// `@KeepAliveInDays`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "KeepAliveInDays")]
    pub keep_alive_in_days: Option<i32>,
    /// `@EnforceIdTokenHintOnLogout`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "EnforceIdTokenHintOnLogout")]
    pub enforce_id_token_hint_on_logout: Option<bool>,
}

/// `AzureApplicationInsights`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct AzureApplicationInsights {
    /// `@InstrumentationKey` (a GUID).
    #[xml(attr = "InstrumentationKey")]
    pub instrumentation_key: String,
}

/// `JourneyInsights`.
#[derive(Debug, Clone, PartialEq, TypedBuilder, XmlElement)]
pub struct JourneyInsights {
    /// `@InstrumentationKey` (a GUID).
    #[builder(setter(into))]
    #[xml(attr = "InstrumentationKey")]
    pub instrumentation_key: String,
    /// `@TelemetryEngine`.
    #[xml(attr = "TelemetryEngine")]
    pub telemetry_engine: TelemetryEngine,
    /// `@DeveloperMode`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "DeveloperMode")]
    pub developer_mode: Option<bool>,
    /// `@ClientEnabled`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "ClientEnabled")]
    pub client_enabled: Option<bool>,
    /// `@ServerEnabled`.
    #[builder(default, setter(strip_option))]
    #[xml(attr = "ServerEnabled")]
    pub server_enabled: Option<bool>,
    /// `@TelemetryVersion`, e.g. `1.0.0`.
    #[builder(default, setter(strip_option, into))]
    #[xml(attr = "TelemetryVersion")]
    pub telemetry_version: Option<String>,
}

/// `ContentDefinitionParameters/Parameter`: a query-string parameter passed
/// to the page templates.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct ContentDefinitionParameter {
    /// `@Name`.
    #[xml(attr = "Name")]
    pub name: String,
    /// The value (may be a claim resolver).
    #[xml(text)]
    pub value: String,
}

/// `JourneyFraming`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct JourneyFraming {
    /// `@Enabled`.
    #[xml(attr = "Enabled")]
    pub enabled: bool,
    /// `@Sources`: allowed framing origins.
    #[xml(attr = "Sources")]
    pub sources: String,
}

/// `OnError`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct OnError {
    /// `@Mode`.
    #[xml(attr = "Mode")]
    pub mode: OnErrorMode,
}
