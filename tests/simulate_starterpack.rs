//! Microsoft's SocialAndLocalAccounts sign-up-or-sign-in journey, read
//! from the conformance folder (`IEF_CONFORMANCE_DIR`, default
//! `../shared/ief`) and simulated: local sign-in, local sign-up, a first
//! Facebook sign-in.

mod common;

use ief::import::{import_str, Imported};
use ief::resolve::{resolve_set, EffectivePolicy};
use ief::simulate::{claims, End, Simulation, Trace, Value};

const OBJECT_ID: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// The set's relying party `B2C_1A_signup_signin`, merged with its chain.
fn sign_up_or_sign_in() -> EffectivePolicy {
    let dir = common::conformance_dir().join("starterpack/SocialAndLocalAccounts");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    paths.sort();
    let files: Vec<Imported> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read");
            import_str(&text, p.display().to_string())
                .unwrap_or_else(|e| panic!("{} does not import: {e:?}", p.display()))
        })
        .collect();
    let at = files
        .iter()
        .position(|f| f.policy.policy_id.id() == "B2C_1A_signup_signin")
        .expect("SignUpOrSignin.xml");
    resolve_set(&files).policies.swap_remove(at)
}

fn base(effective: &EffectivePolicy) -> Simulation<'_> {
    Simulation::of(effective)
        .resolver(
            "Policy:TenantObjectId",
            "11111111-2222-4333-8444-555555555555",
        )
        .resolver("OIDC:LoginHint", "")
}

fn run(sim: Simulation<'_>) -> Trace {
    sim.run().unwrap_or_else(|e| panic!("{e}"))
}

fn skip(trace: &Trace, order: i32) -> String {
    trace
        .step(order)
        .and_then(|s| s.skipped_by())
        .map(ToString::to_string)
        .unwrap_or_else(|| panic!("step {order} was not skipped:\n{trace}"))
}

/// The sign-in page, checked by `login-NonInteractive`: steps 1, 5, 7.
#[test]
fn local_sign_in() {
    let eff = sign_up_or_sign_in();
    let trace = run(base(&eff)
        .choose("LocalAccountSigninEmailExchange")
        .returns(
            "SelfAsserted-LocalAccountSignin-Email",
            claims! { "signInName" => "kim@example.com", "password" => "s3cret!" },
        )
        .returns_with("login-NonInteractive", |call| {
            // The input claims with their defaults, by claim id.
            assert_eq!(call.inputs["signInName"], "kim@example.com");
            assert_eq!(call.inputs["password"], "s3cret!");
            assert_eq!(call.inputs["grant_type"], "password");
            assert_eq!(call.inputs["scope"], "openid");
            assert_eq!(call.inputs["nca"], "1");
            Ok(claims! { "oid" => OBJECT_ID })
        })
        .returns(
            "AAD-UserReadUsingObjectId",
            claims! {
                "displayName" => "Kim Lee",
                "givenName" => "Kim",
                "surname" => "Lee",
            },
        ));
    assert_eq!(trace.taken_orders(), [1, 5, 7], "{trace}");
    assert_eq!(skip(&trace, 2), "ClaimsExist objectId");
    assert_eq!(
        skip(&trace, 3),
        "ClaimEquals authenticationSource = localAccountAuthentication"
    );
    assert_eq!(skip(&trace, 4), "ClaimsExist objectId");
    assert_eq!(skip(&trace, 6), "ClaimsExist objectId");
    let token = trace.token().expect("a token");
    assert_eq!(token["sub"], OBJECT_ID);
    assert_eq!(token["givenName"], "Kim");
    assert_eq!(token["tenantId"], "11111111-2222-4333-8444-555555555555");
}

/// The sign-up link of the sign-in page (its `SignUpTarget`) leads to step
/// 2's `SignUpWithLogonEmailExchange`; the sign-up page's validation
/// profile writes the account. Steps 1, 2, 5, 7.
#[test]
fn local_sign_up_writes_the_user() {
    let eff = sign_up_or_sign_in();
    let trace = run(base(&eff)
        .choose("SignUpWithLogonEmailExchange")
        .returns(
            "LocalAccountSignUpWithLogonEmail",
            claims! {
                "email" => "new@example.com",
                "newPassword" => "Pa55word!",
                "reenterPassword" => "Pa55word!",
                "displayName" => "New Person",
                "givenName" => "New",
                "surname" => "Person",
            },
        )
        .returns_with("AAD-UserWriteUsingLogonEmail", |call| {
            assert_eq!(call.validation_of, Some("LocalAccountSignUpWithLogonEmail"));
            assert_eq!(call.inputs["email"], "new@example.com");
            Ok(claims! { "objectId" => OBJECT_ID, "newClaimsPrincipalCreated" => true })
        })
        .returns("AAD-UserReadUsingObjectId", claims! {}));
    assert_eq!(trace.taken_orders(), [1, 2, 5, 7], "{trace}");
    let step1 = trace.step(1).unwrap();
    assert!(
        matches!(&step1.outcome, ief::simulate::StepOutcome::Selected { exchange } if exchange == "SignUpWithLogonEmailExchange"),
        "{trace}"
    );
    assert_eq!(
        skip(&trace, 3),
        "ClaimEquals authenticationSource = localAccountAuthentication"
    );
    let writes = trace.steps_running("AAD-UserWriteUsingLogonEmail");
    assert_eq!(writes.iter().map(|a| a.order).collect::<Vec<_>>(), [2]);
    let after_2 = &trace.step(2).unwrap().claims;
    assert_eq!(after_2["objectId"], OBJECT_ID);
    assert_eq!(after_2["newUser"], true);
    assert_eq!(
        after_2["authenticationSource"],
        "localAccountAuthentication"
    );
    assert_eq!(after_2["executed-SelfAsserted-Input"], "true");
    let token = trace.token().expect("a token");
    assert_eq!(token["sub"], OBJECT_ID);
    assert_eq!(token["email"], "new@example.com");
    assert_eq!(token["displayName"], "New Person");
}

/// A first Facebook sign-in: no account yet, so step 4's page collects the
/// profile and its validation profile creates the account. Steps 1, 2, 3,
/// 4, 7.
#[test]
fn social_first_sign_in() {
    let eff = sign_up_or_sign_in();
    let trace = run(base(&eff)
        .with_method("CreateRandomString", |_| {
            Ok(claims! { "outputClaim" => "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" })
        })
        .with_method("CreateAlternativeSecurityId", |call| {
            let part = |tct: &str| call.inputs.get(tct).map(Value::text).unwrap_or_default();
            Ok(claims! {
                "alternativeSecurityId" => format!("{}|{}", part("identityProvider"), part("key")),
            })
        })
        .choose("FacebookExchange")
        .returns(
            "Facebook-OAUTH",
            claims! {
                "id" => "10001",
                "first_name" => "Sam",
                "last_name" => "Social",
                "name" => "Sam Social",
                "email" => "sam@example.com",
            },
        )
        .returns("AAD-UserReadUsingAlternativeSecurityId-NoError", claims! {})
        .returns("SelfAsserted-Social", claims! { "displayName" => "Sam S." })
        .returns_with("AAD-UserWriteUsingAlternativeSecurityId", |call| {
            assert_eq!(call.inputs["alternativeSecurityId"], "facebook.com|10001");
            assert_eq!(call.claims["otherMails"], Value::from(["sam@example.com"]));
            Ok(claims! { "objectId" => OBJECT_ID, "newClaimsPrincipalCreated" => true })
        }));
    assert_eq!(trace.taken_orders(), [1, 2, 3, 4, 7], "{trace}");
    assert_eq!(
        skip(&trace, 5),
        "ClaimEquals authenticationSource = socialIdpAuthentication"
    );
    assert_eq!(skip(&trace, 6), "ClaimsExist objectId");
    assert!(trace.gaps().is_empty(), "{trace}");
    let after_2 = &trace.step(2).unwrap().claims;
    assert_eq!(after_2["identityProvider"], "facebook.com");
    assert_eq!(
        after_2["userPrincipalName"],
        "cpim_6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0@yourtenant.onmicrosoft.com"
    );
    let token = trace.token().expect("a token");
    assert_eq!(token["sub"], OBJECT_ID);
    assert_eq!(token["identityProvider"], "facebook.com");
    assert_eq!(token["displayName"], "Sam S.");
    assert!(matches!(trace.end(), End::TokenIssued { .. }));
}
