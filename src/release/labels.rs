//! Annotations per layer and label, for the dataset card. Distinct labels grow with the
//! corpus (date values, names the registry lacks), so past [`LABELS_HELD`] labels the
//! counts go to sorted runs on disk and are merged back, summed, in label order.

use super::spill::{merge_sorted, SortedSpill};
use crate::model::Layer;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Labels counted in memory before the counts are spilled to disk.
pub const LABELS_HELD: usize = 1 << 16;

/// A label and its count.
type Counted = ((Layer, String), u64);

/// Counts per layer and label in bounded memory.
#[derive(Debug, Clone)]
pub struct LabelCounts {
    /// Hashed, not ordered: a label is added once per document that has it, and put
    /// in order only when the counts are read or spilled.
    held: FxHashMap<(Layer, String), u64>,
    /// How many labels `held` may hold.
    capacity: usize,
    /// Where runs go (the system's temporary folder when not set).
    dir: Option<PathBuf>,
    /// Counts moved to disk; a label may occur once per spill.
    spilled: Option<SortedSpill<Counted>>,
}

impl Default for LabelCounts {
    fn default() -> Self {
        LabelCounts::holding(LABELS_HELD)
    }
}

impl LabelCounts {
    /// Counts that hold at most `labels` labels in memory.
    fn holding(labels: usize) -> Self {
        LabelCounts {
            held: FxHashMap::default(),
            capacity: labels.max(1),
            dir: None,
            spilled: None,
        }
    }

    /// Spills into `dir` (a release's staging folder) from now on.
    pub fn spill_into(&mut self, dir: &Path) {
        self.dir = Some(dir.to_path_buf());
    }

    /// Holds at most `labels` labels in memory from the next count on.
    pub(crate) fn hold(&mut self, labels: usize) {
        self.capacity = labels.max(1);
    }

    /// Sorted runs written to disk so far.
    #[cfg(test)]
    pub(crate) fn runs(&self) -> usize {
        self.spilled.as_ref().map_or(0, SortedSpill::runs)
    }

    /// Adds `n` annotations of `label` in `layer`.
    pub fn add(&mut self, layer: Layer, label: String, n: u64) -> anyhow::Result<()> {
        *self.held.entry((layer, label)).or_default() += n;
        if self.held.len() > self.capacity {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> anyhow::Result<()> {
        let (capacity, dir) = (self.capacity, &self.dir);
        let spilled = self.spilled.get_or_insert_with(|| {
            let mut spilled = SortedSpill::new(capacity);
            if let Some(dir) = dir {
                spilled.spill_into(dir);
            }
            spilled
        });
        for counted in std::mem::take(&mut self.held) {
            spilled.push(counted)?;
        }
        Ok(())
    }

    /// Every label with its count, in (layer, label) order.
    pub fn in_order(
        &self,
    ) -> anyhow::Result<impl Iterator<Item = anyhow::Result<((Layer, String), u64)>> + '_> {
        let on_disk = match &self.spilled {
            Some(spilled) => Some(spilled.sorted()?),
            None => None,
        };
        let mut held: Vec<Counted> = self.held.iter().map(|(k, n)| (k.clone(), *n)).collect();
        held.sort_unstable();
        let held = held.into_iter().map(Ok);
        // Sorted by (key, count), so equal keys come together whatever their counts.
        let mut counts = merge_sorted(on_disk.into_iter().flatten(), held).peekable();
        Ok(std::iter::from_fn(move || {
            let (key, mut n) = match counts.next()? {
                Ok(counted) => counted,
                Err(err) => return Some(Err(err)),
            };
            while let Some(Ok((_, more))) = counts.next_if(|c| matches!(c, Ok((k, _)) if *k == key))
            {
                n += more;
            }
            Some(Ok((key, n)))
        }))
    }

    /// The labels of one layer with their counts, in label order.
    pub fn of_layer(
        &self,
        layer: Layer,
    ) -> anyhow::Result<impl Iterator<Item = anyhow::Result<(String, u64)>> + '_> {
        Ok(self.in_order()?.filter_map(move |counted| match counted {
            Ok(((l, label), n)) => (l == layer).then_some(Ok((label, n))),
            Err(err) => Some(Err(err)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(counts: &LabelCounts) -> Vec<((Layer, String), u64)> {
        counts
            .in_order()
            .expect("merge")
            .collect::<anyhow::Result<_>>()
            .expect("counts")
    }

    #[test]
    fn spilled_counts_sum_to_the_counts_held_in_memory() {
        let layers = [Layer::Topic, Layer::Date, Layer::Actor];
        let dir = tempfile::tempdir().expect("temp dir");
        let count = |held: usize| {
            let mut counts = LabelCounts::holding(held);
            counts.spill_into(dir.path());
            for i in 0..500u64 {
                let layer = layers[(i % 3) as usize];
                let label = format!("l{}", (i * 7) % 41);
                counts.add(layer, label, i % 5 + 1).expect("add");
            }
            counts
        };
        let in_memory = count(LABELS_HELD);
        assert!(in_memory.spilled.is_none());
        let expected = all(&in_memory);
        assert!(expected.len() > 41, "{}", expected.len());
        let total: u64 = expected.iter().map(|(_, n)| n).sum();
        assert_eq!(total, (0..500u64).map(|i| i % 5 + 1).sum::<u64>());
        for held in [1, 2, 10] {
            let spilled = count(held);
            assert!(spilled.spilled.is_some(), "held {held}");
            assert_eq!(all(&spilled), expected, "held {held}");
        }
        let dates: Vec<(String, u64)> = in_memory
            .of_layer(Layer::Date)
            .expect("merge")
            .collect::<anyhow::Result<_>>()
            .expect("counts");
        assert!(!dates.is_empty());
        assert!(dates.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
