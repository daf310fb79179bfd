// The policy set shared by the compile tests: a base, an extensions policy
// on top of it, a relying party on top of that, a sibling of the extensions
// policy, and an unrelated chain.
ief::declare! {
    pub policy base = "B2C_1A_TrustFrameworkBase" {
        claims {
            OBJECT_ID: Str = "objectId";
            SURNAME: Str = "surname";
            EMAIL: Str = "email";
            ACCEPTED_TERMS: Bool = "acceptedTerms";
        }
        transforms {
            CREATE_DISPLAY_NAME = "CreateDisplayName";
        }
        profiles {
            JWT_ISSUER = "JwtIssuer";
            LOCAL_SIGN_IN = "SelfAsserted-LocalAccountSignin-Email";
            LOCAL_SIGN_UP = "LocalAccountSignUpWithLogonEmail";
            AAD_READ = "AAD-UserReadUsingObjectId";
        }
        content_definitions {
            API_SIGNUPORSIGNIN = "api.signuporsignin";
        }
        journeys {
            SIGN_UP_OR_SIGN_IN = "SignUpOrSignIn";
        }
        sub_journeys {
            MFA = "Mfa";
        }
    }

    pub policy extensions = "B2C_1A_TrustFrameworkExtensions": base {
        claims {
            LOYALTY_ID: Str = "loyaltyId";
        }
        transforms {
            COMPARE_EMAIL_AND_SURNAME = "CompareEmailAndSurname";
            TERMS_EXIST = "TermsExist";
        }
        profiles {
            FACEBOOK = "Facebook-OAUTH";
        }
        journeys {
            LOYALTY_SIGN_UP_OR_SIGN_IN = "LoyaltySignUpOrSignIn";
        }
    }

    pub policy sibling = "B2C_1A_Sibling": base {
        claims {
            SIBLING_ONLY: Str = "siblingOnly";
        }
        profiles {
            SIBLING_PROFILE = "Sibling-Profile";
        }
    }

    pub policy relying_party = "B2C_1A_SignUpOrSignIn": extensions {}

    pub policy other = "B2C_1A_OtherBase" {
        claims {
            OTHER_CLAIM: Str = "otherClaim";
        }
        profiles {
            OTHER_PROFILE = "Other-Profile";
        }
        journeys {
            OTHER_JOURNEY = "OtherJourney";
        }
    }
}
