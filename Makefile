# Interview Coach: `make run` starts the app, `make test` runs the whole suite.
# Both install what is missing (system libraries via apt, Python packages into .venv) and are safe to repeat.
# Python packages come only from the lock files (every package pinned, with hashes):
#   requirements-pip.lock   the installer itself (pip), put in .venv first
#   requirements.lock       what the app needs to run (and hatchling, to install the checkout)
#   requirements-test.lock  that plus the test and lint tools
# `make lock` re-locks after pyproject.toml changes; `make upgrade-deps` moves to the newest allowed versions.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
ARGS   ?=

PIP_LOCK  := requirements-pip.lock
LOCK      := requirements.lock
TEST_LOCK := requirements-test.lock

# Exactly the locked files: every package must be in the lock with a matching hash (pip resolves
# nothing else), and only wheels, so no build step fetches build tools of its own.
PIP_INSTALL_LOCK := $(PIP) install --require-hashes --only-binary :all: -r
# The checkout itself, editable, with no dependencies of its own and built by the locked hatchling.
PIP_INSTALL_SELF := $(PIP) install --no-deps --no-build-isolation -e .
# Catches a lock that no longer matches pyproject.toml's dependencies.
PIP_CHECK := $(PY) -m pip check >/dev/null || { $(PY) -m pip check >&2; \
             echo "The lock files do not match pyproject.toml: run 'make lock'." >&2; exit 1; }

# The lock tool (uv) lives in its own venv; it is only needed to re-lock, never to install.
UV_VERSION  := 0.13.9
TOOLS_VENV  := .venv-tools
UV          := $(TOOLS_VENV)/bin/uv
# One lock for every platform and Python from the lowest that pyproject.toml's requires-python allows.
LOCK_PYTHON := 3.10
UV_COMPILE  := UV_PYTHON_DOWNLOADS=never $(UV) pip compile --quiet --universal --generate-hashes \
               --python-version $(LOCK_PYTHON) --annotation-style line --custom-compile-command 'make lock'

.PHONY: run test bench lint typecheck check screenshots system-deps system-deps-test \
        lock upgrade-deps clean

run: system-deps $(VENV)/.run-installed
	$(PY) -m interview_coach $(ARGS)

test: system-deps-test $(VENV)/.test-installed
	$(PY) -m pytest $(PYTEST_ARGS)

bench: system-deps-test $(VENV)/.test-installed
	$(PY) -m bench

# lint-imports checks the layer contracts in pyproject.toml; tests/test_layers.py runs it in `make test` too.
lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check interview_coach tests bench
	$(VENV)/bin/ruff format --check interview_coach tests bench
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(VENV)/.test-installed
	$(VENV)/bin/mypy interview_coach

check: lint typecheck test

# The README's set, then every screen in both themes at two window sizes for review (docs/screenshots/review/).
screenshots: system-deps-test $(VENV)/.test-installed
	$(PY) scripts/screenshots.py
	for theme in light dark; do for size in 1600x1000 1280x720; do \
	  $(PY) scripts/screenshots.py docs/screenshots/review/$$theme-$$size --theme $$theme --size $$size || exit 1; \
	done; done

system-deps:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh run

system-deps-test:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# pip first: the pip that a new venv comes with may be one (24.1 to 25.3) that stops on the lock's
# macOS-only lines ("platform_release >= ..." against a Linux kernel's release string).
$(VENV)/.pip-installed: $(PIP_LOCK) | $(VENV)/bin/python
	$(PIP_INSTALL_LOCK) $(PIP_LOCK)
	@touch $@

# Re-install only when a lock (or pyproject.toml, for the checkout's own entry) changes.
$(VENV)/.run-installed: $(LOCK) pyproject.toml $(VENV)/.pip-installed
	$(PIP_INSTALL_LOCK) $(LOCK)
	$(PIP_INSTALL_SELF)
	@$(PIP_CHECK)
	@touch $@

$(VENV)/.test-installed: $(TEST_LOCK) pyproject.toml $(VENV)/.pip-installed
	$(PIP_INSTALL_LOCK) $(TEST_LOCK)
	$(PIP_INSTALL_SELF)
	@$(PIP_CHECK)
	@touch $@ $(VENV)/.run-installed

$(TOOLS_VENV)/.uv-$(UV_VERSION):
	rm -rf $(TOOLS_VENV)
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip --disable-pip-version-check -q install uv==$(UV_VERSION)
	@touch $@

# What `pip install -e .` builds with: pyproject.toml's [build-system] requires, plus what hatchling
# asks for to build this checkout editable (it uses editables because of the force-include).
BUILD_REQUIRES := 'hatchling>=1.21' 'editables~=0.3'

# Re-lock after editing pyproject.toml: versions already locked stay as they are where still allowed.
# The test lock is resolved first; the run lock takes the same versions from it.
lock: $(TOOLS_VENV)/.uv-$(UV_VERSION)
	printf '%s\n' $(BUILD_REQUIRES) | $(UV_COMPILE) $(UV_FLAGS) pyproject.toml --extra test - -o $(TEST_LOCK)
	printf '%s\n' $(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -c $(TEST_LOCK) -o $(LOCK)
	printf 'pip>=26.0\n' | $(UV_COMPILE) $(UV_FLAGS) - -o $(PIP_LOCK)

# Every package to the newest version pyproject.toml allows, installed into a new .venv (so nothing
# left from the old versions can hide a missing one) and tested. Review and commit the locks after.
upgrade-deps:
	$(MAKE) lock UV_FLAGS=--upgrade
	rm -rf $(VENV)
	$(MAKE) test

clean:
	rm -rf $(VENV) $(TOOLS_VENV) build dist .pytest_cache .mypy_cache .ruff_cache
