//! The claims transformations of the base: the seven a
//! Social-and-Local-accounts base defines, in the starter pack's order.
//!
//! Each is built with the typed constructor of its method
//! ([`crate::methods`]), so a claim of the wrong data type does not compile.

use crate::base::ids::Policy as Base;
use crate::methods::{
    AddItemToStringCollection, AssertBooleanClaimIsEqualToValue, AssertDateTimeIsGreaterThan,
    CreateAlternativeSecurityId, CreateRandomString, CreateStringClaim, FormatStringClaim, Method,
    RandomGeneratorType,
};
use crate::transforms::ClaimsTransformation;

use super::ids::claims::*;
use super::ids::transforms::*;

/// How far apart, in milliseconds, a refresh token's issue time and the
/// revocation time may be and still count as the same instant (5 minutes).
const REFRESH_TOKEN_CLOCK_SKEW_MS: i32 = 300_000;

/// Every claims transformation of the base, in the starter pack's order.
pub fn claims_transformations() -> Vec<ClaimsTransformation<Base>> {
    vec![
        // Adds the email address to the user's other addresses.
        AddItemToStringCollection {
            item: EMAIL,
            collection: OTHER_MAILS,
            output_collection: OTHER_MAILS,
        }
        .into_transformation(CREATE_OTHER_MAILS_FROM_EMAIL),
        // A GUID as the unique part of a new user's principal name.
        CreateRandomString {
            random_generator_type: RandomGeneratorType::Guid,
            string_format: None,
            base64: None,
            maximum_number: None,
            seed: None,
            output_claim: UPN_USER_NAME,
        }
        .into_transformation(CREATE_RANDOM_UPN_USER_NAME),
        // The principal name in the tenant's domain.
        FormatStringClaim {
            input_claim: UPN_USER_NAME,
            string_format: "cpim_{0}@{RelyingPartyTenantId}".into(),
            output_claim: USER_PRINCIPAL_NAME,
        }
        .into_transformation(CREATE_USER_PRINCIPAL_NAME),
        // The key that links a federated account to its directory user.
        CreateAlternativeSecurityId {
            key: ISSUER_USER_ID,
            identity_provider: IDENTITY_PROVIDER,
            alternative_security_id: ALTERNATIVE_SECURITY_ID,
        }
        .into_transformation(CREATE_ALTERNATIVE_SECURITY_ID),
        // `sub` of federated users. The value is a literal B2C writes into
        // tokens, so it stays the starter pack's text.
        CreateStringClaim {
            value: "Not supported currently. Use oid claim.".into(),
            created_claim: SUB,
        }
        .into_transformation(CREATE_SUBJECT_CLAIM_FROM_ALTERNATIVE_SECURITY_ID),
        // Stops a sign-in when the account is disabled.
        AssertBooleanClaimIsEqualToValue {
            input_claim: ACCOUNT_ENABLED,
            value_to_compare_to: true,
        }
        .into_transformation(ASSERT_ACCOUNT_ENABLED_IS_TRUE),
        // Refuses a refresh token issued before the user's tokens were revoked.
        AssertDateTimeIsGreaterThan {
            left_operand: REFRESH_TOKEN_ISSUED_ON_DATE_TIME,
            right_operand: REFRESH_TOKENS_VALID_FROM_DATE_TIME,
            assert_if_equal_to: Some(false),
            assert_if_right_operand_is_not_present: Some(true),
            treat_as_equal_if_within_millseconds: Some(REFRESH_TOKEN_CLOCK_SKEW_MS),
        }
        .into_transformation(ASSERT_REFRESH_TOKEN_ISSUED_LATER_THAN_VALID_FROM_DATE),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transformations_match_the_starter_pack() {
        let theirs = super::super::claims::starter_pack::policy("TrustFrameworkBase.xml")
            .building_blocks
            .claims_transformations;
        let ours = crate::refs::Erase::erase(claims_transformations());
        assert_eq!(ours.len(), 7);
        let ids =
            |v: &[ClaimsTransformation]| v.iter().map(|t| t.id.id().to_owned()).collect::<Vec<_>>();
        assert_eq!(ids(&ours), ids(&theirs), "transformation ids and order");
        // Method, claims with their TransformationClaimTypes, and parameters
        // (id, data type, value): the whole element is fact, no prose.
        for (o, t) in ours.iter().zip(&theirs) {
            assert_eq!(o, t, "{}", o.id.id());
        }
    }
}
