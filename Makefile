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
test: ## Run every test
	$(MVN) verify
	$(MAKE) interop-test

## ---- Python tools --------------------------------------------------------

VENV := .venv
$(VENV)/.installed: requirements-dev.txt
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements-dev.txt && touch $@
.PHONY: venv
venv: $(VENV)/.installed ## Python tools for the tests (pinned in requirements-dev.txt)

.PHONY: interop-test
interop-test: $(JAR) venv ## Drive the jar with MLflow's and tritonclient's own Python clients (tests/interop)
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/interop

.PHONY: clean
clean: ## Remove build outputs
	$(MVN) -q clean
