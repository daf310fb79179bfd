//! `declare!`: a policy's ids, written in Rust.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{braced, Ident, LitStr, Path, Token};

use crate::scope::{check_duplicates, expand, Entry, Kind, PolicyDecl};

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

impl Parse for Declare {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut policies = Vec::new();
        while !input.is_empty() {
            let (attrs, vis, name, policy_id, base) = parse_header(input)?;
            let body;
            braced!(body in input);
            let mut entries = Vec::new();
            while !body.is_empty() {
                let section: Ident = body.parse()?;
                let kind = Kind::from_module(&section.to_string()).ok_or_else(|| {
                    syn::Error::new(
                        section.span(),
                        format!(
                            "unknown section `{section}`; expected one of: {}",
                            Kind::ALL
                                .iter()
                                .map(|k| k.module())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
                let items;
                braced!(items in body);
                while !items.is_empty() {
                    let docs = items.call(syn::Attribute::parse_outer)?;
                    let item: Ident = items.parse()?;
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
                    items.parse::<Token![;]>()?;
                    entries.push((
                        kind,
                        Entry {
                            docs,
                            name: item,
                            id,
                            data_type,
                        },
                    ));
                }
            }
            policies.push(PolicyDecl {
                attrs,
                vis,
                name,
                policy_id,
                base,
                entries,
                extra: TokenStream::new(),
                expected_base_id: None,
            });
        }
        Ok(Declare(policies))
    }
}

pub fn expand_all(decl: Declare) -> TokenStream {
    let mut out = TokenStream::new();
    for p in &decl.0 {
        match check_duplicates(p) {
            Ok(()) => out.extend(expand(p)),
            Err(e) => out.extend(e.to_compile_error()),
        }
    }
    out
}
