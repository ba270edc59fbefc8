//! ratsinfo: read the proceedings of German city councils offline.
//!
//! Data flows one way: [`load`] turns files into records and problems,
//! [`archive::Archive`] owns every record once, and the views
//! ([`tree::Tree`], [`search::SearchIndex`]) refer to records by id.

pub mod archive;
pub mod cli;
pub mod document;
pub mod hash;
pub mod load;
pub mod long_text;
pub mod model;
pub mod problem;
pub mod records;
pub mod search;
pub mod strings;
pub mod text;
pub mod tree;
pub mod ui;
pub mod wrap;
