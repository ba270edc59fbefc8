//! The switchable misbehaviour of the server: quirks (what real OParl
//! servers answer that the specification does not allow) and faults (what
//! any server or network does now and then). Each has a stable kebab-case
//! name, used by `--quirk NAME` / `--fault NAME` of the example and in test
//! output. Where a quirk is seen in the wild is said at its variant; the
//! module documentation of `oparl_server` has the whole table.

use std::time::Duration;

macro_rules! switches {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            pub fn from_name(name: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|s| s.name() == name)
            }

            fn bit(self) -> u64 {
                1 << (self as u64)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

switches! {
    /// Misbehaviour of real OParl servers, each off unless switched on.
    Quirk {
        /// A list page answers (once per URL) with an HTML error page and
        /// status 200, as portals behind a proxy or a maintenance page do.
        HtmlErrorPage = "html-error-page",
        /// A JSON answer is cut in half (once per URL) with a matching
        /// `Content-Length`: valid HTTP, invalid JSON, as servers that hit a
        /// time or memory limit while writing a page send it.
        TruncatedBody = "truncated-body",
        /// `links.next` lacks the `modified_since` the client sent, so
        /// page 2 on is the unfiltered list (the specification requires
        /// servers to keep filters in `next`).
        NextDropsFilter = "next-drops-filter",
        /// The last page's `links.next` points back to the first page: a
        /// client that follows `next` blindly never ends.
        NextRepeatsPage = "next-repeats-page",
        /// `limit` (and `elementsPerPage`) is ignored; pages keep the
        /// server's size.
        IgnoreLimit = "ignore-limit",
        /// A filtered list with no entries answers 404 with SD.NET RIM's
        /// error object (`code` 802), meaning "nothing changed" (Sternberg
        /// SD.NET; meine-stadt-transparent's SternbergLoader).
        EmptyList404 = "empty-list-404",
        /// As `empty-list-404`, with status 400.
        EmptyList400 = "empty-list-400",
        /// A filtered list with no entries answers `[]` instead of a list
        /// object (Sternberg SD.NET; SternbergLoader).
        EmptyListArray = "empty-list-array",
        /// `/bodies` answers with the Body object itself instead of a list
        /// (Krefeld's `/body`; SternbergLoader).
        BodyObjectAsList = "body-object-as-list",
        /// Filter values with fractional seconds are rejected with 400; only
        /// whole seconds are accepted.
        NoFractionalSeconds = "no-fractional-seconds",
        /// Any `%` in the query string is rejected with 400: the client must
        /// send `:` and `+` raw (Somacos SessionNet; SomacosLoader).
        RejectPercentEncoding = "reject-percent-encoding",
        /// `"N/A"` and `""` stand for missing values (CC e-gov;
        /// CCEgovLoader).
        NaValues = "na-values",
        /// Raw control characters (TAB, VT, 0x01) inside JSON strings: the
        /// answer is not valid JSON (CC e-gov; CCEgovLoader).
        RawControlChars = "raw-control-chars",
        /// Embedded objects (agenda items, consultations, files, locations,
        /// memberships) lack `type` (Sternberg's locations and
        /// organizations; SternbergLoader).
        EmbeddedNoType = "embedded-no-type",
        /// Some URLs name a second host, `localhost` instead of
        /// `127.0.0.1`: the `accessUrl`/`downloadUrl` of files with odd
        /// numbers and the Body's person list. Both names reach this
        /// server; the log records the host each request used.
        SecondHost = "second-host",
        /// The System URL answers with an HTML page (status 200): the URL
        /// is not an OParl endpoint.
        SystemHtml = "system-html",
        /// The System URL answers 404.
        System404 = "system-404",
        /// Deleted objects stay in unfiltered lists as tombstones, not only
        /// in filtered ones (Sternberg SD.NET; SternbergLoader).
        TombstonesInFullLists = "tombstones-in-full-lists",
        /// `auxiliaryFile` is a single object instead of an array where
        /// there is one file (CC e-gov; CCEgovLoader).
        AuxiliaryFileObject = "auxiliary-file-object",
        /// Every fourth consultation names a paper, and every sixth one on
        /// an agenda a meeting, that the server does not have (its URL
        /// answers 404), as real mirrors are full of: consultations of
        /// papers that were withdrawn or never made public. See
        /// [`dangling_paper`], [`dangling_meeting`].
        DanglingReferences = "dangling-references",
        /// Every list page answers 301 with a `Location` on the same host
        /// (a path without scheme and host: the same URL with
        /// `redirected=1` added), as servers that moved their API do.
        RedirectSameHost = "redirect-same-host",
        /// The first request for page 2 of a Body's unfiltered list
        /// deletes that list's first object (once per list), which leaves
        /// the unfiltered list: every later entry moves a place forward,
        /// and a client paging by number skips the one that moved onto
        /// page 1, as on servers that purge while a mirror walks them.
        PurgeDuringWalk = "purge-during-walk",
        /// The Body's paper list (every page) answers 302 to the same URL
        /// on the second host name, `localhost`, with `redirected=1` added.
        RedirectSecondHost = "redirect-second-host",
    }
}

/// Numbers of objects the server does not have, named under
/// `dangling-references`: far beyond any real one, and apart from the
/// phantom organizations (900,000 on).
pub const DANGLING: u32 = 800_000;

/// The paper consultation `n` names under `dangling-references` instead of
/// its own, if it is one of those.
pub fn dangling_paper(consultation: u32) -> Option<u32> {
    consultation.is_multiple_of(4).then_some(DANGLING + consultation)
}

/// The meeting consultation `n` names under `dangling-references` instead
/// of its own (only where it names one), if it is one of those.
pub fn dangling_meeting(consultation: u32) -> Option<u32> {
    (consultation % 6 == 1).then_some(DANGLING + consultation)
}

switches! {
    /// Transient failures and broken files, each off unless switched on.
    /// Those marked "once per URL" fail the first `times_per_url` requests
    /// of each URL (path and query) and then answer normally, so a client
    /// that retries gets everything.
    Fault {
        /// 429 with `Retry-After: <seconds>` (once per URL).
        RateLimit = "rate-limit",
        /// 429 with `Retry-After` as an HTTP-date, `retry_after` seconds
        /// after the server clock that the `Date` header also shows (once
        /// per URL).
        RateLimitDate = "rate-limit-date",
        /// 500 (once per URL).
        Error500 = "error-500",
        /// 502 (once per URL).
        Error502 = "error-502",
        /// 503 (once per URL).
        Error503 = "error-503",
        /// 504 (once per URL).
        Error504 = "error-504",
        /// The answer starts only after `slow_delay` (once per URL), to
        /// trigger a client's read timeout.
        Slow = "slow",
        /// Headers with the full `Content-Length`, half the body, then the
        /// connection is closed (once per URL).
        CloseMidBody = "close-mid-body",
        /// File downloads send `oversize_bytes` bytes (a PDF header and
        /// filler), far more than the File's `size` says.
        FileOversized = "file-oversized",
        /// File downloads answer with an HTML page and status 200.
        FileHtml = "file-html",
        /// Files carry hostile `fileName`s: `../../etc/passwd`, control
        /// characters with ESC sequences, 300 characters, empty, absolute.
        FileHostileNames = "file-hostile-names",
        /// File downloads answer 404.
        File404 = "file-404",
    }
}

impl Fault {
    /// Faults that fail a URL a limited number of times.
    pub fn once_per_url(self) -> bool {
        !matches!(self, Fault::FileOversized | Fault::FileHtml | Fault::FileHostileNames | Fault::File404)
    }
}

/// The on/off state of every quirk and fault, as bits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Switches {
    quirks: u64,
    faults: u64,
}

/// Which quirks and faults are on, and their parameters. `Quirks::default()`
/// is a server that keeps the specification.
#[derive(Clone, Debug)]
pub struct Quirks {
    /// Which quirks and faults are on (set them with the methods).
    pub switches: Switches,
    /// Entries per page when the client gives no `limit`.
    pub page_size: usize,
    /// The largest `limit` honoured; larger ones are cut to it.
    pub max_page_size: usize,
    /// How often each URL fails under a once-per-URL quirk or fault.
    pub times_per_url: u32,
    /// When set, once-per-URL quirks and faults only hit URLs whose path
    /// and query contain this text (e.g. `"page=3"`, `"/files/"`).
    pub only_urls_containing: Option<String>,
    /// The delay of the `slow` fault.
    pub slow_delay: Duration,
    /// Seconds in `Retry-After` of `rate-limit` and `rate-limit-date`.
    pub retry_after: u32,
    /// Bytes sent by `file-oversized`.
    pub oversize_bytes: usize,
    /// Answer JSON and HTML with gzip when the client accepts it.
    pub gzip: bool,
}

impl Default for Quirks {
    fn default() -> Quirks {
        Quirks {
            switches: Switches::default(),
            page_size: 100,
            max_page_size: 1000,
            times_per_url: 1,
            only_urls_containing: None,
            slow_delay: Duration::from_secs(3),
            retry_after: 1,
            oversize_bytes: 64 << 20,
            gzip: true,
        }
    }
}

impl Quirks {
    pub fn with(mut self, q: Quirk) -> Quirks {
        self.set(q, true);
        self
    }

    pub fn with_fault(mut self, f: Fault) -> Quirks {
        self.set_fault(f, true);
        self
    }

    pub fn set(&mut self, q: Quirk, on: bool) {
        let s = &mut self.switches.quirks;
        if on { *s |= q.bit() } else { *s &= !q.bit() }
    }

    pub fn set_fault(&mut self, f: Fault, on: bool) {
        let s = &mut self.switches.faults;
        if on { *s |= f.bit() } else { *s &= !f.bit() }
    }

    pub fn on(&self, q: Quirk) -> bool {
        self.switches.quirks & q.bit() != 0
    }

    pub fn fault_on(&self, f: Fault) -> bool {
        self.switches.faults & f.bit() != 0
    }

    /// Switches on a quirk or a fault by its name; false if the name is
    /// neither.
    pub fn set_by_name(&mut self, name: &str, on: bool) -> bool {
        if let Some(q) = Quirk::from_name(name) {
            self.set(q, on);
        } else if let Some(f) = Fault::from_name(name) {
            self.set_fault(f, on);
        } else {
            return false;
        }
        true
    }

    /// Whether a once-per-URL switch may hit `url` at all.
    pub fn targets(&self, url: &str) -> bool {
        self.only_urls_containing.as_deref().is_none_or(|part| url.contains(part))
    }
}
