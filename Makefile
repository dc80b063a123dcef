# OpenIMR: two set-up commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: demo test bench install clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3

# The package and its pinned dependencies; re-run when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/openimr parse $(SHARED)/seed/*.txt
	$(VENV)/bin/openimr ingest $(SHARED)/data/letters/pdf --out demo-out/corpus.parquet
	$(VENV)/bin/openimr stats demo-out/corpus.parquet

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) benchmarks/bench_letters.py

clean:
	rm -rf $(VENV) demo-out .pytest_cache .hypothesis
