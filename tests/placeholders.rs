//! W002 through the CLI: every placeholder shape that templates, docs and
//! the starter pack leave in a policy is found at its line, and a policy
//! with real values has none.

mod common;
use common::{ief, stdout};

use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("placeholders")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A policy whose metadata items carry `values`, one per line from line 11
/// on, and whose relying party sends Application Insights `key`.
fn policy(values: &[&str], key: &str) -> String {
    let items: String = values
        .iter()
        .enumerate()
        .map(|(n, v)| format!("            <Item Key=\"k{n}\">{v}</Item>\n"))
        .collect();
    format!(
        r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com"
  PolicyId="B2C_1A_signin" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_signin">
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Providers</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="Idp-OIDC">
          <Protocol Name="OpenIdConnect" />
          <Metadata>
{items}          </Metadata>
        </TechnicalProfile>
        <TechnicalProfile Id="JwtIssuer">
          <Protocol Name="OpenIdConnect" />
          <OutputTokenFormat>JWT</OutputTokenFormat>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <RelyingParty>
    <DefaultUserJourney ReferenceId="SignIn" />
    <UserJourneyBehaviors>
      <JourneyInsights TelemetryEngine="ApplicationInsights" InstrumentationKey="{key}"
        DeveloperMode="false" ClientEnabled="false" ServerEnabled="true" TelemetryVersion="1.0.0" />
    </UserJourneyBehaviors>
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
    </TechnicalProfile>
  </RelyingParty>
</TrustFrameworkPolicy>
"#
    )
}

/// `(id, line)` of each W002 of `ief check --format json DIR`, and the
/// exit code.
fn w002(dir: &std::path::Path) -> (Vec<(String, u64)>, Option<i32>) {
    let out = ief(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        dir.as_os_str(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let diags = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    for d in &diags {
        assert_eq!(d["severity"], "warning", "only warnings: {d}");
    }
    let found = diags
        .iter()
        .filter(|d| d["code"] == "W002")
        .map(|d| {
            assert_eq!(d["category"], "hygiene", "{d}");
            (
                d["id"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    (found, out.status.code())
}

#[test]
fn every_placeholder_shape_is_found_at_its_line() {
    let shapes = [
        "https://login.microsoftonline.com/{{ tenantId }}/v2.0",
        "https://tenant-name.b2clogin.com/tenant-name.onmicrosoft.com/oauth2/v2.0",
        "your_tenant.onmicrosoft.com",
        "{your_tenant_name}.onmicrosoft.com",
        "https://your-tenant.b2clogin.com",
        "00000000-0000-0000-0000-000000000000",
        "00001111-aaaa-2222-bbbb-3333cccc4444",
        "ProxyIdentityExperienceFrameworkAppId",
        "YOUR_CLIENT_ID",
    ];
    let dir = scratch("shapes");
    // A non-GUID instrumentation key is a stand-in too; the XSD types the
    // relying party's key as a GUID, so it is the all-zero one there.
    std::fs::write(
        dir.join("SignIn.xml"),
        policy(&shapes, "00000000-0000-0000-0000-000000000000"),
    )
    .expect("write");
    let (found, code) = w002(&dir);
    let expected: Vec<(String, u64)> = [
        "{{ tenantId }}",
        "tenant-name",
        "your_tenant",
        "{your_tenant_name}",
        "your-tenant",
        "00000000-0000-0000-0000-000000000000",
        "00001111-aaaa-2222-bbbb-3333cccc4444",
        "ProxyIdentityExperienceFrameworkAppId",
        "YOUR_CLIENT_ID",
    ]
    .iter()
    .enumerate()
    .map(|(n, id)| ((*id).to_owned(), 11 + n as u64))
    .collect();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    let mut found_sorted = found.clone();
    found_sorted.sort();
    // The all-zero GUID is reported once per file, at its first place.
    assert_eq!(found_sorted, expected_sorted, "{found:?}");
    assert_eq!(code, Some(0), "warnings alone exit 0");
}

#[test]
fn a_non_guid_instrumentation_key_in_metadata_is_a_placeholder() {
    let dir = scratch("insights");
    let text = policy(&[], "9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4").replacen(
        "          <Metadata>\n          </Metadata>",
        "          <Metadata>\n            <Item Key=\"InstrumentationKey\">insights-key-here</Item>\n          </Metadata>",
        1,
    );
    std::fs::write(dir.join("SignIn.xml"), text).expect("write");
    let (found, _) = w002(&dir);
    assert_eq!(found, vec![("InstrumentationKey".to_owned(), 11)]);
}

#[test]
fn real_values_are_clean() {
    let dir = scratch("clean");
    let values = [
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0",
        "9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4",
        "https://api.contoso.com/users/{email}",
        "{OIDC:ClientId}",
    ];
    std::fs::write(
        dir.join("SignIn.xml"),
        policy(&values, "9b2fd6c4-8d57-4ffe-9b62-1c3cc2d1e7a4"),
    )
    .expect("write");
    let (found, code) = w002(&dir);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(code, Some(0));
}

#[test]
fn the_trusona_example_output_has_no_placeholder() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
    let (found, code) = w002(&dir);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(code, Some(0));
}
