// The Trusona integration written against a base without social-account
// support (shaped like the starter pack's LocalAccounts base) does not
// compile: the social profiles, transformations and claims it needs are
// not in the chain.
#[macro_use]
#[path = "../../../examples/trusona/provider.rs"]
mod provider;

ief::declare! {
    pub policy local_base = "B2C_1A_TrustFrameworkBase" {
            claims {
                SOCIAL_IDP_USER_ID: Str = "socialIdpUserId";
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
                ASSERT_ACCOUNT_ENABLED_IS_TRUE = "AssertAccountEnabledIsTrue";
                ASSERT_REFRESH_TOKEN_ISSUED_LATER_THAN_VALID_FROM_DATE = "AssertRefreshTokenIssuedLaterThanValidFromDate";
            }
            profiles {
                LOGIN_NON_INTERACTIVE = "login-NonInteractive";
                AAD_COMMON = "AAD-Common";
                AAD_USER_WRITE_USING_LOGON_EMAIL = "AAD-UserWriteUsingLogonEmail";
                AAD_USER_READ_USING_EMAIL_ADDRESS = "AAD-UserReadUsingEmailAddress";
                AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID = "AAD-UserWritePasswordUsingObjectId";
                AAD_USER_WRITE_PROFILE_USING_OBJECT_ID = "AAD-UserWriteProfileUsingObjectId";
                AAD_USER_READ_USING_OBJECT_ID = "AAD-UserReadUsingObjectId";
                SELF_ASSERTED_PROFILE_UPDATE = "SelfAsserted-ProfileUpdate";
                LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL = "LocalAccountSignUpWithLogonEmail";
                SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL = "SelfAsserted-LocalAccountSignin-Email";
                LOCAL_ACCOUNT_DISCOVERY_USING_EMAIL_ADDRESS = "LocalAccountDiscoveryUsingEmailAddress";
                LOCAL_ACCOUNT_WRITE_PASSWORD_USING_OBJECT_ID = "LocalAccountWritePasswordUsingObjectId";
                SM_NOOP = "SM-Noop";
                SM_AAD = "SM-AAD";
                SM_JWT_ISSUER = "SM-jwt-issuer";
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
                API_LOCALACCOUNTSIGNIN = "api.localaccountsignin";
            }
            journeys {
                SIGN_UP_OR_SIGN_IN = "SignUpOrSignIn";
                PROFILE_EDIT = "ProfileEdit";
                PASSWORD_RESET = "PasswordReset";
                REDEEM_REFRESH_TOKEN = "RedeemRefreshToken";
            }
            localized_resources {
                API_SIGNUPORSIGNIN_EN = "api.signuporsignin.en";
                API_LOCALACCOUNTSIGNUP_EN = "api.localaccountsignup.en";
                API_SELFASSERTED_EN = "api.selfasserted.en";
                API_LOCALACCOUNTPASSWORDRESET_EN = "api.localaccountpasswordreset.en";
                API_IDPSELECTIONS_EN = "api.idpselections.en";
                API_LOCALACCOUNTSIGNIN_EN = "api.localaccountsignin.en";
                API_SELFASSERTED_PROFILEUPDATE_EN = "api.selfasserted.profileupdate.en";
            }
            client_definitions {
                DEFAULT_WEB = "DefaultWeb";
            }
    }
    pub policy extensions = "B2C_1A_TrustFrameworkExtensions": local_base {
        claims {
            CORRELATION_ID: Str = "correlationId";
        }
        profiles {
            TRUSONA_TAC_OPENID_CONNECT = "TrusonaTAC-OpenIdConnect";
        }
        journeys {
            TRUSONA_TAC_SUSI = "TrusonaTacSUSI";
        }
    }
}

fn main() {
    let _ = trusona_profile!(
        extensions,
        "client-id",
        "https://authcloud.trusona.net/.well-known/openid-configuration",
        "B2C_1A_TrusonaTacClientSecret"
    );
    let _ = trusona_susi_journey!(extensions::scope);
}
