//! OParl JSON of the city's objects, written straight into a string (no
//! `serde_json::Value` in between: a page of 1,000 papers takes about a
//! millisecond). The data quirks (`na-values`, `raw-control-chars`,
//! `embedded-no-type`, `second-host`, `auxiliary-file-object`) act here.

use std::fmt::Write as _;

use super::city::{
    City, FileRole, Kind, MEMBER_ROLES, ObjectId, OrgKind, PAPER_TYPES, RESULTS, ROLES, Version,
};
use super::quirks::{Fault, Quirk, Quirks, dangling_meeting, dangling_paper};
use super::time;

/// A small JSON writer that places the commas.
pub struct Json {
    pub s: String,
    /// Per open object or array: whether it has a member yet.
    open: Vec<bool>,
    /// Write control characters raw (the `raw-control-chars` quirk).
    pub raw_controls: bool,
}

impl Json {
    pub fn new(capacity: usize) -> Json {
        Json { s: String::with_capacity(capacity), open: Vec::new(), raw_controls: false }
    }

    fn sep(&mut self) {
        if let Some(has) = self.open.last_mut() {
            if *has {
                self.s.push(',');
            }
            *has = true;
        }
    }

    /// Starts an array element.
    pub fn item(&mut self) -> &mut Json {
        self.sep();
        self
    }

    pub fn key(&mut self, k: &str) -> &mut Json {
        self.sep();
        self.s.push('"');
        self.s.push_str(k);
        self.s.push_str("\":");
        self
    }

    pub fn begin(&mut self) {
        self.s.push('{');
        self.open.push(false);
    }

    pub fn end(&mut self) {
        self.s.push('}');
        self.open.pop();
    }

    pub fn begin_array(&mut self) {
        self.s.push('[');
        self.open.push(false);
    }

    pub fn end_array(&mut self) {
        self.s.push(']');
        self.open.pop();
    }

    pub fn string(&mut self, v: &str) {
        self.s.push('"');
        // Copy runs without anything to escape in one go.
        let mut run = 0;
        for (i, b) in v.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                0..0x20 if !self.raw_controls => "",
                _ => continue,
            };
            self.s.push_str(&v[run..i]);
            run = i + 1;
            if escape.is_empty() {
                let _ = write!(self.s, "\\u{b:04x}");
            } else {
                self.s.push_str(escape);
            }
        }
        self.s.push_str(&v[run..]);
        self.s.push('"');
    }

    pub fn str(&mut self, k: &str, v: &str) {
        self.key(k).string(v);
    }

    pub fn raw(&mut self, k: &str, v: impl std::fmt::Display) {
        self.key(k);
        let _ = write!(self.s, "{v}");
    }

    pub fn stamp(&mut self, k: &str, t: i64) {
        self.key(k);
        self.s.push('"');
        time::write_rfc3339(&mut self.s, t);
        self.s.push('"');
    }

    pub fn date(&mut self, k: &str, t: i64) {
        self.key(k);
        self.s.push('"');
        time::write_date(&mut self.s, t);
        self.s.push('"');
    }

    pub fn urls(&mut self, k: &str, urls: impl IntoIterator<Item = String>) {
        self.key(k).begin_array();
        for u in urls {
            self.item().string(&u);
        }
        self.end_array();
    }
}

/// Everything rendering needs: the city, the switches, and the URL prefixes
/// of the two host names.
pub struct Ctx<'a> {
    pub city: &'a City,
    pub q: &'a Quirks,
    /// `http://127.0.0.1:PORT/oparl/v1`
    pub base: &'a str,
    /// The same on the second host name, `http://localhost:PORT/oparl/v1`.
    pub alt: &'a str,
    /// `http://127.0.0.1:PORT`
    pub root: &'a str,
}

impl Ctx<'_> {
    fn schema(&self) -> &'static str {
        self.city.config.version.schema()
    }

    fn v11(&self) -> bool {
        self.city.config.version == Version::V1_1
    }

    pub fn url(&self, id: ObjectId) -> String {
        super::city::url_of(self.base, id, self.city.body_of(id))
    }

    /// Writes the URL of `id` in `body` as a JSON string, without an
    /// intermediate String: pages are mostly URLs.
    fn put_url(&self, w: &mut Json, id: ObjectId, body: u32) {
        w.s.push('"');
        w.s.push_str(self.base);
        match id.kind {
            Kind::System => w.s.push_str("/system"),
            Kind::Body => {
                let _ = write!(w.s, "/bodies/{}", id.n);
            }
            k => {
                let _ = write!(w.s, "/bodies/{body}/{}/{}", k.segment(), id.n);
            }
        }
        w.s.push('"');
    }

    /// `"k": URL`
    fn url_field(&self, w: &mut Json, k: &str, id: ObjectId) {
        w.key(k);
        self.put_url(w, id, self.city.body_of(id));
    }

    /// `"k": [URL]`
    fn url_list(&self, w: &mut Json, k: &str, id: ObjectId, body: u32) {
        w.key(k).begin_array();
        w.item();
        self.put_url(w, id, body);
        w.end_array();
    }

    fn list_url(&self, body: u32, kind: Kind) -> String {
        let base = if kind == Kind::Person && self.q.on(Quirk::SecondHost) { self.alt } else { self.base };
        format!("{base}/bodies/{body}/{}", kind.segment())
    }

    fn head(&self, w: &mut Json, id: ObjectId, embedded: bool) {
        self.url_field(w, "id", id);
        if !(embedded && self.q.on(Quirk::EmbeddedNoType)) {
            w.key("type");
            w.s.push('"');
            w.s.push_str(self.schema());
            w.s.push_str(id.kind.type_name());
            w.s.push('"');
        }
    }

    fn tail(&self, w: &mut Json, id: ObjectId) {
        if let Some(m) = self.city.meta_of(id) {
            w.stamp("created", m.created);
            w.stamp("modified", m.modified);
        }
        w.key("web");
        let _ = write!(w.s, "\"{}/web/{}/{}\"", self.root, id.kind.segment(), id.n);
    }

    /// A missing value: left out, or under `na-values` given as "N/A" or
    /// "" (alternating by object number, as both are seen).
    fn missing(&self, w: &mut Json, k: &str, n: u32) {
        if self.q.on(Quirk::NaValues) {
            w.str(k, if n % 2 == 1 { "N/A" } else { "" });
        }
    }

    /// A name; under `raw-control-chars` every seventh object's name gets a
    /// raw TAB, VT and 0x01, as CC e-gov sends them.
    fn name(&self, w: &mut Json, n: u32, name: &str) {
        if self.q.on(Quirk::RawControlChars) && n % 7 == 3 {
            w.raw_controls = true;
            w.str("name", &format!("{name}\t\u{b}\u{1}"));
            w.raw_controls = false;
        } else {
            w.str("name", name);
        }
    }

    pub fn tombstone(&self, w: &mut Json, id: ObjectId) {
        w.begin();
        self.head(w, id, false);
        if let Some(m) = self.city.meta_of(id) {
            w.stamp("created", m.created);
            w.stamp("modified", m.modified);
        }
        w.raw("deleted", true);
        w.end();
    }

    /// Any object, as its own URL answers it: a tombstone when deleted.
    pub fn object(&self, w: &mut Json, id: ObjectId) {
        if self.city.is_deleted(id) {
            return self.tombstone(w, id);
        }
        match id.kind {
            Kind::System => self.system(w),
            Kind::Body => self.body(w, id.n),
            Kind::LegislativeTerm => self.term(w, id.n, false),
            Kind::Organization => self.organization(w, id.n),
            Kind::Person => self.person(w, id.n),
            Kind::Membership => self.membership(w, id.n, false),
            Kind::Meeting => self.meeting(w, id.n),
            Kind::AgendaItem => self.agenda_item(w, id.n, false),
            Kind::Paper => self.paper(w, id.n),
            Kind::Consultation => self.consultation(w, id.n, false),
            Kind::File => self.file(w, id.n, false),
            Kind::Location => self.location(w, id.n, false),
        }
    }

    pub fn system(&self, w: &mut Json) {
        let id = ObjectId::new(Kind::System, 1);
        w.begin();
        self.head(w, id, false);
        w.str("oparlVersion", self.schema());
        w.urls("otherOparlVersions", []);
        w.str("name", "Ratsinformationssystem Beispielstadt (Testserver)");
        w.str("body", &format!("{}/bodies", self.base));
        w.str("contactEmail", "ris@beispielstadt.invalid");
        w.str("contactName", "RIS-Betreuung");
        w.str("website", &format!("{}/", self.root));
        w.str("vendor", "https://github.com/ratsinfo");
        w.str("product", "ratsinfo OParl-Testserver");
        let created = self.city.start - 1000 * time::DAY;
        w.stamp("created", created);
        w.stamp("modified", created);
        w.str("web", &format!("{}/", self.root));
        w.end();
    }

    pub fn body(&self, w: &mut Json, b: u32) {
        let id = ObjectId::new(Kind::Body, b);
        let c = self.city;
        w.begin();
        self.head(w, id, false);
        w.str("system", &format!("{}/system", self.base));
        w.str("shortName", if b == 1 { "Beispielstadt" } else { "Beispielkreis" });
        w.str("name", &c.body_name(b));
        w.str("website", "https://www.beispielstadt.invalid/");
        w.str("license", "https://creativecommons.org/licenses/by/4.0/");
        w.str("ags", if b == 1 { "08212000" } else { "08215000" });
        w.str("classification", if b == 1 { "Kreisfreie Stadt" } else { "Landkreis" });
        for kind in [Kind::Organization, Kind::Person, Kind::Meeting, Kind::Paper] {
            w.str(&kind.type_name().to_ascii_lowercase(), &self.list_url(b, kind));
        }
        if self.v11() && c.config.sub_lists {
            w.str("agendaItem", &self.list_url(b, Kind::AgendaItem));
            w.str("consultation", &self.list_url(b, Kind::Consultation));
            if c.config.files {
                w.str("file", &self.list_url(b, Kind::File));
            }
            w.str("locationList", &self.list_url(b, Kind::Location));
            w.str("legislativeTermList", &self.list_url(b, Kind::LegislativeTerm));
            w.str("membership", &self.list_url(b, Kind::Membership));
        }
        w.key("legislativeTerm").begin_array();
        for (i, t) in c.terms.iter().enumerate() {
            if t.meta.body == b && !t.meta.deleted {
                w.item();
                self.term(w, i as u32 + 1, true);
            }
        }
        w.end_array();
        let loc = c.bodies[b as usize - 1].location;
        if !c.is_deleted(ObjectId::new(Kind::Location, loc)) {
            w.key("location");
            self.location(w, loc, true);
        }
        self.tail(w, id);
        w.end();
    }

    pub fn term(&self, w: &mut Json, n: u32, embedded: bool) {
        let id = ObjectId::new(Kind::LegislativeTerm, n);
        let t = &self.city.terms[n as usize - 1];
        w.begin();
        self.head(w, id, embedded);
        self.url_field(w, "body", ObjectId::new(Kind::Body, t.meta.body));
        w.str("name", &self.city.term_name(n));
        w.date("startDate", t.start);
        w.date("endDate", t.end);
        self.tail(w, id);
        w.end();
    }

    pub fn location(&self, w: &mut Json, n: u32, embedded: bool) {
        let id = ObjectId::new(Kind::Location, n);
        let (room, street) = self.city.location_parts(n);
        w.begin();
        self.head(w, id, embedded);
        w.str("description", &format!("{room}, {street}, 76133 Beispielstadt"));
        w.str("streetAddress", street);
        w.str("postalCode", "76133");
        w.str("locality", "Beispielstadt");
        w.str("room", room);
        self.missing(w, "subLocality", n);
        self.tail(w, id);
        w.end();
    }

    pub fn organization(&self, w: &mut Json, n: u32) {
        let id = ObjectId::organization(n);
        let c = self.city;
        let o = &c.organizations[n as usize - 1];
        w.begin();
        self.head(w, id, false);
        self.url_field(w, "body", ObjectId::new(Kind::Body, o.meta.body));
        self.name(w, n, &c.org_name(n));
        let alive =
            o.memberships.iter().map(|&m| ObjectId::new(Kind::Membership, m)).filter(|&m| !c.is_deleted(m));
        w.urls("membership", alive.map(|m| self.url(m)));
        let (otype, class) = match o.kind {
            OrgKind::Committee => ("Gremium", "Ausschuss"),
            OrgKind::Faction => ("Fraktion", "Fraktion"),
            OrgKind::Department => ("Verwaltungsbereich", "Amt"),
        };
        w.str("organizationType", otype);
        w.str("classification", class);
        w.date("startDate", o.start);
        match o.end {
            Some(end) => w.date("endDate", end),
            None => self.missing(w, "endDate", n),
        }
        self.tail(w, id);
        w.end();
    }

    pub fn person(&self, w: &mut Json, n: u32) {
        let id = ObjectId::person(n);
        let c = self.city;
        let p = &c.persons[n as usize - 1];
        let (form, given, family, title) = c.person_parts(n);
        w.begin();
        self.head(w, id, false);
        self.url_field(w, "body", ObjectId::new(Kind::Body, p.meta.body));
        self.name(w, n, &c.person_name(n));
        w.str("familyName", family);
        w.str("givenName", given);
        w.str("formOfAddress", form);
        match title {
            Some(t) => w.urls("title", [t.to_owned()]),
            None => self.missing(w, "affix", n),
        }
        w.urls("status", ["Ratsmitglied".to_owned()]);
        self.missing(w, "phone", n);
        w.key("membership").begin_array();
        for &m in &p.memberships {
            if !c.is_deleted(ObjectId::new(Kind::Membership, m)) {
                w.item();
                self.membership(w, m, true);
            }
        }
        w.end_array();
        self.tail(w, id);
        w.end();
    }

    pub fn membership(&self, w: &mut Json, n: u32, embedded: bool) {
        let id = ObjectId::new(Kind::Membership, n);
        let m = &self.city.memberships[n as usize - 1];
        w.begin();
        self.head(w, id, embedded);
        self.url_field(w, "person", ObjectId::person(m.person));
        w.key("organization");
        self.put_url(w, ObjectId::organization(m.org), m.meta.body);
        w.str("role", MEMBER_ROLES[m.role as usize % MEMBER_ROLES.len()]);
        w.raw("votingRight", m.role != 1);
        w.date("startDate", m.start);
        match m.end {
            Some(end) => w.date("endDate", end),
            None => self.missing(w, "endDate", n),
        }
        if let Some(f) = m.on_behalf_of {
            w.key("onBehalfOf");
            self.put_url(w, ObjectId::organization(f), m.meta.body);
        }
        self.tail(w, id);
        w.end();
    }

    fn embedded_file(&self, w: &mut Json, k: &str, n: u32) {
        if !self.city.is_deleted(ObjectId::file(n)) {
            w.key(k);
            self.file(w, n, true);
        }
    }

    /// `auxiliaryFile`: an array, or under `auxiliary-file-object` a bare
    /// object when there is exactly one.
    fn auxiliary(&self, w: &mut Json, files: &[u32]) {
        let alive: Vec<u32> =
            files.iter().copied().filter(|&f| !self.city.is_deleted(ObjectId::file(f))).collect();
        if alive.is_empty() {
            return;
        }
        if alive.len() == 1 && self.q.on(Quirk::AuxiliaryFileObject) {
            return self.embedded_file(w, "auxiliaryFile", alive[0]);
        }
        w.key("auxiliaryFile").begin_array();
        for f in alive {
            w.item();
            self.file(w, f, true);
        }
        w.end_array();
    }

    pub fn meeting(&self, w: &mut Json, n: u32) {
        let id = ObjectId::meeting(n);
        let c = self.city;
        let m = &c.meetings[n as usize - 1];
        let now = c.now();
        w.begin();
        self.head(w, id, false);
        self.name(w, n, &c.meeting_name(n));
        let state = match (m.cancelled, m.start < now) {
            (true, _) => "abgesagt",
            (false, true) => "durchgeführt",
            (false, false) => "eingeladen",
        };
        w.str("meetingState", state);
        w.raw("cancelled", m.cancelled);
        w.stamp("start", m.start);
        if m.start < now {
            w.stamp("end", m.start + m.minutes as i64 * 60);
        } else {
            self.missing(w, "end", n);
        }
        if !c.is_deleted(ObjectId::new(Kind::Location, m.location)) {
            w.key("location");
            self.location(w, m.location, true);
        }
        self.url_list(w, "organization", ObjectId::organization(m.org), m.meta.body);
        let mut aux = Vec::new();
        for &f in &m.files {
            match c.files[f as usize - 1].role {
                FileRole::Invitation => self.embedded_file(w, "invitation", f),
                FileRole::ResultsProtocol => self.embedded_file(w, "resultsProtocol", f),
                FileRole::VerbatimProtocol => self.embedded_file(w, "verbatimProtocol", f),
                _ => aux.push(f),
            }
        }
        self.auxiliary(w, &aux);
        w.key("agendaItem").begin_array();
        for &a in &m.items {
            if !c.is_deleted(ObjectId::agenda_item(a)) {
                w.item();
                self.agenda_item(w, a, true);
            }
        }
        w.end_array();
        self.tail(w, id);
        w.end();
    }

    pub fn agenda_item(&self, w: &mut Json, n: u32, embedded: bool) {
        let id = ObjectId::agenda_item(n);
        let c = self.city;
        let a = &c.agenda_items[n as usize - 1];
        w.begin();
        self.head(w, id, embedded);
        self.url_field(w, "meeting", ObjectId::meeting(a.meeting));
        w.str("number", &c.agenda_item_number(n));
        if self.v11() {
            w.raw("order", a.order);
        }
        self.name(w, n, &c.agenda_item_name(n));
        w.raw("public", a.public);
        if let Some(con) = a.consultation {
            self.url_field(w, "consultation", ObjectId::consultation(con));
        }
        if a.result != 0 {
            w.str("result", RESULTS[a.result as usize % RESULTS.len()]);
        } else {
            self.missing(w, "result", n);
        }
        if a.resolution {
            let text =
                format!("Der Beschluss zu TOP {} wird wie vorgeschlagen gefasst.", c.agenda_item_number(n));
            w.str("resolutionText", &text);
        } else {
            self.missing(w, "resolutionText", n);
        }
        let mut aux = Vec::new();
        for &f in &a.files {
            if c.files[f as usize - 1].role == FileRole::ResolutionFile {
                self.embedded_file(w, "resolutionFile", f);
            } else {
                aux.push(f);
            }
        }
        self.auxiliary(w, &aux);
        self.tail(w, id);
        w.end();
    }

    pub fn paper(&self, w: &mut Json, n: u32) {
        let id = ObjectId::paper(n);
        let c = self.city;
        let p = &c.papers[n as usize - 1];
        let body = p.meta.body;
        w.begin();
        self.head(w, id, false);
        self.url_field(w, "body", ObjectId::new(Kind::Body, body));
        self.name(w, n, &c.paper_name(n));
        w.str("reference", &c.reference(n));
        w.date("date", p.date);
        w.str("paperType", PAPER_TYPES[p.ptype as usize % PAPER_TYPES.len()]);
        if let Some(r) = p.related {
            self.url_list(w, "relatedPaper", ObjectId::paper(r), body);
        }
        if let Some(s) = p.superordinated {
            self.url_list(w, "superordinatedPaper", ObjectId::paper(s), body);
        }
        if let Some(s) = p.subordinated {
            self.url_list(w, "subordinatedPaper", ObjectId::paper(s), body);
        }
        let mut aux = Vec::new();
        for &f in &p.files {
            if c.files[f as usize - 1].role == FileRole::MainFile {
                self.embedded_file(w, "mainFile", f);
            } else {
                aux.push(f);
            }
        }
        self.auxiliary(w, &aux);
        if let Some(person) = p.originator {
            self.url_list(w, "originatorPerson", ObjectId::person(person), body);
        }
        if let Some(org) = p.originator_org {
            self.url_list(w, "originatorOrganization", ObjectId::organization(org), body);
        }
        self.url_list(w, "underDirectionOf", ObjectId::organization(p.department), body);
        w.key("consultation").begin_array();
        for &con in &p.consultations {
            if !c.is_deleted(ObjectId::consultation(con)) {
                w.item();
                self.consultation(w, con, true);
            }
        }
        w.end_array();
        self.tail(w, id);
        w.end();
    }

    pub fn consultation(&self, w: &mut Json, n: u32, embedded: bool) {
        let id = ObjectId::consultation(n);
        let con = &self.city.consultations[n as usize - 1];
        w.begin();
        self.head(w, id, embedded);
        let dangling = self.q.on(Quirk::DanglingReferences);
        match dangling_paper(n).filter(|_| dangling) {
            Some(p) => {
                w.key("paper");
                self.put_url(w, ObjectId::paper(p), con.meta.body);
            }
            None => self.url_field(w, "paper", ObjectId::paper(con.paper)),
        }
        match (con.meeting, dangling_meeting(n).filter(|_| dangling)) {
            (Some(_), Some(m)) => {
                w.key("meeting");
                self.put_url(w, ObjectId::meeting(m), con.meta.body);
            }
            (Some(m), None) => self.url_field(w, "meeting", ObjectId::meeting(m)),
            (None, _) => w.raw("meeting", "null"),
        }
        if let Some(a) = con.item {
            self.url_field(w, "agendaItem", ObjectId::agenda_item(a));
        }
        self.url_list(w, "organization", ObjectId::organization(con.org), con.meta.body);
        w.raw("authoritative", con.role == 1);
        w.str("role", ROLES[con.role as usize % ROLES.len()]);
        self.tail(w, id);
        w.end();
    }

    pub fn file(&self, w: &mut Json, n: u32, embedded: bool) {
        let id = ObjectId::file(n);
        let c = self.city;
        let f = &c.files[n as usize - 1];
        let (size, sha1) = c.file_facts(n);
        w.begin();
        self.head(w, id, embedded);
        w.str("name", &c.file_name(n));
        let file_name =
            if self.q.fault_on(Fault::FileHostileNames) { hostile_file_name(n) } else { c.file_file_name(n) };
        w.str("fileName", &file_name);
        w.str("mimeType", "application/pdf");
        w.date("date", f.meta.created);
        w.raw("size", size);
        if let Some(sha1) = sha1 {
            w.str("sha1Checksum", sha1);
        }
        if f.role == FileRole::MainFile {
            w.str("text", &c.file_body_text(id));
        }
        let host = if self.q.on(Quirk::SecondHost) && n % 2 == 1 { self.alt } else { self.base };
        w.key("accessUrl");
        let _ = write!(w.s, "\"{host}/access/{n}.pdf\"");
        w.key("downloadUrl");
        let _ = write!(w.s, "\"{host}/download/{n}.pdf\"");
        if self.v11() {
            let owner = match f.owner.kind {
                Kind::Paper => "paper",
                Kind::Meeting => "meeting",
                _ => "agendaItem",
            };
            self.url_list(w, owner, f.owner, f.meta.body);
        }
        self.tail(w, id);
        w.end();
    }
}

/// The hostile `fileName`s of the `file-hostile-names` fault, by file
/// number: path traversal, terminal escape sequences and other control
/// characters, 300 characters, empty, an absolute path.
pub fn hostile_file_name(n: u32) -> String {
    match n % 5 {
        0 => "../../etc/passwd".to_owned(),
        1 => "Anlage\u{1b}[2J\u{1b}[31mROT\u{1b}]0;titel\u{7}\r\n\u{0}.pdf".to_owned(),
        2 => {
            let mut s = "Sehr langer Dateiname einer Anlage ".repeat(9);
            s.truncate(296);
            s + ".pdf"
        }
        3 => String::new(),
        _ => "/etc/cron.d/ratsinfo.pdf".to_owned(),
    }
}
