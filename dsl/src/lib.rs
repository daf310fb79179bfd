//! `ief-dsl`: Azure AD B2C custom policies (the Identity Experience
//! Framework) as a typed Rust model, with builders and an XML emitter.
//!
//! The model follows the XSD `TrustFrameworkPolicy_0.3.0.0`: one struct per
//! element, fields in the XSD's sequence order, enumerations as Rust enums,
//! references as typed handles ([`refs`]). The emitter ([`emit`]) writes
//! fields in declaration order, so its output is in schema order by
//! construction.
//!
//! Modules mirror the parts of a policy file:
//! [`policy`] (the file, its header, `BuildingBlocks`), [`claims`]
//! (`ClaimsSchema`, predicates, validations), [`transforms`]
//! (`ClaimsTransformations`), [`content`] (content definitions,
//! localization, display controls), [`providers`] (`ClaimsProviders`,
//! technical profiles), [`journeys`] (user journeys, sub-journeys),
//! [`relying_party`].

#![warn(missing_docs)]

extern crate self as ief_dsl;

/// The start of a definition of an element that has an id: the builder
/// type with the id set (`$with_id`), `new(id)` that sets it, and a
/// `builder()` stub whose compile error says to use `new`. `[$rest]` lists
/// the builder's field states after the id (one `()` per other field, in
/// declaration order; the id is the first field).
macro_rules! definition_start {
    ($ty:ident, $builder:ident, $with_id:ident, $id:ident, [$($rest:tt),*]) => {
        #[doc = concat!("The builder of a [`", stringify!($ty), "`] whose id is set; see [`", stringify!($ty), "::new`].")]
        pub type $with_id<P = $crate::refs::AnyPolicy> = $builder<P, (($id<P>,), $($rest,)*)>;

        impl<P> $ty<P> {
            /// Starts the definition of `id`, whose handle comes from the
            /// declaration of the policy it is defined in (so it can only be
            /// placed in that policy). To restate an element of a base
            /// policy, pass `BASE_ID.restated()`; for an id known only at
            /// run time,
            #[doc = concat!("`", stringify!($id), "::from_string(..).into()`.")]
            // A builder, not `Self`: the definition continues with its setters.
            #[allow(clippy::new_ret_no_self)]
            pub fn new(id: $id<P>) -> $with_id<P> {
                Self::__builder().id(id)
            }

            /// Not available: a definition starts from its id, with
            /// [`new`](Self::new). (This item exists to say so in the
            /// compiler's message.)
            #[doc(hidden)]
            pub fn builder() -> $with_id<P>
            where
                (): $crate::refs::chain::StartsFromItsId<Self>,
            {
                unreachable!("`(): StartsFromItsId<_>` never holds")
            }
        }
    };
}

pub mod appsettings;
pub mod capacity;
pub mod check;
pub mod claims;
pub mod content;
pub mod diff;
pub mod emit;
pub mod graph;
mod hash;
pub mod import;
pub mod journeys;
pub mod kinds;
pub mod methods;
pub mod par;
pub mod policy;
pub mod providers;
pub mod refs;
pub mod relying_party;
pub mod rename;
pub mod resolve;
pub mod resolvers;
pub mod settings;
pub mod simulate;
pub mod transforms;
pub mod trivia;
pub mod xml;

/// The names a policy author needs most, for `use ief_dsl::prelude::*;`.
pub mod prelude {
    pub use crate::claims::{
        ClaimType, DataType, EnumerationItem, Mask, MaskType, Pattern, Restriction, StatementType,
        UserInputType,
    };
    pub use crate::content::{ContentDefinition, DisplayControl, Localization};
    pub use crate::emit::{to_xml, PolicySet};
    pub use crate::journeys::{
        Candidate, ClaimsExchange, ClaimsExchanges, ClaimsProviderSelection,
        ClaimsProviderSelections, OrchestrationStep, Precondition, StepType, SubJourney,
        UserJourney,
    };
    pub use crate::metadata;
    pub use crate::policy::{BasePolicy, BuildingBlocks, TrustFrameworkPolicy};
    pub use crate::providers::{
        handlers, ClaimsProvider, CryptographicKey, DisplayClaim, MetadataItem, PersistedClaim,
        ProfileClaim, ProfileReference, Protocol, ProtocolName, SubjectNamingInfo,
        TechnicalProfile, TokenFormat, TransformReference, ValidationTechnicalProfile,
    };
    pub use crate::refs::types::*;
    pub use crate::refs::{
        AnyPolicy, Claim, ClaimRef, ContentDefRef, Erase, ExchangeRef, JourneyRef, PolicyRef,
        PolicyScope, ProfileRef, Sees, SubJourneyRef, TransformRef, Unchecked,
    };
    pub use crate::relying_party::{DefaultUserJourney, RelyingParty};
    pub use crate::transforms::{ClaimsTransformation, InputParameter, TransformClaim};
}
