//! The signatures of B2C's built-in claims-transformation methods, and a
//! check of one [`ClaimsTransformation`] against its method's signature.
//!
//! [`ClaimsTransformation`] keeps `TransformationMethod`, the
//! `TransformationClaimType` (TCT) names and the `InputParameter` ids as
//! strings, as the XSD does. This module is the table that gives those
//! strings a meaning: for each method ([`Signature`]) the input claims,
//! input parameters and output claims it reads and writes ([`Slot`]), the
//! data type each must have ([`TypeRule`]), and which lists accept names
//! beyond the listed ones ([`Openness`]).
//!
//! [`check_transformation`] compares one transformation with its signature
//! and returns what does not fit ([`Mismatch`]): an unknown method, a TCT or
//! parameter id the method does not know, a required one that is missing, a
//! parameter whose `DataType` does not fit, and a claim whose `DataType`
//! does not fit its slot.
//!
//! The table is not written here: it is generated from the one table of
//! methods that also generates the typed constructors of
//! [`crate::methods`] (`methods/table.rs`), so the two cannot describe a
//! method differently. It follows section 4 of the project's fact sheet
//! (the docs tables of 2022–23 plus corpus-only methods). Where the docs,
//! their live demos and real policies disagree on a data type, the typed
//! constructor takes one and the rule here accepts all of them (see the
//! notes on each entry), so that policies B2C accepts are not reported.
//!
//! ```
//! use ief_dsl::check::signatures::{check_transformation, signature, MismatchKind};
//! use ief_dsl::claims::DataType;
//! use ief_dsl::refs::{ClaimRef, TransformRef};
//! use ief_dsl::transforms::{ClaimsTransformation, InputParameter, TransformClaim};
//!
//! let sig = signature("setClaimsIfRegexMatch").unwrap();
//! assert_eq!(sig.method, "SetClaimsIfRegexMatch");
//!
//! let ct: ClaimsTransformation = ClaimsTransformation::new(TransformRef::unchecked("CheckEmails").into())
//!     .method("CompareClaims")
//!     .input_claims(vec![
//!         TransformClaim::new(ClaimRef::unchecked("email"), "inputClaim1"),
//!         TransformClaim::new(ClaimRef::unchecked("reenterEmail"), "inputClaim2"),
//!     ])
//!     .input_parameters(vec![InputParameter::string("operator", "EQUAL")])
//!     .output_claims(vec![TransformClaim::new(ClaimRef::unchecked("same"), "outputClaim")])
//!     .build();
//! let types = |id: &str| match id {
//!     "same" => Some(DataType::Boolean),
//!     _ => Some(DataType::String),
//! };
//! let found = check_transformation(&ct, &types);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].kind, MismatchKind::MissingParameter); // ignoreCase
//! ```

use std::fmt;

use crate::claims::DataType;
use crate::import::did_you_mean;
use crate::methods::SIGNATURES;
use crate::transforms::{ClaimsTransformation, TransformClaim};

/// What `DataType` a claim or parameter must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRule {
    /// Exactly this data type.
    Exactly(DataType),
    /// One of these data types.
    OneOf(&'static [DataType]),
    /// Any data type.
    Any,
    /// The data type of the input claim bound to this input TCT (used for
    /// outputs, e.g. `CopyClaim`'s `outputClaim` has the type of its
    /// `inputClaim`). When that input is absent or its type unknown, any
    /// data type is accepted.
    SameAsInput(&'static str),
}

impl TypeRule {
    /// Whether `data_type` fits, given the data type of the input named by
    /// [`TypeRule::SameAsInput`] when known.
    pub fn accepts(&self, data_type: DataType, same_as: Option<DataType>) -> bool {
        match *self {
            TypeRule::Exactly(t) => t == data_type,
            TypeRule::OneOf(ts) => ts.contains(&data_type),
            TypeRule::Any => true,
            TypeRule::SameAsInput(_) => same_as.is_none_or(|t| t == data_type),
        }
    }

    /// The rule in words, e.g. "`string`", "`string` or `dateTime`".
    pub fn describe(&self, same_as: Option<DataType>) -> String {
        match *self {
            TypeRule::Exactly(t) => format!("`{t}`"),
            TypeRule::OneOf(ts) => {
                let names: Vec<String> = ts.iter().map(|t| format!("`{t}`")).collect();
                match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => names.join(""),
                }
            }
            TypeRule::Any => "any data type".to_owned(),
            TypeRule::SameAsInput(tct) => match same_as {
                Some(t) => format!("`{t}` (the data type of input `{tct}`)"),
                None => format!("the data type of input `{tct}`"),
            },
        }
    }
}

/// One named input claim, input parameter or output claim of a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The `TransformationClaimType` (claims) or `InputParameter/@Id`
    /// (parameters), spelled as B2C expects it (case-sensitive).
    pub name: &'static str,
    /// The data type the claim or parameter must have.
    pub rule: TypeRule,
    /// Whether the slot may be left out.
    pub optional: bool,
    /// The values a parameter takes when they form a closed set, as
    /// written in `@Value` (empty: any value). Informational: the check
    /// does not compare values (B2C reads some of them case-insensitively).
    pub values: &'static [&'static str],
}

/// Which entries a list accepts beyond its listed [`Slot`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// Only the listed names.
    Closed,
    /// Entries with any name (a `TransformationClaimType` or parameter id
    /// the method reads as data: a JSON path, a lookup key, a string id),
    /// each of a data type that fits the rule.
    Named(TypeRule),
    /// Entries whose name starts with the prefix (`query.` for `BuildUri`),
    /// each of a data type that fits the rule.
    Prefixed(&'static str, TypeRule),
    /// Claims without a `TransformationClaimType`, matched by name or by
    /// position, each of a data type that fits the rule.
    Untyped(TypeRule),
}

impl Extra {
    /// The rule for an extra entry named `name` (`None`: no
    /// `TransformationClaimType`), or `None` when this list does not accept
    /// it.
    pub fn rule_for(&self, name: Option<&str>) -> Option<TypeRule> {
        match (*self, name) {
            (Extra::Named(rule), Some(_)) => Some(rule),
            (Extra::Prefixed(prefix, rule), Some(n)) if n.starts_with(prefix) => Some(rule),
            (Extra::Untyped(rule), None) => Some(rule),
            _ => None,
        }
    }

    /// Whether the list accepts any entry beyond the listed slots.
    pub fn is_open(&self) -> bool {
        *self != Extra::Closed
    }
}

/// Which lists of a method accept names beyond the listed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Openness {
    /// `InputClaims`.
    pub inputs: Extra,
    /// `InputParameters`.
    pub params: Extra,
    /// `OutputClaims`.
    pub outputs: Extra,
}

impl Openness {
    /// Every list accepts only its listed names.
    pub const CLOSED: Openness = Openness {
        inputs: Extra::Closed,
        params: Extra::Closed,
        outputs: Extra::Closed,
    };
}

/// The signature of one `TransformationMethod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    /// The method name, spelled as in the docs.
    pub method: &'static str,
    /// `InputClaims`, by `TransformationClaimType`.
    pub inputs: &'static [Slot],
    /// `InputParameters`, by `Id`.
    pub params: &'static [Slot],
    /// `OutputClaims`, by `TransformationClaimType`.
    pub outputs: &'static [Slot],
    /// Which lists accept entries beyond the listed slots.
    pub open: Openness,
}

/// The signature of `method`, matched case-insensitively (real policies
/// spell `setClaimsIfRegexMatch`).
pub fn signature(method: &str) -> Option<&'static Signature> {
    let method = method.trim();
    SIGNATURES
        .iter()
        .find(|s| s.method.eq_ignore_ascii_case(method))
}

/// Every signature in the table.
pub fn all() -> &'static [Signature] {
    SIGNATURES
}

// ---------------------------------------------------------------------------
// The check.

/// What kind of misfit a [`Mismatch`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MismatchKind {
    /// `TransformationMethod` names no known method.
    UnknownMethod,
    /// An input claim's `TransformationClaimType` is not one the method
    /// reads, or is missing where the method needs one.
    UnknownInputClaimType,
    /// A required input `TransformationClaimType` is not bound.
    MissingInputClaimType,
    /// An `InputParameter/@Id` the method does not know.
    UnknownParameter,
    /// A required `InputParameter` is missing.
    MissingParameter,
    /// An `InputParameter/@DataType` does not fit the parameter.
    ParameterType,
    /// An output claim's `TransformationClaimType` is not one the method
    /// writes, or is missing where the method needs one.
    UnknownOutputClaimType,
    /// A required output `TransformationClaimType` is not bound.
    MissingOutputClaimType,
    /// A claim's `DataType` does not fit its slot.
    ClaimDataType,
}

/// One way a claims transformation does not fit its method's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What kind of misfit.
    pub kind: MismatchKind,
    /// What is wrong, naming the transformation, the method, the TCT or
    /// parameter and the types involved.
    pub message: String,
    /// What would fit, when there is something to say.
    pub help: Option<String>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The three lists of a transformation, for messages.
#[derive(Clone, Copy)]
enum List {
    Inputs,
    Params,
    Outputs,
}

impl List {
    fn what(self) -> &'static str {
        match self {
            List::Inputs => "input claim",
            List::Params => "input parameter",
            List::Outputs => "output claim",
        }
    }

    fn key(self) -> &'static str {
        match self {
            List::Inputs | List::Outputs => "TransformationClaimType",
            List::Params => "Id",
        }
    }

    fn unknown(self) -> MismatchKind {
        match self {
            List::Inputs => MismatchKind::UnknownInputClaimType,
            List::Params => MismatchKind::UnknownParameter,
            List::Outputs => MismatchKind::UnknownOutputClaimType,
        }
    }

    fn missing(self) -> MismatchKind {
        match self {
            List::Inputs => MismatchKind::MissingInputClaimType,
            List::Params => MismatchKind::MissingParameter,
            List::Outputs => MismatchKind::MissingOutputClaimType,
        }
    }
}

/// One entry of a list: its name (TCT or parameter id) and its data type
/// when known, plus the claim id for claims.
struct Entry<'a> {
    name: Option<&'a str>,
    claim: Option<&'a str>,
    data_type: Option<DataType>,
}

/// Compares one claims transformation with its method's signature.
///
/// `claim_type` gives the `DataType` of a claim id in the merged policy
/// chain, or `None` when unknown (then the claim's type is not checked).
/// Names (`TransformationClaimType`, parameter `Id`) are compared
/// case-sensitively; a name that differs only in case gets a help line
/// saying so. The method name is matched case-insensitively.
pub fn check_transformation(
    t: &ClaimsTransformation,
    claim_type: &dyn Fn(&str) -> Option<DataType>,
) -> Vec<Mismatch> {
    let id = t.id.id();
    let Some(sig) = signature(&t.method) else {
        let help = did_you_mean(t.method.trim(), SIGNATURES.iter().map(|s| s.method))
            .map(|m| format!("did you mean `{m}`?"));
        return vec![Mismatch {
            kind: MismatchKind::UnknownMethod,
            message: format!(
                "claims transformation `{id}`: `{}` is not a known TransformationMethod",
                t.method
            ),
            help,
        }];
    };
    let cx = Cx { id, sig };
    let mut out = Vec::new();

    let input_entries = claim_entries(&t.input_claims, claim_type);
    let param_entries: Vec<Entry<'_>> = t
        .input_parameters
        .iter()
        .map(|p| Entry {
            name: Some(p.id.as_str()),
            claim: None,
            data_type: Some(p.data_type),
        })
        .collect();
    let output_entries = claim_entries(&t.output_claims, claim_type);

    // The data type of the input bound to `tct`, for `SameAsInput`.
    let input_type = |tct: &str| -> Option<DataType> {
        input_entries
            .iter()
            .find(|e| e.name == Some(tct))
            .and_then(|e| e.data_type)
    };

    cx.check_list(
        List::Inputs,
        sig.inputs,
        sig.open.inputs,
        &input_entries,
        &input_type,
        &mut out,
    );
    cx.check_list(
        List::Params,
        sig.params,
        sig.open.params,
        &param_entries,
        &input_type,
        &mut out,
    );
    cx.check_list(
        List::Outputs,
        sig.outputs,
        sig.open.outputs,
        &output_entries,
        &input_type,
        &mut out,
    );
    out
}

fn claim_entries<'a>(
    claims: &'a [TransformClaim],
    claim_type: &dyn Fn(&str) -> Option<DataType>,
) -> Vec<Entry<'a>> {
    claims
        .iter()
        .map(|c| Entry {
            name: c.transformation_claim_type.as_deref(),
            claim: Some(c.claim.id()),
            data_type: claim_type(c.claim.id()),
        })
        .collect()
}

struct Cx<'a> {
    id: &'a str,
    sig: &'static Signature,
}

impl Cx<'_> {
    fn head(&self) -> String {
        format!("claims transformation `{}` ({})", self.id, self.sig.method)
    }

    fn check_list(
        &self,
        list: List,
        slots: &'static [Slot],
        extra: Extra,
        entries: &[Entry<'_>],
        input_type: &dyn Fn(&str) -> Option<DataType>,
        out: &mut Vec<Mismatch>,
    ) {
        for e in entries {
            let rule = match e.name {
                Some(name) => slots
                    .iter()
                    .find(|s| s.name == name)
                    .map(|s| s.rule)
                    .or_else(|| extra.rule_for(Some(name))),
                None => extra.rule_for(None),
            };
            match rule {
                Some(rule) => self.check_type(list, e, rule, input_type, out),
                None => out.push(self.unknown(list, slots, extra, e)),
            }
        }
        for slot in slots.iter().filter(|s| !s.optional) {
            let present = entries.iter().any(|e| {
                // A name that differs only in case is reported as unknown,
                // with a help line; do not report it twice.
                e.name.is_some_and(|n| n.eq_ignore_ascii_case(slot.name))
            });
            if !present {
                out.push(Mismatch {
                    kind: list.missing(),
                    message: format!(
                        "{}: required {} `{}` is missing",
                        self.head(),
                        list.what(),
                        slot.name
                    ),
                    help: Some(self.add_help(list, slot, input_type)),
                });
            }
        }
    }

    fn add_help(
        &self,
        list: List,
        slot: &Slot,
        input_type: &dyn Fn(&str) -> Option<DataType>,
    ) -> String {
        let same_as = same_as(slot.rule, input_type);
        match list {
            List::Params => format!(
                "add <InputParameter Id=\"{}\" DataType=\"{}\" Value=\"…\" />",
                slot.name,
                example_type(slot.rule, same_as)
            ),
            List::Inputs | List::Outputs => {
                let elem = match list {
                    List::Inputs => "InputClaim",
                    _ => "OutputClaim",
                };
                format!(
                    "add <{elem} ClaimTypeReferenceId=\"…\" TransformationClaimType=\"{}\" /> \
                     with a claim of {}",
                    slot.name,
                    slot.rule.describe(same_as)
                )
            }
        }
    }

    fn unknown(&self, list: List, slots: &[Slot], extra: Extra, e: &Entry<'_>) -> Mismatch {
        let names: Vec<&str> = slots.iter().map(|s| s.name).collect();
        let expected = if names.is_empty() {
            format!("{} takes no named {}s", self.sig.method, list.what())
        } else {
            format!(
                "{} takes {}",
                self.sig.method,
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let claim = e.claim.map(|c| format!(" `{c}`")).unwrap_or_default();
        let Some(name) = e.name else {
            let help = match extra {
                Extra::Untyped(_) => None,
                _ if names.is_empty() => None,
                _ => Some(format!("set TransformationClaimType; {expected}")),
            };
            return Mismatch {
                kind: list.unknown(),
                message: format!(
                    "{}: {}{claim} has no TransformationClaimType",
                    self.head(),
                    list.what()
                ),
                help,
            };
        };
        let help = if let Some(exact) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
            Some(format!(
                "`{name}` differs from `{exact}` only in case; {} names are case-sensitive, \
                 write `{exact}`",
                list.key()
            ))
        } else if let Some(near) = did_you_mean(name, names.iter().copied()) {
            Some(format!("did you mean `{near}`? {expected}"))
        } else if let Extra::Prefixed(prefix, _) = extra {
            Some(format!("{expected}, and names starting with `{prefix}`"))
        } else if names.is_empty() {
            match extra {
                Extra::Untyped(_) => Some(format!(
                    "{} matches these claims by name or position; \
                     leave out TransformationClaimType",
                    self.sig.method
                )),
                _ => None,
            }
        } else if let Extra::Untyped(_) = extra {
            Some(format!(
                "{expected}, and claims without TransformationClaimType"
            ))
        } else {
            Some(expected)
        };
        Mismatch {
            kind: list.unknown(),
            message: format!(
                "{}: {}{claim} has {} `{name}`, which {} does not know",
                self.head(),
                list.what(),
                list.key(),
                self.sig.method
            ),
            help,
        }
    }

    fn check_type(
        &self,
        list: List,
        e: &Entry<'_>,
        rule: TypeRule,
        input_type: &dyn Fn(&str) -> Option<DataType>,
        out: &mut Vec<Mismatch>,
    ) {
        let Some(actual) = e.data_type else { return };
        let same_as = same_as(rule, input_type);
        if rule.accepts(actual, same_as) {
            return;
        }
        let name = e.name.unwrap_or("(none)");
        let wanted = rule.describe(same_as);
        let m = match list {
            List::Params => Mismatch {
                kind: MismatchKind::ParameterType,
                message: format!(
                    "{}: input parameter `{name}` has DataType `{actual}`, but {} expects {wanted}",
                    self.head(),
                    self.sig.method
                ),
                help: Some(format!(
                    "write DataType=\"{}\"",
                    example_type(rule, same_as)
                )),
            },
            List::Inputs | List::Outputs => {
                let claim = e.claim.unwrap_or("?");
                Mismatch {
                    kind: MismatchKind::ClaimDataType,
                    message: format!(
                        "{}: {} `{claim}` (TransformationClaimType `{name}`) is a `{actual}` \
                         claim, but {} expects {wanted}",
                        self.head(),
                        list.what(),
                        self.sig.method
                    ),
                    help: Some(format!(
                        "use a claim of {wanted}, or change `{claim}`'s DataType"
                    )),
                }
            }
        };
        out.push(m);
    }
}

fn same_as(rule: TypeRule, input_type: &dyn Fn(&str) -> Option<DataType>) -> Option<DataType> {
    match rule {
        TypeRule::SameAsInput(tct) => input_type(tct),
        _ => None,
    }
}

/// A data type that fits `rule`, for help lines.
fn example_type(rule: TypeRule, same_as: Option<DataType>) -> DataType {
    match rule {
        TypeRule::Exactly(t) => t,
        TypeRule::OneOf(ts) => ts.first().copied().unwrap_or(DataType::String),
        TypeRule::Any => DataType::String,
        TypeRule::SameAsInput(_) => same_as.unwrap_or(DataType::String),
    }
}

#[cfg(test)]
mod tests {
    use crate::hash::{HashMap, HashSet};
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::import::import_str;
    use crate::methods;
    use crate::refs::{ClaimRef, TransformRef};
    use crate::transforms::InputParameter;

    fn ct(
        method: &str,
        inputs: &[(&str, Option<&str>)],
        params: &[(&str, DataType, &str)],
        outputs: &[(&str, Option<&str>)],
    ) -> ClaimsTransformation {
        let claim = |(c, tct): &(&str, Option<&str>)| match tct {
            Some(tct) => TransformClaim::new(ClaimRef::from_string(*c), *tct),
            None => TransformClaim::untyped(ClaimRef::from_string(*c)),
        };
        ClaimsTransformation {
            id: TransformRef::unchecked("T1").into(),
            method: method.to_owned(),
            input_claims: inputs.iter().map(claim).collect(),
            input_parameters: params
                .iter()
                .map(|(id, dt, v)| InputParameter::new(*id, *dt, *v))
                .collect(),
            output_claims: outputs.iter().map(claim).collect(),
        }
    }

    /// Claim types by naming convention: `b*` boolean, `n*` int, `c*`
    /// stringCollection, `d*` dateTime, `x*` unknown, else string.
    fn types(id: &str) -> Option<DataType> {
        match id.chars().next() {
            Some('b') => Some(DataType::Boolean),
            Some('n') => Some(DataType::Int),
            Some('c') => Some(DataType::StringCollection),
            Some('d') => Some(DataType::DateTime),
            Some('x') => None,
            _ => Some(DataType::String),
        }
    }

    fn kinds(found: &[Mismatch]) -> Vec<MismatchKind> {
        found.iter().map(|m| m.kind).collect()
    }

    #[test]
    fn table_is_well_formed() {
        let mut seen = HashSet::default();
        for s in all() {
            assert!(
                seen.insert(s.method.to_ascii_lowercase()),
                "duplicate method {}",
                s.method
            );
            for list in [s.inputs, s.params, s.outputs] {
                let mut names = HashSet::default();
                for slot in list {
                    assert!(
                        names.insert(slot.name),
                        "{}: duplicate {}",
                        s.method,
                        slot.name
                    );
                }
            }
            for slot in s.outputs {
                if let TypeRule::SameAsInput(tct) = slot.rule {
                    assert!(
                        s.inputs.iter().any(|i| i.name == tct),
                        "{}: SameAsInput names unknown input {tct}",
                        s.method
                    );
                }
            }
        }
        assert_eq!(all().len(), 70, "the fact sheet lists 70 methods");
    }

    #[test]
    fn parameter_values_come_from_the_value_sets() {
        let values = |method: &str, id: &str| {
            signature(method)
                .and_then(|s| s.params.iter().find(|p| p.name == id))
                .map(|p| p.values)
        };
        let none: &[&str] = &[];
        assert_eq!(
            values("CompareClaims", "operator"),
            Some(&["EQUAL", "NOT EQUAL"][..])
        );
        assert_eq!(
            values("CompareClaims", "ignoreCase"),
            Some(&["true", "false"][..])
        );
        assert_eq!(
            values(
                "GetNationalNumberAndCountryCodeFromPhoneNumberString",
                "countryCodeType"
            ),
            Some(&["CallingCode", "ISO3166"][..])
        );
        assert_eq!(values("CreateRandomString", "stringFormat"), Some(none));
        assert!(signature("CreateRandomString").is_some_and(|s| s
            .params
            .iter()
            .all(|p| p.optional == (p.name != "randomGeneratorType"))));
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(
            signature("setClaimsIfRegexMatch").map(|s| s.method),
            Some("SetClaimsIfRegexMatch")
        );
        assert_eq!(signature("copyclaim").map(|s| s.method), Some("CopyClaim"));
        assert!(signature("NoSuchMethod").is_none());
    }

    #[test]
    fn well_formed_transformations_pass() {
        let ok = [
            ct(
                "CompareClaims",
                &[
                    ("email", Some("inputClaim1")),
                    ("other", Some("inputClaim2")),
                ],
                &[
                    ("operator", DataType::String, "EQUAL"),
                    ("ignoreCase", DataType::String, "true"),
                ],
                &[("bSame", Some("outputClaim"))],
            ),
            ct(
                "setClaimsIfRegexMatch",
                &[("email", Some("claimToMatch"))],
                &[
                    ("matchTo", DataType::String, "(?<user>.*)@"),
                    ("outputClaimIfMatched", DataType::String, "ok"),
                    ("extractGroups", DataType::Boolean, "true"),
                ],
                &[
                    ("out", Some("outputClaim")),
                    ("bMatch", Some("regexCompareResultClaim")),
                    ("user", None),
                ],
            ),
            ct(
                "CopyClaim",
                &[("nCount", Some("inputClaim"))],
                &[],
                &[("nCount2", Some("outputClaim"))],
            ),
            ct(
                "BuildUri",
                &[("path", Some("path")), ("secret", Some("query.secret"))],
                &[
                    ("scheme", DataType::String, "otpauth"),
                    ("host", DataType::String, "totp"),
                    ("query.issuer", DataType::String, "Contoso"),
                ],
                &[("uri", Some("outputClaim"))],
            ),
            ct(
                "GetClaimsFromJsonArray",
                &[("json", Some("jsonSource"))],
                &[
                    ("errorOnMissingClaims", DataType::Boolean, "false"),
                    ("includeEmptyClaims", DataType::Boolean, "false"),
                    ("jsonSourceKeyName", DataType::String, "key"),
                    ("jsonSourceValueName", DataType::String, "value"),
                ],
                &[("email", None), ("nMember", None), ("bActive", None)],
            ),
            ct(
                "AssertNumber",
                &[("nAge", Some("inputClaim"))],
                &[
                    ("Operator", DataType::String, "LessThan"),
                    ("CompareToValue", DataType::Int, "18"),
                ],
                &[],
            ),
        ];
        for t in &ok {
            let found = check_transformation(t, &types);
            assert!(found.is_empty(), "{}: {found:#?}", t.method);
        }
    }

    #[test]
    fn wrong_tct_name_is_reported() {
        let t = ct(
            "FormatStringClaim",
            &[("email", Some("inputClaim1"))],
            &[("stringFormat", DataType::String, "{0}")],
            &[("out", Some("outputClaim"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(
            kinds(&found),
            [
                MismatchKind::UnknownInputClaimType,
                MismatchKind::MissingInputClaimType
            ],
            "{found:#?}"
        );
        assert!(found[0].message.contains("`T1`"), "{}", found[0].message);
        assert!(found[0].message.contains("FormatStringClaim"));
        assert!(found[0].message.contains("`inputClaim1`"));
        assert!(
            found[0].help.as_deref().unwrap().contains("`inputClaim`"),
            "{found:#?}"
        );
    }

    #[test]
    fn case_only_difference_is_named_in_help() {
        let t = ct(
            "AdjustNumber",
            &[("nCount", Some("inputclaim"))],
            &[("operator", DataType::String, "INCREMENT")],
            &[("nCount", Some("outputClaim"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(
            kinds(&found),
            [
                MismatchKind::UnknownInputClaimType,
                MismatchKind::UnknownParameter
            ],
            "a case-only difference is reported once, not also as missing: {found:#?}"
        );
        assert!(found[0].help.as_deref().unwrap().contains("only in case"));
        assert!(found[1]
            .help
            .as_deref()
            .unwrap()
            .contains("write `Operator`"));
    }

    #[test]
    fn missing_required_parameter_is_reported() {
        let t = ct(
            "CompareClaimToValue",
            &[("email", Some("inputClaim1"))],
            &[
                ("compareTo", DataType::String, "x"),
                ("operator", DataType::String, "EQUAL"),
            ],
            &[("bSame", Some("outputClaim"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(
            kinds(&found),
            [MismatchKind::MissingParameter],
            "{found:#?}"
        );
        assert!(found[0].message.contains("`ignoreCase`"));
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("Id=\"ignoreCase\""));
    }

    #[test]
    fn optional_parameters_may_be_left_out() {
        let t = ct(
            "CreateRandomString",
            &[],
            &[("randomGeneratorType", DataType::String, "GUID")],
            &[("out", Some("outputClaim"))],
        );
        assert!(check_transformation(&t, &types).is_empty());
    }

    #[test]
    fn parameter_of_wrong_data_type_is_reported() {
        let t = ct(
            "AssertBooleanClaimIsEqualToValue",
            &[("bFlag", Some("inputClaim"))],
            &[("valueToCompareTo", DataType::String, "true")],
            &[],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(kinds(&found), [MismatchKind::ParameterType], "{found:#?}");
        let m = &found[0];
        assert!(m.message.contains("`valueToCompareTo`"));
        assert!(m.message.contains("`string`") && m.message.contains("`boolean`"));
        assert_eq!(m.help.as_deref(), Some("write DataType=\"boolean\""));
    }

    #[test]
    fn boolean_claim_where_string_is_required_is_reported() {
        let t = ct(
            "FormatStringClaim",
            &[("bFlag", Some("inputClaim"))],
            &[("stringFormat", DataType::String, "{0}")],
            &[("out", Some("outputClaim"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(kinds(&found), [MismatchKind::ClaimDataType], "{found:#?}");
        let m = &found[0];
        assert!(m.message.contains("`bFlag`") && m.message.contains("`inputClaim`"));
        assert!(m.message.contains("`boolean`") && m.message.contains("`string`"));
        assert!(m.message.contains("FormatStringClaim") && m.message.contains("`T1`"));
    }

    #[test]
    fn unknown_claim_types_are_not_checked() {
        let t = ct(
            "FormatStringClaim",
            &[("xUnknown", Some("inputClaim"))],
            &[("stringFormat", DataType::String, "{0}")],
            &[("xOther", Some("outputClaim"))],
        );
        assert!(check_transformation(&t, &types).is_empty());
    }

    #[test]
    fn copy_claim_output_must_match_input() {
        let t = ct(
            "CopyClaim",
            &[("nCount", Some("inputClaim"))],
            &[],
            &[("text", Some("outputClaim"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(kinds(&found), [MismatchKind::ClaimDataType], "{found:#?}");
        assert!(found[0].message.contains("`int`"), "{}", found[0].message);
    }

    #[test]
    fn unknown_method_gets_a_suggestion() {
        let t = ct("FormatStringClaims", &[], &[], &[]);
        let found = check_transformation(&t, &types);
        assert_eq!(kinds(&found), [MismatchKind::UnknownMethod]);
        assert!(found[0].message.contains("`FormatStringClaims`"));
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `FormatStringClaim`?")
        );
        let far = check_transformation(&ct("Frobnicate", &[], &[], &[]), &types);
        assert_eq!(kinds(&far), [MismatchKind::UnknownMethod]);
        assert_eq!(far[0].help, None);
    }

    #[test]
    fn open_lists_accept_only_their_kind_of_extra() {
        // BuildUri: extra names must start with `query.`.
        let t = ct(
            "BuildUri",
            &[
                ("path", Some("path")),
                ("secret", Some("query.secret")),
                ("label", Some("query.label")),
                ("state", Some("state")),
            ],
            &[
                ("scheme", DataType::String, "otpauth"),
                ("host", DataType::String, "totp"),
                ("query.issuer", DataType::String, "Contoso"),
                ("query.digits", DataType::String, "6"),
            ],
            &[("uri", Some("outputClaim"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(
            kinds(&found),
            [MismatchKind::UnknownInputClaimType],
            "{found:#?}"
        );
        assert!(found[0].help.as_deref().unwrap().contains("`query.`"));
        // FormatLocalizedString: extra inputs carry no TCT.
        let t = ct(
            "FormatLocalizedString",
            &[("email", None), ("other", Some("inputClaim"))],
            &[("stringFormatId", DataType::String, "ResponseMessage")],
            &[("out", Some("outputClaim"))],
        );
        assert_eq!(
            kinds(&check_transformation(&t, &types)),
            [MismatchKind::UnknownInputClaimType]
        );
        // A closed list: an input without TCT.
        let t = ct(
            "ParseDomain",
            &[("email", None)],
            &[],
            &[("theDomain", Some("domain"))],
        );
        assert_eq!(
            kinds(&check_transformation(&t, &types)),
            [
                MismatchKind::UnknownInputClaimType,
                MismatchKind::MissingInputClaimType
            ]
        );
        // LookupValue: lookup keys are string parameters.
        let t = ct(
            "LookupValue",
            &[("lang", Some("inputParameterId"))],
            &[
                ("en", DataType::String, "English"),
                ("fr", DataType::Boolean, "true"),
                ("errorOnFailedLookup", DataType::Boolean, "true"),
            ],
            &[("out", Some("outputClaim"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(kinds(&found), [MismatchKind::ParameterType], "{found:#?}");
        assert!(found[0].message.contains("`fr`"));
    }

    /// Where the docs type a claim `string` and nothing documents another
    /// data type, another one is reported.
    #[test]
    fn documented_string_claims_refuse_other_types() {
        // AssertDateTimeIsGreaterThan compares date-times held in strings.
        let t = ct(
            "AssertDateTimeIsGreaterThan",
            &[
                ("dIssued", Some("leftOperand")),
                ("validFrom", Some("rightOperand")),
            ],
            &[],
            &[],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(kinds(&found), [MismatchKind::ClaimDataType], "{found:#?}");
        assert!(found[0].message.contains("`dIssued`"));
        // FormatLocalizedString formats string claims; so are regex groups.
        let t = ct(
            "FormatLocalizedString",
            &[("email", None), ("nCount", None)],
            &[("stringFormatId", DataType::String, "ResponseMessage")],
            &[("out", Some("outputClaim"))],
        );
        assert_eq!(
            kinds(&check_transformation(&t, &types)),
            [MismatchKind::ClaimDataType]
        );
        let t = ct(
            "SetClaimsIfRegexMatch",
            &[("email", Some("claimToMatch"))],
            &[
                ("matchTo", DataType::String, "(?<bUser>.*)@"),
                ("outputClaimIfMatched", DataType::String, "ok"),
            ],
            &[
                ("out", Some("outputClaim")),
                ("bMatch", Some("regexCompareResultClaim")),
                ("bUser", None),
            ],
        );
        assert_eq!(
            kinds(&check_transformation(&t, &types)),
            [MismatchKind::ClaimDataType]
        );
    }

    #[test]
    fn missing_output_is_reported() {
        let t = ct(
            "GetSingleItemFromJson",
            &[("json", Some("inputJson"))],
            &[],
            &[("value", Some("value"))],
        );
        let found = check_transformation(&t, &types);
        assert_eq!(kinds(&found), [MismatchKind::MissingOutputClaimType]);
        assert!(found[0].message.contains("`key`"));
    }

    /// The data type of a claim of [`methods::samples`], from its id
    /// `<dataType>.<field>` (`unknown.…`: not known).
    fn sample_types(id: &str) -> Option<DataType> {
        id.split('.').next()?.parse().ok()
    }

    /// The typed constructors of [`crate::methods`] and this table are one
    /// table, so they cannot describe a method differently: every signature
    /// has a constructor, in the same order, and every constructor's output
    /// passes the check without a mismatch, read back from XML as the set
    /// checker reads it. Each method is built twice: with every field set
    /// (optional parts present, lists non-empty) and with every optional
    /// field left out (lists empty). So each claim field's data type is one
    /// its slot accepts, each parameter is written with a `DataType` its
    /// slot accepts, every name the constructor writes is known, and every
    /// name the check requires is one the constructor always writes.
    #[test]
    fn typed_constructors_fit_their_signatures() {
        for full in [true, false] {
            let built = methods::samples(full);
            let built_names: Vec<&str> = built.iter().map(|t| t.method.as_str()).collect();
            let signature_names: Vec<&str> = all().iter().map(|s| s.method).collect();
            assert_eq!(built_names, signature_names);

            let mut policy: crate::policy::TrustFrameworkPolicy =
                crate::policy::TrustFrameworkPolicy::builder()
                    .tenant_id("contoso.onmicrosoft.com")
                    .policy_id(crate::refs::PolicyRef::unchecked("B2C_1A_Samples"))
                    .build();
            policy.building_blocks.claims_transformations = built;
            let xml = crate::emit::to_xml(&policy).expect("the samples emit");
            let read = import_str(&xml, "samples.xml")
                .unwrap_or_else(|e| panic!("the samples read back: {e:#?}"))
                .policy;
            let read = &read.building_blocks.claims_transformations;
            assert_eq!(read.len(), all().len());
            for t in read {
                assert!(!t.input_claims.is_empty() || !t.output_claims.is_empty() || !full);
                let found = check_transformation(t, &sample_types);
                assert!(found.is_empty(), "{} (full: {full}): {found:#?}", t.method);
            }
        }
    }

    /// The check is not vacuous for the samples: a claim of another data
    /// type in a slot with a fixed data type is reported.
    #[test]
    fn samples_with_a_wrong_claim_type_are_reported() {
        let mut checked = 0;
        for (t, sig) in methods::samples(true).iter().zip(all()) {
            for (claims, slots) in [
                (&t.input_claims, sig.inputs),
                (&t.output_claims, sig.outputs),
            ] {
                for c in claims.iter() {
                    let Some(slot) = slots
                        .iter()
                        .find(|s| Some(s.name) == c.transformation_claim_type.as_deref())
                    else {
                        continue;
                    };
                    let TypeRule::Exactly(expected) = slot.rule else {
                        continue;
                    };
                    let other = if expected == DataType::Int {
                        DataType::Long
                    } else {
                        DataType::Int
                    };
                    let wrong = c.claim.id().to_owned();
                    let types = |id: &str| {
                        if id == wrong {
                            Some(other)
                        } else {
                            sample_types(id)
                        }
                    };
                    let found = check_transformation(t, &types);
                    assert!(
                        found.iter().any(|m| m.kind == MismatchKind::ClaimDataType
                            && m.message.contains(&format!("`{wrong}`"))),
                        "{}: `{wrong}` as {other}: {found:#?}",
                        t.method
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} claims checked");
    }

    // --- Starter pack ---------------------------------------------------------

    fn conformance_dir() -> PathBuf {
        const VAR: &str = "IEF_CONFORMANCE_DIR";
        let (dir, source) = match std::env::var_os(VAR) {
            Some(v) if !v.is_empty() => (PathBuf::from(v), format!("${VAR}")),
            _ => (
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/ief"),
                format!("the default (<workspace>/../shared/ief; {VAR} is not set)"),
            ),
        };
        let pack = dir.join("starterpack");
        if !pack.is_dir() {
            panic!(
                "starter pack {} (from {source}) does not exist or is not a directory; \
                 set {VAR} to the folder that holds TrustFrameworkPolicy_0.3.0.0.xsd \
                 and starterpack/",
                pack.display()
            );
        }
        pack
    }

    fn xml_files(dir: &Path, into: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                xml_files(&p, into);
            } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")) {
                into.push(p);
            }
        }
    }

    /// Every claims transformation of Microsoft's starter pack fits the
    /// table. Claim types come from the files of the same folder; a claim a
    /// folder does not declare (scenario folders build on another folder's
    /// base) falls back to the pack-wide type when every folder agrees on
    /// it, and is left unchecked otherwise.
    #[test]
    fn starter_pack_has_no_mismatches() {
        let pack = conformance_dir();
        let mut files = Vec::new();
        xml_files(&pack, &mut files);
        assert!(!files.is_empty(), "no XML files under {}", pack.display());

        let mut by_folder: BTreeMap<PathBuf, Vec<(PathBuf, crate::policy::TrustFrameworkPolicy)>> =
            BTreeMap::new();
        for f in &files {
            let text = std::fs::read_to_string(f)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
            let imported = import_str(&text, f.display().to_string())
                .unwrap_or_else(|e| panic!("cannot import {}: {e:#?}", f.display()));
            let folder = f.parent().expect("file has a folder").to_path_buf();
            by_folder
                .entry(folder)
                .or_default()
                .push((f.clone(), imported.policy));
        }

        // Pack-wide types: None when folders disagree.
        let mut global: HashMap<String, Option<DataType>> = HashMap::default();
        let mut folder_types: BTreeMap<&PathBuf, HashMap<String, DataType>> = BTreeMap::new();
        for (folder, policies) in &by_folder {
            let mut local = HashMap::default();
            for (_, p) in policies {
                for c in &p.building_blocks.claims_schema {
                    if let Some(dt) = c.data_type {
                        local.insert(c.id.id().to_lowercase(), dt);
                    }
                }
            }
            for (id, dt) in &local {
                global
                    .entry(id.clone())
                    .and_modify(|g| {
                        if *g != Some(*dt) {
                            *g = None;
                        }
                    })
                    .or_insert(Some(*dt));
            }
            folder_types.insert(folder, local);
        }

        let mut checked = 0;
        let mut claims = 0;
        let mut typed_claims = 0;
        let mut problems = Vec::new();
        for (folder, policies) in &by_folder {
            let local = &folder_types[folder];
            let lookup = |id: &str| -> Option<DataType> {
                let key = id.to_lowercase();
                local
                    .get(&key)
                    .copied()
                    .or_else(|| global.get(&key).copied().flatten())
            };
            for (file, p) in policies {
                for t in &p.building_blocks.claims_transformations {
                    checked += 1;
                    claims += t.input_claims.len() + t.output_claims.len();
                    typed_claims += t
                        .input_claims
                        .iter()
                        .chain(&t.output_claims)
                        .filter(|c| lookup(c.claim.id()).is_some())
                        .count();
                    for m in check_transformation(t, &lookup) {
                        problems.push(format!("{}: {m}", file.display()));
                    }
                }
            }
        }
        assert!(
            checked >= 50,
            "expected the starter pack's claims transformations, found {checked}"
        );
        assert!(
            typed_claims * 10 >= claims * 9,
            "too few claims had a known type ({typed_claims} of {claims})"
        );
        assert!(
            problems.is_empty(),
            "{} mismatches in the starter pack:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}
