# hdsgraph: `make run` serves a node on http://127.0.0.1:8000/graphql; `make test` runs every check.
# Both set themselves up on a fresh machine: a virtual environment in .venv with the package and its test tools.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The GraphQL-over-HTTP conformance test runs graphql-http's audits on Node.js, installed from the lock file.
AUDIT := tests/e2e/graphql_http_audit
AUDIT_STAMP := $(AUDIT)/node_modules/.installed-stamp

.PHONY: run test lint format schema clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(AUDIT_STAMP): $(AUDIT)/package.json $(AUDIT)/package-lock.json
	npm ci --prefix $(AUDIT) --no-audit --no-fund
	touch $(AUDIT_STAMP)

run: $(STAMP)
	$(BIN)/hdsgraph serve

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: lint $(AUDIT_STAMP)
	$(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

schema: $(STAMP)
	$(BIN)/hdsgraph schema > api/schema.graphql

# Measures the design's targets at 100,000 synthetic datasets and writes bench/results.md (see bench/README.md).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache $(AUDIT)/node_modules
