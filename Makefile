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
train: $(JAR) ## Train a model into ./model; with MLFLOW_TRACKING_URI set, also register it (ALGORITHM=, PROMOTE=1)
	java -jar $(JAR) train --output model $(if $(ALGORITHM),--algorithm $(ALGORITHM)) $(if $(PROMOTE),--promote)

## ---- MLflow ----------------------------------------------------------------

VENV := .venv
$(VENV)/.installed: requirements-dev.txt
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements-dev.txt && touch $@
.PHONY: venv
venv: $(VENV)/.installed ## Python tools for the tests (pinned in requirements-dev.txt)

MLFLOW_PORT ?= 5000
# Same layout as the in-cluster server's volume (/mlflow/mlflow.db, /mlflow/artifacts), so ./mlruns can be
# mounted there. The GenAI job runner (a dozen worker processes) is not needed for a model registry.
.PHONY: mlflow-server
mlflow-server: venv ## Local MLflow server on 127.0.0.1:5000 (MLFLOW_PORT=): SQLite + artifacts under ./mlruns
	mkdir -p mlruns/artifacts
	MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false $(VENV)/bin/mlflow server \
	  --backend-store-uri sqlite:///mlruns/mlflow.db \
	  --serve-artifacts --artifacts-destination ./mlruns/artifacts \
	  --host 127.0.0.1 --port $(MLFLOW_PORT) --workers 1

.PHONY: test
test: venv ## Run every test (the MLflow tests start a real server from .venv)
	$(MVN) verify

.PHONY: clean
clean: ## Remove build outputs
	$(MVN) -q clean
