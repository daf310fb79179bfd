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

/// Feeds `s` lowercased to the hasher, in chunks of the lowercase bytes
/// (ASCII folded on the fly; anything else lowercased whole first, as
/// [`crate::resolve::lc`] does), so that ids equal ignoring case hash
/// alike.
fn hash_folded<H: std::hash::Hasher>(s: &str, h: &mut H) {
    fn feed<H: std::hash::Hasher>(bytes: impl Iterator<Item = u8>, h: &mut H) {
        let mut buf = [0u8; 32];
        let mut n = 0;
        for b in bytes {
            buf[n] = b;
            n += 1;
            if n == buf.len() {
                h.write(&buf);
                n = 0;
            }
        }
        h.write(&buf[..n]);
        h.write_u8(0xff);
    }
    if s.is_ascii() {
        feed(s.bytes().map(|b| b.to_ascii_lowercase()), h);
    } else {
        feed(crate::resolve::lc(s).bytes(), h);
    }
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
    }
}
