//! The known public OParl endpoints (`ratsinfo sync --list`,
//! `ratsinfo sync NAME`), from one data file in the repository,
//! `data/endpoints.json`, built into the binary.

use std::io::{self, Write};

use serde::Deserialize;

const DATA: &str = include_str!("../../data/endpoints.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Endpoint {
    /// What `ratsinfo sync NAME` takes.
    pub name: String,
    pub city: String,
    /// The System URL.
    pub system: String,
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub source: String,
}

#[derive(Deserialize)]
struct File {
    endpoints: Vec<Endpoint>,
}

/// Every known endpoint, in the file's order.
pub fn all() -> Vec<Endpoint> {
    serde_json::from_str::<File>(DATA).map(|f| f.endpoints).unwrap_or_default()
}

/// Folds case and umlauts: `Köln`, `koeln`, `KÖLN` are one name.
fn fold(s: &str) -> String {
    s.trim().to_lowercase().replace('ä', "ae").replace('ö', "oe").replace('ü', "ue").replace('ß', "ss")
}

/// What the user gave: a URL as it is, or the System URL of a known name.
pub fn resolve(target: &str) -> Option<String> {
    let t = target.trim();
    if t.starts_with("http://") || t.starts_with("https://") {
        return Some(t.to_owned());
    }
    let want = fold(t);
    all().into_iter().find(|e| fold(&e.name) == want || fold(&e.city) == want).map(|e| e.system)
}

/// `ratsinfo sync --list`: one endpoint a line, city, name, vendor, URL.
pub fn print(out: &mut impl Write) -> io::Result<()> {
    let list = all();
    let w = list.iter().map(|e| e.city.chars().count()).max().unwrap_or(0);
    let v = list.iter().map(|e| e.vendor.chars().count()).max().unwrap_or(0);
    for e in &list {
        let pad = |s: &str, n: usize| format!("{s}{}", " ".repeat(n.saturating_sub(s.chars().count())));
        writeln!(out, "{}  {}  {}", pad(&e.city, w), pad(&e.vendor, v), e.system)?;
    }
    writeln!(out, "\n{}", crate::strings::sync_list_hinweis(list.first().map_or("köln", |e| &e.name)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_reads_and_names_resolve() {
        let list = all();
        assert!(list.len() >= 5);
        assert!(list.iter().all(|e| e.system.starts_with("https://") && !e.city.is_empty()));
        assert_eq!(resolve("Koeln").as_deref(), Some("https://buergerinfo.stadt-koeln.de/oparl/system"));
        assert_eq!(resolve("KÖLN"), resolve("köln"));
        assert_eq!(resolve("http://127.0.0.1:1/x").as_deref(), Some("http://127.0.0.1:1/x"));
        assert_eq!(resolve("atlantis"), None);
        let mut out = Vec::new();
        print(&mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("Münster"));
    }
}
