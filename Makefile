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

.PHONY: run test test-postgres test-sqlite install system-deps bench messages clean

run: install
	DEBUG=1 KLU_DEMO=1 $(PY) manage.py migrate --noinput
	DEBUG=1 KLU_DEMO=1 $(PY) manage.py seed_klu
	@echo "KLU Møder kører på http://127.0.0.1:$(PORT)/  (stop med Ctrl-C)"
	DEBUG=1 KLU_DEMO=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

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

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=.tools
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf .venv $(TOOLS) staticfiles
