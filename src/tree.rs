//! The archive as a tree: (Körperschaft →) Gremium → Sitzung → items, a
//! Gremium's Beratungen without a session under "Ohne Sitzung", and "Alle
//! Vorlagen" → year → Vorlage, so that nothing loaded is unreachable.
//!
//! Built once after loading from the archive's sessions and links; the UI
//! flattens only the open nodes into rows.

use std::cmp::Ordering;

use crate::archive::Archive;
use crate::hash::HashMap;
use crate::model::{AuszugId, KoerperschaftId, SitzungId, Vorlage, VorlageId};
use crate::strings as s;

/// A node of the tree. Ids index the vectors of [`Tree`] or the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Koerperschaft(u32),
    Gremium(u32),
    Sitzung(SitzungId),
    /// A Gremium's Beratungen that no loaded session holds.
    OhneSitzung(u32),
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
    pub sitzungen: Vec<SitzungId>,
    /// Items without a session (see [`Node::OhneSitzung`]).
    pub ohne_sitzung: Vec<u32>,
}

/// A session's place in the tree; per session of the archive.
#[derive(Debug, Default)]
pub struct SitzungNode {
    pub gremium: u32,
    /// In agenda order.
    pub items: Vec<u32>,
}

/// One agenda item: a Vorlage's Beratung in this session, an agenda item's
/// record (Auszug), or both. Without a session, a Beratung (or an OParl
/// agenda item) whose session is not loaded.
#[derive(Debug)]
pub struct ItemNode {
    pub sitzung: Option<SitzungId>,
    pub gremium: u32,
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
    /// Per session of the archive (by [`SitzungId`]).
    pub sitzungen: Vec<SitzungNode>,
    pub items: Vec<ItemNode>,
    pub jahre: Vec<JahrNode>,
    /// Per Vorlage, the items it appears as (for search results and jumps),
    /// in ascending order: those of Vorlage `v` are
    /// `items_of_vorlage[items_of_vorlage_at[v]..items_of_vorlage_at[v + 1]]`.
    /// One list for all: a vector per Vorlage cost an allocation for each,
    /// made and later freed.
    items_of_vorlage: Vec<u32>,
    items_of_vorlage_at: Vec<u32>,
    /// Per Auszug, its item.
    item_of_auszug: Vec<u32>,
}

impl Tree {
    pub fn build(a: &Archive) -> Tree {
        let mut b = Builder {
            a,
            t: Tree::default(),
            gremium_ids: HashMap::default(),
            auszug_vorlagen: Vec::new(),
            vorlage_keys: Vec::new(),
            item_keys: Vec::new(),
        };
        for k in 0..a.koerperschaften.len() {
            b.t.koerperschaften.push(KoerperschaftNode {
                id: KoerperschaftId(k as u32),
                gremien: vec![],
                jahre: vec![],
            });
        }
        b.add_sessions();
        b.add_auszuege();
        let years = b.add_beratungen();
        b.add_jahre(years);
        b.sort();
        b.t
    }

    /// The item an Auszug is.
    pub fn item_of_auszug(&self, a: AuszugId) -> Option<u32> {
        self.item_of_auszug.get(a.0 as usize).copied()
    }

    /// The items `v` appears as.
    pub fn items_of(&self, v: VorlageId) -> &[u32] {
        let at = &self.items_of_vorlage_at;
        match (at.get(v.0 as usize), at.get(v.0 as usize + 1)) {
            (Some(&from), Some(&to)) => &self.items_of_vorlage[from as usize..to as usize],
            _ => &[],
        }
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
                let gr = &self.gremien[g as usize];
                let mut v: Vec<Node> = gr.sitzungen.iter().map(|&s| Node::Sitzung(s)).collect();
                if !gr.ohne_sitzung.is_empty() {
                    v.push(Node::OhneSitzung(g));
                }
                v
            }
            Node::Sitzung(s) => self.sitzung(s).items.iter().map(|&i| Node::Item(i)).collect(),
            Node::OhneSitzung(g) => {
                self.gremien[g as usize].ohne_sitzung.iter().map(|&i| Node::Item(i)).collect()
            }
            Node::AlleVorlagen(k) => {
                self.koerperschaften[k as usize].jahre.iter().map(|&j| Node::Jahr(j)).collect()
            }
            Node::Jahr(j) => self.jahre[j as usize].vorlagen.iter().map(|&v| Node::Vorlage(v)).collect(),
            Node::Item(_) | Node::Vorlage(_) => vec![],
        }
    }

    pub fn has_children(&self, node: Node) -> bool {
        match node {
            Node::Koerperschaft(_) | Node::AlleVorlagen(_) | Node::OhneSitzung(_) => true,
            Node::Gremium(g) => {
                let gr = &self.gremien[g as usize];
                !gr.sitzungen.is_empty() || !gr.ohne_sitzung.is_empty()
            }
            Node::Sitzung(s) => !self.sitzung(s).items.is_empty(),
            Node::Jahr(j) => !self.jahre[j as usize].vorlagen.is_empty(),
            Node::Item(_) | Node::Vorlage(_) => false,
        }
    }

    pub fn sitzung(&self, s: SitzungId) -> &SitzungNode {
        &self.sitzungen[s.0 as usize]
    }

    /// The chain of nodes from a root down to `node`'s parent.
    pub fn ancestors(&self, a: &Archive, node: Node) -> Vec<Node> {
        let multi = self.koerperschaft_count() > 1;
        let mut chain = Vec::new();
        let gremium_k = |g: u32| self.gremien[g as usize].koerperschaft;
        let k = match node {
            Node::Koerperschaft(_) => return chain,
            Node::Gremium(g) => gremium_k(g),
            Node::Sitzung(s) => {
                let g = self.sitzung(s).gremium;
                chain.push(Node::Gremium(g));
                gremium_k(g)
            }
            Node::OhneSitzung(g) => {
                chain.push(Node::Gremium(g));
                gremium_k(g)
            }
            Node::Item(i) => {
                let it = &self.items[i as usize];
                chain.push(match it.sitzung {
                    Some(s) => Node::Sitzung(s),
                    None => Node::OhneSitzung(it.gremium),
                });
                chain.push(Node::Gremium(it.gremium));
                gremium_k(it.gremium)
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
        if multi {
            chain.push(Node::Koerperschaft(k));
        }
        chain.reverse();
        chain
    }

    /// Agenda items in sessions.
    pub fn items_in_sessions(&self) -> usize {
        self.items.iter().filter(|i| i.sitzung.is_some()).count()
    }

    /// Agenda items in sessions whose Vorlage is loaded.
    pub fn items_linked(&self) -> usize {
        self.items.iter().filter(|i| i.sitzung.is_some() && i.vorlage.is_some()).count()
    }

    /// Beratungen that no loaded session holds.
    pub fn beratungen_ohne_sitzung(&self) -> usize {
        self.items.iter().filter(|i| i.sitzung.is_none() && i.beratung.is_some()).count()
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

/// How an item sorts in its session: in the source's agenda order where it
/// gives one (OParl `order`), else by TOP, then by Vorlage number.
type ItemKey<'a> = (bool, Option<i64>, TopKey<'a>, NummerKey<'a>);

struct Builder<'a> {
    a: &'a Archive,
    t: Tree,
    gremium_ids: HashMap<(KoerperschaftId, &'a str), u32>,
    /// Per Auszug, its Vorlage: placing the Beratungen asks for it at
    /// random, and the records are large.
    auszug_vorlagen: Vec<Option<VorlageId>>,
    /// Sort keys, made while their records are at hand: sorting made them
    /// from records scattered over memory, and waited for most of them.
    /// Per Vorlage, and per item (its Nummer part filled in when sorting).
    vorlage_keys: Vec<NummerKey<'a>>,
    item_keys: Vec<(bool, Option<i64>, TopKey<'a>)>,
}

impl<'a> Builder<'a> {
    fn gremium(&mut self, k: KoerperschaftId, name: &'a str) -> u32 {
        let name = gremium_name(name);
        let t = &mut self.t;
        *self.gremium_ids.entry((k, name)).or_insert_with(|| {
            t.gremien.push(GremiumNode {
                koerperschaft: k.0,
                name: name.to_owned(),
                sitzungen: vec![],
                ohne_sitzung: vec![],
            });
            let g = t.gremien.len() as u32 - 1;
            t.koerperschaften[k.0 as usize].gremien.push(g);
            g
        })
    }

    /// Every session of the archive, under its Gremium.
    fn add_sessions(&mut self) {
        self.t.sitzungen.reserve(self.a.sitzungen.len());
        for (i, s) in self.a.sitzungen.iter().enumerate() {
            let g = self.gremium(s.koerperschaft, &s.gremium);
            self.t.sitzungen.push(SitzungNode { gremium: g, items: vec![] });
            self.t.gremien[g as usize].sitzungen.push(SitzungId(i as u32));
        }
    }

    fn item(&mut self, item: ItemNode, key: (bool, Option<i64>, TopKey<'a>)) -> u32 {
        let id = self.t.items.len() as u32;
        match item.sitzung {
            Some(s) => self.t.sitzungen[s.0 as usize].items.push(id),
            None => self.t.gremien[item.gremium as usize].ohne_sitzung.push(id),
        }
        self.item_keys.push(key);
        self.t.items.push(item);
        id
    }

    /// Each Auszug is an item of its session; the Beratung it is the agenda
    /// item of (see `archive::link`) is found when the Beratungen are placed.
    fn add_auszuege(&mut self) {
        let a = self.a;
        self.t.items.reserve(a.auszuege.len());
        self.auszug_vorlagen.reserve_exact(a.auszuege.len());
        for (ai, au) in a.auszuege.iter().enumerate() {
            let aid = AuszugId(ai as u32);
            let gremium = match au.sitzung {
                Some(s) => self.t.sitzungen[s.0 as usize].gremium,
                None => self.gremium(au.koerperschaft, &au.gremium),
            };
            let vorlage = au.vorlage_ref;
            let key = (au.reihenfolge.is_none(), au.reihenfolge, TopKey::parse(&au.top));
            let item = self.item(
                ItemNode { sitzung: au.sitzung, gremium, vorlage, beratung: None, auszug: Some(aid) },
                key,
            );
            self.t.item_of_auszug.push(item);
            self.auszug_vorlagen.push(vorlage);
        }
    }

    /// Each Beratung that is no Auszug's is an item of its own: in its
    /// session, or under its Gremium without one. Also gives each Auszug's
    /// item its Beratung (the first of its Vorlage's that names it), lists
    /// the items of each Vorlage, and makes the Vorlagen's sort keys; returns
    /// each Vorlage's Körperschaft and year. All in one pass: each further
    /// visit to the records costs about as much as the work done there (the
    /// keys, made on another core, kept that core from the search texts).
    fn add_beratungen(&mut self) -> Vec<(u32, Option<u16>)> {
        let a = self.a;
        // The Auszüge's items by Vorlage, in ascending order (a counting
        // sort); each Vorlage's own items follow them.
        let n = a.vorlagen.len();
        let mut at = vec![0u32; n + 1];
        for v in self.auszug_vorlagen.iter().flatten() {
            at[v.0 as usize + 1] += 1;
        }
        for v in 0..n {
            at[v + 1] += at[v];
        }
        let mut of_auszuege = vec![0u32; at[n] as usize];
        let mut next = at.clone();
        for (&v, &item) in self.auszug_vorlagen.iter().zip(&self.t.item_of_auszug) {
            if let Some(v) = v {
                of_auszuege[next[v.0 as usize] as usize] = item;
                next[v.0 as usize] += 1;
            }
        }
        drop(next);
        // Per Vorlage, where the items of its own Beratungen begin.
        let mut own_from = Vec::with_capacity(n + 1);
        let mut years = Vec::with_capacity(n);
        self.vorlage_keys.reserve_exact(n);
        for (vi, v) in a.vorlagen.iter().enumerate() {
            let vid = VorlageId(vi as u32);
            self.vorlage_keys.push(NummerKey::new(&v.nummer));
            years.push((v.koerperschaft.0, year_of(v)));
            let of_auszug = &of_auszuege[at[vi] as usize..at[vi + 1] as usize];
            let first_own = self.t.items.len() as u32;
            own_from.push(first_own);
            for (bi, b) in v.beratungsfolge.iter().enumerate() {
                // The Auszug's item holds it, where that item is this
                // Vorlage's.
                let held = b.auszug.filter(|au| self.auszug_vorlagen[au.0 as usize] == Some(vid));
                if let Some(au) = held {
                    let item = self.t.item_of_auszug[au.0 as usize];
                    self.t.items[item as usize].beratung.get_or_insert(bi);
                    continue;
                }
                // A Vorlage listed twice for one session is one item.
                let listed = b.sitzung.is_some()
                    && of_auszug
                        .iter()
                        .copied()
                        .chain(first_own..self.t.items.len() as u32)
                        .any(|i| self.t.items[i as usize].sitzung == b.sitzung);
                if listed {
                    continue;
                }
                let gremium = match b.sitzung {
                    Some(s) => self.t.sitzungen[s.0 as usize].gremium,
                    None => self.gremium(v.koerperschaft, &b.gremium),
                };
                let item = ItemNode {
                    sitzung: b.sitzung,
                    gremium,
                    vorlage: Some(vid),
                    beratung: Some(bi),
                    auszug: None,
                };
                self.item(item, (true, None, TopKey::parse("")));
            }
        }
        own_from.push(self.t.items.len() as u32);
        let t = &mut self.t;
        let own = t.items.len() - self.auszug_vorlagen.len();
        t.items_of_vorlage.reserve_exact(of_auszuege.len() + own);
        t.items_of_vorlage_at.reserve_exact(n + 1);
        t.items_of_vorlage_at.push(0);
        for v in 0..n {
            t.items_of_vorlage.extend_from_slice(&of_auszuege[at[v] as usize..at[v + 1] as usize]);
            t.items_of_vorlage.extend(own_from[v]..own_from[v + 1]);
            t.items_of_vorlage_at.push(t.items_of_vorlage.len() as u32);
        }
        years
    }

    /// The years of "Alle Vorlagen", from each Vorlage's Körperschaft and
    /// year.
    fn add_jahre(&mut self, years: Vec<(u32, Option<u16>)>) {
        let mut by_year: HashMap<(u32, Option<u16>), u32> = HashMap::default();
        for (vi, (k, year)) in years.into_iter().enumerate() {
            let vid = VorlageId(vi as u32);
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
        let a = self.a;
        let t = &mut self.t;
        let keys: Vec<String> = t.gremien.iter().map(|g| sort_key(&g.name)).collect();
        for k in &mut t.koerperschaften {
            k.gremien.sort_by(|&x, &y| keys[x as usize].cmp(&keys[y as usize]));
            let jahre = &t.jahre;
            k.jahre.sort_by(|&x, &y| newest_first(jahre[x as usize].year, jahre[y as usize].year));
        }
        // Newest first; of two on one day, the later first.
        let when = |s: SitzungId| {
            let s = a.sitzung(s);
            s.datum.map(|d| (d, s.beginn.as_str()))
        };
        for g in &mut t.gremien {
            g.sitzungen.sort_by(|&x, &y| newest_first(when(x), when(y)));
        }
        let Tree { sitzungen, gremien, jahre, items, .. } = t;
        let (item_keys, vorlage_keys) = (&self.item_keys, &self.vorlage_keys);
        let nummer =
            |i: u32| items[i as usize].vorlage.map_or(NummerKey::new(""), |v| vorlage_keys[v.0 as usize]);
        let key = |i: u32| -> ItemKey {
            let (missing, order, top) = item_keys[i as usize];
            (missing, order, top, nummer(i))
        };
        // Ids break ties: each list holds its ids in ascending order, so
        // this is the stable order. Each item's key is gathered once, next
        // to its id: made in each comparison, it was three lookups at
        // random places.
        let sort_items = |list: &mut Vec<u32>, keyed: &mut Vec<(ItemKey<'a>, u32)>| {
            keyed.clear();
            keyed.extend(list.iter().map(|&i| (key(i), i)));
            keyed.sort_unstable();
            list.clear();
            list.extend(keyed.iter().map(|&(_, i)| i));
        };
        // The largest part of building the tree: on two cores, one taking
        // the first half of the sessions, the other the rest and the years.
        let half = sitzungen.len() / 2;
        let (first, second) = sitzungen.split_at_mut(half);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let mut keyed = Vec::new();
                first.iter_mut().for_each(|s| sort_items(&mut s.items, &mut keyed));
            });
            let mut keyed = Vec::new();
            second.iter_mut().for_each(|s| sort_items(&mut s.items, &mut keyed));
            gremien.iter_mut().for_each(|g| sort_items(&mut g.ohne_sitzung, &mut keyed));
            for j in jahre.iter_mut() {
                j.vorlagen.sort_unstable_by(|&x, &y| {
                    vorlage_keys[x.0 as usize].cmp(&vorlage_keys[y.0 as usize]).then(x.cmp(&y))
                });
            }
        });
    }
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
