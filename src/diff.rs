//! `kroniek diff OLD NEW`: what changed in the annotations between two releases.
//!
//! Documents are aligned by `doc_id`; sentences by text, falling back to overlapping
//! offsets when the segmentation changed (so that a split or a merge is reported as
//! such); annotations by layer, label and span inside each aligned group of sentences,
//! a span that moved or grew counting as one change. Tables are sorted by `doc_id`, so
//! both releases are streamed one document at a time.

use crate::ingest::sha256_file;
use crate::release::Manifest;
use crate::schema::Schema;
use crate::write::{Cell, TableWriter};
use anyhow::Context;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

/// One annotation row, as far as the comparison needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ann {
    /// The sentence it hangs on.
    pub sentence_id: String,
    /// `date`, `actor` or `topic`.
    pub layer: String,
    /// The label.
    pub label: String,
    /// Span start (document offsets), if any.
    pub char_start: Option<i64>,
    /// Span end, if any.
    pub char_end: Option<i64>,
    /// Span text.
    pub text: String,
    /// Provenance (`rule` column).
    pub rule: String,
}

/// One sentence row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// `doc_id:NNNN`.
    pub sentence_id: String,
    /// Start offset in the document.
    pub char_start: i64,
    /// End offset (exclusive).
    pub char_end: i64,
    /// The sentence text.
    pub text: String,
    /// Actor ids of the sentence.
    pub actors: BTreeSet<String>,
    /// Topic codes of the sentence.
    pub topics: BTreeSet<String>,
}

/// One document with its sentences and annotations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// The document id.
    pub doc_id: String,
    /// The normalised text.
    pub text: String,
    /// Sentences in order.
    pub sentences: Vec<Sent>,
    /// Annotations in order.
    pub annotations: Vec<Ann>,
}

/// A release held in memory (for tests and small releases); [`compare_dirs`] streams.
#[derive(Debug, Clone, Default)]
pub struct ReleaseData {
    /// Documents sorted by `doc_id`.
    pub docs: Vec<Doc>,
}

/// One change: a row of the `changes` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The document.
    pub doc_id: String,
    /// Sentence id(s) in OLD, `|`-joined.
    pub sentence_id_old: Option<String>,
    /// Sentence id(s) in NEW, `|`-joined.
    pub sentence_id_new: Option<String>,
    /// `document`, `sentence`, or an annotation layer.
    pub layer: String,
    /// Kind of change (see `schema/diff_tables.json`).
    pub kind: String,
    /// Label in OLD.
    pub label_old: Option<String>,
    /// Label in NEW.
    pub label_new: Option<String>,
    /// Span in OLD.
    pub span_old: Option<(i64, i64)>,
    /// Span in NEW.
    pub span_new: Option<(i64, i64)>,
    /// Text in OLD.
    pub text_old: Option<String>,
    /// Text in NEW.
    pub text_new: Option<String>,
    /// Rule in OLD.
    pub rule_old: Option<String>,
    /// Rule in NEW.
    pub rule_new: Option<String>,
}

/// Added, removed and changed annotations of one layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LayerCounts {
    /// Only in NEW.
    pub added: u64,
    /// Only in OLD.
    pub removed: u64,
    /// Span moved or grew, or label changed on the same span.
    pub changed: u64,
    /// Same label and span.
    pub unchanged: u64,
    /// Same label and span, other rule.
    pub rule_changed: u64,
}

/// Exact-match counts of NEW against OLD as reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// In both (same layer, label and span).
    pub tp: u64,
    /// Only in NEW.
    pub fp: u64,
    /// Only in OLD.
    pub fn_: u64,
}

impl Agreement {
    /// Precision of NEW (1 when NEW has nothing).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall of NEW (1 when OLD has nothing).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A 2×2 table of a binary sentence label in OLD (rows) and NEW (columns).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Binary {
    /// Present in both.
    pub both: u64,
    /// Only in OLD.
    pub old_only: u64,
    /// Only in NEW.
    pub new_only: u64,
    /// In neither.
    pub neither: u64,
}

impl Binary {
    /// Cohen's kappa (1 when both raters are constant and agree).
    pub fn kappa(&self) -> f64 {
        let n = (self.both + self.old_only + self.new_only + self.neither) as f64;
        if n == 0.0 {
            return 1.0;
        }
        let po = (self.both + self.neither) as f64 / n;
        let old_yes = (self.both + self.old_only) as f64 / n;
        let new_yes = (self.both + self.new_only) as f64 / n;
        let pe = old_yes * new_yes + (1.0 - old_yes) * (1.0 - new_yes);
        if (1.0 - pe).abs() < f64::EPSILON {
            if po >= 1.0 {
                1.0
            } else {
                0.0
            }
        } else {
            (po - pe) / (1.0 - pe)
        }
    }

    fn add(&mut self, old: bool, new: bool) {
        match (old, new) {
            (true, true) => self.both += 1,
            (true, false) => self.old_only += 1,
            (false, true) => self.new_only += 1,
            (false, false) => self.neither += 1,
        }
    }
}

/// Changes grouped by provenance: sign, layer, label and rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RuleKey {
    /// `+` added, `-` removed, `~` changed, `=` the same annotation by a changed rule (an
    /// edited lexicon row, say).
    pub sign: char,
    /// The layer.
    pub layer: String,
    /// The label.
    pub label: String,
    /// The rule (NEW's for additions and changes, OLD's for removals).
    pub rule: String,
}

/// The whole comparison.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    /// Notes on the comparison (schema versions).
    pub notes: Vec<String>,
    /// Documents only in NEW.
    pub docs_added: u64,
    /// Documents only in OLD.
    pub docs_removed: u64,
    /// Documents in both whose text differs.
    pub docs_text_changed: u64,
    /// Sentence changes per kind (added, removed, split, merged, resegmented, edited).
    pub sentences: BTreeMap<String, u64>,
    /// Sentences (aligned groups) whose topics changed.
    pub topics_changed: u64,
    /// Sentences (aligned groups) whose actors changed.
    pub actors_changed: u64,
    /// Per layer.
    pub layers: BTreeMap<String, LayerCounts>,
    /// Per (layer, label): count in OLD, count in NEW.
    pub labels: BTreeMap<String, (u64, u64)>,
    /// Agreement per layer.
    pub agreement: BTreeMap<String, Agreement>,
    /// Agreement per `layer:label`.
    pub label_agreement: BTreeMap<String, Agreement>,
    /// Sentence topic labels over sentences aligned one to one, per topic.
    pub topic_kappa: BTreeMap<String, Binary>,
    /// Sentences aligned one to one (the sentences the kappa tables count).
    pub sentences_one_to_one: u64,
    /// Changes per rule, with an example span text.
    #[serde(skip)]
    pub by_rule: HashMap<RuleKey, (u64, String)>,
    /// Row id (rule without `@hash`) to hashes seen, in OLD and in NEW.
    #[serde(skip)]
    pub row_hashes: [HashMap<String, BTreeSet<String>>; 2],
    /// Every change, in document order.
    pub changes: Vec<Change>,
}

impl Diff {
    /// True when the annotations (documents, sentences, labels) are the same.
    pub fn is_same(&self) -> bool {
        self.docs_added == 0
            && self.docs_removed == 0
            && self.docs_text_changed == 0
            && self.sentences.is_empty()
            && self
                .layers
                .values()
                .all(|c| c.added + c.removed + c.changed == 0)
    }
}

/// Compares two releases held in memory.
pub fn compare(old: &ReleaseData, new: &ReleaseData) -> Diff {
    let mut diff = Diff::default();
    merge_docs(
        old.docs.iter().cloned().map(Ok),
        new.docs.iter().cloned().map(Ok),
        &mut diff,
    )
    .expect("in-memory documents cannot fail");
    diff
}

/// Compares the releases in two folders, streaming one document at a time. An error
/// means a folder is no readable release or a file does not match its manifest.
pub fn compare_dirs(old: &Path, new: &Path) -> anyhow::Result<Diff> {
    let old_m = check_release(old)?;
    let new_m = check_release(new)?;
    let mut diff = Diff::default();
    let major = |v: &str| v.split('.').next().unwrap_or("").to_string();
    if major(&old_m.schema_version) != major(&new_m.schema_version) {
        diff.notes.push(format!(
            "schema {} (OLD) and {} (NEW) differ in major version: compared on the columns they share",
            old_m.schema_version, new_m.schema_version
        ));
    }
    merge_docs(DocReader::open(old)?, DocReader::open(new)?, &mut diff)?;
    Ok(diff)
}

/// Reads the manifest and checks that the files the diff reads match it.
fn check_release(dir: &Path) -> anyhow::Result<Manifest> {
    let manifest =
        Manifest::read(dir).with_context(|| format!("{} is not a release", dir.display()))?;
    for name in ["documents.csv", "sentences.csv", "annotations.csv"] {
        let out = manifest
            .outputs
            .iter()
            .find(|o| o.path == name)
            .with_context(|| format!("{}: manifest.json does not list {name}", dir.display()))?;
        let (_, sha256) = sha256_file(&dir.join(name))
            .with_context(|| format!("cannot read {}", dir.join(name).display()))?;
        anyhow::ensure!(
            sha256 == out.sha256,
            "{}: sha256 differs from manifest.json",
            dir.join(name).display()
        );
    }
    Ok(manifest)
}

/// Walks two doc_id-sorted document streams side by side.
fn merge_docs(
    old: impl Iterator<Item = anyhow::Result<Doc>>,
    new: impl Iterator<Item = anyhow::Result<Doc>>,
    diff: &mut Diff,
) -> anyhow::Result<()> {
    let mut old = old.peekable();
    let mut new = new.peekable();
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(Err(_)), _) => return Err(old.next().expect("peeked").unwrap_err()),
            (_, Some(Err(_))) => return Err(new.next().expect("peeked").unwrap_err()),
            (Some(Ok(_)), None) => std::cmp::Ordering::Less,
            (None, Some(Ok(_))) => std::cmp::Ordering::Greater,
            (Some(Ok(a)), Some(Ok(b))) => a.doc_id.cmp(&b.doc_id),
        };
        match order {
            std::cmp::Ordering::Less => {
                let doc = take(&mut old);
                diff.docs_removed += 1;
                one_sided_doc(&doc, false, diff);
            }
            std::cmp::Ordering::Greater => {
                let doc = take(&mut new);
                diff.docs_added += 1;
                one_sided_doc(&doc, true, diff);
            }
            std::cmp::Ordering::Equal => {
                let (a, b) = (take(&mut old), take(&mut new));
                compare_doc(&a, &b, diff);
            }
        }
    }
    Ok(())
}

/// The next document of a stream whose head was peeked as `Ok`.
fn take(it: &mut impl Iterator<Item = anyhow::Result<Doc>>) -> Doc {
    match it.next() {
        Some(Ok(doc)) => doc,
        _ => Doc::default(),
    }
}

/// A document only in one release: one document change, and its annotations counted.
fn one_sided_doc(doc: &Doc, added: bool, diff: &mut Diff) {
    diff.changes.push(Change {
        doc_id: doc.doc_id.clone(),
        layer: "document".into(),
        kind: if added { "added" } else { "removed" }.into(),
        ..Change::default()
    });
    let group = Group {
        old: if added {
            vec![]
        } else {
            (0..doc.sentences.len()).collect()
        },
        new: if added {
            (0..doc.sentences.len()).collect()
        } else {
            vec![]
        },
    };
    let empty = Doc {
        doc_id: doc.doc_id.clone(),
        ..Doc::default()
    };
    let (a, b) = if added { (&empty, doc) } else { (doc, &empty) };
    compare_annotations(a, b, &group, diff);
}

/// Sentences of OLD and NEW that cover the same text.
#[derive(Debug, Default)]
struct Group {
    old: Vec<usize>,
    new: Vec<usize>,
}

fn compare_doc(old: &Doc, new: &Doc, diff: &mut Diff) {
    if old.text != new.text {
        diff.docs_text_changed += 1;
        diff.changes.push(Change {
            doc_id: old.doc_id.clone(),
            layer: "document".into(),
            kind: "text_changed".into(),
            ..Change::default()
        });
    }
    for group in align_sentences(&old.sentences, &new.sentences) {
        sentence_change(old, new, &group, diff);
        compare_sentence_labels(old, new, &group, diff);
        compare_annotations(old, new, &group, diff);
    }
}

/// Pairs equal sentence texts in order, then groups the rest by overlapping offsets.
fn align_sentences(old: &[Sent], new: &[Sent]) -> Vec<Group> {
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, s) in new.iter().enumerate().rev() {
        by_text.entry(s.text.as_str()).or_default().push(j);
    }
    let mut new_used = vec![false; new.len()];
    let mut old_used = vec![false; old.len()];
    let mut groups = Vec::new();
    for (i, s) in old.iter().enumerate() {
        if let Some(j) = by_text.get_mut(s.text.as_str()).and_then(Vec::pop) {
            new_used[j] = true;
            old_used[i] = true;
            groups.push(Group {
                old: vec![i],
                new: vec![j],
            });
        }
    }
    // Connected components of the overlap graph among the unmatched sentences.
    let rest_old: Vec<usize> = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let rest_new: Vec<usize> = (0..new.len()).filter(|&j| !new_used[j]).collect();
    let overlaps = |i: usize, j: usize| {
        old[i].char_start < new[j].char_end && new[j].char_start < old[i].char_end
    };
    let mut seen_new = vec![false; new.len()];
    let mut seen_old = vec![false; old.len()];
    for &i in &rest_old {
        if seen_old[i] {
            continue;
        }
        let mut group = Group::default();
        let mut stack_old = vec![i];
        seen_old[i] = true;
        while let Some(a) = stack_old.pop() {
            group.old.push(a);
            for &j in &rest_new {
                if !seen_new[j] && overlaps(a, j) {
                    seen_new[j] = true;
                    group.new.push(j);
                    for &b in &rest_old {
                        if !seen_old[b] && overlaps(b, j) {
                            seen_old[b] = true;
                            stack_old.push(b);
                        }
                    }
                }
            }
        }
        group.old.sort_unstable();
        group.new.sort_unstable();
        groups.push(group);
    }
    for &j in &rest_new {
        if !seen_new[j] {
            groups.push(Group {
                old: vec![],
                new: vec![j],
            });
        }
    }
    groups.sort_by_key(|g| (g.old.first().copied(), g.new.first().copied()));
    groups
}

fn ids(doc: &Doc, idx: &[usize]) -> Option<String> {
    (!idx.is_empty()).then(|| {
        idx.iter()
            .filter_map(|&i| doc.sentences.get(i))
            .map(|s| s.sentence_id.as_str())
            .collect::<Vec<_>>()
            .join("|")
    })
}

fn texts(doc: &Doc, idx: &[usize]) -> Option<String> {
    (!idx.is_empty()).then(|| {
        idx.iter()
            .filter_map(|&i| doc.sentences.get(i))
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Records a segmentation change for a group that is not one identical sentence.
fn sentence_change(old: &Doc, new: &Doc, group: &Group, diff: &mut Diff) {
    let kind = match (group.old.len(), group.new.len()) {
        (1, 1) if old.sentences[group.old[0]].text == new.sentences[group.new[0]].text => return,
        (0, _) => "added",
        (_, 0) => "removed",
        (1, 1) => "edited",
        (1, _) => "split",
        (_, 1) => "merged",
        _ => "resegmented",
    };
    *diff.sentences.entry(kind.into()).or_default() += 1;
    let span = |doc: &Doc, idx: &[usize]| {
        let first = idx.first().and_then(|&i| doc.sentences.get(i))?;
        let last = idx.last().and_then(|&i| doc.sentences.get(i))?;
        Some((first.char_start, last.char_end))
    };
    diff.changes.push(Change {
        doc_id: old.doc_id.clone(),
        sentence_id_old: ids(old, &group.old),
        sentence_id_new: ids(new, &group.new),
        layer: "sentence".into(),
        kind: kind.into(),
        span_old: span(old, &group.old),
        span_new: span(new, &group.new),
        text_old: texts(old, &group.old),
        text_new: texts(new, &group.new),
        ..Change::default()
    });
}

/// Sentence-level topic and actor sets of a group; kappa over one-to-one groups.
fn compare_sentence_labels(old: &Doc, new: &Doc, group: &Group, diff: &mut Diff) {
    if group.old.is_empty() || group.new.is_empty() {
        return;
    }
    let union = |doc: &Doc, idx: &[usize], topics: bool| -> BTreeSet<String> {
        idx.iter()
            .filter_map(|&i| doc.sentences.get(i))
            .flat_map(|s| if topics { &s.topics } else { &s.actors }.iter().cloned())
            .collect()
    };
    let (ot, nt) = (union(old, &group.old, true), union(new, &group.new, true));
    if ot != nt {
        diff.topics_changed += 1;
    }
    if union(old, &group.old, false) != union(new, &group.new, false) {
        diff.actors_changed += 1;
    }
    if group.old.len() == 1 && group.new.len() == 1 {
        // Every topic either release used counts as one decision per sentence; a topic
        // first seen now was absent from every sentence aligned before.
        for topic in ot.union(&nt) {
            let seen = diff.sentences_one_to_one;
            diff.topic_kappa.entry(topic.clone()).or_insert(Binary {
                neither: seen,
                ..Binary::default()
            });
        }
        for (topic, table) in diff.topic_kappa.iter_mut() {
            table.add(ot.contains(topic), nt.contains(topic));
        }
        diff.sentences_one_to_one += 1;
    }
}

/// An annotation with its span relative to the start of its group.
struct Rel<'a> {
    ann: &'a Ann,
    span: Option<(i64, i64)>,
}

fn relative<'a>(doc: &'a Doc, idx: &[usize]) -> Vec<Rel<'a>> {
    let ids: BTreeSet<&str> = idx
        .iter()
        .filter_map(|&i| doc.sentences.get(i))
        .map(|s| s.sentence_id.as_str())
        .collect();
    let base = idx
        .first()
        .and_then(|&i| doc.sentences.get(i))
        .map_or(0, |s| s.char_start);
    doc.annotations
        .iter()
        .filter(|a| ids.contains(a.sentence_id.as_str()))
        .map(|ann| Rel {
            ann,
            span: ann
                .char_start
                .zip(ann.char_end)
                .map(|(s, e)| (s - base, e - base)),
        })
        .collect()
}

/// Matches the annotations of a group: exact, then same label with overlapping span,
/// then same span with another label; the rest are added or removed.
fn compare_annotations(old: &Doc, new: &Doc, group: &Group, diff: &mut Diff) {
    let olds = relative(old, &group.old);
    let news = relative(new, &group.new);
    for r in &olds {
        count_label(diff, r.ann, 0);
    }
    for r in &news {
        count_label(diff, r.ann, 1);
    }
    let mut old_done = vec![false; olds.len()];
    let mut new_done = vec![false; news.len()];
    let passes: [fn(&Rel, &Rel) -> bool; 3] = [
        |a, b| a.ann.label == b.ann.label && a.span == b.span,
        |a, b| a.ann.label == b.ann.label && spans_overlap(a.span, b.span),
        |a, b| a.span.is_some() && a.span == b.span,
    ];
    for (pass, matches) in passes.iter().enumerate() {
        for (i, a) in olds.iter().enumerate() {
            if old_done[i] {
                continue;
            }
            let found = news
                .iter()
                .enumerate()
                .position(|(j, b)| !new_done[j] && a.ann.layer == b.ann.layer && matches(a, b));
            if let Some(j) = found {
                old_done[i] = true;
                new_done[j] = true;
                matched(diff, old, a.ann, news[j].ann, pass);
            }
        }
    }
    for (i, a) in olds.iter().enumerate() {
        if !old_done[i] {
            one_sided(diff, old, a.ann, false);
        }
    }
    for (j, b) in news.iter().enumerate() {
        if !new_done[j] {
            one_sided(diff, old, b.ann, true);
        }
    }
}

fn spans_overlap(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.0 < b.1 && b.0 < a.1,
        (None, None) => true,
        _ => false,
    }
}

fn count_label(diff: &mut Diff, ann: &Ann, side: usize) {
    let entry = diff
        .labels
        .entry(format!("{}:{}", ann.layer, ann.label))
        .or_default();
    if side == 0 {
        entry.0 += 1;
    } else {
        entry.1 += 1;
    }
    for (row, hash) in split_rule(&ann.rule) {
        diff.row_hashes[side]
            .entry(row)
            .or_default()
            .insert(hash.unwrap_or("").to_string());
    }
}

/// The lexicon rows a rule cites, each with its row hash:
/// `kind:path#row@hash/how` → `[("path#row", Some("hash"))]`, and a rule citing several
/// rows (`cue:path#a@h1+b@h2`) → one pair per row. A rule without a lexicon row
/// (`weekday`) is its own row, without hash.
///
/// ```
/// use kroniek::diff::split_rule;
/// assert_eq!(
///     split_rule("cue:t.csv#a_1@h1+b_2@h2"),
///     vec![("t.csv#a_1".to_string(), Some("h1")), ("t.csv#b_2".to_string(), Some("h2"))]
/// );
/// assert_eq!(
///     split_rule("demonym+noun:a.csv#6@h9/exact+possessive"),
///     vec![("a.csv#6".to_string(), Some("h9"))]
/// );
/// assert_eq!(split_rule("weekday"), vec![("weekday".to_string(), None)]);
/// ```
pub fn split_rule(rule: &str) -> Vec<(String, Option<&str>)> {
    let body = rule.split_once(':').map_or(rule, |(_, rest)| rest);
    let Some((path, rows)) = body.split_once('#') else {
        return vec![(body.to_string(), None)];
    };
    // What follows `/` says how the row matched (`exact+possessive`); it names no row.
    let rows = rows.split_once('/').map_or(rows, |(rows, _)| rows);
    rows.split('+')
        .map(|row| match row.rsplit_once('@') {
            Some((id, hash)) => (format!("{path}#{id}"), Some(hash)),
            None => (format!("{path}#{row}"), None),
        })
        .collect()
}

fn agreement(diff: &mut Diff, ann: &Ann, tp: u64, fp: u64, fn_: u64) {
    for key in [ann.layer.clone(), format!("{}:{}", ann.layer, ann.label)] {
        let map = if key.contains(':') {
            &mut diff.label_agreement
        } else {
            &mut diff.agreement
        };
        let a = map.entry(key).or_default();
        a.tp += tp;
        a.fp += fp;
        a.fn_ += fn_;
    }
}

fn matched(diff: &mut Diff, old: &Doc, a: &Ann, b: &Ann, pass: usize) {
    let counts = diff.layers.entry(a.layer.clone()).or_default();
    let kind = match pass {
        0 if a.rule == b.rule => {
            counts.unchanged += 1;
            agreement(diff, a, 1, 0, 0);
            return;
        }
        0 => {
            counts.unchanged += 1;
            counts.rule_changed += 1;
            agreement(diff, a, 1, 0, 0);
            "rule_changed"
        }
        1 => {
            counts.changed += 1;
            agreement(diff, a, 0, 1, 1);
            "span_changed"
        }
        _ => {
            counts.changed += 1;
            agreement(diff, a, 0, 0, 1);
            agreement(diff, b, 0, 1, 0);
            "relabelled"
        }
    };
    let entry = diff
        .by_rule
        .entry(RuleKey {
            sign: if pass > 0 { '~' } else { '=' },
            layer: b.layer.clone(),
            label: b.label.clone(),
            rule: b.rule.clone(),
        })
        .or_insert((0, b.text.clone()));
    entry.0 += 1;
    diff.changes.push(Change {
        doc_id: old.doc_id.clone(),
        sentence_id_old: Some(a.sentence_id.clone()),
        sentence_id_new: Some(b.sentence_id.clone()),
        layer: a.layer.clone(),
        kind: kind.into(),
        label_old: Some(a.label.clone()),
        label_new: Some(b.label.clone()),
        span_old: a.char_start.zip(a.char_end),
        span_new: b.char_start.zip(b.char_end),
        text_old: Some(a.text.clone()),
        text_new: Some(b.text.clone()),
        rule_old: Some(a.rule.clone()),
        rule_new: Some(b.rule.clone()),
    });
}

fn one_sided(diff: &mut Diff, doc: &Doc, ann: &Ann, added: bool) {
    let counts = diff.layers.entry(ann.layer.clone()).or_default();
    if added {
        counts.added += 1;
        agreement(diff, ann, 0, 1, 0);
    } else {
        counts.removed += 1;
        agreement(diff, ann, 0, 0, 1);
    }
    let entry = diff
        .by_rule
        .entry(RuleKey {
            sign: if added { '+' } else { '-' },
            layer: ann.layer.clone(),
            label: ann.label.clone(),
            rule: ann.rule.clone(),
        })
        .or_insert((0, ann.text.clone()));
    entry.0 += 1;
    let side = |yes: bool, v: String| yes.then_some(v);
    diff.changes.push(Change {
        doc_id: doc.doc_id.clone(),
        sentence_id_old: side(!added, ann.sentence_id.clone()),
        sentence_id_new: side(added, ann.sentence_id.clone()),
        layer: ann.layer.clone(),
        kind: if added { "added" } else { "removed" }.into(),
        label_old: side(!added, ann.label.clone()),
        label_new: side(added, ann.label.clone()),
        span_old: ann.char_start.zip(ann.char_end).filter(|_| !added),
        span_new: ann.char_start.zip(ann.char_end).filter(|_| added),
        text_old: side(!added, ann.text.clone()),
        text_new: side(added, ann.text.clone()),
        rule_old: side(!added, ann.rule.clone()),
        rule_new: side(added, ann.rule.clone()),
    });
}

/// Why a rule's row changed: edited (same row, other hash), added or removed.
fn row_note(diff: &Diff, rule: &str) -> Option<&'static str> {
    for (row, _) in split_rule(rule) {
        let old = diff.row_hashes[0].get(&row);
        let new = diff.row_hashes[1].get(&row);
        match (old, new) {
            (Some(o), Some(n)) if o != n && o.iter().chain(n).any(|h| !h.is_empty()) => {
                return Some("row edited")
            }
            (None, Some(_)) => return Some("row added"),
            (Some(_), None) => return Some("row removed"),
            _ => {}
        }
    }
    None
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown, for a changelog.
    Markdown,
}

impl Diff {
    /// Rule groups, largest first: `+12 actor donald_trump via alias:… ("Trump") (row added)`;
    /// `=2 topic territory via cue:… (row edited)` for annotations that stayed the same but
    /// now cite a changed rule.
    pub fn rule_lines(&self) -> Vec<String> {
        let mut groups: Vec<(&RuleKey, &(u64, String))> = self.by_rule.iter().collect();
        groups.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        groups
            .into_iter()
            .map(|(key, (n, example))| {
                let sign = if key.sign == '-' { '−' } else { key.sign };
                let mut line = format!("{sign}{n} {} {} via {}", key.layer, key.label, key.rule);
                if !example.is_empty() {
                    let _ = write!(line, " \"{example}\"");
                }
                if let Some(note) = row_note(self, &key.rule) {
                    let _ = write!(line, " ({note})");
                }
                line
            })
            .collect()
    }

    /// The summary report (no per-change rows).
    pub fn report(&self, format: Format) -> String {
        let md = format == Format::Markdown;
        let mut out = String::new();
        let head = |out: &mut String, title: &str| {
            if md {
                let _ = writeln!(out, "\n### {title}\n");
            } else {
                let _ = writeln!(out, "\n{title}");
            }
        };
        let row = |out: &mut String, cells: &[String]| {
            if md {
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            } else {
                // The first column holds names (left), the others numbers (right).
                let cells: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if i == 0 {
                            format!("{c:<28}")
                        } else {
                            format!("{c:>10}")
                        }
                    })
                    .collect();
                let _ = writeln!(out, "{}", cells.join(" "));
            }
        };
        let header = |out: &mut String, cells: &[&str]| {
            let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            row(out, &cells);
            if md {
                let _ = writeln!(out, "|{}", "---|".repeat(cells.len()));
            }
        };
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        let verdict = if self.is_same() {
            "same annotations"
        } else {
            "annotations differ"
        };
        let _ = writeln!(
            out,
            "{verdict}: documents +{} −{} text changed {}; sentences {}; topics changed in {} sentences, actors in {}",
            self.docs_added,
            self.docs_removed,
            self.docs_text_changed,
            if self.sentences.is_empty() {
                "unchanged".to_string()
            } else {
                self.sentences
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            self.topics_changed,
            self.actors_changed
        );
        head(&mut out, "Per layer (NEW against OLD)");
        header(
            &mut out,
            &[
                "layer",
                "added",
                "removed",
                "changed",
                "unchanged",
                "rule only",
                "P",
                "R",
                "F1",
            ],
        );
        for (layer, c) in &self.layers {
            let a = self.agreement.get(layer).copied().unwrap_or_default();
            row(
                &mut out,
                &[
                    layer.clone(),
                    c.added.to_string(),
                    c.removed.to_string(),
                    c.changed.to_string(),
                    c.unchanged.to_string(),
                    c.rule_changed.to_string(),
                    format!("{:.3}", a.precision()),
                    format!("{:.3}", a.recall()),
                    format!("{:.3}", a.f1()),
                ],
            );
        }
        head(&mut out, "Per label (labels whose count or spans changed)");
        header(&mut out, &["label", "OLD", "NEW", "delta", "P", "R", "F1"]);
        for (label, (o, n)) in &self.labels {
            let a = self.label_agreement.get(label).copied().unwrap_or_default();
            if o == n && a.fp == 0 && a.fn_ == 0 {
                continue;
            }
            row(
                &mut out,
                &[
                    label.clone(),
                    o.to_string(),
                    n.to_string(),
                    format!("{:+}", *n as i64 - *o as i64),
                    format!("{:.3}", a.precision()),
                    format!("{:.3}", a.recall()),
                    format!("{:.3}", a.f1()),
                ],
            );
        }
        head(
            &mut out,
            "Sentence topics, Cohen's kappa (sentences aligned one to one)",
        );
        header(
            &mut out,
            &["topic", "both", "OLD only", "NEW only", "kappa"],
        );
        for (topic, t) in &self.topic_kappa {
            if t.old_only + t.new_only == 0 {
                continue;
            }
            row(
                &mut out,
                &[
                    topic.clone(),
                    t.both.to_string(),
                    t.old_only.to_string(),
                    t.new_only.to_string(),
                    format!("{:.3}", t.kappa()),
                ],
            );
        }
        let pooled = self.pooled_topic_table();
        let _ = writeln!(out, "\nall topics pooled: kappa {:.3}", pooled.kappa());
        head(&mut out, "Why: changes by rule");
        for line in self.rule_lines() {
            let _ = writeln!(out, "{}{line}", if md { "- " } else { "  " });
        }
        out
    }

    /// Every (sentence, topic) decision in one table.
    pub fn pooled_topic_table(&self) -> Binary {
        self.topic_kappa
            .values()
            .fold(Binary::default(), |acc, t| Binary {
                both: acc.both + t.both,
                old_only: acc.old_only + t.old_only,
                new_only: acc.new_only + t.new_only,
                neither: acc.neither + t.neither,
            })
    }

    /// Writes the changes as `changes.csv` and `changes.parquet` into `dir`.
    pub fn write_changes(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let table = Schema::diff().table("changes");
        let mut writer = TableWriter::create(table, dir)?;
        let s = |v: &Option<String>| Cell::Str(v.clone().map(Cow::Owned));
        for c in &self.changes {
            let row = table.row([
                ("doc_id", Cell::str(&c.doc_id)),
                ("sentence_id_old", s(&c.sentence_id_old)),
                ("sentence_id_new", s(&c.sentence_id_new)),
                ("layer", Cell::str(&c.layer)),
                ("kind", Cell::str(&c.kind)),
                ("label_old", s(&c.label_old)),
                ("label_new", s(&c.label_new)),
                ("char_start_old", Cell::Int(c.span_old.map(|x| x.0))),
                ("char_end_old", Cell::Int(c.span_old.map(|x| x.1))),
                ("char_start_new", Cell::Int(c.span_new.map(|x| x.0))),
                ("char_end_new", Cell::Int(c.span_new.map(|x| x.1))),
                ("text_old", s(&nonempty(&c.text_old))),
                ("text_new", s(&nonempty(&c.text_new))),
                ("rule_old", s(&nonempty(&c.rule_old))),
                ("rule_new", s(&nonempty(&c.rule_new))),
            ])?;
            writer.write_row(row)?;
        }
        writer.finish()?;
        Ok(())
    }
}

/// The CSV convention: no present value is empty.
fn nonempty(v: &Option<String>) -> Option<String> {
    v.clone().filter(|s| !s.is_empty())
}

/// The Markdown summary of the changes from the release in `old_dir` to `new_dir`, for a
/// release README or a changelog.
pub fn summary_markdown(old_dir: &Path, new_dir: &Path) -> anyhow::Result<String> {
    Ok(compare_dirs(old_dir, new_dir)?.report(Format::Markdown))
}

/// A CSV table read by column name, so that releases of other schema versions are read
/// on the columns they share.
struct CsvTable {
    rows: csv::StringRecordsIntoIter<std::fs::File>,
    columns: HashMap<String, usize>,
    peeked: Option<csv::StringRecord>,
    path: String,
}

impl CsvTable {
    fn open(path: &Path) -> anyhow::Result<CsvTable> {
        let mut reader = csv::Reader::from_path(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let columns = reader
            .headers()?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        Ok(CsvTable {
            rows: reader.into_records(),
            columns,
            peeked: None,
            path: path.display().to_string(),
        })
    }

    fn peek(&mut self) -> anyhow::Result<Option<&csv::StringRecord>> {
        if self.peeked.is_none() {
            self.peeked = self
                .rows
                .next()
                .transpose()
                .with_context(|| format!("cannot read {}", self.path))?;
        }
        Ok(self.peeked.as_ref())
    }

    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> &'r str {
        self.columns
            .get(name)
            .and_then(|&i| row.get(i))
            .unwrap_or("")
    }

    /// The next rows whose `doc_id` is `doc_id` (tables are sorted by `doc_id`).
    fn take_doc(&mut self, doc_id: &str) -> anyhow::Result<Vec<csv::StringRecord>> {
        let mut out = Vec::new();
        let key = self.columns.get("doc_id").copied();
        while let Some(row) = self.peek()? {
            if key.and_then(|i| row.get(i)).unwrap_or("") != doc_id {
                break;
            }
            out.extend(self.peeked.take());
        }
        Ok(out)
    }
}

/// Streams the documents of a release folder with their sentences and annotations.
struct DocReader {
    documents: CsvTable,
    sentences: CsvTable,
    annotations: CsvTable,
}

impl DocReader {
    fn open(dir: &Path) -> anyhow::Result<DocReader> {
        Ok(DocReader {
            documents: CsvTable::open(&dir.join("documents.csv"))?,
            sentences: CsvTable::open(&dir.join("sentences.csv"))?,
            annotations: CsvTable::open(&dir.join("annotations.csv"))?,
        })
    }

    fn next_doc(&mut self) -> anyhow::Result<Option<Doc>> {
        let Some(row) = self.documents.rows.next().transpose()? else {
            return Ok(None);
        };
        let doc_id = self.documents.get(&row, "doc_id").to_string();
        let text = self.documents.get(&row, "text").to_string();
        let set = |v: &str| -> BTreeSet<String> {
            v.split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let rows = self.sentences.take_doc(&doc_id)?;
        let t = &self.sentences;
        let sentences = rows
            .iter()
            .map(|r| Sent {
                sentence_id: t.get(r, "sentence_id").into(),
                char_start: t.get(r, "char_start").parse().unwrap_or(0),
                char_end: t.get(r, "char_end").parse().unwrap_or(0),
                text: t.get(r, "text").into(),
                actors: set(t.get(r, "actors")),
                topics: set(t.get(r, "topics")),
            })
            .collect();
        let rows = self.annotations.take_doc(&doc_id)?;
        let t = &self.annotations;
        let annotations = rows
            .iter()
            .map(|r| Ann {
                sentence_id: t.get(r, "sentence_id").into(),
                layer: t.get(r, "layer").into(),
                label: t.get(r, "label").into(),
                char_start: t.get(r, "char_start").parse().ok(),
                char_end: t.get(r, "char_end").parse().ok(),
                text: t.get(r, "text").into(),
                rule: t.get(r, "rule").into(),
            })
            .collect();
        Ok(Some(Doc {
            doc_id,
            text,
            sentences,
            annotations,
        }))
    }
}

impl Iterator for DocReader {
    type Item = anyhow::Result<Doc>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_doc().transpose()
    }
}
