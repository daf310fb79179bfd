//! T008: every metadata key of a technical profile is one its kind
//! documents, with a value of the documented kind.
//!
//! The kinds and their keys are [`crate::kinds::table`], the table
//! `ief::define!` reads too.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::import::did_you_mean;
use crate::kinds::table::{self, MetadataKey, ProfileKind, ValueKind, KINDS};
use crate::providers::TechnicalProfile;

/// A self-asserted page with `$items` as its metadata (after the content
/// definition's key): T008's examples.
macro_rules! t008_example {
    ($items:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkExtensions",
            concat!(
                r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
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
        <TechnicalProfile Id="SelfAsserted-Email">
          <DisplayName>Email</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
"#,
                $items,
                r#"          </Metadata>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="email" Required="true" />
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

/// T008.
pub(super) static T008: RuleInfo = RuleInfo {
    code: "T008",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary:
        "every metadata key is one the profile's kind documents, with a value of the right kind",
    explanation: "B2C accepts any metadata key on upload, and each provider reads only the keys \
        it knows: a misspelt key (`ContentDefinitionReferenceID`, `setting.showCancelButon`, a \
        key with a trailing space) or a key of another kind of profile is not an error, the \
        setting just has no effect. ief tells a profile's kind from its protocol, handler and \
        output token format as the profile runs (merged along the chain, with what it \
        includes), and reports a key the kind does not document, with the nearest documented \
        key; keys are compared exactly, as B2C compares them. The documented keys are those of \
        the kind's Microsoft Learn page, those its pages tell to set on it, and the ones \
        Microsoft's starter pack uses (`ief::kinds::table`, also read by `ief::define!`). A value \
        that does not fit is reported too: a flag that is not `true` or `false` (any case; `0` \
        and `1` pass, as the starter pack writes `0`), a number that is not whole, a value \
        outside a listed set, and an Entra ID profile's `ClientId` or `ApplicationObjectId` \
        (the extensions app's ids) that is not a GUID, such as the text the documentation \
        puts there to be replaced. A value with `{` is left alone (settings placeholders and claim \
        resolvers are filled in later). Nothing is said of a profile whose kind cannot be told: \
        a handler ief does not know, `Protocol Name=\"None\"` without a token format \
        (id_token_hint and the engine's own profile look alike), a chain that is broken; nor of \
        the relying party's technical profile. Keys a kind requires are not asked for here: the \
        pages' Required column does not match what runs (a self-asserted page in a \
        `CombinedSignInAndSignUp` step takes the step's content definition, an OpenID Connect \
        profile may send `client_id` as an input claim as Microsoft's earlier starter pack did, \
        the OAuth2 page once marked `end_session_endpoint` required), and what a profile lacks \
        depends on the files a set is uploaded with, so such a finding would be false on working \
        policies; `ief::define!` asks for them where a profile is written in Rust.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: t008_example!(
            r#"            <Item Key="ContentDefinitionReferenceID">api.selfasserted</Item>
            <Item Key="setting.showCancelButton">no</Item>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: t008_example!(
            r#"            <Item Key="ContentDefinitionReferenceId">api.selfasserted</Item>
            <Item Key="setting.showCancelButton">false</Item>
"#
        ),
    }],
    source:
        "Microsoft Learn, the technical-profile reference pages (self-asserted, Microsoft Entra \
        ID, claims transformation, RESTful, session management, one-time password, Microsoft \
        Entra MFA and SSPR, phone factor, Application Insights, Conditional Access, CAPTCHA, \
        OpenID Connect, OAuth1, OAuth2, SAML identity provider, JWT and SAML token issuers, \
        OAuth2 error, id_token_hint) and \"Technical profiles\" (`ClaimTypeOnWhichToEnable`); \
        FACTS.md §5 (handlers and the keys the corpus and the starter pack use)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T008],
    run,
};

fn run(cx: &Context<'_>) {
    declared(cx);
}

/// The kind of `tp` (pass the profile as it runs, with its includes), when
/// its protocol, handler and output token format tell it.
fn kind_of(tp: &TechnicalProfile) -> Option<&'static ProfileKind> {
    let protocol = tp.protocol.as_ref()?;
    table::of_profile(
        protocol.name,
        protocol.handler.as_deref(),
        crate::graph::issuer_format(tp),
    )
}

/// The keys and values each claims-provider profile writes, checked
/// against its kind, where they are written.
fn declared(cx: &Context<'_>) {
    for i in cx.scope() {
        if !cx.complete[i] {
            continue;
        }
        for (base, tp) in cx.profiles_of(i) {
            if tp.metadata.is_empty() || base.starts_with("TrustFrameworkPolicy/RelyingParty") {
                continue;
            }
            // The kind of the profile as it runs in this file's chain: a
            // restatement usually has no protocol of its own.
            let Some(kind) = cx
                .profile_in_chain(i, tp.id.id())
                .and_then(|full| kind_of(&full))
            else {
                continue;
            };
            for (n, item) in tp.metadata.iter().enumerate() {
                // Written out only for a finding.
                let at = || format!("{base}/Metadata/Item[{n}]");
                match kind.key(&item.key) {
                    Some(documented) => {
                        if let Some((message, help)) = bad_value(documented, &item.value) {
                            cx.report(
                                &T008,
                                i,
                                &at(),
                                format!(
                                    "the metadata item `{}` of technical profile `{}` {message}",
                                    item.key,
                                    tp.id.id()
                                ),
                                Some(help),
                                Some(&item.key),
                            );
                        }
                    }
                    None => {
                        let (message, help) = undocumented(kind, &item.key, tp.id.id());
                        cx.report(
                            &T008,
                            i,
                            &format!("{}@Key", at()),
                            message,
                            Some(help),
                            Some(&item.key),
                        );
                    }
                }
            }
        }
    }
}

/// The finding for `key`, which `kind` does not document.
fn undocumented(kind: &ProfileKind, key: &str, profile: &str) -> (String, String) {
    let names = kind.all_keys().map(|k| k.key);
    // A key that differs only in case or surrounding spaces is a slip.
    if let Some(near) = kind
        .all_keys()
        .find(|k| k.key.trim().eq_ignore_ascii_case(key.trim()))
    {
        let why = if near.key.trim() == key.trim() {
            "spaces around it"
        } else {
            "case"
        };
        return (
            format!(
                "metadata key `{key}` of technical profile `{profile}` differs from the documented `{}` in {why}: B2C compares keys exactly, so the setting has no effect",
                near.key
            ),
            format!("did you mean `{}`?", near.key),
        );
    }
    let message = format!(
        "metadata key `{key}` is not one B2C documents for technical profile `{profile}` ({}: {})",
        kind.name, kind.summary
    );
    if let Some(near) = did_you_mean(key, names) {
        return (message, format!("did you mean `{near}`?"));
    }
    // A key of another kind: the profile may have the wrong protocol or
    // handler, or the item is in the wrong profile.
    let others: Vec<&str> = KINDS
        .iter()
        .filter(|k| k.key(key).is_some())
        .map(|k| k.name)
        .collect();
    let help = if others.is_empty() {
        "a provider reads only the keys it knows: remove the item, or check the key on the kind's reference page".to_owned()
    } else {
        format!(
            "`{key}` is documented for {} profiles: check the profile's protocol and handler, or move the item",
            others
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    (message, help)
}

/// What is wrong with `value` for `key`, and the help; `None` for a value
/// that fits, an empty one, and one with a placeholder or claim resolver.
fn bad_value(key: &MetadataKey, value: &str) -> Option<(String, String)> {
    let v = value.trim();
    if v.is_empty() || v.contains('{') {
        return None;
    }
    match key.value {
        ValueKind::Bool => {
            let fits = v.eq_ignore_ascii_case("true")
                || v.eq_ignore_ascii_case("false")
                || v == "0"
                || v == "1";
            (!fits).then(|| {
                (
                    format!("is `{v}`, not `true` or `false`"),
                    "write `true` or `false`".to_owned(),
                )
            })
        }
        ValueKind::Int => v.parse::<i64>().is_err().then(|| {
            (
                format!("is `{v}`, not a whole number"),
                "write a whole number".to_owned(),
            )
        }),
        ValueKind::OneOf(values) => {
            if values.contains(&v) {
                return None;
            }
            let listed = values
                .iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let near = values
                .iter()
                .copied()
                .find(|x| x.eq_ignore_ascii_case(v))
                .or_else(|| did_you_mean(v, values.iter().copied()));
            let help = match near {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the values are {listed}"),
            };
            Some((format!("is `{v}`, which is not one of {listed}"), help))
        }
        ValueKind::Guid => (!crate::kinds::table::is_guid(v)).then(|| {
            (
                format!("is `{}`, not a GUID", super::shorten(v, 60)),
                "give the id as Microsoft Entra ID shows it (`8-4-4-4-12` hexadecimal digits)"
                    .to_owned(),
            )
        }),
        ValueKind::Text
        | ValueKind::Claim
        | ValueKind::ContentDefinition
        | ValueKind::Profile
        | ValueKind::Exchange => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::check::set::check_sources;
    use crate::check::Severity;

    const AAD: &str = "Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";
    const REST: &str = "Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";
    const INSIGHTS: &str = "Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";

    use super::super::test_support::policy_file as file;

    /// Claims providers holding `profiles` (technical-profile elements),
    /// with the claim type `objectId`.
    fn providers(profiles: &str) -> String {
        format!(
            r#"<BuildingBlocks><ClaimsSchema><ClaimType Id="objectId"><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>
<ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
{profiles}
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>
"#
        )
    }

    /// A profile `id` of `handler` with metadata `items` and `rest` after.
    fn profile(id: &str, handler: &str, items: &str, rest: &str) -> String {
        format!(
            r#"<TechnicalProfile Id="{id}"><Protocol Name="Proprietary" Handler="{handler}" /><Metadata>{items}</Metadata>{rest}</TechnicalProfile>"#
        )
    }

    /// The T008 findings of a set: `(file, line, message, help)`.
    fn t008(files: &[(&str, String)]) -> Vec<(String, u32, String, String)> {
        let report = check_sources(files.iter().map(|(n, x)| (*n, x.as_str())));
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == "T008")
            .inspect(|d| assert_eq!(d.severity, Severity::Warning))
            .map(|d| {
                (
                    d.file.clone(),
                    d.pos.map_or(0, |p| p.line),
                    d.message.clone(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn one(items: &str) -> Vec<(String, u32, String, String)> {
        let body = providers(&profile(
            "REST-X",
            REST,
            &format!(
                r#"<Item Key="ServiceUrl">https://x</Item><Item Key="AuthenticationType">None</Item>{items}"#
            ),
            "",
        ));
        t008(&[("X.xml", file("B2C_1A_X", None, &body))])
    }

    #[test]
    fn a_key_in_another_case_or_with_a_space_gets_the_documented_spelling() {
        let found =
            one(r#"<Item Key="sendClaimsIn">Body</Item><Item Key="DebugMode ">true</Item>"#);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].2.contains("`sendClaimsIn`") && found[0].2.contains("in case"));
        assert_eq!(found[0].3, "did you mean `SendClaimsIn`?");
        assert!(found[1].2.contains("spaces around it"));
        assert_eq!(found[1].3, "did you mean `DebugMode`?");
    }

    #[test]
    fn a_misspelt_key_gets_the_nearest_and_a_foreign_key_names_its_kind() {
        let found = one(
            r#"<Item Key="SendClaimIn">Body</Item><Item Key="Operation">Read</Item><Item Key="Unheard">x</Item>"#,
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].3, "did you mean `SendClaimsIn`?");
        assert!(found[1].3.contains("`aad`"), "{}", found[1].3);
        assert!(
            found[2].3.starts_with("a provider reads only"),
            "{}",
            found[2].3
        );
    }

    #[test]
    fn values_are_checked_against_their_kind_and_placeholders_are_not() {
        let found = one(
            r#"<Item Key="SendClaimsIn">body</Item><Item Key="DebugMode">yes</Item><Item Key="AllowInsecureAuthInProduction">True</Item><Item Key="ResolveJsonPathsInJsonTokens">0</Item><Item Key="IncludeClaimResolvingInClaimsHandling">{Settings:Resolve}</Item><Item Key="DefaultUserMessageIfRequestFailed"></Item>"#,
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].2.contains("`body`, which is not one of"));
        assert_eq!(found[0].3, "did you mean `Body`?");
        assert!(found[1].2.contains("`yes`, not `true` or `false`"));
        let body = providers(&profile(
            "OTP",
            "Web.TPEngine.Providers.OneTimePasswordProtocolProvider, Web.TPEngine",
            r#"<Item Key="Operation">GenerateCode</Item><Item Key="CodeLength">six</Item><Item Key="CodeExpirationInSeconds"> 600 </Item>"#,
            "",
        ));
        let found = t008(&[("X.xml", file("B2C_1A_X", None, &body))]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].2.contains("`six`, not a whole number"));
    }

    #[test]
    fn the_extensions_app_ids_are_guids() {
        // The text Microsoft's documentation puts there to be replaced
        // (nimccoll/B2CCustomPasswordReset left it in).
        let items = r#"<Item Key="Operation">Read</Item><Item Key="ClientId">b2c-extensions-app application ID</Item><Item Key="ApplicationObjectId">{Settings:ExtensionsObjectId}</Item>"#;
        let body = providers(&profile("AAD-Common", AAD, items, ""));
        let found = t008(&[("X.xml", file("B2C_1A_X", None, &body))]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .2
                .contains("is `b2c-extensions-app application ID`, not a GUID"),
            "{found:#?}"
        );
        assert!(found[0].3.contains("8-4-4-4-12"), "{found:#?}");
        let items = r#"<Item Key="Operation">Read</Item><Item Key="ClientId"> 9E3F4A5B-6c7d-4e8f-a09b-1c2d3e4f5a6b </Item><Item Key="ApplicationObjectId"></Item>"#;
        let body = providers(&profile("AAD-Common", AAD, items, ""));
        assert_eq!(t008(&[("X.xml", file("B2C_1A_X", None, &body))]), []);
    }

    #[test]
    fn keys_with_a_trailing_space_are_compared_exactly() {
        let body = providers(&profile(
            "AppInsights",
            INSIGHTS,
            r#"<Item Key="InstrumentationKey">k</Item><Item Key="DisableTelemetry ">false</Item><Item Key="DeveloperMode ">false</Item>"#,
            "",
        ));
        let found = t008(&[("X.xml", file("B2C_1A_X", None, &body))]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].2.contains("`DeveloperMode `"));
    }

    #[test]
    fn the_kind_is_that_of_the_profile_as_it_runs() {
        // The restatement in the child has no protocol: the base's counts.
        let base = file(
            "B2C_1A_Base",
            None,
            &providers(&profile("AAD-Common", AAD, "", "")),
        );
        let child = file(
            "B2C_1A_Ext",
            Some("B2C_1A_Base"),
            r#"<ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="AAD-Common"><Metadata><Item Key="ApplicationObjectID">x</Item></Metadata></TechnicalProfile>
<TechnicalProfile Id="AAD-Read"><Metadata><Item Key="Operation">Reed</Item></Metadata><IncludeTechnicalProfile ReferenceId="AAD-Common" /></TechnicalProfile>
<TechnicalProfile Id="Nowhere"><Metadata><Item Key="Anything">x</Item></Metadata></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>
"#,
        );
        let found = t008(&[("Base.xml", base), ("Ext.xml", child)]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].3, "did you mean `ApplicationObjectId`?");
        assert_eq!(found[1].3, "did you mean `Read`?");
    }

    #[test]
    fn unknown_handlers_and_protocol_none_are_left_alone() {
        let body = providers(
            r#"<TechnicalProfile Id="New"><Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SomethingNewProvider, Web.TPEngine" /><Metadata><Item Key="Whatever">x</Item></Metadata></TechnicalProfile>
<TechnicalProfile Id="IdTokenHint"><Protocol Name="None" /><Metadata><Item Key="issuer">x</Item><Item Key="Whatever">x</Item></Metadata></TechnicalProfile>"#,
        );
        assert_eq!(
            t008(&[("X.xml", file("B2C_1A_X", None, &body))]),
            Vec::new()
        );
    }

    #[test]
    fn a_required_key_left_out_is_not_asked_for() {
        // `Operation` is required on the Azure AD page, but what a profile
        // lacks depends on the files it is uploaded with (see the
        // explanation): T008 reads only the keys that are written.
        let body = format!(
            r#"{}<UserJourneys><UserJourney Id="J"><OrchestrationSteps>
<OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="X" TechnicalProfileReferenceId="AAD-Read" /></ClaimsExchanges></OrchestrationStep>
</OrchestrationSteps></UserJourney></UserJourneys>
<RelyingParty><DefaultUserJourney ReferenceId="J" /><TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect" /></TechnicalProfile></RelyingParty>
"#,
            providers(&profile(
                "AAD-Read",
                AAD,
                r#"<Item Key="RaiseErrorIfClaimsPrincipalDoesNotExist">true</Item>"#,
                ""
            ))
        );
        assert_eq!(
            t008(&[("X.xml", file("B2C_1A_X", None, &body))]),
            Vec::new()
        );
    }
}
