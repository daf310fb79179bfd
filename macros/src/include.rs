//! `include_policy!`: typed handles for everything a policy XML file
//! defines, read at compile time.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::LitStr;

use crate::declare::parse_header;
use crate::scope::{check_duplicates, const_name, expand, ident, Entry, Kind, PolicyDecl};

pub struct IncludePolicy {
    decl: PolicyDecl,
    path: LitStr,
}

impl Parse for IncludePolicy {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let (attrs, vis, name, path, base) = parse_header(input)?;
        if input.peek(syn::Token![;]) {
            input.parse::<syn::Token![;]>()?;
        }
        Ok(IncludePolicy {
            decl: PolicyDecl {
                attrs,
                vis,
                name,
                policy_id: path.clone(),
                base,
                entries: Vec::new(),
                extra: TokenStream::new(),
                expected_base_id: None,
                restated: Vec::new(),
                providers: Vec::new(),
                order: Vec::new(),
                definitions: false,
                defined: Vec::new(),
            },
            path,
        })
    }
}

fn marker(data_type: &str) -> Option<&'static str> {
    Some(match data_type {
        "boolean" => "Bool",
        "date" => "Date",
        "dateTime" => "DateTime",
        "duration" => "Duration",
        "int" => "Int",
        "long" => "Long",
        "string" => "Str",
        "stringCollection" => "StringCollection",
        "alternativeSecurityIdCollection" => "AlternativeSecurityIdCollection",
        "userIdentityCollection" => "UserIdentityCollection",
        "userIdentity" => "UserIdentity",
        "phoneNumber" => "PhoneNumber",
        "objectIdentityCollection" => "ObjectIdentityCollection",
        "objectIdentity" => "ObjectIdentity",
        _ => return None,
    })
}

fn kind_of(element: &str, parent: &str) -> Option<Kind> {
    Some(match (element, parent) {
        ("ClaimType", "ClaimsSchema") => Kind::Claims,
        ("ClaimsTransformation", "ClaimsTransformations") => Kind::Transforms,
        ("TechnicalProfile", "TechnicalProfiles") => Kind::Profiles,
        ("ContentDefinition", "ContentDefinitions") => Kind::ContentDefinitions,
        ("UserJourney", "UserJourneys") => Kind::Journeys,
        ("SubJourney", "SubJourneys") => Kind::SubJourneys,
        ("DisplayControl", "DisplayControls") => Kind::DisplayControls,
        ("Predicate", "Predicates") => Kind::Predicates,
        ("PredicateValidation", "PredicateValidations") => Kind::PredicateValidations,
        ("InputValidation", "InputValidations") => Kind::InputValidations,
        ("LocalizedResources", "Localization") => Kind::LocalizedResources,
        ("ClientDefinition", "ClientDefinitions") => Kind::ClientDefinitions,
        _ => return None,
    })
}

/// The environment variable naming one more folder that `include_policy!`
/// paths may be relative to (for builds whose manifest folder is
/// generated, such as compile tests).
pub const POLICY_DIR_VAR: &str = "IEF_POLICY_DIR";

/// The file `rel`: relative to the crate's manifest folder; else to
/// `$IEF_POLICY_DIR`; else to the nearest enclosing folder with a
/// `Cargo.toml` (a workspace root) that has it.
fn locate(manifest: &std::path::Path, rel: &str) -> Option<PathBuf> {
    let direct = manifest.join(rel);
    if direct.exists() {
        return Some(direct);
    }
    if let Some(dir) = std::env::var_os(POLICY_DIR_VAR) {
        let candidate = PathBuf::from(dir).join(rel);
        if candidate.exists() {
            return Some(candidate);
        }
    }
    manifest
        .ancestors()
        .skip(1)
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .map(|dir| dir.join(rel))
        .find(|candidate| candidate.exists())
}

pub fn expand_include(input: IncludePolicy) -> syn::Result<TokenStream> {
    let IncludePolicy { mut decl, path } = input;
    let span = path.span();
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .map_err(|_| syn::Error::new(span, "CARGO_MANIFEST_DIR is not set; build with cargo"))?;
    let shown = path.value();
    let full = locate(&PathBuf::from(manifest), &shown).ok_or_else(|| {
        syn::Error::new(
            span,
            format!(
                "policy file `{shown}` not found: include_policy! paths are relative to the crate's Cargo.toml (or to ${POLICY_DIR_VAR}, or to the enclosing workspace)"
            ),
        )
    })?;
    let text = std::fs::read_to_string(&full)
        .map_err(|e| syn::Error::new(span, format!("cannot read policy file `{shown}`: {e}")))?;
    let doc = roxmltree::Document::parse(&text)
        .map_err(|e| syn::Error::new(span, format!("{} is not well-formed XML: {e}", shown)))?;
    let root = doc.root_element();
    if root.tag_name().name() != "TrustFrameworkPolicy" {
        return Err(syn::Error::new(
            span,
            format!(
                "{} is not a policy file: its root element is <{}>, not <TrustFrameworkPolicy>",
                shown,
                root.tag_name().name()
            ),
        ));
    }
    let policy_id = root
        .attribute("PolicyId")
        .ok_or_else(|| syn::Error::new(span, format!("{} has no PolicyId attribute", shown)))?;
    decl.policy_id = LitStr::new(policy_id, span);

    let base_id = root
        .children()
        .find(|n| {
            n.has_tag_name((
                "http://schemas.microsoft.com/online/cpim/schemas/2013/06",
                "BasePolicy",
            )) || n.tag_name().name() == "BasePolicy"
        })
        .and_then(|b| b.children().find(|n| n.tag_name().name() == "PolicyId"))
        .and_then(|p| p.text())
        .map(str::to_owned);
    match (&base_id, &decl.base) {
        (Some(b), None) => {
            return Err(syn::Error::new(
                decl.name.span(),
                format!(
                    "{} inherits from `{b}`: name the module of that policy as its base, e.g. `policy {}: path::to::base = ...`",
                    shown,
                    decl.name
                ),
            ))
        }
        (None, Some(b)) => {
            return Err(syn::Error::new_spanned(
                b,
                format!("{} has no <BasePolicy>, so it cannot have a base here", shown),
            ))
        }
        (Some(b), Some(_)) => decl.expected_base_id = Some(LitStr::new(b, span)),
        (None, None) => {}
    }

    let mut errors: Vec<syn::Error> = Vec::new();
    for node in root.descendants().filter(|n| n.is_element()) {
        let parent = node
            .parent_element()
            .map(|p| p.tag_name().name())
            .unwrap_or("");
        let Some(kind) = kind_of(node.tag_name().name(), parent) else {
            continue;
        };
        let Some(id) = node.attribute("Id") else {
            continue;
        };
        let pos = doc.text_pos_at(node.range().start);
        let data_type = if kind == Kind::Claims {
            let dt = node
                .children()
                .find(|c| c.tag_name().name() == "DataType")
                .and_then(|c| c.text());
            match dt {
                // A claim type without a DataType restates a base claim.
                None => continue,
                Some(dt) => match marker(dt) {
                    Some(m) => Some(ident(m)),
                    None => {
                        errors.push(syn::Error::new(
                            span,
                            format!(
                                "{}:{}:{}: claim type `{id}` has the unknown DataType `{dt}`",
                                shown, pos.row, pos.col
                            ),
                        ));
                        continue;
                    }
                },
            }
        } else {
            None
        };
        let Some(name) = const_name(id) else {
            errors.push(syn::Error::new(
                span,
                format!(
                    "{}:{}:{}: the {} id `{id}` gives no Rust name",
                    shown,
                    pos.row,
                    pos.col,
                    kind.words()
                ),
            ));
            continue;
        };
        if let Some((_, other)) = decl.entries.iter().find(|(k, e)| {
            *k == kind
                && e.name == name.as_str()
                && e.id.value() != id
                && !e.id.value().eq_ignore_ascii_case(id)
        }) {
            errors.push(syn::Error::new(
                span,
                format!(
                    "{}:{}:{}: the {} ids `{}` and `{id}` both become the Rust name `{name}`",
                    shown,
                    pos.row,
                    pos.col,
                    kind.words(),
                    other.id.value()
                ),
            ));
            continue;
        }
        decl.entries.push((
            kind,
            Entry {
                docs: Vec::new(),
                name: ident(&name),
                id: LitStr::new(id, span),
                data_type,
                provider: None,
            },
        ));
    }
    if let Some(first) = errors.into_iter().reduce(|mut a, b| {
        a.combine(b);
        a
    }) {
        return Err(first);
    }
    check_duplicates(&decl)?;
    let abs = full.to_string_lossy().into_owned();
    let file_name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    decl.extra = quote! {
        /// The policy file's text, as read at compile time (the crate is
        /// rebuilt when it changes). Give it to `PolicySet::with_existing`
        /// so that policies written in Rust on top of it are checked with
        /// it before they are written.
        pub const XML: &str = include_str!(#abs);
        /// The policy file's name.
        pub const FILE_NAME: &str = #file_name;
    };
    Ok(expand(&decl))
}
