//! P005: one file per `PolicyId`.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

/// P005.
pub(super) static P005: RuleInfo = RuleInfo {
    code: "P005",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "one file per `PolicyId`",
    explanation: "A tenant holds one policy per `PolicyId`, and B2C compares policy ids \
        ignoring case (its messages print them upper-cased). Two files of a set with the same \
        id would overwrite each other on upload, and a child naming that id as its base could \
        mean either. The second file (in the order given) is reported. Give every policy its \
        own `PolicyId`; copies of a relying party for another journey usually forgot to rename \
        theirs.",
    failing: &[
        Example {
            file: "SignUpOrSignin.xml",
            xml: policy!("B2C_1A_signup_signin"),
        },
        Example {
            file: "ProfileEdit.xml",
            xml: policy!("B2C_1A_SIGNUP_SIGNIN"),
        },
    ],
    passing: &[
        Example {
            file: "SignUpOrSignin.xml",
            xml: policy!("B2C_1A_signup_signin"),
        },
        Example {
            file: "ProfileEdit.xml",
            xml: policy!("B2C_1A_ProfileEdit"),
        },
    ],
    source: "FACTS.md §6 (Case sensitivity: PolicyIds are compared ignoring case)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&P005],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let Some(first) = cx.duplicate_of[i] else {
            continue;
        };
        let f = &cx.files[i];
        cx.report(
            &P005,
            i,
            "TrustFrameworkPolicy@PolicyId",
            format!(
                "policy id `{}` is used by two files of the set ({} and this one)",
                f.policy.policy_id, cx.files[first].file
            ),
            Some("give every policy its own PolicyId".into()),
            Some(f.policy.policy_id.id()),
        );
    }
}
