//! What the base shows: its client definition, its ten content definitions
//! (page templates and page contracts), and the English localization
//! policy that sits on top of it.
//!
//! Template paths, page-contract versions, metadata keys and the
//! localization keys (`ElementType`, `ElementId`, `StringId`) are B2C's;
//! every text a user or an administrator reads is written for this project.

use crate::base::ids::Policy as Base;
use crate::base::localization::Policy as Loc;
use crate::claims::MergeBehavior;
use crate::content::{
    ClientDefinition, ContentDefinition, Localization, LocalizedResources,
    LocalizedResourcesReference, LocalizedResourcesReferences, LocalizedString, SupportedLanguages,
};
use crate::metadata;
use crate::refs::{ContentDefRef, LocalizedResourcesRef};

use super::claims::{EMAIL_RULES, PASSWORD_RULES};
use super::ids::client_definitions::DEFAULT_WEB;
use super::ids::content_definitions::*;
use super::localization::localized_resources::*;

/// The language of the localization policy.
const LANGUAGE: &str = "en";

/// The client definition of web browsers.
pub fn client_definitions() -> Vec<ClientDefinition<Base>> {
    vec![ClientDefinition {
        id: DEFAULT_WEB,
        client_ui_filter_flags: "LineMarkers, MetaRefresh".into(),
    }]
}

/// The base's content definitions, in the starter pack's order: each names
/// its AzureBlue template, the error page to fall back on, the page
/// contract (`DataUri`) and a name for administrators.
pub fn content_definitions() -> Vec<ContentDefinition<Base>> {
    const SELF_ASSERTED: &str = "selfAsserted.cshtml";
    const SELF_ASSERTED_CONTRACT: &str = "selfasserted:2.1.7";
    vec![
        page(
            API_ERROR,
            "exception.cshtml",
            "globalexception:1.2.1",
            "Unexpected error",
        ),
        page(
            API_IDPSELECTIONS,
            "idpSelector.cshtml",
            "providerselection:1.2.1",
            "Choice of identity provider",
        )
        .with_intro("Choose how to sign in"),
        page(
            API_IDPSELECTIONS_SIGNUP,
            "idpSelector.cshtml",
            "providerselection:1.2.1",
            "Choice of identity provider",
        )
        .with_intro("Choose how to sign up"),
        page(
            API_SIGNUPORSIGNIN,
            "unified.cshtml",
            "unifiedssp:2.1.5",
            "Sign in or create an account",
        ),
        page(
            API_SELFASSERTED,
            SELF_ASSERTED,
            SELF_ASSERTED_CONTRACT,
            "Ask the user for details",
        ),
        page(
            API_SELFASSERTED_PROFILEUPDATE,
            SELF_ASSERTED,
            SELF_ASSERTED_CONTRACT,
            "Profile editing",
        ),
        page(
            API_LOCALACCOUNTSIGNUP,
            SELF_ASSERTED,
            SELF_ASSERTED_CONTRACT,
            "Local account registration",
        ),
        page(
            API_LOCALACCOUNTPASSWORDRESET,
            SELF_ASSERTED,
            SELF_ASSERTED_CONTRACT,
            "New password for a local account",
        ),
        page(
            API_SOCIALCCOUNTSIGNUP,
            SELF_ASSERTED,
            SELF_ASSERTED_CONTRACT,
            "Social account registration",
        ),
        page(
            API_LOCALACCOUNTSIGNIN,
            SELF_ASSERTED,
            SELF_ASSERTED_CONTRACT,
            "Local account sign-in",
        ),
    ]
}

/// A content definition with the AzureBlue `template`, the common error
/// page as recovery, the page contract `contract` (`name:version`) and the
/// administrators' `display_name`.
fn page(
    id: ContentDefRef<Base>,
    template: &str,
    contract: &str,
    display_name: &str,
) -> ContentDefinition<Base> {
    ContentDefinition::new(id)
        .load_uri(format!("~/tenant/templates/AzureBlue/{template}"))
        .recovery_uri("~/common/default_page_error.html")
        .data_uri(format!(
            "urn:com:microsoft:aad:b2c:elements:contract:{contract}"
        ))
        .metadata(metadata! { "DisplayName" => display_name })
        .build()
}

/// Sets the intro line of an identity-provider selection page.
trait WithIntro {
    /// Adds the `language.intro` metadata item.
    fn with_intro(self, intro: &str) -> Self;
}

impl WithIntro for ContentDefinition<Base> {
    fn with_intro(mut self, intro: &str) -> Self {
        self.metadata
            .extend(metadata! { "language.intro" => intro });
        self
    }
}

/// The localization policy's part: the content definitions restated with a
/// reference to their English resources (prepended to the base's), and the
/// `Localization` block with those resources.
pub fn localization() -> (Vec<ContentDefinition<Loc>>, Localization<Loc>) {
    let resources = vec![
        (
            API_SIGNUPORSIGNIN,
            API_SIGNUPORSIGNIN_EN,
            sign_up_or_sign_in_strings(),
        ),
        (
            API_LOCALACCOUNTSIGNUP,
            API_LOCALACCOUNTSIGNUP_EN,
            local_sign_up_strings(),
        ),
        (
            API_SOCIALCCOUNTSIGNUP,
            API_SOCIALCCOUNTSIGNUP_EN,
            social_sign_up_strings(),
        ),
        (
            API_LOCALACCOUNTPASSWORDRESET,
            API_LOCALACCOUNTPASSWORDRESET_EN,
            password_reset_strings(),
        ),
        (
            API_IDPSELECTIONS,
            API_IDPSELECTIONS_EN,
            idp_selection_strings(),
        ),
        (
            API_LOCALACCOUNTSIGNIN,
            API_LOCALACCOUNTSIGNIN_EN,
            local_sign_in_strings(),
        ),
        (
            API_SELFASSERTED_PROFILEUPDATE,
            API_SELFASSERTED_PROFILEUPDATE_EN,
            profile_update_strings(),
        ),
    ];
    let definitions = resources
        .iter()
        .map(|(page, id, _)| localized_page(page.clone(), id.clone()))
        .collect();
    let localization = Localization::builder()
        .enabled(true)
        .supported_languages(
            SupportedLanguages::builder()
                .default_language(LANGUAGE)
                .merge_behavior(MergeBehavior::Append)
                .languages(vec![LANGUAGE.to_owned()])
                .build(),
        )
        .resources(
            resources
                .into_iter()
                .map(|(_, id, strings)| {
                    LocalizedResources::builder()
                        .id(id)
                        .strings(strings)
                        .build()
                })
                .collect(),
        )
        .build();
    (definitions, localization)
}

/// `page` restated to take its English strings from `resources`.
fn localized_page(
    page: ContentDefRef<Base>,
    resources: LocalizedResourcesRef<Loc>,
) -> ContentDefinition<Loc> {
    ContentDefinition::new(page.restated())
        .localized_resources_references(
            LocalizedResourcesReferences::builder()
                .merge_behavior(MergeBehavior::Prepend)
                .references(vec![LocalizedResourcesReference::builder()
                    .language(LANGUAGE)
                    .resources(resources)
                    .build()])
                .build(),
        )
        .build()
}

// ---------------------------------------------------------------------------
// Localized strings. `ElementType`, `ElementId` and `StringId` are the keys
// B2C looks strings up by; `{0}`, `{1}`, `{2}` are filled in by B2C.

/// A page element's text (`UxElement`).
fn ux(string_id: &str, text: &str) -> LocalizedString {
    LocalizedString::builder()
        .element_type("UxElement")
        .string_id(string_id)
        .text(text)
        .build()
}

/// A claim's text (`ClaimType`): `DisplayName`, `UserHelpText` or
/// `PatternHelpText` of the claim `claim_id`.
fn claim_text(claim_id: &str, string_id: &str, text: &str) -> LocalizedString {
    LocalizedString::builder()
        .element_type("ClaimType")
        .element_id(claim_id)
        .string_id(string_id)
        .text(text)
        .build()
}

/// An error message (`ErrorMessage`).
fn error(string_id: &str, text: &str) -> LocalizedString {
    LocalizedString::builder()
        .element_type("ErrorMessage")
        .string_id(string_id)
        .text(text)
        .build()
}

/// The label of a claims-provider button (`ClaimsProvider`), keyed by the
/// exchange id of the journey step.
fn provider_button(exchange_id: &str, text: &str) -> LocalizedString {
    LocalizedString::builder()
        .element_type("ClaimsProvider")
        .string_id(exchange_id)
        .text(text)
        .build()
}

/// Said when the directory refuses requests for a while.
const TOO_MANY_REQUESTS: &str =
    "We are receiving too many requests right now. Wait a moment, then try again.";
/// Said when the account is disabled.
const ACCOUNT_DISABLED: &str =
    "This account is blocked. Ask your support contact to unblock it, then try again.";
/// Said when the password given at sign-in is wrong.
const WRONG_PASSWORD: &str = "That password is wrong.";

/// The two buttons of a self-asserted page: `go_on` labels the one that
/// submits the page.
fn buttons(go_on: &str) -> Vec<LocalizedString> {
    vec![ux("button_continue", go_on), ux("button_cancel", "Cancel")]
}

/// The email claim on a form.
fn email_strings() -> Vec<LocalizedString> {
    vec![
        claim_text("email", "DisplayName", "Email"),
        claim_text(
            "email",
            "UserHelpText",
            "An address where we can reach you by email.",
        ),
        claim_text("email", "PatternHelpText", EMAIL_RULES),
    ]
}

/// The new password and its repetition on a form.
fn new_password_strings() -> Vec<LocalizedString> {
    vec![
        claim_text("newPassword", "DisplayName", "Choose a new password"),
        claim_text(
            "newPassword",
            "UserHelpText",
            "Type the password you want to use",
        ),
        claim_text("newPassword", "PatternHelpText", PASSWORD_RULES),
        claim_text("reenterPassword", "DisplayName", "Repeat the new password"),
        claim_text(
            "reenterPassword",
            "UserHelpText",
            "Type the same password again",
        ),
        claim_text("reenterPassword", "PatternHelpText", PASSWORD_RULES),
        ux(
            "error_passwordEntryMismatch",
            "The two passwords differ. Type the same password in both fields.",
        ),
    ]
}

/// The name claims on a form.
fn name_strings() -> Vec<LocalizedString> {
    vec![
        claim_text("displayName", "DisplayName", "Name to display"),
        claim_text("displayName", "UserHelpText", "The name we show for you."),
        claim_text("surname", "DisplayName", "Last name"),
        claim_text("surname", "UserHelpText", "Your family or last name."),
        claim_text("givenName", "DisplayName", "First name"),
        claim_text("givenName", "UserHelpText", "Your first or given name."),
    ]
}

/// The email verification control of a form.
fn verification_strings() -> Vec<LocalizedString> {
    vec![
        ux("ver_but_edit", "Use another email address"),
        ux("ver_but_resend", "Send another code"),
        ux("ver_but_send", "Email me a code"),
        ux("ver_but_verify", "Check the code"),
        ux(
            "ver_fail_code_expired",
            "This code has run out. Ask for a new one.",
        ),
        ux(
            "ver_fail_no_retry",
            "Too many wrong codes were entered. Try again later.",
        ),
        ux("ver_fail_retry", "That code does not match. Try once more."),
        ux(
            "ver_fail_server",
            "We could not check this email address. Make sure it is a valid address and try again.",
        ),
        ux(
            "ver_fail_throttled",
            "This email address was sent too many codes. Wait a little, then try again.",
        ),
        ux(
            "ver_info_msg",
            "We sent a code to your inbox. Enter it in the box below.",
        ),
        ux("ver_input", "Code from the email"),
        ux(
            "ver_intro_msg",
            "We need to confirm this address. Select 'Email me a code' to get a code.",
        ),
        ux(
            "ver_success_msg",
            "Your email address is confirmed. You can go on.",
        ),
    ]
}

/// What a form says about fields filled in wrongly.
fn field_error_strings() -> Vec<LocalizedString> {
    vec![
        ux(
            "error_fieldIncorrect",
            "Some fields are not filled in correctly. Check what you entered and try again.",
        ),
        ux("required_field", "This field must be filled in."),
    ]
}

/// The errors a form submission can meet.
fn submission_error_strings() -> Vec<LocalizedString> {
    vec![
        error("ServiceThrottled", TOO_MANY_REQUESTS),
        error(
            "UserMessageIfClaimNotVerified",
            "{0} has not been verified.",
        ),
        error(
            "UserMessageIfClaimsPrincipalAlreadyExists",
            "An account with this ID exists already. Pick another one.",
        ),
        error(
            "UserMessageIfIncorrectPattern",
            "{0} is not in the expected format.",
        ),
        error(
            "UserMessageIfInvalidInput",
            "The value of {0} is not valid.",
        ),
        error(
            "UserMessageIfMissingRequiredElement",
            "{0} is required but missing.",
        ),
        error(
            "UserMessageIfValidationError",
            "{0} could not validate the input.",
        ),
    ]
}

/// The sign-in fields (email and password) of a sign-in page.
fn sign_in_field_strings() -> Vec<LocalizedString> {
    vec![
        claim_text("signInName", "DisplayName", "Email"),
        claim_text("password", "DisplayName", "Password"),
    ]
}

/// The errors a local-account sign-in can meet.
fn sign_in_error_strings() -> Vec<LocalizedString> {
    vec![
        error("ResourceOwnerFlowInvalidCredentials", WRONG_PASSWORD),
        error("UserMessageIfInvalidPassword", WRONG_PASSWORD),
        error(
            "UserMessageIfPasswordExpired",
            "This password is past its expiry date.",
        ),
        error(
            "UserMessageIfClaimsPrincipalDoesNotExist",
            "No account matches what you entered.",
        ),
        error(
            "UserMessageIfOldPasswordUsed",
            "That is one of your previous passwords.",
        ),
        error("DefaultMessage", "The user name or password is wrong."),
        error("UserMessageIfUserAccountDisabled", ACCOUNT_DISABLED),
        error(
            "UserMessageIfUserAccountLocked",
            "For your protection, this account is locked for a while. Try again later.",
        ),
        error("AADRequestsThrottled", TOO_MANY_REQUESTS),
    ]
}

/// The Facebook button.
fn facebook_button() -> LocalizedString {
    provider_button("FacebookExchange", "Facebook")
}

/// `api.signuporsignin`: the combined sign-in and sign-up page.
fn sign_up_or_sign_in_strings() -> Vec<LocalizedString> {
    [
        sign_in_field_strings(),
        vec![
            ux("heading", "Sign in to your account"),
            ux("social_intro", "Use a social account"),
            ux("local_intro_generic", "Use your {0} to sign in"),
            ux("requiredField_password", "Your password is needed."),
            ux("requiredField_generic", "Your {0} is needed."),
            ux("invalid_generic", "That {0} is not valid."),
            ux("createaccount_intro", "New here?"),
            ux("createaccount_one_link", "Create an account"),
            ux(
                "createaccount_two_links",
                "Create an account with {0} or {1}",
            ),
            ux(
                "createaccount_three_links",
                "Create an account with {0}, {1} or {2}",
            ),
            ux("forgotpassword_link", "Can't remember your password?"),
            ux("button_signin", "Log in"),
            ux("divider_title", "OR"),
            ux(
                "unknown_error",
                "Something went wrong while signing you in. Try again in a little while.",
            ),
            facebook_button(),
        ],
        sign_in_error_strings(),
    ]
    .concat()
}

/// `api.localaccountsignup`: creating a local account.
fn local_sign_up_strings() -> Vec<LocalizedString> {
    [
        email_strings(),
        new_password_strings(),
        name_strings(),
        buttons("Create account"),
        field_error_strings(),
        vec![
            ux(
                "error_requiredFieldMissing",
                "A field that must be filled in is empty. Complete every required field and try again.",
            ),
            ux("helplink_text", "Tell me more"),
            ux("initial_intro", "Fill in the details below."),
            ux("preloader_alt", "One moment..."),
        ],
        verification_strings(),
        submission_error_strings(),
    ]
    .concat()
}

/// `api.socialccountsignup`: completing an account after a social sign-in.
fn social_sign_up_strings() -> Vec<LocalizedString> {
    [
        email_strings(),
        name_strings(),
        buttons("Create account"),
        vec![error(
            "UserMessageIfClaimsPrincipalAlreadyExists",
            "You have an account already. Go back and sign in with it.",
        )],
    ]
    .concat()
}

/// `api.localaccountpasswordreset`: choosing a new password.
fn password_reset_strings() -> Vec<LocalizedString> {
    [
        email_strings(),
        new_password_strings(),
        buttons("Next"),
        field_error_strings(),
        vec![
            error(
                "UserMessageIfClaimsPrincipalDoesNotExist",
                "No account exists for the ID you entered.",
            ),
            error(
                "UserMessageIfClaimsTransformationBooleanValueIsNotEqual",
                ACCOUNT_DISABLED,
            ),
        ],
        verification_strings(),
        submission_error_strings(),
    ]
    .concat()
}

/// `api.idpselections`: choosing how to sign in.
fn idp_selection_strings() -> Vec<LocalizedString> {
    vec![
        ux("intro", "Choose how to sign in"),
        provider_button("LocalAccountSigninEmailExchange", "Email and password"),
        facebook_button(),
    ]
}

/// `api.localaccountsignin`: signing in with a local account.
fn local_sign_in_strings() -> Vec<LocalizedString> {
    [
        sign_in_field_strings(),
        buttons("Next"),
        sign_in_error_strings(),
    ]
    .concat()
}

/// `api.selfasserted.profileupdate`: editing one's profile.
fn profile_update_strings() -> Vec<LocalizedString> {
    [name_strings(), buttons("Save changes")].concat()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::claims::starter_pack::{assert_own_words, policy, round_trip};
    use super::*;
    use crate::policy::BuildingBlocks;

    /// The language-dependent metadata items: their values are texts.
    const TEXT_KEYS: &[&str] = &["DisplayName", "language.intro"];

    #[test]
    fn the_client_definition_matches_the_starter_pack() {
        let theirs = policy("TrustFrameworkBase.xml")
            .building_blocks
            .client_definitions;
        assert_eq!(crate::refs::Erase::erase(client_definitions()), theirs);
    }

    #[test]
    fn the_content_definitions_match_the_starter_pack() {
        let theirs = policy("TrustFrameworkBase.xml")
            .building_blocks
            .content_definitions;
        let ours = crate::refs::Erase::erase(content_definitions());
        assert_eq!(ours.len(), 10);
        assert_eq!(ours.len(), theirs.len());
        for (o, t) in ours.iter().zip(&theirs) {
            let id = o.id.id();
            assert_eq!(o.id, t.id, "content definition order");
            assert_eq!(o.load_uri, t.load_uri, "{id}: LoadUri");
            assert_eq!(o.recovery_uri, t.recovery_uri, "{id}: RecoveryUri");
            assert_eq!(o.data_uri, t.data_uri, "{id}: DataUri");
            assert_eq!(
                o.localized_resources_references, t.localized_resources_references,
                "{id}: LocalizedResourcesReferences"
            );
            let keys = |md: &[crate::providers::MetadataItem]| {
                md.iter().map(|i| i.key.clone()).collect::<Vec<_>>()
            };
            assert_eq!(keys(&o.metadata), keys(&t.metadata), "{id}: metadata keys");
            for (oi, ti) in o.metadata.iter().zip(&t.metadata) {
                if TEXT_KEYS.contains(&oi.key.as_str()) {
                    assert_own_words(&format!("{id}: {}", oi.key), &oi.value, &ti.value);
                } else {
                    assert_eq!(oi.value, ti.value, "{id}: metadata {}", oi.key);
                }
            }
        }
    }

    #[test]
    fn the_content_and_localization_survive_an_emit_and_import_round_trip() {
        let (localized_pages, localization) = crate::refs::Erase::erase(localization());
        for blocks in [
            crate::refs::Erase::erase(BuildingBlocks {
                client_definitions: crate::refs::Erase::erase(client_definitions()),
                content_definitions: crate::refs::Erase::erase(content_definitions()),
                ..Default::default()
            }),
            crate::refs::Erase::erase(BuildingBlocks {
                content_definitions: localized_pages,
                localization: Some(localization),
                ..Default::default()
            }),
        ] {
            assert_eq!(round_trip(&blocks), blocks);
        }
    }

    /// `(ElementType, ElementId, StringId)` -> text, per resources id.
    type Strings = BTreeMap<(String, Option<String>, String), String>;

    fn strings(l: &Localization) -> BTreeMap<String, Strings> {
        l.resources
            .iter()
            .map(|r| {
                let id = r.id.as_ref().map(|i| i.id().to_owned()).unwrap_or_default();
                let mut map = Strings::new();
                for s in &r.strings {
                    let key = (
                        s.element_type.clone(),
                        s.element_id.clone(),
                        s.string_id.clone(),
                    );
                    let before = map.insert(key.clone(), s.text.clone());
                    assert!(before.is_none(), "{id}: {key:?} twice");
                }
                (id, map)
            })
            .collect()
    }

    #[test]
    fn the_localization_matches_the_starter_pack_in_our_words() {
        let file = policy("TrustFrameworkLocalization.xml");
        let theirs = file
            .building_blocks
            .localization
            .expect("the starter pack has a Localization");
        let (definitions, ours) = crate::refs::Erase::erase(localization());

        // The restated content definitions: ids, references, merge behaviour.
        assert_eq!(definitions, file.building_blocks.content_definitions);

        // Everything but the resources' texts is fact.
        assert_eq!(ours.enabled, theirs.enabled);
        assert_eq!(ours.supported_languages, theirs.supported_languages);
        let ids = |l: &Localization| {
            l.resources
                .iter()
                .map(|r| (r.id.clone(), r.culture.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&ours), ids(&theirs), "LocalizedResources ids and order");
        for (o, t) in ours.resources.iter().zip(&theirs.resources) {
            assert_eq!(o.collections, t.collections, "LocalizedCollections");
        }

        let (ours, theirs) = (strings(&ours), strings(&theirs));
        for (id, o) in &ours {
            let t = &theirs[id];
            assert_eq!(
                o.keys().collect::<Vec<_>>(),
                t.keys().collect::<Vec<_>>(),
                "{id}: (ElementType, ElementId, StringId) keys"
            );
            for (key, text) in o {
                assert_own_words(&format!("{id} {key:?}"), text, &t[key]);
                assert_eq!(
                    placeholders(text),
                    placeholders(&t[key]),
                    "{id} {key:?}: the {{n}} placeholders B2C fills in"
                );
            }
        }
    }

    /// The `{0}`, `{1}`, … placeholders of a text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .match_indices('{')
            .filter_map(|(i, _)| {
                let rest = &text[i..];
                let end = rest.find('}')?;
                let inner = &rest[1..end];
                (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| &rest[..=end])
            })
            .collect();
        found.sort_unstable();
        found
    }
}
