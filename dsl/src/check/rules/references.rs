//! R001–R012, W001 and W003: references resolve in the file's own chain.
//!
//! A file's references must resolve in that file and its ancestors: B2C
//! uploads and validates the base first, so a base cannot lean on what
//! only a child defines. One pass over every reference decides among three
//! outcomes: resolved exactly, resolved only when case is ignored (W001),
//! unresolved (the R code of its kind, or W003 for a localized string).

use crate::hash::HashMap;

use super::ids::id_flaw;
use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::index::RefKind;
use crate::check::{Category, Severity};
use crate::import::did_you_mean;

const UNRESOLVED: &str = "B2C resolves every reference when it uploads a file, in that file \
    and the policies it inherits from (never in a child: the base is uploaded and validated \
    first), comparing ids ignoring case. A reference to an id the chain does not define fails \
    the upload with a message that the element `makes reference to` a missing id. The finding \
    names the reference, what holds it, and the chain searched, with a `did you mean` when a \
    defined id is close. It is not reported when the file's chain is broken (P001, P002): what \
    the missing part defines is unknown. Fix the id, or define the element in this file or a \
    base policy.";

const SOURCE: &str = "FACTS.md §8 (`makes reference to … with id` and the checks a validator \
    should perform: resolve every reference across the merged chain)";

/// R001.
pub(super) static R001: RuleInfo = RuleInfo {
    code: "R001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced claim types are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Email">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="emial" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Email">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="email" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: SOURCE,
};

/// R002.
pub(super) static R002: RuleInfo = RuleInfo {
    code: "R002",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced claims transformations are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="signInTime">
        <DataType>dateTime</DataType>
      </ClaimType>
    </ClaimsSchema>
    <ClaimsTransformations>
      <ClaimsTransformation Id="GetSignInTime" TransformationMethod="GetCurrentDateTime">
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="signInTime" TransformationClaimType="currentDateTime" />
        </OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SetSignInTime">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="signInTime" />
          </OutputClaims>
          <OutputClaimsTransformations>
            <OutputClaimsTransformation ReferenceId="GetSignInTimeNow" />
          </OutputClaimsTransformations>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="signInTime">
        <DataType>dateTime</DataType>
      </ClaimType>
    </ClaimsSchema>
    <ClaimsTransformations>
      <ClaimsTransformation Id="GetSignInTime" TransformationMethod="GetCurrentDateTime">
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="signInTime" TransformationClaimType="currentDateTime" />
        </OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SetSignInTime">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="signInTime" />
          </OutputClaims>
          <OutputClaimsTransformations>
            <OutputClaimsTransformation ReferenceId="GetSignInTime" />
          </OutputClaimsTransformations>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: SOURCE,
};

/// R003.
pub(super) static R003: RuleInfo = RuleInfo {
    code: "R003",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced technical profiles are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Hello">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <UseTechnicalProfileForSessionManagement ReferenceId="SM-Nop" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-Noop">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.NoopSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Hello">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <UseTechnicalProfileForSessionManagement ReferenceId="SM-Noop" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-Noop">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.NoopSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: SOURCE,
};

/// R004.
pub(super) static R004: RuleInfo = RuleInfo {
    code: "R004",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced content definitions are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ContentDefinitions>
      <ContentDefinition Id="api.selfasserted">
        <LoadUri>~/tenant/templates/AzureBlue/selfAsserted.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30</DataUri>
      </ContentDefinition>
    </ContentDefinitions>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Hello">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="ContentDefinitionReferenceId">api.selfassertedx</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ContentDefinitions>
      <ContentDefinition Id="api.selfasserted">
        <LoadUri>~/tenant/templates/AzureBlue/selfAsserted.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30</DataUri>
      </ContentDefinition>
    </ContentDefinitions>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Hello">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="ContentDefinitionReferenceId">api.selfasserted</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: SOURCE,
};

/// R005.
pub(super) static R005: RuleInfo = RuleInfo {
    code: "R005",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced user journeys are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: policy!(
            "B2C_1A_signup_signin",
            "  <ClaimsProviders>\n",
            issuer!(),
            r#"  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignUpOrSignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
"#,
            relying_party!()
        ),
    }],
    passing: &[Example {
        file: "SignUpOrSignin.xml",
        xml: policy!(
            "B2C_1A_signup_signin",
            "  <ClaimsProviders>\n",
            issuer!(),
            r#"  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
"#,
            relying_party!()
        ),
    }],
    source: SOURCE,
};

/// R006.
pub(super) static R006: RuleInfo = RuleInfo {
    code: "R006",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced sub-journeys are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            "  <ClaimsProviders>\n",
            issuer!(),
            r#"  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="InvokeSubJourney">
          <JourneyList>
            <Candidate SubJourneyReferenceId="IssueToken" />
          </JourneyList>
        </OrchestrationStep>
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <SubJourneys>
    <SubJourney Id="IssueTokens" Type="Transfer">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </SubJourney>
  </SubJourneys>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            "  <ClaimsProviders>\n",
            issuer!(),
            r#"  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="InvokeSubJourney">
          <JourneyList>
            <Candidate SubJourneyReferenceId="IssueToken" />
          </JourneyList>
        </OrchestrationStep>
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <SubJourneys>
    <SubJourney Id="IssueToken" Type="Transfer">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </SubJourney>
  </SubJourneys>
"#
        ),
    }],
    source: SOURCE,
};

/// R007.
pub(super) static R007: RuleInfo = RuleInfo {
    code: "R007",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced display controls are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <DisplayControls>
      <DisplayControl Id="emailVerificationControl" UserInterfaceControlType="VerificationControl" />
    </DisplayControls>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Email">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <DisplayClaims>
            <DisplayClaim DisplayControlReferenceId="emailVerifyControl" />
          </DisplayClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <DisplayControls>
      <DisplayControl Id="emailVerificationControl" UserInterfaceControlType="VerificationControl" />
    </DisplayControls>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Email">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <DisplayClaims>
            <DisplayClaim DisplayControlReferenceId="emailVerificationControl" />
          </DisplayClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: SOURCE,
};

/// R008.
pub(super) static R008: RuleInfo = RuleInfo {
    code: "R008",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced predicates are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <Predicates>
      <Predicate Id="IsLengthBetween8And64" Method="IsLengthRange" HelpText="Use 8 to 64 characters.">
        <Parameters>
          <Parameter Id="Minimum">8</Parameter>
          <Parameter Id="Maximum">64</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <PredicateValidations>
      <PredicateValidation Id="StrongPassword">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="IsLengthBetween8And16" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
  </BuildingBlocks>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <Predicates>
      <Predicate Id="IsLengthBetween8And64" Method="IsLengthRange" HelpText="Use 8 to 64 characters.">
        <Parameters>
          <Parameter Id="Minimum">8</Parameter>
          <Parameter Id="Maximum">64</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <PredicateValidations>
      <PredicateValidation Id="StrongPassword">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="IsLengthBetween8And64" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
  </BuildingBlocks>
"#
        ),
    }],
    source: SOURCE,
};

/// R009.
pub(super) static R009: RuleInfo = RuleInfo {
    code: "R009",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced predicate validations are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="newPassword">
        <DataType>string</DataType>
        <UserInputType>Password</UserInputType>
        <PredicateValidationReference Id="StrongPasswords" />
      </ClaimType>
    </ClaimsSchema>
    <Predicates>
      <Predicate Id="IsLengthBetween8And64" Method="IsLengthRange" HelpText="Use 8 to 64 characters.">
        <Parameters>
          <Parameter Id="Minimum">8</Parameter>
          <Parameter Id="Maximum">64</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <PredicateValidations>
      <PredicateValidation Id="StrongPassword">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="IsLengthBetween8And64" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
  </BuildingBlocks>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="newPassword">
        <DataType>string</DataType>
        <UserInputType>Password</UserInputType>
        <PredicateValidationReference Id="StrongPassword" />
      </ClaimType>
    </ClaimsSchema>
    <Predicates>
      <Predicate Id="IsLengthBetween8And64" Method="IsLengthRange" HelpText="Use 8 to 64 characters.">
        <Parameters>
          <Parameter Id="Minimum">8</Parameter>
          <Parameter Id="Maximum">64</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <PredicateValidations>
      <PredicateValidation Id="StrongPassword">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="IsLengthBetween8And64" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
  </BuildingBlocks>
"#
        ),
    }],
    source: SOURCE,
};

/// R010.
pub(super) static R010: RuleInfo = RuleInfo {
    code: "R010",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced input validations are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="nationalNumber">
        <DataType>string</DataType>
        <InputValidationReference Id="NationalNumberInput" />
      </ClaimType>
    </ClaimsSchema>
    <Predicates>
      <Predicate Id="IsDigits" Method="MatchesRegex" HelpText="Use digits only.">
        <Parameters>
          <Parameter Id="RegularExpression">^[0-9]+$</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <InputValidations>
      <InputValidation Id="NationalNumber">
        <PredicateReferences>
          <PredicateReference Id="IsDigits" />
        </PredicateReferences>
      </InputValidation>
    </InputValidations>
  </BuildingBlocks>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="nationalNumber">
        <DataType>string</DataType>
        <InputValidationReference Id="NationalNumber" />
      </ClaimType>
    </ClaimsSchema>
    <Predicates>
      <Predicate Id="IsDigits" Method="MatchesRegex" HelpText="Use digits only.">
        <Parameters>
          <Parameter Id="RegularExpression">^[0-9]+$</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <InputValidations>
      <InputValidation Id="NationalNumber">
        <PredicateReferences>
          <PredicateReference Id="IsDigits" />
        </PredicateReferences>
      </InputValidation>
    </InputValidations>
  </BuildingBlocks>
"#
        ),
    }],
    source: SOURCE,
};

/// R011.
pub(super) static R011: RuleInfo = RuleInfo {
    code: "R011",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced localized resources are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ContentDefinitions>
      <ContentDefinition Id="api.selfasserted">
        <LoadUri>~/tenant/templates/AzureBlue/selfAsserted.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30</DataUri>
        <LocalizedResourcesReferences MergeBehavior="Prepend">
          <LocalizedResourcesReference Language="en" LocalizedResourcesReferenceId="api.selfasserted.en-GB" />
        </LocalizedResourcesReferences>
      </ContentDefinition>
    </ContentDefinitions>
    <Localization Enabled="true">
      <SupportedLanguages DefaultLanguage="en" MergeBehavior="Append">
        <SupportedLanguage>en</SupportedLanguage>
      </SupportedLanguages>
      <LocalizedResources Id="api.selfasserted.en">
        <LocalizedStrings>
          <LocalizedString ElementType="UxElement" StringId="button_continue">Continue</LocalizedString>
        </LocalizedStrings>
      </LocalizedResources>
    </Localization>
  </BuildingBlocks>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ContentDefinitions>
      <ContentDefinition Id="api.selfasserted">
        <LoadUri>~/tenant/templates/AzureBlue/selfAsserted.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30</DataUri>
        <LocalizedResourcesReferences MergeBehavior="Prepend">
          <LocalizedResourcesReference Language="en" LocalizedResourcesReferenceId="api.selfasserted.en" />
        </LocalizedResourcesReferences>
      </ContentDefinition>
    </ContentDefinitions>
    <Localization Enabled="true">
      <SupportedLanguages DefaultLanguage="en" MergeBehavior="Append">
        <SupportedLanguage>en</SupportedLanguage>
      </SupportedLanguages>
      <LocalizedResources Id="api.selfasserted.en">
        <LocalizedStrings>
          <LocalizedString ElementType="UxElement" StringId="button_continue">Continue</LocalizedString>
        </LocalizedStrings>
      </LocalizedResources>
    </Localization>
  </BuildingBlocks>
"#
        ),
    }],
    source: SOURCE,
};

/// R012.
pub(super) static R012: RuleInfo = RuleInfo {
    code: "R012",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "referenced client definitions are defined in the chain",
    explanation: UNRESOLVED,
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClientDefinitions>
      <ClientDefinition Id="DefaultWeb">
        <ClientUIFilterFlags>LineMarkers, MetaRefresh</ClientUIFilterFlags>
      </ClientDefinition>
    </ClientDefinitions>
  </BuildingBlocks>
  <ClaimsProviders>
"#,
            issuer!(),
            r#"  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
      <ClientDefinition ReferenceId="DefaultWebClient" />
    </UserJourney>
  </UserJourneys>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClientDefinitions>
      <ClientDefinition Id="DefaultWeb">
        <ClientUIFilterFlags>LineMarkers, MetaRefresh</ClientUIFilterFlags>
      </ClientDefinition>
    </ClientDefinitions>
  </BuildingBlocks>
  <ClaimsProviders>
"#,
            issuer!(),
            r#"  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
      <ClientDefinition ReferenceId="DefaultWeb" />
    </UserJourney>
  </UserJourneys>
"#
        ),
    }],
    source: SOURCE,
};

/// W001.
pub(super) static W001: RuleInfo = RuleInfo {
    code: "W001",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "a reference resolves only when case is ignored",
    explanation: "B2C compares ids ignoring case, so a reference spelled `surName` finds the \
        claim type `surname` and the policy uploads (the starter pack itself has such a \
        reference). It is still a trap: tools that compare exactly (including this one's \
        compile-time handles, and anyone searching the files) do not see the link, and two ids \
        that differ only in case are one id to B2C. The warning names the definition it \
        resolved to and where it is. Write the reference as the definition spells it.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="surname">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Name">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="surName" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="surname">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-Name">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="surname" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §6 (Case sensitivity: references resolve case-insensitively; warn on case-only mismatches)",
};

/// W003.
pub(super) static W003: RuleInfo = RuleInfo {
    code: "W003",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "a localized string or collection names a claim type the chain defines",
    explanation: "A `LocalizedString` or `LocalizedCollection` with `ElementType=\"ClaimType\"` \
        translates the display name, help text or choices of a claim type. B2C accepts one for \
        a claim type the chain does not define, but the text is never shown: nothing uses it. \
        That is usually a misspelt `ElementId`, or a claim type that was renamed or removed \
        while its translations stayed. Fix the `ElementId`, or remove the string.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
    <Localization Enabled="true">
      <SupportedLanguages DefaultLanguage="en" MergeBehavior="Append">
        <SupportedLanguage>en</SupportedLanguage>
      </SupportedLanguages>
      <LocalizedResources Id="api.selfasserted.en">
        <LocalizedStrings>
          <LocalizedString ElementType="ClaimType" ElementId="emailAddress" StringId="DisplayName">Email address</LocalizedString>
        </LocalizedStrings>
      </LocalizedResources>
    </Localization>
  </BuildingBlocks>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
    <Localization Enabled="true">
      <SupportedLanguages DefaultLanguage="en" MergeBehavior="Append">
        <SupportedLanguage>en</SupportedLanguage>
      </SupportedLanguages>
      <LocalizedResources Id="api.selfasserted.en">
        <LocalizedStrings>
          <LocalizedString ElementType="ClaimType" ElementId="email" StringId="DisplayName">Email address</LocalizedString>
        </LocalizedStrings>
      </LocalizedResources>
    </Localization>
  </BuildingBlocks>
"#
        ),
    }],
    source: "FACTS.md §2 (LocalizedString/@ElementType ClaimType) and §8 (resolve every reference); B2C accepts the dangling string",
};

pub(super) static MODULE: Module = Module {
    rules: &[
        &R001, &R002, &R003, &R004, &R005, &R006, &R007, &R008, &R009, &R010, &R011, &R012, &W001,
        &W003,
    ],
    run,
};

/// The rule of an unresolved reference of `kind`.
fn unresolved(kind: RefKind) -> &'static RuleInfo {
    match kind {
        RefKind::Claim => &R001,
        RefKind::Transform => &R002,
        RefKind::Profile => &R003,
        RefKind::ContentDefinition => &R004,
        RefKind::Journey => &R005,
        RefKind::SubJourney => &R006,
        RefKind::DisplayControl => &R007,
        RefKind::Predicate => &R008,
        RefKind::PredicateValidation => &R009,
        RefKind::InputValidation => &R010,
        RefKind::LocalizedResources => &R011,
        RefKind::ClientDefinition => &R012,
    }
}

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let mut cache: HashMap<RefKind, Vec<(usize, &str, crate::resolve::SourcePath)>> =
            HashMap::default();
        for r in &cx.index_of(i).refs {
            let defs = cache
                .entry(r.kind)
                .or_insert_with(|| cx.definitions_in_chain(i, r.kind));
            if defs.iter().any(|(_, id, _)| *id == r.id) {
                continue;
            }
            if let Some((f, id, path)) = defs
                .iter()
                .find(|(_, id, _)| crate::resolve::same_id(id, &r.id))
            {
                let at = match cx.files[*f].source_map.locate(&path.to_string()) {
                    Some(p) => format!("{}:{}:{}", cx.files[*f].file, p.line, p.column),
                    None => cx.files[*f].file.clone(),
                };
                cx.report(
                    &W001,
                    i,
                    &r.path.to_string(),
                    format!(
                        "{} `{}` ({}) resolves only when case is ignored: the definition is `{id}` ({at})",
                        r.kind.words(),
                        r.id,
                        r.role
                    ),
                    Some(format!("write `{id}`")),
                    Some(&r.id),
                );
                continue;
            }
            if !cx.complete[i] {
                continue;
            }
            let chain: Vec<&str> = cx.chains[i].iter().map(|&c| cx.policy_id(c)).collect();
            let near = did_you_mean(&r.id, defs.iter().map(|(_, id, _)| *id));
            // An empty reference, or one with whitespace, is reported
            // here (I001 covers definitions only): say why it cannot
            // resolve.
            let help = match (near, id_flaw(&r.id)) {
                (Some(s), None) => Some(format!("did you mean `{s}`?")),
                (Some(s), Some(flaw)) => {
                    Some(format!("did you mean `{s}`? (the reference {flaw})"))
                }
                (None, Some("is empty")) => Some(format!(
                    "the reference is empty: name the {} it refers to",
                    r.kind.words()
                )),
                (None, Some(flaw)) => Some(format!(
                    "the reference {flaw}; ids cannot contain whitespace"
                )),
                (None, None) => None,
            };
            let msg = format!(
                "{} `{}` is not defined; it is {}, and the chain searched is {}",
                r.kind.words(),
                r.id,
                r.role,
                chain.join(" -> ")
            );
            let rule = if r.soft { &W003 } else { unresolved(r.kind) };
            cx.report(rule, i, &r.path.to_string(), msg, help, Some(&r.id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_the_code_the_index_names() {
        for kind in RefKind::ALL {
            assert_eq!(unresolved(kind).code, kind.unresolved_code(), "{kind:?}");
        }
    }
}
