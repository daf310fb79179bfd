//! `ief-macros`: compile-time checked policy declarations for ief.
//!
//! Use them through the facade crate `ief` (`ief::declare!`,
//! `ief::include_policy!`, `ief::journey!`); the generated code refers to
//! `::ief`.
//!
//! - [`declare!`] declares a policy's ids in Rust: one typed constant per
//!   claim type (with its data type), transformation, technical profile,
//!   content definition, journey, …, and a `scope` module holding what the
//!   policy may reference: its own ids and its base chain's.
//! - [`include_policy!`] does the same for an existing policy XML file, read
//!   at compile time.
//! - [`journey!`] builds a user journey or sub-journey from steps that name
//!   exchanges, profiles, claims and content definitions by identifier,
//!   resolved in a policy's scope; the step rules (orders, selections,
//!   exchanges, SendClaims) are checked while compiling.
//!
//! A reference that does not resolve is a compile error on the user's
//! token, e.g. ``cannot find value `SURNAM` in module `extensions::scope::claims` ``
//! with rustc's "a constant with a similar name exists: `SURNAME`".

#![warn(missing_docs)]

mod declare;
mod define;
mod include;
mod journey;
mod scope;

use proc_macro::TokenStream;
use syn::parse_macro_input;

/// Declares the ids of one or more policies.
///
/// ```text
/// ief::declare! {
///     pub policy base = "B2C_1A_TrustFrameworkBase" {
///         claims {
///             EMAIL: Str = "email";
///             ACCEPTED_TERMS: Bool = "acceptedTerms";
///         }
///         profiles { JWT_ISSUER = "JwtIssuer"; }
///         journeys { SIGN_UP = "SignUp"; }
///     }
///     pub policy extensions = "B2C_1A_TrustFrameworkExtensions": base {
///         profiles { REST_CHECK = "REST-Check"; }
///     }
/// }
/// // base::claims::EMAIL is a Claim<Str>; extensions::scope::claims::EMAIL
/// // is the same constant, reachable through the chain.
/// ```
///
/// Sections: `claims` (entries `NAME: DataTypeMarker = "id";`),
/// `transforms`, `profiles`, `content_definitions`, `journeys`,
/// `sub_journeys`, `display_controls`, `predicates`,
/// `predicate_validations`, `input_validations`, `localized_resources`,
/// `client_definitions` (entries `NAME = "id";`). Two ids of one kind that
/// differ only in case are rejected, as B2C would treat them as one.
///
/// Profiles are grouped into claims providers with
/// `provider "Display name" (domain = "x") { NAME = "id"; }`; elements of
/// the base chain this policy restates go under
/// `restated { profiles { NAME; } content_definitions { NAME?; } }` (`?`:
/// the restatement may be left out).
///
/// Each policy module gets: a marker type named after the `PolicyId`
/// (alias `Policy`) that the handles carry, `POLICY`, one module per kind
/// with a typed constant per id, `scope` (own ids and the base chain's),
/// and `Definitions`, a struct with one required field per declared or
/// restated id, whose `into_policy(tenant)` assembles the policy.
///
/// Each id may carry its definition after `=>`, in [`define!`]'s short
/// forms (`EMAIL: Str = "email" => "Email" { input TextBox; }`,
/// `REST_CHECK = "REST-Check" => rest "Check" { ServiceUrl: "…"; … }`,
/// `SIGN_UP = "SignUp" => { sign_up_journey() }`): when every own and
/// restated id of a policy has one, `Definitions::written()` returns them
/// (placed where `declare!` is called, so the definitions see its items).
///
/// The base is a module path: a sibling module (`: base`), or, in another
/// crate, a path with a leading `::` (`: ::ief::base::localization`).
/// A child whose base is declared in the same invocation (`: base`) is
/// placed inside the base's module and re-exported where it was written, so
/// a whole chain can be declared in a function body too. A base declared
/// elsewhere in a function body cannot be reached from the child's module:
/// name it by an absolute path (`crate::…`, `::…`).
#[proc_macro]
pub fn declare(input: TokenStream) -> TokenStream {
    let decl = parse_macro_input!(input as declare::Declare);
    declare::expand_all(decl).into()
}

/// Reads a policy XML file at compile time and declares typed handles for
/// everything it defines, in the same module shape as [`declare!`].
///
/// ```text
/// ief::include_policy!(pub policy base = "policies/TrustFrameworkBase.xml");
/// ief::include_policy!(pub policy ext = "policies/TrustFrameworkExtensions.xml": base);
/// ```
///
/// The path is relative to the crate's `Cargo.toml` (failing that, to the
/// folder in the `IEF_POLICY_DIR` environment variable, then to the nearest
/// enclosing folder with a `Cargo.toml` that has the file); the crate is
/// rebuilt when the file changes. Constant names are the ids in
/// SCREAMING_SNAKE_CASE (`AAD-UserReadUsingObjectId` becomes
/// `AAD_USER_READ_USING_OBJECT_ID`). When the file has a `<BasePolicy>`, a
/// base module must be named, and its `PolicyId` must match (ignoring case),
/// checked at compile time. Claim types without a `DataType` (restatements
/// of a base claim) get no handle of their own.
#[proc_macro]
pub fn include_policy(input: TokenStream) -> TokenStream {
    let inc = parse_macro_input!(input as include::IncludePolicy);
    match include::expand_include(inc) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// Builds a `UserJourney` (or `SubJourney`) whose references resolve in a
/// policy's scope and whose steps are checked at compile time.
///
/// ```text
/// let journey = ief::journey! {
///     scope = extensions::scope;
///     journey SIGN_UP_OR_SIGN_IN (default_issuer = JWT_ISSUER) {
///         CombinedSignInAndSignUp (content = API_SIGNUPORSIGNIN) {
///             select validation LocalAccountSigninEmailExchange;
///             select target FacebookExchange;
///             exchange LocalAccountSigninEmailExchange = SELF_ASSERTED_LOCAL_ACCOUNT_SIGNIN_EMAIL;
///         }
///         ClaimsExchange {
///             skip_if_exists OBJECT_ID;
///             exchange FacebookExchange = FACEBOOK_OAUTH;
///         }
///         SendClaims (issuer = JWT_ISSUER);
///     }
/// };
/// ```
///
/// Journey options (in the parentheses after the name): `default_issuer =
/// PROFILE`, `client_definition = CLIENT_DEFINITION`,
/// `preserve_original_assertion = true|false`.
/// Steps are numbered 1..N in order, or all carry an explicit `N:`.
/// `partial journey NAME { 4: ... }` restates some steps of a base
/// journey; `sub_journey NAME (Call|Transfer) { ... }` builds a sub-journey.
/// Profiles resolve in `scope::profiles`, claims in `scope::claims`,
/// content definitions in `scope::content_definitions`, sub-journeys in
/// `scope::sub_journeys`, the journey itself in `scope::journeys`.
/// Rule violations (codes J001–J008 of `ief::check::journey`) are compile
/// errors on the offending token.
#[proc_macro]
pub fn journey(input: TokenStream) -> TokenStream {
    let j = parse_macro_input!(input as journey::Journey);
    match journey::expand_journey(j) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// Defines what a policy declared with [`declare!`] holds, in short form,
/// and gives its `Definitions` (or, with `tenant = …;`, the policy).
///
/// ```text
/// let policy = ief::define! {
///     extensions;                      // the policy module `declare!` made
///     tenant = tenant;                 // optional: give the policy itself
///     claims {
///         LOYALTY_ID "Loyalty number" "The number on your card." { input TextBox; }
///     }
///     profiles {
///         REST_CHECK rest "Check the loyalty number" {
///             ServiceUrl: "https://api.contoso.com/loyalty";
///             AuthenticationType: None;
///             SendClaimsIn: Body;
///             in LOYALTY_ID;
///             out LOYALTY_TIER;
///         }
///     }
///     journeys { SIGN_UP = sign_up_journey(); }
///     relying_party {
///         journey SIGN_UP;
///         profile oidc { out DISPLAY_NAME, OBJECT_ID as "sub"; subject "sub"; }
///     }
/// };
/// ```
///
/// Sections are named after `declare!`'s; each entry defines the id of
/// that name (the field of `Definitions`, so an id left out is rustc's
/// "missing field"). Any entry may be `NAME = value;`, a definition built
/// another way. Short forms:
///
/// - `claims`: `NAME "Display name" ["help"] { item; … }` or `… ;`
///   (`NAME restate ["Display name"] …` for a claim type of the base
///   chain restated here), where
///   an item is a method of `ief::kinds::def::ClaimDef` (`admin_help`,
///   `input TextBox`, `pattern REGEX, HELP`, `partner OpenIdConnect =
///   "sub", Saml2 = "…"`, `mask …`, `restriction …`).
/// - `profiles`: `NAME kind ["Display name"] { item; … }` (or `… ;`),
///   `kind` one of `ief::kinds::table::KINDS` (`self_asserted`, `rest`,
///   `oidc`, …). Before the kind, `restate` marks a base profile this
///   policy changes (no protocol of its own; the kind after it, if
///   written, checks the keys) and `partial` a profile completed elsewhere
///   (by the profiles that include it or a child's restatement: no key is
///   required); after it, `from X` makes the
///   profile include `X` and run as it (no protocol of its own). Items: `Key: value;`
///   metadata, checked against the kind's documented keys and value kinds
///   (a misspelt key, a wrong value, a required key left out do not
///   compile), `"key.with.dots": value;`, `unchecked "Key": value;` for a
///   key the table does not know; claim lists `in`, `out`, `persist`,
///   `display` (`NAME [as "partner"] [= [always] value] [required]`, each
///   `NAME` a claim of the scope; the value `claim(OTHER)` is the claim
///   resolver `{Claim:…}` of `OTHER`, a claim of the scope too); `in_transforms`, `out_transforms`,
///   `validate` (ids of the scope); `session X;`, `include X;`; `key
///   client_secret = "B2C_1A_…";`; and any method of
///   `ief::kinds::def::ProfileDef` (`description`, `domain`, `token Jwt`,
///   `sso false`, `subject "sub"`, …).
/// - `transforms`: `NAME Method { fields }`, a method struct of
///   `ief::methods` whose claim fields name claims of the scope.
///
/// The same forms go after `=>` on each id of [`declare!`]
/// (`EMAIL: Str = "email" => "Email" { input TextBox; }`); a policy whose
/// every id has one gets `Definitions::written()`. In `declare!`, a
/// definition that is an expression is written in braces (`=> { f() }`).
///
/// A claim resolver as a claim's default value where B2C leaves it as
/// text (a kind that does not resolve it, a profile without
/// `IncludeClaimResolvingInClaimsHandling: true`, a relying party's claim
/// without `always`) does not compile.
#[proc_macro]
pub fn define(input: TokenStream) -> TokenStream {
    let d = parse_macro_input!(input as define::Define);
    match define::expand_define(d) {
        Ok(ts) => ts.into(),
        Err(e) => errors_as_expression(e).into(),
    }
}

/// Every error of `e` in an expression's place: the first ones as
/// statements of a block, the last as its value, written with parentheses
/// (`compile_error!(…)`), so that the block is an expression of any type and
/// the code after it is not reported as unreachable.
fn errors_as_expression(e: syn::Error) -> proc_macro2::TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let mut errors: Vec<proc_macro2::TokenStream> =
        e.into_iter().map(|one| one.to_compile_error()).collect();
    let last = errors.pop().unwrap_or_default();
    let last: proc_macro2::TokenStream = last
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                let mut paren = Group::new(Delimiter::Parenthesis, g.stream());
                paren.set_span(g.span());
                TokenTree::Group(paren)
            }
            other => other,
        })
        .collect();
    quote::quote!({ #(#errors)* #last })
}
