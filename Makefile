# r1widgets: `make demo` serves the walkthrough (a pre-heated kernel waits for the first visitor;
# kernels of closed tabs are shut down after 15 idle minutes), `make test` runs every test, `make bench` measures.
# Each target sets up what it needs from scratch: the venv, node_modules, the JS build, Chromium.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.r1widgets-installed
PORT   ?= 8866

.PHONY: demo test test-fast bench build lint chromium clean mutate

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(STAMP): $(PY) pyproject.toml node_modules/.package-lock.json
	npm run build
	$(PY) -m pip install -q -e ".[test,demo,bench]"
	# jsonschema's optional rfc3987-syntax adds seconds to every Jupyter start (unused here)
	$(PY) -m pip uninstall -y -q rfc3987-syntax
	touch $(STAMP)

build: $(STAMP)
	npm run build

chromium:
	@bash scripts/install-chromium.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples
	$(VENV)/bin/ruff format --check src tests benchmarks
	npx biome check .

demo: build
	$(VENV)/bin/voila examples/walkthrough.ipynb --no-browser --port=$(PORT) --Voila.ip=127.0.0.1 \
		--preheat_kernel=True --pool_size=1 \
		--MappingKernelManager.cull_idle_timeout=900 --MappingKernelManager.cull_interval=120

test: build chromium lint
	npx vitest run
	$(VENV)/bin/pytest -ra

test-fast: build
	npx vitest run
	$(VENV)/bin/pytest -ra -m "not e2e"

bench: build chromium
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) -m pip uninstall -y -q rfc3987-syntax
	$(PY) benchmarks/run.py

# Mutation testing of core/*.py and _base.py (not part of `make test`): about half an hour on
# two busy cores; writes benchmarks/mutation.md. See scripts/mutate.py.
mutate: $(STAMP)
	nice -n 10 $(PY) scripts/mutate.py

clean:
	rm -rf $(VENV) node_modules src/r1widgets/static test-artifacts
