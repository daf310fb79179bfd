//! P003: at most 10 inheritance levels.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::set::MAX_CHAIN;
use crate::check::{Category, Severity};

/// P003.
pub(super) static P003: RuleInfo = RuleInfo {
    code: "P003",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "at most 10 inheritance levels",
    explanation: "B2C's service limits allow a custom policy at most 10 levels of inheritance: \
        the policy itself and its chain of base policies count together. A deeper chain is \
        refused on upload. The finding is on the file whose chain is too long, at its \
        `BasePolicy`. Fix it by merging intermediate policies: levels usually grow from one \
        policy per feature, which can share one extensions file.",
    failing: &[
        Example { file: "L01.xml", xml: policy!("B2C_1A_L01") },
        Example { file: "L02.xml", xml: policy!("B2C_1A_L02" : "B2C_1A_L01", "") },
        Example { file: "L03.xml", xml: policy!("B2C_1A_L03" : "B2C_1A_L02", "") },
        Example { file: "L04.xml", xml: policy!("B2C_1A_L04" : "B2C_1A_L03", "") },
        Example { file: "L05.xml", xml: policy!("B2C_1A_L05" : "B2C_1A_L04", "") },
        Example { file: "L06.xml", xml: policy!("B2C_1A_L06" : "B2C_1A_L05", "") },
        Example { file: "L07.xml", xml: policy!("B2C_1A_L07" : "B2C_1A_L06", "") },
        Example { file: "L08.xml", xml: policy!("B2C_1A_L08" : "B2C_1A_L07", "") },
        Example { file: "L09.xml", xml: policy!("B2C_1A_L09" : "B2C_1A_L08", "") },
        Example { file: "L10.xml", xml: policy!("B2C_1A_L10" : "B2C_1A_L09", "") },
        Example { file: "L11.xml", xml: policy!("B2C_1A_L11" : "B2C_1A_L10", "") },
    ],
    passing: &[
        Example { file: "L01.xml", xml: policy!("B2C_1A_L01") },
        Example { file: "L02.xml", xml: policy!("B2C_1A_L02" : "B2C_1A_L01", "") },
        Example { file: "L03.xml", xml: policy!("B2C_1A_L03" : "B2C_1A_L02", "") },
        Example { file: "L04.xml", xml: policy!("B2C_1A_L04" : "B2C_1A_L03", "") },
        Example { file: "L05.xml", xml: policy!("B2C_1A_L05" : "B2C_1A_L04", "") },
        Example { file: "L06.xml", xml: policy!("B2C_1A_L06" : "B2C_1A_L05", "") },
        Example { file: "L07.xml", xml: policy!("B2C_1A_L07" : "B2C_1A_L06", "") },
        Example { file: "L08.xml", xml: policy!("B2C_1A_L08" : "B2C_1A_L07", "") },
        Example { file: "L09.xml", xml: policy!("B2C_1A_L09" : "B2C_1A_L08", "") },
        Example { file: "L10.xml", xml: policy!("B2C_1A_L10" : "B2C_1A_L09", "") },
    ],
    source: "FACTS.md §9 (Microsoft Learn, \"Azure AD B2C service limits and restrictions\": 10 levels of inheritance)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&P003],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        let levels = cx.chains[i].len();
        if levels > MAX_CHAIN {
            cx.report(
                &P003,
                i,
                "TrustFrameworkPolicy/BasePolicy[0]",
                format!(
                    "the inheritance chain of `{}` has {levels} levels; B2C allows at most {MAX_CHAIN}",
                    cx.policy_id(i)
                ),
                None,
                None,
            );
        }
    }
}
