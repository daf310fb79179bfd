//! The plan (base first), the deploy itself, the tenant preflight and the
//! pull.

use ief_dsl::check::set::Diagnostic;
use ief_dsl::check::Severity;
use ief_dsl::import::{import_str, Imported, Pos};
use ief_dsl::resolve::{chains, ChainBreak};

use super::messages::{self, findings};
use super::{GraphClient, GraphError, PlanError};

/// The most policies (user flows and custom policies) a tenant holds.
pub const TENANT_POLICY_LIMIT: usize = 200;

/// A policy file to deploy: its name (for findings), the text to upload
/// (rendered, for a templated set) and the text imported.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// The file's name, as findings show it.
    pub name: String,
    /// The XML uploaded.
    pub text: String,
    /// `text` imported.
    pub imported: Imported,
}

impl PolicyFile {
    /// Imports `text`; the import's first error when it is not a policy.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Result<PolicyFile, String> {
        let name = name.into();
        let text = text.into();
        let imported = import_str(&text, name.clone()).map_err(|errors| {
            errors
                .first()
                .map(|e| format!("{}:{}:{}: {}", name, e.line, e.column, e.message))
                .unwrap_or_else(|| format!("{name} is not a policy"))
        })?;
        Ok(PolicyFile {
            name,
            text,
            imported,
        })
    }

    /// The PolicyId.
    pub fn policy_id(&self) -> &str {
        self.imported.policy.policy_id.id()
    }
}

/// The upload order of `files` (indexes): every base before the policies
/// built on it. Files are taken by depth in their chain (a root first,
/// then its children, …) and, at one depth, by PolicyId ignoring case, so
/// independent branches come in a stable order whatever the order of the
/// files given. A base that is not in the set (already in the tenant,
/// say) does not count.
pub fn plan(files: &[PolicyFile]) -> Result<Vec<usize>, PlanError> {
    let imported: Vec<Imported> = files.iter().map(|f| f.imported.clone()).collect();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (i, f) in files.iter().enumerate() {
        if let Some(&first) = seen.get(&f.policy_id().to_lowercase()) {
            return Err(PlanError::Duplicate {
                policy_id: f.policy_id().to_owned(),
                first: files[first].name.clone(),
                second: f.name.clone(),
            });
        }
        seen.insert(f.policy_id().to_lowercase(), i);
    }
    let chains = chains(&imported);
    for c in &chains {
        if let Some(ChainBreak::Loop { at, to }) = &c.broken {
            return Err(PlanError::Loop {
                file: files[*at].name.clone(),
                base: files[*to].name.clone(),
            });
        }
    }
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| (chains[i].files.len(), files[i].policy_id().to_lowercase()));
    Ok(order)
}

/// How a policy of the set compares with the tenant's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The tenant has no policy of this id.
    New,
    /// The tenant's differs in meaning.
    Changed,
    /// The tenant's is the same in meaning (formatting aside).
    Unchanged,
    /// Not compared (`--force`).
    NotCompared,
}

impl Change {
    /// `new`, `changed`, `unchanged` or `not compared`.
    pub fn word(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
            Change::NotCompared => "not compared",
        }
    }
}

/// What happened to one policy.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Uploaded.
    Uploaded,
    /// Not uploaded: unchanged.
    Skipped,
    /// Dry run: would be uploaded (new or changed).
    WouldUpload,
    /// Dry run: would be skipped (unchanged).
    WouldSkip,
    /// The upload (or the comparison before it) failed.
    Failed(Failure),
    /// Not tried: an earlier policy failed.
    NotTried,
}

/// Why a policy failed, as findings on the local files.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Graph's error.
    pub error: GraphError,
    /// The error as findings (one per B2C message), placed in the files.
    pub findings: Vec<Diagnostic>,
}

/// One policy of the plan and what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The PolicyId.
    pub policy_id: String,
    /// The file.
    pub file: String,
    /// How it compared with the tenant's (`None` when not reached).
    pub change: Option<Change>,
    /// What happened.
    pub outcome: Outcome,
}

/// What a deploy did, policy by policy in upload order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Every policy of the plan.
    pub entries: Vec<Entry>,
}

impl Report {
    /// The PolicyIds whose outcome matches `pred`.
    pub fn ids(&self, pred: impl Fn(&Outcome) -> bool) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| pred(&e.outcome))
            .map(|e| e.policy_id.as_str())
            .collect()
    }

    /// The PolicyIds uploaded.
    pub fn uploaded(&self) -> Vec<&str> {
        self.ids(|o| matches!(o, Outcome::Uploaded))
    }

    /// The failure, if a policy failed.
    pub fn failed(&self) -> Option<(&Entry, &Failure)> {
        self.entries.iter().find_map(|e| match &e.outcome {
            Outcome::Failed(f) => Some((e, f)),
            _ => None,
        })
    }

    /// The PolicyIds not tried.
    pub fn not_tried(&self) -> Vec<&str> {
        self.ids(|o| matches!(o, Outcome::NotTried))
    }
}

/// What a deploy is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Compare only; upload nothing.
    pub dry_run: bool,
    /// Upload unchanged policies too (and do not compare).
    pub force: bool,
}

/// Compares `local` with the tenant's text of its policy.
pub fn compare(local: &PolicyFile, remote: Option<&str>) -> Change {
    let Some(remote) = remote else {
        return Change::New;
    };
    let Ok(theirs) = import_str(remote, format!("tenant:{}", local.policy_id())) else {
        return Change::Changed;
    };
    // Strictly: the canonical text without comments (so reformatting is no
    // change), with every list in its order. The semantic diff treats some
    // orders as no change (claims of a list) that B2C shows on a page (a
    // self-asserted page's fields): a reordered page must be uploaded.
    let mut theirs = theirs.policy;
    if local.imported.policy.tenant_object_id.is_none() {
        // The tenant may add its object id to the copy it keeps.
        theirs.tenant_object_id = None;
    }
    match (canonical(&theirs), canonical(&local.imported.policy)) {
        (Some(a), Some(b)) if a == b => Change::Unchanged,
        _ => Change::Changed,
    }
}

/// A policy's canonical XML without its trivia (comments, blank lines).
fn canonical(p: &ief_dsl::policy::TrustFrameworkPolicy) -> Option<String> {
    let mut p = p.clone();
    p.trivia = Default::default();
    crate::emit::to_xml(&p).ok()
}

/// Uploads `files` in [`plan`] order: each policy is fetched from the
/// tenant and compared as canonical XML ([`compare`]), skipped when unchanged
/// (unless `force`) and uploaded otherwise. The first failure stops the
/// deploy: the report says what was uploaded, what failed (with B2C's
/// messages as findings on the files) and what was not tried. A dry run
/// compares every policy and uploads nothing.
pub fn deploy(
    client: &mut GraphClient,
    files: &[PolicyFile],
    options: Options,
    mut progress: impl FnMut(&Entry),
) -> Result<Report, PlanError> {
    let order = plan(files)?;
    let imported: Vec<Imported> = files.iter().map(|f| f.imported.clone()).collect();
    let chains = chains(&imported);
    let mut report = Report::default();
    let mut stopped = false;
    for &i in &order {
        let f = &files[i];
        let mut entry = Entry {
            policy_id: f.policy_id().to_owned(),
            file: f.name.clone(),
            change: None,
            outcome: Outcome::NotTried,
        };
        if stopped {
            report.entries.push(entry);
            continue;
        }
        let fail = |error: GraphError| {
            let others: Vec<(&str, &str)> = chains[i].files[1..]
                .iter()
                .map(|&b| (files[b].name.as_str(), files[b].text.as_str()))
                .collect();
            Outcome::Failed(failure(error, f, &others))
        };
        let change = if options.force && !options.dry_run {
            Ok(Change::NotCompared)
        } else {
            client
                .get_policy(f.policy_id())
                .map(|remote| compare(f, remote.as_deref()))
        };
        entry.outcome = match change {
            Err(e) => fail(e),
            Ok(change) => {
                entry.change = Some(change);
                match (
                    options.dry_run,
                    change == Change::Unchanged && !options.force,
                ) {
                    (true, true) => Outcome::WouldSkip,
                    (true, false) => Outcome::WouldUpload,
                    (false, true) => Outcome::Skipped,
                    (false, false) => match client.put_policy(f.policy_id(), &f.text) {
                        Ok(()) => Outcome::Uploaded,
                        Err(e) => fail(e),
                    },
                }
            }
        };
        stopped = matches!(entry.outcome, Outcome::Failed(_));
        progress(&entry);
        report.entries.push(entry);
    }
    Ok(report)
}

/// Graph's error on `file` as findings: an `AADB2C` error's messages one
/// per finding, placed; a missing base named as the policy to upload
/// first; 401/403 with the permission to grant.
fn failure(error: GraphError, file: &PolicyFile, others: &[(&str, &str)]) -> Failure {
    let mut help = error.help();
    if let GraphError::Http {
        status, message, ..
    } = &error
    {
        let missing_base = *status == 404
            || message.contains("cannot be found")
            || message.contains("could not be found");
        if missing_base && *status != 401 && *status != 403 {
            if let Some(base) = &file.imported.policy.base_policy {
                help = Some(format!(
                    "upload its base policy `{}` first (deploy the set together with it, or check the BasePolicy's PolicyId and TenantId)",
                    base.policy_id.id()
                ));
            }
        }
    }
    let findings = match &error {
        GraphError::Http { message, .. } => {
            findings(message, (&file.name, &file.text), others, help.as_deref())
        }
        other => vec![Diagnostic {
            file: file.name.clone(),
            pos: None,
            code: messages::UPLOAD_CODE,
            severity: Severity::Error,
            message: other.to_string(),
            help: help.clone(),
            id: None,
            origins: Vec::new(),
        }],
    };
    Failure { error, findings }
}

/// The value and position of attribute `attr` of every element named
/// `element` that has it.
fn attributes(text: &str, element: &str, attr: &str) -> Vec<(String, Pos)> {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == element)
        .filter_map(|n| n.attributes().find(|a| a.name() == attr))
        .map(|a| {
            let p = doc.text_pos_at(a.range().start);
            (
                a.value().to_owned(),
                Pos {
                    line: p.row,
                    column: p.col,
                },
            )
        })
        .collect()
}

fn finding(
    file: &str,
    pos: Option<Pos>,
    code: &'static str,
    message: String,
    help: String,
) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        pos,
        code,
        severity: Severity::Error,
        message,
        help: Some(help),
        id: None,
        origins: Vec::new(),
    }
}

/// Checks the tenant before anything is uploaded: the `TenantId` of every
/// file (root and `BasePolicy`) is `tenant` (ignoring case); every
/// `StorageReferenceId` the set uses names one of the tenant's key sets;
/// the tenant's policies and the set's new ones stay within
/// [`TENANT_POLICY_LIMIT`]. Each problem is a finding.
pub fn preflight(
    client: &mut GraphClient,
    files: &[PolicyFile],
    tenant: &str,
) -> Result<Vec<Diagnostic>, GraphError> {
    let mut out = Vec::new();
    for f in files {
        let roots = attributes(&f.text, "TrustFrameworkPolicy", "TenantId");
        for (value, pos) in roots.into_iter().chain(tenant_elements(&f.text)) {
            if !value.trim().eq_ignore_ascii_case(tenant) {
                out.push(finding(
                    &f.name,
                    Some(pos),
                    "tenant",
                    format!("the policy names the tenant `{}`, not `{tenant}` that it is deployed to", value.trim()),
                    "B2C refuses a policy whose TenantId is not the tenant it is uploaded to; set it (a templated set: the environment's tenant setting)".into(),
                ));
            }
        }
    }
    let keys = client.list_key_sets()?;
    for f in files {
        for (value, pos) in attributes(&f.text, "Key", "StorageReferenceId") {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(&value)) {
                out.push(finding(
                    &f.name,
                    Some(pos),
                    "keyset",
                    format!("the tenant has no policy key `{value}`"),
                    format!(
                        "create it first (Identity Experience Framework > Policy keys); the tenant has {}",
                        if keys.is_empty() { "none".to_owned() } else { keys.join(", ") }
                    ),
                ));
            }
        }
    }
    let existing = client.list_policies()?;
    let added = files
        .iter()
        .filter(|f| {
            !existing
                .iter()
                .any(|e| e.eq_ignore_ascii_case(f.policy_id()))
        })
        .count();
    if existing.len() + added > TENANT_POLICY_LIMIT {
        out.push(finding(
            files.first().map(|f| f.name.as_str()).unwrap_or("<set>"),
            None,
            "limit",
            format!(
                "the tenant has {} policies and the set adds {added}: more than the {TENANT_POLICY_LIMIT} a tenant holds",
                existing.len()
            ),
            "delete policies the tenant no longer uses, or deploy fewer".into(),
        ));
    }
    Ok(out)
}

/// The text of each `<TenantId>` element (of `BasePolicy`), with its place.
fn tenant_elements(text: &str) -> Vec<(String, Pos)> {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "TenantId")
        .filter_map(|n| {
            let t = n.first_child().filter(|c| c.is_text())?;
            let p = doc.text_pos_at(t.range().start);
            Some((
                t.text()?.to_owned(),
                Pos {
                    line: p.row,
                    column: p.col,
                },
            ))
        })
        .collect()
}

/// The tenant's custom policies whose id starts with `filter` (ignoring
/// case; all without one): `(id, xml)` in id order.
pub fn pull(
    client: &mut GraphClient,
    filter: Option<&str>,
) -> Result<Vec<(String, String)>, GraphError> {
    let mut ids = client.list_policies()?;
    if let Some(prefix) = filter {
        let prefix = prefix.to_lowercase();
        ids.retain(|id| id.to_lowercase().starts_with(&prefix));
    }
    ids.sort_by_key(|id| id.to_lowercase());
    let mut out = Vec::new();
    for id in ids {
        match client.get_policy(&id)? {
            Some(xml) => out.push((id, xml)),
            None => continue, // deleted meanwhile
        }
    }
    Ok(out)
}
