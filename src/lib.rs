//! ratsinfo: read the proceedings of German city councils offline.
//!
//! Data flows one way, and so do the imports: each layer names only the
//! ones below it.
//!
//! - leaves, used by all: [`problem`], [`text`], [`strings`], [`hash`],
//!   [`files`] (reading files safely)
//! - [`model`] (with [`long_text`]): the records
//! - [`load`]: one file of a source format → records and problems
//! - [`archive`]: every record once, merged; [`pipeline`]: paths → archive
//! - [`doctext`]: the text of a document (the server's, or its PDF's,
//!   extracted in a child process and kept in the archive)
//! - views built from the archive: [`tree`], [`search`], [`fulltext`]
//!   (tantivy, kept in the cache directory), [`document`]
//!   (laid out by [`wrap`]); [`open`]: an archive with its views
//! - [`ui`] and [`cli`]: what the user runs
//! - [`sync`]: the only part that talks to the network; it writes an archive
//!   that [`pipeline`] reads like any other (and the list of what it
//!   changed, [`sync::neu`], which the pipeline reads too)

pub mod archive;
pub mod chunked;
pub mod cli;
pub mod config;
pub mod dirs;
pub mod doctext;
pub mod document;
pub mod export;
pub mod files;
pub mod finder;
pub mod fulltext;
pub mod hash;
pub mod ics;
pub mod links;
pub mod load;
pub mod long_text;
pub mod model;
pub mod open;
pub mod pipeline;
pub mod problem;
pub mod search;
pub mod state;
pub mod strings;
pub mod sync;
pub mod termine;
pub mod text;
pub mod tree;
pub mod ui;
pub mod wrap;
