//! Fuzz target: any bytes as an article file through every stage, then the rows the
//! writers would get. Checks the invariants the property tests check; a panic is a bug.
#![no_main]

use kroniek::annotate::Annotators;
use kroniek::model::Detail;
use kroniek::pipeline;
use kroniek::write::rows::document_rows;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn annotators() -> &'static Annotators {
    static ANNOTATORS: OnceLock<Annotators> = OnceLock::new();
    ANNOTATORS.get_or_init(|| Annotators::new().expect("lexicons load"))
}

fuzz_target!(|data: &[u8]| {
    // With and without a header, so both the reject paths and the stages are reached.
    let mut with_header = b" date 2025-03 ".to_vec();
    with_header.extend_from_slice(data);
    for bytes in [data, with_header.as_slice()] {
        let Ok(doc) = pipeline::process_bytes("f.txt", "f", bytes, annotators()) else {
            continue;
        };
        let text = &doc.document.text;
        for a in &doc.annotations {
            let sentence = &doc.sentences[a.sentence as usize];
            if let Some(span) = a.span {
                assert!(span.start < span.end && span.start >= sentence.bytes.start && span.end <= sentence.bytes.end);
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
            if let Detail::Date(d) = &a.detail {
                if let (Some(s), Some(e)) = (d.start, d.end) {
                    assert!(s <= e);
                }
            }
        }
        document_rows(&doc).expect("rows fit the schema");
    }
});
