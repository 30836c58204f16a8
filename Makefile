# newsdesk — `make demo` and `make test` work on a fresh machine with Python 3.11.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: setup demo test test-quick check bench clean

$(STAMP):
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install newsdesk with its pinned dependencies

demo: setup  ## ingest the bundled example corpus into newsdesk.db and list it
	$(VENV)/bin/newsdesk demo

test: setup  ## the whole test suite (quick, slow and eval tests)
	$(VENV)/bin/pytest

test-quick: setup  ## the quick tests only
	$(VENV)/bin/pytest -m "not slow and not eval and not spark"

check: setup  ## format, lint, types
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench: setup  ## ingest throughput and memory (see BENCHMARKS.md)
	$(PY) benchmarks/ingest.py

clean:
	rm -rf $(VENV) dist build newsdesk.db newsdesk.db-wal newsdesk.db-shm
