//! Records that would otherwise grow with the corpus, kept in bounded memory: up to a
//! fixed number are held, then sorted and written as a run to an anonymous temporary
//! file; reading back merges the runs in order. Exact and deterministic: what comes
//! back is every record in sort order (equal records in the order they were pushed),
//! whatever the number of records held.

use anyhow::Context;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// A multiset of records that spills to sorted runs on disk past a fixed size.
#[derive(Debug, Clone)]
pub struct SortedSpill<T> {
    /// Where runs go; the system's temporary folder when not set.
    dir: Option<PathBuf>,
    /// Records held in memory before they are written as a run.
    capacity: usize,
    held: Vec<T>,
    /// Written runs, oldest first; shared by clones (they are never written again).
    runs: Vec<Arc<Mutex<File>>>,
    len: usize,
}

impl<T> SortedSpill<T> {
    /// An empty set that holds at most `capacity` records (at least 1) in memory.
    pub fn new(capacity: usize) -> Self {
        SortedSpill {
            dir: None,
            capacity: capacity.max(1),
            held: Vec::new(),
            runs: Vec::new(),
            len: 0,
        }
    }

    /// Writes later runs into `dir` (a release's staging folder).
    pub fn spill_into(&mut self, dir: &Path) {
        self.dir = Some(dir.to_path_buf());
    }

    /// Holds at most `capacity` records (at least 1) in memory from the next push on.
    pub(crate) fn hold(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
    }

    /// Number of records pushed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether none were pushed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of runs written to disk so far.
    #[cfg(test)]
    pub fn runs(&self) -> usize {
        self.runs.len()
    }
}

impl<T: Ord + Clone + Serialize + DeserializeOwned> SortedSpill<T> {
    /// Adds a record; writes a run when the memory share is full.
    pub fn push(&mut self, record: T) -> anyhow::Result<()> {
        self.held.push(record);
        self.len += 1;
        if self.held.len() >= self.capacity {
            self.write_run()?;
        }
        Ok(())
    }

    fn write_run(&mut self) -> anyhow::Result<()> {
        // Stable, so equal records keep the order they were pushed in.
        self.held.sort();
        let dir = self.dir.clone().unwrap_or_else(std::env::temp_dir);
        let file = tempfile::tempfile_in(&dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        let mut out = BufWriter::new(file);
        for record in self.held.drain(..) {
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        self.runs.push(Arc::new(Mutex::new(file)));
        Ok(())
    }

    /// Every record in sort order.
    pub fn sorted(&self) -> anyhow::Result<Merged<'_, T>> {
        let mut held = self.held.clone();
        held.sort();
        let mut sources: Vec<Source<'_, T>> = self
            .runs
            .iter()
            .map(|file| Source::Run(BufReader::new(At { file, offset: 0 })))
            .collect();
        sources.push(Source::Held(held.into_iter()));
        let mut heads = BinaryHeap::new();
        for (i, source) in sources.iter_mut().enumerate() {
            if let Some(record) = source.next_record()? {
                heads.push(Reverse(Head { record, source: i }));
            }
        }
        Ok(Merged { sources, heads })
    }
}

/// Two streams sorted by the same order, merged; ties go to `a`. An error is passed on
/// where it stands.
pub(crate) fn merge_sorted<T: Ord>(
    a: impl Iterator<Item = anyhow::Result<T>>,
    b: impl Iterator<Item = anyhow::Result<T>>,
) -> impl Iterator<Item = anyhow::Result<T>> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || {
        let a_first = match (a.peek(), b.peek()) {
            (Some(Ok(x)), Some(Ok(y))) => x <= y,
            (Some(Err(_)), _) | (Some(_), None) => true,
            (Some(Ok(_)), Some(Err(_))) | (None, Some(_)) => false,
            (None, None) => return None,
        };
        if a_first {
            a.next()
        } else {
            b.next()
        }
    })
}

/// Reads a run from its start. Every read seeks to this reader's own offset under the
/// run's lock, so readers of one run (clones, on any thread) share its file position
/// safely; a positioned read (`FileExt`) would not need the lock, but it is Unix-only.
struct At<'a> {
    file: &'a Mutex<File>,
    offset: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // A panic while the lock was held cannot leave a wrong position behind: each
        // read seeks first, so a poisoned lock is as good as any.
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        file.seek(SeekFrom::Start(self.offset))?;
        let n = file.read(buf)?;
        self.offset += n as u64;
        Ok(n)
    }
}

enum Source<'a, T> {
    Run(BufReader<At<'a>>),
    Held(std::vec::IntoIter<T>),
}

impl<T: DeserializeOwned> Source<'_, T> {
    fn next_record(&mut self) -> anyhow::Result<Option<T>> {
        match self {
            Source::Held(records) => Ok(records.next()),
            Source::Run(reader) => {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(None);
                }
                let record = serde_json::from_str(&line).context("a spilled record")?;
                Ok(Some(record))
            }
        }
    }
}

/// The smallest record of one source; ties go to the older source.
struct Head<T> {
    record: T,
    source: usize,
}

impl<T: Ord> Ord for Head<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.record
            .cmp(&other.record)
            .then(self.source.cmp(&other.source))
    }
}

impl<T: Ord> PartialOrd for Head<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T: Ord> PartialEq for Head<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T: Ord> Eq for Head<T> {}

/// The records of a [`SortedSpill`] in order, merged from its runs.
pub struct Merged<'a, T> {
    sources: Vec<Source<'a, T>>,
    heads: BinaryHeap<Reverse<Head<T>>>,
}

impl<T: Ord + DeserializeOwned> Iterator for Merged<'_, T> {
    type Item = anyhow::Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse(head) = self.heads.pop()?;
        match self.sources[head.source].next_record() {
            Ok(Some(record)) => self.heads.push(Reverse(Head {
                record,
                source: head.source,
            })),
            Ok(None) => {}
            Err(err) => {
                // Stop after reporting the error: the order is no longer known.
                self.heads.clear();
                return Some(Err(err));
            }
        }
        Some(Ok(head.record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect<T: Ord + Clone + Serialize + DeserializeOwned>(spill: &SortedSpill<T>) -> Vec<T> {
        spill
            .sorted()
            .expect("merge")
            .collect::<anyhow::Result<_>>()
            .expect("records")
    }

    #[test]
    fn records_come_back_sorted_whatever_the_capacity() {
        // A fixed pseudo-random sequence with repeats.
        let records: Vec<(u32, String)> = (0..1000u32)
            .map(|i| {
                let k = i.wrapping_mul(2_654_435_761) % 97;
                (k, format!("r{}\n\"x\"", i % 7))
            })
            .collect();
        let mut expected = records.clone();
        expected.sort();
        let dir = tempfile::tempdir().expect("temp dir");
        for capacity in [1, 7, 100, 5000] {
            let mut spill = SortedSpill::new(capacity);
            spill.spill_into(dir.path());
            for r in &records {
                spill.push(r.clone()).expect("push");
            }
            assert_eq!(spill.len(), 1000);
            assert_eq!(spill.runs(), 1000 / capacity, "capacity {capacity}");
            assert_eq!(collect(&spill), expected, "capacity {capacity}");
            // A clone reads the same runs independently.
            assert_eq!(collect(&spill.clone()), expected);
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert!(left.is_empty(), "runs are anonymous files: {left:?}");
    }

    /// Equal under `Ord`, told apart by `tag`.
    #[derive(Debug, Clone, Serialize, serde::Deserialize)]
    struct Keyed {
        key: u8,
        tag: u32,
    }
    impl Ord for Keyed {
        fn cmp(&self, other: &Self) -> Ordering {
            self.key.cmp(&other.key)
        }
    }
    impl PartialOrd for Keyed {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl PartialEq for Keyed {
        fn eq(&self, other: &Self) -> bool {
            self.key == other.key
        }
    }
    impl Eq for Keyed {}

    #[test]
    fn equal_records_keep_the_order_they_were_pushed_in() {
        let mut spill = SortedSpill::new(3);
        for tag in 0..20u32 {
            spill
                .push(Keyed {
                    key: (tag % 2) as u8,
                    tag,
                })
                .expect("push");
        }
        let tags: Vec<u32> = collect(&spill).iter().map(|k| k.tag).collect();
        let mut expected: Vec<u32> = (0..20).filter(|t| t % 2 == 0).collect();
        expected.extend((0..20).filter(|t| t % 2 == 1));
        assert_eq!(tags, expected);
    }

    /// Record `i`, long enough that a run takes several reads of a `BufReader`.
    fn long(i: u32) -> String {
        format!("{i:04}{}", "x".repeat(1000))
    }

    #[test]
    fn interleaved_readers_and_later_pushes_each_see_every_record() {
        let mut spill = SortedSpill::new(20);
        for i in (0..50).rev() {
            spill.push(long(i)).expect("push");
        }
        assert_eq!(spill.runs(), 2);
        // Two readers of the same runs, taking turns: each must keep its own place.
        let clone = spill.clone();
        let mut a = spill.sorted().expect("merge");
        let mut b = clone.sorted().expect("merge");
        for i in 0..50 {
            assert_eq!(a.next().expect("a record").expect("read"), long(i));
            assert_eq!(b.next().expect("a record").expect("read"), long(i));
        }
        assert!(a.next().is_none() && b.next().is_none());
        // A run written after a read comes back whole, beside the earlier ones.
        for i in 50..70 {
            spill.push(long(i)).expect("push");
        }
        assert_eq!(spill.runs(), 3);
        assert_eq!(collect(&spill), (0..70).map(long).collect::<Vec<_>>());
        assert_eq!(collect(&clone), (0..50).map(long).collect::<Vec<_>>());
    }

    #[test]
    fn an_empty_set_yields_nothing() {
        let spill: SortedSpill<String> = SortedSpill::new(0);
        assert!(spill.is_empty());
        assert_eq!(collect(&spill), Vec::<String>::new());
    }
}
