//! Standard base building blocks: what a Social-and-Local-accounts starter
//! base provides, written with `ief::declare!`'s in-place definitions, in
//! this project's own words, under the ids B2C uses.
//!
//! A tenant starts from these as it would from the starter pack:
//! `trust_framework_base` and `trust_framework_localization` are the
//! first two files of the chain; the tenant's own extensions policy and
//! relying parties build on [`ids::scope`].
//!
//! Ids, data types, partner claim names, input controls, validation
//! patterns, protocols, metadata, keys, claims, transformations and session
//! managers are B2C's, so the base behaves as the starter pack's does;
//! every display name, help text and page string is this project's wording.

pub mod content;
pub mod extensions;
pub mod journeys;
mod tests;

use crate::claims::PartnerClaimType;
use crate::emit::PolicySet;
use crate::methods::RandomGeneratorType;
use crate::policy::TrustFrameworkPolicy;
use crate::providers::ProtocolName;
use crate::refs::{ExchangeRef, PolicyRef};
use content::{localized, page, resources, self_asserted_page, strings, Intro};

/// The email syntax B2C's directory accepts (the starter pack's pattern).
pub const EMAIL_PATTERN: &str = r"^[a-zA-Z0-9!#$%&'+^_`{}~-]+(?:\.[a-zA-Z0-9!#$%&'+^_`{}~-]+)*@(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$";

/// Azure AD's password rule: 8 to 16 characters from the allowed set, with
/// three of the four kinds (lower case, upper case, digit, symbol), and a
/// `.` never directly before `@`.
pub const PASSWORD_PATTERN: &str = r#"^((?=.*[a-z])(?=.*[A-Z])(?=.*\d)|(?=.*[a-z])(?=.*[A-Z])(?=.*[^A-Za-z0-9])|(?=.*[a-z])(?=.*\d)(?=.*[^A-Za-z0-9])|(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]))([A-Za-z\d@#$%^&*\-_+=[\]{}|\\:',?/`~"();!]|\.(?!@)){8,16}$"#;

/// What a user is told when a new password breaks [`PASSWORD_PATTERN`].
pub const PASSWORD_RULES: &str = "Use 8 to 16 characters and at least three of these four kinds: lower-case letters, upper-case letters, digits (0-9) and symbols (@ # $ % ^ & * - _ + = [ ] { } | \\ : ' , ? / ` ~ \" ( ) ; .).";

/// What a user is told when an email address breaks [`EMAIL_PATTERN`].
pub const EMAIL_RULES: &str = "Type an email address in the form name@example.com.";

/// The user names an identity provider's user id may take.
const USER_ID_PATTERN: &str = "^[a-zA-Z0-9]+[a-zA-Z0-9_-]*$";
/// What a user is told when a user id breaks [`USER_ID_PATTERN`].
const USER_ID_RULES: &str = "That user name is not accepted. Start with a letter or a digit; after that, use only letters, digits, underscores (_) and hyphens (-).";

/// The help text of the claims that carry request parameters to
/// login.microsoftonline.com.
const LOCAL_LOGIN_PARAMETER: &str =
    "Request parameter sent to login.microsoftonline.com when a local account signs in.";

/// How far apart, in milliseconds, a refresh token's issue time and the
/// revocation time may be and still count as the same instant (5 minutes).
const REFRESH_TOKEN_CLOCK_SKEW_MS: i32 = 300_000;

/// The claims exchange of the sign-up-or-sign-in journey that the sign-in
/// page's "sign up" link leads to (`SignUpTarget` of
/// `SelfAsserted-LocalAccountSignin-Email`). The journey must define an
/// exchange with this id.
pub const SIGN_UP_WITH_LOGON_EMAIL_EXCHANGE: ExchangeRef =
    ExchangeRef::new("SignUpWithLogonEmailExchange");

/// The claim is `jwt` in OAuth2 and OpenID Connect tokens and Microsoft's
/// `…/identity/claims/{saml}` in SAML tokens.
fn ms_claim(jwt: &str, saml: &str) -> Vec<PartnerClaimType> {
    partners(
        jwt,
        &format!("http://schemas.microsoft.com/identity/claims/{saml}"),
    )
}

/// The claim is `jwt` in OAuth2 and OpenID Connect tokens and the WS-*
/// `…/ws/2005/05/identity/claims/{saml}` in SAML tokens.
fn ws_claim(jwt: &str, saml: &str) -> Vec<PartnerClaimType> {
    partners(
        jwt,
        &format!("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/{saml}"),
    )
}

fn partners(jwt: &str, saml: &str) -> Vec<PartnerClaimType> {
    vec![
        PartnerClaimType::new(ProtocolName::OAuth2, jwt),
        PartnerClaimType::new(ProtocolName::OpenIdConnect, jwt),
        PartnerClaimType::new(ProtocolName::Saml2, saml),
    ]
}

crate::declare! {
    /// The ids of the base, each with its definition: every claim type,
    /// claims transformation, technical profile, content definition,
    /// journey and client definition a Social-and-Local-accounts base
    /// defines, with typed handles (`ids::claims::EMAIL` is a
    /// `Claim<Str>`). `ids::scope` is what a policy built on this base may
    /// reference; `ids::Definitions::written()` is the definitions.
    pub policy ids = "B2C_1A_TrustFrameworkBase" {
        claims {
            ISSUER_USER_ID: Str = "issuerUserId" => "Identity provider user ID" "" {
                input TextBox; pattern USER_ID_PATTERN, USER_ID_RULES;
            }
            TENANT_ID: Str = "tenantId" => "Directory tenant of the user"
                "Identifier of the Azure AD tenant in which the user's object lives." {
                partners ms_claim("tid", "tenantid");
            }
            OBJECT_ID: Str = "objectId" => "User object identifier"
                "Identifier of the user's object in the Azure AD directory." {
                partners ms_claim("oid", "objectidentifier");
            }
            SIGN_IN_NAME: Str = "signInName" => "Name used to sign in" "" { input TextBox; }
            SIGN_IN_NAMES_EMAIL_ADDRESS: Str = "signInNames.emailAddress" => "Sign-in email"
                "The email address you sign in with." { input TextBox; }
            ACCOUNT_ENABLED: Bool = "accountEnabled" => "Account is active"
                "Tells whether your account may be used to sign in." {
                admin_help "Tells whether this user account may be used to sign in.";
            }
            PASSWORD: Str = "password" => "Password" "Type your password" { input Password; }
            NEW_PASSWORD: Str = "newPassword" => "Choose a new password" "Type the password you want to use" {
                input Password; pattern PASSWORD_PATTERN, PASSWORD_RULES;
            }
            REENTER_PASSWORD: Str = "reenterPassword" => "Repeat the new password"
                "Type the same password again" { input Password; pattern PASSWORD_PATTERN, " "; }
            PASSWORD_POLICIES: Str = "passwordPolicies" => "Password rules"
                "Flags that tell Azure AD how to treat the password, such as strength checks and expiry.";
            CLIENT_ID: Str = "client_id" => "Client application ID"
                "Parameter forwarded to the Azure AD token service (EvoSTS)." {
                admin_help "Forwarded to EvoSTS, the Azure AD token service.";
            }
            RESOURCE_ID: Str = "resource_id" => "Target resource ID"
                "Parameter forwarded to the Azure AD token service (EvoSTS)." {
                admin_help "Forwarded to EvoSTS, the Azure AD token service.";
            }
            SUB: Str = "sub" => "Subject identifier" "" { partner OpenIdConnect = "sub"; }
            ALTERNATIVE_SECURITY_ID: Str = "alternativeSecurityId" => "Federated account key" "";
            MAIL_NICK_NAME: Str = "mailNickName" => "Mail alias" "The mail alias the directory keeps for you.";
            IDENTITY_PROVIDER: Str = "identityProvider" => "Name of the identity provider" "" {
                partners ms_claim("idp", "identityprovider");
            }
            DISPLAY_NAME: Str = "displayName" => "Name to display" "The name we show for you." {
                partner OAuth2 = "unique_name", OpenIdConnect = "name", Saml2 = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"; input TextBox;
            }
            EMAIL: Str = "email" => "Email" "An address where we can reach you by email." {
                partner OpenIdConnect = "email"; input TextBox; pattern EMAIL_PATTERN, EMAIL_RULES;
            }
            OTHER_MAILS: StringCollection = "otherMails" => "Other email addresses"
                "Further addresses at which the user can be reached by email.";
            USER_PRINCIPAL_NAME: Str = "userPrincipalName" => "User principal name (UPN)"
                "The sign-in name the directory keeps for you." {
                partners ms_claim("upn", "userprincipalname");
            }
            UPN_USER_NAME: Str = "upnUserName" => "User name part of the UPN"
                "The name from which the user principal name is built.";
            NEW_USER: Bool = "newUser" => "Newly created user" "";
            EXECUTED_SELF_ASSERTED_INPUT: Str = "executed-SelfAsserted-Input" => "Self-asserted page was shown"
                "Set when the user was asked for attributes on a self-asserted page.";
            AUTHENTICATION_SOURCE: Str = "authenticationSource" => "Where the user signed in"
                "Tells whether the user signed in with a social identity provider or with a local account.";
            REFRESH_TOKEN_ISSUED_ON_DATE_TIME: Str = "refreshTokenIssuedOnDateTime" => "Refresh token issue time"
                "Compared with the revocation time to decide whether your refresh token may still renew the session without a prompt." {
                admin_help "Compared with the revocation time to decide whether the refresh token may still renew the session without a prompt.";
            }
            REFRESH_TOKENS_VALID_FROM_DATE_TIME: Str = "refreshTokensValidFromDateTime" => "Refresh tokens valid from"
                "Refresh tokens issued before this time can no longer renew your session without a prompt." {
                admin_help "Refresh tokens issued before this time can no longer renew the session without a prompt.";
            }
            NCA: Str = "nca" => "Local account parameter (nca)" LOCAL_LOGIN_PARAMETER;
            GRANT_TYPE: Str = "grant_type" => "OAuth grant type (grant_type)" LOCAL_LOGIN_PARAMETER;
            SCOPE: Str = "scope" => "OAuth scope (scope)" LOCAL_LOGIN_PARAMETER;
            OBJECT_ID_FROM_SESSION: Bool = "objectIdFromSession" => "Object ID taken from the session"
                "Set by the default session manager when the object ID came from a single sign-on session.";
            IS_ACTIVE_MFA_SESSION: Bool = "isActiveMFASession" => "Active MFA session"
                "Set by the MFA session manager when the user already has a live multi-factor session.";
            GIVEN_NAME: Str = "givenName" => "First name" "Your first or given name." {
                partners ws_claim("given_name", "givenname"); input TextBox;
            }
            SURNAME: Str = "surname" => "Last name" "Your family or last name." {
                partners ws_claim("family_name", "surname"); input TextBox;
            }
        }
        transforms {
            // Adds the email address to the user's other addresses.
            CREATE_OTHER_MAILS_FROM_EMAIL = "CreateOtherMailsFromEmail" => AddItemToStringCollection {
                item: EMAIL, collection: OTHER_MAILS, output_collection: OTHER_MAILS }
            // A GUID as the unique part of a new user's principal name.
            CREATE_RANDOM_UPN_USER_NAME = "CreateRandomUPNUserName" => CreateRandomString {
                random_generator_type: RandomGeneratorType::Guid, string_format: None, base64: None,
                maximum_number: None, seed: None, output_claim: UPN_USER_NAME }
            // The principal name in the tenant's domain.
            CREATE_USER_PRINCIPAL_NAME = "CreateUserPrincipalName" => FormatStringClaim {
                input_claim: UPN_USER_NAME, string_format: "cpim_{0}@{RelyingPartyTenantId}".into(),
                output_claim: USER_PRINCIPAL_NAME }
            // The key that links a federated account to its directory user.
            CREATE_ALTERNATIVE_SECURITY_ID = "CreateAlternativeSecurityId" => CreateAlternativeSecurityId {
                key: ISSUER_USER_ID, identity_provider: IDENTITY_PROVIDER,
                alternative_security_id: ALTERNATIVE_SECURITY_ID }
            // `sub` of federated users: a literal B2C writes into tokens, so
            // it stays the starter pack's text.
            CREATE_SUBJECT_CLAIM_FROM_ALTERNATIVE_SECURITY_ID = "CreateSubjectClaimFromAlternativeSecurityId"
                => CreateStringClaim { value: "Not supported currently. Use oid claim.".into(), created_claim: SUB }
            // Stops a sign-in when the account is disabled.
            ASSERT_ACCOUNT_ENABLED_IS_TRUE = "AssertAccountEnabledIsTrue" => AssertBooleanClaimIsEqualToValue {
                input_claim: ACCOUNT_ENABLED, value_to_compare_to: true }
            // Refuses a refresh token issued before the user's tokens were revoked.
            ASSERT_REFRESH_TOKEN_ISSUED_LATER_THAN_VALID_FROM_DATE = "AssertRefreshTokenIssuedLaterThanValidFromDate"
                => AssertDateTimeIsGreaterThan {
                left_operand: REFRESH_TOKEN_ISSUED_ON_DATE_TIME, right_operand: REFRESH_TOKENS_VALID_FROM_DATE_TIME,
                assert_if_equal_to: Some(false), assert_if_right_operand_is_not_present: Some(true),
                treat_as_equal_if_within_millseconds: Some(REFRESH_TOKEN_CLOCK_SKEW_MS) }
        }
        profiles {
            provider "Facebook accounts" (domain = "facebook.com") {
                FACEBOOK_OAUTH = "Facebook-OAUTH" => partial oauth2 "Facebook" {
                    ProviderName: "facebook";
                    authorization_endpoint: "https://www.facebook.com/dialog/oauth";
                    AccessTokenEndpoint: "https://graph.facebook.com/oauth/access_token";
                    HttpBinding: GET; UsePolicyInRedirectUri: "0";
                    AccessTokenResponseFormat: "json";
                    key client_secret = "B2C_1A_FacebookSecret";
                    out ISSUER_USER_ID as "id", GIVEN_NAME as "first_name", SURNAME as "last_name",
                        DISPLAY_NAME as "name", EMAIL as "email", IDENTITY_PROVIDER = always "facebook.com",
                        AUTHENTICATION_SOURCE = always "socialIdpAuthentication";
                    out_transforms CREATE_RANDOM_UPN_USER_NAME, CREATE_USER_PRINCIPAL_NAME,
                        CREATE_ALTERNATIVE_SECURITY_ID;
                    session SM_SOCIAL_LOGIN;
                }
            }
            provider "Local account password check" {
                LOGIN_NON_INTERACTIVE = "login-NonInteractive" => partial oidc "Email and password check" {
                    ProviderName: "https://sts.windows.net/";
                    METADATA: "https://login.microsoftonline.com/{tenant}/.well-known/openid-configuration";
                    authorization_endpoint: "https://login.microsoftonline.com/{tenant}/oauth2/token";
                    response_types: "id_token"; response_mode: query; scope: "email openid";
                    UsePolicyInRedirectUri: false; HttpBinding: POST;
                    in SIGN_IN_NAME as "username" required, PASSWORD required, GRANT_TYPE = always "password",
                        SCOPE = always "openid", NCA as "nca" = "1";
                    out OBJECT_ID as "oid", TENANT_ID as "tid", GIVEN_NAME as "given_name", SURNAME as "family_name",
                        DISPLAY_NAME as "name", USER_PRINCIPAL_NAME as "upn",
                        AUTHENTICATION_SOURCE = "localAccountAuthentication";
                }
            }
            provider "User accounts in the tenant directory" {
                AAD_COMMON = "AAD-Common" => partial aad "Tenant directory" {
                    key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                    sso false;
                    session SM_NOOP;
                }
                AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID = "AAD-UserWriteUsingAlternativeSecurityId" => aad from AAD_COMMON {
                    Operation: Write; RaiseErrorIfClaimsPrincipalAlreadyExists: true;
                    sso false;
                    in_transforms CREATE_OTHER_MAILS_FROM_EMAIL;
                    in ALTERNATIVE_SECURITY_ID as "alternativeSecurityId" required;
                    persist ALTERNATIVE_SECURITY_ID, USER_PRINCIPAL_NAME, MAIL_NICK_NAME = "unknown",
                        DISPLAY_NAME = "unknown", OTHER_MAILS, GIVEN_NAME, SURNAME;
                    out OBJECT_ID, NEW_USER as "newClaimsPrincipalCreated", OTHER_MAILS;
                    session SM_AAD;
                }
                AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID = "AAD-UserReadUsingAlternativeSecurityId" => aad from AAD_COMMON {
                    Operation: Read; RaiseErrorIfClaimsPrincipalDoesNotExist: true;
                    in ALTERNATIVE_SECURITY_ID as "alternativeSecurityId" required;
                    out OBJECT_ID, USER_PRINCIPAL_NAME, DISPLAY_NAME, OTHER_MAILS, GIVEN_NAME, SURNAME;
                }
                AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID_NO_ERROR = "AAD-UserReadUsingAlternativeSecurityId-NoError" => aad from AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID {
                    RaiseErrorIfClaimsPrincipalDoesNotExist: false;
                }
                AAD_USER_WRITE_USING_LOGON_EMAIL = "AAD-UserWriteUsingLogonEmail" => aad from AAD_COMMON {
                    Operation: Write; RaiseErrorIfClaimsPrincipalAlreadyExists: true;
                    sso false;
                    in EMAIL as "signInNames.emailAddress" required;
                    persist EMAIL as "signInNames.emailAddress", NEW_PASSWORD as "password", DISPLAY_NAME = "unknown",
                        PASSWORD_POLICIES = "DisablePasswordExpiration", GIVEN_NAME, SURNAME;
                    out OBJECT_ID, NEW_USER as "newClaimsPrincipalCreated",
                        AUTHENTICATION_SOURCE = "localAccountAuthentication", USER_PRINCIPAL_NAME,
                        SIGN_IN_NAMES_EMAIL_ADDRESS;
                    session SM_AAD;
                }
                AAD_USER_READ_USING_EMAIL_ADDRESS = "AAD-UserReadUsingEmailAddress" => aad from AAD_COMMON {
                    Operation: Read; RaiseErrorIfClaimsPrincipalDoesNotExist: true;
                    sso false;
                    in EMAIL as "signInNames.emailAddress" required;
                    out OBJECT_ID, AUTHENTICATION_SOURCE = "localAccountAuthentication", USER_PRINCIPAL_NAME,
                        DISPLAY_NAME, ACCOUNT_ENABLED, OTHER_MAILS, SIGN_IN_NAMES_EMAIL_ADDRESS;
                    out_transforms ASSERT_ACCOUNT_ENABLED_IS_TRUE;
                }
                AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID = "AAD-UserWritePasswordUsingObjectId" => aad from AAD_COMMON {
                    Operation: Write; RaiseErrorIfClaimsPrincipalDoesNotExist: true;
                    sso false;
                    in OBJECT_ID required;
                    persist OBJECT_ID, NEW_PASSWORD as "password";
                }
                AAD_USER_WRITE_PROFILE_USING_OBJECT_ID = "AAD-UserWriteProfileUsingObjectId" => aad from AAD_COMMON {
                    Operation: Write; RaiseErrorIfClaimsPrincipalAlreadyExists: false;
                    RaiseErrorIfClaimsPrincipalDoesNotExist: true;
                    sso false;
                    in OBJECT_ID required;
                    persist OBJECT_ID, GIVEN_NAME, SURNAME;
                }
                AAD_USER_READ_USING_OBJECT_ID = "AAD-UserReadUsingObjectId" => aad from AAD_COMMON {
                    Operation: Read; RaiseErrorIfClaimsPrincipalDoesNotExist: true;
                    sso false;
                    in OBJECT_ID required;
                    out SIGN_IN_NAMES_EMAIL_ADDRESS, DISPLAY_NAME, OTHER_MAILS, GIVEN_NAME, SURNAME;
                }
            }
            provider "Pages that collect account details" {
                SELF_ASSERTED_SOCIAL = "SelfAsserted-Social" => self_asserted "Complete your new account" {
                    ContentDefinitionReferenceId: API_SOCIALCCOUNTSIGNUP;
                    key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                    in DISPLAY_NAME, GIVEN_NAME, SURNAME;
                    out OBJECT_ID, NEW_USER, EXECUTED_SELF_ASSERTED_INPUT = "true", DISPLAY_NAME, GIVEN_NAME, SURNAME;
                    validate AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID;
                    session SM_SOCIAL_SIGNUP;
                }
                SELF_ASSERTED_PROFILE_UPDATE = "SelfAsserted-ProfileUpdate" => self_asserted "Edit your profile" {
                    ContentDefinitionReferenceId: API_SELFASSERTED_PROFILEUPDATE;
                    sso false;
                    in ALTERNATIVE_SECURITY_ID, USER_PRINCIPAL_NAME, GIVEN_NAME, SURNAME;
                    out EXECUTED_SELF_ASSERTED_INPUT = "true", GIVEN_NAME, SURNAME;
                    validate AAD_USER_WRITE_PROFILE_USING_OBJECT_ID;
                }
            }
            provider "Email and password accounts" {
                LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL = "LocalAccountSignUpWithLogonEmail" => self_asserted "Create an account with your email" {
                    IpAddressClaimReferenceId: "IpAddress";
                    ContentDefinitionReferenceId: API_LOCALACCOUNTSIGNUP;
                    key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                    in EMAIL;
                    out OBJECT_ID, EMAIL as "Verified.Email" required, NEW_PASSWORD required, REENTER_PASSWORD required,
                        EXECUTED_SELF_ASSERTED_INPUT = "true", AUTHENTICATION_SOURCE, NEW_USER, DISPLAY_NAME,
                        GIVEN_NAME, SURNAME;
                    validate AAD_USER_WRITE_USING_LOGON_EMAIL;
                    session SM_AAD;
                }
                SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL = "SelfAsserted-LocalAccountSignin-Email" => self_asserted "Sign in with your email and password" {
                    SignUpTarget: "SignUpWithLogonEmailExchange"; "setting.operatingMode": Email;
                    ContentDefinitionReferenceId: API_LOCALACCOUNTSIGNIN;
                    IncludeClaimResolvingInClaimsHandling: true;
                    sso false;
                    in SIGN_IN_NAME = always "{OIDC:LoginHint}";
                    out SIGN_IN_NAME required, PASSWORD required, OBJECT_ID, AUTHENTICATION_SOURCE;
                    validate LOGIN_NON_INTERACTIVE;
                    session SM_AAD;
                }
                LOCAL_ACCOUNT_DISCOVERY_USING_EMAIL_ADDRESS = "LocalAccountDiscoveryUsingEmailAddress" => self_asserted "Find your account by its verified email" {
                    IpAddressClaimReferenceId: "IpAddress";
                    ContentDefinitionReferenceId: API_LOCALACCOUNTPASSWORDRESET;
                    key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                    sso false;
                    out EMAIL as "Verified.Email" required, OBJECT_ID, USER_PRINCIPAL_NAME, AUTHENTICATION_SOURCE;
                    validate AAD_USER_READ_USING_EMAIL_ADDRESS;
                }
                LOCAL_ACCOUNT_WRITE_PASSWORD_USING_OBJECT_ID = "LocalAccountWritePasswordUsingObjectId" => self_asserted "Choose a new password" {
                    ContentDefinitionReferenceId: API_LOCALACCOUNTPASSWORDRESET;
                    key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                    in OBJECT_ID;
                    out NEW_PASSWORD required, REENTER_PASSWORD required;
                    validate AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID;
                }
            }
            provider "Single sign-on sessions" {
                SM_NOOP = "SM-Noop" => session_noop "No session kept";
                SM_AAD = "SM-AAD" => session_default "Directory account session" {
                    persist OBJECT_ID, SIGN_IN_NAME, AUTHENTICATION_SOURCE, IDENTITY_PROVIDER, NEW_USER,
                        EXECUTED_SELF_ASSERTED_INPUT;
                    out OBJECT_ID_FROM_SESSION = "true";
                }
                SM_SOCIAL_SIGNUP = "SM-SocialSignup" => session_default from SM_AAD;
                SM_SOCIAL_LOGIN = "SM-SocialLogin" => session_external "External identity provider session" {
                    AlwaysFetchClaimsFromProvider: true;
                    persist ALTERNATIVE_SECURITY_ID;
                }
                SM_JWT_ISSUER = "SM-jwt-issuer" => session_oauth "OpenID Connect token session";
            }
            provider "Identity Experience Framework engine" {
                /// The token engine's default technical profile (its id is fixed by B2C).
                TP_ENGINE_DEFAULT = "TpEngine_c3bd4fe2-1775-4013-b91d-35f16d377d13" => none "Policy engine defaults" {
                    url: "{service:te}";
                }
            }
            provider "Tokens for applications" {
                JWT_ISSUER = "JwtIssuer" => jwt_issuer "OpenID Connect token issuer" {
                    token Jwt;
                    client_id: "{service:te}";
                    issuer_refresh_token_user_identity_claim_type: OBJECT_ID;
                    SendTokenResponseBodyWithJsonNumbers: true;
                    key issuer_secret = "B2C_1A_TokenSigningKeyContainer";
                    key issuer_refresh_token_key = "B2C_1A_TokenEncryptionKeyContainer";
                    session SM_JWT_ISSUER;
                }
            }
            provider "Refresh token redemption" {
                REFRESH_TOKEN_READ_AND_SETUP = "RefreshTokenReadAndSetup" => none "Claims of a redeemed refresh token" {
                    out OBJECT_ID, REFRESH_TOKEN_ISSUED_ON_DATE_TIME;
                }
                AAD_USER_READ_USING_OBJECT_ID_CHECK_REFRESH_TOKEN_DATE = "AAD-UserReadUsingObjectId-CheckRefreshTokenDate" => aad from AAD_USER_READ_USING_OBJECT_ID {
                    out REFRESH_TOKENS_VALID_FROM_DATE_TIME, DISPLAY_NAME;
                    out_transforms ASSERT_REFRESH_TOKEN_ISSUED_LATER_THAN_VALID_FROM_DATE;
                }
            }
        }
        // Each page names its AzureBlue template, the page contract and a
        // name for administrators.
        content_definitions {
            API_ERROR = "api.error" => { page(&API_ERROR, "exception.cshtml", "globalexception:1.2.1", "Unexpected error") }
            API_IDPSELECTIONS = "api.idpselections" => { page(&API_IDPSELECTIONS, "idpSelector.cshtml",
                "providerselection:1.2.1", "Choice of identity provider").intro("Choose how to sign in") }
            API_IDPSELECTIONS_SIGNUP = "api.idpselections.signup" => { page(&API_IDPSELECTIONS_SIGNUP,
                "idpSelector.cshtml", "providerselection:1.2.1", "Choice of identity provider").intro("Choose how to sign up") }
            API_SIGNUPORSIGNIN = "api.signuporsignin"
                => { page(&API_SIGNUPORSIGNIN, "unified.cshtml", "unifiedssp:2.1.5", "Sign in or create an account") }
            API_SELFASSERTED = "api.selfasserted" => { self_asserted_page(&API_SELFASSERTED, "Ask the user for details") }
            API_SELFASSERTED_PROFILEUPDATE = "api.selfasserted.profileupdate"
                => { self_asserted_page(&API_SELFASSERTED_PROFILEUPDATE, "Profile editing") }
            API_LOCALACCOUNTSIGNUP = "api.localaccountsignup"
                => { self_asserted_page(&API_LOCALACCOUNTSIGNUP, "Local account registration") }
            API_LOCALACCOUNTPASSWORDRESET = "api.localaccountpasswordreset"
                => { self_asserted_page(&API_LOCALACCOUNTPASSWORDRESET, "New password for a local account") }
            API_SOCIALCCOUNTSIGNUP = "api.socialccountsignup"
                => { self_asserted_page(&API_SOCIALCCOUNTSIGNUP, "Social account registration") }
            API_LOCALACCOUNTSIGNIN = "api.localaccountsignin"
                => { self_asserted_page(&API_LOCALACCOUNTSIGNIN, "Local account sign-in") }
        }
        journeys {
            SIGN_UP_OR_SIGN_IN = "SignUpOrSignIn" => { journeys::sign_up_or_sign_in() }
            PROFILE_EDIT = "ProfileEdit" => { journeys::profile_edit() }
            PASSWORD_RESET = "PasswordReset" => { journeys::password_reset() }
            REDEEM_REFRESH_TOKEN = "RedeemRefreshToken" => { journeys::redeem_refresh_token() }
        }
        client_definitions {
            DEFAULT_WEB = "DefaultWeb" => { crate::content::ClientDefinition {
                id: ids::client_definitions::DEFAULT_WEB, client_ui_filter_flags: "LineMarkers, MetaRefresh".into() } }
        }
    }

    /// The ids of the localization policy, `B2C_1A_TrustFrameworkLocalization`,
    /// which inherits from [`ids`]: the English strings of the pages, each
    /// page restated to take its strings from them. A tenant's extensions
    /// policy is built on this one.
    pub policy localization = "B2C_1A_TrustFrameworkLocalization": ids {
        restated {
            content_definitions {
                API_SIGNUPORSIGNIN => { localized(&API_SIGNUPORSIGNIN, &API_SIGNUPORSIGNIN_EN) }
                API_LOCALACCOUNTSIGNUP => { localized(&API_LOCALACCOUNTSIGNUP, &API_LOCALACCOUNTSIGNUP_EN) }
                API_SOCIALCCOUNTSIGNUP => { localized(&API_SOCIALCCOUNTSIGNUP, &API_SOCIALCCOUNTSIGNUP_EN) }
                API_LOCALACCOUNTPASSWORDRESET
                    => { localized(&API_LOCALACCOUNTPASSWORDRESET, &API_LOCALACCOUNTPASSWORDRESET_EN) }
                API_IDPSELECTIONS => { localized(&API_IDPSELECTIONS, &API_IDPSELECTIONS_EN) }
                API_LOCALACCOUNTSIGNIN => { localized(&API_LOCALACCOUNTSIGNIN, &API_LOCALACCOUNTSIGNIN_EN) }
                API_SELFASSERTED_PROFILEUPDATE
                    => { localized(&API_SELFASSERTED_PROFILEUPDATE, &API_SELFASSERTED_PROFILEUPDATE_EN) }
            }
        }
        localized_resources {
            API_SIGNUPORSIGNIN_EN = "api.signuporsignin.en" => { resources(&API_SIGNUPORSIGNIN_EN, strings::sign_up_or_sign_in()) }
            API_LOCALACCOUNTSIGNUP_EN = "api.localaccountsignup.en" => { resources(&API_LOCALACCOUNTSIGNUP_EN, strings::local_sign_up()) }
            API_SOCIALCCOUNTSIGNUP_EN = "api.socialccountsignup.en" => { resources(&API_SOCIALCCOUNTSIGNUP_EN, strings::social_sign_up()) }
            API_LOCALACCOUNTPASSWORDRESET_EN = "api.localaccountpasswordreset.en" => { resources(&API_LOCALACCOUNTPASSWORDRESET_EN, strings::password_reset()) }
            API_IDPSELECTIONS_EN = "api.idpselections.en" => { resources(&API_IDPSELECTIONS_EN, strings::idp_selection()) }
            API_LOCALACCOUNTSIGNIN_EN = "api.localaccountsignin.en" => { resources(&API_LOCALACCOUNTSIGNIN_EN, strings::local_sign_in()) }
            API_SELFASSERTED_PROFILEUPDATE_EN = "api.selfasserted.profileupdate.en" => { resources(&API_SELFASSERTED_PROFILEUPDATE_EN, strings::profile_update()) }
        }
    }
}

use ids::content_definitions::*;
use localization::localized_resources::*;

/// The localization policy's id; it inherits from [`ids::POLICY`].
pub const LOCALIZATION: PolicyRef<localization::Policy> = localization::POLICY;

/// The base's two files for `tenant`, in upload order:
/// `TrustFrameworkBase.xml` and `TrustFrameworkLocalization.xml`. Add a
/// set's own files after them with [`PolicySet::with`].
pub fn policy_set(tenant: &str) -> PolicySet {
    PolicySet::new()
        .with("TrustFrameworkBase.xml", trust_framework_base(tenant))
        .with(
            "TrustFrameworkLocalization.xml",
            trust_framework_localization(tenant),
        )
}

/// `TrustFrameworkBase` for `tenant`: claims, transformations, content
/// definitions, the directory, local-account, social-account, session and
/// token-issuer profiles, and the sign-up-or-sign-in, profile-edit,
/// password-reset and refresh-token journeys.
pub fn trust_framework_base(tenant: &str) -> TrustFrameworkPolicy<ids::Policy> {
    ids::Definitions::written().into_policy(tenant)
}

/// `TrustFrameworkLocalization` for `tenant`: the English strings of the
/// pages, on top of [`trust_framework_base`].
pub fn trust_framework_localization(tenant: &str) -> TrustFrameworkPolicy<localization::Policy> {
    let mut policy = localization::Definitions::written().into_policy(tenant);
    content::english(policy.localization_mut());
    policy
}
