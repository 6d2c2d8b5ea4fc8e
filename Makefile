# passend-warehouse: every target bootstraps its own virtualenv from pyproject.toml + constraints.txt.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RAW ?= data/raw
WAREHOUSE ?= data/warehouse
SCALE ?= demo
SEED ?= 42
PYTEST_ARGS ?=
# FULL_REFRESH=1: rebuild the build warehouse from nothing instead of computing only the changed teldata
FULL_REFRESH ?=

export PASSEND_RAW := $(abspath $(RAW))
export PASSEND_WAREHOUSE := $(abspath $(WAREHOUSE))
ifneq ($(FULL_REFRESH),)
export PASSEND_FULL_REFRESH := $(FULL_REFRESH)
endif
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export DAGSTER_HOME ?= $(abspath .dagster_home)

.PHONY: install manifest staging run query test test-demo dev generate bench lint clean

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

## dbt manifest (dagster-dbt reads dbt/target/manifest.json); dbt parse runs only when the dbt project changed
manifest: install
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/python -m dagster_project.dbt_project

## dbt staging models, docs and tests written from dagster_project/contracts (checked in; a test checks them)
staging: install
	$(BIN)/python -m dagster_project.dbt_staging

## whole pipeline: generate the demo data set if RAW holds no deliveries, then the nightly job (incremental by
## teldatum on the kept build warehouse; make run FULL_REFRESH=1 rebuilds everything)
run: manifest
	$(BIN)/python -m dagster_project.cli run --raw "$(PASSEND_RAW)" --warehouse "$(PASSEND_WAREHOUSE)" --seed $(SEED)

## open the published warehouse read-only in the DuckDB CLI of the pinned engine (.venv/bin/duckdb, PyPI duckdb-cli);
## make query SQL="show all tables" runs one statement and exits
query: install
	@test -f "$(PASSEND_WAREHOUSE)/passend.duckdb" || { echo "no published warehouse at $(PASSEND_WAREHOUSE)/passend.duckdb: run \`make run WAREHOUSE=$(WAREHOUSE)\` first" >&2; exit 1; }
	$(BIN)/duckdb -readonly "$(PASSEND_WAREHOUSE)/passend.duckdb" $(if $(SQL),-c "$(SQL)")

## tests + lint
test: manifest
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder -q -m "not demo" $(PYTEST_ARGS)

## the demo-scale tests (suppression audit of every pub_ mart on the demo warehouse; ~5 min on 2 cores)
test-demo: manifest
	$(BIN)/python -m pytest -q -m demo $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

## Dagster UI with schedule and sensor (http://127.0.0.1:3000)
dev: manifest
	$(BIN)/python -m dagster_project.cli init-home
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000 -m dagster_project.definitions

## synthetic deliveries: make generate SCALE=tiny|demo|national SEED=n RAW=dir
generate: install
	$(BIN)/python -m dagster_project.synthetic --scale $(SCALE) --seed $(SEED) --out "$(PASSEND_RAW)"

## national-scale benchmark (see docs/benchmarks.md)
bench: manifest
	$(BIN)/python -m benchmarks --seed $(SEED)

clean:
	rm -rf $(VENV) dbt/target dbt/logs .dagster_home
