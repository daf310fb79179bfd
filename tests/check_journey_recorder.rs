//! A journey may have steps after `SendClaims`: Microsoft's guide "Track
//! user behavior in Azure AD B2C by using Application Insights" records
//! the completed sign-in in a step right after it, and B2C accepts that.
//! J008 asks only that a started journey has a `SendClaims` step.
//!
//! Checked on a fixture set built the way the guide builds it
//! (`tests/fixtures/journey-recorder`), and on the starter pack with the
//! guide's recorder step added to `SignUpOrSignIn` by the extensions
//! policy (the starter pack is read from the conformance folder, see
//! `tests/common`).

mod common;

use ief::check::set::{check_set, check_sources, Report};
use ief::import::{import_str, Imported};

fn fixture() -> Vec<Imported> {
    ["TrustFrameworkBase.xml", "SignIn.xml"]
        .iter()
        .map(|f| {
            let path = format!(
                "{}/tests/fixtures/journey-recorder/{f}",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).expect("fixture");
            import_str(&text, (*f).to_owned()).expect("imports")
        })
        .collect()
}

#[test]
fn a_recorder_step_after_send_claims_is_clean() {
    let files = fixture();
    // The journey really has a step after SendClaims.
    let steps = &files[0].policy.user_journeys[0].steps;
    let send = steps
        .iter()
        .position(|s| s.step_type == ief::journeys::StepType::SendClaims)
        .expect("a SendClaims step");
    assert_eq!(send + 2, steps.len(), "one step after SendClaims");
    let report = check_set(&files);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn without_send_claims_the_started_journey_is_j008() {
    let mut files = fixture();
    files[0].policy.user_journeys[0]
        .steps
        .retain(|s| s.step_type != ief::journeys::StepType::SendClaims);
    for (n, s) in files[0].policy.user_journeys[0]
        .steps
        .iter_mut()
        .enumerate()
    {
        s.order = n as i32 + 1;
    }
    let report = check_set(&files);
    let codes: Vec<&str> = report.errors().map(|d| d.code).collect();
    assert_eq!(codes, ["J008"], "{:#?}", report.diagnostics);
}

/// The starter pack's SocialAndLocalAccounts set, its extensions policy
/// extended with the guide's recorder profiles and with step `order` of
/// `SignUpOrSignIn` (whose base has steps 1..7, SendClaims last).
fn starter_pack_with_recorder(order: u32) -> Report {
    let dir = common::conformance_dir().join("starterpack/SocialAndLocalAccounts");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("starter pack set") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "xml") {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let mut text = std::fs::read_to_string(&path).expect("read");
            if name == "TrustFrameworkExtensions.xml" {
                text = with_recorder(&text, order);
            }
            sources.push((name, text));
        }
    }
    check_sources(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

fn with_recorder(extensions: &str, order: u32) -> String {
    let claims = r#"<BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="EventType">
        <DisplayName>Event type</DisplayName>
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>"#;
    let provider = r#"<ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Application Insights</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="AppInsights-SignInComplete">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="InstrumentationKey">5f3c8a9e-2b71-4d06-a8c4-91e7b2d0f613</Item>
          </Metadata>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="EventType" PartnerClaimType="eventName" DefaultValue="SignInComplete" />
          </InputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>"#;
    let journey = format!(
        r#"<UserJourneys>
    <UserJourney Id="SignUpOrSignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="{order}" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="TrackSignInComplete" TechnicalProfileReferenceId="AppInsights-SignInComplete" />
          </ClaimsExchanges>
        </OrchestrationStep>
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
</TrustFrameworkPolicy>"#
    );
    let replace_once = |text: &str, from: &str, to: &str| {
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` once in the extensions"
        );
        text.replacen(from, to, 1)
    };
    let text = extensions.replace(" <BuildingBlocks>\n      \n  </BuildingBlocks>", claims);
    assert!(
        text.contains("EventType"),
        "the building blocks were replaced"
    );
    let text = replace_once(&text, "<ClaimsProviders>", provider);
    replace_once(&text, "</TrustFrameworkPolicy>", &journey)
}

#[test]
fn the_starter_pack_with_a_recorder_step_after_send_claims_has_no_errors() {
    let report = starter_pack_with_recorder(8);
    let errors: Vec<String> = report.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_recorder_step_is_merged_into_the_base_journey() {
    // Control: the same step numbered 9 leaves a gap after the base's 7
    // steps, so the override is seen as part of SignUpOrSignIn.
    let report = starter_pack_with_recorder(9);
    let j001: Vec<_> = report.errors().filter(|d| d.code == "J001").collect();
    assert_eq!(j001.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(j001[0].id.as_deref(), Some("SignUpOrSignIn"));
}
