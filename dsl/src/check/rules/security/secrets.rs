//! S005: no secret written into policy text.
//!
//! Two heuristics, measured on the starter pack and published samples
//! (docs/rules-security.md has the figures): the *name* of the setting
//! (a metadata key, an input claim's id or partner name such as
//! `client_secret`, `password`, `ApiKey`, `…Token`) together with a value
//! shaped like a credential, and the *randomness* of a long value whose
//! name says nothing (Shannon entropy and character classes). A bearer
//! token (a JWT, `Bearer …`, `Basic …`) and a credential inside a URL (a
//! password before `@`, a `code=`/`sig=`/`key=` query parameter with a
//! random value, as Azure Functions keys are passed) are found by their
//! shape. Placeholders, claim resolvers, URLs themselves, GUIDs under
//! ordinary names and the well-known settings that are not secrets
//! (`client_id`, `scope`, `response_types`, …) are never findings.

use super::super::{Example, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

/// A technical profile with `parts` (its metadata, input claims, …) in
/// an extensions policy.
macro_rules! profile_policy {
    ($parts:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="client_id">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="client_secret">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>REST APIs</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="REST-GetAccessToken">
          <DisplayName>Get an access token for the API</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
"#,
            $parts,
            r#"        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        )
    };
}

/// S005.
pub(in super::super) static S005: RuleInfo = RuleInfo {
    code: "S005",
    severity: Severity::Error,
    category: Category::Security,
    summary: "no secret in policy text (metadata values, input claim `DefaultValue`s)",
    explanation: "Policy files are uploaded to the tenant, downloaded by anyone with policy \
        read rights, kept in source control and pasted into tickets; a client secret, \
        password, API key or bearer token written into one is exposed to all of them, and \
        cannot be rotated without editing every copy. The attack prevented is credential \
        theft: whoever reads the text calls the API, or the identity provider, as B2C. B2C \
        has a place for credentials: a policy key, referenced from the profile's \
        `CryptographicKeys` (`client_secret`, `BasicAuthenticationPassword`, \
        `BearerAuthenticationToken`, an `ApiKeyHeader` key named after its header). ief \
        reports a metadata value or an input claim's `DefaultValue` as an error when the name \
        of the setting says it is a secret (`client_secret`, `password`, `ApiKey`, `…Token`, \
        …) and the value is shaped like one (no spaces, letters with digits or symbols), when \
        the value is a bearer token (a JWT, `Bearer …`, `Basic …`), or when a URL carries a \
        credential (a password before `@`, or a `code=`, `key=`, `sig=`, `token=` parameter \
        with a random value, which is how an Azure Functions key is often passed). A long \
        random value under any other name is a warning (it may be an identifier). Never \
        findings: placeholders and claim resolvers (`{Settings:…}`, `{OIDC:…}`, `#{…}#`), \
        values that name a secret instead of being one (`your-secret`, `B2C_1A_…` key \
        names), URLs without credentials, GUIDs and the settings that are public by design \
        (`client_id`, `scope`, `response_types`, `IdTokenAudience`, …). Fix: create a policy \
        key with the value, reference it from `CryptographicKeys` (for a Functions key: \
        `AuthenticationType` `ApiKeyHeader` and a key with the `Id` `x-functions-key`), \
        remove the value from the policy and its history, and rotate it.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: profile_policy!(
            r#"          <Metadata>
            <Item Key="ServiceUrl">https://login.contoso.com/oauth2/token</Item>
            <Item Key="AuthenticationType">None</Item>
            <Item Key="SendClaimsIn">Form</Item>
          </Metadata>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="client_id" DefaultValue="3fa85f64-5717-4562-b3fc-2c963f66afa6" AlwaysUseDefaultValue="true" />
            <InputClaim ClaimTypeReferenceId="client_secret" DefaultValue="q7Z~Xv2.kP9rTn4-Wm8sLc3Hy6Bd1Fg5Jt0" AlwaysUseDefaultValue="true" />
          </InputClaims>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: profile_policy!(
            r#"          <Metadata>
            <Item Key="ServiceUrl">https://login.contoso.com/oauth2/token</Item>
            <Item Key="AuthenticationType">Basic</Item>
            <Item Key="SendClaimsIn">Form</Item>
          </Metadata>
          <CryptographicKeys>
            <Key Id="BasicAuthenticationUsername" StorageReferenceId="B2C_1A_ApiClientId" />
            <Key Id="BasicAuthenticationPassword" StorageReferenceId="B2C_1A_ApiClientSecret" />
          </CryptographicKeys>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="client_id" DefaultValue="3fa85f64-5717-4562-b3fc-2c963f66afa6" AlwaysUseDefaultValue="true" />
          </InputClaims>
"#
        ),
    }],
    source: "FACTS.md §5 (technical profile metadata, `CryptographicKeys`); Microsoft Learn: \
        \"Secure your API used an API connector in Azure AD B2C\" (policy keys for REST \
        credentials) and \"Policy keys overview\"",
};

/// Why a value is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The setting's name says secret and the value is shaped like one.
    Named,
    /// A bearer token or a Basic credential, whatever its name.
    Token,
    /// A URL that carries a credential.
    InUrl,
    /// A long random value under a name that says nothing.
    Random,
}

impl Kind {
    fn severity(self) -> Severity {
        match self {
            Kind::Random => Severity::Warning,
            Kind::Named | Kind::Token | Kind::InUrl => Severity::Error,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Kind::Named => "what looks like a secret",
            Kind::Token => "a bearer token or Basic credential",
            Kind::InUrl => "a URL with a credential in it",
            Kind::Random => "a long random value that may be a key",
        }
    }
}

/// The run of S005 over the files in scope: each file's own metadata
/// items and input claims (the value is reported where it is written;
/// merging does not move text).
pub(super) fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        for (path, tp) in cx.profiles_of(i) {
            let id = tp.id.id();
            for (n, m) in tp.metadata.iter().enumerate() {
                let Some(kind) = classify(&[m.key.as_str()], &m.value) else {
                    continue;
                };
                cx.report_as(
                    (&S005, kind.severity()),
                    i,
                    &format!("{path}/Metadata/Item[{n}]"),
                    format!(
                        "metadata item `{}` of technical profile `{id}` holds {} ({})",
                        m.key.trim(),
                        kind.what(),
                        redact(&m.value)
                    ),
                    Some(help(kind)),
                    Some(id),
                );
            }
            for (n, c) in tp.input_claims.iter().enumerate() {
                let Some(v) = c.default_value.as_deref() else {
                    continue;
                };
                let mut names = vec![c.claim.id()];
                names.extend(c.partner_claim_type.as_deref());
                let Some(kind) = classify(&names, v) else {
                    continue;
                };
                cx.report_as(
                    (&S005, kind.severity()),
                    i,
                    &format!("{path}/InputClaims/InputClaim[{n}]@DefaultValue"),
                    format!(
                        "input claim `{}` of technical profile `{id}` has a `DefaultValue` with {} ({})",
                        c.claim.id(),
                        kind.what(),
                        redact(v)
                    ),
                    Some(help(kind)),
                    Some(id),
                );
            }
        }
    }
}

fn help(kind: Kind) -> String {
    let base = "store it as a policy key, reference it from `CryptographicKeys`, and rotate it";
    match kind {
        Kind::InUrl => format!(
            "{base}; a key in the URL goes in a header instead (`AuthenticationType` \
             `ApiKeyHeader`, a key with the header's name as `Id`, e.g. `x-functions-key`)"
        ),
        _ => base.to_owned(),
    }
}

/// The value as the message shows it: its first characters and its length
/// (the finding should not spread the secret further).
fn redact(v: &str) -> String {
    let v = v.trim();
    let n = v.chars().count();
    let head: String = v.chars().take(if n > 12 { 4 } else { 2 }).collect();
    format!("`{head}…`, {n} characters")
}

/// The name, lowercase, letters and digits only (`client_secret`,
/// `Client-Secret` and `clientSecret` are all `clientsecret`).
fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Name endings that say the value is a credential.
const SECRET_NAMES: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "signingkey",
    "sharedkey",
    "subscriptionkey",
    "functionkey",
    "functionskey",
    "masterkey",
    "authkey",
    "token",
    "connectionstring",
    "credential",
    "credentials",
    "clientassertion",
];

/// Settings that are public by design, or whose name ends like a secret's
/// but whose value is a setting (normalized names).
const PUBLIC_NAMES: &[&str] = &[
    "clientid",
    "scope",
    "responsetypes",
    "responsemode",
    "resource",
    "idtokenaudience",
    "applicationobjectid",
    "providername",
    "issuer",
    "issueruri",
    "domainhint",
    "tenant",
    "tenantid",
    "metadata",
    "partnerentity",
    "instrumentationkey",
    "useclaimasbearertoken",
    "bearertokentransmissionmethod",
    "tokenendpointauthmethod",
    "claimsendpointaccesstokenname",
    "accesstokenresponseformat",
    "issuerrefreshtokenuseridentityclaimtype",
    "sendtokenresponsebodywithjsonnumbers",
    "contentdefinitionreferenceid",
    "authenticationtype",
    "sendclaimsin",
    "granttype",
    "nonce",
    "state",
    "objectid",
    "signinname",
];

/// Query parameters that carry a credential in a URL (normalized).
const URL_SECRET_PARAMS: &[&str] = &[
    "code",
    "key",
    "apikey",
    "subscriptionkey",
    "accesstoken",
    "token",
    "sig",
    "signature",
    "clientsecret",
    "password",
    "secret",
    "apitoken",
    "authtoken",
    "xfunctionskey",
];

/// Words in a value that show it names or stands for a secret rather
/// than being one (`your-api-key`, `<secret>`, `ReplaceMe`), lowercase.
const PLACEHOLDER_WORDS: &[&str] = &[
    "your",
    "xxx",
    "placeholder",
    "replace",
    "changeme",
    "change-me",
    "change_me",
    "insert",
    "example",
    "sample",
    "dummy",
    "todo",
    "tbd",
    "fixme",
    "redacted",
    "secret",
    "password",
    "apikey",
    "api-key",
    "api_key",
    "token",
];

fn is_public(name: &str) -> bool {
    PUBLIC_NAMES.contains(&normalize(name).as_str())
}

fn is_secret_name(name: &str) -> bool {
    let n = normalize(name);
    !PUBLIC_NAMES.contains(&n.as_str()) && SECRET_NAMES.iter().any(|s| n.ends_with(s))
}

/// Why `value`, set under the names `names` (a metadata key; an input
/// claim's id and partner claim type), is a secret in policy text, if it
/// looks like one.
pub(crate) fn classify(names: &[&str], value: &str) -> Option<Kind> {
    let v = value.trim();
    if !may_hold_secret(v) {
        return None;
    }
    // A URL is judged on its credentials alone (a placeholder for its host
    // does not hide a key in its query).
    if v.contains("://") {
        return url_credential(v).then_some(Kind::InUrl);
    }
    if is_placeholder(v) {
        return None;
    }
    if is_token(v) {
        return Some(Kind::Token);
    }
    if names.iter().any(|n| is_secret_name(n)) && secret_shaped(v) {
        return Some(Kind::Named);
    }
    if !names.iter().any(|n| is_public(n)) && !is_guid(v) && looks_random(v, 20) {
        return Some(Kind::Random);
    }
    None
}

/// The cheap test before the others (most values are words, numbers and
/// ids): a value that none of the tests of [`classify`] can report has no
/// digit and no symbol other than `_ . - :` and spaces, is not a URL, and
/// does not start like a token.
fn may_hold_secret(v: &str) -> bool {
    v.len() >= 6
        && (v.bytes().any(|b| {
            b.is_ascii_digit()
                || !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b':' | b' '))
        }) || v.contains("://")
            || v.starts_with("eyJ")
            || v.get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
            || v.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("basic ")))
}

/// A placeholder, a claim resolver, a template token or a reference to a
/// policy key: nothing secret is written.
pub(crate) fn is_placeholder(v: &str) -> bool {
    if v.contains(['{', '}', '<', '>', '[', ']'])
        || v.contains("$(")
        || v.contains("#{")
        || (v.starts_with("__") && v.ends_with("__"))
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
    {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("b2c_1a_") {
        return true;
    }
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // `xxxxxxxx`, `********`, `00000000`, `...`: a mask, not a value.
    let mut chars = lower
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '));
    match chars.next() {
        None => true,
        Some(first) => chars.all(|c| c == first),
    }
}

pub(crate) use crate::kinds::table::is_guid;

/// Shannon entropy of the characters of `v`, in bits per character.
pub(crate) fn entropy(v: &str) -> f64 {
    let mut counts = crate::hash::HashMap::default();
    let mut n = 0usize;
    for c in v.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// A value that looks machine-generated: at least `min` characters of the
/// base64 / URL-safe alphabet, letters and at least two digits, mixed case
/// (or hexadecimal), and high entropy.
pub(crate) fn looks_random(v: &str, min: usize) -> bool {
    if v.len() < min
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-' | '~'))
    {
        return false;
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let upper = v.chars().any(|c| c.is_ascii_uppercase());
    let lower = v.chars().any(|c| c.is_ascii_lowercase());
    let hex = v.chars().all(|c| c.is_ascii_hexdigit());
    if digits < 2 || !(upper || lower) {
        return false;
    }
    if hex {
        return v.len() >= 32 && entropy(v) >= 3.3;
    }
    upper && lower && entropy(v) >= 4.0
}

/// A value shaped like a credential: no spaces, at least 6 characters,
/// letters with digits or symbols (a bare word is an identifier or an
/// option, a bare number a setting).
fn secret_shaped(v: &str) -> bool {
    if v.chars().count() < 6 || v.chars().any(char::is_whitespace) {
        return false;
    }
    let letters = v.chars().any(|c| c.is_ascii_alphabetic());
    let digits = v.chars().any(|c| c.is_ascii_digit());
    let symbols = v
        .chars()
        .any(|c| !c.is_ascii_alphanumeric() && !matches!(c, '_' | '.' | '-' | ':'));
    letters && (digits || symbols) && !is_identifier(v)
}

/// A dotted or underscored identifier whose parts are words or numbers
/// (`api.v2.selfasserted`, `claim_2`): a name, not a secret.
fn is_identifier(v: &str) -> bool {
    v.split(['.', '_', '-', ':']).all(|part| {
        part.chars().all(|c| c.is_ascii_alphabetic()) || part.chars().all(|c| c.is_ascii_digit())
    })
}

/// A JWT, or an `Authorization` header value (`Bearer …`, `Basic …`).
pub(crate) fn is_token(v: &str) -> bool {
    let jwt = |s: &str| {
        let parts: Vec<&str> = s.split('.').collect();
        s.len() >= 30
            && s.starts_with("eyJ")
            && parts.len() == 3
            && parts[..2].iter().all(|p| !p.is_empty())
            && parts.iter().all(|p| {
                p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
    };
    if jwt(v) {
        return true;
    }
    let (scheme, rest) = match v.split_once(' ') {
        Some((s, r)) => (s, r.trim()),
        None => return false,
    };
    if scheme.eq_ignore_ascii_case("bearer") {
        return jwt(rest) || looks_random(rest, 16);
    }
    if scheme.eq_ignore_ascii_case("basic") {
        return rest.len() >= 8
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
            && rest.chars().any(|c| c.is_ascii_digit() || c == '=');
    }
    false
}

/// A URL with a password in its authority, or a query parameter named
/// like a credential whose value looks random.
pub(crate) fn url_credential(url: &str) -> bool {
    let Some((_, after)) = url.split_once("://") else {
        return false;
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    if let Some((userinfo, _)) = authority.rsplit_once('@') {
        if let Some((_, password)) = userinfo.split_once(':') {
            if !password.is_empty() && !is_placeholder(password) {
                return true;
            }
        }
    }
    let Some((_, query)) = after.split_once('?') else {
        return false;
    };
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').any(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = k.strip_prefix("amp;").unwrap_or(k);
        URL_SECRET_PARAMS.contains(&normalize(k).as_str())
            && !is_placeholder(v)
            && looks_random(&percent_decoded(v), 16)
    })
}

/// `v` with `%XX` escapes of the base64 alphabet undone (`%2F` -> `/`), so
/// an escaped key is judged on its characters.
fn percent_decoded(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match code {
            Some(b) if matches!(b, b'+' | b'/' | b'=') => {
                out.push(char::from(b));
                rest = &rest[i + 3..];
            }
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}
