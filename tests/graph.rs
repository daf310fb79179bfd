//! `ief graph` as a user runs it, on Microsoft's starter pack: every
//! relying party draws, the drawing has one node per step of the effective
//! journey (computed here independently, with roxmltree), selections,
//! preconditions and sub-journeys show, the Mermaid output passes a syntax
//! check that needs no network, and the DOT output is a balanced digraph
//! (accepted by Graphviz's `dot` when it is installed).

mod common;
use common::ief;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("graph")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn starter(rel: &str) -> PathBuf {
    common::conformance_dir().join("starterpack").join(rel)
}

// ---------------------------------------------------------------------
// The effective journey, computed independently of the library: the
// chain by BasePolicy, steps merged by Order (a restated step keeps what
// the child leaves out).

#[derive(Debug, Clone, Default)]
struct Step {
    order: i32,
    step_type: String,
    preconditions: usize,
    exchanges: Vec<String>,
    targets: Vec<String>,
    invokes: Vec<String>,
}

fn policy_id(doc: &roxmltree::Document) -> String {
    doc.root_element()
        .attribute("PolicyId")
        .unwrap_or_default()
        .to_lowercase()
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.tag_name().name() == name)
}

/// The steps of journey `id` (a `UserJourney`, or a `SubJourney` when
/// `sub`) as the file `leaf` of `set` runs it.
fn effective_steps(set: &[PathBuf], leaf: &Path, id: &str, sub: bool) -> Vec<Step> {
    let texts: Vec<String> = set
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect();
    let docs: Vec<roxmltree::Document> = texts
        .iter()
        .map(|t| roxmltree::Document::parse(t).expect("parse"))
        .collect();
    let by_id: BTreeMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (policy_id(d), i))
        .collect();
    let leaf_text = std::fs::read_to_string(leaf).expect("read");
    let leaf_doc = roxmltree::Document::parse(&leaf_text).expect("parse");
    let mut chain = vec![by_id[&policy_id(&leaf_doc)]];
    loop {
        let doc = &docs[*chain.last().expect("chain")];
        let Some(base) = child(doc.root_element(), "BasePolicy")
            .and_then(|b| child(b, "PolicyId"))
            .and_then(|p| p.text())
        else {
            break;
        };
        chain.push(by_id[&base.trim().to_lowercase()]);
    }
    let element = if sub { "SubJourney" } else { "UserJourney" };
    let mut steps: BTreeMap<i32, Step> = BTreeMap::new();
    for &f in chain.iter().rev() {
        for j in docs[f].descendants().filter(|n| {
            n.tag_name().name() == element
                && n.attribute("Id")
                    .is_some_and(|i| i.eq_ignore_ascii_case(id))
        }) {
            for s in j
                .descendants()
                .filter(|n| n.tag_name().name() == "OrchestrationStep")
            {
                let order: i32 = s.attribute("Order").expect("Order").parse().expect("int");
                let step = steps.entry(order).or_insert_with(|| Step {
                    order,
                    ..Step::default()
                });
                step.step_type = s.attribute("Type").expect("Type").to_owned();
                if let Some(p) = child(s, "Preconditions") {
                    step.preconditions = p.children().filter(|c| c.is_element()).count();
                }
                if let Some(x) = child(s, "ClaimsExchanges") {
                    step.exchanges = x
                        .children()
                        .filter_map(|c| c.attribute("Id"))
                        .map(str::to_owned)
                        .collect();
                }
                if let Some(x) = child(s, "ClaimsProviderSelections") {
                    step.targets = x
                        .children()
                        .filter_map(|c| c.attribute("TargetClaimsExchangeId"))
                        .map(str::to_owned)
                        .collect();
                }
                if let Some(x) = child(s, "JourneyList") {
                    step.invokes = x
                        .children()
                        .filter_map(|c| c.attribute("SubJourneyReferenceId"))
                        .map(str::to_owned)
                        .collect();
                }
                if step.step_type == "SendClaims" {
                    step.exchanges.clear();
                    step.targets.clear();
                }
            }
        }
    }
    steps.into_values().collect()
}

/// The `DefaultUserJourney` of a relying-party file.
fn default_journey(rp: &Path) -> String {
    let t = std::fs::read_to_string(rp).expect("read");
    let doc = roxmltree::Document::parse(&t).expect("parse");
    let found = doc
        .descendants()
        .find(|n| n.tag_name().name() == "DefaultUserJourney")
        .and_then(|n| n.attribute("ReferenceId"))
        .expect("DefaultUserJourney")
        .to_owned();
    found
}

// ---------------------------------------------------------------------
// A Mermaid flowchart syntax check that needs no network: the subset
// `ief graph` writes, checked strictly.

#[derive(Debug, Default)]
struct Mermaid {
    /// Node id -> label (between the quotes).
    nodes: BTreeMap<String, String>,
    /// Subgraph id, title, node ids.
    subgraphs: Vec<(String, String, Vec<String>)>,
    /// From, arrow, label, to.
    edges: Vec<(String, String, Option<String>, String)>,
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The quoted label `"…"` at the start of `s`: its text and the rest.
fn quoted(s: &str, context: &str) -> (String, String) {
    let inner = s
        .strip_prefix('"')
        .unwrap_or_else(|| panic!("label not quoted: {context}"));
    let end = inner
        .find('"')
        .unwrap_or_else(|| panic!("label not closed: {context}"));
    (inner[..end].to_owned(), inner[end + 1..].to_owned())
}

fn check_label(label: &str, context: &str) {
    // Markup that would end the quoted string or read as HTML or Markdown
    // is written as entity codes; `<br/>` is the line break.
    let without_breaks = label.replace("<br/>", "\n");
    for bad in ['"', '<', '>', '`', '|'] {
        assert!(
            !without_breaks.contains(bad),
            "unescaped {bad:?} in label: {context}"
        );
    }
    for line in without_breaks.lines() {
        let first = line.chars().next();
        assert!(
            first.is_some_and(|c| c.is_ascii_alphabetic() || c == '#'),
            "label line could start Markdown: {line:?} in {context}"
        );
    }
}

fn parse_mermaid(src: &str) -> Mermaid {
    let mut lines = src.lines();
    assert_eq!(lines.next(), Some("flowchart TD"), "{src}");
    let mut m = Mermaid::default();
    let mut open: Option<usize> = None;
    let mut classes: Vec<String> = Vec::new();
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("subgraph ") {
            assert!(open.is_none(), "nested subgraph: {line}");
            let (id, title) = rest
                .split_once('[')
                .unwrap_or_else(|| panic!("subgraph without title: {line}"));
            assert!(is_id(id), "subgraph id {id:?}");
            let (title, after) = quoted(title, line);
            assert_eq!(after, "]", "{line}");
            check_label(&title, line);
            m.subgraphs.push((id.to_owned(), title, Vec::new()));
            open = Some(m.subgraphs.len() - 1);
            continue;
        }
        if line == "end" {
            assert!(open.take().is_some(), "`end` without subgraph");
            continue;
        }
        if let Some(rest) = line.strip_prefix("classDef ") {
            let name = rest.split_whitespace().next().expect("class name");
            assert!(is_id(name), "{line}");
            continue;
        }
        if let Some(rest) = line.strip_prefix("class ") {
            classes.push(rest.to_owned());
            continue;
        }
        // An edge: FROM ARROW [|"label"|] TO.
        let parts: Vec<&str> = line.splitn(2, ' ').collect();
        if parts.len() == 2 {
            let arrow = ["-->", "-.->", "==>"]
                .into_iter()
                .find(|a| parts[1].starts_with(a));
            if let Some(arrow) = arrow {
                let from = parts[0];
                assert!(is_id(from), "edge source {from:?}: {line}");
                let rest = &parts[1][arrow.len()..];
                let (label, to) = match rest.strip_prefix('|') {
                    Some(r) => {
                        let (label, after) = quoted(r, line);
                        check_label(&label, line);
                        let to = after
                            .strip_prefix("| ")
                            .unwrap_or_else(|| panic!("edge label not closed: {line}"));
                        (Some(label), to.to_owned())
                    }
                    None => (
                        None,
                        rest.strip_prefix(' ')
                            .unwrap_or_else(|| panic!("{line}"))
                            .to_owned(),
                    ),
                };
                assert!(is_id(&to), "edge target {to:?}: {line}");
                m.edges
                    .push((from.to_owned(), arrow.to_owned(), label, to.to_owned()));
                continue;
            }
        }
        // A node: ID<open>"label"<close>.
        let id_end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or_else(|| panic!("a bare id: {line}"));
        let (id, shape) = line.split_at(id_end);
        assert!(is_id(id), "node id {id:?}: {line}");
        let (open_s, close_s) = [("([", "])"), ("[[", "]]"), ("{{", "}}"), ("[", "]")]
            .into_iter()
            .find(|(o, _)| shape.starts_with(o))
            .unwrap_or_else(|| panic!("unknown node shape: {line}"));
        let (label, after) = quoted(&shape[open_s.len()..], line);
        assert_eq!(after, close_s, "{line}");
        check_label(&label, line);
        assert!(
            m.nodes.insert(id.to_owned(), label).is_none(),
            "node {id} declared twice"
        );
        if let Some(s) = open {
            m.subgraphs[s].2.push(id.to_owned());
        }
    }
    assert!(open.is_none(), "subgraph not closed");
    let subgraph_ids: BTreeSet<&str> = m.subgraphs.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(subgraph_ids.len(), m.subgraphs.len(), "subgraph ids repeat");
    for s in &subgraph_ids {
        assert!(!m.nodes.contains_key(*s), "{s} is a node and a subgraph");
    }
    for (from, _, _, to) in &m.edges {
        assert!(m.nodes.contains_key(from), "edge from undeclared {from}");
        assert!(m.nodes.contains_key(to), "edge to undeclared {to}");
    }
    for c in classes {
        let (ids, name) = c.rsplit_once(' ').expect("class ids name");
        assert!(is_id(name));
        for id in ids.split(',') {
            assert!(m.nodes.contains_key(id), "class of undeclared {id}");
        }
    }
    m
}

impl Mermaid {
    /// The subgraph titled `title`: its node ids.
    fn journey(&self, title: &str) -> &[String] {
        &self
            .subgraphs
            .iter()
            .find(|s| s.1 == title)
            .unwrap_or_else(|| {
                let titles: Vec<&str> = self.subgraphs.iter().map(|s| s.1.as_str()).collect();
                panic!("no subgraph {title:?} in {titles:?}")
            })
            .2
    }

    /// The node of step `order` among `nodes`.
    fn step(&self, nodes: &[String], order: i32) -> String {
        let prefix = format!("Step {order}: ");
        nodes
            .iter()
            .find(|n| self.nodes[*n].starts_with(&prefix))
            .unwrap_or_else(|| panic!("no step {order}"))
            .clone()
    }

    fn has_edge(&self, from: &str, arrow: &str, label: Option<&str>, to: &str) -> bool {
        self.edges
            .iter()
            .any(|(f, a, l, t)| f == from && a == arrow && l.as_deref() == label && t == to)
    }
}

// ---------------------------------------------------------------------
// DOT: balanced braces outside strings, one digraph.

fn check_dot(src: &str, name: &str) {
    assert!(src.starts_with("digraph "), "{name}: {src}");
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    let mut closed_at = None;
    for (i, c) in src.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                assert!(depth >= 0, "{name}: unbalanced `}}` at {i}");
                if depth == 0 {
                    closed_at = Some(i);
                }
            }
            _ => {}
        }
    }
    assert!(!in_string, "{name}: a string is not closed");
    assert_eq!(depth, 0, "{name}: unbalanced braces");
    let end = closed_at.expect("a closing brace");
    assert_eq!(src[end + 1..].trim(), "", "{name}: text after the digraph");
    // Graphviz, when it is installed (it is not required).
    if let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(src.as_bytes())
            .expect("write to dot");
        let out = child.wait_with_output().expect("dot");
        assert!(
            out.status.success(),
            "{name}: dot rejects it: {}",
            text(&out.stderr)
        );
    }
}

// ---------------------------------------------------------------------

/// A set of the starter pack (or a scenario on the set it extends, the
/// scenario's files replacing the set's of the same PolicyId) in a
/// folder of its own.
fn set_folder(set: &str, scenario: Option<&str>) -> PathBuf {
    let Some(scenario) = scenario else {
        return starter(set);
    };
    let dir = scratch(&format!("set-{scenario}"));
    let extra = common::xml_files(&starter("scenarios").join(scenario));
    let id_of = |p: &Path| {
        let t = std::fs::read_to_string(p).expect("read");
        let d = roxmltree::Document::parse(&t).expect("parse");
        policy_id(&d)
    };
    let replaced: BTreeSet<String> = extra.iter().map(|p| id_of(p)).collect();
    for f in common::xml_files(&starter(set)) {
        if !replaced.contains(&id_of(&f)) {
            std::fs::copy(&f, dir.join(f.file_name().expect("name"))).expect("copy");
        }
    }
    for f in extra {
        std::fs::copy(&f, dir.join(f.file_name().expect("name"))).expect("copy");
    }
    dir
}

fn relying_parties(dir: &Path) -> Vec<PathBuf> {
    common::xml_files(dir)
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .expect("read")
                .contains("<RelyingParty")
        })
        .collect()
}

/// Draws every relying party of `dir` into a scratch folder, in both
/// formats, and checks each drawing against the effective journeys.
fn draws_every_relying_party(name: &str, dir: &Path) -> usize {
    let out_dir = scratch(&format!("out-{}", name.replace('/', "-")));
    let d = dir.display().to_string();
    let o = out_dir.display().to_string();
    for format in ["mermaid", "dot"] {
        let run = ief(&["graph", "--format", format, "--out", &o, &d]);
        assert_eq!(run.status.code(), Some(0), "{name}: {}", text(&run.stderr));
    }
    let set = common::xml_files(dir);
    let rps = relying_parties(dir);
    assert!(!rps.is_empty(), "{name}: no relying party");
    for rp in &rps {
        let stem = rp.file_stem().expect("stem").to_string_lossy().into_owned();
        let mmd = std::fs::read_to_string(out_dir.join(format!("{stem}.mmd")))
            .unwrap_or_else(|e| panic!("{name}/{stem}.mmd: {e}"));
        let m = parse_mermaid(&mmd);
        let dot = std::fs::read_to_string(out_dir.join(format!("{stem}.dot")))
            .unwrap_or_else(|e| panic!("{name}/{stem}.dot: {e}"));
        check_dot(&dot, &format!("{name}/{stem}.dot"));

        let journey = default_journey(rp);
        check_journey(&m, &set, rp, &journey, false, &format!("{name}/{stem}"));
    }
    rps.len()
}

/// One node per effective step, in a subgraph of its own; preconditions,
/// selections and sub-journey invocations drawn. Recurses into the
/// sub-journeys invoked.
fn check_journey(m: &Mermaid, set: &[PathBuf], rp: &Path, id: &str, sub: bool, ctx: &str) {
    let steps = effective_steps(set, rp, id, sub);
    assert!(!steps.is_empty(), "{ctx}: journey {id} has no steps");
    let title = if sub {
        let kind = ["Call", "Transfer"]
            .into_iter()
            .find(|k| {
                m.subgraphs
                    .iter()
                    .any(|s| s.1 == format!("SubJourney {id} ({k})"))
            })
            .unwrap_or_else(|| panic!("{ctx}: no subgraph for sub-journey {id}"));
        format!("SubJourney {id} ({kind})")
    } else {
        format!("UserJourney {id}")
    };
    let nodes = m.journey(&title);
    assert_eq!(
        nodes.len(),
        steps.len(),
        "{ctx}: {title} has {} nodes for {} effective steps",
        nodes.len(),
        steps.len()
    );
    for (i, step) in steps.iter().enumerate() {
        let node = m.step(nodes, step.order);
        let label = &m.nodes[&node];
        assert!(
            label.starts_with(&format!("Step {}: {}", step.order, step.step_type)),
            "{ctx}: {label}"
        );
        let skips = label.matches("<br/>skip ").count();
        assert_eq!(skips, step.preconditions, "{ctx}: preconditions of {label}");
        for x in &step.exchanges {
            assert!(label.contains(x.as_str()), "{ctx}: {x} not in {label}");
        }
        for t in &step.targets {
            let target = steps[i + 1..]
                .iter()
                .find(|s| s.exchanges.iter().any(|x| x.eq_ignore_ascii_case(t)))
                .unwrap_or_else(|| panic!("{ctx}: no later step holds {t}"));
            let to = m.step(nodes, target.order);
            assert!(
                m.has_edge(&node, "-.->", Some(t), &to),
                "{ctx}: no selection edge {t} from step {} to step {}",
                step.order,
                target.order
            );
        }
        if step.step_type == "SendClaims" {
            assert!(label.contains("<br/>issuer: "), "{ctx}: {label}");
        }
        for s in &step.invokes {
            let sub_nodes = m.subgraphs.iter().find(|g| {
                g.1 == format!("SubJourney {s} (Call)")
                    || g.1 == format!("SubJourney {s} (Transfer)")
            });
            let (_, sub_title, sub_nodes) =
                sub_nodes.unwrap_or_else(|| panic!("{ctx}: sub-journey {s} not drawn"));
            let first = sub_nodes.first().expect("a first step");
            if sub_title.ends_with("(Call)") {
                assert!(m.has_edge(&node, "==>", Some("call"), first), "{ctx}");
                if let Some(next) = steps.get(i + 1) {
                    let back = m.step(nodes, next.order);
                    let last = sub_nodes.last().expect("a last step");
                    assert!(
                        m.has_edge(last, "-.->", Some("return"), &back),
                        "{ctx}: no return from {s} to step {}",
                        next.order
                    );
                }
            } else {
                assert!(m.has_edge(&node, "==>", Some("transfer"), first), "{ctx}");
            }
            if sub_title != &title {
                check_journey(m, set, rp, s, true, ctx);
            }
        }
    }
}

#[test]
fn every_relying_party_of_the_four_sets_draws_its_effective_journeys() {
    let mut drawn = 0;
    for set in [
        "LocalAccounts",
        "SocialAccounts",
        "SocialAndLocalAccounts",
        "SocialAndLocalAccountsWithMfa",
    ] {
        drawn += draws_every_relying_party(set, &starter(set));
        let dc = format!("DisplayControls/{set}");
        drawn += draws_every_relying_party(&dc, &starter(&dc));
    }
    assert!(drawn >= 20, "only {drawn} relying parties drawn");
}

#[test]
fn every_relying_party_of_the_scenarios_draws_its_effective_journeys() {
    for scenario in [
        "password-change",
        "linkedin-identity-provider",
        "phone-number-passwordless",
    ] {
        let dir = set_folder("SocialAndLocalAccounts", Some(scenario));
        draws_every_relying_party(scenario, &dir);
    }
}

fn mermaid_of(file: &Path) -> (String, Mermaid) {
    let out = ief(&["graph", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let src = text(&out.stdout);
    let m = parse_mermaid(&src);
    (src, m)
}

#[test]
fn social_and_local_sign_up_or_sign_in() {
    let dir = starter("SocialAndLocalAccounts");
    let rp = dir.join("SignUpOrSignin.xml");
    let (_, m) = mermaid_of(&rp);
    let steps = effective_steps(&common::xml_files(&dir), &rp, "SignUpOrSignIn", false);
    assert_eq!(steps.len(), 7, "{steps:?}");
    let nodes = m.journey("UserJourney SignUpOrSignIn");
    assert_eq!(nodes.len(), steps.len());
    let s = |o: i32| m.step(nodes, o);
    let label = |o: i32| m.nodes[&s(o)].clone();
    // The relying party starts the default journey and the token endpoint's.
    assert!(m.has_edge("rp", "-->", Some("default"), &s(1)));
    let refresh = m.journey("UserJourney RedeemRefreshToken");
    assert!(m.has_edge("rp", "-->", Some("endpoint Token"), &refresh[0]));
    // Step 1's selection fans out to step 2; its validation stays in it.
    assert!(m.has_edge(&s(1), "-.->", Some("FacebookExchange"), &s(2)));
    assert!(label(1).contains(
        "LocalAccountSigninEmailExchange: SelfAsserted-LocalAccountSignin-Email (self-asserted), validation selection"
    ));
    assert!(label(2).contains("<br/>skip if objectId exists<br/>"));
    assert!(label(2).contains("FacebookExchange: Facebook-OAUTH (OAuth2)"));
    assert!(label(3).contains("skip if authenticationSource = localAccountAuthentication"));
    assert!(label(3).contains("AAD-UserReadUsingAlternativeSecurityId-NoError (AAD)"));
    assert!(label(7).contains("issuer: JwtIssuer (token issuer)"));
    for o in 1..7 {
        assert!(m.has_edge(&s(o), "-->", None, &s(o + 1)), "step {o}");
    }
}

#[test]
fn the_mfa_set_draws_its_phone_factor_steps() {
    let dir = starter("SocialAndLocalAccountsWithMfa");
    let rp = dir.join("SignUpOrSignin.xml");
    let (_, m) = mermaid_of(&rp);
    let steps = effective_steps(&common::xml_files(&dir), &rp, "SignUpOrSignIn", false);
    assert_eq!(steps.len(), 9, "{steps:?}");
    let nodes = m.journey("UserJourney SignUpOrSignIn");
    assert_eq!(nodes.len(), 9);
    let label = |o: i32| m.nodes[&m.step(nodes, o)].clone();
    assert!(label(7).contains("skip if isActiveMFASession exists"));
    assert!(label(7).contains("PhoneFactor-Verify: PhoneFactor-InputOrVerify (phone factor)"));
    assert!(label(8).contains("skip unless newPhoneNumberEntered exists"));
    assert!(label(9).starts_with("Step 9: SendClaims"));
}

#[test]
fn the_phone_scenario_draws_its_sub_journeys() {
    let dir = starter("scenarios/phone-number-passwordless");
    let rp = dir.join("SignUpOrSignInWithPhone.xml");
    let (_, m) = mermaid_of(&rp);
    let nodes = m.journey("UserJourney SignUpOrSignInWithPhone");
    let s = |o: i32| m.step(nodes, o);
    let sign_in = m.journey("SubJourney SignInWithPhone (Call)");
    let change = m.journey("SubJourney ChangePhoneNumber (Call)");
    assert_eq!(sign_in.len(), 3);
    assert_eq!(change.len(), 3);
    assert!(m.nodes[&s(4)]
        .contains("skip unless isLocalAccountSignIn exists<br/>calls SignInWithPhone"));
    assert!(m.has_edge(&s(4), "==>", Some("call"), &sign_in[0]));
    assert!(m.has_edge(&sign_in[2], "-.->", Some("return"), &s(5)));
    assert!(m.has_edge(&s(4), "-.->", Some("if skipped"), &s(5)));
    assert!(m.has_edge(&s(5), "==>", Some("call"), &change[0]));
    assert!(m.has_edge(&change[2], "-.->", Some("return"), &s(6)));
    // An invocation hands over: no plain edge to the next step.
    assert!(!m.has_edge(&s(4), "-->", None, &s(5)));
    // One selection per target, both to step 2.
    assert!(m.has_edge(&s(1), "-.->", Some("SignUpWithPhone"), &s(2)));
    assert!(m.has_edge(&s(1), "-.->", Some("ChangePhoneNumber"), &s(2)));
}

#[test]
fn the_trusona_set_draws() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("generated/trusona");
    let rp = dir.join("SignUpOrSignInTrusona.xml");
    let (src, m) = mermaid_of(&rp);
    let nodes = m.journey("UserJourney TrusonaTacSUSI");
    assert_eq!(nodes.len(), 7);
    assert!(src.contains("TrusonaTacExchange: TrusonaTAC-OpenIdConnect (OIDC)"));
    assert!(m.has_edge(
        &m.step(nodes, 1),
        "-.->",
        Some("TrusonaTacExchange"),
        &m.step(nodes, 2)
    ));
}

#[test]
fn output_is_deterministic_and_dot_is_a_digraph() {
    let rp = starter("SocialAndLocalAccountsWithMfa/SignUpOrSignin.xml");
    let rp = rp.display().to_string();
    let a = ief(&["graph", &rp]);
    let b = ief(&["graph", &rp]);
    assert_eq!(a.stdout, b.stdout);
    let dot = ief(&["graph", "--format", "dot", &rp]);
    assert_eq!(dot.status.code(), Some(0));
    let src = text(&dot.stdout);
    check_dot(&src, "mfa");
    assert!(
        src.starts_with("digraph \"B2C_1A_signup_signin\" {"),
        "{src}"
    );
    assert!(
        src.contains("subgraph cluster_uj_SignUpOrSignIn {"),
        "{src}"
    );
}

#[test]
fn a_folder_with_several_relying_parties_needs_a_choice() {
    let dir = starter("SocialAndLocalAccounts").display().to_string();
    let out = ief(&["graph", &dir]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("relying parties") && err.contains("--out DIR"),
        "{err}"
    );
    let out = ief(&["graph", "--policy", "b2c_1a_profileedit", &dir]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = parse_mermaid(&text(&out.stdout));
    m.journey("UserJourney ProfileEdit");
    let out = ief(&["graph", "--policy", "B2C_1A_ProfileEdt", &dir]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `B2C_1A_ProfileEdit`?"));
    let out = ief(&["graph", "--format", "svg", &dir]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
}

#[test]
fn out_writes_one_file_per_relying_party() {
    let out_dir = scratch("out-files");
    let dir = starter("SocialAndLocalAccounts").display().to_string();
    let o = out_dir.display().to_string();
    let run = ief(&["graph", "--out", &o, &dir]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["PasswordReset.mmd", "ProfileEdit.mmd", "SignUpOrSignin.mmd"]
    );
    assert!(text(&run.stderr).contains("wrote "));
}

#[test]
fn a_broken_chain_is_an_error_with_exit_1() {
    let dir = scratch("broken");
    let src = starter("SocialAndLocalAccounts");
    for f in ["SignUpOrSignin.xml", "TrustFrameworkBase.xml"] {
        std::fs::copy(src.join(f), dir.join(f)).expect("copy");
    }
    let rp = dir.join("SignUpOrSignin.xml").display().to_string();
    let out = ief(&["graph", &rp]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot draw")
            && err.contains("the base policy `B2C_1A_TrustFrameworkExtensions`"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let out = ief(&["graph", &dir.join("missing.xml").display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_readme_example_is_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let intro = "(`ief graph generated/trusona/SignUpOrSignInTrusona.xml`):\n\n```mermaid\n";
    let at = readme.find(intro).expect("the example in README.md") + intro.len();
    let end = readme[at..].find("```").expect("the end of the block") + at;
    let (now, _) = mermaid_of(&root.join("generated/trusona/SignUpOrSignInTrusona.xml"));
    assert_eq!(
        &readme[at..end],
        now,
        "README.md's `ief graph` example is stale: paste the command's output"
    );
}
