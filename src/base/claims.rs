//! The claims schema of the base: the 33 claim types a
//! Social-and-Local-accounts base declares, in the starter pack's order.
//!
//! Ids, data types (taken from the typed handles in [`super::ids`]),
//! partner claim names, input controls and validation patterns are B2C's;
//! every display name and help text is written for this project.

use crate::base::ids::Policy as Base;
use crate::claims::{ClaimType, PartnerClaimType, Pattern, Restriction, UserInputType};
use crate::providers::ProtocolName;
use crate::refs::{Claim, ClaimDataType};

use super::ids::claims::*;

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

/// Prefix of Microsoft's SAML claim names.
const MS_SAML: &str = "http://schemas.microsoft.com/identity/claims/";
/// Prefix of the WS-* (xmlsoap) SAML claim names.
const WS_SAML: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";

/// The parameter help shared by the claims that carry request parameters
/// to login.microsoftonline.com.
const LOCAL_LOGIN_PARAMETER: &str =
    "Request parameter sent to login.microsoftonline.com when a local account signs in.";

/// Every claim type of the base, in the starter pack's order.
pub fn claims_schema() -> Vec<ClaimType<Base>> {
    use UserInputType::{Password, TextBox};
    vec![
        // Claims the journeys need.
        claim(&ISSUER_USER_ID, "Identity provider user ID", "")
            .input(TextBox)
            .pattern(
                "^[a-zA-Z0-9]+[a-zA-Z0-9_-]*$",
                "That user name is not accepted. Start with a letter or a digit; \
                 after that, use only letters, digits, underscores (_) and hyphens (-).",
            ),
        claim(
            &TENANT_ID,
            "Directory tenant of the user",
            "Identifier of the Azure AD tenant in which the user's object lives.",
        )
        .partners(jwt_and_saml("tid", MS_SAML, "tenantid")),
        claim(
            &OBJECT_ID,
            "User object identifier",
            "Identifier of the user's object in the Azure AD directory.",
        )
        .partners(jwt_and_saml("oid", MS_SAML, "objectidentifier")),
        claim(&SIGN_IN_NAME, "Name used to sign in", "").input(TextBox),
        claim(
            &SIGN_IN_NAMES_EMAIL_ADDRESS,
            "Sign-in email",
            "The email address you sign in with.",
        )
        .input(TextBox),
        claim(
            &ACCOUNT_ENABLED,
            "Account is active",
            "Tells whether your account may be used to sign in.",
        )
        .admin_help("Tells whether this user account may be used to sign in."),
        claim(&PASSWORD, "Password", "Type your password").input(Password),
        claim(
            &NEW_PASSWORD,
            "Choose a new password",
            "Type the password you want to use",
        )
        .input(Password)
        .pattern(PASSWORD_PATTERN, PASSWORD_RULES),
        // A blank help text: the page compares the two entries itself.
        claim(
            &REENTER_PASSWORD,
            "Repeat the new password",
            "Type the same password again",
        )
        .input(Password)
        .pattern(PASSWORD_PATTERN, " "),
        claim(
            &PASSWORD_POLICIES,
            "Password rules",
            "Flags that tell Azure AD how to treat the password, such as strength checks and expiry.",
        ),
        claim(
            &CLIENT_ID,
            "Client application ID",
            "Parameter forwarded to the Azure AD token service (EvoSTS).",
        )
        .admin_help("Forwarded to EvoSTS, the Azure AD token service."),
        claim(
            &RESOURCE_ID,
            "Target resource ID",
            "Parameter forwarded to the Azure AD token service (EvoSTS).",
        )
        .admin_help("Forwarded to EvoSTS, the Azure AD token service."),
        claim(&SUB, "Subject identifier", "")
            .partners(vec![PartnerClaimType::new(ProtocolName::OpenIdConnect, "sub")]),
        claim(&ALTERNATIVE_SECURITY_ID, "Federated account key", ""),
        claim(
            &MAIL_NICK_NAME,
            "Mail alias",
            "The mail alias the directory keeps for you.",
        ),
        claim(&IDENTITY_PROVIDER, "Name of the identity provider", "")
            .partners(jwt_and_saml("idp", MS_SAML, "identityprovider")),
        claim(&DISPLAY_NAME, "Name to display", "The name we show for you.")
            .partners(vec![
                PartnerClaimType::new(ProtocolName::OAuth2, "unique_name"),
                PartnerClaimType::new(ProtocolName::OpenIdConnect, "name"),
                PartnerClaimType::new(ProtocolName::Saml2, format!("{WS_SAML}name")),
            ])
            .input(TextBox),
        claim(
            &EMAIL,
            "Email",
            "An address where we can reach you by email.",
        )
        .partners(vec![PartnerClaimType::new(ProtocolName::OpenIdConnect, "email")])
        .input(TextBox)
        .pattern(EMAIL_PATTERN, EMAIL_RULES),
        claim(
            &OTHER_MAILS,
            "Other email addresses",
            "Further addresses at which the user can be reached by email.",
        ),
        claim(
            &USER_PRINCIPAL_NAME,
            "User principal name (UPN)",
            "The sign-in name the directory keeps for you.",
        )
        .partners(jwt_and_saml("upn", MS_SAML, "userprincipalname")),
        claim(
            &UPN_USER_NAME,
            "User name part of the UPN",
            "The name from which the user principal name is built.",
        ),
        claim(&NEW_USER, "Newly created user", ""),
        claim(
            &EXECUTED_SELF_ASSERTED_INPUT,
            "Self-asserted page was shown",
            "Set when the user was asked for attributes on a self-asserted page.",
        ),
        claim(
            &AUTHENTICATION_SOURCE,
            "Where the user signed in",
            "Tells whether the user signed in with a social identity provider or with a local account.",
        ),
        // Refresh-token revocation.
        claim(
            &REFRESH_TOKEN_ISSUED_ON_DATE_TIME,
            "Refresh token issue time",
            "Compared with the revocation time to decide whether your refresh token may still renew the session without a prompt.",
        )
        .admin_help("Compared with the revocation time to decide whether the refresh token may still renew the session without a prompt."),
        claim(
            &REFRESH_TOKENS_VALID_FROM_DATE_TIME,
            "Refresh tokens valid from",
            "Refresh tokens issued before this time can no longer renew your session without a prompt.",
        )
        .admin_help("Refresh tokens issued before this time can no longer renew the session without a prompt."),
        // Parameters passed on to other claims providers.
        claim(&NCA, "Local account parameter (nca)", LOCAL_LOGIN_PARAMETER),
        claim(&GRANT_TYPE, "OAuth grant type (grant_type)", LOCAL_LOGIN_PARAMETER),
        claim(&SCOPE, "OAuth scope (scope)", LOCAL_LOGIN_PARAMETER),
        claim(
            &OBJECT_ID_FROM_SESSION,
            "Object ID taken from the session",
            "Set by the default session manager when the object ID came from a single sign-on session.",
        ),
        claim(
            &IS_ACTIVE_MFA_SESSION,
            "Active MFA session",
            "Set by the MFA session manager when the user already has a live multi-factor session.",
        ),
        // Optional profile attributes.
        claim(&GIVEN_NAME, "First name", "Your first or given name.")
            .partners(jwt_and_saml("given_name", WS_SAML, "givenname"))
            .input(TextBox),
        claim(&SURNAME, "Last name", "Your family or last name.")
            .partners(jwt_and_saml("family_name", WS_SAML, "surname"))
            .input(TextBox),
    ]
}

/// A claim type with its display name and user help text (every claim of
/// the base has both; an empty help text is written as `<UserHelpText/>`).
fn claim<T: ClaimDataType>(id: &Claim<T, Base>, display_name: &str, help: &str) -> ClaimType<Base> {
    ClaimType::declare(id)
        .display_name(display_name)
        .user_help_text(help)
        .build()
}

/// The claim is `jwt` in OAuth2 and OpenID Connect tokens and
/// `saml_prefix` + `saml_name` in SAML tokens.
fn jwt_and_saml(jwt: &str, saml_prefix: &str, saml_name: &str) -> Vec<PartnerClaimType> {
    vec![
        PartnerClaimType::new(ProtocolName::OAuth2, jwt),
        PartnerClaimType::new(ProtocolName::OpenIdConnect, jwt),
        PartnerClaimType::new(ProtocolName::Saml2, format!("{saml_prefix}{saml_name}")),
    ]
}

/// The optional parts of a base claim type, set after [`claim`].
trait ClaimExtras {
    /// The control a self-asserted page shows.
    fn input(self, input: UserInputType) -> Self;
    /// The value must match `regex`; `help` is shown when it does not.
    fn pattern(self, regex: &str, help: &str) -> Self;
    /// The names partners use for the claim.
    fn partners(self, partners: Vec<PartnerClaimType>) -> Self;
    /// The help text for administrators.
    fn admin_help(self, text: &str) -> Self;
}

impl ClaimExtras for ClaimType<Base> {
    fn input(self, input: UserInputType) -> Self {
        ClaimType {
            user_input_type: Some(input),
            ..self
        }
    }

    fn pattern(self, regex: &str, help: &str) -> Self {
        let pattern = Pattern::builder()
            .regular_expression(regex)
            .help_text(help)
            .build();
        ClaimType {
            restriction: Some(Restriction::pattern(pattern)),
            ..self
        }
    }

    fn partners(self, partners: Vec<PartnerClaimType>) -> Self {
        ClaimType {
            default_partner_claim_types: partners,
            ..self
        }
    }

    fn admin_help(self, text: &str) -> Self {
        ClaimType {
            admin_help_text: Some(text.to_owned()),
            ..self
        }
    }
}

/// Test helpers shared by the base's conformance tests: the starter pack's
/// files, the check that our texts are our own, and an emit/import round trip.
#[cfg(test)]
pub(crate) mod starter_pack {
    use crate::policy::{BuildingBlocks, TrustFrameworkPolicy};

    /// Texts we may share with the starter pack, compared after
    /// [`normalise`]. Each is a word with no other wording of the same
    /// meaning on a page:
    /// - `password`: the label of the password field;
    /// - `cancel`: the cancel button;
    /// - `facebook`: a brand name, the Facebook button;
    /// - `or`: the divider between social and local sign-in.
    pub const SHARED_WORDS: &[&str] = &["password", "cancel", "facebook", "or"];

    /// A file of the SocialAndLocalAccounts starter pack, imported. Reads
    /// `$IEF_CONFORMANCE_DIR/starterpack/…`, else `../shared/ief/starterpack/…`
    /// next to the workspace; panics with a clear message when it is missing.
    pub fn policy(file: &str) -> TrustFrameworkPolicy {
        let dir = match std::env::var_os("IEF_CONFORMANCE_DIR") {
            Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
            _ => std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"),
        };
        let path = dir.join("starterpack/SocialAndLocalAccounts").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "the conformance material is missing: cannot read {} ({e}); set \
                 IEF_CONFORMANCE_DIR to the folder holding starterpack/ and the XSD",
                path.display()
            )
        });
        crate::import::import_str(&text, path.display().to_string())
            .unwrap_or_else(|e| panic!("{} does not import: {e:?}", path.display()))
            .policy
    }

    /// `blocks` in a policy, emitted as XML and imported again.
    pub fn round_trip<P>(blocks: &BuildingBlocks<P>) -> BuildingBlocks {
        let mut policy = TrustFrameworkPolicy::builder()
            .tenant_id("yourtenant.onmicrosoft.com")
            .policy_id(crate::refs::PolicyRef::unchecked("B2C_1A_RoundTrip"))
            .build();
        policy.building_blocks = crate::refs::Erase::erase(blocks.clone());
        let xml = crate::emit::to_xml(&policy).expect("the building blocks emit");
        crate::import::import_str(&xml, "round-trip.xml")
            .unwrap_or_else(|e| panic!("the emitted XML does not import: {e:?}\n{xml}"))
            .policy
            .building_blocks
    }

    /// Lower case, runs of whitespace made one space, trimmed.
    pub fn normalise(text: &str) -> String {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// Fails unless `ours` is worded differently from `theirs`. Both blank
    /// (an empty help text is structure, not wording) and
    /// [`SHARED_WORDS`] pass; a blank on only one side fails, since that
    /// changes what the page shows.
    pub fn assert_own_words(what: &str, ours: &str, theirs: &str) {
        let (o, t) = (normalise(ours), normalise(theirs));
        if o.is_empty() || t.is_empty() {
            assert_eq!(o, t, "{what}: blank on one side only");
            return;
        }
        assert!(
            o != t || SHARED_WORDS.contains(&o.as_str()),
            "{what}: {ours:?} is the starter pack's wording; write it in our own words"
        );
    }

    /// [`assert_own_words`] for optional texts: both present or both absent.
    pub fn assert_own_words_opt(what: &str, ours: Option<&str>, theirs: Option<&str>) {
        match (ours, theirs) {
            (Some(o), Some(t)) => assert_own_words(what, o, t),
            (None, None) => {}
            _ => panic!("{what}: present in only one of ours {ours:?} and theirs {theirs:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::starter_pack::{assert_own_words, assert_own_words_opt, policy, round_trip};
    use super::*;
    use crate::claims::RestrictionValues;

    /// The facts of a restriction: pattern or values, without help texts.
    fn restriction_facts(c: &ClaimType) -> Option<(Option<String>, Vec<String>)> {
        c.restriction.as_ref().map(|r| match &r.values {
            RestrictionValues::Pattern(p) => (Some(p.regular_expression.clone()), vec![]),
            RestrictionValues::Enumeration(items) => {
                (None, items.iter().map(|i| i.value.clone()).collect())
            }
        })
    }

    fn pattern_help(c: &ClaimType) -> Option<&str> {
        match &c.restriction.as_ref()?.values {
            RestrictionValues::Pattern(p) => p.help_text.as_deref(),
            RestrictionValues::Enumeration(_) => None,
        }
    }

    /// Reads one text of a claim type.
    type Text = fn(&ClaimType) -> Option<&str>;

    /// The texts of a claim type that must be in our own words.
    const TEXTS: [(&str, Text); 4] = [
        ("DisplayName", |c| c.display_name.as_deref()),
        ("UserHelpText", |c| c.user_help_text.as_deref()),
        ("AdminHelpText", |c| c.admin_help_text.as_deref()),
        ("Pattern/@HelpText", pattern_help),
    ];

    #[test]
    fn the_claims_schema_has_the_starter_packs_facts_in_our_words() {
        let theirs = policy("TrustFrameworkBase.xml")
            .building_blocks
            .claims_schema;
        let ours = crate::refs::Erase::erase(claims_schema());
        let ids = |v: &[ClaimType]| v.iter().map(|c| c.id.id().to_owned()).collect::<Vec<_>>();
        assert_eq!(ids(&ours), ids(&theirs), "claim ids and order");
        assert_eq!(ours.len(), 33);

        for (o, t) in ours.iter().zip(&theirs) {
            let id = o.id.id();
            assert_eq!(o.data_type, t.data_type, "{id}: DataType");
            assert_eq!(o.statement_type, t.statement_type, "{id}: StatementType");
            assert_eq!(o.user_input_type, t.user_input_type, "{id}: UserInputType");
            assert_eq!(
                o.default_partner_claim_types, t.default_partner_claim_types,
                "{id}: DefaultPartnerClaimTypes"
            );
            assert_eq!(o.mask, t.mask, "{id}: Mask");
            assert_eq!(
                restriction_facts(o),
                restriction_facts(t),
                "{id}: Restriction"
            );
            assert_eq!(
                o.restriction.as_ref().map(|r| r.merge_behavior),
                t.restriction.as_ref().map(|r| r.merge_behavior),
                "{id}: Restriction/@MergeBehavior"
            );
            assert_eq!(
                o.input_validation, t.input_validation,
                "{id}: InputValidationReference"
            );
            assert_eq!(
                o.predicate_validation, t.predicate_validation,
                "{id}: PredicateValidationReference"
            );

            for (what, text) in TEXTS {
                assert_own_words_opt(&format!("{id}: {what}"), text(o), text(t));
            }
        }
    }

    #[test]
    fn the_claims_schema_survives_an_emit_and_import_round_trip() {
        let blocks = crate::policy::BuildingBlocks {
            claims_schema: crate::refs::Erase::erase(claims_schema()),
            ..Default::default()
        };
        assert_eq!(round_trip(&blocks), blocks);
    }

    #[test]
    fn own_words_check_catches_a_copied_text() {
        let copied = std::panic::catch_unwind(|| {
            assert_own_words("x", "Your  display NAME.", "Your display name.")
        });
        assert!(copied.is_err());
        assert_own_words("x", "Cancel", "cancel");
    }
}
