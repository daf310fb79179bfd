//! B2C's upload errors made into findings: the run-together messages of
//! an `AADB2C` error split one per message, and each placed in a local
//! file where it gives a line and column or names a claim, technical
//! profile, journey step, journey or claims transformation.

use ief_dsl::check::set::Diagnostic;
use ief_dsl::check::Severity;
use ief_dsl::import::Pos;

/// Where in a policy a message points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locus {
    /// `line L col C` of the file uploaded.
    LineCol(u32, u32),
    /// Orchestration step `order` of user journey `journey`.
    Step {
        /// The journey's id.
        journey: String,
        /// The step's `Order`.
        order: String,
    },
    /// A technical profile, by id.
    Profile(String),
    /// A claim type, by id.
    Claim(String),
    /// A user journey, by id.
    Journey(String),
    /// A claims transformation, by id.
    Transformation(String),
}

/// Phrases that continue the message before them rather than start one.
const CONTINUATIONS: &[&str] = &["List of possible", "Expected", "Possible"];

/// The messages of a B2C validation error, one per message, without the
/// `Validation failed: N validation error(s) found in policy …` header.
/// Messages are run together as sentences: they are split after a `.`
/// outside quotes that is followed by a capital letter, and at line ends.
pub fn split_messages(message: &str) -> Vec<String> {
    let mut body = message.trim();
    if body.starts_with("Validation failed") {
        // The header ends at the first `.` outside quotes.
        if let Some(end) = sentence_ends(body).first() {
            body = body[*end..].trim_start();
        }
    }
    let mut out: Vec<String> = Vec::new();
    for line in body.lines() {
        let mut start = 0;
        let mut ends = sentence_ends(line);
        ends.push(line.len());
        for end in ends {
            let part = line[start..end].trim();
            start = end;
            if part.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some(prev) if CONTINUATIONS.iter().any(|c| part.starts_with(c)) => {
                    prev.push(' ');
                    prev.push_str(part);
                }
                _ => out.push(part.to_owned()),
            }
        }
    }
    out
}

/// Byte offsets just after each sentence end of `text`: a `.` outside
/// double quotes (and outside single quotes opened after a space or `:`)
/// followed by optional spaces and an ASCII capital.
fn sentence_ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut in_double = false;
    let mut in_single = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if !in_single => in_double = !in_double,
            b'\'' if !in_double => {
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                if in_single {
                    in_single = false;
                } else if matches!(prev, None | Some(b' ' | b':' | b'(' | b'=')) {
                    in_single = true;
                }
            }
            b'.' if !in_double && !in_single => {
                let rest = &text[i + 1..];
                let next = rest.trim_start_matches(' ');
                if next.starts_with(|c: char| c.is_ascii_uppercase()) {
                    ends.push(i + 1);
                }
            }
            _ => {}
        }
    }
    ends
}

/// The value quoted (`"…"` or `'…'`) right after the first `keyword` in
/// `msg` (ignoring case), skipping a `with id` between them.
fn quoted_after(msg: &str, keyword: &str) -> Option<String> {
    let lower = msg.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(keyword) {
        let after = from + at + keyword.len();
        let mut rest = msg[after..].trim_start();
        for skip in ["with id", "id"] {
            if rest
                .get(..skip.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(skip))
            {
                rest = rest[skip.len()..].trim_start();
                break;
            }
        }
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                return Some(rest[1..1 + end].to_owned());
            }
        }
        from = after;
    }
    None
}

/// The number right after `keyword` (ignoring case), quoted or not.
fn number_after(msg: &str, keyword: &str) -> Option<String> {
    let lower = msg.to_ascii_lowercase();
    let at = lower.find(keyword)? + keyword.len();
    let rest = msg[at..].trim_start().trim_start_matches(['"', '\'']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// Where `msg` points, most precise first.
pub fn locus(msg: &str) -> Option<Locus> {
    let line = number_after(msg, "line ").and_then(|l| l.parse().ok());
    let col = number_after(msg, " col ")
        .or_else(|| number_after(msg, " column "))
        .and_then(|c| c.parse().ok());
    if let (Some(line), Some(col)) = (line, col) {
        return Some(Locus::LineCol(line, col));
    }
    let journey = quoted_after(msg, "user journey").or_else(|| quoted_after(msg, "userjourney"));
    if let Some(journey) = &journey {
        if let Some(order) = number_after(msg, "step ") {
            return Some(Locus::Step {
                journey: journey.clone(),
                order,
            });
        }
    }
    if let Some(p) =
        quoted_after(msg, "technical profile").or_else(|| quoted_after(msg, "technicalprofile"))
    {
        return Some(Locus::Profile(p));
    }
    if let Some(c) = quoted_after(msg, "claim type").or_else(|| quoted_after(msg, "claimtype")) {
        return Some(Locus::Claim(c));
    }
    if let Some(j) = journey {
        return Some(Locus::Journey(j));
    }
    if let Some(t) = quoted_after(msg, "claims transformation")
        .or_else(|| quoted_after(msg, "claimstransformation"))
    {
        return Some(Locus::Transformation(t));
    }
    None
}

/// Where `locus` is in `text` (a policy's XML): the line and column given,
/// or the `Id` attribute of the element named.
pub fn locate(text: &str, locus: &Locus) -> Option<Pos> {
    if let Locus::LineCol(line, column) = locus {
        return Some(Pos {
            line: *line,
            column: *column,
        });
    }
    let doc = roxmltree::Document::parse(text).ok()?;
    let with_id = |name: &str, id: &str| {
        doc.descendants().find(|n| {
            n.tag_name().name() == name
                && n.attribute("Id")
                    .is_some_and(|v| v.eq_ignore_ascii_case(id))
        })
    };
    let at_attr = |node: roxmltree::Node<'_, '_>, attr: &str| {
        let start = node
            .attributes()
            .find(|a| a.name() == attr)
            .map(|a| a.range().start)
            .unwrap_or(node.range().start);
        let p = doc.text_pos_at(start);
        Pos {
            line: p.row,
            column: p.col,
        }
    };
    let node = match locus {
        Locus::LineCol(..) => None,
        Locus::Step { journey, order } => {
            let j = with_id("UserJourney", journey).or_else(|| with_id("SubJourney", journey))?;
            let step = j.descendants().find(|n| {
                n.tag_name().name() == "OrchestrationStep" && n.attribute("Order") == Some(order)
            });
            return Some(match step {
                Some(s) => at_attr(s, "Order"),
                None => at_attr(j, "Id"),
            });
        }
        Locus::Profile(id) => with_id("TechnicalProfile", id),
        Locus::Claim(id) => with_id("ClaimType", id),
        Locus::Journey(id) => with_id("UserJourney", id).or_else(|| with_id("SubJourney", id)),
        Locus::Transformation(id) => with_id("ClaimsTransformation", id),
    }?;
    Some(at_attr(node, "Id"))
}

/// The code of findings made from an upload error.
pub const UPLOAD_CODE: &str = "upload";

/// One finding per message of an upload error of the policy in
/// `files[index]`, each at the place it names: in that file, else in the
/// first of `others` (the rest of its chain, nearest base first) that has
/// it, else at the file without a position. `files` are `(name, text)`.
pub fn findings(
    message: &str,
    file: (&str, &str),
    others: &[(&str, &str)],
    help: Option<&str>,
) -> Vec<Diagnostic> {
    split_messages(message)
        .into_iter()
        .map(|m| {
            let (name, pos) = match locus(&m) {
                Some(l @ Locus::LineCol(..)) => (file.0, locate(file.1, &l)),
                Some(l) => std::iter::once(file)
                    .chain(others.iter().copied())
                    .find_map(|(n, t)| locate(t, &l).map(|p| (n, Some(p))))
                    .unwrap_or((file.0, None)),
                None => (file.0, None),
            };
            Diagnostic {
                file: name.to_owned(),
                pos,
                code: UPLOAD_CODE,
                severity: Severity::Error,
                message: m,
                help: help.map(str::to_owned),
                id: None,
                origins: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_together_messages_are_split_and_continuations_kept() {
        let msg = "Validation failed: 3 validation error(s) found in policy \"B2C_1A_X\" of tenant \"t.onmicrosoft.com\".Schema problem found at line 7 col 3 in policy \"B2C_1A_X\": element 'A' in namespace 'http://x.example/2013/06' is not allowed here. List of possible elements expected: 'B, C'.Technical profile \"TP-1\" sets metadata \"x.y\" to nothing.Claim type \"email\" is read in step \"2\" of user journey \"SignIn\" before any step writes it.";
        let parts = split_messages(msg);
        assert_eq!(parts.len(), 3, "{parts:#?}");
        assert!(parts[0].starts_with("Schema problem") && parts[0].contains("List of possible"));
        assert_eq!(locus(&parts[0]), Some(Locus::LineCol(7, 3)));
        assert_eq!(
            locus("error at line 12 column 40 of the file"),
            Some(Locus::LineCol(12, 40))
        );
        assert_eq!(
            locus("ClaimsTransformation with id 'CT-1' is missing"),
            Some(Locus::Transformation("CT-1".into()))
        );
        assert_eq!(
            locus("User journey \"J\" in policy \"P\" has step 3 with 2 exchanges"),
            Some(Locus::Step {
                journey: "J".into(),
                order: "3".into()
            })
        );
        assert_eq!(locus("nothing to place"), None);
        assert_eq!(locus(&parts[1]), Some(Locus::Profile("TP-1".into())));
        assert_eq!(
            locus(&parts[2]),
            Some(Locus::Step {
                journey: "SignIn".into(),
                order: "2".into()
            })
        );
    }

    #[test]
    fn a_named_element_is_found_by_id_ignoring_case() {
        let xml = "<P>\n  <TechnicalProfile Id=\"TP-1\"/>\n  <UserJourney Id=\"J\">\n    <OrchestrationStep Order=\"2\"/>\n  </UserJourney>\n</P>";
        assert_eq!(
            locate(xml, &Locus::Profile("tp-1".into())),
            Some(Pos {
                line: 2,
                column: 21
            })
        );
        let step = Locus::Step {
            journey: "j".into(),
            order: "2".into(),
        };
        assert_eq!(
            locate(xml, &step),
            Some(Pos {
                line: 4,
                column: 24
            })
        );
        assert_eq!(locate(xml, &Locus::Claim("nope".into())), None);
    }
}
