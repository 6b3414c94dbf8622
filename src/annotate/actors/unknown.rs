//! The report of names the registry lacks: every actor annotation with
//! `in_registry = false`, grouped by id, with its count, the documents it occurs in and
//! one example sentence. A release calls [`UnknownNames::add`] for each document (or
//! [`UnknownNames::absorb`]s per-document reports) and [`UnknownNames::write_markdown`]
//! at the end; the list tells the registry's maintainer which persons to add next.
//!
//! A corpus can hold more distinct names than memory should: once a report passes
//! [`NAMES_HELD`] names, they go to sorted runs on disk ([`UnknownNames::spill_into`]
//! says where) and are merged back, exactly, when the report is written.

use crate::model::{AnnotatedDocument, Detail};
use crate::release::spill::{merge_sorted, SortedSpill};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Names a report holds in memory before it spills them to disk.
pub const NAMES_HELD: usize = 1 << 14;

/// One name the registry lacks, aggregated over the documents added so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The codebook id given to the name (`happymon_jacob`).
    pub id: String,
    /// The surface form of its first mention.
    pub name: String,
    /// Number of mentions.
    pub count: usize,
    /// Number of documents it occurs in.
    pub documents: usize,
    /// The first sentence it occurs in, with its document id.
    pub example_doc: String,
    /// That sentence's text.
    pub example: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    name: String,
    count: usize,
    /// Documents the name occurs in. A count, not a set of ids: the report must not grow
    /// with the corpus. Each document is added once, so counting per `add` is exact.
    documents: usize,
    example_doc: String,
    example: String,
}

/// Collects the names the registry lacks over a set of documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UnknownNames {
    by_id: BTreeMap<String, Entry>,
    /// Names moved out of `by_id` to disk (never part of a stored per-document report).
    /// Boxed: every document carries a report, and most never spill.
    #[serde(skip)]
    spilled: Box<Spilled>,
}

/// The part of a report on disk.
#[derive(Debug, Clone, Default)]
struct Spilled {
    /// Where runs go (the system's temporary folder when not set).
    dir: Option<PathBuf>,
    /// How many names `by_id` may hold.
    held: Option<usize>,
    /// Every spilled entry, tagged with the spill it came from.
    parts: Option<SortedSpill<Part>>,
    /// Spills so far: entries of a later spill come from later documents.
    spills: u64,
}

/// One id's entry as of one spill. Ordered by id, then spill, so merging the runs
/// meets each id's entries together, earliest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Part {
    id: String,
    spill: u64,
    entry: Entry,
}

impl Ord for Part {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.id, self.spill).cmp(&(&other.id, other.spill))
    }
}

impl PartialOrd for Part {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Part {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Part {}

/// A row of the report in report order: most mentions first, ties by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Ranked {
    id: String,
    entry: Entry,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .entry
            .count
            .cmp(&self.entry.count)
            .then_with(|| self.id.cmp(&other.id))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl UnknownNames {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the unknown-name actor annotations of one annotated document.
    pub fn add(&mut self, doc: &AnnotatedDocument) {
        let text = &doc.document.text;
        let mut seen_here: BTreeSet<&str> = BTreeSet::new();
        for a in &doc.annotations {
            let Detail::Actor(detail) = &a.detail else {
                continue;
            };
            if detail.in_registry {
                continue;
            }
            let surface = a
                .span
                .and_then(|s| text.get(s.start..s.end))
                .unwrap_or(&a.label);
            let sentence = doc
                .sentences
                .iter()
                .find(|s| s.index == a.sentence)
                .and_then(|s| text.get(s.bytes.start..s.bytes.end))
                .unwrap_or("");
            let e = self.by_id.entry(a.label.clone()).or_insert_with(|| Entry {
                name: surface.to_string(),
                count: 0,
                documents: 0,
                example_doc: doc.document.doc_id.clone(),
                example: one_line(sentence),
            });
            e.count += 1;
            if seen_here.insert(a.label.as_str()) {
                e.documents += 1;
            }
        }
    }

    /// Spills names into `dir` (a release's staging folder) once more than
    /// `NAMES_HELD` (16 384) are held.
    pub fn spill_into(&mut self, dir: &Path) {
        self.spilled.dir = Some(dir.to_path_buf());
    }

    /// Holds at most `names` names in memory instead of [`NAMES_HELD`] (a release's
    /// [`crate::release::SpillLimits`]).
    pub(crate) fn hold(&mut self, names: usize) {
        self.spilled.held = Some(names.max(1));
    }

    /// Spills to disk so far.
    #[cfg(test)]
    pub(crate) fn spills(&self) -> u64 {
        self.spilled.spills
    }

    /// Adds a report gathered over later documents (a release adds one per document,
    /// in doc_id order): the same result as adding those documents here. Fails only
    /// when names cannot be spilled to disk.
    pub fn absorb(&mut self, later: UnknownNames) -> anyhow::Result<()> {
        for (id, entry) in later.by_id {
            match self.by_id.entry(id) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(entry);
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    let known = slot.get_mut();
                    known.count += entry.count;
                    known.documents += entry.documents;
                }
            }
        }
        if self.by_id.len() > self.spilled.held.unwrap_or(NAMES_HELD) {
            self.spill()?;
        }
        Ok(())
    }

    /// Moves every held name to disk.
    fn spill(&mut self) -> anyhow::Result<()> {
        let spilled = &mut *self.spilled;
        let parts = spilled.parts.get_or_insert_with(|| {
            let mut parts = SortedSpill::new(spilled.held.unwrap_or(NAMES_HELD));
            if let Some(dir) = &spilled.dir {
                parts.spill_into(dir);
            }
            parts
        });
        for (id, entry) in std::mem::take(&mut self.by_id) {
            parts.push(Part {
                id,
                spill: spilled.spills,
                entry,
            })?;
        }
        spilled.spills += 1;
        Ok(())
    }

    /// Every name with its entry summed over the spills, in id order.
    fn merged(&self) -> anyhow::Result<impl Iterator<Item = anyhow::Result<Ranked>> + '_> {
        let on_disk = match &self.spilled.parts {
            Some(parts) => Some(parts.sorted()?),
            None => None,
        };
        // The held names are the latest spill.
        let held = self.by_id.iter().map(|(id, entry)| {
            Ok(Part {
                id: id.clone(),
                spill: self.spilled.spills,
                entry: entry.clone(),
            })
        });
        let mut parts = merge_sorted(on_disk.into_iter().flatten(), held).peekable();
        Ok(std::iter::from_fn(move || {
            let first = match parts.next()? {
                Ok(part) => part,
                Err(err) => return Some(Err(err)),
            };
            let mut entry = first.entry;
            // The first part of an id keeps its name and example; counts add up.
            while let Some(Ok(next)) = parts.next_if(|p| matches!(p, Ok(p) if p.id == first.id)) {
                entry.count += next.entry.count;
                entry.documents += next.entry.documents;
            }
            Some(Ok(Ranked {
                id: first.id,
                entry,
            }))
        }))
    }

    /// The names in report order, with the number of names and of mentions.
    fn ranked(&self) -> anyhow::Result<(SortedSpill<Ranked>, usize, usize)> {
        let mut ranked = SortedSpill::new(self.spilled.held.unwrap_or(NAMES_HELD));
        if let Some(dir) = &self.spilled.dir {
            ranked.spill_into(dir);
        }
        let (mut names, mut mentions) = (0, 0);
        for row in self.merged()? {
            let row = row?;
            names += 1;
            mentions += row.entry.count;
            ranked.push(row)?;
        }
        Ok((ranked, names, mentions))
    }

    /// The names, most frequent first (ties by id). Holds them all: a release writes
    /// the report with [`UnknownNames::write_markdown`] instead.
    pub fn rows(&self) -> anyhow::Result<Vec<UnknownName>> {
        let (ranked, _, _) = self.ranked()?;
        ranked
            .sorted()?
            .map(|row| {
                let Ranked { id, entry } = row?;
                Ok(UnknownName {
                    id,
                    name: entry.name,
                    count: entry.count,
                    documents: entry.documents,
                    example_doc: entry.example_doc,
                    example: entry.example,
                })
            })
            .collect()
    }

    /// A Markdown report: a heading, a one-line summary and a table with one row per name.
    pub fn render_markdown(&self) -> anyhow::Result<String> {
        let mut out = b"# Names the actor registry lacks\n\n".to_vec();
        self.write_markdown(&mut out)?;
        Ok(String::from_utf8(out)?)
    }

    /// The report below its heading (a one-line summary and the table), streamed into
    /// `out` in bounded memory.
    pub fn write_markdown(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let (ranked, names, mentions) = self.ranked()?;
        writeln!(
            out,
            "{names} names, {mentions} mentions (actor annotations with `in_registry = false`).\n"
        )?;
        out.write_all(b"| id | name | mentions | documents | example (doc_id: sentence) |\n")?;
        out.write_all(b"|---|---|---:|---:|---|\n")?;
        for row in ranked.sorted()? {
            let Ranked { id, entry: e } = row?;
            writeln!(
                out,
                "| `{}` | {} | {} | {} | {}: {} |",
                id,
                cell(&e.name),
                e.count,
                e.documents,
                cell(&e.example_doc),
                cell(&e.example)
            )?;
        }
        Ok(())
    }
}

/// Collapses whitespace so a sentence fits on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::actors::ActorMatcher;
    use crate::annotate::Annotator;
    use crate::model::{ByteSpan, PubDate, Sentence};
    use chrono::NaiveDate;

    fn annotated(doc_id: &str, text: &str) -> AnnotatedDocument {
        let document = crate::model::Document::from_text(
            doc_id,
            PubDate::day(NaiveDate::from_ymd_opt(2025, 3, 18).expect("date")),
            text.to_string(),
        );
        let sentences = vec![Sentence {
            index: 0,
            paragraph: 0,
            bytes: ByteSpan::new(0, text.len()),
        }];
        let mut annotations = Vec::new();
        ActorMatcher::new()
            .expect("registry")
            .annotate(&document, &sentences, &mut annotations);
        AnnotatedDocument {
            document,
            sentences,
            annotations,
            n_paragraphs: 1,
        }
    }

    #[test]
    fn unknown_names_are_counted_over_documents_and_known_ones_left_out() {
        let mut report = UnknownNames::new();
        let s = "Volgens hoogleraar Happymon Jacob | sprak Poetin met Jan van der Berg.";
        report.add(&annotated("a", s));
        report.add(&annotated("b", "Hoogleraar Happymon Jacob zweeg."));
        let rows = report.rows().unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert!(!ids.iter().any(|i| i.contains("putin")), "{ids:?}");
        let jacob = rows
            .iter()
            .find(|r| r.id == "happymon_jacob")
            .expect("{rows:?}");
        assert_eq!((jacob.count, jacob.documents), (2, 2));
        assert_eq!(jacob.example_doc, "a");
        assert_eq!(rows[0].id, "happymon_jacob");
        let md = report.render_markdown().unwrap();
        assert!(
            md.contains("| `happymon_jacob` | Happymon Jacob | 2 | 2 |"),
            "{md}"
        );
        assert!(md.contains("hoogleraar Happymon Jacob \\| sprak"), "{md}");
    }

    #[test]
    fn absorbing_per_document_reports_equals_adding_the_documents() {
        let docs = [
            annotated(
                "a",
                "Volgens hoogleraar Happymon Jacob sprak Jan van der Berg.",
            ),
            annotated("b", "Hoogleraar Happymon Jacob zweeg tegen Piet Klaassen."),
        ];
        let mut added = UnknownNames::new();
        let mut absorbed = UnknownNames::new();
        for doc in &docs {
            added.add(doc);
            let mut one = UnknownNames::new();
            one.add(doc);
            absorbed.absorb(one).unwrap();
        }
        assert!(!added.rows().unwrap().is_empty());
        assert_eq!(added.rows().unwrap(), absorbed.rows().unwrap());
    }

    #[test]
    fn a_report_spilled_to_disk_is_the_report_held_in_memory() {
        let texts = [
            "Volgens hoogleraar Happymon Jacob sprak Jan van der Berg.",
            "Hoogleraar Happymon Jacob zweeg tegen Piet Klaassen.",
            "Professor Anna de Wit en Jan van der Berg | Piet Klaassen.",
            "Minister Karel van Dam sprak met hoogleraar Happymon Jacob.",
            "Dokter Els Bakker belde Karel van Dam.",
        ];
        let docs: Vec<AnnotatedDocument> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| annotated(&format!("d{i}"), t))
            .collect();
        let dir = tempfile::tempdir().expect("temp dir");
        let report = |held: Option<usize>| {
            let mut report = UnknownNames::new();
            report.spilled.held = held;
            report.spill_into(dir.path());
            for doc in &docs {
                let mut one = UnknownNames::new();
                one.add(doc);
                report.absorb(one).expect("absorb");
            }
            report
        };
        let in_memory = report(None);
        assert!(in_memory.spilled.parts.is_none());
        let rows = in_memory.rows().expect("rows");
        assert!(rows.len() >= 4, "{rows:?}");
        let markdown = in_memory.render_markdown().expect("markdown");
        for held in [1, 2, 3] {
            let spilled = report(Some(held));
            assert!(spilled.spilled.spills > 0, "held {held}");
            assert_eq!(spilled.rows().expect("rows"), rows, "held {held}");
            assert_eq!(spilled.render_markdown().expect("markdown"), markdown);
        }
    }
}
