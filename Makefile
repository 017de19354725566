# The two set-up commands of the README: `make up` starts the service, `make test` runs the tests.
# Both install into .venv first; torch comes first and pinned, or pip would pull a multi-GB CUDA build.
PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed
# unbabel-comet needs transformers<5, numpy<2 and protobuf<5: it gets its own environment, which Warta
# calls as `comet-score` (WARTA_COMET_COMMAND). The tests run it on a tiny COMET model.
COMET_VENV ?= .venv-comet
COMET_STAMP := $(COMET_VENV)/.installed

.PHONY: up test lint browser office axe

up: $(STAMP)
	$(VENV)/bin/warta up

test: $(STAMP) $(COMET_STAMP) browser office axe
	$(VENV)/bin/python -m pytest

# Style and types (CI runs it before the tests): mypy reads its files and settings from pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet torch==2.13.0
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(COMET_STAMP):
	$(PYTHON) -m venv $(COMET_VENV)
	$(COMET_VENV)/bin/pip install --quiet torch==2.13.0
	$(COMET_VENV)/bin/pip install --quiet unbabel-comet==2.2.7 'setuptools<81' 'sentencepiece==0.2.0'
	touch $(COMET_STAMP)

# The browser tests drive Debian's Chromium with Playwright (no downloaded browser builds). Installed
# where it is missing and apt-get may run; elsewhere those tests skip and say so.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; } ; } || \
	  echo "chromium not installed: the browser tests will skip"

# The document tests open translated .docx, .pptx and .xlsx files in LibreOffice (Debian's, headless).
# Installed where it is missing and apt-get may run; elsewhere those tests skip and say so.
OFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
office:
	@command -v soffice >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -qq $(OFFICE_PACKAGES) >/dev/null || { apt-get update -qq && apt-get install -y -qq $(OFFICE_PACKAGES) >/dev/null; }; } ; } || \
	  echo "LibreOffice not installed: the office round-trip tests will skip"

# The accessibility tests inject axe-core (npm, pinned in package-lock.json) into every page. Debian's
# nodejs and npm are installed where npm is missing and apt-get may run; without axe-core those tests skip
# and say so.
axe:
	@[ -f node_modules/axe-core/axe.min.js ] || { \
	  command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    { apt-get install -y -qq nodejs npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }; } ; } ; \
	  command -v npm >/dev/null && npm ci --silent --no-audit --no-fund ; } || \
	  echo "axe-core not installed: the accessibility tests will skip"
