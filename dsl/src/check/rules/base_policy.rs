//! P001: a file's `BasePolicy` is in the set.

use super::header_ids::{xsd_flaw, XsdId};
use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::set::Diagnostic;
use crate::check::set::PolicyHeader;
use crate::check::{Category, Severity};
use crate::import::did_you_mean;
use crate::resolve::{lc, same_id};

/// P001.
pub(super) static P001: RuleInfo = RuleInfo {
    code: "P001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "the `BasePolicy` is in the policy set",
    explanation: "B2C assembles a policy from its inheritance chain: the `BasePolicy` names \
        the parent by `PolicyId` (compared ignoring case), and the parent must already be in the \
        tenant when the child is uploaded, or the upload fails with `Policy with 'policyId': X \
        cannot be found in the directory`. ief checks a set of files the way it would be \
        uploaded, so the parent must be one of the files. The rules that need the whole chain \
        (unresolved references, merged journeys, C001, T005) are not run on a file whose chain \
        is broken: what the missing parent defines cannot be known. Fix the `PolicyId` in \
        `BasePolicy`, or add the parent's file to the set (`ief check` takes every file of a \
        folder; `PolicySet::with_existing` adds one as context). The suggested `PolicyId` is \
        never the file's own nor one of a policy that inherits from it (either would be a \
        cycle). When the parent's file is in the set but has errors that stop its import (E001), the finding \
        says so instead: that file's errors come first.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!("B2C_1A_TrustFrameworkExtensions" : "B2C_1A_TrustFrameworkBase", ""),
    }],
    passing: &[
        Example {
            file: "TrustFrameworkBase.xml",
            xml: policy!("B2C_1A_TrustFrameworkBase"),
        },
        Example {
            file: "TrustFrameworkExtensions.xml",
            xml: policy!("B2C_1A_TrustFrameworkExtensions" : "B2C_1A_TrustFrameworkBase", ""),
        },
    ],
    source: "FACTS.md §6 (Inheritance and upload) and §8 (`cannot be found in the directory`)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&P001],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let f = &cx.files[i];
        let Some(base) = &f.policy.base_policy else {
            continue;
        };
        let base_id = base.policy_id.id();
        // A base PolicyId that no policy can have is P007's finding, at
        // the same place.
        if cx.file_of(base_id).is_some() || xsd_flaw(base_id, XsdId::PolicyId).is_some() {
            continue;
        }
        // The help ("did you mean") reads every PolicyId of the whole set:
        // it is added by `help_over_set` once the set is known.
        cx.report(
            &P001,
            i,
            "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]",
            format!("the base policy `{base_id}` is not in the policy set"),
            None,
            Some(base_id),
        );
    }
}

/// Gives each P001 finding of `diagnostics` its help: the nearest
/// `PolicyId` of the whole set (`headers`: every file's, not only its
/// group's), else what to do. Run by [`crate::check::set`] once every
/// group is checked. The file's own `PolicyId` and those of the files
/// that inherit from it are never suggested: naming one of them as the
/// base makes a cycle (P002).
pub(crate) fn help_over_set(diagnostics: &mut [Diagnostic], headers: &[PolicyHeader]) {
    if !diagnostics.iter().any(|d| d.code == P001.code) {
        return;
    }
    // Each PolicyId's base, compared ignoring case as B2C does.
    let base_of: crate::hash::HashMap<String, String> = headers
        .iter()
        .filter_map(|h| Some((lc(&h.policy_id), lc(h.base_policy_id.as_deref()?))))
        .collect();
    for d in diagnostics.iter_mut().filter(|d| d.code == P001.code) {
        let Some(base_id) = d.id.as_deref() else {
            continue;
        };
        let own = headers
            .iter()
            .find(|h| h.file == d.file)
            .map(|h| lc(&h.policy_id));
        // Whether `id`'s chain reaches the file's own PolicyId (itself
        // included); a walk longer than the set has files is in a cycle.
        let inherits_from_own = |id: &str| {
            let Some(own) = own.as_deref() else {
                return false;
            };
            let mut at = lc(id);
            for _ in 0..=headers.len() {
                if at == own {
                    return true;
                }
                match base_of.get(&at) {
                    Some(next) => at = next.clone(),
                    None => return false,
                }
            }
            false
        };
        let candidates = headers
            .iter()
            .map(|h| h.policy_id.as_str())
            .filter(|id| !inherits_from_own(id));
        d.help = Some(
            did_you_mean(base_id, candidates)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    "add the base policy's file to the set, or fix the PolicyId".into()
                }),
        );
    }
}

/// Rewrites the P001 findings of `diagnostics` whose base is the
/// `PolicyId` of a file of the set that did not import
/// (`unread`: those files' `PolicyId`s, from their headers): the base is
/// not missing, its file has errors (E001) of its own, which come first.
pub(crate) fn base_unread(diagnostics: &mut [Diagnostic], unread: &[String]) {
    if unread.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut().filter(|d| d.code == P001.code) {
        let Some(base_id) = d.id.as_deref() else {
            continue;
        };
        if unread.iter().any(|u| same_id(u, base_id)) {
            d.message = format!(
                "the base policy `{base_id}` is in a file of the set that has errors (E001) and was not imported"
            );
            d.help = Some(
                "fix that file's E001 errors first: this file's chain is checked once its base imports"
                    .into(),
            );
        }
    }
}
