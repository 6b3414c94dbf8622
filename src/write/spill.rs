//! Where the Parquet writer keeps a row group's finished pages until the row group is
//! closed: in an anonymous temporary file rather than on the heap.
//!
//! A Parquet column chunk must be contiguous in the file, so every column's pages are
//! held back until the row group closes. On the heap that costs up to a whole row group
//! (64 MiB of compressed text for `documents`), and how much of it a run reaches
//! depends on the corpus size. In a file the heap holds only the page being encoded.
//! The pages and their order are the same either way: only where they wait changes,
//! so the Parquet bytes do not.

use bytes::Bytes;
use parquet::arrow::arrow_writer::{PageKey, PageStore, PageStoreArgs, PageStoreFactory};
use parquet::errors::{ParquetError, Result};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// Makes one [`SpilledPages`] per column chunk, in a folder of the caller's choice
/// (the release's staging folder, so the data never leaves the output's file system).
#[derive(Debug)]
pub(crate) struct SpillFactory {
    dir: PathBuf,
}

impl SpillFactory {
    /// Spills into anonymous files created in `dir`.
    pub(crate) fn new(dir: impl Into<PathBuf>) -> Self {
        SpillFactory { dir: dir.into() }
    }
}

impl PageStoreFactory for SpillFactory {
    fn create(&self, _args: &PageStoreArgs<'_>) -> Result<Box<dyn PageStore>> {
        // Anonymous: the file has no name, so it vanishes when the store is dropped
        // (or the process dies) and never shows up in the release folder.
        let file =
            tempfile::tempfile_in(&self.dir).map_err(|e| ParquetError::External(Box::new(e)))?;
        Ok(Box::new(SpilledPages {
            file,
            end: 0,
            pages: Vec::new(),
        }))
    }
}

/// The pages of one column chunk, appended to a file and read back once each.
struct SpilledPages {
    file: File,
    /// Length of the file so far.
    end: u64,
    /// Offset and length of each page, by key.
    pages: Vec<(u64, usize)>,
}

impl PageStore for SpilledPages {
    fn put(&mut self, value: Bytes) -> Result<PageKey> {
        // A take in between moved the file position: pages go at the end all the same.
        self.file.seek(SeekFrom::Start(self.end))?;
        self.file.write_all(&value)?;
        let key = PageKey::new(self.pages.len() as u64);
        self.pages.push((self.end, value.len()));
        self.end += value.len() as u64;
        Ok(key)
    }

    fn take(&mut self, key: PageKey) -> Result<Bytes> {
        let (offset, len) = usize::try_from(key.get())
            .ok()
            .and_then(|i| self.pages.get(i).copied())
            .ok_or_else(|| ParquetError::General(format!("no spilled page {}", key.get())))?;
        let mut page = vec![0u8; len];
        // Seek and read rather than a positioned read (`FileExt`), which is Unix-only.
        self.file.seek(SeekFrom::Start(offset))?;
        self.file.read_exact(&mut page)?;
        Ok(Bytes::from(page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use parquet::arrow::arrow_writer::{ArrowWriter, ArrowWriterOptions};
    use parquet::file::properties::WriterProperties;
    use std::sync::Arc;

    /// Writes `batch` several times in small row groups, spilled or not.
    fn parquet_bytes(batch: &RecordBatch, spill: Option<&std::path::Path>) -> Vec<u8> {
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(700))
            .set_data_page_row_count_limit(100)
            .build();
        let mut options = ArrowWriterOptions::new().with_properties(props);
        if let Some(dir) = spill {
            options = options.with_page_store_factory(Arc::new(SpillFactory::new(dir)));
        }
        let mut out = Vec::new();
        let mut writer =
            ArrowWriter::try_new_with_options(&mut out, batch.schema(), options).expect("writer");
        for _ in 0..3 {
            writer.write(batch).expect("write");
        }
        writer.close().expect("close");
        out
    }

    #[test]
    fn spilled_pages_give_the_same_file_and_leave_nothing_behind() {
        let n = 1000;
        let text: ArrayRef = Arc::new(StringArray::from_iter_values(
            (0..n).map(|i| format!("zin {i} met wat tekst erbij")),
        ));
        let numbers: ArrayRef = Arc::new(Int64Array::from_iter_values(0..n as i64));
        let batch = RecordBatch::try_from_iter([("text", text), ("n", numbers)]).expect("batch");
        let dir = tempfile::tempdir().expect("temp dir");
        let spilled = parquet_bytes(&batch, Some(dir.path()));
        assert_eq!(spilled, parquet_bytes(&batch, None));
        assert!(spilled.len() > 10_000, "{} bytes", spilled.len());
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert!(left.is_empty(), "{left:?}");
    }

    /// A store over a fresh anonymous file (gone when the store is dropped).
    fn empty_store() -> SpilledPages {
        SpilledPages {
            file: tempfile::tempfile().expect("file"),
            end: 0,
            pages: Vec::new(),
        }
    }

    #[test]
    fn an_unknown_key_is_an_error_not_a_panic() {
        let mut store = empty_store();
        let key = store.put(Bytes::from_static(b"page")).expect("put");
        assert_eq!(&store.take(key).expect("take")[..], b"page");
        assert!(store.take(PageKey::new(7)).is_err());
    }

    #[test]
    fn a_page_put_after_a_take_does_not_overwrite_the_pages_before_it() {
        let mut store = empty_store();
        let first = store.put(Bytes::from_static(b"first")).expect("put");
        let second = store.put(Bytes::from_static(b"second")).expect("put");
        // The read leaves the file position after `first`, on top of `second`.
        assert_eq!(&store.take(first).expect("take")[..], b"first");
        let third = store.put(Bytes::from_static(b"third")).expect("put");
        assert_eq!(&store.take(third).expect("take")[..], b"third");
        assert_eq!(&store.take(second).expect("take")[..], b"second");
        let fourth = store.put(Bytes::from_static(b"fourth")).expect("put");
        assert_eq!(&store.take(fourth).expect("take")[..], b"fourth");
        assert_eq!(store.file.metadata().expect("metadata").len(), 22);
    }
}
