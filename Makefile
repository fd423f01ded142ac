# Länsteknik annual-report chapters. `make help` lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv build pdf data test test-fast lint format messages lab bench bench-ledger bench-forecast bench-periods lock clean-outputs

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# the git filter that strips notebook outputs on `git add` (only in a git checkout); then
	@# one `git status` refreshes the index of a fresh clone, whose notebooks git would
	@# otherwise pass through that filter again at every `git diff` (the build asks one for its
	@# commit: 10 s each, then "unknown")
	if git rev-parse --git-dir >/dev/null 2>&1; then $(BIN)/nbstripout --install && { git status --porcelain --untracked-files=no >/dev/null || true; }; fi
	@# the project's kernel and JupyterLab settings, inside .venv only
	$(BIN)/python -m analysis kernel
	touch $(STAMP)

venv: $(STAMP) ## create .venv with the pinned packages (reused when unchanged)

build: $(STAMP) ## clean the raw exports and build every chapter of every year into reports/
	$(BIN)/python -m analysis build

pdf: $(STAMP) ## build as `make build` does, and print each year's document to reports/<year>/arsrapport.pdf
	$(BIN)/python -m analysis build --pdf

data: $(STAMP) ## only clean and validate the raw exports into data/processed
	$(BIN)/python -m analysis clean

test: $(STAMP) ## run the whole test suite (notebooks and browser tests included)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## run the tests that do not execute notebooks or open a browser
	$(BIN)/python -m pytest -m "not notebooks and not browser"

lint: $(STAMP) ## ruff, the import layers and output-free notebooks (also part of make test)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/nbstripout --verify notebooks/*.ipynb

format: $(STAMP) ## format and fix the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP) ## re-extract the message template (texts/locale/analysis.pot) from the code
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k t --project=lansteknik-analysis \
	  --version=0.1.0 -o src/analysis/texts/locale/analysis.pot src
	$(BIN)/python -m pytest -q tests/test_texts.py

lab: $(STAMP) ## start JupyterLab on the project's environment (the project folder, opened in notebooks/)
	$(BIN)/jupyter lab --notebook-dir=. --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP) ## benchmark the batch against plain papermill + nbconvert command lines
	$(BIN)/python benchmarks/bench_batch.py

bench-ledger: $(STAMP) ## benchmark the ledger readers on 1 M and 10 M synthetic rows against pandas
	$(BIN)/python benchmarks/bench_ledger.py

bench-forecast: $(STAMP) ## back-test the full-year forecast (mean per month, previous year's profile) on example data
	$(BIN)/python benchmarks/bench_forecast.py

bench-periods: $(STAMP) ## benchmark a year's twelve month reports against the annual report alone (issue 26)
	$(BIN)/python benchmarks/bench_periods.py

lock: ## re-resolve requirements.lock from pyproject.toml (needs the network)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .lock-venv

clean-outputs: ## remove generated data/processed and reports (raw data is never touched)
	find data/processed reports -mindepth 1 ! -name .gitkeep -delete
