//! The generated city: every OParl object as a few numbers (stamps, links
//! by index), texts derived from the seed when a page is rendered. A city of
//! 200,000 objects is built in tens of milliseconds and takes a few MB.
//!
//! Object numbers are 1-based and per kind (`/papers/1` is `papers[0]`);
//! both bodies share the numbering, each object knows its body.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::pdf;
use super::rng::Rng;
use super::time::{self, DAY, HOUR};

/// The OParl object types. `System` and `Body` are objects too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    System,
    Body,
    LegislativeTerm,
    Organization,
    Person,
    Membership,
    Meeting,
    AgendaItem,
    Paper,
    Consultation,
    File,
    Location,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::System,
        Kind::Body,
        Kind::LegislativeTerm,
        Kind::Organization,
        Kind::Person,
        Kind::Membership,
        Kind::Meeting,
        Kind::AgendaItem,
        Kind::Paper,
        Kind::Consultation,
        Kind::File,
        Kind::Location,
    ];

    /// The last part of the `type` URL.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::System => "System",
            Kind::Body => "Body",
            Kind::LegislativeTerm => "LegislativeTerm",
            Kind::Organization => "Organization",
            Kind::Person => "Person",
            Kind::Membership => "Membership",
            Kind::Meeting => "Meeting",
            Kind::AgendaItem => "AgendaItem",
            Kind::Paper => "Paper",
            Kind::Consultation => "Consultation",
            Kind::File => "File",
            Kind::Location => "Location",
        }
    }

    /// The path segment of the kind's list and objects:
    /// `/oparl/v1/bodies/1/papers` and `/oparl/v1/bodies/1/papers/17`.
    pub fn segment(self) -> &'static str {
        match self {
            Kind::System => "system",
            Kind::Body => "bodies",
            Kind::LegislativeTerm => "legislativeterms",
            Kind::Organization => "organizations",
            Kind::Person => "persons",
            Kind::Membership => "memberships",
            Kind::Meeting => "meetings",
            Kind::AgendaItem => "agendaitems",
            Kind::Paper => "papers",
            Kind::Consultation => "consultations",
            Kind::File => "files",
            Kind::Location => "locations",
        }
    }

    pub fn from_segment(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.segment() == s)
    }

    /// The lists a Body links to in OParl 1.0 already; the others are 1.1.
    pub fn is_core_list(self) -> bool {
        matches!(self, Kind::Organization | Kind::Person | Kind::Meeting | Kind::Paper)
    }
}

/// One object: its kind and its 1-based number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId {
    pub kind: Kind,
    pub n: u32,
}

impl ObjectId {
    pub fn new(kind: Kind, n: u32) -> ObjectId {
        ObjectId { kind, n }
    }
    pub fn paper(n: u32) -> ObjectId {
        ObjectId::new(Kind::Paper, n)
    }
    pub fn meeting(n: u32) -> ObjectId {
        ObjectId::new(Kind::Meeting, n)
    }
    pub fn file(n: u32) -> ObjectId {
        ObjectId::new(Kind::File, n)
    }
    pub fn organization(n: u32) -> ObjectId {
        ObjectId::new(Kind::Organization, n)
    }
    pub fn person(n: u32) -> ObjectId {
        ObjectId::new(Kind::Person, n)
    }
    pub fn agenda_item(n: u32) -> ObjectId {
        ObjectId::new(Kind::AgendaItem, n)
    }
    pub fn consultation(n: u32) -> ObjectId {
        ObjectId::new(Kind::Consultation, n)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1_0,
    V1_1,
}

impl Version {
    pub fn schema(self) -> &'static str {
        match self {
            Version::V1_0 => "https://schema.oparl.org/1.0/",
            Version::V1_1 => "https://schema.oparl.org/1.1/",
        }
    }
}

/// The sizes and switches of a city. The same config gives the same city,
/// byte for byte, except that `now: None` takes the real clock.
#[derive(Clone, Debug)]
pub struct CityConfig {
    pub seed: u64,
    /// Papers of the first body (a second body gets a quarter).
    pub papers: usize,
    /// Meetings of the first body (a second body gets a quarter).
    pub meetings: usize,
    pub persons: usize,
    /// Committees (Gremien) of the first body; factions and departments
    /// come on top.
    pub committees: usize,
    pub second_body: bool,
    /// File objects (documents with PDF bytes) on papers, meetings and
    /// agenda items.
    pub files: bool,
    pub version: Version,
    /// The 1.1 lists many servers lack: membership, agendaItem,
    /// consultation, file, locationList, legislativeTermList.
    pub sub_lists: bool,
    /// The server clock at start, Unix seconds; `None`: the real clock.
    /// Meetings reach two months past it.
    pub now: Option<i64>,
    /// Years of history before `now`.
    pub years: u32,
}

impl Default for CityConfig {
    fn default() -> CityConfig {
        CityConfig {
            seed: 1,
            papers: 200,
            meetings: 50,
            persons: 60,
            committees: 12,
            second_body: false,
            files: true,
            version: Version::V1_1,
            sub_lists: true,
            now: None,
            years: 8,
        }
    }
}

/// Stamps and state every object has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    pub created: i64,
    pub modified: i64,
    /// 1-based body number.
    pub body: u32,
    pub deleted: bool,
    /// How often `modify` changed it; shows in its name and file bytes.
    pub rev: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgKind {
    Committee,
    Faction,
    Department,
}

#[derive(Clone, Debug)]
pub struct BodyObj {
    pub meta: Meta,
    pub location: u32,
}

#[derive(Clone, Debug)]
pub struct Term {
    pub meta: Meta,
    pub nr: u16,
    pub start: i64,
    pub end: i64,
}

#[derive(Clone, Debug)]
pub struct Organization {
    pub meta: Meta,
    pub kind: OrgKind,
    /// Index into the kind's name table.
    pub name: u16,
    pub memberships: Vec<u32>,
    pub start: i64,
    pub end: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub meta: Meta,
    pub memberships: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct Membership {
    pub meta: Meta,
    pub person: u32,
    pub org: u32,
    pub on_behalf_of: Option<u32>,
    pub role: u8,
    pub start: i64,
    pub end: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Meeting {
    pub meta: Meta,
    /// May name an organization that is not in the list (see `phantom_org`).
    pub org: u32,
    pub start: i64,
    pub minutes: u16,
    pub location: u32,
    pub cancelled: bool,
    /// The n-th meeting of its organization.
    pub seq: u16,
    pub items: Vec<u32>,
    pub files: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct AgendaItem {
    pub meta: Meta,
    pub meeting: u32,
    pub major: u16,
    pub minor: u8,
    pub order: u32,
    pub public: bool,
    /// Index into `RESULTS`, 0 = no result.
    pub result: u8,
    pub resolution: bool,
    pub consultation: Option<u32>,
    /// Index into `FIXED_ITEMS` for items without a consultation.
    pub title: u16,
    pub files: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct Paper {
    pub meta: Meta,
    pub date: i64,
    pub ptype: u8,
    pub year: u16,
    pub seq: u16,
    /// The paper whose reference this one carries: itself, or another one
    /// (two papers sharing a reference, as in Karlsruhe's 2019/1012).
    pub ref_of: u32,
    pub consultations: Vec<u32>,
    pub files: Vec<u32>,
    pub originator: Option<u32>,
    pub originator_org: Option<u32>,
    pub department: u32,
    pub superordinated: Option<u32>,
    pub subordinated: Option<u32>,
    pub related: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Consultation {
    pub meta: Meta,
    pub paper: u32,
    /// None: planned, not yet on an agenda (`"meeting": null`).
    pub meeting: Option<u32>,
    pub item: Option<u32>,
    pub org: u32,
    pub role: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRole {
    MainFile,
    PaperAuxiliary,
    Invitation,
    ResultsProtocol,
    VerbatimProtocol,
    MeetingAuxiliary,
    ResolutionFile,
    ItemAuxiliary,
}

#[derive(Debug)]
pub struct File {
    pub meta: Meta,
    pub owner: ObjectId,
    pub role: FileRole,
    /// Size and SHA-1 (odd file numbers only) of the bytes, computed on
    /// first use.
    pub facts: OnceLock<(usize, Option<String>)>,
}

#[derive(Clone, Debug)]
pub struct Location {
    pub meta: Meta,
    pub room: u16,
}

/// Objects of one kind, alive and deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindCount {
    pub alive: usize,
    pub deleted: usize,
}

/// What the city holds, per kind: what a client that synced everything
/// must have.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub by_kind: [KindCount; 12],
}

impl Counts {
    pub fn get(&self, kind: Kind) -> KindCount {
        self.by_kind[kind as usize]
    }
    pub fn alive(&self, kind: Kind) -> usize {
        self.get(kind).alive
    }
    pub fn deleted(&self, kind: Kind) -> usize {
        self.get(kind).deleted
    }
    /// Every object, alive or deleted, System and Bodies included.
    pub fn total(&self) -> usize {
        self.by_kind.iter().map(|c| c.alive + c.deleted).sum()
    }
    pub fn total_alive(&self) -> usize {
        self.by_kind.iter().map(|c| c.alive).sum()
    }
    pub fn total_deleted(&self) -> usize {
        self.by_kind.iter().map(|c| c.deleted).sum()
    }
}

/// A paper to add between syncs.
#[derive(Clone, Debug, Default)]
pub struct NewPaper {
    /// 1-based; 0 means the first body.
    pub body: u32,
    pub name: Option<String>,
    /// Put it on this meeting's agenda (a consultation and a new agenda
    /// item; the meeting counts as modified). None: a planned consultation.
    pub meeting: Option<u32>,
}

/// A meeting to add between syncs.
#[derive(Clone, Debug, Default)]
pub struct NewMeeting {
    /// 1-based; 0 means the first body.
    pub body: u32,
    pub name: Option<String>,
    /// Organization number; None: the body's first committee.
    pub organization: Option<u32>,
    /// Start, Unix seconds; None: two weeks after the server clock.
    pub start: Option<i64>,
    /// Agenda items without a paper.
    pub agenda_items: usize,
}

// --- word tables ---------------------------------------------------------

const COMMITTEES: [&str; 16] = [
    "Rat der Stadt",
    "Haupt- und Finanzausschuss",
    "Ausschuss für Planung und Bauen",
    "Ausschuss für Umwelt und Klima",
    "Jugendhilfeausschuss",
    "Sozialausschuss",
    "Kulturausschuss",
    "Schulausschuss",
    "Sportausschuss",
    "Verkehrsausschuss",
    "Ortschaftsrat Durlach",
    "Ortschaftsrat Neureut",
    "Rechnungsprüfungsausschuss",
    "Integrationsrat",
    "Seniorenbeirat",
    "Bezirksvertretung Mitte",
];
const FACTIONS: [&str; 6] = [
    "CDU-Fraktion",
    "SPD-Fraktion",
    "Fraktion Bündnis 90/Die Grünen",
    "FDP-Fraktion",
    "Fraktion Die Linke",
    "Freie Wähler",
];
const DEPARTMENTS: [&str; 8] = [
    "Hauptamt",
    "Stadtkämmerei",
    "Stadtplanungsamt",
    "Tiefbauamt",
    "Umweltamt",
    "Sozial- und Jugendbehörde",
    "Kulturamt",
    "Schul- und Sportamt",
];
const ROOMS: [(&str, &str); 6] = [
    ("Rathaus, Bürgersaal", "Marktplatz 1"),
    ("Rathaus, Großer Sitzungssaal", "Marktplatz 1"),
    ("Rathaus, Kleiner Sitzungssaal", "Marktplatz 1"),
    ("Technisches Rathaus, Raum 104", "Lammstraße 7"),
    ("Ortsverwaltung Durlach, Ratssaal", "Pfinztalstraße 33"),
    ("Stadthalle, Saal Schwarzwald", "Festplatz 9"),
];
pub const PAPER_TYPES: [&str; 5] =
    ["Beschlussvorlage", "Antrag", "Anfrage", "Informationsvorlage", "Änderungsantrag"];
pub const ROLES: [&str; 3] = ["Vorberatung", "Entscheidung", "Kenntnisnahme"];
pub const MEMBER_ROLES: [&str; 4] = ["Mitglied", "stellv. Mitglied", "Vorsitzende", "Fraktionsvorsitzender"];
/// Index 0 is "no result".
pub const RESULTS: [&str; 9] = [
    "",
    "einstimmig beschlossen",
    "mehrheitlich beschlossen",
    "abgelehnt",
    "vertagt",
    "verwiesen in den Rat der Stadt",
    "zur Kenntnis genommen",
    "genehmigt",
    "geändert beschlossen",
];
pub const FIXED_ITEMS: [&str; 7] = [
    "Eröffnung der Sitzung und Feststellung der Beschlussfähigkeit",
    "Genehmigung der Niederschrift der letzten Sitzung",
    "Anträge aus der Mitte des Gremiums",
    "Anfragen",
    "Mitteilungen der Verwaltung",
    "Grundstücksangelegenheiten",
    "Verschiedenes",
];
const TOPICS: [&str; 20] = [
    "Sanierung der Grundschule",
    "Bebauungsplan „Am Mühlbach“",
    "Radweg entlang der Bundesstraße",
    "Haushaltssatzung und Haushaltsplan",
    "Förderprogramm für Vereine",
    "Neubau einer Kindertagesstätte",
    "Parkraumbewirtschaftung",
    "Straßenbeleuchtung auf LED",
    "Umgestaltung des Marktplatzes",
    "Wärmeplanung",
    "Gebührensatzung für die Abfallentsorgung",
    "Jahresabschluss der Stadtwerke",
    "Erweiterung des Gewerbegebiets",
    "Stellplatzsatzung",
    "Hochwasserschutz am Rheinufer",
    "Spielplatzkonzeption",
    "Fortschreibung des Nahverkehrsplans",
    "Sporthallensanierung",
    "Baumschutzsatzung",
    "Digitalisierung der Schulen",
];
const PLACES: [&str; 12] = [
    "Nordstadt",
    "Südweststadt",
    "Durlach",
    "Neureut",
    "Grünwinkel",
    "Mühlburg",
    "Oststadt",
    "Rintheim",
    "Hagsfeld",
    "Weiherfeld",
    "Innenstadt-West",
    "Daxlanden",
];
const GIVEN_F: [&str; 10] =
    ["Anna", "Birgit", "Claudia", "Doris", "Elif", "Franziska", "Gül", "Hannelore", "Ingrid", "Jutta"];
const GIVEN_M: [&str; 10] =
    ["Achim", "Bernd", "Christoph", "David", "Erkan", "Frank", "Günther", "Hans-Peter", "Jörg", "Klaus"];
const FAMILY: [&str; 16] = [
    "Müller",
    "Schäfer",
    "Weiß",
    "Öztürk",
    "Groß",
    "Kluger",
    "Bäcker",
    "Schmitt",
    "Hoffmann",
    "Krüger",
    "Wagner",
    "Becker",
    "Zimmermann",
    "Fuchs",
    "Lehmann",
    "Nguyen",
];
const WORDS: [&str; 28] = [
    "Stadt",
    "Verwaltung",
    "Gemeinderat",
    "beschließt",
    "Haushalt",
    "Maßnahme",
    "Förderung",
    "Sanierung",
    "Grundstück",
    "Bebauungsplan",
    "öffentlichen",
    "Verkehr",
    "Schule",
    "Kosten",
    "Euro",
    "Jahr",
    "Umsetzung",
    "Beteiligung",
    "Bürgerinnen",
    "Bürger",
    "Quartier",
    "wird",
    "die",
    "der",
    "für",
    "Prüfung",
    "Straße",
    "gemäß",
];

// --- the city -----------------------------------------------------------

/// The whole generated city. Fields are public for tests that look inside;
/// change it through the methods, which keep stamps and links consistent.
#[derive(Debug)]
pub struct City {
    pub config: CityConfig,
    now: i64,
    /// Where the history starts (the oldest stamps are a little earlier).
    pub start: i64,
    pub bodies: Vec<BodyObj>,
    pub terms: Vec<Term>,
    pub organizations: Vec<Organization>,
    pub persons: Vec<Person>,
    pub memberships: Vec<Membership>,
    pub meetings: Vec<Meeting>,
    pub agenda_items: Vec<AgendaItem>,
    pub papers: Vec<Paper>,
    pub consultations: Vec<Consultation>,
    pub files: Vec<File>,
    pub locations: Vec<Location>,
    /// Names given by `add_paper`/`add_meeting`.
    names: HashMap<ObjectId, String>,
    /// The URL prefix of the API, e.g. `http://127.0.0.1:8080/oparl/v1`.
    base: String,
}

fn between(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo { lo } else { lo + (rng.next() % (hi - lo + 1) as u64) as i64 }
}

/// Sizes of one body's part of the city.
struct BodyPlan {
    body: u32,
    papers: usize,
    meetings: usize,
    persons: usize,
    committees: usize,
}

impl City {
    pub fn generate(config: &CityConfig) -> City {
        let now = config.now.unwrap_or_else(time::now_unix);
        let start = (now - config.years.max(1) as i64 * 365 * DAY).div_euclid(DAY) * DAY;
        let mut city = City {
            config: config.clone(),
            now,
            start,
            bodies: Vec::new(),
            terms: Vec::new(),
            organizations: Vec::new(),
            persons: Vec::new(),
            memberships: Vec::new(),
            meetings: Vec::new(),
            agenda_items: Vec::new(),
            papers: Vec::new(),
            consultations: Vec::new(),
            files: Vec::new(),
            locations: Vec::new(),
            names: HashMap::new(),
            base: "http://127.0.0.1:0/oparl/v1".to_owned(),
        };
        let mut rng = Rng::new(config.seed);
        let mut plans = vec![BodyPlan {
            body: 1,
            papers: config.papers,
            meetings: config.meetings.max(1),
            persons: config.persons.max(1),
            committees: config.committees.max(1),
        }];
        if config.second_body {
            plans.push(BodyPlan {
                body: 2,
                papers: config.papers / 4,
                meetings: (config.meetings / 4).max(1),
                persons: (config.persons / 3).max(1),
                committees: (config.committees / 2).max(1),
            });
        }
        for plan in &plans {
            city.generate_body(plan, &mut rng);
        }
        city
    }

    fn meta(&self, rng: &mut Rng, body: u32, created: i64, modified_max: i64) -> Meta {
        let created = created.min(self.now);
        let modified = between(rng, created, modified_max.min(self.now));
        Meta { created, modified, body, deleted: false, rev: 0 }
    }

    fn add_file(&mut self, rng: &mut Rng, owner: ObjectId, role: FileRole) -> u32 {
        let om = *self.meta_of(owner).expect("owner exists");
        let created = between(rng, om.created, om.created + HOUR).min(om.modified);
        let meta = self.meta(rng, om.body, created, om.modified);
        self.files.push(File { meta, owner, role, facts: OnceLock::new() });
        self.files.len() as u32
    }

    fn generate_body(&mut self, plan: &BodyPlan, rng: &mut Rng) {
        let (b, now, start) = (plan.body, self.now, self.start);

        // Rooms; the first is the body's own location.
        let first_location = self.locations.len() as u32 + 1;
        for room in 0..ROOMS.len() {
            let age = between(rng, 300, 900) * DAY;
            let meta = self.meta(rng, b, start - age, now);
            self.locations.push(Location { meta, room: room as u16 });
        }
        let body_meta = self.meta(rng, b, start - 1000 * DAY, now);
        self.bodies.push(BodyObj { meta: body_meta, location: first_location });

        // Legislative terms of five years, the last one running now.
        let (y0, _, _) = time::civil_from_days(start.div_euclid(DAY));
        let mut term_start = time::days_from_civil(y0 - 1, 6, 1) * DAY;
        let mut nr = 1;
        while term_start <= now {
            let end = time::days_from_civil(time::civil_from_days(term_start / DAY).0 + 5, 5, 31) * DAY;
            let meta = self.meta(rng, b, term_start - 30 * DAY, term_start);
            self.terms.push(Term { meta, nr, start: term_start, end });
            term_start = end + DAY;
            nr += 1;
        }

        // Organizations: committees, factions, departments.
        let org_base = self.organizations.len() as u32;
        let kinds = [
            (OrgKind::Committee, plan.committees),
            (OrgKind::Faction, FACTIONS.len()),
            (OrgKind::Department, DEPARTMENTS.len()),
        ];
        for (kind, count) in kinds {
            for i in 0..count {
                let age = between(rng, 30, 400) * DAY;
                let meta = self.meta(rng, b, start - age, now);
                // The last committee of a big list was dissolved a year ago.
                let end =
                    (kind == OrgKind::Committee && count >= 6 && i == count - 1).then_some(now - 365 * DAY);
                self.organizations.push(Organization {
                    meta,
                    kind,
                    name: i as u16,
                    memberships: Vec::new(),
                    start: meta.created,
                    end,
                });
            }
        }
        let committee = |i: usize| org_base + 1 + (i % plan.committees) as u32;
        let faction = |i: usize| org_base + 1 + (plan.committees + i % FACTIONS.len()) as u32;
        let department =
            |i: usize| org_base + 1 + (plan.committees + FACTIONS.len() + i % DEPARTMENTS.len()) as u32;

        // Persons with memberships in a faction and one or two committees.
        let person_base = self.persons.len() as u32;
        for i in 0..plan.persons {
            let created = start + between(rng, 0, (now - start) / 2);
            let meta = self.meta(rng, b, created, now);
            let p = self.persons.len() as u32 + 1;
            self.persons.push(Person { meta, memberships: Vec::new() });
            let fac = faction(rng.below(FACTIONS.len()));
            let mut orgs = vec![(fac, if i < FACTIONS.len() { 3 } else { 0 }, None)];
            for _ in 0..rng.range(1, 2) {
                let role = [0, 0, 0, 0, 0, 0, 0, 1, 1, 2][rng.below(10)];
                orgs.push((committee(rng.below(plan.committees)), role, Some(fac)));
            }
            for (org, role, on_behalf_of) in orgs {
                let meta = self.meta(rng, b, created, meta.modified);
                let end = rng.chance(15).then(|| between(rng, created + 30 * DAY, now));
                self.memberships.push(Membership {
                    meta,
                    person: p,
                    org,
                    on_behalf_of,
                    role,
                    start: created,
                    end,
                });
                let m = self.memberships.len() as u32;
                self.persons[p as usize - 1].memberships.push(m);
                if let Some(o) = self.organizations.get_mut(org as usize - 1) {
                    o.memberships.push(m);
                }
            }
        }

        // Meetings, in order of time, from the start of the history to two
        // months after now.
        let meeting_base = self.meetings.len();
        let span = now + 60 * DAY - start;
        let mut seqs = vec![0u16; plan.committees];
        // Far beyond any real organization number.
        let phantom = 900_000 + b;
        for i in 0..plan.meetings {
            let twin = i % 41 == 40 && i > 0;
            let (org, t, location) = if twin {
                // A second meeting of the same organization on the same
                // evening, 90 minutes later (Karlsruhe's Ortschaftsrat).
                let prev = &self.meetings[self.meetings.len() - 1];
                (prev.org, prev.start + 90 * 60, prev.location)
            } else {
                let mut day = (start + span * i as i64 / plan.meetings as i64).div_euclid(DAY);
                while matches!((day + 4).rem_euclid(7), 0 | 6) {
                    day += 1;
                }
                let local = day * DAY + rng.range(16, 19) as i64 * HOUR;
                let t = local - time::berlin_offset(local);
                let c = rng.below(plan.committees);
                let org = if i % 53 == 52 { phantom } else { committee(c) };
                (org, t, first_location + rng.below(ROOMS.len()) as u32)
            };
            let seq = match (org as usize).checked_sub(org_base as usize + 1) {
                Some(c) if c < plan.committees => {
                    seqs[c] += 1;
                    seqs[c]
                }
                _ => 1,
            };
            let lead = between(rng, 14, 42) * DAY;
            let mut created = t - lead;
            if created > now {
                created = now - between(rng, HOUR, 5 * DAY);
            }
            let modified_max = if t < now { (t + between(rng, DAY, 30 * DAY)).min(now) } else { now };
            let meta = self.meta(rng, b, created, modified_max);
            self.meetings.push(Meeting {
                meta,
                org,
                start: t,
                minutes: rng.range(90, 240) as u16,
                location,
                cancelled: i % 47 == 13,
                seq,
                items: Vec::new(),
                files: Vec::new(),
            });
        }
        let body_meetings = meeting_base..self.meetings.len();
        let mut pending: Vec<Vec<u32>> = vec![Vec::new(); body_meetings.len()];

        // Papers, each with its consultations.
        let paper_base = self.papers.len();
        let mut year_seq: HashMap<i64, u16> = HashMap::new();
        for i in 0..plan.papers {
            let n = self.papers.len() as u32 + 1;
            let date = start
                + (now - DAY - start) * i as i64 / plan.papers.max(1) as i64
                + between(rng, 8 * HOUR, 16 * HOUR);
            let date = date.min(now);
            let (year, _, _) = time::civil_from_days((date + time::berlin_offset(date)).div_euclid(DAY));
            let seq = year_seq.entry(year).or_insert(0);
            *seq += 1;
            let mut ptype = [0, 0, 0, 0, 1, 1, 2, 2, 3, 4][rng.below(10)] as u8;
            let mut superordinated = None;
            if ptype == 4 {
                match self.papers.last_mut() {
                    Some(prev) if i > 0 && prev.subordinated.is_none() => {
                        prev.subordinated = Some(n);
                        superordinated = Some(n - 1);
                    }
                    _ => ptype = 1,
                }
            }
            let by_council = matches!(ptype, 1 | 2 | 4);
            let originator = by_council.then(|| person_base + 1 + rng.below(plan.persons) as u32);
            let originator_org = by_council.then(|| faction(rng.below(FACTIONS.len())));
            let related = (i % 29 == 7 && i >= 5).then(|| n - 5);
            let ref_of = if i % 97 == 50 && i >= 37 { n - 37 } else { n };
            let created = date;

            // Consultations: into meetings after the paper's date.
            let count = match ptype {
                2 | 3 => 1,
                _ if rng.chance(8) => 0,
                _ => [1, 1, 2, 2, 2, 3][rng.below(6)],
            };
            let first = body_meetings.start
                + self.meetings[body_meetings.clone()].partition_point(|m| m.start < date + 3 * DAY);
            let mut at = first;
            let mut planned = Vec::new();
            for k in 0..count {
                let role = match (ptype, k + 1 == count) {
                    (2 | 3, _) => 2,
                    (_, true) => 1,
                    _ => 0,
                };
                let meeting = if at < body_meetings.end && !rng.chance(4) { Some(at) } else { None };
                planned.push((meeting, role));
                at += rng.range(1, 6);
            }
            let latest_past = planned
                .iter()
                .filter_map(|(m, _)| *m)
                .map(|m| self.meetings[m].start)
                .filter(|&s| s < now)
                .max();
            let modified_max = match latest_past {
                Some(s) => (s + between(rng, DAY, 5 * DAY)).min(now),
                None => (created + between(rng, 0, 7 * DAY)).min(now),
            };
            let meta = self.meta(rng, b, created, modified_max);
            let mut consultations = Vec::new();
            for (meeting, role) in planned {
                let later = between(rng, 0, 2 * HOUR);
                let cmeta = self.meta(rng, b, created + later, meta.modified);
                let cmeta = Meta { created: cmeta.created.min(meta.modified), ..cmeta };
                let org = match meeting {
                    Some(m) => self.meetings[m].org,
                    None => committee(rng.below(plan.committees)),
                };
                self.consultations.push(Consultation {
                    meta: cmeta,
                    paper: n,
                    meeting: meeting.map(|m| m as u32 + 1),
                    item: None,
                    org,
                    role,
                });
                let c = self.consultations.len() as u32;
                consultations.push(c);
                if let Some(m) = meeting {
                    pending[m - body_meetings.start].push(c);
                }
            }
            self.papers.push(Paper {
                meta,
                date,
                ptype,
                year: year as u16,
                seq: *seq,
                ref_of,
                consultations,
                files: Vec::new(),
                originator,
                originator_org,
                department: department(rng.below(DEPARTMENTS.len())),
                superordinated,
                subordinated: None,
                related,
            });
            if self.config.files {
                let owner = ObjectId::paper(n);
                let f = self.add_file(rng, owner, FileRole::MainFile);
                self.papers[n as usize - 1].files.push(f);
                for _ in 0..[0, 0, 1, 1, 2][rng.below(5)] {
                    let f = self.add_file(rng, owner, FileRole::PaperAuxiliary);
                    self.papers[n as usize - 1].files.push(f);
                }
            }
        }
        let _ = paper_base;

        // Agenda items, meeting by meeting, and the meetings' files.
        let order_base = if b == 1 { 1 } else { 100_001 };
        for (k, m) in body_meetings.clone().enumerate() {
            let mn = m as u32 + 1;
            let past = self.meetings[m].start < now && !self.meetings[m].cancelled;
            let mmeta = self.meetings[m].meta;
            // (title, consultation, numbering, result); numbering 0: next
            // number, 1: sub-number of the one before ("4.1"), 2: the same
            // number again.
            let mut entries: Vec<(u16, Option<u32>, u8, u8)> = vec![(0, None, 0, 0), (1, None, 0, 7)];
            for (j, &c) in pending[k].iter().enumerate() {
                // Every third paper item is a sub-item of the one before.
                entries.push((u16::MAX, Some(c), u8::from(j % 3 == 2), rng.range(1, 8) as u8));
            }
            if k % 17 == 5 {
                // Several items with the same number and title, each with
                // its own result (Karlsruhe's meeting 3843, TOP 5).
                entries.push((2, None, 0, 1));
                entries.push((2, None, 2, 3));
                entries.push((2, None, 2, 4));
            }
            entries.push((3, None, 0, 6));
            entries.push((4, None, 0, 6));
            if k % 3 == 0 {
                entries.push((5, None, 0, 1));
            }
            let (mut major, mut minor) = (0u16, 0u8);
            for (j, (title, consultation, numbering, result)) in entries.into_iter().enumerate() {
                match numbering {
                    1 if major > 0 => minor += 1,
                    2 if major > 0 => {}
                    _ => {
                        major += 1;
                        minor = 0;
                    }
                }
                let result = if past { result } else { 0 };
                let created = between(rng, mmeta.created, mmeta.created + 2 * DAY).min(mmeta.modified);
                let meta = self.meta(rng, b, created, mmeta.modified);
                self.agenda_items.push(AgendaItem {
                    meta,
                    meeting: mn,
                    major,
                    minor,
                    order: order_base + j as u32,
                    public: title != 5,
                    result,
                    resolution: matches!(result, 1 | 2 | 8) && consultation.is_some(),
                    consultation,
                    title: if consultation.is_some() { u16::MAX } else { title },
                    files: Vec::new(),
                });
                let a = self.agenda_items.len() as u32;
                self.meetings[m].items.push(a);
                if let Some(c) = consultation {
                    self.consultations[c as usize - 1].item = Some(a);
                }
                if self.config.files {
                    let owner = ObjectId::agenda_item(a);
                    let mut files = Vec::new();
                    if result != 0 && rng.chance(30) {
                        files.push(self.add_file(rng, owner, FileRole::ResolutionFile));
                    }
                    if rng.chance(10) {
                        files.push(self.add_file(rng, owner, FileRole::ItemAuxiliary));
                    }
                    self.agenda_items[a as usize - 1].files = files;
                }
            }
            if self.config.files {
                let owner = ObjectId::meeting(mn);
                let mut files = vec![self.add_file(rng, owner, FileRole::Invitation)];
                if past {
                    files.push(self.add_file(rng, owner, FileRole::ResultsProtocol));
                    if rng.chance(20) {
                        files.push(self.add_file(rng, owner, FileRole::VerbatimProtocol));
                    }
                }
                if rng.chance(30) {
                    files.push(self.add_file(rng, owner, FileRole::MeetingAuxiliary));
                }
                self.meetings[m].files = files;
            }
        }
    }

    // --- clock ----------------------------------------------------------

    /// The server clock, Unix seconds. It stands still unless moved: tests
    /// decide what time it is.
    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn advance(&mut self, secs: i64) {
        self.now += secs;
    }

    pub fn set_now(&mut self, t: i64) {
        self.now = t;
    }

    // --- URLs -----------------------------------------------------------

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The API prefix, set by the server when it knows its port.
    pub fn set_base(&mut self, base: &str) {
        self.base = base.trim_end_matches('/').to_owned();
    }

    /// The 1-based body an object belongs to (1 for the System).
    pub fn body_of(&self, id: ObjectId) -> u32 {
        match id.kind {
            Kind::System => 1,
            Kind::Body => id.n,
            _ => self.meta_of(id).map_or(1, |m| m.body),
        }
    }

    /// The object's `id` URL.
    pub fn url(&self, id: ObjectId) -> String {
        url_of(&self.base, id, self.body_of(id))
    }

    /// The URL of a body's list of `kind`.
    pub fn list_url(&self, body: u32, kind: Kind) -> String {
        format!("{}/bodies/{body}/{}", self.base, kind.segment())
    }

    /// The object a URL of this server names (any host).
    pub fn id_of_url(&self, url: &str) -> Option<ObjectId> {
        let path = url.split_once("/oparl/v1").map(|(_, p)| p)?;
        let path = path.split('?').next()?;
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            ["system"] | [""] => Some(ObjectId::new(Kind::System, 1)),
            ["bodies", b] => Some(ObjectId::new(Kind::Body, b.parse().ok()?)),
            ["bodies", _, seg, n] => Some(ObjectId::new(Kind::from_segment(seg)?, n.parse().ok()?)),
            _ => None,
        }
    }

    // --- objects --------------------------------------------------------

    pub fn count_of(&self, kind: Kind) -> usize {
        match kind {
            Kind::System => 1,
            Kind::Body => self.bodies.len(),
            Kind::LegislativeTerm => self.terms.len(),
            Kind::Organization => self.organizations.len(),
            Kind::Person => self.persons.len(),
            Kind::Membership => self.memberships.len(),
            Kind::Meeting => self.meetings.len(),
            Kind::AgendaItem => self.agenda_items.len(),
            Kind::Paper => self.papers.len(),
            Kind::Consultation => self.consultations.len(),
            Kind::File => self.files.len(),
            Kind::Location => self.locations.len(),
        }
    }

    /// Stamps and state of an object; None if there is no such object (the
    /// System has none).
    pub fn meta_of(&self, id: ObjectId) -> Option<&Meta> {
        let i = (id.n as usize).checked_sub(1)?;
        Some(match id.kind {
            Kind::System => return None,
            Kind::Body => &self.bodies.get(i)?.meta,
            Kind::LegislativeTerm => &self.terms.get(i)?.meta,
            Kind::Organization => &self.organizations.get(i)?.meta,
            Kind::Person => &self.persons.get(i)?.meta,
            Kind::Membership => &self.memberships.get(i)?.meta,
            Kind::Meeting => &self.meetings.get(i)?.meta,
            Kind::AgendaItem => &self.agenda_items.get(i)?.meta,
            Kind::Paper => &self.papers.get(i)?.meta,
            Kind::Consultation => &self.consultations.get(i)?.meta,
            Kind::File => &self.files.get(i)?.meta,
            Kind::Location => &self.locations.get(i)?.meta,
        })
    }

    fn meta_mut(&mut self, id: ObjectId) -> Option<&mut Meta> {
        let i = (id.n as usize).checked_sub(1)?;
        Some(match id.kind {
            Kind::System => return None,
            Kind::Body => &mut self.bodies.get_mut(i)?.meta,
            Kind::LegislativeTerm => &mut self.terms.get_mut(i)?.meta,
            Kind::Organization => &mut self.organizations.get_mut(i)?.meta,
            Kind::Person => &mut self.persons.get_mut(i)?.meta,
            Kind::Membership => &mut self.memberships.get_mut(i)?.meta,
            Kind::Meeting => &mut self.meetings.get_mut(i)?.meta,
            Kind::AgendaItem => &mut self.agenda_items.get_mut(i)?.meta,
            Kind::Paper => &mut self.papers.get_mut(i)?.meta,
            Kind::Consultation => &mut self.consultations.get_mut(i)?.meta,
            Kind::File => &mut self.files.get_mut(i)?.meta,
            Kind::Location => &mut self.locations.get_mut(i)?.meta,
        })
    }

    pub fn exists(&self, id: ObjectId) -> bool {
        id.kind == Kind::System && id.n == 1 || self.meta_of(id).is_some()
    }

    pub fn is_deleted(&self, id: ObjectId) -> bool {
        self.meta_of(id).is_some_and(|m| m.deleted)
    }

    /// Every object of a kind, deleted ones included, in list order.
    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = ObjectId> + use<> {
        (1..=self.count_of(kind) as u32).map(move |n| ObjectId::new(kind, n))
    }

    /// Objects of a kind that are not deleted.
    pub fn alive(&self, kind: Kind) -> Vec<ObjectId> {
        self.ids(kind).filter(|&id| !self.is_deleted(id)).collect()
    }

    /// Objects of a kind whose `modified` is at or after `t`: what a list
    /// filtered with `modified_since=t` holds (tombstones included).
    pub fn modified_since(&self, kind: Kind, t: i64) -> Vec<ObjectId> {
        self.ids(kind).filter(|&id| self.meta_of(id).is_some_and(|m| m.modified >= t)).collect()
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for kind in Kind::ALL {
            let mut kc = KindCount::default();
            if kind == Kind::System {
                kc.alive = 1;
            } else {
                for id in self.ids(kind) {
                    if self.is_deleted(id) { kc.deleted += 1 } else { kc.alive += 1 }
                }
            }
            c.by_kind[kind as usize] = kc;
        }
        c
    }

    /// The objects that embed this one, innermost first: an agenda item's
    /// meeting, a consultation's paper, a membership's person, a file's
    /// owner (and the meeting of an agenda item that owns it).
    pub fn containers(&self, id: ObjectId) -> Vec<ObjectId> {
        let i = id.n as usize - 1;
        let parent = match id.kind {
            Kind::AgendaItem => Some(ObjectId::meeting(self.agenda_items[i].meeting)),
            Kind::Consultation => Some(ObjectId::paper(self.consultations[i].paper)),
            Kind::Membership => Some(ObjectId::person(self.memberships[i].person)),
            Kind::File => Some(self.files[i].owner),
            Kind::LegislativeTerm => Some(ObjectId::new(Kind::Body, self.terms[i].meta.body)),
            _ => None,
        };
        let mut out = Vec::new();
        if let Some(p) = parent {
            out.push(p);
            out.extend(self.containers(p));
        }
        out
    }

    /// The objects embedded in this one, which go when it goes.
    fn children(&self, id: ObjectId) -> Vec<ObjectId> {
        let i = id.n as usize - 1;
        let (kids, files): (Vec<ObjectId>, &[u32]) = match id.kind {
            Kind::Meeting => (
                self.meetings[i].items.iter().map(|&a| ObjectId::agenda_item(a)).collect(),
                &self.meetings[i].files,
            ),
            Kind::AgendaItem => (Vec::new(), &self.agenda_items[i].files),
            Kind::Paper => (
                self.papers[i].consultations.iter().map(|&c| ObjectId::consultation(c)).collect(),
                &self.papers[i].files,
            ),
            Kind::Person => (
                self.persons[i].memberships.iter().map(|&m| ObjectId::new(Kind::Membership, m)).collect(),
                &[],
            ),
            _ => (Vec::new(), &[]),
        };
        let mut out: Vec<ObjectId> = files.iter().map(|&f| ObjectId::file(f)).collect();
        for k in kids {
            out.push(k);
            out.extend(self.children(k));
        }
        out
    }

    // --- changes between syncs ------------------------------------------

    fn touch(&mut self, id: ObjectId) {
        let now = self.now;
        if let Some(m) = self.meta_mut(id) {
            m.modified = now;
        }
        if id.kind == Kind::File {
            self.files[id.n as usize - 1].facts = OnceLock::new();
        }
    }

    /// Changes an object: `modified` becomes the server clock, its revision
    /// goes up (it shows in the name and a file's bytes), and the objects
    /// embedding it count as modified too, so that their lists carry the
    /// change. A Location is the exception: the many meetings showing it
    /// keep their stamps, as on real servers, so only the location list
    /// tells. False if there is no such object or it is deleted.
    pub fn modify(&mut self, id: ObjectId) -> bool {
        match self.meta_of(id) {
            Some(m) if !m.deleted && id.kind != Kind::System => {}
            _ => return false,
        }
        self.touch(id);
        if let Some(m) = self.meta_mut(id) {
            m.rev += 1;
        }
        for c in self.containers(id) {
            self.touch(c);
        }
        true
    }

    /// Deletes an object as OParl 1.1 says: it stays, as a tombstone with
    /// `deleted: true` and `modified` at the server clock. What it embeds
    /// goes with it; what embeds it counts as modified (its embedded copy
    /// is gone). References from elsewhere are left dangling, as on real
    /// servers. False if there is no such object, it is the System or a
    /// Body, or it is deleted already.
    pub fn delete(&mut self, id: ObjectId) -> bool {
        match self.meta_of(id) {
            Some(m) if !m.deleted && !matches!(id.kind, Kind::System | Kind::Body) => {}
            _ => return false,
        }
        let mut gone = vec![id];
        gone.extend(self.children(id));
        for g in gone {
            self.touch(g);
            if let Some(m) = self.meta_mut(g) {
                m.deleted = true;
            }
        }
        for c in self.containers(id) {
            self.touch(c);
        }
        true
    }

    fn body_number(&self, body: u32) -> u32 {
        if body == 0 { 1 } else { body.min(self.bodies.len() as u32) }
    }

    fn first_committee(&self, body: u32) -> u32 {
        self.organizations
            .iter()
            .position(|o| o.meta.body == body && o.kind == OrgKind::Committee)
            .map_or(1, |i| i as u32 + 1)
    }

    fn fresh(&self, body: u32) -> Meta {
        Meta { created: self.now, modified: self.now, body, deleted: false, rev: 0 }
    }

    fn push_file(&mut self, owner: ObjectId, role: FileRole) -> u32 {
        let meta = self.fresh(self.body_of(owner));
        self.files.push(File { meta, owner, role, facts: OnceLock::new() });
        self.files.len() as u32
    }

    fn push_item(&mut self, meeting: u32, title: u16, consultation: Option<u32>) -> u32 {
        let m = &self.meetings[meeting as usize - 1];
        let last = m.items.last().map(|&a| &self.agenda_items[a as usize - 1]);
        let (major, order) = last.map_or((1, 1), |a| (a.major + 1, a.order + 1));
        let meta = self.fresh(m.meta.body);
        self.agenda_items.push(AgendaItem {
            meta,
            meeting,
            major,
            minor: 0,
            order,
            public: true,
            result: 0,
            resolution: false,
            consultation,
            title,
            files: Vec::new(),
        });
        let a = self.agenda_items.len() as u32;
        self.meetings[meeting as usize - 1].items.push(a);
        a
    }

    /// Adds a paper dated at the server clock, with a main file (when the
    /// city has files) and one consultation.
    pub fn add_paper(&mut self, new: NewPaper) -> ObjectId {
        let body = self.body_number(new.body);
        let n = self.papers.len() as u32 + 1;
        let (year, _, _) = time::civil_from_days((self.now + time::berlin_offset(self.now)).div_euclid(DAY));
        let seq =
            self.papers.iter().filter(|p| p.meta.body == body && p.year as i64 == year).map(|p| p.seq).max();
        let department = self
            .organizations
            .iter()
            .position(|o| o.meta.body == body && o.kind == OrgKind::Department)
            .map_or(1, |i| i as u32 + 1);
        self.papers.push(Paper {
            meta: self.fresh(body),
            date: self.now,
            ptype: 0,
            year: year as u16,
            seq: seq.unwrap_or(0) + 1,
            ref_of: n,
            consultations: Vec::new(),
            files: Vec::new(),
            originator: None,
            originator_org: None,
            department,
            superordinated: None,
            subordinated: None,
            related: None,
        });
        if let Some(name) = new.name {
            self.names.insert(ObjectId::paper(n), name);
        }
        let meeting = new.meeting.filter(|&m| self.meeting_ok(m));
        let org = meeting.map_or_else(|| self.first_committee(body), |m| self.meetings[m as usize - 1].org);
        self.consultations.push(Consultation {
            meta: self.fresh(body),
            paper: n,
            meeting,
            item: None,
            org,
            role: 1,
        });
        let c = self.consultations.len() as u32;
        self.papers[n as usize - 1].consultations.push(c);
        if let Some(m) = meeting {
            let a = self.push_item(m, u16::MAX, Some(c));
            self.consultations[c as usize - 1].item = Some(a);
            self.touch(ObjectId::meeting(m));
        }
        if self.config.files {
            let f = self.push_file(ObjectId::paper(n), FileRole::MainFile);
            self.papers[n as usize - 1].files.push(f);
        }
        ObjectId::paper(n)
    }

    fn meeting_ok(&self, m: u32) -> bool {
        self.meetings.get((m as usize).wrapping_sub(1)).is_some_and(|x| !x.meta.deleted)
    }

    /// Adds a meeting created at the server clock, with an invitation (when
    /// the city has files) and `agenda_items` items without papers.
    pub fn add_meeting(&mut self, new: NewMeeting) -> ObjectId {
        let body = self.body_number(new.body);
        let org = new.organization.unwrap_or_else(|| self.first_committee(body));
        let seq = self.meetings.iter().filter(|m| m.org == org).count() as u16 + 1;
        let location = self.bodies[body as usize - 1].location;
        self.meetings.push(Meeting {
            meta: self.fresh(body),
            org,
            start: new.start.unwrap_or(self.now + 14 * DAY),
            minutes: 120,
            location,
            cancelled: false,
            seq,
            items: Vec::new(),
            files: Vec::new(),
        });
        let m = self.meetings.len() as u32;
        if let Some(name) = new.name {
            self.names.insert(ObjectId::meeting(m), name);
        }
        for i in 0..new.agenda_items {
            self.push_item(m, [0, 1, 3, 4, 6][i % 5], None);
        }
        if self.config.files {
            let f = self.push_file(ObjectId::meeting(m), FileRole::Invitation);
            self.meetings[m as usize - 1].files.push(f);
        }
        ObjectId::meeting(m)
    }

    // --- texts ----------------------------------------------------------

    /// A generator for the texts of one object: the same object always gets
    /// the same words.
    pub fn rng_for(&self, id: ObjectId, salt: u64) -> Rng {
        Rng::new(
            self.config.seed.wrapping_mul(0x0100_0000_01B3)
                ^ ((id.kind as u64) << 56)
                ^ (salt << 40)
                ^ id.n as u64,
        )
    }

    fn revised(&self, id: ObjectId, mut s: String) -> String {
        let rev = self.meta_of(id).map_or(0, |m| m.rev);
        if rev > 0 {
            s.push_str(&format!(" (Fassung {})", rev + 1));
        }
        s
    }

    pub fn body_name(&self, b: u32) -> String {
        let s =
            if b <= 1 { "Stadt Beispielstadt".to_owned() } else { format!("Landkreis Beispielkreis {b}") };
        self.revised(ObjectId::new(Kind::Body, b), s)
    }

    /// Whether an organization number names one in the list.
    pub fn org_exists(&self, n: u32) -> bool {
        (n as usize).wrapping_sub(1) < self.organizations.len()
    }

    pub fn org_name(&self, n: u32) -> String {
        let Some(o) = self.organizations.get((n as usize).wrapping_sub(1)) else {
            return "Beirat für Menschen mit Behinderungen".to_owned();
        };
        let i = o.name as usize;
        let s = match o.kind {
            OrgKind::Committee if i < COMMITTEES.len() => COMMITTEES[i].to_owned(),
            OrgKind::Committee => {
                format!("{} {}", COMMITTEES[i % COMMITTEES.len()], i / COMMITTEES.len() + 1)
            }
            OrgKind::Faction => FACTIONS[i % FACTIONS.len()].to_owned(),
            OrgKind::Department => DEPARTMENTS[i % DEPARTMENTS.len()].to_owned(),
        };
        self.revised(ObjectId::organization(n), s)
    }

    /// (form of address, given name, family name, academic title).
    pub fn person_parts(&self, n: u32) -> (&'static str, &'static str, &'static str, Option<&'static str>) {
        let mut r = self.rng_for(ObjectId::person(n), 1);
        let female = r.chance(50);
        let given = if female { GIVEN_F[r.below(GIVEN_F.len())] } else { GIVEN_M[r.below(GIVEN_M.len())] };
        let family = FAMILY[r.below(FAMILY.len())];
        let title = r.chance(10).then_some("Dr.");
        (if female { "Frau" } else { "Herr" }, given, family, title)
    }

    pub fn person_name(&self, n: u32) -> String {
        let (_, given, family, title) = self.person_parts(n);
        let s = match title {
            Some(t) => format!("{t} {given} {family}"),
            None => format!("{given} {family}"),
        };
        self.revised(ObjectId::person(n), s)
    }

    pub fn meeting_name(&self, n: u32) -> String {
        let id = ObjectId::meeting(n);
        let m = &self.meetings[n as usize - 1];
        let s = match self.names.get(&id) {
            Some(s) => s.clone(),
            None => format!("{} – {}. Sitzung", self.org_name(m.org), m.seq),
        };
        self.revised(id, s)
    }

    fn paper_title(&self, n: u32) -> String {
        let mut r = self.rng_for(ObjectId::paper(n), 2);
        format!("{} {}", TOPICS[r.below(TOPICS.len())], PLACES[r.below(PLACES.len())])
    }

    pub fn paper_name(&self, n: u32) -> String {
        let id = ObjectId::paper(n);
        let p = &self.papers[n as usize - 1];
        let s = if let Some(s) = self.names.get(&id) {
            s.clone()
        } else {
            let title = self.paper_title(n);
            match (p.ptype, p.originator_org, p.superordinated) {
                (4, _, Some(sup)) => format!("Änderungsantrag zu {}: {title}", self.reference(sup)),
                (1, Some(org), _) => format!("Antrag der {}: {title}", self.org_name(org)),
                (2, _, _) => format!("Anfrage: {title}"),
                (3, _, _) => format!("Information: {title}"),
                _ => title,
            }
        };
        self.revised(id, s)
    }

    /// `2024/0042`; papers that share a reference share this.
    pub fn reference(&self, n: u32) -> String {
        let p = &self.papers[self.papers[n as usize - 1].ref_of as usize - 1];
        format!("{}/{:04}", p.year, p.seq)
    }

    pub fn agenda_item_name(&self, n: u32) -> String {
        let id = ObjectId::agenda_item(n);
        let a = &self.agenda_items[n as usize - 1];
        let s = match a.consultation {
            Some(c) => self.paper_name(self.consultations[c as usize - 1].paper),
            None => FIXED_ITEMS[a.title as usize % FIXED_ITEMS.len()].to_owned(),
        };
        self.revised(id, s)
    }

    /// `5` or `5.1`.
    pub fn agenda_item_number(&self, n: u32) -> String {
        let a = &self.agenda_items[n as usize - 1];
        if a.minor == 0 { a.major.to_string() } else { format!("{}.{}", a.major, a.minor) }
    }

    pub fn location_parts(&self, n: u32) -> (&'static str, &'static str) {
        ROOMS[self.locations[n as usize - 1].room as usize % ROOMS.len()]
    }

    pub fn term_name(&self, n: u32) -> String {
        let t = &self.terms[n as usize - 1];
        let (y1, _, _) = time::civil_from_days(t.start / DAY);
        let (y2, _, _) = time::civil_from_days(t.end / DAY);
        format!("{}. Wahlperiode {y1}–{y2}", t.nr)
    }

    pub fn file_name(&self, n: u32) -> String {
        let f = &self.files[n as usize - 1];
        let o = f.owner.n;
        let s = match f.role {
            FileRole::MainFile => format!("Vorlage {}", self.reference(o)),
            FileRole::PaperAuxiliary => format!("Anlage zu {}", self.reference(o)),
            FileRole::Invitation => "Einladung und Tagesordnung".to_owned(),
            FileRole::ResultsProtocol => "Niederschrift (öffentlich)".to_owned(),
            FileRole::VerbatimProtocol => "Wortprotokoll".to_owned(),
            FileRole::MeetingAuxiliary => "Sitzungsunterlage".to_owned(),
            FileRole::ResolutionFile => format!("Beschluss zu TOP {}", self.agenda_item_number(o)),
            FileRole::ItemAuxiliary => format!("Anlage zu TOP {}", self.agenda_item_number(o)),
        };
        self.revised(ObjectId::file(n), s)
    }

    /// The `fileName` a well-behaved server gives.
    pub fn file_file_name(&self, n: u32) -> String {
        let f = &self.files[n as usize - 1];
        let stem = match f.role {
            FileRole::MainFile | FileRole::PaperAuxiliary => {
                format!(
                    "{}-{}",
                    if f.role == FileRole::MainFile { "vorlage" } else { "anlage" },
                    self.reference(f.owner.n).replace('/', "-")
                )
            }
            FileRole::Invitation => "einladung".to_owned(),
            FileRole::ResultsProtocol => "niederschrift".to_owned(),
            FileRole::VerbatimProtocol => "wortprotokoll".to_owned(),
            FileRole::MeetingAuxiliary => "unterlage".to_owned(),
            FileRole::ResolutionFile => "beschluss".to_owned(),
            FileRole::ItemAuxiliary => "anlage-top".to_owned(),
        };
        format!("{stem}-{n}.pdf")
    }

    /// The phrase that stands in the file's PDF and nowhere in the JSON: a
    /// test that finds it in the client's archive knows the bytes were
    /// fetched and their text extracted. It changes with the revision.
    pub fn file_phrase(&self, id: ObjectId) -> String {
        let rev = self.meta_of(id).map_or(0, |m| m.rev);
        let code = self.rng_for(id, 3 + rev as u64).below(10_000);
        format!("Aktenzeichen PDF-{:06}-{code:04}", id.n)
    }

    /// The extracted text a server may give in the File's `text`: the
    /// paragraphs of the document, without its header and phrase.
    pub fn file_body_text(&self, id: ObjectId) -> String {
        let f = &self.files[id.n as usize - 1];
        let mut r = self.rng_for(id, 4 + f.meta.rev as u64);
        let paragraphs = if f.role == FileRole::MainFile { r.range(3, 6) } else { r.range(1, 3) };
        let mut s = String::new();
        for p in 0..paragraphs {
            if p > 0 {
                s.push('\n');
            }
            for w in 0..r.range(30, 90) {
                if w > 0 {
                    s.push(' ');
                }
                s.push_str(WORDS[r.below(WORDS.len())]);
            }
            s.push('.');
        }
        s
    }

    /// The whole text of a file's PDF, line by line as the pages show it.
    pub fn file_text(&self, id: ObjectId) -> String {
        let f = &self.files[id.n as usize - 1];
        let about = match f.owner.kind {
            Kind::Paper => format!("Vorlage {}: {}", self.reference(f.owner.n), self.paper_name(f.owner.n)),
            Kind::Meeting => format!(
                "Sitzung: {} am {}",
                self.meeting_name(f.owner.n),
                time::date(self.meetings[f.owner.n as usize - 1].start)
            ),
            _ => format!("TOP {}: {}", self.agenda_item_number(f.owner.n), self.agenda_item_name(f.owner.n)),
        };
        format!(
            "{} – Ratsinformationssystem\n{}\n{about}\nDokument {}, Fassung {}, Stand {}\n{}\n\n{}",
            self.body_name(f.meta.body),
            self.file_name(id.n),
            id.n,
            f.meta.rev + 1,
            time::date(f.meta.modified),
            self.file_phrase(id),
            self.file_body_text(id)
        )
    }

    /// The bytes served at the file's `accessUrl` and `downloadUrl`.
    pub fn file_bytes(&self, id: ObjectId) -> Vec<u8> {
        pdf::pdf(&self.file_text(id))
    }

    /// Size and `sha1Checksum` of the file's bytes, computed once per
    /// revision. Only odd-numbered files carry a checksum: it is optional,
    /// and clients must cope with both.
    pub fn file_facts(&self, n: u32) -> &(usize, Option<String>) {
        self.files[n as usize - 1].facts.get_or_init(|| {
            let bytes = self.file_bytes(ObjectId::file(n));
            (bytes.len(), (n % 2 == 1).then(|| pdf::sha1_hex(&bytes)))
        })
    }

    /// A name set by `add_paper`/`add_meeting`.
    pub fn custom_name(&self, id: ObjectId) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }
}

/// `{base}/bodies/{b}/{segment}/{n}`, or the System's and a Body's URL.
pub fn url_of(base: &str, id: ObjectId, body: u32) -> String {
    match id.kind {
        Kind::System => format!("{base}/system"),
        Kind::Body => format!("{base}/bodies/{}", id.n),
        k => format!("{base}/bodies/{body}/{}/{}", k.segment(), id.n),
    }
}
