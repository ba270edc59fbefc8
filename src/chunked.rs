//! A list of records kept in the vectors they were parsed into.
//!
//! Merging used to move every record of every file into one vector, which
//! grew by doubling: for a large archive that touched fresh memory for
//! hundreds of megabytes, and the page faults and copies were most of
//! merging. Now a file's vector is handed over whole; small ones (an OParl
//! mirror has one record per file) fill chunks of [`OWN_CHUNK`] records,
//! which never grow, so that finding a record by index stays a short binary
//! search and no chunk is ever copied. A vector is small below [`KEEP`]
//! records: an export file of 850 records, copied into a chunk, cost the
//! copy and a page fault per 4 KB of it.

use std::ops::{Index, IndexMut};

/// Vectors of at least this many records are kept as they are, as chunks of
/// their own; smaller ones are moved into chunks of [`OWN_CHUNK`].
const KEEP: usize = 128;

/// The capacity of a chunk that small vectors are moved into.
const OWN_CHUNK: usize = 1024;

#[derive(Debug)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    /// The index of each chunk's first record.
    starts: Vec<usize>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked { chunks: Vec::new(), starts: Vec::new(), len: 0 }
    }
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.chunks.iter().flatten()
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> + '_ {
        self.chunks.iter_mut().flatten()
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        let (c, j) = self.locate(i)?;
        Some(&self.chunks[c][j])
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        let (c, j) = self.locate(i)?;
        Some(&mut self.chunks[c][j])
    }

    /// Where the records split into two parts of about equal length, at a
    /// chunk's start: the number of chunks of the first part, and the index
    /// of the second part's first record.
    fn half(&self) -> (usize, usize) {
        let c = self.starts.partition_point(|&s| s <= self.len / 2).min(self.chunks.len());
        (c, self.starts.get(c).copied().unwrap_or(self.len))
    }

    /// The records in two parts of about equal length (for two threads),
    /// each with the index of its first record.
    pub fn halves(&self) -> [(usize, impl Iterator<Item = &T>); 2] {
        let (c, second) = self.half();
        let (a, b) = self.chunks.split_at(c);
        [(0, a.iter().flatten()), (second, b.iter().flatten())]
    }

    /// [`Chunked::halves`], to change the records.
    pub fn halves_mut(&mut self) -> [(usize, impl Iterator<Item = &mut T>); 2] {
        let (c, second) = self.half();
        let (a, b) = self.chunks.split_at_mut(c);
        [(0, a.iter_mut().flatten()), (second, b.iter_mut().flatten())]
    }

    fn locate(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.len {
            return None;
        }
        let c = self.starts.partition_point(|&s| s <= i) - 1;
        Some((c, i - self.starts[c]))
    }

    /// Adds `records` at the end, taking over their vector if it is large.
    pub fn append(&mut self, mut records: Vec<T>) {
        if records.is_empty() {
            return;
        }
        let n = records.len();
        match self.chunks.last_mut() {
            // Into the room the last chunk has: it never grows.
            Some(last) if n < KEEP && last.capacity() - last.len() >= n => last.append(&mut records),
            _ if n < KEEP => {
                let mut chunk = Vec::with_capacity(OWN_CHUNK);
                chunk.append(&mut records);
                self.starts.push(self.len);
                self.chunks.push(chunk);
            }
            _ => {
                self.starts.push(self.len);
                self.chunks.push(records);
            }
        }
        self.len += n;
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(r) => r,
            None => panic!("record {i} of {}", self.len),
        }
    }
}

impl<T> IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        let len = self.len;
        match self.get_mut(i) {
            Some(r) => r,
            None => panic!("record {i} of {len}"),
        }
    }
}

impl<'a, T> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_run_across_chunks_large_and_small() {
        let mut r = Chunked::default();
        let mut expected = Vec::new();
        for size in [3, 2000, 0, 1, 1500, 1023, 1024, 7] {
            let chunk: Vec<usize> = (expected.len()..expected.len() + size).collect();
            expected.extend(chunk.iter().copied());
            r.append(chunk);
        }
        r.append(vec![expected.len()]);
        expected.push(expected.len());
        assert_eq!(r.len(), expected.len());
        assert!(r.iter().copied().eq(expected.iter().copied()));
        for (i, &e) in expected.iter().enumerate() {
            assert_eq!(r[i], e);
        }
        assert_eq!(r.get(r.len()), None);
        r[2500] = 0;
        assert_eq!(r.get(2500), Some(&0));
        // Small vectors were moved into chunks; the others kept as they are.
        assert_eq!(r.chunks.len(), 7);
        assert_eq!(r.chunks.iter().map(Vec::len).collect::<Vec<_>>(), [3, 2000, 1, 1500, 1023, 1024, 8]);
    }

    #[test]
    fn halves_cover_every_record_once_in_order() {
        for sizes in [&[][..], &[5], &[3, 2000, 1, 1500], &[2000, 1, 1], &[1024, 1024, 1024]] {
            let mut r = Chunked::default();
            let mut n = 0;
            for &size in sizes {
                r.append((n..n + size).collect());
                n += size;
            }
            let [(at_a, a), (at_b, b)] = r.halves();
            let (a, b): (Vec<usize>, Vec<usize>) = (a.copied().collect(), b.copied().collect());
            assert_eq!((at_a, at_b), (0, a.len()), "{sizes:?}");
            assert!(a.iter().chain(&b).copied().eq(0..n), "{sizes:?}");
            let [(_, a), (_, b)] = r.halves_mut();
            a.chain(b).for_each(|x| *x += 1);
            assert!(r.iter().copied().eq(1..n + 1), "{sizes:?}");
        }
    }

    /// A mirror hands over one record per file: they fill chunks that
    /// never grow, so no chunk is ever copied into a larger one.
    #[test]
    fn single_records_fill_chunks_that_never_grow() {
        let mut r = Chunked::default();
        for i in 0..5000 {
            r.append(vec![i]);
        }
        assert_eq!(r.len(), 5000);
        assert!(r.iter().copied().eq(0..5000));
        assert_eq!(r.chunks.len(), 5000usize.div_ceil(OWN_CHUNK));
        assert!(r.chunks.iter().all(|c| c.capacity() == OWN_CHUNK), "a chunk grew");
        assert_eq!(r[4321], 4321);
    }
}
