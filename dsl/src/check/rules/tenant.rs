//! P004: one `TenantId` along a chain.

use super::header_ids::{xsd_flaw, XsdId};
use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};

/// P004.
pub(super) static P004: RuleInfo = RuleInfo {
    code: "P004",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "one `TenantId` along a chain",
    explanation: "Every policy is uploaded to one tenant, and B2C refuses a file whose root \
        `TenantId` is not the tenant being uploaded to (`TenantId in the policy xml 'x' is not \
        same as the one in login tenant 'y'`). A chain whose files name different tenants \
        therefore cannot be uploaded as a whole; it is usually a file copied from another \
        environment. ief compares, ignoring case, the file's `TenantId`, the `TenantId` in its \
        `BasePolicy` and the parent's own `TenantId`. Fix the tenant in the file that differs \
        (deployment tools substitute it per environment).",
    failing: &[
        Example {
            file: "TrustFrameworkBase.xml",
            xml: policy!("B2C_1A_TrustFrameworkBase"),
        },
        Example {
            file: "TrustFrameworkExtensions.xml",
            xml: r#"<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="fabrikam.onmicrosoft.com"
  PolicyId="B2C_1A_TrustFrameworkExtensions"
  PublicPolicyUri="http://fabrikam.onmicrosoft.com/B2C_1A_TrustFrameworkExtensions">
  <BasePolicy>
    <TenantId>fabrikam.onmicrosoft.com</TenantId>
    <PolicyId>B2C_1A_TrustFrameworkBase</PolicyId>
  </BasePolicy>
</TrustFrameworkPolicy>
"#,
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
    source: "FACTS.md §6 (Inheritance and upload: Tenant) and §8 (`TenantId in the policy xml`)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&P004],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        // The first step of the chain: the file's own base, when found and
        // not the file itself.
        let Some(&next) = cx.chains[i].get(1) else {
            continue;
        };
        let Some(base) = &cx.files[i].policy.base_policy else {
            continue;
        };
        let own = &cx.files[i].policy.tenant_id;
        let base_tenant = &base.tenant_id;
        let theirs = &cx.files[next].policy.tenant_id;
        // A TenantId no tenant can have is P008's finding.
        let well_formed = [own, base_tenant, theirs]
            .iter()
            .all(|t| xsd_flaw(t, XsdId::TenantId).is_none());
        if well_formed
            && (!own.eq_ignore_ascii_case(base_tenant) || !own.eq_ignore_ascii_case(theirs))
        {
            cx.report(
                &P004,
                i,
                "TrustFrameworkPolicy/BasePolicy[0]/TenantId[0]",
                format!(
                    "tenant ids differ along the chain: this policy says `{own}`, its BasePolicy names `{base_tenant}`, and `{}` says `{theirs}`",
                    cx.policy_id(next)
                ),
                Some("every policy of a chain belongs to one tenant".into()),
                Some(base_tenant),
            );
        }
    }
}
