# The two commands a newcomer needs: `make` (installs what building needs, builds) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
# requirements/bouw.lock: what building needs. requirements/test.lock: what testing adds.
BOUW := $(VENV)/.bouw
TEST := $(VENV)/.test

.PHONY: all install site check test lint golden lock huisstijl vendor clean

all: site

$(BOUW): requirements/bouw.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-deps -r requirements/bouw.lock
	$(PIP) check
	touch $@

# Lighthouse (tests/test_lighthouse.py, bench/lighthouse.py) from tests/lighthouse/package-lock.json;
# it drives Debian's Chromium, so no browser is downloaded. Only the tests need node.
LIGHTHOUSE := tests/lighthouse/node_modules/.package-lock.json

$(TEST): $(BOUW) requirements/test.lock $(LIGHTHOUSE)
	$(PIP) install --quiet --no-deps -r requirements/test.lock
	$(PIP) check
	touch $@

$(LIGHTHOUSE): tests/lighthouse/package-lock.json
	cd tests/lighthouse && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(BOUW)

# A branch with mistakes is reported and keeps its last version; the others are built.
site: $(BOUW)
	$(PY) build.py

check: $(BOUW)
	$(PY) build.py controleer

lint: $(TEST)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/zizmor --offline .github/workflows/

test: $(TEST) lint
	$(VENV)/bin/pytest

golden: $(TEST)
	BOUWSTENEN_GOLDEN=1 $(VENV)/bin/pytest tests/test_golden.py tests/test_report.py

# Each lock is resolved in a throwaway venv, so it holds exactly what its .in file pulls in:
# bouw.lock the build's closure, test.lock what the tests add on top of bouw.lock.
lock:
	set -e; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/bouw"; \
	"$$tmp/bouw/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements/bouw.in; \
	"$$tmp/bouw/bin/python" -m pip freeze --exclude-editable | grep -v '^pip==' > "$$tmp/bouw.lock"; \
	$(PYTHON) -m venv "$$tmp/test"; \
	"$$tmp/test/bin/python" -m pip install --quiet --disable-pip-version-check \
		-r "$$tmp/bouw.lock" -r requirements/test.in; \
	"$$tmp/test/bin/python" -m pip freeze --exclude-editable | grep -v '^pip==' \
		| grep -vxFf "$$tmp/bouw.lock" > "$$tmp/test.lock"; \
	mv "$$tmp/bouw.lock" "$$tmp/test.lock" requirements/

# python-docx, which scripts/maak_huisstijl.py uses, comes with the test tools.
huisstijl: $(TEST)
	PYTHONPATH=. $(PY) scripts/maak_huisstijl.py

# The libraries of the composer page (site/samenstellen/), pinned in web/package-lock.json and
# copied into web/vendor/, which is committed: building never needs node or the network.
# ajv-dist ships no LICENSE file; web/licenses/ holds ajv's (MIT).
vendor:
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	rm -rf web/vendor
	mkdir -p web/vendor/ajv web/vendor/yaml
	cp web/node_modules/ajv-dist/dist/ajv2020.min.js web/vendor/ajv/
	cp web/licenses/ajv-LICENSE web/vendor/ajv/LICENSE
	cp -R web/node_modules/yaml/browser/dist/. web/vendor/yaml/
	cp web/node_modules/yaml/LICENSE web/vendor/yaml/LICENSE
	# axe-core only checks the built pages in tests/test_accessibility.py; it is never published.
	rm -rf tests/vendor/axe-core && mkdir -p tests/vendor/axe-core
	cp web/node_modules/axe-core/axe.min.js web/node_modules/axe-core/LICENSE tests/vendor/axe-core/

clean:
	rm -rf $(VENV) site .site-* .build .cache
