//! X001–X009: claims transformations fit their method's signature
//! ([`crate::check::signatures`]).

use super::{Example, Module, RuleInfo};
use crate::check::context::{lc, Context};
use crate::check::signatures::{check_transformation, MismatchKind};
use crate::check::Severity;

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

/// X001.
pub(super) static X001: RuleInfo = RuleInfo {
    code: "X001",
    severity: Severity::Error,
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
    summary: "every input parameter the method needs is given",
    explanation: concat!(
        "An input parameter the method needs is missing, so the transformation cannot do its work when it runs. Add the `InputParameter`; the help shows it with its data type.",
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
    source: SOURCE,
};

/// X006.
pub(super) static X006: RuleInfo = RuleInfo {
    code: "X006",
    severity: Severity::Error,
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
    severity: Severity::Error,
    summary: "every output claim the method writes is bound",
    explanation: concat!(
        "An output the method writes is not bound to a claim, so its value is lost. Add an `OutputClaim` with that `TransformationClaimType`.",
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
    source: SOURCE,
};

/// X009.
pub(super) static X009: RuleInfo = RuleInfo {
    code: "X009",
    severity: Severity::Error,
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

fn run(cx: &Context<'_>) {
    for i in 0..cx.files.len() {
        let types = cx.claim_types(i);
        let lookup = |id: &str| types.get(&lc(id)).copied();
        for (n, t) in cx.files[i]
            .policy
            .building_blocks
            .claims_transformations
            .iter()
            .enumerate()
        {
            for m in check_transformation(t, &lookup) {
                cx.report(
                    rule_of(m.kind),
                    i,
                    &format!("TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsTransformations/ClaimsTransformation[{n}]"),
                    m.message,
                    m.help,
                    Some(t.id.id()),
                );
            }
        }
    }
}
