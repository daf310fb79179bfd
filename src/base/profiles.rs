//! The claims providers of the base policy and their technical profiles:
//! the Facebook identity provider, the local-account password check, the
//! directory profiles, the self-asserted pages, the session managers, the
//! policy engine's defaults, the token issuer and the refresh-token checks.
//!
//! Ids, protocols, metadata, keys, claims, transformations and session
//! managers are B2C's own, so the base behaves as the starter pack's does;
//! display names are this project's wording.

use crate::base::ids::Policy as Base;
use crate::base::ids::{claims, content_definitions, profiles, transforms};
use crate::metadata;
use crate::providers::{
    handlers, ClaimsProvider, CryptographicKey, MetadataItem, PersistedClaim, ProfileClaim,
    ProfileReference, Protocol, ProtocolName, TechnicalProfile, TokenFormat, TransformReference,
    ValidationTechnicalProfile,
};
use crate::refs::{ContentDefRef, ExchangeRef, ProfileRef};
use crate::resolvers::oidc;

/// The claims exchange of the sign-up-or-sign-in journey that the sign-in
/// page's "sign up" link leads to (`SignUpTarget` of
/// `SelfAsserted-LocalAccountSignin-Email`). The journey must define an
/// exchange with this id.
pub const SIGN_UP_WITH_LOGON_EMAIL_EXCHANGE: ExchangeRef =
    ExchangeRef::new("SignUpWithLogonEmailExchange");

/// Facebook's domain: the `domain_hint` that selects it, and the
/// `identityProvider` of accounts signed in through it.
const FACEBOOK_DOMAIN: &str = "facebook.com";

/// `authenticationSource` of accounts that sign in with email and password.
const LOCAL_ACCOUNT_AUTHENTICATION: &str = "localAccountAuthentication";

/// `IpAddressClaimReferenceId` of the sign-up and password-reset pages: the
/// claim meant to receive the caller's IP address. Neither this base nor
/// B2C's starter pack declares a claim type of that name; the value is
/// kept as the starter pack has it.
const IP_ADDRESS_CLAIM: &str = "IpAddress";

/// Every claims provider of the base, in the order of the starter pack's
/// `TrustFrameworkBase.xml`, each with its technical profiles (26 in all).
pub fn claims_providers() -> Vec<ClaimsProvider<Base>> {
    vec![
        facebook(),
        local_account_sign_in(),
        directory(),
        self_asserted_pages(),
        local_account_pages(),
        session_management(),
        policy_engine(),
        token_issuer(),
        refresh_token(),
    ]
}

// ---------------------------------------------------------------------------
// Small shapes used by several profiles.

/// A claims provider with a display name and its profiles.
fn provider(
    display_name: &str,
    technical_profiles: Vec<TechnicalProfile<Base>>,
) -> ClaimsProvider<Base> {
    ClaimsProvider::builder()
        .display_name(display_name)
        .technical_profiles(technical_profiles)
        .build()
}

/// The key B2C signs its tokens with (`issuer_secret`).
fn token_signing_key() -> CryptographicKey {
    CryptographicKey::new("issuer_secret", "B2C_1A_TokenSigningKeyContainer")
}

/// `ContentDefinitionReferenceId`: the page layout a self-asserted profile uses.
fn page(content_definition: &ContentDefRef<Base>) -> MetadataItem {
    MetadataItem::new("ContentDefinitionReferenceId", content_definition.id())
}

/// `IpAddressClaimReferenceId`, as the sign-up and discovery pages set it.
fn ip_address_claim() -> MetadataItem {
    MetadataItem::new("IpAddressClaimReferenceId", IP_ADDRESS_CLAIM)
}

/// `OutputClaim authenticationSource` set to `localAccountAuthentication`
/// when nothing else provides it.
fn local_account_source() -> ProfileClaim<Base> {
    ProfileClaim::new(&claims::AUTHENTICATION_SOURCE).default_value(LOCAL_ACCOUNT_AUTHENTICATION)
}

/// `OutputClaim newUser`, filled from the directory's
/// `newClaimsPrincipalCreated`.
fn new_user_created() -> ProfileClaim<Base> {
    ProfileClaim::new(&claims::NEW_USER).partner("newClaimsPrincipalCreated")
}

/// `OutputClaim executed-SelfAsserted-Input`, true once a page was submitted.
fn page_submitted() -> ProfileClaim<Base> {
    ProfileClaim::new(&claims::EXECUTED_SELF_ASSERTED_INPUT).default_value("true")
}

/// A claim marked required.
fn required(claim: impl Into<ProfileClaim<Base>>) -> ProfileClaim<Base> {
    claim.into().required()
}

/// The email address as the directory's sign-in name
/// (`signInNames.emailAddress`), required.
fn email_as_sign_in_name() -> ProfileClaim<Base> {
    ProfileClaim::new(&claims::EMAIL)
        .partner("signInNames.emailAddress")
        .required()
}

/// The email address a page has verified (`Verified.Email`), required.
fn verified_email() -> ProfileClaim<Base> {
    ProfileClaim::new(&claims::EMAIL)
        .partner("Verified.Email")
        .required()
}

/// A self-asserted page: the display name, the protocol and the metadata.
fn self_asserted(
    id: ProfileRef<Base>,
    display_name: &str,
    metadata: Vec<MetadataItem>,
) -> TechnicalProfile<Base> {
    TechnicalProfile::new(id)
        .display_name(display_name)
        .protocol(Protocol::proprietary(handlers::SELF_ASSERTED))
        .metadata(metadata)
        .build()
}

/// A session manager: the display name and the handler.
fn session_manager(
    id: ProfileRef<Base>,
    display_name: &str,
    handler: &str,
) -> TechnicalProfile<Base> {
    TechnicalProfile::new(id)
        .display_name(display_name)
        .protocol(Protocol::proprietary(handler))
        .build()
}

// ---------------------------------------------------------------------------
// Facebook.

/// Facebook, over OAuth 2.0; selected by `domain_hint=facebook.com`.
fn facebook() -> ClaimsProvider<Base> {
    let profile = TechnicalProfile::new(profiles::FACEBOOK_OAUTH)
        // The button on the identity-provider selection page: the brand name.
        .display_name("Facebook")
        .protocol(Protocol::new(ProtocolName::OAuth2))
        .metadata(metadata! {
            "ProviderName" => "facebook",
            "authorization_endpoint" => "https://www.facebook.com/dialog/oauth",
            "AccessTokenEndpoint" => "https://graph.facebook.com/oauth/access_token",
            "HttpBinding" => "GET",
            "UsePolicyInRedirectUri" => "0",
            // The token request is a GET, but the answer comes back as JSON.
            "AccessTokenResponseFormat" => "json",
        })
        // The app secret lives in the tenant's policy keys, never here.
        .cryptographic_keys(vec![CryptographicKey::new(
            "client_secret",
            "B2C_1A_FacebookSecret",
        )])
        .output_claims(vec![
            ProfileClaim::new(&claims::ISSUER_USER_ID).partner("id"),
            ProfileClaim::new(&claims::GIVEN_NAME).partner("first_name"),
            ProfileClaim::new(&claims::SURNAME).partner("last_name"),
            ProfileClaim::new(&claims::DISPLAY_NAME).partner("name"),
            ProfileClaim::new(&claims::EMAIL).partner("email"),
            ProfileClaim::new(&claims::IDENTITY_PROVIDER).always(FACEBOOK_DOMAIN),
            ProfileClaim::new(&claims::AUTHENTICATION_SOURCE).always("socialIdpAuthentication"),
        ])
        .output_claims_transformations(vec![
            TransformReference::from(transforms::CREATE_RANDOM_UPN_USER_NAME),
            TransformReference::from(transforms::CREATE_USER_PRINCIPAL_NAME),
            TransformReference::from(transforms::CREATE_ALTERNATIVE_SECURITY_ID),
        ])
        .session_management(ProfileReference::from(profiles::SM_SOCIAL_LOGIN))
        .build();
    ClaimsProvider::builder()
        .domain(FACEBOOK_DOMAIN)
        .display_name("Facebook accounts")
        .technical_profiles(vec![profile])
        .build()
}

// ---------------------------------------------------------------------------
// Local-account password check.

/// The password check of local accounts: a resource-owner password
/// credentials request to the tenant's own OpenID Connect endpoint.
fn local_account_sign_in() -> ClaimsProvider<Base> {
    let profile = TechnicalProfile::new(profiles::LOGIN_NON_INTERACTIVE)
        .display_name("Email and password check")
        .protocol(Protocol::new(ProtocolName::OpenIdConnect))
        .metadata(metadata! {
            "ProviderName" => "https://sts.windows.net/",
            "METADATA" => "https://login.microsoftonline.com/{tenant}/.well-known/openid-configuration",
            "authorization_endpoint" => "https://login.microsoftonline.com/{tenant}/oauth2/token",
            "response_types" => "id_token",
            "response_mode" => "query",
            "scope" => "email openid",
            "UsePolicyInRedirectUri" => "false",
            "HttpBinding" => "POST",
        })
        .input_claims(vec![
            ProfileClaim::new(&claims::SIGN_IN_NAME)
                .partner("username")
                .required(),
            required(&claims::PASSWORD),
            ProfileClaim::new(&claims::GRANT_TYPE).always("password"),
            ProfileClaim::new(&claims::SCOPE).always("openid"),
            ProfileClaim::new(&claims::NCA)
                .partner("nca")
                .default_value("1"),
        ])
        .output_claims(vec![
            ProfileClaim::new(&claims::OBJECT_ID).partner("oid"),
            ProfileClaim::new(&claims::TENANT_ID).partner("tid"),
            ProfileClaim::new(&claims::GIVEN_NAME).partner("given_name"),
            // B2C's file spells this reference `surName`; claim ids are
            // case-insensitive to B2C, so the declared `surname` is the same claim.
            ProfileClaim::new(&claims::SURNAME).partner("family_name"),
            ProfileClaim::new(&claims::DISPLAY_NAME).partner("name"),
            ProfileClaim::new(&claims::USER_PRINCIPAL_NAME).partner("upn"),
            local_account_source(),
        ])
        .build();
    provider("Local account password check", vec![profile])
}

// ---------------------------------------------------------------------------
// The directory.

/// `Operation=Read` on an account that must exist.
fn read_existing_account() -> Vec<MetadataItem> {
    metadata! {
        "Operation" => "Read",
        "RaiseErrorIfClaimsPrincipalDoesNotExist" => "true",
    }
}

/// `Operation=Write` creating an account that must not exist yet.
fn create_account() -> Vec<MetadataItem> {
    metadata! {
        "Operation" => "Write",
        "RaiseErrorIfClaimsPrincipalAlreadyExists" => "true",
    }
}

/// A directory profile: `metadata` on top of `AAD-Common`, outside single
/// sign-on.
fn directory_profile(id: ProfileRef<Base>, metadata: Vec<MetadataItem>) -> TechnicalProfile<Base> {
    TechnicalProfile::new(id)
        .metadata(metadata)
        .include_in_sso(false)
        .include_technical_profile(ProfileReference::from(profiles::AAD_COMMON))
        .build()
}

/// The tenant's Azure AD directory: the shared settings (`AAD-Common`),
/// then the profiles that create, read and update accounts.
fn directory() -> ClaimsProvider<Base> {
    let common = TechnicalProfile::new(profiles::AAD_COMMON)
        .display_name("Tenant directory")
        .protocol(Protocol::proprietary(handlers::AZURE_ACTIVE_DIRECTORY))
        .cryptographic_keys(vec![token_signing_key()])
        // Keeps validation profiles that include this one out of the
        // self-asserted page's single sign-on.
        .include_in_sso(false)
        .session_management(ProfileReference::from(profiles::SM_NOOP))
        .build();

    // Accounts of social identity providers, found by alternativeSecurityId.
    let write_social = TechnicalProfile {
        input_claims_transformations: vec![TransformReference::from(
            transforms::CREATE_OTHER_MAILS_FROM_EMAIL,
        )],
        input_claims: vec![ProfileClaim::new(&claims::ALTERNATIVE_SECURITY_ID)
            .partner("alternativeSecurityId")
            .required()],
        persisted_claims: vec![
            PersistedClaim::new(&claims::ALTERNATIVE_SECURITY_ID),
            PersistedClaim::new(&claims::USER_PRINCIPAL_NAME),
            PersistedClaim::new(&claims::MAIL_NICK_NAME).default_value("unknown"),
            PersistedClaim::new(&claims::DISPLAY_NAME).default_value("unknown"),
            PersistedClaim::new(&claims::OTHER_MAILS),
            PersistedClaim::new(&claims::GIVEN_NAME),
            PersistedClaim::new(&claims::SURNAME),
        ],
        output_claims: vec![
            ProfileClaim::new(&claims::OBJECT_ID),
            new_user_created(),
            // Read back so that the self-asserted page does not ask for it.
            ProfileClaim::new(&claims::OTHER_MAILS),
        ],
        session_management: Some(ProfileReference::from(profiles::SM_AAD)),
        ..directory_profile(
            profiles::AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID,
            create_account(),
        )
    };
    let read_social = TechnicalProfile {
        // Left to AAD-Common, which sets it to false.
        include_in_sso: None,
        input_claims: vec![ProfileClaim::new(&claims::ALTERNATIVE_SECURITY_ID)
            .partner("alternativeSecurityId")
            .required()],
        output_claims: vec![
            ProfileClaim::new(&claims::OBJECT_ID),
            ProfileClaim::new(&claims::USER_PRINCIPAL_NAME),
            ProfileClaim::new(&claims::DISPLAY_NAME),
            ProfileClaim::new(&claims::OTHER_MAILS),
            ProfileClaim::new(&claims::GIVEN_NAME),
            ProfileClaim::new(&claims::SURNAME),
        ],
        ..directory_profile(
            profiles::AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID,
            read_existing_account(),
        )
    };
    let read_social_no_error =
        TechnicalProfile::new(profiles::AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID_NO_ERROR)
            .metadata(metadata! { "RaiseErrorIfClaimsPrincipalDoesNotExist" => "false" })
            .include_technical_profile(ProfileReference::from(
                profiles::AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID,
            ))
            .build();

    // Local accounts, found by their email sign-in name.
    let write_local = TechnicalProfile {
        input_claims: vec![email_as_sign_in_name()],
        persisted_claims: vec![
            PersistedClaim::new(&claims::EMAIL).partner("signInNames.emailAddress"),
            PersistedClaim::new(&claims::NEW_PASSWORD).partner("password"),
            PersistedClaim::new(&claims::DISPLAY_NAME).default_value("unknown"),
            PersistedClaim::new(&claims::PASSWORD_POLICIES)
                .default_value("DisablePasswordExpiration"),
            PersistedClaim::new(&claims::GIVEN_NAME),
            PersistedClaim::new(&claims::SURNAME),
        ],
        output_claims: vec![
            ProfileClaim::new(&claims::OBJECT_ID),
            new_user_created(),
            local_account_source(),
            ProfileClaim::new(&claims::USER_PRINCIPAL_NAME),
            ProfileClaim::new(&claims::SIGN_IN_NAMES_EMAIL_ADDRESS),
        ],
        session_management: Some(ProfileReference::from(profiles::SM_AAD)),
        ..directory_profile(profiles::AAD_USER_WRITE_USING_LOGON_EMAIL, create_account())
    };
    let read_local = TechnicalProfile {
        input_claims: vec![email_as_sign_in_name()],
        output_claims: vec![
            ProfileClaim::new(&claims::OBJECT_ID),
            local_account_source(),
            ProfileClaim::new(&claims::USER_PRINCIPAL_NAME),
            ProfileClaim::new(&claims::DISPLAY_NAME),
            ProfileClaim::new(&claims::ACCOUNT_ENABLED),
            ProfileClaim::new(&claims::OTHER_MAILS),
            ProfileClaim::new(&claims::SIGN_IN_NAMES_EMAIL_ADDRESS),
        ],
        output_claims_transformations: vec![TransformReference::from(
            transforms::ASSERT_ACCOUNT_ENABLED_IS_TRUE,
        )],
        ..directory_profile(
            profiles::AAD_USER_READ_USING_EMAIL_ADDRESS,
            read_existing_account(),
        )
    };

    // Any account, by objectId.
    let write_password = TechnicalProfile {
        input_claims: vec![required(&claims::OBJECT_ID)],
        persisted_claims: vec![
            PersistedClaim::new(&claims::OBJECT_ID),
            PersistedClaim::new(&claims::NEW_PASSWORD).partner("password"),
        ],
        ..directory_profile(
            profiles::AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID,
            metadata! {
                "Operation" => "Write",
                "RaiseErrorIfClaimsPrincipalDoesNotExist" => "true",
            },
        )
    };
    let write_profile = TechnicalProfile {
        input_claims: vec![required(&claims::OBJECT_ID)],
        persisted_claims: vec![
            PersistedClaim::new(&claims::OBJECT_ID),
            PersistedClaim::new(&claims::GIVEN_NAME),
            PersistedClaim::new(&claims::SURNAME),
        ],
        ..directory_profile(
            profiles::AAD_USER_WRITE_PROFILE_USING_OBJECT_ID,
            metadata! {
                "Operation" => "Write",
                "RaiseErrorIfClaimsPrincipalAlreadyExists" => "false",
                "RaiseErrorIfClaimsPrincipalDoesNotExist" => "true",
            },
        )
    };
    let read_by_object_id = TechnicalProfile {
        input_claims: vec![required(&claims::OBJECT_ID)],
        output_claims: vec![
            ProfileClaim::new(&claims::SIGN_IN_NAMES_EMAIL_ADDRESS),
            ProfileClaim::new(&claims::DISPLAY_NAME),
            ProfileClaim::new(&claims::OTHER_MAILS),
            ProfileClaim::new(&claims::GIVEN_NAME),
            ProfileClaim::new(&claims::SURNAME),
        ],
        ..directory_profile(
            profiles::AAD_USER_READ_USING_OBJECT_ID,
            read_existing_account(),
        )
    };

    provider(
        "User accounts in the tenant directory",
        vec![
            common,
            write_social,
            read_social,
            read_social_no_error,
            write_local,
            read_local,
            write_password,
            write_profile,
            read_by_object_id,
        ],
    )
}

// ---------------------------------------------------------------------------
// Self-asserted pages of social accounts and profile editing.

/// The pages where a user completes a new social account or edits a profile.
fn self_asserted_pages() -> ClaimsProvider<Base> {
    let social_sign_up = TechnicalProfile {
        cryptographic_keys: vec![token_signing_key()],
        // Prefilled with what the identity provider returned, if anything.
        input_claims: vec![
            ProfileClaim::new(&claims::DISPLAY_NAME),
            ProfileClaim::new(&claims::GIVEN_NAME),
            ProfileClaim::new(&claims::SURNAME),
        ],
        output_claims: vec![
            // Filled by the validation profile or a default, so not asked for.
            ProfileClaim::new(&claims::OBJECT_ID),
            ProfileClaim::new(&claims::NEW_USER),
            page_submitted(),
            // Asked for; the validation profile writes them.
            ProfileClaim::new(&claims::DISPLAY_NAME),
            ProfileClaim::new(&claims::GIVEN_NAME),
            ProfileClaim::new(&claims::SURNAME),
        ],
        validation_technical_profiles: vec![ValidationTechnicalProfile::from(
            profiles::AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID,
        )],
        session_management: Some(ProfileReference::from(profiles::SM_SOCIAL_SIGNUP)),
        ..self_asserted(
            profiles::SELF_ASSERTED_SOCIAL,
            "Complete your new account",
            vec![page(&content_definitions::API_SOCIALCCOUNTSIGNUP)],
        )
    };
    let profile_update = TechnicalProfile {
        include_in_sso: Some(false),
        input_claims: vec![
            ProfileClaim::new(&claims::ALTERNATIVE_SECURITY_ID),
            ProfileClaim::new(&claims::USER_PRINCIPAL_NAME),
            ProfileClaim::new(&claims::GIVEN_NAME),
            ProfileClaim::new(&claims::SURNAME),
        ],
        output_claims: vec![
            page_submitted(),
            // Editable; the validation profile writes them back.
            ProfileClaim::new(&claims::GIVEN_NAME),
            ProfileClaim::new(&claims::SURNAME),
        ],
        validation_technical_profiles: vec![ValidationTechnicalProfile::from(
            profiles::AAD_USER_WRITE_PROFILE_USING_OBJECT_ID,
        )],
        ..self_asserted(
            profiles::SELF_ASSERTED_PROFILE_UPDATE,
            "Edit your profile",
            vec![page(&content_definitions::API_SELFASSERTED_PROFILEUPDATE)],
        )
    };
    provider(
        "Pages that collect account details",
        vec![social_sign_up, profile_update],
    )
}

// ---------------------------------------------------------------------------
// Self-asserted pages of local (email and password) accounts.

/// The pages of local accounts: sign-up, sign-in, finding an account to
/// reset its password, and choosing the new password.
fn local_account_pages() -> ClaimsProvider<Base> {
    let sign_up = TechnicalProfile {
        cryptographic_keys: vec![token_signing_key()],
        input_claims: vec![ProfileClaim::new(&claims::EMAIL)],
        output_claims: vec![
            ProfileClaim::new(&claims::OBJECT_ID),
            verified_email(),
            required(&claims::NEW_PASSWORD),
            required(&claims::REENTER_PASSWORD),
            page_submitted(),
            ProfileClaim::new(&claims::AUTHENTICATION_SOURCE),
            ProfileClaim::new(&claims::NEW_USER),
            // Optional, asked for on the page.
            ProfileClaim::new(&claims::DISPLAY_NAME),
            ProfileClaim::new(&claims::GIVEN_NAME),
            // `surName` in B2C's file: the same claim to B2C.
            ProfileClaim::new(&claims::SURNAME),
        ],
        validation_technical_profiles: vec![ValidationTechnicalProfile::from(
            profiles::AAD_USER_WRITE_USING_LOGON_EMAIL,
        )],
        session_management: Some(ProfileReference::from(profiles::SM_AAD)),
        ..self_asserted(
            profiles::LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL,
            "Create an account with your email",
            vec![
                ip_address_claim(),
                page(&content_definitions::API_LOCALACCOUNTSIGNUP),
            ],
        )
    };
    // The password is checked by the validation profile, not by the page.
    let sign_in = TechnicalProfile {
        include_in_sso: Some(false),
        input_claims: vec![ProfileClaim::new(&claims::SIGN_IN_NAME).always(oidc::LOGIN_HINT)],
        output_claims: vec![
            required(&claims::SIGN_IN_NAME),
            required(&claims::PASSWORD),
            ProfileClaim::new(&claims::OBJECT_ID),
            ProfileClaim::new(&claims::AUTHENTICATION_SOURCE),
        ],
        validation_technical_profiles: vec![ValidationTechnicalProfile::from(
            profiles::LOGIN_NON_INTERACTIVE,
        )],
        session_management: Some(ProfileReference::from(profiles::SM_AAD)),
        ..self_asserted(
            profiles::SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL,
            "Sign in with your email and password",
            vec![
                MetadataItem::new("SignUpTarget", SIGN_UP_WITH_LOGON_EMAIL_EXCHANGE.id()),
                MetadataItem::new("setting.operatingMode", "Email"),
                page(&content_definitions::API_LOCALACCOUNTSIGNIN),
                MetadataItem::new("IncludeClaimResolvingInClaimsHandling", "true"),
            ],
        )
    };
    // The user proves the email address first; only then is the account read.
    let discovery = TechnicalProfile {
        cryptographic_keys: vec![token_signing_key()],
        include_in_sso: Some(false),
        output_claims: vec![
            verified_email(),
            ProfileClaim::new(&claims::OBJECT_ID),
            ProfileClaim::new(&claims::USER_PRINCIPAL_NAME),
            ProfileClaim::new(&claims::AUTHENTICATION_SOURCE),
        ],
        validation_technical_profiles: vec![ValidationTechnicalProfile::from(
            profiles::AAD_USER_READ_USING_EMAIL_ADDRESS,
        )],
        ..self_asserted(
            profiles::LOCAL_ACCOUNT_DISCOVERY_USING_EMAIL_ADDRESS,
            "Find your account by its verified email",
            vec![
                ip_address_claim(),
                page(&content_definitions::API_LOCALACCOUNTPASSWORDRESET),
            ],
        )
    };
    let new_password = TechnicalProfile {
        cryptographic_keys: vec![token_signing_key()],
        input_claims: vec![ProfileClaim::new(&claims::OBJECT_ID)],
        output_claims: vec![
            required(&claims::NEW_PASSWORD),
            required(&claims::REENTER_PASSWORD),
        ],
        validation_technical_profiles: vec![ValidationTechnicalProfile::from(
            profiles::AAD_USER_WRITE_PASSWORD_USING_OBJECT_ID,
        )],
        ..self_asserted(
            profiles::LOCAL_ACCOUNT_WRITE_PASSWORD_USING_OBJECT_ID,
            "Choose a new password",
            vec![page(&content_definitions::API_LOCALACCOUNTPASSWORDRESET)],
        )
    };
    provider(
        "Email and password accounts",
        vec![sign_up, sign_in, discovery, new_password],
    )
}

// ---------------------------------------------------------------------------
// Session managers.

/// The single sign-on session managers the other profiles refer to.
fn session_management() -> ClaimsProvider<Base> {
    let noop = session_manager(
        profiles::SM_NOOP,
        "No session kept",
        handlers::NOOP_SSO_SESSION,
    );
    let directory = TechnicalProfile {
        persisted_claims: vec![
            PersistedClaim::new(&claims::OBJECT_ID),
            PersistedClaim::new(&claims::SIGN_IN_NAME),
            PersistedClaim::new(&claims::AUTHENTICATION_SOURCE),
            PersistedClaim::new(&claims::IDENTITY_PROVIDER),
            PersistedClaim::new(&claims::NEW_USER),
            PersistedClaim::new(&claims::EXECUTED_SELF_ASSERTED_INPUT),
        ],
        output_claims: vec![
            ProfileClaim::new(&claims::OBJECT_ID_FROM_SESSION).default_value("true")
        ],
        ..session_manager(
            profiles::SM_AAD,
            "Directory account session",
            handlers::DEFAULT_SSO_SESSION,
        )
    };
    // A separate id keeps the social sign-up session apart from sign-in's.
    let social_sign_up = TechnicalProfile::new(profiles::SM_SOCIAL_SIGNUP)
        .include_technical_profile(ProfileReference::from(profiles::SM_AAD))
        .build();
    let social_login = TechnicalProfile {
        metadata: metadata! { "AlwaysFetchClaimsFromProvider" => "true" },
        persisted_claims: vec![PersistedClaim::new(&claims::ALTERNATIVE_SECURITY_ID)],
        ..session_manager(
            profiles::SM_SOCIAL_LOGIN,
            "External identity provider session",
            handlers::EXTERNAL_LOGIN_SSO_SESSION,
        )
    };
    let jwt_issuer = session_manager(
        profiles::SM_JWT_ISSUER,
        "OpenID Connect token session",
        handlers::OAUTH_SSO_SESSION,
    );
    provider(
        "Single sign-on sessions",
        vec![noop, directory, social_sign_up, social_login, jwt_issuer],
    )
}

// ---------------------------------------------------------------------------
// The policy engine, the token issuer, refresh tokens.

/// The policy engine's default technical profile.
fn policy_engine() -> ClaimsProvider<Base> {
    let profile = TechnicalProfile::new(profiles::TP_ENGINE_DEFAULT)
        .display_name("Policy engine defaults")
        .protocol(Protocol::new(ProtocolName::None))
        .metadata(metadata! { "url" => "{service:te}" })
        .build();
    provider("Identity Experience Framework engine", vec![profile])
}

/// The issuer of the OpenID Connect tokens returned to applications.
fn token_issuer() -> ClaimsProvider<Base> {
    let profile = TechnicalProfile::new(profiles::JWT_ISSUER)
        .display_name("OpenID Connect token issuer")
        .protocol(Protocol::new(ProtocolName::OpenIdConnect))
        .output_token_format(TokenFormat::Jwt)
        .metadata(metadata! {
            "client_id" => "{service:te}",
            "issuer_refresh_token_user_identity_claim_type" => claims::OBJECT_ID.id(),
            "SendTokenResponseBodyWithJsonNumbers" => "true",
        })
        .cryptographic_keys(vec![
            token_signing_key(),
            CryptographicKey::new(
                "issuer_refresh_token_key",
                "B2C_1A_TokenEncryptionKeyContainer",
            ),
        ])
        .session_management(ProfileReference::from(profiles::SM_JWT_ISSUER))
        .build();
    provider("Tokens for applications", vec![profile])
}

/// What redeeming a refresh token needs: the claims the token carries, and
/// a directory read that rejects tokens issued before a revocation.
fn refresh_token() -> ClaimsProvider<Base> {
    let setup = TechnicalProfile::new(profiles::REFRESH_TOKEN_READ_AND_SETUP)
        .display_name("Claims of a redeemed refresh token")
        .protocol(Protocol::new(ProtocolName::None))
        // A relying party that returns claims the directory does not store
        // must list them here too.
        .output_claims(vec![
            ProfileClaim::new(&claims::OBJECT_ID),
            ProfileClaim::new(&claims::REFRESH_TOKEN_ISSUED_ON_DATE_TIME),
        ])
        .build();
    let check_date =
        TechnicalProfile::new(profiles::AAD_USER_READ_USING_OBJECT_ID_CHECK_REFRESH_TOKEN_DATE)
            .output_claims(vec![
                ProfileClaim::new(&claims::REFRESH_TOKENS_VALID_FROM_DATE_TIME),
                ProfileClaim::new(&claims::DISPLAY_NAME),
            ])
            .output_claims_transformations(vec![TransformReference::from(
                transforms::ASSERT_REFRESH_TOKEN_ISSUED_LATER_THAN_VALID_FROM_DATE,
            )])
            .include_technical_profile(ProfileReference::from(
                profiles::AAD_USER_READ_USING_OBJECT_ID,
            ))
            .build();
    provider("Refresh token redemption", vec![setup, check_date])
}

#[cfg(test)]
mod tests {
    //! The base's claims providers against the starter pack's
    //! SocialAndLocalAccounts `TrustFrameworkBase.xml`: the same profiles in
    //! the same order and grouping, equal in everything but display names
    //! and descriptions, which must be this project's own words.

    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::*;
    use crate::import::import_str;
    use crate::refs::ClaimRef;
    use crate::xml::{XmlElement, XmlWriter};

    /// Where the conformance material lives: `$IEF_CONFORMANCE_DIR`, else
    /// `../shared/ief` next to the workspace.
    fn conformance_dir() -> PathBuf {
        match std::env::var_os("IEF_CONFORMANCE_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"),
        }
    }

    /// The claims providers of the starter pack's base, as imported.
    fn starter_pack() -> Vec<ClaimsProvider> {
        let path =
            conformance_dir().join("starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read the starter pack's base {} ({e}); set IEF_CONFORMANCE_DIR to the \
                 folder that holds starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml",
                path.display()
            )
        });
        match import_str(&text, path.display().to_string()) {
            Ok(imported) => imported.policy.claims_providers,
            Err(errors) => panic!(
                "the starter pack's base does not import:\n{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    /// Every technical profile, with the index of its claims provider.
    fn profiles_of(providers: &[ClaimsProvider]) -> Vec<(usize, &TechnicalProfile)> {
        providers
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.technical_profiles.iter().map(move |tp| (i, tp)))
            .collect()
    }

    /// The profile's display name and description replaced by a marker, so
    /// that their presence still counts but their wording does not.
    fn without_wording(profile: &TechnicalProfile) -> TechnicalProfile {
        TechnicalProfile {
            display_name: profile.display_name.as_ref().map(|_| "…".into()),
            description: profile.description.as_ref().map(|_| "…".into()),
            ..profile.clone()
        }
    }

    /// Every claim reference of a profile (the claims of a base profile are
    /// all in these four lists).
    fn claim_refs(profile: &mut TechnicalProfile) -> Vec<&mut ClaimRef> {
        let TechnicalProfile {
            input_claims,
            output_claims,
            persisted_claims,
            display_claims,
            ..
        } = profile;
        input_claims
            .iter_mut()
            .chain(output_claims.iter_mut())
            .map(|c| &mut c.claim)
            .chain(persisted_claims.iter_mut().map(|c| &mut c.claim))
            .chain(display_claims.iter_mut().filter_map(|c| c.claim.as_mut()))
            .collect()
    }

    /// Rewrites, in Microsoft's profiles, claim references that differ from
    /// ours only in case (B2C resolves claim ids ignoring case) to our
    /// spelling, and returns `(profile id, Microsoft's spelling)` of each.
    fn align_claim_case(
        theirs: &mut [TechnicalProfile],
        ours: &[TechnicalProfile],
    ) -> Vec<(String, String)> {
        let mut spelling = BTreeMap::new();
        for profile in ours {
            for claim in claim_refs(&mut profile.clone()) {
                spelling.insert(claim.id().to_lowercase(), claim.id().to_owned());
            }
        }
        let mut rewritten = Vec::new();
        for profile in theirs {
            let id = profile.id.id().to_owned();
            for claim in claim_refs(profile) {
                match spelling.get(&claim.id().to_lowercase()) {
                    Some(ours) if ours != claim.id() => {
                        rewritten.push((id.clone(), claim.id().to_owned()));
                        *claim = ClaimRef::from_string(ours.clone()).into();
                    }
                    _ => {}
                }
            }
        }
        rewritten
    }

    /// The profile as XML, for readable failure messages.
    fn xml(profile: &TechnicalProfile) -> String {
        let mut w = XmlWriter::new();
        profile
            .write_element("TechnicalProfile", &mut w)
            .and_then(|()| w.finish())
            .unwrap_or_else(|e| format!("(cannot be written as XML: {e}) {profile:#?}"))
    }

    /// A line diff (longest common subsequence): `-` Microsoft's, `+` ours.
    fn diff(theirs: &str, ours: &str) -> String {
        let (a, b): (Vec<&str>, Vec<&str>) = (theirs.lines().collect(), ours.lines().collect());
        let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i][j] = if a[i] == b[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j, mut out) = (0, 0, String::new());
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                out += &format!("  {}\n", a[i]);
                (i, j) = (i + 1, j + 1);
            } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
                out += &format!("- {}\n", a[i]);
                i += 1;
            } else {
                out += &format!("+ {}\n", b[j]);
                j += 1;
            }
        }
        out
    }

    #[test]
    fn the_same_providers_and_profiles_in_the_same_order() {
        let (theirs, ours) = (
            starter_pack(),
            crate::refs::Erase::erase(claims_providers()),
        );
        let ids = |providers: &[ClaimsProvider]| -> Vec<Vec<String>> {
            providers
                .iter()
                .map(|p| {
                    p.technical_profiles
                        .iter()
                        .map(|tp| tp.id.id().to_owned())
                        .collect()
                })
                .collect()
        };
        assert_eq!(ids(&ours), ids(&theirs), "profile ids per claims provider");
        assert_eq!(profiles_of(&ours).len(), 26);
        for (i, (t, o)) in theirs.iter().zip(&ours).enumerate() {
            let shape = |p: &ClaimsProvider| {
                (
                    p.domains.clone(),
                    p.domain.clone(),
                    p.display_name.is_some(),
                )
            };
            assert_eq!(
                shape(o),
                shape(t),
                "claims provider {i}: domains and presence of a display name"
            );
        }
    }

    #[test]
    fn profiles_equal_the_starter_pack_but_for_wording() {
        let (theirs, ours) = (
            starter_pack(),
            crate::refs::Erase::erase(claims_providers()),
        );
        let mut theirs: Vec<TechnicalProfile> = profiles_of(&theirs)
            .into_iter()
            .map(|(_, tp)| without_wording(tp))
            .collect();
        let ours: Vec<TechnicalProfile> = profiles_of(&ours)
            .into_iter()
            .map(|(_, tp)| without_wording(tp))
            .collect();

        // B2C's file writes `surName` twice where the base declares `surname`.
        let rewritten = align_claim_case(&mut theirs, &ours);
        assert_eq!(
            rewritten,
            [
                ("login-NonInteractive".to_owned(), "surName".to_owned()),
                (
                    "LocalAccountSignUpWithLogonEmail".to_owned(),
                    "surName".to_owned()
                ),
            ],
            "claim references that differ from ours only in case"
        );

        let ours_by_id: BTreeMap<&str, &TechnicalProfile> =
            ours.iter().map(|tp| (tp.id.id(), tp)).collect();
        for t in &theirs {
            let o = ours_by_id
                .get(t.id.id())
                .unwrap_or_else(|| panic!("the base has no technical profile {}", t.id));
            if *o != t {
                panic!(
                    "technical profile {} differs from the starter pack's (- theirs, + ours; \
                     display names and descriptions blanked):\n{}",
                    t.id,
                    diff(&xml(t), &xml(o))
                );
            }
        }
        assert_eq!(ours.len(), theirs.len());
    }

    /// Display names that may stay as Microsoft wrote them, and why.
    const SAME_WORDING: &[(&str, &str)] = &[
        // The label of the sign-in button: the brand name, nothing to reword.
        ("Facebook-OAUTH", "Facebook"),
    ];

    #[test]
    fn display_names_are_our_own_words() {
        let (theirs, ours) = (
            starter_pack(),
            crate::refs::Erase::erase(claims_providers()),
        );
        let mut same = Vec::new();
        for (t, o) in theirs.iter().zip(&ours) {
            if let (Some(t), Some(o)) = (&t.display_name, &o.display_name) {
                if t.eq_ignore_ascii_case(o) {
                    same.push(format!("claims provider {o:?}"));
                }
            }
        }
        let ours_by_id: BTreeMap<&str, &TechnicalProfile> = profiles_of(&ours)
            .into_iter()
            .map(|(_, tp)| (tp.id.id(), tp))
            .collect();
        for (_, t) in profiles_of(&theirs) {
            let o = ours_by_id[t.id.id()];
            for (theirs, ours) in [
                (&t.display_name, &o.display_name),
                (&t.description, &o.description),
            ] {
                if let (Some(theirs), Some(ours)) = (theirs, ours) {
                    let allowed = SAME_WORDING.contains(&(t.id.id(), ours.as_str()));
                    if theirs.to_lowercase() == ours.to_lowercase() && !allowed {
                        same.push(format!("technical profile {} {ours:?}", t.id));
                    }
                }
            }
        }
        assert!(
            same.is_empty(),
            "wording copied from the starter pack: {same:#?}"
        );
    }

    #[test]
    fn facebook_secret_is_a_policy_key() {
        let providers = crate::refs::Erase::erase(claims_providers());
        let facebook = profiles_of(&providers)
            .into_iter()
            .map(|(_, tp)| tp)
            .find(|tp| tp.id == profiles::FACEBOOK_OAUTH)
            .expect("the base has Facebook-OAUTH");
        let secret = facebook
            .cryptographic_keys
            .iter()
            .find(|k| k.id == "client_secret")
            .expect("Facebook-OAUTH names its client secret as a cryptographic key");
        assert!(
            secret.storage_reference_id.starts_with("B2C_1A_"),
            "the client secret must be a B2C_1A_ policy key container, not {:?}",
            secret.storage_reference_id
        );
        let leaked: Vec<_> = facebook
            .metadata
            .iter()
            .filter(|m| m.key.to_lowercase().contains("secret"))
            .collect();
        assert!(
            leaked.is_empty(),
            "secrets in Facebook-OAUTH's metadata: {leaked:?}"
        );
    }
}
