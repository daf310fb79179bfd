//! The policy file itself: `TrustFrameworkPolicy`, its header, its base
//! policy and the `BuildingBlocks` section.

use derive_where::derive_where;
use ief_derive::XmlElement;
use typed_builder::TypedBuilder;

use crate::claims::{ClaimType, InputValidation, Predicate, PredicateValidation};
use crate::content::{
    ClientDefinition, ContentDefinition, DisplayControl, Localization, LocalizedResources,
};
use crate::journeys::{SubJourney, UserJourney};
use crate::providers::ClaimsProvider;
use crate::refs::AnyPolicy;
use crate::refs::{PolicyRef, PolicyScope};
use crate::relying_party::RelyingParty;
use crate::transforms::ClaimsTransformation;
use crate::trivia::Trivia;
use crate::xml::{xml_enum, EmitError, SchemaCollector, XmlContent, XmlElement, XmlWriter};

/// The only `PolicySchemaVersion` B2C accepts.
pub const POLICY_SCHEMA_VERSION: &str = "0.3.0.0";

xml_enum! {
    /// `DeploymentModeType`.
    pub enum DeploymentMode {
        /// Journey recording for troubleshooting.
        Development = "Development",
        /// The default.
        Production = "Production",
        /// Debugging.
        Debugging = "Debugging",
    }
}

/// `TrustFrameworkPolicy`: one policy file.
///
/// ```
/// use ief_dsl::policy::{TrustFrameworkPolicy, BasePolicy};
/// use ief_dsl::refs::PolicyRef;
/// // Built from strings: ids are checked when the set is written.
/// let rp: TrustFrameworkPolicy = TrustFrameworkPolicy::builder()
///     .tenant_id("contoso.onmicrosoft.com")
///     .policy_id(PolicyRef::unchecked("B2C_1A_signup_signin"))
///     .base_policy(BasePolicy::from_string("contoso.onmicrosoft.com", "B2C_1A_TrustFrameworkExtensions"))
///     .build();
/// let xml = ief_dsl::emit::to_xml(&rp).unwrap();
/// assert!(xml.contains(r#"PolicyId="B2C_1A_signup_signin""#));
/// assert!(xml.contains(r#"PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_signup_signin""#));
/// ```
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(
    builder_method(vis = "", name = __builder),
    field_defaults(default, setter(into))
)]
#[xml(root = "TrustFrameworkPolicy", namespaces)]
// No struct literals outside this crate: a declared policy is built by its
// `Definitions::into_policy`, a run-time one by `TrustFrameworkPolicy::builder`.
#[non_exhaustive]
pub struct TrustFrameworkPolicy<P = AnyPolicy> {
    /// `@PolicySchemaVersion`; always [`POLICY_SCHEMA_VERSION`].
    #[builder(default = POLICY_SCHEMA_VERSION.to_owned())]
    #[xml(attr = "PolicySchemaVersion")]
    pub policy_schema_version: String,
    /// `@TenantId`, e.g. `contoso.onmicrosoft.com`.
    #[builder(!default)]
    #[xml(attr = "TenantId")]
    pub tenant_id: String,
    /// `@TenantObjectId`.
    #[builder(setter(strip_option))]
    #[xml(attr = "TenantObjectId")]
    pub tenant_object_id: Option<String>,
    /// `@PolicyId`, e.g. `B2C_1A_TrustFrameworkBase`.
    #[builder(!default)]
    #[xml(attr = "PolicyId")]
    pub policy_id: PolicyRef<P>,
    /// `@PublicPolicyUri`. When not set, `http://{tenant}/{policy}` is written.
    #[builder(setter(strip_option))]
    #[xml(attr = "PublicPolicyUri", or_else = "default_public_policy_uri")]
    pub public_policy_uri: Option<String>,
    /// `@StateTableName`.
    #[builder(setter(strip_option))]
    #[xml(attr = "StateTableName")]
    pub state_table_name: Option<String>,
    /// `@DeploymentMode`.
    #[builder(setter(strip_option))]
    #[xml(attr = "DeploymentMode")]
    pub deployment_mode: Option<DeploymentMode>,
    /// `@UserJourneyRecorderEndpoint`.
    #[builder(setter(strip_option))]
    #[xml(attr = "UserJourneyRecorderEndpoint")]
    pub user_journey_recorder_endpoint: Option<String>,
    /// `BasePolicy`: the parent in the inheritance chain.
    #[builder(setter(!into, strip_option))]
    #[xml(elem = "BasePolicy")]
    pub base_policy: Option<BasePolicy<P>>,
    /// `PolicyConstraints`.
    #[builder(setter(strip_option))]
    #[xml(elem = "PolicyConstraints")]
    pub policy_constraints: Option<PolicyConstraints>,
    /// `Contacts/Contact`.
    #[xml(elem = "Contact", wrap = "Contacts")]
    pub contacts: Vec<Contact>,
    /// `DocumentReferences/DocumentReference`.
    #[xml(elem = "DocumentReference", wrap = "DocumentReferences")]
    pub document_references: Vec<DocumentReference>,
    /// `BuildingBlocks`; left out when empty.
    #[builder(setter(!into))]
    #[xml(flatten)]
    pub building_blocks: BuildingBlocks<P>,
    /// `ClaimsProviders/ClaimsProvider`.
    #[builder(setter(!into))]
    #[xml(elem = "ClaimsProvider", wrap = "ClaimsProviders")]
    pub claims_providers: Vec<ClaimsProvider<P>>,
    /// `UserJourneys/UserJourney`.
    #[builder(setter(!into))]
    #[xml(elem = "UserJourney", wrap = "UserJourneys")]
    pub user_journeys: Vec<UserJourney<P>>,
    /// `SubJourneys/SubJourney`.
    #[builder(setter(!into))]
    #[xml(elem = "SubJourney", wrap = "SubJourneys")]
    pub sub_journeys: Vec<SubJourney<P>>,
    /// `RelyingParty`.
    #[builder(setter(!into, strip_option))]
    #[xml(elem = "RelyingParty")]
    pub relying_party: Option<RelyingParty<P>>,
    /// What the file holds beyond the schema (comments, processing
    /// instructions, blank lines, kept empty wrappers, `xsi:` attributes,
    /// placeholders in typed places), keyed by anchors; filled by the
    /// importer, written by the emitter, empty for a policy built in Rust.
    /// See [`crate::trivia`].
    #[builder(default, setter(skip))]
    #[xml(trivia)]
    pub trivia: Trivia,
}

/// The builder of a [`TrustFrameworkPolicy`] with nothing set yet.
pub type TrustFrameworkPolicyStart<P = AnyPolicy> = TrustFrameworkPolicyBuilder<
    P,
    (
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        (),
    ),
>;

/// The definitions of a declared policy, as `declare!`'s
/// `Definitions::into_policy` hands them to [`TrustFrameworkPolicy::__assemble`]
/// (each list in declaration order, ids already set).
#[doc(hidden)]
pub struct Assembled<P> {
    pub claims_schema: Vec<ClaimType<P>>,
    pub claims_transformations: Vec<ClaimsTransformation<P>>,
    pub content_definitions: Vec<ContentDefinition<P>>,
    pub display_controls: Vec<DisplayControl<P>>,
    pub predicates: Vec<Predicate<P>>,
    pub predicate_validations: Vec<PredicateValidation<P>>,
    pub input_validations: Vec<InputValidation<P>>,
    pub localized_resources: Vec<LocalizedResources<P>>,
    pub client_definitions: Vec<ClientDefinition<P>>,
    pub claims_providers: Vec<ClaimsProvider<P>>,
    pub user_journeys: Vec<UserJourney<P>>,
    pub sub_journeys: Vec<SubJourney<P>>,
}

impl<P: crate::refs::chain::RuntimeScope> TrustFrameworkPolicy<P> {
    /// A policy built at run time, from strings ([`AnyPolicy`], or
    /// [`Unchecked`](crate::refs::Unchecked) ids): checked when the set is
    /// written. A policy declared with `declare!` is assembled by its
    /// `Definitions::into_policy` instead, which guarantees that every id
    /// it declares is defined.
    pub fn builder() -> TrustFrameworkPolicyStart<P> {
        Self::__builder()
    }
}

impl<P: PolicyScope> TrustFrameworkPolicy<P> {
    /// Used by the code `declare!` generates: the declared policy `P` for
    /// tenant `tenant_id`, on the base `base`, holding `parts`.
    #[doc(hidden)]
    pub fn __assemble(tenant_id: &str, base: Option<&'static str>, parts: Assembled<P>) -> Self {
        let localization = if parts.localized_resources.is_empty() {
            None
        } else {
            Some(Localization {
                resources: parts.localized_resources,
                ..Localization::default()
            })
        };
        TrustFrameworkPolicy {
            policy_schema_version: POLICY_SCHEMA_VERSION.to_owned(),
            tenant_id: tenant_id.to_owned(),
            tenant_object_id: None,
            policy_id: PolicyRef::of_scope(),
            public_policy_uri: None,
            state_table_name: None,
            deployment_mode: None,
            user_journey_recorder_endpoint: None,
            base_policy: base.map(|b| BasePolicy {
                tenant_id: tenant_id.to_owned(),
                policy_id: PolicyRef::__declared(b),
            }),
            policy_constraints: None,
            contacts: Vec::new(),
            document_references: Vec::new(),
            building_blocks: BuildingBlocks {
                claims_schema: parts.claims_schema,
                predicates: parts.predicates,
                input_validations: parts.input_validations,
                predicate_validations: parts.predicate_validations,
                claims_transformations: parts.claims_transformations,
                client_definitions: parts.client_definitions,
                content_definitions: parts.content_definitions,
                localization,
                display_controls: parts.display_controls,
            },
            claims_providers: parts.claims_providers,
            user_journeys: parts.user_journeys,
            sub_journeys: parts.sub_journeys,
            relying_party: None,
            trivia: Trivia::default(),
        }
    }

    /// The policy's `Localization`, created empty if it has none (to set
    /// its languages after `into_policy`).
    pub fn localization_mut(&mut self) -> &mut Localization<P> {
        self.building_blocks
            .localization
            .get_or_insert_with(Localization::default)
    }

    /// Sets the relying party.
    pub fn with_relying_party(mut self, relying_party: RelyingParty<P>) -> Self {
        self.relying_party = Some(relying_party);
        self
    }
}

impl<P> TrustFrameworkPolicy<P> {
    /// The conventional `PublicPolicyUri`: `http://{tenant}/{policy}`.
    pub fn default_public_policy_uri(&self) -> String {
        format!("http://{}/{}", self.tenant_id, self.policy_id)
    }
}

/// `BasePolicy`: the policy this one inherits from.
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct BasePolicy<P = AnyPolicy> {
    /// `TenantId`.
    #[xml(leaf = "TenantId")]
    pub tenant_id: String,
    /// `PolicyId`.
    #[xml(leaf = "PolicyId")]
    pub policy_id: PolicyRef<P>,
}

impl<P> BasePolicy<P> {
    /// The base policy `base` of tenant `tenant_id`. `base` must be the
    /// base `P` was declared with (`declare!`'s `: base`), so a policy
    /// cannot name another base in its XML than the one its references
    /// were checked against.
    pub fn new<B>(tenant_id: impl Into<String>, base: PolicyRef<B>) -> Self
    where
        P: crate::refs::chain::BuiltOn<B>,
    {
        BasePolicy {
            tenant_id: tenant_id.into(),
            policy_id: base.rescope(),
        }
    }

    /// A base policy named at run time (an escape hatch: the write-time
    /// check resolves it).
    #[track_caller]
    pub fn from_string(tenant_id: impl Into<String>, policy_id: impl Into<String>) -> Self {
        BasePolicy {
            tenant_id: tenant_id.into(),
            policy_id: PolicyRef::from_string(policy_id).rescope(),
        }
    }
}

/// `PolicyConstraints`.
#[derive(Debug, Clone, PartialEq, Default, XmlElement)]
pub struct PolicyConstraints {
    /// `Inheritance`.
    #[xml(elem = "Inheritance")]
    pub inheritance: Option<Inheritance>,
    /// `RerouteRules`.
    #[xml(elem = "RerouteRules")]
    pub reroute_rules: Option<RerouteRules>,
}

/// `Inheritance`: which policies may derive from this one.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct Inheritance {
    /// `@DerivingPolicies`.
    #[xml(attr = "DerivingPolicies")]
    pub deriving_policies: String,
    /// The optional choice `Tenants | ConstraintHandler`.
    #[xml(flatten)]
    pub rule: Option<InheritanceRule>,
}

/// The choice inside `Inheritance`.
#[derive(Debug, Clone, PartialEq)]
pub enum InheritanceRule {
    /// `Tenants/Tenant/@ReferenceId`: tenant object ids (GUIDs).
    Tenants(Vec<String>),
    /// `ConstraintHandler`.
    ConstraintHandler {
        /// `@Id`.
        id: String,
        /// `@Handler`.
        handler: String,
    },
}

impl XmlContent for InheritanceRule {
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EmitError> {
        match self {
            InheritanceRule::Tenants(tenants) => {
                if tenants.is_empty() {
                    return Err(EmitError::EmptyList {
                        element: "Tenant",
                        field: "InheritanceRule::Tenants",
                    });
                }
                w.open("Tenants")?;
                for t in tenants {
                    w.open("Tenant")?;
                    w.attr("ReferenceId", t)?;
                    w.close("Tenant")?;
                }
                w.close("Tenants")
            }
            InheritanceRule::ConstraintHandler { id, handler } => {
                w.open("ConstraintHandler")?;
                w.attr("Id", id)?;
                w.attr("Handler", handler)?;
                w.close("ConstraintHandler")
            }
        }
    }

    fn describe_content(c: &mut SchemaCollector, parent: &'static str) {
        c.child(parent, "Tenants");
        c.child("Tenants", "Tenant");
        c.attr("Tenant", "ReferenceId");
        c.child(parent, "ConstraintHandler");
        c.attr("ConstraintHandler", "Id");
        c.attr("ConstraintHandler", "Handler");
    }
}

impl crate::xml::read::FromXmlContent for InheritanceRule {
    const CHILDREN: &'static [&'static str] = &["Tenants", "ConstraintHandler"];

    fn from_content(
        node: crate::xml::read::Node<'_, '_>,
        cx: &mut crate::xml::read::ImportCx<'_>,
    ) -> Result<Self, crate::xml::read::Failed> {
        let tenants: Vec<TenantReference> = cx.elem_wrapped(
            node,
            "Tenants",
            "Tenant",
            crate::xml::read::Wrapper {
                nonempty: true,
                ..Default::default()
            },
        )?;
        let handler: Option<ConstraintHandlerElement> = cx.elem_opt(node, "ConstraintHandler")?;
        match handler {
            Some(h) if tenants.is_empty() => Ok(InheritanceRule::ConstraintHandler {
                id: h.id,
                handler: h.handler,
            }),
            Some(_) => {
                cx.report(
                    node,
                    "<Inheritance> holds either <Tenants> or <ConstraintHandler>, not both".into(),
                );
                Err(crate::xml::read::Failed)
            }
            None => Ok(InheritanceRule::Tenants(
                tenants.into_iter().map(|t| t.reference_id).collect(),
            )),
        }
    }
}

/// Reads `Tenants/Tenant` (the model keeps the ids only).
#[derive(Debug, Clone, PartialEq, XmlElement)]
struct TenantReference {
    #[xml(attr = "ReferenceId")]
    reference_id: String,
}

/// Reads `ConstraintHandler` (the model keeps it in [`InheritanceRule`]).
#[derive(Debug, Clone, PartialEq, XmlElement)]
struct ConstraintHandlerElement {
    #[xml(attr = "Id")]
    id: String,
    #[xml(attr = "Handler")]
    handler: String,
}

/// `RerouteRules`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct RerouteRules {
    /// `@Type`.
    #[xml(attr = "Type")]
    pub rule_type: String,
    /// `RerouteRule`.
    #[xml(elem = "RerouteRule")]
    pub rules: Vec<RerouteRule>,
}

/// `RerouteRule`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct RerouteRule {
    /// `@PolicyId`.
    #[xml(attr = "PolicyId")]
    pub policy_id: String,
    /// `@Weight`.
    #[xml(attr = "Weight")]
    pub weight: Option<i32>,
    /// `@Match`.
    #[xml(attr = "Match")]
    pub match_: Option<String>,
}

/// `Contact`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct Contact {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: String,
    /// `DisplayName`.
    #[xml(leaf = "DisplayName")]
    pub display_name: String,
    /// `TelephoneNumber`.
    #[xml(leaf = "TelephoneNumber")]
    pub telephone_number: String,
    /// `Email`.
    #[xml(leaf = "Email")]
    pub email: String,
    /// `Role`.
    #[xml(leaf = "Role")]
    pub role: String,
}

/// `DocumentReference`.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct DocumentReference {
    /// `@Id`.
    #[xml(attr = "Id")]
    pub id: String,
    /// `DisplayName`.
    #[xml(leaf = "DisplayName")]
    pub display_name: String,
    /// `Url`.
    #[xml(leaf = "Url")]
    pub url: String,
}

/// `BuildingBlocks`: claims, validations, transformations, content and
/// localization. Written only when something in it is set.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq, Default)]
#[builder(field_defaults(default))]
pub struct BuildingBlocks<P = AnyPolicy> {
    /// `ClaimsSchema/ClaimType`.
    #[xml(elem = "ClaimType", wrap = "ClaimsSchema")]
    pub claims_schema: Vec<ClaimType<P>>,
    /// `Predicates/Predicate`.
    #[xml(elem = "Predicate", wrap = "Predicates")]
    pub predicates: Vec<Predicate<P>>,
    /// `InputValidations/InputValidation`.
    #[xml(elem = "InputValidation", wrap = "InputValidations")]
    pub input_validations: Vec<InputValidation<P>>,
    /// `PredicateValidations/PredicateValidation`.
    #[xml(elem = "PredicateValidation", wrap = "PredicateValidations")]
    pub predicate_validations: Vec<PredicateValidation<P>>,
    /// `ClaimsTransformations/ClaimsTransformation`.
    #[xml(elem = "ClaimsTransformation", wrap = "ClaimsTransformations")]
    pub claims_transformations: Vec<ClaimsTransformation<P>>,
    /// `ClientDefinitions/ClientDefinition`.
    #[xml(elem = "ClientDefinition", wrap = "ClientDefinitions")]
    pub client_definitions: Vec<ClientDefinition<P>>,
    /// `ContentDefinitions/ContentDefinition`.
    #[xml(elem = "ContentDefinition", wrap = "ContentDefinitions")]
    pub content_definitions: Vec<ContentDefinition<P>>,
    /// `Localization`.
    #[builder(setter(strip_option))]
    #[xml(elem = "Localization")]
    pub localization: Option<Localization<P>>,
    /// `DisplayControls/DisplayControl`.
    #[xml(elem = "DisplayControl", wrap = "DisplayControls")]
    pub display_controls: Vec<DisplayControl<P>>,
}

impl<P> BuildingBlocks<P> {
    /// Whether nothing is set (then no `BuildingBlocks` element is written).
    pub fn is_empty(&self) -> bool {
        self == &BuildingBlocks::default()
    }
}

impl crate::xml::read::FromXmlContent for BuildingBlocks<AnyPolicy> {
    const CHILDREN: &'static [&'static str] = &["BuildingBlocks"];

    fn from_content(
        node: crate::xml::read::Node<'_, '_>,
        cx: &mut crate::xml::read::ImportCx<'_>,
    ) -> Result<Self, crate::xml::read::Failed> {
        let blocks: Option<Self> = cx.elem_opt(node, "BuildingBlocks")?;
        match blocks {
            Some(b) => {
                // `<BuildingBlocks/>` (or one with only comments) is kept.
                if b.is_empty() {
                    cx.keep_empty_child(node, "BuildingBlocks");
                }
                Ok(b)
            }
            None => Ok(BuildingBlocks::default()),
        }
    }
}

impl<P> XmlContent for BuildingBlocks<P> {
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EmitError> {
        if self.is_empty() && !w.keep_empty("BuildingBlocks") {
            return Ok(());
        }
        self.write_element("BuildingBlocks", w)
    }

    fn describe_content(c: &mut SchemaCollector, parent: &'static str) {
        c.child(parent, "BuildingBlocks");
        <BuildingBlocks<P> as XmlElement>::describe(c, "BuildingBlocks");
    }
}
