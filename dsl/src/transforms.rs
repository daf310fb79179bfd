//! Claims transformations (`BuildingBlocks/ClaimsTransformations`).
//!
//! The model keeps `TransformationMethod` and the `TransformationClaimType`
//! names as strings, as the XSD does; typed constructors per method, which
//! check claim data types at compile time, build on top of this model.

use derive_where::derive_where;
use ief_derive::XmlElement;
use typed_builder::TypedBuilder;

use crate::claims::DataType;
use crate::refs::{AnyPolicy, ClaimRef, TransformRef};

/// `ClaimsTransformation`: a named call of one of B2C's built-in methods.
#[derive(TypedBuilder, XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
#[builder(builder_method(vis = "", name = __builder))]
pub struct ClaimsTransformation<P = AnyPolicy> {
    /// `@Id`.
    #[builder(setter(!into))]
    #[xml(attr = "Id")]
    pub id: TransformRef<P>,
    /// `@TransformationMethod`, e.g. `CreateStringClaim`.
    #[builder(setter(into))]
    #[xml(attr = "TransformationMethod")]
    pub method: String,
    /// `InputClaims/InputClaim`.
    #[builder(default)]
    #[xml(elem = "InputClaim", wrap = "InputClaims")]
    pub input_claims: Vec<TransformClaim<P>>,
    /// `InputParameters/InputParameter`.
    #[builder(default)]
    #[xml(elem = "InputParameter", wrap = "InputParameters")]
    pub input_parameters: Vec<InputParameter>,
    /// `OutputClaims/OutputClaim`.
    #[builder(default)]
    #[xml(elem = "OutputClaim", wrap = "OutputClaims")]
    pub output_claims: Vec<TransformClaim<P>>,
}

definition_start!(
    ClaimsTransformation,
    ClaimsTransformationBuilder,
    ClaimsTransformationWithId,
    TransformRef,
    [(), (), (), ()]
);

/// An input or output claim of a transformation: the claim, and the
/// method's name for it (`@TransformationClaimType`).
#[derive(XmlElement)]
#[derive_where(Debug, Clone, PartialEq)]
pub struct TransformClaim<P = AnyPolicy> {
    /// `@ClaimTypeReferenceId`.
    #[xml(attr = "ClaimTypeReferenceId")]
    pub claim: ClaimRef<P>,
    /// `@TransformationClaimType`, e.g. `inputClaim`, `outputClaim`.
    #[xml(attr = "TransformationClaimType")]
    pub transformation_claim_type: Option<String>,
}

impl<P> TransformClaim<P> {
    /// `claim`, bound to the method's `transformation_claim_type`.
    pub fn new(
        claim: impl crate::refs::IntoRef<ClaimRef<P>>,
        transformation_claim_type: impl Into<String>,
    ) -> Self {
        TransformClaim {
            claim: crate::refs::IntoRef::into_ref(claim),
            transformation_claim_type: Some(transformation_claim_type.into()),
        }
    }

    /// `claim`, without a `TransformationClaimType` (methods that match
    /// claims by name or position).
    pub fn untyped(claim: impl crate::refs::IntoRef<ClaimRef<P>>) -> Self {
        TransformClaim {
            claim: crate::refs::IntoRef::into_ref(claim),
            transformation_claim_type: None,
        }
    }
}

/// `InputParameter`: a literal argument of the method.
#[derive(Debug, Clone, PartialEq, XmlElement)]
pub struct InputParameter {
    /// `@Id`, the method's parameter name.
    #[xml(attr = "Id")]
    pub id: String,
    /// `@DataType`.
    #[xml(attr = "DataType")]
    pub data_type: DataType,
    /// `@Value`.
    #[xml(attr = "Value")]
    pub value: String,
}

impl InputParameter {
    /// The parameter `id` of type `data_type` with value `value`.
    pub fn new(id: impl Into<String>, data_type: DataType, value: impl Into<String>) -> Self {
        InputParameter {
            id: id.into(),
            data_type,
            value: value.into(),
        }
    }

    /// A `string` parameter.
    pub fn string(id: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(id, DataType::String, value)
    }

    /// A `boolean` parameter.
    pub fn boolean(id: impl Into<String>, value: bool) -> Self {
        Self::new(id, DataType::Boolean, if value { "true" } else { "false" })
    }

    /// An `int` parameter.
    pub fn int(id: impl Into<String>, value: i32) -> Self {
        Self::new(id, DataType::Int, value.to_string())
    }
}
