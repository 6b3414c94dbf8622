//! A byte trie stored as one dense transition table over byte classes, for the topic
//! coder's walks over the prefixes and suffixes of a word (stems and heads of compounds):
//! one table load per byte, and every key that is a prefix found in one walk.
//! Whole-text pattern search stays with Aho-Corasick (the actor matcher).

/// A trie over byte strings with a value of type `T` at every node.
#[derive(Debug, Clone)]
pub(crate) struct ByteTrie<T> {
    /// Each byte's column in `next`; column 0 is every byte that occurs in no key.
    class: [u8; 256],
    /// Columns per node.
    width: usize,
    /// `next[node * width + class]`: the child, or 0 (the root is nobody's child).
    next: Vec<u32>,
    /// Per node: its value.
    values: Vec<T>,
}

impl<T: Default> ByteTrie<T> {
    /// The root node, where every walk starts.
    pub(crate) const ROOT: usize = 0;

    /// A trie holding `keys`, every node with the default value. A node exists exactly
    /// for each byte prefix of a key (the empty one is the root).
    pub(crate) fn new<K: AsRef<[u8]>>(keys: &[K]) -> Self {
        let mut class = [0u8; 256];
        let mut width = 1;
        for b in keys.iter().flat_map(|k| k.as_ref()) {
            if class[usize::from(*b)] == 0 {
                // Keys have fewer than 256 distinct bytes (UTF-8 at most 243): a u8 holds
                // every column.
                class[usize::from(*b)] = u8::try_from(width)
                    .expect("keys cut from UTF-8 text use at most 243 distinct bytes");
                width += 1;
            }
        }
        let mut trie = ByteTrie {
            class,
            width,
            next: vec![0; width],
            values: vec![T::default()],
        };
        for key in keys {
            let mut node = Self::ROOT;
            for &b in key.as_ref() {
                node = trie.child_or_insert(node, b);
            }
        }
        trie
    }

    fn child_or_insert(&mut self, node: usize, byte: u8) -> usize {
        let slot = node * self.width + usize::from(self.class[usize::from(byte)]);
        if self.next[slot] == 0 {
            self.next[slot] =
                u32::try_from(self.values.len()).expect("a lexicon trie has fewer than 2^32 nodes");
            self.values.push(T::default());
            self.next.resize(self.next.len() + self.width, 0);
        }
        self.next[slot] as usize
    }

    /// The child of `node` along `byte`.
    #[inline]
    pub(crate) fn child(&self, node: usize, byte: u8) -> Option<usize> {
        // Column 0 (bytes in no key) is 0 in every row: such a byte needs no test of its own.
        let class = usize::from(self.class[usize::from(byte)]);
        let next = *self.next.get(node * self.width + class)?;
        (next != 0).then_some(next as usize)
    }

    /// The node of `key`, if `key` is a prefix of a key.
    pub(crate) fn node(&self, key: &[u8]) -> Option<usize> {
        key.iter()
            .try_fold(Self::ROOT, |node, &b| self.child(node, b))
    }

    /// The value at `node`, if it is a node.
    #[inline]
    pub(crate) fn value(&self, node: usize) -> Option<&T> {
        self.values.get(node)
    }

    /// The value at `node`, to set it.
    pub(crate) fn value_mut(&mut self, node: usize) -> Option<&mut T> {
        self.values.get_mut(node)
    }
}

#[cfg(test)]
mod tests {
    use super::ByteTrie;

    #[test]
    fn nodes_exist_for_the_prefixes_of_the_keys() {
        let mut trie: ByteTrie<u8> = ByteTrie::new(&["ab", "abc", "b", "é"]);
        for (k, key) in ["ab", "abc", "b"].iter().enumerate() {
            let node = trie.node(key.as_bytes()).expect("key");
            *trie.value_mut(node).expect("node") = k as u8 + 1;
        }
        assert_eq!(trie.node(b""), Some(ByteTrie::<u8>::ROOT));
        let a = trie.node(b"a").expect("prefix");
        assert_eq!(trie.value(a), Some(&0));
        assert_eq!(trie.node(b"abc").and_then(|n| trie.value(n)), Some(&2));
        assert!(trie.node(b"abd").is_none() && trie.node(b"c").is_none());
        assert!(trie.node(&"é".as_bytes()[..1]).is_some());
        assert!(trie.child(a, b'z').is_none() && trie.child(a, 0xff).is_none());
    }
}
