# firmbrief's task runner: the README's commands live here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE_DAY := 2026-12-01

.PHONY: setup catalogues catalogues-update demo test test-fast lint typecheck pytest bench bench-batch clean

## setup: Debian packages, a virtual environment in .venv, firmbrief and its dev tools
setup: $(STAMP) catalogues

$(STAMP): pyproject.toml scripts/install-system-deps
	./scripts/install-system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## catalogues: compile the translations (firmbrief/templates/locale/*/LC_MESSAGES/firmbrief.po)
## to the .mo files the wheel ships; catalogues-update: extract the templates' and the Python's
## words again (babel.cfg) and merge them into each language's .po (then translate, and commit)
LOCALES := firmbrief/templates/locale
catalogues: $(STAMP)
	$(BIN)/pybabel compile --statistics -D firmbrief -d $(LOCALES)

catalogues-update: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k N_ -k NP_:1,2 \
	  --project firmbrief --copyright-holder "firmbrief" -o $(LOCALES)/firmbrief.pot .
	$(BIN)/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -D firmbrief -i $(LOCALES)/firmbrief.pot -d $(LOCALES)

## demo: set up, then the main job on the bundled example: a copy of examples/logo.yaml beside
## the example business profile in out/business/, checked, its brief and terms rendered into
## out/, signed, and its first invoice issued (the terms, the signing and the invoice carry the
## one fingerprint of the brief with its profile)
demo: setup
	rm -rf out/business && mkdir -p out/business
	cp examples/logo.yaml examples/business/firmbrief.toml out/business/
	$(BIN)/firmbrief check out/business/logo.yaml --today $(EXAMPLE_DAY)
	$(BIN)/firmbrief render out/business/logo.yaml -o out --today $(EXAMPLE_DAY)
	$(BIN)/firmbrief record out/business/logo.yaml signed --date $(EXAMPLE_DAY)
	$(BIN)/firmbrief invoice out/business/logo.yaml --date $(EXAMPLE_DAY)

## test: ruff, mypy --strict and the whole test suite on every core (pytest-xdist), property
## tests with the hypothesis profile "ci"
test: setup lint typecheck pytest

## test-fast: the all-day loop: every test not marked slow, on every core, hypothesis's "dev"
## profile; a test skips where it would render a PDF or start a process; no lint, no mypy
test-fast: setup
	FIRMBRIEF_TESTS=fast HYPOTHESIS_PROFILE=dev $(BIN)/python -m pytest -q -n auto -m "not slow"

## lint: ruff, the layering contracts (import-linter) and the size of every module
lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check-module-size

## typecheck: mypy --strict; its cache (.mypy_cache) makes a second run take seconds
typecheck: setup
	$(BIN)/python -m mypy -p firmbrief
	$(BIN)/python -m mypy tests benchmarks

pytest: setup
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -n auto

## bench: the quick figures in benchmarks/ (a minute or two)
bench: setup
	$(BIN)/python benchmarks/check_startup.py
	$(BIN)/python benchmarks/render_overhead.py
	$(BIN)/python benchmarks/project_record.py
	$(BIN)/python benchmarks/invoice_speed.py

## bench-batch: 200 and 1,000 generated briefs; writes benchmarks/RESULTS.md (about 25 minutes)
bench-batch: setup
	cd benchmarks && ../$(BIN)/python batch_render.py --write-results

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache out
