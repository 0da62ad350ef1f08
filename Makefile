# Two entry points for a fresh machine with Python 3.11 and make:
#   make demo   set everything up and evaluate the bundled sample data (2026Q3)
#   make test   set everything up and run every check (ruff, mypy, pytest)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The temporary Prefect server creates its database on first use (~20 s here);
# its own default start-up timeout is 20 s (see STACK-NOTES).
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: demo test lint setup clean browser postgres bench-websites bench-duckdb

demo: $(VENV)/.installed
	$(BIN)/clustereval evaluate --quarter 2026Q3 --out out

test: $(VENV)/.installed lint
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

setup: $(VENV)/.installed

# Pinned: requirements.lock is exactly what CI tested (pip freeze of a working venv).
# axe-core (package-lock.json) for the website checks' browser engine, when npm is here;
# without it (or without Chromium) the website checks run their static engine alone.
$(VENV)/.installed: requirements.lock pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi
	touch $@

# Debian's Chromium for the browser engine (root; about 30 s and 500 MB).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# Debian's PostgreSQL server for the history-store tests against a real server (root);
# the tests start their own server (initdb in a temporary folder) and skip without it.
postgres:
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null)

bench-websites: $(VENV)/.installed
	$(BIN)/python benchmarks/check_websites.py

# The DuckDB peer of issue 20 (b): duckdb is installed for this benchmark alone (pinned in
# benchmarks/requirements.txt), never as a dependency of the product.
bench-duckdb: $(VENV)/.installed
	$(BIN)/pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python benchmarks/duckdb_peer.py

clean:
	rm -rf $(VENV) node_modules out .pytest_cache .mypy_cache .ruff_cache
