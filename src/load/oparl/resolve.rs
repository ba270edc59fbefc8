//! Resolving references across files: the OParl objects of all files mapped
//! onto Vorlagen, Auszüge and Sitzungen. This module runs the steps; the
//! index of objects by id, the mapping of one object, the names of what is
//! not loaded and the report of it, and the records per file each have a
//! module of their own.

use std::sync::atomic::{AtomicUsize, Ordering};

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
///
/// The runs are cut by work, not by count, and more runs than threads are
/// handed out as threads become free: a synced archive lists 36,000
/// consultations (next to nothing to map) before 5,000 meetings (each a
/// Sitzung and its Auszüge), and halves by count left one thread with 3% of
/// the work and the other with the rest.
pub(super) fn map_all<'a>(
    ix: &Index<'a>,
    objects: &'a [Vec<Object>],
    sessions: &UrlMap<'a, Session>,
    batches: usize,
) -> (Output, Vec<Missing<'a>>) {
    let total = ix.live.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(total.div_ceil(2000));
    let runs = runs_of_work(objects, if threads > 1 { threads * RUNS_PER_THREAD } else { 1 });
    let next = AtomicUsize::new(0);
    let mut parts: Vec<(usize, Output, Missing<'a>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                let (runs, next) = (&runs, &next);
                s.spawn(crate::strings::carry(move || {
                    let mut done = Vec::new();
                    while let Some(&(first, end)) = runs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let mut r = Resolver::new(ix, objects, sessions);
                        let mut out = Output::new(batches);
                        for (i, (b, o)) in each_from(objects, first).take_while(|(i, _)| *i < end) {
                            if ix.live[i] {
                                r.batch = b;
                                r.map(o, &mut out);
                            }
                        }
                        done.push((first, out, r.missing));
                    }
                    done
                }))
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).flatten().collect()
    });
    parts.sort_unstable_by_key(|(first, ..)| *first);
    let mut output = Output::new(batches);
    let mut missing = Vec::with_capacity(parts.len());
    for (_, out, m) in parts {
        output.merge(out);
        missing.push(m);
    }
    (output, missing)
}

/// Runs per thread in [`map_all`]: enough that a run misjudged by
/// [`work`] is made up by others, few enough that merging their outputs
/// costs nothing.
const RUNS_PER_THREAD: usize = 8;

/// About how much mapping an object is, in objects: a meeting makes an
/// Auszug of every agenda item, a paper a Beratung of every consultation
/// and a document of every file.
fn work(o: &Object) -> usize {
    match o {
        Object::Meeting(m) => 4 * (1 + m.agenda_item.len()),
        Object::Paper(p) => {
            4 * (1 + p.consultation.len() + p.auxiliary_file.len() + p.main_file.iter().len())
        }
        _ => 1,
    }
}

/// `n` runs of objects of about equal [`work`], as ranges of their
/// positions in file order (`first..end`), in order and covering all.
fn runs_of_work(objects: &[Vec<Object>], n: usize) -> Vec<(usize, usize)> {
    let all: usize = each(objects).map(|(_, o)| work(o)).sum();
    let share = all.div_ceil(n.max(1)).max(1);
    let mut runs = Vec::with_capacity(n);
    let (mut first, mut sum) = (0, 0);
    for (i, (_, o)) in each(objects).enumerate() {
        sum += work(o);
        if sum >= share {
            runs.push((first, i + 1));
            (first, sum) = (i + 1, 0);
        }
    }
    let count = objects.iter().map(Vec::len).sum();
    if first < count {
        runs.push((first, count));
    }
    runs
}

/// [`each`] with positions, from the object at position `first` on.
fn each_from(objects: &[Vec<Object>], first: usize) -> impl Iterator<Item = (usize, (usize, &Object))> {
    let mut skip = first;
    let start = objects
        .iter()
        .position(|list| {
            if skip < list.len() {
                return true;
            }
            skip -= list.len();
            false
        })
        .unwrap_or(objects.len());
    objects[start..]
        .iter()
        .enumerate()
        .flat_map(move |(b, list)| list.iter().map(move |o| (start + b, o)))
        .skip(skip)
        .enumerate()
        .map(move |(i, bo)| (first + i, bo))
}

/// Every object with the index of its batch, in file order.
pub(super) fn each(objects: &[Vec<Object>]) -> impl Iterator<Item = (usize, &Object)> {
    objects.iter().enumerate().flat_map(|(b, list)| list.iter().map(move |o| (b, o)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Objects of three files: a page of consultations (little work each),
    /// one of meetings with their agenda items, one of papers.
    fn objects() -> Vec<Vec<Object>> {
        let page = |data: String| {
            let json = format!(r#"{{"data":[{data}]}}"#);
            super::super::parse("f.json", json.as_bytes(), None).oparl
        };
        let consultations = page(
            (0..300)
                .map(|n| {
                    format!(r#"{{"id":"http://h/c/{n}","type":"Consultation","paper":"http://h/p/{n}"}}"#)
                })
                .collect::<Vec<_>>()
                .join(","),
        );
        let items = |m: usize| {
            (0..12)
                .map(|n| format!(r#"{{"id":"http://h/a/{m}-{n}","name":"TOP {n}"}}"#))
                .collect::<Vec<_>>()
                .join(",")
        };
        let meetings = page(
            (0..40)
                .map(|m| format!(r#"{{"id":"http://h/m/{m}","type":"Meeting","agendaItem":[{}]}}"#, items(m)))
                .collect::<Vec<_>>()
                .join(","),
        );
        let papers = page(
            (0..50)
                .map(|n| format!(r#"{{"id":"http://h/p/{n}","type":"Paper"}}"#))
                .collect::<Vec<_>>()
                .join(","),
        );
        vec![consultations, meetings, papers]
    }

    #[test]
    fn runs_cover_every_object_once_in_order_and_share_the_work() {
        let objects = objects();
        let count: usize = objects.iter().map(Vec::len).sum();
        assert_eq!(count, 390);
        let runs = runs_of_work(&objects, 16);
        assert!(runs.len() <= 17, "{runs:?}");
        assert_eq!(runs.first().map(|r| r.0), Some(0));
        assert_eq!(runs.last().map(|r| r.1), Some(count));
        assert!(runs.windows(2).all(|w| w[0].1 == w[1].0 && w[0].0 < w[0].1), "{runs:?}");
        // By count, the first half would be 300 consultations and 40 of
        // the meetings; by work, the consultations are one run's worth.
        let flat: Vec<(usize, &Object)> = each(&objects).collect();
        let run_work = |&(a, b): &(usize, usize)| flat[a..b].iter().map(|(_, o)| work(o)).sum::<usize>();
        let all: usize = flat.iter().map(|(_, o)| work(o)).sum();
        let most = runs.iter().map(run_work).max().unwrap();
        assert!(most <= all / 16 + 4 * 13, "a run of {most} of {all}");
        assert_eq!(runs_of_work(&objects, 1), [(0, count)]);
        assert!(runs_of_work(&[], 8).is_empty());
    }

    #[test]
    fn each_from_continues_each_at_any_position() {
        let objects = objects();
        for first in [0, 1, 299, 300, 301, 339, 340, 389, 390] {
            let want: Vec<(usize, usize, *const Object)> =
                each(&objects).enumerate().skip(first).map(|(i, (b, o))| (i, b, o as *const _)).collect();
            let got: Vec<(usize, usize, *const Object)> =
                each_from(&objects, first).map(|(i, (b, o))| (i, b, o as *const _)).collect();
            assert_eq!(got, want, "from {first}");
        }
    }
}
