//! `define!`: the definitions of a policy declared with `declare!`, in a
//! short form: claim types one line each, technical profiles by kind with
//! their metadata checked against the kinds table of `ief_dsl`, claim
//! lists written as lists, and every id resolved in the policy's scope on
//! the user's token.

use ief_dsl::kinds::table::{self, MetadataKey, ProfileKind, ValueKind};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{braced, Expr, ExprLit, Ident, Lit, LitStr, Path, Token};

/// The whole invocation.
pub struct Define {
    policy: Path,
    tenant: Option<Expr>,
    sections: Vec<Section>,
    relying_party: Option<RelyingParty>,
    /// `profile NAME kind { … }` on its own: the one technical profile.
    single: Option<Profile>,
}

struct Section {
    entries: Vec<Entry>,
}

enum Entry {
    /// `NAME = expr;`: a definition built elsewhere.
    Built { name: Ident, expr: Expr },
    /// `NAME "Display name" ["help"] { items }` in `claims`.
    Claim {
        name: Ident,
        /// `restate`: a claim type of the base chain restated here.
        restate: bool,
        display: Option<LitStr>,
        /// A literal or a constant.
        help: Option<Expr>,
        items: Vec<Call>,
    },
    /// `NAME kind ["Display name"] { items }` in `profiles`.
    Profile(Profile),
    /// `NAME Method { fields }` in `transforms`.
    Transform {
        name: Ident,
        method: Ident,
        fields: TokenStream,
    },
}

struct Profile {
    name: Option<Ident>,
    /// `restate` (a base profile this policy changes: no protocol of its
    /// own, no required keys), if written.
    restate: Option<Ident>,
    /// The kind's name as written (after `restate`, optional: it checks
    /// the metadata keys).
    kind: Option<Ident>,
    /// `from X`: the profile includes `X` and takes its protocol from it
    /// (no `Protocol` of its own, no required keys).
    from: Option<Ident>,
    /// `partial`: a profile completed elsewhere (by the profiles that
    /// include it, or by a child policy that restates it), so no key is
    /// required here.
    partial: bool,
    display: Option<LitStr>,
    items: Vec<ProfileItem>,
}

struct RelyingParty {
    journey: Ident,
    endpoints: Vec<(LitStr, Ident)>,
    profile: Profile,
}

/// `method args;`: a call of the definition's method of that name.
struct Call {
    method: Ident,
    args: Punctuated<Expr, Token![,]>,
}

enum ProfileItem {
    /// `Key: value;` (or `"key.with.dots": value;`).
    Meta {
        key: String,
        span: Span,
        value: Expr,
    },
    /// `unchecked "Key": value;`: a key the table does not know.
    Unchecked { key: LitStr, value: Expr },
    /// `in …;`, `out …;`, `persist …;`, `display …;`.
    Claims { list: Ident, claims: Vec<ClaimUse> },
    /// `in_transforms A, B;`, `out_transforms …`, `validate …`,
    /// `session X;`, `include X;`, `include_claims_from X;`.
    Refs { what: Ident, ids: Vec<Ident> },
    /// `key client_secret = "B2C_1A_…";`.
    Key { id: String, storage: Expr },
    /// Any other method of `ProfileDef`.
    Call(Call),
}

/// One claim of a claim list: `NAME [as "partner"] [= [always] value]
/// [required]`.
struct ClaimUse {
    name: Ident,
    partner: Option<Expr>,
    default: Option<(bool, Expr)>,
    required: bool,
}

fn is_kw(input: ParseStream, kw: &str) -> bool {
    input.fork().parse::<Ident>().is_ok_and(|i| i == kw)
}

impl Parse for Call {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let method: Ident = input.parse()?;
        let mut args = Punctuated::new();
        while !input.peek(Token![;]) {
            args.push_value(input.parse::<Expr>()?);
            if input.peek(Token![;]) {
                break;
            }
            args.push_punct(input.parse::<Token![,]>()?);
        }
        input.parse::<Token![;]>()?;
        Ok(Call { method, args })
    }
}

impl Parse for ClaimUse {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        let partner = if input.peek(Token![as]) {
            input.parse::<Token![as]>()?;
            // A literal, a constant or a `{ block }`: a whole expression
            // would swallow the `= default` that may follow.
            Some(if input.peek(LitStr) {
                Expr::Lit(input.parse()?)
            } else if input.peek(syn::token::Brace) {
                Expr::Block(input.parse()?)
            } else {
                Expr::Path(input.parse()?)
            })
        } else {
            None
        };
        let default = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            let always = if is_kw(input, "always") {
                input.parse::<Ident>()?;
                true
            } else {
                false
            };
            Some((always, input.parse::<Expr>()?))
        } else {
            None
        };
        let required = if is_kw(input, "required") {
            input.parse::<Ident>()?;
            true
        } else {
            false
        };
        Ok(ClaimUse {
            name,
            partner,
            default,
            required,
        })
    }
}

/// Items that take ids of the scope rather than Rust values.
const REF_ITEMS: &[(&str, &str)] = &[
    ("in_transforms", "transforms"),
    ("out_transforms", "transforms"),
    ("validate", "profiles"),
    ("session", "profiles"),
    ("include", "profiles"),
    ("include_claims_from", "profiles"),
];

impl Parse for ProfileItem {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        // `"key": value;`
        if input.peek(LitStr) {
            let key: LitStr = input.parse()?;
            input.parse::<Token![:]>()?;
            let value: Expr = input.parse()?;
            input.parse::<Token![;]>()?;
            return Ok(ProfileItem::Meta {
                key: key.value(),
                span: key.span(),
                value,
            });
        }
        if input.peek(Token![in]) {
            let kw: Token![in] = input.parse()?;
            return parse_claim_list(input, Ident::new("in", kw.span));
        }
        let fork = input.fork();
        let head: Ident = fork.parse()?;
        // `Key: value;` (and not a path `a::b`).
        if fork.peek(Token![:]) && !fork.peek(Token![::]) {
            input.parse::<Ident>()?;
            input.parse::<Token![:]>()?;
            let value: Expr = input.parse()?;
            input.parse::<Token![;]>()?;
            return Ok(ProfileItem::Meta {
                key: head.to_string(),
                span: head.span(),
                value,
            });
        }
        let name = head.to_string();
        if matches!(name.as_str(), "out" | "persist" | "display") {
            input.parse::<Ident>()?;
            return parse_claim_list(input, head);
        }
        if name == "unchecked" {
            input.parse::<Ident>()?;
            let key: LitStr = input.parse()?;
            input.parse::<Token![:]>()?;
            let value: Expr = input.parse()?;
            input.parse::<Token![;]>()?;
            return Ok(ProfileItem::Unchecked { key, value });
        }
        if REF_ITEMS.iter().any(|(n, _)| *n == name) {
            input.parse::<Ident>()?;
            let ids = Punctuated::<Ident, Token![,]>::parse_separated_nonempty(input)?;
            input.parse::<Token![;]>()?;
            return Ok(ProfileItem::Refs {
                what: head,
                ids: ids.into_iter().collect(),
            });
        }
        if name == "key" {
            input.parse::<Ident>()?;
            let id = if input.peek(LitStr) {
                input.parse::<LitStr>()?.value()
            } else {
                input.parse::<Ident>()?.to_string()
            };
            input.parse::<Token![=]>()?;
            let storage: Expr = input.parse()?;
            input.parse::<Token![;]>()?;
            return Ok(ProfileItem::Key { id, storage });
        }
        Ok(ProfileItem::Call(input.parse()?))
    }
}

fn parse_claim_list(input: ParseStream, list: Ident) -> syn::Result<ProfileItem> {
    let claims = Punctuated::<ClaimUse, Token![,]>::parse_separated_nonempty(input)?;
    input.parse::<Token![;]>()?;
    Ok(ProfileItem::Claims {
        list,
        claims: claims.into_iter().collect(),
    })
}

fn parse_items<T: Parse>(input: ParseStream) -> syn::Result<Vec<T>> {
    let body;
    braced!(body in input);
    let mut items = Vec::new();
    while !body.is_empty() {
        items.push(body.parse()?);
    }
    Ok(items)
}

impl Profile {
    fn parse_after_name(input: ParseStream, name: Option<Ident>) -> syn::Result<Self> {
        let partial = is_kw(input, "partial");
        if partial {
            input.parse::<Ident>()?;
        }
        let first: Ident = input.parse()?;
        let (restate, kind) = if first == "restate" {
            let kind = if input.peek(Ident) {
                Some(input.parse()?)
            } else {
                None
            };
            (Some(first), kind)
        } else {
            (None, Some(first))
        };
        let from = if is_kw(input, "from") {
            input.parse::<Ident>()?;
            Some(input.parse()?)
        } else {
            None
        };
        let display = if input.peek(LitStr) {
            Some(input.parse()?)
        } else {
            None
        };
        let items = if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            Vec::new()
        } else {
            parse_items(input)?
        };
        Ok(Profile {
            name,
            restate,
            kind,
            from,
            partial,
            display,
            items,
        })
    }
}

impl Parse for Define {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let policy: Path = input.parse()?;
        input.parse::<Token![;]>()?;
        let mut tenant = None;
        let mut sections = Vec::new();
        let mut relying_party = None;
        if is_kw(input, "profile") {
            input.parse::<Ident>()?;
            let name: Ident = input.parse()?;
            let single = Profile::parse_after_name(input, Some(name))?;
            if !input.is_empty() {
                return Err(input.error("`profile NAME kind { … }` defines one profile and nothing else; for more, use sections (`profiles { … }`)"));
            }
            return Ok(Define {
                policy,
                tenant,
                sections,
                relying_party,
                single: Some(single),
            });
        }
        while !input.is_empty() {
            let name: Ident = input.parse()?;
            if name == "tenant" {
                input.parse::<Token![=]>()?;
                tenant = Some(input.parse()?);
                input.parse::<Token![;]>()?;
                continue;
            }
            if name == "relying_party" {
                relying_party = Some(parse_relying_party(input)?);
                continue;
            }
            if !SECTIONS.contains(&name.to_string().as_str()) {
                let hint = nearest(&name.to_string(), SECTIONS.iter().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(syn::Error::new(
                    name.span(),
                    format!("`{name}` is not a section of `define!`{hint} (sections: {}, `relying_party`, `tenant = …;`)", SECTIONS.join(", ")),
                ));
            }
            let body;
            braced!(body in input);
            let mut entries = Vec::new();
            while !body.is_empty() {
                entries.push(parse_entry(&body, &name)?);
            }
            sections.push(Section { entries });
        }
        if relying_party.is_some() && tenant.is_none() {
            return Err(syn::Error::new(
                Span::call_site(),
                "a `relying_party` needs `tenant = …;`: with it, `define!` gives the whole policy",
            ));
        }
        Ok(Define {
            policy,
            tenant,
            sections,
            relying_party,
            single: None,
        })
    }
}

/// The sections of `define!`: `declare!`'s kinds of id.
const SECTIONS: &[&str] = &[
    "claims",
    "transforms",
    "profiles",
    "content_definitions",
    "journeys",
    "sub_journeys",
    "display_controls",
    "predicates",
    "predicate_validations",
    "input_validations",
    "localized_resources",
    "client_definitions",
];

fn parse_entry(input: ParseStream, section: &Ident) -> syn::Result<Entry> {
    let name: Ident = input.parse()?;
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        let expr: Expr = input.parse()?;
        input.parse::<Token![;]>()?;
        return Ok(Entry::Built { name, expr });
    }
    match section.to_string().as_str() {
        "claims" => {
            // `NAME restate ["Display name"] …`: a base claim type restated.
            let restate = is_kw(input, "restate");
            if restate {
                input.parse::<Ident>()?;
            }
            let display: Option<LitStr> = if restate && !input.peek(LitStr) {
                None
            } else if input.peek(LitStr) {
                Some(input.parse()?)
            } else {
                return Err(input.error(format!(
                    "a claim type's short form starts with its display name (`{name} \"Display name\" …`); a definition built another way is `{name} = expr;` (in `declare!`, `=> {{ expr }}`), and a claim type of the base chain is `{name} restate …`"
                )));
            };
            let help = if input.peek(LitStr) {
                Some(Expr::Lit(input.parse()?))
            } else if input.peek(Ident) || input.peek(Token![::]) {
                Some(Expr::Path(input.parse()?))
            } else {
                None
            };
            let items = if input.peek(Token![;]) {
                input.parse::<Token![;]>()?;
                Vec::new()
            } else {
                parse_items(input)?
            };
            Ok(Entry::Claim {
                name,
                restate,
                display,
                help,
                items,
            })
        }
        "profiles" => {
            if !input.peek(Ident) || input.peek2(Token![::]) || input.peek2(syn::token::Paren) {
                return Err(input.error(format!(
                    "a technical profile's short form starts with its kind (`{name} rest \"Display name\" {{ … }}`); a definition built another way is `{name} = expr;` (in `declare!`, `=> {{ expr }}`)"
                )));
            }
            Ok(Entry::Profile(Profile::parse_after_name(
                input,
                Some(name),
            )?))
        }
        "transforms" => {
            let method: Ident = input.parse()?;
            let body;
            braced!(body in input);
            let fields: TokenStream = body.parse()?;
            Ok(Entry::Transform {
                name,
                method,
                fields,
            })
        }
        _ => Err(syn::Error::new(
            name.span(),
            format!("in `{section}`, write each definition as `NAME = value;`"),
        )),
    }
}

fn parse_relying_party(input: ParseStream) -> syn::Result<RelyingParty> {
    let body;
    braced!(body in input);
    let mut journey = None;
    let mut endpoints = Vec::new();
    let mut profile = None;
    while !body.is_empty() {
        let head: Ident = body.parse()?;
        match head.to_string().as_str() {
            "journey" => {
                journey = Some(body.parse()?);
                body.parse::<Token![;]>()?;
            }
            "endpoint" => {
                let id: LitStr = body.parse()?;
                body.parse::<Token![=]>()?;
                endpoints.push((id, body.parse()?));
                body.parse::<Token![;]>()?;
            }
            "profile" => profile = Some(Profile::parse_after_name(&body, None)?),
            _ => {
                return Err(syn::Error::new(
                    head.span(),
                    "a relying party has `journey NAME;`, `endpoint \"Id\" = NAME;` and `profile kind { … }`",
                ))
            }
        }
    }
    let Some(journey) = journey else {
        return Err(body.error("a relying party needs `journey NAME;` (its DefaultUserJourney)"));
    };
    let Some(profile) = profile else {
        return Err(body.error("a relying party needs `profile kind { … }` (its PolicyProfile)"));
    };
    Ok(RelyingParty {
        journey,
        endpoints,
        profile,
    })
}

/// The field of `Definitions` that holds `name`'s definition.
fn field(name: &Ident) -> Ident {
    Ident::new(&name.to_string().to_lowercase(), name.span())
}

/// The nearest of `candidates` to `word`, if near enough to be a typo (the
/// importer's did-you-mean, so the macro and `ief check` suggest alike).
fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    ief_dsl::import::did_you_mean(word, candidates)
}

/// Whether `expr`, a claim's default value, is a claim resolver: a
/// constant of `ief::resolvers` (`context::CORRELATION_ID`) or a string
/// with a `{Prefix:Name}` B2C resolves. Gives the resolver as written.
fn resolver_in(expr: &Expr) -> Option<String> {
    match expr {
        // `context::CORRELATION_ID`, `ief::resolvers::context::CORRELATION_ID`:
        // a module of `ief::resolvers` and one of its constants (a module
        // of the user's that happens to be called `context` does not count
        // unless it has a constant of that name).
        Expr::Path(p) => {
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let n = segs.len();
            if n < 2 {
                return None;
            }
            let (module, constant) = (&segs[n - 2], &segs[n - 1]);
            let known = ief_dsl::resolvers::ALL
                .iter()
                .flat_map(|list| list.iter())
                .any(|r| {
                    r.prefix().eq_ignore_ascii_case(module) && screaming(r.name()) == *constant
                });
            known.then(|| format!("{module}::{constant}"))
        }
        Expr::Call(_) => claim_call(expr).map(|id| format!("claim({id})")),
        // A string holding a `{Prefix:Name}` B2C resolves: a name of the
        // table, or any name (without spaces) of the prefixes that take
        // the set's own (`{Claim:…}`, `{OAUTH-KV:…}`, `{SAML-KV:…}`).
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => {
            use ief_dsl::resolvers::{
                lookup, tokens, CLAIM_PREFIX, OAUTH_KV_PREFIX, SAML_KV_PREFIX,
            };
            let text = s.value();
            let found = tokens(&text)
                .find(|t| {
                    let open = [CLAIM_PREFIX, OAUTH_KV_PREFIX, SAML_KV_PREFIX]
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(t.prefix));
                    lookup(t.prefix, t.name).is_some()
                        || (open && !t.name.is_empty() && !t.name.contains(char::is_whitespace))
                })
                .map(|t| text[t.range.0..t.range.1].to_owned());
            found
        }
        _ => None,
    }
}

/// `CorrelationId` as its constant's name, `CORRELATION_ID`.
fn screaming(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('_');
            }
        }
        if matches!(c, '-' | '.') {
            out.push('_');
        } else {
            out.push(c.to_ascii_uppercase());
        }
    }
    out
}

/// `NAME` of a default value written `claim(NAME)`: the claim resolver
/// `{Claim:…}` of a claim of the scope.
fn claim_call(expr: &Expr) -> Option<&Ident> {
    match expr {
        Expr::Call(call) if call.args.len() == 1 => {
            let func = single_ident(&call.func)?;
            (func == "claim").then(|| single_ident(&call.args[0]))?
        }
        _ => None,
    }
}

/// The scope module of `policy` holding ids of `kind` (`claims`, …).
fn scoped(policy: &Path, module: &str, id: &Ident) -> TokenStream {
    let module = Ident::new(module, Span::call_site());
    quote_spanned!(id.span()=> #policy::scope::#module::#id)
}

/// Text of a literal string, integer or bool expression.
fn literal_text(expr: &Expr) -> Option<(String, &'static str)> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => match lit {
            Lit::Str(s) => Some((s.value(), "str")),
            Lit::Int(i) => Some((i.base10_digits().to_owned(), "int")),
            Lit::Bool(b) => Some((b.value.to_string(), "bool")),
            _ => None,
        },
        _ => None,
    }
}

fn single_ident(expr: &Expr) -> Option<&Ident> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident(),
        _ => None,
    }
}

/// The value of metadata item `key` as a `String` expression, checked
/// against what the table says the key takes.
fn meta_value(
    policy: &Path,
    kind: &ProfileKind,
    key: &MetadataKey,
    value: &Expr,
) -> syn::Result<TokenStream> {
    let lit = literal_text(value);
    // A settings placeholder or resolver is filled in later: taken as is.
    if let Some((text, "str")) = &lit {
        if text.contains('{') {
            return Ok(quote!(#text));
        }
    }
    let span = value.span();
    let wrong = |what: String| {
        syn::Error::new(
            span,
            format!("`{}` of a `{}` profile takes {what}", key.key, kind.name),
        )
    };
    match key.value {
        ValueKind::Bool => match lit {
            Some((t, "bool")) => Ok(quote!(#t)),
            // B2C also reads `0` and `1` (the starter pack writes `0`).
            Some((t, "str"))
                if t.eq_ignore_ascii_case("true")
                    || t.eq_ignore_ascii_case("false")
                    || t == "0"
                    || t == "1" =>
            {
                Ok(quote!(#t))
            }
            Some(_) => Err(wrong("`true` or `false`".into())),
            None => Ok(quote_spanned!(span=> ::ief::kinds::def::flag(#value))),
        },
        ValueKind::Int => match lit {
            Some((t, "int")) => Ok(quote!(#t)),
            Some((t, "str")) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(quote!(#t))
            }
            Some(_) => Err(wrong("a whole number".into())),
            None => Ok(quote_spanned!(span=> ::std::string::ToString::to_string(&#value))),
        },
        ValueKind::OneOf(values) => {
            let text = match (&lit, single_ident(value)) {
                (Some((t, "str")), _) => t.clone(),
                (None, Some(i)) => i.to_string(),
                _ => return Err(wrong(format!("one of {}", list(values)))),
            };
            if values.contains(&text.as_str()) {
                Ok(quote!(#text))
            } else {
                let hint = nearest(&text, values.iter().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                Err(wrong(format!(
                    "one of {}, not `{text}`{hint}",
                    list(values)
                )))
            }
        }
        ValueKind::Claim | ValueKind::ContentDefinition | ValueKind::Profile => {
            let module = match key.value {
                ValueKind::Claim => "claims",
                ValueKind::ContentDefinition => "content_definitions",
                _ => "profiles",
            };
            match single_ident(value) {
                Some(id) => {
                    let path = scoped(policy, module, id);
                    Ok(quote_spanned!(span=> ::std::string::String::from(#path.id())))
                }
                None => Err(wrong(format!(
                    "an id of the policy's scope, written as its constant (`{module}::NAME` without the module)"
                ))),
            }
        }
        ValueKind::Guid => match lit {
            Some((t, "str")) if table::is_guid(t.trim()) => Ok(quote!(#t)),
            Some(_) => Err(wrong("a GUID (`8-4-4-4-12` hexadecimal digits)".into())),
            None => Ok(
                quote_spanned!(span=> ::std::convert::Into::<::std::string::String>::into(#value)),
            ),
        },
        ValueKind::Exchange => match lit {
            Some((t, "str")) => Ok(quote!(#t)),
            _ => Ok(quote_spanned!(span=> ::std::string::String::from((#value).id()))),
        },
        ValueKind::Text => match lit {
            Some((t, _)) => Ok(quote!(#t)),
            None => Ok(
                quote_spanned!(span=> ::std::convert::Into::<::std::string::String>::into(#value)),
            ),
        },
    }
}

fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Methods whose one argument is a variant of an enum of the model, named
/// bare (`token Jwt;`).
const ENUM_ARGS: &[(&str, &str)] = &[
    ("token", "::ief::providers::TokenFormat"),
    ("input_token", "::ief::providers::TokenFormat"),
    ("enabled", "::ief::providers::EnabledForUserJourneys"),
    ("input", "::ief::claims::UserInputType"),
];

fn expand_call(call: &Call) -> syn::Result<TokenStream> {
    let method = &call.method;
    let name = method.to_string();
    if let Some((_, ty)) = ENUM_ARGS.iter().find(|(m, _)| *m == name) {
        if call.args.len() == 1 {
            if let Some(variant) = single_ident(&call.args[0]) {
                let ty: TokenStream = ty.parse().unwrap_or_default();
                return Ok(quote_spanned!(method.span()=> .#method(#ty::#variant)));
            }
        }
    }
    if name == "partner" {
        // `partner OpenIdConnect "sub", Saml2 "…";`
        let mut out = TokenStream::new();
        for arg in &call.args {
            out.extend(partner_call(method, arg)?);
        }
        return Ok(out);
    }
    let args = call.args.iter();
    Ok(quote_spanned!(method.span()=> .#method(#(#args),*)))
}

/// `Protocol "name"` (parsed as one expression, `Protocol "name"` being two
/// tokens: syn reads it as a path followed by a literal is not an
/// expression, so `partner` takes `Protocol = "name"`).
fn partner_call(method: &Ident, arg: &Expr) -> syn::Result<TokenStream> {
    if let Expr::Assign(a) = arg {
        if let Some(protocol) = single_ident(&a.left) {
            let value = &a.right;
            return Ok(
                quote_spanned!(method.span()=> .#method(::ief::providers::ProtocolName::#protocol, #value)),
            );
        }
    }
    Err(syn::Error::new(
        arg.span(),
        "write a partner claim type as `Protocol = \"name\"` (`OpenIdConnect = \"sub\"`)",
    ))
}

fn expand_claim_use(policy: &Path, c: &ClaimUse) -> TokenStream {
    let path = scoped(policy, "claims", &c.name);
    let mut out = quote_spanned!(c.name.span()=> ::ief::providers::ProfileClaim::new(&#path));
    if let Some(p) = &c.partner {
        out.extend(quote!(.partner(#p)));
    }
    if let Some((always, v)) = &c.default {
        let resolved;
        let v = match claim_call(v) {
            Some(id) => {
                let path = scoped(policy, "claims", id);
                resolved =
                    syn::parse_quote_spanned!(id.span()=> ::ief::resolvers::claim(#path.id()));
                &resolved
            }
            None => v,
        };
        if *always {
            out.extend(quote!(.always(#v)));
        } else {
            out.extend(quote!(.default_value(#v)));
        }
    }
    if c.required {
        out.extend(quote!(.required()));
    }
    out
}

/// The profile's definition; `relying_party` for the relying party's
/// `PolicyProfile`.
fn expand_profile(policy: &Path, p: &Profile, relying_party: bool) -> syn::Result<TokenStream> {
    let kind = match &p.kind {
        None => None,
        Some(kind_ident) => {
            let kind_name = kind_ident.to_string();
            let Some((index, kind)) = table::KINDS
                .iter()
                .enumerate()
                .find(|(_, k)| k.name == kind_name)
            else {
                let hint = nearest(&kind_name, table::KINDS.iter().map(|k| k.name))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(syn::Error::new(
                    kind_ident.span(),
                    format!(
                        "`{kind_name}` is not a kind of technical profile{hint}; kinds: {}, and `restate [kind]` for a base profile this policy changes",
                        table::KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
                    ),
                ));
            };
            Some((index, kind))
        }
    };
    // No protocol of its own: a restatement, or a profile that includes
    // the one it runs as.
    let restate = p.restate.is_some() || p.from.is_some();
    // Where to blame a missing required key.
    let head_span = p
        .kind
        .as_ref()
        .or(p.restate.as_ref())
        .map_or_else(Span::call_site, Ident::span);
    let id = match &p.name {
        // A restated profile's handle is its base's, seen through the scope.
        Some(name) if p.restate.is_some() => {
            let path = scoped(policy, "profiles", name);
            quote_spanned!(name.span()=> ::ief::refs::IntoRef::into_ref(#path))
        }
        Some(name) => {
            let module = Ident::new("profiles", Span::call_site());
            quote_spanned!(name.span()=> #policy::#module::#name)
        }
        None => quote!(::ief::refs::ProfileRef::policy_profile()),
    };
    let mut out = match kind {
        Some((index, _)) if !restate => {
            quote!(::ief::kinds::def::ProfileDef::<#policy::Policy>::new(#id, &::ief::kinds::table::KINDS[#index]))
        }
        _ => quote!(::ief::kinds::def::ProfileDef::<#policy::Policy>::restate(#id)),
    };
    if let Some(d) = &p.display {
        out.extend(quote!(.display_name(#d)));
    }
    if let Some(from) = &p.from {
        let path = scoped(policy, "profiles", from);
        out.extend(quote_spanned!(from.span()=> .include(::ief::refs::IntoRef::into_ref(#path))));
    }
    // A profile that includes another may take the item from it.
    let includes = p
        .items
        .iter()
        .any(|i| matches!(i, ProfileItem::Refs { what, .. } if what == "include"));
    let asks_resolving = includes
        || p.items.iter().any(|i| {
            matches!(i, ProfileItem::Unchecked { key, value }
                if key.value() == "IncludeClaimResolvingInClaimsHandling"
                    && literal_text(value).is_some_and(|(t, _)| t.eq_ignore_ascii_case("true")))
                || matches!(i, ProfileItem::Meta { key, value, .. }
            if key == "IncludeClaimResolvingInClaimsHandling"
                && literal_text(value).is_some_and(|(t, _)| t.eq_ignore_ascii_case("true")))
        });
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut given: Vec<&str> = Vec::new();
    // One profile includes one other and has one session manager; a key
    // written twice would leave B2C to pick one of two values.
    let mut seen_refs: Vec<String> = p.from.iter().map(|_| "include".to_owned()).collect();
    for item in &p.items {
        let (what, span) = match item {
            ProfileItem::Refs { what, .. }
                if what == "include" || what == "session" || what == "include_claims_from" =>
            {
                (what.to_string(), what.span())
            }
            ProfileItem::Meta { key, span, .. } => (format!("metadata `{key}`"), *span),
            ProfileItem::Unchecked { key, .. } => {
                (format!("metadata `{}`", key.value()), key.span())
            }
            _ => continue,
        };
        if seen_refs.contains(&what) {
            let why = if what == "include" && p.from.is_some() {
                "`from` already names the profile this one includes; a profile includes one other"
                    .to_owned()
            } else {
                format!("{what} is written twice in this profile")
            };
            push(syn::Error::new(span, why));
        } else {
            seen_refs.push(what);
        }
    }
    for item in &p.items {
        match item {
            ProfileItem::Meta { key, span, value } => {
                given.push(key);
                let value = match kind {
                    None => Ok(match literal_text(value) {
                        Some((text, _)) => quote!(#text),
                        None => {
                            quote_spanned!(value.span()=> ::std::convert::Into::<::std::string::String>::into(#value))
                        }
                    }),
                    Some((_, kind)) => match kind.key(key) {
                        Some(k) => meta_value(policy, kind, k, value),
                        None => {
                            let hint = nearest(key, kind.keys.iter().map(|k| k.key))
                                .map(|n| format!(" (did you mean `{n}`?)"))
                                .unwrap_or_default();
                            let colon = if [
                                "description",
                                "domain",
                                "token",
                                "input_token",
                                "sso",
                                "subject",
                                "enabled",
                                "in",
                                "out",
                                "persist",
                                "display",
                                "in_transforms",
                                "out_transforms",
                                "validate",
                                "session",
                                "include",
                                "include_claims_from",
                                "key",
                            ]
                            .contains(&key.as_str())
                            {
                                format!(" (`{key}` is a setting of the profile, not metadata: write it without a colon)")
                            } else {
                                String::new()
                            };
                            Err(syn::Error::new(
                                *span,
                                format!(
                                    "`{key}` is not a metadata key of a `{}` profile{hint}{colon}; a key the table does not know yet goes in `unchecked \"{key}\": …;`",
                                    kind.name
                                ),
                            ))
                        }
                    },
                };
                match value {
                    Ok(v) => out.extend(quote_spanned!(*span=> .meta(#key, #v))),
                    Err(e) => push(e),
                }
            }
            ProfileItem::Unchecked { key, value } => {
                out.extend(quote_spanned!(key.span()=> .meta(#key, ::std::convert::Into::<::std::string::String>::into(#value))));
            }
            ProfileItem::Claims { list, claims } => {
                let side = list.to_string();
                // What each list can hold: a display claim has no partner
                // name or value; a persisted claim is not `Required`.
                for c in claims {
                    let refused = match side.as_str() {
                        "display" if c.partner.is_some() || c.default.is_some() => {
                            Some("a display claim takes only `required`")
                        }
                        "persist" if c.required => {
                            Some("a persisted claim has no `required` (it takes `as` and `=`)")
                        }
                        _ => None,
                    };
                    if let Some(why) = refused {
                        push(syn::Error::new(c.name.span(), why));
                    }
                }
                if let Some((_, kind)) = kind {
                    let (inputs, outputs, must_ask) = ief_dsl::kinds::resolves_in(kind.name);
                    // The password flow's resolvers, which an `oidc` or
                    // `oauth2` profile's input claims take without asking.
                    let unasked =
                        |r: &str| side == "in" && ief_dsl::kinds::resolves_unasked(kind.name, r);
                    for c in claims {
                        let Some((always, v)) = &c.default else {
                            continue;
                        };
                        let Some(r) = resolver_in(v) else { continue };
                        let resolves = match side.as_str() {
                            "in" => inputs,
                            "out" => outputs,
                            _ => false,
                        };
                        if relying_party {
                            if !*always {
                                push(syn::Error::new_spanned(
                                    v,
                                    format!("a relying party's output claim takes `{r}` only as `= always {r}` (AlwaysUseDefaultValue)"),
                                ));
                            }
                        } else if !resolves {
                            push(syn::Error::new_spanned(
                                v,
                                format!(
                                    "B2C does not resolve `{r}` in the `{side}` claims of a `{}` profile: `{}` would get the text itself; set it where B2C resolves it (a `claims_transformation` profile's output claim, say)",
                                    kind.name, c.name
                                ),
                            ));
                        } else if must_ask && !asks_resolving && !restate && !unasked(&r) {
                            push(syn::Error::new_spanned(
                                v,
                                format!(
                                    "B2C resolves `{r}` in a `{}` profile only when it sets `IncludeClaimResolvingInClaimsHandling: true;`",
                                    kind.name
                                ),
                            ));
                        }
                    }
                }
                let method = match side.as_str() {
                    "in" => "input_claims",
                    "out" => "output_claims",
                    "persist" => "persisted_claims",
                    _ => "display_claims",
                };
                let method = format_ident!("{method}", span = list.span());
                let claims = claims.iter().map(|c| expand_claim_use(policy, c));
                out.extend(quote!(.#method(vec![#(#claims),*])));
            }
            ProfileItem::Refs { what, ids } => {
                let module = REF_ITEMS
                    .iter()
                    .find(|(n, _)| what == n)
                    .map_or("profiles", |(_, m)| *m);
                let refs: Vec<TokenStream> = ids
                    .iter()
                    .map(|i| {
                        let path = scoped(policy, module, i);
                        quote_spanned!(i.span()=> ::ief::refs::IntoRef::into_ref(#path))
                    })
                    .collect();
                let name = what.to_string();
                match name.as_str() {
                    "in_transforms" | "out_transforms" | "validate" => {
                        let method = match name.as_str() {
                            "in_transforms" => "input_transforms",
                            "out_transforms" => "output_transforms",
                            _ => "validations",
                        };
                        let method = format_ident!("{method}", span = what.span());
                        out.extend(quote!(.#method(vec![#(#refs),*])));
                    }
                    _ => {
                        if refs.len() != 1 {
                            push(syn::Error::new(
                                what.span(),
                                format!("`{name}` takes one profile"),
                            ));
                        }
                        let method = what.clone();
                        out.extend(quote!(.#method(#(#refs),*)));
                    }
                }
            }
            ProfileItem::Key { id, storage } => {
                out.extend(quote_spanned!(storage.span()=> .key(#id, #storage)));
            }
            ProfileItem::Call(call) => match expand_call(call) {
                Ok(c) => out.extend(c),
                Err(e) => push(e),
            },
        }
    }
    if let (Some((_, kind)), false) = (kind, restate || p.partial || relying_party) {
        for k in kind.keys.iter().filter(|k| k.required) {
            if !given.contains(&k.key) {
                push(syn::Error::new(
                    head_span,
                    format!(
                        "a `{}` profile needs the metadata key `{}`: add `{}: …;`",
                        kind.name, k.key, k.key
                    ),
                ));
            }
        }
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(quote!(#out.finish())),
    }
}

pub fn expand_define(d: Define) -> syn::Result<TokenStream> {
    let policy = &d.policy;
    if let Some(p) = &d.single {
        return expand_profile(policy, p, false);
    }
    let mut lets = Vec::new();
    let mut fields = Vec::new();
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    for section in &d.sections {
        for entry in &section.entries {
            let (name, value) = match entry {
                Entry::Built { name, expr } => (name, quote!(#expr)),
                Entry::Claim {
                    name,
                    restate,
                    display,
                    help,
                    items,
                } => {
                    let mut v = if *restate {
                        let path = scoped(policy, "claims", name);
                        quote_spanned!(name.span()=> ::ief::kinds::def::ClaimDef::restate(&#path))
                    } else {
                        quote_spanned!(name.span()=> ::ief::kinds::def::ClaimDef::declare(&#policy::claims::#name))
                    };
                    if let Some(d) = display {
                        v.extend(quote!(.display_name(#d)));
                    }
                    if let Some(h) = help {
                        v.extend(quote!(.help(#h)));
                    }
                    for call in items {
                        match expand_call(call) {
                            Ok(c) => v.extend(c),
                            Err(e) => push(e),
                        }
                    }
                    (name, quote!(#v.finish()))
                }
                Entry::Profile(p) => {
                    let Some(name) = &p.name else { continue };
                    match expand_profile(policy, p, false) {
                        Ok(v) => (name, v),
                        Err(e) => {
                            push(e);
                            continue;
                        }
                    }
                }
                Entry::Transform {
                    name,
                    method,
                    fields,
                } => {
                    let claims = quote!(#policy::scope::claims);
                    (
                        name,
                        quote_spanned!(method.span()=> {
                            #[allow(unused_imports)]
                            use #claims::*;
                            ::ief::methods::Method::into_transformation(
                                ::ief::methods::#method { #fields },
                                #policy::transforms::#name,
                            )
                        }),
                    )
                }
            };
            let f = field(name);
            let binding = format_ident!("__define_{}", f);
            lets.push((binding.clone(), value));
            fields.push(quote_spanned!(name.span()=> #f: #binding));
        }
    }
    // The definitions are built in statements of `CHUNK` each: one struct
    // expression holding thousands of definitions as temporaries compiles
    // in time that grows with the square of their number, and one `let`
    // per definition nests thousands of scopes, which overflows the
    // compiler's stack when it writes debug information.
    const CHUNK: usize = 64;
    let statements = lets.chunks(CHUNK).map(|chunk| {
        let names = chunk.iter().map(|(n, _)| n);
        let values = chunk.iter().map(|(_, v)| v);
        quote!(let (#(#names,)*) = (#(#values,)*);)
    });
    let definitions = quote!({ #(#statements)* #policy::Definitions { #(#fields),* } });
    let out = match (&d.tenant, &d.relying_party) {
        (None, _) => definitions,
        (Some(tenant), None) => quote!(#definitions.into_policy(#tenant)),
        (Some(tenant), Some(rp)) => {
            let journey = scoped(policy, "journeys", &rp.journey);
            let endpoints = rp.endpoints.iter().map(|(id, j)| {
                let j = scoped(policy, "journeys", j);
                quote!(::ief::relying_party::Endpoint { id: #id.into(), journey: (&#j).into() })
            });
            let profile = match expand_profile(policy, &rp.profile, true) {
                Ok(p) => p,
                Err(e) => {
                    push(e);
                    quote!(unreachable!())
                }
            };
            quote!(#definitions.into_policy(#tenant).with_relying_party(
                ::ief::relying_party::RelyingParty::builder()
                    .default_user_journey(&#journey)
                    .endpoints(vec![#(#endpoints),*])
                    .technical_profiles(vec![#profile])
                    .build()
            ))
        }
    };
    match errors {
        Some(e) => Err(e),
        None => Ok(quote!({ #out })),
    }
}
