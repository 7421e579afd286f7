# One entry point for every task: `make help` lists them by section. The user's targets are here; the pinned tools
# and the lab that proves the delivery without a cloud (local cluster, image checks) are in hack/*.mk.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
JAR := app/target/iris-api.jar
IMAGE ?= iris-api:local
OVERLAY ?= minikube
NAMESPACE ?= mlops
KIND_CLUSTER ?= mlops-cluster
MLFLOW_PORT ?= 5000
MLFLOW_DATA ?= mlruns
RENDERED := $(CURDIR)/.tools/rendered
MINIKUBE_KEYS := deploy/overlays/minikube/api-keys
# Every directory under deploy/overlays/ is an overlay: `make render`, `make validate` and tests/deploy take the
# list from there. `make render` builds every overlay and Argo CD's own objects.
OVERLAYS := $(notdir $(patsubst %/,%,$(wildcard deploy/overlays/*/)))
RENDER_DIRS := $(addprefix deploy/overlays/,$(OVERLAYS)) argocd argocd/local

include hack/tools.mk hack/cluster.mk hack/image.mk

.PHONY: help
help: ## List the targets by section
	@echo "Usage: make TARGET [VARIABLE=value ...]"
	@awk 'BEGIN { FS = ":.*## " } /^##@/ { printf "\n%s\n", substr($$0, 5) } \
		/^[a-zA-Z0-9_-]+:.*## / { printf "  %-20s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

##@ Service
.PHONY: build run train promote rollback mlflow-server clean

build: $(JAR) ## Build the self-contained jar app/target/iris-api.jar

$(JAR): pom.xml app/pom.xml $(shell find app/src/main -type f 2>/dev/null)
	$(NEED_MAVEN)
	$(MVN) -q package -DskipTests

run: $(JAR) ## Serve predictions on :8000 (embedded model, dev key printed at start-up)
	java -jar $(JAR) server

train: $(JAR) ## Train a model into ./model; with MLFLOW_TRACKING_URI set, also register it (ALGORITHM=, PROMOTE=1)
	java -jar $(JAR) train --output model $(if $(ALGORITHM),--algorithm $(ALGORITHM)) $(if $(PROMOTE),--promote)

# Same layout as the in-cluster server's volume (/mlflow/mlflow.db, /mlflow/artifacts), so ./mlruns can be
# mounted there. The GenAI job runner (a dozen worker processes) is not needed for a model registry.
# The gate's figures come from the running services (SERVICES: their base URLs, default the local `make run`) and
# MLflow (MLFLOW_TRACKING_URI); GATE= passes options such as --min-rows 500 --min-agreement 0.97 or --force.
promote: $(JAR) ## Make the challenger the champion in MLflow when its live record passes the gate (SERVICES=, GATE=)
	java -jar $(JAR) promote $(foreach s,$(or $(SERVICES),http://127.0.0.1:8000),--service $(s)) $(GATE)

rollback: $(JAR) ## Move the champion in MLflow back to the version the last promotion replaced
	java -jar $(JAR) rollback

mlflow-server: venv ## Local MLflow server on 127.0.0.1:5000 (MLFLOW_PORT=): SQLite + artifacts under ./mlruns (MLFLOW_DATA=)
	mkdir -p $(MLFLOW_DATA)/artifacts
	MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false $(VENV)/bin/mlflow server \
	  --backend-store-uri sqlite:///$(MLFLOW_DATA)/mlflow.db --serve-artifacts --artifacts-destination $(MLFLOW_DATA)/artifacts \
	  --host 127.0.0.1 --port $(MLFLOW_PORT) --workers 1

clean: ## Remove build outputs
	$(MVN) -q clean

##@ Tests (no root, no cluster)
.PHONY: test java-test render validate reliability-test interop-test contract-test metrics-test registry-test

# First everything the tests need, side by side (the venvs, Maven's build with its unit tests, the Go tools: each
# waits mostly on a different resource; the longest start first), then the suites three at a time, the longest first
# (each starts its own processes on free ports), then the rolling restart behind HAProxy alone: its zero-failure
# drain needs HAProxy's health checks to see a draining instance in time, which a loaded machine can delay.
# `mvn verify` is split in two: the *IT tests need .venv's MLflow server.
TEST_NEEDS := $(VENV)/.installed $(MLSERVER_VENV)/.installed java-unit-test $(PROMTOOL) tools $(VEGETA) $(MINIKUBE_KEYS)
TEST_SUITES := java-it-test reliability-requests-test validate interop-test contract-test metrics-test registry-test
test: prerequisites ## Every test: Java (mvn verify), manifests (validate), reliability, interop, contract, metrics, registry
	$(MAKE) --no-print-directory -j4 --output-sync=target $(TEST_NEEDS)
	$(MAKE) --no-print-directory -j3 --output-sync=target $(TEST_SUITES)
	$(MAKE) --no-print-directory rolling-restart-test

java-test: venv ## The Java tests: unit and resource tests, then *IT tests against the packaged jar (mvn verify)
	$(NEED_MAVEN)
	$(MVN) verify
.PHONY: java-unit-test java-it-test
java-unit-test:
	$(NEED_MAVEN)
	$(MVN) package
java-it-test: venv build
	$(MVN) failsafe:integration-test failsafe:verify

render: $(KUSTOMIZE) $(MINIKUBE_KEYS) ## Render every overlay and argocd/ into .tools/rendered/
	rm -rf $(RENDERED) && mkdir -p $(RENDERED)
	for dir in $(RENDER_DIRS); do \
		$(KUSTOMIZE) build $$dir > $(RENDERED)/$$(echo $$dir | sed 's|^deploy/overlays/||; s|/|-|g').yaml || exit 1; \
	done
	ls $(RENDERED)

# kube-score: checks ignored on purpose: minikube needs pullPolicy Never and pinned tags make IfNotPresent safe;
# overlays state a starting replica count that the HPA then owns (Argo CD ignores it); no CPU limit (see
# deploy/base/deployment.yaml). Warnings print, criticals fail.
validate: render tools ## Check every manifest and workflow offline (schemas, lint, tests/deploy policy tests)
	$(KUBECONFORM) -strict -summary -schema-location '$(SCHEMAS)/{{.ResourceKind}}{{.KindSuffix}}.json' $(RENDERED)/*.yaml
	for overlay in $(OVERLAYS); do \
		echo "kube-score $$overlay"; \
		report=$$($(KUBE_SCORE) score --kubernetes-version v1.34 --output-format ci \
			--enable-optional-test container-seccomp-profile,container-ports-check --ignore-container-cpu-limit \
			--ignore-test container-image-pull-policy,deployment-targeted-by-hpa-does-not-have-replicas-configured \
			$(RENDERED)/$$overlay.yaml); status=$$?; \
		echo "$$report" | grep -vE '^\[(OK|SKIPPED)\]'; \
		[ $$status -eq 0 ] || exit 1; \
	done
	$(ACTIONLINT) -no-color
	RENDERED=$(RENDERED) KUBECONFORM=$(KUBECONFORM) SCHEMAS=$(SCHEMAS) KUSTOMIZE=$(KUSTOMIZE) $(PY) -m pytest -q tests/deploy

ROLLING_RESTART_TEST := tests/reliability/test_rolling_restart.py
reliability-test: reliability-requests-test rolling-restart-test ## Bad-request corpus, auth attacks, schemathesis; rolling restart behind HAProxy
.PHONY: reliability-requests-test rolling-restart-test
reliability-requests-test: build venv
	$(VENV)/bin/python -m pytest -q tests/reliability --ignore=$(ROLLING_RESTART_TEST)
rolling-restart-test: prerequisites build $(VEGETA) venv
	HAPROXY=$(HAPROXY) $(VENV)/bin/python -m pytest -q $(ROLLING_RESTART_TEST)

# MLServer's protocol types live in their own venv (hack/tools.mk): its test file runs there, the rest in .venv.
MLSERVER_TYPES_TEST := tests/interop/test_oip_mlserver_types.py
interop-test: build venv $(MLSERVER_VENV)/.installed ## The jar driven by MLflow's, tritonclient's, KServe's clients; /v2 checked with MLServer's types
	$(VENV)/bin/python -m pytest -q tests/interop --ignore=$(MLSERVER_TYPES_TEST)
	$(MLSERVER_VENV)/bin/python -m pytest -q $(MLSERVER_TYPES_TEST)

contract-test: build $(KUSTOMIZE) $(TOOLS_VENV)/.installed $(MINIKUBE_KEYS) ## Start the jar with the rendered minikube pod's env and probe it
	KUSTOMIZE=$(KUSTOMIZE) PY=$(PY) tests/contract/contract-test.sh $(JAR)

registry-test: build venv ## Back up a local MLflow registry, restore it into an empty one; the jar serves the same champion
	$(VENV)/bin/python -m pytest -q tests/registry

metrics-test: build $(PROMTOOL) $(TOOLS_VENV)/.installed ## promtool on the jar's live exposition; the monitoring rules, their tests and the dashboard
	PROMTOOL=$(PROMTOOL) $(PY) -m pytest -q tests/metrics

##@ Kubernetes
.PHONY: k8s-secrets image dev-image k8s-setup k8s-setup-kind k8s-deploy k8s-deploy-mlflow k8s-train k8s-keys k8s-status
.PHONY: k8s-logs k8s-port-forward k8s-mlflow-ui k8s-test k8s-clean k8s-promote k8s-rollback registry-backup registry-restore

# A throwaway random key, so that the minikube overlay renders on a clean clone too. The file is what the API pods
# read (API_KEY_FILE): one key a line, `#` comments.
$(MINIKUBE_KEYS):
	umask 077 && { echo "# API keys of the minikube overlay, one a line (deploy/README.md: rotating keys)"; \
		python3 -c 'import secrets; print(secrets.token_hex(32))'; } > $@

k8s-secrets: $(MINIKUBE_KEYS) ## Create the git-ignored minikube API key file (random key)

image: ## Build the container image IMAGE (iris-api:local; for minikube: eval $(minikube docker-env) first)
	docker build $(IMAGE_BUILD_ARGS) -t $(IMAGE) .

dev-image: $(KUSTOMIZE) ## Point the dev overlay at IMAGE_REF (the Image workflow's GitOps bump, by digest)
	@test -n "$(IMAGE_REF)" || { echo "usage: make dev-image IMAGE_REF=registry/name@sha256:digest (or :tag)"; exit 1; }
	cd deploy/overlays/dev && $(KUSTOMIZE) edit set image ghcr.io/iris-api/iris-api=$(IMAGE_REF)

k8s-setup: ## Start a minikube cluster (with metrics-server for the HPA)
	scripts/setup-k8s.sh minikube

k8s-setup-kind: $(KIND) ## Create a kind cluster and load IMAGE into it
	KIND=$(KIND) KIND_CLUSTER=$(KIND_CLUSTER) IMAGE=$(IMAGE) scripts/setup-k8s.sh kind

# Deploying never trains: the training template (CronJob iris-train) stays suspended. The restart picks up a rebuilt
# image of the same tag (minikube's iris-api:local); a changed key file needs none. The MLflow server is waited for
# too (when the overlay has one), so that k8s-test or a training run right after finds it serving.
k8s-deploy: $(KUSTOMIZE) $(MINIKUBE_KEYS) ## Apply OVERLAY (default minikube); wait for the API and the MLflow server
	$(KUSTOMIZE) build deploy/overlays/$(OVERLAY) | kubectl apply -f -
	kubectl rollout restart deployment/iris-api -n $(NAMESPACE)
	kubectl rollout status deployment/iris-api -n $(NAMESPACE) --timeout=300s
	if kubectl get deployment/mlflow-server -n $(NAMESPACE) >/dev/null 2>&1; then \
		kubectl rollout status deployment/mlflow-server -n $(NAMESPACE) --timeout=300s; fi

k8s-deploy-mlflow: k8s-deploy ## Deploy (the API and the MLflow server ready), then train once: the first champion
	$(MAKE) k8s-train

k8s-train: ## Train once in the cluster: replace Job iris-train with one from the CronJob's template and wait
	NAMESPACE=$(NAMESPACE) scripts/k8s-train.sh

# Both act on the cluster's registry only, from this machine over port-forwards; the pods follow within the poll.
k8s-promote: $(JAR) ## Promote the challenger by its live record summed over every API pod (GATE= as for promote)
	NAMESPACE=$(NAMESPACE) JAR=$(JAR) scripts/k8s-rollout.sh promote $(GATE)

k8s-rollback: $(JAR) ## Move the cluster's champion back to the version the last promotion replaced
	NAMESPACE=$(NAMESPACE) JAR=$(JAR) scripts/k8s-rollout.sh rollback

# Also how keys rotate on a local cluster: edit the key file, then this (`make k8s-deploy` would restart the pods).
# Only the data changes (labels and Argo CD's tracking stay); the key goes through a pipe, not the command line.
k8s-keys: $(MINIKUBE_KEYS) ## Put the minikube key file into Secret iris-api-secrets; the pods reread it, no restart
	printf '{"data":{"api-keys":"%s"}}' "$$(base64 < $(MINIKUBE_KEYS) | tr -d '\n')" \
		| kubectl patch secret iris-api-secrets -n $(NAMESPACE) --type merge --patch-file /dev/stdin

k8s-status: ## Show pods, services, autoscaler, training jobs and volumes
	kubectl get pods,services,hpa,pdb,cronjobs,jobs,pvc -n $(NAMESPACE) -o wide

k8s-logs: ## Follow the API logs
	kubectl logs -f deployment/iris-api -n $(NAMESPACE)

k8s-port-forward: ## Forward http://localhost:8000 to the API Service
	kubectl port-forward service/iris-api-service 8000:8000 -n $(NAMESPACE)

k8s-mlflow-ui: ## Forward http://localhost:5000 to the MLflow UI
	kubectl port-forward service/mlflow-server-service 5000:5000 -n $(NAMESPACE)

k8s-test: ## Smoke test /health and /predict through the Service (with the cluster's key)
	scripts/k8s-test.sh $(NAMESPACE)

# The cluster's MLflow server in NAMESPACE, or a local registry directory when MLFLOW_DATA= is given (not its
# default, which is for mlflow-server). deploy/README.md: the registry's data.
BACKUP ?= registry-$(shell date -u +%Y%m%dT%H%M%SZ).tar.gz
REGISTRY_AT = NAMESPACE=$(NAMESPACE) MLFLOW_DATA=$(if $(filter-out file default,$(origin MLFLOW_DATA)),$(MLFLOW_DATA))
registry-backup: ## Back up the registry (database + artifacts) into BACKUP (registry-<UTC time>.tar.gz)
	$(REGISTRY_AT) scripts/registry-backup.sh backup $(BACKUP)

registry-restore: ## Restore BACKUP= into an empty registry (the cluster's, or MLFLOW_DATA=)
	@test "$(origin BACKUP)" = "command line" -o "$(origin BACKUP)" = environment || { echo "usage: make registry-restore BACKUP=file" >&2; exit 1; }
	$(REGISTRY_AT) scripts/registry-backup.sh restore $(BACKUP)

k8s-clean: ## Delete the namespace and the minikube MLflow volume
	kubectl delete namespace $(NAMESPACE) --ignore-not-found
	kubectl delete persistentvolume mlruns --ignore-not-found

##@ Benchmarks (the bench imports the tests' launcher, tests/launcher.py)
.PHONY: bench soak

bench: load-tools peer-venvs ## iris-api vs /ping, mlflow models serve, MLServer, FastAPI -> bench/results/latest.md (~26 min)
	$(MVN) -q -Pbench package -DskipTests
	PYTHONPATH=tests $(VENV)/bin/python bench/run.py

soak: build load-tools ## 10 minutes at half the measured maximum -> bench/results/soak.md
	PYTHONPATH=tests $(VENV)/bin/python bench/soak.py
