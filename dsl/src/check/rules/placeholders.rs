//! W002: a deployment placeholder is left in the policy.

use std::collections::BTreeMap;

use super::development::JOURNEY_INSIGHTS;
use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Diagnostic, Severity};
use crate::kinds::table::is_guid;

/// W002.
pub(super) static W002: RuleInfo = RuleInfo {
    code: "W002",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "no deployment placeholder is left (`{Settings:…}`, `yourtenant`, placeholder GUIDs)",
    explanation: "Deployment tools (the VS Code extension, pipelines) let policies carry \
        placeholders such as `{Settings:FacebookClientId}` that they substitute per environment; \
        the starter pack uses `yourtenant`, `ProxyIdentityExperienceFrameworkAppId`, \
        `IdentityExperienceFrameworkAppId` and `facebook_clientid` for the same purpose, and \
        templates and documentation use `{{ tenantId }}`, `your-tenant`, `tenant-name`, \
        `YOUR_CLIENT_ID` or made-up GUIDs (all zeros, `00001111-aaaa-2222-bbbb-3333cccc4444`, \
        `xxxxxxxx-…`). None of them is a B2C claim resolver: uploaded as they are, B2C rejects the \
        tenant id, or accepts the file and fails at run time with a client id or URL that means \
        nothing (unresolved placeholders are a known cause of its `Object reference not set to \
        an instance of an object`). ief looks at the header, the base policy's tenant, technical \
        profiles' metadata and input-claim default values, content-definition `LoadUri`s and \
        Application Insights keys and reports each placeholder once per file; an \
        instrumentation key in a technical profile's metadata that is not a GUID is reported \
        too (one in the relying party's `JourneyInsights` or `AzureApplicationInsights` is \
        P009's, an error, unless it holds a `{…}` some tool may substitute). A word is a stand-in when it contains `yourtenant` (ignoring case, `-` and `_`), is \
        `tenant-name` or `tenant_name`, or starts with `your` and is marked as a name \
        (`your_…`, `your-…`, `YourClientId`) or sits in a value without spaces (the host \
        `yourfunction.azurewebsites.net`); a metadata value that describes what belongs there \
        (`Your Facebook client ID`) is one too, unless the key is one of a text shown to users; \
        so are the pack's stand-ins with a prefix (`RemoteB2CProxyIdentityExperienceFrameworkAppId`) \
        or in brackets (`{ProxyIdentityExperienceFrameworkAppId}`), the two apps' names \
        written where their ids belong (`ProxyIdentityExperienceFramework`), and words with spaces in \
        braces that start with `your` (`{your tenant name}`). A value that holds several \
        placeholders (`http://yourtenant.onmicrosoft.com/B2C_1A_{Settings:Env}_Base`) has each \
        reported. A URL item (`ServiceUrl`, `METADATA`, `authorization_endpoint`, \
        `AccessTokenEndpoint`, `ClaimsEndpoint`) whose value starts with braces \
        (`{api_url}`, `{REST:VerifyMembership}/check`) holds another tool's placeholder: a URL \
        starts with its scheme. \
        Prose such as `Your password` and a REST URL's `{claim}` in its path or query are not. Measured on 20 published \
        sets (azure-ad-b2c/samples, the starter pack): 145 findings, none false; known misses are \
        service-specific stand-ins (`TwilioAccountSID`) and certificates inside inline metadata. A placeholder where a typed value belongs (`DeploymentMode`, a \
        step's `Order`, a boolean) is read with a stand-in; without settings ief reports it \
        where it is written and nothing else about that value (give the set its \
        appsettings.json, or `--env`, to check what each environment renders). Substitute \
        placeholders before upload (`ief build --env`, `ief::settings`, or your deployment \
        tool); the warning is expected on template files and on the starter pack.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="Facebook-OAUTH">
          <Protocol Name="OAuth2" />
          <Metadata>
            <Item Key="client_id">{Settings:FacebookClientId}</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="Facebook-OAUTH">
          <Protocol Name="OAuth2" />
          <Metadata>
            <Item Key="client_id">1234567890123456</Item>
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §7 (Other placeholders: `{Settings:…}` are deployment-tool placeholders, not resolvers) and §8 (`Object reference not set…` with unresolved placeholders)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&W002],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        typed(cx, i);
        let mut found: BTreeMap<String, (At<'_>, usize)> = BTreeMap::new();
        for (at, value, place) in strings_of(cx, i) {
            let placeholders = placeholders_at(value, place);
            for h in &placeholders {
                let entry = found.entry(h.clone()).or_insert((at, 0));
                entry.1 += 1;
            }
            let key = match place {
                Place::InstrumentationKey => true,
                Place::TypedKey => super::header_ids::templated(value),
                Place::Metadata(_) | Place::Other => false,
            };
            if placeholders.is_empty() && key && !is_guid(value.trim()) {
                // An Application Insights key is a GUID: anything else
                // (empty, a made-up name, a connection string) is a value
                // someone meant to replace.
                let key = value.trim();
                let message = if key.is_empty() {
                    "the Application Insights instrumentation key is empty".to_owned()
                } else {
                    format!(
                        "the Application Insights instrumentation key `{}` is not a GUID",
                        super::shorten(key, 40)
                    )
                };
                cx.report(
                    &W002,
                    i,
                    &at.path(),
                    message,
                    Some("give the key of the Application Insights resource (a GUID), per environment".into()),
                    Some("InstrumentationKey"),
                );
            }
        }
        for (placeholder, (at, count)) in found {
            let more = match count {
                0 | 1 => String::new(),
                2 => " (and 1 more place in this file)".to_owned(),
                n => format!(" (and {} more places in this file)", n - 1),
            };
            cx.report(
                &W002,
                i,
                &at.path(),
                format!("the placeholder `{placeholder}` is still in the policy{more}"),
                Some("substitute it before upload (ief settings, or your deployment tool)".into()),
                Some(&placeholder),
            );
        }
    }
}

/// Where a text of a policy is: its source-map path, written out only
/// when a finding shows it ([`At::path`]): `head`, then `pieces` with
/// the indexes between them.
#[derive(Clone, Copy)]
pub(super) struct At<'c> {
    head: &'c str,
    /// One more piece than indexes used.
    pieces: &'static [&'static str],
    idx: [usize; 2],
}

impl<'c> At<'c> {
    /// `head` followed by `pieces` joined by `idx`.
    pub(super) fn new(head: &'c str, pieces: &'static [&'static str], idx: [usize; 2]) -> Self {
        At { head, pieces, idx }
    }

    /// A path with no index.
    fn fixed(path: &'c str) -> Self {
        At::new(path, &[], [0; 2])
    }

    /// The path as the source map reads it.
    pub(super) fn path(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::with_capacity(self.head.len() + 64);
        s.push_str(self.head);
        for (k, piece) in self.pieces.iter().enumerate() {
            if let Some(n) = k.checked_sub(1).and_then(|k| self.idx.get(k)) {
                let _ = write!(s, "{n}");
            }
            s.push_str(piece);
        }
        s
    }
}

/// The texts of `p` that deployment placeholders are put in: the header,
/// the base policy's tenant, technical profiles' metadata, claims'
/// default values and policy-key references, claims transformations'
/// parameter values, content definitions' `LoadUri`, the relying party's
/// Application Insights key. Each with where it is and what it is.
pub(super) fn strings_of<'c, 'a: 'c>(
    cx: &'c Context<'a>,
    i: usize,
) -> Vec<(At<'c>, &'a str, Place<'a>)> {
    const ROOT: &str = "TrustFrameworkPolicy";
    let p = &cx.files[i].policy;
    let mut strings: Vec<(At<'c>, &'a str, Place<'a>)> = vec![
        (
            At::fixed("TrustFrameworkPolicy@TenantId"),
            &p.tenant_id,
            Place::Other,
        ),
        (
            At::fixed("TrustFrameworkPolicy@PolicyId"),
            p.policy_id.id(),
            Place::Other,
        ),
    ];
    if let Some(id) = &p.tenant_object_id {
        strings.push((
            At::fixed("TrustFrameworkPolicy@TenantObjectId"),
            id,
            Place::Other,
        ));
    }
    if let Some(uri) = &p.public_policy_uri {
        strings.push((
            At::fixed("TrustFrameworkPolicy@PublicPolicyUri"),
            uri,
            Place::Other,
        ));
    }
    if let Some(base) = &p.base_policy {
        strings.push((
            At::fixed("TrustFrameworkPolicy/BasePolicy[0]/TenantId[0]"),
            &base.tenant_id,
            Place::Other,
        ));
        strings.push((
            At::fixed("TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]"),
            base.policy_id.id(),
            Place::Other,
        ));
    }
    for (base, tp) in cx.profiles_of(i) {
        for (n, item) in tp.metadata.iter().enumerate() {
            let place = if item.key.trim().eq_ignore_ascii_case("InstrumentationKey") {
                Place::InstrumentationKey
            } else {
                Place::Metadata(&item.key)
            };
            strings.push((
                At::new(base, &["/Metadata/Item[", "]"], [n, 0]),
                &item.value,
                place,
            ));
        }
        for (pieces, claims) in [
            (
                &["/InputClaims/InputClaim[", "]@DefaultValue"],
                &tp.input_claims,
            ),
            (
                &["/OutputClaims/OutputClaim[", "]@DefaultValue"],
                &tp.output_claims,
            ),
        ] {
            for (n, claim) in claims.iter().enumerate() {
                if let Some(v) = &claim.default_value {
                    strings.push((At::new(base, pieces, [n, 0]), v, Place::Other));
                }
            }
        }
        for (n, key) in tp.cryptographic_keys.iter().enumerate() {
            strings.push((
                At::new(
                    base,
                    &["/CryptographicKeys/Key[", "]@StorageReferenceId"],
                    [n, 0],
                ),
                &key.storage_reference_id,
                Place::Other,
            ));
        }
    }
    for (n, t) in p.building_blocks.claims_transformations.iter().enumerate() {
        for (k, param) in t.input_parameters.iter().enumerate() {
            strings.push((
                At::new(
                    ROOT,
                    &[
                        "/BuildingBlocks[0]/ClaimsTransformations/ClaimsTransformation[",
                        "]/InputParameters/InputParameter[",
                        "]@Value",
                    ],
                    [n, k],
                ),
                &param.value,
                Place::Other,
            ));
        }
    }
    for (n, cd) in p.building_blocks.content_definitions.iter().enumerate() {
        if let Some(u) = &cd.load_uri {
            strings.push((
                At::new(
                    ROOT,
                    &[
                        "/BuildingBlocks[0]/ContentDefinitions/ContentDefinition[",
                        "]/LoadUri[0]",
                    ],
                    [n, 0],
                ),
                u,
                Place::Other,
            ));
        }
    }
    let behaviors = p
        .relying_party
        .as_ref()
        .and_then(|rp| rp.user_journey_behaviors.as_ref());
    if let Some(j) = behaviors.and_then(|b| b.journey_insights.as_ref()) {
        strings.push((
            At::new(JOURNEY_INSIGHTS, &["@InstrumentationKey"], [0; 2]),
            &j.instrumentation_key,
            Place::TypedKey,
        ));
    }
    if let Some(a) = behaviors.and_then(|b| b.azure_application_insights.as_ref()) {
        strings.push((
            At::fixed("TrustFrameworkPolicy/RelyingParty[0]/UserJourneyBehaviors[0]/AzureApplicationInsights[0]@InstrumentationKey"),
            &a.instrumentation_key,
            Place::TypedKey,
        ));
    }
    strings
}

/// What a text of a policy is, for [`placeholders_at`].
#[derive(Clone, Copy)]
pub(super) enum Place<'p> {
    /// An Application Insights instrumentation key (a GUID) in a technical
    /// profile's metadata, which the schema does not type.
    InstrumentationKey,
    /// An Application Insights instrumentation key in an attribute the
    /// schema types as a GUID: a value that is not one is P009's, unless
    /// it is templated (a `{…}` some tool may substitute).
    TypedKey,
    /// The value of the metadata item with this key.
    Metadata(&'p str),
    /// Anything else.
    Other,
}

/// The placeholders in `value` at `place`: [`placeholders_in`], or the
/// braces a URL item's value starts with ([`leading_brace_in_url`]), or a
/// metadata value that describes what belongs there (`Your Facebook
/// client ID`) where the key is not one of a text shown to users.
fn placeholders_at(value: &str, place: Place<'_>) -> Vec<String> {
    let found = placeholders_in(value);
    if !found.is_empty() {
        return found;
    }
    let trimmed = value.trim();
    match place {
        Place::Metadata(key) => {
            if let Some(token) = leading_brace_in_url(key, trimmed) {
                return vec![token.to_owned()];
            }
            let described = trimmed
                .get(..5)
                .is_some_and(|head| head.eq_ignore_ascii_case("your "));
            if !described {
                return Vec::new();
            }
            let key = key.to_ascii_lowercase();
            let prose = [
                "message",
                "text",
                "label",
                "description",
                "title",
                "displayname",
            ]
            .iter()
            .any(|k| key.contains(k));
            if prose {
                Vec::new()
            } else {
                vec![trimmed.to_owned()]
            }
        }
        Place::InstrumentationKey | Place::TypedKey | Place::Other => Vec::new(),
    }
}

/// The metadata items whose value is an absolute URL B2C calls or reads:
/// a REST service, an identity provider's metadata and endpoints.
const URL_KEYS: [&str; 5] = [
    "ServiceUrl",
    "METADATA",
    "authorization_endpoint",
    "AccessTokenEndpoint",
    "ClaimsEndpoint",
];

/// The `{…}` a URL item's value starts with (`{api_url}`,
/// `{REST:VerifyMembership}`, `{api_url}/verify`): a URL starts with its
/// scheme, and B2C puts claims and resolvers only into its path and
/// query, so a value that starts with braces is a deployment tool's
/// placeholder left in (the VS Code extension's `{Settings:…}` is found
/// before this, as every value's).
fn leading_brace_in_url<'v>(key: &str, value: &'v str) -> Option<&'v str> {
    if !URL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key.trim())) {
        return None;
    }
    let rest = value.strip_prefix('{')?;
    let len = rest.find('}')?;
    let inside = &rest[..len];
    (!inside.trim().is_empty() && !inside.contains('{')).then(|| &value[..len + 2])
}

/// The values the starter pack ships in place of the tenant's app ids and
/// the Facebook client id: left in, B2C accepts the upload and sign-in
/// fails.
const STARTER_PACK: &[&str] = &[
    "ProxyIdentityExperienceFrameworkAppId",
    "IdentityExperienceFrameworkAppId",
    "facebook_clientid",
    // The names the setup gives the two apps, written where their ids
    // belong (davortsan/azureadb2c-request-additional-info-if-not-azure-entraID).
    "ProxyIdentityExperienceFramework",
    "IdentityExperienceFramework",
];

/// Every deployment placeholder in `value`, as written, each once: the
/// deployment tools' tokens ([`template_token`]: `{Settings:Key}`,
/// `{{ template }}`, …), a stand-in written in braces with spaces
/// (`{your tenant name}`), a starter pack stand-in ([`STARTER_PACK`],
/// also in braces or angle brackets), tenant placeholders (`yourtenant`,
/// `your-tenant`, `{your_tenant_name}`, `tenant-name`, …), other `your…`
/// stand-ins (`YOUR_CLIENT_ID`, `<your-api-key>`) and placeholder GUIDs
/// ([`is_placeholder_guid`]). A value can hold several
/// (`http://yourtenant.onmicrosoft.com/B2C_1A_{Settings:Env}_Base`): none
/// hides another.
pub(crate) fn placeholders_in(value: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if !found.iter().any(|f| f == p) {
            found.push(p.to_owned());
        }
    };
    // What is left to look at: each placeholder found is blanked out (same
    // length), so the words inside a token are not reported again.
    let mut rest: Option<String> = None;
    loop {
        let text = rest.as_deref().unwrap_or(value);
        let Some(token) = template_token(text) else {
            break;
        };
        add(token);
        let at = token.as_ptr() as usize - text.as_ptr() as usize;
        let blanked = blank(text, at, token.len());
        rest = Some(blanked);
    }
    // `{your tenant name}`: words in braces, as documentation writes what
    // belongs there (a claim or resolver in braces has no spaces).
    let mut from = 0;
    loop {
        let text = rest.as_deref().unwrap_or(value);
        let Some(open) = text[from..].find('{').map(|i| from + i) else {
            break;
        };
        let Some(len) = text[open..].find('}') else {
            break;
        };
        let inside = &text[open + 1..open + len];
        from = open + len + 1;
        if inside.contains(char::is_whitespace)
            && !inside.contains('{')
            && has_stand_in_word(inside)
        {
            let bare: String = inside
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            if bare.starts_with("your") || bare.contains("yourtenant") || bare == "tenantname" {
                add(&text[open..from]);
                let blanked = blank(text, open, len + 1);
                rest = Some(blanked);
            }
        }
    }
    let text = rest.as_deref().unwrap_or(value);
    let trimmed = text.trim();
    // The pack's stand-ins, alone in the value, perhaps in brackets
    // (`{ProxyIdentityExperienceFrameworkAppId}`).
    let bare = trimmed.trim_matches(['{', '}', '<', '>', '[', ']']);
    let bracketed = bare.len() != trimmed.len();
    const APP_ID: &str = "identityexperienceframeworkappid";
    if let Some(s) = STARTER_PACK.iter().find(|s| bare.eq_ignore_ascii_case(s)) {
        add(if bracketed { trimmed } else { s });
    } else if bare.len() > APP_ID.len()
        && bare.as_bytes()[bare.len() - APP_ID.len()..].eq_ignore_ascii_case(APP_ID.as_bytes())
        && !bare.contains(char::is_whitespace)
    {
        // The pack's app-id stand-ins with a prefix
        // (`RemoteB2CProxyIdentityExperienceFrameworkAppId`).
        add(trimmed);
    }
    // Words of the value: what URLs, host names and ids are made of. Every
    // stand-in word holds `your` or `tenant`: most values are passed over
    // without looking at their words.
    let worded = has_stand_in_word(text);
    // In a value without spaces (an id, a URL), a word that starts with
    // `your` is a stand-in even unmarked (`https://yourfunction.azurewebsites.net`).
    let spaced = worded && trimmed.contains(char::is_whitespace);
    let words = text
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '{' | '}' | '<' | '>')))
        .take_while(|_| worded);
    for word in words.filter(|w| !w.is_empty()) {
        let bare: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let marked = word.contains(['-', '_', '{', '<']);
        // `tenant-name`, `<tenant_name>`; not a claim `{tenantName}` that a
        // REST URL may carry.
        let tenant =
            bare.contains("yourtenant") || (bare == "tenantname" && word.contains(['-', '_', '<']));
        // `YourClientId`, `your-api-key`, `<YOUR_SECRET>`; not `yourself`
        // or prose (`Your`).
        let english = matches!(bare.as_str(), "yours" | "yourself" | "yourselves");
        let yours = bare.len() > 4
            && !english
            && bare.starts_with("your")
            && (marked || !spaced || word.chars().skip(4).any(char::is_uppercase));
        if tenant || yours {
            add(word);
        }
    }
    for g in guids(text).filter(|g| is_placeholder_guid(g)) {
        add(g);
    }
    found
}

/// `text` with the `len` bytes at `at` (a placeholder found) replaced by
/// spaces: offsets and the rest of the text stay as they are.
fn blank(text: &str, at: usize, len: usize) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    out.extend(std::iter::repeat_n(' ', len));
    out.push_str(&text[at + len..]);
    out
}

/// Whether `text` holds `your` or `tenant`, ignoring ASCII case: one pass
/// that looks further only at a `y` or a `t`.
fn has_stand_in_word(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        let rest = &bytes[i..];
        match b | 0x20 {
            b'y' => rest
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"your")),
            b't' => rest
                .get(..6)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"tenant")),
            _ => false,
        }
    })
}

/// The first deployment tool's token in `value`: `{Settings:Key}` (the VS
/// Code extension), `{{ expression }}` (templating engines), `#{Name}#`
/// (Octopus, Replace Tokens), `$(Name)` (Azure Pipelines variables) or
/// `__Name__` (Replace Tokens' default).
pub(crate) fn template_token(value: &str) -> Option<&str> {
    // Every token opens with one of these: most values have none.
    if !value
        .bytes()
        .any(|b| matches!(b, b'{' | b'#' | b'$' | b'_'))
    {
        return None;
    }
    let closed = |open: &str, close: &str| {
        let start = value.find(open)?;
        let len = value[start + open.len()..].find(close)?;
        let end = start + open.len() + len + close.len();
        Some((start, &value[start..end]))
    };
    let name_inside = |token: &str, open: usize, close: usize| {
        token.get(open..token.len() - close).is_some_and(|name| {
            name.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':'))
        })
    };
    let settings = closed("{Settings:", "}");
    let braces = closed("{{", "}}");
    let octopus = closed("#{", "}").filter(|(_, t)| name_inside(t, 2, 1));
    let pipelines = closed("$(", ")").filter(|(_, t)| name_inside(t, 2, 1));
    let underscores = closed("__", "__").filter(|(_, t)| t.len() > 4 && name_inside(t, 2, 2));
    [settings, braces, octopus, pipelines, underscores]
        .into_iter()
        .flatten()
        .min_by_key(|(start, _)| *start)
        .map(|(start, token)| {
            // `#{Name}#`: the closing `#` belongs to the token.
            let end = start + token.len();
            if token.starts_with("#{") && value[end..].starts_with('#') {
                &value[start..=end]
            } else {
                token
            }
        })
}

/// Whether `value` starts with a deployment tool's token or a claim
/// resolver (`{…}`): its real value is only known once it is rendered.
pub(crate) fn starts_with_template(value: &str) -> bool {
    let value = value.trim_start();
    value.starts_with('{') || template_token(value).is_some_and(|token| value.starts_with(token))
}

/// The GUID-shaped parts of `text` (8-4-4-4-12 characters, hex digits or
/// `x`), not inside a longer run of such characters.
fn guids(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let part = |b: u8| b.is_ascii_hexdigit() || b == b'x' || b == b'X' || b == b'-';
    // A GUID has four hyphens: a text with fewer is not looked through.
    let starts = if memchr::memchr_iter(b'-', bytes).nth(3).is_some() {
        bytes.len().saturating_sub(35)
    } else {
        0
    };
    (0..starts).filter_map(move |start| {
        let end = start + 36;
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(end).copied();
        if before.is_some_and(part) || after.is_some_and(part) {
            return None;
        }
        let candidate = text.get(start..end)?;
        guid_shaped(candidate).then_some(candidate)
    })
}

/// Whether `s` is 8-4-4-4-12 characters that are hex digits or `x`.
fn guid_shaped(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit() || b == b'x' || b == b'X'
            }
        })
}

/// Whether the GUID-shaped `g` is one that documentation and templates use
/// in place of a real id: with `x`s (`xxxxxxxx-…`), all zeros or made of
/// runs of four equal digits (`00001111-aaaa-2222-bbbb-3333cccc4444`,
/// `11111111-1111-…`), or counting up (`12345678-1234-1234-1234-123456789012`).
pub(crate) fn is_placeholder_guid(g: &str) -> bool {
    if !guid_shaped(g) {
        return false;
    }
    if g.contains(['x', 'X']) {
        return true;
    }
    let digits: Vec<u8> = g
        .bytes()
        .filter(|b| *b != b'-')
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let runs_of_four = digits.chunks(4).all(|c| c.iter().all(|b| *b == c[0]));
    let counting = g.split('-').all(|group| "123456789012".starts_with(group));
    runs_of_four || counting
}

/// Placeholders in typed places (an enumeration, a boolean, a number):
/// the importer kept them with a stand-in value (see
/// [`crate::trivia::Placeholder`]). Without settings nobody knows the
/// value B2C will see, so each is reported where it is written, and
/// [`crate::check::set::check_set`] drops the other findings at that
/// place (they are about the stand-in, not about the file).
fn typed(cx: &Context<'_>, i: usize) {
    let f = &cx.files[i];
    for ph in f.policy.trivia.placeholders() {
        let place = ph.attribute.as_deref().map_or_else(
            || {
                let element = ph.anchor.rsplit('/').next().unwrap_or("");
                format!(
                    "the text of <{}>",
                    element.split(['#', '[']).next().unwrap_or("")
                )
            },
            |a| format!("`{a}`"),
        );
        cx.push(Diagnostic {
            file: f.file.clone(),
            pos: ph.position,
            code: W002.code,
            severity: W002.severity,
            message: format!(
                "the placeholder `{}` stands where a typed value belongs ({place}); it was checked as `{}`, a stand-in, and nothing about this value is reported",
                ph.raw.trim(),
                ph.stand_in
            ),
            help: Some(
                "check the set with its settings (an appsettings.json beside the files, or --settings FILE) so each environment's value is checked, or use `ief check --env NAME`".into(),
            ),
            id: Some(ph.raw.trim().to_owned()),
            origins: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{is_placeholder_guid, placeholders_in, At};

    #[test]
    fn a_place_writes_its_path_with_its_indexes() {
        let two = At::new(
            "P",
            &[
                "/Transforms/Transform[",
                "]/Parameters/Parameter[",
                "]@Value",
            ],
            [3, 12],
        );
        assert_eq!(
            two.path(),
            "P/Transforms/Transform[3]/Parameters/Parameter[12]@Value"
        );
        assert_eq!(At::new("P", &["/Item[", "]"], [0, 9]).path(), "P/Item[0]");
        assert_eq!(At::fixed("P@Id").path(), "P@Id");
    }

    #[test]
    fn the_placeholder_shapes_of_templates_and_docs_are_found() {
        for (value, expected) in [
            ("{Settings:FacebookClientId}", "{Settings:FacebookClientId}"),
            ("https://{{ tenantId }}.b2clogin.com", "{{ tenantId }}"),
            ("{{tenant}}", "{{tenant}}"),
            ("yourtenant.onmicrosoft.com", "yourtenant"),
            (
                "https://login.microsoftonline.com/your_tenant/v2.0",
                "your_tenant",
            ),
            ("{your_tenant_name}.onmicrosoft.com", "{your_tenant_name}"),
            ("{your tenant name}.onmicrosoft.com", "{your tenant name}"),
            ("https://{Your Tenant}.b2clogin.com", "{Your Tenant}"),
            (
                "{ProxyIdentityExperienceFrameworkAppId}",
                "{ProxyIdentityExperienceFrameworkAppId}",
            ),
            (
                "proxyidentityexperienceframeworkappid",
                "ProxyIdentityExperienceFrameworkAppId",
            ),
            (
                "<IdentityExperienceFrameworkAppId>",
                "<IdentityExperienceFrameworkAppId>",
            ),
            ("https://your-tenant.b2clogin.com/x", "your-tenant"),
            (
                "https://tenant-name.b2clogin.com/tenant-name.onmicrosoft.com",
                "tenant-name",
            ),
            ("<tenant_name>", "<tenant_name>"),
            ("YOUR_CLIENT_ID", "YOUR_CLIENT_ID"),
            ("YourApplicationId", "YourApplicationId"),
            (
                "ProxyIdentityExperienceFrameworkAppId",
                "ProxyIdentityExperienceFrameworkAppId",
            ),
            (
                " identityexperienceframeworkappid ",
                "IdentityExperienceFrameworkAppId",
            ),
            ("facebook_clientid", "facebook_clientid"),
            (
                "00000000-0000-0000-0000-000000000000",
                "00000000-0000-0000-0000-000000000000",
            ),
            (
                "00001111-aaaa-2222-bbbb-3333cccc4444",
                "00001111-aaaa-2222-bbbb-3333cccc4444",
            ),
            (
                "api://11112222-bbbb-3333-cccc-4444dddd5555/read",
                "11112222-bbbb-3333-cccc-4444dddd5555",
            ),
            (
                "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            ),
            (
                "12345678-1234-1234-1234-123456789012",
                "12345678-1234-1234-1234-123456789012",
            ),
        ] {
            assert_eq!(placeholders_in(value), [expected], "{value}");
        }
    }

    #[test]
    fn every_placeholder_of_a_value_is_found_once() {
        assert_eq!(
            placeholders_in(
                "http://yourtenant.onmicrosoft.com/B2C_1A_{Settings:Environment}_TrustFrameworkExtensions"
            ),
            ["{Settings:Environment}", "yourtenant"]
        );
        assert_eq!(
            placeholders_in("{Settings:A}/{Settings:B}/{Settings:A}/{{ c }}"),
            ["{Settings:A}", "{Settings:B}", "{{ c }}"]
        );
        // A word inside a token is the token's, not a placeholder of its own.
        assert_eq!(
            placeholders_in("{Settings:YourTenant}.onmicrosoft.com"),
            ["{Settings:YourTenant}"]
        );
        assert_eq!(
            placeholders_in("https://{your tenant name}.b2clogin.com/yourtenant.onmicrosoft.com/00000000-0000-0000-0000-000000000000"),
            [
                "{your tenant name}",
                "yourtenant",
                "00000000-0000-0000-0000-000000000000"
            ]
        );
    }

    #[test]
    fn real_values_are_not_placeholders() {
        for value in [
            "contoso.onmicrosoft.com",
            "https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0/",
            "9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4",
            "https://api.contoso.com/users/{email}",
            "https://api.contoso.com/tenants/{tenantName}",
            "Sent to {email address} in a moment",
            "{Claim:email} {OIDC:ClientId}",
            "Your password is incorrect. Try again yourself.",
            "TenantName",
            "https://contoso.com/api/yourself",
            "a__b",
            "$(",
            "#{ }",
            "email public_profile",
            "{OIDC:ClientId}",
            "urn:journeyrecorder:applicationinsights",
            // Longer than a GUID: not one.
            "000000000-0000-0000-0000-000000000000",
        ] {
            assert!(placeholders_in(value).is_empty(), "{value}");
        }
        assert!(!is_placeholder_guid("9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4"));
        assert!(placeholders_in("Your account is locked").is_empty());
        assert!(!is_placeholder_guid("not-a-guid"));
    }
}

#[cfg(test)]
mod place_tests {
    use super::{guid_shaped, guids, has_stand_in_word, placeholders_at, Place};

    #[test]
    fn a_described_value_is_a_placeholder_where_an_id_belongs() {
        assert_eq!(
            placeholders_at("Your Facebook client ID", Place::Metadata("client_id")),
            ["Your Facebook client ID"]
        );
        // A message shown to users may start with "Your".
        assert_eq!(
            placeholders_at(
                "Your password has expired.",
                Place::Metadata("UserMessageIfPasswordExpired")
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            placeholders_at("Your Facebook client ID", Place::Other),
            Vec::<String>::new()
        );
        // A key that is not a GUID is reported on its own (`run`).
        assert_eq!(
            placeholders_at("key-goes-here", Place::InstrumentationKey),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_url_item_that_starts_with_braces_holds_a_placeholder() {
        let at = |v: &str, key: &str| placeholders_at(v, Place::Metadata(key));
        // janisar/azure-ad-b2c-totp-custom-policy, mrochon/fedmt.
        assert_eq!(at("{verify_api_url}", "ServiceUrl"), ["{verify_api_url}"]);
        assert_eq!(
            at(" {REST:VerifyMembership}/check ", "serviceurl"),
            ["{REST:VerifyMembership}"]
        );
        assert_eq!(at("{idp}/.well-known", "METADATA"), ["{idp}"]);
        // The apps' names where their ids belong.
        assert_eq!(
            at("ProxyIdentityExperienceFramework", "client_id"),
            ["ProxyIdentityExperienceFramework"]
        );
        assert_eq!(
            at(" identityexperienceframework ", "IdTokenAudience"),
            ["IdentityExperienceFramework"]
        );
        // A claim or a resolver in the path or query is B2C's to fill.
        for v in [
            "https://api.contoso.com/users/{objectId}",
            "https://api.contoso.com/check?c={OAUTH-KV:campaignId}",
            "{}",
            "{ }",
            "{unclosed",
        ] {
            assert_eq!(at(v, "ServiceUrl"), Vec::<String>::new(), "{v}");
        }
        // Not a URL item: a value in braces is left to the other checks.
        assert_eq!(at("{api_key}", "client_id"), Vec::<String>::new());
    }

    #[test]
    fn stand_in_words_and_guid_shapes_are_found_in_one_pass() {
        for (text, worded) in [
            ("https://YOURtenant.b2clogin.com", true),
            ("TeNaNt", true),
            ("tenan", false),
            ("you", false),
            ("ÿour Your", true),
            ("ÿoür", false),
            ("", false),
        ] {
            assert_eq!(has_stand_in_word(text), worded, "{text}");
        }
        let g = "00000000-0000-0000-0000-000000000000";
        assert!(guid_shaped(g));
        assert!(guid_shaped("xxxxxxxx-XXXX-xxxx-xxxx-xxxxxxxxxxxx"));
        assert!(!guid_shaped("00000000-0000-0000-0000-00000000000"));
        assert!(!guid_shaped("000000000000-0000-0000-0000-00000000"));
        assert!(!guid_shaped("0000000g-0000-0000-0000-000000000000"));
        assert_eq!(guids(&format!("id={g};")).collect::<Vec<_>>(), [g]);
        assert_eq!(guids(&format!("{g}0")).count(), 0);
        assert_eq!(
            guids("a-b-c-0000000000000000000000000000000000000").count(),
            0
        );
    }
}
