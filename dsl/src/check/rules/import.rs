//! E001: the file cannot be imported. Reported by the importer (and by the
//! CLI for a file that is not UTF-8), before any other rule runs.

use super::{Example, Module, RuleInfo};
use crate::check::{Category, Severity};

/// E001.
pub(super) static E001: RuleInfo = RuleInfo {
    code: "E001",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "the file is a well-formed policy of the XSD's shape",
    explanation: "B2C validates every uploaded file against its XML schema before anything \
        else and rejects it with `Schema validation error found at line L col C … has invalid \
        child element …` (or, in the portal, `The file contains invalid XML`). ief reads each \
        file with the same shape rules: well-formed UTF-8 XML, known elements and attributes \
        only, children in schema order, required elements and attributes present, enumeration \
        values spelled as the schema spells them. A file that does not import is reported here \
        and left out of the set, so findings that depend on it are not reported. Fix the \
        element or attribute the message names; its help lists what the schema expects there.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimProviders />
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!("B2C_1A_TrustFrameworkBase"),
    }],
    source: "FACTS.md §1 (element tree) and §8 (schema validation error); the XSD TrustFrameworkPolicy_0.3.0.0",
};

pub(super) static MODULE: Module = Module {
    rules: &[&E001],
    // The importer reports E001; the set checker only sees imported files.
    run: |_| {},
};
