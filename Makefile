# Everything a developer or CI runs. `make help` lists the targets.
#
# The virtualenv lives in .venv and is reinstalled only when pyproject.toml
# changes; the GOV.UK and MOJ front-end files come from npm (package-lock.json)
# and are copied into static/vendor (git-ignored) by scripts/vendor_static.py.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json

HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k chronology -x"
PYTEST_ARGS ?=
# Extra arguments for the load test, e.g. make load LOAD_ARGS="--users 20 --seconds 30"
LOAD_ARGS ?=
# Passed to seed_demo as --password when set; otherwise seed_demo uses its default.
DEMO_PASSWORD ?=

# Django commands run from make default to the local demo configuration
# (DEBUG=1: SQLite in var/, tasks run in-process) unless the environment says otherwise.
DJANGO := DEBUG="$${DEBUG:-1}" $(PY) manage.py

.PHONY: help install static demo sweep test lint format migrate worker beat bench load clean distclean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV_STAMP) ## Create .venv and install the project with its dev tools

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static: $(VENV_STAMP) $(NODE_STAMP) scripts/vendor_static.py ## Fetch the GOV.UK/MOJ front end and copy it into static/vendor
	$(PY) scripts/vendor_static.py

var:
	mkdir -p var

migrate: $(VENV_STAMP) | var ## Apply database migrations (SQLite in var/ unless DATABASE_URL is set)
	$(DJANGO) migrate --noinput

demo: static migrate ## Demo data and a server on http://127.0.0.1:8000 (DEBUG=1, SQLite, no broker)
	$(DJANGO) seed_demo $(if $(DEMO_PASSWORD),--password '$(DEMO_PASSWORD)')
	$(DJANGO) sweep_overdue
	@echo
	@echo "Case records is running at http://$(HOST):$(PORT)/"
	@echo "Sign in with one of the demo logins above. Stop the server with Ctrl+C."
	@echo
	$(DJANGO) runserver $(HOST):$(PORT)

sweep: $(VENV_STAMP) | var ## Run the overdue sweep now (NOW=2026-11-28T07:00 sets its clock, London time)
	$(DJANGO) sweep_overdue $(if $(NOW),--now '$(NOW)')

test: static ## Run the whole test suite (extra pytest arguments in PYTEST_ARGS)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV_STAMP) ## ruff, djLint, mypy and a check for missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint templates $(wildcard */templates)
	$(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=config.settings_test DATABASE_URL=sqlite://:memory: \
		$(PY) manage.py makemigrations --check --dry-run

format: $(VENV_STAMP) ## Fix what ruff can fix and format the Python code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: $(VENV_STAMP) ## Run a Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
	@test -n "$${CELERY_BROKER_URL:-}" || { echo "Set CELERY_BROKER_URL first, e.g. redis://127.0.0.1:6379/0" >&2; exit 1; }
	DEBUG="$${DEBUG:-1}" $(VENV)/bin/celery -A config worker --loglevel INFO

beat: $(VENV_STAMP) | var ## Run Celery beat, exactly one per deployment (needs CELERY_BROKER_URL)
	@test -n "$${CELERY_BROKER_URL:-}" || { echo "Set CELERY_BROKER_URL first, e.g. redis://127.0.0.1:6379/0" >&2; exit 1; }
	DEBUG="$${DEBUG:-1}" $(VENV)/bin/celery -A config beat --loglevel INFO --schedule var/celerybeat-schedule

bench: $(VENV_STAMP) ## Time the sweep and pages on 5 million observations (PostgreSQL, BENCH_DATABASE_URL)
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) -m bench.generate
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) -m bench.run

load: $(VENV_STAMP) ## Load test: 100 simulated staff for 2 minutes against gunicorn (PostgreSQL, BENCH_DATABASE_URL)
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) -m bench.generate
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) -m bench.load $(LOAD_ARGS)

clean: ## Remove caches, node_modules and the copied front-end files
	rm -rf node_modules static/vendor test-results .pytest_cache .ruff_cache .mypy_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv and var/ (the demo database and uploads)
	rm -rf $(VENV) var *.egg-info
