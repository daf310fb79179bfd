//! E002 and W004: the keys of a templated set's settings file
//! (`appsettings.json`). Reported by [`crate::appsettings`] while it
//! renders the templates, not by the set checker: the checker sees only
//! rendered files.

use super::{Example, Module, RuleInfo};
use crate::check::{Category, Severity};

/// A template of a root policy whose tenant comes from the settings; the
/// argument is put into its `PublicPolicyUri` path.
macro_rules! template {
    ($extra:literal) => {
        concat!(
            "<TrustFrameworkPolicy xmlns=\"http://schemas.microsoft.com/online/cpim/schemas/2013/06\"\n",
            "  PolicySchemaVersion=\"0.3.0.0\" TenantId=\"{Settings:Tenant}\"\n",
            "  PolicyId=\"B2C_1A_Base\"\n",
            "  PublicPolicyUri=\"http://{Settings:Tenant}/",
            $extra,
            "B2C_1A_Base\">\n",
            "</TrustFrameworkPolicy>\n"
        )
    };
}

/// E002.
pub(super) static E002: RuleInfo = RuleInfo {
    code: "E002",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "every `{Settings:Key}` of a templated set has a value in each environment",
    explanation: "A templated set (the VS Code extension's `appsettings.json` beside the \
        policies, or `--settings FILE`) is rendered per environment: each `{Settings:Key}` \
        is replaced by the environment's `PolicySettings` value of that key (ignoring case), \
        and the built-ins `{Settings:Tenant}`, `{Settings:Filename}`, \
        `{Settings:PolicyFilename}` and `{Settings:Environment}` by the environment's tenant, \
        the file's name, the file's name without `B2C_1A_`, and the environment's name. The \
        extension leaves a placeholder it has no value for in the output; B2C then rejects \
        the tenant id, or accepts a client id or URL that means nothing and fails at run \
        time. ief reports the placeholder, in the template, with the environment that lacks \
        the key (one inside an XML comment is left as written and not reported). Add the key to that environment's `PolicySettings` (or its `Tenant`), or \
        fix the key's spelling.",
    failing: &[
        Example {
            file: "appsettings.json",
            xml: r#"{ "Environments": [ { "Name": "Dev", "PolicySettings": {} } ] }"#,
        },
        Example {
            file: "Base.xml",
            xml: template!(""),
        },
    ],
    passing: &[
        Example {
            file: "appsettings.json",
            xml: r#"{ "Environments": [ { "Name": "Dev", "Tenant": "contoso.onmicrosoft.com", "PolicySettings": {} } ] }"#,
        },
        Example {
            file: "Base.xml",
            xml: template!(""),
        },
    ],
    source: "the VS Code extension's policy build (src/PolicyBuild.ts, README \"App settings\"); FACTS.md §7 (`{Settings:…}` are deployment-tool placeholders)",
};

/// W004.
pub(super) static W004: RuleInfo = RuleInfo {
    code: "W004",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "every `PolicySettings` key of a templated set is used by some policy file",
    explanation: "A key in an environment's `PolicySettings` that no `{Settings:Key}` of any \
        policy file names is never substituted: usually a placeholder was renamed or \
        misspelt in the policies, or the key is left over. A key named like a built-in \
        (`Tenant`, `Filename`, `PolicyFilename`, `Environment`) or repeating an earlier key \
        (ignoring case) is never used either, since the built-in or the earlier key wins. ief \
        reports each such key once per environment, at the key in the settings file. Remove \
        the key, or use it.",
    failing: &[
        Example {
            file: "appsettings.json",
            xml: r#"{ "Environments": [ { "Name": "Dev", "Tenant": "contoso.onmicrosoft.com",
  "PolicySettings": { "FacebookAppId": "0" } } ] }"#,
        },
        Example {
            file: "Base.xml",
            xml: template!(""),
        },
    ],
    passing: &[
        Example {
            file: "appsettings.json",
            xml: r#"{ "Environments": [ { "Name": "Dev", "Tenant": "contoso.onmicrosoft.com",
  "PolicySettings": { "Version": "v1" } } ] }"#,
        },
        Example {
            file: "Base.xml",
            xml: template!("{Settings:Version}/"),
        },
    ],
    source: "the VS Code extension's policy build (src/PolicyBuild.ts: every PolicySettings key is replaced, unused ones silently)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&E002, &W004],
    // Reported by the renderer (crate::appsettings), not the set checker.
    run: |_| {},
};
