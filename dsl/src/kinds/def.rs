//! What `ief::define!` expands to: a claim type or a technical profile
//! under construction, with short methods for the settings people write
//! most. Each item of a definition (`help "…";`, `key client_secret =
//! "…";`, `token Jwt;`) becomes a call of the method of that name, so a
//! misspelt item is rustc's "no method named …" on the user's token.
//!
//! These types can be used without the macro too; they end in
//! [`ClaimDef::finish`] and [`ProfileDef::finish`].

use crate::claims::{ClaimType, Mask, PartnerClaimType, Pattern, Restriction, UserInputType};
use crate::providers::{
    CryptographicKey, DisplayClaim, EnabledForUserJourneys, MetadataItem, PersistedClaim,
    ProfileClaim, ProfileReference, Protocol, ProtocolName, SubjectNamingInfo, TechnicalProfile,
    TokenFormat, TransformReference, ValidationTechnicalProfile,
};
use crate::refs::{ClaimDataType, ProfileRef, TransformRef};

use super::table::ProfileKind;

/// A claim type being defined.
#[derive(Debug, Clone)]
#[must_use = "a definition is used once finished (`.finish()`)"]
pub struct ClaimDef<P> {
    claim: ClaimType<P>,
}

impl<P> ClaimDef<P> {
    /// Starts the claim type of `claim` (its id and data type) with its
    /// display name.
    pub fn new<T: ClaimDataType>(claim: &crate::refs::Claim<T, P>, display_name: &str) -> Self {
        ClaimDef::declare(claim).display_name(display_name)
    }

    /// Starts the claim type of `claim`, this policy's own (its id and
    /// data type).
    pub fn declare<T: ClaimDataType>(claim: &crate::refs::Claim<T, P>) -> Self {
        ClaimDef {
            claim: ClaimType::declare(claim).build(),
        }
    }

    /// Starts the restatement of `claim`, a claim type of the base chain
    /// (its id, no data type: the base's stands).
    pub fn restate<T: ClaimDataType, O>(claim: &crate::refs::Claim<T, O>) -> Self
    where
        P: crate::refs::Sees<O>,
    {
        ClaimDef {
            claim: ClaimType::restate(claim).build(),
        }
    }

    /// `DisplayName`.
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.claim.display_name = Some(name.into());
        self
    }

    /// `UserHelpText`.
    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.claim.user_help_text = Some(text.into());
        self
    }

    /// `AdminHelpText`.
    pub fn admin_help(mut self, text: impl Into<String>) -> Self {
        self.claim.admin_help_text = Some(text.into());
        self
    }

    /// `UserInputType`.
    pub fn input(mut self, input: UserInputType) -> Self {
        self.claim.user_input_type = Some(input);
        self
    }

    /// `Restriction/Pattern`: the value must match `regex`; `help` is
    /// shown when it does not.
    pub fn pattern(mut self, regex: impl Into<String>, help: impl Into<String>) -> Self {
        self.claim.restriction = Some(Restriction::pattern(Pattern {
            regular_expression: regex.into(),
            help_text: Some(help.into()),
        }));
        self
    }

    /// `Restriction`, any shape.
    pub fn restriction(mut self, restriction: Restriction) -> Self {
        self.claim.restriction = Some(restriction);
        self
    }

    /// `DefaultPartnerClaimTypes/Protocol`: what `protocol` calls the claim.
    pub fn partner(mut self, protocol: ProtocolName, name: impl Into<String>) -> Self {
        self.claim
            .default_partner_claim_types
            .push(PartnerClaimType::new(protocol, name));
        self
    }

    /// Several `DefaultPartnerClaimTypes/Protocol` at once.
    pub fn partners(mut self, partners: impl IntoIterator<Item = PartnerClaimType>) -> Self {
        self.claim.default_partner_claim_types.extend(partners);
        self
    }

    /// `Mask`.
    pub fn mask(mut self, mask: Mask) -> Self {
        self.claim.mask = Some(mask);
        self
    }

    /// The claim type.
    pub fn finish(self) -> ClaimType<P> {
        self.claim
    }
}

/// A technical profile being defined, of a kind of the [table](super::table).
#[derive(Debug, Clone)]
#[must_use = "a definition is used once finished (`.finish()`)"]
pub struct ProfileDef<P> {
    profile: TechnicalProfile<P>,
}

/// `"true"` or `"false"`.
#[doc(hidden)]
pub fn flag(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

impl<P> ProfileDef<P> {
    /// Starts profile `id` of `kind`: its protocol and handler, and a token
    /// issuer's `OutputTokenFormat`.
    pub fn new(id: ProfileRef<P>, kind: &ProfileKind) -> Self {
        let mut profile = TechnicalProfile::new(id).build();
        profile.protocol = Some(match kind.handler {
            Some(handler) => Protocol::proprietary(format!(
                "Web.TPEngine.{handler}, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"
            )),
            None => Protocol::new(kind.protocol),
        });
        profile.output_token_format = kind.output_token_format;
        ProfileDef { profile }
    }

    /// Starts a restatement of profile `id` (a base profile this policy
    /// changes): no protocol of its own.
    pub fn restate(id: ProfileRef<P>) -> Self {
        ProfileDef {
            profile: TechnicalProfile::new(id).build(),
        }
    }

    /// `DisplayName`.
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.profile.display_name = Some(name.into());
        self
    }

    /// `Description`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.profile.description = Some(text.into());
        self
    }

    /// `Domain`.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.profile.domain = Some(domain.into());
        self
    }

    /// A `Metadata/Item`, in the order given (the macro checks the key
    /// against the kind's table first).
    pub fn meta(mut self, key: &str, value: impl Into<String>) -> Self {
        self.profile.metadata.push(MetadataItem::new(key, value));
        self
    }

    /// `CryptographicKeys/Key`: the key `id` kept in the policy key
    /// `storage` (`B2C_1A_…`).
    pub fn key(mut self, id: &str, storage: impl Into<String>) -> Self {
        self.profile
            .cryptographic_keys
            .push(CryptographicKey::new(id, storage.into()));
        self
    }

    /// `OutputTokenFormat`.
    pub fn token(mut self, format: TokenFormat) -> Self {
        self.profile.output_token_format = Some(format);
        self
    }

    /// `InputTokenFormat`.
    pub fn input_token(mut self, format: TokenFormat) -> Self {
        self.profile.input_token_format = Some(format);
        self
    }

    /// `IncludeInSso`.
    pub fn sso(mut self, include: bool) -> Self {
        self.profile.include_in_sso = Some(include);
        self
    }

    /// `EnabledForUserJourneys`.
    pub fn enabled(mut self, when: EnabledForUserJourneys) -> Self {
        self.profile.enabled_for_user_journeys = Some(when);
        self
    }

    /// `SubjectNamingInfo/@ClaimType`.
    pub fn subject(mut self, claim_type: impl Into<String>) -> Self {
        self.profile.subject_naming_info =
            Some(SubjectNamingInfo::builder().claim_type(claim_type).build());
        self
    }

    /// `InputClaims`.
    pub fn input_claims(mut self, claims: Vec<ProfileClaim<P>>) -> Self {
        self.profile.input_claims.extend(claims);
        self
    }

    /// `OutputClaims`.
    pub fn output_claims(mut self, claims: Vec<ProfileClaim<P>>) -> Self {
        self.profile.output_claims.extend(claims);
        self
    }

    /// `PersistedClaims`.
    pub fn persisted_claims(mut self, claims: Vec<ProfileClaim<P>>) -> Self {
        self.profile
            .persisted_claims
            .extend(claims.into_iter().map(|c| PersistedClaim {
                claim: c.claim,
                partner_claim_type: c.partner_claim_type,
                default_value: c.default_value,
                overwrite_if_exists: None,
                always_use_default_value: c.always_use_default_value,
            }));
        self
    }

    /// `DisplayClaims` (claims only; display controls through the builder).
    pub fn display_claims(mut self, claims: Vec<ProfileClaim<P>>) -> Self {
        self.profile
            .display_claims
            .extend(claims.into_iter().map(|c| DisplayClaim {
                claim: Some(c.claim),
                display_control: None,
                required: c.required,
            }));
        self
    }

    /// `InputClaimsTransformations`.
    pub fn input_transforms(mut self, transforms: Vec<TransformRef<P>>) -> Self {
        self.profile.input_claims_transformations.extend(
            transforms
                .into_iter()
                .map(|reference| TransformReference { reference }),
        );
        self
    }

    /// `OutputClaimsTransformations`.
    pub fn output_transforms(mut self, transforms: Vec<TransformRef<P>>) -> Self {
        self.profile.output_claims_transformations.extend(
            transforms
                .into_iter()
                .map(|reference| TransformReference { reference }),
        );
        self
    }

    /// `ValidationTechnicalProfiles`, each run without conditions.
    pub fn validations(mut self, profiles: Vec<ProfileRef<P>>) -> Self {
        self.profile.validation_technical_profiles.extend(
            profiles
                .into_iter()
                .map(|p| ValidationTechnicalProfile::builder().reference(p).build()),
        );
        self
    }

    /// `ValidationTechnicalProfiles`, any shape (conditions, continue on
    /// error).
    pub fn validation(mut self, validation: ValidationTechnicalProfile<P>) -> Self {
        self.profile.validation_technical_profiles.push(validation);
        self
    }

    /// `UseTechnicalProfileForSessionManagement`.
    pub fn session(mut self, manager: ProfileRef<P>) -> Self {
        self.profile.session_management = Some(ProfileReference { reference: manager });
        self
    }

    /// `IncludeTechnicalProfile`.
    pub fn include(mut self, profile: ProfileRef<P>) -> Self {
        self.profile.include_technical_profile = Some(ProfileReference { reference: profile });
        self
    }

    /// `IncludeClaimsFromTechnicalProfile`.
    pub fn include_claims_from(mut self, profile: ProfileRef<P>) -> Self {
        self.profile.include_claims_from_technical_profile = Some(profile);
        self
    }

    /// Changes the profile underneath, for what these methods do not cover.
    pub fn with(mut self, change: impl FnOnce(&mut TechnicalProfile<P>)) -> Self {
        change(&mut self.profile);
        self
    }

    /// The technical profile.
    pub fn finish(self) -> TechnicalProfile<P> {
        self.profile
    }
}
