//! rustc-style rendering of findings. A file's text is kept as it is
//! (borrowed, or moved in: never copied) with its line starts; a finding
//! shows only its own line, cut around the column when the line is long,
//! and only that line is prepared for showing (tabs as spaces), so
//! rendering N findings costs N times a line, not N times a file, and a
//! minified one-line policy renders as fast as a pretty one. Every text
//! shown goes through [`visible`], so control characters in a policy
//! cannot reach the terminal.

use std::borrow::Cow;

use annotate_snippets::{Level, Renderer, Snippet};
use ief::check::set::Diagnostic;
use ief::check::Severity;

use super::out::{visible, visible_char};

/// How many characters of a line are shown at most.
const MAX_LINE: usize = 200;
/// How many of them before the column, on a long line.
const BEFORE: usize = 60;

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
        Source::of(Cow::Borrowed(raw))
    }

    fn of(text: Cow<'t, str>) -> Source<'t> {
        let bytes = text.as_bytes();
        let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_starts = vec![first];
        // A line ends at LF, or at a CR not followed by LF.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes.get(first..).unwrap_or_default()) {
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
        Source::of(Cow::Owned(raw))
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
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let file = visible(&d.file);
    let title = visible(&d.message);
    let help = d.help.as_deref().map(visible);
    let window = match (d.pos, source) {
        (Some(pos), Some(src)) => src.line_window(pos.line, pos.column).map(|w| (pos.line, w)),
        _ => None,
    };
    let location = match d.pos {
        Some(pos) => format!("{file}:{}:{}", pos.line, pos.column),
        None => file.clone(),
    };
    let mut message = level.title(&title).id(d.code);
    match &window {
        Some((line, (text, range))) => {
            message = message.snippet(
                Snippet::source(text)
                    .line_start(*line as usize)
                    .origin(&file)
                    .annotation(level.span(range.clone())),
            );
        }
        None => message = message.footer(Level::Note.title(&location)),
    }
    if let Some(help) = &help {
        message = message.footer(Level::Help.title(help));
    }
    let notes: Vec<String> = d
        .origins
        .iter()
        .map(|o| format!("the id was made in Rust at {}", visible(o)))
        .collect();
    for n in &notes {
        message = message.footer(Level::Note.title(n));
    }
    let text = renderer.render(message).to_string();
    text
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
}
