# Podero Portal. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := podero_portal.settings

.PHONY: run serve bench test lint check-deploy chromium install migrate static clean

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
# The portal serves hashed static file names from the manifest collectstatic writes.
bench: static
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/mypy preferences/ podero_sandbox/ podero_portal/ podero_idp/

# Django's deployment checklist with only what production must set (secure is the default): any warning fails.
check-deploy: install
	env -i PATH="$$PATH" HOME="$$HOME" DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  ALLOWED_HOSTS=portal.example.com PODERO_BASE_URL=https://app.podero.com/api/partners/v2.0/ \
	  PODERO_ORG_ID=8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d PODERO_CLIENT_ID=portal PODERO_CLIENT_SECRET=not-a-secret \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Debian's Chromium for the browser tests: installed when root, else a one-line instruction within seconds.
chromium:
	@scripts/ensure-chromium

test: chromium lint static check-deploy
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
