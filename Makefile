# The two commands a newcomer needs: `make` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all install site check test lint golden lock huisstijl clean

all: site

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(PY) -m pip check
	touch $@

install: $(STAMP)

site: $(STAMP)
	$(PY) build.py check
	$(PY) build.py

check: $(STAMP)
	$(PY) build.py check

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: $(STAMP) lint
	$(VENV)/bin/pytest

golden: $(STAMP)
	BOUWSTENEN_GOLDEN=1 $(VENV)/bin/pytest tests/test_golden.py

lock: $(STAMP)
	$(PY) -m pip install --quiet -r requirements.in
	$(PY) -m pip freeze --exclude-editable | grep -v '^pip==' > requirements.lock

huisstijl: $(STAMP)
	PYTHONPATH=. $(PY) scripts/maak_huisstijl.py

clean:
	rm -rf $(VENV) site .site-* .cache
