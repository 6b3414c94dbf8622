//! # kroniek
//!
//! Turns a folder of Dutch news articles into an annotated, versioned research dataset:
//! CSV and Parquet tables under one fixed schema.
//!
//! Data flows one way through plain typed structs, one module per stage:
//!
//! | stage | module | produces |
//! |---|---|---|
//! | 1 | [`ingest`] | [`model::SourceFile`] or [`model::Reject`] |
//! | 2 | [`normalise`] | [`model::Document`] |
//! | 3 | [`segment`] | [`model::Sentence`]s |
//! | 4 | [`annotate`] (dates, actors, topics) | [`model::Annotation`]s |
//! | 5 | [`write`](mod@write) | CSV + Parquet per table, driven by [`schema`] |
//! | 6 | [`release`] | a versioned, immutable release folder |
//!
//! [`pipeline`] chains stages 1–4 for one document; [`validate`] and [`eval`] read a
//! finished release back; [`diff`] compares two releases.
//!
//! ```
//! use kroniek::{annotate::Annotators, pipeline};
//! let annotators = Annotators::new().unwrap();
//! let doc = pipeline::process_bytes("a.txt", "a", " date 2025-03-18 Poetin belde. Trump ook.".as_bytes(), &annotators)
//!     .unwrap();
//! assert_eq!(doc.sentences.len(), 2);
//! ```

pub mod annotate;
pub mod diff;
pub mod eval;
pub mod ingest;
pub mod model;
pub mod normalise;
pub mod pipeline;
pub mod release;
pub mod schema;
pub mod segment;
pub mod validate;
pub mod write;
