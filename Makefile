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

.PHONY: demo test lint setup clean

demo: $(VENV)/.installed
	$(BIN)/clustereval evaluate --quarter 2026Q3 --out out

test: $(VENV)/.installed lint
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

setup: $(VENV)/.installed

# Pinned: requirements.lock is exactly what CI tested (pip freeze of a working venv).
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
