# provkb task runner: every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help serve test build validate lint bench bench-full clean

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

lint: $(STAMP) ## ruff
	$(BIN)/ruff check

clean: ## remove build/ and the virtual environment
	rm -rf build $(VENV)
