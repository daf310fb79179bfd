//! C001: a claim type restated without `DataType` exists in the base chain.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

/// C001.
pub(super) static C001: RuleInfo = RuleInfo {
    code: "C001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a claim type without `DataType` is declared with one in its chain",
    explanation: "The schema lets a `ClaimType` leave out `DataType` because a child policy may \
        restate a base claim type to change only its display name or help text; the data type \
        then comes from the base. A claim type that no policy of its chain declares with a \
        data type has none at all, so B2C cannot store, compare or transform its values, and \
        transformations and technical profiles that use it cannot be checked. This is usually \
        a new claim whose `DataType` was forgotten, or a restatement whose base claim was \
        renamed. Add a `<DataType>`, or declare the claim in a base policy.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="loyaltyNumber">
        <DisplayName>Loyalty number</DisplayName>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="loyaltyNumber">
        <DisplayName>Loyalty number</DisplayName>
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
"#
        ),
    }],
    source: "FACTS.md §1 (ClaimType: `DataType?`) and §6 (Merge by Id: ClaimType merges by Id)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&C001],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        if !cx.complete[i] {
            continue;
        }
        for (n, c) in cx.files[i]
            .policy
            .building_blocks
            .claims_schema
            .iter()
            .enumerate()
        {
            if c.data_type.is_some() || cx.data_type(i, c.id.id()).is_some() {
                continue;
            }
            let id = c.id.id();
            cx.report(
                &C001,
                i,
                &format!("TrustFrameworkPolicy/BuildingBlocks[0]/ClaimsSchema/ClaimType[{n}]"),
                format!("claim type `{id}` has no DataType, and no policy of its chain declares it with one"),
                Some("add a <DataType>, or declare the claim in a base policy".into()),
                Some(id),
            );
        }
    }
}
