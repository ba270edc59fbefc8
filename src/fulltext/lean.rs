//! Keeping a build's memory small: issue 15's bar is the peak of loading
//! the archive and building its index at most the JSON's bytes, and the
//! loaded archive alone holds 0.80× of them. Measured on the benchmark
//! archive (BENCHMARKS.md, "Full-text search"), each of these took
//! 10–20 MB off the peak:
//!
//! - [`ShedDirectory`]: tantivy reads segments through memory maps, and
//!   every page a merge reads stays in the process's resident set until
//!   the segment is unmapped (20 MB and more at each merge). The build's
//!   directory hands out the same maps, and a thread drops their pages
//!   from the process every millisecond (`MADV_DONTNEED`): they stay in the
//!   page cache, and the next read maps them again from there.
//! - [`Queue`]: tantivy's queue takes up to 10,000 documents before
//!   `add_document` waits; reading texts is faster than indexing them, so
//!   it stayed full (several MB of texts). The build waits instead while a
//!   few dozen are queued.
//! - [`Allocator`] and [`give_back`]: glibc keeps what threads free for
//!   their next allocations, and tantivy's threads free a segment's
//!   memory each time one is written or merged.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, FileHandle, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::{Document, TantivyDocument};

/// A memory map of one index file, as tantivy's directory made it.
#[derive(Debug)]
struct Mapped {
    whole: OwnedBytes,
}

impl tantivy::HasLen for Mapped {
    fn len(&self) -> usize {
        self.whole.len()
    }
}

impl FileHandle for Mapped {
    fn read_bytes(&self, range: std::ops::Range<usize>) -> std::io::Result<OwnedBytes> {
        Ok(self.whole.slice(range))
    }
}

impl Mapped {
    /// Drops the pages of the map from this process.
    fn shed(&self) {
        #[cfg(target_os = "linux")]
        if !self.whole.is_empty() {
            // A map starts at a page; the rounding is for safety's sake
            // (madvise wants an aligned start).
            let start = self.whole.as_ptr() as usize;
            let aligned = start & !4095;
            // SAFETY: the range lies inside a read-only shared map of a
            // file that is alive while `self` is (it holds the map).
            // MADV_DONTNEED on such a map changes no content: a later read
            // faults the page in again from the file.
            unsafe {
                libc::madvise(
                    aligned as *mut libc::c_void,
                    start - aligned + self.whole.len(),
                    libc::MADV_DONTNEED,
                );
            }
        }
    }
}

/// tantivy's directory of memory maps, whose maps lose their pages every
/// [`ShedDirectory::PERIOD`] while the directory lives.
#[derive(Clone, Debug)]
pub struct ShedDirectory {
    inner: MmapDirectory,
    maps: Arc<Mutex<Vec<Weak<Mapped>>>>,
    _shedder: Arc<Shedder>,
}

#[derive(Debug)]
struct Shedder {
    stop: Arc<AtomicBool>,
}

impl Drop for Shedder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl ShedDirectory {
    /// How often the maps lose their pages. A merge reads several hundred
    /// MB a second: every 25 ms left peaks 10 MB higher than every 1 ms,
    /// which costs about 3 % of a core during the build.
    pub const PERIOD: Duration = Duration::from_millis(1);

    pub fn open(path: &Path) -> tantivy::Result<ShedDirectory> {
        let inner = MmapDirectory::open(path)?;
        let maps: Arc<Mutex<Vec<Weak<Mapped>>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (m, s) = (Arc::downgrade(&maps), stop.clone());
        // Without the thread the build is as correct, only larger.
        let _ = std::thread::Builder::new().name("volltext-shed".into()).spawn(move || {
            while !s.load(Ordering::Relaxed) {
                std::thread::sleep(Self::PERIOD);
                let Some(maps) = m.upgrade() else { return };
                let live: Vec<Arc<Mapped>> = {
                    let mut maps = maps.lock().unwrap_or_else(|e| e.into_inner());
                    maps.retain(|w| w.strong_count() > 0);
                    maps.iter().filter_map(Weak::upgrade).collect()
                };
                for m in &live {
                    m.shed();
                }
            }
        });
        Ok(ShedDirectory { inner, maps, _shedder: Arc::new(Shedder { stop }) })
    }
}

impl Directory for ShedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let handle = self.inner.get_file_handle(path)?;
        let whole = handle
            .read_bytes(0..handle.len())
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_owned()))?;
        let mapped = Arc::new(Mapped { whole });
        self.maps.lock().unwrap_or_else(|e| e.into_inner()).push(Arc::downgrade(&mapped));
        Ok(mapped)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A document in tantivy's queue, counted in its [`Queue`] until the
/// indexer is done with it. Boxed: tantivy's queue has room for 10,000
/// operations of this size whether they are used or not (2.8 MB for an
/// unboxed document).
pub struct Queued(Box<(TantivyDocument, Slot)>);

struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Release);
    }
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.0.0.iter_fields_and_values()
    }
}

/// Counts the documents given to tantivy and not yet indexed.
#[derive(Default)]
pub struct Queue {
    pending: Arc<AtomicUsize>,
}

impl Queue {
    /// The longest one [`Queue::put`] waits. tantivy's indexing thread
    /// writes a segment now and then (a second or so), and a thread that
    /// failed (a full disk) never takes another document: after this the
    /// document goes in all the same, and `add_document` says whether the
    /// writer still works. Without the limit a failed writer left the
    /// build waiting for ever.
    pub const MAX_WAIT: Duration = Duration::from_secs(1);

    /// `doc`, counted; waits first while `limit` are queued (at most
    /// [`Queue::MAX_WAIT`]).
    pub fn put(&self, doc: TantivyDocument, limit: usize) -> Queued {
        let since = std::time::Instant::now();
        while self.pending.load(Ordering::Acquire) >= limit && since.elapsed() < Self::MAX_WAIT {
            std::thread::sleep(Duration::from_micros(200));
        }
        self.pending.fetch_add(1, Ordering::AcqRel);
        Queued(Box::new((doc, Slot(self.pending.clone()))))
    }
}

/// Gives what the allocator holds free back to the system (glibc: every
/// thread's arena; a few ms).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// glibc's allocator set for a build while this lives. Blocks from 128 KB
/// up are mapped on their own and unmapped when freed: tantivy's arena
/// pages (1 MB each, most of them zeroed and never written) and a merge's
/// buffers. glibc raises that threshold itself after large blocks are
/// freed (loading the archive frees its files' buffers), and above it they
/// stay in the heap, resident, when freed; fixed at 128 KB the build's
/// peak was 10 MB lower. Dropping it fixes the threshold at 32 MB, the
/// highest glibc would raise it to (fixed once, it no longer moves), and
/// gives back what was freed.
pub struct Allocator(());

impl Allocator {
    /// Where the threshold is while building.
    const BUILD_THRESHOLD: i32 = 128 << 10;
    /// glibc's `DEFAULT_MMAP_THRESHOLD_MAX` on 64-bit systems.
    const AFTER_THRESHOLD: i32 = 32 << 20;

    pub fn for_build() -> Allocator {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: mallopt changes a tuning value of the allocator; blocks
        // already handed out are not affected.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, Self::BUILD_THRESHOLD);
        }
        Allocator(())
    }
}

impl Drop for Allocator {
    fn drop(&mut self) {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: as in for_build.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, Self::AFTER_THRESHOLD);
        }
        give_back();
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use tantivy::directory::TerminatingWrite;

    use super::*;

    #[test]
    fn the_queue_counts_the_documents_tantivy_still_holds() {
        let q = Queue::default();
        let a = q.put(TantivyDocument::default(), 2);
        let b = q.put(TantivyDocument::default(), 2);
        assert_eq!(q.pending.load(Ordering::Acquire), 2);
        drop(a);
        assert_eq!(q.pending.load(Ordering::Acquire), 1);
        // Room for one again: does not wait.
        let c = q.put(TantivyDocument::default(), 2);
        drop((b, c));
        assert_eq!(q.pending.load(Ordering::Acquire), 0);
    }

    #[test]
    fn a_queue_nobody_takes_from_waits_a_second_not_for_ever() {
        let q = Queue::default();
        let _held = q.put(TantivyDocument::default(), 1);
        let start = std::time::Instant::now();
        let _more = q.put(TantivyDocument::default(), 1);
        let waited = start.elapsed();
        assert!(waited >= Queue::MAX_WAIT && waited < Queue::MAX_WAIT * 3, "{waited:?}");
        assert_eq!(q.pending.load(Ordering::Acquire), 2);
    }

    #[test]
    fn a_map_that_lost_its_pages_reads_the_same() {
        let dir = std::env::temp_dir().join(format!("ratsinfo-lean-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let d = ShedDirectory::open(&dir).unwrap();
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut w = d.open_write(Path::new("f")).unwrap();
        w.write_all(&bytes).unwrap();
        w.terminate().unwrap();
        let handle = d.get_file_handle(Path::new("f")).unwrap();
        let read = handle.read_bytes(1000..150_000).unwrap();
        assert_eq!(read.as_slice(), &bytes[1000..150_000]);
        // The thread sheds meanwhile; and once more by hand.
        std::thread::sleep(ShedDirectory::PERIOD * 5);
        d.maps.lock().unwrap().iter().filter_map(Weak::upgrade).for_each(|m| m.shed());
        assert_eq!(read.as_slice(), &bytes[1000..150_000]);
        assert_eq!(handle.read_bytes(0..bytes.len()).unwrap().as_slice(), &bytes[..]);
        drop((read, handle, d));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
