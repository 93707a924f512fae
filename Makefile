# Quick start: `make build` then `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: build test lint ingest messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/newsgen build

ingest: $(STAMP)
	$(BIN)/newsgen ingest

test: lint
	$(BIN)/python -m pytest

# Import order, unused imports and undefined names (ruff, configured in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check --quiet generator tests bench

# Interface strings: extract them from the templates into messages.pot, then
# merge that into every language's messages.po (new strings come in empty).
LOCALE := templates/locale
messages: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --output-file $(LOCALE)/messages.pot \
		--add-comments Translators: --project newsgen \
		--header-comment '# Interface strings of the newsgen templates, extracted by `make messages`.' .
	$(BIN)/pybabel update --input-file $(LOCALE)/messages.pot --output-dir $(LOCALE) --ignore-obsolete

# Build times against Hugo and Pelican on generated corpora (bench/README.md):
# `make bench N=5000` or `make bench SIZES="5000 50000 100000"`; BENCH_ARGS passes
# more options ("--runs 1 --scenarios edit,add,publish10 --hugo-max 100000").
N ?= 1000
SIZES ?= $(N)
BENCH_STAMP := bench/.venv/.installed-stamp
.PHONY: bench
$(BENCH_STAMP): bench/requirements.txt
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/python -m pip install --quiet -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python bench/run.py --sizes "$(SIZES)" $(BENCH_ARGS)

# Fuzz ingest with 10,000 generated raw files (bench/README.md); exits 1 on any crash.
.PHONY: fuzz
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz_ingest.py --examples 10000

clean:
	rm -rf site .site.staging $(VENV) .newsgen-cache
