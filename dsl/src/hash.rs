//! The hash maps and sets of the importer, resolver and checker: std's
//! collections with rustc's Fx hasher instead of SipHash. Their keys are a
//! policy set's own ids and paths, short strings and small integers, for
//! which SipHash was a tenth of `ief check`; the set's author is not an
//! adversary the hasher must resist (a set crafted to collide only slows
//! its own check down).

/// [`std::collections::HashMap`] with the Fx hasher; make one with
/// `HashMap::default()`.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// [`std::collections::HashSet`] with the Fx hasher; make one with
/// `HashSet::default()`.
pub(crate) type HashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

/// A [`hashbrown`] map with the Fx hasher, for keys looked up by another
/// type ([`hashbrown::Equivalent`]): ids kept as [`IdKey`] and looked up
/// with [`Uncased`], without making a lowercase copy per lookup.
pub(crate) type FoldMap<K, V> = hashbrown::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// An id as a map key, compared and hashed the way B2C compares ids:
/// ignoring case ([`crate::resolve::lc`]). Look it up with [`Uncased`].
#[derive(Debug, Clone)]
pub(crate) struct IdKey(pub(crate) String);

/// A borrowed id to look an [`IdKey`] up with (same hash, same
/// comparison).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Uncased<'a>(pub(crate) &'a str);

/// Feeds `s` lowercased to the hasher, eight bytes at a time (ASCII
/// folded on the fly; anything else lowercased whole first, as
/// [`crate::resolve::lc`] does), so that ids equal ignoring case hash
/// alike.
fn hash_folded<H: std::hash::Hasher>(s: &str, h: &mut H) {
    if s.is_ascii() {
        hash_lower_bytes(s.as_bytes(), h);
    } else {
        hash_lower_bytes(crate::resolve::lc(s).as_bytes(), h);
    }
}

/// Hashes `bytes` with ASCII `A`–`Z` as `a`–`z` (any other byte as it
/// is), a word of eight bytes at a time, then the length.
fn hash_lower_bytes<H: std::hash::Hasher>(bytes: &[u8], h: &mut H) {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h.write_u64(ascii_lower_word(u64::from_le_bytes(b)));
    }
    let rest = words.remainder();
    let mut b = [0u8; 8];
    b[..rest.len()].copy_from_slice(rest);
    h.write_u64(ascii_lower_word(u64::from_le_bytes(b)));
    h.write_usize(bytes.len());
}

/// Eight bytes with each ASCII capital letter made small: bit 5 is set
/// on exactly the bytes from `A` to `Z` (no carry crosses a byte: each
/// sum stays under 0x100).
fn ascii_lower_word(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = w & (0x7f * ONES);
    let from_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low7 + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capital = from_a & !past_z & !w & (0x80 * ONES);
    w | (capital >> 2)
}

impl std::hash::Hash for IdKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        hash_folded(&self.0, h);
    }
}

impl PartialEq for IdKey {
    fn eq(&self, other: &Self) -> bool {
        crate::resolve::same_id(&self.0, &other.0)
    }
}

impl Eq for IdKey {}

impl std::hash::Hash for Uncased<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        hash_folded(self.0, h);
    }
}

/// Equal ignoring case, as B2C compares ids (so an `Uncased` is a map key
/// of its own, borrowed from the policy).
impl PartialEq for Uncased<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::resolve::same_id(self.0, other.0)
    }
}

impl Eq for Uncased<'_> {}

impl hashbrown::Equivalent<IdKey> for Uncased<'_> {
    fn equivalent(&self, key: &IdKey) -> bool {
        crate::resolve::same_id(self.0, &key.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_byte_by_byte() {
        // Every byte value in every position: only `A`–`Z` change.
        for v in 0..=255u8 {
            for at in 0..8 {
                let mut b = [b'Q', 0x80, b'z', b'@', b'[', 0xff, b'`', b'{'];
                b[at] = v;
                let want: Vec<u8> = b.iter().map(u8::to_ascii_lowercase).collect();
                let got = ascii_lower_word(u64::from_le_bytes(b)).to_le_bytes();
                assert_eq!(got.as_slice(), want.as_slice(), "byte {v:#x} at {at}");
            }
        }
    }

    #[test]
    fn ids_equal_ignoring_case_are_one_key() {
        let mut m: FoldMap<IdKey, usize> = FoldMap::default();
        m.insert(IdKey("SelfAsserted-LocalAccountSignin-Email".into()), 1);
        m.insert(IdKey("Ωmega".into()), 2);
        m.insert(
            IdKey("a-much-longer-identifier-than-one-chunk-of-the-hasher".into()),
            3,
        );
        assert_eq!(
            m.get(&Uncased("selfasserted-localaccountsignin-EMAIL")),
            Some(&1)
        );
        assert_eq!(m.get(&Uncased("ωMEGA")), Some(&2));
        assert_eq!(
            m.get(&Uncased(
                "A-MUCH-longer-identifier-than-one-chunk-of-the-hasher"
            )),
            Some(&3)
        );
        assert_eq!(m.get(&Uncased("SelfAsserted-LocalAccountSignin")), None);
        // A second key equal ignoring case replaces the first.
        m.insert(IdKey("selfasserted-localaccountsignin-email".into()), 4);
        assert_eq!(m.len(), 3);
        // The Kelvin sign lowercases to an ASCII `k`.
        m.insert(IdKey("\u{212A}ey".into()), 5);
        assert_eq!(m.get(&Uncased("KEY")), Some(&5));
    }
}
