//! Runs the inputs through the pipeline, chunk by chunk on the worker threads, and hands
//! the results to a writer thread in input order.
//!
//! There is no barrier between batches: a worker that finishes a chunk starts the next
//! one at once, whatever the other workers are doing, and the writer takes each chunk as
//! soon as every chunk before it is done. (With batches, each batch's last chunk left
//! the other workers idle.) A fixed number of chunks may be in flight, from the moment
//! one is started until the writer is done with it, so memory stays bounded. The output
//! does not depend on how the chunks finish: the writer reorders them.

use super::{Shard, BATCH_SIZE};
use crate::annotate::Annotators;
use crate::ingest::{InputFile, InputFiles};
use crate::model::{AnnotatedDocument, Reject};
use crate::pipeline::{self, StageTimings};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver};
use std::sync::Mutex;
use std::time::Instant;

/// What [`stream`] works on.
pub(super) struct Work<'a> {
    /// Every input file.
    pub files: &'a InputFiles,
    /// The share of `files` to process.
    pub shard: Shard,
    pub annotators: &'a Annotators,
    pub pool: &'a rayon::ThreadPool,
    /// Set when the run should stop.
    pub cancel: &'a AtomicBool,
    /// Where each chunk adds its stage timings.
    pub timings: &'a Mutex<StageTimings>,
}

/// Documents a worker annotates together, one annotator at a time (so each annotator's
/// tables stay in the caches while it runs). 32 rather than 16: 8 of 8 alternating
/// pairs of 100 MB releases (README, Speed and memory) ran 1–5% faster, at the same peak
/// memory.
const CHUNK_SIZE: usize = 32;

/// Chunks started but not yet written: two batches' worth, the most the batched
/// pipeline held.
const CHUNKS_IN_FLIGHT: usize = 2 * BATCH_SIZE / CHUNK_SIZE;

/// Processes every file of `work.shard`'s share of `work.files`: `finish` turns each
/// chunk of annotated documents into what the writer takes (on the worker, in
/// parallel), and `consume` takes them one by one in input order on a thread of its
/// own. The first error of either side ends the run; so does `work.cancel`.
pub(super) fn stream<T: Send>(
    work: Work<'_>,
    finish: impl Fn(Vec<Result<AnnotatedDocument, Reject>>) -> anyhow::Result<T> + Sync,
    consume: impl FnMut(T) -> anyhow::Result<()> + Send,
) -> anyhow::Result<()> {
    let Shard { index, count } = work.shard;
    let count = count.max(1);
    let mine = work.files.len().saturating_sub(index).div_ceil(count);
    let chunk = chunk_size(mine, work.pool.current_num_threads());
    let (results, received) = channel::<(usize, anyhow::Result<T>)>();
    // A token per chunk in flight: taken before a chunk starts, given back when it is
    // written. The writer dropping its end (on an error) stops the producer.
    let (tokens, given_back) = sync_channel::<()>(CHUNKS_IN_FLIGHT);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_in_order(received, given_back, consume));
        let produced = work.pool.in_place_scope_fifo(|tasks| {
            for (number, from) in (0..mine).step_by(chunk).enumerate() {
                if work.cancel.load(Ordering::Relaxed) {
                    anyhow::bail!("interrupted: no release was written");
                }
                if tokens.send(()).is_err() {
                    break; // the writer failed; its error is reported below
                }
                // The shard's files `from..from + chunk`, as positions in `work.files`.
                let positions = (from..(from + chunk).min(mine)).map(move |k| index + k * count);
                let (results, finish, work) = (results.clone(), &finish, &work);
                tasks.spawn_fifo(move |_| {
                    // A panic becomes the chunk's error, so that the writer, waiting for
                    // this chunk, stops instead of waiting for ever.
                    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        run_chunk(work, positions, finish)
                    }))
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("internal error: a worker panicked")));
                    let _ = results.send((number, result));
                });
            }
            Ok(())
        });
        drop(results);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        produced.and(written)
    })
}

/// Reads, prepares and annotates the files at `positions`, then `finish`es them.
fn run_chunk<T>(
    work: &Work<'_>,
    positions: impl Iterator<Item = usize>,
    finish: impl Fn(Vec<Result<AnnotatedDocument, Reject>>) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let files: Vec<InputFile> = positions.filter_map(|i| work.files.get(i)).collect();
    let mut mine = StageTimings::default();
    let outcomes = pipeline::process_chunk_timed(&files, work.annotators, &mut mine);
    let started = Instant::now();
    let result = finish(outcomes);
    mine.write += started.elapsed();
    *work.timings.lock().unwrap_or_else(|e| e.into_inner()) += mine;
    result
}

/// The writer's side: takes the chunks as they come, and consumes them in order,
/// giving a token back for each.
fn write_in_order<T>(
    received: Receiver<(usize, anyhow::Result<T>)>,
    given_back: Receiver<()>,
    mut consume: impl FnMut(T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (index, result) in received {
        waiting.insert(index, result);
        while let Some(result) = waiting.remove(&next) {
            consume(result?)?;
            next += 1;
            let _ = given_back.recv();
        }
    }
    // Every sender is gone: all chunks were written, or the producer stopped early
    // (cancelled), which it reports itself.
    Ok(())
}

/// The chunk size for `len` files on `threads` threads: [`CHUNK_SIZE`], or smaller when
/// that would leave fewer than four chunks a thread. The output does not depend on it.
fn chunk_size(len: usize, threads: usize) -> usize {
    (len / threads.max(1) / 4).clamp(1, CHUNK_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, Inventory};
    use std::time::Duration;

    /// `n` small articles `d00.txt`, `d01.txt`… in a new folder.
    fn articles(n: usize) -> (tempfile::TempDir, Inventory) {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..n {
            let text = format!(" date 2025-03-18\nArtikel {i} over Rusland.\n");
            std::fs::write(dir.path().join(format!("d{i:02}.txt")), text).expect("write");
        }
        let inventory = ingest::scan(dir.path()).expect("scan");
        (dir, inventory)
    }

    /// The sources of a chunk's documents (or rejects), in order.
    fn sources(outcomes: &[Result<AnnotatedDocument, Reject>]) -> Vec<String> {
        outcomes
            .iter()
            .map(|o| match o {
                Ok(doc) => doc.document.source.clone(),
                Err(reject) => reject.source.clone(),
            })
            .collect()
    }

    /// Runs `stream` over `inventory` on two threads with `finish`, collecting what the
    /// writer consumes until `fail_at` (a chunk number) makes it fail.
    fn run<T: Send>(
        inventory: &Inventory,
        shard: Shard,
        cancel: bool,
        finish: impl Fn(Vec<Result<AnnotatedDocument, Reject>>) -> anyhow::Result<T> + Sync,
        fail_at: Option<usize>,
    ) -> (anyhow::Result<()>, Vec<T>) {
        let annotators = Annotators::new().expect("annotators");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let (cancel, timings) = (AtomicBool::new(cancel), Mutex::default());
        let work = Work {
            files: &inventory.files,
            shard,
            annotators: &annotators,
            pool: &pool,
            cancel: &cancel,
            timings: &timings,
        };
        let mut consumed = Vec::new();
        let result = stream(work, finish, |item| {
            if fail_at == Some(consumed.len()) {
                anyhow::bail!("the writer failed");
            }
            consumed.push(item);
            Ok(())
        });
        (result, consumed)
    }

    const EVERY: Shard = Shard { index: 0, count: 1 };

    #[test]
    fn chunks_are_written_in_input_order_however_they_finish() {
        let (_dir, inventory) = articles(40);
        // The first chunks take longest, so later ones finish before them.
        let finish = |outcomes: Vec<Result<AnnotatedDocument, Reject>>| {
            let sources = sources(&outcomes);
            let first: u64 = sources[0][1..3].parse().expect("number");
            std::thread::sleep(Duration::from_millis(40u64.saturating_sub(first * 4)));
            Ok(sources)
        };
        let (result, consumed) = run(&inventory, EVERY, false, finish, None);
        result.expect("stream");
        let expected: Vec<String> = (0..40).map(|i| format!("d{i:02}.txt")).collect();
        assert!(consumed.len() > 2, "{} chunks", consumed.len());
        assert_eq!(consumed.concat(), expected);
    }

    #[test]
    fn a_shard_gets_every_nth_file() {
        let (_dir, inventory) = articles(10);
        let shard = Shard { index: 1, count: 3 };
        let (result, consumed) = run(&inventory, shard, false, |o| Ok(sources(&o)), None);
        result.expect("stream");
        assert_eq!(consumed.concat(), ["d01.txt", "d04.txt", "d07.txt"]);
        let past_the_end = Shard {
            index: 12,
            count: 13,
        };
        let (result, consumed) = run(&inventory, past_the_end, false, |o| Ok(sources(&o)), None);
        result.expect("stream");
        assert!(consumed.is_empty());
    }

    #[test]
    fn the_first_error_of_either_side_ends_the_run() {
        let (_dir, inventory) = articles(40);
        let (result, consumed) = run(&inventory, EVERY, false, |o| Ok(sources(&o)), Some(1));
        assert_eq!(result.expect_err("writer").to_string(), "the writer failed");
        assert_eq!(consumed.len(), 1);

        let failing = |o: Vec<Result<AnnotatedDocument, Reject>>| {
            let sources = sources(&o);
            anyhow::ensure!(!sources.contains(&"d20.txt".to_string()), "bad chunk");
            Ok(sources)
        };
        let (result, consumed) = run(&inventory, EVERY, false, failing, None);
        assert_eq!(result.expect_err("finish").to_string(), "bad chunk");
        assert!(
            consumed.concat().len() <= 20,
            "nothing after the failed chunk"
        );
    }

    #[test]
    fn a_panicking_worker_fails_the_run_instead_of_hanging_it() {
        let (_dir, inventory) = articles(40);
        let panicking = |o: Vec<Result<AnnotatedDocument, Reject>>| -> anyhow::Result<()> {
            assert!(!sources(&o).contains(&"d00.txt".to_string()), "a bug");
            Ok(())
        };
        let (result, consumed) = run(&inventory, EVERY, false, panicking, None);
        let error = result.expect_err("panic").to_string();
        assert!(error.contains("panicked"), "{error}");
        assert!(consumed.is_empty());
    }

    #[test]
    fn a_cancelled_run_stops_with_an_error() {
        let (_dir, inventory) = articles(5);
        let (result, consumed) = run(&inventory, EVERY, true, |o| Ok(sources(&o)), None);
        let error = result.expect_err("cancelled").to_string();
        assert!(error.contains("interrupted"), "{error}");
        assert!(consumed.is_empty());
    }

    #[test]
    fn chunks_are_full_unless_that_would_idle_a_thread() {
        assert_eq!(chunk_size(10_000, 2), CHUNK_SIZE);
        assert_eq!(chunk_size(40, 2), 5);
        assert_eq!(chunk_size(3, 2), 1);
        assert_eq!(chunk_size(0, 0), 1);
    }
}
