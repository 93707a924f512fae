# Quick start: `make build` then `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: build test ingest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/newsgen build

ingest: $(STAMP)
	$(BIN)/newsgen ingest

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .newsgen-cache
