# Podero Portal. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := podero_portal.settings

.PHONY: run serve bench test lint check-deploy install migrate static clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@python=$$(scripts/find-python) || exit 1; \
	  test -x $(PY) || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

# collectstatic needs settings, not production secrets.
static: export DEBUG := true
static: install
	$(PY) manage.py collectstatic --no-input --verbosity 0

run: export DEBUG := true
run: migrate
	scripts/run-dev

# The portal as in production (gunicorn, DEBUG off, whitenoise, shared cache) against the sandbox.
serve: install
	scripts/serve

# Sandbox with 150 ms per call, the portal under gunicorn, a load generator on loopback: prints the figures.
bench: install
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Django's deployment checklist with production settings: any warning fails the build.
check-deploy: install
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" DEBUG=false \
	  ALLOWED_HOSTS=portal.example.com SECURE_COOKIES=true SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 \
	  $(PY) manage.py check --deploy --fail-level WARNING

test: lint static check-deploy
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
