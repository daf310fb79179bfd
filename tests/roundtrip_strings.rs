//! Strings survive emission: whatever text a policy author puts into a
//! policy comes back exactly when a standard XML parser reads the output,
//! and a string XML cannot carry is an error, never broken output.

use std::panic::{catch_unwind, AssertUnwindSafe};

use ief::claims::{ClaimType, EnumerationItem, Pattern, Restriction};
use ief::content::{Localization, LocalizedResources, LocalizedString};
use ief::emit::{to_xml, EmitError};
use ief::policy::{BuildingBlocks, TrustFrameworkPolicy};
use ief::providers::{ClaimsProvider, MetadataItem, ProfileClaim, TechnicalProfile};
use ief::refs::types::Str;
use ief::refs::Erase;
use ief::refs::{Claim, ClaimRef, PolicyRef, ProfileRef, TransformRef, Unchecked};
use ief::relying_party::{ContentDefinitionParameter, RelyingParty, UserJourneyBehaviors};
use ief::transforms::{ClaimsTransformation, InputParameter, TransformClaim};
use ief::xml::is_xml_char;
use proptest::prelude::*;
use proptest::sample::Index;
use roxmltree::{Document, Node};

const TENANT: &str = "contoso.onmicrosoft.com";
const PATTERN_CLAIM: &str = "patternClaim";
const ENUM_CLAIM: &str = "enumClaim";
const PROFILE: &str = "Profile-Strings";
const TRANSFORM: &str = "Transform-Strings";
const STRING_ID: &str = "string_under_test";

/// The free-text places of a policy this test puts arbitrary strings into.
/// `SLOTS` is their number; `Texts::from_array` gives them names.
const SLOTS: usize = 13;

#[derive(Debug)]
struct Texts {
    display_name: String,
    admin_help_text: String,
    user_help_text: String,
    regular_expression: String,
    pattern_help_text: String,
    enumeration_text: String,
    enumeration_value: String,
    metadata_key: String,
    metadata_value: String,
    default_value: String,
    input_parameter_value: String,
    localized_string: String,
    content_definition_parameter: String,
}

/// Where each slot goes, for failure messages.
const SLOT_NAMES: [&str; SLOTS] = [
    "ClaimType/DisplayName",
    "ClaimType/AdminHelpText",
    "ClaimType/UserHelpText",
    "Pattern/@RegularExpression",
    "Pattern/@HelpText",
    "Enumeration/@Text",
    "Enumeration/@Value",
    "Metadata/Item/@Key",
    "Metadata/Item (text)",
    "InputClaim/@DefaultValue",
    "InputParameter/@Value",
    "LocalizedString (text)",
    "ContentDefinitionParameters/Parameter (text)",
];

impl Texts {
    fn from_array(a: [String; SLOTS]) -> Texts {
        // Fields are evaluated in the order written, which is `SLOT_NAMES`'s.
        let mut it = a.into_iter();
        let mut next = || it.next().expect("SLOTS strings");
        Texts {
            display_name: next(),
            admin_help_text: next(),
            user_help_text: next(),
            regular_expression: next(),
            pattern_help_text: next(),
            enumeration_text: next(),
            enumeration_value: next(),
            metadata_key: next(),
            metadata_value: next(),
            default_value: next(),
            input_parameter_value: next(),
            localized_string: next(),
            content_definition_parameter: next(),
        }
    }
}

/// A policy that carries every string of `t`, built through the public
/// builders and constructors.
fn policy(t: &Texts) -> TrustFrameworkPolicy {
    let pattern_claim = ClaimType::restate(&Claim::<Str, Unchecked>::from_string(PATTERN_CLAIM))
        .display_name(t.display_name.clone())
        .admin_help_text(t.admin_help_text.clone())
        .user_help_text(t.user_help_text.clone())
        .restriction(Restriction::pattern(
            Pattern::builder()
                .regular_expression(t.regular_expression.clone())
                .help_text(t.pattern_help_text.clone())
                .build(),
        ))
        .build();
    let enum_claim = ClaimType::restate(&Claim::<Str, Unchecked>::from_string(ENUM_CLAIM))
        .restriction(Restriction::enumeration(vec![
            EnumerationItem::new("fixed text", "fixed value"),
            EnumerationItem::new(t.enumeration_text.clone(), t.enumeration_value.clone()),
        ]))
        .build();
    let transform = ClaimsTransformation::new(TransformRef::from_string(TRANSFORM))
        .method("CreateStringClaim")
        .input_parameters(vec![InputParameter::string(
            "value",
            t.input_parameter_value.clone(),
        )])
        .output_claims(vec![TransformClaim::new(
            ClaimRef::from_string(PATTERN_CLAIM),
            "createdClaim",
        )])
        .build();
    let localization = Localization::builder()
        .resources(vec![LocalizedResources::builder()
            .strings(vec![LocalizedString::builder()
                .element_type("UxElement")
                .string_id(STRING_ID)
                .text(t.localized_string.clone())
                .build()])
            .build()])
        .build();
    let profile = TechnicalProfile::new(ProfileRef::unchecked(PROFILE))
        .metadata(vec![
            MetadataItem::new("FixedKey", "fixed value"),
            MetadataItem::new(t.metadata_key.clone(), t.metadata_value.clone()),
        ])
        .input_claims(vec![ProfileClaim::new(ClaimRef::from_string(
            PATTERN_CLAIM,
        ))
        .default_value(t.default_value.clone())])
        .build();
    let relying_party = RelyingParty::builder()
        .user_journey_behaviors(
            UserJourneyBehaviors::builder()
                .content_definition_parameters(vec![ContentDefinitionParameter {
                    name: "ui_locales".into(),
                    value: t.content_definition_parameter.clone(),
                }])
                .build(),
        )
        .build();
    TrustFrameworkPolicy::builder()
        .tenant_id(TENANT)
        .policy_id(PolicyRef::unchecked("B2C_1A_strings"))
        .building_blocks(
            BuildingBlocks::builder()
                .claims_schema(vec![pattern_claim, enum_claim])
                .claims_transformations(vec![transform])
                .localization(localization)
                .build(),
        )
        .claims_providers(vec![ClaimsProvider::builder()
            .display_name("Strings")
            .technical_profiles(vec![profile])
            .build()])
        .relying_party(relying_party)
        .build()
        .erase()
}

// ---- Reading the output back ----------------------------------------------

fn is(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

/// The one child element `name` of `n`.
fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    let found: Vec<_> = n.children().filter(|c| is(c, name)).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one <{name}> inside <{}>",
        n.tag_name().name()
    );
    found[0]
}

/// The child elements `name` of `n`, in order.
fn children<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    n.children().filter(|c| is(c, name)).collect()
}

/// The one element `name` of the document whose attribute `attr` is `value`.
fn find<'a, 'i>(doc: &'a Document<'i>, name: &str, attr: &str, value: &str) -> Node<'a, 'i> {
    let found: Vec<_> = doc
        .descendants()
        .filter(|n| is(n, name) && n.attribute(attr) == Some(value))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one <{name} {attr}=\"{value}\">"
    );
    found[0]
}

fn attr<'a>(n: Node<'a, '_>, name: &str) -> &'a str {
    n.attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no attribute {name}", n.tag_name().name()))
}

/// The text content of a simple-content element: its text children,
/// concatenated (an empty string may be written as an empty element).
fn text(n: Node<'_, '_>) -> String {
    assert!(
        !n.children().any(|c| c.is_element()),
        "<{}> has child elements, expected text only",
        n.tag_name().name()
    );
    n.children().filter_map(|c| c.text()).collect()
}

/// Parses emitted XML with roxmltree and returns, slot by slot (in the
/// order of `SLOT_NAMES`), the strings read back.
fn read_back(xml: &str) -> [String; SLOTS] {
    let doc = Document::parse(xml)
        .unwrap_or_else(|e| panic!("the emitter wrote XML roxmltree rejects: {e}\n{xml}"));
    let pattern_claim = find(&doc, "ClaimType", "Id", PATTERN_CLAIM);
    let pattern = child(child(pattern_claim, "Restriction"), "Pattern");
    let enum_claim = find(&doc, "ClaimType", "Id", ENUM_CLAIM);
    let items = children(child(enum_claim, "Restriction"), "Enumeration");
    assert_eq!(items.len(), 2, "expected two <Enumeration> items");
    let profile = find(&doc, "TechnicalProfile", "Id", PROFILE);
    let metadata = children(child(profile, "Metadata"), "Item");
    assert_eq!(metadata.len(), 2, "expected two metadata <Item>s");
    let input_claim = child(child(profile, "InputClaims"), "InputClaim");
    let transform = find(&doc, "ClaimsTransformation", "Id", TRANSFORM);
    let parameter = child(child(transform, "InputParameters"), "InputParameter");
    let localized = find(&doc, "LocalizedString", "StringId", STRING_ID);
    let cd_parameter = child(
        child(doc.root_element(), "RelyingParty"),
        "UserJourneyBehaviors",
    );
    let cd_parameter = child(
        child(cd_parameter, "ContentDefinitionParameters"),
        "Parameter",
    );
    [
        text(child(pattern_claim, "DisplayName")),
        text(child(pattern_claim, "AdminHelpText")),
        text(child(pattern_claim, "UserHelpText")),
        attr(pattern, "RegularExpression").to_owned(),
        attr(pattern, "HelpText").to_owned(),
        attr(items[1], "Text").to_owned(),
        attr(items[1], "Value").to_owned(),
        attr(metadata[1], "Key").to_owned(),
        text(metadata[1]),
        attr(input_claim, "DefaultValue").to_owned(),
        attr(parameter, "Value").to_owned(),
        text(localized),
        text(cd_parameter),
    ]
}

// ---- Strategies -------------------------------------------------------------

/// Characters XML 1.0 can carry, with markup characters, whitespace and
/// boundary code points well represented.
fn xml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>().prop_filter("XML 1.0 cannot carry it", |c| is_xml_char(*c)),
        3 => prop::sample::select(vec![
            '<', '>', '&', '"', '\'', ' ', '\t', '\n', '\r', ';', '#', '=', '/', '?', '!', '[',
            ']', '{', '}', '\u{7F}', '\u{85}', '\u{A0}', '\u{2028}', '\u{2029}', '\u{3000}',
            '\u{D7FF}', '\u{E000}', '\u{FEFF}', '\u{FFFD}', '\u{10000}', '\u{10FFFF}',
        ]),
        2 => proptest::char::range(' ', '~'),
    ]
}

/// A piece of a string: one character, or a sequence that tends to break
/// hand-written escaping (entity-like text, markup, CDATA ends, CR LF).
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => xml_char().prop_map(String::from),
        1 => prop::sample::select(vec![
            "\r\n", "\n\r", "  ", "\t\t", "&amp;", "&lt;", "&#x9;", "&#xD;", "&#1;", "]]>",
            "<![CDATA[x]]>", "<!-- c -->", "<a>", "</a>", "<?pi?>", "\"'", "{OIDC:ClientId}",
            "\u{1F600}", "e\u{301}",
        ])
        .prop_map(String::from),
    ]
}

/// Whitespace that may lead or trail a string.
fn edge_whitespace() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "", "", " ", "  ", "\t", "\n", "\r", "\r\n", " \t\r\n ", "\n\n",
    ])
}

/// An arbitrary string XML 1.0 can carry (possibly empty).
fn xml_string() -> impl Strategy<Value = String> {
    (
        edge_whitespace(),
        prop::collection::vec(fragment(), 0..12),
        edge_whitespace(),
    )
        .prop_map(|(lead, middle, trail)| format!("{lead}{}{trail}", middle.concat()))
}

/// A character XML 1.0 cannot carry, not even as a character reference.
fn non_xml_char() -> impl Strategy<Value = char> {
    let mut bad: Vec<char> = ('\u{0}'..='\u{1F}')
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    bad.extend(['\u{FFFE}', '\u{FFFF}']);
    debug_assert!(bad.iter().all(|c| !is_xml_char(*c)));
    prop::sample::select(bad)
}

// ---- Tests ------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn strings_come_back_exactly(strings in prop::array::uniform::<_, SLOTS>(xml_string())) {
        let t = Texts::from_array(strings.clone());
        let xml = to_xml(&policy(&t))
            .unwrap_or_else(|e| panic!("emitting a representable policy failed: {e}"));
        let back = read_back(&xml);
        for (i, (sent, got)) in strings.iter().zip(back.iter()).enumerate() {
            prop_assert_eq!(
                sent,
                got,
                "{} did not come back exactly; output:\n{}",
                SLOT_NAMES[i],
                xml
            );
        }
    }

    #[test]
    fn unrepresentable_characters_are_an_error(
        strings in prop::array::uniform::<_, SLOTS>(xml_string()),
        slot in 0..SLOTS,
        at in any::<Index>(),
        bad in non_xml_char(),
    ) {
        let mut strings = strings;
        let s = &mut strings[slot];
        let boundaries: Vec<usize> = s
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect();
        s.insert(*at.get(&boundaries), bad);
        let t = Texts::from_array(strings);
        let p = policy(&t);
        let result = catch_unwind(AssertUnwindSafe(|| to_xml(&p)));
        let result = match result {
            Ok(r) => r,
            Err(_) => panic!(
                "to_xml panicked on U+{:04X} in {}",
                bad as u32, SLOT_NAMES[slot]
            ),
        };
        match result {
            Err(EmitError::InvalidChar { code, context }) => {
                prop_assert_eq!(
                    code,
                    bad as u32,
                    "wrong code point reported (context: {})",
                    context
                );
                prop_assert!(!context.is_empty(), "InvalidChar without a context");
            }
            Err(other) => prop_assert!(
                false,
                "U+{:04X} in {}: expected EmitError::InvalidChar, got {:?}",
                bad as u32,
                SLOT_NAMES[slot],
                other
            ),
            Ok(xml) => prop_assert!(
                false,
                "U+{:04X} in {} was emitted instead of refused:\n{}",
                bad as u32,
                SLOT_NAMES[slot],
                xml
            ),
        }
    }
}

#[test]
fn emitting_twice_gives_identical_bytes() {
    let strings: [String; SLOTS] = std::array::from_fn(|i| match i % 4 {
        0 => format!(" lead and trail {i} "),
        1 => format!("<tag attr=\"v\">&amp; 'q' {i}</tag>"),
        2 => format!("tab\there\r\nCRLF\rCR\nLF {i}"),
        _ => format!("Ünïcödé ✓ \u{1F600} {{OIDC:ClientId}} {i}"),
    });
    let p = policy(&Texts::from_array(strings));
    let first = to_xml(&p).expect("first emission");
    let second = to_xml(&p).expect("second emission");
    assert_eq!(first.as_bytes(), second.as_bytes());
    let of_clone = to_xml(&p.clone()).expect("emission of a clone");
    assert_eq!(first.as_bytes(), of_clone.as_bytes());
}
