//! The archive as a tree: (Körperschaft →) Gremium → Sitzung → items, and
//! "Alle Vorlagen" → year → Vorlage, so that nothing loaded is unreachable.
//!
//! Built once after loading; the UI flattens only the open nodes into rows.

use std::cmp::Ordering;

use crate::archive::Archive;
use crate::hash::HashMap;
use crate::model::{AuszugId, Date, KoerperschaftId, Vorlage, VorlageId};
use crate::strings as s;

/// A node of the tree. Ids index the vectors of [`Tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Koerperschaft(u32),
    Gremium(u32),
    Sitzung(u32),
    Item(u32),
    AlleVorlagen(u32),
    Jahr(u32),
    Vorlage(VorlageId),
}

#[derive(Debug)]
pub struct KoerperschaftNode {
    pub id: KoerperschaftId,
    pub gremien: Vec<u32>,
    pub jahre: Vec<u32>,
}

#[derive(Debug)]
pub struct GremiumNode {
    pub koerperschaft: u32,
    pub name: String,
    /// Newest first; sessions without a date last.
    pub sitzungen: Vec<u32>,
}

#[derive(Debug)]
pub struct SitzungNode {
    pub gremium: u32,
    pub datum: Option<Date>,
    /// The session record the source declared, if any (`Archive::sitzungen`).
    pub info: Option<usize>,
    /// In TOP order.
    pub items: Vec<u32>,
}

/// One agenda item: a Vorlage's Beratung in this session, an Auszug, or both.
#[derive(Debug)]
pub struct ItemNode {
    pub sitzung: u32,
    pub vorlage: Option<VorlageId>,
    /// Index into the Vorlage's Beratungsfolge.
    pub beratung: Option<usize>,
    pub auszug: Option<AuszugId>,
}

#[derive(Debug)]
pub struct JahrNode {
    pub koerperschaft: u32,
    pub year: Option<u16>,
    /// By Nummer.
    pub vorlagen: Vec<VorlageId>,
}

#[derive(Debug, Default)]
pub struct Tree {
    pub koerperschaften: Vec<KoerperschaftNode>,
    pub gremien: Vec<GremiumNode>,
    pub sitzungen: Vec<SitzungNode>,
    pub items: Vec<ItemNode>,
    pub jahre: Vec<JahrNode>,
    /// Per Vorlage, the items it appears as (for search results and jumps).
    items_of_vorlage: Vec<Vec<u32>>,
}

impl Tree {
    pub fn build(a: &Archive) -> Tree {
        let mut b = Builder {
            a,
            t: Tree { items_of_vorlage: vec![Vec::new(); a.vorlagen.len()], ..Tree::default() },
            gremium_ids: HashMap::default(),
            sitzung_ids: HashMap::default(),
            vorlage_keys: a.vorlagen.iter().map(|v| NummerKey::new(&v.nummer)).collect(),
            item_keys: Vec::new(),
        };
        for k in 0..a.koerperschaften.len() {
            b.t.koerperschaften.push(KoerperschaftNode {
                id: KoerperschaftId(k as u32),
                gremien: vec![],
                jahre: vec![],
            });
        }
        // Placing items runs on one core; what placing an Auszug needs from
        // elsewhere in the archive is looked up on another meanwhile.
        std::thread::scope(|scope| {
            let links = scope.spawn(|| auszug_links(a));
            b.add_declared_sessions();
            b.add_beratungen();
            let links = links.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            b.add_auszuege(links);
        });
        b.add_jahre();
        b.sort();
        b.t
    }

    /// The items `v` appears as.
    pub fn items_of(&self, v: VorlageId) -> &[u32] {
        self.items_of_vorlage.get(v.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The top level: the Körperschaften when there are several, otherwise
    /// the Gremien and "Alle Vorlagen" of the only one.
    pub fn roots(&self) -> Vec<Node> {
        let used: Vec<u32> =
            (0..self.koerperschaften.len() as u32).filter(|&k| !self.is_empty_k(k)).collect();
        match used.as_slice() {
            [] => vec![],
            [k] => self.children(Node::Koerperschaft(*k)),
            _ => used.into_iter().map(Node::Koerperschaft).collect(),
        }
    }

    fn is_empty_k(&self, k: u32) -> bool {
        let n = &self.koerperschaften[k as usize];
        n.gremien.is_empty() && n.jahre.is_empty()
    }

    /// Number of Körperschaften that hold records.
    pub fn koerperschaft_count(&self) -> usize {
        (0..self.koerperschaften.len() as u32).filter(|&k| !self.is_empty_k(k)).count()
    }

    pub fn children(&self, node: Node) -> Vec<Node> {
        match node {
            Node::Koerperschaft(k) => {
                let n = &self.koerperschaften[k as usize];
                let mut v: Vec<Node> = n.gremien.iter().map(|&g| Node::Gremium(g)).collect();
                if !n.jahre.is_empty() {
                    v.push(Node::AlleVorlagen(k));
                }
                v
            }
            Node::Gremium(g) => {
                self.gremien[g as usize].sitzungen.iter().map(|&s| Node::Sitzung(s)).collect()
            }
            Node::Sitzung(s) => self.sitzungen[s as usize].items.iter().map(|&i| Node::Item(i)).collect(),
            Node::AlleVorlagen(k) => {
                self.koerperschaften[k as usize].jahre.iter().map(|&j| Node::Jahr(j)).collect()
            }
            Node::Jahr(j) => self.jahre[j as usize].vorlagen.iter().map(|&v| Node::Vorlage(v)).collect(),
            Node::Item(_) | Node::Vorlage(_) => vec![],
        }
    }

    pub fn has_children(&self, node: Node) -> bool {
        match node {
            Node::Koerperschaft(_) | Node::AlleVorlagen(_) => true,
            Node::Gremium(g) => !self.gremien[g as usize].sitzungen.is_empty(),
            Node::Sitzung(s) => !self.sitzungen[s as usize].items.is_empty(),
            Node::Jahr(j) => !self.jahre[j as usize].vorlagen.is_empty(),
            Node::Item(_) | Node::Vorlage(_) => false,
        }
    }

    /// The chain of nodes from a root down to `node`'s parent.
    pub fn ancestors(&self, a: &Archive, node: Node) -> Vec<Node> {
        let multi = self.koerperschaft_count() > 1;
        let mut chain = Vec::new();
        let k = match node {
            Node::Koerperschaft(_) => return chain,
            Node::Gremium(g) => self.gremien[g as usize].koerperschaft,
            Node::Sitzung(s) => self.gremien[self.sitzungen[s as usize].gremium as usize].koerperschaft,
            Node::Item(i) => {
                let s = self.items[i as usize].sitzung;
                let g = self.sitzungen[s as usize].gremium;
                chain.push(Node::Sitzung(s));
                chain.push(Node::Gremium(g));
                self.gremien[g as usize].koerperschaft
            }
            Node::AlleVorlagen(k) => k,
            Node::Jahr(j) => {
                chain.push(Node::AlleVorlagen(self.jahre[j as usize].koerperschaft));
                self.jahre[j as usize].koerperschaft
            }
            Node::Vorlage(v) => {
                let k = a.vorlage(v).koerperschaft.0;
                let year = vorlage_year(a, v);
                if let Some(j) = self.koerperschaften[k as usize]
                    .jahre
                    .iter()
                    .find(|&&j| self.jahre[j as usize].year == year)
                {
                    chain.push(Node::Jahr(*j));
                }
                chain.push(Node::AlleVorlagen(k));
                k
            }
        };
        if let Node::Sitzung(s) = node {
            chain.push(Node::Gremium(self.sitzungen[s as usize].gremium));
        }
        if multi {
            chain.push(Node::Koerperschaft(k));
        }
        chain.reverse();
        chain
    }

    /// Agenda items whose Vorlage is loaded.
    pub fn items_linked(&self) -> usize {
        self.items.iter().filter(|i| i.vorlage.is_some()).count()
    }
}

/// The year a Vorlage is filed under: its date, else the year its number
/// starts with ("2021/0832"), else its first session's.
pub fn vorlage_year(a: &Archive, v: VorlageId) -> Option<u16> {
    year_of(a.vorlage(v))
}

fn year_of(v: &Vorlage) -> Option<u16> {
    v.datum
        .map(|d| d.year)
        .or_else(|| year_of_nummer(&v.nummer))
        .or_else(|| v.beratungsfolge.iter().find_map(|b| b.datum).map(|d| d.year))
}

fn year_of_nummer(n: &str) -> Option<u16> {
    let digits = n.get(..4)?;
    let rest = &n[4..];
    let year: u16 = digits.parse().ok()?;
    ((1900..=2200).contains(&year) && (rest.is_empty() || rest.starts_with(['/', '-', '.']))).then_some(year)
}

/// The name of the Gremium a record's `gremium` places it in.
pub fn gremium_name(gremium: &str) -> &str {
    if gremium.is_empty() { s::OHNE_GREMIUM } else { gremium }
}

struct Builder<'a> {
    a: &'a Archive,
    t: Tree,
    gremium_ids: HashMap<(KoerperschaftId, &'a str), u32>,
    sitzung_ids: HashMap<(u32, Option<Date>), u32>,
    /// Sort keys, made while their records are at hand: sorting made them
    /// from records scattered over memory, and waited for most of them.
    /// Per Vorlage, and per item.
    vorlage_keys: Vec<NummerKey<'a>>,
    item_keys: Vec<(TopKey<'a>, NummerKey<'a>)>,
}

impl<'a> Builder<'a> {
    fn gremium(&mut self, k: KoerperschaftId, name: &'a str) -> u32 {
        let t = &mut self.t;
        *self.gremium_ids.entry((k, name)).or_insert_with(|| {
            t.gremien.push(GremiumNode { koerperschaft: k.0, name: name.to_owned(), sitzungen: vec![] });
            let g = t.gremien.len() as u32 - 1;
            t.koerperschaften[k.0 as usize].gremien.push(g);
            g
        })
    }

    fn sitzung(&mut self, k: KoerperschaftId, gremium: &'a str, datum: Option<Date>) -> u32 {
        let name = gremium_name(gremium);
        let g = self.gremium(k, name);
        let t = &mut self.t;
        *self.sitzung_ids.entry((g, datum)).or_insert_with(|| {
            t.sitzungen.push(SitzungNode { gremium: g, datum, info: None, items: vec![] });
            let s = t.sitzungen.len() as u32 - 1;
            t.gremien[g as usize].sitzungen.push(s);
            s
        })
    }

    fn item(&mut self, item: ItemNode, top: TopKey<'a>) -> u32 {
        let vorlage = item.vorlage;
        let id = self.item_in_session(item, top);
        if let Some(v) = vorlage {
            self.t.items_of_vorlage[v.0 as usize].push(id);
        }
        id
    }

    /// Adds an item to its session only; the caller records its Vorlage's
    /// items.
    fn item_in_session(&mut self, item: ItemNode, top: TopKey<'a>) -> u32 {
        let id = self.t.items.len() as u32;
        let nummer = item.vorlage.map_or(NummerKey::new(""), |v| self.vorlage_keys[v.0 as usize]);
        self.item_keys.push((top, nummer));
        self.t.sitzungen[item.sitzung as usize].items.push(id);
        self.t.items.push(item);
        id
    }

    fn add_declared_sessions(&mut self) {
        for (i, s) in self.a.sitzungen.iter().enumerate() {
            let id = self.sitzung(s.koerperschaft, &s.gremium, s.datum);
            self.t.sitzungen[id as usize].info = Some(i);
        }
    }

    fn add_beratungen(&mut self) {
        for (vi, v) in self.a.vorlagen.iter().enumerate() {
            let vid = VorlageId(vi as u32);
            // Collected here and put in the map once per Vorlage: a map
            // lookup and entry per Beratung was a third of placing them.
            let mut items = Vec::new();
            for (bi, b) in v.beratungsfolge.iter().enumerate() {
                let s = self.sitzung(v.koerperschaft, &b.gremium, b.datum);
                // A Vorlage listed twice for one session is one item.
                if !items.iter().any(|&i: &u32| self.t.items[i as usize].sitzung == s) {
                    let item = ItemNode { sitzung: s, vorlage: Some(vid), beratung: Some(bi), auszug: None };
                    items.push(self.item_in_session(item, TopKey::parse("")));
                }
            }
            self.t.items_of_vorlage[vi] = items;
        }
    }

    /// Places the Auszüge; `links` holds what [`auszug_links`] found.
    fn add_auszuege(&mut self, links: Vec<(Option<VorlageId>, TopKey<'a>)>) {
        for ((ai, au), (vorlage, top)) in self.a.auszuege.iter().enumerate().zip(links) {
            let aid = AuszugId(ai as u32);
            let s = self.sitzung(au.koerperschaft, &au.gremium, au.datum);
            // The Auszug of a Vorlage discussed in this session is the same
            // agenda item as the Vorlage's Beratung: merge them.
            let existing = vorlage.and_then(|v| {
                self.t.items_of_vorlage[v.0 as usize].iter().copied().find(|&i| {
                    let it = &self.t.items[i as usize];
                    it.sitzung == s && it.auszug.is_none()
                })
            });
            match existing {
                Some(i) => {
                    self.t.items[i as usize].auszug = Some(aid);
                    self.item_keys[i as usize].0 = top;
                }
                None => {
                    self.item(ItemNode { sitzung: s, vorlage, beratung: None, auszug: Some(aid) }, top);
                }
            }
        }
    }

    fn add_jahre(&mut self) {
        let mut by_year: HashMap<(u32, Option<u16>), u32> = HashMap::default();
        // By iteration: a lookup by index is a search among the archive's
        // chunks (see `records`).
        for (vi, v) in self.a.vorlagen.iter().enumerate() {
            let vid = VorlageId(vi as u32);
            let (k, year) = (v.koerperschaft.0, year_of(v));
            let t = &mut self.t;
            let j = *by_year.entry((k, year)).or_insert_with(|| {
                t.jahre.push(JahrNode { koerperschaft: k, year, vorlagen: vec![] });
                let j = t.jahre.len() as u32 - 1;
                t.koerperschaften[k as usize].jahre.push(j);
                j
            });
            t.jahre[j as usize].vorlagen.push(vid);
        }
    }

    fn sort(&mut self) {
        let t = &mut self.t;
        let keys: Vec<String> = t.gremien.iter().map(|g| sort_key(&g.name)).collect();
        for k in &mut t.koerperschaften {
            k.gremien.sort_by(|&x, &y| keys[x as usize].cmp(&keys[y as usize]));
            let jahre = &t.jahre;
            k.jahre.sort_by(|&x, &y| newest_first(jahre[x as usize].year, jahre[y as usize].year));
        }
        let sitzungen = &t.sitzungen;
        for g in &mut t.gremien {
            g.sitzungen
                .sort_by(|&x, &y| newest_first(sitzungen[x as usize].datum, sitzungen[y as usize].datum));
        }
        let Tree { sitzungen, jahre, .. } = t;
        let (item_keys, vorlage_keys) = (&self.item_keys, &self.vorlage_keys);
        // Ids break ties: each list holds its ids in ascending order, so
        // this is the stable order without a stable sort's buffer.
        let sort_items = |part: &mut [SitzungNode]| {
            for s in part {
                s.items.sort_unstable_by(|&x, &y| {
                    item_keys[x as usize].cmp(&item_keys[y as usize]).then(x.cmp(&y))
                });
            }
        };
        // The largest part of building the tree: on two cores, one taking
        // the first half of the sessions, the other the rest and the years.
        let half = sitzungen.len() / 2;
        let (first, second) = sitzungen.split_at_mut(half);
        std::thread::scope(|scope| {
            scope.spawn(|| sort_items(first));
            sort_items(second);
            for j in jahre.iter_mut() {
                j.vorlagen.sort_unstable_by(|&x, &y| {
                    vorlage_keys[x.0 as usize].cmp(&vorlage_keys[y.0 as usize]).then(x.cmp(&y))
                });
            }
        });
    }
}

/// Per Auszug, its Vorlage and the sort key of its TOP.
fn auszug_links(a: &Archive) -> Vec<(Option<VorlageId>, TopKey<'_>)> {
    a.auszuege
        .iter()
        .map(|au| {
            let vorlage =
                (!au.vorlage.is_empty()).then(|| a.find_vorlage(au.koerperschaft, &au.vorlage)).flatten();
            (vorlage, TopKey::parse(&au.top))
        })
        .collect()
}

fn newest_first<T: Ord>(x: Option<T>, y: Option<T>) -> Ordering {
    match (x, y) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A key that sorts German names as a reader expects: case and umlauts do
/// not split the alphabet ("Ältestenrat" next to "Ausschuss").
pub fn sort_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ä' | 'Ä' => out.push('a'),
            'ö' | 'Ö' => out.push('o'),
            'ü' | 'Ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `PartialOrd`, `PartialEq` and `Eq` of sort keys, from their `Ord`.
macro_rules! by_ord {
    ($($key:ident),*) => {$(
        impl PartialOrd for $key<'_> {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl PartialEq for $key<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == Ordering::Equal
            }
        }

        impl Eq for $key<'_> {}
    )*};
}

by_ord!(NummerKey, TopKey);

/// Numbers like "2021/0832" or "0123/2020" sort by their numeric parts,
/// then as text. Borrows the number (sorting a large archive's items
/// allocated two keys per item); its first two parts are parsed once, and
/// the rest only to break their ties.
#[derive(Debug, Clone, Copy)]
struct NummerKey<'a> {
    head: [Option<u64>; 2],
    nummer: &'a str,
}

impl<'a> NummerKey<'a> {
    fn new(nummer: &'a str) -> NummerKey<'a> {
        let mut numbers = numbers(nummer);
        NummerKey { head: [numbers.next(), numbers.next()], nummer }
    }
}

fn numbers(nummer: &str) -> impl Iterator<Item = u64> + '_ {
    nummer.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok())
}

impl Ord for NummerKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        // A missing part sorts first, as a shorter sequence does.
        self.head
            .cmp(&other.head)
            .then_with(|| numbers(self.nummer).cmp(numbers(other.nummer)))
            .then_with(|| self.nummer.cmp(other.nummer))
    }
}

/// Sort key of a TOP ("Ö 2", "N 10", "1.1", "10a"): public part first, then
/// numerically by each dotted component; items without TOP last. Borrows
/// the TOP, like [`NummerKey`]; the first component, which nearly always
/// decides, is parsed once.
#[derive(Debug, Clone, Copy)]
pub struct TopKey<'a> {
    missing: bool,
    closed: bool,
    first: Option<(u32, &'a str)>,
    rest: &'a str,
}

impl<'a> TopKey<'a> {
    pub fn parse(top: &'a str) -> TopKey<'a> {
        let top = top.trim();
        let (closed, rest) = if let Some(r) =
            top.strip_prefix('N').filter(|r| r.is_empty() || r.starts_with([' ', '\u{A0}']))
        {
            (true, r)
        } else if let Some(r) = top.strip_prefix('Ö').or_else(|| top.strip_prefix("TOP")) {
            (false, r)
        } else {
            (false, top)
        };
        let rest = rest.trim();
        TopKey { missing: top.is_empty(), closed, first: parts(rest).next(), rest }
    }
}

/// Each dotted component of a TOP: its number (none sorts last) and the rest.
fn parts(top: &str) -> impl Iterator<Item = (u32, &str)> {
    top.split('.').filter(|p| !p.is_empty()).map(|p| {
        let digits = p.len() - p.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (p[..digits].parse().unwrap_or(u32::MAX), p[digits..].trim())
    })
}

impl Ord for TopKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.missing, self.closed, self.first)
            .cmp(&(other.missing, other.closed, other.first))
            .then_with(|| parts(self.rest).cmp(parts(other.rest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_order() {
        let mut tops = vec!["N 1", "Ö 10", "Ö 2", "", "Ö 1.2", "Ö 1", "Ö 1.1", "10a", "N 2", "Ö 1.10"];
        tops.sort_by_key(|t| TopKey::parse(t));
        assert_eq!(tops, vec!["Ö 1", "Ö 1.1", "Ö 1.2", "Ö 1.10", "Ö 2", "Ö 10", "10a", "N 1", "N 2", ""]);
    }

    #[test]
    fn items_sort_by_top_then_nummer_also_when_an_auszug_joins_a_beratung() {
        let json = r#"{"vorlagen": [
            {"nummer": "2024/0010", "betreff": "Ohne TOP, spätere Nummer", "beratungsfolge": [{"gremium": "Rat", "datum": "2024-03-01"}]},
            {"nummer": "2024/0002", "betreff": "Ohne TOP, frühere Nummer", "beratungsfolge": [{"gremium": "Rat", "datum": "2024-03-01"}]},
            {"nummer": "2024/0005", "betreff": "Mit Auszug", "beratungsfolge": [{"gremium": "Rat", "datum": "2024-03-01"}]}],
            "auszuege": [
            {"gremium": "Rat", "datum": "2024-03-01", "titel": "Nichtöffentlich", "top": "N 1"},
            {"gremium": "Rat", "datum": "2024-03-01", "titel": "Zu 2024/0005", "top": "Ö 10", "vorlage": "2024/0005"},
            {"gremium": "Rat", "datum": "2024-03-01", "titel": "Erster", "top": "Ö 2"}]}"#;
        let a =
            crate::pipeline::finish(vec![crate::load::parse_bytes("t.json", json.as_bytes())], Vec::new());
        let t = Tree::build(&a);
        let session = &t.sitzungen[0];
        let shown: Vec<String> = session
            .items
            .iter()
            .map(|&i| {
                let it = &t.items[i as usize];
                let top = it.auszug.map_or("", |au| a.auszug(au).top.as_str());
                let nummer = it.vorlage.map_or("", |v| a.vorlage(v).nummer.as_str());
                format!("{top}|{nummer}")
            })
            .collect();
        assert_eq!(shown, ["Ö 2|", "Ö 10|2024/0005", "N 1|", "|2024/0002", "|2024/0010"]);
    }

    #[test]
    fn nummer_order() {
        let mut v = vec![
            "2021/0832",
            "2021/08",
            "2020/1200",
            "10/2021",
            "9/2021",
            "2021/0832a",
            "A-1",
            "",
            "2021/8/2",
            "2021/8/10",
            "2021/8",
        ];
        v.sort_by_key(|n| NummerKey::new(n));
        let expected = [
            "",
            "A-1",
            "9/2021",
            "10/2021",
            "2020/1200",
            "2021/08",
            "2021/8",
            "2021/8/2",
            "2021/8/10",
            "2021/0832",
            "2021/0832a",
        ];
        assert_eq!(v, expected);
    }

    #[test]
    fn german_sort_key() {
        let mut v = vec!["Zoo", "Ältestenrat", "ausschuss", "Bau"];
        v.sort_by_key(|s| sort_key(s));
        assert_eq!(v, vec!["Ältestenrat", "ausschuss", "Bau", "Zoo"]);
    }

    #[test]
    fn year_from_number() {
        assert_eq!(year_of_nummer("2021/0832"), Some(2021));
        assert_eq!(year_of_nummer("0832/2021"), None);
        assert_eq!(year_of_nummer("20210832"), None);
    }
}
