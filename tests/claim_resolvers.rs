//! W005 through the CLI: misspelt claim resolvers and `{Claim:X}` of an
//! undefined claim type are found at their line with the nearest name; the
//! resolvers B2C knows (in any case), key-value resolvers and other tools'
//! tokens are not reported; the starter pack has none.

mod common;
use common::ief;

use std::path::PathBuf;

/// A policy whose lines 14.. are metadata items holding `values`, and
/// whose profile's output claim `email` has `default` as default value.
fn policy(values: &[&str], partner: &str, default: &str) -> String {
    let items: String = values
        .iter()
        .enumerate()
        .map(|(n, v)| format!("            <Item Key=\"k{n}\">{v}</Item>\n"))
        .collect();
    format!(
        r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_X" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_X">
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email"><DataType>string</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>X</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="X">
          <Protocol Name="OAuth2" />
          <Metadata>
{items}          </Metadata>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="email" PartnerClaimType="{partner}" DefaultValue="{default}" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
"#
    )
}

/// The findings of `code` when `xml` is checked as one file (in a scratch
/// folder `name`), from `ief check --format json`.
fn check(name: &str, xml: &str, code: &str) -> Vec<serde_json::Value> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("claim_resolvers")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join("X.xml"), xml).expect("written");
    let out = ief(&[
        "check",
        "--format",
        "json",
        dir.to_str().expect("utf-8 path"),
    ]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("ief check --format json prints JSON");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

/// The W005 findings of checking `xml` as one file: (line, id, help).
fn findings(name: &str, xml: &str) -> Vec<(u64, String, String)> {
    check(name, xml, "W005")
        .iter()
        .map(|d| {
            assert_eq!(d["category"], "correctness");
            assert_eq!(d["severity"], "warning");
            (
                d["line"].as_u64().unwrap_or(0),
                d["id"].as_str().unwrap_or("").to_owned(),
                d["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn misspelt_resolvers_are_found_at_their_line_with_the_nearest_one() {
    let xml = policy(
        &[
            "{Context:CorelationId}",
            "https://x.example/{Contxt:CorrelationId}/page",
            "{Claim:emial}",
            "{Policy:TenantObjectID}",
        ],
        "{oauth2:acess_token}",
        "{OIDC:LoginHnt}",
    );
    let found = findings("misspelt", &xml);
    let expected = [
        (
            14,
            "{Context:CorelationId}",
            "did you mean `{Context:CorrelationId}`?",
        ),
        (
            15,
            "{Contxt:CorrelationId}",
            "did you mean `{Context:CorrelationId}`?",
        ),
        (16, "{Claim:emial}", "did you mean `{Claim:email}`?"),
        (
            20,
            "{oauth2:acess_token}",
            "did you mean `{oauth2:access_token}`?",
        ),
        (20, "{OIDC:LoginHnt}", "did you mean `{OIDC:LoginHint}`?"),
    ];
    let expected: Vec<(u64, String, String)> = expected
        .iter()
        .map(|(l, i, h)| (*l, i.to_string(), h.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn known_resolvers_in_any_case_key_values_and_other_tokens_are_not_reported() {
    let xml = policy(
        &[
            "{Context:CorrelationId}",
            "{CONTEXT:kmsi} {oidc:scope} {Culture:RFC5646}",
            "https://x.example/?c={OAUTH-KV:campaign_id}&amp;s={SAML-KV:custom_claim}",
            "{Settings:ClientId} {service:te} {property:Name} {Claim:email}",
            "{not a token} {x} {:y}",
        ],
        "{oauth2:access_token}",
        "{Policy:TenantObjectId}",
    );
    assert_eq!(findings("known", &xml), Vec::new());
}

#[test]
fn the_starter_pack_has_no_unknown_resolver() {
    // The conformance data must be there: a missing pack fails loudly.
    let pack = common::conformance_dir().join("starterpack");
    let out = ief(&[
        "check",
        "--format",
        "json",
        pack.to_str().expect("utf-8 path"),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let w005 = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "W005")
        .count();
    assert_eq!(w005, 0);
    assert!(json["files"].as_u64().unwrap_or(0) > 20);
}

/// A set of one policy: claim types `a`, `b`; the claims providers of
/// `profiles` (technical-profile elements); a relying party whose output
/// claims are `rp_claims`.
fn set(profiles: &str, rp_claims: &str) -> String {
    format!(
        r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_X" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_X">
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="a"><DataType>string</DataType></ClaimType>
      <ClaimType Id="b"><DataType>string</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>X</DisplayName>
      <TechnicalProfiles>
{profiles}      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="J" />
    <TechnicalProfile Id="PolicyProfile">
      <DisplayName>PolicyProfile</DisplayName>
      <Protocol Name="OpenIdConnect" />
      <OutputClaims>
{rp_claims}      </OutputClaims>
    </TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>
"#
    )
}

/// A technical profile `id` of `handler` (`Web.TPEngine.Providers.` +
/// it), with `metadata` items, `include`d profile, and `claims`.
fn profile(id: &str, handler: &str, metadata: &str, include: &str, claims: &str) -> String {
    let protocol = if handler.is_empty() {
        String::new()
    } else {
        format!("          <Protocol Name=\"Proprietary\" Handler=\"Web.TPEngine.Providers.{handler}, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null\" />\n")
    };
    let metadata = if metadata.is_empty() {
        String::new()
    } else {
        format!("          <Metadata>\n            <Item Key=\"{metadata}\">true</Item>\n          </Metadata>\n")
    };
    let include = if include.is_empty() {
        String::new()
    } else {
        format!("          <IncludeTechnicalProfile ReferenceId=\"{include}\" />\n")
    };
    format!("        <TechnicalProfile Id=\"{id}\">\n          <DisplayName>{id}</DisplayName>\n{protocol}{metadata}{claims}{include}        </TechnicalProfile>\n")
}

/// The W006 findings of `xml`: (technical profile in the message, the
/// resolver).
fn placement(name: &str, xml: &str) -> Vec<(String, String)> {
    check(name, xml, "W006")
        .iter()
        .map(|d| {
            (
                d["message"].as_str().unwrap_or("").to_owned(),
                d["id"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

const INPUT: &str = "          <InputClaims>\n            <InputClaim ClaimTypeReferenceId=\"a\" DefaultValue=\"{Context:CorrelationId}\" AlwaysUseDefaultValue=\"true\" />\n          </InputClaims>\n";
const OUTPUT: &str = "          <OutputClaims>\n            <OutputClaim ClaimTypeReferenceId=\"b\" DefaultValue=\"{Culture:LCID}\" AlwaysUseDefaultValue=\"true\" />\n          </OutputClaims>\n";
const SELF_ASSERTED: &str = "SelfAssertedAttributeProvider";
const REST: &str = "RestfulProvider";
const CLAIM_RESOLVING: &str = "IncludeClaimResolvingInClaimsHandling";

#[test]
fn a_resolver_where_b2c_resolves_it_is_not_reported() {
    let profiles = [
        // Self-asserted, with the metadata item, input and output.
        profile(
            "SA",
            SELF_ASSERTED,
            CLAIM_RESOLVING,
            "",
            &format!("{INPUT}{OUTPUT}"),
        ),
        // The metadata item on an included profile.
        profile("Common", SELF_ASSERTED, CLAIM_RESOLVING, "", ""),
        profile("SA2", "", "", "Common", INPUT),
        // REST input claims.
        profile("Rest", REST, CLAIM_RESOLVING, "", INPUT),
    ]
    .concat();
    let rp = "        <OutputClaim ClaimTypeReferenceId=\"a\" DefaultValue=\"{Policy:TenantObjectId}\" AlwaysUseDefaultValue=\"true\" />\n        <OutputClaim ClaimTypeReferenceId=\"b\" DefaultValue=\"{Settings:NotAResolver}\" />\n";
    assert_eq!(placement("resolved", &set(&profiles, rp)), Vec::new());
}

#[test]
fn a_resolver_where_b2c_leaves_it_as_text_is_reported() {
    let profiles = [
        // No metadata item.
        profile("SA", SELF_ASSERTED, "", "", INPUT),
        // A REST profile's output claim.
        profile("Rest", REST, CLAIM_RESOLVING, "", OUTPUT),
        // A session manager.
        profile("SM", "SSO.DefaultSSOSessionProvider", "", "", INPUT),
    ]
    .concat();
    let rp =
        "        <OutputClaim ClaimTypeReferenceId=\"a\" DefaultValue=\"{Policy:TenantObjectId}\" />\n";
    let found = placement("unresolved", &set(&profiles, rp));
    let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "{Context:CorrelationId}",
            "{Culture:LCID}",
            "{Context:CorrelationId}",
            "{Policy:TenantObjectId}"
        ],
        "{found:?}"
    );
    assert!(
        found[0].0.contains(
            "only when technical profile `SA` sets `IncludeClaimResolvingInClaimsHandling`"
        ),
        "{found:?}"
    );
    assert!(found[1].0.contains("does not resolve `{Culture:LCID}` in the output claim `b` of technical profile `Rest` (a REST profile)"), "{found:?}");
    assert!(
        found[2]
            .0
            .contains("technical profile `SM` (a session manager)"),
        "{found:?}"
    );
    assert!(
        found[3]
            .0
            .contains("only with `AlwaysUseDefaultValue=\"true\"`"),
        "{found:?}"
    );
}

#[test]
fn a_long_include_chain_is_followed_without_running_out_of_stack() {
    // `P0` includes `P1`, …, which includes the self-asserted `Common`
    // with the metadata item: `P0`'s resolver is resolved, and the chain
    // is followed in a loop, not by recursion.
    let n = 3000;
    let mut profiles = String::new();
    for i in 0..n {
        let next = if i + 1 == n {
            "Common".to_owned()
        } else {
            format!("P{}", i + 1)
        };
        let claims = if i == 0 { INPUT } else { "" };
        profiles.push_str(&profile(&format!("P{i}"), "", "", &next, claims));
    }
    profiles.push_str(&profile("Common", SELF_ASSERTED, CLAIM_RESOLVING, "", ""));
    assert_eq!(placement("long", &set(&profiles, "")), Vec::new());
    // Without the item at the end of the chain, P0's resolver is reported.
    let without = profiles.replace(
        &format!("<Item Key=\"{CLAIM_RESOLVING}\">true</Item>"),
        "<Item Key=\"Other\">true</Item>",
    );
    let found = placement("long-without", &set(&without, ""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.contains("technical profile `P0`"), "{found:?}");
}

#[test]
fn the_password_flow_s_resolvers_need_no_metadata_item_in_an_openid_connect_profile() {
    // Microsoft's resource owner password credentials profile sends the
    // user's name and password as `{OIDC:Username}` and `{OIDC:Password}`
    // without `IncludeClaimResolvingInClaimsHandling`.
    let ropc = |id: &str, claims: &str| {
        format!("        <TechnicalProfile Id=\"{id}\">\n          <DisplayName>{id}</DisplayName>\n          <Protocol Name=\"OpenIdConnect\" />\n          <Metadata>\n            <Item Key=\"METADATA\">https://login.microsoftonline.com/contoso.onmicrosoft.com/.well-known/openid-configuration</Item>\n          </Metadata>\n          <InputClaims>\n{claims}          </InputClaims>\n        </TechnicalProfile>\n")
    };
    let profiles = [
        ropc(
            "ROPC",
            "            <InputClaim ClaimTypeReferenceId=\"a\" DefaultValue=\"{OIDC:Username}\" />\n            <InputClaim ClaimTypeReferenceId=\"b\" DefaultValue=\"{oidc:password}\" />\n",
        ),
        // Any other resolver still needs the item.
        ropc(
            "Other",
            "            <InputClaim ClaimTypeReferenceId=\"a\" DefaultValue=\"{OIDC:LoginHint}\" />\n",
        ),
    ]
    .concat();
    let found = placement("ropc", &set(&profiles, ""));
    let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids, ["{OIDC:LoginHint}"], "{found:?}");
    assert!(
        found[0].0.contains("technical profile `Other`"),
        "{found:?}"
    );
}
