use super::secrets::{classify, entropy, is_guid, is_placeholder, is_token, url_credential, Kind};
use crate::check::set::{check_set_with, CheckOptions};
use crate::check::Severity;
use crate::import::import_str;

const NS: &str = "http://schemas.microsoft.com/online/cpim/schemas/2013/06";

/// A policy file: `id`, optional base, `mode` (a `DeploymentMode`
/// attribute or ""), and its body.
fn file(id: &str, base: Option<&str>, mode: &str, body: &str) -> String {
    let base = base.map_or(String::new(), |b| {
        format!(
            "  <BasePolicy>\n    <TenantId>contoso.onmicrosoft.com</TenantId>\n    <PolicyId>{b}</PolicyId>\n  </BasePolicy>\n"
        )
    });
    format!(
        "<TrustFrameworkPolicy xmlns=\"{NS}\"\n  PolicySchemaVersion=\"0.3.0.0\" TenantId=\"contoso.onmicrosoft.com\"\n  PolicyId=\"{id}\" PublicPolicyUri=\"http://contoso.onmicrosoft.com/{id}\"{mode}>\n{base}{body}</TrustFrameworkPolicy>\n"
    )
}

fn providers(profiles: &str) -> String {
    format!(
        "  <ClaimsProviders>\n    <ClaimsProvider>\n      <DisplayName>P</DisplayName>\n      <TechnicalProfiles>\n{profiles}      </TechnicalProfiles>\n    </ClaimsProvider>\n  </ClaimsProviders>\n"
    )
}

const REST: &str = "Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";

fn rest_profile(id: &str, items: &str) -> String {
    format!(
        "        <TechnicalProfile Id=\"{id}\">\n          <Protocol Name=\"Proprietary\" Handler=\"{REST}\" />\n          <Metadata>\n{items}          </Metadata>\n        </TechnicalProfile>\n"
    )
}

fn items(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("            <Item Key=\"{k}\">{v}</Item>\n"))
        .collect()
}

/// A finding: code, severity, file, line, message.
type Found = (String, Severity, String, u32, String);

fn check(files: &[(&str, String)], production: bool) -> Vec<Found> {
    let imported: Vec<_> = files
        .iter()
        .map(|(name, xml)| match import_str(xml, *name) {
            Ok(f) => f,
            Err(e) => panic!("{name} does not import: {e:?}\n{xml}"),
        })
        .collect();
    let options = CheckOptions {
        production,
        ..CheckOptions::default()
    };
    check_set_with(&imported, &options)
        .diagnostics
        .into_iter()
        .filter(|d| d.code.starts_with('S') && d.code != "S001")
        .map(|d| {
            (
                d.code.to_owned(),
                d.severity,
                d.file,
                d.pos.map_or(0, |p| p.line),
                d.message,
            )
        })
        .collect()
}

fn codes(found: &[Found]) -> Vec<(&str, Severity)> {
    found.iter().map(|f| (f.0.as_str(), f.1)).collect()
}

#[test]
fn no_authentication_in_a_production_policy_is_rejected_unless_allowed() {
    let none = items(&[
        ("ServiceUrl", "https://api.contoso.com/x"),
        ("AuthenticationType", "None"),
    ]);
    // No DeploymentMode: Production, and no AllowInsecureAuthInProduction.
    let found = check(
        &[(
            "Ext.xml",
            file(
                "B2C_1A_Ext",
                None,
                "",
                &providers(&rest_profile("REST-A", &none)),
            ),
        )],
        false,
    );
    assert_eq!(codes(&found), [("S002", Severity::Error)], "{found:?}");
    assert!(
        found[0]
            .4
            .contains("B2C rejects policy `B2C_1A_Ext`: it runs in"),
        "{found:?}"
    );
    assert_eq!(found[0].3, 12, "{found:?}");
    // A development policy: the warning, whatever the item.
    let found = check(
        &[(
            "Ext.xml",
            file(
                "B2C_1A_Ext",
                None,
                " DeploymentMode=\"Development\"",
                &providers(&rest_profile("REST-A", &none)),
            ),
        )],
        false,
    );
    assert_eq!(codes(&found), [("S002", Severity::Warning)], "{found:?}");
}

#[test]
fn the_allowance_is_read_from_the_child_and_both_are_reported_where_written() {
    // The base has the handler and `None`; the child (the leaf) allows it.
    let base = file(
        "B2C_1A_Base",
        None,
        "",
        &providers(&rest_profile(
            "REST-A",
            &items(&[
                ("ServiceUrl", "https://api.contoso.com/x"),
                ("AuthenticationType", "None"),
            ]),
        )),
    );
    let child = file(
        "B2C_1A_Ext",
        Some("B2C_1A_Base"),
        "",
        &providers(
            "        <TechnicalProfile Id=\"REST-A\">\n          <Metadata>\n            <Item Key=\"AllowInsecureAuthInProduction\">true</Item>\n          </Metadata>\n        </TechnicalProfile>\n",
        ),
    );
    let found = check(
        &[("Base.xml", base.clone()), ("Ext.xml", child.clone())],
        false,
    );
    assert_eq!(
        codes(&found),
        [("S002", Severity::Warning), ("S003", Severity::Warning)],
        "{found:?}"
    );
    assert_eq!((found[0].2.as_str(), found[0].3), ("Base.xml", 12));
    assert_eq!((found[1].2.as_str(), found[1].3), ("Ext.xml", 14));
    // Checked for production, both are errors.
    let found = check(&[("Base.xml", base), ("Ext.xml", child)], true);
    assert_eq!(
        codes(&found),
        [("S002", Severity::Error), ("S003", Severity::Error)],
        "{found:?}"
    );
}

#[test]
fn a_child_that_replaces_none_clears_the_finding() {
    let base = file(
        "B2C_1A_Base",
        None,
        " DeploymentMode=\"Development\"",
        &providers(&rest_profile(
            "REST-A",
            &items(&[
                ("ServiceUrl", "https://api.contoso.com/x"),
                ("AuthenticationType", "None"),
            ]),
        )),
    );
    let child = file(
        "B2C_1A_Ext",
        Some("B2C_1A_Base"),
        "",
        &providers(
            "        <TechnicalProfile Id=\"REST-A\">\n          <Metadata>\n            <Item Key=\"AuthenticationType\">Bearer</Item>\n          </Metadata>\n        </TechnicalProfile>\n",
        ),
    );
    let found = check(&[("Base.xml", base), ("Ext.xml", child)], false);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_included_common_profile_is_reported_once_at_its_item() {
    let profiles = format!(
        "{}{}{}",
        rest_profile(
            "REST-Common",
            &items(&[
                ("ServiceUrl", "http://api.contoso.com/x"),
                ("AuthenticationType", "Basic"),
            ])
        ),
        "        <TechnicalProfile Id=\"REST-One\">\n          <IncludeTechnicalProfile ReferenceId=\"REST-Common\" />\n        </TechnicalProfile>\n",
        "        <TechnicalProfile Id=\"REST-Two\">\n          <IncludeTechnicalProfile ReferenceId=\"REST-Common\" />\n        </TechnicalProfile>\n",
    );
    let found = check(
        &[(
            "Ext.xml",
            file("B2C_1A_Ext", None, "", &providers(&profiles)),
        )],
        false,
    );
    assert_eq!(codes(&found), [("S004", Severity::Warning)], "{found:?}");
    assert_eq!(found[0].3, 11, "{found:?}");
}

#[test]
fn service_urls_that_are_placeholders_are_not_findings() {
    for (url, finding) in [
        ("http://api.contoso.com/x", true),
        ("ftp://api.contoso.com/x", true),
        // No scheme: a stand-in (W002), not a plain-text call.
        ("api.contoso.com/x", false),
        ("your-api-endpoint", false),
        ("https://api.contoso.com/x", false),
        ("HTTPS://API.CONTOSO.COM/x", false),
        ("{Settings:LoyaltyApiUrl}", false),
        ("{Settings:ApiBase}/loyalty", false),
        ("{Claim:apiUrl}", false),
    ] {
        let xml = file(
            "B2C_1A_Ext",
            None,
            "",
            &providers(&rest_profile(
                "REST-A",
                &items(&[("ServiceUrl", url), ("AuthenticationType", "Basic")]),
            )),
        );
        let found = check(&[("Ext.xml", xml)], false);
        assert_eq!(!found.is_empty(), finding, "{url}: {found:?}");
    }
}

fn saml_profile(id: &str, items: &str) -> String {
    format!(
        "        <TechnicalProfile Id=\"{id}\">\n          <Protocol Name=\"SAML2\" />\n          <Metadata>\n{items}          </Metadata>\n        </TechnicalProfile>\n"
    )
}

#[test]
fn unsigned_assertions_are_an_error_only_when_the_response_is_unsigned_too() {
    let run = |pairs: &[(&str, &str)]| {
        let xml = file(
            "B2C_1A_Ext",
            None,
            "",
            &providers(&saml_profile("Contoso-SAML2", &items(pairs))),
        );
        check(&[("Ext.xml", xml)], false)
    };
    let both = run(&[
        ("WantsSignedAssertions", "false"),
        ("ResponsesSigned", "false"),
    ]);
    assert_eq!(codes(&both), [("S006", Severity::Error)], "{both:?}");
    let one = run(&[("WantsSignedAssertions", "false")]);
    assert_eq!(codes(&one), [("S006", Severity::Warning)], "{one:?}");
    // Only the response unsigned: the assertion's signature is still checked.
    let response = run(&[("ResponsesSigned", "false")]);
    assert!(response.is_empty(), "{response:?}");
    let sha1 = run(&[("XmlSignatureAlgorithm", "sha1")]);
    assert_eq!(codes(&sha1), [("S007", Severity::Warning)], "{sha1:?}");
    let sha256 = run(&[("XmlSignatureAlgorithm", "Sha256")]);
    assert!(sha256.is_empty(), "{sha256:?}");
    // The same items on a profile that is not SAML mean nothing.
    let xml = file(
        "B2C_1A_Ext",
        None,
        "",
        &providers(&rest_profile(
            "REST-A",
            &items(&[
                ("ServiceUrl", "https://api.contoso.com/x"),
                ("AuthenticationType", "Basic"),
                ("XmlSignatureAlgorithm", "Sha1"),
            ]),
        )),
    );
    assert!(check(&[("Ext.xml", xml)], false).is_empty());
}

#[test]
fn a_saml_relying_party_is_checked_in_the_leaf() {
    let rp = "  <RelyingParty>\n    <DefaultUserJourney ReferenceId=\"SignIn\" />\n    <TechnicalProfile Id=\"PolicyProfile\">\n      <Protocol Name=\"SAML2\" />\n      <Metadata>\n        <Item Key=\"PartnerEntity\">http://app.contoso.com/saml/metadata</Item>\n        <Item Key=\"XmlSignatureAlgorithm\">Sha1</Item>\n      </Metadata>\n    </TechnicalProfile>\n  </RelyingParty>\n";
    let found = check(&[("RP.xml", file("B2C_1A_RP", None, "", rp))], false);
    assert_eq!(
        codes(&found),
        [("S008", Severity::Error), ("S007", Severity::Warning)],
        "{found:?}"
    );
    assert_eq!((found[0].3, found[1].3), (9, 10), "{found:?}");
    assert!(found.iter().all(|f| f.4.contains("PolicyProfile")));
}

#[test]
fn openid_metadata_over_http_is_an_error_and_inline_saml_metadata_is_not() {
    let oidc = "        <TechnicalProfile Id=\"Contoso-OIDC\">\n          <Protocol Name=\"OpenIdConnect\" />\n          <Metadata>\n            <Item Key=\"METADATA\">http://login.contoso.com/.well-known/openid-configuration</Item>\n            <Item Key=\"client_id\">3fa85f64-5717-4562-b3fc-2c963f66afa6</Item>\n          </Metadata>\n        </TechnicalProfile>\n";
    let found = check(
        &[("Ext.xml", file("B2C_1A_Ext", None, "", &providers(oidc)))],
        false,
    );
    assert_eq!(codes(&found), [("S008", Severity::Error)], "{found:?}");
    assert_eq!(found[0].3, 11);
    let inline = saml_profile(
        "Contoso-SAML2",
        "            <Item Key=\"PartnerEntity\"><![CDATA[<md:EntityDescriptor entityID=\"http://idp.contoso.com\" />]]></Item>\n",
    );
    let found = check(
        &[("Ext.xml", file("B2C_1A_Ext", None, "", &providers(&inline)))],
        false,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn secrets_are_found_by_name_and_shape() {
    for (names, value) in [
        (
            &["client_secret"][..],
            "q7Z~Xv2.kP9rTn4-Wm8sLc3Hy6Bd1Fg5Jt0",
        ),
        (&["password"], "Welcome1!"),
        (&["ApiKey"], "a1b2c3d4e5f6"),
        (
            &["x-functions-key"],
            "bAZ4lLy//ZHZxmncM8rI7AgjQsrMKmVXBpP0vd9smOzdXDDUIaLljA==",
        ),
        (
            &["apiKeyClaim", "subscription-key"],
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        ),
    ] {
        assert_eq!(
            classify(names, value),
            Some(Kind::Named),
            "{names:?} = {value}"
        );
    }
}

#[test]
fn tokens_and_credentials_in_urls_are_found_whatever_the_name() {
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ";
    assert_eq!(classify(&["header"], jwt), Some(Kind::Token));
    assert_eq!(
        classify(&["Authorization"], &format!("Bearer {jwt}")),
        Some(Kind::Token)
    );
    assert_eq!(
        classify(&["Authorization"], "Basic dXNlcjpwYXNzd29yZDE="),
        Some(Kind::Token)
    );
    assert!(is_token(jwt));
    assert!(!is_token("Bearer"));
    for url in [
        "https://fn.azurewebsites.net/api/Check?code=L/05YRSpojU0nECzM4Tp3LjBiA2ZGh3kTwwp1OVV7m0SelnvlRVLCg==",
        "https://fn.azurewebsites.net/api/Check?x=1&code=L%2F05YRSpojU0nECzM4Tp3LjBiA2ZGh3kTw",
        "https://user:S3cr3tPass@api.contoso.com/x",
        "https://{Settings:FunctionHost}/api/Check?code=L/05YRSpojU0nECzM4Tp3LjBiA2ZGh3kTwwp1OVV7m0SelnvlRVLCg==",
        "https://store.blob.core.windows.net/c/f?sv=2020-08-04&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D",
    ] {
        assert!(url_credential(url), "{url}");
        assert_eq!(classify(&["ServiceUrl"], url), Some(Kind::InUrl), "{url}");
    }
}

#[test]
fn placeholders_urls_ids_and_public_settings_are_not_secrets() {
    for (names, value) in [
        (&["client_secret"][..], "{Settings:ClientSecret}"),
        (&["client_secret"], "your-client-secret"),
        (&["client_secret"], "<client secret>"),
        (&["ApiKey"], "#{ApiKey}#"),
        (&["ApiKey"], "__ApiKey__"),
        (&["ApiKey"], "xxxxxxxxxxxxxxxx"),
        (&["password"], "B2C_1A_RestApiPassword"),
        (&["password"], "{OIDC:Password}"),
        (
            &["UserMessageIfInvalidPassword"],
            "Your password is incorrect.",
        ),
        (&["UseClaimAsBearerToken"], "identityProviderAccessToken"),
        (&["token_endpoint_auth_method"], "client_secret_post"),
        (&["BearerTokenTransmissionMethod"], "AuthorizationHeader"),
        (&["client_id"], "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        (&["client_id"], "0oa1b2c3d4E5F6G7H8i9J0kLmNoPqRsT"),
        (&["client_id"], "1234567890123456"),
        (&["scope"], "openid profile offline_access"),
        (&["response_types"], "code id_token"),
        (&["IdTokenAudience"], "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        (
            &["ServiceUrl"],
            "https://fn.azurewebsites.net/api/Check?code=your-code",
        ),
        (
            &["ServiceUrl"],
            "https://api.contoso.com/v2/users?api-version=1.0",
        ),
        (
            &["METADATA"],
            "https://login.microsoftonline.com/{tenant}/.well-known/openid-configuration",
        ),
        (
            &["ContentDefinitionReferenceId"],
            "api.selfasserted.profileupdate",
        ),
        (
            &["ApplicationObjectId"],
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ),
        (
            &["InstrumentationKey"],
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ),
        (&["Operation"], "Read"),
        (&["AuthenticationType"], "ApiKeyHeader"),
        (&["grant_type"], "client_credentials"),
        (&["SessionIdClaim"], "B2C_1A_TrustFrameworkExtensions_2"),
        (&["accessToken"], "{Claim:identityProviderAccessToken}"),
        (&["tokenLifetime"], "3600"),
        // Shapes met in published samples (docs/rules-security.md).
        (&["client_id"], "Enter-your-ApplicationID"),
        (&["client_id"], "facebook_clientid"),
        (&["resource_id", "resource"], "RemoteB2CIdentityExperienceFrameworkAppId"),
        (&["InstrumentationKey"], "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
        (&["CharacterSet"], "0-9"),
        (&["clientNumber"], "123456789"),
        (&["g-recaptcha-response-toms", "captcha"], "0"),
        (&["ServiceUrl"], "https://risk.contoso.com/api/v6/score?customerID=<customerid>&uuid=<uuid>&customerSessionID={clientSessionId}"),
        (&["ClaimsEndpoint"], "https://graph.facebook.com/me?fields=id,first_name,last_name,name,email"),
        (&["IssuerUri"], "https://tenant-name.b2clogin.com/tenant-name.onmicrosoft.com/B2C_1A_SAML2_signup_signin"),
    ] {
        assert_eq!(classify(names, value), None, "{names:?} = {value}");
    }
}

#[test]
fn a_long_random_value_under_a_plain_name_is_a_warning() {
    assert_eq!(
        classify(&["tenantSalt"], "Zk3pQ9xW2mV7bN4cT8yL1sR6hD0fG5jA"),
        Some(Kind::Random)
    );
    // Long, but a word, a number or a GUID.
    assert_eq!(
        classify(&["x"], "IncludeClaimResolvingInClaimsHandling"),
        None
    );
    assert_eq!(classify(&["x"], "12345678901234567890123"), None);
    assert_eq!(
        classify(&["x"], "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        None
    );
    assert_eq!(classify(&["x"], "B2C_1A_TrustFrameworkExtensions"), None);
}

#[test]
fn the_helpers_measure_what_they_say() {
    assert!(is_guid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
    assert!(!is_guid("3fa85f64-5717-4562-b3fc-2c963f66afa"));
    assert!(is_placeholder("{Settings:X}"));
    assert!(is_placeholder("00000000"));
    assert!(!is_placeholder("a1b2c3d4"));
    assert!((entropy("abab") - 1.0).abs() < 1e-9);
    assert!((entropy("aaaa")).abs() < 1e-9);
    assert!(entropy("0123456789abcdef") > 3.99);
}

#[test]
fn the_secret_finding_points_at_the_value_and_does_not_repeat_it() {
    let profile = "        <TechnicalProfile Id=\"REST-Token\">\n          <Protocol Name=\"Proprietary\" Handler=\"Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null\" />\n          <Metadata>\n            <Item Key=\"ServiceUrl\">https://api.contoso.com/token</Item>\n            <Item Key=\"AuthenticationType\">Basic</Item>\n            <Item Key=\"ApiKey\">Zk3pQ9xW2mV7bN4cT8yL1sR6</Item>\n          </Metadata>\n        </TechnicalProfile>\n";
    let found = check(
        &[("Ext.xml", file("B2C_1A_Ext", None, "", &providers(profile)))],
        false,
    );
    assert_eq!(codes(&found), [("S005", Severity::Error)], "{found:?}");
    assert_eq!(found[0].3, 13);
    assert!(found[0].4.contains("`Zk3p…`, 24 characters"), "{found:?}");
    assert!(!found[0].4.contains("Zk3pQ9xW2m"), "{found:?}");
}

#[test]
fn leaves_on_one_base_are_read_once_and_each_rejecting_leaf_is_named() {
    let ext = file(
        "B2C_1A_Ext",
        None,
        "",
        &providers(&rest_profile(
            "REST-A",
            &items(&[
                ("ServiceUrl", "https://api.contoso.com/x"),
                ("AuthenticationType", "None"),
            ]),
        )),
    );
    let rp = |id: &str, mode: &str| {
        file(
            id,
            Some("B2C_1A_Ext"),
            mode,
            "  <RelyingParty>\n    <DefaultUserJourney ReferenceId=\"SignIn\" />\n    <TechnicalProfile Id=\"PolicyProfile\">\n      <Protocol Name=\"OpenIdConnect\" />\n    </TechnicalProfile>\n  </RelyingParty>\n",
        )
    };
    let set = [
        ("Ext.xml", ext),
        ("A.xml", rp("B2C_1A_A", "")),
        ("B.xml", rp("B2C_1A_B", "")),
        (
            "Dev.xml",
            rp("B2C_1A_Dev", " DeploymentMode=\"Development\""),
        ),
    ];
    let found = check(&set, false);
    assert_eq!(codes(&found), [("S002", Severity::Error)], "{found:?}");
    assert!(
        found[0]
            .4
            .contains("B2C rejects policy `B2C_1A_A` (and 1 more)"),
        "{found:?}"
    );
    // Only the development leaf: a warning.
    let found = check(&[set[0].clone(), set[3].clone()], false);
    assert_eq!(codes(&found), [("S002", Severity::Warning)], "{found:?}");
}
