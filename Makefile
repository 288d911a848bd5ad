# KOWES portal. On a fresh machine: `make run` (serve the demo) and `make test` (the suite).
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
DEMO_ADMIN_PASSWORD ?= kowes-demo-2013
export DEMO_ADMIN_PASSWORD

.PHONY: install run test test-postgres lint format check messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo
	@echo "  KOWES demo: http://127.0.0.1:$(PORT)/"
	@echo "  Admin:      http://127.0.0.1:$(PORT)/admin/  login: admin  password: $(DEMO_ADMIN_PASSWORD)"
	@echo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite (browser tests included: Chromium is installed if missing and possible).
test: install
	@scripts/ensure-chromium || true
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The same suite against a local PostgreSQL server.
test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kowes} $(MAKE) test

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

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
