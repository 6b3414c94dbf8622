//! The dataset card: the release's `README.md`.

use super::ReleaseStats;
use crate::model::Layer;
use crate::schema::Schema;
use anyhow::Context;
use std::fmt::Write;
use std::io::Write as _;
use std::path::Path;

/// How many of the most frequent date values the card lists.
const TOP_DATE_VALUES: usize = 20;

/// Writes `README.md` into the release folder. The list of names the registry lacks
/// grows with the corpus, so it is streamed into the file, not built in memory.
pub(super) fn write(dir: &Path, version: &str, stats: &ReleaseStats) -> anyhow::Result<()> {
    let path = dir.join("README.md");
    let file = std::fs::File::create(&path).context("cannot write the dataset card")?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all(render_intro(version, stats).as_bytes())?;
    write_counts(&mut out, stats)?;
    let mut loading = String::new();
    render_loading(&mut loading);
    out.write_all(loading.as_bytes())?;
    // The to-do list for the actor registry.
    out.write_all(b"## Names the actor registry lacks\n\n")?;
    stats.unknown_names.write_markdown(&mut out)?;
    out.write_all(render_columns().as_bytes())?;
    out.flush().context("cannot write the dataset card")
}

/// The card up to the counts per layer and label.
fn render_intro(version: &str, stats: &ReleaseStats) -> String {
    let schema = Schema::get();
    let mut out = String::new();
    let total: u64 = stats.annotations.values().sum();
    let _ = writeln!(
        out,
        "# kroniek dataset v{version}\n\n\
         Dutch news articles, normalised, split into paragraphs and sentences, and annotated with \
         temporal expressions (layer `date`), actors (`actor`) and topics (`topic`) as defined in the \
         kroniek codebook. Built by kroniek {} under schema {}. `manifest.json` lists every input and \
         output with its sha256; `datapackage.json` is a Frictionless Data Package describing every \
         table file (`frictionless validate datapackage.json`).\n",
        env!("CARGO_PKG_VERSION"),
        schema.schema_version
    );
    let _ = writeln!(
        out,
        "## Contents\n\n| table | rows | files |\n|---|---|---|"
    );
    let rows = [
        ("documents", stats.documents),
        ("sentences", stats.sentences),
        ("annotations", total),
        ("document_topics", stats.document_topics),
        ("rejects", stats.rejects.len() as u64),
    ];
    for (table, n) in rows {
        let _ = writeln!(
            out,
            "| `{table}` | {n} | `{table}.csv`, `{table}.parquet` |"
        );
    }
    let _ = writeln!(
        out,
        "\nInput files ignored by rule (not `*.txt`, or hidden): {}. Mojibake repairs: {}. \
         Invisible characters dropped: {}.\n",
        stats.ignored.len(),
        stats.normalise.mojibake_repairs,
        stats.normalise.invisibles_dropped
    );
    if !stats.repaired.is_empty() {
        let _ = writeln!(
            out,
            "Input files with a repaired header (kept, not rejected):\n"
        );
        for (source, repair) in &stats.repaired {
            let _ = writeln!(out, "- `{source}`: {repair}");
        }
        out.push('\n');
    }
    if !stats.rejects.is_empty() {
        let _ = writeln!(out, "Rejected input files (also in `rejects`):\n");
        for r in &stats.rejects {
            let _ = writeln!(out, "- `{}`: {} ({})", r.source, r.reason, r.message);
        }
        out.push('\n');
    }
    out
}

/// The card after the list of names the registry lacks: the columns of every table.
fn render_columns() -> String {
    let schema = Schema::get();
    let mut out = String::from("\n");
    let _ = writeln!(out, "## Columns\n");
    // The column docs come from the same schema definition as the files.
    let docs = schema.markdown();
    let body = docs
        .split_once("\n## ")
        .map(|(_, rest)| format!("### {rest}"))
        .unwrap_or_default();
    out.push_str(&body.replace("\n## ", "\n### "));
    out
}

/// The counts per layer and label. The label tables grow with the corpus, so they are
/// streamed from the (possibly spilled) counts into `file`.
fn write_counts(file: &mut dyn std::io::Write, stats: &ReleaseStats) -> anyhow::Result<()> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Annotations per layer and label\n\n| layer | annotations |\n|---|---|"
    );
    for layer in Layer::ALL {
        let _ = writeln!(
            out,
            "| {} | {} |",
            layer.as_str(),
            stats.annotations.get(&layer).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(out, "\nDate expressions by TIMEX3 type and precision:\n\n| type | precision | count |\n|---|---|---|");
    for ((kind, precision), n) in &stats.date_kinds {
        let _ = writeln!(out, "| {kind} | {precision} | {n} |");
    }
    let (dates, top) = top_dates(stats)?;
    let _ = writeln!(
        out,
        "\nMost frequent date values (top {TOP_DATE_VALUES} of {dates}):\n\n| value | count |\n|---|---|"
    );
    for Ranked(n, label) in top {
        let _ = writeln!(out, "| `{label}` | {n} |");
    }
    file.write_all(out.as_bytes())?;
    for layer in [Layer::Actor, Layer::Topic] {
        writeln!(
            file,
            "\nLabels of layer `{}`:\n\n| label | count |\n|---|---|",
            layer.as_str()
        )?;
        for counted in stats.labels.of_layer(layer)? {
            let (label, n) = counted?;
            writeln!(file, "| `{label}` | {n} |")?;
        }
    }
    file.write_all(b"\n")?;
    Ok(())
}

/// A date value and its count, ordered most frequent first, ties by value.
#[derive(PartialEq, Eq)]
struct Ranked(u64, String);

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.cmp(&self.0).then_with(|| self.1.cmp(&other.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The number of distinct date values and the [`TOP_DATE_VALUES`] most frequent, in
/// one pass that keeps only those in memory.
fn top_dates(stats: &ReleaseStats) -> anyhow::Result<(usize, Vec<Ranked>)> {
    // A max-heap of the best so far: its top is the one to drop.
    let mut best = std::collections::BinaryHeap::with_capacity(TOP_DATE_VALUES + 1);
    let mut distinct = 0;
    for counted in stats.labels.of_layer(Layer::Date)? {
        let (label, n) = counted?;
        distinct += 1;
        best.push(Ranked(n, label));
        if best.len() > TOP_DATE_VALUES {
            best.pop();
        }
    }
    Ok((distinct, best.into_sorted_vec()))
}

fn render_loading(out: &mut String) {
    out.push_str(
        "## Loading\n\n\
         Run these in the release folder. The Parquet files carry the column types (dates as DATE, \
         integers as INT32/INT64, topic shares as DOUBLE, text as UTF-8); the CSV files hold the same rows and values.\n\n\
         DuckDB:\n\n\
         ```python\n\
         import duckdb\n\
         con = duckdb.connect()\n\
         per_topic = con.sql(\"\"\"\n    \
             SELECT a.label AS topic, count(*) AS sentences\n    \
             FROM 'annotations.parquet' a\n    \
             WHERE a.layer = 'topic'\n    \
             GROUP BY a.label ORDER BY sentences DESC\n\
         \"\"\").fetchall()\n\
         sentences = con.sql(\"SELECT * FROM 'sentences.parquet'\").df()\n\
         ```\n\n\
         pandas:\n\n\
         ```python\n\
         import pandas as pd\n\
         documents = pd.read_parquet(\"documents.parquet\")\n\
         sentences = pd.read_parquet(\"sentences.parquet\")\n\
         annotations = pd.read_parquet(\"annotations.parquet\")\n\
         actors = sentences[\"actors\"].str.split(\"|\").explode().value_counts()\n\
         shares = pd.read_parquet(\"document_topics.parquet\").merge(documents[[\"doc_id\", \"published_start\"]], on=\"doc_id\")\n\
         attention = shares.groupby([pd.to_datetime(shares[\"published_start\"]).dt.to_period(\"M\"), \"topic\"])[\"share\"].mean()\n\
         ```\n\n\
         polars:\n\n\
         ```python\n\
         import polars as pl\n\
         sentences = pl.read_parquet(\"sentences.parquet\")\n\
         dates = pl.read_parquet(\"annotations.parquet\").filter(pl.col(\"layer\") == \"date\")\n\
         per_month = sentences.group_by(pl.col(\"date_start\").dt.truncate(\"1mo\")).len().sort(\"date_start\")\n\
         ```\n\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_dates_are_those_of_a_full_sort_ties_by_value() {
        let mut stats = ReleaseStats::default();
        let mut all: Vec<(u64, String)> = Vec::new();
        for i in 0..200u64 {
            // Many ties: counts 1 to 7.
            let (label, n) = (format!("2024-{:03}", (i * 37) % 200), i % 7 + 1);
            stats.labels.add(Layer::Date, label.clone(), n).unwrap();
            all.push((n, label));
        }
        stats.labels.add(Layer::Actor, "x".into(), 99).unwrap();
        all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let (distinct, top) = top_dates(&stats).unwrap();
        assert_eq!(distinct, 200);
        let top: Vec<(u64, String)> = top.into_iter().map(|Ranked(n, l)| (n, l)).collect();
        assert_eq!(top, all[..TOP_DATE_VALUES].to_vec());
    }
}
