# kroniek: build the default dataset release and run the tests.
#   make release   build data/releases/v$(VERSION) from seeds/ (idempotent: an identical rebuild is a no-op)
#   make test      format, lint and doc checks, Rust tests, interop tests (DuckDB, pandas, polars, frictionless)
#   make validate  check the default release
#   make eval      score the default release against ../shared/gold/seeds.jsonl
#   make bench     end-to-end (100 MB, 1 GB) and per-stage throughput; sentence-splitting peers side by side (PEERS=0 skips them)
#   make diff FROM=1.0.0 TO=1.1.0   what changed in the annotations between two releases

# The default dataset version lives in one place: data/VERSION.
VERSION ?= $(shell cat data/VERSION)
RELEASES := data/releases
RELEASE_DIR := $(RELEASES)/v$(VERSION)
GOLD ?= ../shared/gold/seeds.jsonl
KRONIEK := target/release/kroniek
VENV := .venv
PYTHON := $(VENV)/bin/python

.PHONY: all release test rust-test lint doc interop validate eval diff build clean-venv

all: release

build:
	cargo build --release --locked

$(KRONIEK): build

release: build
	$(KRONIEK) release --input seeds --out $(RELEASES) --version $(VERSION)

validate: build
	$(KRONIEK) validate $(RELEASE_DIR)

eval: build
	$(KRONIEK) eval $(RELEASE_DIR) $(GOLD)

diff: build
	$(KRONIEK) diff $(RELEASES)/v$(FROM) $(RELEASES)/v$(TO)

test: lint rust-test interop

lint: doc
	cargo fmt --all -- --check
	cargo clippy --locked --all-targets -- -D warnings

# The API docs build without warnings (no broken or private intra-doc links).
doc:
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked

rust-test:
	cargo test --locked --release

# The Python tools the interop tests use, pinned, in a virtual environment of our own.
$(PYTHON): tests/interop/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r tests/interop/requirements.txt
	touch $(PYTHON)

interop: build $(PYTHON)
	KRONIEK=$(KRONIEK) RELEASE_DIR=$(RELEASE_DIR) $(PYTHON) -m pytest -q tests/interop

clean-venv:
	rm -rf $(VENV)

bench:
	benches/bench.sh
