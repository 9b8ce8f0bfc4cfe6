# provkb task runner: every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help serve test build validate lint golden test-fast bench bench-full bench-endpoints soak clean draft-eval draft-heldout draft-speed

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# Two stamps: serving needs the package and its run-time dependencies only; the tests add
# their extra (pytest, Playwright, ruff, mypy...) on top.
SERVE_STAMP := $(VENV)/.serve-installed

$(SERVE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP): $(SERVE_STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: $(SERVE_STAMP) ## compile kb/ into build/
	$(BIN)/provkb build

validate: build ## check build/ against the SHACL shapes
	$(BIN)/provkb validate

serve: validate ## build, validate and serve the KB on http://127.0.0.1:8000/
	$(BIN)/provkb serve

test: $(STAMP) ## install what the tests need, then run them all (what CI runs)
	bash .ci/install-system-deps
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy
	$(BIN)/pytest

# After a person has reviewed why a query case fails (the test prints the difference): rewrite
# the expected rows of tests/queries/ from the current kb/ and fixture, then review the git diff.
golden: $(STAMP) ## rewrite the query cases' expected rows (tests/queries/) from the current KB
	$(BIN)/python -m provkb_harness.golden

# The edit-test loop: no system packages, no servers, no browser, nothing slow (under a minute
# on an idle machine); `make test` stays the whole suite.
test-fast: $(STAMP) ## unit tests only: no servers, browser or slow runs
	$(BIN)/pytest -q -m "not server and not slow and not integration"

# Benchmark-only packages (rdflib-endpoint, the oxigraph server, matplotlib), wrk (the load
# generator) and Virtuoso (a column of the query comparison): the last two from Debian, when
# root; otherwise the bench says what is missing and skips what it would measure.
BENCH_STAMP := $(VENV)/.bench-installed
BENCH_DEBS := wrk:wrk virtuoso-t:virtuoso-opensource
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	missing=""; for pair in $(BENCH_DEBS); do \
		command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq --no-install-recommends $$missing \
		|| (apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing); \
	elif [ -n "$$missing" ]; then \
		echo "bench: missing$$missing (install as root); the bench skips what they measure"; fi
	touch $@

# The quick run stops rdflib at 10 s a query (its ratio is then a lower bound), runs it again
# only while under 5 s, and runs wrk 5 s a point; the full run gives rdflib 120 s (20 s of
# repeats) and wrk the issue's 30 s.
bench: $(BENCH_STAMP) ## quick benchmark: 100 documents, a few minutes; build/bench/results.md
	$(BIN)/python -m bench.run --docs 100 --http-docs 100 --http-seconds 5 \
		--rdflib-timeout 10 --rdflib-budget 5

bench-full: $(BENCH_STAMP) ## benchmark at 100, 1,000 and 10,000 documents (hours); wrk 30 s a point
	$(BIN)/python -m bench.run --docs 100 1000 10000 --http-docs 100 1000 --http-seconds 30

bench-endpoints: $(BENCH_STAMP) ## provkb serve, Oxigraph, rdflib-endpoint on the same protocol checks
	$(BIN)/python -m bench.endpoint_comparison

# Not part of make test: a minute of load, whose figures depend on the machine.
soak: $(BENCH_STAMP) ## 60 s: canned queries and small SELECTs at 32 connections beside 4 heavy queries
	$(BIN)/python -m bench.soak --seconds 60 --connections 32 --heavy 4

lint: $(STAMP) ## ruff (rules and format) and mypy
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy

clean: ## remove build/ and the virtual environment
	rm -rf build $(VENV)

draft-eval: $(STAMP) ## drafter leave-one-out on the seed documents; build/draft-eval.md
	$(BIN)/python -m bench.draft_eval

# The held-out sets after the first, each written blind: bench/heldout2/ ... bench/heldout10/.
HELDOUT_SETS := $(sort $(patsubst bench/heldout%/README.md,draft-heldout%,$(wildcard bench/heldout[0-9]*/README.md)))
.PHONY: $(HELDOUT_SETS)

draft-heldout: $(STAMP) ## drafter on held-out documents it was never tuned on (draft-heldout2 ... draft-heldout10: the other sets); build/draft-heldout*.md
	$(BIN)/python -m bench.draft_heldout

$(HELDOUT_SETS): draft-heldout%: $(STAMP)
	$(BIN)/python -m bench.draft_heldout --set bench/heldout$*

draft-speed: $(STAMP) ## drafter speed: a 50,000-character document, provkb add on 1,000; build/bench/draft-speed.md
	$(BIN)/python -m bench.draft_speed --docs 1000
