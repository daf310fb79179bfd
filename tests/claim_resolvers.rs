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

/// The W005 findings of checking `xml` as one file: (line, id, help).
fn findings(name: &str, xml: &str) -> Vec<(u64, String, String)> {
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
        .filter(|d| d["code"] == "W005")
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
