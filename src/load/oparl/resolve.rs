//! Resolving references across files: the OParl objects of all files mapped
//! onto Vorlagen, Auszüge and Sitzungen. This module runs the steps; the
//! index of objects by id, the mapping of one object, the names of what is
//! not loaded and the report of it, and the records per file each have a
//! module of their own.

use super::Object;
use super::index::{Index, UrlMap, put};
use super::map::{Resolver, Session};
use super::missing::Missing;
use super::output::Output;
use crate::load::Batch;
use crate::problem::{Problem, Severity};

/// Maps the OParl objects of all batches onto records, now that every
/// reference can be looked up. Records go to the batch of the file their
/// object came from, so that merge conflicts name the right file; a file
/// whose objects belong to several bodies gets one more batch per further
/// body, since a batch has one Körperschaft.
pub fn resolve(batches: &mut Vec<Batch>) {
    // The lists stay as they are, one per batch: gathering the objects into
    // one list would copy them all.
    let objects: Vec<Vec<Object>> = batches.iter_mut().map(|b| std::mem::take(&mut b.oparl)).collect();
    if objects.iter().all(Vec::is_empty) {
        return;
    }
    let (index, conflicts) = Index::new(&objects);
    let (sessions, mut missing) = sessions(&index, &objects);
    let (output, more) = map_all(&index, &objects, &sessions, batches.len());
    more.into_iter().for_each(|m| missing.merge(m));
    let files: Vec<&str> = batches.iter().map(|b| b.file.as_str()).collect();
    let mut problems = missing.problems(&files);
    problems.extend(conflicts.iter().map(|c| {
        let message = format!(
            "Das OParl-Objekt {} steht in einer früheren Datei mit demselben Stand („modified“), aber anders; \
             der Inhalt aus dieser Datei gilt",
            c.id
        );
        (c.batch, Problem::new(Severity::Warning, files[c.batch], message))
    }));
    output.apply(batches, problems);
    drop(sessions);
    drop(index);
    // Freeing the objects (a few hundred thousand strings) takes about as
    // long as mapping them: another thread does it while the archive is
    // built. Should no thread start, the objects are freed here.
    let _ = std::thread::Builder::new().spawn(move || drop(objects));
}

/// The sessions of all live meetings, by meeting id: first, since the
/// Beratungen of papers in any file refer to them.
pub(super) fn sessions<'a>(ix: &Index<'a>, objects: &'a [Vec<Object>]) -> (UrlMap<'a, Session>, Missing<'a>) {
    let none = UrlMap::default();
    let mut r = Resolver::new(ix, objects, &none);
    let mut sessions = UrlMap::default();
    for (i, (b, o)) in each(objects).enumerate() {
        if let (true, Object::Meeting(m)) = (ix.live[i], o) {
            r.batch = b;
            let session = r.session(m);
            put(&mut sessions, &m.id, session);
        }
    }
    (sessions, r.missing)
}

/// Maps every live object, in parallel runs of objects: the index is
/// complete, so each object is mapped on its own. Outputs and warnings come
/// back in file order, so that the result is that of one run.
pub(super) fn map_all<'a>(
    ix: &Index<'a>,
    objects: &'a [Vec<Object>],
    sessions: &UrlMap<'a, Session>,
    batches: usize,
) -> (Output, Vec<Missing<'a>>) {
    let total = ix.live.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(total.div_ceil(2000));
    let run = total.div_ceil(threads.max(1));
    let parts: Vec<(Output, Missing<'a>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(crate::strings::carry(move || {
                    let mut r = Resolver::new(ix, objects, sessions);
                    let mut out = Output::new(batches);
                    for (i, (b, o)) in each(objects).enumerate().skip(t * run).take(run) {
                        if ix.live[i] {
                            r.batch = b;
                            r.map(o, &mut out);
                        }
                    }
                    (out, r.missing)
                }))
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).collect()
    });
    let mut output = Output::new(batches);
    let mut missing = Vec::with_capacity(parts.len());
    for (out, m) in parts {
        output.merge(out);
        missing.push(m);
    }
    (output, missing)
}

/// Every object with the index of its batch, in file order.
pub(super) fn each(objects: &[Vec<Object>]) -> impl Iterator<Item = (usize, &Object)> {
    objects.iter().enumerate().flat_map(|(b, list)| list.iter().map(move |o| (b, o)))
}
