//! P006: a relying party only in a leaf policy.

use std::collections::BTreeSet;

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

/// P006.
pub(super) static P006: RuleInfo = RuleInfo {
    code: "P006",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a relying party only in a leaf policy",
    explanation: "The `RelyingParty` element makes a policy one that applications call: it \
        names the journey to run and the token to issue. It belongs to the last file of a \
        chain: a policy that others inherit from passes everything it has down to each child, \
        so a relying party there would be inherited by children that have their own, and no \
        base policy of the public corpus has one. Move the relying party into its own leaf file (as the starter pack's \
        `SignUpOrSignin.xml` does), and let the shared policy hold only the building blocks, \
        profiles and journeys.",
    failing: &[
        Example {
            file: "TrustFrameworkBase.xml",
            xml: policy!(
                "B2C_1A_TrustFrameworkBase",
                r#"  <RelyingParty>
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
    </TechnicalProfile>
  </RelyingParty>
"#
            ),
        },
        Example {
            file: "SignUpOrSignin.xml",
            xml: policy!("B2C_1A_signup_signin" : "B2C_1A_TrustFrameworkBase", ""),
        },
    ],
    passing: &[
        Example {
            file: "TrustFrameworkBase.xml",
            xml: policy!("B2C_1A_TrustFrameworkBase"),
        },
        Example {
            file: "SignUpOrSignin.xml",
            xml: policy!(
                "B2C_1A_signup_signin" : "B2C_1A_TrustFrameworkBase",
                r#"  <RelyingParty>
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
    </TechnicalProfile>
  </RelyingParty>
"#
            ),
        },
    ],
    source: "FACTS.md §6 (RelyingParty: it appears only in leaves)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&P006],
    run,
};

fn run(cx: &Context<'_>) {
    let bases: BTreeSet<usize> = cx
        .scope()
        .flat_map(|i| cx.chains[i].iter().skip(1).copied())
        .collect();
    for &b in &bases {
        if cx.files[b].policy.relying_party.is_some() {
            cx.report(
                &P006,
                b,
                "TrustFrameworkPolicy/RelyingParty[0]",
                format!(
                    "policy `{}` has a RelyingParty but other policies inherit from it; a relying party belongs in a leaf policy",
                    cx.policy_id(b)
                ),
                None,
                None,
            );
        }
    }
}
