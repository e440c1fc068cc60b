# Gongye — two commands: `make run` and `make test`. Everything else is their set-up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings

.PHONY: run test setup deps assets messages db lint format check clean

run: setup ## set everything up, then serve on 127.0.0.1:$(PORT) with the background worker
	$(PY) manage.py load_demo
	$(PY) manage.py serve --port $(PORT)

test: setup ## the same set-up, then the whole suite
	$(PY) -m pytest

setup: deps assets messages db

deps: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Gongye needs Python 3.11+"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

messages: deps
	$(PY) manage.py compilemo

db: deps
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var node_modules $(VENV)
