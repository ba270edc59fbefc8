//! The "Volltext" searches of the search pane, on a thread of their own: a
//! phrase takes the index some milliseconds, and typing must not wait for
//! it. As for the fuzzy search, only the newest query is kept: a burst of
//! keys is one search.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use super::app::Msg;
use crate::archive::Archive;
use crate::finder::{TextHits, text_hits};
use crate::fulltext::FullText;
use crate::search::SearchIndex;
use crate::tree::Tree;

/// How many hits the pane lists.
pub const LIMIT: usize = 100;

/// The answer to one query.
#[derive(Debug, Clone)]
pub struct TextResult {
    pub generation: u64,
    /// The hits, or why the query was not understood (in the interface's
    /// language).
    pub outcome: Result<TextHits, String>,
}

#[derive(Default)]
struct Slot {
    next: Mutex<(Option<(u64, String)>, bool)>,
    ready: Condvar,
}

pub struct TextSearcher {
    slot: Arc<Slot>,
    latest: Arc<AtomicU64>,
}

/// What a query is run against.
pub struct Index {
    pub fulltext: Arc<FullText>,
    pub archive: Arc<Archive>,
    pub tree: Arc<Tree>,
    pub index: Arc<SearchIndex>,
}

impl TextSearcher {
    pub fn spawn(on: Index, tx: Sender<Msg>) -> TextSearcher {
        let slot = Arc::new(Slot::default());
        let latest = Arc::new(AtomicU64::new(0));
        let (jobs, seen) = (slot.clone(), latest.clone());
        // Without the thread, queries stay unanswered: the pane says it
        // waits, and the title search still works. It words its errors in
        // the language of the thread that starts it.
        let _ = std::thread::Builder::new().name("volltext-suche".into()).spawn(crate::strings::carry(
            move || {
                loop {
                    let (generation, text) = {
                        let mut next = jobs.next.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            if next.1 {
                                return;
                            }
                            if let Some(job) = next.0.take() {
                                break job;
                            }
                            next = jobs.ready.wait(next).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    // A newer query came meanwhile: this one is not wanted.
                    if seen.load(Ordering::Relaxed) != generation {
                        continue;
                    }
                    let outcome = text_hits(&on.fulltext, &on.archive, &on.tree, &on.index, &text, LIMIT);
                    if tx.send(Msg::Text(Box::new(TextResult { generation, outcome }))).is_err() {
                        return;
                    }
                }
            },
        ));
        TextSearcher { slot, latest }
    }

    /// Starts a query in place of any not started; returns its generation.
    pub fn query(&self, text: &str) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let mut next = self.slot.next.lock().unwrap_or_else(|e| e.into_inner());
        next.0 = Some((generation, text.to_owned()));
        drop(next);
        self.slot.ready.notify_one();
        generation
    }
}

impl Drop for TextSearcher {
    fn drop(&mut self) {
        self.slot.next.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.slot.ready.notify_one();
    }
}
