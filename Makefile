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

.PHONY: clean
clean: ## Remove build outputs
	$(MVN) -q clean

## ---- Container image -------------------------------------------------------
# Where the deploy targets are merged in, their pinned kustomize and the overlay's key file
# are made first; scripts/image-test.sh installs kustomize itself otherwise.
.PHONY: image-test
image-test: ## Build the image (Docker) and run it as the minikube Deployment runs it, with checks
	$(if $(MINIKUBE_ENV),$(MAKE) --no-print-directory $(KUSTOMIZE) $(MINIKUBE_ENV))
	KUSTOMIZE="$(KUSTOMIZE)" scripts/image-test.sh

.PHONY: image-base
image-base: ## Make the local stand-ins for the Dockerfile's base images (debootstrap; no registry needed)
	scripts/image-base.sh
