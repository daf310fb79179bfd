//! What the base shows: its content definitions (page templates and page
//! contracts) and the English strings of the localization policy on top
//! of it.
//!
//! Template paths, page-contract versions, metadata keys and the
//! localization keys (`ElementType`, `ElementId`, `StringId`) are B2C's;
//! every text a user or an administrator reads is written for this project.

use crate::base::ids::Policy as Base;
use crate::base::localization::Policy as Loc;
use crate::base::{EMAIL_RULES, PASSWORD_RULES};
use crate::claims::MergeBehavior;
use crate::content::{
    ContentDefinition, Localization, LocalizedResources, LocalizedResourcesReference,
    LocalizedResourcesReferences, LocalizedString, SupportedLanguages,
};
use crate::providers::MetadataItem;
use crate::refs::{ContentDefRef, LocalizedResourcesRef};

/// The language of the localization policy.
const LANGUAGE: &str = "en";

/// A content definition with the AzureBlue `template`, the common error
/// page as recovery, the page contract `contract` (`name:version`) and the
/// administrators' `display_name`.
pub fn page(
    id: &ContentDefRef<Base>,
    template: &str,
    contract: &str,
    display_name: &str,
) -> ContentDefinition<Base> {
    ContentDefinition::new(id.clone())
        .load_uri(format!("~/tenant/templates/AzureBlue/{template}"))
        .recovery_uri("~/common/default_page_error.html")
        .data_uri(format!(
            "urn:com:microsoft:aad:b2c:elements:contract:{contract}"
        ))
        .metadata(vec![MetadataItem::new("DisplayName", display_name)])
        .build()
}

/// A self-asserted page ([`page`] with the self-asserted template and
/// contract).
pub fn self_asserted_page(id: &ContentDefRef<Base>, display_name: &str) -> ContentDefinition<Base> {
    page(
        id,
        "selfAsserted.cshtml",
        "selfasserted:2.1.7",
        display_name,
    )
}

/// The intro line of an identity-provider selection page.
pub trait Intro {
    /// Adds the `language.intro` metadata item.
    fn intro(self, intro: &str) -> Self;
}

impl Intro for ContentDefinition<Base> {
    fn intro(mut self, intro: &str) -> Self {
        self.metadata
            .push(MetadataItem::new("language.intro", intro));
        self
    }
}

/// `page` restated to take its English strings from `resources` (placed
/// before the base's own).
pub fn localized(
    page: &ContentDefRef<Base>,
    resources: &LocalizedResourcesRef<Loc>,
) -> ContentDefinition<Loc> {
    ContentDefinition::new(page.restated())
        .localized_resources_references(
            LocalizedResourcesReferences::builder()
                .merge_behavior(MergeBehavior::Prepend)
                .references(vec![LocalizedResourcesReference::builder()
                    .language(LANGUAGE)
                    .resources(resources.clone())
                    .build()])
                .build(),
        )
        .build()
}

/// The resources `id` holding `strings`.
pub fn resources(
    id: &LocalizedResourcesRef<Loc>,
    strings: Vec<LocalizedString>,
) -> LocalizedResources<Loc> {
    LocalizedResources::builder()
        .id(id.clone())
        .strings(strings)
        .build()
}

/// Turns localization on, with English as the one language.
pub fn english(localization: &mut Localization<Loc>) {
    localization.enabled = Some(true);
    localization.supported_languages = Some(
        SupportedLanguages::builder()
            .default_language(LANGUAGE)
            .merge_behavior(MergeBehavior::Append)
            .languages(vec![LANGUAGE.to_owned()])
            .build(),
    );
}

/// One localized string: `ElementType`, `ElementId` (claim strings only),
/// `StringId` and the text.
fn string(element_type: &str, element_id: Option<&str>, id: &str, text: &str) -> LocalizedString {
    LocalizedString {
        element_type: element_type.to_owned(),
        element_id: element_id.map(str::to_owned),
        string_id: id.to_owned(),
        text: text.to_owned(),
    }
}

/// A list of strings, one a line: `ux "StringId" => text;` (a page
/// element), `claim "claimId" "StringId" => text;`, `error "StringId" =>
/// text;`, `button "ExchangeId" => text;` (a claims provider's button).
macro_rules! strings {
    ($($kind:ident $($key:literal)+ => $text:expr;)*) => { vec![$(strings!(@ $kind $($key)+ => $text)),*] };
    (@ ux $id:literal => $text:expr) => { string("UxElement", None, $id, $text) };
    (@ claim $claim:literal $id:literal => $text:expr) => { string("ClaimType", Some($claim), $id, $text) };
    (@ error $id:literal => $text:expr) => { string("ErrorMessage", None, $id, $text) };
    (@ button $id:literal => $text:expr) => { string("ClaimsProvider", None, $id, $text) };
}

/// The strings of each page. `{0}`, `{1}`, `{2}` are filled in by B2C.
pub mod strings {
    use super::*;

    /// Said when the directory refuses requests for a while.
    const TOO_MANY_REQUESTS: &str =
        "We are receiving too many requests right now. Wait a moment, then try again.";
    /// Said when the account is disabled.
    const ACCOUNT_DISABLED: &str =
        "This account is blocked. Ask your support contact to unblock it, then try again.";
    /// Said when the password given at sign-in is wrong.
    const WRONG_PASSWORD: &str = "That password is wrong.";

    /// The two buttons of a self-asserted page: `go_on` labels the one
    /// that submits the page.
    fn buttons(go_on: &str) -> Vec<LocalizedString> {
        strings![ux "button_continue" => go_on; ux "button_cancel" => "Cancel";]
    }

    /// The email claim on a form.
    fn email() -> Vec<LocalizedString> {
        strings![
            claim "email" "DisplayName" => "Email";
            claim "email" "UserHelpText" => "An address where we can reach you by email.";
            claim "email" "PatternHelpText" => EMAIL_RULES;
        ]
    }

    /// The new password and its repetition on a form.
    fn new_password() -> Vec<LocalizedString> {
        strings![
            claim "newPassword" "DisplayName" => "Choose a new password";
            claim "newPassword" "UserHelpText" => "Type the password you want to use";
            claim "newPassword" "PatternHelpText" => PASSWORD_RULES;
            claim "reenterPassword" "DisplayName" => "Repeat the new password";
            claim "reenterPassword" "UserHelpText" => "Type the same password again";
            claim "reenterPassword" "PatternHelpText" => PASSWORD_RULES;
            ux "error_passwordEntryMismatch" => "The two passwords differ. Type the same password in both fields.";
        ]
    }

    /// The name claims on a form.
    fn names() -> Vec<LocalizedString> {
        strings![
            claim "displayName" "DisplayName" => "Name to display";
            claim "displayName" "UserHelpText" => "The name we show for you.";
            claim "surname" "DisplayName" => "Last name";
            claim "surname" "UserHelpText" => "Your family or last name.";
            claim "givenName" "DisplayName" => "First name";
            claim "givenName" "UserHelpText" => "Your first or given name.";
        ]
    }

    /// The email verification control of a form.
    fn verification() -> Vec<LocalizedString> {
        strings![
            ux "ver_but_edit" => "Use another email address";
            ux "ver_but_resend" => "Send another code";
            ux "ver_but_send" => "Email me a code";
            ux "ver_but_verify" => "Check the code";
            ux "ver_fail_code_expired" => "This code has run out. Ask for a new one.";
            ux "ver_fail_no_retry" => "Too many wrong codes were entered. Try again later.";
            ux "ver_fail_retry" => "That code does not match. Try once more.";
            ux "ver_fail_server" => "We could not check this email address. Make sure it is a valid address and try again.";
            ux "ver_fail_throttled" => "This email address was sent too many codes. Wait a little, then try again.";
            ux "ver_info_msg" => "We sent a code to your inbox. Enter it in the box below.";
            ux "ver_input" => "Code from the email";
            ux "ver_intro_msg" => "We need to confirm this address. Select 'Email me a code' to get a code.";
            ux "ver_success_msg" => "Your email address is confirmed. You can go on.";
        ]
    }

    /// What a form says about fields filled in wrongly.
    fn field_errors() -> Vec<LocalizedString> {
        strings![
            ux "error_fieldIncorrect" => "Some fields are not filled in correctly. Check what you entered and try again.";
            ux "required_field" => "This field must be filled in.";
        ]
    }

    /// The errors a form submission can meet.
    fn submission_errors() -> Vec<LocalizedString> {
        strings![
            error "ServiceThrottled" => TOO_MANY_REQUESTS;
            error "UserMessageIfClaimNotVerified" => "{0} has not been verified.";
            error "UserMessageIfClaimsPrincipalAlreadyExists" => "An account with this ID exists already. Pick another one.";
            error "UserMessageIfIncorrectPattern" => "{0} is not in the expected format.";
            error "UserMessageIfInvalidInput" => "The value of {0} is not valid.";
            error "UserMessageIfMissingRequiredElement" => "{0} is required but missing.";
            error "UserMessageIfValidationError" => "{0} could not validate the input.";
        ]
    }

    /// The sign-in fields (email and password) of a sign-in page.
    fn sign_in_fields() -> Vec<LocalizedString> {
        strings![
            claim "signInName" "DisplayName" => "Email";
            claim "password" "DisplayName" => "Password";
        ]
    }

    /// The errors a local-account sign-in can meet.
    fn sign_in_errors() -> Vec<LocalizedString> {
        strings![
            error "ResourceOwnerFlowInvalidCredentials" => WRONG_PASSWORD;
            error "UserMessageIfInvalidPassword" => WRONG_PASSWORD;
            error "UserMessageIfPasswordExpired" => "This password is past its expiry date.";
            error "UserMessageIfClaimsPrincipalDoesNotExist" => "No account matches what you entered.";
            error "UserMessageIfOldPasswordUsed" => "That is one of your previous passwords.";
            error "DefaultMessage" => "The user name or password is wrong.";
            error "UserMessageIfUserAccountDisabled" => ACCOUNT_DISABLED;
            error "UserMessageIfUserAccountLocked" => "For your protection, this account is locked for a while. Try again later.";
            error "AADRequestsThrottled" => TOO_MANY_REQUESTS;
        ]
    }

    /// `api.signuporsignin`: the combined sign-in and sign-up page.
    pub fn sign_up_or_sign_in() -> Vec<LocalizedString> {
        let page = strings![
            ux "heading" => "Sign in to your account";
            ux "social_intro" => "Use a social account";
            ux "local_intro_generic" => "Use your {0} to sign in";
            ux "requiredField_password" => "Your password is needed.";
            ux "requiredField_generic" => "Your {0} is needed.";
            ux "invalid_generic" => "That {0} is not valid.";
            ux "createaccount_intro" => "New here?";
            ux "createaccount_one_link" => "Create an account";
            ux "createaccount_two_links" => "Create an account with {0} or {1}";
            ux "createaccount_three_links" => "Create an account with {0}, {1} or {2}";
            ux "forgotpassword_link" => "Can't remember your password?";
            ux "button_signin" => "Log in";
            ux "divider_title" => "OR";
            ux "unknown_error" => "Something went wrong while signing you in. Try again in a little while.";
            button "FacebookExchange" => "Facebook";
        ];
        [sign_in_fields(), page, sign_in_errors()].concat()
    }

    /// `api.localaccountsignup`: creating a local account.
    pub fn local_sign_up() -> Vec<LocalizedString> {
        let page = strings![
            ux "error_requiredFieldMissing" => "A field that must be filled in is empty. Complete every required field and try again.";
            ux "helplink_text" => "Tell me more";
            ux "initial_intro" => "Fill in the details below.";
            ux "preloader_alt" => "One moment...";
        ];
        let form = [
            email(),
            new_password(),
            names(),
            buttons("Create account"),
            field_errors(),
        ];
        [form.concat(), page, verification(), submission_errors()].concat()
    }

    /// `api.socialccountsignup`: completing an account after a social sign-in.
    pub fn social_sign_up() -> Vec<LocalizedString> {
        let exists = strings![error "UserMessageIfClaimsPrincipalAlreadyExists" => "You have an account already. Go back and sign in with it.";];
        [email(), names(), buttons("Create account"), exists].concat()
    }

    /// `api.localaccountpasswordreset`: choosing a new password.
    pub fn password_reset() -> Vec<LocalizedString> {
        let page = strings![
            error "UserMessageIfClaimsPrincipalDoesNotExist" => "No account exists for the ID you entered.";
            error "UserMessageIfClaimsTransformationBooleanValueIsNotEqual" => ACCOUNT_DISABLED;
        ];
        let form = [email(), new_password(), buttons("Next"), field_errors()];
        [form.concat(), page, verification(), submission_errors()].concat()
    }

    /// `api.idpselections`: choosing how to sign in.
    pub fn idp_selection() -> Vec<LocalizedString> {
        strings![
            ux "intro" => "Choose how to sign in";
            button "LocalAccountSigninEmailExchange" => "Email and password";
            button "FacebookExchange" => "Facebook";
        ]
    }

    /// `api.localaccountsignin`: signing in with a local account.
    pub fn local_sign_in() -> Vec<LocalizedString> {
        [sign_in_fields(), buttons("Next"), sign_in_errors()].concat()
    }

    /// `api.selfasserted.profileupdate`: editing one's profile.
    pub fn profile_update() -> Vec<LocalizedString> {
        [names(), buttons("Save changes")].concat()
    }
}
