//! The `kroniek` command: a thin layer over the library.

// glibc's allocator spent a fifth of a release's CPU time in malloc and free (perf):
// rows are built on the worker threads and freed on the writer thread. mimalloc is built
// without transparent huge pages (Cargo.toml): with them a 100 MB release peaked 70 MB
// higher.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::Context;
use chrono::NaiveTime;
use clap::{Parser, Subcommand};
use kroniek::annotate::dates::{DateTagger, TemporalMode};
use kroniek::model::{Detail, PubDate};
use kroniek::release::{self, Outcome, ReleaseOptions};
use kroniek::{diff, eval, schema::Schema, validate};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Turns Dutch news articles into an annotated, versioned dataset release.
#[derive(Parser)]
#[command(name = "kroniek", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build release vVERSION of the articles in INPUT under OUT.
    Release {
        /// Folder of article files (`*.txt`, read recursively).
        #[arg(long)]
        input: PathBuf,
        /// Folder that holds the release folders.
        #[arg(long, default_value = "data/releases")]
        out: PathBuf,
        /// Dataset version, X.Y.Z.
        #[arg(long)]
        version: String,
        /// Worker threads (default: every core). The output does not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Fail, writing no release, when any input file is rejected.
        #[arg(long)]
        strict: bool,
        /// Also write the run's counts and per-stage timings to FILE as JSON.
        #[arg(long, value_name = "FILE")]
        stats: Option<PathBuf>,
        /// How year-less dates resolve: `news` (past bias unless the sentence points
        /// forward) or `future` (always the next occurrence, as in dialogue).
        #[arg(long, default_value = "news")]
        temporal_mode: TemporalMode,
        /// Process only shard I of N (`I/N`, or `N` with I from `SLURM_ARRAY_TASK_ID` or
        /// `JOB_COMPLETION_INDEX`) into `OUT/.parts-vVERSION/`; `kroniek merge` joins them.
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
    },
    /// Merge the shards of a sharded run into release vVERSION under OUT.
    Merge {
        /// The parts folder (`OUT/.parts-vVERSION`).
        parts: PathBuf,
        /// Folder that holds the release folders.
        #[arg(long, default_value = "data/releases")]
        out: PathBuf,
        /// Dataset version, X.Y.Z (the one the shards were run with).
        #[arg(long)]
        version: String,
        /// Fail, writing no release, when any input file was rejected.
        #[arg(long)]
        strict: bool,
    },
    /// Check a release against the schema, its manifest and its keys.
    Validate {
        /// The release folder (`data/releases/v1.0.0`).
        dir: PathBuf,
    },
    /// Score a release against a gold file (codebook section 5).
    Eval {
        /// The release folder.
        release: PathBuf,
        /// The gold file (JSON lines).
        gold: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Compare the annotations of two releases (exit 0 same, 1 differ, 2 trouble).
    Diff {
        /// The older release folder.
        old: PathBuf,
        /// The newer release folder.
        new: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Also write the change rows as `changes.csv` and `changes.parquet` into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the column documentation generated from the schema (schema/README.md).
    SchemaDocs,
    /// Tag the temporal expressions of TEXT (or of each line on stdin) as the release does,
    /// one tab-separated row per expression.
    Dates {
        /// Sentences to tag; without any, each line on stdin is one.
        text: Vec<String>,
        /// Publication date to resolve against, YYYY-MM-DD or YYYY-MM, optionally with a
        /// clock time (YYYY-MM-DDThh:mm[:ss]) that `over een uur` or `3 minuten vanaf nu`
        /// then count from. Without it, what depends on it stays `X` (`vrijdag` →
        /// `XXXX-WXX-5`).
        #[arg(long, value_parser = parse_reference)]
        dct: Option<(PubDate, Option<NaiveTime>)>,
        /// How year-less dates resolve: `news` or `future` (as for `release`).
        #[arg(long, default_value = "news")]
        temporal_mode: TemporalMode,
    },
}

/// Report formats of `kroniek diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// A table for the terminal.
    Text,
    /// Markdown, for a changelog.
    Markdown,
    /// JSON, with every change.
    Json,
}

fn main() -> ExitCode {
    fix_malloc_mmap_threshold();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("kroniek: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Large buffers (Arrow builders, Parquet pages, batches of documents) come and go all
/// through a build. glibc's malloc raises its mmap threshold each time such a buffer is
/// freed and from then on serves them from the heap, where they fragment it across the
/// threads' arenas: resident memory then creeps up with the corpus. A fixed threshold
/// keeps every buffer of 128 KiB or more in its own mapping, returned when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_malloc_mmap_threshold() {
    use std::ffi::c_int;
    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    const M_MMAP_THRESHOLD: c_int = -3;
    // SAFETY: mallopt only sets a tuning parameter of the allocator; it is called first
    // thing in main, before any other thread exists. A refusal (return 0) is harmless.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_malloc_mmap_threshold() {}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Release {
            input,
            out,
            version,
            threads,
            strict,
            temporal_mode,
            shard,
            stats,
        } => {
            let mut options = ReleaseOptions::new(input, out, version);
            options.threads = threads;
            options.strict = strict;
            options.temporal_mode = temporal_mode;
            options.progress = std::io::stderr().is_terminal();
            stop_on_signal(&options.cancel)?;
            if let Some(spec) = shard {
                let shard = release::Shard::parse(&spec)?;
                let done = release::run_shard(&options, shard)?;
                eprintln!(
                    "shard {}/{}: {} inputs in {}",
                    shard.index,
                    shard.count,
                    done.records,
                    done.dir.display()
                );
            } else {
                let summary = release::build(&options)?;
                eprintln!("{}", release_summary(&summary));
                if let Some(path) = stats {
                    let json = serde_json::to_string_pretty(&summary.stats_json())?;
                    std::fs::write(&path, json + "\n")
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
        }
        Command::Merge {
            parts,
            out,
            version,
            strict,
        } => {
            let options = release::MergeOptions {
                parts,
                out,
                version,
                strict,
            };
            let summary = release::merge(&options)?;
            eprintln!("{}", release_summary(&summary));
        }
        Command::Validate { dir } => {
            let report = validate::validate(&dir)?;
            println!("{report}");
            if !report.is_ok() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Eval {
            release,
            gold,
            json,
        } => {
            let scores = eval::evaluate(&release, &gold)
                .with_context(|| format!("cannot score {}", release.display()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&scores)?);
            } else {
                print!("{}", scores.table());
            }
        }
        Command::Diff {
            old,
            new,
            format,
            out,
        } => {
            let result = diff::compare_dirs(&old, &new)?;
            match format {
                DiffFormat::Text => print!("{}", result.report(diff::Format::Text)),
                DiffFormat::Markdown => print!("{}", result.report(diff::Format::Markdown)),
                DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
            }
            if let Some(dir) = out {
                result.write_changes(&dir)?;
            }
            if !result.is_same() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::SchemaDocs => print!("{}", Schema::get().markdown()),
        Command::Dates {
            text,
            dct,
            temporal_mode,
        } => tag_dates(text, dct, temporal_mode)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `--dct` of `kroniek dates`: `2016-11-07`, `2016-11` or `2016-11-07T16:12[:00]`.
fn parse_reference(raw: &str) -> Result<(PubDate, Option<NaiveTime>), String> {
    let (date, clock) = match raw.split_once('T') {
        Some((date, time)) => {
            let clock = NaiveTime::parse_from_str(time, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
                .map_err(|_| format!("clock time {time:?} is not hh:mm or hh:mm:ss"))?;
            (date, Some(clock))
        }
        None => (raw, None),
    };
    let date: PubDate = date.parse()?;
    if clock.is_some() && date.precision != kroniek::model::DatePrecision::Day {
        return Err(format!("a clock time needs a day: {raw:?}"));
    }
    Ok((date, clock))
}

/// `kroniek dates`: one row per expression, input lines numbered from 1.
fn tag_dates(
    text: Vec<String>,
    reference: Option<(PubDate, Option<NaiveTime>)>,
    mode: TemporalMode,
) -> anyhow::Result<()> {
    use std::io::{BufRead, Write};
    let dct = reference.as_ref().map(|(d, _)| d);
    let clock = reference.as_ref().and_then(|(_, c)| *c);
    let tagger = DateTagger::new()?.with_mode(mode);
    let lines: Box<dyn Iterator<Item = std::io::Result<String>>> = if text.is_empty() {
        Box::new(std::io::stdin().lock().lines())
    } else {
        Box::new(text.into_iter().map(Ok))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "line\texpression\tvalue\ttype\tprecision\tstart\tend\tmodifier\trule"
    )?;
    for (number, line) in lines.enumerate() {
        let line = line.context("cannot read stdin")?;
        for a in tagger.tag_text_at(&line, dct, clock) {
            let Detail::Date(d) = &a.detail else { continue };
            let expression = a.span.map_or("", |s| &line[s.start..s.end]);
            let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            writeln!(
                out,
                "{}\t{expression}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                number + 1,
                a.label,
                d.timex_type.as_str(),
                d.precision.as_str(),
                day(d.start),
                day(d.end),
                d.modifier.unwrap_or(""),
                a.rule
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// SIGINT and SIGTERM ask the build to stop between batches; it then removes its
/// staging folder and exits with status 2. A second signal ends the process at once
/// (the staging folder is hidden and removed by the next build).
fn stop_on_signal(cancel: &Arc<AtomicBool>) -> anyhow::Result<()> {
    let cancel = Arc::clone(cancel);
    ctrlc::set_handler(move || {
        if cancel.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("kroniek: stopping: the release will not be written");
    })
    .context("cannot install the signal handler")
}

fn release_summary(summary: &release::ReleaseSummary) -> String {
    let stats = &summary.stats;
    let verdict = match summary.outcome {
        Outcome::Created => "written",
        Outcome::Identical => "already published with identical bytes; left as it was",
    };
    let layers: Vec<String> = stats
        .annotations
        .iter()
        .map(|(layer, n)| format!("{} {n}", layer.as_str()))
        .collect();
    let mut rejects = String::new();
    for r in stats.rejects.iter().take(10) {
        rejects.push_str(&format!("\n    {} ({}): {}", r.source, r.reason, r.message));
    }
    if stats.rejects.len() > 10 {
        rejects.push_str(&format!(
            "\n    ... and {} more (see rejects.csv)",
            stats.rejects.len() - 10
        ));
    }
    let mut stages = String::new();
    if stats.timings.bytes > 0 {
        stages.push_str("\n  stage (CPU seconds over all threads, input MB/s):");
        for (name, secs, rate) in summary.stage_rates() {
            stages.push_str(&format!("\n    {name:<18} {secs:>8.2} s {rate:>9.1} MB/s"));
        }
    }
    format!(
        "release {}: {verdict}\n  documents {}, sentences {}, annotations: {}\n  rejected {}{rejects}\n  ignored {}, repaired headers {}, mojibake repairs {}{stages}\n  time {:.2}s",
        summary.dir.display(),
        stats.documents,
        stats.sentences,
        if layers.is_empty() { "none".to_string() } else { layers.join(", ") },
        stats.rejects.len(),
        stats.ignored.len(),
        stats.repaired.len(),
        stats.normalise.mojibake_repairs,
        summary.elapsed.as_secs_f64()
    )
}
