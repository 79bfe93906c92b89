# Interview Coach: `make run` starts the app, `make test` runs the whole suite.
# Both install what is missing (system libraries via apt, Python packages into .venv) and are safe to repeat.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
ARGS   ?=

.PHONY: run test bench lint typecheck check screenshots system-deps system-deps-test clean

run: system-deps $(VENV)/.run-installed
	$(PY) -m interview_coach $(ARGS)

test: system-deps-test $(VENV)/.test-installed
	$(PY) -m pytest $(PYTEST_ARGS)

bench: system-deps-test $(VENV)/.test-installed
	$(PY) -m bench

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check interview_coach tests bench
	$(VENV)/bin/ruff format --check interview_coach tests bench

typecheck: $(VENV)/.test-installed
	$(VENV)/bin/mypy interview_coach

check: lint typecheck test

screenshots: system-deps-test $(VENV)/.test-installed
	$(PY) scripts/screenshots.py

system-deps:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh run

system-deps-test:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the dependency list changes.
$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.run-installed

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
