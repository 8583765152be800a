# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint pytest install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Set everything up, load the 2012-2014 work plan, serve at http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_workplan
	@echo ""
	@echo "  CMS Capacity Building is at http://127.0.0.1:$(PORT)/  (admin: /admin/, API: /api/)"
	@echo "  Create a login:  $(BIN)/python manage.py add_user alice --role secretariat"
	@echo "  (roles: secretariat, nfp --country KE, stc, scc; password from a prompt or CMS_USER_PASSWORD)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Set up and run the whole suite: lint, migrations in step, tests
test: install-dev lint pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
