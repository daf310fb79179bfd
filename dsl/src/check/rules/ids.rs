//! I001: no id is empty or has whitespace.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::policy::TrustFrameworkPolicy;
use crate::resolve::{idx as ix, SourcePath};

/// I001.
pub(super) static I001: RuleInfo = RuleInfo {
    code: "I001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "no definition's id is empty or has whitespace",
    explanation: "B2C finds every element by its id: claim types, technical profiles, \
        transformations, content definitions, journeys, sub-journeys, display controls and \
        their actions, predicates, validations, localized resources, client definitions, \
        claims exchanges, endpoints, contacts, document references and predicate groups. An \
        empty id cannot be referred to, and one with a space or a trailing line break \
        (common after copying from a document) looks like another id that does not match it, \
        so references to it fail with `… makes reference to … with id 'X'`. A reference with \
        such an id is reported as unresolved (R001–R012, J003/J004) unless the definition has \
        the same flaw. Remove the whitespace, here and where the id is referenced.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="loyalty number">
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
      <ClaimType Id="loyaltyNumber">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
"#
        ),
    }],
    source: "FACTS.md §3 (identity constraints: every key is an `@Id`) and §8 (`makes reference to … with id`)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&I001],
    run,
};

/// What is wrong with an id: empty, or with whitespace in it.
pub(crate) fn id_flaw(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if id.starts_with(char::is_whitespace) {
        Some("starts with whitespace")
    } else if id.ends_with(char::is_whitespace) {
        Some("ends with whitespace")
    } else if id.chars().any(char::is_whitespace) {
        Some("contains whitespace")
    } else {
        None
    }
}

/// An element's own id, for I001.
struct IdSite<'a> {
    /// What the element is, in words.
    what: &'static str,
    /// Where it is, when its id alone does not say (e.g. the step of a
    /// claims exchange).
    context: Option<String>,
    /// The id as written.
    id: &'a str,
    /// The source-map path of the id attribute.
    path: SourcePath,
}

/// I001: an id that is empty or has whitespace, on every element that
/// defines an id. A reference with such an id does not resolve (its R
/// rule, or J003/J004 for exchange ids, reports it) unless the definition
/// has the same flaw, which is reported here. Only flawed ids are listed:
/// the words of a site are made for a finding, not for every id.
fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let mut sites: Vec<IdSite<'_>> = cx
            .index_of(i)
            .defs
            .iter()
            .filter(|d| id_flaw(&d.id).is_some())
            .map(|d| IdSite {
                what: d.kind.words(),
                context: None,
                id: &d.id,
                path: d.path,
            })
            .collect();
        sites.extend(other_id_sites(&cx.files[i].policy));
        for IdSite {
            what,
            context,
            id,
            path,
        } in sites
        {
            let Some(flaw) = id_flaw(id) else {
                continue;
            };
            let context = context.map(|c| format!(" ({c})")).unwrap_or_default();
            let (msg, help) = if id.is_empty() {
                (
                    format!("{what} id is empty{context}"),
                    "give it an id: B2C finds every element by its id".to_owned(),
                )
            } else {
                let joined: String = id.split_whitespace().collect();
                (
                    format!("{what} id `{}` {flaw}{context}", id.escape_debug()),
                    format!("ids cannot contain whitespace; write e.g. `{joined}`, here and where it is referenced"),
                )
            };
            cx.report(&I001, i, &path.to_string(), msg, Some(help), Some(id));
        }
    }
}

/// The flawed ids (see [`id_flaw`]) of the elements the index does not
/// track as definitions (nothing refers to them across files): contacts,
/// document references, predicate groups, display-control actions,
/// claims exchanges, endpoints and the relying party's technical
/// profiles.
fn other_id_sites(p: &TrustFrameworkPolicy) -> Vec<IdSite<'_>> {
    fn site<'a>(
        out: &mut Vec<IdSite<'a>>,
        what: &'static str,
        context: &dyn Fn() -> Option<String>,
        id: &'a str,
        path: SourcePath,
    ) {
        if id_flaw(id).is_some() {
            out.push(IdSite {
                what,
                context: context(),
                id,
                path,
            });
        }
    }
    let mut out = Vec::new();
    for (n, c) in p.contacts.iter().enumerate() {
        site(
            &mut out,
            "contact",
            &|| None,
            &c.id,
            SourcePath::new("TrustFrameworkPolicy/Contacts/Contact[#]@Id", [ix(n)]),
        );
    }
    for (n, d) in p.document_references.iter().enumerate() {
        site(
            &mut out,
            "document reference",
            &|| None,
            &d.id,
            SourcePath::new(
                "TrustFrameworkPolicy/DocumentReferences/DocumentReference[#]@Id",
                [ix(n)],
            ),
        );
    }
    for (i, pv) in p.building_blocks.predicate_validations.iter().enumerate() {
        for (g, group) in pv.groups.iter().enumerate() {
            site(
                &mut out,
                "predicate group",
                &|| Some(format!("in predicate validation `{}`", pv.id)),
                &group.id,
                SourcePath::new("TrustFrameworkPolicy/BuildingBlocks[0]/PredicateValidations/PredicateValidation[#]/PredicateGroups/PredicateGroup[#]@Id", [ix(i), ix(g)]),
            );
        }
    }
    for (i, dc) in p.building_blocks.display_controls.iter().enumerate() {
        for (a, action) in dc.actions.iter().enumerate() {
            site(
                &mut out,
                "display control action",
                &|| Some(format!("in display control `{}`", dc.id)),
                &action.id,
                SourcePath::new(
                    "TrustFrameworkPolicy/BuildingBlocks[0]/DisplayControls/DisplayControl[#]/Actions/Action[#]@Id",
                    [ix(i), ix(a)],
                ),
            );
        }
    }
    let journeys = p
        .user_journeys
        .iter()
        .enumerate()
        .map(|(j, uj)| {
            (
                SourcePath::new("TrustFrameworkPolicy/UserJourneys/UserJourney[#]", [ix(j)]),
                "user journey",
                uj.id.id(),
                &uj.steps,
            )
        })
        .chain(p.sub_journeys.iter().enumerate().map(|(j, sj)| {
            (
                SourcePath::new("TrustFrameworkPolicy/SubJourneys/SubJourney[#]", [ix(j)]),
                "sub-journey",
                sj.id.id(),
                &sj.steps,
            )
        }));
    for (base, kind, journey, steps) in journeys {
        for (s, step) in steps.iter().enumerate() {
            for (e, x) in step
                .exchanges
                .iter()
                .flat_map(|x| x.exchanges.iter())
                .enumerate()
            {
                site(
                    &mut out,
                    "claims exchange",
                    &|| Some(format!("in step {} of {kind} `{journey}`", step.order)),
                    x.id.id(),
                    base.parts(
                        "/OrchestrationSteps/OrchestrationStep[#]/ClaimsExchanges[0]/ClaimsExchange[#]@Id",
                        &[ix(s), ix(e)],
                    ),
                );
            }
        }
    }
    if let Some(rp) = &p.relying_party {
        for (n, e) in rp.endpoints.iter().enumerate() {
            site(
                &mut out,
                "endpoint",
                &|| None,
                &e.id,
                SourcePath::new(
                    "TrustFrameworkPolicy/RelyingParty[0]/Endpoints/Endpoint[#]@Id",
                    [ix(n)],
                ),
            );
        }
        for (k, tp) in rp.technical_profiles.iter().enumerate() {
            site(
                &mut out,
                "technical profile",
                &|| Some("in the relying party".to_owned()),
                tp.id.id(),
                SourcePath::new(
                    "TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[#]@Id",
                    [ix(k)],
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::id_flaw;

    #[test]
    fn id_flaws() {
        assert_eq!(id_flaw("email"), None);
        assert_eq!(id_flaw(""), Some("is empty"));
        assert_eq!(id_flaw(" email"), Some("starts with whitespace"));
        assert_eq!(id_flaw("email\u{a0}"), Some("ends with whitespace"));
        assert_eq!(id_flaw("e mail"), Some("contains whitespace"));
    }
}
