//! The hash maps of the loaded data's indexes. Keys come from files and
//! servers nobody here controls: every map keyed by data uses these.

/// std's `HashMap` with foldhash instead of SipHash: hashing was a tenth of
/// building the archive and the tree. foldhash still seeds each map at
/// random, so keys crafted in a file cannot be made to collide in advance.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The set to [`HashMap`].
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
