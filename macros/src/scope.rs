//! The module shape shared by `declare!` and `include_policy!`: one module
//! per policy, one sub-module per kind of element with a typed constant per
//! id, and a `scope` module that re-exports what the policy and its base
//! chain define.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Ident, LitStr, Path};

/// The kinds of elements that are referenced by id, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Claims,
    Transforms,
    Profiles,
    ContentDefinitions,
    Journeys,
    SubJourneys,
    DisplayControls,
    Predicates,
    PredicateValidations,
    InputValidations,
    LocalizedResources,
    ClientDefinitions,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Claims,
        Kind::Transforms,
        Kind::Profiles,
        Kind::ContentDefinitions,
        Kind::Journeys,
        Kind::SubJourneys,
        Kind::DisplayControls,
        Kind::Predicates,
        Kind::PredicateValidations,
        Kind::InputValidations,
        Kind::LocalizedResources,
        Kind::ClientDefinitions,
    ];

    /// The module name, which is also the section keyword in `declare!`.
    pub fn module(self) -> &'static str {
        match self {
            Kind::Claims => "claims",
            Kind::Transforms => "transforms",
            Kind::Profiles => "profiles",
            Kind::ContentDefinitions => "content_definitions",
            Kind::Journeys => "journeys",
            Kind::SubJourneys => "sub_journeys",
            Kind::DisplayControls => "display_controls",
            Kind::Predicates => "predicates",
            Kind::PredicateValidations => "predicate_validations",
            Kind::InputValidations => "input_validations",
            Kind::LocalizedResources => "localized_resources",
            Kind::ClientDefinitions => "client_definitions",
        }
    }

    pub fn from_module(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.module() == name)
    }

    /// What the kind is called in messages.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Claims => "claim type",
            Kind::Transforms => "claims transformation",
            Kind::Profiles => "technical profile",
            Kind::ContentDefinitions => "content definition",
            Kind::Journeys => "user journey",
            Kind::SubJourneys => "sub-journey",
            Kind::DisplayControls => "display control",
            Kind::Predicates => "predicate",
            Kind::PredicateValidations => "predicate validation",
            Kind::InputValidations => "input validation",
            Kind::LocalizedResources => "localized resources",
            Kind::ClientDefinitions => "client definition",
        }
    }

    fn handle_type(self) -> TokenStream {
        match self {
            Kind::Claims => quote!(unreachable_claims_have_their_own_type),
            Kind::Transforms => quote!(::ief::refs::TransformRef),
            Kind::Profiles => quote!(::ief::refs::ProfileRef),
            Kind::ContentDefinitions => quote!(::ief::refs::ContentDefRef),
            Kind::Journeys => quote!(::ief::refs::JourneyRef),
            Kind::SubJourneys => quote!(::ief::refs::SubJourneyRef),
            Kind::DisplayControls => quote!(::ief::refs::DisplayControlRef),
            Kind::Predicates => quote!(::ief::refs::PredicateRef),
            Kind::PredicateValidations => quote!(::ief::refs::PredicateValidationRef),
            Kind::InputValidations => quote!(::ief::refs::InputValidationRef),
            Kind::LocalizedResources => quote!(::ief::refs::LocalizedResourcesRef),
            Kind::ClientDefinitions => quote!(::ief::refs::ClientDefRef),
        }
    }
}

/// One declared id.
pub struct Entry {
    pub docs: Vec<syn::Attribute>,
    pub name: Ident,
    pub id: LitStr,
    /// For claims: the data-type marker (`Str`, `Bool`, …).
    pub data_type: Option<Ident>,
    /// For profiles: the claims provider (index into `PolicyDecl::providers`).
    pub provider: Option<usize>,
}

/// An element of a base policy that this policy restates (B2C merges the
/// two by id): `restated { profiles { LOGIN_NON_INTERACTIVE; } }`.
pub struct Restated {
    pub kind: Kind,
    /// The base's handle name, resolved in the base's scope.
    pub name: Ident,
    /// `NAME?`: the restatement may be left out.
    pub optional: bool,
    pub provider: Option<usize>,
}

/// A claims provider grouping profiles in the declaration:
/// `provider "Display name" (domain = "x") { ... }`.
pub struct Provider {
    pub display_name: LitStr,
    pub domain: Option<LitStr>,
}

/// What a declared policy defines, in declaration order: its own ids and
/// its restatements, interleaved as written.
pub enum Item {
    Own(usize),
    Restated(usize),
}

/// A whole policy's declarations.
pub struct PolicyDecl {
    pub attrs: Vec<syn::Attribute>,
    pub vis: syn::Visibility,
    pub name: Ident,
    pub policy_id: LitStr,
    pub base: Option<Path>,
    pub entries: Vec<(Kind, Entry)>,
    /// Extra items placed in the policy module (e.g. `include_bytes!`).
    pub extra: TokenStream,
    /// The base policy id the file itself names, checked against the
    /// declared base at compile time.
    pub expected_base_id: Option<LitStr>,
    /// Restated elements of the base chain (`declare!` only).
    pub restated: Vec<Restated>,
    /// Claims providers of the profiles (`declare!` only).
    pub providers: Vec<Provider>,
    /// Definition order of own and restated elements.
    pub order: Vec<Item>,
    /// Whether to generate `Definitions` (`declare!`: the policy is
    /// written in Rust; `include_policy!`: it is defined by its XML file).
    pub definitions: bool,
    /// Definitions written with their ids (`NAME = "id" => …`), in
    /// `define!`'s short forms: the kind, the name, and the tokens after
    /// `=>`. Either every own and restated id has one (and the policy
    /// module gets `definitions()`) or none has.
    pub defined: Vec<(Kind, Ident, TokenStream)>,
}

/// The data-type markers of `ief::refs::types`.
pub const DATA_TYPE_MARKERS: [&str; 14] = [
    "Bool",
    "Date",
    "DateTime",
    "Duration",
    "Int",
    "Long",
    "Str",
    "StringCollection",
    "AlternativeSecurityIdCollection",
    "UserIdentityCollection",
    "UserIdentity",
    "PhoneNumber",
    "ObjectIdentityCollection",
    "ObjectIdentity",
];

/// The closest of `candidates` to `word`, if it is close enough to be a
/// typo (the same rule the importer and checker use).
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ief_dsl::import::did_you_mean(word, candidates)
}

/// Rejects two ids of one kind that B2C would treat as the same (ids
/// compare case-insensitively), and two Rust names that are the same.
pub fn check_duplicates(decl: &PolicyDecl) -> Result<(), syn::Error> {
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    for (_, e) in &decl.entries {
        if let Some(dt) = &e.data_type {
            let name = dt.to_string();
            if !DATA_TYPE_MARKERS.contains(&name.as_str()) {
                let hint = match suggest(&name, DATA_TYPE_MARKERS) {
                    Some(s) => format!("did you mean `{s}`? "),
                    None => String::new(),
                };
                push(syn::Error::new(
                    dt.span(),
                    format!(
                        "`{name}` is not a claim data type; {hint}expected one of: {}",
                        DATA_TYPE_MARKERS.join(", ")
                    ),
                ));
            }
        }
    }
    for kind in Kind::ALL {
        let entries: Vec<&Entry> = decl
            .entries
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, e)| e)
            .collect();
        for (i, e) in entries.iter().enumerate() {
            let id = e.id.value();
            if let Some(first) = entries[..i]
                .iter()
                .find(|f| f.id.value().to_lowercase() == id.to_lowercase())
            {
                push(syn::Error::new(
                    e.id.span(),
                    format!(
                        "duplicate {} id `{}` in policy `{}`: `{}` already declares `{}`, and B2C compares ids ignoring case",
                        kind.words(),
                        id,
                        decl.name,
                        first.name,
                        first.id.value()
                    ),
                ));
            }
            if let Some(first) = entries[..i].iter().find(|f| f.name == e.name) {
                push(syn::Error::new(
                    e.name.span(),
                    format!(
                        "the name `{}` is declared twice among the {} of policy `{}` (ids `{}` and `{}`)",
                        e.name,
                        kind.module(),
                        decl.name,
                        first.id.value(),
                        id
                    ),
                ));
            }
        }
    }
    if decl.definitions {
        // `Definitions` has one field per declared or restated id, named
        // after its constant in snake case: two names that give one field,
        // or a field that is a Rust keyword, are refused here, with the
        // reason, rather than as a confusing error in generated code.
        let mut fields: Vec<(String, &Ident)> = Vec::new();
        let names = decl
            .entries
            .iter()
            .map(|(_, e)| &e.name)
            .chain(decl.restated.iter().map(|r| &r.name));
        for name in names {
            let field = name.to_string().to_lowercase();
            if KEYWORDS.contains(&field.as_str()) {
                push(syn::Error::new(
                    name.span(),
                    format!("`{name}` would be the field `{field}` of `Definitions`, a Rust keyword; give the constant another name"),
                ));
            }
            if let Some((_, first)) = fields.iter().find(|(f, _)| *f == field) {
                push(syn::Error::new(
                    name.span(),
                    format!("`{name}` and `{first}` would both be the field `{field}` of `{}::Definitions` (one field per declared or restated id); give one of them another constant name", decl.name),
                ));
            } else {
                fields.push((field, name));
            }
        }
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Rust's keywords, which cannot be field names.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield",
];

/// How a policy module reaches its base, `depth` modules below the policy
/// module's own level (`depth` 1: from inside the policy module).
///
/// A base declared in the same `declare!` holds its children's modules
/// (`nested`), so the base is plain `super` from them: this holds even in a
/// function body, where `super::base` would name the enclosing module's
/// item, not the block's.
fn relative_base(base: &Path, depth: usize, nested: bool) -> TokenStream {
    let supers: Vec<TokenStream> = (0..depth).map(|_| quote!(super)).collect();
    if nested {
        return quote!(#(#supers)::*);
    }
    let first = base.segments.first().map(|s| s.ident.to_string());
    if base.leading_colon.is_some() || first.as_deref() == Some("crate") {
        return quote!(#base);
    }
    if first.as_deref() == Some("self") {
        let rest = base.segments.iter().skip(1);
        return quote!(#(#supers::)* #(#rest)::*);
    }
    quote!(#(#supers::)* #base)
}

/// The names a policy module defines itself; a child module of the same
/// name cannot be placed inside it.
pub fn defines_name(decl: &PolicyDecl, name: &str) -> bool {
    Kind::ALL.iter().any(|k| k.module() == name)
        || matches!(
            name,
            "scope" | "Policy" | "POLICY" | "POLICY_ID" | "Definitions" | "__CLAIM_TABLE"
        )
        || marker_name(&decl.policy_id.value(), Span::call_site()) == name
}

/// Generates the policy module.
pub fn expand(decl: &PolicyDecl) -> TokenStream {
    expand_placed(decl, false, TokenStream::new())
}

/// Generates the policy module; `nested`: it is placed inside its base's
/// module (see [`relative_base`]), with `children` inside its own.
pub fn expand_placed(decl: &PolicyDecl, nested: bool, children: TokenStream) -> TokenStream {
    let PolicyDecl {
        attrs,
        vis,
        name,
        policy_id,
        base,
        entries,
        extra,
        expected_base_id,
        ..
    } = decl;

    let mut own_modules = Vec::new();
    let mut scope_modules = Vec::new();
    for kind in Kind::ALL {
        let module = format_ident!("{}", kind.module());
        let items: Vec<&Entry> = entries
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, e)| e)
            .collect();
        let consts = items.iter().map(|e| {
            let Entry {
                docs,
                name: item,
                id,
                data_type,
                ..
            } = e;
            let doc = match data_type {
                Some(dt) => format!("Claim type `{}` ({}).", id.value(), dt),
                None => format!("{} `{}`.", capitalize(kind.words()), id.value()),
            };
            let ty = match (kind, data_type) {
                (Kind::Claims, Some(dt)) => {
                    quote!(::ief::refs::Claim<::ief::refs::types::#dt, super::Policy>)
                }
                _ => {
                    let h = kind.handle_type();
                    quote!(#h<super::Policy>)
                }
            };
            let ctor = quote!(<#ty>::__declared(#id));
            quote! {
                #(#docs)*
                #[doc = #doc]
                pub const #item: #ty = #ctor;
            }
        });
        let own_doc = format!(
            "The {} this policy declares.",
            kind.module().replace('_', " ")
        );
        own_modules.push(quote! {
            #[doc = #own_doc]
            #[allow(dead_code)]
            pub mod #module {
                #(#consts)*
            }
        });

        let names: Vec<&Ident> = items.iter().map(|e| &e.name).collect();
        let own_use = if names.is_empty() {
            quote!()
        } else {
            quote!(pub use super::super::#module::{#(#names),*};)
        };
        let base_use = base.as_ref().map(|b| {
            let rel = relative_base(b, 3, nested);
            quote!(pub use #rel::scope::#module::*;)
        });
        let scope_doc = format!(
            "Every {} this policy may reference: its own and its base chain's.",
            kind.words()
        );
        scope_modules.push(quote! {
            #[doc = #scope_doc]
            #[allow(unused_imports)]
            pub mod #module {
                #own_use
                #base_use
            }
        });
    }

    let base_check = match (base, expected_base_id) {
        (Some(b), Some(expected)) => {
            let rel = relative_base(b, 1, nested);
            let msg = format!(
                "the declared base policy of `{}` is not the policy its file names in <BasePolicy> (`{}`)",
                name,
                expected.value()
            );
            quote_spanned! {quote!(#b).into_iter().next().map(|t| t.span()).unwrap_or_else(Span::call_site)=>
                const _: () = ::core::assert!(
                    ::ief::refs::same_id(#rel::POLICY_ID, #expected),
                    #msg
                );
            }
        }
        _ => quote!(),
    };
    let chain_doc = match base {
        Some(b) => format!(
            "What policy `{}` may reference: its own declarations, then those of its base `{}` and that policy's chain.",
            policy_id.value(),
            quote!(#b).to_string().replace(' ', "")
        ),
        None => format!(
            "What policy `{}` may reference: its own declarations (it has no base policy).",
            policy_id.value()
        ),
    };
    let policy_doc = format!("The policy id `{}`.", policy_id.value());
    let marker = marker_name(&policy_id.value(), name.span());
    let marker_doc = format!(
        "The scope of policy `{}`: the type that handles declared here carry, and that builders of this policy's elements are checked against.",
        policy_id.value()
    );
    let (base_ty, depth) = match base {
        Some(b) => {
            let rel = relative_base(b, 1, nested);
            (
                quote!(#rel::Policy),
                quote!(::ief::refs::chain::Succ<<#rel::Policy as ::ief::refs::PolicyScope>::Depth>),
            )
        }
        None => (
            quote!(::ief::refs::NoPolicy),
            quote!(::ief::refs::chain::Zero),
        ),
    };
    // One data type per claim along a chain: each claim this policy
    // declares is checked against its base chain's claim tables while
    // compiling, with the error on the data type the user wrote.
    let claim_rows = entries
        .iter()
        .filter(|(k, _)| *k == Kind::Claims)
        .filter_map(|(_, e)| {
            let id = &e.id;
            let dt = e.data_type.as_ref()?;
            let variant = data_type_variant(&dt.to_string())?;
            let variant = Ident::new(variant, Span::call_site());
            Some(quote!((#id, ::ief::claims::DataType::#variant)))
        });
    let base_table = match base {
        Some(b) => {
            let rel = relative_base(b, 1, nested);
            quote!(::core::option::Option::Some(&#rel::__CLAIM_TABLE))
        }
        None => quote!(::core::option::Option::None),
    };
    let claim_checks = entries.iter().filter(|(k, _)| *k == Kind::Claims).filter_map(|(_, e)| {
        let id = &e.id;
        let dt = e.data_type.as_ref()?;
        let variant = data_type_variant(&dt.to_string())?;
        let variant_ident = Ident::new(variant, Span::call_site());
        let msg = format!(
            "claim type `{}` is declared here as `{}`, but a base policy of `{}` declares it with another data type; a claim has one data type along a chain (restate it with the base's type, or give the new claim another id)",
            id.value(),
            dt,
            policy_id.value()
        );
        Some(quote_spanned! {dt.span()=>
            const _: () = ::core::assert!(
                ::ief::refs::chain::ClaimTable::agrees(__CLAIM_TABLE.base, #id, ::ief::claims::DataType::#variant_ident),
                #msg
            );
        })
    });
    let claim_table = quote! {
        #[doc(hidden)]
        pub const __CLAIM_TABLE: ::ief::refs::chain::ClaimTable = ::ief::refs::chain::ClaimTable {
            policy: #policy_id,
            claims: &[#(#claim_rows),*],
            base: #base_table,
        };
        #(#claim_checks)*
    };
    let definitions = if decl.definitions {
        definitions(decl, nested)
    } else {
        quote!()
    };
    // A module placed in its base's is re-exported where it was declared
    // (with the visibility written there); inside the base it is only
    // reachable through that re-export's path.
    // Its doc comment goes on the re-export (see `declare::expand_all`), so
    // that links in it resolve where it was written.
    let (vis, attrs): (TokenStream, Vec<&syn::Attribute>) = if nested {
        (
            quote!(#[doc(hidden)] pub),
            attrs.iter().filter(|a| !a.path().is_ident("doc")).collect(),
        )
    } else {
        (quote!(#vis), attrs.iter().collect())
    };
    quote! {
        #(#attrs)*
        #[allow(clippy::module_inception, dead_code)]
        #vis mod #name {
            #claim_table
            #[doc = #marker_doc]
            #[allow(non_camel_case_types)]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
            pub struct #marker;
            #[doc = #marker_doc]
            pub type Policy = #marker;
            impl ::ief::refs::PolicyScope for #marker {
                const POLICY_ID: &'static str = #policy_id;
                type Base = #base_ty;
                type Depth = #depth;
            }
            impl ::ief::refs::chain::BuiltOn<#base_ty> for #marker {}
            #[doc = #policy_doc]
            pub const POLICY: ::ief::refs::PolicyRef<Policy> = ::ief::refs::PolicyRef::__declared(#policy_id);
            #[doc = #policy_doc]
            pub const POLICY_ID: &str = #policy_id;
            #(#own_modules)*
            #[doc = #chain_doc]
            pub mod scope {
                #(#scope_modules)*
            }
            #base_check
            #extra
            #definitions
            #children
        }
    }
}

impl Kind {
    /// The model type of a definition of this kind, in policy `Policy`.
    fn definition_type(self) -> TokenStream {
        match self {
            Kind::Claims => quote!(::ief::claims::ClaimType<Policy>),
            Kind::Transforms => quote!(::ief::transforms::ClaimsTransformation<Policy>),
            Kind::Profiles => quote!(::ief::providers::TechnicalProfile<Policy>),
            Kind::ContentDefinitions => quote!(::ief::content::ContentDefinition<Policy>),
            Kind::Journeys => quote!(::ief::journeys::UserJourney<Policy>),
            Kind::SubJourneys => quote!(::ief::journeys::SubJourney<Policy>),
            Kind::DisplayControls => quote!(::ief::content::DisplayControl<Policy>),
            Kind::Predicates => quote!(::ief::claims::Predicate<Policy>),
            Kind::PredicateValidations => quote!(::ief::claims::PredicateValidation<Policy>),
            Kind::InputValidations => quote!(::ief::claims::InputValidation<Policy>),
            Kind::LocalizedResources => quote!(::ief::content::LocalizedResources<Policy>),
            Kind::ClientDefinitions => quote!(::ief::content::ClientDefinition<Policy>),
        }
    }
}

/// `Definitions` and `into_policy` of a policy written in Rust: one
/// required field per declared (and restated) id, so that a declared id
/// that is never defined does not compile, and an assembler that places
/// every definition, with its declared id, in the policy.
fn definitions(decl: &PolicyDecl, nested: bool) -> TokenStream {
    let policy_id = decl.policy_id.value();
    let mut fields = Vec::new();
    let mut field_names: Vec<Ident> = Vec::new();
    // Per kind, the statements that push each definition into its list.
    let mut pushes: Vec<(Kind, Option<usize>, TokenStream)> = Vec::new();
    for item in &decl.order {
        let (kind, name, handle, optional, provider, doc) = match item {
            Item::Own(i) => {
                let (kind, e) = &decl.entries[*i];
                let module = format_ident!("{}", kind.module());
                let name = &e.name;
                let doc = match &e.data_type {
                    Some(dt) => format!("Claim type `{}` ({dt}).", e.id.value()),
                    None => format!("{} `{}`.", capitalize(kind.words()), e.id.value()),
                };
                (
                    *kind,
                    name.clone(),
                    quote!(#module::#name),
                    false,
                    e.provider,
                    doc,
                )
            }
            Item::Restated(i) => {
                let r = &decl.restated[*i];
                let module = format_ident!("{}", r.kind.module());
                let name = &r.name;
                let doc = format!(
                    "The base chain's {} `{}`, restated in this policy{}.",
                    r.kind.words(),
                    name,
                    if r.optional {
                        " (or left out, with `None`)"
                    } else {
                        ""
                    }
                );
                (
                    r.kind,
                    name.clone(),
                    quote!(scope::#module::#name),
                    r.optional,
                    r.provider,
                    doc,
                )
            }
        };
        let field = Ident::new(&name.to_string().to_lowercase(), name.span());
        let ty = kind.definition_type();
        let ty = if optional {
            quote!(::core::option::Option<#ty>)
        } else {
            ty
        };
        fields.push(quote_spanned! {name.span()=>
            #[doc = #doc]
            pub #field: #ty
        });
        field_names.push(field.clone());
        let set_id = if kind == Kind::LocalizedResources {
            quote!(d.id = ::core::option::Option::Some(::core::convert::From::from(&#handle));)
        } else if kind == Kind::Claims {
            // A claim's data type is its declaration's: an own claim always
            // gets it; a restatement keeps none, or gets the base's.
            let data_type = if matches!(item, Item::Own(_)) {
                quote!(d.data_type = ::core::option::Option::Some(#handle.data_type());)
            } else {
                quote! {
                    if d.data_type.is_some() {
                        d.data_type = ::core::option::Option::Some(#handle.data_type());
                    }
                }
            };
            quote! {
                d.id = ::core::convert::From::from(&#handle);
                #data_type
            }
        } else {
            quote!(d.id = ::core::convert::From::from(&#handle);)
        };
        // The definition must start from the id its field declares (a
        // copy-paste slip otherwise writes one body under another id).
        let field_name = field.to_string();
        let start_id = if kind == Kind::LocalizedResources {
            quote!(d.id.as_ref().map_or("", |id| id.id()))
        } else {
            quote!(d.id.id())
        };
        let check_id = quote! {
            ::core::debug_assert!(
                ::ief::refs::same_id(#start_id, #handle.id()),
                "the definition in field `{}` of `Definitions` starts from the id `{}`, but the field defines `{}`",
                #field_name,
                #start_id,
                #handle.id()
            );
        };
        let set_id = quote!(#check_id #set_id);
        let list = format_ident!("__{}", kind.module());
        let push = if optional {
            quote! {
                if let ::core::option::Option::Some(mut d) = #field {
                    #set_id
                    #list.push(d);
                }
            }
        } else {
            quote! {{
                let mut d = #field;
                #set_id
                #list.push(d);
            }}
        };
        pushes.push((kind, provider, push));
    }
    let lists = Kind::ALL.iter().map(|k| {
        let list = format_ident!("__{}", k.module());
        let ty = k.definition_type();
        quote!(let mut #list: ::std::vec::Vec<#ty> = ::std::vec::Vec::new();)
    });
    let mut body = Vec::new();
    // Profiles, grouped into claims providers: a declared provider, or a
    // run of ungrouped profiles.
    let mut groups: Vec<(Option<usize>, Vec<&TokenStream>)> = Vec::new();
    for (kind, provider, push) in &pushes {
        if *kind == Kind::Profiles {
            match groups.last_mut() {
                Some((p, items)) if p == provider => items.push(push),
                _ => groups.push((*provider, vec![push])),
            }
        } else {
            body.push(push.clone());
        }
    }
    for (provider, items) in &groups {
        let (display_name, domain) = match provider {
            Some(i) => {
                let p = &decl.providers[*i];
                let dn = &p.display_name;
                let domain = match &p.domain {
                    Some(d) => {
                        quote!(::core::option::Option::Some(::std::string::String::from(#d)))
                    }
                    None => quote!(::core::option::Option::None),
                };
                (
                    quote!(::core::option::Option::Some(::std::string::String::from(#dn))),
                    domain,
                )
            }
            None => (
                quote!(::core::option::Option::None),
                quote!(::core::option::Option::None),
            ),
        };
        body.push(quote! {{
            let mut __profiles: ::std::vec::Vec<::ief::providers::TechnicalProfile<Policy>> = ::std::vec::Vec::new();
            #(#items)*
            if !__profiles.is_empty() {
                __claims_providers.push(::ief::providers::ClaimsProvider {
                    domains: ::std::vec::Vec::new(),
                    domain: #domain,
                    display_name: #display_name,
                    technical_profiles: __profiles,
                });
            }
        }});
    }
    let base_id = match &decl.base {
        Some(b) => {
            let rel = relative_base(b, 1, nested);
            quote!(::core::option::Option::Some(#rel::POLICY_ID))
        }
        None => quote!(::core::option::Option::None),
    };
    let doc = format!(
        "Every element policy `{policy_id}` declares, and every base element it restates, defined: one field per id. A declared id that is not defined here does not compile (``missing field``); [`Definitions::into_policy`] places each definition in the policy under its declared id."
    );
    quote! {
        #[doc = #doc]
        pub struct Definitions {
            #(#fields,)*
        }


        impl Definitions {
            /// The policy for tenant `tenant_id`: its header and base
            /// policy from the declaration, and every definition in its
            /// place (claims schema, transformations, content definitions,
            /// localization, claims providers as declared, journeys), in
            /// declaration order, each with the id it was declared with.
            /// Fields the declaration does not cover (the relying party,
            /// the localization's languages, header attributes) are set on
            /// the result.
            #[allow(unused_mut, clippy::vec_init_then_push)]
            pub fn into_policy(self, __tenant_id: &str) -> ::ief::policy::TrustFrameworkPolicy<Policy> {
                // One move out of `self` (moving field by field would make
                // the compiler track a partly moved value through every
                // step, which grows with the square of the number of ids).
                let Definitions { #(#field_names),* } = self;
                #(#lists)*
                let mut __claims_providers: ::std::vec::Vec<::ief::providers::ClaimsProvider<Policy>> = ::std::vec::Vec::new();
                #(#body)*
                ::ief::policy::TrustFrameworkPolicy::__assemble(
                    __tenant_id,
                    #base_id,
                    ::ief::policy::Assembled {
                        claims_schema: __claims,
                        claims_transformations: __transforms,
                        content_definitions: __content_definitions,
                        display_controls: __display_controls,
                        predicates: __predicates,
                        predicate_validations: __predicate_validations,
                        input_validations: __input_validations,
                        localized_resources: __localized_resources,
                        client_definitions: __client_definitions,
                        claims_providers: __claims_providers,
                        user_journeys: __journeys,
                        sub_journeys: __sub_journeys,
                    },
                )
            }
        }
    }
}

/// `Definitions::written()`, when the declaration defines its ids in
/// place (`NAME = "id" => …`): one `ief::define!` over them, placed where
/// `declare!` was called (so the definitions see what the caller sees)
/// and naming the policy module by its name there. Either every own and
/// restated id has a definition, or none.
pub fn defined_definitions(decl: &PolicyDecl) -> syn::Result<TokenStream> {
    if decl.defined.is_empty() {
        return Ok(TokenStream::new());
    }
    let has = |name: &Ident| decl.defined.iter().any(|(_, n, _)| n == name);
    let missing: Vec<String> = decl
        .entries
        .iter()
        .map(|(_, e)| &e.name)
        .chain(decl.restated.iter().map(|r| &r.name))
        .filter(|n| !has(n))
        .map(|n| format!("`{n}`"))
        .collect();
    if !missing.is_empty() {
        let (_, first, _) = &decl.defined[0];
        return Err(syn::Error::new(
            first.span(),
            format!(
                "policy `{}` defines some of its ids in place (`=> …`) but not {}: give every id its definition, or none (and build `Definitions` yourself)",
                decl.name,
                missing.join(", ")
            ),
        ));
    }
    let policy = &decl.name;
    let mut sections = TokenStream::new();
    for (kind, name, tokens) in &decl.defined {
        let section = format_ident!("{}", kind.module());
        let optional = decl.restated.iter().any(|r| &r.name == name && r.optional);
        let expression = matches!(
            tokens.clone().into_iter().next(),
            Some(proc_macro2::TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Brace
        );
        let short =
            matches!(*kind, Kind::Claims | Kind::Profiles | Kind::Transforms) && !expression;
        let entry = if optional && short && *kind == Kind::Profiles {
            quote!(#name = ::core::option::Option::Some(::ief::define! { #policy; profile #name #tokens });)
        } else if short {
            let tokens = strip_semi_after_block(tokens.clone());
            quote!(#name #tokens)
        } else {
            let tokens = strip_semi(tokens.clone());
            quote!(#name = #tokens;)
        };
        sections.extend(quote!(#section { #entry }));
    }
    let doc = format!(
        "Every definition of policy `{}`, as its declaration writes them (`ief::define!`'s forms after each `=>`).",
        decl.policy_id.value()
    );
    Ok(quote! {
        impl #policy::Definitions {
            #[doc = #doc]
            pub fn written() -> Self {
                ::ief::define! { #policy; #sections }
            }
        }
    })
}

/// `tokens` without a `;` that follows a last `{ … }` block (a short form
/// ends with its block; `=> "Email" { … };` is the same definition).
fn strip_semi_after_block(tokens: TokenStream) -> TokenStream {
    let all: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
    let n = all.len();
    let block_then_semi = n >= 2
        && matches!(&all[n - 1], proc_macro2::TokenTree::Punct(p) if p.as_char() == ';')
        && matches!(&all[n - 2], proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace);
    if block_then_semi {
        strip_semi(tokens)
    } else {
        tokens
    }
}

/// `tokens` without a last `;`.
fn strip_semi(tokens: TokenStream) -> TokenStream {
    let mut all: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    if matches!(all.last(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ';') {
        all.pop();
    }
    all.into_iter().collect()
}

/// The `DataType` variant of a data-type marker (`Str` -> `String`).
fn data_type_variant(marker: &str) -> Option<&'static str> {
    Some(match marker {
        "Bool" => "Boolean",
        "Date" => "Date",
        "DateTime" => "DateTime",
        "Duration" => "Duration",
        "Int" => "Int",
        "Long" => "Long",
        "Str" => "String",
        "StringCollection" => "StringCollection",
        "AlternativeSecurityIdCollection" => "AlternativeSecurityIdCollection",
        "UserIdentityCollection" => "UserIdentityCollection",
        "UserIdentity" => "UserIdentity",
        "PhoneNumber" => "PhoneNumber",
        "ObjectIdentityCollection" => "ObjectIdentityCollection",
        "ObjectIdentity" => "ObjectIdentity",
        _ => return None,
    })
}

/// The marker type's name: the `PolicyId` with every character that cannot
/// be in an identifier replaced by `_`, so that compiler messages name the
/// policy as B2C knows it (`B2C_1A_TrustFrameworkExtensions`).
fn marker_name(policy_id: &str, span: Span) -> Ident {
    let mut name: String = policy_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if name == "_" || name == "Policy" || name == "Self" || name == "POLICY" {
        name.push_str("_policy");
    }
    Ident::new(&name, span)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The Rust constant name for a B2C id: SCREAMING_SNAKE_CASE, split at
/// word boundaries (`AAD-UserReadUsingObjectId` becomes
/// `AAD_USER_READ_USING_OBJECT_ID`, `api.signuporsignin` becomes
/// `API_SIGNUPORSIGNIN`).
pub fn const_name(id: &str) -> Option<String> {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 && !out.ends_with('_') && !out.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        return None;
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    Some(out)
}

/// A span-less identifier, for names derived from XML.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::const_name;

    #[test]
    fn suggestions_find_near_names() {
        use super::{suggest, DATA_TYPE_MARKERS};
        assert_eq!(suggest("Strng", DATA_TYPE_MARKERS), Some("Str"));
        assert_eq!(suggest("bool", DATA_TYPE_MARKERS), Some("Bool"));
        assert_eq!(suggest("Xyzzy", DATA_TYPE_MARKERS), None);
    }

    #[test]
    fn const_names_split_words() {
        assert_eq!(
            const_name("AAD-UserReadUsingObjectId").as_deref(),
            Some("AAD_USER_READ_USING_OBJECT_ID")
        );
        assert_eq!(
            const_name("api.signuporsignin").as_deref(),
            Some("API_SIGNUPORSIGNIN")
        );
        assert_eq!(
            const_name("login-NonInteractive").as_deref(),
            Some("LOGIN_NON_INTERACTIVE")
        );
        assert_eq!(const_name("SM-AAD").as_deref(), Some("SM_AAD"));
        assert_eq!(const_name("objectId").as_deref(), Some("OBJECT_ID"));
        assert_eq!(
            const_name("Verified.strongAuthenticationPhoneNumber").as_deref(),
            Some("VERIFIED_STRONG_AUTHENTICATION_PHONE_NUMBER")
        );
        assert_eq!(
            const_name("extension_mfaByPhoneOrEmail").as_deref(),
            Some("EXTENSION_MFA_BY_PHONE_OR_EMAIL")
        );
        assert_eq!(const_name("2fa").as_deref(), Some("_2FA"));
        assert_eq!(const_name("--"), None);
    }
}
