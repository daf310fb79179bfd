//! X001–X009: claims transformations fit their method's signature
//! ([`crate::check::signatures`]).

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::signatures::{check_transformation, MismatchKind};
use crate::check::{Category, Severity};
use crate::transforms::ClaimsTransformation;

/// The claim types the examples use.
macro_rules! claims {
    () => {
        r#"    <ClaimsSchema>
      <ClaimType Id="issuerUserId">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="identityProvider">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="alternativeSecurityId">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="accountEnabled">
        <DataType>boolean</DataType>
      </ClaimType>
      <ClaimType Id="upnUserName">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="userPrincipalName">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="otherMails">
        <DataType>stringCollection</DataType>
      </ClaimType>
      <ClaimType Id="phoneNumber">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="nationalNumber">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="countryCode">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
"#
    };
}

/// A policy whose building blocks are the example claims and the
/// transformations given.
macro_rules! transforms {
    ($ct:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkBase",
            "  <BuildingBlocks>\n",
            claims!(),
            "    <ClaimsTransformations>\n",
            $ct,
            "    </ClaimsTransformations>\n",
            "  </BuildingBlocks>\n"
        )
    };
}

/// What every X rule's explanation ends with.
macro_rules! background {
    () => {
        " Background: every `TransformationMethod` is a built-in method of B2C with fixed \
        names for the `TransformationClaimType` of each input and output claim and the `Id` of \
        each input parameter, and fixed data types for each. ief checks each transformation \
        against its method's signature in the method table (`ief::check::signatures`, built \
        from Microsoft's reference pages on claims transformations and checked against \
        published policies). B2C itself checks a transformation's input claims when the file \
        is uploaded and refuses a mismatch with `The InputClaims mismatched in \
        ClaimsTransformation with id …`, listing what was declared but not expected and what \
        was expected but not declared, each with its data type."
    };
}

const SOURCE: &str = "FACTS.md §4 (ClaimsTransformation methods); Microsoft Learn, the claims \
    transformation reference pages (\"String claims transformations\", \"Boolean claims \
    transformations\", …); the upload message quoted in MicrosoftDocs/azure-docs#71139";

const SOURCE_X005: &str = "Microsoft Learn, \"ClaimsTransformations\" (the `HasTOSVersionChanged` \
    example: CompareClaims without `ignoreCase`) and \"String claims transformations\"; FACTS.md \
    §4; the input-claims upload message quoted in MicrosoftDocs/azure-docs#71139";

const SOURCE_X008: &str = "FACTS.md §4 and §8 (no upload error for transformation outputs); \
    Microsoft Learn, \"Set up sign-up and sign-in with a LinkedIn account using Azure Active \
    Directory B2C\" (`nullStringClaim` for an unneeded output); the input-claims upload message \
    quoted in MicrosoftDocs/azure-docs#71139";

/// X001.
pub(super) static X001: RuleInfo = RuleInfo {
    code: "X001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "`TransformationMethod` names a known method",
    explanation: concat!(
        "A `TransformationMethod` that is not one of B2C's methods names nothing that can run. The name is matched ignoring case (published policies spell `setClaimsIfRegexMatch`), and a close name is offered. Fix the method name.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateRandomUPNUserName" TransformationMethod="CreateRandomStrings">
        <InputParameters>
          <InputParameter Id="randomGeneratorType" DataType="string" Value="GUID" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="upnUserName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateRandomUPNUserName" TransformationMethod="CreateRandomString">
        <InputParameters>
          <InputParameter Id="randomGeneratorType" DataType="string" Value="GUID" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="upnUserName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE,
};

/// X002.
pub(super) static X002: RuleInfo = RuleInfo {
    code: "X002",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "each input claim's `TransformationClaimType` is one the method reads",
    explanation: concat!(
        "An input claim whose `TransformationClaimType` the method does not read is refused on upload: B2C lists it as declared in the policy but not expected by the method. Names are compared exactly; one that differs from the method's only in case gets a help line saying so. Fix the name; the help lists the names the method reads.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateOtherMailsFromEmail" TransformationMethod="AddItemToStringCollection">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="email" TransformationClaimType="items" />
          <InputClaim ClaimTypeReferenceId="otherMails" TransformationClaimType="collection" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="otherMails" TransformationClaimType="collection" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateOtherMailsFromEmail" TransformationMethod="AddItemToStringCollection">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="email" TransformationClaimType="item" />
          <InputClaim ClaimTypeReferenceId="otherMails" TransformationClaimType="collection" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="otherMails" TransformationClaimType="collection" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE,
};

/// X003.
pub(super) static X003: RuleInfo = RuleInfo {
    code: "X003",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "every input claim the method needs is bound",
    explanation: concat!(
        "An input claim the method reads but the transformation does not bind is refused on upload: B2C lists it as expected by the method but not declared in the policy. Add an `InputClaim` with that `TransformationClaimType`.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateAlternativeSecurityId" TransformationMethod="CreateAlternativeSecurityId">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="issuerUserId" TransformationClaimType="key" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="alternativeSecurityId" TransformationClaimType="alternativeSecurityId" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateAlternativeSecurityId" TransformationMethod="CreateAlternativeSecurityId">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="issuerUserId" TransformationClaimType="key" />
          <InputClaim ClaimTypeReferenceId="identityProvider" TransformationClaimType="identityProvider" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="alternativeSecurityId" TransformationClaimType="alternativeSecurityId" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE,
};

/// X004.
pub(super) static X004: RuleInfo = RuleInfo {
    code: "X004",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "each input parameter `Id` is one the method reads",
    explanation: concat!(
        "An `InputParameter` whose `Id` the method does not read has no effect; it is usually a misspelt name, and then the parameter meant is missing as well. Fix the `Id`; the help lists the method's parameters.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateUserPrincipalName" TransformationMethod="FormatStringClaim">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="upnUserName" TransformationClaimType="inputClaim" />
        </InputClaims>
        <InputParameters>
          <InputParameter Id="stringFormat" DataType="string" Value="cpim_{0}@{RelyingPartyTenantId}" />
          <InputParameter Id="culture" DataType="string" Value="en" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="userPrincipalName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateUserPrincipalName" TransformationMethod="FormatStringClaim">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="upnUserName" TransformationClaimType="inputClaim" />
        </InputClaims>
        <InputParameters>
          <InputParameter Id="stringFormat" DataType="string" Value="cpim_{0}@{RelyingPartyTenantId}" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="userPrincipalName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE,
};

/// X005.
pub(super) static X005: RuleInfo = RuleInfo {
    code: "X005",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "every input parameter the method needs is given",
    explanation: concat!(
        "An input parameter the method needs is missing, so the transformation cannot do its work when it runs: an error. Some parameters have a default, and leaving them out is accepted: Microsoft's reference page \"ClaimsTransformations\" shows a `CompareClaims` transformation (`HasTOSVersionChanged`) with `operator` and no `ignoreCase`, and B2C documents no upload error for a missing parameter (its upload check covers input claims). A missing `ignoreCase` of `CompareClaims`, `CompareClaimToValue`, `StringContains`, `StringCollectionContains` and `StringCollectionContainsClaim` (one parameter with one meaning across the comparison methods) is therefore reported as a warning: the comparison runs with the default. Add the `InputParameter`; the help shows it with its data type.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="AssertAccountEnabledIsTrue" TransformationMethod="AssertBooleanClaimIsEqualToValue">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="accountEnabled" TransformationClaimType="inputClaim" />
        </InputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="AssertAccountEnabledIsTrue" TransformationMethod="AssertBooleanClaimIsEqualToValue">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="accountEnabled" TransformationClaimType="inputClaim" />
        </InputClaims>
        <InputParameters>
          <InputParameter Id="valueToCompareTo" DataType="boolean" Value="true" />
        </InputParameters>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE_X005,
};

/// X006.
pub(super) static X006: RuleInfo = RuleInfo {
    code: "X006",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "each input parameter's `DataType` fits the method",
    explanation: concat!(
        "An `InputParameter`'s `DataType` must be the one the method reads the value as (an `int` for a number, a `boolean` for a flag); a value typed otherwise is not what the method expects. Write the `DataType` the help gives.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateOneTimeCode" TransformationMethod="CreateRandomString">
        <InputParameters>
          <InputParameter Id="randomGeneratorType" DataType="string" Value="INTEGER" />
          <InputParameter Id="maximumNumber" DataType="string" Value="999999" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="upnUserName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateOneTimeCode" TransformationMethod="CreateRandomString">
        <InputParameters>
          <InputParameter Id="randomGeneratorType" DataType="string" Value="INTEGER" />
          <InputParameter Id="maximumNumber" DataType="int" Value="999999" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="upnUserName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE,
};

/// X007.
pub(super) static X007: RuleInfo = RuleInfo {
    code: "X007",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "each output claim's `TransformationClaimType` is one the method writes",
    explanation: concat!(
        "An output claim whose `TransformationClaimType` the method does not write is never set by it: the claim keeps whatever value it had. It is usually a misspelt name, and then the output meant is unbound as well (X008). Fix the name; the help lists the names the method writes.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateIdentityProvider" TransformationMethod="CreateStringClaim">
        <InputParameters>
          <InputParameter Id="value" DataType="string" Value="facebook.com" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="identityProvider" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateIdentityProvider" TransformationMethod="CreateStringClaim">
        <InputParameters>
          <InputParameter Id="value" DataType="string" Value="facebook.com" />
        </InputParameters>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="identityProvider" TransformationClaimType="createdClaim" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE,
};

/// X008.
pub(super) static X008: RuleInfo = RuleInfo {
    code: "X008",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "every output claim the method writes is bound",
    explanation: concat!(
        "An output the method writes is not bound to a claim, so its value is lost. The transformation still runs (the method computes all its outputs and B2C keeps those that are bound), B2C documents an upload check for a transformation's input claims but none for its outputs, and published policies leave outputs they do not need unbound; ief reported that as an error before, wrongly for policies B2C runs. So this is a warning. Bind the output if you need the value; if you do not, binding it to a claim kept for unused values states that on purpose, as Microsoft's LinkedIn article does with its `nullStringClaim` for the `key` output of `GetSingleItemFromJson`.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="SplitPhoneNumber" TransformationMethod="GetNationalNumberAndCountryCodeFromPhoneNumberString">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="phoneNumber" TransformationClaimType="phoneNumber" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="nationalNumber" TransformationClaimType="nationalNumber" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="SplitPhoneNumber" TransformationMethod="GetNationalNumberAndCountryCodeFromPhoneNumberString">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="phoneNumber" TransformationClaimType="phoneNumber" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="nationalNumber" TransformationClaimType="nationalNumber" />
          <OutputClaim ClaimTypeReferenceId="countryCode" TransformationClaimType="countryCode" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE_X008,
};

/// X009.
pub(super) static X009: RuleInfo = RuleInfo {
    code: "X009",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "each claim's `DataType` fits its place in the method",
    explanation: concat!(
        "A claim bound to a place of the method must have the data type the method expects there (its `DataType` from its declaration in the chain). B2C checks this for input claims on upload: its message names the slot with both types, e.g. `[DateTime]rightOperand` declared where `[String]rightOperand` is expected. Use a claim of the expected type, or convert it first with another transformation.",
        background!()
    ),
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateAlternativeSecurityId" TransformationMethod="CreateAlternativeSecurityId">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="accountEnabled" TransformationClaimType="key" />
          <InputClaim ClaimTypeReferenceId="identityProvider" TransformationClaimType="identityProvider" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="alternativeSecurityId" TransformationClaimType="alternativeSecurityId" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: transforms!(
            r#"      <ClaimsTransformation Id="CreateAlternativeSecurityId" TransformationMethod="CreateAlternativeSecurityId">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="issuerUserId" TransformationClaimType="key" />
          <InputClaim ClaimTypeReferenceId="identityProvider" TransformationClaimType="identityProvider" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="alternativeSecurityId" TransformationClaimType="alternativeSecurityId" />
        </OutputClaims>
      </ClaimsTransformation>
"#
        ),
    }],
    source: SOURCE,
};

pub(super) static MODULE: Module = Module {
    rules: &[
        &X001, &X002, &X003, &X004, &X005, &X006, &X007, &X008, &X009,
    ],
    run,
};

/// The rule of a transformation mismatch.
fn rule_of(kind: MismatchKind) -> &'static RuleInfo {
    match kind {
        MismatchKind::UnknownMethod => &X001,
        MismatchKind::UnknownInputClaimType => &X002,
        MismatchKind::MissingInputClaimType => &X003,
        MismatchKind::UnknownParameter => &X004,
        MismatchKind::MissingParameter => &X005,
        MismatchKind::ParameterType => &X006,
        MismatchKind::UnknownOutputClaimType => &X007,
        MismatchKind::MissingOutputClaimType => &X008,
        MismatchKind::ClaimDataType => &X009,
    }
}

/// Input parameters B2C reads with a default, which the method table
/// still marks as needed: `(method, parameter)`. Leaving one out is X005
/// as a warning (see X005's explanation). `ignoreCase` is one parameter
/// with one meaning across the comparison methods; Microsoft's
/// ClaimsTransformations reference shows CompareClaims without it.
const DEFAULTED: &[(&str, &str)] = &[
    ("CompareClaims", "ignoreCase"),
    ("CompareClaimToValue", "ignoreCase"),
    ("StringContains", "ignoreCase"),
    ("StringCollectionContains", "ignoreCase"),
    ("StringCollectionContainsClaim", "ignoreCase"),
];

/// The parameter with a default that `t` leaves out and the missing-
/// parameter finding `message` is about, if it is one.
fn defaulted_parameter(t: &ClaimsTransformation, message: &str) -> Option<&'static str> {
    DEFAULTED
        .iter()
        .filter(|(method, _)| t.method.trim().eq_ignore_ascii_case(method))
        .map(|&(_, param)| param)
        .find(|param| {
            message.contains(&format!("`{param}`"))
                && !t
                    .input_parameters
                    .iter()
                    .any(|p| p.id.eq_ignore_ascii_case(param))
        })
}

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let lookup = |id: &str| cx.data_type(i, id);
        for (n, t) in cx.files[i]
            .policy
            .building_blocks
            .claims_transformations
            .iter()
            .enumerate()
        {
            for m in check_transformation(t, &lookup) {
                let rule = rule_of(m.kind);
                let path = format!("TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsTransformations/ClaimsTransformation[{n}]");
                let defaulted = (m.kind == MismatchKind::MissingParameter)
                    .then(|| defaulted_parameter(t, &m.message))
                    .flatten();
                match defaulted {
                    Some(param) => cx.report_as(
                        (rule, Severity::Warning),
                        i,
                        &path,
                        format!(
                            "claims transformation `{}` ({}): input parameter `{param}` is left out, so B2C uses its default",
                            t.id,
                            t.method.trim()
                        ),
                        m.help.map(|h| format!("{h} to make the comparison explicit")),
                        Some(t.id.id()),
                    ),
                    None => cx.report(rule, i, &path, m.message, m.help, Some(t.id.id())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::set::{check_sources, Report};
    use crate::check::Severity;

    fn check(transformation: &str) -> Report {
        let xml = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T">
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="TOSVersion"><DataType>string</DataType></ClaimType>
      <ClaimType Id="LastTOSAcceptedVersion"><DataType>string</DataType></ClaimType>
      <ClaimType Id="TOSVersionChanged"><DataType>boolean</DataType></ClaimType>
      <ClaimType Id="roles"><DataType>stringCollection</DataType></ClaimType>
    </ClaimsSchema>
    <ClaimsTransformations>{transformation}</ClaimsTransformations>
  </BuildingBlocks>
</TrustFrameworkPolicy>"#
        );
        check_sources([("T.xml", xml.as_str())])
    }

    fn findings(r: &Report) -> Vec<(&str, Severity)> {
        r.diagnostics.iter().map(|d| (d.code, d.severity)).collect()
    }

    #[test]
    fn compare_claims_without_ignore_case_is_a_warning() {
        // Microsoft's ClaimsTransformations reference example.
        let r = check(
            r#"<ClaimsTransformation Id="HasTOSVersionChanged" TransformationMethod="CompareClaims">
  <InputClaims>
    <InputClaim ClaimTypeReferenceId="TOSVersion" TransformationClaimType="inputClaim1" />
    <InputClaim ClaimTypeReferenceId="LastTOSAcceptedVersion" TransformationClaimType="inputClaim2" />
  </InputClaims>
  <InputParameters>
    <InputParameter Id="operator" DataType="string" Value="NOT EQUAL" />
  </InputParameters>
  <OutputClaims>
    <OutputClaim ClaimTypeReferenceId="TOSVersionChanged" TransformationClaimType="outputClaim" />
  </OutputClaims>
</ClaimsTransformation>"#,
        );
        assert_eq!(findings(&r), [("X005", Severity::Warning)]);
        let d = &r.diagnostics[0];
        assert!(
            d.message.contains("`ignoreCase` is left out"),
            "{}",
            d.message
        );
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("Id=\"ignoreCase\"")),
            "{:?}",
            d.help
        );
    }

    #[test]
    fn a_parameter_without_default_left_out_is_an_error() {
        // `operator` says what to compare; without it nothing can run.
        let r = check(
            r#"<ClaimsTransformation Id="HasTOSVersionChanged" TransformationMethod="compareclaims">
  <InputClaims>
    <InputClaim ClaimTypeReferenceId="TOSVersion" TransformationClaimType="inputClaim1" />
    <InputClaim ClaimTypeReferenceId="LastTOSAcceptedVersion" TransformationClaimType="inputClaim2" />
  </InputClaims>
  <OutputClaims>
    <OutputClaim ClaimTypeReferenceId="TOSVersionChanged" TransformationClaimType="outputClaim" />
  </OutputClaims>
</ClaimsTransformation>"#,
        );
        let mut f = findings(&r);
        f.sort();
        assert_eq!(
            f,
            [("X005", Severity::Error), ("X005", Severity::Warning)],
            "{:#?}",
            r.diagnostics
        );
        let error = r.errors().next().map(|d| d.message.as_str()).unwrap_or("");
        assert!(error.contains("`operator`"), "{error}");
    }

    #[test]
    fn an_unbound_output_is_a_warning() {
        let r = check(
            r#"<ClaimsTransformation Id="IsAdmin" TransformationMethod="StringCollectionContains">
  <InputClaims>
    <InputClaim ClaimTypeReferenceId="roles" TransformationClaimType="inputClaim" />
  </InputClaims>
  <InputParameters>
    <InputParameter Id="item" DataType="string" Value="Admin" />
    <InputParameter Id="ignoreCase" DataType="string" Value="true" />
  </InputParameters>
</ClaimsTransformation>"#,
        );
        assert_eq!(findings(&r), [("X008", Severity::Warning)]);
    }
}
