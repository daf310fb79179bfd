//! W005: every claim resolver is one B2C knows. W006: every claim resolver
//! in a claim's `DefaultValue` is where B2C resolves it.

use super::placeholders::{strings_of, At};
use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::graph::ProfileKind;
use crate::import::did_you_mean;
use crate::providers::TechnicalProfile;
use crate::resolvers::{
    lookup, prefixes, tokens, ALL, CLAIM_PREFIX, OAUTH_KV_PREFIX, SAML_KV_PREFIX,
};

/// A claims-transformation profile that sets `correlationId` to
/// `$resolver`: W005's examples.
macro_rules! w005_example {
    ($resolver:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkExtensions",
            concat!(
                r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="correlationId">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Audit</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="Audit-Correlation">
          <DisplayName>Correlation id</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="IncludeClaimResolvingInClaimsHandling">true</Item>
          </Metadata>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="correlationId" DefaultValue=""#, $resolver, r#"" AlwaysUseDefaultValue="true" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
            )
        )
    };
}

/// W005.
pub(super) static W005: RuleInfo = RuleInfo {
    code: "W005",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "every claim resolver (`{Context:CorrelationId}`, `{Claim:X}`) is one B2C knows",
    explanation: "B2C fills in claim resolvers, `{Prefix:Name}` values such as \
        `{Context:CorrelationId}`, `{Policy:TenantObjectId}` or `{OIDC:LoginHint}`, when a \
        policy runs. One it does not know is not an upload error: the text stays as it is, \
        and the claim, the metadata value or the page URL carries `{Context:CorelationId}` \
        instead of a correlation id. ief reads the resolvers of every metadata value, \
        default value, partner claim type, transformation parameter and content-definition \
        `LoadUri`, and reports one whose prefix is a misspelt resolver prefix, one whose name \
        its prefix does not have (prefix and name are compared ignoring case, as B2C does), \
        and a `{Claim:X}` whose claim type `X` the file's chain does not define; each with the \
        nearest known resolver. `{OAUTH-KV:…}` and `{SAML-KV:…}` take any request parameter, and \
        deployment placeholders (`{Settings:…}`, W002) and other tools' tokens \
        (`{service:te}`, `{property:…}`) are not resolvers. In Rust, the constants of \
        `ief::resolvers` cannot be misspelt.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: w005_example!("{Context:CorelationId}"),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: w005_example!("{Context:CorrelationId}"),
    }],
    source: "FACTS.md §7 (claim resolvers, their prefixes and names; prefix and name work in \
        any case); Microsoft Learn, \"About claim resolvers in Azure AD B2C custom policies\"; \
        `{SAML-KV:…}` from azure-ad-b2c/samples (IdP-initiated SAML with a custom claim)",
};

/// A self-asserted profile with the resolver of W006's examples.
macro_rules! w006_example {
    ($metadata:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkExtensions",
            concat!(
                r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="signInName">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
    <ContentDefinitions>
      <ContentDefinition Id="api.selfasserted">
        <LoadUri>~/tenant/templates/AzureBlue/selfAsserted.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.7</DataUri>
      </ContentDefinition>
    </ContentDefinitions>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Local account</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="SelfAsserted-SignIn">
          <DisplayName>Sign in</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="ContentDefinitionReferenceId">api.selfasserted</Item>
"#,
                $metadata,
                r#"          </Metadata>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="signInName" DefaultValue="{OIDC:LoginHint}" AlwaysUseDefaultValue="true" />
          </InputClaims>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="signInName" Required="true" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
            )
        )
    };
}

/// W006.
pub(super) static W006: RuleInfo = RuleInfo {
    code: "W006",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "a claim resolver in a `DefaultValue` is where B2C resolves it",
    explanation: "A claim resolver in a claim's `DefaultValue` is resolved only where B2C \
        documents it, and only when the profile asks for it: otherwise the claim gets the \
        text `{OIDC:LoginHint}` itself, or nothing. B2C resolves one in the input and output \
        claims of Azure AD, OAuth2, OpenID Connect, claims-transformation and self-asserted \
        profiles, in the output claims of SAML identity providers and in the input claims of \
        REST profiles, each with the metadata item `IncludeClaimResolvingInClaimsHandling` set \
        to `true` (on the profile or on one it includes); in the claims of Application \
        Insights profiles (Microsoft's journey-recorder sample sends `{Policy:PolicyId}` \
        without the item); in the input claims of OpenID Connect and OAuth2 profiles for the \
        password flow's `{OIDC:Username}` and `{OIDC:Password}` without the item (Microsoft's \
        resource owner password credentials sample); and in the output claims of a relying party's technical profile with \
        `AlwaysUseDefaultValue=\"true\"`. ief reports a resolver in any other claim (a token \
        issuer's, a session manager's, a REST profile's output claim, …), a profile of those \
        kinds without the metadata item, and a relying party's output claim without \
        `AlwaysUseDefaultValue`. In Rust, `ProfileClaim::always` sets `AlwaysUseDefaultValue` \
        with the value.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: w006_example!(""),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: w006_example!(
            "            <Item Key=\"IncludeClaimResolvingInClaimsHandling\">true</Item>\n"
        ),
    }],
    source: "FACTS.md §7 (where resolvers are allowed: which technical profiles, input or \
        output claims, `IncludeClaimResolvingInClaimsHandling` and `AlwaysUseDefaultValue`); \
        the starter pack's `SelfAsserted-LocalAccountSignin-Email` and relying parties",
};

pub(super) static MODULE: Module = Module {
    rules: &[&W005, &W006],
    run,
};

/// Tokens of other tools that look like resolvers and are not.
const NOT_RESOLVERS: [&str; 3] = ["Settings", "service", "property"];

fn run(cx: &Context<'_>) {
    unknown(cx);
    placement(cx);
}

/// W005 over the files of the scope.
fn unknown(cx: &Context<'_>) {
    for i in cx.scope() {
        let mut texts: Vec<(At<'_>, &str)> = strings_of(cx, i)
            .into_iter()
            .map(|(path, value, _)| (path, value))
            .collect();
        // `{oauth2:…}` lives in partner claim types.
        for (base, tp) in cx.profiles_of(i) {
            for (n, c) in tp.output_claims.iter().enumerate() {
                if let Some(p) = &c.partner_claim_type {
                    texts.push((
                        At::new(
                            base,
                            &["/OutputClaims/OutputClaim[", "]@PartnerClaimType"],
                            [n, 0],
                        ),
                        p,
                    ));
                }
            }
        }
        for (at, value) in texts {
            for t in tokens(value) {
                let Some(message) = problem(cx, i, t.prefix, t.name) else {
                    continue;
                };
                let written = &value[t.range.0..t.range.1];
                let (message, help) = message;
                cx.report(
                    &W005,
                    i,
                    &at.path(),
                    format!("`{written}` {message}"),
                    Some(help),
                    Some(written),
                );
            }
        }
    }
}

/// What is wrong with the token `{prefix:name}` of file `i`, and the help:
/// `None` for a resolver B2C knows and for what is not meant as one.
fn problem(cx: &Context<'_>, i: usize, prefix: &str, name: &str) -> Option<(String, String)> {
    if NOT_RESOLVERS.iter().any(|p| p.eq_ignore_ascii_case(prefix)) {
        return None;
    }
    let Some(known) = prefixes().find(|p| p.eq_ignore_ascii_case(prefix)) else {
        // Another tool's token unless it is close to a resolver prefix.
        let near = did_you_mean(prefix, prefixes())?;
        return Some((
            format!("is not a claim resolver: B2C has no prefix `{prefix}`"),
            format!("did you mean `{{{near}:{name}}}`?"),
        ));
    };
    if known == OAUTH_KV_PREFIX || known == SAML_KV_PREFIX {
        return None;
    }
    if known == CLAIM_PREFIX {
        // Only a whole chain says what it defines.
        if !cx.complete[i] || cx.merged_of(i).claim_type(name.trim()).is_some() {
            return None;
        }
        let ids: Vec<&str> = cx
            .merged_of(i)
            .policy
            .building_blocks
            .claims_schema
            .iter()
            .map(|c| c.id.id())
            .collect();
        let help = match did_you_mean(name, ids.iter().copied()) {
            Some(near) => format!("did you mean `{{Claim:{near}}}`?"),
            None => "define the claim type in the chain, or name one it defines".to_owned(),
        };
        return Some((
            format!("names claim type `{name}`, which this file's chain does not define"),
            help,
        ));
    }
    if lookup(known, name).is_some() {
        return None;
    }
    let names = ALL
        .iter()
        .flat_map(|list| list.iter())
        .filter(|r| r.prefix() == known)
        .map(|r| r.name());
    let help = match did_you_mean(name, names.clone()) {
        Some(near) => format!("did you mean `{{{known}:{near}}}`?"),
        None => format!(
            "the `{known}` resolvers are {}",
            names
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some((
        format!("is not a claim resolver: B2C has no `{known}:{name}`"),
        help,
    ))
}

/// The first claim resolver B2C knows in `value` (any known prefix, in
/// any case; `{Settings:…}` and other tools' tokens are not resolvers).
fn resolver_in(value: &str) -> Option<&str> {
    tokens(value)
        .find(|t| prefixes().any(|p| p.eq_ignore_ascii_case(t.prefix)))
        .map(|t| &value[t.range.0..t.range.1])
}

/// Whether `tp`'s metadata sets `IncludeClaimResolvingInClaimsHandling`
/// to `true` (key and value ignoring case).
fn includes_claim_resolving(tp: &TechnicalProfile) -> bool {
    tp.metadata.iter().any(|m| {
        m.key
            .trim()
            .eq_ignore_ascii_case("IncludeClaimResolvingInClaimsHandling")
            && m.value.trim().eq_ignore_ascii_case("true")
    })
}

/// Where B2C resolves a resolver in a claim of a profile of `kind`: in
/// input claims, in output claims, and whether the profile must ask for it
/// with `IncludeClaimResolvingInClaimsHandling`. The facts are
/// [`crate::kinds::resolves_in`]'s, which `ief::define!` reads too; this
/// names the kind of the table the profile's XML is. Application Insights
/// resolves without the item (Microsoft's documented journey recorder
/// sends `{Policy:PolicyId}` and `{Context:CorrelationId}` without it).
fn resolves_in(kind: &ProfileKind) -> (bool, bool, bool) {
    kind_name(kind).map_or((false, false, false), crate::kinds::resolves_in)
}

/// Whether a profile of `kind` resolves `r` in its `side` claims without
/// `IncludeClaimResolvingInClaimsHandling` ([`crate::kinds::resolves_unasked`]).
fn resolved_unasked(kind: &ProfileKind, side: &str, r: &str) -> bool {
    side == "input" && kind_name(kind).is_some_and(|k| crate::kinds::resolves_unasked(k, r))
}

/// The name in [`crate::kinds::table`] of the kinds W006 knows.
fn kind_name(kind: &ProfileKind) -> Option<&'static str> {
    Some(match kind {
        ProfileKind::AzureActiveDirectory => "aad",
        ProfileKind::OAuth2 => "oauth2",
        ProfileKind::OpenIdConnect => "oidc",
        ProfileKind::ClaimsTransformation => "claims_transformation",
        ProfileKind::SelfAsserted => "self_asserted",
        ProfileKind::ApplicationInsights => "app_insights",
        ProfileKind::Saml => "saml",
        ProfileKind::Rest => "rest",
        _ => return None,
    })
}

/// W006 over the files of the scope whose chain is whole.
fn placement(cx: &Context<'_>) {
    for i in cx.scope() {
        if !cx.complete[i] {
            continue;
        }
        for (base, tp) in cx.profiles_of(i) {
            let relying_party = base.starts_with("TrustFrameworkPolicy/RelyingParty");
            let claims = [
                ("InputClaims/InputClaim", "input", &tp.input_claims),
                ("OutputClaims/OutputClaim", "output", &tp.output_claims),
            ];
            if relying_party {
                for (n, c) in tp.output_claims.iter().enumerate() {
                    let Some(r) = c.default_value.as_deref().and_then(resolver_in) else {
                        continue;
                    };
                    if c.always_use_default_value == Some(true) {
                        continue;
                    }
                    cx.report(
                        &W006,
                        i,
                        &format!("{base}/OutputClaims/OutputClaim[{n}]@DefaultValue"),
                        format!(
                            "the relying party's output claim `{}` takes `{r}` only with `AlwaysUseDefaultValue=\"true\"`",
                            c.claim.id()
                        ),
                        Some("add `AlwaysUseDefaultValue=\"true\"` to the output claim".into()),
                        Some(r),
                    );
                }
                continue;
            }
            let has_resolver = |claims: &[crate::providers::ProfileClaim]| {
                claims
                    .iter()
                    .any(|c| c.default_value.as_deref().and_then(resolver_in).is_some())
            };
            if !has_resolver(&tp.input_claims) && !has_resolver(&tp.output_claims) {
                continue;
            }
            // The kind and metadata of the profile as it runs: merged along
            // the chain, with what it includes.
            let Some(full) = cx.profile_in_chain(i, tp.id.id()) else {
                continue;
            };
            let kind = ProfileKind::of(&full);
            if matches!(kind, ProfileKind::ProtocolNotSet | ProfileKind::Undefined) {
                continue;
            }
            let (inputs, outputs, must_ask) = resolves_in(&kind);
            let asked = !must_ask || includes_claim_resolving(&full);
            for (list, side, claims) in claims {
                let allowed = if side == "input" { inputs } else { outputs };
                for (n, c) in claims.iter().enumerate() {
                    let Some(r) = c.default_value.as_deref().and_then(resolver_in) else {
                        continue;
                    };
                    let (message, help) = if !allowed {
                        (
                            format!(
                                "B2C does not resolve `{r}` in the {side} claim `{}` of technical profile `{}` ({}): the claim gets the text itself",
                                c.claim.id(),
                                tp.id.id(),
                                kind_words(&kind)
                            ),
                            "set the value where B2C resolves it (an input claim of the profile that needs it, or a claims-transformation profile before it)".to_owned(),
                        )
                    } else if !asked && !resolved_unasked(&kind, side, r) {
                        (
                            format!(
                                "B2C resolves `{r}` in the {side} claim `{}` only when technical profile `{}` sets `IncludeClaimResolvingInClaimsHandling` to `true`",
                                c.claim.id(),
                                tp.id.id()
                            ),
                            "add the metadata item `IncludeClaimResolvingInClaimsHandling` = `true` to the profile".to_owned(),
                        )
                    } else {
                        continue;
                    };
                    cx.report(
                        &W006,
                        i,
                        &format!("{base}/{list}[{n}]@DefaultValue"),
                        message,
                        Some(help),
                        Some(r),
                    );
                }
            }
        }
    }
}

/// A profile kind in words, for W006's messages.
fn kind_words(kind: &ProfileKind) -> String {
    match kind {
        ProfileKind::Rest => "a REST profile".into(),
        ProfileKind::Saml => "a SAML identity provider".into(),
        ProfileKind::TokenIssuer => "a token issuer".into(),
        ProfileKind::SessionManager => "a session manager".into(),
        ProfileKind::Handler(h) => format!("handler `{h}`"),
        other => format!("{other:?}"),
    }
}
