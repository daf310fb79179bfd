//! P002: no inheritance cycle.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

/// P002.
pub(super) static P002: RuleInfo = RuleInfo {
    code: "P002",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "no inheritance cycle",
    explanation: "A policy's chain of `BasePolicy` references must end at a policy without \
        one. If it comes back to a policy already on the chain, there is no order in which the \
        files can be uploaded (each parent must exist before its child) and no root to merge \
        from. Each file whose chain runs back to itself is reported at its `BasePolicy`, with \
        the loop spelled out; the rules that need the whole chain are not run on it. Fix the \
        `BasePolicy` of the file that should be the root, usually by removing it.",
    failing: &[
        Example {
            file: "TrustFrameworkBase.xml",
            xml: policy!("B2C_1A_TrustFrameworkBase" : "B2C_1A_TrustFrameworkExtensions", ""),
        },
        Example {
            file: "TrustFrameworkExtensions.xml",
            xml: policy!("B2C_1A_TrustFrameworkExtensions" : "B2C_1A_TrustFrameworkBase", ""),
        },
    ],
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
    source: "FACTS.md §6 (Inheritance and upload: the parent must exist before the child)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&P002],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let chain = &cx.chains[i];
        let last = chain[chain.len() - 1];
        let Some(base) = &cx.files[last].policy.base_policy else {
            continue;
        };
        let base_id = base.policy_id.id();
        // The walk from `i` stopped at `last`; if `last`'s base is `i`, the
        // chain of `i` loops back to it.
        if cx.file_of(base_id) != Some(i) {
            continue;
        }
        let names: Vec<&str> = chain.iter().map(|&c| cx.policy_id(c)).collect();
        cx.report(
            &P002,
            i,
            "TrustFrameworkPolicy/BasePolicy[0]/PolicyId[0]",
            format!(
                "the inheritance chain loops: {} -> {}",
                names.join(" -> "),
                cx.policy_id(i)
            ),
            None,
            Some(base_id),
        );
    }
}
