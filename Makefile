# Two commands do all the set-up: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean stress docs bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/baulu demo baulu-demo

docs: $(STAMP)
	$(BIN)/python -m macros.rules_doc

lint: $(STAMP)
	$(BIN)/ruff check schemas workbook sync macros tests
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# the long runs: 4,000 generated kindergarten spreadsheets instead of 300, and the kill test at
# every checkpoint of a round (70 kills instead of 5)
stress: $(STAMP)
	BAULU_STRESS=1 $(BIN)/pytest tests/test_fuzz_sheets.py
	BAULU_KILLS=all $(BIN)/pytest tests/test_kill.py

# region-scale benchmark: one table of every measure, its target and ratio (BAULU_BENCH_N=20 for a quick run)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_region.py

clean:
	rm -rf $(VENV) baulu-demo .pytest_cache .mypy_cache .ruff_cache
