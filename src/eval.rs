//! `kroniek eval`: scores a release against a hand-coded gold file (codebook section 5).
//!
//! - Sentences: the gold sentences are located in the release's document text in order,
//!   and sentence *boundaries* (end offsets) are compared: precision, recall, F1.
//! - Labels are compared on sentences aligned by identical text, so a different
//!   segmentation costs only the sentences it changes: labels of an unaligned gold
//!   sentence count as missed, labels of an unaligned release sentence as spurious.
//! - Actors and topics are sets per sentence; actors of registry type `media` are left out.
//! - Dates match by overlapping span within the sentence (one to one, in order); the value
//!   accuracy is the share of matched expressions whose value is exactly the gold value.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::path::Path;

/// One gold document (a line of the gold file).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    /// The doc_id.
    pub doc: String,
    /// The publication date as in the header.
    pub published: String,
    /// Sentences in order.
    pub sentences: Vec<GoldSentence>,
}

/// One gold sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// The sentence text, normalised.
    pub text: String,
    /// Actor ids.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Topic codes.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Temporal expressions.
    #[serde(default)]
    pub dates: Vec<GoldDate>,
}

/// One gold temporal expression.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDate {
    /// Its surface text.
    pub text: String,
    /// Its TIMEX3 value.
    pub value: String,
}

/// True positives, false positives and false negatives, with the derived scores.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Counts {
    /// Found and right.
    pub tp: u64,
    /// Found but not in the gold.
    pub fp: u64,
    /// In the gold but not found.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Counts {
    fn add(&mut self, tp: u64, fp: u64, fn_: u64) {
        self.tp += tp;
        self.fp += fp;
        self.fn_ += fn_;
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
    }
}

/// Scores of one set-valued layer (actor or topic).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelScores {
    /// Over all labels (micro average).
    pub micro: Counts,
    /// Unweighted mean F1 over the labels that occur in the gold or the release.
    pub macro_f1: f64,
    /// Per label.
    pub labels: BTreeMap<String, Counts>,
}

/// Scores of the date layer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DateScores {
    /// Expressions matched by overlapping span.
    pub spans: Counts,
    /// Matched expressions whose value equals the gold value.
    pub exact_values: u64,
    /// exact_values / spans.tp.
    pub value_accuracy: f64,
}

/// Sentence segmentation scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SentenceScores {
    /// Gold sentences.
    pub gold: u64,
    /// Release sentences in the gold documents.
    pub predicted: u64,
    /// Gold sentences with an identical release sentence.
    pub aligned: u64,
    /// Sentence end boundaries.
    pub boundaries: Counts,
}

/// Everything `kroniek eval` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Gold documents scored.
    pub documents: u64,
    /// Gold documents missing from the release (all their labels count as missed).
    pub missing_documents: Vec<String>,
    /// Segmentation.
    pub sentences: SentenceScores,
    /// Layer `date`.
    pub date: DateScores,
    /// Layer `actor` (type media left out).
    pub actor: LabelScores,
    /// Layer `topic`.
    pub topic: LabelScores,
}

/// A release sentence with its labels.
#[derive(Debug, Default)]
struct Predicted {
    text: String,
    char_start: usize,
    char_end: usize,
    actors: BTreeSet<String>,
    topics: BTreeSet<String>,
    /// (start, end) in code points relative to the sentence, value.
    dates: Vec<(usize, usize, String)>,
}

/// Scores the release in `release` against the gold file `gold`.
pub fn evaluate(release: &Path, gold: &Path) -> anyhow::Result<Scores> {
    let gold_docs = read_gold(gold)?;
    let wanted: BTreeSet<&str> = gold_docs.iter().map(|d| d.doc.as_str()).collect();
    let texts = read_documents(release, &wanted)?;
    let mut predicted = read_sentences(release, &wanted)?;
    read_annotations(release, &wanted, &mut predicted)?;

    let mut scores = Scores::default();
    let mut actor_counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut topic_counts: BTreeMap<String, Counts> = BTreeMap::new();
    for doc in &gold_docs {
        scores.documents += 1;
        let sentences = predicted.remove(&doc.doc).unwrap_or_default();
        if !texts.contains_key(&doc.doc) {
            scores.missing_documents.push(doc.doc.clone());
        }
        let text = texts.get(&doc.doc).map(String::as_str).unwrap_or("");
        score_boundaries(doc, text, &sentences, &mut scores.sentences);
        let alignment = align(doc, &sentences);
        scores.sentences.aligned += alignment.iter().flatten().count() as u64;
        let mut used = vec![false; sentences.len()];
        for (g, p) in doc.sentences.iter().zip(&alignment) {
            let p = p.map(|i| {
                used[i] = true;
                &sentences[i]
            });
            score_sets(&g.actors, p.map(|p| &p.actors), &mut actor_counts);
            score_sets(&g.topics, p.map(|p| &p.topics), &mut topic_counts);
            score_dates(g, p, &mut scores.date);
        }
        for (p, _) in sentences.iter().zip(&used).filter(|(_, u)| !**u) {
            score_sets(&[], Some(&p.actors), &mut actor_counts);
            score_sets(&[], Some(&p.topics), &mut topic_counts);
            scores.date.spans.add(0, p.dates.len() as u64, 0);
        }
    }
    scores.date.value_accuracy = ratio(scores.date.exact_values, scores.date.spans.tp);
    scores.actor = summarise(actor_counts);
    scores.topic = summarise(topic_counts);
    Ok(scores)
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Reads a gold file: one JSON document a line.
pub fn read_gold(path: &Path) -> anyhow::Result<Vec<GoldDocument>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).with_context(|| format!("{} line {}", path.display(), i + 1))
        })
        .collect()
}

fn csv_reader(
    release: &Path,
    table: &str,
) -> anyhow::Result<(csv::Reader<std::fs::File>, HashMap<String, usize>)> {
    let path = release.join(format!("{table}.csv"));
    let mut reader =
        csv::Reader::from_path(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let columns = reader
        .headers()?
        .iter()
        .enumerate()
        .map(|(i, c)| (c.to_string(), i))
        .collect();
    Ok((reader, columns))
}

fn field<'a>(
    record: &'a csv::StringRecord,
    columns: &HashMap<String, usize>,
    name: &str,
) -> anyhow::Result<&'a str> {
    let i = columns
        .get(name)
        .with_context(|| format!("no column {name}"))?;
    Ok(record.get(*i).unwrap_or(""))
}

fn read_documents(
    release: &Path,
    wanted: &BTreeSet<&str>,
) -> anyhow::Result<HashMap<String, String>> {
    let (mut reader, columns) = csv_reader(release, "documents")?;
    let mut texts = HashMap::new();
    for record in reader.records() {
        let record = record?;
        let doc_id = field(&record, &columns, "doc_id")?;
        if wanted.contains(doc_id) {
            texts.insert(
                doc_id.to_string(),
                field(&record, &columns, "text")?.to_string(),
            );
        }
    }
    Ok(texts)
}

fn read_sentences(
    release: &Path,
    wanted: &BTreeSet<&str>,
) -> anyhow::Result<HashMap<String, Vec<Predicted>>> {
    let (mut reader, columns) = csv_reader(release, "sentences")?;
    let mut out: HashMap<String, Vec<Predicted>> = HashMap::new();
    for record in reader.records() {
        let record = record?;
        let doc_id = field(&record, &columns, "doc_id")?;
        if !wanted.contains(doc_id) {
            continue;
        }
        out.entry(doc_id.to_string()).or_default().push(Predicted {
            text: field(&record, &columns, "text")?.to_string(),
            char_start: field(&record, &columns, "char_start")?.parse()?,
            char_end: field(&record, &columns, "char_end")?.parse()?,
            ..Default::default()
        });
    }
    Ok(out)
}

fn read_annotations(
    release: &Path,
    wanted: &BTreeSet<&str>,
    predicted: &mut HashMap<String, Vec<Predicted>>,
) -> anyhow::Result<()> {
    let (mut reader, columns) = csv_reader(release, "annotations")?;
    for record in reader.records() {
        let record = record?;
        let doc_id = field(&record, &columns, "doc_id")?;
        if !wanted.contains(doc_id) {
            continue;
        }
        let sentence_id = field(&record, &columns, "sentence_id")?;
        let index: usize = sentence_id.rsplit(':').next().unwrap_or("").parse()?;
        let sentence = predicted
            .get_mut(doc_id)
            .and_then(|s| s.get_mut(index))
            .with_context(|| format!("annotation of unknown sentence {sentence_id}"))?;
        let label = field(&record, &columns, "label")?.to_string();
        match field(&record, &columns, "layer")? {
            "actor" if field(&record, &columns, "type")? != "media" => {
                sentence.actors.insert(label);
            }
            "topic" => {
                sentence.topics.insert(label);
            }
            "date" => {
                let start: usize = field(&record, &columns, "char_start")?.parse()?;
                let end: usize = field(&record, &columns, "char_end")?.parse()?;
                let base = sentence.char_start;
                sentence
                    .dates
                    .push((start.saturating_sub(base), end.saturating_sub(base), label));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Compares sentence end offsets: the gold sentences are found in the text in order.
fn score_boundaries(
    doc: &GoldDocument,
    text: &str,
    sentences: &[Predicted],
    out: &mut SentenceScores,
) {
    out.gold += doc.sentences.len() as u64;
    out.predicted += sentences.len() as u64;
    let mut gold_ends = BTreeSet::new();
    let mut cursor_bytes = 0;
    for g in &doc.sentences {
        if let Some(found) = text[cursor_bytes..].find(&g.text) {
            let end_byte = cursor_bytes + found + g.text.len();
            gold_ends.insert(text[..end_byte].chars().count());
            cursor_bytes = end_byte;
        }
    }
    let predicted_ends: BTreeSet<usize> = sentences.iter().map(|s| s.char_end).collect();
    let tp = gold_ends.intersection(&predicted_ends).count() as u64;
    let fn_ = doc.sentences.len() as u64 - tp;
    out.boundaries
        .add(tp, predicted_ends.len() as u64 - tp, fn_);
}

/// For each gold sentence, the release sentence with identical text, matched in order.
fn align(doc: &GoldDocument, sentences: &[Predicted]) -> Vec<Option<usize>> {
    let mut used = vec![false; sentences.len()];
    let mut cursor = 0;
    doc.sentences
        .iter()
        .map(|g| {
            let found = (cursor..sentences.len())
                .chain(0..cursor)
                .find(|&i| !used[i] && sentences[i].text == g.text);
            if let Some(i) = found {
                used[i] = true;
                cursor = i + 1;
            }
            found
        })
        .collect()
}

/// Adds one sentence's label sets to the per-label counts.
fn score_sets(
    gold: &[String],
    predicted: Option<&BTreeSet<String>>,
    counts: &mut BTreeMap<String, Counts>,
) {
    let gold: BTreeSet<&String> = gold.iter().collect();
    let empty = BTreeSet::new();
    let predicted: BTreeSet<&String> = predicted.unwrap_or(&empty).iter().collect();
    for label in gold.union(&predicted) {
        let (g, p) = (gold.contains(label), predicted.contains(label));
        counts.entry((*label).clone()).or_default().add(
            (g && p) as u64,
            (p && !g) as u64,
            (g && !p) as u64,
        );
    }
}

/// Matches one sentence's gold dates to the release's by overlapping span.
fn score_dates(gold: &GoldSentence, predicted: Option<&Predicted>, out: &mut DateScores) {
    let Some(p) = predicted else {
        out.spans.add(0, 0, gold.dates.len() as u64);
        return;
    };
    let mut used = vec![false; p.dates.len()];
    let mut cursor_bytes = 0;
    let (mut tp, mut fn_) = (0, 0);
    for g in &gold.dates {
        let Some(found) = p.text[cursor_bytes..]
            .find(&g.text)
            .map(|f| f + cursor_bytes)
        else {
            fn_ += 1;
            continue;
        };
        cursor_bytes = found + g.text.len();
        let start = p.text[..found].chars().count();
        let end = start + g.text.chars().count();
        let hit =
            (0..p.dates.len()).find(|&i| !used[i] && p.dates[i].0 < end && start < p.dates[i].1);
        match hit {
            Some(i) => {
                used[i] = true;
                tp += 1;
                out.exact_values += (p.dates[i].2 == g.value) as u64;
            }
            None => fn_ += 1,
        }
    }
    let fp = used.iter().filter(|u| !**u).count() as u64;
    out.spans.add(tp, fp, fn_);
}

fn summarise(labels: BTreeMap<String, Counts>) -> LabelScores {
    let mut micro = Counts::default();
    for c in labels.values() {
        micro.add(c.tp, c.fp, c.fn_);
    }
    let macro_f1 = if labels.is_empty() {
        0.0
    } else {
        labels.values().map(|c| c.f1).sum::<f64>() / labels.len() as f64
    };
    LabelScores {
        micro,
        macro_f1,
        labels,
    }
}

impl Scores {
    /// A readable table of the scores.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let row = |out: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                out,
                "{name:<28} {:>5} {:>5} {:>5}   {:>6.3} {:>6.3} {:>6.3}",
                c.tp, c.fp, c.fn_, c.precision, c.recall, c.f1
            );
        };
        let s = &self.sentences;
        let _ = writeln!(
            out,
            "documents {} (missing from the release: {}); sentences: gold {}, release {}, identical {}\n",
            self.documents,
            self.missing_documents.len(),
            s.gold,
            s.predicted,
            s.aligned
        );
        let _ = writeln!(
            out,
            "{:<28} {:>5} {:>5} {:>5}   {:>6} {:>6} {:>6}",
            "", "tp", "fp", "fn", "P", "R", "F1"
        );
        row(&mut out, "sentence boundaries", &s.boundaries);
        row(&mut out, "date (overlapping span)", &self.date.spans);
        let _ = writeln!(
            out,
            "{:<28} {}/{} = {:.3}",
            "date value accuracy",
            self.date.exact_values,
            self.date.spans.tp,
            self.date.value_accuracy
        );
        for (name, layer) in [("actor", &self.actor), ("topic", &self.topic)] {
            let _ = writeln!(out);
            row(&mut out, &format!("{name} (micro)"), &layer.micro);
            let _ = writeln!(
                out,
                "{:<28} {:.3}",
                format!("{name} (macro F1)"),
                layer.macro_f1
            );
            for (label, c) in &layer.labels {
                row(&mut out, &format!("  {label}"), c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(text: &str, actors: &[&str], dates: &[(&str, &str)]) -> GoldSentence {
        GoldSentence {
            text: text.into(),
            actors: actors.iter().map(|s| s.to_string()).collect(),
            topics: vec![],
            dates: dates
                .iter()
                .map(|(t, v)| GoldDate {
                    text: t.to_string(),
                    value: v.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn counts_compute_scores() {
        let mut c = Counts::default();
        c.add(3, 1, 2);
        assert_eq!((c.precision, c.recall), (0.75, 0.6));
        assert!((c.f1 - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
    }

    #[test]
    fn dates_match_by_overlap_and_values_exactly() {
        let g = gold(
            "Hij kwam op 18 maart en in 2024.",
            &[],
            &[("op 18 maart", "2025-03-18"), ("in 2024", "2024")],
        );
        let p = Predicted {
            text: g.text.clone(),
            dates: vec![
                (12, 20, "2025-03-18".into()),
                (27, 31, "2023".into()),
                (0, 3, "X".into()),
            ],
            ..Default::default()
        };
        let mut out = DateScores::default();
        score_dates(&g, Some(&p), &mut out);
        assert_eq!((out.spans.tp, out.spans.fp, out.spans.fn_), (2, 1, 0));
        assert_eq!(out.exact_values, 1);
    }

    #[test]
    fn unaligned_sentences_cost_their_labels() {
        let doc = GoldDocument {
            doc: "d".into(),
            published: "2025-03".into(),
            sentences: vec![
                gold("Een.", &["RUS"], &[]),
                gold("Twee drie.", &["UKR"], &[]),
            ],
        };
        let sentences = vec![Predicted {
            text: "Een.".into(),
            ..Default::default()
        }];
        assert_eq!(align(&doc, &sentences), vec![Some(0), None]);
    }
}
