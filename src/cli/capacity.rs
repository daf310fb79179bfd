//! `ief capacity`: the requests each relying party's journey consumes at
//! the authorize endpoint and the token rate the tenant's 200 requests a
//! second allow ([`ief::capacity`]), as a table or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use ief::capacity::{
    capacity, tokens_per_second, PathCost, RelyingPartyCapacity, TENANT_REQUESTS_PER_SECOND,
};
use serde_json::{json, Value};

use super::load::load_set;
use super::out::{note, visible, Out};
use crate::Fatal;

/// The output of `ief capacity`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CapacityFormat {
    /// A table, then the worst path of each relying party.
    Human,
    /// One JSON document.
    Json,
}

/// What `ief capacity` was asked for.
pub struct Args {
    /// Files or folders of the set.
    pub paths: Vec<PathBuf>,
    /// The output.
    pub format: CapacityFormat,
    /// Only the relying party with this PolicyId.
    pub policy: Option<String>,
}

/// Runs `ief capacity`: exit 0, or 1 when a relying party's journey
/// cannot be counted (a broken chain, an undefined journey).
pub fn run(args: Args) -> Result<ExitCode, Fatal> {
    let set = load_set(&args.paths)?;
    // The policy asked for, else the one file named, else every relying
    // party (as `ief graph` picks them).
    let targets = set.targets(args.policy.as_deref(), true)?;
    let mut rows = capacity(&set.files);
    rows.retain(|r| targets.contains(&r.index));
    if rows.is_empty() {
        return Err(Fatal(
            "no relying party with a default user journey to count".into(),
        ));
    }
    let chains = ief::resolve::chains(&set.files);
    let mut failed = false;
    for r in &rows {
        let why = match (&chains[r.index].broken, &r.journey) {
            (Some(broken), _) => Some(set.broken_reason(broken)),
            (None, None) => Some(format!(
                "its user journey `{}` is not defined in its chain",
                r.journey_id
            )),
            _ => None,
        };
        if let Some(why) = why {
            note(&format!(
                "error: cannot count {}: {}",
                visible(&r.file),
                visible(&why)
            ))?;
            failed = true;
        }
    }
    let counted: Vec<&RelyingPartyCapacity> = rows
        .iter()
        .filter(|r| r.complete_chain && r.journey.is_some())
        .collect();
    let text = match args.format {
        CapacityFormat::Human => human(&counted),
        CapacityFormat::Json => {
            let doc = json!({
                "tenant_requests_per_second": TENANT_REQUESTS_PER_SECOND,
                "relying_parties": counted.iter().map(|r| row_json(r)).collect::<Vec<_>>(),
            });
            format!("{doc:#}\n")
        }
    };
    Out::default().write(&text)?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn rate(requests: u32) -> String {
    tokens_per_second(requests).map_or_else(|| "-".to_owned(), |t| format!("{t:.1}"))
}

/// The table and the worst paths.
fn human(rows: &[&RelyingPartyCapacity]) -> String {
    let header = [
        "policy", "journey", "worst", "tokens/s", "best", "tokens/s", "paths",
    ];
    let mut cells: Vec<[String; 7]> = Vec::new();
    for r in rows {
        let Some(j) = &r.journey else { continue };
        let (w, b) = (j.worst.requests(), j.best.requests());
        cells.push([
            r.policy_id.clone(),
            j.journey.clone(),
            w.to_string(),
            rate(w),
            b.to_string(),
            rate(b),
            format!("{}{}", j.paths, if j.complete { "" } else { "+" }),
        ]);
    }
    let mut width = header.map(str::len);
    for c in &cells {
        for (k, v) in c.iter().enumerate() {
            width[k] = width[k].max(v.chars().count());
        }
    }
    let line = |c: &[&str]| {
        let mut s = String::new();
        for (k, v) in c.iter().enumerate() {
            // Names left, figures right.
            let pad = width[k].saturating_sub(v.chars().count());
            if k < 2 {
                s.push_str(v);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str(&" ".repeat(pad));
                s.push_str(v);
            }
            if k + 1 < c.len() {
                s.push_str("  ");
            }
        }
        format!("{}\n", s.trim_end())
    };
    let mut out = format!(
        "requests at the authorize endpoint per token, and tokens a second within the tenant's {TENANT_REQUESTS_PER_SECOND} requests a second\n\n"
    );
    out.push_str(&line(&header));
    for c in &cells {
        let c: Vec<&str> = c.iter().map(String::as_str).collect();
        out.push_str(&line(&c));
    }
    out.push_str("\nworst paths:\n");
    for r in rows {
        let Some(j) = &r.journey else { continue };
        out.push_str(&format!(
            "  {} ({}): {}\n",
            visible(&r.policy_id),
            visible(&r.file),
            visible(&j.worst.describe())
        ));
    }
    if rows
        .iter()
        .any(|r| r.journey.as_ref().is_some_and(|j| !j.complete))
    {
        out.push_str(&format!(
            "\n`+`: more than {} claim states after a step; the paths beyond were not followed (the worst path is a lower bound)\n",
            ief::capacity::MAX_STATES
        ));
    }
    out
}

fn path_json(p: &PathCost) -> Value {
    json!({
        "requests": p.requests(),
        "tokens_per_second": tokens_per_second(p.requests()),
        "charges": p.charges.iter().map(|c| json!({
            "journey": c.journey,
            "sub_journey": c.sub_journey,
            "order": c.order,
            "profile": c.profile,
            "feature": c.feature.label(),
            "requests": c.requests(),
        })).collect::<Vec<_>>(),
    })
}

fn row_json(r: &RelyingPartyCapacity) -> Value {
    let j = r.journey.as_ref();
    json!({
        "file": r.file,
        "policy_id": r.policy_id,
        "journey": r.journey_id,
        "worst": j.map(|j| path_json(&j.worst)),
        "best": j.map(|j| path_json(&j.best)),
        "paths": j.map(|j| j.paths),
        "complete": j.map(|j| j.complete),
    })
}
