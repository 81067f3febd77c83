# Two commands: `make run` (portal with demo data on http://localhost:3000) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.4
export REFLEX_USE_SYSTEM_BUN := 1
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)

.PHONY: setup run dev demo-reset prod prod-cluster test test-fast accept-screenshots lint typecheck services chromium haproxy clean

setup: $(VENV)/.installed .tools/node_modules/.bin/bun

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

# Reflex's own bun download needs the open internet; bun from the npm registry works everywhere.
.tools/node_modules/.bin/bun:
	mkdir -p .tools
	npm install --prefix .tools --no-audit --no-fund --silent bun@$(BUN_VERSION)

# Demo data (published passwords) only here: PORTAL_SEED_DEMO=true; refused with an https base URL.
run: setup
	$(PY) -m portal_app.cli migrate
	PORTAL_SEED_DEMO=true $(PY) -m portal_app.cli seed
	PORTAL_SEED_DEMO=true $(VENV)/bin/reflex run --env prod --single-port

# Development mode: the same embedded defaults and demo data as `make run`, but Reflex's dev
# server with hot reload (a saved page shows in the browser in seconds; README, "Development").
# Dev mode serves the frontend and the backend on two ports. The reloader watches only the app
# (tests, docs, benchmarks and deploy do not restart it) and never var/:
# SQLite's -wal and -shm files change on every write, and each change restarted the backend
# in the middle of the event that wrote (a sign-in never finished).
DEV_PORT ?= 3000
DEV_BACKEND_PORT ?= 8000
DEV_ENV := PORTAL_SEED_DEMO=true PORTAL_PORT=$(DEV_PORT) PORTAL_BASE_URL=http://localhost:$(DEV_PORT) \
	PORTAL_API_URL=http://localhost:$(DEV_BACKEND_PORT) REFLEX_HOT_RELOAD_EXCLUDE_PATHS=$(CURDIR)/var:$(CURDIR)/tests:$(CURDIR)/docs:$(CURDIR)/benchmarks:$(CURDIR)/deploy
dev: setup
	$(PY) -m portal_app.cli migrate
	$(DEV_ENV) $(PY) -m portal_app.cli seed
	$(DEV_ENV) $(VENV)/bin/reflex run --env dev --frontend-port $(DEV_PORT) --backend-port $(DEV_BACKEND_PORT)

# Put every demo account back as the README tells it; refused unless the database holds only demo data.
demo-reset: setup
	PORTAL_SEED_DEMO=true $(PY) -m portal_app.cli reset-demo

# Production mode locally: PostgreSQL + Redis, several backend workers, the compiled frontend
# served as static files by the same process (see docs/DEPLOY.md). No demo data.
PROD_DB ?= portal
PROD_DATABASE_URL ?= postgresql+psycopg://$(shell whoami)@127.0.0.1:5432/$(PROD_DB)
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
# One backend worker per core (docs/PERFORMANCE.md, "Workers per core").
PROD_WORKERS ?= $(shell nproc)
prod: setup services
	@psql -h 127.0.0.1 -d test -tAc "SELECT 1 FROM pg_database WHERE datname='$(PROD_DB)'" | grep -q 1 || psql -h 127.0.0.1 -d test -c 'CREATE DATABASE "$(PROD_DB)"'
	DATABASE_URL=$(PROD_DATABASE_URL) $(PY) -m portal_app.cli migrate
	@echo "No demo accounts here. First administrator: DATABASE_URL=$(PROD_DATABASE_URL) $(PY) -m portal_app.cli create-admin EMAIL"
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) GRANIAN_WORKERS=$(PROD_WORKERS) \
		$(VENV)/bin/reflex run --env prod --single-port

# More than one machine, locally: two instances (CLUSTER_PORTS, CLUSTER_WORKERS backend
# workers each) behind HAProxy on CLUSTER_PORT, sharing PostgreSQL and Redis; the frontend is built
# once and both serve it (deploy/cluster.py, deploy/haproxy.cfg; docs/DEPLOY.md, "More than one
# machine"). Logs and HAProxy's runtime API socket in var/cluster/.
CLUSTER_WORKERS ?= 2
CLUSTER_PORT ?= 3000
CLUSTER_PORTS ?= 3001,3002
prod-cluster: setup services haproxy
	@psql -h 127.0.0.1 -d test -tAc "SELECT 1 FROM pg_database WHERE datname='$(PROD_DB)'" | grep -q 1 || psql -h 127.0.0.1 -d test -c 'CREATE DATABASE "$(PROD_DB)"'
	DATABASE_URL=$(PROD_DATABASE_URL) $(PY) -m portal_app.cli migrate
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) GRANIAN_WORKERS=$(CLUSTER_WORKERS) \
		$(PY) -m deploy.cluster --port $(CLUSTER_PORT) --ports $(CLUSTER_PORTS)

# PostgreSQL and Redis run on development and CI machines; start them if they are down.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --notify-keyspace-events 'K$$sgxe'
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

# Browser tests drive Debian's chromium through Playwright (Playwright's own download is not reachable).
chromium:
	@command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# The cluster's load balancer (make prod-cluster, tests/e2e/test_cluster.py). The package may start
# a system service on its own config; ours is a separate process (deploy/cluster.py runs
# `haproxy -f deploy/haproxy.cfg -db`) on its own ports and socket, so that service does not matter.
haproxy:
	@command -v haproxy >/dev/null || test -x /usr/sbin/haproxy || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy)

# The static checks `make test` runs first: ruff's rules, ruff's formatting, and mypy over
# portal_app/ and deploy/ (config and the few per-module overrides, each with its reason, in pyproject.toml).
LINTED := portal_app tests benchmarks deploy rxconfig.py
lint: setup
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

typecheck: setup
	$(VENV)/bin/mypy

test: setup services chromium haproxy lint typecheck
	$(PY) -m pytest -q -p no:cacheprovider --durations=15

test-fast: setup services
	$(PY) -m pytest -q -m "not e2e"

# After changing the look on purpose: the visual tests' screenshots become their baselines
# (tests/e2e/baselines/). Look at var/visual/ (the failing run's screenshots and -diff masks)
# first, then at each changed PNG, and commit them with the change.
VISUAL_TESTS := tests/e2e/test_visual.py tests/e2e/test_visual_pages.py
accept-screenshots: setup chromium
	PORTAL_ACCEPT_SCREENSHOTS=1 $(PY) -m pytest -q -p no:cacheprovider $(VISUAL_TESTS)
	@git status --short tests/e2e/baselines

clean:
	rm -rf .web .states var
