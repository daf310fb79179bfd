//! Linear-time helpers of the importer: positions from byte offsets, and one
//! pass over the source before the tree is built (attribute floods,
//! character references the tree would read as U+FFFD, where a
//! DOCTYPE is).

use super::read::Pos;

/// The most attributes ief reads on one element. The schema's elements
/// have a handful; duplicates are checked pairwise (quadratic), so
/// the ones past this limit are blanked out before it parses.
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// Line and column of any byte offset in O(log n), without the text: the
/// offsets where lines start, and for a text that is not ASCII a bitmap of
/// its UTF-8 continuation bytes with a running count per 64 bytes (a
/// column counts characters: bytes minus continuation bytes since the
/// line start). Offsets are `u32` (past 4 GiB they saturate).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LineIndex {
    line_starts: Vec<u32>,
    /// Bit `i % 64` of word `i / 64`: byte `i` is a continuation byte.
    continuation_bits: Vec<u64>,
    /// Continuation bytes before each word of `continuation_bits`.
    continuations_before: Vec<u32>,
    len: u32,
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl LineIndex {
    /// Indexes `text`. Lines end at LF, CRLF or a lone CR (as XML reads
    /// line ends).
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 40 + 1);
        line_starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(offset32(i + 1));
            }
        }
        let mut continuation_bits = Vec::new();
        let mut continuations_before = Vec::new();
        if !text.is_ascii() {
            let mut count = 0u32;
            for chunk in bytes.chunks(64) {
                let mut word = 0u64;
                for (k, &b) in chunk.iter().enumerate() {
                    if is_continuation(b) {
                        word |= 1 << k;
                    }
                }
                continuations_before.push(count);
                count = count.saturating_add(word.count_ones());
                continuation_bits.push(word);
            }
        }
        LineIndex {
            line_starts,
            continuation_bits,
            continuations_before,
            len: offset32(bytes.len()),
        }
    }

    /// The length in bytes of the text indexed.
    pub(crate) fn text_len(&self) -> usize {
        self.len as usize
    }

    /// Continuation bytes before byte `offset`.
    fn continuations(&self, offset: u32) -> u32 {
        let w = (offset / 64) as usize;
        let Some(&word) = self.continuation_bits.get(w) else {
            // Past the last word (or an ASCII text): all of them.
            return match (
                self.continuations_before.last(),
                self.continuation_bits.last(),
            ) {
                (Some(&before), Some(&last)) => before + last.count_ones(),
                _ => 0,
            };
        };
        let below = (1u64 << (offset % 64)) - 1;
        self.continuations_before[w] + (word & below).count_ones()
    }

    /// The position of byte `offset` of the text indexed (an offset past
    /// its end is its end).
    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset32(offset).min(self.len);
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let chars = (offset - start) - (self.continuations(offset) - self.continuations(start));
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: chars.saturating_add(1),
        }
    }
}

/// A start tag with more than [`MAX_ATTRIBUTES`] attributes.
pub(crate) struct Flood {
    /// Offset of the `<`.
    pub tag: usize,
    /// How many attributes it has (namespace declarations included).
    pub count: usize,
    /// The bytes blanked: from the first attribute past the limit to the
    /// end of the tag.
    pub cut: std::ops::Range<usize>,
}

/// A character reference that names no XML character.
pub(crate) struct BadRef {
    /// Offset of the `&`.
    pub offset: usize,
    /// The reference as written.
    pub written: String,
    /// The code point it names.
    pub value: u32,
}

/// What the pass before parsing found.
#[derive(Default)]
pub(crate) struct Prescan {
    pub floods: Vec<Flood>,
    pub bad_refs: Vec<BadRef>,
    /// Offset of `<!DOCTYPE`, if the prolog has one.
    pub doctype: Option<usize>,
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| memchr::memmem::find(rest, needle))
        .map_or(bytes.len(), |p| from + p + needle.len())
}

/// One pass over `text`: comments, CDATA sections, processing instructions
/// and declarations are skipped; start tags have their attributes counted;
/// character references are checked. Linear in the length of `text`.
pub(crate) fn prescan(text: &str) -> Prescan {
    let bytes = text.as_bytes();
    let mut out = Prescan::default();
    let mut i = 0;
    while i < bytes.len() {
        // Only `&` and `<` start what this pass looks at.
        match memchr::memchr2(b'&', b'<', &bytes[i..]) {
            Some(skip) => i += skip,
            None => break,
        }
        match bytes[i] {
            b'&' if bytes.get(i + 1) == Some(&b'#') => {
                i = char_ref(bytes, i, &mut out.bad_refs);
            }
            b'<' => {
                let rest = &bytes[i..];
                i = if rest.starts_with(b"<!--") {
                    find(bytes, i + 4, b"-->")
                } else if rest.starts_with(b"<![CDATA[") {
                    find(bytes, i + 9, b"]]>")
                } else if rest.starts_with(b"<?") {
                    find(bytes, i + 2, b"?>")
                } else if rest.starts_with(b"<!") {
                    if rest.starts_with(b"<!DOCTYPE") && out.doctype.is_none() {
                        out.doctype = Some(i);
                    }
                    find(bytes, i + 2, b">")
                } else if rest.starts_with(b"</") {
                    find(bytes, i + 2, b">")
                } else {
                    start_tag(bytes, i, &mut out)
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// What a byte is to [`start_tag`]: part of a name or value (0), XML
/// white space (1), or one of `"`, `'`, `=`, `<`, `>` (2).
static TAG_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = 1;
    t[b'\t' as usize] = 1;
    t[b'\r' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[b'"' as usize] = 2;
    t[b'\'' as usize] = 2;
    t[b'=' as usize] = 2;
    t[b'<' as usize] = 2;
    t[b'>' as usize] = 2;
    t
};

/// Scans the start tag at `i` (its `<`); returns the offset after it.
fn start_tag(bytes: &[u8], tag: usize, out: &mut Prescan) -> usize {
    let mut i = tag + 1;
    let mut count = 0usize;
    let mut attr_start = i;
    let mut after_space = false;
    let mut cut_from = None;
    while i < bytes.len() {
        let b = bytes[i];
        match TAG_BYTE[usize::from(b)] {
            0 => {
                // A run of name bytes: its start may begin an attribute.
                if after_space {
                    attr_start = i;
                }
                after_space = false;
                while bytes
                    .get(i + 1)
                    .is_some_and(|&c| TAG_BYTE[usize::from(c)] == 0)
                {
                    i += 1;
                }
                i += 1;
                continue;
            }
            1 => {
                after_space = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        match b {
            b'"' | b'\'' => {
                i += 1;
                // To the closing quote, checking character references on
                // the way (jumping to the next byte that matters).
                while let Some(k) = bytes
                    .get(i..)
                    .and_then(|rest| memchr::memchr3(b, b'&', b'<', rest))
                {
                    i += k;
                    if bytes[i] == b'&' {
                        if bytes.get(i + 1) == Some(&b'#') {
                            i = char_ref(bytes, i, &mut out.bad_refs);
                        } else {
                            i += 1;
                        }
                    } else {
                        // The quote, or `<`: not well-formed, which
                        // the tree says.
                        break;
                    }
                }
                if !bytes.get(i).is_some_and(|&c| c == b || c == b'<') {
                    i = bytes.len();
                }
                i += 1;
                after_space = false;
                continue;
            }
            b'=' => {
                count += 1;
                if count == MAX_ATTRIBUTES + 1 {
                    cut_from = Some(attr_start);
                }
            }
            // `<` or `>`.
            _ => break,
        }
        i += 1;
    }
    if let Some(from) = cut_from {
        let mut end = i.min(bytes.len());
        if end > from && bytes.get(end - 1) == Some(&b'/') {
            end -= 1;
        }
        out.floods.push(Flood {
            tag,
            count,
            cut: from..end,
        });
    }
    if bytes.get(i) == Some(&b'>') {
        i + 1
    } else {
        i
    }
}

/// Checks the character reference at `i` (its `&`); returns the offset
/// after it.
fn char_ref(bytes: &[u8], amp: usize, bad: &mut Vec<BadRef>) -> usize {
    let mut i = amp + 2;
    let hex = bytes.get(i) == Some(&b'x');
    if hex {
        i += 1;
    }
    let digits = i;
    while i < bytes.len() && bytes[i].is_ascii_hexdigit() && (hex || bytes[i].is_ascii_digit()) {
        i += 1;
    }
    if bytes.get(i) != Some(&b';') || i == digits {
        // Malformed: the tree reports it.
        return i;
    }
    let digits_text = std::str::from_utf8(&bytes[digits..i]).unwrap_or("");
    let value = u32::from_str_radix(digits_text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
    if char::from_u32(value).is_none() {
        bad.push(BadRef {
            offset: amp,
            written: String::from_utf8_lossy(&bytes[amp..=i]).into_owned(),
            value,
        });
    }
    i + 1
}

/// `text` with the attributes past the limit blanked out (spaces; line
/// ends kept, so every offset and line stays where it was).
pub(crate) fn blank(text: &str, floods: &[Flood]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for f in floods {
        for b in bytes.get_mut(f.cut.clone()).into_iter().flatten() {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only whole characters were replaced, by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_from_the_line_start() {
        let text = format!("ab\r\n{}é<x/>\rq", "y".repeat(600));
        let index = LineIndex::new(&text);
        let x = text.find("<x").unwrap_or(0);
        assert_eq!(
            index.pos(x),
            Pos {
                line: 2,
                column: 602
            }
        );
        let q = text.find('q').unwrap_or(0);
        assert_eq!(index.pos(q), Pos { line: 3, column: 1 });
        assert_eq!(index.pos(0), Pos { line: 1, column: 1 });
        assert_eq!(index.pos(text.len() + 10).line, 3);
    }

    #[test]
    fn positions_agree_with_counting_characters_in_any_text() {
        let text = "日本語のテキスト\r\né<a b=\"ü\"/>\n\n".repeat(40) + "末尾";
        let index = LineIndex::new(&text);
        let (mut line, mut column) = (1u32, 1u32);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            assert_eq!(index.pos(i), Pos { line, column }, "offset {i}");
            if c == '\n' || (c == '\r' && chars.peek().map(|p| p.1) != Some('\n')) {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        assert_eq!(index.pos(text.len()), Pos { line, column });
        assert_eq!(index.pos(text.len() + 100), Pos { line, column });
    }

    #[test]
    fn prescan_finds_floods_refs_and_doctype() {
        let attrs: String = (0..300).map(|i| format!(" a{i}=\"&#55296;\"")).collect();
        let text = format!(
            "<!-- &#xD800; <a b='1'> --><!DOCTYPE x><r{attrs}/><![CDATA[&#xD800;]]>&#x110000;&#65;"
        );
        let scan = prescan(&text);
        assert_eq!(scan.floods.len(), 1);
        assert_eq!(scan.floods[0].count, 300);
        assert_eq!(scan.bad_refs.len(), 301);
        assert_eq!(scan.bad_refs[0].value, 55296);
        assert_eq!(scan.bad_refs[300].written, "&#x110000;");
        assert_eq!(scan.doctype, text.find("<!DOCTYPE"));
        let blanked = blank(&text, &scan.floods);
        assert_eq!(blanked.len(), text.len());
        assert!(blanked.contains(" a255=") && !blanked.contains(" a256="));
        assert!(blanked.contains("/><![CDATA["));
        // Attributes spaced around `=` and on lines of their own: the cut
        // starts at the name of the first one past the limit.
        let attrs: String = (0..300).map(|i| format!("\n\ta{i} =\t'v'")).collect();
        let text = format!("<r{attrs}\n/>");
        let scan = prescan(&text);
        assert_eq!(scan.floods.len(), 1);
        assert_eq!(scan.floods[0].count, 300);
        let from = text.find("a256 ").expect("a256");
        assert_eq!(scan.floods[0].cut.start, from);
        assert_eq!(scan.floods[0].cut.end, text.len() - 2);
    }
}
