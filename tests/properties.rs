//! Hostile text through the whole pipeline (proptest): no panic on any input; sentences
//! and spans on character boundaries, inside the text, in order; every annotation inside
//! its sentence with non-empty label and rule; date_start ≤ date_end; and the rows built
//! from the result are accepted by the schema checks of the writer.

use kroniek::annotate::Annotators;
use kroniek::model::{Detail, Document, PubDate};
use kroniek::normalise::normalise;
use kroniek::pipeline;
use kroniek::write::rows::document_rows;
use proptest::prelude::*;
use std::sync::OnceLock;

fn annotators() -> &'static Annotators {
    static ANNOTATORS: OnceLock<Annotators> = OnceLock::new();
    ANNOTATORS.get_or_init(|| Annotators::new().expect("lexicons load"))
}

/// Text that mixes Dutch words, names, dates, digits, quotes, punctuation, odd spaces,
/// combining marks, mojibake and control characters.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("Poetin".to_string()),
        Just("de Russische president".to_string()),
        Just("Oekraïne".to_string()),
        Just("OekraÃ¯ne".to_string()),
        Just("vorige week woensdag".to_string()),
        Just("18 maart 2025".to_string()),
        Just("om 21.00 uur".to_string()),
        Just("staakt-het-vuren".to_string()),
        Just("NAVO-top".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{feff}\u{ad}\u{200b}".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("“".to_string()),
        Just("’".to_string()),
        Just("...".to_string()),
        Just(". ".to_string()),
        Just("?".to_string()),
        Just("\u{a0}".to_string()),
        "[a-zA-Z0-9 .,!?'\"()-]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.join(" "))
}

fn check(text: &str, published: PubDate) -> Result<(), TestCaseError> {
    let normalised = normalise(text);
    let mut document = Document::from_text("p", published, normalised.text);
    document.source_sha256 = "0".repeat(64);
    let segmented = kroniek::segment::segment(&document.text);
    let annotations = annotators().annotate(&document, &segmented.sentences);
    let text = &document.text;
    let mut previous_end = 0;
    for s in &segmented.sentences {
        prop_assert!(
            s.bytes.start >= previous_end
                && s.bytes.start < s.bytes.end
                && s.bytes.end <= text.len()
        );
        prop_assert!(text.is_char_boundary(s.bytes.start) && text.is_char_boundary(s.bytes.end));
        previous_end = s.bytes.end;
    }
    for a in &annotations {
        let sentence = &segmented.sentences[a.sentence as usize];
        prop_assert!(!a.label.is_empty() && !a.rule.is_empty(), "{a:?}");
        if let Some(span) = a.span {
            prop_assert!(span.start < span.end, "{a:?}");
            prop_assert!(
                span.start >= sentence.bytes.start && span.end <= sentence.bytes.end,
                "{a:?}"
            );
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        if let Detail::Date(d) = &a.detail {
            if let (Some(start), Some(end)) = (d.start, d.end) {
                prop_assert!(start <= end, "{a:?}");
            }
        }
    }
    if !text.is_empty() {
        let doc = kroniek::model::AnnotatedDocument {
            document,
            sentences: segmented.sentences,
            annotations,
            n_paragraphs: segmented.n_paragraphs,
        };
        prop_assert!(document_rows(&doc).is_ok());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn hostile_text_with_a_day_date(text in hostile_text()) {
        check(&text, PubDate::day(chrono::NaiveDate::from_ymd_opt(2025, 3, 18).unwrap()))?;
    }

    #[test]
    fn hostile_text_with_a_month_date(text in hostile_text()) {
        check(&text, PubDate::month(2022, 9).unwrap())?;
    }

    #[test]
    fn any_bytes_are_a_document_or_a_reject(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut file = b" date 2024-02-29 ".to_vec();
        file.extend_from_slice(&bytes);
        match pipeline::process_bytes("x.txt", "x", &file, annotators()) {
            Ok(doc) => prop_assert!(!doc.document.text.is_empty()),
            Err(reject) => prop_assert!(reject.message.starts_with("x.txt: ")),
        }
    }

    #[test]
    fn normalised_text_is_clean(text in hostile_text()) {
        let n = normalise(&text).text;
        prop_assert!(!n.contains('\r') && !n.contains("\n\n\n") && !n.contains("  "));
        prop_assert!(!n.starts_with(char::is_whitespace) && !n.ends_with(char::is_whitespace));
        let invisible = ['\u{feff}', '\u{ad}', '\u{200b}', '\u{a0}'];
        prop_assert!(!n.contains(invisible), "invisible characters left in {:?}", n);
        prop_assert_eq!(normalise(&n).text, n.clone(), "normalising twice changes nothing");
    }
}
