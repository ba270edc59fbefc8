//! The progress bar of `sync` on stderr, drawn only when stderr is a
//! terminal: objects against the lists' `totalElements` (so also rate and
//! time left), and in words the lists done, the current page and the bytes.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::human_bytes;
use crate::strings as s;
use crate::text::sanitize;

pub struct Progress {
    bar: ProgressBar,
    lists_total: AtomicUsize,
    lists_done: AtomicUsize,
    bytes: AtomicU64,
    what: Mutex<String>,
}

impl Progress {
    /// A bar on stderr, or one that draws nothing.
    pub fn new(visible: bool) -> Progress {
        let target = if visible { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        let style = ProgressStyle::with_template(&format!(
            "{{spinner}} [{{bar:20}}] {{pos}}/{{len}} {} · {{msg}}",
            s::OBJEKTE
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        if visible {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        Progress {
            bar,
            lists_total: AtomicUsize::new(0),
            lists_done: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            what: Mutex::new(String::new()),
        }
    }

    fn redraw(&self) {
        if self.bar.is_hidden() {
            return;
        }
        let what = self.what.lock().map(|w| w.clone()).unwrap_or_default();
        let secs = self.bar.elapsed().as_secs_f64().max(0.001);
        let rate = self.bar.position() as f64 / secs;
        let left = match self.bar.length() {
            Some(len) if rate > 0.0 && len > self.bar.position() => {
                s::noch_sekunden(((len - self.bar.position()) as f64 / rate).ceil())
            }
            _ => String::new(),
        };
        self.bar.set_message(format!(
            "{rate:.0}/s{left} · {} · {} {}/{} {what}",
            human_bytes(self.bytes.load(Ordering::Relaxed)),
            s::LISTE,
            (self.lists_done.load(Ordering::Relaxed) + 1).min(self.lists_total.load(Ordering::Relaxed)),
            self.lists_total.load(Ordering::Relaxed),
        ));
    }

    /// What is being done now (server text is cleaned).
    pub fn message(&self, what: &str) {
        if let Ok(mut w) = self.what.lock() {
            *w = sanitize(what);
        }
        self.redraw();
    }

    pub fn lists(&self, n: usize) {
        self.lists_total.fetch_add(n, Ordering::Relaxed);
        self.redraw();
    }

    pub fn list_done(&self) {
        self.lists_done.fetch_add(1, Ordering::Relaxed);
        self.redraw();
    }

    /// A list's `totalElements`, when its first page says it.
    pub fn add_total(&self, n: u64) {
        self.bar.inc_length(n);
    }

    /// A page with `entries` came; `bytes` received so far in all.
    pub fn page(&self, entries: u64, bytes: u64) {
        self.bytes.store(bytes, Ordering::Relaxed);
        if self.bar.length().is_some_and(|l| self.bar.position() + entries > l) {
            self.bar.set_length(self.bar.position() + entries);
        }
        self.bar.inc(entries);
        self.redraw();
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
