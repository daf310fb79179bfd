//! Standard base building blocks: what a Social-and-Local-accounts starter
//! base provides, written with the ief builders, in this project's own
//! words, under the ids B2C uses.
//!
//! A tenant starts from these as it would from the starter pack:
//! `trust_framework_base` and `trust_framework_localization` are the
//! first two files of the chain; the tenant's own extensions policy and
//! relying parties build on [`ids::scope`].

pub mod claims;
pub mod content;
pub mod journeys;
pub mod profiles;
pub mod transforms;

crate::declare! {
    /// The ids of the base: every claim type, claims transformation, technical
    /// profile, content definition, journey, localized resources set and
    /// client definition a Social-and-Local-accounts base defines, with typed
    /// handles (`ids::claims::EMAIL` is a `Claim<Str>`). `ids::scope` is what
    /// a policy built on this base may reference.
    pub policy ids = "B2C_1A_TrustFrameworkBase" {
        claims {
            ISSUER_USER_ID: Str = "issuerUserId";
            TENANT_ID: Str = "tenantId";
            OBJECT_ID: Str = "objectId";
            SIGN_IN_NAME: Str = "signInName";
            SIGN_IN_NAMES_EMAIL_ADDRESS: Str = "signInNames.emailAddress";
            ACCOUNT_ENABLED: Bool = "accountEnabled";
            PASSWORD: Str = "password";
            NEW_PASSWORD: Str = "newPassword";
            REENTER_PASSWORD: Str = "reenterPassword";
            PASSWORD_POLICIES: Str = "passwordPolicies";
            CLIENT_ID: Str = "client_id";
            RESOURCE_ID: Str = "resource_id";
            SUB: Str = "sub";
            ALTERNATIVE_SECURITY_ID: Str = "alternativeSecurityId";
            MAIL_NICK_NAME: Str = "mailNickName";
            IDENTITY_PROVIDER: Str = "identityProvider";
            DISPLAY_NAME: Str = "displayName";
            EMAIL: Str = "email";
            OTHER_MAILS: StringCollection = "otherMails";
            USER_PRINCIPAL_NAME: Str = "userPrincipalName";
            UPN_USER_NAME: Str = "upnUserName";
            NEW_USER: Bool = "newUser";
            EXECUTED_SELF_ASSERTED_INPUT: Str = "executed-SelfAsserted-Input";
            AUTHENTICATION_SOURCE: Str = "authenticationSource";
            REFRESH_TOKEN_ISSUED_ON_DATE_TIME: Str = "refreshTokenIssuedOnDateTime";
            REFRESH_TOKENS_VALID_FROM_DATE_TIME: Str = "refreshTokensValidFromDateTime";
            NCA: Str = "nca";
            GRANT_TYPE: Str = "grant_type";
            SCOPE: Str = "scope";
            OBJECT_ID_FROM_SESSION: Bool = "objectIdFromSession";
            IS_ACTIVE_MFA_SESSION: Bool = "isActiveMFASession";
            GIVEN_NAME: Str = "givenName";
            SURNAME: Str = "surname";
        }
        transforms {
            CREATE_OTHER_MAILS_FROM_EMAIL = "CreateOtherMailsFromEmail";
            CREATE_RANDOM_UPN_USER_NAME = "CreateRandomUPNUserName";
            CREATE_USER_PRINCIPAL_NAME = "CreateUserPrincipalName";
            CREATE_ALTERNATIVE_SECURITY_ID = "CreateAlternativeSecurityId";
            CREATE_SUBJECT_CLAIM_FROM_ALTERNATIVE_SECURITY_ID = "CreateSubjectClaimFromAlternativeSecurityId";
            ASSERT_ACCOUNT_ENABLED_IS_TRUE = "AssertAccountEnabledIsTrue";
            ASSERT_REFRESH_TOKEN_ISSUED_LATER_THAN_VALID_FROM_DATE = "AssertRefreshTokenIssuedLaterThanValidFromDate";
        }
        profiles {
            FACEBOOK_OAUTH = "Facebook-OAUTH";
            LOGIN_NON_INTERACTIVE = "login-NonInteractive";
            AAD_COMMON = "AAD-Common";
            AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID = "AAD-UserWriteUsingAlternativeSecurityId";
            AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID = "AAD-UserReadUsingAlternativeSecurityId";
            AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID_NO_ERROR = "AAD-UserReadUsingAlternativeSecurityId-NoError";
            AAD_USER_WRITE_USING_LOGON_EMAIL = "AAD-UserWriteUsingLogonEmail";
            AAD_USER_READ_USING_EMAIL_ADDRESS = "AAD-UserReadUsingEmailAddress";
            AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID = "AAD-UserWritePasswordUsingObjectId";
            AAD_USER_WRITE_PROFILE_USING_OBJECT_ID = "AAD-UserWriteProfileUsingObjectId";
            AAD_USER_READ_USING_OBJECT_ID = "AAD-UserReadUsingObjectId";
            SELF_ASSERTED_SOCIAL = "SelfAsserted-Social";
            SELF_ASSERTED_PROFILE_UPDATE = "SelfAsserted-ProfileUpdate";
            LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL = "LocalAccountSignUpWithLogonEmail";
            SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL = "SelfAsserted-LocalAccountSignin-Email";
            LOCAL_ACCOUNT_DISCOVERY_USING_EMAIL_ADDRESS = "LocalAccountDiscoveryUsingEmailAddress";
            LOCAL_ACCOUNT_WRITE_PASSWORD_USING_OBJECT_ID = "LocalAccountWritePasswordUsingObjectId";
            SM_NOOP = "SM-Noop";
            SM_AAD = "SM-AAD";
            SM_SOCIAL_SIGNUP = "SM-SocialSignup";
            SM_SOCIAL_LOGIN = "SM-SocialLogin";
            SM_JWT_ISSUER = "SM-jwt-issuer";
            /// The token engine's default technical profile (its id is fixed by B2C).
            TP_ENGINE_DEFAULT = "TpEngine_c3bd4fe2-1775-4013-b91d-35f16d377d13";
            JWT_ISSUER = "JwtIssuer";
            REFRESH_TOKEN_READ_AND_SETUP = "RefreshTokenReadAndSetup";
            AAD_USER_READ_USING_OBJECT_ID_CHECK_REFRESH_TOKEN_DATE = "AAD-UserReadUsingObjectId-CheckRefreshTokenDate";
        }
        content_definitions {
            API_ERROR = "api.error";
            API_IDPSELECTIONS = "api.idpselections";
            API_IDPSELECTIONS_SIGNUP = "api.idpselections.signup";
            API_SIGNUPORSIGNIN = "api.signuporsignin";
            API_SELFASSERTED = "api.selfasserted";
            API_SELFASSERTED_PROFILEUPDATE = "api.selfasserted.profileupdate";
            API_LOCALACCOUNTSIGNUP = "api.localaccountsignup";
            API_LOCALACCOUNTPASSWORDRESET = "api.localaccountpasswordreset";
            API_SOCIALCCOUNTSIGNUP = "api.socialccountsignup";
            API_LOCALACCOUNTSIGNIN = "api.localaccountsignin";
        }
        journeys {
            SIGN_UP_OR_SIGN_IN = "SignUpOrSignIn";
            PROFILE_EDIT = "ProfileEdit";
            PASSWORD_RESET = "PasswordReset";
            REDEEM_REFRESH_TOKEN = "RedeemRefreshToken";
        }
        client_definitions {
            DEFAULT_WEB = "DefaultWeb";
        }
    }

    /// The ids of the localization policy, `B2C_1A_TrustFrameworkLocalization`,
    /// which inherits from [`ids`]: the English strings of the pages. A
    /// tenant's extensions policy is built on this one.
    pub policy localization = "B2C_1A_TrustFrameworkLocalization": ids {
        localized_resources {
            API_SIGNUPORSIGNIN_EN = "api.signuporsignin.en";
            API_LOCALACCOUNTSIGNUP_EN = "api.localaccountsignup.en";
            API_SOCIALCCOUNTSIGNUP_EN = "api.socialccountsignup.en";
            API_LOCALACCOUNTPASSWORDRESET_EN = "api.localaccountpasswordreset.en";
            API_IDPSELECTIONS_EN = "api.idpselections.en";
            API_LOCALACCOUNTSIGNIN_EN = "api.localaccountsignin.en";
            API_SELFASSERTED_PROFILEUPDATE_EN = "api.selfasserted.profileupdate.en";
        }
    }
}

pub mod extensions;

use crate::policy::{BasePolicy, BuildingBlocks, TrustFrameworkPolicy};
use crate::refs::PolicyRef;

/// The localization policy's id; it inherits from [`ids::POLICY`].
pub const LOCALIZATION: PolicyRef<localization::Policy> = localization::POLICY;

/// `TrustFrameworkBase` for `tenant`: claims, transformations, content
/// definitions, the directory, local-account, social-account, session and
/// token-issuer profiles, and the sign-up-or-sign-in, profile-edit,
/// password-reset and refresh-token journeys.
pub fn trust_framework_base(tenant: &str) -> TrustFrameworkPolicy<ids::Policy> {
    TrustFrameworkPolicy::builder()
        .tenant_id(tenant)
        .policy_id(ids::POLICY)
        .building_blocks(
            BuildingBlocks::builder()
                .claims_schema(claims::claims_schema())
                .claims_transformations(transforms::claims_transformations())
                .client_definitions(content::client_definitions())
                .content_definitions(content::content_definitions())
                .build(),
        )
        .claims_providers(profiles::claims_providers())
        .user_journeys(journeys::user_journeys())
        .build()
}

/// `TrustFrameworkLocalization` for `tenant`: the English strings of the
/// pages, on top of [`trust_framework_base`].
pub fn trust_framework_localization(tenant: &str) -> TrustFrameworkPolicy<localization::Policy> {
    let (content_definitions, localization) = content::localization();
    TrustFrameworkPolicy::builder()
        .tenant_id(tenant)
        .policy_id(localization::POLICY)
        .base_policy(BasePolicy::new(tenant, ids::POLICY))
        .building_blocks(
            BuildingBlocks::builder()
                .content_definitions(content_definitions)
                .localization(localization)
                .build(),
        )
        .build()
}
