//! The base against the starter pack's SocialAndLocalAccounts files: the
//! same facts (ids, data types, protocols, metadata, claims, journeys,
//! strings' keys) in this project's own words, and every part surviving an
//! emit-and-import round trip.

#![cfg(test)]

use super::*;
use crate::claims::ClaimType;
use crate::content::{ClientDefinition, ContentDefinition, Localization};
use crate::journeys::UserJourney;
use crate::providers::{ClaimsProvider, TechnicalProfile};
use crate::transforms::ClaimsTransformation;

type Base = ids::Policy;
type Loc = localization::Policy;

fn base() -> TrustFrameworkPolicy<Base> {
    trust_framework_base("contoso.onmicrosoft.com")
}

fn claims_schema() -> Vec<ClaimType<Base>> {
    base().building_blocks.claims_schema
}

fn claims_transformations() -> Vec<ClaimsTransformation<Base>> {
    base().building_blocks.claims_transformations
}

fn client_definitions() -> Vec<ClientDefinition<Base>> {
    base().building_blocks.client_definitions
}

fn content_definitions() -> Vec<ContentDefinition<Base>> {
    base().building_blocks.content_definitions
}

fn claims_providers() -> Vec<ClaimsProvider<Base>> {
    base().claims_providers
}

fn user_journeys() -> Vec<UserJourney<Base>> {
    base().user_journeys
}

fn localization() -> (Vec<ContentDefinition<Loc>>, Localization<Loc>) {
    let policy = trust_framework_localization("contoso.onmicrosoft.com");
    let localization = policy.building_blocks.localization.expect("a localization");
    (policy.building_blocks.content_definitions, localization)
}

pub(crate) mod starter_pack {
    use crate::policy::{BuildingBlocks, TrustFrameworkPolicy};

    /// Texts we may share with the starter pack, compared after
    /// [`normalise`]. Each is a word with no other wording of the same
    /// meaning on a page:
    /// - `password`: the label of the password field;
    /// - `cancel`: the cancel button;
    /// - `facebook`: a brand name, the Facebook button;
    /// - `or`: the divider between social and local sign-in.
    pub const SHARED_WORDS: &[&str] = &["password", "cancel", "facebook", "or"];

    /// A file of the SocialAndLocalAccounts starter pack, imported. Reads
    /// `$IEF_CONFORMANCE_DIR/starterpack/…`, else `../shared/ief/starterpack/…`
    /// next to the workspace; panics with a clear message when it is missing.
    pub fn policy(file: &str) -> TrustFrameworkPolicy {
        let dir = match std::env::var_os("IEF_CONFORMANCE_DIR") {
            Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
            _ => std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"),
        };
        let path = dir.join("starterpack/SocialAndLocalAccounts").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "the conformance material is missing: cannot read {} ({e}); set \
                 IEF_CONFORMANCE_DIR to the folder holding starterpack/ and the XSD",
                path.display()
            )
        });
        crate::import::import_str(&text, path.display().to_string())
            .unwrap_or_else(|e| panic!("{} does not import: {e:?}", path.display()))
            .policy
    }

    /// `blocks` in a policy, emitted as XML and imported again.
    pub fn round_trip<P>(blocks: &BuildingBlocks<P>) -> BuildingBlocks {
        let mut policy = TrustFrameworkPolicy::builder()
            .tenant_id("yourtenant.onmicrosoft.com")
            .policy_id(crate::refs::PolicyRef::unchecked("B2C_1A_RoundTrip"))
            .build();
        policy.building_blocks = crate::refs::Erase::erase(blocks.clone());
        let xml = crate::emit::to_xml(&policy).expect("the building blocks emit");
        crate::import::import_str(&xml, "round-trip.xml")
            .unwrap_or_else(|e| panic!("the emitted XML does not import: {e:?}\n{xml}"))
            .policy
            .building_blocks
    }

    /// Lower case, runs of whitespace made one space, trimmed.
    pub fn normalise(text: &str) -> String {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// Fails unless `ours` is worded differently from `theirs`. Both blank
    /// (an empty help text is structure, not wording) and
    /// [`SHARED_WORDS`] pass; a blank on only one side fails, since that
    /// changes what the page shows.
    pub fn assert_own_words(what: &str, ours: &str, theirs: &str) {
        let (o, t) = (normalise(ours), normalise(theirs));
        if o.is_empty() || t.is_empty() {
            assert_eq!(o, t, "{what}: blank on one side only");
            return;
        }
        assert!(
            o != t || SHARED_WORDS.contains(&o.as_str()),
            "{what}: {ours:?} is the starter pack's wording; write it in our own words"
        );
    }

    /// [`assert_own_words`] for optional texts: both present or both absent.
    pub fn assert_own_words_opt(what: &str, ours: Option<&str>, theirs: Option<&str>) {
        match (ours, theirs) {
            (Some(o), Some(t)) => assert_own_words(what, o, t),
            (None, None) => {}
            _ => panic!("{what}: present in only one of ours {ours:?} and theirs {theirs:?}"),
        }
    }
}

mod claims {
    use super::starter_pack::{assert_own_words, assert_own_words_opt, policy, round_trip};
    use super::*;
    use crate::claims::RestrictionValues;

    /// The facts of a restriction: pattern or values, without help texts.
    fn restriction_facts(c: &ClaimType) -> Option<(Option<String>, Vec<String>)> {
        c.restriction.as_ref().map(|r| match &r.values {
            RestrictionValues::Pattern(p) => (Some(p.regular_expression.clone()), vec![]),
            RestrictionValues::Enumeration(items) => {
                (None, items.iter().map(|i| i.value.clone()).collect())
            }
        })
    }

    fn pattern_help(c: &ClaimType) -> Option<&str> {
        match &c.restriction.as_ref()?.values {
            RestrictionValues::Pattern(p) => p.help_text.as_deref(),
            RestrictionValues::Enumeration(_) => None,
        }
    }

    /// Reads one text of a claim type.
    type Text = fn(&ClaimType) -> Option<&str>;

    /// The texts of a claim type that must be in our own words.
    const TEXTS: [(&str, Text); 4] = [
        ("DisplayName", |c| c.display_name.as_deref()),
        ("UserHelpText", |c| c.user_help_text.as_deref()),
        ("AdminHelpText", |c| c.admin_help_text.as_deref()),
        ("Pattern/@HelpText", pattern_help),
    ];

    #[test]
    fn the_claims_schema_has_the_starter_packs_facts_in_our_words() {
        let theirs = policy("TrustFrameworkBase.xml")
            .building_blocks
            .claims_schema;
        let ours = crate::refs::Erase::erase(claims_schema());
        let ids = |v: &[ClaimType]| v.iter().map(|c| c.id.id().to_owned()).collect::<Vec<_>>();
        assert_eq!(ids(&ours), ids(&theirs), "claim ids and order");
        assert_eq!(ours.len(), 33);

        for (o, t) in ours.iter().zip(&theirs) {
            let id = o.id.id();
            assert_eq!(o.data_type, t.data_type, "{id}: DataType");
            assert_eq!(o.statement_type, t.statement_type, "{id}: StatementType");
            assert_eq!(o.user_input_type, t.user_input_type, "{id}: UserInputType");
            assert_eq!(
                o.default_partner_claim_types, t.default_partner_claim_types,
                "{id}: DefaultPartnerClaimTypes"
            );
            assert_eq!(o.mask, t.mask, "{id}: Mask");
            assert_eq!(
                restriction_facts(o),
                restriction_facts(t),
                "{id}: Restriction"
            );
            assert_eq!(
                o.restriction.as_ref().map(|r| r.merge_behavior),
                t.restriction.as_ref().map(|r| r.merge_behavior),
                "{id}: Restriction/@MergeBehavior"
            );
            assert_eq!(
                o.input_validation, t.input_validation,
                "{id}: InputValidationReference"
            );
            assert_eq!(
                o.predicate_validation, t.predicate_validation,
                "{id}: PredicateValidationReference"
            );

            for (what, text) in TEXTS {
                assert_own_words_opt(&format!("{id}: {what}"), text(o), text(t));
            }
        }
    }

    #[test]
    fn the_claims_schema_survives_an_emit_and_import_round_trip() {
        let blocks = crate::policy::BuildingBlocks {
            claims_schema: crate::refs::Erase::erase(claims_schema()),
            ..Default::default()
        };
        assert_eq!(round_trip(&blocks), blocks);
    }

    #[test]
    fn own_words_check_catches_a_copied_text() {
        let copied = std::panic::catch_unwind(|| {
            assert_own_words("x", "Your  display NAME.", "Your display name.")
        });
        assert!(copied.is_err());
        assert_own_words("x", "Cancel", "cancel");
    }
}

mod content {
    use std::collections::BTreeMap;

    use super::starter_pack::{assert_own_words, policy, round_trip};
    use super::*;
    use crate::policy::BuildingBlocks;

    /// The language-dependent metadata items: their values are texts.
    const TEXT_KEYS: &[&str] = &["DisplayName", "language.intro"];

    #[test]
    fn the_client_definition_matches_the_starter_pack() {
        let theirs = policy("TrustFrameworkBase.xml")
            .building_blocks
            .client_definitions;
        assert_eq!(crate::refs::Erase::erase(client_definitions()), theirs);
    }

    #[test]
    fn the_content_definitions_match_the_starter_pack() {
        let theirs = policy("TrustFrameworkBase.xml")
            .building_blocks
            .content_definitions;
        let ours = crate::refs::Erase::erase(content_definitions());
        assert_eq!(ours.len(), 10);
        assert_eq!(ours.len(), theirs.len());
        for (o, t) in ours.iter().zip(&theirs) {
            let id = o.id.id();
            assert_eq!(o.id, t.id, "content definition order");
            assert_eq!(o.load_uri, t.load_uri, "{id}: LoadUri");
            assert_eq!(o.recovery_uri, t.recovery_uri, "{id}: RecoveryUri");
            assert_eq!(o.data_uri, t.data_uri, "{id}: DataUri");
            assert_eq!(
                o.localized_resources_references, t.localized_resources_references,
                "{id}: LocalizedResourcesReferences"
            );
            let keys = |md: &[crate::providers::MetadataItem]| {
                md.iter().map(|i| i.key.clone()).collect::<Vec<_>>()
            };
            assert_eq!(keys(&o.metadata), keys(&t.metadata), "{id}: metadata keys");
            for (oi, ti) in o.metadata.iter().zip(&t.metadata) {
                if TEXT_KEYS.contains(&oi.key.as_str()) {
                    assert_own_words(&format!("{id}: {}", oi.key), &oi.value, &ti.value);
                } else {
                    assert_eq!(oi.value, ti.value, "{id}: metadata {}", oi.key);
                }
            }
        }
    }

    #[test]
    fn the_content_and_localization_survive_an_emit_and_import_round_trip() {
        let (localized_pages, localization) = crate::refs::Erase::erase(localization());
        for blocks in [
            crate::refs::Erase::erase(BuildingBlocks {
                client_definitions: crate::refs::Erase::erase(client_definitions()),
                content_definitions: crate::refs::Erase::erase(content_definitions()),
                ..Default::default()
            }),
            crate::refs::Erase::erase(BuildingBlocks {
                content_definitions: localized_pages,
                localization: Some(localization),
                ..Default::default()
            }),
        ] {
            assert_eq!(round_trip(&blocks), blocks);
        }
    }

    /// `(ElementType, ElementId, StringId)` -> text, per resources id.
    type Strings = BTreeMap<(String, Option<String>, String), String>;

    fn strings(l: &Localization) -> BTreeMap<String, Strings> {
        l.resources
            .iter()
            .map(|r| {
                let id = r.id.as_ref().map(|i| i.id().to_owned()).unwrap_or_default();
                let mut map = Strings::new();
                for s in &r.strings {
                    let key = (
                        s.element_type.clone(),
                        s.element_id.clone(),
                        s.string_id.clone(),
                    );
                    let before = map.insert(key.clone(), s.text.clone());
                    assert!(before.is_none(), "{id}: {key:?} twice");
                }
                (id, map)
            })
            .collect()
    }

    #[test]
    fn the_localization_matches_the_starter_pack_in_our_words() {
        let file = policy("TrustFrameworkLocalization.xml");
        let theirs = file
            .building_blocks
            .localization
            .expect("the starter pack has a Localization");
        let (definitions, ours) = crate::refs::Erase::erase(localization());

        // The restated content definitions: ids, references, merge behaviour.
        assert_eq!(definitions, file.building_blocks.content_definitions);

        // Everything but the resources' texts is fact.
        assert_eq!(ours.enabled, theirs.enabled);
        assert_eq!(ours.supported_languages, theirs.supported_languages);
        let ids = |l: &Localization| {
            l.resources
                .iter()
                .map(|r| (r.id.clone(), r.culture.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&ours), ids(&theirs), "LocalizedResources ids and order");
        for (o, t) in ours.resources.iter().zip(&theirs.resources) {
            assert_eq!(o.collections, t.collections, "LocalizedCollections");
        }

        let (ours, theirs) = (strings(&ours), strings(&theirs));
        for (id, o) in &ours {
            let t = &theirs[id];
            assert_eq!(
                o.keys().collect::<Vec<_>>(),
                t.keys().collect::<Vec<_>>(),
                "{id}: (ElementType, ElementId, StringId) keys"
            );
            for (key, text) in o {
                assert_own_words(&format!("{id} {key:?}"), text, &t[key]);
                assert_eq!(
                    placeholders(text),
                    placeholders(&t[key]),
                    "{id} {key:?}: the {{n}} placeholders B2C fills in"
                );
            }
        }
    }

    /// The `{0}`, `{1}`, … placeholders of a text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .match_indices('{')
            .filter_map(|(i, _)| {
                let rest = &text[i..];
                let end = rest.find('}')?;
                let inner = &rest[1..end];
                (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| &rest[..=end])
            })
            .collect();
        found.sort_unstable();
        found
    }
}

mod profiles {
    //! The base's claims providers against the starter pack's
    //! SocialAndLocalAccounts `TrustFrameworkBase.xml`: the same profiles in
    //! the same order and grouping, equal in everything but display names
    //! and descriptions, which must be this project's own words.

    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::*;
    use crate::import::import_str;
    use crate::refs::ClaimRef;
    use crate::xml::{XmlElement, XmlWriter};

    /// Where the conformance material lives: `$IEF_CONFORMANCE_DIR`, else
    /// `../shared/ief` next to the workspace.
    fn conformance_dir() -> PathBuf {
        match std::env::var_os("IEF_CONFORMANCE_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief"),
        }
    }

    /// The claims providers of the starter pack's base, as imported.
    fn starter_pack() -> Vec<ClaimsProvider> {
        let path =
            conformance_dir().join("starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read the starter pack's base {} ({e}); set IEF_CONFORMANCE_DIR to the \
                 folder that holds starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml",
                path.display()
            )
        });
        match import_str(&text, path.display().to_string()) {
            Ok(imported) => imported.policy.claims_providers,
            Err(errors) => panic!(
                "the starter pack's base does not import:\n{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    /// Every technical profile, with the index of its claims provider.
    fn profiles_of(providers: &[ClaimsProvider]) -> Vec<(usize, &TechnicalProfile)> {
        providers
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.technical_profiles.iter().map(move |tp| (i, tp)))
            .collect()
    }

    /// The profile's display name and description replaced by a marker, so
    /// that their presence still counts but their wording does not.
    fn without_wording(profile: &TechnicalProfile) -> TechnicalProfile {
        TechnicalProfile {
            display_name: profile.display_name.as_ref().map(|_| "…".into()),
            description: profile.description.as_ref().map(|_| "…".into()),
            ..profile.clone()
        }
    }

    /// Every claim reference of a profile (the claims of a base profile are
    /// all in these four lists).
    fn claim_refs(profile: &mut TechnicalProfile) -> Vec<&mut ClaimRef> {
        let TechnicalProfile {
            input_claims,
            output_claims,
            persisted_claims,
            display_claims,
            ..
        } = profile;
        input_claims
            .iter_mut()
            .chain(output_claims.iter_mut())
            .map(|c| &mut c.claim)
            .chain(persisted_claims.iter_mut().map(|c| &mut c.claim))
            .chain(display_claims.iter_mut().filter_map(|c| c.claim.as_mut()))
            .collect()
    }

    /// Rewrites, in Microsoft's profiles, claim references that differ from
    /// ours only in case (B2C resolves claim ids ignoring case) to our
    /// spelling, and returns `(profile id, Microsoft's spelling)` of each.
    fn align_claim_case(
        theirs: &mut [TechnicalProfile],
        ours: &[TechnicalProfile],
    ) -> Vec<(String, String)> {
        let mut spelling = BTreeMap::new();
        for profile in ours {
            for claim in claim_refs(&mut profile.clone()) {
                spelling.insert(claim.id().to_lowercase(), claim.id().to_owned());
            }
        }
        let mut rewritten = Vec::new();
        for profile in theirs {
            let id = profile.id.id().to_owned();
            for claim in claim_refs(profile) {
                match spelling.get(&claim.id().to_lowercase()) {
                    Some(ours) if ours != claim.id() => {
                        rewritten.push((id.clone(), claim.id().to_owned()));
                        *claim = ClaimRef::from_string(ours.clone()).into();
                    }
                    _ => {}
                }
            }
        }
        rewritten
    }

    /// The profile as XML, for readable failure messages.
    fn xml(profile: &TechnicalProfile) -> String {
        let mut w = XmlWriter::new();
        profile
            .write_element("TechnicalProfile", &mut w)
            .and_then(|()| w.finish())
            .unwrap_or_else(|e| format!("(cannot be written as XML: {e}) {profile:#?}"))
    }

    /// A line diff (longest common subsequence): `-` Microsoft's, `+` ours.
    fn diff(theirs: &str, ours: &str) -> String {
        let (a, b): (Vec<&str>, Vec<&str>) = (theirs.lines().collect(), ours.lines().collect());
        let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i][j] = if a[i] == b[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j, mut out) = (0, 0, String::new());
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                out += &format!("  {}\n", a[i]);
                (i, j) = (i + 1, j + 1);
            } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
                out += &format!("- {}\n", a[i]);
                i += 1;
            } else {
                out += &format!("+ {}\n", b[j]);
                j += 1;
            }
        }
        out
    }

    #[test]
    fn the_same_providers_and_profiles_in_the_same_order() {
        let (theirs, ours) = (
            starter_pack(),
            crate::refs::Erase::erase(claims_providers()),
        );
        let ids = |providers: &[ClaimsProvider]| -> Vec<Vec<String>> {
            providers
                .iter()
                .map(|p| {
                    p.technical_profiles
                        .iter()
                        .map(|tp| tp.id.id().to_owned())
                        .collect()
                })
                .collect()
        };
        assert_eq!(ids(&ours), ids(&theirs), "profile ids per claims provider");
        assert_eq!(profiles_of(&ours).len(), 26);
        for (i, (t, o)) in theirs.iter().zip(&ours).enumerate() {
            let shape = |p: &ClaimsProvider| {
                (
                    p.domains.clone(),
                    p.domain.clone(),
                    p.display_name.is_some(),
                )
            };
            assert_eq!(
                shape(o),
                shape(t),
                "claims provider {i}: domains and presence of a display name"
            );
        }
    }

    #[test]
    fn profiles_equal_the_starter_pack_but_for_wording() {
        let (theirs, ours) = (
            starter_pack(),
            crate::refs::Erase::erase(claims_providers()),
        );
        let mut theirs: Vec<TechnicalProfile> = profiles_of(&theirs)
            .into_iter()
            .map(|(_, tp)| without_wording(tp))
            .collect();
        let ours: Vec<TechnicalProfile> = profiles_of(&ours)
            .into_iter()
            .map(|(_, tp)| without_wording(tp))
            .collect();

        // B2C's file writes `surName` twice where the base declares `surname`.
        let rewritten = align_claim_case(&mut theirs, &ours);
        assert_eq!(
            rewritten,
            [
                ("login-NonInteractive".to_owned(), "surName".to_owned()),
                (
                    "LocalAccountSignUpWithLogonEmail".to_owned(),
                    "surName".to_owned()
                ),
            ],
            "claim references that differ from ours only in case"
        );

        let ours_by_id: BTreeMap<&str, &TechnicalProfile> =
            ours.iter().map(|tp| (tp.id.id(), tp)).collect();
        for t in &theirs {
            let o = ours_by_id
                .get(t.id.id())
                .unwrap_or_else(|| panic!("the base has no technical profile {}", t.id));
            if *o != t {
                panic!(
                    "technical profile {} differs from the starter pack's (- theirs, + ours; \
                     display names and descriptions blanked):\n{}",
                    t.id,
                    diff(&xml(t), &xml(o))
                );
            }
        }
        assert_eq!(ours.len(), theirs.len());
    }

    /// Display names that may stay as Microsoft wrote them, and why.
    const SAME_WORDING: &[(&str, &str)] = &[
        // The label of the sign-in button: the brand name, nothing to reword.
        ("Facebook-OAUTH", "Facebook"),
    ];

    #[test]
    fn display_names_are_our_own_words() {
        let (theirs, ours) = (
            starter_pack(),
            crate::refs::Erase::erase(claims_providers()),
        );
        let mut same = Vec::new();
        for (t, o) in theirs.iter().zip(&ours) {
            if let (Some(t), Some(o)) = (&t.display_name, &o.display_name) {
                if t.eq_ignore_ascii_case(o) {
                    same.push(format!("claims provider {o:?}"));
                }
            }
        }
        let ours_by_id: BTreeMap<&str, &TechnicalProfile> = profiles_of(&ours)
            .into_iter()
            .map(|(_, tp)| (tp.id.id(), tp))
            .collect();
        for (_, t) in profiles_of(&theirs) {
            let o = ours_by_id[t.id.id()];
            for (theirs, ours) in [
                (&t.display_name, &o.display_name),
                (&t.description, &o.description),
            ] {
                if let (Some(theirs), Some(ours)) = (theirs, ours) {
                    let allowed = SAME_WORDING.contains(&(t.id.id(), ours.as_str()));
                    if theirs.to_lowercase() == ours.to_lowercase() && !allowed {
                        same.push(format!("technical profile {} {ours:?}", t.id));
                    }
                }
            }
        }
        assert!(
            same.is_empty(),
            "wording copied from the starter pack: {same:#?}"
        );
    }

    #[test]
    fn facebook_secret_is_a_policy_key() {
        let providers = crate::refs::Erase::erase(claims_providers());
        let facebook = profiles_of(&providers)
            .into_iter()
            .map(|(_, tp)| tp)
            .find(|tp| tp.id == ids::profiles::FACEBOOK_OAUTH)
            .expect("the base has Facebook-OAUTH");
        let secret = facebook
            .cryptographic_keys
            .iter()
            .find(|k| k.id == "client_secret")
            .expect("Facebook-OAUTH names its client secret as a cryptographic key");
        assert!(
            secret.storage_reference_id.starts_with("B2C_1A_"),
            "the client secret must be a B2C_1A_ policy key container, not {:?}",
            secret.storage_reference_id
        );
        let leaked: Vec<_> = facebook
            .metadata
            .iter()
            .filter(|m| m.key.to_lowercase().contains("secret"))
            .collect();
        assert!(
            leaked.is_empty(),
            "secrets in Facebook-OAUTH's metadata: {leaked:?}"
        );
    }
}

mod transforms {
    use super::*;

    #[test]
    fn the_transformations_match_the_starter_pack() {
        let theirs = super::starter_pack::policy("TrustFrameworkBase.xml")
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

mod journeys {
    use super::*;

    #[test]
    fn the_journeys_match_the_starter_pack() {
        let dir = std::env::var_os("IEF_CONFORMANCE_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/ief")
            });
        let path = dir.join("starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}); set IEF_CONFORMANCE_DIR",
                path.display()
            )
        });
        let theirs = crate::import::import_str(&text, path.display().to_string())
            .expect("starter pack imports")
            .policy
            .user_journeys;
        assert_eq!(crate::refs::Erase::erase(user_journeys()), theirs);
    }
}
