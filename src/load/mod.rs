//! Reading one file into records. Each source format has its own module and
//! turns one file into a [`Batch`]; which files are read, and how their
//! batches become an archive, is [`crate::pipeline`]'s.

pub mod export;
mod export_fields;
pub mod json;
pub mod lenient;
pub mod oparl;
pub mod page;
pub mod strict;

use std::sync::Arc;

use crate::long_text::Origin;
use crate::model::{Auszug, Sitzung, Vorlage};
use crate::problem::Problem;

/// What one file yielded.
#[derive(Debug, Default)]
pub struct Batch {
    pub file: String,
    pub koerperschaft: String,
    pub vorlagen: Vec<Vorlage>,
    pub auszuege: Vec<Auszug>,
    pub sitzungen: Vec<Sitzung>,
    /// Records the source marks as deleted (OParl `deleted: true`): not
    /// loaded, but counted so that the report can say so.
    pub deleted: usize,
    pub problems: Vec<Problem>,
    /// OParl objects, mapped onto records by [`oparl::resolve`] once all
    /// files are read, since their references cross files.
    pub oparl: Vec<oparl::Object>,
}

/// Parses the content of one file named `name`, with the loader its content
/// calls for: a directory may mix OParl and export files. Every text is
/// kept in memory.
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Batch {
    parse_from(name, bytes, None)
}

/// Like [`parse_bytes`]; long texts of an export file are left in it where
/// `origin` says it can be read again.
pub fn parse_from(name: &str, bytes: &[u8], origin: Option<&Arc<Origin>>) -> Batch {
    if oparl::is_oparl(bytes) {
        oparl::parse(name, bytes, origin)
    } else {
        export::parse(name, bytes, origin)
    }
}
