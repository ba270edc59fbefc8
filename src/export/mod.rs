//! A record in other formats than the reader's: Markdown ([`markdown`])
//! and JSON ([`json`]), one place per format, for `ratsinfo show
//! --format`, `ratsinfo notes`, copying and the UI's export.

pub mod json;
pub mod markdown;

/// The formats a record is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// As the reader shows it, wrapped.
    #[default]
    Text,
    Markdown,
    Json,
}
