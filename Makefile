# KOWES portal. On a fresh machine: `make run` (serve the demo) and `make test` (the suite).
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
PORT ?= 8000
DEMO_ADMIN_PASSWORD ?= kowes-demo-2013
export DEMO_ADMIN_PASSWORD

.PHONY: install install-runtime run serve test test-postgres bench lint format check messages upgrade audit faults clean

# Development targets run with DEBUG=true: the settings' development defaults (a local key,
# local host names, plain HTTP) serve DEBUG only. The test suite brings its own values.
run check messages: export DEBUG := true

# Development and tests: the project with its development tools. Production (make serve):
# the runtime dependencies only, none of the development tools.
$(STAMP): PROJECT := '.[dev]'
$(RUNTIME_STAMP): PROJECT := .
$(STAMP) $(RUNTIME_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e $(PROJECT)
	touch $@

install: $(STAMP)

install-runtime: $(RUNTIME_STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo
	@echo "  KOWES demo: http://127.0.0.1:$(PORT)/"
	@echo "  Admin:      http://127.0.0.1:$(PORT)/admin/  login: admin  password: $(DEMO_ADMIN_PASSWORD)"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production on this machine: hashed static files, migrations, gunicorn (gunicorn.conf.py) on
# 127.0.0.1:8000 behind the TLS proxy. Takes the production variables from the environment
# (docs/deploy.md); to try it over plain HTTP without a proxy, add HTTPS=false.
serve: export STATIC_MANIFEST := true
serve: export WHITENOISE_USE_FINDERS := false
serve: install-runtime
	@test -n "$$SECRET_KEY" || { echo "make serve runs the production settings: set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and the rest first (docs/deploy.md)." >&2; exit 1; }
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	exec $(BIN)/gunicorn -c gunicorn.conf.py kowes.wsgi

# The whole suite (browser tests included: Chromium is installed if missing and possible).
test: install
	@scripts/ensure-chromium || true
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The same suite against a local PostgreSQL server.
test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kowes} $(MAKE) test

# The benchmark (numbers, not a test; a few minutes): seeds the PostgreSQL database
# kowes_bench (BENCH_DATABASE_URL) with 10,000 posts, 100,000 entities and 50,000 advisory
# sessions, runs gunicorn with production settings and wrk (installed if missing, as root)
# against every public page type and /healthz, and writes docs/performance.md.
# BENCH_SECONDS=10 per page by default; BENCH_SKIP_SEED=1 reuses a seeded database.
bench: install
	scripts/ensure-wrk
	$(BIN)/python scripts/bench.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Extract the strings to translate, then compile (the .mo files are committed).
messages: install
	$(BIN)/python manage.py makemessages -l pl -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Every dependency to the newest release pyproject.toml allows; then `make audit` and `make test`.
upgrade: install
	$(BIN)/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[dev]'
	touch $(STAMP)
	$(BIN)/python -m pip list --format=freeze | grep -iE '^(django|psycopg|gunicorn|django-otp|argon2-cffi)=='
	@echo "Upgraded. Now: make audit && make test"

# Known vulnerabilities in the installed packages: pip-audit --strict (a package that could not
# be looked up fails), or, where PyPI's release JSON API cannot be reached, the same advisories
# from each project's JSON, which requires every package at its newest release (scripts/audit.py).
audit: install
	$(BIN)/python scripts/audit.py

# Fault tests (docs/deploy.md): two app servers sharing PostgreSQL and Redis, then PostgreSQL
# stopped and started under load. They need this machine's PostgreSQL (which they stop for a
# few seconds: run them as root or postgres) and Redis (its database 14, which they empty).
faults: install
	$(BIN)/python scripts/two-servers.py
	$(BIN)/python scripts/db-restart-under-load.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
