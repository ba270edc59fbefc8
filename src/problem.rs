//! Something the user should know about the data, with where it is: the
//! one type that loaders, the archive and every view share, so it sits
//! below all of them.

use serde::Serialize;

/// How much a problem matters (FORMAT.md, "Problems").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fehler: a file or record could not be read as it is.
    Error,
    /// Warnung: the data contradicts itself or holds a bad value.
    Warning,
    /// Hinweis: a reference to something not loaded, normal for a partial
    /// mirror. Listed, but no reason for `check` to fail.
    Note,
}

impl Severity {
    /// The name lists of problems show (Fehler, Warnung, Hinweis), in the
    /// interface's language.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => crate::strings::FEHLER.get(),
            Severity::Warning => crate::strings::WARNUNG.get(),
            Severity::Note => crate::strings::HINWEIS.get(),
        }
    }
}

/// Something the user should know about the data: a file that could not be
/// read, a record that breaks the contract, two files that disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    #[serde(skip)]
    pub severity: Severity,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(severity: Severity, file: &str, message: String) -> Problem {
        Problem { severity, file: file.to_owned(), line: None, column: None, message }
    }

    pub fn at(severity: Severity, file: &str, line: usize, column: usize, message: String) -> Problem {
        Problem { severity, file: file.to_owned(), line: Some(line), column: Some(column), message }
    }

    /// `file:line:column: message`, the form editors and compilers use.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}
