//! Typed identifiers and references.
//!
//! Every element of a policy that others refer to by id has its own handle
//! type here: a claim type is a [`Claim<T>`] (erased to [`ClaimRef`] inside
//! the model), a technical profile a [`ProfileRef`], and so on. The model
//! stores these handles, never bare strings, both where an element is
//! defined (its `Id`) and where it is referenced (`ReferenceId`,
//! `ClaimTypeReferenceId`, …). A function that expects a technical profile
//! cannot be handed a claim.
//!
//! Handles are `const`-constructible, so a policy set can declare them once
//! as constants (`pub const EMAIL: Claim<Str> = Claim::new("email");`) and
//! use them by name; a misspelt constant is a compile error on the user's
//! token. Handles built from runtime strings (the importer, settings) use
//! [`ProfileRef::from_string`] and its siblings.
//!
//! Ids compare case-sensitively here; resolution across a policy chain, which
//! B2C does case-insensitively, is the checker's job.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::claims::DataType;
use crate::xml::XmlValue;

macro_rules! reference {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Cow<'static, str>);

        impl $name {
            /// What kind of element this handle names, in words.
            pub const KIND: &'static str = $kind;

            /// A handle for the id `id`, usable in `const` items.
            pub const fn new(id: &'static str) -> Self {
                $name(Cow::Borrowed(id))
            }

            /// A handle for an id known only at run time.
            pub fn from_string(id: impl Into<String>) -> Self {
                $name(Cow::Owned(id.into()))
            }

            /// The id as written in XML.
            pub fn id(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.id())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        impl XmlValue for $name {
            fn xml_value(&self) -> Cow<'_, str> {
                Cow::Borrowed(self.id())
            }
        }

        impl crate::import::FromXmlValue for $name {
            fn from_xml_value(text: &str) -> Result<Self, String> {
                Ok($name::from_string(text))
            }
        }

        impl From<&$name> for $name {
            fn from(r: &$name) -> Self {
                r.clone()
            }
        }
    };
}

reference!(
    /// The untyped form of a claim type handle, as stored in the model.
    /// Build it from a [`Claim<T>`]; the data type is checked where the
    /// typed handle is used.
    ClaimRef,
    "claim type"
);
reference!(
    /// A technical profile (`TechnicalProfile/@Id`): identity providers,
    /// directory profiles, session managers, token issuers, validation
    /// profiles.
    ProfileRef,
    "technical profile"
);
reference!(
    /// A claims transformation (`ClaimsTransformation/@Id`).
    TransformRef,
    "claims transformation"
);
reference!(
    /// A content definition (`ContentDefinition/@Id`, e.g. `api.signuporsignin`).
    ContentDefRef,
    "content definition"
);
reference!(
    /// A user journey (`UserJourney/@Id`).
    JourneyRef,
    "user journey"
);
reference!(
    /// A sub-journey (`SubJourney/@Id`).
    SubJourneyRef,
    "sub-journey"
);
reference!(
    /// A display control (`DisplayControl/@Id`).
    DisplayControlRef,
    "display control"
);
reference!(
    /// A predicate (`Predicate/@Id`).
    PredicateRef,
    "predicate"
);
reference!(
    /// A predicate validation (`PredicateValidation/@Id`).
    PredicateValidationRef,
    "predicate validation"
);
reference!(
    /// An input validation (`InputValidation/@Id`).
    InputValidationRef,
    "input validation"
);
reference!(
    /// A set of localized resources (`LocalizedResources/@Id`).
    LocalizedResourcesRef,
    "localized resources"
);
reference!(
    /// A client definition (`ClientDefinition/@Id`).
    ClientDefRef,
    "client definition"
);
reference!(
    /// A claims exchange inside a journey (`ClaimsExchange/@Id`), the target
    /// of a claims provider selection.
    ExchangeRef,
    "claims exchange"
);
reference!(
    /// A policy (`@PolicyId`, `BasePolicy/PolicyId`), e.g. `B2C_1A_TrustFrameworkBase`.
    PolicyRef,
    "policy"
);

/// The data type of a claim, carried in the type of a [`Claim<T>`] handle.
/// Implemented by the zero-sized markers of [`types`].
pub trait ClaimDataType: types::Sealed {
    /// The `DataType` this marker stands for.
    const DATA_TYPE: DataType;
}

/// Data-type markers for [`Claim<T>`], one per `DataType` of the XSD.
pub mod types {
    use super::ClaimDataType;
    use crate::claims::DataType;

    /// Keeps the set of data-type markers closed.
    pub trait Sealed {}

    macro_rules! markers {
        ($($(#[$m:meta])* $name:ident => $dt:ident),+ $(,)?) => {$(
            $(#[$m])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name;
            impl Sealed for $name {}
            impl ClaimDataType for $name {
                const DATA_TYPE: DataType = DataType::$dt;
            }
        )+};
    }

    markers! {
        /// `boolean`
        Bool => Boolean,
        /// `date`
        Date => Date,
        /// `dateTime`
        DateTime => DateTime,
        /// `duration`
        Duration => Duration,
        /// `int`
        Int => Int,
        /// `long`
        Long => Long,
        /// `string`
        Str => String,
        /// `stringCollection`
        StringCollection => StringCollection,
        /// `alternativeSecurityIdCollection`
        AlternativeSecurityIdCollection => AlternativeSecurityIdCollection,
        /// `userIdentityCollection`
        UserIdentityCollection => UserIdentityCollection,
        /// `userIdentity`
        UserIdentity => UserIdentity,
        /// `phoneNumber`
        PhoneNumber => PhoneNumber,
        /// `objectIdentityCollection`
        ObjectIdentityCollection => ObjectIdentityCollection,
        /// `objectIdentity`
        ObjectIdentity => ObjectIdentity,
    }
}

/// A typed handle to a claim type: its id, and in `T` its data type.
///
/// ```
/// use ief_dsl::refs::{Claim, types::Str};
/// const EMAIL: Claim<Str> = Claim::new("email");
/// assert_eq!(EMAIL.id(), "email");
/// ```
pub struct Claim<T: ClaimDataType> {
    id: ClaimRef,
    _type: PhantomData<fn() -> T>,
}

impl<T: ClaimDataType> Claim<T> {
    /// A handle for the claim type `id` of data type `T`.
    pub const fn new(id: &'static str) -> Self {
        Claim {
            id: ClaimRef::new(id),
            _type: PhantomData,
        }
    }

    /// A handle for a claim id known only at run time.
    pub fn from_string(id: impl Into<String>) -> Self {
        Claim {
            id: ClaimRef::from_string(id),
            _type: PhantomData,
        }
    }

    /// The id as written in XML.
    pub fn id(&self) -> &str {
        self.id.id()
    }

    /// The claim's data type.
    pub const fn data_type(&self) -> DataType {
        T::DATA_TYPE
    }

    /// The untyped reference stored in the model.
    pub fn erased(&self) -> ClaimRef {
        self.id.clone()
    }
}

impl<T: ClaimDataType> Clone for Claim<T> {
    fn clone(&self) -> Self {
        Claim {
            id: self.id.clone(),
            _type: PhantomData,
        }
    }
}

impl<T: ClaimDataType> PartialEq for Claim<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl<T: ClaimDataType> Eq for Claim<T> {}

impl<T: ClaimDataType> fmt::Debug for Claim<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Claim<{}>({:?})", T::DATA_TYPE, self.id())
    }
}

impl<T: ClaimDataType> From<Claim<T>> for ClaimRef {
    fn from(c: Claim<T>) -> Self {
        c.id
    }
}

impl<T: ClaimDataType> From<&Claim<T>> for ClaimRef {
    fn from(c: &Claim<T>) -> Self {
        c.id.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::types::{Bool, Str};
    use super::*;

    const EMAIL: Claim<Str> = Claim::new("email");
    const FLAG: Claim<Bool> = Claim::new("flag");

    #[test]
    fn typed_handles_carry_their_data_type() {
        assert_eq!(EMAIL.data_type(), DataType::String);
        assert_eq!(FLAG.data_type(), DataType::Boolean);
        let r: ClaimRef = EMAIL.into();
        assert_eq!(r.id(), "email");
        assert_eq!(format!("{:?}", FLAG), "Claim<boolean>(\"flag\")");
    }

    #[test]
    fn runtime_and_const_handles_are_equal() {
        assert_eq!(ProfileRef::new("SM-AAD"), ProfileRef::from_string("SM-AAD"));
        assert_ne!(ProfileRef::new("SM-AAD"), ProfileRef::new("sm-aad"));
    }
}

/// Whether two ids name the same element for B2C, which compares ids
/// ignoring ASCII case. Usable in `const` items (the macros use it to check
/// a declared inheritance chain at compile time).
pub const fn same_id(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod same_id_tests {
    #[test]
    fn ids_compare_ignoring_ascii_case() {
        assert!(super::same_id(
            "B2C_1A_TrustFrameworkBase",
            "B2C_1A_TRUSTFRAMEWORKBASE"
        ));
        assert!(!super::same_id("surname", "surnam"));
        assert!(!super::same_id("a-b", "a_b"));
    }
}
