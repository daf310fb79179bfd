//! `declare!`: a policy's ids, written in Rust.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{braced, Ident, LitStr, Path, Token};

use quote::quote;

use crate::scope::{
    check_duplicates, defines_name, expand_placed, Entry, Item, Kind, PolicyDecl, Restated,
};

pub struct Declare(pub Vec<PolicyDecl>);

/// The parts of `[attrs] vis policy NAME = "literal" [: base::path]`.
pub type Header = (
    Vec<syn::Attribute>,
    syn::Visibility,
    Ident,
    LitStr,
    Option<Path>,
);

/// Parses `[attrs] vis policy NAME = "literal" [: base::path]`.
pub fn parse_header(input: ParseStream) -> syn::Result<Header> {
    let attrs = input.call(syn::Attribute::parse_outer)?;
    let vis: syn::Visibility = input.parse()?;
    let kw: Ident = input.parse()?;
    if kw != "policy" {
        return Err(syn::Error::new(
            kw.span(),
            "expected `policy NAME = \"B2C_1A_...\"`",
        ));
    }
    let name: Ident = input.parse()?;
    input.parse::<Token![=]>()?;
    let id: LitStr = input.parse()?;
    let base = if input.peek(Token![:]) {
        input.parse::<Token![:]>()?;
        Some(input.call(Path::parse_mod_style)?)
    } else {
        None
    };
    Ok((attrs, vis, name, id, base))
}

/// What is wrong with a `PolicyId`, by the XSD's `PolicyId` type: one or
/// more letters, digits, `_`, `-` and `.`, not ending with `.`.
fn policy_id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("a PolicyId cannot be empty".into());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Some(format!(
            "a PolicyId may hold only letters, digits, `_`, `-` and `.` (B2C refuses `{}`)",
            c.escape_default()
        ));
    }
    if id.ends_with('.') {
        return Some("a PolicyId cannot end with `.`".into());
    }
    None
}

impl Parse for Declare {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut policies = Vec::new();
        while !input.is_empty() {
            let (attrs, vis, name, policy_id, base) = parse_header(input)?;
            if let Some(problem) = policy_id_problem(&policy_id.value()) {
                return Err(syn::Error::new(policy_id.span(), problem));
            }
            let body;
            braced!(body in input);
            let mut decl = PolicyDecl {
                attrs,
                vis,
                name,
                policy_id,
                base,
                entries: Vec::new(),
                extra: TokenStream::new(),
                expected_base_id: None,
                restated: Vec::new(),
                providers: Vec::new(),
                order: Vec::new(),
                definitions: true,
                defined: Vec::new(),
            };
            while !body.is_empty() {
                let section: Ident = body.parse()?;
                if section == "restated" {
                    if decl.base.is_none() {
                        return Err(syn::Error::new(
                            section.span(),
                            "`restated` names elements of the base chain, and this policy has no base",
                        ));
                    }
                    let kinds;
                    braced!(kinds in body);
                    while !kinds.is_empty() {
                        let section: Ident = kinds.parse()?;
                        let kind = section_kind(&section)?;
                        let items;
                        braced!(items in kinds);
                        parse_items(&items, kind, true, None, &mut decl)?;
                    }
                    continue;
                }
                let kind = section_kind(&section)?;
                let items;
                braced!(items in body);
                parse_items(&items, kind, false, None, &mut decl)?;
            }
            policies.push(decl);
        }
        Ok(Declare(policies))
    }
}

/// The kind a section keyword names.
fn section_kind(section: &Ident) -> syn::Result<Kind> {
    Kind::from_module(&section.to_string()).ok_or_else(|| {
        syn::Error::new(
            section.span(),
            format!(
                "unknown section `{section}`; expected one of: {}, restated",
                Kind::ALL
                    .iter()
                    .map(|k| k.module())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// The entries of one section: `NAME = "id";` (claims `NAME: Type = "id";`),
/// in `restated` sections `NAME;` or `NAME?;`, and in `profiles` also
/// `provider "Display name" (domain = "x") { ... }` groups.
fn parse_items(
    items: ParseStream,
    kind: Kind,
    restated: bool,
    provider: Option<usize>,
    decl: &mut PolicyDecl,
) -> syn::Result<()> {
    while !items.is_empty() {
        let docs = items.call(syn::Attribute::parse_outer)?;
        if items.peek(Ident) && items.peek2(LitStr) {
            let kw: Ident = items.parse()?;
            if kw != "provider" {
                return Err(syn::Error::new(
                    kw.span(),
                    "expected `NAME = \"id\";` or `provider \"Display name\" { ... }`",
                ));
            }
            if kind != Kind::Profiles {
                return Err(syn::Error::new(
                    kw.span(),
                    "only technical profiles are grouped into claims providers",
                ));
            }
            if provider.is_some() {
                return Err(syn::Error::new(kw.span(), "claims providers do not nest"));
            }
            let display_name: LitStr = items.parse()?;
            let domain = if items.peek(syn::token::Paren) {
                let opts;
                syn::parenthesized!(opts in items);
                let key: Ident = opts.parse()?;
                if key != "domain" {
                    return Err(syn::Error::new(key.span(), "expected `domain = \"...\"`"));
                }
                opts.parse::<Token![=]>()?;
                Some(opts.parse::<LitStr>()?)
            } else {
                None
            };
            decl.providers.push(crate::scope::Provider {
                display_name,
                domain,
            });
            let index = decl.providers.len() - 1;
            let inner;
            braced!(inner in items);
            parse_items(&inner, kind, restated, Some(index), decl)?;
            continue;
        }
        let item: Ident = items.parse()?;
        if restated {
            let optional = items.peek(Token![?]);
            if optional {
                items.parse::<Token![?]>()?;
            }
            if items.peek(Token![=>]) {
                items.parse::<Token![=>]>()?;
                let tokens = definition_tokens(items)?;
                decl.defined.push((kind, item.clone(), tokens));
            } else {
                items.parse::<Token![;]>()?;
            }
            decl.restated.push(Restated {
                kind,
                name: item,
                optional,
                provider,
            });
            decl.order.push(Item::Restated(decl.restated.len() - 1));
            continue;
        }
        let data_type = if kind == Kind::Claims {
            items.parse::<Token![:]>().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    format!("a claim needs its data type: `{item}: Str = \"id\";`"),
                )
            })?;
            Some(items.parse::<Ident>()?)
        } else {
            None
        };
        items.parse::<Token![=]>()?;
        let id: LitStr = items.parse()?;
        if id.value().trim().is_empty() {
            return Err(syn::Error::new(id.span(), "an id cannot be empty"));
        }
        if id.value().chars().any(char::is_whitespace) {
            return Err(syn::Error::new(
                id.span(),
                "an id cannot contain whitespace (B2C refuses it)",
            ));
        }
        if items.peek(Token![=>]) {
            items.parse::<Token![=>]>()?;
            let tokens = definition_tokens(items)?;
            decl.defined.push((kind, item.clone(), tokens));
        } else {
            items.parse::<Token![;]>()?;
        }
        decl.entries.push((
            kind,
            Entry {
                docs,
                name: item,
                id,
                data_type,
                provider,
            },
        ));
        decl.order.push(Item::Own(decl.entries.len() - 1));
    }
    Ok(())
}

/// The tokens of a definition after `=>`, up to and including a `;` at
/// its level, or up to a `{ … }` group (and a `;` right after it).
fn definition_tokens(items: ParseStream) -> syn::Result<TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    use quote::ToTokens;
    let mut out = TokenStream::new();
    loop {
        if items.is_empty() {
            return Err(items.error("a definition ends with `;` or with a `{ … }` block"));
        }
        if items.peek(Token![;]) {
            items.parse::<Token![;]>()?.to_tokens(&mut out);
            return Ok(out);
        }
        let tt: TokenTree = items.parse()?;
        let brace = matches!(&tt, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
        out.extend(std::iter::once(tt));
        if brace {
            if items.peek(Token![;]) {
                items.parse::<Token![;]>()?.to_tokens(&mut out);
            }
            return Ok(out);
        }
    }
}

/// Expands every policy of one `declare!`.
///
/// A policy whose base is declared in the same invocation (named by its
/// bare module name) is placed inside that base's module and re-exported
/// where it was written: its path to the base is then `super`, which Rust
/// resolves the same at module level and in a function body.
pub fn expand_all(decl: Declare) -> TokenStream {
    let policies = &decl.0;
    let checked: Vec<Result<(), syn::Error>> = policies.iter().map(check_duplicates).collect();
    let parent: Vec<Option<usize>> = policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            checked[i].as_ref().ok()?;
            let base = p.base.as_ref()?;
            if base.leading_colon.is_some() || base.segments.len() != 1 {
                return None;
            }
            let base_name = &base.segments[0].ident;
            let j = policies[..i].iter().position(|q| &q.name == base_name)?;
            let fits = checked[j].is_ok() && !defines_name(&policies[j], &p.name.to_string());
            fits.then_some(j)
        })
        .collect();
    let build = |i: usize| -> TokenStream { build_policy(i, policies, &parent, &checked) };
    fn build_policy(
        i: usize,
        policies: &[PolicyDecl],
        parent: &[Option<usize>],
        checked: &[Result<(), syn::Error>],
    ) -> TokenStream {
        let p = &policies[i];
        if let Err(e) = &checked[i] {
            return e.to_compile_error();
        }
        let mut children = TokenStream::new();
        for (j, pj) in parent.iter().enumerate() {
            if *pj == Some(i) {
                children.extend(build_policy(j, policies, parent, checked));
            }
        }
        expand_placed(p, parent[i].is_some(), children)
    }
    let mut out = TokenStream::new();
    for (p, checked) in policies.iter().zip(&checked) {
        if checked.is_err() {
            continue;
        }
        match crate::scope::defined_definitions(p) {
            Ok(ts) => out.extend(ts),
            Err(e) => out.extend(e.to_compile_error()),
        }
    }
    for (i, p) in policies.iter().enumerate() {
        match parent[i] {
            None => out.extend(build(i)),
            Some(_) => {
                let mut path = vec![&p.name];
                let mut at = parent[i];
                while let Some(j) = at {
                    path.push(&policies[j].name);
                    at = parent[j];
                }
                path.reverse();
                let vis = &p.vis;
                let attrs = p
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("doc") || a.path().is_ident("cfg"));
                out.extend(quote! {
                    #(#attrs)*
                    #[doc(inline)]
                    #[allow(unused_imports)]
                    #vis use #(#path)::*;
                });
            }
        }
    }
    out
}
