# One entry point for every task. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= ./mvnw -B -ntp
JAR := app/target/iris-api.jar

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-22s %s\n", $$1, $$2}'

## ---- Service -------------------------------------------------------------

.PHONY: build
build: $(JAR) ## Build the self-contained jar app/target/iris-api.jar

$(JAR): pom.xml app/pom.xml $(shell find app/src/main -type f 2>/dev/null)
	$(MVN) -q package -DskipTests

.PHONY: run
run: $(JAR) ## Serve predictions on :8000 (embedded model, dev key printed at start-up)
	java -jar $(JAR) server

.PHONY: train
train: $(JAR) ## Train a model into ./model (ALGORITHM=J48|RandomForest|Logistic)
	java -jar $(JAR) train --output model $(if $(ALGORITHM),--algorithm $(ALGORITHM))

.PHONY: test
test: reliability-test ## Run every test
	$(MVN) verify

.PHONY: clean
clean: ## Remove build outputs
	$(MVN) -q clean

## ---- Benchmarks and reliability ------------------------------------------

VENV := .venv
$(VENV)/.installed: requirements-dev.txt
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements-dev.txt && touch $@
.PHONY: venv
venv: $(VENV)/.installed ## Python tools for the tests (pinned in requirements-dev.txt)

VEGETA_VERSION := v12.13.0
VEGETA := .tools/bin/vegeta
$(VEGETA):
	GOBIN=$(CURDIR)/.tools/bin go install github.com/tsenart/vegeta/v12@$(VEGETA_VERSION)

# wrk and HAProxy come from Debian's packages; the version used is recorded in each report.
DEBIAN_TOOLS := /usr/bin/wrk /usr/sbin/haproxy
$(DEBIAN_TOOLS):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk haproxy

.PHONY: load-tools
load-tools: $(VEGETA) $(DEBIAN_TOOLS) venv ## Install the load and fuzzing tools (vegeta, wrk, HAProxy, .venv)

.PHONY: bench
bench: load-tools ## Benchmarks vs /ping and mlflow models serve -> bench/results/latest.md (a few minutes)
	$(MVN) -q -Pbench package -DskipTests
	$(VENV)/bin/python bench/run.py

.PHONY: soak
soak: build load-tools ## 10 minutes at half the measured maximum -> bench/results/soak.md
	$(VENV)/bin/python bench/soak.py

.PHONY: reliability-test
reliability-test: build load-tools ## Rolling restart behind HAProxy, bad-request corpus, auth attacks, schemathesis
	$(VENV)/bin/pytest -q tests/reliability
