//! The hash map of the loaded data's indexes.

/// std's `HashMap` with foldhash instead of SipHash: hashing was a tenth of
/// building the archive and the tree. foldhash still seeds each map at
/// random, so keys crafted in a file cannot be made to collide in advance.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
