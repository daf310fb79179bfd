//! Bytes to text, as XML 1.0 (§4.3.3, appendix F) defines it: a byte-order
//! mark first, else the encoding the XML declaration names, else UTF-8.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::read::Pos;
use super::scan::LineIndex;

/// What to do about a file that is not UTF-8.
pub(crate) const WANTS_UTF8: &str = "B2C wants UTF-8; `ief fmt --write` writes UTF-8";

/// A decoding failure, located.
pub(crate) struct DecodeError {
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

fn at(line: u32, column: u32, message: String, help: Option<String>) -> DecodeError {
    DecodeError {
        pos: Pos { line, column },
        message,
        help,
    }
}

/// The decoded text (without its byte-order mark) and the name of the
/// encoding when it is not UTF-8.
pub(crate) type Decoded<'a> = (Cow<'a, str>, Option<&'static str>);

/// Decodes `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, UTF_16LE)?, Some(UTF_16LE.name()))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, UTF_16BE)?, Some(UTF_16BE.name()))
    } else if bytes.starts_with(b"<\0?\0") || bytes.starts_with(b"\0<\0?") {
        return Err(at(
            1,
            1,
            "the file is UTF-16 without a byte-order mark".into(),
            Some(format!(
                "save it with a byte-order mark, or better as UTF-8: {WANTS_UTF8}"
            )),
        ));
    } else {
        match declared(bytes)? {
            Some(enc) if enc != UTF_8 => (other(bytes, enc)?, Some(enc.name())),
            _ => (utf8(bytes)?, None),
        }
    };
    if decoded.0.starts_with('\u{feff}') {
        return Err(at(
            1,
            1,
            "the file starts with a second byte-order mark (U+FEFF); XML allows one".into(),
            Some("remove the extra byte-order mark".into()),
        ));
    }
    Ok(decoded)
}

/// The encoding named by the XML declaration at the start of `bytes`, read
/// as ASCII (the declaration is ASCII in every encoding this path handles).
fn declared(bytes: &[u8]) -> Result<Option<&'static Encoding>, DecodeError> {
    if !bytes.starts_with(b"<?xml") || !bytes.get(5).is_some_and(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let end = bytes
        .windows(2)
        .take(4096)
        .position(|w| w == b"?>")
        .unwrap_or(bytes.len().min(4096));
    let decl = &bytes[..end];
    let Some(key) = decl.windows(8).position(|w| w == b"encoding") else {
        return Ok(None);
    };
    let mut i = key + 8;
    while decl
        .get(i)
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'=')
    {
        i += 1;
    }
    let Some(&quote) = decl.get(i).filter(|q| **q == b'"' || **q == b'\'') else {
        return Ok(None);
    };
    let start = i + 1;
    let len = decl[start..]
        .iter()
        .position(|&b| b == quote)
        .unwrap_or(decl.len() - start);
    let name = String::from_utf8_lossy(&decl[start..start + len]);
    // The declaration is on line 1 (it must start the file), in ASCII.
    let column = u32::try_from(start + 1).unwrap_or(u32::MAX);
    let enc = Encoding::for_label_no_replacement(name.trim().as_bytes()).ok_or_else(|| {
        at(
            1,
            column,
            format!("unknown encoding `{name}` in the XML declaration"),
            Some(format!(
                "name an encoding the WHATWG Encoding Standard knows (UTF-8, ISO-8859-1, windows-1252, …); {WANTS_UTF8}"
            )),
        )
    })?;
    if enc == UTF_16LE || enc == UTF_16BE {
        return Err(at(
            1,
            column,
            format!("the XML declaration says `{name}`, but the file has no UTF-16 byte-order mark and reads as ASCII"),
            Some(format!("write encoding=\"UTF-8\" if the file is UTF-8; {WANTS_UTF8}")),
        ));
    }
    Ok(Some(enc))
}

/// The position just after `prefix` (valid text).
fn end_of(prefix: &str) -> Pos {
    LineIndex::new(prefix).pos(prefix.len())
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) => {
            let ok = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..ok]).unwrap_or("");
            let pos = end_of(prefix);
            let byte = bytes.get(ok).copied().unwrap_or(0);
            let zeros = bytes.iter().take(1024).filter(|&&b| b == 0).count();
            let looks = if zeros * 4 >= bytes.len().min(1024) {
                "; the file looks like UTF-16 without a byte-order mark"
            } else if byte >= 0x80 {
                "; the file looks like Latin-1 (windows-1252)"
            } else {
                ""
            };
            Err(DecodeError {
                pos,
                message: format!(
                    "byte 0x{byte:02X} at line {}, column {} is not UTF-8{looks}",
                    pos.line, pos.column
                ),
                help: Some(format!(
                    "convert the file to UTF-8, or name its encoding in the XML declaration \
                     (<?xml version=\"1.0\" encoding=\"windows-1252\"?>); {WANTS_UTF8}"
                )),
            })
        }
    }
}

/// The position of the first byte `enc` cannot decode.
fn first_invalid(bytes: &[u8], enc: &'static Encoding) -> Pos {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    // Stops at the first malformed sequence; `out` holds what came before.
    let _ = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    end_of(&out)
}

fn utf16(bytes: &[u8], enc: &'static Encoding) -> Result<Cow<'static, str>, DecodeError> {
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Cow::Owned(text.into_owned())),
        None => {
            let pos = first_invalid(bytes, enc);
            Err(DecodeError {
                pos,
                message: format!(
                    "the file is not valid {} at line {}, column {} (an unpaired surrogate or an odd byte at the end)",
                    enc.name(),
                    pos.line,
                    pos.column
                ),
                help: Some(WANTS_UTF8.into()),
            })
        }
    }
}

fn other(bytes: &[u8], enc: &'static Encoding) -> Result<Cow<'static, str>, DecodeError> {
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Cow::Owned(text.into_owned())),
        None => {
            let pos = first_invalid(bytes, enc);
            Err(DecodeError {
                pos,
                message: format!(
                    "the file is not valid {} (the encoding its XML declaration names) at line {}, column {}",
                    enc.name(),
                    pos.line,
                    pos.column
                ),
                help: Some(WANTS_UTF8.into()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unpaired_surrogate_in_utf16_is_located() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<a>\nxy".encode_utf16().chain([0xD800]) {
            bytes.extend(unit.to_le_bytes());
        }
        let Err(e) = decode(&bytes) else {
            panic!("expected an error")
        };
        assert_eq!(e.pos, Pos { line: 2, column: 3 });
        assert!(e.message.contains("not valid UTF-16LE"), "{}", e.message);
    }

    #[test]
    fn the_declaration_is_read_with_either_quote() {
        let (text, enc) = match decode(b"<?xml version='1.0' encoding = 'latin1'?><a>\xE9</a>") {
            Ok(d) => d,
            Err(e) => panic!("{}", e.message),
        };
        assert_eq!(enc, Some("windows-1252"));
        assert!(text.ends_with("<a>é</a>"));
        let (_, enc) = match decode(b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>") {
            Ok(d) => d,
            Err(e) => panic!("{}", e.message),
        };
        assert_eq!(enc, None);
    }
}
