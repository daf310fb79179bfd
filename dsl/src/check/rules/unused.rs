//! H001–H009: elements that nothing reachable from a relying party uses.
//!
//! Each relying party of the set is a root: its journeys (default and
//! endpoints), its technical profile's claims, `SubjectNamingInfo` and
//! claim resolvers; so is every journey and sub-journey of its chain
//! (they are not reported: a shared base holds journeys that only some sets
//! start, and removing what one runs would break it on upload), and B2C's
//! own uses (the engine's default profile, the error page's content
//! definition). From there the walk follows what the checker's index
//! ([`crate::check::index`]) records each element referencing: a journey's
//! steps (claims exchanges, token issuers, content definitions,
//! preconditions, sub-journeys), a profile's claims, transformations,
//! validation profiles, includes, session manager, input token sources and
//! `From`s, a transformation's claims, a claim type's predicate or input
//! validation, a validation's predicates, a content definition's localized
//! resources, a display control's claims and action profiles, and the uses
//! B2C reads at run time without checking them at upload
//! ([`crate::check::index::FileIndex::uses`]: claim resolvers, metadata
//! items that name a claim, a journey or a profile, `SubjectNamingInfo`,
//! `IncludeClaimsFromTechnicalProfile`). Elements are keyed by kind and id
//! ignoring case, as B2C merges them along a chain: what any declaration
//! of an element references (the base's or a child's restatement) counts.
//!
//! An element is used when the walk from some relying party whose chain
//! holds its file reaches it. So whatever references a dead element is
//! dead too, and removing every reported element together leaves no
//! reference dangling. The findings are reported once per element, at its
//! first definition along the chain; a restatement in a child is reported
//! on its own only when the element it restates is used elsewhere.
//! Nothing is reported for a set without a relying party (a base checked
//! alone is a library), for a file that no relying party's chain holds
//! (what uses it is not in the set), or for a file on a chain that is
//! broken (P001, P002) or has an unresolved reference (R001–R012: what the
//! misspelt reference was meant for would look unused).

use crate::hash::{HashMap, HashSet, Uncased};

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::index::{FileIndex, RefKind};
use crate::check::{Category, Severity};
use crate::resolve::SourcePath;

/// An element: its kind and id (compared ignoring case), borrowed from
/// the index.
type Key<'a> = (RefKind, Uncased<'a>);

/// The profile B2C's engine runs itself (the starter pack defines it, and
/// no policy references it).
const ENGINE_PROFILE: &str = "TpEngine_c3bd4fe2-1775-4013-b91d-35f16d377d13";

/// The content definition of B2C's error page, which B2C renders by its id
/// when a journey fails (no policy references it).
const ERROR_PAGE: &str = "api.error";

const SOURCE: &str = "FACTS.md §6 (merge by Id along the chain, references resolve ignoring \
    case) and §5 (metadata keys that name claims); Microsoft Learn: \"ContentDefinitions\" \
    (`api.error` is the error page), \"Define a technical profile for a JWT token issuer\" \
    (`RefreshTokenUserJourneyId`, `issuer_refresh_token_user_identity_claim_type`), \
    \"Claim resolvers\"";

/// What every explanation says after its first sentences.
macro_rules! tail {
    () => {
        " The walk starts at each relying party of the set (its journeys, its technical \
        profile's claims and `SubjectNamingInfo`) and at every journey and sub-journey of its \
        chain (journeys are not reported: a shared base holds journeys some sets do not \
        start, and removing what one runs would break its upload), and follows every \
        reference the checker knows, through validation and included profiles, session \
        managers, transformations, display controls, predicates, content definitions and \
        localized resources, and the uses B2C reads without checking them (claim resolvers \
        such as `{Claim:email}`, metadata items that name a claim, a journey or a profile). \
        What a base defines and only a child uses is used; whatever refers to a dead element \
        is dead too, so removing all reported elements leaves no reference dangling. A dead \
        definition is not an upload error, but it is read by every reviewer, kept in step \
        with renames, and counts towards the 1024 KB file limit; it is also where a \
        half-removed feature hides. The finding is made once per element, at its first \
        definition along the chain. Nothing is reported for a set without a relying party (a \
        base and its extensions checked alone are a library), for files no relying party's \
        chain holds, or for chains that are broken or have an unresolved reference (fix the \
        error first). Fix: remove the element (and its localized strings), or reference it \
        where it was meant to run; when a relying party outside the checked folder uses it, \
        check that file with the set, or allow the code for this id in the project's \
        configuration."
    };
}

/// The claim type `signInTime` (inside `<ClaimsSchema>`).
macro_rules! sign_in_time {
    () => {
        r#"      <ClaimType Id="signInTime">
        <DataType>dateTime</DataType>
      </ClaimType>
"#
    };
}

/// The transformation `GetSignInTime` (inside `<ClaimsTransformations>`).
macro_rules! get_sign_in_time {
    () => {
        r#"      <ClaimsTransformation Id="GetSignInTime" TransformationMethod="GetCurrentDateTime">
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="signInTime" TransformationClaimType="currentDateTime" />
        </OutputClaims>
      </ClaimsTransformation>
"#
    };
}

/// The claims providers of the examples: the token issuer, and the
/// profile `SetSignInTime` that runs `GetSignInTime` (with the output
/// claims `$outputs` too); `$more` goes into the second provider.
macro_rules! providers {
    ([$($outputs:expr),*], [$($more:expr),*]) => {
        concat!(
            "  <ClaimsProviders>\n",
            issuer!(),
            r#"    <ClaimsProvider>
      <DisplayName>Clock</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="SetSignInTime">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="signInTime" />
"#,
            $($outputs,)*
            r#"          </OutputClaims>
          <OutputClaimsTransformations>
            <OutputClaimsTransformation ReferenceId="GetSignInTime" />
          </OutputClaimsTransformations>
        </TechnicalProfile>
"#,
            $($more,)*
            "      </TechnicalProfiles>\n    </ClaimsProvider>\n  </ClaimsProviders>\n"
        )
    };
}

/// The journey `SignIn` of the examples (`SetSignInTime`, then a token)
/// and the relying party that starts it.
macro_rules! journey_and_relying_party {
    () => {
        concat!(
            r#"  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="SetSignInTime" TechnicalProfileReferenceId="SetSignInTime" />
          </ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
"#,
            relying_party!()
        )
    };
}

/// An example set of one file, `SignUpOrSignin.xml`, built around
/// `signInTime`, `GetSignInTime`, `SetSignInTime` and the journey
/// `SignIn`. The slots, in document order: claim types after
/// `signInTime`; building blocks before the transformations (predicates,
/// validations); transformations after `GetSignInTime`; building blocks
/// after the transformations (content definitions, localization, display
/// controls); output claims of `SetSignInTime` after `signInTime`; profiles
/// after `SetSignInTime`.
macro_rules! example {
    (
        claims: [$($claims:expr),* $(,)?],
        validations: [$($validations:expr),* $(,)?],
        transforms: [$($transforms:expr),* $(,)?],
        pages: [$($pages:expr),* $(,)?],
        outputs: [$($outputs:expr),* $(,)?],
        profiles: [$($profiles:expr),* $(,)?]
    ) => {
        &[Example {
            file: "SignUpOrSignin.xml",
            xml: policy!(
                "B2C_1A_signup_signin",
                "  <BuildingBlocks>\n    <ClaimsSchema>\n",
                sign_in_time!(),
                $($claims,)*
                "    </ClaimsSchema>\n",
                $($validations,)*
                "    <ClaimsTransformations>\n",
                get_sign_in_time!(),
                $($transforms,)*
                "    </ClaimsTransformations>\n",
                $($pages,)*
                "  </BuildingBlocks>\n",
                providers!([$($outputs),*], [$($profiles),*]),
                journey_and_relying_party!()
            ),
        }]
    };
}

/// [`example!`] with nothing added.
macro_rules! plain_example {
    () => {
        example!(claims: [], validations: [], transforms: [], pages: [], outputs: [], profiles: [])
    };
}

/// A claim type `nickname` whose values must pass `NicknameRules`.
macro_rules! nickname_claim {
    () => {
        r#"      <ClaimType Id="nickname">
        <DataType>string</DataType>
        <PredicateValidationReference Id="NicknameRules" />
      </ClaimType>
"#
    };
}

/// The predicates and the predicate validation of `nickname`.
macro_rules! nickname_rules {
    () => {
        r#"    <Predicates>
      <Predicate Id="ShortEnough" Method="IsLengthRange">
        <Parameters>
          <Parameter Id="Minimum">1</Parameter>
          <Parameter Id="Maximum">32</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <PredicateValidations>
      <PredicateValidation Id="NicknameRules">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="ShortEnough" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
"#
    };
}

/// The output claim that makes `SetSignInTime` write `nickname`.
macro_rules! nickname_output {
    () => {
        "            <OutputClaim ClaimTypeReferenceId=\"nickname\" DefaultValue=\"guest\" />\n"
    };
}

/// H001.
pub(super) static H001: RuleInfo = RuleInfo {
    code: "H001",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every claim type is used by something a relying party reaches",
    explanation: concat!(
        "A claim type is dead when no technical profile, claims transformation, display \
        control, precondition, metadata item or claim resolver that a relying party of the \
        set reaches names it (the relying party's own output claims and `SubjectNamingInfo` \
        are uses). Localized strings for it do not count.",
        tail!()
    ),
    failing: example!(
        claims: [r#"      <ClaimType Id="loyaltyNumber">
        <DataType>string</DataType>
      </ClaimType>
"#],
        validations: [],
        transforms: [],
        pages: [],
        outputs: [],
        profiles: []
    ),
    passing: plain_example!(),
    source: SOURCE,
};

/// H002.
pub(super) static H002: RuleInfo = RuleInfo {
    code: "H002",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every claims transformation is run by something a relying party reaches",
    explanation: concat!(
        "A claims transformation is dead when no technical profile (as an input or output \
        claims transformation) that a relying party of the set reaches runs it.",
        tail!()
    ),
    failing: example!(
        claims: [],
        validations: [],
        transforms: [r#"      <ClaimsTransformation Id="GetSignInTimeAgain" TransformationMethod="GetCurrentDateTime">
        <OutputClaims>
          <OutputClaim ClaimTypeReferenceId="signInTime" TransformationClaimType="currentDateTime" />
        </OutputClaims>
      </ClaimsTransformation>
"#],
        pages: [],
        outputs: [],
        profiles: []
    ),
    passing: plain_example!(),
    source: SOURCE,
};
/// The content definition of the error page (inside
/// `<ContentDefinitions>`), with `$references` in its
/// `LocalizedResourcesReferences`.
macro_rules! error_page {
    ($($references:expr),*) => {
        concat!(
            r#"      <ContentDefinition Id="api.error">
        <LoadUri>~/tenant/templates/AzureBlue/exception.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:globalexception:1.2.1</DataUri>
"#,
            $($references,)*
            "      </ContentDefinition>\n"
        )
    };
}

/// H003.
pub(super) static H003: RuleInfo = RuleInfo {
    code: "H003",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every content definition is shown by something a relying party reaches",
    explanation: concat!(
        "A content definition is dead when no orchestration step and no technical profile \
        (metadata `ContentDefinitionReferenceId`) that a relying party of the set reaches \
        names it. `api.error` is never reported: B2C renders it by that id when a journey \
        fails.",
        tail!()
    ),
    failing: example!(
        claims: [],
        validations: [],
        transforms: [],
        pages: [
            "    <ContentDefinitions>\n",
            error_page!(),
            r#"      <ContentDefinition Id="api.selfasserted.legacy">
        <LoadUri>~/tenant/templates/AzureBlue/selfAsserted.cshtml</LoadUri>
        <DataUri>urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.7</DataUri>
      </ContentDefinition>
"#,
            "    </ContentDefinitions>\n"
        ],
        outputs: [],
        profiles: []
    ),
    passing: example!(
        claims: [],
        validations: [],
        transforms: [],
        pages: ["    <ContentDefinitions>\n", error_page!(), "    </ContentDefinitions>\n"],
        outputs: [],
        profiles: []
    ),
    source: SOURCE,
};

/// H004.
pub(super) static H004: RuleInfo = RuleInfo {
    code: "H004",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every technical profile is run by something a relying party reaches",
    explanation: concat!(
        "A technical profile is dead when no orchestration step (claims exchange or token \
        issuer), validation profile, display-control action, `IncludeTechnicalProfile`, \
        `IncludeClaimsFromTechnicalProfile`, session manager, input token source, `From` or \
        metadata item that a relying party of the set reaches names it. The engine's own \
        profile `TpEngine_c3bd4fe2-1775-4013-b91d-35f16d377d13` is never reported.",
        tail!()
    ),
    failing: example!(
        claims: [],
        validations: [],
        transforms: [],
        pages: [],
        outputs: [],
        profiles: [r#"        <TechnicalProfile Id="SetSignInTime-Old">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="signInTime" />
          </OutputClaims>
        </TechnicalProfile>
"#]
    ),
    passing: plain_example!(),
    source: SOURCE,
};

/// H005.
pub(super) static H005: RuleInfo = RuleInfo {
    code: "H005",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every display control is shown by a profile a relying party reaches",
    explanation: concat!(
        "A display control is dead when no technical profile that a relying party of the set \
        reaches shows it (`DisplayClaim DisplayControlReferenceId`).",
        tail!()
    ),
    failing: example!(
        claims: [r#"      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
"#],
        validations: [],
        transforms: [],
        pages: [r#"    <DisplayControls>
      <DisplayControl Id="emailVerificationControl" UserInterfaceControlType="VerificationControl">
        <DisplayClaims>
          <DisplayClaim ClaimTypeReferenceId="email" Required="true" />
        </DisplayClaims>
      </DisplayControl>
    </DisplayControls>
"#],
        outputs: [r#"            <OutputClaim ClaimTypeReferenceId="email" DefaultValue="someone@contoso.com" />
    "#],
        profiles: []
    ),
    passing: example!(
        claims: [r#"      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
"#],
        validations: [],
        transforms: [],
        pages: [],
        outputs: [r#"            <OutputClaim ClaimTypeReferenceId="email" DefaultValue="someone@contoso.com" />
    "#],
        profiles: []
    ),
    source: SOURCE,
};

/// H006.
pub(super) static H006: RuleInfo = RuleInfo {
    code: "H006",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every predicate is checked by a validation a relying party reaches",
    explanation: concat!(
        "A predicate is dead when no predicate validation or input validation that a claim \
        type reached from a relying party of the set refers to names it.",
        tail!()
    ),
    failing: example!(
        claims: [nickname_claim!()],
        validations: [r#"    <Predicates>
      <Predicate Id="ShortEnough" Method="IsLengthRange">
        <Parameters>
          <Parameter Id="Minimum">1</Parameter>
          <Parameter Id="Maximum">32</Parameter>
        </Parameters>
      </Predicate>
      <Predicate Id="NoDigits" Method="MatchesRegex">
        <Parameters>
          <Parameter Id="RegularExpression">^[^0-9]*$</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <PredicateValidations>
      <PredicateValidation Id="NicknameRules">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="ShortEnough" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
"#],
        transforms: [],
        pages: [],
        outputs: [nickname_output!()],
        profiles: []
    ),
    passing: example!(
        claims: [nickname_claim!()],
        validations: [nickname_rules!()],
        transforms: [],
        pages: [],
        outputs: [nickname_output!()],
        profiles: []
    ),
    source: SOURCE,
};

/// H007.
pub(super) static H007: RuleInfo = RuleInfo {
    code: "H007",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every predicate validation is used by a claim type a relying party reaches",
    explanation: concat!(
        "A predicate validation is dead when no claim type that a relying party of the set \
        reaches refers to it (`PredicateValidationReference`). In the failing example the \
        claim type `nickname` is used, but it is checked with `NicknameRulesV2`: \
        `NicknameRules` is left behind.",
        tail!()
    ),
    failing: example!(
        claims: [r#"      <ClaimType Id="nickname">
        <DataType>string</DataType>
        <PredicateValidationReference Id="NicknameRulesV2" />
      </ClaimType>
"#],
        validations: [r#"    <Predicates>
      <Predicate Id="ShortEnough" Method="IsLengthRange">
        <Parameters>
          <Parameter Id="Minimum">1</Parameter>
          <Parameter Id="Maximum">32</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <PredicateValidations>
      <PredicateValidation Id="NicknameRules">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="ShortEnough" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
      <PredicateValidation Id="NicknameRulesV2">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="ShortEnough" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
"#],
        transforms: [],
        pages: [],
        outputs: [nickname_output!()],
        profiles: []
    ),
    passing: example!(
        claims: [nickname_claim!()],
        validations: [nickname_rules!()],
        transforms: [],
        pages: [],
        outputs: [nickname_output!()],
        profiles: []
    ),
    source: SOURCE,
};

/// H008.
pub(super) static H008: RuleInfo = RuleInfo {
    code: "H008",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every input validation is used by a claim type a relying party reaches",
    explanation: concat!(
        "An input validation (the older form of a predicate validation) is dead when no claim \
        type that a relying party of the set reaches refers to it \
        (`InputValidationReference`).",
        tail!()
    ),
    failing: example!(
        claims: [nickname_claim!()],
        validations: [r#"    <Predicates>
      <Predicate Id="ShortEnough" Method="IsLengthRange">
        <Parameters>
          <Parameter Id="Minimum">1</Parameter>
          <Parameter Id="Maximum">32</Parameter>
        </Parameters>
      </Predicate>
    </Predicates>
    <InputValidations>
      <InputValidation Id="OldNicknameRules">
        <PredicateReferences Id="Length">
          <PredicateReference Id="ShortEnough" />
        </PredicateReferences>
      </InputValidation>
    </InputValidations>
    <PredicateValidations>
      <PredicateValidation Id="NicknameRules">
        <PredicateGroups>
          <PredicateGroup Id="Length">
            <PredicateReferences>
              <PredicateReference Id="ShortEnough" />
            </PredicateReferences>
          </PredicateGroup>
        </PredicateGroups>
      </PredicateValidation>
    </PredicateValidations>
"#],
        transforms: [],
        pages: [],
        outputs: [nickname_output!()],
        profiles: []
    ),
    passing: example!(
        claims: [nickname_claim!()],
        validations: [nickname_rules!()],
        transforms: [],
        pages: [],
        outputs: [nickname_output!()],
        profiles: []
    ),
    source: SOURCE,
};

/// The localization of the examples: English, with the resources
/// `$resources`.
macro_rules! localization {
    ($($resources:expr),*) => {
        concat!(
            r#"    <Localization Enabled="true">
      <SupportedLanguages DefaultLanguage="en">
        <SupportedLanguage>en</SupportedLanguage>
      </SupportedLanguages>
"#,
            $($resources,)*
            "    </Localization>\n"
        )
    };
}

/// The English strings of the error page, as the resources `$id`.
macro_rules! error_strings {
    ($id:literal) => {
        concat!(
            "      <LocalizedResources Id=\"",
            $id,
            r#"">
        <LocalizedStrings>
          <LocalizedString ElementType="UxElement" StringId="error_page_title">Something went wrong</LocalizedString>
        </LocalizedStrings>
      </LocalizedResources>
"#
        )
    };
}

/// H009.
pub(super) static H009: RuleInfo = RuleInfo {
    code: "H009",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every `LocalizedResources` is loaded by a content definition a relying party reaches",
    explanation: concat!(
        "A `LocalizedResources` element is dead when no content definition that a relying \
        party of the set reaches loads it (`LocalizedResourcesReference`): its strings are \
        never shown.",
        tail!()
    ),
    failing: example!(
        claims: [],
        validations: [],
        transforms: [],
        pages: [
            "    <ContentDefinitions>\n",
            error_page!(),
            "    </ContentDefinitions>\n",
            localization!(error_strings!("api.error.en"))
        ],
        outputs: [],
        profiles: []
    ),
    passing: example!(
        claims: [],
        validations: [],
        transforms: [],
        pages: [
            "    <ContentDefinitions>\n",
            error_page!(
                r#"        <LocalizedResourcesReferences>
          <LocalizedResourcesReference Language="en" LocalizedResourcesReferenceId="api.error.en" />
        </LocalizedResourcesReferences>
"#
            ),
            "    </ContentDefinitions>\n",
            localization!(error_strings!("api.error.en"))
        ],
        outputs: [],
        profiles: []
    ),
    source: SOURCE,
};

pub(super) static MODULE: Module = Module {
    rules: &[
        &H001, &H002, &H003, &H004, &H005, &H006, &H007, &H008, &H009,
    ],
    run,
};

/// The rule of each kind reported. Journeys, sub-journeys and client
/// definitions are not: a base commonly holds journeys that only some of
/// the sets built on it start, and a client definition is chosen by the
/// journey that runs.
fn rule_of(kind: RefKind) -> Option<&'static RuleInfo> {
    match kind {
        RefKind::Claim => Some(&H001),
        RefKind::Transform => Some(&H002),
        RefKind::ContentDefinition => Some(&H003),
        RefKind::Profile => Some(&H004),
        RefKind::DisplayControl => Some(&H005),
        RefKind::Predicate => Some(&H006),
        RefKind::PredicateValidation => Some(&H007),
        RefKind::InputValidation => Some(&H008),
        RefKind::LocalizedResources => Some(&H009),
        RefKind::Journey | RefKind::SubJourney | RefKind::ClientDefinition => None,
    }
}

/// The elements of a set numbered: each distinct key (kind, id ignoring
/// case) is hashed once, and the graph of uses is walked on numbers.
#[derive(Default)]
struct Keys<'a>(HashMap<Key<'a>, u32>);

impl<'a> Keys<'a> {
    /// The number of `key`, given on first sight.
    fn number(&mut self, key: Key<'a>) -> u32 {
        let next = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        *self.0.entry(key).or_insert(next)
    }

    /// The number of `key` if it has one.
    fn get(&self, key: &Key<'_>) -> Option<u32> {
        self.0.get(key).copied()
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// What one file's elements use, and what its relying party uses (as
/// [`Keys`] numbers).
#[derive(Default)]
struct Uses {
    /// Element -> the elements its declaration in this file references.
    edges: HashMap<u32, Vec<u32>>,
    /// What the file's relying party references.
    roots: Vec<u32>,
    /// The elements of kinds no rule reports (journeys, sub-journeys,
    /// client definitions) that the file defines: roots too, so that what
    /// they use is used (removing it would break them).
    entries: Vec<u32>,
}

/// The uses of one file: each reference and use of its index, filed under
/// the element whose declaration holds it (by source-map path), or under
/// the relying party.
fn uses_of<'a>(idx: &'a FileIndex, keys: &mut Keys<'a>) -> Uses {
    let mut holders: HashMap<SourcePath, u32> =
        HashMap::with_capacity_and_hasher(idx.defs.len(), Default::default());
    holders.extend(idx.defs.iter().filter_map(|d| {
        let at = d.path.strip_suffix("@Id")?;
        Some((at, keys.number((d.kind, Uncased(&d.id)))))
    }));
    let mut uses = Uses {
        entries: idx
            .defs
            .iter()
            .filter(|d| rule_of(d.kind).is_none())
            .map(|d| keys.number((d.kind, Uncased(&d.id))))
            .collect(),
        ..Uses::default()
    };
    // Localized strings (the soft references) name what they translate;
    // they do not use it.
    let refs = idx.refs.iter().filter(|r| !r.soft).chain(&idx.uses);
    for r in refs {
        let key = keys.number((r.kind, Uncased(&r.id)));
        match holders.get(&r.path.head_element()) {
            Some(h) => uses.edges.entry(*h).or_default().push(key),
            None if r.path.starts_with("TrustFrameworkPolicy/RelyingParty[") => {
                uses.roots.push(key)
            }
            None => {}
        }
    }
    uses
}

fn run(cx: &Context<'_>) {
    let scope: Vec<usize> = cx.scope().collect();
    let relying_parties: Vec<usize> = scope
        .iter()
        .copied()
        .filter(|&i| cx.files[i].policy.relying_party.is_some())
        .collect();
    if relying_parties.is_empty() {
        return;
    }
    let mut in_chains: Vec<usize> = relying_parties
        .iter()
        .flat_map(|&rp| cx.chains[rp].iter().copied())
        .collect();
    in_chains.sort_unstable();
    in_chains.dedup();
    // Room for the keys of the definitions (references mostly name them
    // again), so the table is not grown and hashed again and again.
    let definitions: usize = in_chains.iter().map(|&f| cx.index_of(f).defs.len()).sum();
    let mut keys = Keys(HashMap::with_capacity_and_hasher(
        definitions + 2,
        Default::default(),
    ));
    let starts = [
        keys.number((RefKind::Profile, Uncased(ENGINE_PROFILE))),
        keys.number((RefKind::ContentDefinition, Uncased(ERROR_PAGE))),
    ];
    let uses: HashMap<usize, Uses> = in_chains
        .into_iter()
        .map(|f| (f, uses_of(cx.index_of(f), &mut keys)))
        .collect();
    // For each relying party: what it reaches.
    let reached: Vec<Vec<bool>> = relying_parties
        .iter()
        .map(|&rp| reach(&cx.chains[rp], &uses, rp, &starts, keys.len()))
        .collect();
    // For each file: the relying parties whose chain holds it.
    let mut holders_of: HashMap<usize, Vec<usize>> = HashMap::default();
    for (n, &rp) in relying_parties.iter().enumerate() {
        for &f in &cx.chains[rp] {
            holders_of.entry(f).or_default().push(n);
        }
    }
    // A key never numbered is referenced nowhere: reached by none.
    let unused_in = |file: usize, key: &Key<'_>| -> bool {
        let reached_by = |n: usize| {
            keys.get(key)
                .is_some_and(|k| reached[n].get(k as usize).copied().unwrap_or(false))
        };
        holders_of
            .get(&file)
            .is_some_and(|rps| rps.iter().all(|&n| !reached_by(n)))
    };
    // A chain that is broken (P001, P002) or has an unresolved reference
    // (R001–R012) is not judged: what the missing part or the misspelt
    // reference would use looks unused, and the error comes first.
    let whole: Vec<bool> = relying_parties
        .iter()
        .zip(chains_resolve(cx, &relying_parties))
        .map(|(&rp, resolves)| cx.complete[rp] && resolves)
        .collect();
    let reportable = |file: usize| -> bool {
        holders_of
            .get(&file)
            .is_some_and(|rps| rps.iter().all(|&n| whole[n]))
    };
    // What each file defines, by kind and lowercase id (made on first use).
    let defined: HashMap<usize, std::cell::OnceCell<HashSet<Key<'_>>>> = scope
        .iter()
        .flat_map(|&f| cx.chains[f].iter().copied())
        .map(|f| (f, std::cell::OnceCell::new()))
        .collect();
    let defined_in = |file: usize| -> &HashSet<Key<'_>> {
        defined[&file].get_or_init(|| {
            cx.index_of(file)
                .defs
                .iter()
                .map(|d| (d.kind, Uncased(&d.id)))
                .collect()
        })
    };
    for &file in &scope {
        if !reportable(file) {
            continue;
        }
        let defs = &cx.index_of(file).defs;
        let mut seen: HashSet<Key<'_>> =
            HashSet::with_capacity_and_hasher(defs.len(), Default::default());
        for def in defs {
            let Some(rule) = rule_of(def.kind) else {
                continue;
            };
            // An empty id is I001's finding.
            if def.id.trim().is_empty() {
                continue;
            }
            let key = (def.kind, Uncased(&def.id));
            if !seen.insert(key) || !unused_in(file, &key) {
                continue;
            }
            // A restatement of an element its base defines too: the base's
            // definition carries the finding when it is unused as well.
            let mut restated = false;
            let mut base_unused = false;
            for &a in cx.chains[file].iter().skip(1) {
                if defined_in(a).contains(&key) {
                    restated = true;
                    base_unused |= unused_in(a, &key);
                }
            }
            if base_unused {
                continue;
            }
            let rps: Vec<&str> = holders_of[&file]
                .iter()
                .map(|&n| cx.policy_id(relying_parties[n]))
                .collect();
            let what = if restated {
                format!("the restatement of {} `{}`", def.kind.words(), def.id)
            } else {
                format!("{} `{}`", def.kind.words(), def.id)
            };
            cx.report(
                rule,
                file,
                &def.path.to_string(),
                format!(
                    "{what} is unused: nothing reachable from {} or from a journey of the set refers to it",
                    relying_parties_words(&rps)
                ),
                Some(format!(
                    "remove it, or refer to it where it is meant to run; if a relying party \
                     outside this set uses it, check that file with the set, or allow {} for \
                     `{}` in the project's configuration",
                    rule.code, def.id
                )),
                Some(&def.id),
            );
        }
    }
}

/// What the files of a chain define, and those of their references
/// that none of them defines (ignoring case; localized strings aside).
struct ChainDefs<'a> {
    defined: HashSet<Key<'a>>,
    unresolved: Vec<Key<'a>>,
}

impl<'a> ChainDefs<'a> {
    fn of(cx: &'a Context<'_>, chain: &[usize]) -> Self {
        let defined: HashSet<Key<'a>> = chain
            .iter()
            .flat_map(|&f| cx.index_of(f).defs.iter())
            .map(|d| (d.kind, Uncased(d.id.as_str())))
            .collect();
        let unresolved = chain
            .iter()
            .flat_map(|&f| cx.index_of(f).refs.iter())
            .filter(|r| !r.soft)
            .map(|r| (r.kind, Uncased(r.id.as_str())))
            .filter(|k| !defined.contains(k))
            .collect();
        ChainDefs {
            defined,
            unresolved,
        }
    }
}

/// Whether every reference of the files of each relying party's chain
/// resolves in that chain (ignoring case; localized strings aside). The
/// relying parties of a set share their base's chain: what it defines
/// and leaves unresolved is worked out once per distinct chain below a
/// relying party, and each relying party adds only its own file.
fn chains_resolve<'a>(cx: &'a Context<'_>, relying_parties: &[usize]) -> Vec<bool> {
    let mut below: HashMap<&[usize], ChainDefs<'a>> = HashMap::default();
    relying_parties
        .iter()
        .map(|&rp| {
            let chain = &cx.chains[rp][..];
            let Some((&own, rest)) = chain.split_first() else {
                return true;
            };
            let tail = below.entry(rest).or_insert_with(|| ChainDefs::of(cx, rest));
            let idx = cx.index_of(own);
            let here: HashSet<Key<'_>> = idx
                .defs
                .iter()
                .map(|d| (d.kind, Uncased(d.id.as_str())))
                .collect();
            let known = |k: &Key<'_>| here.contains(k) || tail.defined.contains(k);
            tail.unresolved.iter().all(|k| here.contains(k))
                && idx
                    .refs
                    .iter()
                    .all(|r| r.soft || known(&(r.kind, Uncased(r.id.as_str()))))
        })
        .collect()
}

/// "the relying party `A`", "the relying parties `A` and `B`", "the 5
/// relying parties (`A`, `B`, `C`, …)".
fn relying_parties_words(ids: &[&str]) -> String {
    match ids {
        [one] => format!("the relying party `{one}`"),
        [a, b] => format!("the relying parties `{a}` and `{b}`"),
        [a, b, c] => format!("the relying parties `{a}`, `{b}` and `{c}`"),
        [a, b, c, ..] => format!("the {} relying parties (`{a}`, `{b}`, `{c}`, …)", ids.len()),
        [] => "a relying party".to_owned(),
    }
}

/// Every element reachable from the relying party `rp`, whose chain is
/// `chain`, from `starts` (what B2C runs itself), as a flag per [`Keys`]
/// number (`count` of them).
fn reach(
    chain: &[usize],
    uses: &HashMap<usize, Uses>,
    rp: usize,
    starts: &[u32],
    count: usize,
) -> Vec<bool> {
    let mut seen = vec![false; count];
    let mut todo: Vec<u32> = starts.to_vec();
    if let Some(u) = uses.get(&rp) {
        todo.extend(u.roots.iter().copied());
    }
    let files: Vec<&Uses> = chain.iter().filter_map(|f| uses.get(f)).collect();
    for u in &files {
        todo.extend(u.entries.iter().copied());
    }
    while let Some(key) = todo.pop() {
        let Some(flag) = seen.get_mut(key as usize) else {
            continue;
        };
        if std::mem::replace(flag, true) {
            continue;
        }
        for u in &files {
            if let Some(next) = u.edges.get(&key) {
                todo.extend(
                    next.iter()
                        .copied()
                        .filter(|&k| seen.get(k as usize) == Some(&false)),
                );
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::MODULE;
    use crate::check::set::check_sources;
    use crate::check::Severity;

    use super::super::test_support::policy_file as file;

    type Found = Vec<(&'static str, String, u32, String)>;

    /// The H findings of a set: `(code, file, line, id)`; the set has no
    /// error.
    fn h(files: &[(&str, String)]) -> Found {
        let report = check_sources(files.iter().map(|(n, x)| (*n, x.as_str())));
        let errors: Vec<_> = report.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "the set has errors: {errors:#?}");
        report
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with('H'))
            .inspect(|d| assert_eq!(d.severity, Severity::Warning))
            .map(|d| {
                (
                    d.code,
                    d.file.clone(),
                    d.pos.map_or(0, |p| p.line),
                    d.id.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn ids(found: &Found) -> Vec<(&'static str, &str, &str)> {
        found
            .iter()
            .map(|f| (f.0, f.1.as_str(), f.3.as_str()))
            .collect()
    }

    const CT: &str = "Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";

    /// A journey `id` that runs the profile `tp`, then issues a token.
    fn journey(id: &str, tp: &str) -> String {
        format!(
            r#"<UserJourney Id="{id}"><OrchestrationSteps>
<OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="X" TechnicalProfileReferenceId="{tp}" /></ClaimsExchanges></OrchestrationStep>
<OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
</OrchestrationSteps></UserJourney>
"#
        )
    }

    /// A base with claim types `a`..`e`, a transformation `T1` (`a` ->
    /// `c`), the token issuer, profiles `P1` (writes `a`, runs `T1`) and
    /// `P2` (writes `b`; nothing in the base runs it), and the journey `J1`
    /// (runs `P1`).
    fn base() -> String {
        let claims: String = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|c| format!("<ClaimType Id=\"{c}\"><DataType>string</DataType></ClaimType>\n"))
            .collect();
        file(
            "B2C_1A_Base",
            None,
            &format!(
                r#"<BuildingBlocks><ClaimsSchema>
{claims}</ClaimsSchema>
<ClaimsTransformations>
<ClaimsTransformation Id="T1" TransformationMethod="CopyClaim"><InputClaims><InputClaim ClaimTypeReferenceId="a" TransformationClaimType="inputClaim" /></InputClaims><OutputClaims><OutputClaim ClaimTypeReferenceId="c" TransformationClaimType="outputClaim" /></OutputClaims></ClaimsTransformation>
</ClaimsTransformations>
</BuildingBlocks>
<ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="JwtIssuer"><Protocol Name="OpenIdConnect" /><OutputTokenFormat>JWT</OutputTokenFormat></TechnicalProfile>
<TechnicalProfile Id="P1"><Protocol Name="Proprietary" Handler="{CT}" /><OutputClaims><OutputClaim ClaimTypeReferenceId="a" DefaultValue="x" /></OutputClaims><OutputClaimsTransformations><OutputClaimsTransformation ReferenceId="T1" /></OutputClaimsTransformations></TechnicalProfile>
<TechnicalProfile Id="P2"><Protocol Name="Proprietary" Handler="{CT}" /><OutputClaims><OutputClaim ClaimTypeReferenceId="b" DefaultValue="x" /></OutputClaims></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>
<UserJourneys>
{}</UserJourneys>
"#,
                journey("J1", "P1")
            ),
        )
    }

    /// An extensions file `id` on `base` that defines the journey `J2`
    /// (runs `P2`).
    fn ext_with_j2(id: &str, base: &str) -> String {
        file(
            id,
            Some(base),
            &format!("<UserJourneys>\n{}</UserJourneys>\n", journey("J2", "P2")),
        )
    }

    /// A relying party on `base` that starts `journey`, with `extra` in
    /// its technical profile.
    fn rp(id: &str, base: &str, journey: &str, extra: &str) -> String {
        file(
            id,
            Some(base),
            &format!(
                r#"<RelyingParty><DefaultUserJourney ReferenceId="{journey}" />
<TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect" />{extra}</TechnicalProfile>
</RelyingParty>
"#
            ),
        )
    }

    #[test]
    fn each_failing_example_has_one_finding_of_its_code_and_each_passing_one_none() {
        for rule in MODULE.rules {
            let failing = h(&rule
                .failing
                .iter()
                .map(|e| (e.file, e.xml.to_owned()))
                .collect::<Vec<_>>());
            assert_eq!(
                failing.iter().map(|f| f.0).collect::<Vec<_>>(),
                [rule.code],
                "{}: {failing:?}",
                rule.code
            );
            let passing = h(&rule
                .passing
                .iter()
                .map(|e| (e.file, e.xml.to_owned()))
                .collect::<Vec<_>>());
            assert!(passing.is_empty(), "{}: {passing:?}", rule.code);
        }
    }

    #[test]
    fn what_nothing_reaches_is_reported_at_the_line_of_its_id() {
        let found = h(&[
            ("Base.xml", base()),
            ("SignIn.xml", rp("B2C_1A_SignIn", "B2C_1A_Base", "J1", "")),
        ]);
        // J1 runs P1 (a, T1 -> c); b, d, e and P2 are dead.
        assert_eq!(
            ids(&found),
            [
                ("H001", "Base.xml", "b"),
                ("H001", "Base.xml", "d"),
                ("H001", "Base.xml", "e"),
                ("H004", "Base.xml", "P2")
            ]
        );
        // The claim types `a`..`e` are on lines 5..9, P2 on line 18.
        assert_eq!(found.iter().map(|f| f.2).collect::<Vec<_>>(), [6, 8, 9, 18]);
    }

    #[test]
    fn a_base_element_that_only_one_relying_party_s_chain_uses_is_used() {
        let found = h(&[
            ("Base.xml", base()),
            ("ExtB.xml", ext_with_j2("B2C_1A_ExtB", "B2C_1A_Base")),
            ("A.xml", rp("B2C_1A_A", "B2C_1A_Base", "J1", "")),
            ("B.xml", rp("B2C_1A_B", "B2C_1A_ExtB", "J2", "")),
        ]);
        assert_eq!(
            ids(&found),
            [("H001", "Base.xml", "d"), ("H001", "Base.xml", "e")]
        );
    }

    #[test]
    fn a_journey_nobody_starts_still_uses_what_it_runs() {
        // Removing P2 would break J2 (R003): J2 is a journey of the set
        // (journeys are not reported), so P2 and b are used.
        let found = h(&[
            ("Base.xml", base()),
            ("ExtB.xml", ext_with_j2("B2C_1A_ExtB", "B2C_1A_Base")),
            ("A.xml", rp("B2C_1A_A", "B2C_1A_ExtB", "J1", "")),
        ]);
        assert_eq!(
            ids(&found),
            [("H001", "Base.xml", "d"), ("H001", "Base.xml", "e")]
        );
    }

    #[test]
    fn the_relying_party_output_claims_subject_and_resolvers_are_uses() {
        let extra = r#"<InputClaims><InputClaim ClaimTypeReferenceId="b" DefaultValue="{Claim:e}" /></InputClaims>
<OutputClaims><OutputClaim ClaimTypeReferenceId="d" DefaultValue="x" /></OutputClaims>
<SubjectNamingInfo ClaimType="E" />"#;
        let found = h(&[
            ("Base.xml", base()),
            (
                "SignIn.xml",
                rp("B2C_1A_SignIn", "B2C_1A_Base", "J1", extra),
            ),
        ]);
        assert_eq!(ids(&found), [("H004", "Base.xml", "P2")]);
    }

    #[test]
    fn a_set_without_a_relying_party_reports_nothing() {
        assert!(h(&[("Base.xml", base())]).is_empty());
    }

    #[test]
    fn what_a_child_s_restatement_references_is_used() {
        let ext = file(
            "B2C_1A_Ext",
            Some("B2C_1A_Base"),
            r#"<ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="p1"><OutputClaims><OutputClaim ClaimTypeReferenceId="D" DefaultValue="x" /></OutputClaims><ValidationTechnicalProfiles><ValidationTechnicalProfile ReferenceId="P2" /></ValidationTechnicalProfiles></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>
"#,
        );
        let found = h(&[
            ("Base.xml", base()),
            ("Ext.xml", ext),
            ("SignIn.xml", rp("B2C_1A_SignIn", "B2C_1A_Ext", "J1", "")),
        ]);
        // The extension's restatement of P1 (ids ignore case) writes d and
        // validates with P2, which writes b.
        assert_eq!(ids(&found), [("H001", "Base.xml", "e")]);
    }

    #[test]
    fn a_restatement_is_reported_once_at_the_base_or_alone_when_the_base_is_used() {
        let ext = file(
            "B2C_1A_Ext",
            Some("B2C_1A_Base"),
            r#"<BuildingBlocks><ClaimsSchema><ClaimType Id="e"><DisplayName>E</DisplayName></ClaimType><ClaimType Id="b"><DisplayName>B</DisplayName></ClaimType></ClaimsSchema></BuildingBlocks>
"#,
        );
        // One relying party, on the extensions: b and e are dead in both
        // files; the base's definitions carry the findings.
        let found = h(&[
            ("Base.xml", base()),
            ("Ext.xml", ext.clone()),
            ("SignIn.xml", rp("B2C_1A_SignIn", "B2C_1A_Ext", "J1", "")),
        ]);
        assert_eq!(
            ids(&found),
            [
                ("H001", "Base.xml", "b"),
                ("H001", "Base.xml", "d"),
                ("H001", "Base.xml", "e"),
                ("H004", "Base.xml", "P2")
            ]
        );
        // A second relying party, on another branch, runs J2 (P2 writes
        // b): the base's b is used, the extension's restatement is not.
        let files = [
            ("Base.xml", base()),
            ("Ext.xml", ext),
            ("ExtB.xml", ext_with_j2("B2C_1A_ExtB", "B2C_1A_Base")),
            ("SignIn.xml", rp("B2C_1A_SignIn", "B2C_1A_Ext", "J1", "")),
            ("Other.xml", rp("B2C_1A_Other", "B2C_1A_ExtB", "J2", "")),
        ];
        let found = h(&files);
        assert_eq!(
            ids(&found),
            [
                ("H001", "Base.xml", "d"),
                ("H001", "Base.xml", "e"),
                ("H001", "Ext.xml", "b")
            ]
        );
        let report = check_sources(files.iter().map(|(n, x)| (*n, x.as_str())));
        let restated = report
            .diagnostics
            .iter()
            .find(|d| d.code == "H001" && d.file == "Ext.xml")
            .map(|d| d.message.clone())
            .unwrap_or_default();
        assert_eq!(
            restated,
            "the restatement of claim type `b` is unused: nothing reachable from the relying \
             party `B2C_1A_SignIn` or from a journey of the set refers to it"
        );
    }

    #[test]
    fn files_off_every_relying_party_chain_and_broken_chains_are_not_reported() {
        let side = file(
            "B2C_1A_Side",
            Some("B2C_1A_Base"),
            r#"<BuildingBlocks><ClaimsSchema><ClaimType Id="side"><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>
"#,
        );
        let found = h(&[
            ("Base.xml", base()),
            ("Side.xml", side),
            ("SignIn.xml", rp("B2C_1A_SignIn", "B2C_1A_Base", "J1", "")),
        ]);
        assert!(found.iter().all(|f| f.1 == "Base.xml"), "{found:?}");
        assert_eq!(found.len(), 4, "{found:?}");
        // A relying party whose base is missing (P001) leaves its own
        // definitions unjudged.
        let orphan = file(
            "B2C_1A_Orphan",
            Some("B2C_1A_Missing"),
            r#"<BuildingBlocks><ClaimsSchema><ClaimType Id="lonely"><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>
<RelyingParty><DefaultUserJourney ReferenceId="J1" /><TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect" /></TechnicalProfile></RelyingParty>
"#,
        );
        let report = check_sources([("Orphan.xml", orphan.as_str())]);
        assert!(report.diagnostics.iter().any(|d| d.code == "P001"));
        assert!(!report.diagnostics.iter().any(|d| d.code.starts_with('H')));
    }

    #[test]
    fn a_chain_with_an_unresolved_reference_is_not_judged() {
        // J1 names `P1x` (R003): P1, which it was meant for, and all that
        // P1 uses would look unused; the error comes first.
        let report = check_sources([
            (
                "Base.xml",
                base()
                    .replace("ReferenceId=\"P1\"", "ReferenceId=\"P1x\"")
                    .as_str(),
            ),
            (
                "SignIn.xml",
                rp("B2C_1A_SignIn", "B2C_1A_Base", "J1", "").as_str(),
            ),
        ]);
        assert!(report.diagnostics.iter().any(|d| d.code == "R003"));
        assert!(!report.diagnostics.iter().any(|d| d.code.starts_with('H')));
    }

    #[test]
    fn a_base_reference_the_relying_party_resolves_leaves_the_chain_judged() {
        // P1 in the base writes `z`, which only the relying party A
        // defines (beside `u`, which nothing uses). The base is wrong on
        // its own (R001 in its chain), but A's chain resolves and is
        // judged; B's, without `z`, is not.
        let base = base().replace(
            r#"<OutputClaim ClaimTypeReferenceId="a" DefaultValue="x" />"#,
            r#"<OutputClaim ClaimTypeReferenceId="a" DefaultValue="x" /><OutputClaim ClaimTypeReferenceId="z" DefaultValue="x" />"#,
        );
        let a = rp("B2C_1A_A", "B2C_1A_Base", "J1", "").replace(
            "<RelyingParty>",
            "<BuildingBlocks><ClaimsSchema>\n\
             <ClaimType Id=\"z\"><DataType>string</DataType></ClaimType>\n\
             <ClaimType Id=\"u\"><DataType>string</DataType></ClaimType>\n\
             </ClaimsSchema></BuildingBlocks>\n<RelyingParty>",
        );
        let report = check_sources([("Base.xml", base.as_str()), ("A.xml", a.as_str())]);
        let codes: Vec<(&str, &str, Option<&str>)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.file.as_str(), d.id.as_deref()))
            .collect();
        assert!(
            codes.contains(&("R001", "Base.xml", Some("z"))),
            "{codes:?}"
        );
        assert!(codes.contains(&("H001", "A.xml", Some("u"))), "{codes:?}");
        let report = check_sources([
            ("Base.xml", base.as_str()),
            ("B.xml", rp("B2C_1A_B", "B2C_1A_Base", "J1", "").as_str()),
        ]);
        assert!(report.diagnostics.iter().any(|d| d.code == "R001"));
        assert!(!report.diagnostics.iter().any(|d| d.code.starts_with('H')));
    }

    #[test]
    fn metadata_that_names_a_claim_and_included_claims_are_uses() {
        let ext = file(
            "B2C_1A_Ext",
            Some("B2C_1A_Base"),
            &format!(
                r#"<ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="JwtIssuer"><Metadata>
<Item Key="issuer_refresh_token_user_identity_claim_type">b</Item>
<Item Key="ClaimUsedForRequestPayload">d</Item>
<Item Key="SomeUrl">https://example.com/{{Claim:e}}</Item>
</Metadata></TechnicalProfile>
<TechnicalProfile Id="P1"><IncludeClaimsFromTechnicalProfile>P3</IncludeClaimsFromTechnicalProfile></TechnicalProfile>
<TechnicalProfile Id="P3"><Protocol Name="Proprietary" Handler="{CT}" /></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>
"#
            ),
        );
        let found = h(&[
            ("Base.xml", base()),
            ("Ext.xml", ext),
            ("SignIn.xml", rp("B2C_1A_SignIn", "B2C_1A_Ext", "J1", "")),
        ]);
        assert_eq!(ids(&found), [("H004", "Base.xml", "P2")]);
    }

    #[test]
    fn localized_strings_do_not_use_a_claim_and_b2c_own_elements_are_used() {
        let ext = file(
            "B2C_1A_Ext",
            Some("B2C_1A_Base"),
            r#"<BuildingBlocks>
<ContentDefinitions><ContentDefinition Id="API.ERROR"><LoadUri>~/x.cshtml</LoadUri><DataUri>urn:com:microsoft:aad:b2c:elements:contract:globalexception:1.2.1</DataUri>
<LocalizedResourcesReferences><LocalizedResourcesReference Language="en" LocalizedResourcesReferenceId="err.en" /></LocalizedResourcesReferences></ContentDefinition></ContentDefinitions>
<Localization><SupportedLanguages DefaultLanguage="en"><SupportedLanguage>en</SupportedLanguage></SupportedLanguages>
<LocalizedResources Id="err.en"><LocalizedStrings><LocalizedString ElementType="ClaimType" ElementId="e" StringId="DisplayName">E</LocalizedString></LocalizedStrings></LocalizedResources>
</Localization>
</BuildingBlocks>
<ClaimsProviders><ClaimsProvider><DisplayName>Engine</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="TpEngine_c3bd4fe2-1775-4013-b91d-35f16d377d13"><Protocol Name="None" /></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>
"#,
        );
        let found = h(&[
            ("Base.xml", base()),
            ("Ext.xml", ext),
            ("SignIn.xml", rp("B2C_1A_SignIn", "B2C_1A_Ext", "J1", "")),
        ]);
        assert_eq!(
            ids(&found),
            [
                ("H001", "Base.xml", "b"),
                ("H001", "Base.xml", "d"),
                ("H001", "Base.xml", "e"),
                ("H004", "Base.xml", "P2")
            ]
        );
    }
}
