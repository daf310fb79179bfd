//! The base's user journeys, written with [`crate::journey!`], so every
//! profile, claim and content definition they name is checked against the
//! base's ids while compiling, and so are the step rules.

use crate::base::ids::Policy as Base;
use crate::journeys::UserJourney;

/// Sign-up or sign-in with a local account (email) or Facebook.
pub fn sign_up_or_sign_in() -> UserJourney<Base> {
    crate::journey! {
        scope = crate::base::ids::scope;
        journey SIGN_UP_OR_SIGN_IN (client_definition = DEFAULT_WEB) {
            // The sign-in page: local sign-in, or a button per identity provider.
            CombinedSignInAndSignUp (content = API_SIGNUPORSIGNIN) {
                select target FacebookExchange;
                select validation LocalAccountSigninEmailExchange;
                exchange LocalAccountSigninEmailExchange = SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL;
            }
            // No account yet: the provider the user chose, or local sign-up.
            ClaimsExchange {
                skip_if_exists OBJECT_ID;
                exchange FacebookExchange = FACEBOOK_OAUTH;
                exchange SignUpWithLogonEmailExchange = LOCAL_ACCOUNT_SIGN_UP_WITH_LOGON_EMAIL;
            }
            // A social sign-in: look the user up by their alternative security id.
            ClaimsExchange {
                skip_if_equals AUTHENTICATION_SOURCE = "localAccountAuthentication";
                exchange AADUserReadUsingAlternativeSecurityId = AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID_NO_ERROR;
            }
            // A first social sign-in: let the user complete their profile.
            ClaimsExchange {
                skip_if_exists OBJECT_ID;
                exchange "SelfAsserted-Social" = SELF_ASSERTED_SOCIAL;
            }
            // A local account: read the profile from the directory.
            ClaimsExchange {
                skip_if_equals AUTHENTICATION_SOURCE = "socialIdpAuthentication";
                exchange AADUserReadWithObjectId = AAD_USER_READ_USING_OBJECT_ID;
            }
            // A first social sign-in: create the directory account.
            ClaimsExchange {
                skip_if_exists OBJECT_ID;
                exchange AADUserWrite = AAD_USER_WRITE_USING_ALTERNATIVE_SECURITY_ID;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    }
}

/// Profile editing after signing in with either kind of account.
pub fn profile_edit() -> UserJourney<Base> {
    crate::journey! {
        scope = crate::base::ids::scope;
        journey PROFILE_EDIT (client_definition = DEFAULT_WEB) {
            ClaimsProviderSelection (content = API_IDPSELECTIONS) {
                select target FacebookExchange;
                select target LocalAccountSigninEmailExchange;
            }
            ClaimsExchange {
                exchange FacebookExchange = FACEBOOK_OAUTH;
                exchange LocalAccountSigninEmailExchange = SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL;
            }
            ClaimsExchange {
                skip_if_equals AUTHENTICATION_SOURCE = "localAccountAuthentication";
                exchange AADUserRead = AAD_USER_READ_USING_ALTERNATIVE_SECURITY_ID;
            }
            ClaimsExchange {
                skip_if_equals AUTHENTICATION_SOURCE = "socialIdpAuthentication";
                exchange AADUserReadWithObjectId = AAD_USER_READ_USING_OBJECT_ID;
            }
            ClaimsExchange {
                exchange B2CUserProfileUpdateExchange = SELF_ASSERTED_PROFILE_UPDATE;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    }
}

/// Password reset for local accounts: verify the email address, then set
/// a new password.
pub fn password_reset() -> UserJourney<Base> {
    crate::journey! {
        scope = crate::base::ids::scope;
        journey PASSWORD_RESET (client_definition = DEFAULT_WEB) {
            ClaimsExchange {
                exchange PasswordResetUsingEmailAddressExchange = LOCAL_ACCOUNT_DISCOVERY_USING_EMAIL_ADDRESS;
            }
            ClaimsExchange {
                exchange NewCredentials = LOCAL_ACCOUNT_WRITE_PASSWORD_USING_OBJECT_ID;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    }
}

/// Refresh-token redemption: no user interaction; the token is refused
/// when refresh tokens were revoked after it was issued.
pub fn redeem_refresh_token() -> UserJourney<Base> {
    crate::journey! {
        scope = crate::base::ids::scope;
        journey REDEEM_REFRESH_TOKEN (preserve_original_assertion = false) {
            ClaimsExchange {
                exchange RefreshTokenSetupExchange = REFRESH_TOKEN_READ_AND_SETUP;
            }
            ClaimsExchange {
                exchange CheckRefreshTokenDateFromAadExchange = AAD_USER_READ_USING_OBJECT_ID_CHECK_REFRESH_TOKEN_DATE;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    }
}
