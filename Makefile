# The two set-up commands of the README: `make up` starts the service, `make test` runs the tests.
# Both install into .venv first; torch comes first and pinned, or pip would pull a multi-GB CUDA build.
PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed

.PHONY: up test lint

up: $(STAMP)
	$(VENV)/bin/warta up

test: $(STAMP)
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet torch==2.13.0
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)
