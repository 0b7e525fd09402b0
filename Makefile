# depeche: the two commands of the README, and their parts.
# Everything is installed by these targets: a virtual env (.venv), the Kafka jars (.cache), chromium.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: demo test test-quick test-faults test-scale-out bench bench-pipeline kafka-start kafka-stop setup browser clean-run

demo: setup ## the pipeline on its bundled sample pages: broker, worker, events, web view
	$(PY) -m agents.cli demo

test: setup browser ## the whole suite: unit, integration and browser (~2 min), then the fault tier (~6 min)
	$(PY) -m pytest -m "not faults" $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-faults

test-quick: setup browser ## the suite without the slow fault tier
	$(PY) -m pytest -m "not faults" $(PYTEST_ARGS)

test-faults: setup ## crash, broker-restart, 3-broker and scale-out fault tests (slow)
	$(PY) -m pytest -m faults tests/faults $(PYTEST_ARGS)

test-scale-out: setup ## the scale-out fault test alone: workers added and stopped mid-stream on 3 brokers
	$(PY) -m pytest -m scale_out tests/faults $(PYTEST_ARGS)

bench: $(VENV)/.bench-installed ## both development sets in ../shared/datasets: depeche beside trafilatura, readability-lxml, rs-trafilatura (no broker needed)
	$(PY) benchmarks/extraction.py

$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[dev,bench]"
	touch $@

bench-pipeline: setup ## throughput and latency of the whole pipeline on its own broker (BENCH_ARGS=--quick: a few minutes)
	$(PY) benchmarks/pipeline.py $(BENCH_ARGS)

setup: $(VENV)/.installed .cache/kafka-ready

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

.cache/kafka-ready: deploy/kafka/pom.xml deploy/kafka.py
	$(PYTHON) deploy/kafka.py fetch
	mkdir -p .cache && touch $@

browser:
	bash deploy/install-chromium.sh

kafka-start: setup
	$(PYTHON) deploy/kafka.py start

kafka-stop:
	$(PYTHON) deploy/kafka.py stop

clean-run: ## forget all local broker and worker state
	rm -rf .run
