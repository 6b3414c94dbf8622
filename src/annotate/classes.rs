//! Character classes by table, for the annotators' tokenizers: one load per byte instead
//! of several compares.

/// Class bit: `char::is_alphanumeric`.
pub(crate) const ALNUM: u8 = 1;
/// Class bit: `char::is_whitespace`.
pub(crate) const SPACE: u8 = 2;
/// Class bit: `char::is_uppercase`.
pub(crate) const UPPER: u8 = 4;

/// The class bits of every byte read as an ASCII character. Bytes past ASCII have none:
/// their characters are decoded.
pub(crate) static ASCII_CLASSES: [u8; 256] = ascii_classes();

const fn ascii_classes() -> [u8; 256] {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] |= ALNUM;
        }
        // Tab to carriage return and space: `u8::is_ascii_whitespace` leaves out 0x0B.
        if matches!(byte, 0x09..=0x0D | b' ') {
            table[b] |= SPACE;
        }
        if byte.is_ascii_uppercase() {
            table[b] |= UPPER;
        }
        b += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_classes_match_the_char_functions() {
        for b in 0..=255u8 {
            let class = ASCII_CLASSES[usize::from(b)];
            let c = char::from(b);
            let ascii = b.is_ascii();
            assert_eq!(class & ALNUM != 0, ascii && c.is_alphanumeric(), "{b}");
            assert_eq!(class & UPPER != 0, ascii && c.is_uppercase(), "{b}");
            assert_eq!(class & SPACE != 0, ascii && c.is_whitespace(), "{b}");
        }
    }
}
