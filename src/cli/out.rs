//! Writing to the terminal without losing an error: every write to
//! standard output or standard error is checked. A closed pipe
//! (`ief check … | head`) ends the output quietly; any other failure (a
//! full disk behind `> file`) is an error of the command (exit 2), so a
//! half-written output is never taken for a whole one.

use std::io::{ErrorKind, Write};

use crate::Fatal;

/// Standard output, written as the command goes.
#[derive(Default)]
pub struct Out {
    closed: bool,
}

impl Out {
    /// Writes `text` and flushes it (so a long run shows progress).
    pub fn write(&mut self, text: &str) -> Result<(), Fatal> {
        if self.closed {
            return Ok(());
        }
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Fatal(format!("cannot write to standard output: {e}"))),
        }
    }
}

/// Writes one line to standard error. A closed standard error is ignored;
/// any other failure is an error of the command.
pub fn note(line: &str) -> Result<(), Fatal> {
    let mut err = std::io::stderr().lock();
    match writeln!(err, "{line}").and_then(|_| err.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal(format!("cannot write to standard error: {e}"))),
    }
}

/// `text` with control characters made visible (C0 controls as their
/// Unicode control pictures, DEL as `␡`, C1 controls as `�`), one
/// character for one, so that columns keep their place. Tab and line feed
/// are kept. Used on every file name, message and source line shown, so
/// that a policy (or its name) cannot drive the terminal.
pub fn visible(text: &str) -> String {
    // The usual text has nothing to replace: copied whole.
    if !needs_replacing(text.as_bytes()) {
        return text.to_owned();
    }
    text.chars().map(visible_char).collect()
}

/// Whether [`visible`] changes anything in `bytes` (UTF-8): a control
/// character other than tab and line feed (C0, DEL, or C1, which UTF-8
/// writes as 0xC2 0x80-0x9F).
fn needs_replacing(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\t' && b != b'\n')
            || b == 0x7f
            || (b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// One character of [`visible`].
pub fn visible_char(c: char) -> char {
    match c {
        '\t' | '\n' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for texts with nothing to replace gives what mapping
    /// each character gives, for every character up to U+0200 and a few
    /// past it, alone and between others.
    #[test]
    fn visible_is_the_character_mapping() {
        let mut chars: Vec<char> = (0u32..0x200).filter_map(char::from_u32).collect();
        chars.extend(['\u{2028}', '\u{feff}', '\u{1F600}']);
        for c in chars {
            for text in [c.to_string(), format!("a{c}b"), format!("\u{e9}{c}\u{a0}")] {
                let mapped: String = text.chars().map(visible_char).collect();
                assert_eq!(visible(&text), mapped, "{:?}", text);
            }
        }
        assert_eq!(visible("a\u{1b}[31m"), "a\u{241b}[31m");
        assert_eq!(visible("\u{85}"), "\u{fffd}");
    }
}
