//! Seeded faults: each case copies one starter-pack set into a temp folder,
//! makes one exact text substitution in one file, runs the real `ief check
//! --format json` on the folder and asserts that the report names the fault
//! (rule code, faulty id, a line) with the right exit status.
//!
//! A substitution whose `from` does not occur as stated fails the case, so
//! a case cannot silently do nothing. A finding must also be new: the
//! unmodified set must have fewer diagnostics of that code naming that id.
//! All cases run (in parallel) before anything is asserted, and the failure
//! message lists every failing case.
//!
//! Starter-pack files are read from the conformance folder
//! (`tests/common`) and copied into `CARGO_TARGET_TMPDIR` at run time; none
//! is kept in the repository.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use serde_json::Value;

// ---- the sets ---------------------------------------------------------------

const SAL: &str = "SocialAndLocalAccounts";
const LA: &str = "LocalAccounts";
const MFA: &str = "SocialAndLocalAccountsWithMfa";
const DC: &str = "DisplayControls/SocialAndLocalAccounts";
/// The only starter-pack set with predicates, predicate validations and
/// sub-journeys.
const PNP: &str = "scenarios/phone-number-passwordless";

const BASE: &str = "TrustFrameworkBase.xml";
const LOC: &str = "TrustFrameworkLocalization.xml";
const EXT: &str = "TrustFrameworkExtensions.xml";
const SUSI: &str = "SignUpOrSignin.xml";
const PE: &str = "ProfileEdit.xml";
const PNP_BASE: &str = "Phone_Email_Base.xml";

/// Every set a case or the clean test uses.
const SETS: [&str; 5] = [SAL, LA, MFA, DC, PNP];

// ---- the cases --------------------------------------------------------------

/// One seeded fault.
#[derive(Debug, Clone, Copy)]
struct Case {
    /// A short unique name (also the temp folder's name).
    name: &'static str,
    /// The starter-pack set folder, relative to `starterpack/`.
    set: &'static str,
    /// The file of the set to change.
    file: &'static str,
    /// The text to replace.
    from: &'static str,
    /// Which occurrence of `from` to replace: 0 = `from` must occur exactly
    /// once; n = the n-th (1-based), which must exist.
    nth: usize,
    /// The replacement.
    to: &'static str,
    /// The rule code the report must have.
    code: &'static str,
    /// The faulty id the diagnostic must name (its `id`, or, when `id` is
    /// null, its message).
    id: &'static str,
    /// A further text the diagnostic's message must contain.
    mentions: Option<&'static str>,
    /// The other error codes the fault brings with it: the report's errors
    /// must have exactly the codes `others`, and `code` when the registry
    /// makes it an error.
    others: &'static [&'static str],
}

const fn case(
    name: &'static str,
    set: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    code: &'static str,
    id: &'static str,
) -> Case {
    Case {
        name,
        set,
        file,
        from,
        nth: 0,
        to,
        code,
        id,
        mentions: None,
        others: &[],
    }
}

impl Case {
    const fn nth(self, nth: usize) -> Case {
        Case { nth, ..self }
    }

    const fn mentions(self, text: &'static str) -> Case {
        Case {
            mentions: Some(text),
            ..self
        }
    }

    const fn with(self, others: &'static [&'static str]) -> Case {
        Case { others, ..self }
    }

    /// The severity the registry gives the case's code.
    fn severity(&self) -> &'static str {
        match ief::check::rules::lookup(self.code).map(|r| r.severity) {
            Some(ief::check::Severity::Warning) => "warning",
            _ => "error",
        }
    }

    /// Whether the finding is rightly reported away from the edit (listed
    /// by name, each for a reason).
    fn reported_elsewhere(&self) -> bool {
        REPORTED_ELSEWHERE.contains(&self.name)
    }
}

/// Cases whose finding is rightly not at the edited text:
/// - `p002-cycle`: a loop is reported from the files whose chain runs into
///   it, at their BasePolicy;
/// - `p005-duplicate-policy-id`: the second file (in path order) with the
///   id is the one reported;
/// - `d001-claim-type-case`: the later of the two definitions is the
///   duplicate;
/// - `t005-no-protocol`: a profile without protocol is reported where it
///   is used.
const REPORTED_ELSEWHERE: &[&str] = &[
    "p002-cycle",
    "p005-duplicate-policy-id",
    "d001-claim-type-case",
    "t005-no-protocol",
];

const RP_IN_EXTENSIONS: &str = r#"<RelyingParty>
    <DefaultUserJourney ReferenceId="SignUpOrSignIn" />
    <TechnicalProfile Id="PolicyProfile">
      <DisplayName>PolicyProfile</DisplayName>
      <Protocol Name="OpenIdConnect" />
      <OutputClaims>
        <OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub" />
      </OutputClaims>
      <SubjectNamingInfo ClaimType="sub" />
    </TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>"#;

const BASE_INHERITS_FROM_RP: &str = r#"PublicPolicyUri="http://yourtenant.onmicrosoft.com/B2C_1A_TrustFrameworkBase">
  <BasePolicy>
    <TenantId>yourtenant.onmicrosoft.com</TenantId>
    <PolicyId>B2C_1A_signup_signin</PolicyId>
  </BasePolicy>"#;

const VALIDATION_PRECONDITION: &str = r#"<ValidationTechnicalProfile ReferenceId="login-NonInteractive">
              <Preconditions>
                <Precondition Type="ClaimsExist" ExecuteActionsIf="false">
                  <Value>signInNameX</Value>
                  <Action>SkipThisValidationTechnicalProfile</Action>
                </Precondition>
              </Preconditions>
            </ValidationTechnicalProfile>"#;

const CLAIM_WITHOUT_DATATYPE: &str = r#"<BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="loyaltyNumber">
        <DisplayName>Loyalty number</DisplayName>
      </ClaimType>
    </ClaimsSchema>"#;

/// A relying party whose base is misspelt and which restates the last step
/// of its journey: only P001 may be reported, not the journey's other steps
/// (J001) nor the issuer (R003), which the missing base would supply.
const RP_BROKEN_BASE_WITH_OVERRIDE: &str = r#"<PolicyId>B2C_1A_TrustFrameworkExtension</PolicyId>
  </BasePolicy>
  <UserJourneys>
    <UserJourney Id="ProfileEdit">
      <OrchestrationSteps>
        <OrchestrationStep Order="6" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>"#;

const CASES: &[Case] = &[
    // ---- R001: claim types, in every place a claim is named ----------------
    case("r001-tp-output-claim", SAL, BASE,
        r#"ClaimTypeReferenceId="issuerUserId" PartnerClaimType="id" />"#,
        r#"ClaimTypeReferenceId="issuerUserIdX" PartnerClaimType="id" />"#,
        "R001", "issuerUserIdX"),
    case("r001-tp-input-claim", SAL, BASE,
        r#"ClaimTypeReferenceId="nca" PartnerClaimType="nca""#,
        r#"ClaimTypeReferenceId="ncaX" PartnerClaimType="nca""#,
        "R001", "ncaX"),
    case("r001-persisted-claim", SAL, BASE,
        r#"<PersistedClaim ClaimTypeReferenceId="passwordPolicies" DefaultValue="DisablePasswordExpiration" />"#,
        r#"<PersistedClaim ClaimTypeReferenceId="passwordPolicy" DefaultValue="DisablePasswordExpiration" />"#,
        "R001", "passwordPolicy"),
    case("r001-transformation-input", SAL, BASE,
        r#"ClaimTypeReferenceId="refreshTokenIssuedOnDateTime" TransformationClaimType="leftOperand""#,
        r#"ClaimTypeReferenceId="refreshTokenIssuedOn" TransformationClaimType="leftOperand""#,
        "R001", "refreshTokenIssuedOn"),
    case("r001-step-precondition", SAL, BASE,
        "<Value>authenticationSource</Value>",
        "<Value>authSource</Value>",
        "R001", "authSource").nth(1),
    case("r001-validation-precondition", SAL, BASE,
        r#"<ValidationTechnicalProfile ReferenceId="login-NonInteractive" />"#,
        VALIDATION_PRECONDITION,
        "R001", "signInNameX"),
    case("r001-rp-output-claim", SAL, SUSI,
        r#"<OutputClaim ClaimTypeReferenceId="identityProvider" />"#,
        r#"<OutputClaim ClaimTypeReferenceId="identityProviderName" />"#,
        "R001", "identityProviderName"),
    case("r001-display-control-claim", DC, BASE,
        r#"<DisplayClaim ClaimTypeReferenceId="verificationCode" ControlClaimType"#,
        r#"<DisplayClaim ClaimTypeReferenceId="verificationCodes" ControlClaimType"#,
        "R001", "verificationCodes"),
    case("r001-mfa-precondition", MFA, BASE,
        "<Value>isActiveMFASession</Value>",
        "<Value>isActiveMfaSessions</Value>",
        "R001", "isActiveMfaSessions"),
    // ---- R002: transformations ----------------------------------------------
    case("r002-output-transformation", SAL, BASE,
        r#"<OutputClaimsTransformation ReferenceId="CreateAlternativeSecurityId" />"#,
        r#"<OutputClaimsTransformation ReferenceId="CreateAltSecurityId" />"#,
        "R002", "CreateAltSecurityId"),
    case("r002-input-transformation", SAL, BASE,
        r#"<InputClaimsTransformation ReferenceId="CreateOtherMailsFromEmail" />"#,
        r#"<InputClaimsTransformation ReferenceId="CreateOtherMailsFromMail" />"#,
        "R002", "CreateOtherMailsFromMail"),
    // ---- R003: technical profiles ---------------------------------------------
    case("r003-claims-exchange", SAL, BASE,
        r#"TechnicalProfileReferenceId="SelfAsserted-Social""#,
        r#"TechnicalProfileReferenceId="SelfAsserted-Socal""#,
        "R003", "SelfAsserted-Socal"),
    case("r003-validation-tp", SAL, BASE,
        r#"<ValidationTechnicalProfile ReferenceId="login-NonInteractive" />"#,
        r#"<ValidationTechnicalProfile ReferenceId="login-NonInteractiv" />"#,
        "R003", "login-NonInteractiv"),
    case("r003-include-tp", SAL, BASE,
        r#"<IncludeTechnicalProfile ReferenceId="SM-AAD" />"#,
        r#"<IncludeTechnicalProfile ReferenceId="SM-AzureAD" />"#,
        "R003", "SM-AzureAD").with(&["T005"]),
    case("r003-session-management", SAL, BASE,
        r#"<UseTechnicalProfileForSessionManagement ReferenceId="SM-SocialLogin" />"#,
        r#"<UseTechnicalProfileForSessionManagement ReferenceId="SM-SocialLogon" />"#,
        "R003", "SM-SocialLogon"),
    case("r003-cpim-issuer", SAL, BASE,
        r#"CpimIssuerTechnicalProfileReferenceId="JwtIssuer""#,
        r#"CpimIssuerTechnicalProfileReferenceId="JwtIssuer2""#,
        "R003", "JwtIssuer2").nth(1),
    case("r003-display-control-action", DC, BASE,
        r#"TechnicalProfileReferenceId="AadSspr-SendCode""#,
        r#"TechnicalProfileReferenceId="AadSspr-SendCodes""#,
        "R003", "AadSspr-SendCodes"),
    case("r003-mfa-exchange", MFA, BASE,
        r#"TechnicalProfileReferenceId="PhoneFactor-InputOrVerify" />"#,
        r#"TechnicalProfileReferenceId="PhoneFactor-InputOrVerfy" />"#,
        "R003", "PhoneFactor-InputOrVerfy").nth(2),
    // ---- R004: content definitions --------------------------------------------
    case("r004-step-attribute", SAL, BASE,
        r#"ContentDefinitionReferenceId="api.idpselections">"#,
        r#"ContentDefinitionReferenceId="api.idpselection">"#,
        "R004", "api.idpselection"),
    case("r004-metadata", SAL, BASE,
        r#"<Item Key="ContentDefinitionReferenceId">api.socialccountsignup</Item>"#,
        r#"<Item Key="ContentDefinitionReferenceId">api.socialaccountsignup</Item>"#,
        "R004", "api.socialaccountsignup"),
    case("r004-metadata-local", LA, BASE,
        r#"<Item Key="ContentDefinitionReferenceId">api.localaccountsignup</Item>"#,
        r#"<Item Key="ContentDefinitionReferenceId">api.localaccountsignup2</Item>"#,
        "R004", "api.localaccountsignup2"),
    // ---- R005: journeys ---------------------------------------------------------
    case("r005-default-journey", SAL, SUSI,
        r#"<DefaultUserJourney ReferenceId="SignUpOrSignIn" />"#,
        r#"<DefaultUserJourney ReferenceId="SignUpSignIn" />"#,
        "R005", "SignUpSignIn"),
    case("r005-endpoint-journey", SAL, SUSI,
        r#"UserJourneyReferenceId="RedeemRefreshToken""#,
        r#"UserJourneyReferenceId="RedeemToken""#,
        "R005", "RedeemToken"),
    // ---- R006: sub-journeys -------------------------------------------------------
    case("r006-candidate", PNP, PNP_BASE,
        r#"<Candidate SubJourneyReferenceId="ChangePhoneNumber" />"#,
        r#"<Candidate SubJourneyReferenceId="ChangePhone" />"#,
        "R006", "ChangePhone").nth(1),
    // ---- R007: display controls -----------------------------------------------------
    case("r007-display-claim", DC, BASE,
        r#"DisplayControlReferenceId="emailVerificationControl""#,
        r#"DisplayControlReferenceId="emailVerifyControl""#,
        "R007", "emailVerifyControl").nth(1),
    // ---- R008–R010: predicates and validations ----------------------------------------
    case("r008-predicate", PNP, PNP_BASE,
        r#"<PredicateReference Id="noLeadingPlus" />"#,
        r#"<PredicateReference Id="noLeadingPlusSign" />"#,
        "R008", "noLeadingPlusSign"),
    case("r009-predicate-validation", PNP, PNP_BASE,
        r#"<PredicateValidationReference Id="nationalNumber" />"#,
        r#"<PredicateValidationReference Id="nationalNo" />"#,
        "R009", "nationalNo"),
    case("r010-input-validation", PNP, PNP_BASE,
        r#"<PredicateValidationReference Id="nationalNumber" />"#,
        r#"<InputValidationReference Id="nationalNumberInput" />
        <PredicateValidationReference Id="nationalNumber" />"#,
        "R010", "nationalNumberInput"),
    // ---- R011, R012 ---------------------------------------------------------------------
    case("r011-localized-resources", SAL, LOC,
        r#"LocalizedResourcesReferenceId="api.signuporsignin.en""#,
        r#"LocalizedResourcesReferenceId="api.signuporsignin.en-GB""#,
        "R011", "api.signuporsignin.en-GB"),
    case("r012-client-definition", SAL, BASE,
        r#"<ClientDefinition ReferenceId="DefaultWeb" />"#,
        r#"<ClientDefinition ReferenceId="DefaultWebClient" />"#,
        "R012", "DefaultWebClient").nth(1),
    // ---- P: the inheritance chain -------------------------------------------------------
    case("p001-missing-base", SAL, EXT,
        "<PolicyId>B2C_1A_TrustFrameworkLocalization</PolicyId>",
        "<PolicyId>B2C_1A_TrustFrameworkLocalisation</PolicyId>",
        "P001", "B2C_1A_TrustFrameworkLocalisation"),
    case("p001-missing-base-partial-journey", SAL, PE,
        "<PolicyId>B2C_1A_TrustFrameworkExtensions</PolicyId>\n  </BasePolicy>",
        RP_BROKEN_BASE_WITH_OVERRIDE,
        "P001", "B2C_1A_TrustFrameworkExtension"),
    case("p002-cycle", SAL, BASE,
        r#"PublicPolicyUri="http://yourtenant.onmicrosoft.com/B2C_1A_TrustFrameworkBase">"#,
        BASE_INHERITS_FROM_RP,
        "P002", "B2C_1A_signup_signin").with(&["P006"]),
    case("p004-tenant", SAL, EXT,
        "<TenantId>yourtenant.onmicrosoft.com</TenantId>",
        "<TenantId>othertenant.onmicrosoft.com</TenantId>",
        "P004", "othertenant.onmicrosoft.com"),
    case("p005-duplicate-policy-id", SAL, PE,
        r#"PolicyId="B2C_1A_ProfileEdit""#,
        r#"PolicyId="B2C_1A_signup_signin""#,
        "P005", "B2C_1A_signup_signin"),
    case("p006-rp-in-base", SAL, EXT,
        "</TrustFrameworkPolicy>",
        RP_IN_EXTENSIONS,
        "P006", "B2C_1A_TrustFrameworkExtensions"),
    case("p007-policy-id-space", SAL, PE,
        r#"PolicyId="B2C_1A_ProfileEdit""#,
        r#"PolicyId="B2C_1A_Profile Edit""#,
        "P007", "B2C_1A_Profile Edit"),
    // A BasePolicy naming no possible policy: P007, not also P001.
    case("p007-base-policy-id-trailing-dot", SAL, EXT,
        "<PolicyId>B2C_1A_TrustFrameworkLocalization</PolicyId>",
        "<PolicyId>B2C_1A_TrustFrameworkLocalization.</PolicyId>",
        "P007", "B2C_1A_TrustFrameworkLocalization."),
    // A hyphen is not in the XSD's TenantId: P008, not also P004.
    case("p008-base-tenant-id-hyphen", SAL, EXT,
        "<TenantId>yourtenant.onmicrosoft.com</TenantId>",
        "<TenantId>your-tenant.onmicrosoft.com</TenantId>",
        "P008", "your-tenant.onmicrosoft.com"),
    case("p008-root-tenant-id-underscore", LA, BASE,
        r#"TenantId="yourtenant.onmicrosoft.com""#,
        r#"TenantId="yourtenant_onmicrosoft.com""#,
        "P008", "yourtenant_onmicrosoft.com"),
    // ---- I001: empty ids and ids with whitespace --------------------------------------------
    // The definition is I001; the reference to the old id no longer resolves.
    case("i001-claim-type-space", SAL, BASE,
        r#"<ClaimType Id="mailNickName">"#,
        r#"<ClaimType Id="mail NickName">"#,
        "I001", "mail NickName").with(&["R001"]),
    case("i001-content-definition-empty", SAL, BASE,
        r#"<ContentDefinition Id="api.idpselections.signup">"#,
        r#"<ContentDefinition Id="">"#,
        "I001", ""),
    case("i001-exchange-trailing-space", SAL, BASE,
        r#"<ClaimsExchange Id="NewCredentials""#,
        r#"<ClaimsExchange Id="NewCredentials ""#,
        "I001", "NewCredentials ").mentions("PasswordReset"),
    // Whitespace in a reference is the unresolved reference, reported once.
    case("r003-reference-with-space", SAL, BASE,
        r#"TechnicalProfileReferenceId="SelfAsserted-Social""#,
        r#"TechnicalProfileReferenceId="SelfAsserted Social""#,
        "R003", "SelfAsserted Social"),
    // ---- D001: duplicate ids in one file --------------------------------------------------
    case("d001-content-definition", SAL, BASE,
        r#"<ContentDefinition Id="api.idpselections.signup">"#,
        r#"<ContentDefinition Id="api.idpselections">"#,
        "D001", "api.idpselections"),
    case("d001-claim-type-case", SAL, BASE,
        r#"<ClaimType Id="mailNickName">"#,
        r#"<ClaimType Id="DisplayName">"#,
        "D001", "displayName").mentions("DisplayName").with(&["R001"]),
    case("d001-technical-profile", SAL, BASE,
        r#"<TechnicalProfile Id="SM-SocialSignup">"#,
        r#"<TechnicalProfile Id="SM-AAD">"#,
        "D001", "SM-AAD").with(&["R003", "T006"]),
    case("d001-validation-profile-twice", SAL, BASE,
        r#"<ValidationTechnicalProfile ReferenceId="login-NonInteractive" />"#,
        r#"<ValidationTechnicalProfile ReferenceId="login-NonInteractive" />
            <ValidationTechnicalProfile ReferenceId="login-NonInteractive" />"#,
        "D001", "login-NonInteractive"),
    case("d001-endpoint-case", SAL, SUSI,
        r#"<Endpoint Id="Token" UserJourneyReferenceId="RedeemRefreshToken" />"#,
        r#"<Endpoint Id="Token" UserJourneyReferenceId="RedeemRefreshToken" />
      <Endpoint Id="token" UserJourneyReferenceId="RedeemRefreshToken" />"#,
        "D001", "token").mentions("Token"),
    // ---- J: journeys ------------------------------------------------------------------------
    // Order="0": J001 (orders start at 1) says it; no rule of its own.
    case("j001-order-zero", SAL, BASE,
        r#"<OrchestrationStep Order="1" Type="ClaimsProviderSelection" ContentDefinitionReferenceId="api.idpselections">"#,
        r#"<OrchestrationStep Order="0" Type="ClaimsProviderSelection" ContentDefinitionReferenceId="api.idpselections">"#,
        "J001", "ProfileEdit").mentions("order 0"),
    case("j001-gap", SAL, BASE,
        r#"<OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />"#,
        r#"<OrchestrationStep Order="4" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />"#,
        "J001", "RedeemRefreshToken").nth(2),
    case("j002-duplicate-order", SAL, BASE,
        r#"<OrchestrationStep Order="2" Type="ClaimsExchange">"#,
        r#"<OrchestrationStep Order="1" Type="ClaimsExchange">"#,
        "J002", "PasswordReset").nth(3).with(&["J001"]),
    case("j003-target-without-exchange", SAL, BASE,
        r#"<ClaimsProviderSelection TargetClaimsExchangeId="LocalAccountSigninEmailExchange" />"#,
        r#"<ClaimsProviderSelection TargetClaimsExchangeId="LocalAccountSigninExchange" />"#,
        "J003", "ProfileEdit").mentions("LocalAccountSigninExchange"),
    case("j003-target-in-same-step", LA, BASE,
        r#"<ClaimsProviderSelection ValidationClaimsExchangeId="LocalAccountSigninEmailExchange" />"#,
        r#"<ClaimsProviderSelection TargetClaimsExchangeId="LocalAccountSigninEmailExchange" />"#,
        "J003", "SignUpOrSignIn").mentions("LocalAccountSigninEmailExchange"),
    case("j004-validation-without-exchange", SAL, BASE,
        r#"<ClaimsProviderSelection ValidationClaimsExchangeId="LocalAccountSigninEmailExchange" />"#,
        r#"<ClaimsProviderSelection ValidationClaimsExchangeId="LocalAccountSigninExchange" />"#,
        "J004", "SignUpOrSignIn").mentions("LocalAccountSigninExchange"),
    case("j005-selection-without-target", SAL, BASE,
        r#"<ClaimsProviderSelection TargetClaimsExchangeId="FacebookExchange" />"#,
        "<ClaimsProviderSelection />",
        "J005", "ProfileEdit").nth(2),
    case("j006-duplicate-exchange-id", SAL, BASE,
        r#"<ClaimsExchange Id="NewCredentials""#,
        r#"<ClaimsExchange Id="passwordresetusingemailaddressexchange""#,
        "J006", "PasswordReset").mentions("passwordresetusingemailaddressexchange"),
    case("j007-multi-exchange-without-selection", SAL, BASE,
        r#"<ClaimsExchange Id="NewCredentials" TechnicalProfileReferenceId="LocalAccountWritePasswordUsingObjectId" />"#,
        r#"<ClaimsExchange Id="NewCredentials" TechnicalProfileReferenceId="LocalAccountWritePasswordUsingObjectId" />
            <ClaimsExchange Id="NewCredentials2" TechnicalProfileReferenceId="LocalAccountWritePasswordUsingObjectId" />"#,
        "J007", "PasswordReset"),
    case("j008-no-send-claims", SAL, BASE,
        r#"<OrchestrationStep Order="3" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />"#,
        "",
        "J008", "PasswordReset").nth(1),
    // ---- T: technical profiles ----------------------------------------------------------------
    case("t001-duplicate-metadata-key", SAL, EXT,
        r#"<Item Key="scope">email public_profile</Item>"#,
        r#"<Item Key="scope">email public_profile</Item>
            <Item Key="scope">email</Item>"#,
        "T001", "scope"),
    case("t001-duplicate-metadata-key-local", LA, EXT,
        r#"<Item Key="IdTokenAudience">IdentityExperienceFrameworkAppId</Item>"#,
        r#"<Item Key="IdTokenAudience">IdentityExperienceFrameworkAppId</Item>
            <Item Key="client_id">ProxyIdentityExperienceFrameworkAppId</Item>"#,
        "T001", "client_id"),
    case("t002-duplicate-output-claim", SAL, BASE,
        r#"<OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="id" />"#,
        r#"<OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="id" />
            <OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="sub" />"#,
        "T002", "issuerUserId"),
    case("t003-proprietary-without-handler", SAL, BASE,
        r#"<Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.NoopSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />"#,
        r#"<Protocol Name="Proprietary" />"#,
        "T003", "SM-Noop"),
    case("t004-none-with-handler", SAL, BASE,
        r#"<Protocol Name="None" />"#,
        r#"<Protocol Name="None" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />"#,
        "T004", "RefreshTokenReadAndSetup").nth(2),
    case("t005-no-protocol", SAL, BASE,
        r#"<Protocol Name="OAuth2" />"#,
        "",
        "T005", "Facebook-OAUTH"),
    case("t006-include-cycle", SAL, BASE,
        r#"<IncludeTechnicalProfile ReferenceId="SM-AAD" />"#,
        r#"<IncludeTechnicalProfile ReferenceId="SM-SocialSignup" />"#,
        "T006", "SM-SocialSignup").with(&["T005"]),
    case("t007-include-claims-other-file", SAL, EXT,
        "</Metadata>",
        "</Metadata>
          <IncludeClaimsFromTechnicalProfile>AAD-Common</IncludeClaimsFromTechnicalProfile>",
        "T007", "AAD-Common").nth(1),
    // ---- C001 -----------------------------------------------------------------------------------
    case("c001-claim-without-datatype", SAL, EXT,
        "<BuildingBlocks>",
        CLAIM_WITHOUT_DATATYPE,
        "C001", "loyaltyNumber"),
    // ---- X: transformations against their method ---------------------------------------------
    case("x001-unknown-method", SAL, BASE,
        r#"TransformationMethod="CreateRandomString""#,
        r#"TransformationMethod="CreateRandomStrings""#,
        "X001", "CreateRandomUPNUserName").mentions("CreateRandomStrings"),
    case("x002-unknown-input-tct", SAL, BASE,
        r#"TransformationClaimType="key""#,
        r#"TransformationClaimType="keys""#,
        "X002", "CreateAlternativeSecurityId").mentions("keys").with(&["X003"]),
    case("x003-missing-input-tct", SAL, BASE,
        r#"<InputClaim ClaimTypeReferenceId="identityProvider" TransformationClaimType="identityProvider" />"#,
        "",
        "X003", "CreateAlternativeSecurityId").mentions("identityProvider"),
    case("x004-unknown-parameter", SAL, BASE,
        r#"<InputParameter Id="stringFormat" DataType="string" Value="cpim_{0}@{RelyingPartyTenantId}" />"#,
        r#"<InputParameter Id="stringFormat" DataType="string" Value="cpim_{0}@{RelyingPartyTenantId}" />
          <InputParameter Id="culture" DataType="string" Value="en" />"#,
        "X004", "CreateUserPrincipalName").mentions("culture"),
    case("x005-missing-parameter", SAL, BASE,
        r#"Id="valueToCompareTo""#,
        r#"Id="valueToCompare""#,
        "X005", "AssertAccountEnabledIsTrue").mentions("valueToCompareTo").with(&["X004"]),
    case("x006-parameter-type", SAL, BASE,
        r#"Id="TreatAsEqualIfWithinMillseconds" DataType="int""#,
        r#"Id="TreatAsEqualIfWithinMillseconds" DataType="string""#,
        "X006", "AssertRefreshTokenIssuedLaterThanValidFromDate")
        .mentions("TreatAsEqualIfWithinMillseconds"),
    case("x007-unknown-output-tct", SAL, BASE,
        r#"TransformationClaimType="createdClaim""#,
        r#"TransformationClaimType="outputClaim""#,
        "X007", "CreateSubjectClaimFromAlternativeSecurityId").mentions("outputClaim"),
    case("x008-missing-output-tct", SAL, BASE,
        r#"TransformationClaimType="alternativeSecurityId""#,
        r#"TransformationClaimType="alternativeSecurityIds""#,
        "X008", "CreateAlternativeSecurityId").mentions("alternativeSecurityId").with(&["X007"]),
    // An output left unbound: the transformation still runs; a warning.
    case("x008-output-left-unbound", SAL, BASE,
        "</InputClaims>\n        <OutputClaims>\n          <OutputClaim ClaimTypeReferenceId=\"alternativeSecurityId\" TransformationClaimType=\"alternativeSecurityId\" />\n        </OutputClaims>",
        "</InputClaims>",
        // The unbound output was the only source of alternativeSecurityId,
        // which the social directory read requires (F001).
        "X008", "CreateAlternativeSecurityId").mentions("alternativeSecurityId").with(&["F001"]),
    case("x009-claim-data-type", SAL, BASE,
        r#"<InputClaim ClaimTypeReferenceId="issuerUserId" TransformationClaimType="key" />"#,
        r#"<InputClaim ClaimTypeReferenceId="accountEnabled" TransformationClaimType="key" />"#,
        "X009", "CreateAlternativeSecurityId").mentions("accountEnabled"),
    // ---- W: warnings only (exit 0) --------------------------------------------------------------
    case("w001-rp-claim-case", SAL, SUSI,
        r#"<OutputClaim ClaimTypeReferenceId="givenName" />"#,
        r#"<OutputClaim ClaimTypeReferenceId="GivenName" />"#,
        "W001", "GivenName").mentions("givenName"),
    case("w001-exchange-profile-case", LA, BASE,
        r#"TechnicalProfileReferenceId="LocalAccountWritePasswordUsingObjectId""#,
        r#"TechnicalProfileReferenceId="localaccountwritepasswordusingobjectid""#,
        "W001", "localaccountwritepasswordusingobjectid"),
    case("w002-settings-placeholder", SAL, EXT,
        r#"<Item Key="client_id">facebook_clientid</Item>"#,
        r#"<Item Key="client_id">{Settings:FacebookClientId}</Item>"#,
        "W002", "{Settings:FacebookClientId}"),
    // A placeholder in a PolicyId is W002's, not P007's.
    case("w002-placeholder-in-policy-id", SAL, PE,
        r#"PolicyId="B2C_1A_ProfileEdit""#,
        r#"PolicyId="B2C_1A_{Settings:Environment}_ProfileEdit""#,
        "W002", "{Settings:Environment}"),
    case("w003-localized-unknown-claim", SAL, LOC,
        r#"ElementId="email" StringId="UserHelpText""#,
        r#"ElementId="emailAddress" StringId="UserHelpText""#,
        "W003", "emailAddress").nth(1),
    // ---- claim flow and step types over the effective journeys ----
    // A restated directory read that now needs a claim no earlier step
    // outputs: reported at the input claim.
    case("f001-required-input-never-output", SAL, EXT,
        r#"<TechnicalProfile Id="login-NonInteractive">"#,
        r#"<TechnicalProfile Id="AAD-UserReadUsingObjectId">
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="grant_type" Required="true" />
          </InputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="login-NonInteractive">"#,
        "F001", "grant_type").mentions("AAD-UserReadUsingObjectId"),
    // An input claims transformation whose input nothing earlier makes.
    case("f002-transformation-input-never-output", SAL, EXT,
        " <BuildingBlocks>\n      \n  </BuildingBlocks>\n\n  <ClaimsProviders>\n",
        r#" <BuildingBlocks>
    <ClaimsTransformations>
      <ClaimsTransformation Id="CopyGrantType" TransformationMethod="CopyClaim">
        <InputClaims>
          <InputClaim ClaimTypeReferenceId="grant_type" TransformationClaimType="inputClaim" />
        </InputClaims>
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="upnUserName" TransformationClaimType="outputClaim" />
        </OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
  </BuildingBlocks>

  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Directory reads</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="AAD-UserReadUsingObjectId">
          <InputClaimsTransformations>
            <InputClaimsTransformation ReferenceId="CopyGrantType" />
          </InputClaimsTransformations>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
"#,
        "F002", "grant_type").mentions("CopyGrantType"),
    // Step 6 (write the social user) no longer skipped for a local
    // sign-in: it runs there without alternativeSecurityId.
    case("f003-required-input-absent-on-a-path", SAL, BASE,
        r#"<Value>objectId</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserWrite""#,
        r#"<Value>newUser</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserWrite""#,
        "F003", "alternativeSecurityId").mentions("SelfAsserted-LocalAccountSignin-Email"),
    case("f004-rp-output-never-produced", SAL, SUSI,
        r#"<OutputClaim ClaimTypeReferenceId="identityProvider" />"#,
        r#"<OutputClaim ClaimTypeReferenceId="identityProvider" />
        <OutputClaim ClaimTypeReferenceId="grant_type" />"#,
        "F004", "grant_type"),
    case("j009-token-issuer-exchanged", SAL, BASE,
        r#"<ClaimsExchange Id="AADUserReadWithObjectId" TechnicalProfileReferenceId="AAD-UserReadUsingObjectId" />"#,
        r#"<ClaimsExchange Id="AADUserReadWithObjectId" TechnicalProfileReferenceId="JwtIssuer" />"#,
        "J009", "JwtIssuer").nth(1).mentions("token issuer"),
    case("j009-session-manager-exchanged", SAL, BASE,
        r#"<ClaimsExchange Id="AADUserReadWithObjectId" TechnicalProfileReferenceId="AAD-UserReadUsingObjectId" />"#,
        r#"<ClaimsExchange Id="AADUserReadWithObjectId" TechnicalProfileReferenceId="SM-AAD" />"#,
        "J009", "SM-AAD").nth(1).mentions("session manager"),
    case("j010-session-manager-issues-token", SAL, BASE,
        r#"<OrchestrationStep Order="7" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />"#,
        r#"<OrchestrationStep Order="7" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="SM-AAD" />"#,
        "J010", "SM-AAD").nth(1),
    case("j011-exchange-in-send-claims", SAL, BASE,
        r#"<OrchestrationStep Order="7" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />"#,
        r#"<OrchestrationStep Order="7" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer">
          <ClaimsExchanges>
            <ClaimsExchange Id="ReadOnceMore" TechnicalProfileReferenceId="AAD-UserReadUsingObjectId" />
          </ClaimsExchanges>
        </OrchestrationStep>"#,
        "J011", "SignUpOrSignIn").nth(1),
    case("j012-empty-claims-exchange-step", SAL, BASE,
        r#"<ClaimsExchanges>
            <ClaimsExchange Id="AADUserWrite" TechnicalProfileReferenceId="AAD-UserWriteUsingAlternativeSecurityId" />
          </ClaimsExchanges>"#,
        "",
        "J012", "SignUpOrSignIn").nth(1).mentions("without a claims exchange"),
    case("j012-empty-invoke-sub-journey", PNP, PNP_BASE,
        r#"<JourneyList>
            <Candidate SubJourneyReferenceId="SignInWithPhone" />
          </JourneyList>"#,
        "",
        "J012", "SignUpOrSignInWithPhone").nth(1).mentions("names none"),
    case("j012-empty-selection-step", SAL, BASE,
        r#"<ClaimsProviderSelections>
            <ClaimsProviderSelection TargetClaimsExchangeId="FacebookExchange" />
            <ClaimsProviderSelection TargetClaimsExchangeId="LocalAccountSigninEmailExchange" />
          </ClaimsProviderSelections>"#,
        "",
        "J012", "ProfileEdit").nth(1).mentions("no selection"),
    case("j013-boolean-compared-with-text", SAL, BASE,
        r#"<Precondition Type="ClaimsExist" ExecuteActionsIf="true">
              <Value>objectId</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserWrite""#,
        r#"<Precondition Type="ClaimEquals" ExecuteActionsIf="true">
              <Value>newUser</Value>
              <Value>yes</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserWrite""#,
        "J013", "newUser").mentions("neither true nor false"),
    case("j013-collection-compared-with-text", SAL, BASE,
        r#"<Precondition Type="ClaimsExist" ExecuteActionsIf="true">
              <Value>objectId</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserWrite""#,
        r#"<Precondition Type="ClaimEquals" ExecuteActionsIf="true">
              <Value>otherMails</Value>
              <Value>someone@example.com</Value>
              <Action>SkipThisOrchestrationStep</Action>
            </Precondition>
          </Preconditions>
          <ClaimsExchanges>
            <ClaimsExchange Id="AADUserWrite""#,
        "J013", "otherMails").mentions("collection"),
];

// ---- running the CLI --------------------------------------------------------

/// One run of `ief check --format json`.
#[derive(Debug, Clone)]
struct Run {
    status: Option<i32>,
    diagnostics: Vec<Value>,
    stderr: String,
}

impl Run {
    fn errors(&self) -> impl Iterator<Item = &Value> {
        self.diagnostics.iter().filter(|d| d["severity"] == "error")
    }

    /// The diagnostics in one line each, for failure messages.
    fn listing(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let file = d["file"].as_str().unwrap_or("");
            let file = file.rsplit(['/', '\\']).next().unwrap_or(file);
            let message = d["message"].as_str().unwrap_or("");
            let short: String = message.chars().take(140).collect();
            out.push_str(&format!(
                "      {} {} id={} {}:{} {}\n",
                d["code"].as_str().unwrap_or("?"),
                d["severity"].as_str().unwrap_or("?"),
                d["id"],
                file,
                d["line"],
                short
            ));
        }
        if !self.stderr.trim().is_empty() {
            out.push_str(&format!("      stderr: {}\n", self.stderr.trim()));
        }
        out
    }
}

fn starterpack() -> PathBuf {
    common::conformance_dir().join("starterpack")
}

/// Copies the `.xml` files of `set` into a fresh temp folder `name`,
/// applying `edit` (file name, new text).
fn stage(set: &str, name: &str, edit: Option<(&str, &str)>) -> PathBuf {
    let src = starterpack().join(set);
    let dst = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("check_faults")
        .join(name);
    if dst.exists() {
        std::fs::remove_dir_all(&dst).unwrap();
    }
    std::fs::create_dir_all(&dst).unwrap();
    let mut copied = 0;
    for entry in std::fs::read_dir(&src)
        .unwrap_or_else(|e| panic!("cannot read starter-pack set {}: {e}", src.display()))
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "xml") {
            let file = path.file_name().unwrap().to_str().unwrap().to_owned();
            let target = dst.join(&file);
            match edit {
                Some((f, text)) if f == file => std::fs::write(&target, text).unwrap(),
                _ => {
                    std::fs::copy(&path, &target).unwrap();
                }
            }
            copied += 1;
        }
    }
    assert!(copied > 0, "no .xml files in {}", src.display());
    dst
}

fn run_check(dir: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ief"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("run the ief binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let doc: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    Run {
        status: out.status.code(),
        diagnostics: doc["diagnostics"].as_array().cloned().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `job` over `items` on all cores, keeping the order.
fn parallel<T: Sync, R: Send>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= items.len() {
                            break;
                        }
                        done.push((i, job(&items[i])));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The unmodified sets, each checked once per test binary.
fn baselines() -> &'static BTreeMap<&'static str, Run> {
    static CELL: OnceLock<BTreeMap<&'static str, Run>> = OnceLock::new();
    CELL.get_or_init(|| {
        let runs = parallel(&SETS, |set| {
            let name = format!("clean-{}", set.replace('/', "-"));
            run_check(&stage(set, &name, None))
        });
        SETS.iter().copied().zip(runs).collect()
    })
}

// ---- judging a case ---------------------------------------------------------

/// Applies the case's substitution, or says why it cannot.
fn mutate(case: &Case) -> Result<String, String> {
    let path = starterpack().join(case.set).join(case.file);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let starts: Vec<usize> = text.match_indices(case.from).map(|(i, _)| i).collect();
    let at = if case.nth == 0 {
        if starts.len() != 1 {
            return Err(format!(
                "`from` must occur exactly once in {}/{}, found {} times",
                case.set,
                case.file,
                starts.len()
            ));
        }
        starts[0]
    } else {
        *starts.get(case.nth - 1).ok_or_else(|| {
            format!(
                "`from` occurs {} times in {}/{}, so there is no occurrence {}",
                starts.len(),
                case.set,
                case.file,
                case.nth
            )
        })?
    };
    let mut out = String::with_capacity(text.len() + case.to.len());
    out.push_str(&text[..at]);
    out.push_str(case.to);
    out.push_str(&text[at + case.from.len()..]);
    Ok(out)
}

/// Whether the diagnostic names `id`: its `id` when set, else its message.
fn names(d: &Value, id: &str) -> bool {
    match d["id"].as_str() {
        Some(found) => found == id,
        None => d["message"].as_str().is_some_and(|m| m.contains(id)),
    }
}

/// How many lines above an edit the finding may point (the start of the
/// element that holds the edited attribute or child).
const SITE_SLACK: u64 = 12;

fn judge(case: &Case) -> Result<(), String> {
    let text = mutate(case)?;
    let dir = stage(case.set, case.name, Some((case.file, &text)));
    let run = run_check(&dir);
    let fail = |why: String| {
        Err(format!(
            "{why}\n    report ({} diagnostics, exit {:?}):\n{}",
            run.diagnostics.len(),
            run.status,
            run.listing()
        ))
    };
    if run.status.is_none() || (run.diagnostics.is_empty() && run.status != Some(0)) {
        return fail("the CLI produced no JSON report".into());
    }
    let matching: Vec<&Value> = run
        .diagnostics
        .iter()
        .filter(|d| d["code"] == case.code && names(d, case.id))
        .collect();
    if matching.is_empty() {
        return fail(format!("no {} diagnostic names `{}`", case.code, case.id));
    }
    let severity = case.severity();
    if !matching.iter().any(|d| d["severity"] == severity) {
        return fail(format!(
            "the {} diagnostic for `{}` is not a {severity}",
            case.code, case.id
        ));
    }
    if !matching.iter().any(|d| d["line"].as_u64().is_some()) {
        return fail(format!(
            "the {} diagnostic for `{}` has no line",
            case.code, case.id
        ));
    }
    // Where the fault was seeded: some finding must point there (the file,
    // and a line from a few lines above the edit, where the enclosing
    // element starts, to the end of the replacement).
    let original = std::fs::read_to_string(starterpack().join(case.set).join(case.file))
        .map_err(|e| e.to_string())?;
    let first_diff = original
        .bytes()
        .zip(text.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(original.len().min(text.len()));
    let seeded_line = text[..first_diff].matches('\n').count() as u64 + 1;
    let last_line = seeded_line + case.to.matches('\n').count() as u64;
    let at_the_fault = |d: &&Value| {
        let in_file = d["file"]
            .as_str()
            .is_some_and(|f| f.ends_with(&format!("/{}", case.file)));
        let line = d["line"].as_u64().unwrap_or(0);
        in_file && line + SITE_SLACK >= seeded_line && line <= last_line
    };
    if !case.reported_elsewhere() && !matching.iter().any(at_the_fault) {
        return fail(format!(
            "no {} diagnostic for `{}` points at the seeded fault ({}, lines {seeded_line}..={last_line})",
            case.code, case.id, case.file
        ));
    }
    if let Some(text) = case.mentions {
        if !matching
            .iter()
            .any(|d| d["message"].as_str().is_some_and(|m| m.contains(text)))
        {
            return fail(format!(
                "the {} diagnostic for `{}` does not mention `{text}`",
                case.code, case.id
            ));
        }
    }
    let before = baselines()[case.set]
        .diagnostics
        .iter()
        .filter(|d| d["code"] == case.code && names(d, case.id))
        .count();
    if matching.len() <= before {
        return fail(format!(
            "the unmodified set already has {before} such diagnostic(s); the case seeds nothing new"
        ));
    }
    let mut expected: BTreeSet<&str> = case.others.iter().copied().collect();
    if severity == "error" {
        expected.insert(case.code);
    }
    let found: BTreeSet<&str> = run.errors().filter_map(|d| d["code"].as_str()).collect();
    if found != expected {
        return fail(format!(
            "the report's error codes are {found:?}, expected exactly {expected:?}"
        ));
    }
    // Exit 1 when the fault brings an error, 0 when it brings warnings only.
    let want = if expected.is_empty() { 0 } else { 1 };
    if run.status != Some(want) {
        return fail(format!("exit status {:?}, expected {want}", run.status));
    }
    // A warning-only fault fails a check that denies warnings.
    if expected.is_empty() {
        let denied = Command::new(env!("CARGO_BIN_EXE_ief"))
            .arg("check")
            .arg(&dir)
            .arg("--deny-warnings")
            .output()
            .expect("run the ief binary")
            .status
            .code();
        if denied != Some(1) {
            return fail(format!(
                "exit status {denied:?} with --deny-warnings, expected 1"
            ));
        }
    }
    Ok(())
}

// ---- the tests --------------------------------------------------------------

#[test]
fn the_table_covers_every_rule_family() {
    assert!(CASES.len() >= 36, "only {} cases", CASES.len());
    let names: BTreeSet<&str> = CASES.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), CASES.len(), "case names must be unique");
    let codes: BTreeSet<&str> = CASES.iter().map(|c| c.code).collect();
    let required = [
        "P001", "P002", "P004", "P005", "P006", "P007", "P008", "I001", "D001", "R001", "R002",
        "R003", "R004", "R005", "R006", "R007", "R008", "R009", "R010", "R011", "R012", "J001",
        "J002", "J003", "J004", "J005", "J006", "J007", "J008", "T001", "T002", "T003", "T004",
        "T005", "T006", "T007", "C001", "X001", "X002", "X003", "X004", "X005", "X006", "X007",
        "X008", "X009", "W001", "W002", "W003", "F001", "F002", "F003", "F004", "J009", "J010",
        "J011", "J012", "J013",
    ];
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !codes.contains(c))
        .collect();
    assert!(missing.is_empty(), "no case for {missing:?}");
    let sets: BTreeSet<&str> = CASES.iter().map(|c| c.set).collect();
    assert_eq!(
        sets,
        SETS.iter().copied().collect(),
        "SETS must list the sets the cases use"
    );
}

#[test]
fn unmodified_sets_check_clean() {
    let mut failures = Vec::new();
    for (set, run) in baselines() {
        if run.status != Some(0) || run.errors().next().is_some() {
            failures.push(format!("{set}: exit {:?}\n{}", run.status, run.listing()));
        }
        if run.diagnostics.is_empty() && run.status != Some(0) {
            failures.push(format!("{set}: no JSON report"));
        }
    }
    assert!(
        failures.is_empty(),
        "unmodified starter-pack sets have errors:\n{}",
        failures.join("\n")
    );
}

#[test]
fn seeded_faults_are_reported() {
    // Start the baselines first so the cases do not wait for them one by one.
    let _ = baselines();
    let results = parallel(CASES, judge);
    let failures: Vec<String> = CASES
        .iter()
        .zip(results)
        .filter_map(|(case, r)| {
            r.err().map(|why| {
                format!(
                    "[{}] {}/{} (expects {} `{}`): {why}",
                    case.name, case.set, case.file, case.code, case.id
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} seeded-fault cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}
