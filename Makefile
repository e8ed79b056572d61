# Mantelwijzer: the everyday commands. `make` or `make help` lists them.
#
# Two Python environments (see README and shared/design/architecture.md):
#   .venv       the machine's python3 (>= 3.11): gateway, tests, tools, benchmarks
#   .venv-rasa  Python 3.10: Rasa 3.6.21 and the action server
# Both are created and filled from the lock files in requirements/ (with uv, from PyPI).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON3   ?= python3
# pyenv's bare python3.10 shim refuses without PYENV_VERSION; elsewhere set PYTHON310=python3.10.
PYTHON310 ?= $(shell PYENV_VERSION=3.10.13 python3.10 -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3.10)
UV_VERSION := 0.13.8

VENV      := .venv
RASA_VENV := .venv-rasa
PY        := $(VENV)/bin/python
RASA_PY   := $(RASA_VENV)/bin/python
UV        := $(VENV)/bin/uv
# Rasa's CLI; its libraries' deprecation warnings (TensorFlow, pkg_resources, Click) are not ours.
RASA      := PYTHONWARNINGS=ignore $(RASA_PY) -m rasa
STAMPS    := .stamps
SPACY_MODEL := build/spacy-nl
MODEL     := models/mantelwijzer.tar.gz
MODEL_INPUTS := config.yml domain.yml $(shell find data/nlu data/stories data/rules data/responses -name '*.yml' 2>/dev/null)

export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_INTRA_OP_PARALLELISM_THREADS ?= 2
# endpoints.yml reads these; scripts/stack.py sets its own per stack.
export MW_ACTION_SERVER_URL ?= http://127.0.0.1:5055
export MW_RASA_TRACKER_DB ?= var/rasa-tracker.db

.PHONY: help install run train test test-unit test-rasa test-e2e lint format types check-catalogue \
        bench clean system-packages lock

help: ## list the everyday commands
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- environments
$(STAMPS)/venv: requirements/gateway.lock
	@mkdir -p $(STAMPS)
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(UV) pip sync -q --python $(PY) requirements/gateway.lock
	@touch $@

# uv comes from .venv (order-only: a new gateway lock neither re-syncs Rasa nor retrains the model)
$(STAMPS)/venv-rasa: requirements/rasa.lock | $(STAMPS)/venv
	@mkdir -p $(STAMPS)
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: set PYTHON310=/path/to/python3.10"; exit 1; }
	test -x $(RASA_PY) || $(PYTHON310) -m venv $(RASA_VENV)
	$(UV) pip sync -q --python $(RASA_PY) requirements/rasa.lock
	@touch $@

$(SPACY_MODEL)/meta.json: requirements/rasa.lock scripts/build_spacy_model.py | $(STAMPS)/venv-rasa
	$(RASA_PY) scripts/build_spacy_model.py $(SPACY_MODEL)

install: $(STAMPS)/venv $(STAMPS)/venv-rasa $(SPACY_MODEL)/meta.json ## create both environments (only what changed)

lock: ## re-resolve requirements/*.lock from pyproject.toml
	$(UV) pip compile -q pyproject.toml --extra gateway --extra dev --python-version 3.11 -o requirements/gateway.lock
	$(UV) pip compile -q pyproject.toml --extra rasa --extra rasa-dev --python-version 3.10 -o requirements/rasa.lock

# ---------------------------------------------------------------- model
# The model is stamped with the time training started, so an input edited during training is newer
# than the model and the next `make` trains again.
$(MODEL): $(MODEL_INPUTS) $(SPACY_MODEL)/meta.json
	@echo "Model inputs changed: training (a few minutes)..."
	@touch .stamps/train-started
	$(RASA) train --fixed-model-name mantelwijzer --out models --quiet
	@touch -r .stamps/train-started $@

train: install $(MODEL) ## train the Rasa model when its inputs changed

# ---------------------------------------------------------------- run
run: install $(MODEL) ## install, train when needed, start everything under supervisord (restarts crashes; Ctrl-C stops)
	$(PY) scripts/stack.py

# ---------------------------------------------------------------- checks
lint: $(STAMPS)/venv ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMPS)/venv ## ruff format and fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

types: $(STAMPS)/venv $(STAMPS)/venv-rasa ## mypy (actions and rasa_ext against the Rasa environment)
	$(VENV)/bin/mypy bot api scripts bench tests
	$(VENV)/bin/mypy --config-file '' --ignore-missing-imports --check-untyped-defs \
	  --disable-error-code import-untyped --python-executable $(RASA_PY) --python-version 3.10 \
	  actions/*.py rasa_ext/*.py tests/actions/*.py tests/rasa_ext/*.py

check-catalogue: $(STAMPS)/venv ## validate the catalogue (errors fail, old facts warn)
	$(PY) -m bot.catalogue check

DEBIAN_PACKAGES := $(shell sed -e 's/\#.*//' requirements/debian.txt)

system-packages: ## the Debian packages the tests start (requirements/debian.txt), installed when missing
	@missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test-unit: $(STAMPS)/venv system-packages ## fast tests: bot, gateway (fake Rasa), tools
	$(PY) -m pytest -q tests --ignore=tests/actions --ignore=tests/rasa_ext --ignore=tests/e2e --ignore=tests/integration \
	  --ignore=tests/scripts/test_build_spacy_model.py

test-rasa: install $(MODEL) ## action unit tests, data validation, test stories, NLU evaluation
	$(RASA_PY) -m pytest -q tests/actions tests/rasa_ext tests/scripts/test_build_spacy_model.py
	$(RASA_PY) scripts/validate_rasa.py
	$(RASA) test core --stories tests/stories --model $(MODEL) --out results/core --fail-on-prediction-errors --no-plot --quiet
	$(RASA) test nlu --nlu tests/nlu/held_out.yml --model $(MODEL) --out results/nlu --no-plot --quiet
	$(PY) scripts/nlu_report.py results/nlu --min-intent-f1 0.90 --min-entity-f1 0.85

test-e2e: install $(MODEL) system-packages ## the real stack (Rasa, actions, gateway), real browser, PostgreSQL, Redis
	$(PY) -m pytest -q tests/integration tests/e2e

test: system-packages install lint types check-catalogue test-unit test-rasa test-e2e ## run every test (installs what is missing)

bench: install $(MODEL) ## print the benchmark figures (not train.py: it trains twice; load/desk: see README)
	$(PY) bench/engine.py
	$(PY) bench/nlu.py

clean: ## remove built state (environments, model, data)
	rm -rf $(VENV) $(RASA_VENV) $(STAMPS) build models results var .rasa
