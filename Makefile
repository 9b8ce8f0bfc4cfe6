# provkb task runner: every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help serve test build validate lint bench bench-full bench-endpoints clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP) ## compile kb/ into build/
	$(BIN)/provkb build

validate: build ## check build/ against the SHACL shapes
	$(BIN)/provkb validate

serve: validate ## build, validate and serve the KB on http://127.0.0.1:8000/
	$(BIN)/provkb serve

test: $(STAMP) ## install what the tests need, then run them all
	bash .ci/install-system-deps
	$(BIN)/ruff check
	$(BIN)/pytest

# Benchmark-only packages (rdflib-endpoint, the oxigraph server, matplotlib) and wrk, the load
# generator (from Debian, when root; the bench says so if it is missing).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	if [ "$$(id -u)" = 0 ] && ! command -v wrk >/dev/null; then \
		apt-get install -y wrk || (apt-get update && apt-get install -y wrk); fi
	touch $@

bench: $(BENCH_STAMP) ## quick benchmark: 100 documents, a few minutes; build/bench/results.md
	$(BIN)/python bench/run.py --docs 100 --http-docs 100 --http-seconds 5

bench-full: $(BENCH_STAMP) ## benchmark at 100, 1,000 and 10,000 documents (hours)
	$(BIN)/python bench/run.py --docs 100 1000 10000 --http-docs 100 1000 --http-seconds 15

bench-endpoints: $(BENCH_STAMP) ## provkb serve, Oxigraph, rdflib-endpoint on the same protocol checks
	$(BIN)/python bench/endpoint_comparison.py

lint: $(STAMP) ## ruff
	$(BIN)/ruff check

clean: ## remove build/ and the virtual environment
	rm -rf build $(VENV)
