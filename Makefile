# OpenIMR: two set-up commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: demo test test-fast check bench install clean browser system

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3

# The package and its pinned dependencies; re-run when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed system

# WeasyPrint subsets the letter's fonts with HarfBuzz when Debian's libharfbuzz-subset0 is there;
# without it, it falls back to fontTools, which stamps the subset font with the current time, so
# the same letter gives a different PDF (and SHA-256) from one second to the next.
system:
	@dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || (apt-get update && apt-get install -y libharfbuzz-subset0)

# The main job on the bundled example: review the case reconstructed from the seed letter.
demo: install
	$(VENV)/bin/openimr review examples/seed-facet-and-trigger-point.yaml --out demo-out --config examples/openimr.yaml --force

test: install browser
	$(PY) -m pytest -q

# The browser tests drive Debian's Chromium (never a downloaded browser): install it when missing.
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

# The unit tests alone: everything not marked slow (no whole-corpus runs, no browser, no cluster).
test-fast: install
	$(PY) -m pytest -q -m "not slow"

# The quality gate: formatting, lint and types, with zero findings.
check: install
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

# The service benchmark's load generator is Debian's wrk (C, little CPU): installed when missing.
bench: install
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(PY) benchmarks/bench_letters.py
	$(PY) benchmarks/bench_decisions.py
	$(PY) benchmarks/bench_corpus.py
	$(PY) benchmarks/bench_service.py

clean:
	rm -rf $(VENV) demo-out .pytest_cache .hypothesis
