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
//! # One table, two views
//!
//! Each method is described once, in one table (`methods/table.rs`). The
//! same entry generates the struct here and the method's [`Signature`],
//! against which the set checker compares transformations read from XML
//! ([`check_transformation`](crate::check::signatures::check_transformation)).
//! Where B2C accepts more than one data type for a claim or parameter (the
//! documentation, its live demos and real policies sometimes disagree), the
//! struct takes one and the checker accepts all of them; such entries carry
//! a note with the sources. A test builds every method with every field set
//! and with every optional field left out, and requires the checker to
//! accept all of them.
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

use derive_where::derive_where;

use crate::check::signatures::{Extra, Openness, Signature, Slot, TypeRule};
use crate::claims::DataType;
use crate::refs::types::*;
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
// Parameter values.

/// The XML text of a parameter value.
trait ParamText {
    fn param_text(&self) -> String;
}

/// The values a parameter of this Rust type can take, when they form a
/// closed set (empty otherwise).
trait ParamValues {
    const VALUES: &'static [&'static str];
}

impl ParamText for String {
    fn param_text(&self) -> String {
        self.clone()
    }
}

impl ParamValues for String {
    const VALUES: &'static [&'static str] = &[];
}

impl ParamText for bool {
    fn param_text(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

impl ParamValues for bool {
    const VALUES: &'static [&'static str] = &["true", "false"];
}

impl ParamText for i32 {
    fn param_text(&self) -> String {
        self.to_string()
    }
}

impl ParamValues for i32 {
    const VALUES: &'static [&'static str] = &[];
}

impl ParamText for i64 {
    fn param_text(&self) -> String {
        self.to_string()
    }
}

impl ParamValues for i64 {
    const VALUES: &'static [&'static str] = &[];
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
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$( $name::$variant ),+];

            /// Every value as written in the `InputParameter`'s `Value`.
            pub const VALUES: &'static [&'static str] = &[$( $text ),+];

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

        impl ParamValues for $name {
            const VALUES: &'static [&'static str] = $name::VALUES;
        }

        #[cfg(test)]
        impl sample::Sample for $name {
            fn sample(_full: bool, _name: &str) -> Self {
                $name::ALL[0]
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

// ---------------------------------------------------------------------------
// How the generated structs lower their fields to the model.

/// A parameter field with a fixed `Id`: a value, or an optional value that
/// is left out of the XML when `None`.
trait ParamField {
    /// Whether the parameter may be left out (the field is an `Option`).
    const OPTIONAL: bool;
    /// The values the parameter accepts (empty: any).
    const VALUES: &'static [&'static str];
    /// Appends the parameter `id`, written as `data_type`, if it is set.
    fn push_param(self, id: &'static str, data_type: DataType, out: &mut Vec<InputParameter>);
}

impl<T: ParamText + ParamValues> ParamField for T {
    const OPTIONAL: bool = false;
    const VALUES: &'static [&'static str] = T::VALUES;

    fn push_param(self, id: &'static str, data_type: DataType, out: &mut Vec<InputParameter>) {
        out.push(InputParameter::new(id, data_type, self.param_text()));
    }
}

impl<T: ParamText + ParamValues> ParamField for Option<T> {
    const OPTIONAL: bool = true;
    const VALUES: &'static [&'static str] = T::VALUES;

    fn push_param(self, id: &'static str, data_type: DataType, out: &mut Vec<InputParameter>) {
        if let Some(value) = self {
            value.push_param(id, data_type, out);
        }
    }
}

/// A parameter field whose entries name themselves (lookup keys, JSON
/// paths): each `(id, value)` becomes one `InputParameter`.
trait ParamList {
    /// Appends every entry; `data_type` is the `DataType` of entries whose
    /// value does not carry one.
    fn push_params(self, data_type: DataType, out: &mut Vec<InputParameter>);
}

impl ParamList for Vec<(String, String)> {
    fn push_params(self, data_type: DataType, out: &mut Vec<InputParameter>) {
        out.extend(
            self.into_iter()
                .map(|(id, value)| InputParameter::new(id, data_type, value)),
        );
    }
}

impl ParamList for Vec<(String, JsonValue)> {
    fn push_params(self, _: DataType, out: &mut Vec<InputParameter>) {
        out.extend(self.into_iter().map(|(path, v)| v.into_parameter(path)));
    }
}

/// A claim field, usable in policy `P`: one claim bound to a
/// `TransformationClaimType`, an optional one (left out when `None`), or a
/// list of claims that name themselves (`(name, claim)`) or carry no
/// `TransformationClaimType` at all.
trait ClaimField<P> {
    /// Appends the claims; `tct` is the `TransformationClaimType` of a
    /// single claim (`None`: write none).
    fn push_claims(self, tct: Option<&'static str>, out: &mut Vec<TransformClaim<P>>);
}

impl<T: ClaimDataType, O, P: Sees<O>> ClaimField<P> for Claim<T, O> {
    fn push_claims(self, tct: Option<&'static str>, out: &mut Vec<TransformClaim<P>>) {
        out.push(match tct {
            Some(tct) => TransformClaim::new(self, tct),
            None => TransformClaim::untyped(self),
        });
    }
}

impl<T: ClaimDataType, O, P: Sees<O>> ClaimField<P> for Option<Claim<T, O>> {
    fn push_claims(self, tct: Option<&'static str>, out: &mut Vec<TransformClaim<P>>) {
        if let Some(claim) = self {
            claim.push_claims(tct, out);
        }
    }
}

impl<T: ClaimDataType, O, P: Sees<O>> ClaimField<P> for Vec<(String, Claim<T, O>)> {
    fn push_claims(self, _: Option<&'static str>, out: &mut Vec<TransformClaim<P>>) {
        out.extend(
            self.into_iter()
                .map(|(name, claim)| TransformClaim::new(claim, name)),
        );
    }
}

impl<T: ClaimDataType, O, P: Sees<O>> ClaimField<P> for Vec<Claim<T, O>> {
    fn push_claims(self, _: Option<&'static str>, out: &mut Vec<TransformClaim<P>>) {
        out.extend(self.into_iter().map(TransformClaim::untyped));
    }
}

impl<O, P: Sees<O>> ClaimField<P> for Vec<ClaimRef<O>> {
    fn push_claims(self, _: Option<&'static str>, out: &mut Vec<TransformClaim<P>>) {
        out.extend(self.into_iter().map(TransformClaim::untyped));
    }
}

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

// ---------------------------------------------------------------------------
// Building the signature table at compile time.

/// A slot that [`compact_slots`] overwrites.
const NO_SLOT: Slot = Slot {
    name: "",
    rule: TypeRule::Any,
    optional: false,
    values: &[],
};

/// How many of `slots` are present.
const fn count_slots(slots: &[Option<Slot>]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < slots.len() {
        if slots[i].is_some() {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The present `slots`, in order; `N` is their [`count_slots`].
const fn compact_slots<const N: usize>(slots: &[Option<Slot>]) -> [Slot; N] {
    let mut out = [NO_SLOT; N];
    let mut i = 0;
    let mut j = 0;
    while i < slots.len() {
        if let Some(slot) = slots[i] {
            out[j] = slot;
            j += 1;
        }
        i += 1;
    }
    out
}

/// The first open list description of `extras`, or [`Extra::Closed`].
const fn first_open(extras: &[Extra]) -> Extra {
    let mut i = 0;
    while i < extras.len() {
        if !matches!(extras[i], Extra::Closed) {
            return extras[i];
        }
        i += 1;
    }
    Extra::Closed
}

// ---------------------------------------------------------------------------
// The table macro.

/// Generates, from the one table of methods (`methods/table.rs`), the typed
/// struct of each method, its [`Method`] impl, the checker's
/// [`Signature`] list (`SIGNATURES`) and, for tests, a filled-in instance of
/// each struct (`samples`).
///
/// An entry reads:
///
/// ```text
/// /// doc comment of the struct
/// Name { inputs { … } params { … } outputs { … } }
/// ```
///
/// `Name<T>` declares a data-type parameter `T` for claims of any data type
/// (written `T` in the entries). Each claim field gets its own policy
/// parameter, named after the field. `Name[C]` instead gives every claim
/// one policy parameter `C`: methods with lists of claims need it, since an
/// empty list would leave a parameter of its own undetermined.
///
/// A claim entry (`inputs`, `outputs`), in XML order:
///
/// - `field: Str => "tct"`: one claim of that data type, bound to the
///   `TransformationClaimType` `tct`. The data type is a marker of
///   [`crate::refs::types`]; `T` is the method's data-type parameter (the
///   checker accepts any data type).
/// - `field: Str (optional) => "tct"`: the same, `Option`al.
/// - `field: T (same as "inputTct") => "tct"`: the data type of the input
///   bound to `inputTct`.
/// - `field: Bool | Str => "tct"`: the field takes the first data type; the
///   checker also accepts the others (`Any`: every data type). The entry
///   says why, with its source.
/// - `field: Str => each`: a list of `(name, claim)`; each name is the
///   claim's `TransformationClaimType` (JSON paths, string ids).
/// - `field: Str => untyped`: a list of claims written without a
///   `TransformationClaimType` (`Any`: [`ClaimRef`]s of any data type).
///
/// A parameter entry (`params`), in XML order:
///
/// - `field: RustType => "Id": Str`: the parameter `Id`, written with the
///   `DataType` of the marker (`Str | Bool`: the checker also accepts the
///   others). Whether it is optional (`Option<…>`) and which values it takes
///   (a value set) come from the Rust type.
/// - `field: Vec<(String, String)> => each: Str`: parameters whose `Id` is
///   data (lookup keys, JSON paths).
///
/// A list may end with `.. "prefix": Str`: the checker also accepts names
/// starting with `prefix`, which the struct does not model.
macro_rules! methods {
    ($(
        $(#[$meta:meta])*
        $name:ident $(<$g:ident>)? $([$c:ident])? {
            inputs {
                $( $(#[$im:meta])* $if:ident : $ity:ident $(| $ialt:ident)* $(($($imod:tt)*))? => $iname:tt ),* $(,)?
                $(.. $iprefix:literal : $ipty:ident $(,)?)?
            }
            params {
                $( $(#[$pm:meta])* $pf:ident : $pty:ty => $pname:tt : $pdt:ident $(| $palt:ident)* ),* $(,)?
                $(.. $pprefix:literal : $ppty:ident $(,)?)?
            }
            outputs {
                $( $(#[$om:meta])* $of:ident : $oty:ident $(| $oalt:ident)* $(($($omod:tt)*))? => $oname:tt ),* $(,)?
            }
        }
    )+) => {
        $(
            method_struct! {
                [$(#[$meta])*] $name [$($g)?] [$($c)?]
                inputs [$( [$(#[$im])*] $if $iname [$ity $(| $ialt)*] [$($($imod)*)?] )*]
                params [$( [$(#[$pm])*] $pf $pname [$pty] [$pdt $(| $palt)*] )*]
                outputs [$( [$(#[$om])*] $of $oname [$oty $(| $oalt)*] [$($($omod)*)?] )*]
            }
        )+

        /// The signature of every method in the table, in table order.
        pub(crate) static SIGNATURES: &[Signature] = &[$(
            method_signature! {
                $name
                inputs [$( $iname [$ity $(| $ialt)*] [$($($imod)*)?] )*] [$($iprefix $ipty)?]
                params [$( $pname [$pty] [$pdt $(| $palt)*] )*] [$($pprefix $ppty)?]
                outputs [$( $oname [$oty $(| $oalt)*] [$($($omod)*)?] )*]
            }
        ),+];

        /// Every method of the table, built with claims of scope
        /// `Unchecked` whose ids are `<dataType>.<field>`: with every field
        /// set (`full`), or with every optional field left out and every
        /// list empty.
        #[cfg(test)]
        pub(crate) fn samples(full: bool) -> Vec<ClaimsTransformation> {
            use super::sample::Sample;
            vec![$(
                method_sample! {
                    full $name [$($g)?]
                    fields [
                        $( $if [claim_field!(Unchecked; $iname; [$ity]; [$($($imod)*)?])] )*
                        $( $pf [$pty] )*
                        $( $of [claim_field!(Unchecked; $oname; [$oty]; [$($($omod)*)?])] )*
                    ]
                }
            ),+]
        }
    };
}

/// The struct of one method and its [`Method`] impl.
macro_rules! method_struct {
    // One policy parameter per claim field.
    (
        [$($meta:tt)*] $name:ident [$($g:ident)?] []
        inputs [$( [$($im:tt)*] $if:ident $iname:tt [$($ity:tt)*] [$($imod:tt)*] )*]
        params [$( [$($pm:tt)*] $pf:ident $pname:tt [$pty:ty] [$($pdt:tt)*] )*]
        outputs [$( [$($om:tt)*] $of:ident $oname:tt [$($oty:tt)*] [$($omod:tt)*] )*]
    ) => {
        $($meta)*
        ///
        /// The type parameters named after the claim fields are the
        /// policies that declare those claims (inferred from the
        /// handles); the policy the transformation is placed in must see
        /// each of them.
        #[derive_where(Debug, Clone, PartialEq)]
        pub struct $name<$($g: ClaimDataType,)? $($if = AnyPolicy,)* $($of = AnyPolicy,)*> {
            $( $($im)* pub $if: claim_field!($if; $iname; [$($ity)*]; [$($imod)*]), )*
            $( $($pm)* pub $pf: $pty, )*
            $( $($om)* pub $of: claim_field!($of; $oname; [$($oty)*]; [$($omod)*]), )*
        }

        impl<__P, $($g: ClaimDataType,)? $($if,)* $($of,)*> Method<__P>
            for $name<$($g,)? $($if,)* $($of,)*>
        where
            $( __P: Sees<$if>, )*
            $( __P: Sees<$of>, )*
        {
            const NAME: &'static str = stringify!($name);

            fn into_transformation(self, id: impl Into<TransformRef<__P>>) -> ClaimsTransformation<__P> {
                method_body!($name, self, id,
                    [$( $if $iname )*] [$( $pf $pname [$($pdt)*] )*] [$( $of $oname )*])
            }
        }
    };
    // One policy parameter `C` for every claim.
    (
        [$($meta:tt)*] $name:ident [] [$c:ident]
        inputs [$( [$($im:tt)*] $if:ident $iname:tt [$($ity:tt)*] [$($imod:tt)*] )*]
        params [$( [$($pm:tt)*] $pf:ident $pname:tt [$pty:ty] [$($pdt:tt)*] )*]
        outputs [$( [$($om:tt)*] $of:ident $oname:tt [$($oty:tt)*] [$($omod:tt)*] )*]
    ) => {
        $($meta)*
        #[derive_where(Debug, Clone, PartialEq)]
        pub struct $name<$c = AnyPolicy> {
            $( $($im)* pub $if: claim_field!($c; $iname; [$($ity)*]; [$($imod)*]), )*
            $( $($pm)* pub $pf: $pty, )*
            $( $($om)* pub $of: claim_field!($c; $oname; [$($oty)*]; [$($omod)*]), )*
        }

        impl<__P: Sees<$c>, $c> Method<__P> for $name<$c> {
            const NAME: &'static str = stringify!($name);

            fn into_transformation(self, id: impl Into<TransformRef<__P>>) -> ClaimsTransformation<__P> {
                method_body!($name, self, id,
                    [$( $if $iname )*] [$( $pf $pname [$($pdt)*] )*] [$( $of $oname )*])
            }
        }
    };
}

/// The body of `into_transformation`: every field in table order.
macro_rules! method_body {
    ($name:ident, $self:ident, $id:ident,
        [$( $if:ident $iname:tt )*]
        [$( $pf:ident $pname:tt [$($pdt:tt)*] )*]
        [$( $of:ident $oname:tt )*]
    ) => {{
        #[allow(unused_mut)]
        let mut input_claims = Vec::new();
        $( ClaimField::push_claims($self.$if, claim_name!($iname), &mut input_claims); )*
        #[allow(unused_mut)]
        let mut input_parameters = Vec::new();
        $( param_push!($pname; $self.$pf; [$($pdt)*]; &mut input_parameters); )*
        #[allow(unused_mut)]
        let mut output_claims = Vec::new();
        $( ClaimField::push_claims($self.$of, claim_name!($oname), &mut output_claims); )*
        ClaimsTransformation {
            id: $id.into(),
            method: stringify!($name).to_owned(),
            input_claims,
            input_parameters,
            output_claims,
        }
    }};
}

/// The Rust type of a claim field of policy scope `$o`.
macro_rules! claim_field {
    ($o:ty; each; [$t:ident $($rest:tt)*]; [$($m:tt)*]) => { Vec<(String, Claim<$t, $o>)> };
    ($o:ty; untyped; [Any $($rest:tt)*]; [$($m:tt)*]) => { Vec<ClaimRef<$o>> };
    ($o:ty; untyped; [$t:ident $($rest:tt)*]; [$($m:tt)*]) => { Vec<Claim<$t, $o>> };
    ($o:ty; $tct:literal; [$t:ident $($rest:tt)*]; [optional]) => { Option<Claim<$t, $o>> };
    ($o:ty; $tct:literal; [$t:ident $($rest:tt)*]; [$($m:tt)*]) => { Claim<$t, $o> };
}

/// The `TransformationClaimType` a claim field writes itself (`None`: the
/// claims name themselves, or have none).
macro_rules! claim_name {
    (each) => {
        None
    };
    (untyped) => {
        None
    };
    ($tct:literal) => {
        Some($tct)
    };
}

/// Appends one parameter field.
macro_rules! param_push {
    (each; $value:expr; [$dt:ident $($rest:tt)*]; $out:expr) => {
        ParamList::push_params($value, data_type!($dt), $out)
    };
    ($id:literal; $value:expr; [$dt:ident $($rest:tt)*]; $out:expr) => {
        ParamField::push_param($value, $id, data_type!($dt), $out)
    };
}

/// The `DataType` a data-type marker stands for.
macro_rules! data_type {
    (Any) => {
        DataType::String
    };
    ($t:ident) => {
        <$t as ClaimDataType>::DATA_TYPE
    };
}

/// The checker's rule for a data-type list (`Str`, `Bool | Str`, `T`, `Any`)
/// and the claim modifiers.
macro_rules! rule {
    ([T] [same as $tct:literal]) => { TypeRule::SameAsInput($tct) };
    ([T] [$($m:tt)*]) => { TypeRule::Any };
    ([Any] [$($m:tt)*]) => { TypeRule::Any };
    ([$t:ident | Any] [$($m:tt)*]) => { TypeRule::Any };
    ([$t:ident] [$($m:tt)*]) => { TypeRule::Exactly(data_type!($t)) };
    ([$t:ident $(| $alt:ident)+] [$($m:tt)*]) => {
        TypeRule::OneOf(&[data_type!($t) $(, data_type!($alt))+])
    };
}

/// Whether claim modifiers make the claim optional.
macro_rules! optional {
    (optional) => {
        true
    };
    ($($m:tt)*) => {
        false
    };
}

/// The checker's slot of a claim entry (`None` for a list of claims).
macro_rules! claim_slot {
    (each; $($rest:tt)*) => { None };
    (untyped; $($rest:tt)*) => { None };
    ($tct:literal; [$($ty:tt)*]; [$($m:tt)*]) => {
        Some(Slot {
            name: $tct,
            rule: rule!([$($ty)*] [$($m)*]),
            optional: optional!($($m)*),
            values: &[],
        })
    };
}

/// What a claim entry adds to its list's openness.
macro_rules! claim_extra {
    (each; [$($ty:tt)*]; [$($m:tt)*]) => { Extra::Named(rule!([$($ty)*] [$($m)*])) };
    (untyped; [$($ty:tt)*]; [$($m:tt)*]) => { Extra::Untyped(rule!([$($ty)*] [$($m)*])) };
    ($tct:literal; $($rest:tt)*) => { Extra::Closed };
}

/// The checker's slot of a parameter entry (`None` for a list).
macro_rules! param_slot {
    (each; $($rest:tt)*) => { None };
    ($id:literal; [$ty:ty]; [$($dt:tt)*]) => {
        Some(Slot {
            name: $id,
            rule: rule!([$($dt)*] []),
            optional: <$ty as ParamField>::OPTIONAL,
            values: <$ty as ParamField>::VALUES,
        })
    };
}

/// What a parameter entry adds to its list's openness.
macro_rules! param_extra {
    (each; [$ty:ty]; [$($dt:tt)*]) => { Extra::Named(rule!([$($dt)*] [])) };
    ($id:literal; $($rest:tt)*) => { Extra::Closed };
}

/// The [`Signature`] of one method.
macro_rules! method_signature {
    (
        $name:ident
        inputs [$( $iname:tt [$($ity:tt)*] [$($imod:tt)*] )*] [$($iprefix:literal $ipty:ident)?]
        params [$( $pname:tt [$pty:ty] [$($pdt:tt)*] )*] [$($pprefix:literal $ppty:ident)?]
        outputs [$( $oname:tt [$($oty:tt)*] [$($omod:tt)*] )*]
    ) => {{
        const INPUTS: &[Option<Slot>] = &[$( claim_slot!($iname; [$($ity)*]; [$($imod)*]) ),*];
        const PARAMS: &[Option<Slot>] = &[$( param_slot!($pname; [$pty]; [$($pdt)*]) ),*];
        const OUTPUTS: &[Option<Slot>] = &[$( claim_slot!($oname; [$($oty)*]; [$($omod)*]) ),*];
        const N_INPUTS: usize = count_slots(INPUTS);
        const N_PARAMS: usize = count_slots(PARAMS);
        const N_OUTPUTS: usize = count_slots(OUTPUTS);
        const INPUT_SLOTS: [Slot; N_INPUTS] = compact_slots(INPUTS);
        const PARAM_SLOTS: [Slot; N_PARAMS] = compact_slots(PARAMS);
        const OUTPUT_SLOTS: [Slot; N_OUTPUTS] = compact_slots(OUTPUTS);
        Signature {
            method: stringify!($name),
            inputs: &INPUT_SLOTS,
            params: &PARAM_SLOTS,
            outputs: &OUTPUT_SLOTS,
            open: Openness {
                inputs: first_open(&[
                    $( claim_extra!($iname; [$($ity)*]; [$($imod)*]), )*
                    $( Extra::Prefixed($iprefix, rule!([$ipty] [])), )?
                ]),
                params: first_open(&[
                    $( param_extra!($pname; [$pty]; [$($pdt)*]), )*
                    $( Extra::Prefixed($pprefix, rule!([$ppty] [])), )?
                ]),
                outputs: first_open(&[
                    $( claim_extra!($oname; [$($oty)*]; [$($omod)*]), )*
                ]),
            },
        }
    }};
}

/// One method built from sample values (see `samples`).
#[cfg(test)]
macro_rules! method_sample {
    ($full:ident $name:ident [$($g:ident)?] fields [$( $f:ident [$ty:ty] )*]) => {{
        // Claims of the method's data-type parameter are sampled as strings.
        $( type $g = Str; )?
        $name {
            $( $f: <$ty as Sample>::sample($full, stringify!($f)), )*
        }
        .into_transformation(TransformRef::unchecked(stringify!($name)))
    }};
}

/// Sample values of every field type the table uses, for the tests that
/// pin the typed view to the checker's.
#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    /// A value of the field type: with every optional part set (`full`) or
    /// left out. Claims are `Unchecked` and have the id
    /// `<dataType>.<field>`, so a test can recover their data type.
    pub(crate) trait Sample {
        fn sample(full: bool, field: &str) -> Self;
    }

    fn claim<T: ClaimDataType>(field: &str) -> Claim<T, Unchecked> {
        Claim::from_string(format!("{}.{field}", T::DATA_TYPE))
    }

    impl<T: ClaimDataType> Sample for Claim<T, Unchecked> {
        fn sample(_: bool, field: &str) -> Self {
            claim(field)
        }
    }

    impl<T: ClaimDataType> Sample for Vec<(String, Claim<T, Unchecked>)> {
        fn sample(full: bool, field: &str) -> Self {
            if full {
                vec![("items.0.value".to_owned(), claim(field))]
            } else {
                Vec::new()
            }
        }
    }

    impl<T: ClaimDataType> Sample for Vec<Claim<T, Unchecked>> {
        fn sample(full: bool, field: &str) -> Self {
            if full {
                vec![claim(&format!("{field}0")), claim(&format!("{field}1"))]
            } else {
                Vec::new()
            }
        }
    }

    impl Sample for Vec<ClaimRef<Unchecked>> {
        fn sample(full: bool, field: &str) -> Self {
            if full {
                vec![
                    claim::<Bool>(field).erased(),
                    claim::<Int>(field).erased(),
                    ClaimRef::from_string(format!("unknown.{field}")),
                ]
            } else {
                Vec::new()
            }
        }
    }

    impl Sample for String {
        fn sample(_: bool, field: &str) -> Self {
            format!("{field} value")
        }
    }

    impl Sample for bool {
        fn sample(_: bool, _: &str) -> Self {
            true
        }
    }

    impl Sample for i32 {
        fn sample(_: bool, _: &str) -> Self {
            7
        }
    }

    impl<T: Sample> Sample for Option<T> {
        fn sample(full: bool, field: &str) -> Self {
            full.then(|| T::sample(full, field))
        }
    }

    impl Sample for Vec<(String, String)> {
        fn sample(full: bool, field: &str) -> Self {
            if full {
                vec![("contoso.com".to_owned(), format!("{field} value"))]
            } else {
                Vec::new()
            }
        }
    }

    impl Sample for Vec<(String, JsonValue)> {
        fn sample(full: bool, _: &str) -> Self {
            if full {
                vec![
                    ("a.str".to_owned(), "text".into()),
                    ("a.bool".to_owned(), true.into()),
                    ("a.int".to_owned(), 3.into()),
                    ("a.long".to_owned(), 5_000_000_000_i64.into()),
                ]
            } else {
                Vec::new()
            }
        }
    }
}

mod table;

pub use table::*;

#[cfg(test)]
pub(crate) use table::samples;
pub(crate) use table::SIGNATURES;

#[cfg(test)]
mod tests {
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
