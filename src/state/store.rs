//! The SQLite file behind the state: one row per record key, written one
//! field at a time.
//!
//! - Every write is one committed transaction before the call returns. In
//!   WAL mode with `synchronous=NORMAL` a commit is in the write-ahead log
//!   (in the operating system's cache) when it returns: a killed process
//!   loses nothing; a power cut may lose the last moments, never the file
//!   (BENCHMARKS.md measures `FULL` against it).
//! - Writes are row-level upserts of one field, never a rewrite of the set:
//!   two processes writing at once both keep what they wrote; a busy
//!   timeout waits out the other's transaction.
//! - Each write stamps its row with the next revision number, so a process
//!   that sees (`PRAGMA data_version`) that another one wrote reads only the
//!   rows changed since.
//! - The schema version is `PRAGMA user_version`; migrations go forward
//!   only. A file that is not a state store, is damaged or is of a newer
//!   version is never written: the store falls back to one in memory,
//!   holding what could be read, and says why.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use super::{Entry, Flag, Label};
use crate::strings as s;

/// The schema this program writes.
pub const SCHEMA_VERSION: i64 = 1;

/// How long a write waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Migrations: `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // Version 1. `entry` holds what is read at start, one small row per key
    // (the key is the table's own order: no second index of it); `label`
    // how a record is named, read only for records not loaded.
    // `*_at`: when the field last changed (ms since 1970, UTC), also when
    // it was switched off, so that an import knows which is newer.
    // `seen`: the fingerprint of a watched Vorlage when last looked at.
    // `rev`: the order of changes, for refresh.
    "CREATE TABLE entry (
        key     TEXT NOT NULL PRIMARY KEY,
        read    INTEGER NOT NULL DEFAULT 0,
        read_at INTEGER,
        merk    INTEGER NOT NULL DEFAULT 0,
        merk_at INTEGER,
        note    TEXT NOT NULL DEFAULT '',
        note_at INTEGER,
        seen    TEXT,
        rev     INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX entry_rev ON entry(rev);
    CREATE TABLE label (
        key     TEXT NOT NULL PRIMARY KEY,
        kind    TEXT NOT NULL,
        nummer  TEXT NOT NULL,
        titel   TEXT NOT NULL
    ) WITHOUT ROWID;",
];

/// Whether changes reach the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Saved: every change is committed to the file before the call returns.
    Saved,
    /// For this session only, in memory: the file could not be used (see
    /// [`Store::problem`]); it was left as it was.
    Session,
}

/// Why a change could not be saved, in German.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    message: String,
    /// The file turned out damaged.
    damaged: bool,
}

impl StateError {
    pub fn new(message: impl Into<String>) -> StateError {
        StateError { message: message.into(), damaged: false }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn is_damage(&self) -> bool {
        self.damaged
    }
}

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StateError {}

impl From<rusqlite::Error> for StateError {
    fn from(e: rusqlite::Error) -> StateError {
        StateError { message: s::zustand_fehler(&describe(&e)), damaged: is_damage(&e) }
    }
}

/// A SQLite error in German where the user can do something about it.
fn describe(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => s::ZUSTAND_GESPERRT.into(),
        Some(ErrorCode::ReadOnly) => s::ZUSTAND_SCHREIBGESCHUETZT.into(),
        Some(ErrorCode::DiskFull) => s::DATENTRAEGER_VOLL.into(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => s::ZUSTAND_BESCHAEDIGT.into(),
        _ => crate::text::sanitize(&e.to_string()),
    }
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt))
}

/// The state store: a connection to the file (or to memory).
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    access: Access,
    problem: Option<String>,
    data_version: i64,
    /// Dropped with the store: stops the checkpointing thread.
    _checkpoints: Option<std::sync::mpsc::Sender<()>>,
}

/// How often the write-ahead log is copied into the file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);

/// Copies the write-ahead log into the file now and then, on a thread and
/// connection of its own, instead of at the commit that happens to cross
/// SQLite's threshold: that one would wait for a checkpoint and its
/// fsyncs (up to 20 ms measured), and a toggle is to cost one frame at most.
fn start_checkpoints(path: &Path) -> Option<std::sync::mpsc::Sender<()>> {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let path = path.to_path_buf();
    std::thread::Builder::new()
        .name("ratsinfo-checkpoint".into())
        .stack_size(256 << 10)
        .spawn(move || {
            let Ok(conn) = Connection::open(&path) else { return };
            let _ = conn.busy_timeout(BUSY_TIMEOUT);
            // Until the store is dropped (the sender with it).
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(CHECKPOINT_EVERY) {
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        })
        .ok()?;
    Some(tx)
}

/// The columns of an [`Entry`], in the order [`row_entry`] reads them,
/// from `entry e LEFT JOIN label l`.
const COLUMNS: &str = "e.key, coalesce(l.kind, ''), coalesce(l.nummer, ''), coalesce(l.titel, ''),
    e.read, e.read_at, e.merk, e.merk_at, e.note, e.note_at, e.seen, e.rev";
const FROM: &str = "entry e LEFT JOIN label l ON l.key = e.key";

/// The fields of an entry that resolving needs, borrowed from the row.
pub(super) struct RawEntry<'a> {
    pub key: &'a str,
    pub read: bool,
    /// On the Merkliste since.
    pub merk: Option<i64>,
    /// Empty: none.
    pub note: &'a str,
    pub note_at: Option<i64>,
    pub seen: Option<&'a str>,
}

/// The entries that hold something, read at once: the keys in one string,
/// the rare notes and fingerprints apart. Read on a thread of its own while
/// the archive loads ([`Preloaded::read_file`]), so that attaching the
/// state to the archive only resolves.
#[derive(Debug, Default)]
pub(super) struct Preloaded {
    /// The highest revision when read.
    pub rev: i64,
    keys: String,
    rows: Vec<PreRow>,
    extras: Vec<Extra>,
}

/// 12 bytes a row: a hundred thousand marks take 1.2 MB besides their keys.
#[derive(Debug)]
struct PreRow {
    start: u32,
    len: u16,
    read: bool,
    /// Index into `extras`, or `u32::MAX`: for the few entries with more
    /// than a read mark.
    extra: u32,
}

/// What few entries have: a Merkliste flag, a note, a fingerprint.
#[derive(Debug)]
struct Extra {
    merk: Option<i64>,
    note: String,
    note_at: Option<i64>,
    seen: Option<String>,
}

impl Preloaded {
    /// The store at `path`, through a connection of its own (read-only:
    /// for a thread).
    pub fn read_file(path: &Path) -> Result<Preloaded, StateError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // One pass over the table: a page cache would only hold what was read.
        conn.pragma_update(None, "cache_size", -256)?;
        Preloaded::read(&conn)
    }

    fn read(conn: &Connection) -> Result<Preloaded, StateError> {
        let tx = conn.unchecked_transaction()?;
        let (rev, count): (i64, i64) =
            tx.query_row("SELECT coalesce(max(rev), 0), count(*) FROM entry", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let count = usize::try_from(count).unwrap_or(0);
        let mut p = Preloaded {
            rev,
            keys: String::with_capacity(count * 40),
            rows: Vec::with_capacity(count),
            extras: Vec::new(),
        };
        {
            let mut stmt = tx.prepare(
                "SELECT key, read, merk, merk_at, note, note_at, seen FROM entry WHERE read OR merk OR note <> ''",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let key = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                let (Ok(start), Ok(len)) = (u32::try_from(p.keys.len()), u16::try_from(key.len())) else {
                    continue; // a key of 64 KB, or 4 GB of keys: not ours
                };
                p.keys.push_str(key);
                let merk: bool = r.get(2)?;
                let note = r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
                let seen = r.get_ref(6)?.as_str_or_null().map_err(rusqlite::Error::from)?;
                let extra = if !merk && note.is_empty() && seen.is_none() {
                    u32::MAX
                } else {
                    p.extras.push(Extra {
                        merk: if merk { Some(r.get::<_, Option<i64>>(3)?.unwrap_or(0)) } else { None },
                        note: note.to_owned(),
                        note_at: r.get(5)?,
                        seen: seen.map(str::to_owned),
                    });
                    p.extras.len() as u32 - 1
                };
                p.rows.push(PreRow { start, len, read: r.get(1)?, extra });
            }
        }
        tx.commit()?;
        Ok(p)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn key(&self, i: usize) -> &str {
        let r = &self.rows[i];
        &self.keys[r.start as usize..r.start as usize + usize::from(r.len)]
    }

    /// Entry `i` as [`RawEntry`].
    pub fn entry(&self, i: usize) -> RawEntry<'_> {
        let r = &self.rows[i];
        let (merk, note, note_at, seen) = match self.extras.get(r.extra as usize) {
            Some(x) => (x.merk, x.note.as_str(), x.note_at, x.seen.as_deref()),
            None => (None, "", None, None),
        };
        RawEntry { key: self.key(i), read: r.read, merk, note, note_at, seen }
    }
}

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        key: r.get(0)?,
        label: Label { kind: r.get(1)?, nummer: r.get(2)?, titel: r.get(3)? },
        read: Flag { on: r.get(4)?, at: r.get(5)? },
        merk: Flag { on: r.get(6)?, at: r.get(7)? },
        note: r.get(8)?,
        note_at: r.get(9)?,
        seen: r.get(10)?,
        rev: r.get(11)?,
    })
}

/// One field of an entry, as a write sets it.
pub(super) enum Field<'a> {
    Read(bool),
    /// On or off, and the fingerprint seen when put on the list.
    Merk(bool, Option<&'a str>),
    Note(&'a str),
    Seen(&'a str),
}

/// What the file turned out to be when opened.
enum Opened {
    Ready(Connection),
    /// Not usable: why, and the entries that could be read from it.
    Unusable(String, Vec<Entry>),
}

impl Store {
    /// Opens (or creates) the store at `path`. Never fails: a store that
    /// cannot be used is replaced by one in memory, [`Store::problem`] says
    /// why, and the file is left as it was.
    pub fn open(path: &Path) -> Store {
        let (conn, problem, rows) = match open_file(path) {
            Ok(Opened::Ready(conn)) => {
                // Checkpoints are the thread's (see `start_checkpoints`).
                let _ = conn.pragma_update(None, "wal_autocheckpoint", 0);
                let mut store = Store {
                    conn,
                    path: Some(path.to_path_buf()),
                    access: Access::Saved,
                    problem: None,
                    data_version: 0,
                    _checkpoints: start_checkpoints(path),
                };
                store.data_version = store.read_data_version().unwrap_or(0);
                return store;
            }
            Ok(Opened::Unusable(why, rows)) => (memory(), why, rows),
            Err(e) => (memory(), s::zustand_nicht_nutzbar(&crate::text::display_name(path), &e), Vec::new()),
        };
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            access: Access::Session,
            problem: Some(problem),
            data_version: 0,
            _checkpoints: None,
        };
        for e in &rows {
            // Into memory: cannot fail for want of space or locks.
            let _ = store.put(e);
        }
        store
    }

    /// A store in memory only (no user directory, tests).
    pub fn in_memory() -> Store {
        Store {
            conn: memory(),
            path: None,
            access: Access::Session,
            problem: None,
            data_version: 0,
            _checkpoints: None,
        }
    }

    /// An empty store in memory that names `path` (where the store would
    /// be): for reading when there is no file yet.
    pub fn in_memory_at(path: &Path) -> Store {
        Store { path: Some(path.to_path_buf()), ..Store::in_memory() }
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// Why the state is not saved, in German, for the status line.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Gives up on the file after it turned out damaged while in use: what
    /// can still be read of it goes on in memory; the file is not touched
    /// again.
    pub fn fall_back(&mut self) {
        if self.access == Access::Session {
            return;
        }
        let path = self.path.clone().unwrap_or_default();
        self.conn = memory();
        self._checkpoints = None;
        self.access = Access::Session;
        self.problem = Some(s::zustand_beschaedigt(&crate::text::display_name(&path)));
        for e in salvage(&path) {
            let _ = self.put(&e);
        }
    }

    fn read_data_version(&self) -> rusqlite::Result<i64> {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))
    }

    /// Whether another process committed changes since the last call (or
    /// since opening): one cheap pragma, no reading of rows.
    pub fn changed_elsewhere(&mut self) -> bool {
        match self.read_data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                true
            }
            _ => false,
        }
    }

    /// Sets one field of the entry for `key`, and the record's current
    /// label, in one committed transaction; returns the entry's revision.
    pub(super) fn set(
        &mut self,
        key: &str,
        label: &Label,
        field: Field<'_>,
        now: i64,
    ) -> Result<i64, StateError> {
        use rusqlite::types::Value;
        // Each: the columns it sets, the values, and how a conflict updates.
        let (columns, values, update): (&str, [Value; 3], &str) = match field {
            Field::Read(on) => (
                "read, read_at",
                [on.into(), now.into(), Value::Null],
                "read = excluded.read, read_at = excluded.read_at",
            ),
            Field::Merk(on, seen) => (
                "merk, merk_at, seen",
                [on.into(), now.into(), seen.map(str::to_owned).into()],
                "merk = excluded.merk, merk_at = excluded.merk_at, seen = coalesce(excluded.seen, seen)",
            ),
            Field::Note(text) => (
                "note, note_at",
                [text.to_owned().into(), now.into(), Value::Null],
                "note = excluded.note, note_at = excluded.note_at",
            ),
            Field::Seen(fp) => {
                ("seen", [fp.to_owned().into(), Value::Null, Value::Null], "seen = excluded.seen")
            }
        };
        let n = columns.split(',').count();
        let placeholders: Vec<String> = (2..2 + n).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO entry (key, {columns}, rev)
             VALUES (?1, {}, (SELECT coalesce(max(rev), 0) + 1 FROM entry))
             ON CONFLICT (key) DO UPDATE SET {update}, rev = excluded.rev
             RETURNING rev",
            placeholders.join(", ")
        );
        self.write_all(|st| {
            let rev = {
                let mut stmt = st.conn.prepare_cached(&sql)?;
                let params = std::iter::once(&key as &dyn rusqlite::ToSql)
                    .chain(values[..n].iter().map(|v| v as &dyn rusqlite::ToSql));
                stmt.query_row(rusqlite::params_from_iter(params), |r| r.get(0))?
            };
            st.put_label(key, label)?;
            Ok(rev)
        })
    }

    /// Stores the label of `key`, if it is one (a write without a label
    /// keeps the stored one); rewrites nothing that is unchanged.
    fn put_label(&mut self, key: &str, label: &Label) -> Result<(), StateError> {
        if label.kind.is_empty() {
            return Ok(());
        }
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO label (key, kind, nummer, titel) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, nummer = excluded.nummer, titel = excluded.titel
             WHERE kind <> excluded.kind OR nummer <> excluded.nummer OR titel <> excluded.titel",
        )?;
        stmt.execute(params![key, label.kind, label.nummer, label.titel])?;
        Ok(())
    }

    /// The label stored for `key`.
    pub fn label(&self, key: &str) -> Result<Label, StateError> {
        let mut stmt = self.conn.prepare_cached("SELECT kind, nummer, titel FROM label WHERE key = ?1")?;
        let label = stmt
            .query_row([key], |r| Ok(Label { kind: r.get(0)?, nummer: r.get(1)?, titel: r.get(2)? }))
            .optional()?;
        Ok(label.unwrap_or_default())
    }

    /// Writes a whole entry as given (a new revision), replacing what was
    /// stored for its key.
    /// (Within [`Store::write_all`] when more than this is to be atomic.)
    pub(super) fn put(&mut self, e: &Entry) -> Result<i64, StateError> {
        let rev = {
            let mut stmt = self.conn.prepare_cached(
                "INSERT OR REPLACE INTO entry (key, read, read_at, merk, merk_at, note, note_at, seen, rev)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT coalesce(max(rev), 0) + 1 FROM entry))
                 RETURNING rev",
            )?;
            stmt.query_row(
                params![e.key, e.read.on, e.read.at, e.merk.on, e.merk.at, e.note, e.note_at, e.seen],
                |r| r.get(0),
            )?
        };
        self.put_label(&e.key, &e.label)?;
        Ok(rev)
    }

    /// Runs `f` in one write transaction (taken at once, so that it waits
    /// for other writers instead of failing half-way); committed when `f`
    /// returns Ok, else rolled back.
    /// Nested calls run in the outer transaction.
    pub(super) fn write_all<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, StateError>,
    ) -> Result<T, StateError> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = f(self);
        match result {
            Ok(v) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e.into());
                }
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// The entry stored for `key`.
    pub fn get(&self, key: &str) -> Result<Option<Entry>, StateError> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE e.key = ?1"))?;
        Ok(stmt.query_row([key], row_entry).optional()?)
    }

    /// Every entry that holds something (a mark, a note), in key order;
    /// with `all`, also those whose fields are all switched off.
    pub fn entries(&self, all: bool) -> Result<Vec<Entry>, StateError> {
        let filter = if all { "" } else { "WHERE e.read OR e.merk OR e.note <> ''" };
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS} FROM {FROM} {filter} ORDER BY e.key"))?;
        let rows = stmt.query_map([], row_entry)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every entry that holds something, as resolving needs it; see
    /// [`Preloaded`].
    pub(super) fn preload(&self) -> Result<Preloaded, StateError> {
        Preloaded::read(&self.conn)
    }

    /// The entries changed after revision `rev` (by any process), and the
    /// highest revision now.
    pub fn changed_since(&self, rev: i64) -> Result<(Vec<Entry>, i64), StateError> {
        let tx = self.conn.unchecked_transaction()?;
        let max: i64 = tx.query_row("SELECT coalesce(max(rev), 0) FROM entry", [], |r| r.get(0))?;
        let rows = {
            let mut stmt =
                tx.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE e.rev > ?1 ORDER BY e.rev"))?;
            stmt.query_map([rev], row_entry)?.collect::<Result<Vec<_>, _>>()?
        };
        tx.commit()?;
        Ok((rows, max))
    }

    /// How many entries hold a read mark, a Merkliste flag, a note.
    pub fn counts(&self) -> Result<(usize, usize, usize), StateError> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(read), 0), coalesce(sum(merk), 0), coalesce(sum(note <> ''), 0) FROM entry",
            [],
            |r| {
                Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize))
            },
        )?)
    }

    /// `synchronous=FULL` instead of `NORMAL`: a commit is on the disk,
    /// not only in the system's cache, when it returns (for the bench).
    pub fn set_full_sync(&mut self, full: bool) -> Result<(), StateError> {
        self.conn.pragma_update(None, "synchronous", if full { "FULL" } else { "NORMAL" })?;
        Ok(())
    }
}

fn memory() -> Connection {
    // Opening a database in memory fails only without memory for it.
    let conn = Connection::open_in_memory().expect("SQLite in memory");
    migrate(&conn, 0).expect("the schema in memory");
    conn
}

/// Brings the schema from `from` to [`SCHEMA_VERSION`].
fn migrate(conn: &Connection, from: i64) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(())
}

/// What the file holds before anything is written: its schema version and
/// whether it has tables at all. Read through a read-only connection, so
/// that a file that turns out unusable is not touched.
fn inspect(path: &Path) -> rusqlite::Result<(i64, bool)> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((version, tables > 0))
}

/// The entries that can be read from a file that is not used otherwise,
/// as far as they can be read (read-only; nothing is written).
fn salvage(path: &Path) -> Vec<Entry> {
    let read = || -> rusqlite::Result<Vec<Entry>> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM {FROM}"))?;
        let mut out = Vec::new();
        let mut rows = stmt.query([])?;
        // Stops at the first row that cannot be read; keeps those before.
        while let Ok(Some(row)) = rows.next() {
            match row_entry(row) {
                Ok(e) => out.push(e),
                Err(_) => break,
            }
        }
        Ok(out)
    };
    read().unwrap_or_default()
}

fn open_file(path: &Path) -> std::io::Result<Opened> {
    let name = crate::text::display_name(path);
    let existed = path.exists();
    if existed {
        match inspect(path) {
            Err(e) if is_damage(&e) => {
                return Ok(Opened::Unusable(s::zustand_beschaedigt(&name), Vec::new()));
            }
            Ok((v, _)) if v > SCHEMA_VERSION => {
                return Ok(Opened::Unusable(s::zustand_neuer(&name, v), salvage(path)));
            }
            Ok((0, true)) => return Ok(Opened::Unusable(s::zustand_fremd(&name), Vec::new())),
            // Other errors (a lock, a missing -shm that a read-only
            // connection may not create) are for the real open to meet.
            _ => {}
        }
    } else if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let unusable = |e: rusqlite::Error| -> std::io::Result<Opened> {
        if is_damage(&e) {
            Ok(Opened::Unusable(s::zustand_beschaedigt(&name), Vec::new()))
        } else {
            Ok(Opened::Unusable(
                s::zustand_nicht_nutzbar(&name, &std::io::Error::other(describe(&e))),
                Vec::new(),
            ))
        }
    };
    let conn = match Connection::open(path) {
        Ok(c) => c,
        Err(e) => return unusable(e),
    };
    if !existed {
        restrict(path);
    }
    match setup(&conn) {
        Ok(None) => Ok(Opened::Ready(conn)),
        Ok(Some(v)) => {
            drop(conn);
            Ok(Opened::Unusable(s::zustand_neuer(&name, v), salvage(path)))
        }
        Err(e) => unusable(e),
    }
}

/// Settings, then the schema: created or migrated in one write
/// transaction, after checking the version again inside it (another process
/// may have been first). Returns the file's version if it is newer.
fn setup(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Ok(Some(version));
    }
    // WAL: readers never wait for the writer, and a commit is one append.
    // The mode is kept in the file; setting it again costs nothing.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    debug_assert!(mode.eq_ignore_ascii_case("wal") || mode.eq_ignore_ascii_case("memory"));
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    if version < SCHEMA_VERSION {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = (|| {
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version > SCHEMA_VERSION {
                return Ok(Some(version));
            }
            migrate(conn, version)?;
            Ok(None)
        })();
        match &result {
            Ok(_) => conn.execute_batch("COMMIT")?,
            Err(_) => {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
        return result;
    }
    Ok(None)
}

/// Creates the data directory, readable only by the user (notes are
/// private).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// A new store file is the user's alone (SQLite gives its -wal and -shm
/// files the same permissions).
fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}
