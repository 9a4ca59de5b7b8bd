# Two set-up commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORES  ?= all

.PHONY: run test lint bench clean-results

$(BIN)/prismake: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## Build the example review end to end and print where the manuscript is.
run: $(BIN)/prismake
	$(BIN)/snakemake --cores $(CORES)
	@echo
	@echo "Manuscript: $(CURDIR)/results/manuscript/manuscript.html"
	@echo "            $(CURDIR)/results/manuscript/manuscript.pdf"

## Unit and integration tests (real-data tests skip when ../shared/data is absent).
test: $(BIN)/prismake
	$(BIN)/python -m pytest

## Snakemake's own lint of the workflow, and ruff over the Python code.
lint: $(BIN)/prismake
	$(BIN)/snakemake --lint
	$(BIN)/ruff check workflow tests bench

## Benchmarks print numbers; they need the benchmark extras and ../shared/data.
bench: $(BIN)/prismake
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_dedup.py

clean-results:
	rm -rf results logs benchmarks
