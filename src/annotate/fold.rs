//! Case and diacritic folding shared by the annotators that match words from a lexicon:
//! `Oekraïne’s` → `oekraine's`, so one lexicon entry finds every spelling.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower-cases, strips diacritics and writes every apostrophe as `'`.
pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() && !s.contains('`') {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Appends the folded form of one character (none, one or several characters).
pub(crate) fn fold_char(c: char, out: &mut String) {
    // Fast path: ASCII has no diacritics and folds to itself in lower case, except '`'.
    if c.is_ascii() {
        out.push(if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        });
        return;
    }
    if matches!(c, '’' | '‘' | '`' | '´' | 'ʼ') {
        out.push('\'');
        return;
    }
    for d in c.nfd() {
        for l in d.to_lowercase() {
            if !is_combining_mark(l) {
                out.push(l);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_diacritics_and_apostrophes() {
        assert_eq!(fold("Beëindigen"), "beeindigen");
        assert_eq!(fold("In Oekraïne’s"), "in oekraine's");
        assert_eq!(fold("Jan`s NAVO"), "jan's navo");
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_general_fold() {
        // The general path: NFD, lower case, combining marks dropped.
        use unicode_normalization::char::is_combining_mark;
        use unicode_normalization::UnicodeNormalization;
        for b in 0u8..128 {
            let c = char::from(b);
            let mut fast = String::new();
            super::fold_char(c, &mut fast);
            let general: String = if c == '`' {
                "'".into()
            } else {
                c.nfd()
                    .flat_map(char::to_lowercase)
                    .filter(|l| !is_combining_mark(*l))
                    .collect()
            };
            assert_eq!(fast, general, "{c:?}");
        }
    }
}
