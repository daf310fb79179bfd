//! Typed constructors for claims transformations, one per built-in
//! `TransformationMethod`.
//!
//! [`ClaimsTransformation`] stores the method name and the
//! `TransformationClaimType` names as plain strings, so nothing stops a
//! policy from feeding a `boolean` claim into a method that reads a
//! `string`. The structs here close that gap: each one is named after a
//! method, has one public field per input claim, input parameter and output
//! claim, and types every claim field with the data type the method expects
//! ([`Claim<Str>`](crate::refs::Claim), `Claim<Bool>`, …). Handing a claim of
//! another data type is a compile error at the argument. Closed sets of
//! parameter values (comparison operators, letter case, …) are Rust enums.
//!
//! [`Method::into_transformation`] turns a filled-in struct into the untyped
//! model, writing the method name, the `TransformationClaimType` names and
//! the `InputParameter` ids, data types and values exactly as B2C expects
//! them.
//!
//! Field names are the snake_case form of the method's claim and parameter
//! names (`inputClaim1` → `input_claim1`, `query.secret` → `query_secret`).
//! Where a method reads and writes the same `TransformationClaimType`
//! (`collection` in [`AddItemToStringCollection`]), the input keeps the plain
//! name and the output field gets an `output_` prefix.
//!
//! ```
//! use ief_dsl::methods::{FormatStringMultipleClaims, Method};
//! use ief_dsl::transforms::ClaimsTransformation;
//! use ief_dsl::refs::{types::Str, Claim, TransformRef};
//! use ief_dsl::refs::Unchecked;
//!
//! const GIVEN_NAME: Claim<Str, Unchecked> = Claim::unchecked("givenName");
//! const SURNAME: Claim<Str, Unchecked> = Claim::unchecked("surname");
//! const DISPLAY_NAME: Claim<Str, Unchecked> = Claim::unchecked("displayName");
//!
//! // A policy built from strings (`AnyPolicy`); declared policies get
//! // their handles from `ief::declare!` and need no annotation.
//! let ct: ClaimsTransformation = FormatStringMultipleClaims {
//!     input_claim1: GIVEN_NAME,
//!     input_claim2: SURNAME,
//!     string_format: "{0} {1}".into(),
//!     output_claim: DISPLAY_NAME,
//! }
//! .into_transformation(TransformRef::unchecked("CreateDisplayName"));
//!
//! assert_eq!(ct.method, "FormatStringMultipleClaims");
//! assert_eq!(ct.input_claims[1].claim.id(), "surname");
//! assert_eq!(ct.input_parameters[0].value, "{0} {1}");
//! ```
//!
//! A claim of the wrong data type does not compile:
//!
//! ```compile_fail
//! use ief_dsl::methods::{FormatStringClaim, Method};
//! use ief_dsl::refs::{types::{Bool, Str}, Claim, TransformRef};
//! use ief_dsl::refs::Unchecked;
//!
//! const FLAG: Claim<Bool, Unchecked> = Claim::unchecked("flag");
//! const OUT: Claim<Str, Unchecked> = Claim::unchecked("out");
//!
//! let _ = FormatStringClaim {
//!     input_claim: FLAG, // expected `Claim<Str>`, found `Claim<Bool>`
//!     string_format: "{0}".into(),
//!     output_claim: OUT,
//! }
//! .into_transformation(TransformRef::unchecked("Broken"));
//! ```

// The type parameters of the generated method structs are named after the
// claim fields they scope (`input_claim`), which reads better in messages
// than `T1`, `T2`.
#![allow(non_camel_case_types)]
use crate::claims::DataType;
use crate::refs::types::*;
use derive_where::derive_where;

use crate::refs::{AnyPolicy, Claim, ClaimDataType, ClaimRef, Sees, TransformRef, Unchecked};
use crate::transforms::{ClaimsTransformation, InputParameter, TransformClaim};

/// A built-in claims transformation method with a typed signature.
///
/// Each implementing struct holds the claims and parameter values of one call
/// of the method. [`into_transformation`](Method::into_transformation) gives
/// that call an id and lowers it to the untyped [`ClaimsTransformation`] of
/// the model, ready to go into `BuildingBlocks/ClaimsTransformations`.
///
/// ```
/// use ief_dsl::methods::{CompareClaims, CompareOperator, Method};
/// use ief_dsl::refs::{types::{Bool, Str}, Claim, TransformRef};
/// use ief_dsl::refs::Unchecked;
///
/// const EMAIL: Claim<Str, Unchecked> = Claim::unchecked("email");
/// const EMAIL_AGAIN: Claim<Str, Unchecked> = Claim::unchecked("reenterEmail");
/// const SAME: Claim<Bool, Unchecked> = Claim::unchecked("emailsMatch");
///
/// let ct: ief_dsl::transforms::ClaimsTransformation = CompareClaims {
///     input_claim1: EMAIL,
///     input_claim2: EMAIL_AGAIN,
///     operator: CompareOperator::Equal,
///     ignore_case: true,
///     output_claim: SAME,
/// }
/// .into_transformation(TransformRef::unchecked("CheckEmailsMatch"));
/// assert_eq!(ct.method, "CompareClaims");
/// assert_eq!(ct.id.id(), "CheckEmailsMatch");
/// assert_eq!(ct.input_parameters[1].value, "true");
/// ```
pub trait Method<P> {
    /// The `TransformationMethod` attribute value, e.g. `CreateStringClaim`.
    const NAME: &'static str;

    /// This call of the method as a `ClaimsTransformation` of policy `P`
    /// with the id `id`. Every claim must be visible in `P`.
    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P>;
}

// ---------------------------------------------------------------------------
// Parameter value sets.

/// The XML text of a parameter value.
trait ParamText {
    fn param_text(&self) -> String;
}

impl ParamText for String {
    fn param_text(&self) -> String {
        self.clone()
    }
}

impl ParamText for bool {
    fn param_text(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

impl ParamText for i32 {
    fn param_text(&self) -> String {
        self.to_string()
    }
}

impl ParamText for i64 {
    fn param_text(&self) -> String {
        self.to_string()
    }
}

/// A parameter field: a value, or an optional value that is left out of the
/// XML when `None`.
trait ParamSlot {
    fn param_value(&self) -> Option<String>;
}

impl<T: ParamText> ParamSlot for T {
    fn param_value(&self) -> Option<String> {
        Some(self.param_text())
    }
}

impl<T: ParamText> ParamSlot for Option<T> {
    fn param_value(&self) -> Option<String> {
        self.as_ref().map(ParamText::param_text)
    }
}

/// A claim field: a claim, or an optional claim that is left out of the XML
/// when `None`, usable in policy `P`.
trait ClaimSlot<P> {
    fn claim_ref(&self) -> Option<ClaimRef<P>>;
}

impl<T: ClaimDataType, O, P: Sees<O>> ClaimSlot<P> for Claim<T, O> {
    fn claim_ref(&self) -> Option<ClaimRef<P>> {
        Some(self.into())
    }
}

impl<T: ClaimDataType, O, P: Sees<O>> ClaimSlot<P> for Option<Claim<T, O>> {
    fn claim_ref(&self) -> Option<ClaimRef<P>> {
        self.as_ref().map(Into::into)
    }
}

/// Declares an enum of the fixed values a parameter accepts.
macro_rules! value_set {
    ($(
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? }
    )+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// The value as written in the `InputParameter`'s `Value`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl ParamText for $name {
            fn param_text(&self) -> String {
                self.as_str().to_owned()
            }
        }
    )+};
}

value_set! {
    /// `operator` of [`CompareClaims`] and [`CompareClaimToValue`].
    CompareOperator {
        /// `EQUAL`: true when the values are the same.
        Equal => "EQUAL",
        /// `NOT EQUAL`: true when the values differ.
        NotEqual => "NOT EQUAL",
    }

    /// `toCase` of [`ChangeCase`].
    Case {
        /// `LOWER`: convert to lower case.
        Lower => "LOWER",
        /// `UPPER`: convert to upper case.
        Upper => "UPPER",
    }

    /// `randomGeneratorType` of [`CreateRandomString`].
    RandomGeneratorType {
        /// `GUID`: a new globally unique identifier.
        Guid => "GUID",
        /// `INTEGER`: a random whole number, bounded by `maximumNumber`.
        Integer => "INTEGER",
    }

    /// `stringComparison` of the methods that compare strings
    /// ([`AssertStringClaimsAreEqual`], [`SetClaimsIfStringsMatch`],
    /// [`SetClaimsIfStringsAreEqual`]). B2C reads the value
    /// case-insensitively.
    StringComparison {
        /// `Ordinal`: exact, case-sensitive comparison.
        Ordinal => "Ordinal",
        /// `OrdinalIgnoreCase`: comparison that ignores letter case.
        OrdinalIgnoreCase => "OrdinalIgnoreCase",
    }

    /// `Operator` of [`AssertNumber`].
    NumberOperator {
        /// `LessThan`.
        LessThan => "LessThan",
        /// `GreaterThan`.
        GreaterThan => "GreaterThan",
        /// `GreaterThanOrEqual`.
        GreaterThanOrEqual => "GreaterThanOrEqual",
        /// `LessThanOrEqual`.
        LessThanOrEqual => "LessThanOrEqual",
        /// `Equal`.
        Equal => "Equal",
        /// `NotEqual`.
        NotEqual => "NotEqual",
    }

    /// `operator` of [`DateTimeComparison`].
    DateTimeOperator {
        /// `same`: the two instants are equal (within the time span).
        Same => "same",
        /// `later than`: the first instant is after the second.
        LaterThan => "later than",
        /// `earlier than`: the first instant is before the second.
        EarlierThan => "earlier than",
    }

    /// `Operator` of [`AdjustNumber`].
    AdjustOperator {
        /// `INCREMENT`: add one.
        Increment => "INCREMENT",
        /// `DECREMENT`: subtract one.
        Decrement => "DECREMENT",
    }

    /// `countryCodeType` of
    /// [`GetNationalNumberAndCountryCodeFromPhoneNumberString`].
    CountryCodeType {
        /// `CallingCode`: the international dialling prefix, e.g. `+1`.
        CallingCode => "CallingCode",
        /// `ISO3166`: the two-letter country code, e.g. `US`.
        Iso3166 => "ISO3166",
    }
}

// ---------------------------------------------------------------------------
// Helpers shared by the generated and the hand-written impls.

/// The present items of `items`, in order.
fn present<T, const N: usize>(items: [Option<T>; N]) -> Vec<T> {
    items.into_iter().flatten().collect()
}

/// `slot` bound to the `TransformationClaimType` `tct`, if it is set.
fn claim<P>(slot: &impl ClaimSlot<P>, tct: &str) -> Option<TransformClaim<P>> {
    slot.claim_ref().map(|claim| TransformClaim {
        claim,
        transformation_claim_type: Some(tct.to_owned()),
    })
}

/// The parameter `id` of XML data type `data_type`, if it is set.
fn param(slot: &impl ParamSlot, id: &str, data_type: DataType) -> Option<InputParameter> {
    slot.param_value()
        .map(|v| InputParameter::new(id, data_type, v))
}

/// The transformation `id` calling method `name`.
fn build<P>(
    name: &str,
    id: impl Into<TransformRef<P>>,
    input_claims: Vec<TransformClaim<P>>,
    input_parameters: Vec<InputParameter>,
    output_claims: Vec<TransformClaim<P>>,
) -> ClaimsTransformation<P> {
    ClaimsTransformation {
        id: id.into(),
        method: name.to_owned(),
        input_claims,
        input_parameters,
        output_claims,
    }
}

// ---------------------------------------------------------------------------
// Methods with a fixed signature.

/// An optional claim field left out: `None`, of a type every policy
/// accepts. A bare `None` leaves the field's policy parameter unknown to the
/// compiler (``type annotations needed``); write `no_claim()` instead.
///
/// ```
/// use ief_dsl::methods::{no_claim, ConvertStringToPhoneNumberClaim, Method};
/// use ief_dsl::refs::{types::{PhoneNumber, Str}, Claim, TransformRef, Unchecked};
///
/// const NUMBER: Claim<Str, Unchecked> = Claim::unchecked("phoneString");
/// const PHONE: Claim<PhoneNumber, Unchecked> = Claim::unchecked("phone");
/// let ct: ief_dsl::transforms::ClaimsTransformation = ConvertStringToPhoneNumberClaim {
///     phone_number_string: NUMBER,
///     country: no_claim(),
///     output_claim: PHONE,
/// }
/// .into_transformation(TransformRef::unchecked("ToPhone"));
/// assert_eq!(ct.input_claims.len(), 1);
/// ```
pub const fn no_claim<T: ClaimDataType>() -> Option<Claim<T, Unchecked>> {
    None
}

/// The type of a claim field written in `methods!` (`Claim<Str>`,
/// `Option<Claim<Str>>`), with the declaring policy `O` filled in.
#[doc(hidden)]
pub trait ClaimField {
    /// The field type with the declaring policy `O`.
    type In<O>;
}

impl<T: ClaimDataType> ClaimField for Claim<T> {
    type In<O> = Claim<T, O>;
}

impl<T: ClaimDataType> ClaimField for Option<Claim<T>> {
    type In<O> = Option<Claim<T, O>>;
}

/// Declares the fixed-signature methods. Each entry lists, in XML order, the
/// input claims (`field: type => "TCT"`), the input parameters
/// (`field: type => "Id": XmlDataType`) and the output claims. Fields typed
/// `Option<…>` are written only when `Some`.
macro_rules! methods {
    ($(
        $(#[$meta:meta])*
        $name:ident $(<$g:ident>)? {
            inputs { $( $(#[$imeta:meta])* $ifield:ident : $ity:ty => $itct:literal ),* $(,)? }
            params { $( $(#[$pmeta:meta])* $pfield:ident : $pty:ty => $pid:literal : $pdt:ident ),* $(,)? }
            outputs { $( $(#[$ometa:meta])* $ofield:ident : $oty:ty => $otct:literal ),* $(,)? }
        }
    )+) => {
        $(
            $(#[$meta])*
            ///
            /// The type parameters named after the claim fields are the
            /// policies that declare those claims (inferred from the
            /// handles); the policy the transformation is placed in must see
            /// each of them.
            #[derive_where(Debug, Clone, PartialEq)]
            #[allow(non_camel_case_types)]
            pub struct $name<$($g: ClaimDataType,)? $($ifield = AnyPolicy,)* $($ofield = AnyPolicy,)*> {
                $( $(#[$imeta])* pub $ifield: <$ity as ClaimField>::In<$ifield>, )*
                $( $(#[$pmeta])* pub $pfield: $pty, )*
                $( $(#[$ometa])* pub $ofield: <$oty as ClaimField>::In<$ofield>, )*
            }

            #[allow(non_camel_case_types)]
            impl<__P, $($g: ClaimDataType,)? $($ifield,)* $($ofield,)*> Method<__P> for $name<$($g,)? $($ifield,)* $($ofield,)*>
            where
                $( __P: Sees<$ifield>, )*
                $( __P: Sees<$ofield>, )*
            {
                const NAME: &'static str = stringify!($name);

                fn into_transformation(self, id: impl Into<TransformRef<__P>>) -> ClaimsTransformation<__P> {
                    build(
                        <Self as Method<__P>>::NAME,
                        id,
                        present([$( claim(&self.$ifield, $itct) ),*]),
                        present([$( param(&self.$pfield, $pid, DataType::$pdt) ),*]),
                        present([$( claim(&self.$ofield, $otct) ),*]),
                    )
                }
            }
        )+

        /// The names of the methods declared with `methods!`.
        #[cfg(test)]
        const GENERATED: &[&str] = &[$( stringify!($name) ),+];
    };
}

methods! {
    /// `CreateStringClaim`: sets a string claim to a literal value (which may
    /// contain `{TechnicalProfileId}`-style expressions).
    CreateStringClaim {
        inputs {}
        params {
            /// `value`: the text to store.
            value: String => "value": String,
        }
        outputs {
            /// `createdClaim`: receives the value.
            created_claim: Claim<Str> => "createdClaim",
        }
    }

    /// `FormatStringClaim`: fills `{0}` in a format string with one claim.
    FormatStringClaim {
        inputs {
            /// `inputClaim`: the value for `{0}`.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {
            /// `stringFormat`: the template, e.g. `cpim_{0}@{RelyingPartyTenantId}`.
            string_format: String => "stringFormat": String,
        }
        outputs {
            /// `outputClaim`: the formatted text (at most 4000 characters).
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `AddItemToStringCollection`: appends a string claim to a string
    /// collection.
    AddItemToStringCollection {
        inputs {
            /// `item`: the string to add.
            item: Claim<Str> => "item",
            /// `collection` (input): the collection to extend; may be unset.
            collection: Claim<StringCollection> => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the extended collection, usually the
            /// same claim as the input.
            output_collection: Claim<StringCollection> => "collection",
        }
    }

    /// `CreateRandomString`: produces a GUID or a random integer as a string.
    CreateRandomString {
        inputs {}
        params {
            /// `randomGeneratorType`: GUID or integer.
            random_generator_type: RandomGeneratorType => "randomGeneratorType": String,
            /// `stringFormat`: optional template around the value (`{0}`).
            string_format: Option<String> => "stringFormat": String,
            /// `base64`: optionally encode the result as base64.
            base64: Option<bool> => "base64": Boolean,
            /// `maximumNumber`: upper bound for [`RandomGeneratorType::Integer`].
            maximum_number: Option<i32> => "maximumNumber": Int,
            /// `seed`: optional seed for [`RandomGeneratorType::Integer`].
            seed: Option<i32> => "seed": Int,
        }
        outputs {
            /// `outputClaim`: the random string.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `CopyClaim`: copies one claim's value into another claim of the same
    /// data type (B2C documents `string` and `int`).
    CopyClaim<T> {
        inputs {
            /// `inputClaim`: the source.
            input_claim: Claim<T> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the destination.
            output_claim: Claim<T> => "outputClaim",
        }
    }

    /// `AssertBooleanClaimIsEqualToValue`: fails the validation unless a
    /// boolean claim has the given value. The error text comes from the
    /// `UserMessageIfClaimsTransformationBooleanValueIsNotEqual` metadata
    /// of the calling self-asserted profile.
    AssertBooleanClaimIsEqualToValue {
        inputs {
            /// `inputClaim`: the claim to check.
            input_claim: Claim<Bool> => "inputClaim",
        }
        params {
            /// `valueToCompareTo`: the value it must have.
            value_to_compare_to: bool => "valueToCompareTo": Boolean,
        }
        outputs {}
    }

    /// `CreateAlternativeSecurityId`: builds the alternative security id of
    /// a federated account from its subject and identity provider.
    CreateAlternativeSecurityId {
        inputs {
            /// `key`: the user's id at the identity provider.
            key: Claim<Str> => "key",
            /// `identityProvider`: the identity provider's name.
            identity_provider: Claim<Str> => "identityProvider",
        }
        params {}
        outputs {
            /// `alternativeSecurityId`: the resulting JSON id.
            alternative_security_id: Claim<Str> => "alternativeSecurityId",
        }
    }

    /// `DoesClaimExist`: tells whether a claim, of any data type, has a
    /// value.
    DoesClaimExist<T> {
        inputs {
            /// `inputClaim`: the claim to test.
            input_claim: Claim<T> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: `true` when the claim is set.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `CompareClaims`: compares two string claims.
    CompareClaims {
        inputs {
            /// `inputClaim1`: the first string.
            input_claim1: Claim<Str> => "inputClaim1",
            /// `inputClaim2`: the second string.
            input_claim2: Claim<Str> => "inputClaim2",
        }
        params {
            /// `operator`: equal or not equal.
            operator: CompareOperator => "operator": String,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter, `true` or `false`.
            ignore_case: bool => "ignoreCase": String,
        }
        outputs {
            /// `outputClaim`: the result of the comparison.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `GetCurrentDateTime`: stores the current UTC time.
    GetCurrentDateTime {
        inputs {}
        params {}
        outputs {
            /// `currentDateTime`: receives the current time.
            current_date_time: Claim<DateTime> => "currentDateTime",
        }
    }

    /// `AssertStringClaimsAreEqual`: fails the validation unless two string
    /// claims are equal. The error text comes from the
    /// `UserMessageIfClaimsTransformationStringsAreNotEqual` metadata.
    AssertStringClaimsAreEqual {
        inputs {
            /// `inputClaim1`: the first string.
            input_claim1: Claim<Str> => "inputClaim1",
            /// `inputClaim2`: the second string.
            input_claim2: Claim<Str> => "inputClaim2",
        }
        params {
            /// `stringComparison`: case-sensitive or not.
            string_comparison: StringComparison => "stringComparison": String,
        }
        outputs {}
    }

    /// `AssertDateTimeIsGreaterThan`: fails the validation unless the left
    /// date-time (held in a string claim) is later than the right one. The
    /// error text comes from the `DateTimeGreaterThan` metadata.
    AssertDateTimeIsGreaterThan {
        inputs {
            /// `leftOperand`: the date-time expected to be later.
            left_operand: Claim<Str> => "leftOperand",
            /// `rightOperand`: the date-time expected to be earlier.
            right_operand: Claim<Str> => "rightOperand",
        }
        params {
            /// `AssertIfEqualTo`: whether equal values fail (B2C's default
            /// is `true`).
            assert_if_equal_to: Option<bool> => "AssertIfEqualTo": Boolean,
            /// `AssertIfRightOperandIsNotPresent`: whether a missing right
            /// operand fails.
            assert_if_right_operand_is_not_present: Option<bool> => "AssertIfRightOperandIsNotPresent": Boolean,
            /// `TreatAsEqualIfWithinMillseconds`: tolerance for equality, in
            /// milliseconds. The parameter id is spelt this way by B2C.
            treat_as_equal_if_within_millseconds: Option<i32> => "TreatAsEqualIfWithinMillseconds": Int,
        }
        outputs {}
    }

    /// `AddItemToUserIdentityCollection`: appends a user identity to a
    /// collection of them. Seen in real policies, not in Microsoft's
    /// reference.
    AddItemToUserIdentityCollection {
        inputs {
            /// `item`: the identity to add.
            item: Claim<UserIdentity> => "item",
            /// `collection` (input): the collection to extend.
            collection: Claim<UserIdentityCollection> => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the extended collection.
            output_collection: Claim<UserIdentityCollection> => "collection",
        }
    }

    /// `DateTimeComparison`: compares two date-times, optionally shifting
    /// the first by a number of seconds.
    DateTimeComparison {
        inputs {
            /// `firstDateTime`: the left-hand date-time.
            first_date_time: Claim<DateTime> => "firstDateTime",
            /// `secondDateTime`: the right-hand date-time (the current time
            /// when unset).
            second_date_time: Claim<DateTime> => "secondDateTime",
        }
        params {
            /// `operator`: the relation to test.
            operator: DateTimeOperator => "operator": String,
            /// `timeSpanInSeconds`: seconds added to the first date-time.
            time_span_in_seconds: i32 => "timeSpanInSeconds": Int,
        }
        outputs {
            /// `result`: whether the relation holds.
            result: Claim<Bool> => "result",
        }
    }

    /// `ConvertPhoneNumberClaimToString`: turns a `phoneNumber` claim into
    /// a string.
    ConvertPhoneNumberClaimToString {
        inputs {
            /// `phoneNumber`: the phone number.
            phone_number: Claim<PhoneNumber> => "phoneNumber",
        }
        params {}
        outputs {
            /// `phoneNumberString`: its text.
            phone_number_string: Claim<Str> => "phoneNumberString",
        }
    }

    /// `ConvertStringToPhoneNumberClaim`: parses a string into a
    /// `phoneNumber` claim. Invalid input fails with the
    /// `UserMessageIfClaimsTransformationInvalidPhoneNumber` metadata.
    ConvertStringToPhoneNumberClaim {
        inputs {
            /// `phoneNumberString`: the text to parse.
            phone_number_string: Claim<Str> => "phoneNumberString",
            /// `country`: optional country code used when the number has no
            /// international prefix.
            country: Option<Claim<Str>> => "country",
        }
        params {}
        outputs {
            /// `outputClaim`: the parsed phone number.
            output_claim: Claim<PhoneNumber> => "outputClaim",
        }
    }

    /// `CreateUserIdentity`: builds a user identity from an issuer and the
    /// user's id at that issuer. Seen in real policies, not in Microsoft's
    /// reference.
    CreateUserIdentity {
        inputs {
            /// `issuerUserId`: the user's id at the issuer.
            issuer_user_id: Claim<Str> => "issuerUserId",
            /// `issuer`: the issuer's name.
            issuer: Claim<Str> => "issuer",
        }
        params {}
        outputs {
            /// `userIdentity`: the new identity.
            user_identity: Claim<UserIdentity> => "userIdentity",
        }
    }

    /// `GetIssuersFromUserIdentityCollectionTransformation`: lists the
    /// issuers of a collection of user identities. Seen in real policies,
    /// not in Microsoft's reference.
    GetIssuersFromUserIdentityCollectionTransformation {
        inputs {
            /// `userIdentityCollection`: the identities.
            user_identity_collection: Claim<UserIdentityCollection> => "userIdentityCollection",
        }
        params {}
        outputs {
            /// `issuersCollection`: their issuers.
            issuers_collection: Claim<StringCollection> => "issuersCollection",
        }
    }

    /// `ParseDomain`: extracts the domain part of an email address.
    ParseDomain {
        inputs {
            /// `emailAddress`: the address.
            email_address: Claim<Str> => "emailAddress",
        }
        params {}
        outputs {
            /// `domain`: the part after `@`.
            domain: Claim<Str> => "domain",
        }
    }

    /// `FormatStringMultipleClaims`: fills `{0}` and `{1}` in a format
    /// string with two claims.
    FormatStringMultipleClaims {
        inputs {
            /// `inputClaim1`: the value for `{0}`.
            input_claim1: Claim<Str> => "inputClaim1",
            /// `inputClaim2`: the value for `{1}`.
            input_claim2: Claim<Str> => "inputClaim2",
        }
        params {
            /// `stringFormat`: the template, e.g. `{0} {1}`.
            string_format: String => "stringFormat": String,
        }
        outputs {
            /// `outputClaim`: the formatted text.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `StringContains`: tells whether a string claim contains a substring.
    StringContains {
        inputs {
            /// `inputClaim`: the text to search.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {
            /// `contains`: the substring to look for.
            contains: String => "contains": String,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            ignore_case: bool => "ignoreCase": String,
        }
        outputs {
            /// `outputClaim`: whether the substring occurs.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `Hash`: hashes a string with a salt and a policy key (SHA-256).
    Hash {
        inputs {
            /// `plaintext`: the text to hash.
            plaintext: Claim<Str> => "plaintext",
            /// `salt`: the salt.
            salt: Claim<Str> => "salt",
        }
        params {
            /// `randomizerSecret`: the name of the policy key used as secret.
            randomizer_secret: String => "randomizerSecret": String,
        }
        outputs {
            /// `hash`: the hash.
            hash: Claim<Str> => "hash",
        }
    }

    /// `AndClaims`: logical AND of two boolean claims.
    AndClaims {
        inputs {
            /// `inputClaim1`: the first operand.
            input_claim1: Claim<Bool> => "inputClaim1",
            /// `inputClaim2`: the second operand.
            input_claim2: Claim<Bool> => "inputClaim2",
        }
        params {}
        outputs {
            /// `outputClaim`: the conjunction.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `OrClaims`: logical OR of two boolean claims.
    OrClaims {
        inputs {
            /// `inputClaim1`: the first operand.
            input_claim1: Claim<Bool> => "inputClaim1",
            /// `inputClaim2`: the second operand.
            input_claim2: Claim<Bool> => "inputClaim2",
        }
        params {}
        outputs {
            /// `outputClaim`: the disjunction.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `GetClaimFromJson`: reads one property of a JSON object held in a
    /// string claim.
    GetClaimFromJson {
        inputs {
            /// `inputJson`: the JSON text.
            input_json: Claim<Str> => "inputJson",
        }
        params {
            /// `claimToExtract`: the property name.
            claim_to_extract: String => "claimToExtract": String,
        }
        outputs {
            /// `extractedClaim`: the property's value.
            extracted_claim: Claim<Str> => "extractedClaim",
        }
    }

    /// `AddItemToAlternativeSecurityIdCollection`: appends an alternative
    /// security id to a collection of them.
    AddItemToAlternativeSecurityIdCollection {
        inputs {
            /// `item`: the id to add (a string claim).
            item: Claim<Str> => "item",
            /// `collection` (input): the collection to extend.
            collection: Claim<AlternativeSecurityIdCollection> => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the extended collection.
            output_collection: Claim<AlternativeSecurityIdCollection> => "collection",
        }
    }

    /// `AssertNumber`: checks an integer claim against a constant. By
    /// default a failed check raises the `AssertNumberError` message; with
    /// `throwError` false it only sets the output claim.
    AssertNumber {
        inputs {
            /// `inputClaim`: the number to check.
            input_claim: Claim<Int> => "inputClaim",
        }
        params {
            /// `Operator`: the relation to test.
            operator: NumberOperator => "Operator": String,
            /// `CompareToValue`: the constant.
            compare_to_value: i32 => "CompareToValue": Int,
            /// `throwError`: whether a failed check is an error (B2C's
            /// default is `true`).
            throw_error: Option<bool> => "throwError": Boolean,
        }
        outputs {
            /// `outputClaim`: the result; only meaningful with
            /// `throw_error: Some(false)`.
            output_claim: Option<Claim<Bool>> => "outputClaim",
        }
    }

    /// `CompareClaimToValue`: compares a string claim with a constant.
    CompareClaimToValue {
        inputs {
            /// `inputClaim1`: the string.
            input_claim1: Claim<Str> => "inputClaim1",
        }
        params {
            /// `compareTo`: the constant.
            compare_to: String => "compareTo": String,
            /// `operator`: equal or not equal.
            operator: CompareOperator => "operator": String,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            ignore_case: bool => "ignoreCase": String,
        }
        outputs {
            /// `outputClaim`: the result of the comparison.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `ConvertNumberToStringClaim`: writes a `long` claim as a string.
    ConvertNumberToStringClaim {
        inputs {
            /// `inputClaim`: the number.
            input_claim: Claim<Long> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: its decimal text.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `StringCollectionContains`: tells whether a string collection holds a
    /// constant item.
    StringCollectionContains {
        inputs {
            /// `inputClaim`: the collection.
            input_claim: Claim<StringCollection> => "inputClaim",
        }
        params {
            /// `item`: the value to look for.
            item: String => "item": String,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            ignore_case: bool => "ignoreCase": String,
        }
        outputs {
            /// `outputClaim`: whether the item is present.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `GetSingleItemFromStringCollection`: takes the first item of a string
    /// collection.
    GetSingleItemFromStringCollection {
        inputs {
            /// `collection`: the collection.
            collection: Claim<StringCollection> => "collection",
        }
        params {}
        outputs {
            /// `extractedItem`: its first item.
            extracted_item: Claim<Str> => "extractedItem",
        }
    }

    /// `NullClaim`: clears a claim of any data type.
    NullClaim<T> {
        inputs {}
        params {}
        outputs {
            /// `claim_to_null`: the claim to clear.
            claim_to_null: Claim<T> => "claim_to_null",
        }
    }

    /// `RemoveUserIdentityFromCollectionByIssuer`: drops the identities of
    /// one issuer from a collection. Seen in real policies, not in
    /// Microsoft's reference.
    RemoveUserIdentityFromCollectionByIssuer {
        inputs {
            /// `issuer`: the issuer whose identities go.
            issuer: Claim<Str> => "issuer",
            /// `collection` (input): the collection.
            collection: Claim<UserIdentityCollection> => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the collection without them.
            output_collection: Claim<UserIdentityCollection> => "collection",
        }
    }

    /// `SetClaimsIfStringsMatch`: compares a string claim with a constant
    /// and, on a match, sets an output claim to a given value.
    SetClaimsIfStringsMatch {
        inputs {
            /// `claimToMatch`: the string.
            claim_to_match: Claim<Str> => "claimToMatch",
        }
        params {
            /// `matchTo`: the constant.
            match_to: String => "matchTo": String,
            /// `stringComparison`: case-sensitive or not.
            string_comparison: StringComparison => "stringComparison": String,
            /// `outputClaimIfMatched`: the value stored on a match.
            output_claim_if_matched: String => "outputClaimIfMatched": String,
        }
        outputs {
            /// `outputClaim`: receives `outputClaimIfMatched` on a match.
            output_claim: Claim<Str> => "outputClaim",
            /// `stringCompareResultClaim`: whether the strings matched.
            string_compare_result_claim: Claim<Bool> => "stringCompareResultClaim",
        }
    }

    /// `AddParameterToStringCollection`: appends a constant to a string
    /// collection.
    AddParameterToStringCollection {
        inputs {
            /// `collection` (input): the collection to extend.
            collection: Claim<StringCollection> => "collection",
        }
        params {
            /// `item`: the value to add.
            item: String => "item": String,
        }
        outputs {
            /// `collection` (output): the extended collection.
            output_collection: Claim<StringCollection> => "collection",
        }
    }

    /// `IsTermsOfUseConsentRequired`: tells whether the user must accept the
    /// terms of use again because they changed after the last consent.
    IsTermsOfUseConsentRequired {
        inputs {
            /// `termsOfUseConsentDateTime`: when the user last consented.
            terms_of_use_consent_date_time: Claim<DateTime> => "termsOfUseConsentDateTime",
        }
        params {
            /// `termsOfUseTextUpdateDateTime`: when the terms last changed,
            /// e.g. `2098-01-30T23:03:45`; written as a `dateTime` parameter.
            terms_of_use_text_update_date_time: String => "termsOfUseTextUpdateDateTime": DateTime,
        }
        outputs {
            /// `result`: whether consent is needed.
            result: Claim<Bool> => "result",
        }
    }

    /// `ChangeCase`: converts a string claim to lower or upper case.
    ChangeCase {
        inputs {
            /// `inputClaim1`: the text.
            input_claim1: Claim<Str> => "inputClaim1",
        }
        params {
            /// `toCase`: the target case.
            to_case: Case => "toCase": String,
        }
        outputs {
            /// `outputClaim`: the converted text.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `CreateOtpSecret`: generates a secret for a TOTP authenticator app.
    CreateOtpSecret {
        inputs {}
        params {}
        outputs {
            /// `outputClaim`: the new secret.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `BuildUri`: builds a URI, as used for the TOTP QR code
    /// (`otpauth://totp/<path>?secret=…&issuer=…`). Only the
    /// `query.secret` claim and `query.issuer` parameter documented by
    /// Microsoft are modelled.
    BuildUri {
        inputs {
            /// `path`: the path part, e.g. the user's sign-in name.
            path: Claim<Str> => "path",
            /// `query.secret`: the value of the `secret` query parameter.
            query_secret: Claim<Str> => "query.secret",
        }
        params {
            /// `scheme`: e.g. `otpauth`.
            scheme: String => "scheme": String,
            /// `host`: e.g. `totp`.
            host: String => "host": String,
            /// `query.issuer`: the value of the `issuer` query parameter.
            query_issuer: String => "query.issuer": String,
        }
        outputs {
            /// `outputClaim`: the URI.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `GuidAndRandomGenerator`: an older random-value method seen in real
    /// policies but not in Microsoft's reference; its generator types are
    /// not documented, so the parameter is free text.
    GuidAndRandomGenerator {
        inputs {}
        params {
            /// `randomGeneratorType`: e.g. `GUID`.
            random_generator_type: String => "randomGeneratorType": String,
        }
        outputs {
            /// `outputClaim`: the generated value.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `StringCollectionContainsClaim`: tells whether a string collection
    /// holds the value of a string claim.
    StringCollectionContainsClaim {
        inputs {
            /// `collection`: the collection.
            collection: Claim<StringCollection> => "collection",
            /// `item`: the claim whose value is looked for.
            item: Claim<Str> => "item",
        }
        params {
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            ignore_case: bool => "ignoreCase": String,
        }
        outputs {
            /// `outputClaim`: whether the value is present.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }

    /// `GetAgeGroupConsentProvidedAndRequiresConsent`: works out a user's
    /// age group and whether parental consent is needed. Seen in real
    /// policies, not in Microsoft's reference.
    GetAgeGroupConsentProvidedAndRequiresConsent {
        inputs {
            /// `dateOfBirth`: the user's birth date.
            date_of_birth: Claim<Date> => "dateOfBirth",
            /// `countryCode`: the user's country.
            country_code: Claim<Str> => "countryCode",
            /// `consentProvidedForMinor` (input): the consent recorded so far.
            consent_provided_for_minor: Claim<Str> => "consentProvidedForMinor",
        }
        params {}
        outputs {
            /// `ageGroup`: the computed age group.
            age_group: Claim<Str> => "ageGroup",
            /// `requiresParentalConsent`: whether consent is needed.
            requires_parental_consent: Claim<Bool> => "requiresParentalConsent",
            /// `consentProvidedForMinor` (output): the updated consent.
            output_consent_provided_for_minor: Claim<Str> => "consentProvidedForMinor",
        }
    }

    /// `GetMappedValueFromLocalizedCollection`: maps a value to the
    /// localized text of the matching restriction item.
    GetMappedValueFromLocalizedCollection {
        inputs {
            /// `mapFromClaim`: the value to look up.
            map_from_claim: Claim<Str> => "mapFromClaim",
        }
        params {}
        outputs {
            /// `restrictionValueClaim`: the claim that carries the
            /// `Restriction`; receives the mapped text.
            restriction_value_claim: Claim<Str> => "restrictionValueClaim",
        }
    }

    /// `StringJoin`: joins a string collection with a delimiter.
    StringJoin {
        inputs {
            /// `inputClaim`: the collection.
            input_claim: Claim<StringCollection> => "inputClaim",
        }
        params {
            /// `delimiter`: the separator, e.g. `,`.
            delimiter: String => "delimiter": String,
        }
        outputs {
            /// `outputClaim`: the joined text.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `StringSplit`: splits a string into a string collection.
    StringSplit {
        inputs {
            /// `inputClaim`: the text.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {
            /// `delimiter`: the separator, e.g. `,`.
            delimiter: String => "delimiter": String,
        }
        outputs {
            /// `outputClaim`: the parts.
            output_claim: Claim<StringCollection> => "outputClaim",
        }
    }

    /// `GetNationalNumberAndCountryCodeFromPhoneNumberString`: splits a
    /// phone number into national number and country code. Parse failures
    /// use the `UserMessageIfPhoneNumberParseFailure` metadata.
    GetNationalNumberAndCountryCodeFromPhoneNumberString {
        inputs {
            /// `phoneNumber`: the phone number text.
            phone_number: Claim<Str> => "phoneNumber",
        }
        params {
            /// `throwExceptionOnFailure`: whether a parse failure is an error.
            throw_exception_on_failure: Option<bool> => "throwExceptionOnFailure": Boolean,
            /// `countryCodeType`: the form of the country code output.
            country_code_type: Option<CountryCodeType> => "countryCodeType": String,
        }
        outputs {
            /// `nationalNumber`: the number without country prefix.
            national_number: Claim<Str> => "nationalNumber",
            /// `countryCode`: the country code.
            country_code: Claim<Str> => "countryCode",
        }
    }

    /// `AdjustNumber`: adds or subtracts one.
    AdjustNumber {
        inputs {
            /// `inputClaim`: the number.
            input_claim: Claim<Int> => "inputClaim",
        }
        params {
            /// `Operator`: increment or decrement.
            operator: AdjustOperator => "Operator": String,
        }
        outputs {
            /// `outputClaim`: the adjusted number.
            output_claim: Claim<Int> => "outputClaim",
        }
    }

    /// `GetSingleValueFromJsonArray`: takes the first element of a JSON
    /// array held in a string claim.
    GetSingleValueFromJsonArray {
        inputs {
            /// `inputJsonClaim`: the JSON array.
            input_json_claim: Claim<Str> => "inputJsonClaim",
        }
        params {}
        outputs {
            /// `extractedClaim`: its first element.
            extracted_claim: Claim<Str> => "extractedClaim",
        }
    }

    /// `CreateJsonArray`: wraps a string claim into a one-element JSON array.
    CreateJsonArray {
        inputs {
            /// `inputClaim`: the element.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the JSON array text.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `GetSingleItemFromJson`: takes the first property of a JSON object.
    GetSingleItemFromJson {
        inputs {
            /// `inputJson`: the JSON object.
            input_json: Claim<Str> => "inputJson",
        }
        params {}
        outputs {
            /// `key`: the property's name.
            key: Claim<Str> => "key",
            /// `value`: the property's value.
            value: Claim<Str> => "value",
        }
    }

    /// `XmlStringToJsonString`: converts XML text to JSON text.
    XmlStringToJsonString {
        inputs {
            /// `xml`: the XML text.
            xml: Claim<Str> => "xml",
        }
        params {}
        outputs {
            /// `json`: the JSON text.
            json: Claim<Str> => "json",
        }
    }

    /// `GetNumericClaimFromJson`: reads one numeric property of a JSON
    /// object.
    GetNumericClaimFromJson {
        inputs {
            /// `inputJson`: the JSON text.
            input_json: Claim<Str> => "inputJson",
        }
        params {
            /// `claimToExtract`: the property name.
            claim_to_extract: String => "claimToExtract": String,
        }
        outputs {
            /// `extractedClaim`: the property's value.
            extracted_claim: Claim<Long> => "extractedClaim",
        }
    }

    /// `SetClaimIfBooleansMatch`: compares a boolean claim with a constant
    /// and, on a match, sets an output claim to a given value.
    SetClaimIfBooleansMatch {
        inputs {
            /// `claimToMatch`: the boolean claim (Microsoft's table says
            /// `string`, but the method reads a boolean).
            claim_to_match: Claim<Bool> => "claimToMatch",
        }
        params {
            /// `matchTo`: the value to match; written as a `string`
            /// parameter, `true` or `false`.
            match_to: bool => "matchTo": String,
            /// `outputClaimIfMatched`: the value stored on a match.
            output_claim_if_matched: String => "outputClaimIfMatched": String,
        }
        outputs {
            /// `outputClaim`: receives `outputClaimIfMatched` on a match.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `SetClaimsIfStringsAreEqual`: compares a string claim with a constant
    /// and sets a message and a code when they are equal.
    SetClaimsIfStringsAreEqual {
        inputs {
            /// `inputClaim`: the string.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {
            /// `matchTo`: the constant.
            match_to: String => "matchTo": String,
            /// `stringComparison`: case-sensitive or not.
            string_comparison: StringComparison => "stringComparison": String,
            /// `stringMatchMsg`: the value for `outputClaim1` on a match.
            string_match_msg: String => "stringMatchMsg": String,
            /// `stringMatchMsgCode`: the value for `outputClaim2` on a match.
            string_match_msg_code: String => "stringMatchMsgCode": String,
        }
        outputs {
            /// `outputClaim1`: receives the message.
            output_claim1: Claim<Str> => "outputClaim1",
            /// `outputClaim2`: receives the code.
            output_claim2: Claim<Str> => "outputClaim2",
            /// `stringCompareResultClaim`: whether the strings were equal.
            string_compare_result_claim: Claim<Bool> => "stringCompareResultClaim",
        }
    }

    /// `CopyClaimIfPredicateMatch`: copies a string claim only if the value
    /// passes the output claim's predicate validation.
    CopyClaimIfPredicateMatch {
        inputs {
            /// `inputClaim`: the source.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the destination, whose predicates decide.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `StringSubstring`: takes part of a string claim.
    StringSubstring {
        inputs {
            /// `inputClaim`: the text.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {
            /// `startIndex`: zero-based start position.
            start_index: i32 => "startIndex": Int,
            /// `length`: number of characters.
            length: i32 => "length": Int,
        }
        outputs {
            /// `outputClaim`: the substring.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `StringReplace`: replaces every occurrence of a constant in a string
    /// claim.
    StringReplace {
        inputs {
            /// `inputClaim`: the text.
            input_claim: Claim<Str> => "inputClaim",
        }
        params {
            /// `oldValue`: the text to replace.
            old_value: String => "oldValue": String,
            /// `newValue`: its replacement.
            new_value: String => "newValue": String,
        }
        outputs {
            /// `outputClaim`: the result.
            output_claim: Claim<Str> => "outputClaim",
        }
    }

    /// `RemoveAlternativeSecurityIdByIdentityProvider`: drops the ids of one
    /// identity provider from an alternative security id collection.
    RemoveAlternativeSecurityIdByIdentityProvider {
        inputs {
            /// `identityProvider`: the provider whose ids go.
            identity_provider: Claim<Str> => "identityProvider",
            /// `collection` (input): the collection.
            collection: Claim<AlternativeSecurityIdCollection> => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the collection without them.
            output_collection: Claim<AlternativeSecurityIdCollection> => "collection",
        }
    }

    /// `GetIdentityProvidersFromAlternativeSecurityIdCollectionTransformation`:
    /// lists the identity providers of an alternative security id
    /// collection.
    GetIdentityProvidersFromAlternativeSecurityIdCollectionTransformation {
        inputs {
            /// `alternativeSecurityIdCollection`: the ids.
            alternative_security_id_collection: Claim<AlternativeSecurityIdCollection> => "alternativeSecurityIdCollection",
        }
        params {}
        outputs {
            /// `identityProvidersCollection`: their identity providers.
            identity_providers_collection: Claim<StringCollection> => "identityProvidersCollection",
        }
    }

    /// `ConvertDateToDateTimeClaim`: widens a `date` claim to `dateTime`.
    ConvertDateToDateTimeClaim {
        inputs {
            /// `inputClaim`: the date.
            input_claim: Claim<Date> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the date-time.
            output_claim: Claim<DateTime> => "outputClaim",
        }
    }

    /// `ConvertDateTimeToDateClaim`: narrows a `dateTime` claim to `date`.
    ConvertDateTimeToDateClaim {
        inputs {
            /// `inputClaim`: the date-time.
            input_claim: Claim<DateTime> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the date.
            output_claim: Claim<Date> => "outputClaim",
        }
    }

    /// `CompareBooleanClaimToValue`: compares a boolean claim with a
    /// constant.
    CompareBooleanClaimToValue {
        inputs {
            /// `inputClaim`: the boolean claim.
            input_claim: Claim<Bool> => "inputClaim",
        }
        params {
            /// `valueToCompareTo`: the constant.
            value_to_compare_to: bool => "valueToCompareTo": Boolean,
        }
        outputs {
            /// `compareResult`: whether they are equal.
            compare_result: Claim<Bool> => "compareResult",
        }
    }

    /// `NotClaims`: logical NOT of a boolean claim.
    NotClaims {
        inputs {
            /// `inputClaim`: the operand.
            input_claim: Claim<Bool> => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: its negation.
            output_claim: Claim<Bool> => "outputClaim",
        }
    }
}

// ---------------------------------------------------------------------------
// Methods whose claims or parameters are matched by name or position.

/// `LookupValue`: maps a string claim through a table of constants; each
/// table entry is its own `InputParameter` whose id is the key. An unknown
/// key fails with the `LookupNotFound` metadata when
/// `errorOnFailedLookup` is true.
#[derive_where(Debug, Clone, PartialEq)]
pub struct LookupValue<C = AnyPolicy> {
    /// `inputParameterId`: the key to look up.
    pub input_parameter_id: Claim<Str, C>,
    /// The table, as `(key, value)` pairs; each becomes a `string`
    /// parameter with `Id` = key and `Value` = value.
    pub lookups: Vec<(String, String)>,
    /// `errorOnFailedLookup`: whether a missing key is an error.
    pub error_on_failed_lookup: Option<bool>,
    /// `outputClaim`: the value found.
    pub output_claim: Claim<Str, C>,
}

impl<P: Sees<C>, C> Method<P> for LookupValue<C> {
    const NAME: &'static str = "LookupValue";

    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P> {
        let mut params: Vec<InputParameter> = self
            .lookups
            .into_iter()
            .map(|(key, value)| InputParameter::string(key, value))
            .collect();
        params.extend(param(
            &self.error_on_failed_lookup,
            "errorOnFailedLookup",
            DataType::Boolean,
        ));
        build(
            <Self as Method<P>>::NAME,
            id,
            vec![TransformClaim::new(
                self.input_parameter_id,
                "inputParameterId",
            )],
            params,
            vec![TransformClaim::new(self.output_claim, "outputClaim")],
        )
    }
}

/// A constant inserted by [`GenerateJson`]: its JSON type follows from the
/// parameter's `DataType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonValue {
    /// A JSON string (`DataType="string"`).
    Str(String),
    /// A JSON boolean (`DataType="boolean"`).
    Bool(bool),
    /// A JSON number from an `int` parameter.
    Int(i32),
    /// A JSON number from a `long` parameter.
    Long(i64),
}

impl JsonValue {
    fn into_parameter(self, path: String) -> InputParameter {
        match self {
            JsonValue::Str(s) => InputParameter::new(path, DataType::String, s),
            JsonValue::Bool(b) => InputParameter::new(path, DataType::Boolean, b.param_text()),
            JsonValue::Int(i) => InputParameter::new(path, DataType::Int, i.param_text()),
            JsonValue::Long(l) => InputParameter::new(path, DataType::Long, l.param_text()),
        }
    }
}

impl From<&str> for JsonValue {
    fn from(s: &str) -> Self {
        JsonValue::Str(s.to_owned())
    }
}

impl From<String> for JsonValue {
    fn from(s: String) -> Self {
        JsonValue::Str(s)
    }
}

impl From<bool> for JsonValue {
    fn from(b: bool) -> Self {
        JsonValue::Bool(b)
    }
}

impl From<i32> for JsonValue {
    fn from(i: i32) -> Self {
        JsonValue::Int(i)
    }
}

impl From<i64> for JsonValue {
    fn from(l: i64) -> Self {
        JsonValue::Long(l)
    }
}

/// `GenerateJson`: builds a JSON document from claims and constants, each
/// placed at a dot-separated path (`personalizations.0.to.0.email`;
/// numeric segments are array indices, which must run from 0 without gaps,
/// continuing across claims and constants).
#[derive_where(Debug, Clone, PartialEq)]
pub struct GenerateJson<C = AnyPolicy> {
    /// Claims to insert, as `(path, claim)`; the path is the
    /// `TransformationClaimType`.
    pub claims: Vec<(String, Claim<Str, C>)>,
    /// Constants to insert, as `(path, value)`; the path is the parameter
    /// `Id`.
    pub params: Vec<(String, JsonValue)>,
    /// `outputClaim`: the generated JSON text.
    pub output_claim: Claim<Str, C>,
}

impl<P: Sees<C>, C> Method<P> for GenerateJson<C> {
    const NAME: &'static str = "GenerateJson";

    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P> {
        build(
            <Self as Method<P>>::NAME,
            id,
            self.claims
                .into_iter()
                .map(|(path, c)| TransformClaim::new(c, path))
                .collect(),
            self.params
                .into_iter()
                .map(|(path, v)| v.into_parameter(path))
                .collect(),
            vec![TransformClaim::new(self.output_claim, "outputClaim")],
        )
    }
}

/// `GetClaimsFromJsonArray`: reads key/value pairs from a JSON array held
/// in a string claim into the output claims of the same names.
#[derive_where(Debug, Clone, PartialEq)]
pub struct GetClaimsFromJsonArray<C = AnyPolicy> {
    /// `jsonSource`: the JSON array (Microsoft's table says
    /// `jsonSourceClaim`; examples and real policies use `jsonSource`).
    pub json_source: Claim<Str, C>,
    /// `errorOnMissingClaims`: whether a missing output claim is an error.
    pub error_on_missing_claims: bool,
    /// `includeEmptyClaims`: whether empty values are kept.
    pub include_empty_claims: bool,
    /// `jsonSourceKeyName`: the property holding each element's name.
    pub json_source_key_name: String,
    /// `jsonSourceValueName`: the property holding each element's value.
    pub json_source_value_name: String,
    /// The claims to fill, of any data type, matched by id and written
    /// without a `TransformationClaimType`.
    pub output_claims: Vec<ClaimRef<C>>,
}

/// `GetClaimsFromJsonArrayV2`: like [`GetClaimsFromJsonArray`], but the
/// source is a string collection of JSON objects.
#[derive_where(Debug, Clone, PartialEq)]
pub struct GetClaimsFromJsonArrayV2<C = AnyPolicy> {
    /// `jsonSource`: the collection of JSON objects.
    pub json_source: Claim<StringCollection, C>,
    /// `errorOnMissingClaims`: whether a missing output claim is an error.
    pub error_on_missing_claims: bool,
    /// `includeEmptyClaims`: whether empty values are kept.
    pub include_empty_claims: bool,
    /// `jsonSourceKeyName`: the property holding each element's name.
    pub json_source_key_name: String,
    /// `jsonSourceValueName`: the property holding each element's value.
    pub json_source_value_name: String,
    /// The claims to fill, of any data type, matched by id and written
    /// without a `TransformationClaimType`.
    pub output_claims: Vec<ClaimRef<C>>,
}

/// The four parameters shared by both `GetClaimsFromJsonArray` variants.
fn json_array_params(
    error_on_missing_claims: bool,
    include_empty_claims: bool,
    json_source_key_name: String,
    json_source_value_name: String,
) -> Vec<InputParameter> {
    vec![
        InputParameter::boolean("errorOnMissingClaims", error_on_missing_claims),
        InputParameter::boolean("includeEmptyClaims", include_empty_claims),
        InputParameter::string("jsonSourceKeyName", json_source_key_name),
        InputParameter::string("jsonSourceValueName", json_source_value_name),
    ]
}

impl<P: Sees<C>, C> Method<P> for GetClaimsFromJsonArray<C> {
    const NAME: &'static str = "GetClaimsFromJsonArray";

    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P> {
        build(
            <Self as Method<P>>::NAME,
            id,
            vec![TransformClaim::new(self.json_source, "jsonSource")],
            json_array_params(
                self.error_on_missing_claims,
                self.include_empty_claims,
                self.json_source_key_name,
                self.json_source_value_name,
            ),
            self.output_claims
                .into_iter()
                .map(|c| TransformClaim::untyped(&c))
                .collect(),
        )
    }
}

impl<P: Sees<C>, C> Method<P> for GetClaimsFromJsonArrayV2<C> {
    const NAME: &'static str = "GetClaimsFromJsonArrayV2";

    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P> {
        build(
            <Self as Method<P>>::NAME,
            id,
            vec![TransformClaim::new(self.json_source, "jsonSource")],
            json_array_params(
                self.error_on_missing_claims,
                self.include_empty_claims,
                self.json_source_key_name,
                self.json_source_value_name,
            ),
            self.output_claims
                .into_iter()
                .map(|c| TransformClaim::untyped(&c))
                .collect(),
        )
    }
}

/// `FormatLocalizedString`: formats a localized template, whose claims fill
/// `{0}`, `{1}`, … in order.
#[derive_where(Debug, Clone, PartialEq)]
pub struct FormatLocalizedString<C = AnyPolicy> {
    /// The values for `{0}`, `{1}`, …, written in order without a
    /// `TransformationClaimType`.
    pub input_claims: Vec<Claim<Str, C>>,
    /// `stringFormatId`: the `StringId` of a `LocalizedString` with
    /// `ElementType="FormatLocalizedStringTransformationClaimType"`.
    pub string_format_id: String,
    /// `outputClaim`: the formatted text.
    pub output_claim: Claim<Str, C>,
}

impl<P: Sees<C>, C> Method<P> for FormatLocalizedString<C> {
    const NAME: &'static str = "FormatLocalizedString";

    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P> {
        build(
            <Self as Method<P>>::NAME,
            id,
            self.input_claims
                .into_iter()
                .map(|c| TransformClaim::untyped(&c))
                .collect(),
            vec![InputParameter::string(
                "stringFormatId",
                self.string_format_id,
            )],
            vec![TransformClaim::new(self.output_claim, "outputClaim")],
        )
    }
}

/// `GetLocalizedStringsTransformation`: copies localized strings into
/// claims, in the language of the current request.
#[derive_where(Debug, Clone, PartialEq)]
pub struct GetLocalizedStringsTransformation<C = AnyPolicy> {
    /// The strings to fetch, as `(string_id, claim)`: the `StringId` of a
    /// `LocalizedString` with
    /// `ElementType="GetLocalizedStringsTransformationClaimType"`, used as
    /// the `TransformationClaimType`, and the claim that receives it.
    pub strings: Vec<(String, Claim<Str, C>)>,
}

impl<P: Sees<C>, C> Method<P> for GetLocalizedStringsTransformation<C> {
    const NAME: &'static str = "GetLocalizedStringsTransformation";

    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P> {
        build(
            <Self as Method<P>>::NAME,
            id,
            Vec::new(),
            Vec::new(),
            self.strings
                .into_iter()
                .map(|(string_id, c)| TransformClaim::new(c, string_id))
                .collect(),
        )
    }
}

/// `SetClaimsIfRegexMatch`: matches a string claim against a regular
/// expression; on a match, sets an output claim to a given value and,
/// optionally, copies the named groups into claims of the same names.
#[derive_where(Debug, Clone, PartialEq)]
pub struct SetClaimsIfRegexMatch<C = AnyPolicy> {
    /// `claimToMatch`: the text.
    pub claim_to_match: Claim<Str, C>,
    /// `matchTo`: the regular expression.
    pub match_to: String,
    /// `outputClaimIfMatched`: the value stored on a match.
    pub output_claim_if_matched: String,
    /// `extractGroups`: whether named groups are copied into claims.
    pub extract_groups: Option<bool>,
    /// `outputClaim`: receives `outputClaimIfMatched` on a match.
    pub output_claim: Claim<Str, C>,
    /// `regexCompareResultClaim`: whether the expression matched.
    pub regex_compare_result_claim: Claim<Bool, C>,
    /// Claims named after the expression's groups, written without a
    /// `TransformationClaimType`.
    pub group_claims: Vec<Claim<Str, C>>,
}

impl<P: Sees<C>, C> Method<P> for SetClaimsIfRegexMatch<C> {
    const NAME: &'static str = "SetClaimsIfRegexMatch";

    fn into_transformation(self, id: impl Into<TransformRef<P>>) -> ClaimsTransformation<P> {
        let mut outputs = vec![
            TransformClaim::new(self.output_claim, "outputClaim"),
            TransformClaim::new(self.regex_compare_result_claim, "regexCompareResultClaim"),
        ];
        outputs.extend(
            self.group_claims
                .into_iter()
                .map(|c| TransformClaim::untyped(&c)),
        );
        build(
            <Self as Method<P>>::NAME,
            id,
            vec![TransformClaim::new(self.claim_to_match, "claimToMatch")],
            present([
                Some(InputParameter::string("matchTo", self.match_to)),
                Some(InputParameter::string(
                    "outputClaimIfMatched",
                    self.output_claim_if_matched,
                )),
                param(&self.extract_groups, "extractGroups", DataType::Boolean),
            ]),
            outputs,
        )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const EMAIL: Claim<Str, Unchecked> = Claim::unchecked("email");
    const OTHER: Claim<Str, Unchecked> = Claim::unchecked("other");
    const OUT: Claim<Str, Unchecked> = Claim::unchecked("out");
    const FLAG: Claim<Bool, Unchecked> = Claim::unchecked("flag");
    const COUNT: Claim<Int, Unchecked> = Claim::unchecked("count");
    const WHEN: Claim<DateTime, Unchecked> = Claim::unchecked("when");
    const DOB: Claim<Date, Unchecked> = Claim::unchecked("dateOfBirth");
    const ROLES: Claim<StringCollection, Unchecked> = Claim::unchecked("roles");

    type Claims<'a> = Vec<(&'a str, Option<&'a str>)>;
    type Params<'a> = Vec<(&'a str, DataType, &'a str)>;

    /// The transformation as plain data, for comparison with literals.
    fn flat(ct: &ClaimsTransformation) -> (&str, &str, Claims<'_>, Params<'_>, Claims<'_>) {
        (
            ct.id.id(),
            ct.method.as_str(),
            ct.input_claims
                .iter()
                .map(|c| (c.claim.id(), c.transformation_claim_type.as_deref()))
                .collect(),
            ct.input_parameters
                .iter()
                .map(|p| (p.id.as_str(), p.data_type, p.value.as_str()))
                .collect(),
            ct.output_claims
                .iter()
                .map(|c| (c.claim.id(), c.transformation_claim_type.as_deref()))
                .collect(),
        )
    }

    #[test]
    fn create_string_claim() {
        let ct = CreateStringClaim {
            value: "{RelyingPartyTenantId}".into(),
            created_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Make"));
        assert_eq!(
            flat(&ct),
            (
                "Make",
                "CreateStringClaim",
                vec![],
                vec![("value", DataType::String, "{RelyingPartyTenantId}")],
                vec![("out", Some("createdClaim"))],
            )
        );
    }

    #[test]
    fn format_string_claim() {
        let ct = FormatStringClaim {
            input_claim: EMAIL,
            string_format: "cpim_{0}".into(),
            output_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Fmt"));
        assert_eq!(
            flat(&ct),
            (
                "Fmt",
                "FormatStringClaim",
                vec![("email", Some("inputClaim"))],
                vec![("stringFormat", DataType::String, "cpim_{0}")],
                vec![("out", Some("outputClaim"))],
            )
        );
    }

    #[test]
    fn add_item_to_string_collection_reuses_the_collection_name() {
        let ct = AddItemToStringCollection {
            item: EMAIL,
            collection: ROLES,
            output_collection: ROLES,
        }
        .into_transformation(TransformRef::unchecked("Add"));
        assert_eq!(
            flat(&ct),
            (
                "Add",
                "AddItemToStringCollection",
                vec![("email", Some("item")), ("roles", Some("collection"))],
                vec![],
                vec![("roles", Some("collection"))],
            )
        );
    }

    #[test]
    fn create_random_string_writes_only_set_options() {
        let bare = CreateRandomString {
            random_generator_type: RandomGeneratorType::Guid,
            string_format: None,
            base64: None,
            maximum_number: None,
            seed: None,
            output_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Rnd"));
        assert_eq!(
            flat(&bare).3,
            vec![("randomGeneratorType", DataType::String, "GUID")]
        );

        let full = CreateRandomString {
            random_generator_type: RandomGeneratorType::Integer,
            string_format: Some("{0}".into()),
            base64: Some(false),
            maximum_number: Some(1000),
            seed: Some(-7),
            output_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Rnd"));
        assert_eq!(
            flat(&full),
            (
                "Rnd",
                "CreateRandomString",
                vec![],
                vec![
                    ("randomGeneratorType", DataType::String, "INTEGER"),
                    ("stringFormat", DataType::String, "{0}"),
                    ("base64", DataType::Boolean, "false"),
                    ("maximumNumber", DataType::Int, "1000"),
                    ("seed", DataType::Int, "-7"),
                ],
                vec![("out", Some("outputClaim"))],
            )
        );
    }

    #[test]
    fn generic_methods_accept_any_data_type() {
        let copy = CopyClaim {
            input_claim: COUNT,
            output_claim: Claim::<Int, Unchecked>::unchecked("count2"),
        }
        .into_transformation(TransformRef::unchecked("Copy"));
        assert_eq!(
            flat(&copy),
            (
                "Copy",
                "CopyClaim",
                vec![("count", Some("inputClaim"))],
                vec![],
                vec![("count2", Some("outputClaim"))],
            )
        );

        let exists = DoesClaimExist {
            input_claim: ROLES,
            output_claim: FLAG,
        }
        .into_transformation(TransformRef::unchecked("Has"));
        assert_eq!(exists.method, "DoesClaimExist");
        assert_eq!(flat(&exists).2, vec![("roles", Some("inputClaim"))]);
        assert_eq!(flat(&exists).4, vec![("flag", Some("outputClaim"))]);

        let null = NullClaim {
            claim_to_null: WHEN,
        }
        .into_transformation(TransformRef::unchecked("Clear"));
        assert_eq!(
            flat(&null),
            (
                "Clear",
                "NullClaim",
                vec![],
                vec![],
                vec![("when", Some("claim_to_null"))]
            )
        );
    }

    #[test]
    fn compare_claims_writes_ignore_case_as_string() {
        let ct = CompareClaims {
            input_claim1: EMAIL,
            input_claim2: OTHER,
            operator: CompareOperator::NotEqual,
            ignore_case: false,
            output_claim: FLAG,
        }
        .into_transformation(TransformRef::unchecked("Cmp"));
        assert_eq!(
            flat(&ct),
            (
                "Cmp",
                "CompareClaims",
                vec![
                    ("email", Some("inputClaim1")),
                    ("other", Some("inputClaim2"))
                ],
                vec![
                    ("operator", DataType::String, "NOT EQUAL"),
                    ("ignoreCase", DataType::String, "false"),
                ],
                vec![("flag", Some("outputClaim"))],
            )
        );
    }

    #[test]
    fn assert_date_time_is_greater_than_keeps_b2c_spelling() {
        let ct = AssertDateTimeIsGreaterThan {
            left_operand: EMAIL,
            right_operand: OTHER,
            assert_if_equal_to: Some(false),
            assert_if_right_operand_is_not_present: Some(true),
            treat_as_equal_if_within_millseconds: Some(300000),
        }
        .into_transformation(TransformRef::unchecked("Later"));
        assert_eq!(
            flat(&ct),
            (
                "Later",
                "AssertDateTimeIsGreaterThan",
                vec![
                    ("email", Some("leftOperand")),
                    ("other", Some("rightOperand"))
                ],
                vec![
                    ("AssertIfEqualTo", DataType::Boolean, "false"),
                    (
                        "AssertIfRightOperandIsNotPresent",
                        DataType::Boolean,
                        "true"
                    ),
                    ("TreatAsEqualIfWithinMillseconds", DataType::Int, "300000"),
                ],
                vec![],
            )
        );
    }

    #[test]
    fn optional_claims_are_left_out_when_unset() {
        const PHONE: Claim<PhoneNumber, Unchecked> = Claim::unchecked("phone");
        let with = ConvertStringToPhoneNumberClaim {
            phone_number_string: EMAIL,
            country: Some(OTHER),
            output_claim: PHONE,
        }
        .into_transformation(TransformRef::unchecked("P"));
        assert_eq!(
            flat(&with).2,
            vec![
                ("email", Some("phoneNumberString")),
                ("other", Some("country"))
            ]
        );
        assert_eq!(flat(&with).4, vec![("phone", Some("outputClaim"))]);
        let without = ConvertStringToPhoneNumberClaim {
            phone_number_string: EMAIL,
            country: no_claim(),
            output_claim: PHONE,
        }
        .into_transformation(TransformRef::unchecked("P"));
        assert_eq!(flat(&without).2, vec![("email", Some("phoneNumberString"))]);

        let assert = AssertNumber {
            input_claim: COUNT,
            operator: NumberOperator::GreaterThanOrEqual,
            compare_to_value: 3,
            throw_error: None,
            output_claim: no_claim(),
        }
        .into_transformation(TransformRef::unchecked("N"));
        assert_eq!(
            flat(&assert),
            (
                "N",
                "AssertNumber",
                vec![("count", Some("inputClaim"))],
                vec![
                    ("Operator", DataType::String, "GreaterThanOrEqual"),
                    ("CompareToValue", DataType::Int, "3"),
                ],
                vec![],
            )
        );
        let soft = AssertNumber {
            input_claim: COUNT,
            operator: NumberOperator::NotEqual,
            compare_to_value: 0,
            throw_error: Some(false),
            output_claim: Some(FLAG),
        }
        .into_transformation(TransformRef::unchecked("N"));
        assert_eq!(flat(&soft).3[2], ("throwError", DataType::Boolean, "false"));
        assert_eq!(flat(&soft).4, vec![("flag", Some("outputClaim"))]);
    }

    #[test]
    fn date_time_comparison_and_terms_of_use() {
        let ct = DateTimeComparison {
            first_date_time: WHEN,
            second_date_time: Claim::unchecked("now"),
            operator: DateTimeOperator::LaterThan,
            time_span_in_seconds: -86400,
            result: FLAG,
        }
        .into_transformation(TransformRef::unchecked("Cmp"));
        assert_eq!(
            flat(&ct),
            (
                "Cmp",
                "DateTimeComparison",
                vec![
                    ("when", Some("firstDateTime")),
                    ("now", Some("secondDateTime"))
                ],
                vec![
                    ("operator", DataType::String, "later than"),
                    ("timeSpanInSeconds", DataType::Int, "-86400"),
                ],
                vec![("flag", Some("result"))],
            )
        );

        let tou = IsTermsOfUseConsentRequired {
            terms_of_use_consent_date_time: WHEN,
            terms_of_use_text_update_date_time: "2098-01-30T23:03:45".into(),
            result: FLAG,
        }
        .into_transformation(TransformRef::unchecked("Tou"));
        assert_eq!(
            flat(&tou).3,
            vec![(
                "termsOfUseTextUpdateDateTime",
                DataType::DateTime,
                "2098-01-30T23:03:45"
            )]
        );
    }

    #[test]
    fn same_tct_on_input_and_output() {
        let ct = GetAgeGroupConsentProvidedAndRequiresConsent {
            date_of_birth: DOB,
            country_code: Claim::unchecked("country"),
            consent_provided_for_minor: Claim::unchecked("consent"),
            age_group: Claim::unchecked("ageGroup"),
            requires_parental_consent: FLAG,
            output_consent_provided_for_minor: Claim::unchecked("consent"),
        }
        .into_transformation(TransformRef::unchecked("Age"));
        assert_eq!(
            flat(&ct),
            (
                "Age",
                "GetAgeGroupConsentProvidedAndRequiresConsent",
                vec![
                    ("dateOfBirth", Some("dateOfBirth")),
                    ("country", Some("countryCode")),
                    ("consent", Some("consentProvidedForMinor")),
                ],
                vec![],
                vec![
                    ("ageGroup", Some("ageGroup")),
                    ("flag", Some("requiresParentalConsent")),
                    ("consent", Some("consentProvidedForMinor")),
                ],
            )
        );
    }

    #[test]
    fn build_uri_uses_dotted_names() {
        let ct = BuildUri {
            path: EMAIL,
            query_secret: OTHER,
            scheme: "otpauth".into(),
            host: "totp".into(),
            query_issuer: "{AuthenticatorIssuer}".into(),
            output_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Uri"));
        assert_eq!(
            flat(&ct),
            (
                "Uri",
                "BuildUri",
                vec![("email", Some("path")), ("other", Some("query.secret"))],
                vec![
                    ("scheme", DataType::String, "otpauth"),
                    ("host", DataType::String, "totp"),
                    ("query.issuer", DataType::String, "{AuthenticatorIssuer}"),
                ],
                vec![("out", Some("outputClaim"))],
            )
        );
    }

    #[test]
    fn lookup_value_turns_each_entry_into_a_parameter() {
        let ct = LookupValue {
            input_parameter_id: EMAIL,
            lookups: vec![
                ("en".into(), "English".into()),
                ("fr".into(), "French".into()),
            ],
            error_on_failed_lookup: Some(true),
            output_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Lookup"));
        assert_eq!(
            flat(&ct),
            (
                "Lookup",
                "LookupValue",
                vec![("email", Some("inputParameterId"))],
                vec![
                    ("en", DataType::String, "English"),
                    ("fr", DataType::String, "French"),
                    ("errorOnFailedLookup", DataType::Boolean, "true"),
                ],
                vec![("out", Some("outputClaim"))],
            )
        );
    }

    #[test]
    fn generate_json_types_constants() {
        let ct = GenerateJson {
            claims: vec![("personalizations.0.to.0.email".into(), EMAIL)],
            params: vec![
                ("template_id".into(), "d-123".into()),
                ("sandbox".into(), true.into()),
                ("retries".into(), 3.into()),
                ("big".into(), 5_000_000_000_i64.into()),
            ],
            output_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Json"));
        assert_eq!(
            flat(&ct),
            (
                "Json",
                "GenerateJson",
                vec![("email", Some("personalizations.0.to.0.email"))],
                vec![
                    ("template_id", DataType::String, "d-123"),
                    ("sandbox", DataType::Boolean, "true"),
                    ("retries", DataType::Int, "3"),
                    ("big", DataType::Long, "5000000000"),
                ],
                vec![("out", Some("outputClaim"))],
            )
        );
    }

    #[test]
    fn untyped_claims_have_no_tct() {
        let arr = GetClaimsFromJsonArray {
            json_source: EMAIL,
            error_on_missing_claims: false,
            include_empty_claims: true,
            json_source_key_name: "key".into(),
            json_source_value_name: "value".into(),
            output_claims: vec![FLAG.erased(), COUNT.erased()],
        }
        .into_transformation(TransformRef::unchecked("Arr"));
        assert_eq!(
            flat(&arr),
            (
                "Arr",
                "GetClaimsFromJsonArray",
                vec![("email", Some("jsonSource"))],
                vec![
                    ("errorOnMissingClaims", DataType::Boolean, "false"),
                    ("includeEmptyClaims", DataType::Boolean, "true"),
                    ("jsonSourceKeyName", DataType::String, "key"),
                    ("jsonSourceValueName", DataType::String, "value"),
                ],
                vec![("flag", None), ("count", None)],
            )
        );

        let fmt = FormatLocalizedString {
            input_claims: vec![EMAIL, OTHER],
            string_format_id: "ResponseMessage".into(),
            output_claim: OUT,
        }
        .into_transformation(TransformRef::unchecked("Loc"));
        assert_eq!(
            flat(&fmt),
            (
                "Loc",
                "FormatLocalizedString",
                vec![("email", None), ("other", None)],
                vec![("stringFormatId", DataType::String, "ResponseMessage")],
                vec![("out", Some("outputClaim"))],
            )
        );

        let regex = SetClaimsIfRegexMatch {
            claim_to_match: EMAIL,
            match_to: r"^(?<user>[^@]+)@".into(),
            output_claim_if_matched: "ok".into(),
            extract_groups: Some(true),
            output_claim: OUT,
            regex_compare_result_claim: FLAG,
            group_claims: vec![Claim::unchecked("user")],
        }
        .into_transformation(TransformRef::unchecked("Re"));
        assert_eq!(
            flat(&regex),
            (
                "Re",
                "SetClaimsIfRegexMatch",
                vec![("email", Some("claimToMatch"))],
                vec![
                    ("matchTo", DataType::String, r"^(?<user>[^@]+)@"),
                    ("outputClaimIfMatched", DataType::String, "ok"),
                    ("extractGroups", DataType::Boolean, "true"),
                ],
                vec![
                    ("out", Some("outputClaim")),
                    ("flag", Some("regexCompareResultClaim")),
                    ("user", None),
                ],
            )
        );

        let strings = GetLocalizedStringsTransformation {
            strings: vec![("email_subject".into(), OUT), ("email_body".into(), OTHER)],
        }
        .into_transformation(TransformRef::unchecked("Strings"));
        assert_eq!(
            flat(&strings),
            (
                "Strings",
                "GetLocalizedStringsTransformation",
                vec![],
                vec![],
                vec![
                    ("out", Some("email_subject")),
                    ("other", Some("email_body"))
                ],
            )
        );
    }

    /// Every method type, with its `NAME`.
    macro_rules! names {
        ($($ty:ty),+ $(,)?) => {
            vec![$( (std::any::type_name::<$ty>(), <$ty as Method<AnyPolicy>>::NAME) ),+]
        };
    }

    fn all_names() -> Vec<(&'static str, &'static str)> {
        names![
            CreateStringClaim,
            FormatStringClaim,
            AddItemToStringCollection,
            CreateRandomString,
            CopyClaim<Str>,
            AssertBooleanClaimIsEqualToValue,
            CreateAlternativeSecurityId,
            DoesClaimExist<Str>,
            CompareClaims,
            GetCurrentDateTime,
            LookupValue,
            AssertStringClaimsAreEqual,
            AssertDateTimeIsGreaterThan,
            GenerateJson,
            AddItemToUserIdentityCollection,
            DateTimeComparison,
            ConvertPhoneNumberClaimToString,
            ConvertStringToPhoneNumberClaim,
            CreateUserIdentity,
            GetIssuersFromUserIdentityCollectionTransformation,
            ParseDomain,
            FormatStringMultipleClaims,
            StringContains,
            Hash,
            AndClaims,
            OrClaims,
            GetClaimFromJson,
            AddItemToAlternativeSecurityIdCollection,
            AssertNumber,
            CompareClaimToValue,
            ConvertNumberToStringClaim,
            StringCollectionContains,
            GetSingleItemFromStringCollection,
            NullClaim<Str>,
            RemoveUserIdentityFromCollectionByIssuer,
            SetClaimsIfStringsMatch,
            GetLocalizedStringsTransformation,
            AddParameterToStringCollection,
            SetClaimsIfRegexMatch,
            IsTermsOfUseConsentRequired,
            ChangeCase,
            CreateOtpSecret,
            BuildUri,
            GuidAndRandomGenerator,
            StringCollectionContainsClaim,
            GetAgeGroupConsentProvidedAndRequiresConsent,
            GetMappedValueFromLocalizedCollection,
            StringJoin,
            StringSplit,
            GetClaimsFromJsonArray,
            GetClaimsFromJsonArrayV2,
            GetNationalNumberAndCountryCodeFromPhoneNumberString,
            AdjustNumber,
            GetSingleValueFromJsonArray,
            CreateJsonArray,
            GetSingleItemFromJson,
            XmlStringToJsonString,
            GetNumericClaimFromJson,
            SetClaimIfBooleansMatch,
            SetClaimsIfStringsAreEqual,
            CopyClaimIfPredicateMatch,
            StringSubstring,
            StringReplace,
            FormatLocalizedString,
            RemoveAlternativeSecurityIdByIdentityProvider,
            GetIdentityProvidersFromAlternativeSecurityIdCollectionTransformation,
            ConvertDateToDateTimeClaim,
            ConvertDateTimeToDateClaim,
            CompareBooleanClaimToValue,
            NotClaims,
        ]
    }

    #[test]
    fn method_names_are_unique_and_match_their_types() {
        let all = all_names();
        let mut seen = BTreeSet::new();
        for (ty, name) in &all {
            assert!(seen.insert(*name), "duplicate method name {name}");
            let bare = ty.split('<').next().unwrap().rsplit("::").next().unwrap();
            assert_eq!(bare, *name, "NAME of {ty}");
        }
        // The list above covers every macro-generated method.
        for name in GENERATED {
            assert!(seen.contains(name), "{name} missing from all_names()");
        }
        assert_eq!(all.len(), GENERATED.len() + 7);
    }

    #[test]
    fn value_sets_render_as_documented() {
        assert_eq!(CompareOperator::Equal.as_str(), "EQUAL");
        assert_eq!(Case::Upper.as_str(), "UPPER");
        assert_eq!(
            StringComparison::OrdinalIgnoreCase.as_str(),
            "OrdinalIgnoreCase"
        );
        assert_eq!(DateTimeOperator::EarlierThan.as_str(), "earlier than");
        assert_eq!(AdjustOperator::Decrement.as_str(), "DECREMENT");
        assert_eq!(CountryCodeType::Iso3166.as_str(), "ISO3166");
        assert_eq!(NumberOperator::LessThanOrEqual.as_str(), "LessThanOrEqual");
    }
}
