# Everything runs from a virtual environment in .venv that the targets make
# themselves: only Python 3.11+ and make are needed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run setup test test-all install lint format check migrate fixtures bench loadtest clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# The browser tests' accessibility scan uses axe-core from npm; without npm
# those tests are skipped and say so.
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the accessibility scan of the browser tests will be skipped."; \
	fi

install: $(VENV)/.installed

## setup: migrate, load the launch content the first time only, create the local admin
# Safe on every start: load_launch_content never loads over editors' work (README).
setup: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_launch_content
	DJANGO_DEBUG=true $(PY) manage.py link_mentions
	DJANGO_DEBUG=true $(PY) manage.py createinitialrevisions reviews.WriteUp reviews.Author catalog.Show catalog.Person catalog.Song --comment "Initial version."
	DJANGO_DEBUG=true $(PY) manage.py ensure_local_admin

## run: set up, then serve on http://127.0.0.1:$(PORT)/
run: setup
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Tests run in one process per core (pytest-xdist). Each process takes them in
# pytest-django's order (transactional tests, which empty the database, last), so
# not --dist loadfile. PYTEST_WORKERS=0 runs them all in this process.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist load

## test: set up and run the test suite but the whole-corpus XSS runs (DATABASE_URL picks the database)
test: install node_modules/.installed
	$(PY) -m pytest -m "not full" $(PYTEST_PARALLEL) $(PYTEST_ARGS)

## test-all: everything, the whole XSS corpus through every page and the browser included (CI)
test-all: install node_modules/.installed
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

## bench: the benchmark (docs/benchmark.md); BENCH_ARGS="--scale tiny --duration 2" for a quick run
bench: install
	DJANGO_DEBUG=true $(PY) manage.py benchmark $(BENCH_ARGS)

## loadtest: load and fault drills against gunicorn (docs/load.md); needs wrk, and root for the PG restart
loadtest: install
	.ci/loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles artifacts .pytest_cache .ruff_cache .hypothesis
	rm -rf $(filter-out var/backups,$(wildcard var/*))  # backups are kept
