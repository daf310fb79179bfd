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
            provider "Facebook accounts" (domain = "facebook.com") {
                FACEBOOK_OAUTH = "Facebook-OAUTH";
            }
            provider "Local account password check" {
                LOGIN_NON_INTERACTIVE = "login-NonInteractive";
            }
            provider "User accounts in the tenant directory" {
                AAD_COMMON = "AAD-Common";
                AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID = "AAD-UserWriteUsingAlternativeSecurityId";
                AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID = "AAD-UserReadUsingAlternativeSecurityId";
                AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID_NO_ERROR = "AAD-UserReadUsingAlternativeSecurityId-NoError";
                AAD_USER_WRITE_USING_LOGON_EMAIL = "AAD-UserWriteUsingLogonEmail";
                AAD_USER_READ_USING_EMAIL_ADDRESS = "AAD-UserReadUsingEmailAddress";
                AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID = "AAD-UserWritePasswordUsingObjectId";
                AAD_USER_WRITE_PROFILE_USING_OBJECT_ID = "AAD-UserWriteProfileUsingObjectId";
                AAD_USER_READ_USING_OBJECT_ID = "AAD-UserReadUsingObjectId";
            }
            provider "Pages that collect account details" {
                SELF_ASSERTED_SOCIAL = "SelfAsserted-Social";
                SELF_ASSERTED_PROFILE_UPDATE = "SelfAsserted-ProfileUpdate";
            }
            provider "Email and password accounts" {
                LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL = "LocalAccountSignUpWithLogonEmail";
                SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL = "SelfAsserted-LocalAccountSignin-Email";
                LOCAL_ACCOUNT_DISCOVERY_USING_EMAIL_ADDRESS = "LocalAccountDiscoveryUsingEmailAddress";
                LOCAL_ACCOUNT_WRITE_PASSWORD_USING_OBJECT_ID = "LocalAccountWritePasswordUsingObjectId";
            }
            provider "Single sign-on sessions" {
                SM_NOOP = "SM-Noop";
                SM_AAD = "SM-AAD";
                SM_SOCIAL_SIGNUP = "SM-SocialSignup";
                SM_SOCIAL_LOGIN = "SM-SocialLogin";
                SM_JWT_ISSUER = "SM-jwt-issuer";
            }
            provider "Identity Experience Framework engine" {
                /// The token engine's default technical profile (its id is fixed by B2C).
                TP_ENGINE_DEFAULT = "TpEngine_c3bd4fe2-1775-4013-b91d-35f16d377d13";
            }
            provider "Tokens for applications" {
                JWT_ISSUER = "JwtIssuer";
            }
            provider "Refresh token redemption" {
                REFRESH_TOKEN_READ_AND_SETUP = "RefreshTokenReadAndSetup";
                AAD_USER_READ_USING_OBJECT_ID_CHECK_REFRESH_TOKEN_DATE = "AAD-UserReadUsingObjectId-CheckRefreshTokenDate";
            }
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
        restated {
            content_definitions {
                API_SIGNUPORSIGNIN;
                API_LOCALACCOUNTSIGNUP;
                API_SOCIALCCOUNTSIGNUP;
                API_LOCALACCOUNTPASSWORDRESET;
                API_IDPSELECTIONS;
                API_LOCALACCOUNTSIGNIN;
                API_SELFASSERTED_PROFILEUPDATE;
            }
        }
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

use crate::policy::TrustFrameworkPolicy;
use crate::refs::PolicyRef;

/// The localization policy's id; it inherits from [`ids::POLICY`].
pub const LOCALIZATION: PolicyRef<localization::Policy> = localization::POLICY;

/// The base's two files for `tenant`, in upload order:
/// `TrustFrameworkBase.xml` and `TrustFrameworkLocalization.xml`. Add a
/// set's own files after them with [`PolicySet::with`](crate::emit::PolicySet::with).
pub fn policy_set(tenant: &str) -> crate::emit::PolicySet {
    crate::emit::PolicySet::new()
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
    // Each module builds its definitions as a list, in the starter pack's
    // order; `ids::Definitions` names every declared id once, so a declared
    // id without a definition does not compile, and `take` moves each
    // definition into its field by id.
    let mut claims = claims::claims_schema();
    let mut transforms = transforms::claims_transformations();
    let mut client_definitions = content::client_definitions();
    let mut content_definitions = content::content_definitions();
    let mut profiles: Vec<_> = profiles::claims_providers()
        .into_iter()
        .flat_map(|p| p.technical_profiles)
        .collect();
    let mut journeys = journeys::user_journeys();
    let definitions = ids::Definitions {
        issuer_user_id: take(&mut claims, &ids::claims::ISSUER_USER_ID),
        tenant_id: take(&mut claims, &ids::claims::TENANT_ID),
        object_id: take(&mut claims, &ids::claims::OBJECT_ID),
        sign_in_name: take(&mut claims, &ids::claims::SIGN_IN_NAME),
        sign_in_names_email_address: take(&mut claims, &ids::claims::SIGN_IN_NAMES_EMAIL_ADDRESS),
        account_enabled: take(&mut claims, &ids::claims::ACCOUNT_ENABLED),
        password: take(&mut claims, &ids::claims::PASSWORD),
        new_password: take(&mut claims, &ids::claims::NEW_PASSWORD),
        reenter_password: take(&mut claims, &ids::claims::REENTER_PASSWORD),
        password_policies: take(&mut claims, &ids::claims::PASSWORD_POLICIES),
        client_id: take(&mut claims, &ids::claims::CLIENT_ID),
        resource_id: take(&mut claims, &ids::claims::RESOURCE_ID),
        sub: take(&mut claims, &ids::claims::SUB),
        alternative_security_id: take(&mut claims, &ids::claims::ALTERNATIVE_SECURITY_ID),
        mail_nick_name: take(&mut claims, &ids::claims::MAIL_NICK_NAME),
        identity_provider: take(&mut claims, &ids::claims::IDENTITY_PROVIDER),
        display_name: take(&mut claims, &ids::claims::DISPLAY_NAME),
        email: take(&mut claims, &ids::claims::EMAIL),
        other_mails: take(&mut claims, &ids::claims::OTHER_MAILS),
        user_principal_name: take(&mut claims, &ids::claims::USER_PRINCIPAL_NAME),
        upn_user_name: take(&mut claims, &ids::claims::UPN_USER_NAME),
        new_user: take(&mut claims, &ids::claims::NEW_USER),
        executed_self_asserted_input: take(&mut claims, &ids::claims::EXECUTED_SELF_ASSERTED_INPUT),
        authentication_source: take(&mut claims, &ids::claims::AUTHENTICATION_SOURCE),
        refresh_token_issued_on_date_time: take(
            &mut claims,
            &ids::claims::REFRESH_TOKEN_ISSUED_ON_DATE_TIME,
        ),
        refresh_tokens_valid_from_date_time: take(
            &mut claims,
            &ids::claims::REFRESH_TOKENS_VALID_FROM_DATE_TIME,
        ),
        nca: take(&mut claims, &ids::claims::NCA),
        grant_type: take(&mut claims, &ids::claims::GRANT_TYPE),
        scope: take(&mut claims, &ids::claims::SCOPE),
        object_id_from_session: take(&mut claims, &ids::claims::OBJECT_ID_FROM_SESSION),
        is_active_mfa_session: take(&mut claims, &ids::claims::IS_ACTIVE_MFA_SESSION),
        given_name: take(&mut claims, &ids::claims::GIVEN_NAME),
        surname: take(&mut claims, &ids::claims::SURNAME),
        create_other_mails_from_email: take(
            &mut transforms,
            &ids::transforms::CREATE_OTHER_MAILS_FROM_EMAIL,
        ),
        create_random_upn_user_name: take(
            &mut transforms,
            &ids::transforms::CREATE_RANDOM_UPN_USER_NAME,
        ),
        create_user_principal_name: take(
            &mut transforms,
            &ids::transforms::CREATE_USER_PRINCIPAL_NAME,
        ),
        create_alternative_security_id: take(
            &mut transforms,
            &ids::transforms::CREATE_ALTERNATIVE_SECURITY_ID,
        ),
        create_subject_claim_from_alternative_security_id: take(
            &mut transforms,
            &ids::transforms::CREATE_SUBJECT_CLAIM_FROM_ALTERNATIVE_SECURITY_ID,
        ),
        assert_account_enabled_is_true: take(
            &mut transforms,
            &ids::transforms::ASSERT_ACCOUNT_ENABLED_IS_TRUE,
        ),
        assert_refresh_token_issued_later_than_valid_from_date: take(
            &mut transforms,
            &ids::transforms::ASSERT_REFRESH_TOKEN_ISSUED_LATER_THAN_VALID_FROM_DATE,
        ),
        default_web: take(
            &mut client_definitions,
            &ids::client_definitions::DEFAULT_WEB,
        ),
        api_error: take(
            &mut content_definitions,
            &ids::content_definitions::API_ERROR,
        ),
        api_idpselections: take(
            &mut content_definitions,
            &ids::content_definitions::API_IDPSELECTIONS,
        ),
        api_idpselections_signup: take(
            &mut content_definitions,
            &ids::content_definitions::API_IDPSELECTIONS_SIGNUP,
        ),
        api_signuporsignin: take(
            &mut content_definitions,
            &ids::content_definitions::API_SIGNUPORSIGNIN,
        ),
        api_selfasserted: take(
            &mut content_definitions,
            &ids::content_definitions::API_SELFASSERTED,
        ),
        api_selfasserted_profileupdate: take(
            &mut content_definitions,
            &ids::content_definitions::API_SELFASSERTED_PROFILEUPDATE,
        ),
        api_localaccountsignup: take(
            &mut content_definitions,
            &ids::content_definitions::API_LOCALACCOUNTSIGNUP,
        ),
        api_localaccountpasswordreset: take(
            &mut content_definitions,
            &ids::content_definitions::API_LOCALACCOUNTPASSWORDRESET,
        ),
        api_socialccountsignup: take(
            &mut content_definitions,
            &ids::content_definitions::API_SOCIALCCOUNTSIGNUP,
        ),
        api_localaccountsignin: take(
            &mut content_definitions,
            &ids::content_definitions::API_LOCALACCOUNTSIGNIN,
        ),
        facebook_oauth: take(&mut profiles, &ids::profiles::FACEBOOK_OAUTH),
        login_non_interactive: take(&mut profiles, &ids::profiles::LOGIN_NON_INTERACTIVE),
        aad_common: take(&mut profiles, &ids::profiles::AAD_COMMON),
        aad_user_write_using_alternative_security_id: take(
            &mut profiles,
            &ids::profiles::AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID,
        ),
        aad_user_read_using_alternative_security_id: take(
            &mut profiles,
            &ids::profiles::AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID,
        ),
        aad_user_read_using_alternative_security_id_no_error: take(
            &mut profiles,
            &ids::profiles::AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID_NO_ERROR,
        ),
        aad_user_write_using_logon_email: take(
            &mut profiles,
            &ids::profiles::AAD_USER_WRITE_USING_LOGON_EMAIL,
        ),
        aad_user_read_using_email_address: take(
            &mut profiles,
            &ids::profiles::AAD_USER_READ_USING_EMAIL_ADDRESS,
        ),
        aad_user_write_password_using_object_id: take(
            &mut profiles,
            &ids::profiles::AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID,
        ),
        aad_user_write_profile_using_object_id: take(
            &mut profiles,
            &ids::profiles::AAD_USER_WRITE_PROFILE_USING_OBJECT_ID,
        ),
        aad_user_read_using_object_id: take(
            &mut profiles,
            &ids::profiles::AAD_USER_READ_USING_OBJECT_ID,
        ),
        self_asserted_social: take(&mut profiles, &ids::profiles::SELF_ASSERTED_SOCIAL),
        self_asserted_profile_update: take(
            &mut profiles,
            &ids::profiles::SELF_ASSERTED_PROFILE_UPDATE,
        ),
        local_account_sign_up_with_logon_email: take(
            &mut profiles,
            &ids::profiles::LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL,
        ),
        self_asserted_local_account_signin_email: take(
            &mut profiles,
            &ids::profiles::SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL,
        ),
        local_account_discovery_using_email_address: take(
            &mut profiles,
            &ids::profiles::LOCAL_ACCOUNT_DISCOVERY_USING_EMAIL_ADDRESS,
        ),
        local_account_write_password_using_object_id: take(
            &mut profiles,
            &ids::profiles::LOCAL_ACCOUNT_WRITE_PASSWORD_USING_OBJECT_ID,
        ),
        sm_noop: take(&mut profiles, &ids::profiles::SM_NOOP),
        sm_aad: take(&mut profiles, &ids::profiles::SM_AAD),
        sm_social_signup: take(&mut profiles, &ids::profiles::SM_SOCIAL_SIGNUP),
        sm_social_login: take(&mut profiles, &ids::profiles::SM_SOCIAL_LOGIN),
        sm_jwt_issuer: take(&mut profiles, &ids::profiles::SM_JWT_ISSUER),
        tp_engine_default: take(&mut profiles, &ids::profiles::TP_ENGINE_DEFAULT),
        jwt_issuer: take(&mut profiles, &ids::profiles::JWT_ISSUER),
        refresh_token_read_and_setup: take(
            &mut profiles,
            &ids::profiles::REFRESH_TOKEN_READ_AND_SETUP,
        ),
        aad_user_read_using_object_id_check_refresh_token_date: take(
            &mut profiles,
            &ids::profiles::AAD_USER_READ_USING_OBJECT_ID_CHECK_REFRESH_TOKEN_DATE,
        ),
        sign_up_or_sign_in: take(&mut journeys, &ids::journeys::SIGN_UP_OR_SIGN_IN),
        profile_edit: take(&mut journeys, &ids::journeys::PROFILE_EDIT),
        password_reset: take(&mut journeys, &ids::journeys::PASSWORD_RESET),
        redeem_refresh_token: take(&mut journeys, &ids::journeys::REDEEM_REFRESH_TOKEN),
    };
    leftovers(&[
        ids(&claims),
        ids(&transforms),
        ids(&client_definitions),
        ids(&content_definitions),
        ids(&profiles),
        ids(&journeys),
    ]);
    definitions.into_policy(tenant)
}

/// `TrustFrameworkLocalization` for `tenant`: the English strings of the
/// pages, on top of [`trust_framework_base`].
pub fn trust_framework_localization(tenant: &str) -> TrustFrameworkPolicy<localization::Policy> {
    let (mut pages, strings) = content::localization();
    let mut resources = strings.resources;
    let definitions = localization::Definitions {
        api_signuporsignin: take(&mut pages, &ids::content_definitions::API_SIGNUPORSIGNIN),
        api_localaccountsignup: take(
            &mut pages,
            &ids::content_definitions::API_LOCALACCOUNTSIGNUP,
        ),
        api_socialccountsignup: take(
            &mut pages,
            &ids::content_definitions::API_SOCIALCCOUNTSIGNUP,
        ),
        api_localaccountpasswordreset: take(
            &mut pages,
            &ids::content_definitions::API_LOCALACCOUNTPASSWORDRESET,
        ),
        api_idpselections: take(&mut pages, &ids::content_definitions::API_IDPSELECTIONS),
        api_localaccountsignin: take(
            &mut pages,
            &ids::content_definitions::API_LOCALACCOUNTSIGNIN,
        ),
        api_selfasserted_profileupdate: take(
            &mut pages,
            &ids::content_definitions::API_SELFASSERTED_PROFILEUPDATE,
        ),
        api_signuporsignin_en: take(
            &mut resources,
            &localization::localized_resources::API_SIGNUPORSIGNIN_EN,
        ),
        api_localaccountsignup_en: take(
            &mut resources,
            &localization::localized_resources::API_LOCALACCOUNTSIGNUP_EN,
        ),
        api_socialccountsignup_en: take(
            &mut resources,
            &localization::localized_resources::API_SOCIALCCOUNTSIGNUP_EN,
        ),
        api_localaccountpasswordreset_en: take(
            &mut resources,
            &localization::localized_resources::API_LOCALACCOUNTPASSWORDRESET_EN,
        ),
        api_idpselections_en: take(
            &mut resources,
            &localization::localized_resources::API_IDPSELECTIONS_EN,
        ),
        api_localaccountsignin_en: take(
            &mut resources,
            &localization::localized_resources::API_LOCALACCOUNTSIGNIN_EN,
        ),
        api_selfasserted_profileupdate_en: take(
            &mut resources,
            &localization::localized_resources::API_SELFASSERTED_PROFILEUPDATE_EN,
        ),
    };
    leftovers(&[ids(&pages), ids(&resources)]);
    let mut policy = definitions.into_policy(tenant);
    let languages = policy.localization_mut();
    languages.enabled = strings.enabled;
    languages.supported_languages = strings.supported_languages;
    policy
}

/// Something defined under an id.
trait Defined {
    fn defined_id(&self) -> &str;
}

macro_rules! defined {
    ($($t:path),*) => {$(
        impl<P> Defined for $t {
            fn defined_id(&self) -> &str {
                self.id.id()
            }
        }
    )*};
}

defined!(
    crate::claims::ClaimType<P>,
    crate::content::ClientDefinition<P>,
    crate::content::ContentDefinition<P>,
    crate::providers::TechnicalProfile<P>,
    crate::transforms::ClaimsTransformation<P>,
    crate::journeys::UserJourney<P>
);

impl<P> Defined for crate::content::LocalizedResources<P> {
    fn defined_id(&self) -> &str {
        self.id.as_ref().map_or("", |id| id.id())
    }
}

/// The ids of what is left in a pool.
fn ids<T: Defined>(pool: &[T]) -> Vec<String> {
    pool.iter().map(|d| d.defined_id().to_owned()).collect()
}

/// Every definition a module builds is declared, so nothing is left once
/// `Definitions` is filled; a leftover is a bug in this crate.
fn leftovers(pools: &[Vec<String>]) {
    let left: Vec<&String> = pools.iter().flatten().collect();
    assert!(
        left.is_empty(),
        "ief::base defines ids it does not declare: {left:?}"
    );
}

/// The definition of `handle` in `pool`, taken out. Every module of the
/// base defines every id its policy declares (the unit tests compare them
/// with the starter pack), so a miss is a bug in this crate.
fn take<T: Defined>(pool: &mut Vec<T>, handle: &impl std::fmt::Display) -> T {
    let id = handle.to_string();
    match pool.iter().position(|d| d.defined_id() == id) {
        Some(i) => pool.remove(i),
        None => panic!("ief::base defines no `{id}`; the base library is inconsistent"),
    }
}
