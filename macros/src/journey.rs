//! `journey!`: a user journey or sub-journey whose steps are checked at
//! compile time, with every reference resolved in a policy's scope.

use ief_dsl::check::journey::{check, JourneyShape, Location, SelectionShape, StepShape};
use ief_dsl::journeys::{StepType, SubJourneyType};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{braced, parenthesized, Ident, LitInt, LitStr, Path, Token};

enum JourneyKind {
    /// A complete journey a relying party can start.
    Journey,
    /// A partial restatement of a base journey (only some steps).
    Partial,
    /// A sub-journey of the given type.
    Sub(SubJourneyType, Ident),
}

/// An exchange id: an identifier or, for ids that are not valid Rust
/// identifiers, a string literal.
#[derive(Clone)]
struct ExId {
    value: String,
    span: Span,
}

impl Parse for ExId {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let l: LitStr = input.parse()?;
            Ok(ExId {
                value: l.value(),
                span: l.span(),
            })
        } else {
            let i: Ident = input.parse()?;
            Ok(ExId {
                value: i.to_string(),
                span: i.span(),
            })
        }
    }
}

enum Selection {
    Target(ExId),
    Validation(ExId),
}

enum Cond {
    IfExists(Ident),
    UnlessExists(Ident),
    IfEquals(Ident, LitStr),
    UnlessEquals(Ident, LitStr),
}

struct Step {
    order: Option<LitInt>,
    step_type: StepType,
    type_ident: Ident,
    content: Option<Ident>,
    issuer: Option<Ident>,
    selections: Vec<Selection>,
    show_single_provider: bool,
    exchanges: Vec<(ExId, Ident)>,
    preconditions: Vec<Cond>,
    invoke: Vec<Ident>,
}

pub struct Journey {
    scope: Path,
    kind: JourneyKind,
    name: Ident,
    default_issuer: Option<Ident>,
    client_definition: Option<Ident>,
    preserve_original_assertion: Option<syn::LitBool>,
    steps: Vec<Step>,
}

fn expect_kw(input: ParseStream, kw: &str) -> syn::Result<Ident> {
    let i: Ident = input.parse()?;
    if i != kw {
        return Err(syn::Error::new(i.span(), format!("expected `{kw}`")));
    }
    Ok(i)
}

impl Parse for Step {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let order = if input.peek(LitInt) {
            let o: LitInt = input.parse()?;
            input.parse::<Token![:]>()?;
            Some(o)
        } else {
            None
        };
        let type_ident: Ident = input.parse()?;
        let step_type = StepType::from_xml(&type_ident.to_string()).ok_or_else(|| {
            syn::Error::new(
                type_ident.span(),
                format!(
                    "`{type_ident}` is not an orchestration step type; expected one of: {}",
                    StepType::ALL
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let mut step = Step {
            order,
            step_type,
            type_ident,
            content: None,
            issuer: None,
            selections: Vec::new(),
            show_single_provider: false,
            exchanges: Vec::new(),
            preconditions: Vec::new(),
            invoke: Vec::new(),
        };
        if input.peek(syn::token::Paren) {
            let args;
            parenthesized!(args in input);
            while !args.is_empty() {
                let key: Ident = args.parse()?;
                args.parse::<Token![=]>()?;
                let value: Ident = args.parse()?;
                match key.to_string().as_str() {
                    "content" => step.content = Some(value),
                    "issuer" => step.issuer = Some(value),
                    _ => {
                        return Err(syn::Error::new(
                            key.span(),
                            "expected `content = CONTENT_DEFINITION` or `issuer = TOKEN_ISSUER_PROFILE`",
                        ))
                    }
                }
                if !args.is_empty() {
                    args.parse::<Token![,]>()?;
                }
            }
        }
        if input.peek(syn::token::Brace) {
            let body;
            braced!(body in input);
            while !body.is_empty() {
                let item: Ident = body.parse()?;
                match item.to_string().as_str() {
                    "select" => {
                        let which: Ident = body.parse()?;
                        let id: ExId = body.parse()?;
                        match which.to_string().as_str() {
                            "target" => step.selections.push(Selection::Target(id)),
                            "validation" => step.selections.push(Selection::Validation(id)),
                            _ => {
                                return Err(syn::Error::new(
                                    which.span(),
                                    "expected `select target EXCHANGE_ID;` or `select validation EXCHANGE_ID;`",
                                ))
                            }
                        }
                    }
                    "show_single_provider" => step.show_single_provider = true,
                    "exchange" => {
                        let id: ExId = body.parse()?;
                        body.parse::<Token![=]>()?;
                        let profile: Ident = body.parse()?;
                        step.exchanges.push((id, profile));
                    }
                    "skip_if_exists" => step.preconditions.push(Cond::IfExists(body.parse()?)),
                    "skip_unless_exists" => {
                        step.preconditions.push(Cond::UnlessExists(body.parse()?))
                    }
                    "skip_if_equals" | "skip_unless_equals" => {
                        let claim: Ident = body.parse()?;
                        body.parse::<Token![=]>()?;
                        let value: LitStr = body.parse()?;
                        step.preconditions.push(if item == "skip_if_equals" {
                            Cond::IfEquals(claim, value)
                        } else {
                            Cond::UnlessEquals(claim, value)
                        });
                    }
                    "invoke" => step.invoke.push(body.parse()?),
                    _ => {
                        return Err(syn::Error::new(
                            item.span(),
                            "expected one of: `select target|validation ID;`, `exchange ID = PROFILE;`, \
                             `skip_if_exists CLAIM;`, `skip_unless_exists CLAIM;`, `skip_if_equals CLAIM = \"value\";`, \
                             `skip_unless_equals CLAIM = \"value\";`, `invoke SUB_JOURNEY;`, `show_single_provider;`",
                        ))
                    }
                }
                body.parse::<Token![;]>()?;
            }
        } else if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
        }
        Ok(step)
    }
}

impl Parse for Journey {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        expect_kw(input, "scope")?;
        input.parse::<Token![=]>()?;
        let scope = input.call(Path::parse_mod_style)?;
        input.parse::<Token![;]>()?;
        let kw: Ident = input.parse()?;
        let kind_word = kw.to_string();
        let mut kind = match kind_word.as_str() {
            "journey" => JourneyKind::Journey,
            "partial" => {
                expect_kw(input, "journey")?;
                JourneyKind::Partial
            }
            "sub_journey" => JourneyKind::Sub(SubJourneyType::Call, kw.clone()),
            _ => {
                return Err(syn::Error::new(
                    kw.span(),
                    "expected `journey NAME`, `partial journey NAME` or `sub_journey NAME (Call|Transfer)`",
                ))
            }
        };
        let name: Ident = input.parse()?;
        let mut default_issuer = None;
        let mut client_definition = None;
        let mut preserve_original_assertion = None;
        if input.peek(syn::token::Paren) {
            let args;
            parenthesized!(args in input);
            if let JourneyKind::Sub(t, at) = &mut kind {
                let ty: Ident = args.parse()?;
                *t = SubJourneyType::from_xml(&ty.to_string()).ok_or_else(|| {
                    syn::Error::new(ty.span(), "a sub-journey type is `Call` or `Transfer`")
                })?;
                *at = ty;
            } else {
                while !args.is_empty() {
                    let key: Ident = args.parse()?;
                    args.parse::<Token![=]>()?;
                    match key.to_string().as_str() {
                        "default_issuer" => default_issuer = Some(args.parse()?),
                        "client_definition" => client_definition = Some(args.parse()?),
                        "preserve_original_assertion" => {
                            preserve_original_assertion = Some(args.parse()?)
                        }
                        _ => {
                            return Err(syn::Error::new(
                                key.span(),
                                "expected `default_issuer = PROFILE`, `client_definition = CLIENT_DEFINITION` or `preserve_original_assertion = true|false`",
                            ))
                        }
                    }
                    if !args.is_empty() {
                        args.parse::<Token![,]>()?;
                    }
                }
            }
        } else if let JourneyKind::Sub(_, at) = &kind {
            return Err(syn::Error::new(
                at.span(),
                "a sub-journey needs its type: `sub_journey NAME (Call)` or `(Transfer)`",
            ));
        }
        let body;
        braced!(body in input);
        let mut steps = Vec::new();
        while !body.is_empty() {
            steps.push(body.parse()?);
            if body.peek(Token![,]) {
                body.parse::<Token![,]>()?;
            }
        }
        Ok(Journey {
            scope,
            kind,
            name,
            default_issuer,
            client_definition,
            preserve_original_assertion,
            steps,
        })
    }
}

/// `scope::module::ITEM`, every token carrying the span of the user's
/// `ITEM`, so that an unresolved name is reported on that token alone.
fn scoped(scope: &Path, module: &str, item: &Ident) -> TokenStream {
    let span = item.span();
    let module = Ident::new(module, span);
    let segments = scope.segments.iter().map(|s| {
        let mut ident = s.ident.clone();
        ident.set_span(span);
        ident
    });
    let lead = scope.leading_colon.map(|_| quote_spanned!(span=> ::));
    quote_spanned!(span=> #lead #(#segments::)* #module::#item)
}

/// `From::from(&scope::module::ITEM)`: the handle, converted into a
/// reference of the policy the journey is built for. The conversion holds
/// only when that policy sees the handle's policy, and a failure is
/// reported on the user's `ITEM`.
fn used(scope: &Path, module: &str, item: &Ident) -> TokenStream {
    let span = item.span();
    let p = scoped(scope, module, item);
    quote_spanned!(span=> ::core::convert::From::from(&#p))
}

pub fn expand_journey(j: Journey) -> syn::Result<TokenStream> {
    // Step orders: all written or none.
    let numbered = j.steps.iter().filter(|s| s.order.is_some()).count();
    if numbered != 0 && numbered != j.steps.len() {
        let missing = j
            .steps
            .iter()
            .find(|s| s.order.is_none())
            .map(|s| s.type_ident.span());
        return Err(syn::Error::new(
            missing.unwrap_or_else(Span::call_site),
            "number every step (`3: SendClaims ...`) or none (then they are numbered 1..N)",
        ));
    }
    if matches!(j.kind, JourneyKind::Partial) && numbered == 0 && !j.steps.is_empty() {
        return Err(syn::Error::new(
            j.name.span(),
            "a partial journey restates steps of its base journey: give each step its order",
        ));
    }
    let mut orders = Vec::new();
    for (i, s) in j.steps.iter().enumerate() {
        orders.push(match &s.order {
            Some(o) => o.base10_parse::<i32>()?,
            None => i as i32 + 1,
        });
    }

    let shape = JourneyShape {
        steps: j
            .steps
            .iter()
            .zip(&orders)
            .map(|(s, order)| StepShape {
                order: *order,
                step_type: s.step_type,
                exchanges: s.exchanges.iter().map(|(id, _)| id.value.clone()).collect(),
                selections: s
                    .selections
                    .iter()
                    .map(|sel| match sel {
                        Selection::Target(t) => SelectionShape {
                            target: Some(t.value.clone()),
                            validation: None,
                        },
                        Selection::Validation(v) => SelectionShape {
                            target: None,
                            validation: Some(v.value.clone()),
                        },
                    })
                    .collect(),
            })
            .collect(),
        must_send_claims: matches!(j.kind, JourneyKind::Journey),
        complete: !matches!(j.kind, JourneyKind::Partial),
    };
    let findings = check(&shape);
    if !findings.is_empty() {
        let mut errors = TokenStream::new();
        for f in findings {
            let span = match f.at {
                Location::Journey => j.name.span(),
                Location::Step(s) => j.steps[s]
                    .order
                    .as_ref()
                    .map(|o| o.span())
                    .unwrap_or_else(|| j.steps[s].type_ident.span()),
                Location::Exchange(s, e) => j.steps[s].exchanges[e].0.span,
                Location::Selection(s, i) => match &j.steps[s].selections[i] {
                    Selection::Target(x) | Selection::Validation(x) => x.span,
                },
            };
            let mut msg = format!("[{}] in journey `{}`: {}", f.code, j.name, f.message);
            if let Some(help) = f.help {
                msg.push_str("\n= help: ");
                msg.push_str(&help);
            }
            errors.extend(syn::Error::new(span, msg).to_compile_error());
        }
        // Statements in a block, so that several errors stay separate and
        // the macro is still an expression.
        return Ok(quote!({ #errors ::core::unreachable!() }));
    }

    let scope = &j.scope;
    let steps = j.steps.iter().zip(&orders).map(|(s, order)| {
        let variant = Ident::new(s.step_type.as_str(), s.type_ident.span());
        let content = match &s.content {
            Some(c) => {
                let p = used(scope, "content_definitions", c);
                quote!(::core::option::Option::Some(#p))
            }
            None => quote!(::core::option::Option::None),
        };
        let issuer = match &s.issuer {
            Some(c) => {
                let p = used(scope, "profiles", c);
                quote!(::core::option::Option::Some(#p))
            }
            None => quote!(::core::option::Option::None),
        };
        let preconditions = s.preconditions.iter().map(|c| match c {
            Cond::IfExists(claim) => {
                let p = scoped(scope, "claims", claim);
                quote!(::ief::journeys::Precondition::skip_if_exists(#p))
            }
            Cond::UnlessExists(claim) => {
                let p = scoped(scope, "claims", claim);
                quote!(::ief::journeys::Precondition::skip_unless_exists(#p))
            }
            Cond::IfEquals(claim, v) => {
                let p = scoped(scope, "claims", claim);
                quote!(::ief::journeys::Precondition::skip_if_equals(#p, #v))
            }
            Cond::UnlessEquals(claim, v) => {
                let p = scoped(scope, "claims", claim);
                quote!(::ief::journeys::Precondition::skip_unless_equals(#p, #v))
            }
        });
        let selections = if s.selections.is_empty() {
            quote!(::core::option::Option::None)
        } else {
            let items = s.selections.iter().map(|sel| match sel {
                Selection::Target(t) => {
                    let v = &t.value;
                    quote!(::ief::journeys::ClaimsProviderSelection::target(::ief::refs::ExchangeRef::new(#v)))
                }
                Selection::Validation(t) => {
                    let v = &t.value;
                    quote!(::ief::journeys::ClaimsProviderSelection::validation(::ief::refs::ExchangeRef::new(#v)))
                }
            });
            let display = if s.show_single_provider {
                quote!(::core::option::Option::Some(::ief::journeys::SelectionDisplayOption::ShowSingleProvider))
            } else {
                quote!(::core::option::Option::None)
            };
            quote!(::core::option::Option::Some(::ief::journeys::ClaimsProviderSelections {
                display_option: #display,
                selections: ::std::vec![#(#items),*],
            }))
        };
        let exchanges = if s.exchanges.is_empty() {
            quote!(::core::option::Option::None)
        } else {
            let items = s.exchanges.iter().map(|(id, profile)| {
                let v = &id.value;
                let p = scoped(scope, "profiles", profile);
                let span = profile.span();
                quote_spanned!(span=> ::ief::journeys::ClaimsExchange::new(::ief::refs::ExchangeRef::new(#v), &#p))
            });
            quote!(::core::option::Option::Some(::ief::journeys::ClaimsExchanges::from(::std::vec![#(#items),*])))
        };
        let candidates = s.invoke.iter().map(|sub| {
            let p = used(scope, "sub_journeys", sub);
            quote!(::ief::journeys::Candidate { sub_journey: #p })
        });
        quote! {
            ::ief::journeys::OrchestrationStep {
                order: #order,
                step_type: ::ief::journeys::StepType::#variant,
                content_definition: #content,
                cpim_issuer: #issuer,
                preconditions: ::std::vec![#(#preconditions),*],
                selections: #selections,
                exchanges: #exchanges,
                journey_list: ::std::vec![#(#candidates),*],
            }
        }
    });

    Ok(match &j.kind {
        JourneyKind::Sub(t, _) => {
            let id = scoped(scope, "sub_journeys", &j.name);
            let t = Ident::new(t.as_str(), Span::call_site());
            quote! {
                ::ief::journeys::SubJourney {
                    id: #id,
                    journey_type: ::ief::journeys::SubJourneyType::#t,
                    steps: ::std::vec![#(#steps),*],
                }
            }
        }
        _ => {
            // A journey is defined in the policy that declares it; a partial
            // journey restates a base journey in the policy it is placed in.
            let id = match &j.kind {
                JourneyKind::Partial => used(scope, "journeys", &j.name),
                _ => scoped(scope, "journeys", &j.name),
            };
            let issuer = match &j.default_issuer {
                Some(i) => {
                    let p = used(scope, "profiles", i);
                    quote!(::core::option::Option::Some(#p))
                }
                None => quote!(::core::option::Option::None),
            };
            let client = match &j.client_definition {
                Some(c) => {
                    let p = used(scope, "client_definitions", c);
                    quote!(::core::option::Option::Some(::ief::journeys::ClientDefinitionReference {
                        reference: ::core::option::Option::Some(#p),
                    }))
                }
                None => quote!(::core::option::Option::None),
            };
            let preserve = match &j.preserve_original_assertion {
                Some(b) => quote!(::core::option::Option::Some(#b)),
                None => quote!(::core::option::Option::None),
            };
            quote! {
                ::ief::journeys::UserJourney {
                    id: #id,
                    non_interactive: ::core::option::Option::None,
                    default_cpim_issuer: #issuer,
                    assurance_level: ::core::option::Option::None,
                    preserve_original_assertion: #preserve,
                    authorization: ::core::option::Option::None,
                    steps: ::std::vec![#(#steps),*],
                    client_definition: #client,
                    cryptographic_keys: ::std::vec::Vec::new(),
                }
            }
        }
    })
}
