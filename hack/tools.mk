# Pinned tools and Python environments, installed into .tools/ and .venv (both git-ignored) from the package
# registries, as the user who runs make: nothing here needs root. Included by the Makefile.

TOOLS := $(CURDIR)/.tools
KUSTOMIZE_VERSION := v5.8.1
KUBECONFORM_VERSION := v0.7.0
# kube-score stands in for kube-linter, whose module the Go proxy does not serve.
KUBE_SCORE_VERSION := v1.20.0
ACTIONLINT_VERSION := v1.7.12
KIND_VERSION := v0.30.0
VEGETA_VERSION := v12.13.0
# Prometheus 3.16.0, as its Go module numbers it: promtool lints the exposition and the monitoring rules in
# `make test`; the server runs beside the local cluster. Both are built with Kubernetes service discovery only
# (Prometheus' own build tags), the only discovery the monitoring component's scrape configuration uses.
PROMETHEUS_VERSION := v0.316.0
PROMETHEUS_TAGS := remove_all_sd,enable_kubernetes_sd
# Schemas: Kubernetes from the kubernetes-validate package (tests/deploy/requirements.txt),
# CRDs from the Argo CD, External Secrets and Gateway API Go modules.
K8S_SCHEMA_VERSION := v1.34.0
ARGOCD_VERSION := v3.5.7
ESO_VERSION := v0.16.2
# The PodMonitor and PrometheusRule CRDs (the Go proxy serves this module up to v0.85.0).
PROMETHEUS_OPERATOR_VERSION := v0.85.0
# Gateway API's standard channel: Gateway and HTTPRoute (components/gateway); the version Traefik's module requires.
GATEWAY_API_VERSION := v1.4.0
# The Gateway API implementation beside the local cluster (its kubernetesgateway provider): the last 3.6 release.
# The Go proxy does not serve all of v3.7.13's dependencies (ACME DNS clients, a fork of go-http-auth).
TRAEFIK_VERSION := v3.6.12

KUSTOMIZE := $(TOOLS)/kustomize-$(KUSTOMIZE_VERSION)/kustomize
KUBECONFORM := $(TOOLS)/kubeconform-$(KUBECONFORM_VERSION)/kubeconform
KUBE_SCORE := $(TOOLS)/kube-score-$(KUBE_SCORE_VERSION)/kube-score
ACTIONLINT := $(TOOLS)/actionlint-$(ACTIONLINT_VERSION)/actionlint
KIND := $(TOOLS)/kind-$(KIND_VERSION)/kind
VEGETA := $(TOOLS)/bin/vegeta
PROMTOOL := $(TOOLS)/prometheus-$(PROMETHEUS_VERSION)/promtool
PROMETHEUS := $(TOOLS)/prometheus-$(PROMETHEUS_VERSION)/prometheus
TRAEFIK := $(TOOLS)/traefik-$(TRAEFIK_VERSION)/traefik
SCHEMAS := $(TOOLS)/schemas-k8s$(K8S_SCHEMA_VERSION)-argocd$(ARGOCD_VERSION)-eso$(ESO_VERSION)-promop$(PROMETHEUS_OPERATOR_VERSION)-gwapi$(GATEWAY_API_VERSION)

# Inside the cluster's network namespace nothing can be downloaded: say so instead of failing on the network.
NO_DOWNLOAD = @if [ "$$(ip netns identify 2>/dev/null)" = iris-cluster ]; then \
	echo "$@ needs a download, which cannot happen inside iris-cluster: run make tools (and make venv) outside it first" >&2; exit 1; fi

# One `go install` per tool, each its own module; a new version lands in a new folder.
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
$(TOOLS)/prometheus-%/promtool:
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install -tags $(PROMETHEUS_TAGS) github.com/prometheus/prometheus/cmd/promtool@$*
$(TOOLS)/prometheus-%/prometheus:
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install -tags $(PROMETHEUS_TAGS) github.com/prometheus/prometheus/cmd/prometheus@$*
# Traefik's go.mod replaces modules with its forks, which `go install module@version` refuses: built inside a
# writable copy of the module instead, as its own main module.
$(TOOLS)/traefik-%/traefik:
	$(NO_DOWNLOAD)
	src=$(@D)/src && rm -rf $$src && mkdir -p $(@D) && \
	cp -r "$$(go mod download -json github.com/traefik/traefik/v3@$* | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')" $$src && \
	chmod -R u+w $$src && cd $$src && GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 go build -trimpath \
		-ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$*" -o $@.tmp ./cmd/traefik && \
	mv $@.tmp $@ && rm -rf $$src
$(VEGETA):
	$(NO_DOWNLOAD)
	GOBIN=$(@D) go install github.com/tsenart/vegeta/v12@$(VEGETA_VERSION)

# A venv is made anew only when its requirements file changes.
define venv
$(NO_DOWNLOAD)
rm -rf $(@D) && python3 -m venv $(@D)
$(@D)/bin/pip install -q --disable-pip-version-check $(1) -r $<
touch $@
endef

# .venv: the Python side of the tests and of `make bench` (MLflow, KServe's and Triton's clients, schemathesis).
VENV := .venv
$(VENV)/.installed: requirements-dev.txt
	$(call venv)
# The manifest checks' own small environment: exact pins, installed with --no-deps, so the file is all of it.
TOOLS_VENV := $(TOOLS)/venv
PY := $(TOOLS_VENV)/bin/python
$(TOOLS_VENV)/.installed: tests/deploy/requirements.txt
	$(call venv,--no-deps)
# MLServer cannot share .venv (its FastAPI pin conflicts with kserve's Starlette): its venv serves the bench and gives
# tests/interop MLServer's protocol types. The FastAPI peer of the bench has its own too.
MLSERVER_VENV := $(TOOLS)/mlserver-venv
FASTAPI_VENV := $(TOOLS)/fastapi-venv
$(TOOLS)/%-venv/.installed: bench/requirements-%.txt
	$(call venv)
E2E_VENV := $(TOOLS)/e2e-venv
$(E2E_VENV)/.installed: tests/e2e/requirements.txt
	$(call venv)

$(SCHEMAS)/.converted: $(TOOLS_VENV)/.installed hack/json-schemas.py
	$(NO_DOWNLOAD)
	rm -rf $(SCHEMAS)
	$(PY) hack/json-schemas.py k8s $(SCHEMAS) \
		"$$($(PY) -c 'import importlib.util as u; print(u.find_spec("kubernetes_validate").submodule_search_locations[0])')/kubernetes-json-schema/$(K8S_SCHEMA_VERSION)-local-strict"
	moddir() { go mod download -json "$$1" | $(PY) -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'; } && \
	argocd=$$(moddir github.com/argoproj/argo-cd/v3@$(ARGOCD_VERSION)) && \
	eso=$$(moddir github.com/external-secrets/external-secrets@$(ESO_VERSION)) && \
	promop=$$(moddir github.com/prometheus-operator/prometheus-operator@$(PROMETHEUS_OPERATOR_VERSION)) && \
	gwapi=$$(moddir sigs.k8s.io/gateway-api@$(GATEWAY_API_VERSION)) && \
	$(PY) hack/json-schemas.py crd $(SCHEMAS) $$argocd/manifests/crds/*-crd.yaml \
		$$eso/config/crds/bases/external-secrets.io_{externalsecrets,secretstores}.yaml \
		$$promop/example/prometheus-operator-crd/monitoring.coreos.com_{podmonitors,prometheusrules}.yaml \
		$$gwapi/config/crd/standard/gateway.networking.k8s.io_{gateways,httproutes}.yaml
	touch $@

# System programs the tests run and nothing here installs. Debian keeps HAProxy in /usr/sbin, which a user's PATH
# may lack.
HAPROXY ?= $(firstword $(shell command -v haproxy 2>/dev/null) $(wildcard /usr/sbin/haproxy /usr/local/sbin/haproxy))
need = command -v $(1) >/dev/null || { echo "$(1) not found: install $(2)" >&2; exit 1; }
NEED_MAVEN = @$(call need,mvn,Maven 3.8+ (Debian/Ubuntu: maven; macOS: brew install maven)) && mvn -B -v 2>/dev/null | awk 'NR == 1 { \
	split($$3, v, "."); if (v[1] < 3 || (v[1] == 3 && v[2] < 8)) { print "Maven 3.8+ is needed, found " $$3 > "/dev/stderr"; exit 1 } }'
.PHONY: prerequisites
prerequisites:
	@$(call need,java,a JDK 17 (Debian/Ubuntu: openjdk-17-jdk-headless))
	$(NEED_MAVEN)
	@$(call need,go,Go (go.dev/doc/install; the version CI uses is in .github/workflows/ci.yml))
	@$(call need,curl,curl (Debian/Ubuntu: curl))
	@python3 -c 'import ensurepip, sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null \
		|| { echo "python3 3.11+ with venv not found: install it (Debian/Ubuntu: python3 python3-venv)" >&2; exit 1; }
	@test -x "$(HAPROXY)" || { echo "haproxy not found: install HAProxy (Debian/Ubuntu: haproxy; macOS: brew install haproxy)" >&2; exit 1; }

##@ Tools (pinned, into .tools/ and .venv; no root needed)
.PHONY: tools venv peer-venvs prometheus traefik load-tools

tools: $(KUSTOMIZE) $(KUBECONFORM) $(KUBE_SCORE) $(ACTIONLINT) $(SCHEMAS)/.converted ## Install the manifest checks' tools into .tools/

venv: $(VENV)/.installed ## Python tools for the tests and the bench into .venv (pinned in requirements-dev.txt)

peer-venvs: $(MLSERVER_VENV)/.installed $(FASTAPI_VENV)/.installed ## The bench peers' venvs (MLServer, FastAPI) in .tools/

prometheus: $(PROMETHEUS) ## Build the pinned Prometheus server into .tools/prometheus-VERSION/

traefik: $(TRAEFIK) ## Build the pinned Traefik (the local cluster's Gateway API implementation) into .tools/traefik-VERSION/

# wrk comes from Debian's package (its version goes into each report): installed here only when make runs as root.
load-tools: $(VEGETA) venv ## The bench's load tools: vegeta, .venv, and wrk (Debian's package; installed when root)
	@command -v wrk >/dev/null || if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; \
	else echo "wrk not found: install it (Debian/Ubuntu: sudo apt-get install wrk)" >&2; exit 1; fi
