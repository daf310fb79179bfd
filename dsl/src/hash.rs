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
