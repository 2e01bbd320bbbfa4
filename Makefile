# Gegenverkehr: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
FIXTURES := seed seed_comments
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup migrate fixtures lint format bench train-moderation clean

# Locally only: a clearly fictitious publisher fills Impressum and privacy page (never
# overwriting details entered in the admin); production enters the real ones in the admin.
run: setup migrate fixtures
	$(PY) manage.py load_example_publisher
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	test -d tests/browser/node_modules/axe-core || npm ci --prefix tests/browser --no-audit --no-fund
	$(VENV)/bin/pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

fixtures: migrate
	$(PY) manage.py loaddata $(FIXTURES)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) -m pip install --quiet ".[bench]"
	$(PY) bench/run_all.py

train-moderation: setup
	$(PY) -m pip install --quiet ".[train]"
	$(PY) manage.py train_moderation

clean:
	rm -rf $(VENV) build *.egg-info staticfiles

# The production setup on this machine: PostgreSQL + Redis, gunicorn, whitenoise.
PROD_ENV = DJANGO_ENV=production \
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))')} \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false}

.PHONY: serve-prod
serve-prod: setup
	$(PROD_ENV) sh -c '$(PY) manage.py migrate --noinput && \
		$(PY) manage.py collectstatic --noinput -v0 && \
		$(PY) manage.py loaddata $(FIXTURES) && \
		$(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi'
