//! D001: no two definitions of one kind with the same id in one file.

use crate::hash::{HashMap, Uncased};

use super::{Example, Module, RuleInfo};
use crate::check::context::{lc, Context};
use crate::check::index::RefKind;
use crate::check::{Category, Severity};

/// D001.
pub(super) static D001: RuleInfo = RuleInfo {
    code: "D001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "no two definitions of one kind with the same id in one file (ignoring case)",
    explanation: "The schema declares a key for every kind of definition (claim types, \
        technical profiles across all claims providers, transformations, content definitions, \
        journeys, predicates, validations, client definitions, document references, endpoints, \
        the validation technical profiles of one profile, the authorization technical profiles \
        of one journey), so B2C's schema validation rejects a file that defines one id twice. \
        B2C also compares ids ignoring case, so `email` and `Email` are one id to it even where \
        the schema's key would let them pass. Step orders and exchange ids, also keys, are J002 \
        and J006. Remove or rename one of the two; to change a base policy's definition, \
        restate it in a child file instead of copying it.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
      <ClaimType Id="Email">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
"#
        ),
    }],
    source:
        "FACTS.md §3 (identity constraints) and §6 (Case sensitivity: case-only duplicates collide)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&D001],
    run,
};

/// Items an XSD key makes unique within one scope, for D001.
struct KeyGroup {
    /// `(id, source-map path)` of each item.
    items: Vec<(String, String)>,
    /// What the items are, in words.
    what: &'static str,
    /// How a repeat is told, e.g. "is defined twice in this file".
    twice: String,
}

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let mut seen: HashMap<(RefKind, Uncased<'_>), &str> = HashMap::default();
        for d in &cx.index_of(i).defs {
            if d.id.is_empty() {
                // I001 reports empty ids; two of them are not a second
                // fault.
                continue;
            }
            let key = (d.kind, Uncased(&d.id));
            if let Some(first) = seen.get(&key) {
                let msg = if *first == d.id {
                    format!(
                        "{} `{}` is defined twice in this file",
                        d.kind.words(),
                        d.id
                    )
                } else {
                    format!(
                        "{} `{}` is defined twice in this file (also as `{first}`; B2C compares ids ignoring case)",
                        d.kind.words(),
                        d.id
                    )
                };
                cx.report(
                    &D001,
                    i,
                    &d.path.to_string(),
                    msg,
                    Some("remove or rename one of them".into()),
                    Some(&d.id),
                );
            } else {
                seen.insert(key, &d.id);
            }
        }
        keyed_duplicates(cx, i);
    }
}

/// D001 for the XSD keys that are not definitions the index tracks:
/// document references and relying-party endpoints (unique in the file),
/// validation technical profiles (unique in their technical profile) and
/// authorization technical profiles (unique in their journey). Step orders
/// and exchange ids are J002 and J006.
fn keyed_duplicates(cx: &Context<'_>, file: usize) {
    let p = &cx.files[file].policy;
    let mut groups: Vec<KeyGroup> = Vec::new();
    groups.push(KeyGroup {
        items: p
            .document_references
            .iter()
            .enumerate()
            .map(|(n, d)| {
                (
                    d.id.clone(),
                    format!("TrustFrameworkPolicy/DocumentReferences/DocumentReference[{n}]@Id"),
                )
            })
            .collect(),
        what: "document reference",
        twice: "is defined twice in this file".into(),
    });
    if let Some(rp) = &p.relying_party {
        groups.push(KeyGroup {
            items: rp
                .endpoints
                .iter()
                .enumerate()
                .map(|(n, e)| {
                    (
                        e.id.clone(),
                        format!("TrustFrameworkPolicy/RelyingParty[0]/Endpoints/Endpoint[{n}]@Id"),
                    )
                })
                .collect(),
            what: "endpoint",
            twice: "is defined twice in the relying party".into(),
        });
    }
    for (base, tp) in cx.profiles_of(file) {
        groups.push(KeyGroup {
            items: tp
                .validation_technical_profiles
                .iter()
                .enumerate()
                .map(|(n, v)| {
                    (
                        v.reference.id().to_owned(),
                        format!("{base}/ValidationTechnicalProfiles/ValidationTechnicalProfile[{n}]@ReferenceId"),
                    )
                })
                .collect(),
            what: "validation technical profile",
            twice: format!("is listed twice in technical profile `{}`", tp.id),
        });
    }
    for (j, journey) in p.user_journeys.iter().enumerate() {
        if let Some(auth) = &journey.authorization {
            groups.push(KeyGroup {
                items: auth
                    .profiles
                    .iter()
                    .enumerate()
                    .map(|(n, a)| {
                        (
                            a.reference.id().to_owned(),
                            format!("TrustFrameworkPolicy/UserJourneys/UserJourney[{j}]/Authorization[0]/AuthorizationTechnicalProfiles/AuthorizationTechnicalProfile[{n}]@ReferenceId"),
                        )
                    })
                    .collect(),
                what: "authorization technical profile",
                twice: format!("is listed twice in user journey `{}`", journey.id),
            });
        }
    }
    for KeyGroup { what, twice, items } in groups {
        let mut seen: HashMap<String, String> = HashMap::default();
        for (id, path) in items {
            if id.is_empty() {
                continue;
            }
            match seen.get(&lc(&id)) {
                Some(first) => {
                    let also = if *first == id {
                        String::new()
                    } else {
                        format!(" (also as `{first}`; B2C compares ids ignoring case)")
                    };
                    cx.report(
                        &D001,
                        file,
                        &path,
                        format!("{what} `{id}` {twice}{also}"),
                        Some("remove or rename one of them".into()),
                        Some(&id),
                    );
                }
                None => {
                    seen.insert(lc(&id), id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::set::{check_set, Report};
    use crate::import::import_str;

    fn check_one(body: &str) -> Report {
        let xml = format!(
            r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_T" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_T">{body}</TrustFrameworkPolicy>"#
        );
        let file = import_str(&xml, "T.xml").expect("imports");
        check_set(&[file])
    }

    fn errors(r: &Report) -> Vec<(&str, Option<&str>)> {
        r.errors().map(|d| (d.code, d.id.as_deref())).collect()
    }

    #[test]
    fn authorization_profile_twice_is_d001() {
        let r = check_one(
            r#"<ClaimsProviders><ClaimsProvider><TechnicalProfiles><TechnicalProfile Id="A"><Protocol Name="None" /></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>
<UserJourneys><UserJourney Id="J"><Authorization><AuthorizationTechnicalProfiles><AuthorizationTechnicalProfile ReferenceId="A" /><AuthorizationTechnicalProfile ReferenceId="a" /></AuthorizationTechnicalProfiles></Authorization></UserJourney></UserJourneys>"#,
        );
        assert_eq!(errors(&r), vec![("D001", Some("a"))]);
        let d = r.errors().next().expect("one error");
        assert!(d.message.contains("user journey `J`"), "{}", d.message);
        assert!(d.message.contains("ignoring case"), "{}", d.message);
    }

    #[test]
    fn document_references_twice_is_d001_and_empty_ids_are_i001_once() {
        let r = check_one(
            r#"<DocumentReferences><DocumentReference Id="d"><DisplayName>x</DisplayName><Url>http://x</Url></DocumentReference><DocumentReference Id="d"><DisplayName>x</DisplayName><Url>http://x</Url></DocumentReference></DocumentReferences>
<BuildingBlocks><ClaimsSchema><ClaimType Id=""><DataType>string</DataType></ClaimType><ClaimType Id=""><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>"#,
        );
        // Two empty ids are two I001s, not also a D001.
        assert_eq!(
            errors(&r),
            vec![("D001", Some("d")), ("I001", Some("")), ("I001", Some(""))]
        );
    }
}
