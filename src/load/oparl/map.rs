//! Mapping one OParl object onto records, with every reference looked up in
//! the index.

use std::sync::Arc;

use super::index::{Index, UrlMap, UrlSet};
use super::labels::{host, labels, last_segment, meeting_urls, org_urls};
use super::missing::Missing;
use super::output::{Output, push};
use super::read::Embedded;
use super::stamp::{Stamp, hhmm};
use super::{AgendaItem, Consultation, Emb, File, Kind, Location, Meeting, Named, Object, Paper};
use crate::model::{
    Auszug, Beratung, Date, Dokument, Format, Rolle, Sitzung, Url, Verweis, VerweisArt, Vorlage,
};
use crate::strings as s;

/// The empty URL, for references that are not given.
static NO_URL: Url = Url::EMPTY;
use crate::text::clean_line;

impl Named {
    pub(super) fn display(&self) -> Option<String> {
        if let Some(name) = [&self.name, &self.short_name].into_iter().find(|s| !s.is_empty()) {
            return Some(name.to_string());
        }
        Some(clean_line(format!("{} {}", self.given_name, self.family_name))).filter(|s| !s.is_empty())
    }
}

impl Location {
    /// Raum and Ort: the room, and the address or else the description.
    pub(super) fn raum_ort(&self) -> (String, String) {
        let town = join(&[&self.postal_code, &self.locality], " ");
        let address = join(&[&self.street_address, &town], ", ");
        match (self.room.is_empty(), address.is_empty()) {
            (_, true) => (self.room.to_string(), self.description.to_string()),
            (true, false) => (self.description.to_string(), address),
            (false, false) => (self.room.to_string(), address),
        }
    }
}

pub(super) fn join(parts: &[&str], separator: &str) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|s| !s.is_empty()).collect();
    parts.join(separator)
}

/// What the records of one meeting share.
#[derive(Clone, Default)]
pub(super) struct Session {
    pub(super) koerperschaft: String,
    pub(super) gremium: String,
    pub(super) datum: Option<Date>,
    pub(super) beginn: String,
    pub(super) ende: String,
    pub(super) raum: String,
    pub(super) ort: String,
}

pub(super) struct Resolver<'i, 'a> {
    pub(super) ix: &'i Index<'a>,
    pub(super) objects: &'a [Vec<Object>],
    pub(super) sessions: &'i UrlMap<'a, Session>,
    pub(super) missing: Missing<'a>,
    /// The batch whose object is being mapped: where warnings go.
    pub(super) batch: usize,
    /// Names for organizations and meetings that are not loaded; made on
    /// first need, since a complete archive needs none.
    pub(super) org_labels: Option<UrlMap<'a, String>>,
    /// Names for organizations that are not loaded, from their meetings'
    /// names; made on first need.
    pub(super) org_names: Option<UrlMap<'a, String>>,
    pub(super) meeting_labels: Option<UrlMap<'a, String>>,
    pub(super) body_labels: UrlMap<'a, String>,
}

impl<'i, 'a> Resolver<'i, 'a> {
    pub(super) fn new(
        ix: &'i Index<'a>,
        objects: &'a [Vec<Object>],
        sessions: &'i UrlMap<'a, Session>,
    ) -> Self {
        let unloaded_bodies = ix.body_urls.iter().copied().filter(|b| !ix.bodies.contains_key(b));
        Resolver {
            ix,
            objects,
            sessions,
            missing: Missing::default(),
            batch: 0,
            org_labels: None,
            org_names: None,
            meeting_labels: None,
            body_labels: labels(unloaded_bodies, host),
        }
    }

    pub(super) fn map(&mut self, o: &'a Object, out: &mut Output) {
        let b = self.batch;
        match o {
            Object::Paper(p) => {
                let k = self.koerperschaft(&p.body, &p.id);
                let v = self.vorlage(p);
                push(&mut out.at(b, k).vorlagen, v);
            }
            Object::Meeting(m) => self.meeting(m, out),
            Object::AgendaItem(a) if !self.sessions.contains_key(&a.meeting) => self.lone_item(a, out),
            Object::Consultation(c) if !self.ix.papers.contains_key(&c.paper) => {
                self.missing_ref(Kind::Paper, &c.paper);
            }
            _ if out.home[b].is_none() => out.home[b] = Some(self.home(o)),
            _ => {}
        }
    }

    /// The Körperschaft of a file that yields no records of its own.
    pub(super) fn home(&mut self, o: &'a Object) -> String {
        match o {
            Object::Body(n) => self.body_name(&n.id),
            Object::Organization(n) | Object::Person(n) => self.koerperschaft(&n.body, &n.id),
            _ => self.koerperschaft(&NO_URL, o.id()),
        }
    }

    pub(super) fn missing_ref(&mut self, kind: Kind, url: &'a Url) {
        if !url.is_empty() && !self.ix.deleted.contains(url) {
            self.missing.record(kind, url, self.batch);
        }
    }

    /// The body's name: from the Body object, else from its URL, else (no
    /// body known) from the only body there is or the object's host.
    pub(super) fn koerperschaft(&mut self, explicit: &'a Url, own_id: &'a Url) -> String {
        let ix = self.ix;
        let url = if explicit.is_empty() { ix.body_by_prefix(own_id) } else { Some(explicit) };
        match url.or_else(|| (ix.body_urls.len() == 1).then(|| ix.body_urls[0])) {
            Some(url) => self.body_name(url),
            None => host(&own_id.to_string()).to_owned(),
        }
    }

    pub(super) fn body_name(&mut self, url: &'a Url) -> String {
        let body = self.ix.bodies.get(url);
        if let Some(name) = body.and_then(|b| b.display()) {
            return name;
        }
        if body.is_none() {
            self.missing_ref(Kind::Body, url);
        }
        self.body_labels.get(url).cloned().unwrap_or_else(|| host(&url.to_string()).to_owned())
    }

    /// An organization's name: from the organization object (loaded or
    /// embedded anywhere), else from what its meetings are called, and only
    /// when nothing names it from its URL, so that two committees never
    /// become one.
    pub(super) fn org_name(&mut self, e: &'a Emb<Named>) -> String {
        let id = e.id();
        let known = self.ix.orgs.get(id).copied().or(e.as_obj());
        if let Some(name) = known.and_then(Named::display) {
            return name;
        }
        if known.is_none() {
            self.missing_ref(Kind::Organization, id);
        }
        let (ix, objects) = (self.ix, self.objects);
        let from_meetings = self.org_names.get_or_insert_with(|| org_names_from_meetings(ix, objects));
        if let Some(name) = from_meetings.get(id) {
            return name.clone();
        }
        let labels =
            self.org_labels.get_or_insert_with(|| labels(org_urls(objects).into_iter(), last_segment));
        labels.get(id).map_or_else(|| s::UNBEKANNTES_GREMIUM.to_owned(), |l| s::gremium_name(l))
    }

    pub(super) fn org_body(&self, e: &'a Emb<Named>) -> &'a Url {
        self.ix.orgs.get(e.id()).copied().or(e.as_obj()).map_or(&NO_URL, |n| &n.body)
    }

    /// The Gremium of a meeting that names no organization.
    pub(super) fn meeting_label(&mut self, url: &Url) -> String {
        let objects = self.objects;
        let labels = self
            .meeting_labels
            .get_or_insert_with(|| labels(meeting_urls(objects).into_iter(), last_segment));
        labels.get(url).map_or_else(|| s::UNBEKANNTES_GREMIUM.to_owned(), |l| s::gremium_der_sitzung(l))
    }

    /// Names of persons or organizations, those not loaded left out.
    pub(super) fn names(&mut self, list: &'a [Emb<Named>], kind: Kind) -> Vec<String> {
        let map = if kind == Kind::Person { &self.ix.persons } else { &self.ix.orgs };
        let mut names = Vec::with_capacity(list.len());
        for e in list {
            match map.get(e.id()).copied().or(e.as_obj()) {
                Some(n) => names.extend(n.display()),
                None => self.missing_ref(kind, e.id()),
            }
        }
        names
    }

    pub(super) fn session(&mut self, m: &'a Meeting) -> Session {
        let org = m.organization.first();
        let gremium = match org {
            Some(o) => self.org_name(o),
            None if !m.name.is_empty() => m.name.to_string(),
            None => self.meeting_label(&m.id),
        };
        let body = org.map_or(&NO_URL, |o| self.org_body(o));
        let (raum, ort) = m.location.as_ref().map(|l| self.place(l)).unwrap_or_default();
        let (beginn, ende) = times(m.start, m.end);
        let koerperschaft = self.koerperschaft(body, &m.id);
        Session { koerperschaft, gremium, datum: m.start.map(|s| s.date), beginn, ende, raum, ort }
    }

    pub(super) fn place(&mut self, e: &'a Emb<Location>) -> (String, String) {
        match e {
            Emb::Obj(l) => l.raum_ort(),
            Emb::Ref(url) => match self.ix.locations.get(url) {
                Some(l) => l.raum_ort(),
                None => {
                    self.missing_ref(Kind::Location, url);
                    Default::default()
                }
            },
        }
    }

    /// Gremium and date of the session a meeting URL names; for a meeting
    /// not loaded, the Gremium comes from the organizations given instead.
    pub(super) fn where_held(&mut self, meeting: &'a Url, orgs: &'a [Emb<Named>]) -> (String, Option<Date>) {
        if let Some(s) = self.sessions.get(meeting) {
            return (s.gremium.clone(), s.datum);
        }
        self.missing_ref(Kind::Meeting, meeting);
        let gremium = match orgs.first() {
            Some(o) => self.org_name(o),
            None => self.meeting_label(meeting),
        };
        (gremium, None)
    }

    /// The objects of an embedded list with references looked up, plus
    /// those given on their own that name the parent.
    pub(super) fn gather<T: Embedded>(
        &mut self,
        list: &'a [Emb<T>],
        kind: Kind,
        lookup: impl Fn(&Url) -> Option<&'a T>,
        loose: Option<&[&'a T]>,
    ) -> Vec<&'a T> {
        let mut found = Vec::with_capacity(list.len());
        for e in list {
            match e {
                Emb::Obj(t) => found.push(&**t),
                Emb::Ref(url) => match lookup(url) {
                    Some(t) => found.push(t),
                    None => self.missing_ref(kind, url),
                },
            }
        }
        if let Some(loose) = loose {
            let have: UrlSet = found.iter().map(|t| t.id()).collect();
            found.extend(loose.iter().filter(|t| !have.contains(t.id())));
        }
        found
    }

    pub(super) fn meeting(&mut self, m: &'a Meeting, out: &mut Output) {
        let s = match self.sessions.get(&m.id) {
            Some(s) => s.clone(),
            None => self.session(m),
        };
        let ix = self.ix;
        let loose = ix.loose_items.get(&m.id).map(Vec::as_slice);
        let items = self.gather(&m.agenda_item, Kind::AgendaItem, |u| ix.items.get(u).map(|i| i.0), loose);
        let auszuege: Vec<Auszug> = items.into_iter().map(|a| self.auszug(a, &s, &m.id, true)).collect();
        let mut dokumente = Vec::new();
        for (file, rolle) in [
            (&m.invitation, Rolle::Einladung),
            (&m.results_protocol, Rolle::Ergebnisprotokoll),
            (&m.verbatim_protocol, Rolle::Wortprotokoll),
        ] {
            dokumente.extend(file.iter().map(|f| self.dokument(f, rolle)));
        }
        dokumente.extend(m.auxiliary_file.iter().map(|f| self.dokument(f, Rolle::Anlage)));
        let sitzung = Sitzung {
            gremium: s.gremium.into(),
            datum: s.datum,
            name: m.name.as_str().into(),
            beginn: s.beginn.into(),
            ende: s.ende.into(),
            raum: s.raum.into(),
            ort: s.ort.into(),
            url: m.web.clone(),
            id: m.id.clone(),
            abgesagt: m.cancelled,
            dokumente,
            format: Format::Oparl,
            ..Sitzung::default()
        };
        let records = out.at(self.batch, s.koerperschaft);
        records.auszuege.extend(auszuege);
        push(&mut records.sitzungen, sitzung);
    }

    /// An agenda item given on its own whose meeting is not loaded: an item
    /// without a session, under its Gremium as far as that is known.
    pub(super) fn lone_item(&mut self, a: &'a AgendaItem, out: &mut Output) {
        let orgs = self.consultation_of(a).map_or(&[][..], |(c, _)| &c.organization[..]);
        let (gremium, datum) = self.where_held(&a.meeting, orgs);
        let koerperschaft = self.koerperschaft(&NO_URL, &a.id);
        let s = Session { koerperschaft, gremium, datum, ..Session::default() };
        let auszug = self.auszug(a, &s, &a.meeting, false);
        push(&mut out.at(self.batch, s.koerperschaft).auszuege, auszug);
    }

    /// The record of an agenda item. `in_session`: its meeting is loaded,
    /// whose record holds Gremium, time and place: no copy per item.
    pub(super) fn auszug(
        &mut self,
        a: &'a AgendaItem,
        s: &Session,
        meeting: &Url,
        in_session: bool,
    ) -> Auszug {
        let consultation = self.consultation_of(a);
        let paper = self.paper_of(a);
        let titel =
            [a.name.as_str(), paper.map_or("", |p| p.name.as_str())].into_iter().find(|t| !t.is_empty());
        let mut dokumente: Vec<Arc<Dokument>> =
            a.resolution_file.iter().map(|f| self.dokument(f, Rolle::Beschluss)).collect();
        dokumente.extend(a.auxiliary_file.iter().map(|f| self.dokument(f, Rolle::Anlage)));
        Auszug {
            gremium: if in_session { "" } else { s.gremium.as_str() }.into(),
            datum: s.datum,
            titel: titel.unwrap_or(s::OHNE_TITEL).into(),
            top: top(a).into(),
            vorlage: paper.map(|p| p.reference.as_str()).unwrap_or_default().into(),
            beschlussart: a.result.as_str().into(),
            beschluss: a.resolution_text.clone(),
            url: a.web.clone(),
            id: a.id.clone(),
            sitzung_id: meeting.clone(),
            vorlage_id: consultation.map_or(Url::default(), |(_, p)| p.clone()),
            reihenfolge: a.order,
            dokumente,
            format: Format::Oparl,
            ..Auszug::default()
        }
    }

    /// The consultation an agenda item belongs to, with its paper's id.
    pub(super) fn consultation_of(&self, a: &'a AgendaItem) -> Option<(&'a Consultation, &'a Url)> {
        let ix = self.ix;
        let by_item = || ix.consultation_of_item.get(&a.id).and_then(|c| ix.consultations.get(c));
        ix.consultations.get(&a.consultation).or_else(by_item).copied()
    }

    pub(super) fn paper_of(&mut self, a: &'a AgendaItem) -> Option<&'a Paper> {
        let Some((_, paper)) = self.consultation_of(a) else {
            self.missing_ref(Kind::Consultation, &a.consultation);
            return None;
        };
        let found = self.ix.papers.get(paper).copied();
        if found.is_none() {
            self.missing_ref(Kind::Paper, paper);
        }
        found
    }

    /// The agenda item a consultation was discussed under, with its meeting.
    pub(super) fn item_of(&mut self, c: &'a Consultation) -> Option<(&'a AgendaItem, &'a Url)> {
        let ix = self.ix;
        let by_consultation = || ix.item_of_consultation.get(&c.id).and_then(|i| ix.items.get(i));
        let found = ix.items.get(&c.agenda_item).or_else(by_consultation).copied();
        if found.is_none() {
            self.missing_ref(Kind::AgendaItem, &c.agenda_item);
        }
        found
    }

    pub(super) fn vorlage(&mut self, p: &'a Paper) -> Vorlage {
        let ix = self.ix;
        let loose = ix.loose_consultations.get(&p.id).map(Vec::as_slice);
        let consultations =
            self.gather(&p.consultation, Kind::Consultation, |u| ix.consultations.get(u).map(|c| c.0), loose);
        let beratungsfolge = consultations.into_iter().map(|c| self.beratung(c)).collect();
        let mut anlagen: Vec<Arc<Dokument>> =
            p.main_file.iter().map(|f| self.dokument(f, Rolle::Hauptdokument)).collect();
        anlagen.extend(p.auxiliary_file.iter().map(|f| self.dokument(f, Rolle::Anlage)));
        // OParl has no text fields of its own for a paper: the main file's
        // extracted text is what there is.
        let sachverhalt = anlagen.first().filter(|d| d.rolle == Rolle::Hauptdokument).map(|d| d.text.clone());
        let mut verfasser = self.names(&p.originator_person, Kind::Person);
        verfasser.extend(self.names(&p.originator_organization, Kind::Organization));
        let verweise = [
            (&p.superordinated_paper, VerweisArt::Uebergeordnet),
            (&p.subordinated_paper, VerweisArt::Untergeordnet),
            (&p.related_paper, VerweisArt::Verwandt),
        ]
        .into_iter()
        .flat_map(|(ids, art)| ids.iter().map(move |id| Verweis { art, id: id.clone(), vorlage: None }))
        .collect();
        Vorlage {
            nummer: p.reference.as_str().into(),
            betreff: p.name.as_str().into(),
            art: p.paper_type.as_str().into(),
            datum: p.date,
            verfasser: verfasser.join(", ").into(),
            federfuehrend: self.names(&p.under_direction_of, Kind::Organization).join(", ").into(),
            beratungsfolge,
            sachverhalt: sachverhalt.unwrap_or_default(),
            anlagen,
            url: p.web.clone(),
            id: p.id.clone(),
            verweise,
            format: Format::Oparl,
            ..Vorlage::default()
        }
    }

    pub(super) fn beratung(&mut self, c: &'a Consultation) -> Beratung {
        let item = self.item_of(c);
        let meeting = if c.meeting.is_empty() { item.map_or(&NO_URL, |(_, m)| m) } else { &c.meeting };
        let (gremium, datum) = self.where_held(meeting, &c.organization);
        Beratung {
            gremium: gremium.into(),
            datum,
            rolle: c.role.as_str().into(),
            ergebnis: item.map(|(a, _)| a.result.as_str()).unwrap_or_default().into(),
            sitzung_id: meeting.clone(),
            item_id: item.map_or(Url::default(), |(a, _)| a.id.clone()),
            geplant: meeting.is_empty(),
            ..Beratung::default()
        }
    }

    pub(super) fn file(&mut self, e: &'a Emb<File>) -> Result<&'a File, &'a Url> {
        match e {
            Emb::Obj(f) => Ok(f),
            Emb::Ref(url) => self.ix.files.get(url).copied().ok_or_else(|| {
                self.missing_ref(Kind::File, url);
                url
            }),
        }
    }

    pub(super) fn dokument(&mut self, e: &'a Emb<File>, rolle: Rolle) -> Arc<Dokument> {
        match self.file(e) {
            Ok(f) => f.as_rolle(rolle),
            Err(url) => Arc::new(Dokument {
                name: s::datei_name(url.rest()).into(),
                url: url.clone(),
                rolle,
                id: url.clone(),
                ..Dokument::default()
            }),
        }
    }
}

/// `Ö 1.1` or `N 1.1` as the item is public or not; the bare number when
/// the source does not say.
pub(super) fn top(a: &AgendaItem) -> String {
    match a.public {
        _ if a.number.is_empty() => String::new(),
        Some(true) => format!("Ö {}", a.number),
        Some(false) => format!("N {}", a.number),
        None => a.number.to_string(),
    }
}

pub(super) fn times(start: Option<Stamp>, end: Option<Stamp>) -> (String, String) {
    let beginn = start.and_then(|s| s.minute).map(hhmm).unwrap_or_default();
    // Some servers write an unknown end as midnight of the day: an end that
    // is not after the start says nothing.
    let end = end.filter(|e| start.is_none_or(|s| *e > s));
    (beginn, end.and_then(|e| e.minute).map(hhmm).unwrap_or_default())
}

/// The Gremium a meeting's name names: "Ortschaftsrat Wettersbach -
/// Verabschiedung (öffentlich)" is a meeting of "Ortschaftsrat Wettersbach",
/// "Gemeinderat (öffentlich/nicht öffentlich)" one of "Gemeinderat".
pub(super) fn gremium_of_meeting_name(name: &str) -> &str {
    let mut s = name.trim();
    if s.ends_with(')')
        && let Some(i) = s.rfind(" (")
    {
        s = s[..i].trim_end();
    }
    s.split_once(" - ").map_or(s, |(head, _)| head.trim_end())
}

/// Names for the organizations that no organization object names, from
/// their meetings' names: the Gremium most of them name.
fn org_names_from_meetings<'a>(ix: &Index<'a>, objects: &'a [Vec<Object>]) -> UrlMap<'a, String> {
    let mut counts: UrlMap<'a, Vec<(&'a str, usize)>> = UrlMap::default();
    for (_, o) in super::resolve::each(objects) {
        let Object::Meeting(m) = o else { continue };
        let Some(org) = m.organization.first() else { continue };
        let named = ix.orgs.get(org.id()).copied().or(org.as_obj()).and_then(Named::display).is_some();
        let gremium = gremium_of_meeting_name(&m.name);
        if named || gremium.is_empty() {
            continue;
        }
        let seen = counts.entry(org.id()).or_default();
        match seen.iter_mut().find(|(g, _)| *g == gremium) {
            Some((_, n)) => *n += 1,
            None => seen.push((gremium, 1)),
        }
    }
    counts
        .into_iter()
        .filter_map(|(org, seen)| {
            // The most named; of equals, the first seen.
            let best = seen.iter().rev().max_by_key(|(_, n)| *n)?;
            Some((org, best.0.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_names_name_their_gremium() {
        assert_eq!(
            gremium_of_meeting_name("Ortschaftsrat Wettersbach - Verabschiedung (öffentlich)"),
            "Ortschaftsrat Wettersbach"
        );
        assert_eq!(gremium_of_meeting_name("Gemeinderat (öffentlich/nicht öffentlich)"), "Gemeinderat");
        assert_eq!(gremium_of_meeting_name("Bauausschuss"), "Bauausschuss");
        assert_eq!(gremium_of_meeting_name(" "), "");
    }
}
