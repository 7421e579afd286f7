# One entry point for every task. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
JAR := app/target/iris-api.jar

# The system's Maven (3.8 or newer) builds the project; nothing downloads Maven itself.
MAVEN_MIN := 3.8
MAVEN_CHECK := $(shell mvn -v 2>/dev/null | awk 'NR == 1 { split($$3, v, "."); print (v[1] > 3 || (v[1] == 3 && v[2] >= 8)) ? "ok" : $$3 }')
ifneq ($(MAVEN_CHECK),ok)
$(warning Maven $(MAVEN_MIN)+ is needed (found: $(or $(MAVEN_CHECK),none)). Debian/Ubuntu: apt-get install maven; macOS: brew install maven)
endif

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
	$(NO_DOWNLOAD)
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements-dev.txt && touch $@
.PHONY: venv
venv: $(VENV)/.installed ## Python tools for the tests (pinned in requirements-dev.txt)

# The peers of `make bench` that cannot share .venv: MLServer 1.7.1 (its FastAPI pin conflicts with kserve's Starlette;
# its venv also gives tests/interop MLServer's protocol types) and the FastAPI service.
MLSERVER_VENV := $(CURDIR)/.tools/mlserver-venv
FASTAPI_VENV := $(CURDIR)/.tools/fastapi-venv
$(CURDIR)/.tools/%-venv/.installed: bench/requirements-%.txt
	$(NO_DOWNLOAD)
	rm -rf $(@D) && python3 -m venv $(@D) && $(@D)/bin/pip install -q --disable-pip-version-check -r $< && touch $@
.PHONY: peer-venvs
peer-venvs: $(MLSERVER_VENV)/.installed $(FASTAPI_VENV)/.installed ## The bench peers' venvs (MLServer, FastAPI) in .tools/

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
test: validate venv reliability-test ## Run every test: manifest checks, reliability tests, then the Java build's
	$(MVN) verify
	$(MAKE) interop-test
	$(MAKE) contract-test
	$(MAKE) metrics-test

# MLServer's protocol types live in their own venv (see peer-venvs): its test file runs there, the rest in .venv.
MLSERVER_TYPES_TEST := tests/interop/test_oip_mlserver_types.py
.PHONY: interop-test
interop-test: $(JAR) venv $(MLSERVER_VENV)/.installed ## The jar driven by MLflow's, tritonclient's, KServe's clients; /v2 answers checked with MLServer's types
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/interop --ignore=$(MLSERVER_TYPES_TEST)
	$(MLSERVER_VENV)/bin/python -m pytest -q -p no:cacheprovider $(MLSERVER_TYPES_TEST)

.PHONY: clean
clean: ## Remove build outputs
	$(MVN) -q clean

## ---- Kubernetes: offline checks ----------------------------------------
# Every tool is pinned and installed into .tools/ (git-ignored) from the package
# registries, so `make validate` needs no cluster and no other network.
TOOLS := $(CURDIR)/.tools
KUSTOMIZE_VERSION := v5.8.1
KUBECONFORM_VERSION := v0.7.0
# kube-score stands in for kube-linter, whose module the Go proxy does not serve.
KUBE_SCORE_VERSION := v1.20.0
ACTIONLINT_VERSION := v1.7.12
KIND_VERSION := v0.30.0
# Schemas: Kubernetes from the kubernetes-validate package (deploy/tests/requirements.txt),
# CRDs from the Argo CD and External Secrets Go modules.
K8S_SCHEMA_VERSION := v1.34.0
ARGOCD_VERSION := v3.5.7
ESO_VERSION := v0.16.2
# The PodMonitor and PrometheusRule CRDs (the Go proxy serves this module up to v0.85.0).
PROMETHEUS_OPERATOR_VERSION := v0.85.0

KUSTOMIZE := $(TOOLS)/kustomize-$(KUSTOMIZE_VERSION)/kustomize
KUBECONFORM := $(TOOLS)/kubeconform-$(KUBECONFORM_VERSION)/kubeconform
KUBE_SCORE := $(TOOLS)/kube-score-$(KUBE_SCORE_VERSION)/kube-score
ACTIONLINT := $(TOOLS)/actionlint-$(ACTIONLINT_VERSION)/actionlint
KIND := $(TOOLS)/kind-$(KIND_VERSION)/kind
TOOLS_VENV := $(TOOLS)/venv
PY := $(TOOLS_VENV)/bin/python
SCHEMAS := $(TOOLS)/schemas-k8s$(K8S_SCHEMA_VERSION)-argocd$(ARGOCD_VERSION)-eso$(ESO_VERSION)-promop$(PROMETHEUS_OPERATOR_VERSION)
RENDERED := $(TOOLS)/rendered
MINIKUBE_KEYS := deploy/overlays/minikube/api-keys
# Every directory under deploy/overlays/ is an overlay: `make render`, `make validate` and deploy/tests
# all take the list from there.
OVERLAYS := $(notdir $(patsubst %/,%,$(wildcard deploy/overlays/*/)))
# What `make render` builds: every overlay, and Argo CD's own objects.
RENDER_DIRS := $(addprefix deploy/overlays/,$(OVERLAYS)) argocd argocd/local

# Inside the cluster's network namespace nothing can be downloaded: say so instead of failing on the network.
NO_DOWNLOAD = @if [ "$$(ip netns identify 2>/dev/null)" = iris-cluster ]; then \
	echo "$@ needs a download, which cannot happen inside iris-cluster: run make tools (and make venv) outside it first" >&2; exit 1; fi

$(TOOLS)/kustomize-%/kustomize:
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install sigs.k8s.io/kustomize/kustomize/v5@$*
$(TOOLS)/kubeconform-%/kubeconform:
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install github.com/yannh/kubeconform/cmd/kubeconform@$*
$(TOOLS)/kube-score-%/kube-score:
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install github.com/zegl/kube-score/cmd/kube-score@$*
$(TOOLS)/actionlint-%/actionlint:
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install github.com/rhysd/actionlint/cmd/actionlint@$*
$(TOOLS)/kind-%/kind:
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install sigs.k8s.io/kind@$*

$(TOOLS_VENV)/.installed: deploy/tests/requirements.txt
	python3 -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install -q --disable-pip-version-check --no-deps -r $<
	touch $@

$(SCHEMAS)/.converted: $(TOOLS_VENV)/.installed scripts/json-schemas.py
	rm -rf $(SCHEMAS)
	$(PY) scripts/json-schemas.py k8s $(SCHEMAS) \
		"$$($(PY) -c 'import importlib.util as u; print(u.find_spec("kubernetes_validate").submodule_search_locations[0])')/kubernetes-json-schema/$(K8S_SCHEMA_VERSION)-local-strict"
	argocd=$$(go mod download -json github.com/argoproj/argo-cd/v3@$(ARGOCD_VERSION) | $(PY) -c 'import json, sys; print(json.load(sys.stdin)["Dir"])') && \
	eso=$$(go mod download -json github.com/external-secrets/external-secrets@$(ESO_VERSION) | $(PY) -c 'import json, sys; print(json.load(sys.stdin)["Dir"])') && \
	promop=$$(go mod download -json github.com/prometheus-operator/prometheus-operator@$(PROMETHEUS_OPERATOR_VERSION) | $(PY) -c 'import json, sys; print(json.load(sys.stdin)["Dir"])') && \
	$(PY) scripts/json-schemas.py crd $(SCHEMAS) $$argocd/manifests/crds/*-crd.yaml \
		$$eso/config/crds/bases/external-secrets.io_{externalsecrets,secretstores}.yaml \
		$$promop/example/prometheus-operator-crd/monitoring.coreos.com_{podmonitors,prometheusrules}.yaml
	touch $@

.PHONY: tools
tools: $(KUSTOMIZE) $(KUBECONFORM) $(KUBE_SCORE) $(ACTIONLINT) $(SCHEMAS)/.converted ## Install the pinned manifest tools into .tools/

# A throwaway random key, so that the minikube overlay renders on a clean clone too. The file is what
# the API pods read (API_KEY_FILE): one key a line, `#` comments.
$(MINIKUBE_KEYS):
	umask 077 && { echo "# API keys of the minikube overlay, one a line (deploy/README.md: rotating keys)"; \
		python3 -c 'import secrets; print(secrets.token_hex(32))'; } > $@

.PHONY: k8s-secrets
k8s-secrets: $(MINIKUBE_KEYS) ## Create the git-ignored minikube API key file (random key)

.PHONY: render
render: $(KUSTOMIZE) $(MINIKUBE_KEYS) ## Render every overlay and argocd/ into .tools/rendered/
	rm -rf $(RENDERED) && mkdir -p $(RENDERED)
	for dir in $(RENDER_DIRS); do \
		$(KUSTOMIZE) build $$dir > $(RENDERED)/$$(echo $$dir | sed 's|^deploy/overlays/||; s|/|-|g').yaml || exit 1; \
	done
	ls $(RENDERED)

# kube-score: checks ignored on purpose: minikube needs pullPolicy Never and pinned tags make
# IfNotPresent safe; overlays state a starting replica count that the HPA then owns (Argo CD
# ignores it); no CPU limit (see deploy/base/deployment.yaml). Warnings print, criticals fail.
.PHONY: validate
validate: render tools ## Check every manifest and workflow offline (schemas, lint, policy tests)
	$(KUBECONFORM) -strict -summary -schema-location '$(SCHEMAS)/{{.ResourceKind}}{{.KindSuffix}}.json' $(RENDERED)/*.yaml
	for overlay in $(OVERLAYS); do \
		echo "kube-score $$overlay"; \
		report=$$($(KUBE_SCORE) score --kubernetes-version v1.34 --output-format ci \
			--enable-optional-test container-seccomp-profile,container-ports-check \
			--ignore-container-cpu-limit \
			--ignore-test container-image-pull-policy,deployment-targeted-by-hpa-does-not-have-replicas-configured \
			$(RENDERED)/$$overlay.yaml); status=$$?; \
		echo "$$report" | grep -vE '^\[(OK|SKIPPED)\]'; \
		[ $$status -eq 0 ] || exit 1; \
	done
	$(ACTIONLINT) -no-color
	RENDERED=$(RENDERED) KUBECONFORM=$(KUBECONFORM) SCHEMAS=$(SCHEMAS) KUSTOMIZE=$(KUSTOMIZE) \
		$(PY) -m pytest -q deploy/tests

## ---- Observability: promtool and Prometheus --------------------------------
# Prometheus 3.16.0, as its Go module numbers it. promtool lints the exposition and the monitoring component's
# rules in `make test`; the server is built for running beside a local cluster (scripts/prometheus-config.py).
PROMETHEUS_VERSION := v0.316.0
PROMTOOL := $(TOOLS)/prometheus-$(PROMETHEUS_VERSION)/promtool
PROMETHEUS := $(TOOLS)/prometheus-$(PROMETHEUS_VERSION)/prometheus
$(TOOLS)/prometheus-%/promtool:
	GOBIN=$(@D) go install github.com/prometheus/prometheus/cmd/promtool@$*
$(TOOLS)/prometheus-%/prometheus:
	GOBIN=$(@D) go install github.com/prometheus/prometheus/cmd/prometheus@$*

.PHONY: prometheus
prometheus: $(PROMETHEUS) ## Build the pinned Prometheus server into .tools/prometheus-$(PROMETHEUS_VERSION)/

.PHONY: metrics-test
metrics-test: $(JAR) $(PROMTOOL) $(TOOLS_VENV)/.installed ## promtool on the jar's live exposition; the monitoring rules, their tests and the dashboard
	PROMTOOL=$(PROMTOOL) $(PY) -m pytest -q -p no:cacheprovider tests/metrics

## ---- Kubernetes: image and local cluster ---------------------------------
IMAGE ?= iris-api:local
OVERLAY ?= minikube
NAMESPACE ?= mlops
KIND_CLUSTER ?= mlops-cluster

.PHONY: image
image: ## Build the container image $(IMAGE) (for minikube: eval $$(minikube docker-env) first)
	docker build $(IMAGE_BUILD_ARGS) -t $(IMAGE) .

.PHONY: dev-image
dev-image: $(KUSTOMIZE) ## Point the dev overlay at IMAGE_REF (the Image workflow's GitOps bump, by digest)
	@test -n "$(IMAGE_REF)" || { echo "usage: make dev-image IMAGE_REF=registry/name@sha256:digest (or :tag)"; exit 1; }
	cd deploy/overlays/dev && $(KUSTOMIZE) edit set image ghcr.io/iris-api/iris-api=$(IMAGE_REF)

.PHONY: k8s-setup
k8s-setup: ## Start a minikube cluster (with metrics-server for the HPA)
	./scripts/setup-k8s.sh minikube

.PHONY: k8s-setup-kind
k8s-setup-kind: $(KIND) ## Create a kind cluster and load $(IMAGE) into it
	KIND=$(KIND) KIND_CLUSTER=$(KIND_CLUSTER) IMAGE=$(IMAGE) ./scripts/setup-k8s.sh kind

# Deploying never trains: the training template (CronJob iris-train) stays suspended. The restart picks up
# a rebuilt image of the same tag (minikube's iris-api:local); a changed key file needs none.
.PHONY: k8s-deploy
k8s-deploy: $(KUSTOMIZE) $(MINIKUBE_KEYS) ## Apply OVERLAY (default minikube) and wait for the API
	$(KUSTOMIZE) build deploy/overlays/$(OVERLAY) | kubectl apply -f -
	kubectl rollout restart deployment/iris-api -n $(NAMESPACE)
	kubectl rollout status deployment/iris-api -n $(NAMESPACE) --timeout=300s

.PHONY: k8s-train
k8s-train: ## Train once in the cluster: replace Job iris-train with one from the CronJob's template and wait
	NAMESPACE=$(NAMESPACE) ./scripts/k8s-train.sh

.PHONY: k8s-deploy-mlflow
k8s-deploy-mlflow: k8s-deploy ## Deploy, wait for the MLflow server, then train once (the first champion)
	kubectl rollout status deployment/mlflow-server -n $(NAMESPACE) --timeout=300s
	$(MAKE) k8s-train

# Also how keys rotate on a local cluster: edit the key file, then this (`make k8s-deploy` would restart the pods).
.PHONY: k8s-keys
k8s-keys: $(MINIKUBE_KEYS) ## Put the minikube key file into Secret iris-api-secrets; the pods reread it, no restart
	@# Only the data changes (labels and Argo CD's tracking stay); the key goes through a pipe, not the command line.
	printf '{"data":{"api-keys":"%s"}}' "$$(base64 < $(MINIKUBE_KEYS) | tr -d '\n')" \
		| kubectl patch secret iris-api-secrets -n $(NAMESPACE) --type merge --patch-file /dev/stdin

.PHONY: k8s-status
k8s-status: ## Show pods, services, autoscaler, training jobs and volumes
	kubectl get pods,services,hpa,pdb,cronjobs,jobs,pvc -n $(NAMESPACE) -o wide

.PHONY: k8s-logs
k8s-logs: ## Follow the API logs
	kubectl logs -f deployment/iris-api -n $(NAMESPACE)

.PHONY: k8s-port-forward
k8s-port-forward: ## Forward http://localhost:8000 to the API Service
	kubectl port-forward service/iris-api-service 8000:8000 -n $(NAMESPACE)

.PHONY: k8s-mlflow-ui
k8s-mlflow-ui: ## Forward http://localhost:5000 to the MLflow UI
	kubectl port-forward service/mlflow-server-service 5000:5000 -n $(NAMESPACE)

.PHONY: k8s-test
k8s-test: ## Smoke test /health and /predict through the Service (with the cluster's key)
	./scripts/k8s-test.sh $(NAMESPACE)

.PHONY: k8s-clean
k8s-clean: ## Delete the namespace and the minikube MLflow volume
	kubectl delete namespace $(NAMESPACE) --ignore-not-found
	kubectl delete persistentvolume mlruns --ignore-not-found

.PHONY: contract-test
contract-test: $(JAR) $(KUSTOMIZE) $(TOOLS_VENV)/.installed $(MINIKUBE_KEYS) ## Start the jar with the rendered minikube pod's env and probe it
	KUSTOMIZE=$(KUSTOMIZE) PY=$(PY) ./scripts/contract-test.sh $(JAR)

## ---- Local Kubernetes cluster: built here, in the network namespace iris-cluster ----
# Kubernetes, CoreDNS, metrics-server and Argo CD are built from pinned modules (scripts/cluster/versions.sh)
# into .tools/cluster; the cluster's state and admin kubeconfig live in .cluster/ (git-ignored).
E2E_VENV := $(TOOLS)/e2e-venv
$(E2E_VENV)/.installed: tests/e2e/requirements.txt
	$(NO_DOWNLOAD)
	python3 -m venv $(E2E_VENV) && $(E2E_VENV)/bin/pip install -q -r $< && touch $@

.PHONY: cluster-up
cluster-up: $(KUSTOMIZE) $(MINIKUBE_KEYS) $(E2E_VENV)/.installed ## Build (pinned) and start the one-node cluster in netns iris-cluster
	scripts/cluster/up.sh

.PHONY: cluster-load
cluster-load: ## Build iris-api:local and the MLflow server image here and import them into the node
	scripts/cluster/load.sh

.PHONY: cluster-down
cluster-down: ## Stop the cluster and remove its pods, processes, namespace, mounts, cgroups and state
	scripts/cluster/down.sh

.PHONY: cluster-shell
cluster-shell: ## A shell inside iris-cluster with KUBECONFIG set (or run CMD="make k8s-test" there)
	scripts/cluster/shell.sh $(CMD)

# The CRDs that Argo CD and the admission dry runs need: Argo CD's (the version the local cluster runs), External
# Secrets' and the Prometheus Operator's.
E2E_CRDS := $(TOOLS)/e2e-crds
.PHONY: e2e-crds
e2e-crds: ## Collect the CRDs the end-to-end suite installs into .tools/e2e-crds (E2E_CRDS)
	scripts/cluster/crds.sh $(E2E_CRDS) $(ESO_VERSION) $(PROMETHEUS_OPERATOR_VERSION)

.PHONY: cluster-argocd
cluster-argocd: $(KUSTOMIZE) e2e-crds ## Run Argo CD beside the local cluster, with the project's git repository served there
	scripts/cluster/argocd.sh $(KUSTOMIZE) $(E2E_CRDS)

.PHONY: cluster-prometheus
cluster-prometheus: $(PROMETHEUS) $(TOOLS_VENV)/.installed ## Run Prometheus beside the local cluster: the monitoring component's discovery, scrapes and rules
	scripts/cluster/prometheus.sh $(PROMETHEUS) $(PY) $(NAMESPACE)

E2E_TESTS ?= tests/e2e
.PHONY: e2e-test
e2e-test: $(KUSTOMIZE) $(MINIKUBE_KEYS) $(E2E_VENV)/.installed ## The end-to-end suite against the cluster of KUBECONFIG (tests/e2e)
	KUSTOMIZE=$(KUSTOMIZE) $(E2E_VENV)/bin/python -m pytest -q -p no:cacheprovider $(E2E_TESTS) $(E2E_ARGS)

.PHONY: cluster-test
cluster-test: ## cluster-up, cluster-load, the end-to-end suite inside the namespace, cluster-down (always)
	scripts/cluster/test.sh

## ---- Container image: built and run here, without a registry ----------------
.PHONY: image-test
image-test: $(KUSTOMIZE) $(MINIKUBE_KEYS) ## Build the image (Docker) and run it as the minikube Deployment runs it, with checks
	KUSTOMIZE="$(KUSTOMIZE)" scripts/image-test.sh

.PHONY: image-base
image-base: ## Make the local stand-ins for the Dockerfile's base images (debootstrap; no registry needed)
	scripts/image-base.sh

## ---- Benchmarks and reliability ------------------------------------------

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
bench: load-tools peer-venvs ## iris-api vs /ping, mlflow models serve, MLServer, FastAPI -> bench/results/latest.md (~15 min)
	$(MVN) -q -Pbench package -DskipTests
	$(VENV)/bin/python bench/run.py

.PHONY: soak
soak: build load-tools ## 10 minutes at half the measured maximum -> bench/results/soak.md
	$(VENV)/bin/python bench/soak.py

.PHONY: reliability-test
reliability-test: build load-tools ## Rolling restart behind HAProxy, bad-request corpus, auth attacks, schemathesis
	$(VENV)/bin/pytest -q tests/reliability
