//! Internal derive macros of `ief-dsl`.
//!
//! `#[derive(XmlElement)]` turns a model struct into an XML element writer.
//! Fields are written in declaration order, so a struct whose fields follow
//! the XSD sequence emits schema-ordered XML by construction. The same field
//! annotations also describe the element to the schema-coverage test.
//!
//! Field annotations (`#[xml(...)]`):
//! - `attr = "Name"`: an attribute; the type implements `XmlValue`
//!   (`Option<_>` is left out when `None`).
//!   With `or_else = "method"`, a `None` writes `self.method()` instead.
//! - `text`: the element's text content (`XmlValue`).
//! - `leaf = "Name"`: a child element with simple content (`XmlValue`);
//!   `T`, `Option<T>` or `Vec<T>`.
//! - `elem = "Name"`: a child element with complex content (`XmlElement`);
//!   `T`, `Option<T>` or `Vec<T>`, or `Box<T>`.
//! - `wrap = "Wrapper"` (with `leaf` or `elem` on a `Vec`): the items are
//!   written inside one wrapper element, which is left out when the list is
//!   empty, unless `wrap_required` is given.
//! - `repeatable`: the XSD lets the wrapper (or the optional element)
//!   repeat. The model keeps one; the importer merges repeated wrappers'
//!   items, and refuses a repeated optional element it cannot merge.
//! - `nonempty` (on a `Vec`): the XSD requires at least one item; emitting
//!   an empty list is an error instead of schema-invalid output.
//! - `flatten`: the field's type implements `XmlContent` and writes its own
//!   children (used for `xs:choice` groups).
//! - `raw`: verbatim XML content (`xs:any`).
//! - `trivia` (on the document element's `Trivia` field): not an XML field;
//!   the importer fills it, and `XmlRoot::trivia` hands it to the writer,
//!   which writes comments, blank lines, kept empty wrappers, `xsi:`
//!   attributes and placeholders at their anchors.
//! - `skip`: not an XML field (read as `Default`).
//!
//! A wrapper left out when empty is written anyway when the trivia marks it
//! as kept (`XmlWriter::keep_empty`).
//!
//! Container annotation: `#[xml(root = "Name", namespaces)]` marks the
//! document element, which also gets the B2C namespace declarations.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::{parse_macro_input, spanned::Spanned, Data, DeriveInput, Fields, LitStr, Type};

/// Derives `ief_dsl::xml::XmlElement` for a struct with named fields.
#[proc_macro_derive(XmlElement, attributes(xml))]
pub fn derive_xml_element(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[derive(Default)]
struct FieldSpec {
    attr: Option<LitStr>,
    or_else: Option<LitStr>,
    text: bool,
    leaf: Option<LitStr>,
    elem: Option<LitStr>,
    wrap: Option<LitStr>,
    wrap_required: bool,
    repeatable: bool,
    nonempty: bool,
    flatten: bool,
    raw: bool,
    skip: bool,
    trivia: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    One,
    Opt,
    Many,
}

fn shape_of(ty: &Type) -> (Shape, Type) {
    if let Type::Path(tp) = ty {
        if let Some(seg) = tp.path.segments.last() {
            let name = seg.ident.to_string();
            if name == "Option" || name == "Vec" || name == "Box" {
                if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                    if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                        let shape = match name.as_str() {
                            "Option" => Shape::Opt,
                            "Vec" => Shape::Many,
                            _ => Shape::One,
                        };
                        if name == "Box" {
                            return (Shape::One, inner.clone());
                        }
                        return (shape, inner.clone());
                    }
                }
            }
        }
    }
    (Shape::One, ty.clone())
}

fn parse_field(field: &syn::Field) -> syn::Result<FieldSpec> {
    let mut spec = FieldSpec::default();
    for attr in &field.attrs {
        if !attr.path().is_ident("xml") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("attr") {
                spec.attr = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("or_else") {
                spec.or_else = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("leaf") {
                spec.leaf = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("elem") {
                spec.elem = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("wrap") {
                spec.wrap = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("wrap_required") {
                spec.wrap_required = true;
            } else if meta.path.is_ident("repeatable") {
                spec.repeatable = true;
            } else if meta.path.is_ident("nonempty") {
                spec.nonempty = true;
            } else if meta.path.is_ident("text") {
                spec.text = true;
            } else if meta.path.is_ident("flatten") {
                spec.flatten = true;
            } else if meta.path.is_ident("raw") {
                spec.raw = true;
            } else if meta.path.is_ident("skip") {
                spec.skip = true;
            } else if meta.path.is_ident("trivia") {
                spec.trivia = true;
            } else {
                return Err(meta.error("unknown xml field annotation"));
            }
            Ok(())
        })?;
    }
    let kinds = [
        spec.attr.is_some(),
        spec.text,
        spec.leaf.is_some(),
        spec.elem.is_some(),
        spec.flatten,
        spec.raw,
        spec.skip,
        spec.trivia,
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if kinds != 1 {
        return Err(syn::Error::new(
            field.span(),
            "each field needs exactly one of #[xml(attr = ..)], text, leaf, elem, flatten, raw, skip or trivia",
        ));
    }
    Ok(spec)
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let mut root: Option<LitStr> = None;
    let mut namespaces = false;
    for attr in &input.attrs {
        if !attr.path().is_ident("xml") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("root") {
                root = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("namespaces") {
                namespaces = true;
            } else {
                return Err(meta.error("unknown xml container annotation"));
            }
            Ok(())
        })?;
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(n) => &n.named,
            _ => {
                return Err(syn::Error::new(
                    input.span(),
                    "XmlElement needs a struct with named fields",
                ))
            }
        },
        _ => {
            return Err(syn::Error::new(
                input.span(),
                "XmlElement needs a struct with named fields",
            ))
        }
    };

    let krate = quote!(::ief_dsl::xml);
    let mut attrs_w = Vec::new();
    let mut body_w = Vec::new();
    let mut describe = Vec::new();
    // The import side: one `let` per field, the struct literal, and what
    // the element may contain (attribute names, child-name groups in order).
    let imp = quote!(::ief_dsl::xml::read);
    let mut reads = Vec::new();
    let mut inits = Vec::new();
    let mut attr_names = Vec::new();
    let mut groups = Vec::new();
    let mut has_text = false;
    let mut trivia_field: Option<syn::Ident> = None;

    if namespaces {
        attrs_w.push(quote!(w.namespaces();));
    }

    for field in fields {
        let spec = parse_field(field)?;
        let ident = field
            .ident
            .as_ref()
            .ok_or_else(|| syn::Error::new(field.span(), "unnamed field"))?;
        if spec.trivia {
            trivia_field = Some(ident.clone());
        }
        if spec.skip || spec.trivia {
            inits.push(quote!(#ident: ::core::default::Default::default()));
            continue;
        }
        let (shape, inner) = shape_of(&field.ty);
        let ctx = format!("{}.{}", name, ident);
        let local = syn::Ident::new(&format!("__f_{}", ident), ident.span());
        inits.push(quote!(#ident: #local?));

        if let Some(a) = &spec.attr {
            attrs_w.push(match shape {
                Shape::Opt if spec.or_else.is_some() => {
                    let f = syn::Ident::new(
                        &spec.or_else.as_ref().map(|l| l.value()).unwrap_or_default(),
                        field.span(),
                    );
                    quote! {
                        match &self.#ident {
                            Some(v) => w.attr(#a, &#krate::XmlValue::xml_value(v))?,
                            None => w.attr(#a, &self.#f())?,
                        }
                    }
                }
                Shape::Opt => quote! {
                    if let Some(v) = &self.#ident { w.attr(#a, &#krate::XmlValue::xml_value(v))?; }
                },
                Shape::One => quote! { w.attr(#a, &#krate::XmlValue::xml_value(&self.#ident))?; },
                Shape::Many => {
                    return Err(syn::Error::new(
                        field.span(),
                        "an attribute cannot be a Vec",
                    ))
                }
            });
            describe.push(quote!(c.attr(name, #a);));
            attr_names.push(quote!(#a));
            reads.push(match shape {
                // An attribute the writer always writes (`or_else`) is
                // required in XML, as the XSD has it: reading it as
                // optional would let `fmt` invent it.
                Shape::Opt if spec.or_else.is_some() => {
                    quote!(let #local = cx.attr_required::<#inner>(node, #a).map(Some);)
                }
                Shape::Opt => quote!(let #local = cx.attr_opt::<#inner>(node, #a);),
                _ => quote!(let #local = cx.attr_required::<#inner>(node, #a);),
            });
            continue;
        }
        if spec.text {
            body_w.push(match shape {
                Shape::Opt => quote! {
                    if let Some(v) = &self.#ident { w.text(&#krate::XmlValue::xml_value(v))?; }
                },
                _ => quote! { w.text(&#krate::XmlValue::xml_value(&self.#ident))?; },
            });
            describe.push(quote!(c.text(name);));
            has_text = true;
            reads.push(match shape {
                Shape::Opt => quote!(let #local = cx.text::<#inner>(node).map(Some);),
                _ => quote!(let #local = cx.text::<#inner>(node);),
            });
            continue;
        }
        if spec.raw {
            body_w.push(quote! { w.raw(&self.#ident)?; });
            describe.push(quote!(c.text(name);));
            reads.push(quote!(let #local = cx.raw(node);));
            groups.push(quote!(#imp::ANY_CHILD));
            continue;
        }
        if spec.flatten {
            body_w.push(quote! { #krate::XmlContent::write_content(&self.#ident, w)?; });
            describe.push(quote! { <#inner as #krate::XmlContent>::describe_content(c, name); });
            groups.push(quote!(<#inner as #imp::FromXmlContent>::CHILDREN));
            reads.push(match shape {
                Shape::Opt => quote!(let #local = <#inner as #imp::FromXmlContent>::from_content_opt(node, cx);),
                _ => quote!(let #local = <#inner as #imp::FromXmlContent>::from_content(node, cx);),
            });
            continue;
        }
        let (child_name, is_leaf) = match (&spec.leaf, &spec.elem) {
            (Some(l), None) => (l.clone(), true),
            (None, Some(e)) => (e.clone(), false),
            _ => unreachable!("checked in parse_field"),
        };
        let write_one = if is_leaf {
            quote!(w.leaf(#child_name, &#krate::XmlValue::xml_value(v))?;)
        } else {
            quote!(#krate::XmlElement::write_element(v, #child_name, w)?;)
        };
        let kind = if is_leaf { "leaf" } else { "elem" };
        let method = |suffix: &str| syn::Ident::new(&format!("{kind}_{suffix}"), ident.span());
        let nonempty = spec.nonempty;
        let read = match (&spec.wrap, shape) {
            (Some(wrap), _) => {
                let required = spec.wrap_required;
                let repeatable = spec.repeatable;
                let m = method("wrapped");
                groups.push(quote!(&[#wrap]));
                quote!(let #local = cx.#m::<#inner>(node, #wrap, #child_name, #imp::Wrapper { required: #required, nonempty: #nonempty, repeatable: #repeatable });)
            }
            (None, Shape::Many) => {
                let m = method("many");
                groups.push(quote!(&[#child_name]));
                quote!(let #local = cx.#m::<#inner>(node, #child_name, #nonempty);)
            }
            (None, Shape::Opt) => {
                let m = method(if spec.repeatable {
                    "opt_unmerged"
                } else {
                    "opt"
                });
                groups.push(quote!(&[#child_name]));
                quote!(let #local = cx.#m::<#inner>(node, #child_name);)
            }
            (None, Shape::One) => {
                let m = method("one");
                groups.push(quote!(&[#child_name]));
                quote!(let #local = cx.#m::<#inner>(node, #child_name);)
            }
        };
        reads.push(read);
        let describe_child = if is_leaf {
            quote!(c.child(__parent, #child_name); c.text(#child_name);)
        } else {
            quote!(c.child(__parent, #child_name); <#inner as #krate::XmlElement>::describe(c, #child_name);)
        };
        let nonempty_check = if spec.nonempty {
            if shape != Shape::Many {
                return Err(syn::Error::new(field.span(), "`nonempty` needs a Vec"));
            }
            quote! {
                if self.#ident.is_empty() {
                    return Err(#krate::EmitError::EmptyList { element: #child_name, field: #ctx });
                }
            }
        } else {
            quote!()
        };
        let items = match shape {
            Shape::One => quote! { { let v = &self.#ident; #write_one } },
            Shape::Opt => quote! { if let Some(v) = &self.#ident { #write_one } },
            Shape::Many => quote! { for v in &self.#ident { #write_one } },
        };
        if let Some(wrap) = &spec.wrap {
            if shape != Shape::Many {
                return Err(syn::Error::new(field.span(), "`wrap` needs a Vec"));
            }
            let cond = if spec.wrap_required {
                quote!(true)
            } else {
                quote!(!self.#ident.is_empty() || w.keep_empty(#wrap))
            };
            body_w.push(quote! {
                #nonempty_check
                if #cond {
                    w.open(#wrap)?;
                    #items
                    w.close(#wrap)?;
                }
            });
            describe.push(quote! {
                c.child(name, #wrap);
                { let __parent = #wrap; #describe_child }
            });
        } else {
            body_w.push(quote! {
                #nonempty_check
                #items
            });
            describe.push(quote! {
                { let __parent = name; #describe_child }
            });
        }
    }

    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let erase_impl = erase_impl(input, fields);
    // What is read from XML is in no declared policy's scope: a model type
    // with a scope parameter is read only as `AnyPolicy` (so a string can
    // never become a handle of a declared policy through the importer).
    let scope_param = input.generics.type_params().next().map(|t| t.ident.clone());
    let (from_xml_header, scope_alias) = match &scope_param {
        Some(param) => (
            quote!(#imp::FromXml for #name<::ief_dsl::refs::AnyPolicy>),
            quote!(#[allow(dead_code)] type #param = ::ief_dsl::refs::AnyPolicy;),
        ),
        None => (
            quote!(#impl_g #imp::FromXml for #name #ty_g #where_g),
            quote!(),
        ),
    };
    let trivia_fn = trivia_field.map(|f| {
        quote! {
            fn trivia(&self) -> ::core::option::Option<&::ief_dsl::trivia::Trivia> {
                ::core::option::Option::Some(&self.#f)
            }
        }
    });
    let root_impl = root.map(|r| {
        quote! {
            impl #impl_g #krate::XmlRoot for #name #ty_g #where_g {
                const ROOT: &'static str = #r;
                #trivia_fn
            }
        }
    });
    Ok(quote! {
        impl #impl_g #krate::XmlElement for #name #ty_g #where_g {
            fn write_element(&self, name: &str, w: &mut #krate::XmlWriter) -> ::core::result::Result<(), #krate::EmitError> {
                w.open(name)?;
                #(#attrs_w)*
                #(#body_w)*
                w.close(name)
            }
            fn describe(c: &mut #krate::SchemaCollector, name: &'static str) {
                if !c.enter(name, ::core::any::type_name::<Self>()) {
                    return;
                }
                #(#describe)*
            }
        }
        #root_impl
        #erase_impl
        impl #from_xml_header {
            fn from_xml(node: #imp::Node<'_, '_>, cx: &mut #imp::ImportCx<'_>) -> ::core::result::Result<Self, #imp::Failed> {
                #scope_alias
                let __attrs: &[&'static str] = &[#(#attr_names),*];
                let __groups: &[&[&str]] = &[#(#groups),*];
                let __shape = cx.check_element(node, __attrs, __groups, #has_text);
                #(#reads)*
                __shape?;
                ::core::result::Result::Ok(#name { #(#inits),* })
            }
        }
    })
}

/// Whether the tokens of `ty` mention the identifier `param`.
fn mentions(ty: &Type, param: &syn::Ident) -> bool {
    fn walk(ts: TokenStream2, param: &syn::Ident) -> bool {
        ts.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => &i == param,
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), param),
            _ => false,
        })
    }
    walk(quote!(#ty), param)
}

/// `impl Erase`: a struct without a type parameter is its own erased form;
/// a struct with one (the policy scope) moves every field over, erasing
/// those whose type mentions the parameter.
fn erase_impl(
    input: &DeriveInput,
    fields: &syn::punctuated::Punctuated<syn::Field, syn::Token![,]>,
) -> TokenStream2 {
    let name = &input.ident;
    let refs = quote!(::ief_dsl::refs);
    let params: Vec<&syn::Ident> = input.generics.type_params().map(|t| &t.ident).collect();
    match params.as_slice() {
        [] => quote! {
            impl #refs::Erase for #name {
                type Erased = #name;
                fn erase(self) -> Self { self }
            }
            impl #refs::Origins for #name {
                fn origins(&self, _: &mut ::std::vec::Vec<(::std::string::String, &'static ::std::panic::Location<'static>)>) {}
            }
        },
        [param] => {
            let inits = fields.iter().filter_map(|f| {
                let ident = f.ident.as_ref()?;
                Some(if mentions(&f.ty, param) {
                    quote!(#ident: #refs::Erase::erase(self.#ident))
                } else {
                    quote!(#ident: self.#ident)
                })
            });
            let visits = fields.iter().filter_map(|f| {
                let ident = f.ident.as_ref()?;
                mentions(&f.ty, param).then(|| quote!(#refs::Origins::origins(&self.#ident, out);))
            });
            quote! {
                impl<#param> #refs::Erase for #name<#param> {
                    type Erased = #name<#refs::AnyPolicy>;
                    fn erase(self) -> #name<#refs::AnyPolicy> {
                        #name { #(#inits),* }
                    }
                }
                impl<#param> #refs::Origins for #name<#param> {
                    fn origins(&self, out: &mut ::std::vec::Vec<(::std::string::String, &'static ::std::panic::Location<'static>)>) {
                        #(#visits)*
                    }
                }
            }
        }
        _ => syn::Error::new(
            input.ident.span(),
            "XmlElement supports at most one type parameter (the policy scope)",
        )
        .to_compile_error(),
    }
}
