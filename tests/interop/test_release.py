"""Interop tests: a kroniek release loads in DuckDB, pandas (pyarrow) and polars with the
documented types, its CSV and Parquet copies hold identical rows, `frictionless validate`
accepts its datapackage.json, `kroniek validate` accepts it, and the loading snippets of its
dataset card run.

The release under test is $RELEASE_DIR (the default release); $KRONIEK is the binary.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / os.environ.get("RELEASE_DIR", "data/releases/v" + (ROOT / "data/VERSION").read_text().strip())
KRONIEK = ROOT / os.environ.get("KRONIEK", "target/release/kroniek")
SCHEMA = json.loads((ROOT / "schema/tables.json").read_text())
TABLES = {t["name"]: t for t in SCHEMA["tables"]}

# The documented types of each logical column type, per consumer.
DUCKDB_TYPES = {"string": "VARCHAR", "list": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT",
                "float64": "DOUBLE", "date": "DATE", "boolean": "BOOLEAN"}
ARROW_TYPES = {"string": "string", "list": "string", "int32": "int32", "int64": "int64",
               "float64": "double", "date": "date32[day]", "boolean": "bool"}
POLARS_TYPES = {"string": pl.String, "list": pl.String, "int32": pl.Int32, "int64": pl.Int64,
                "float64": pl.Float64, "date": pl.Date, "boolean": pl.Boolean}


def columns(table):
    return [(c["name"], c["type"]) for c in TABLES[table]["columns"]]


def csv_frame(table):
    """The CSV read with the schema's types: empty field = missing, nothing else is."""
    schema = {name: POLARS_TYPES[kind] for name, kind in columns(table)}
    return pl.read_csv(RELEASE / f"{table}.csv", schema=schema, null_values=[""], empty_string_is_null=True)


@pytest.mark.parametrize("table", TABLES)
def test_parquet_types_in_pyarrow(table):
    schema = pq.read_schema(RELEASE / f"{table}.parquet")
    got = [(f.name, str(f.type)) for f in schema]
    assert got == [(name, ARROW_TYPES[kind]) for name, kind in columns(table)]
    for field, (_, kind) in zip(schema, columns(table)):
        assert not str(field.type).startswith(("large_", "string_view")), field


@pytest.mark.parametrize("table", TABLES)
def test_parquet_writer_settings(table):
    meta = pq.ParquetFile(RELEASE / f"{table}.parquet").metadata
    assert meta.created_by == "kroniek"
    assert meta.format_version == "1.0"
    for rg in range(meta.num_row_groups):
        for col in range(meta.num_columns):
            chunk = meta.row_group(rg).column(col)
            assert chunk.compression == "ZSTD"
            assert chunk.is_stats_set
            assert "DELTA" not in " ".join(chunk.encodings)


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_documented_types_and_csv_equals_parquet(table):
    con = duckdb.connect()
    parquet = str(RELEASE / f"{table}.parquet")
    described = con.sql(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()
    assert [(r[0], r[1]) for r in described] == [(n, DUCKDB_TYPES[k]) for n, k in columns(table)]
    types = ", ".join(f"'{n}': '{DUCKDB_TYPES[k]}'" for n, k in columns(table))
    csv = f"read_csv('{RELEASE / (table + '.csv')}', header=true, columns={{{types}}}, nullstr='', quote='\"', escape='\"')"
    n_parquet = con.sql(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchall()[0][0]
    n_csv = con.sql(f"SELECT count(*) FROM {csv}").fetchall()[0][0]
    assert n_parquet == n_csv
    diff = con.sql(f"(SELECT * FROM read_parquet('{parquet}') EXCEPT ALL SELECT * FROM {csv}) "
                   f"UNION ALL (SELECT * FROM {csv} EXCEPT ALL SELECT * FROM read_parquet('{parquet}'))").fetchall()
    assert diff == []


@pytest.mark.parametrize("table", TABLES)
def test_polars_csv_and_parquet_hold_identical_rows(table):
    parquet = pl.read_parquet(RELEASE / f"{table}.parquet")
    assert dict(parquet.schema) == {n: POLARS_TYPES[k] for n, k in columns(table)}
    assert parquet.equals(csv_frame(table), null_equal=True)


@pytest.mark.parametrize("table", TABLES)
def test_pandas_reads_parquet_with_pyarrow(table):
    frame = pd.read_parquet(RELEASE / f"{table}.parquet", engine="pyarrow")
    assert list(frame.columns) == [n for n, _ in columns(table)]
    manifest = json.loads((RELEASE / "manifest.json").read_text())
    rows = {o["path"]: o["rows"] for o in manifest["outputs"]}
    assert len(frame) == rows[f"{table}.parquet"]


def test_csv_dialect_is_rfc4180_utf8_without_bom():
    for table in TABLES:
        raw = (RELEASE / f"{table}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" not in raw
        raw.decode("utf-8")
        assert raw.endswith(b"\n")


def test_sentences_and_spans_match_the_document_text():
    con = duckdb.connect()
    r = str(RELEASE)
    bad = con.sql(f"""
        SELECT count(*) FROM '{r}/sentences.parquet' s JOIN '{r}/documents.parquet' d USING (doc_id)
        WHERE substring(d.text, s.char_start + 1, s.char_end - s.char_start) <> s.text""").fetchall()[0][0]
    assert bad == 0
    bad = con.sql(f"""
        SELECT count(*) FROM '{r}/annotations.parquet' a JOIN '{r}/documents.parquet' d USING (doc_id)
        WHERE a.char_start IS NOT NULL
          AND substring(d.text, a.char_start + 1, a.char_end - a.char_start) <> a.text""").fetchall()[0][0]
    assert bad == 0


def test_frictionless_validates_the_datapackage():
    result = subprocess.run([str(ROOT / ".venv/bin/frictionless"), "validate", "--json", "datapackage.json"],
                            cwd=RELEASE, capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:4000]
    assert len(report["tasks"]) == 2 * len(TABLES)


def test_kroniek_validate_accepts_the_release():
    result = subprocess.run([str(KRONIEK), "validate", str(RELEASE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("valid")


def test_dataset_card_snippets_run(monkeypatch):
    card = (RELEASE / "README.md").read_text()
    snippets = re.findall(r"```python\n(.*?)```", card, flags=re.S)
    assert len(snippets) >= 3
    monkeypatch.chdir(RELEASE)
    for code in snippets:
        exec(compile(code, "README.md", "exec"), {})
