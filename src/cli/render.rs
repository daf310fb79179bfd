//! rustc-style rendering of findings. A file's text is kept as it is
//! (borrowed, or moved in: never copied) with its line starts; a finding
//! shows only its own line, cut around the column when the line is long,
//! and only that line is prepared for showing (tabs as spaces), so
//! rendering N findings costs N times a line, not N times a file, and a
//! minified one-line policy renders as fast as a pretty one. Every text
//! shown goes through [`visible`], so control characters in a policy
//! cannot reach the terminal.

use std::borrow::Cow;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use ief::check::set::Diagnostic;
use ief::check::Severity;

use super::out::{visible, visible_char};

/// How many characters of a line are shown at most.
const MAX_LINE: usize = 200;
/// How many of them before the column, on a long line.
const BEFORE: usize = 60;
/// The width findings are laid out in: a shown line ([`MAX_LINE`]
/// characters and its `…` marks) beside its line number fits, so the
/// renderer never cuts a line that [`Source`] already cut.
const WIDTH: usize = MAX_LINE + 40;

/// The renderer for plain text (files, pipes, `NO_COLOR`).
pub fn plain() -> Renderer {
    Renderer::plain().term_width(WIDTH)
}

/// The renderer for a terminal: colours.
pub fn styled() -> Renderer {
    Renderer::styled().term_width(WIDTH)
}

/// A file's text as findings show it.
pub struct Source<'t> {
    /// The text (a byte-order mark is skipped through `line_starts`).
    text: Cow<'t, str>,
    /// Byte offset of each line's start, lines ending as the importer
    /// counts them: at LF, CR LF or a lone CR.
    line_starts: Vec<usize>,
}

impl<'t> Source<'t> {
    /// Prepares `raw` for showing, borrowing it.
    pub fn new(raw: &'t str) -> Source<'t> {
        Source::of(Cow::Borrowed(raw), None)
    }

    /// Prepares `text` for showing lines up to `last` (1-based; all of
    /// them with `None`): the line starts past it are not looked for.
    fn of(text: Cow<'t, str>, last: Option<u32>) -> Source<'t> {
        let bytes = text.as_bytes();
        let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_starts = vec![first];
        // Line `n` ends where line `n + 1` starts: the starts of lines 1
        // to `last + 1` are enough.
        let enough = last.map_or(usize::MAX, |l| l as usize + 1);
        // A line ends at LF, or at a CR not followed by LF.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes.get(first..).unwrap_or_default()) {
            if line_starts.len() >= enough {
                break;
            }
            let i = i + first;
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
            }
        }
        Source { text, line_starts }
    }
}

impl Source<'static> {
    /// Prepares `raw` for showing, keeping it.
    pub fn owned(raw: String) -> Source<'static> {
        Source::of(Cow::Owned(raw), None)
    }
}

impl<'t> Source<'t> {
    /// Prepares `text` (borrowed or kept) for showing its lines up to
    /// `last` (1-based): a file whose findings are all near its top is not
    /// looked through to its end.
    pub fn up_to(text: Cow<'t, str>, last: u32) -> Source<'t> {
        Source::of(text, Some(last))
    }
}

impl Source<'_> {
    /// Line `line` (1-based) without its line end, the character range to
    /// underline at `column` (1-based, in characters), and how many
    /// characters the shown part was cut from the line's start.
    fn line_window(&self, line: u32, column: u32) -> Option<(String, std::ops::Range<usize>)> {
        let start = *self.line_starts.get((line as usize).checked_sub(1)?)?;
        let mut end = self
            .line_starts
            .get(line as usize)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        // A CR LF line end: the CR is not part of the line.
        if self.line_starts.get(line as usize).is_some()
            && self.text.as_bytes().get(end) == Some(&b'\n')
            && end > start
            && self.text.as_bytes().get(end - 1) == Some(&b'\r')
        {
            end -= 1;
        }
        let raw_line = self.text.get(start..end)?;
        let tabs;
        let line_text = if raw_line.contains('\t') {
            tabs = raw_line.replace('\t', " ");
            tabs.as_str()
        } else {
            raw_line
        };
        let ascii = line_text.is_ascii();
        let col = (column as usize).saturating_sub(1);
        // Character offsets to byte offsets in the line: free on an ASCII
        // line; counted on another (only short lines in practice).
        let at = |n: usize| -> usize {
            if ascii {
                n.min(line_text.len())
            } else {
                line_text
                    .char_indices()
                    .nth(n)
                    .map(|(i, _)| i)
                    .unwrap_or(line_text.len())
            }
        };
        let total = if ascii {
            line_text.len()
        } else {
            line_text.chars().count()
        };
        // The shown characters: the whole line, or a window around the
        // column with `…` where it was cut.
        let (from, to) = if total <= MAX_LINE {
            (0, total)
        } else {
            let from = col
                .saturating_sub(BEFORE)
                .min(total.saturating_sub(MAX_LINE));
            (from, (from + MAX_LINE).min(total))
        };
        let mut shown = String::new();
        if from > 0 {
            shown.push('…');
        }
        let lead = usize::from(from > 0);
        shown.extend(line_text[at(from)..at(to)].chars().map(visible_char));
        if to < total {
            shown.push('…');
        }
        // The underline, in characters of `shown`.
        let len = token_len(&line_text[at(col)..]).max(1);
        let ul_from = (col.max(from) - from + lead).min(shown.chars().count());
        let ul_to = (ul_from + len).min(shown.chars().count()).max(ul_from);
        // Characters to bytes.
        let byte = |n: usize| {
            shown
                .char_indices()
                .nth(n)
                .map(|(i, _)| i)
                .unwrap_or(shown.len())
        };
        let range = byte(ul_from)..byte(ul_to);
        Some((shown, range))
    }
}

/// How much of `rest` to underline: an attribute (`Name="value"`) up to its
/// closing quote, anything else (a tag, text) up to the end of the tag or
/// line; counted in characters.
fn token_len(rest: &str) -> usize {
    let name_end = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')))
        .unwrap_or(0);
    let after = &rest[name_end..];
    let bytes = if name_end > 0 {
        match after.strip_prefix('=').and_then(|a| a.chars().next()) {
            Some(q @ ('"' | '\'')) => after[2..].find(q).map(|close| name_end + 2 + close + 1),
            _ => None,
        }
    } else {
        None
    };
    let bytes = bytes.unwrap_or_else(|| {
        rest.find(['>', '\n'])
            .map(|e| {
                if rest.as_bytes().get(e) == Some(&b'>') {
                    e + 1
                } else {
                    e
                }
            })
            .unwrap_or(rest.len())
    });
    rest[..bytes.min(rest.len())].chars().count()
}

/// One finding as rustc would show it; `source` is its file's text when it
/// may be shown (a policy; never a file that is not one).
pub fn render(renderer: &Renderer, d: &Diagnostic, source: Option<&Source<'_>>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let file = visible(&d.file);
    let title = visible(&d.message);
    let title_lines = title.matches('\n').count() + 1;
    let help = d.help.as_deref().map(visible);
    let window = match (d.pos, source) {
        (Some(pos), Some(src)) => src.line_window(pos.line, pos.column).map(|w| (pos.line, w)),
        _ => None,
    };
    let title = level.primary_title(title.as_str()).id(d.code);
    // The renderer writes the place of a snippet's annotation, counting
    // the column in the part of the line shown: on a cut line (or past
    // its end) that is not the finding's column, which is put back below.
    let mut counted = None;
    let mut group = match &window {
        Some((line, (text, range))) => {
            counted = Some(text[..range.start].chars().count() + 1);
            title.element(
                Snippet::source(text.as_str())
                    .line_start(*line as usize)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(range.clone())),
            )
        }
        None => {
            let mut origin = Origin::path(file.as_str());
            if let Some(pos) = d.pos {
                origin = origin
                    .line(pos.line as usize)
                    .char_column(pos.column as usize);
            }
            title.element(origin)
        }
    };
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    for o in &d.origins {
        group = group
            .element(Level::NOTE.message(format!("the id was made in Rust at {}", visible(o))));
    }
    let text = renderer.render(&[group]);
    // The place is on the line after the title's lines (the title may name
    // the same place itself: it is left as it is).
    let title_end = text
        .match_indices('\n')
        .nth(title_lines - 1)
        .map(|(at, _)| at);
    match (d.pos, counted, title_end) {
        (Some(pos), Some(counted), Some(end)) if counted != pos.column as usize => {
            let (title, rest) = text.split_at(end);
            let rest = rest.replacen(
                &format!("{file}:{}:{counted}", pos.line),
                &format!("{file}:{}:{}", pos.line, pos.column),
                1,
            );
            format!("{title}{rest}")
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}<Bad Attr=\"x\"/>{}", "a".repeat(5000), "b".repeat(5000));
        let src = Source::new(&line);
        let (shown, range) = src.line_window(1, 5001).expect("window");
        assert!(shown.chars().count() <= MAX_LINE + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(&shown[range], "<Bad Attr=\"x\"/>");
    }

    #[test]
    fn lines_end_as_the_importer_counts_them() {
        let src = Source::owned("\u{feff}<a>\r\n\t<b/>\r<c x=\"1\"/>\n".to_owned());
        let (shown, range) = src.line_window(1, 1).expect("line 1");
        assert_eq!((shown.as_str(), &shown[range]), ("<a>", "<a>"));
        let (shown, range) = src.line_window(2, 2).expect("line 2");
        assert_eq!((shown.as_str(), &shown[range]), (" <b/>", "<b/>"));
        let (shown, range) = src.line_window(3, 4).expect("line 3");
        assert_eq!((shown.as_str(), &shown[range]), ("<c x=\"1\"/>", "x=\"1\""));
        assert!(src.line_window(5, 1).is_none());
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        let src = Source::new("<A B=\"\u{1b}[31mred\"/>\n");
        let (shown, range) = src.line_window(1, 4).expect("window");
        assert!(!shown.contains('\u{1b}'));
        assert!(shown.contains('\u{241b}'));
        assert_eq!(&shown[range], "B=\"\u{241b}[31mred\"");
    }

    #[test]
    fn a_cut_line_is_shown_whole_with_its_line_number() {
        let line = format!("{}<Bad Attr=\"x\"/>{}", "a".repeat(5000), "b".repeat(5000));
        let src = Source::new(&line);
        let d = Diagnostic {
            file: "p.xml".into(),
            pos: Some(ief::import::Pos {
                line: 1,
                column: 5001,
            }),
            code: "E001",
            severity: Severity::Error,
            message: "bad, like p.xml:1:62\nor p.xml:1:62".into(),
            help: Some("fix it".into()),
            id: None,
            origins: vec!["src/main.rs:3:9".into()],
        };
        let text = render(&plain(), &d, Some(&src));
        let (shown, _) = src.line_window(1, 5001).expect("window");
        assert!(text.contains(&format!("1 | {shown}\n")), "{text}");
        assert!(!text.contains("..."), "cut twice: {text}");
        assert!(text.contains(" --> p.xml:1:5001\n"), "{text}");
        assert!(
            text.starts_with("error[E001]: bad, like p.xml:1:62\n"),
            "{text}"
        );
        assert_eq!(text.matches("p.xml:1:62").count(), 2, "{text}");
        let coloured = render(&styled(), &d, Some(&src));
        assert!(coloured.contains("p.xml:1:5001"), "{coloured}");
        assert_eq!(coloured.matches("p.xml:1:62").count(), 2, "{coloured}");
        assert!(text.contains("= help: fix it"), "{text}");
        assert!(
            text.contains("= note: the id was made in Rust at src/main.rs:3:9"),
            "{text}"
        );
    }

    #[test]
    fn a_finding_without_a_source_is_located_all_the_same() {
        let d = Diagnostic {
            file: "appsettings.json".into(),
            pos: Some(ief::import::Pos { line: 4, column: 7 }),
            code: "E002",
            severity: Severity::Warning,
            message: "odd".into(),
            help: None,
            id: None,
            origins: Vec::new(),
        };
        let text = render(&plain(), &d, None);
        assert_eq!(text, "warning[E002]: odd\n--> appsettings.json:4:7");
    }

    #[test]
    fn lines_up_to_the_last_one_shown_are_the_same_as_all_of_them() {
        let text = "<a>\r\n<b x=\"1\"/>\r<c/>\n<d/>\n<e/>";
        let all = Source::owned(text.to_owned());
        for last in 1..=5 {
            let some = Source::up_to(Cow::Owned(text.to_owned()), last);
            for line in 1..=last {
                assert_eq!(
                    some.line_window(line, 1),
                    all.line_window(line, 1),
                    "{last} {line}"
                );
            }
        }
        assert!(Source::up_to(Cow::Borrowed(text), 2)
            .line_window(4, 1)
            .is_none());
    }
}
