# KLU Møder: the two commands that matter are `make run` and `make test`.
# Both work on a fresh machine with Python 3.11+ and make; everything else is
# installed from PyPI (and, for the tests, Debian's packages) by these targets.

PORT ?= 8000
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
# Never let uv fetch its own Python build: the machine's Python is the one we use.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell command -v $(PYTHON))

.PHONY: run test test-postgres test-sqlite install system-deps bench bench-pdf bench-http bench-search load-test fault-test backup-test scale-test messages clean

# `make run` is a demo: debug mode, demo log-ins, the site's own address for PDF links,
# and every mail printed on this console by the mail worker that runs beside the server.
RUN_ENV = DEBUG=1 KLU_DEMO=1 SITE_URL=http://127.0.0.1:$(PORT) EMAIL_URL=console:

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_klu
	$(RUN_ENV) $(PY) manage.py store_minutes_pdfs
	@echo "KLU Møder kører på http://127.0.0.1:$(PORT)/  (stop med Ctrl-C)"
	@echo "Mails sendes ikke: postarbejderen skriver dem her i konsollen."
	$(RUN_ENV) scripts/run-with-worker $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install system-deps
	scripts/run-tests

# The two halves of `make test`, for running one at a time.
test-postgres: install system-deps
	scripts/with-postgres .venv/bin/pytest
test-sqlite: install system-deps
	.venv/bin/pytest

install: .venv/.synced

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-groups
	@touch $@

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

system-deps:
	scripts/system-deps

# Speed figures (see docs/performance.md). `bench` runs both halves:
#   bench-pdf   render times of the minutes PDF (seed minutes, a 60-item meeting), in-memory SQLite
#   bench-http  gunicorn + PostgreSQL on loopback under wrk: req/s, p50/p99, ratios to a trivial view;
#               search latency over 10,000 items. Records the figures in docs/performance.md.
#   bench-search search p50/p95 at 10,000 and 300,000 items of varied Danish text (40 committees,
#               monthly meetings), twenty queries for the public, a member and a secretary
bench: bench-pdf bench-http bench-search

bench-pdf: install
	DATABASE_URL=sqlite://:memory: $(PY) -m bench.pdf_render

bench-http: install system-deps
	scripts/with-postgres $(PY) bench/http_bench.py --write

bench-search: install system-deps
	scripts/with-postgres $(PY) bench/search_scale.py --items 10000 300000

# Operations checks, each bounded in time and talking only to 127.0.0.1.
load-test: install system-deps
	scripts/with-postgres $(PY) bench/load.py
fault-test: install system-deps
	scripts/with-postgres $(PY) bench/faults.py
backup-test: install system-deps
	scripts/with-postgres $(PY) bench/backup.py
# Two app servers sharing PostgreSQL, Redis and an S3 store (SeaweedFS), with the worker:
# files, PDFs and closed items seen alike on both, a read load on both; figures in docs/performance.md.
scale-test: install system-deps
	scripts/with-postgres $(PY) bench/scale_test.py --write

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=.tools --ignore=bench
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf .venv $(TOOLS) staticfiles
