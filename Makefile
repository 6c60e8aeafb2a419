# Jobboard: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser run test test-no-browser test-browser lint format bench load cluster \
	cluster-stop cluster-check clean

install: $(INSTALLED)

# Reinstalled whenever pyproject.toml changes (new or re-pinned dependencies).
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The demo runs with debug on: demo accounts, no secret key needed. Production: see the README.
# Its error pages are the board's own, as visitors see them (DJANGO_DEBUG_ERROR_PAGES=1: Django's).
# Emails (job alerts) are printed to the console; their links point at this server.
run: export DJANGO_DEBUG ?= 1
run: export DJANGO_DEBUG_ERROR_PAGES ?= 0
run: export EMAIL_URL ?= console:
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# A chromium for the browser tests: the one there, else Playwright's own download, else Debian's
# (apt-get, as root or with password-less sudo), else one sentence saying what to install.
browser: install
	$(BIN)/python -m tests.browsers

# Uses DATABASE_URL when set (PostgreSQL), else a throwaway SQLite database.
test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the browser tests: installs no browser.
test-no-browser: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser: install browser
	$(BIN)/python -m pytest -m browser --no-cov $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# PostgreSQL only (DATABASE_URL); builds its own jobboard_bench_* databases. See README, Performance.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# gunicorn with the production settings under wrk, then PostgreSQL stopped for 5 s (bench/load.py).
# Needs wrk and a local PostgreSQL it may stop; not part of CI.
load: install
	$(BIN)/python bench/load.py

# The production topology on this machine (README, Production): nginx on 8080, gunicorn nodes on
# 8081 and 8082, a streaming PostgreSQL replica on 5433, Redis database 3. Ports and names are
# settings (CLUSTER_LB_PORT, ...); pid files and logs in .cluster/. Not part of CI.
cluster: install
	$(BIN)/python -m deploy.cluster start

cluster-stop: install
	$(BIN)/python -m deploy.cluster stop

# Stops a node, the replica and Redis for a few seconds each: never on a server others rely on.
cluster-check: install
	$(BIN)/python -m deploy.check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .coverage htmlcov
