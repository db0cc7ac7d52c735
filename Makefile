# Chengdan: `make run` serves the app with demo data; `make test` runs every check and test.
PYTHON ?= python3
VENV := .venv
BOOT := var/bootstrap
UV := $(BOOT)/bin/uv
PY := $(VENV)/bin/python
CHENGDAN := $(PY) -m chengdan
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)
export UV_PYTHON_DOWNLOADS := never
export DJANGO_SETTINGS_MODULE := chengdan.config.settings

.PHONY: run test install backend frontend migrate demo serve check lint typecheck imports openapi openapi-check \
        frontend-check pytest e2e bench clean lock

run: install frontend migrate demo serve

install: backend frontend/node_modules/.installed

backend: $(VENV)/.installed

$(UV):
	$(PYTHON) -m venv $(BOOT)
	$(BOOT)/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.installed: requirements-dev.lock pyproject.toml | $(UV)
	test -x $(PY) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements-dev.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend: frontend/dist/index.html

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run build --silent

migrate: backend
	$(CHENGDAN) migrate --noinput -v0

demo: backend
	$(CHENGDAN) demo

serve: backend
	$(CHENGDAN) serve

# --- checks ----------------------------------------------------------------------------------
test: install check frontend-check pytest

check: lint typecheck imports openapi-check
	$(CHENGDAN) check --fail-level WARNING
	$(CHENGDAN) makemigrations --check --dry-run -v0

lint: backend
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: backend
	$(PY) -m mypy

imports: backend
	$(VENV)/bin/lint-imports

openapi: backend
	$(CHENGDAN) export_openapi_schema --api chengdan.config.api.api --output openapi.json --indent 2 --sorted
	cd frontend && npm run --silent gen:api

openapi-check: backend frontend/node_modules/.installed
	$(CHENGDAN) export_openapi_schema --api chengdan.config.api.api --output var/openapi.check.json --indent 2 --sorted
	@cmp -s var/openapi.check.json openapi.json || (echo "openapi.json is stale: run 'make openapi' and commit it" && exit 1)
	cd frontend && npx openapi-typescript ../openapi.json -o ../var/schema.check.d.ts >/dev/null 2>&1
	@cmp -s var/schema.check.d.ts frontend/src/api/generated/schema.d.ts || (echo "frontend API types are stale: run 'make openapi'" && exit 1)

frontend-check: frontend/node_modules/.installed
	cd frontend && npm run --silent lint && npm run --silent typecheck && npm run --silent test
	$(MAKE) frontend

pytest: backend frontend
	$(PY) -m pytest

e2e: backend frontend
	$(PY) -m pytest -m e2e

bench: backend
	$(PY) -m bench.run scoped-list; $(PY) -m bench.run customers; $(PY) -m bench.run opportunities; $(PY) -m bench.run leads; $(PY) -m bench.run activities

lock: $(UV)  ## re-resolve requirements*.lock from pyproject.toml (hashed; no registry URLs)
	$(UV) pip compile pyproject.toml --generate-hashes --no-header --quiet --python-version 3.11 -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev --generate-hashes --no-header --quiet --python-version 3.11 -o requirements-dev.lock

clean:
	rm -rf $(VENV) $(BOOT) frontend/node_modules frontend/dist var/static
