//! The Trusona Authentication Cloud pieces, written against a policy
//! module passed in, so the same code can be checked against any base (the
//! compile tests run it against a base without social-account support,
//! where it must not compile).
//!
//! `trusona_profile!(policy, client_id, metadata_url, secret_key)` builds
//! the OpenID Connect technical profile; `trusona_susi_journey!(scope)` the
//! TrusonaTacSUSI journey.

/// The Trusona TAC OpenID Connect technical profile,
/// `TrusonaTAC-OpenIdConnect` (its claims provider is declared with it).
/// Each output claim appears once, `surname` is spelt as the base defines
/// it, and the client secret is a reference to one policy key container.
#[macro_export]
macro_rules! trusona_profile {
    ($($policy:ident)::+, $client_id:expr, $metadata_url:expr, $secret_key:expr) => {
        ief::define! { $($policy)::+;
            profile TRUSONA_TAC_OPENID_CONNECT oidc "Trusona" {
                description "Sign in with a passkey through Trusona Authentication Cloud";
                METADATA: $metadata_url;
                scope: "openid profile email";
                client_id: $client_id;
                response_types: "code"; response_mode: form_post; HttpBinding: POST;
                UsePolicyInRedirectUri: false;
                IncludeClaimResolvingInClaimsHandling: true;
                key client_secret = $secret_key;
                out ISSUER_USER_ID as "sub", TENANT_ID as "tid" = always ief::resolvers::policy::TENANT_OBJECT_ID,
                    AUTHENTICATION_SOURCE = always "socialIdpAuthentication",
                    IDENTITY_PROVIDER as "iss" = "https://authcloud.trusona.net/",
                    DISPLAY_NAME as "name", GIVEN_NAME as "given_name", SURNAME as "family_name", EMAIL;
                out_transforms CREATE_RANDOM_UPN_USER_NAME, CREATE_USER_PRINCIPAL_NAME,
                    CREATE_ALTERNATIVE_SECURITY_ID, CREATE_SUBJECT_CLAIM_FROM_ALTERNATIVE_SECURITY_ID;
                session SM_SOCIAL_LOGIN;
            }
        }
    };
}

/// The TrusonaTacSUSI journey: the base's sign-up-or-sign-in journey with
/// a Trusona button in place of Facebook.
#[macro_export]
macro_rules! trusona_susi_journey {
    ($($scope:ident)::+) => {
        ief::journey! {
            scope = $($scope)::+;
            journey TRUSONA_TAC_SUSI (client_definition = DEFAULT_WEB) {
                CombinedSignInAndSignUp (content = API_SIGNUPORSIGNIN) {
                    select target TrusonaTacExchange;
                    select validation LocalAccountSigninEmailExchange;
                    exchange LocalAccountSigninEmailExchange = SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL;
                }
                ClaimsExchange {
                    skip_if_exists OBJECT_ID;
                    exchange TrusonaTacExchange = TRUSONA_TAC_OPENID_CONNECT;
                    exchange SignUpWithLogonEmailExchange = LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL;
                }
                ClaimsExchange {
                    skip_if_equals AUTHENTICATION_SOURCE = "localAccountAuthentication";
                    exchange AADUserReadUsingAlternativeSecurityId = AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID_NO_ERROR;
                }
                ClaimsExchange {
                    skip_if_exists OBJECT_ID;
                    exchange "SelfAsserted-Social" = SELF_ASSERTED_SOCIAL;
                }
                ClaimsExchange {
                    skip_if_equals AUTHENTICATION_SOURCE = "socialIdpAuthentication";
                    exchange AADUserReadWithObjectId = AAD_USER_READ_USING_OBJECT_ID;
                }
                ClaimsExchange {
                    skip_if_exists OBJECT_ID;
                    exchange AADUserWrite = AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID;
                }
                SendClaims (issuer = JWT_ISSUER);
            }
        }
    };
}
