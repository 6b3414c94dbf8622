//! The one schema definition: `schema/tables.json`.
//!
//! It drives the CSV and Parquet writers ([`crate::write`]), the Frictionless descriptor
//! in every release's `datapackage.json`, the column documentation in `schema/README.md`
//! (generated, and checked by a test), and `kroniek validate`.

use arrow_schema::{DataType, Field, Schema as ArrowSchema};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, OnceLock};

/// The source text of the schema, compiled in.
pub const TABLES_JSON: &str = include_str!("../schema/tables.json");

/// Tables written by `kroniek diff --out`, kept apart so that releases do not change.
pub const DIFF_TABLES_JSON: &str = include_str!("../schema/diff_tables.json");

/// The logical column types a table may use. Each maps to one Arrow type that DuckDB,
/// pandas, polars, Spark and R arrow all read, and to one Frictionless field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// UTF-8 text (Arrow Utf8, never LargeUtf8 or Utf8View).
    String,
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// 64-bit IEEE float (Arrow Float64, Parquet DOUBLE); finite values only.
    Float64,
    /// A calendar date (Arrow Date32, Parquet DATE).
    Date,
    /// true/false.
    Boolean,
    /// A sorted set of strings, `|`-joined in both CSV and Parquet.
    List,
}

impl ColumnType {
    /// The Arrow data type both writers use.
    pub fn arrow(self) -> DataType {
        match self {
            ColumnType::String | ColumnType::List => DataType::Utf8,
            ColumnType::Int32 => DataType::Int32,
            ColumnType::Int64 => DataType::Int64,
            ColumnType::Float64 => DataType::Float64,
            ColumnType::Date => DataType::Date32,
            ColumnType::Boolean => DataType::Boolean,
        }
    }

    /// The Frictionless Table Schema field type.
    pub fn frictionless(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Int32 | ColumnType::Int64 => "integer",
            ColumnType::Float64 => "number",
            ColumnType::Date => "date",
            ColumnType::Boolean => "boolean",
            ColumnType::List => "list",
        }
    }

    /// The name used in the documentation.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Int32 => "int32",
            ColumnType::Int64 => "int64",
            ColumnType::Float64 => "float64",
            ColumnType::Date => "date",
            ColumnType::Boolean => "boolean",
            ColumnType::List => "list",
        }
    }
}

/// The separator of the items of a [`ColumnType::List`] value.
pub const LIST_DELIMITER: &str = "|";

/// One column of a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Logical type.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// Whether every row has a value (no nulls).
    pub required: bool,
    /// What the column means.
    pub description: String,
    /// The only values the column may hold, where the set is closed.
    #[serde(rename = "enum", default)]
    pub allowed: Option<Vec<String>>,
}

/// A foreign key from one table to another.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    /// Columns of this table.
    pub fields: Vec<String>,
    /// The referenced table.
    pub table: String,
    /// Columns of the referenced table.
    pub table_fields: Vec<String>,
}

/// One table of a release.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Table name; also the file stem (`sentences.csv`, `sentences.parquet`).
    pub name: String,
    /// What one row is.
    pub description: String,
    /// Columns that identify a row.
    pub primary_key: Vec<String>,
    /// Columns the rows are ordered by (declared as Parquet sorting columns).
    pub sort_by: Vec<String>,
    /// References to other tables.
    pub foreign_keys: Vec<ForeignKey>,
    /// Columns in file order.
    pub columns: Vec<Column>,
}

/// The schema of every table in a release.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Semantic version; a change to any table bumps it (see `schema/CHANGELOG.md`).
    pub schema_version: String,
    /// Tables in release order.
    pub tables: Vec<Table>,
}

impl Schema {
    /// The schema compiled into this binary.
    pub fn get() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| Schema::parse(TABLES_JSON).expect("schema/tables.json is valid"))
    }

    /// The schema of the tables `kroniek diff --out` writes (`schema/diff_tables.json`).
    pub fn diff() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            Schema::parse(DIFF_TABLES_JSON).expect("schema/diff_tables.json is valid")
        })
    }

    /// Parses and checks a schema definition.
    pub fn parse(json: &str) -> anyhow::Result<Schema> {
        let schema: Schema = serde_json::from_str(json)?;
        for table in &schema.tables {
            let known = |name: &String| table.columns.iter().any(|c| &c.name == name);
            for name in table.primary_key.iter().chain(&table.sort_by) {
                anyhow::ensure!(known(name), "table {}: no column {name}", table.name);
            }
            for fk in &table.foreign_keys {
                anyhow::ensure!(
                    fk.fields.iter().all(known),
                    "table {}: bad foreign key",
                    table.name
                );
            }
        }
        Ok(schema)
    }

    /// The table called `name`.
    ///
    /// # Panics
    /// When the schema has no such table: table names are fixed by the code.
    pub fn table(&self, name: &str) -> &Table {
        self.tables
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("schema has no table {name}"))
    }

    /// The major part of the schema version.
    pub fn major(&self) -> &str {
        self.schema_version.split('.').next().unwrap_or("0")
    }

    /// The column documentation, as checked in at `schema/README.md`.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# Release schema {}\n\n\
             Generated from `schema/tables.json` by `kroniek schema-docs`; do not edit by hand \
             (a test checks that this file matches). Offsets count Unicode code points, 0-based, \
             end-exclusive, into `documents.text`. Types: `string` is UTF-8 text, `int32`/`int64` \
             signed integers, `float64` a finite 64-bit float (Parquet DOUBLE; in CSV the \
             shortest decimal that reads back as the same float), `date` a calendar date (Parquet DATE), `boolean` true/false, `list` \
             a sorted set of strings joined with `{LIST_DELIMITER}` in both CSV and Parquet. In CSV an \
             empty field is a missing value; no present value is empty.\n",
            self.schema_version
        );
        for table in &self.tables {
            out.push_str(&format!(
                "\n## {}\n\n{}\n\nPrimary key: `{}`. Rows ordered by `{}`.",
                table.name,
                table.description,
                table.primary_key.join("`, `"),
                table.sort_by.join("`, `")
            ));
            for fk in &table.foreign_keys {
                out.push_str(&format!(
                    " `{}` → `{}.{}`.",
                    fk.fields.join("`, `"),
                    fk.table,
                    fk.table_fields.join("`, `")
                ));
            }
            out.push_str("\n\n| column | type | required | description |\n|---|---|---|---|\n");
            for c in &table.columns {
                let mut description = c.description.clone();
                if let Some(values) = &c.allowed {
                    description.push_str(&format!(" One of: `{}`.", values.join("`, `")));
                }
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    c.name,
                    c.column_type.name(),
                    if c.required { "yes" } else { "no" },
                    description
                ));
            }
        }
        out
    }
}

impl Table {
    /// The Arrow schema of the Parquet file.
    pub fn arrow_schema(&self) -> Arc<ArrowSchema> {
        let fields: Vec<Field> = self
            .columns
            .iter()
            .map(|c| Field::new(&c.name, c.column_type.arrow(), !c.required))
            .collect();
        Arc::new(ArrowSchema::new(fields))
    }

    /// Position of the column called `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The Frictionless Table Schema of this table.
    pub fn frictionless_schema(&self) -> Value {
        let fields: Vec<Value> = self
            .columns
            .iter()
            .map(|c| {
                let mut field = json!({
                    "name": c.name,
                    "type": c.column_type.frictionless(),
                    "description": c.description,
                });
                let mut constraints = serde_json::Map::new();
                if c.required {
                    constraints.insert("required".into(), json!(true));
                }
                if let Some(values) = &c.allowed {
                    constraints.insert("enum".into(), json!(values));
                }
                if !constraints.is_empty() {
                    field["constraints"] = Value::Object(constraints);
                }
                if c.column_type == ColumnType::List {
                    field["delimiter"] = json!(LIST_DELIMITER);
                    field["itemType"] = json!("string");
                }
                if c.column_type == ColumnType::Boolean {
                    field["trueValues"] = json!(["true"]);
                    field["falseValues"] = json!(["false"]);
                }
                field
            })
            .collect();
        let foreign_keys: Vec<Value> = self
            .foreign_keys
            .iter()
            .map(|fk| {
                json!({
                    "fields": fk.fields,
                    "reference": {"resource": format!("{}_csv", fk.table), "fields": fk.table_fields},
                })
            })
            .collect();
        json!({
            "fields": fields,
            "primaryKey": self.primary_key,
            "foreignKeys": foreign_keys,
            "missingValues": [""],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_in_docs_match_the_schema() {
        let docs = include_str!("../schema/README.md");
        assert_eq!(
            docs,
            Schema::get().markdown(),
            "schema/README.md is stale: run `cargo run -- schema-docs > schema/README.md`"
        );
    }

    #[test]
    fn types_are_ones_every_consumer_reads() {
        for table in &Schema::get().tables {
            for field in table.arrow_schema().fields() {
                assert!(
                    matches!(
                        field.data_type(),
                        DataType::Utf8
                            | DataType::Int32
                            | DataType::Int64
                            | DataType::Float64
                            | DataType::Date32
                            | DataType::Boolean
                    ),
                    "{}.{}: {:?}",
                    table.name,
                    field.name(),
                    field.data_type()
                );
            }
        }
    }

    #[test]
    fn the_schema_version_is_in_the_changelog() {
        let changelog = include_str!("../schema/CHANGELOG.md");
        let version = &Schema::get().schema_version;
        assert!(
            changelog.contains(&format!("## {version}")),
            "no entry for {version}"
        );
    }

    #[test]
    fn parse_rejects_a_key_on_a_missing_column() {
        let bad = r#"{"schema_version":"1.0.0","tables":[{"name":"t","description":"","primary_key":["x"],
            "sort_by":[],"foreign_keys":[],"columns":[]}]}"#;
        assert!(Schema::parse(bad).is_err());
    }
}
