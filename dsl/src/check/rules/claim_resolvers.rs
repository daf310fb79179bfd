//! W005: every claim resolver is one B2C knows.

use super::placeholders::strings_of;
use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::import::did_you_mean;
use crate::resolvers::{
    lookup, prefixes, tokens, ALL, CLAIM_PREFIX, OAUTH_KV_PREFIX, SAML_KV_PREFIX,
};

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
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
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
            <OutputClaim ClaimTypeReferenceId="correlationId" DefaultValue="{Context:CorelationId}" AlwaysUseDefaultValue="true" />
          </OutputClaims>
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
            <OutputClaim ClaimTypeReferenceId="correlationId" DefaultValue="{Context:CorrelationId}" AlwaysUseDefaultValue="true" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §7 (claim resolvers, their prefixes and names; prefix and name work in \
        any case); Microsoft Learn, \"About claim resolvers in Azure AD B2C custom policies\"; \
        `{SAML-KV:…}` from azure-ad-b2c/samples (IdP-initiated SAML with a custom claim)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&W005],
    run,
};

/// Tokens of other tools that look like resolvers and are not.
const NOT_RESOLVERS: [&str; 3] = ["Settings", "service", "property"];

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let mut texts: Vec<(String, &str)> = strings_of(cx, i)
            .into_iter()
            .map(|(path, value, _)| (path, value))
            .collect();
        // `{oauth2:…}` lives in partner claim types.
        for (base, tp) in cx.profiles_of(i) {
            for (n, c) in tp.output_claims.iter().enumerate() {
                if let Some(p) = &c.partner_claim_type {
                    texts.push((
                        format!("{base}/OutputClaims/OutputClaim[{n}]@PartnerClaimType"),
                        p,
                    ));
                }
            }
        }
        for (path, value) in texts {
            for t in tokens(value) {
                let Some(message) = problem(cx, i, t.prefix, t.name) else {
                    continue;
                };
                let written = &value[t.range.0..t.range.1];
                let (message, help) = message;
                cx.report(
                    &W005,
                    i,
                    &path,
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
