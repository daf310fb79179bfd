//! The compile-time layer at work on code that compiles: handles declared
//! in Rust and read from XML, resolved through an inheritance chain, and a
//! checked journey that equals the one built by hand.

use ief::journeys::{StepType, UserJourney};
use ief::refs::types::Str;
use ief::refs::Claim;

// The quickstart base, as the XML file a team would keep.
ief::include_policy!(pub policy qs_base = "generated/quickstart/TrustFrameworkBase.xml");
ief::include_policy!(pub policy qs_ext = "generated/quickstart/TrustFrameworkExtensions.xml": qs_base);

ief::declare! {
    /// A Rust policy on top of the XML chain.
    pub policy loyalty = "B2C_1A_QS_Loyalty": qs_ext {
        claims {
            /// The customer's loyalty number.
            LOYALTY_ID: Str = "loyaltyId";
        }
        profiles {
            REST_LOYALTY_LOOKUP = "REST-LoyaltyLookup";
        }
        journeys {
            LOYALTY_SIGN_UP = "LoyaltySignUp";
        }
    }
}

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

#[test]
fn handles_read_from_xml_carry_ids_and_types() {
    let email: &Claim<Str, qs_base::Policy> = &qs_base::claims::EMAIL;
    assert_eq!(email.id(), "email");
    assert_eq!(
        qs_base::claims::ACCEPTED_TERMS.data_type(),
        ief::claims::DataType::Boolean
    );
    assert_eq!(
        qs_base::profiles::SELF_ASSERTED_COLLECT_PROFILE.id(),
        "SelfAsserted-CollectProfile"
    );
    assert_eq!(qs_base::profiles::SM_JWT_ISSUER.id(), "SM-jwt-issuer");
    assert_eq!(
        qs_base::transforms::CREATE_DISPLAY_NAME_FROM_GIVEN_NAME_AND_SURNAME.id(),
        "CreateDisplayNameFromGivenNameAndSurname"
    );
    assert_eq!(
        qs_base::content_definitions::API_SELFASSERTED.id(),
        "api.selfasserted"
    );
    assert_eq!(qs_base::journeys::PROFILE_COLLECT.id(), "ProfileCollect");
    assert_eq!(qs_base::POLICY_ID, "B2C_1A_QS_TrustFrameworkBase");
    assert_eq!(qs_ext::POLICY.id(), "B2C_1A_QS_TrustFrameworkExtensions");
}

#[test]
fn scopes_see_the_whole_chain() {
    // Own ids and every ancestor's, through one path.
    assert_eq!(loyalty::scope::claims::LOYALTY_ID.id(), "loyaltyId");
    assert_eq!(loyalty::scope::claims::EMAIL.id(), "email");
    assert_eq!(
        loyalty::scope::content_definitions::API_SELFASSERTED.id(),
        "api.selfasserted"
    );
    assert_eq!(loyalty::scope::profiles::JWT_ISSUER.id(), "JwtIssuer");
    // The extensions file restates api.selfasserted; its own module has it too.
    assert_eq!(
        qs_ext::content_definitions::API_SELFASSERTED.id(),
        "api.selfasserted"
    );
}

#[test]
fn checked_journey_equals_the_hand_built_one() {
    let checked: UserJourney<qs_base::Policy> = ief::journey! {
        scope = qs_ext::scope;
        journey PROFILE_COLLECT (default_issuer = JWT_ISSUER) {
            ClaimsExchange {
                exchange CollectProfile = SELF_ASSERTED_COLLECT_PROFILE;
            }
            SendClaims (issuer = JWT_ISSUER);
        }
    };
    let set = quickstart::policy_set();
    let (_, base) = set.files().next().expect("base policy");
    assert_eq!(base.user_journeys, vec![ief::refs::Erase::erase(checked)]);
}

#[test]
fn journeys_with_selections_preconditions_and_sub_journeys() {
    let j = ief::journey! {
        scope = loyalty::scope;
        journey LOYALTY_SIGN_UP (default_issuer = JWT_ISSUER) {
            1: ClaimsProviderSelection (content = API_SELFASSERTED) {
                select target CollectExchange;
                select target LookupExchange;
            }
            2: ClaimsExchange {
                skip_if_exists LOYALTY_ID;
                exchange CollectExchange = SELF_ASSERTED_COLLECT_PROFILE;
                exchange LookupExchange = REST_LOYALTY_LOOKUP;
            }
            3: ClaimsExchange {
                skip_unless_equals ACCEPTED_TERMS = "true";
                exchange Lookup2 = REST_LOYALTY_LOOKUP;
            }
            4: SendClaims (issuer = JWT_ISSUER);
        }
    };
    assert_eq!(j.steps.len(), 4);
    assert_eq!(j.steps[0].step_type, StepType::ClaimsProviderSelection);
    let sel = j.steps[0].selections.as_ref().expect("selections");
    assert_eq!(
        sel.selections[1].target.as_ref().map(|t| t.id()),
        Some("LookupExchange")
    );
    let ex = j.steps[1].exchanges.as_ref().expect("exchanges");
    assert_eq!(ex.exchanges[1].profile.id(), "REST-LoyaltyLookup");
    assert_eq!(
        j.steps[1].preconditions[0].values,
        vec!["loyaltyId".to_string()]
    );
    assert_eq!(
        j.steps[2].preconditions[0].values,
        vec!["acceptedTerms".to_string(), "true".to_string()]
    );
    assert!(!j.steps[2].preconditions[0].execute_actions_if);
    // The same rules run at run time and agree.
    assert!(
        ief::check::journey::check(&ief::check::journey::JourneyShape::of_journey(&j)).is_empty()
    );
}

#[test]
fn a_step_after_send_claims_compiles() {
    // Microsoft's Application Insights guide records the completed sign-in
    // in a step right after SendClaims; B2C accepts it, and so does J008.
    let j = ief::journey! {
        scope = loyalty::scope;
        journey LOYALTY_SIGN_UP (default_issuer = JWT_ISSUER) {
            ClaimsExchange {
                exchange CollectExchange = SELF_ASSERTED_COLLECT_PROFILE;
            }
            SendClaims (issuer = JWT_ISSUER);
            ClaimsExchange {
                exchange TrackSignInComplete = REST_LOYALTY_LOOKUP;
            }
        }
    };
    assert_eq!(j.steps[1].step_type, StepType::SendClaims);
    assert_eq!(j.steps[2].step_type, StepType::ClaimsExchange);
    assert_eq!(j.steps[2].order, 3);
}
