//! The one table of B2C's claims-transformation methods: each entry
//! generates the typed struct (re-exported from [`crate::methods`]) and the
//! checker's [`Signature`] (`crate::check::signatures`). The grammar is
//! described on the `methods!` macro in `methods.rs`.
//!
//! Sources, cited in the notes as:
//! - *docs*: the Microsoft Learn claims-transformation reference,
//!   <https://learn.microsoft.com/azure/active-directory-b2c/> +
//!   `string-transformations`, `date-transformations`,
//!   `boolean-transformations`, `integer-transformations`,
//!   `json-transformations`, `phone-number-claims-transformations`,
//!   `general-transformations`, `social-transformations`,
//!   `stringcollection-transformations` (the 2022–23 versions; section 4 of
//!   the project's fact sheet);
//! - *live demo*: the policy the docs link as "Live demo" for the method,
//!   <https://github.com/azure-ad-b2c/unit-tests/tree/main/claims-transformation>;
//! - *corpus*: the fact sheet's corpus of public policies.
//!
//! Methods marked *corpus-only* are seen in real policies (and in the
//! starter pack) but not in Microsoft's reference.

use super::*;

methods! {
    // --- String ------------------------------------------------------------

    /// `CreateStringClaim`: sets a string claim to a literal value (which may
    /// contain `{TechnicalProfileId}`-style expressions).
    CreateStringClaim {
        inputs {}
        params {
            /// `value`: the text to store.
            value: String => "value": Str,
        }
        outputs {
            /// `createdClaim`: receives the value.
            created_claim: Str => "createdClaim",
        }
    }

    /// `FormatStringClaim`: fills `{0}` in a format string with one claim.
    FormatStringClaim {
        inputs {
            /// `inputClaim`: the value for `{0}`.
            input_claim: Str => "inputClaim",
        }
        params {
            /// `stringFormat`: the template, e.g. `cpim_{0}@{RelyingPartyTenantId}`.
            string_format: String => "stringFormat": Str,
        }
        outputs {
            /// `outputClaim`: the formatted text (at most 4000 characters).
            output_claim: Str => "outputClaim",
        }
    }

    /// `FormatStringMultipleClaims`: fills `{0}` and `{1}` in a format
    /// string with two claims.
    FormatStringMultipleClaims {
        inputs {
            /// `inputClaim1`: the value for `{0}`.
            input_claim1: Str => "inputClaim1",
            /// `inputClaim2`: the value for `{1}`.
            input_claim2: Str => "inputClaim2",
        }
        params {
            /// `stringFormat`: the template, e.g. `{0} {1}`.
            string_format: String => "stringFormat": Str,
        }
        outputs {
            /// `outputClaim`: the formatted text.
            output_claim: Str => "outputClaim",
        }
    }

    /// `FormatLocalizedString`: formats a localized template, whose claims fill
    /// `{0}`, `{1}`, … in order.
    FormatLocalizedString[C] {
        inputs {
            /// The values for `{0}`, `{1}`, …, written in order without a
            /// `TransformationClaimType`.
            // Strings only: the docs type the input claims `string`, and the
            // live demo passes three string claims. (The checker accepted
            // any data type before the table was shared.)
            input_claims: Str => untyped,
        }
        params {
            /// `stringFormatId`: the `StringId` of a `LocalizedString` with
            /// `ElementType="FormatLocalizedStringTransformationClaimType"`.
            string_format_id: String => "stringFormatId": Str,
        }
        outputs {
            /// `outputClaim`: the formatted text.
            output_claim: Str => "outputClaim",
        }
    }

    /// `GetLocalizedStringsTransformation`: copies localized strings into
    /// claims, in the language of the current request.
    GetLocalizedStringsTransformation[C] {
        inputs {}
        params {}
        outputs {
            /// The strings to fetch, as `(string_id, claim)`: the `StringId` of a
            /// `LocalizedString` with
            /// `ElementType="GetLocalizedStringsTransformationClaimType"`, used as
            /// the `TransformationClaimType`, and the claim that receives it.
            strings: Str => each,
        }
    }

    /// `GetMappedValueFromLocalizedCollection`: maps a value to the
    /// localized text of the matching restriction item.
    GetMappedValueFromLocalizedCollection {
        inputs {
            /// `mapFromClaim`: the value to look up.
            map_from_claim: Str => "mapFromClaim",
        }
        params {}
        outputs {
            /// `restrictionValueClaim`: the claim that carries the
            /// `Restriction`; receives the mapped text.
            restriction_value_claim: Str => "restrictionValueClaim",
        }
    }

    /// `CreateRandomString`: produces a GUID or a random integer as a string.
    CreateRandomString {
        inputs {}
        params {
            /// `randomGeneratorType`: GUID or integer.
            random_generator_type: RandomGeneratorType => "randomGeneratorType": Str,
            /// `stringFormat`: optional template around the value (`{0}`).
            string_format: Option<String> => "stringFormat": Str,
            /// `base64`: optionally encode the result as base64.
            base64: Option<bool> => "base64": Bool,
            /// `maximumNumber`: upper bound for [`RandomGeneratorType::Integer`].
            maximum_number: Option<i32> => "maximumNumber": Int,
            /// `seed`: optional seed for [`RandomGeneratorType::Integer`].
            seed: Option<i32> => "seed": Int,
        }
        outputs {
            /// `outputClaim`: the random string.
            output_claim: Str => "outputClaim",
        }
    }

    /// `GuidAndRandomGenerator`: an older random-value method seen in real
    /// policies but not in Microsoft's reference (corpus-only); its
    /// generator types are not documented, so the parameter is free text.
    GuidAndRandomGenerator {
        inputs {}
        params {
            /// `randomGeneratorType`: e.g. `GUID`.
            random_generator_type: String => "randomGeneratorType": Str,
        }
        outputs {
            /// `outputClaim`: the generated value.
            output_claim: Str => "outputClaim",
        }
    }

    /// `CopyClaim`: copies one claim's value into another claim of the same
    /// data type (B2C documents `string` and `int`).
    CopyClaim<T> {
        inputs {
            /// `inputClaim`: the source.
            input_claim: T => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the destination.
            output_claim: T (same as "inputClaim") => "outputClaim",
        }
    }

    /// `CopyClaimIfPredicateMatch`: copies a string claim only if the value
    /// passes the output claim's predicate validation.
    CopyClaimIfPredicateMatch {
        inputs {
            /// `inputClaim`: the source.
            input_claim: Str => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the destination, whose predicates decide.
            output_claim: Str => "outputClaim",
        }
    }

    /// `CompareClaims`: compares two string claims.
    CompareClaims {
        inputs {
            /// `inputClaim1`: the first string.
            input_claim1: Str => "inputClaim1",
            /// `inputClaim2`: the second string.
            input_claim2: Str => "inputClaim2",
        }
        params {
            /// `operator`: equal or not equal.
            operator: CompareOperator => "operator": Str,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter, `true` or `false`.
            // `string` in the docs (and their example); the 2018 docs typed
            // it `boolean`, and policies written from them exist.
            ignore_case: bool => "ignoreCase": Str | Bool,
        }
        outputs {
            /// `outputClaim`: the result of the comparison.
            output_claim: Bool => "outputClaim",
        }
    }

    /// `CompareClaimToValue`: compares a string claim with a constant.
    CompareClaimToValue {
        inputs {
            /// `inputClaim1`: the string.
            input_claim1: Str => "inputClaim1",
        }
        params {
            /// `compareTo`: the constant.
            compare_to: String => "compareTo": Str,
            /// `operator`: equal or not equal.
            operator: CompareOperator => "operator": Str,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            // As in `CompareClaims`: `string` in the docs, `boolean` in 2018.
            ignore_case: bool => "ignoreCase": Str | Bool,
        }
        outputs {
            /// `outputClaim`: the result of the comparison.
            output_claim: Bool => "outputClaim",
        }
    }

    /// `AssertStringClaimsAreEqual`: fails the validation unless two string
    /// claims are equal. The error text comes from the
    /// `UserMessageIfClaimsTransformationStringsAreNotEqual` metadata.
    AssertStringClaimsAreEqual {
        inputs {
            /// `inputClaim1`: the first string.
            input_claim1: Str => "inputClaim1",
            /// `inputClaim2`: the second string.
            input_claim2: Str => "inputClaim2",
        }
        params {
            /// `stringComparison`: case-sensitive or not.
            string_comparison: StringComparison => "stringComparison": Str,
        }
        outputs {}
    }

    /// `ChangeCase`: converts a string claim to lower or upper case.
    ChangeCase {
        inputs {
            /// `inputClaim1`: the text.
            input_claim1: Str => "inputClaim1",
        }
        params {
            /// `toCase`: the target case.
            to_case: Case => "toCase": Str,
        }
        outputs {
            /// `outputClaim`: the converted text.
            output_claim: Str => "outputClaim",
        }
    }

    /// `LookupValue`: maps a string claim through a table of constants; each
    /// table entry is its own `InputParameter` whose id is the key. An unknown
    /// key fails with the `LookupNotFound` metadata when
    /// `errorOnFailedLookup` is true.
    LookupValue[C] {
        inputs {
            /// `inputParameterId`: the key to look up.
            input_parameter_id: Str => "inputParameterId",
        }
        params {
            /// The table, as `(key, value)` pairs; each becomes a `string`
            /// parameter with `Id` = key and `Value` = value.
            lookups: Vec<(String, String)> => each: Str,
            /// `errorOnFailedLookup`: whether a missing key is an error.
            error_on_failed_lookup: Option<bool> => "errorOnFailedLookup": Bool,
        }
        outputs {
            /// `outputClaim`: the value found.
            output_claim: Str => "outputClaim",
        }
    }

    /// `NullClaim`: clears a claim of any data type.
    NullClaim<T> {
        inputs {}
        params {}
        outputs {
            /// `claim_to_null`: the claim to clear.
            claim_to_null: T => "claim_to_null",
        }
    }

    /// `ParseDomain`: extracts the domain part of an email address.
    ParseDomain {
        inputs {
            /// `emailAddress`: the address.
            email_address: Str => "emailAddress",
        }
        params {}
        outputs {
            /// `domain`: the part after `@`.
            domain: Str => "domain",
        }
    }

    /// `SetClaimsIfStringsMatch`: compares a string claim with a constant
    /// and, on a match, sets an output claim to a given value.
    SetClaimsIfStringsMatch {
        inputs {
            /// `claimToMatch`: the string.
            claim_to_match: Str => "claimToMatch",
        }
        params {
            /// `matchTo`: the constant.
            match_to: String => "matchTo": Str,
            /// `stringComparison`: case-sensitive or not.
            string_comparison: StringComparison => "stringComparison": Str,
            /// `outputClaimIfMatched`: the value stored on a match.
            output_claim_if_matched: String => "outputClaimIfMatched": Str,
        }
        outputs {
            /// `outputClaim`: receives `outputClaimIfMatched` on a match.
            output_claim: Str => "outputClaim",
            /// `stringCompareResultClaim`: whether the strings matched.
            string_compare_result_claim: Bool => "stringCompareResultClaim",
        }
    }

    /// `SetClaimsIfStringsAreEqual`: compares a string claim with a constant
    /// and sets a message and a code when they are equal.
    SetClaimsIfStringsAreEqual {
        inputs {
            /// `inputClaim`: the string.
            input_claim: Str => "inputClaim",
        }
        params {
            /// `matchTo`: the constant.
            match_to: String => "matchTo": Str,
            /// `stringComparison`: case-sensitive or not.
            string_comparison: StringComparison => "stringComparison": Str,
            /// `stringMatchMsg`: the value for `outputClaim1` on a match.
            string_match_msg: String => "stringMatchMsg": Str,
            /// `stringMatchMsgCode`: the value for `outputClaim2` on a match.
            string_match_msg_code: String => "stringMatchMsgCode": Str,
        }
        outputs {
            /// `outputClaim1`: receives the message.
            output_claim1: Str => "outputClaim1",
            /// `outputClaim2`: receives the code.
            output_claim2: Str => "outputClaim2",
            /// `stringCompareResultClaim`: whether the strings were equal.
            string_compare_result_claim: Bool => "stringCompareResultClaim",
        }
    }

    /// `SetClaimsIfRegexMatch`: matches a string claim against a regular
    /// expression; on a match, sets an output claim to a given value and,
    /// optionally, copies the named groups into claims of the same names.
    /// (Real policies also spell the method `setClaimsIfRegexMatch`; the
    /// checker matches method names case-insensitively.)
    SetClaimsIfRegexMatch[C] {
        inputs {
            /// `claimToMatch`: the text.
            claim_to_match: Str => "claimToMatch",
        }
        params {
            /// `matchTo`: the regular expression.
            match_to: String => "matchTo": Str,
            /// `outputClaimIfMatched`: the value stored on a match.
            output_claim_if_matched: String => "outputClaimIfMatched": Str,
            /// `extractGroups`: whether named groups are copied into claims.
            extract_groups: Option<bool> => "extractGroups": Bool,
        }
        outputs {
            /// `outputClaim`: receives `outputClaimIfMatched` on a match.
            output_claim: Str => "outputClaim",
            /// `regexCompareResultClaim`: whether the expression matched.
            regex_compare_result_claim: Bool => "regexCompareResultClaim",
            /// Claims named after the expression's groups, written without a
            /// `TransformationClaimType`.
            // Strings only: the docs type the group claims `string` (a
            // regex group is text). The checker accepted any data type
            // before the table was shared.
            group_claims: Str => untyped,
        }
    }

    /// `StringContains`: tells whether a string claim contains a substring.
    StringContains {
        inputs {
            /// `inputClaim`: the text to search.
            input_claim: Str => "inputClaim",
        }
        params {
            /// `contains`: the substring to look for.
            contains: String => "contains": Str,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            // As in `CompareClaims`: `string` in the docs, `boolean` in 2018.
            ignore_case: bool => "ignoreCase": Str | Bool,
        }
        outputs {
            /// `outputClaim`: whether the substring occurs.
            // The docs' table says `string` but their note says "a boolean
            // indicator", and the live demo and real policies use a
            // `boolean` claim: `boolean` here, `string` still accepted.
            output_claim: Bool | Str => "outputClaim",
        }
    }

    /// `StringSubstring`: takes part of a string claim.
    StringSubstring {
        inputs {
            /// `inputClaim`: the text.
            input_claim: Str => "inputClaim",
        }
        params {
            /// `startIndex`: zero-based start position.
            start_index: i32 => "startIndex": Int,
            /// `length`: number of characters.
            length: i32 => "length": Int,
        }
        outputs {
            /// `outputClaim`: the substring.
            output_claim: Str => "outputClaim",
        }
    }

    /// `StringReplace`: replaces every occurrence of a constant in a string
    /// claim.
    StringReplace {
        inputs {
            /// `inputClaim`: the text.
            input_claim: Str => "inputClaim",
        }
        params {
            /// `oldValue`: the text to replace.
            old_value: String => "oldValue": Str,
            /// `newValue`: its replacement.
            new_value: String => "newValue": Str,
        }
        outputs {
            /// `outputClaim`: the result.
            // The docs' table says `boolean`; its own note ("a string that
            // is equivalent to the current string …") and example say
            // `string`.
            output_claim: Str => "outputClaim",
        }
    }

    /// `StringJoin`: joins a string collection with a delimiter.
    StringJoin {
        inputs {
            /// `inputClaim`: the collection.
            input_claim: StringCollection => "inputClaim",
        }
        params {
            /// `delimiter`: the separator, e.g. `,`.
            delimiter: String => "delimiter": Str,
        }
        outputs {
            /// `outputClaim`: the joined text.
            output_claim: Str => "outputClaim",
        }
    }

    /// `StringSplit`: splits a string into a string collection.
    StringSplit {
        inputs {
            /// `inputClaim`: the text.
            input_claim: Str => "inputClaim",
        }
        params {
            /// `delimiter`: the separator, e.g. `,`.
            delimiter: String => "delimiter": Str,
        }
        outputs {
            /// `outputClaim`: the parts.
            output_claim: StringCollection => "outputClaim",
        }
    }

    /// `BuildUri`: builds a URI, as used for the TOTP QR code
    /// (`otpauth://totp/<path>?secret=…&issuer=…`). The struct models the
    /// `query.secret` claim and `query.issuer` parameter Microsoft
    /// documents; the checker also accepts other `query.` names.
    BuildUri {
        inputs {
            /// `path`: the path part, e.g. the user's sign-in name.
            path: Str => "path",
            /// `query.secret`: the value of the `secret` query parameter.
            // Required: the docs list `query.secret` and `query.issuer` as
            // fixed claim and parameter (the checker required only `path`,
            // `scheme` and `host` before the table was shared).
            query_secret: Str => "query.secret",
            // Each `query.<name>` becomes the query parameter `<name>`;
            // only `secret` and `issuer` are documented.
            .. "query.": Str
        }
        params {
            /// `scheme`: e.g. `otpauth`.
            scheme: String => "scheme": Str,
            /// `host`: e.g. `totp`.
            host: String => "host": Str,
            /// `query.issuer`: the value of the `issuer` query parameter.
            query_issuer: String => "query.issuer": Str,
            .. "query.": Str
        }
        outputs {
            /// `outputClaim`: the URI.
            output_claim: Str => "outputClaim",
        }
    }

    /// `Hash`: hashes a string with a salt and a policy key (SHA-256).
    Hash {
        inputs {
            /// `plaintext`: the text to hash.
            plaintext: Str => "plaintext",
            /// `salt`: the salt.
            salt: Str => "salt",
        }
        params {
            /// `randomizerSecret`: the name of the policy key used as secret.
            randomizer_secret: String => "randomizerSecret": Str,
        }
        outputs {
            /// `hash`: the hash.
            hash: Str => "hash",
        }
    }

    /// `CreateOtpSecret`: generates a secret for a TOTP authenticator app.
    CreateOtpSecret {
        inputs {}
        params {}
        outputs {
            /// `outputClaim`: the new secret.
            output_claim: Str => "outputClaim",
        }
    }

    // --- String collections ------------------------------------------------

    /// `AddItemToStringCollection`: appends a string claim to a string
    /// collection.
    AddItemToStringCollection {
        inputs {
            /// `item`: the string to add.
            item: Str => "item",
            /// `collection` (input): the collection to extend; may be unset.
            collection: StringCollection => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the extended collection, usually the
            /// same claim as the input.
            output_collection: StringCollection => "collection",
        }
    }

    /// `AddParameterToStringCollection`: appends a constant to a string
    /// collection.
    AddParameterToStringCollection {
        inputs {
            /// `collection` (input): the collection to extend.
            collection: StringCollection => "collection",
        }
        params {
            /// `item`: the value to add.
            item: String => "item": Str,
        }
        outputs {
            /// `collection` (output): the extended collection.
            output_collection: StringCollection => "collection",
        }
    }

    /// `GetSingleItemFromStringCollection`: takes the first item of a string
    /// collection.
    GetSingleItemFromStringCollection {
        inputs {
            /// `collection`: the collection.
            collection: StringCollection => "collection",
        }
        params {}
        outputs {
            /// `extractedItem`: its first item.
            extracted_item: Str => "extractedItem",
        }
    }

    /// `StringCollectionContains`: tells whether a string collection holds a
    /// constant item.
    StringCollectionContains {
        inputs {
            /// `inputClaim`: the collection.
            input_claim: StringCollection => "inputClaim",
        }
        params {
            /// `item`: the value to look for.
            item: String => "item": Str,
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            // As in `CompareClaims`: `string` in the docs, `boolean` in 2018.
            ignore_case: bool => "ignoreCase": Str | Bool,
        }
        outputs {
            /// `outputClaim`: whether the item is present.
            output_claim: Bool => "outputClaim",
        }
    }

    /// `StringCollectionContainsClaim`: tells whether a string collection
    /// holds the value of a string claim.
    StringCollectionContainsClaim {
        inputs {
            /// `collection`: the collection.
            collection: StringCollection => "collection",
            /// `item`: the claim whose value is looked for.
            item: Str => "item",
        }
        params {
            /// `ignoreCase`: whether letter case is ignored; written as a
            /// `string` parameter.
            // As in `CompareClaims`: `string` in the docs, `boolean` in 2018.
            ignore_case: bool => "ignoreCase": Str | Bool,
        }
        outputs {
            /// `outputClaim`: whether the value is present.
            output_claim: Bool => "outputClaim",
        }
    }

    // --- Boolean -----------------------------------------------------------

    /// `AndClaims`: logical AND of two boolean claims.
    AndClaims {
        inputs {
            /// `inputClaim1`: the first operand.
            input_claim1: Bool => "inputClaim1",
            /// `inputClaim2`: the second operand.
            input_claim2: Bool => "inputClaim2",
        }
        params {}
        outputs {
            /// `outputClaim`: the conjunction.
            output_claim: Bool => "outputClaim",
        }
    }

    /// `OrClaims`: logical OR of two boolean claims.
    OrClaims {
        inputs {
            /// `inputClaim1`: the first operand.
            input_claim1: Bool => "inputClaim1",
            /// `inputClaim2`: the second operand.
            input_claim2: Bool => "inputClaim2",
        }
        params {}
        outputs {
            /// `outputClaim`: the disjunction.
            output_claim: Bool => "outputClaim",
        }
    }

    /// `NotClaims`: logical NOT of a boolean claim.
    NotClaims {
        inputs {
            /// `inputClaim`: the operand.
            input_claim: Bool => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: its negation.
            output_claim: Bool => "outputClaim",
        }
    }

    /// `AssertBooleanClaimIsEqualToValue`: fails the validation unless a
    /// boolean claim has the given value. The error text comes from the
    /// `UserMessageIfClaimsTransformationBooleanValueIsNotEqual` metadata
    /// of the calling self-asserted profile.
    AssertBooleanClaimIsEqualToValue {
        inputs {
            /// `inputClaim`: the claim to check.
            input_claim: Bool => "inputClaim",
        }
        params {
            /// `valueToCompareTo`: the value it must have.
            value_to_compare_to: bool => "valueToCompareTo": Bool,
        }
        outputs {}
    }

    /// `CompareBooleanClaimToValue`: compares a boolean claim with a
    /// constant.
    CompareBooleanClaimToValue {
        inputs {
            /// `inputClaim`: the boolean claim.
            input_claim: Bool => "inputClaim",
        }
        params {
            /// `valueToCompareTo`: the constant.
            value_to_compare_to: bool => "valueToCompareTo": Bool,
        }
        outputs {
            /// `compareResult`: whether they are equal.
            compare_result: Bool => "compareResult",
        }
    }

    /// `SetClaimIfBooleansMatch`: compares a boolean claim with a constant
    /// and, on a match, sets an output claim to a given value.
    SetClaimIfBooleansMatch {
        inputs {
            /// `claimToMatch`: the boolean claim.
            // The docs' table says `string`, their text says "checks that a
            // boolean claim is true or false", and the live demo passes a
            // `boolean` claim: `boolean` here, `string` still accepted.
            claim_to_match: Bool | Str => "claimToMatch",
        }
        params {
            /// `matchTo`: the value to match; written as a `string`
            /// parameter, `true` or `false`.
            match_to: bool => "matchTo": Str,
            /// `outputClaimIfMatched`: the value stored on a match.
            output_claim_if_matched: String => "outputClaimIfMatched": Str,
        }
        outputs {
            /// `outputClaim`: receives `outputClaimIfMatched` on a match.
            output_claim: Str => "outputClaim",
        }
    }

    /// `DoesClaimExist`: tells whether a claim, of any data type, has a
    /// value.
    DoesClaimExist<T> {
        inputs {
            /// `inputClaim`: the claim to test.
            input_claim: T => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: `true` when the claim is set.
            output_claim: Bool => "outputClaim",
        }
    }

    // --- Integer -----------------------------------------------------------

    /// `AdjustNumber`: adds or subtracts one.
    AdjustNumber {
        inputs {
            /// `inputClaim`: the number.
            input_claim: Int => "inputClaim",
        }
        params {
            /// `Operator`: increment or decrement.
            operator: AdjustOperator => "Operator": Str,
        }
        outputs {
            /// `outputClaim`: the adjusted number.
            output_claim: Int => "outputClaim",
        }
    }

    /// `AssertNumber`: checks an integer claim against a constant. By
    /// default a failed check raises the `AssertNumberError` message; with
    /// `throwError` false it only sets the output claim.
    AssertNumber {
        inputs {
            /// `inputClaim`: the number to check.
            input_claim: Int => "inputClaim",
        }
        params {
            /// `Operator`: the relation to test.
            operator: NumberOperator => "Operator": Str,
            /// `CompareToValue`: the constant.
            compare_to_value: i32 => "CompareToValue": Int,
            /// `throwError`: whether a failed check is an error (B2C's
            /// default is `true`).
            throw_error: Option<bool> => "throwError": Bool,
        }
        outputs {
            /// `outputClaim`: the result; only meaningful with
            /// `throw_error: Some(false)`.
            output_claim: Bool (optional) => "outputClaim",
        }
    }

    /// `ConvertNumberToStringClaim`: writes a `long` claim as a string.
    ConvertNumberToStringClaim {
        inputs {
            /// `inputClaim`: the number.
            input_claim: Long => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: its decimal text.
            output_claim: Str => "outputClaim",
        }
    }

    // --- Date --------------------------------------------------------------

    /// `AssertDateTimeIsGreaterThan`: fails the validation unless the left
    /// date-time (held in a string claim) is later than the right one. The
    /// error text comes from the `DateTimeGreaterThan` metadata.
    AssertDateTimeIsGreaterThan {
        inputs {
            /// `leftOperand`: the date-time expected to be later.
            // Strings only: the docs type both operands `string` ("one date
            // and time claim (string data type)"), and the live demo and the
            // starter pack use string claims. The checker also accepted
            // `dateTime` before the table was shared, from a docs example
            // that compares a `currentDateTime` claim without declaring it.
            left_operand: Str => "leftOperand",
            /// `rightOperand`: the date-time expected to be earlier.
            right_operand: Str => "rightOperand",
        }
        params {
            /// `AssertIfEqualTo`: whether equal values fail (B2C's default
            /// is `true`).
            assert_if_equal_to: Option<bool> => "AssertIfEqualTo": Bool,
            /// `AssertIfRightOperandIsNotPresent`: whether a missing right
            /// operand fails.
            assert_if_right_operand_is_not_present: Option<bool> => "AssertIfRightOperandIsNotPresent": Bool,
            /// `TreatAsEqualIfWithinMillseconds`: tolerance for equality, in
            /// milliseconds. The parameter id is spelt this way by B2C.
            treat_as_equal_if_within_millseconds: Option<i32> => "TreatAsEqualIfWithinMillseconds": Int,
        }
        outputs {}
    }

    /// `ConvertDateToDateTimeClaim`: widens a `date` claim to `dateTime`.
    ConvertDateToDateTimeClaim {
        inputs {
            /// `inputClaim`: the date.
            input_claim: Date => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the date-time.
            output_claim: DateTime => "outputClaim",
        }
    }

    /// `ConvertDateTimeToDateClaim`: narrows a `dateTime` claim to `date`.
    ConvertDateTimeToDateClaim {
        inputs {
            /// `inputClaim`: the date-time.
            input_claim: DateTime => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the date.
            output_claim: Date => "outputClaim",
        }
    }

    /// `DateTimeComparison`: compares two date-times, optionally shifting
    /// the first by a number of seconds.
    DateTimeComparison {
        inputs {
            /// `firstDateTime`: the left-hand date-time.
            first_date_time: DateTime => "firstDateTime",
            /// `secondDateTime`: the right-hand date-time (the current time
            /// when unset).
            second_date_time: DateTime => "secondDateTime",
        }
        params {
            /// `operator`: the relation to test.
            operator: DateTimeOperator => "operator": Str,
            /// `timeSpanInSeconds`: seconds added to the first date-time.
            time_span_in_seconds: i32 => "timeSpanInSeconds": Int,
        }
        outputs {
            /// `result`: whether the relation holds.
            result: Bool => "result",
        }
    }

    /// `GetCurrentDateTime`: stores the current UTC time.
    GetCurrentDateTime {
        inputs {}
        params {}
        outputs {
            /// `currentDateTime`: receives the current time.
            current_date_time: DateTime => "currentDateTime",
        }
    }

    /// `IsTermsOfUseConsentRequired`: tells whether the user must accept the
    /// terms of use again because they changed after the last consent.
    IsTermsOfUseConsentRequired {
        inputs {
            /// `termsOfUseConsentDateTime`: when the user last consented.
            terms_of_use_consent_date_time: DateTime => "termsOfUseConsentDateTime",
        }
        params {
            /// `termsOfUseTextUpdateDateTime`: when the terms last changed,
            /// e.g. `2098-01-30T23:03:45`; written as a `dateTime` parameter.
            terms_of_use_text_update_date_time: String => "termsOfUseTextUpdateDateTime": DateTime,
        }
        outputs {
            /// `result`: whether consent is needed.
            result: Bool => "result",
        }
    }

    /// `GetAgeGroupConsentProvidedAndRequiresConsent`: works out a user's
    /// age group and whether parental consent is needed. Seen in real
    /// policies, not in Microsoft's reference (corpus-only).
    GetAgeGroupConsentProvidedAndRequiresConsent {
        inputs {
            /// `dateOfBirth`: the user's birth date.
            date_of_birth: Date => "dateOfBirth",
            /// `countryCode`: the user's country.
            country_code: Str => "countryCode",
            /// `consentProvidedForMinor` (input): the consent recorded so far.
            consent_provided_for_minor: Str => "consentProvidedForMinor",
        }
        params {}
        outputs {
            /// `ageGroup`: the computed age group.
            age_group: Str => "ageGroup",
            /// `requiresParentalConsent`: whether consent is needed.
            requires_parental_consent: Bool => "requiresParentalConsent",
            /// `consentProvidedForMinor` (output): the updated consent.
            output_consent_provided_for_minor: Str => "consentProvidedForMinor",
        }
    }

    // --- JSON --------------------------------------------------------------

    /// `GenerateJson`: builds a JSON document from claims and constants, each
    /// placed at a dot-separated path (`personalizations.0.to.0.email`;
    /// numeric segments are array indices, which must run from 0 without gaps,
    /// continuing across claims and constants).
    GenerateJson[C] {
        inputs {
            /// Claims to insert, as `(path, claim)`; the path is the
            /// `TransformationClaimType`.
            // The docs type the claims `string`; their live demo inserts
            // `boolean`, `dateTime`, `int` and `long` claims too, so the
            // checker accepts any data type.
            claims: Str | Any => each,
        }
        params {
            /// Constants to insert, as `(path, value)`; the path is the
            /// parameter `Id`.
            // The docs type the constants `string`; the live demo writes a
            // `long` one and real policies `int` and `boolean` ones.
            params: Vec<(String, JsonValue)> => each: Str | Any,
        }
        outputs {
            /// `outputClaim`: the generated JSON text.
            output_claim: Str => "outputClaim",
        }
    }

    /// `GetClaimFromJson`: reads one property of a JSON object held in a
    /// string claim.
    GetClaimFromJson {
        inputs {
            /// `inputJson`: the JSON text.
            input_json: Str => "inputJson",
        }
        params {
            /// `claimToExtract`: the property name.
            claim_to_extract: String => "claimToExtract": Str,
        }
        outputs {
            /// `extractedClaim`: the property's value.
            extracted_claim: Str => "extractedClaim",
        }
    }

    /// `GetNumericClaimFromJson`: reads one numeric property of a JSON
    /// object.
    GetNumericClaimFromJson {
        inputs {
            /// `inputJson`: the JSON text.
            input_json: Str => "inputJson",
        }
        params {
            /// `claimToExtract`: the property name.
            claim_to_extract: String => "claimToExtract": Str,
        }
        outputs {
            /// `extractedClaim`: the property's value.
            extracted_claim: Long => "extractedClaim",
        }
    }

    /// `GetClaimsFromJsonArray`: reads key/value pairs from a JSON array held
    /// in a string claim into the output claims of the same names.
    GetClaimsFromJsonArray[C] {
        inputs {
            /// `jsonSource`: the JSON array (Microsoft's table says
            /// `jsonSourceClaim`; examples and real policies use `jsonSource`).
            json_source: Str => "jsonSource",
        }
        params {
            /// `errorOnMissingClaims`: whether a missing output claim is an error.
            error_on_missing_claims: bool => "errorOnMissingClaims": Bool,
            /// `includeEmptyClaims`: whether empty values are kept.
            include_empty_claims: bool => "includeEmptyClaims": Bool,
            /// `jsonSourceKeyName`: the property holding each element's name.
            json_source_key_name: String => "jsonSourceKeyName": Str,
            /// `jsonSourceValueName`: the property holding each element's value.
            json_source_value_name: String => "jsonSourceValueName": Str,
        }
        outputs {
            /// The claims to fill, of any data type, matched by id and written
            /// without a `TransformationClaimType`.
            output_claims: Any => untyped,
        }
    }

    /// `GetClaimsFromJsonArrayV2`: like [`GetClaimsFromJsonArray`], but the
    /// source is a string collection of JSON objects.
    GetClaimsFromJsonArrayV2[C] {
        inputs {
            /// `jsonSource`: the collection of JSON objects.
            json_source: StringCollection => "jsonSource",
        }
        params {
            /// `errorOnMissingClaims`: whether a missing output claim is an error.
            error_on_missing_claims: bool => "errorOnMissingClaims": Bool,
            /// `includeEmptyClaims`: whether empty values are kept.
            include_empty_claims: bool => "includeEmptyClaims": Bool,
            /// `jsonSourceKeyName`: the property holding each element's name.
            json_source_key_name: String => "jsonSourceKeyName": Str,
            /// `jsonSourceValueName`: the property holding each element's value.
            json_source_value_name: String => "jsonSourceValueName": Str,
        }
        outputs {
            /// The claims to fill, of any data type, matched by id and written
            /// without a `TransformationClaimType`.
            output_claims: Any => untyped,
        }
    }

    /// `GetSingleItemFromJson`: takes the first property of a JSON object.
    GetSingleItemFromJson {
        inputs {
            /// `inputJson`: the JSON object.
            input_json: Str => "inputJson",
        }
        params {}
        outputs {
            /// `key`: the property's name.
            key: Str => "key",
            /// `value`: the property's value.
            value: Str => "value",
        }
    }

    /// `GetSingleValueFromJsonArray`: takes the first element of a JSON
    /// array held in a string claim.
    GetSingleValueFromJsonArray {
        inputs {
            /// `inputJsonClaim`: the JSON array.
            input_json_claim: Str => "inputJsonClaim",
        }
        params {}
        outputs {
            /// `extractedClaim`: its first element.
            extracted_claim: Str => "extractedClaim",
        }
    }

    /// `CreateJsonArray`: wraps a string claim into a one-element JSON array.
    CreateJsonArray {
        inputs {
            /// `inputClaim`: the element.
            input_claim: Str => "inputClaim",
        }
        params {}
        outputs {
            /// `outputClaim`: the JSON array text.
            output_claim: Str => "outputClaim",
        }
    }

    /// `XmlStringToJsonString`: converts XML text to JSON text.
    XmlStringToJsonString {
        inputs {
            /// `xml`: the XML text.
            xml: Str => "xml",
        }
        params {}
        outputs {
            /// `json`: the JSON text.
            json: Str => "json",
        }
    }

    // --- Phone numbers -----------------------------------------------------

    /// `ConvertPhoneNumberClaimToString`: turns a `phoneNumber` claim into
    /// a string.
    ConvertPhoneNumberClaimToString {
        inputs {
            /// `phoneNumber`: the phone number.
            phone_number: PhoneNumber => "phoneNumber",
        }
        params {}
        outputs {
            /// `phoneNumberString`: its text.
            phone_number_string: Str => "phoneNumberString",
        }
    }

    /// `ConvertStringToPhoneNumberClaim`: parses a string into a
    /// `phoneNumber` claim. Invalid input fails with the
    /// `UserMessageIfClaimsTransformationInvalidPhoneNumber` metadata.
    ConvertStringToPhoneNumberClaim {
        inputs {
            /// `phoneNumberString`: the text to parse.
            phone_number_string: Str => "phoneNumberString",
            /// `country`: optional country code used when the number has no
            /// international prefix.
            country: Str (optional) => "country",
        }
        params {}
        outputs {
            /// `outputClaim`: the parsed phone number.
            output_claim: PhoneNumber => "outputClaim",
        }
    }

    /// `GetNationalNumberAndCountryCodeFromPhoneNumberString`: splits a
    /// phone number into national number and country code. Parse failures
    /// use the `UserMessageIfPhoneNumberParseFailure` metadata.
    GetNationalNumberAndCountryCodeFromPhoneNumberString {
        inputs {
            /// `phoneNumber`: the phone number text.
            phone_number: Str => "phoneNumber",
        }
        params {
            /// `throwExceptionOnFailure`: whether a parse failure is an error.
            throw_exception_on_failure: Option<bool> => "throwExceptionOnFailure": Bool,
            /// `countryCodeType`: the form of the country code output.
            country_code_type: Option<CountryCodeType> => "countryCodeType": Str,
        }
        outputs {
            /// `nationalNumber`: the number without country prefix.
            national_number: Str => "nationalNumber",
            /// `countryCode`: the country code.
            country_code: Str => "countryCode",
        }
    }

    // --- Social accounts (alternative security ids) ------------------------

    /// `CreateAlternativeSecurityId`: builds the alternative security id of
    /// a federated account from its subject and identity provider.
    CreateAlternativeSecurityId {
        inputs {
            /// `key`: the user's id at the identity provider.
            key: Str => "key",
            /// `identityProvider`: the identity provider's name.
            identity_provider: Str => "identityProvider",
        }
        params {}
        outputs {
            /// `alternativeSecurityId`: the resulting JSON id.
            alternative_security_id: Str => "alternativeSecurityId",
        }
    }

    /// `AddItemToAlternativeSecurityIdCollection`: appends an alternative
    /// security id to a collection of them.
    AddItemToAlternativeSecurityIdCollection {
        inputs {
            /// `item`: the id to add (a string claim).
            item: Str => "item",
            /// `collection` (input): the collection to extend.
            collection: AlternativeSecurityIdCollection => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the extended collection.
            output_collection: AlternativeSecurityIdCollection => "collection",
        }
    }

    /// `RemoveAlternativeSecurityIdByIdentityProvider`: drops the ids of one
    /// identity provider from an alternative security id collection.
    RemoveAlternativeSecurityIdByIdentityProvider {
        inputs {
            /// `identityProvider`: the provider whose ids go.
            identity_provider: Str => "identityProvider",
            /// `collection` (input): the collection.
            collection: AlternativeSecurityIdCollection => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the collection without them.
            output_collection: AlternativeSecurityIdCollection => "collection",
        }
    }

    /// `GetIdentityProvidersFromAlternativeSecurityIdCollectionTransformation`:
    /// lists the identity providers of an alternative security id
    /// collection.
    GetIdentityProvidersFromAlternativeSecurityIdCollectionTransformation {
        inputs {
            /// `alternativeSecurityIdCollection`: the ids.
            alternative_security_id_collection: AlternativeSecurityIdCollection => "alternativeSecurityIdCollection",
        }
        params {}
        outputs {
            /// `identityProvidersCollection`: their identity providers.
            identity_providers_collection: StringCollection => "identityProvidersCollection",
        }
    }

    // --- User identities (corpus-only) -------------------------------------

    /// `CreateUserIdentity`: builds a user identity from an issuer and the
    /// user's id at that issuer. Seen in real policies, not in Microsoft's
    /// reference (corpus-only).
    CreateUserIdentity {
        inputs {
            /// `issuerUserId`: the user's id at the issuer.
            issuer_user_id: Str => "issuerUserId",
            /// `issuer`: the issuer's name.
            issuer: Str => "issuer",
        }
        params {}
        outputs {
            /// `userIdentity`: the new identity.
            user_identity: UserIdentity => "userIdentity",
        }
    }

    /// `AddItemToUserIdentityCollection`: appends a user identity to a
    /// collection of them. Seen in real policies, not in Microsoft's
    /// reference (corpus-only).
    AddItemToUserIdentityCollection {
        inputs {
            /// `item`: the identity to add.
            item: UserIdentity => "item",
            /// `collection` (input): the collection to extend.
            collection: UserIdentityCollection => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the extended collection.
            output_collection: UserIdentityCollection => "collection",
        }
    }

    /// `RemoveUserIdentityFromCollectionByIssuer`: drops the identities of
    /// one issuer from a collection. Seen in real policies, not in
    /// Microsoft's reference (corpus-only).
    RemoveUserIdentityFromCollectionByIssuer {
        inputs {
            /// `issuer`: the issuer whose identities go.
            issuer: Str => "issuer",
            /// `collection` (input): the collection.
            collection: UserIdentityCollection => "collection",
        }
        params {}
        outputs {
            /// `collection` (output): the collection without them.
            output_collection: UserIdentityCollection => "collection",
        }
    }

    /// `GetIssuersFromUserIdentityCollectionTransformation`: lists the
    /// issuers of a collection of user identities. Seen in real policies,
    /// not in Microsoft's reference (corpus-only).
    GetIssuersFromUserIdentityCollectionTransformation {
        inputs {
            /// `userIdentityCollection`: the identities.
            user_identity_collection: UserIdentityCollection => "userIdentityCollection",
        }
        params {}
        outputs {
            /// `issuersCollection`: their issuers.
            issuers_collection: StringCollection => "issuersCollection",
        }
    }
}
