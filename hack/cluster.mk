# The local Kubernetes cluster, built here in network namespaces (iris-cluster and one per further node; root),
# and the end-to-end suite.
# Kubernetes, CoreDNS, metrics-server and Argo CD are built from pinned modules (hack/cluster/versions.sh) into
# .tools/cluster; the cluster's state and admin kubeconfig live in .cluster/ (git-ignored). Included by the Makefile.

# The CRDs that Argo CD and the admission dry runs need: Argo CD's (the version the local cluster runs), External
# Secrets', the Prometheus Operator's and Gateway API's standard channel.
E2E_CRDS := $(TOOLS)/e2e-crds
E2E_TESTS ?= tests/e2e

##@ Local cluster and end-to-end tests (the cluster targets need root)
.PHONY: cluster-up cluster-load cluster-down cluster-shell cluster-argocd cluster-prometheus cluster-gateway cluster-test e2e-crds e2e-test

cluster-up: $(KUSTOMIZE) $(MINIKUBE_KEYS) $(E2E_VENV)/.installed ## Build (pinned) and start the cluster: CLUSTER_NODES nodes (default 2), netns iris-cluster
	hack/cluster/up.sh

cluster-load: ## Build iris-api:local and the MLflow server image here and import them into every node
	hack/cluster/load.sh

cluster-down: ## Stop the cluster and remove its pods, processes, namespace, mounts, cgroups and state
	hack/cluster/down.sh

cluster-shell: ## A shell inside iris-cluster with KUBECONFIG set (or run CMD="make k8s-test" there)
	hack/cluster/shell.sh $(CMD)

cluster-argocd: $(KUSTOMIZE) e2e-crds ## Run Argo CD beside the local cluster, with the project's git repository served there
	hack/cluster/argocd.sh $(KUSTOMIZE) $(E2E_CRDS)

cluster-prometheus: $(PROMETHEUS) $(TOOLS_VENV)/.installed ## Run Prometheus beside the local cluster: the monitoring component's discovery, scrapes, rules
	hack/cluster/prometheus.sh $(PROMETHEUS) $(PY) $(NAMESPACE)

cluster-gateway: $(TRAEFIK) e2e-crds ## Run Traefik beside the local cluster as its Gateway API implementation (port 80 of the node)
	hack/cluster/gateway.sh $(TRAEFIK) $(E2E_CRDS)

cluster-test: ## cluster-up, cluster-load, the end-to-end suite inside the namespace, cluster-down (always)
	hack/cluster/test.sh

e2e-crds: ## Collect the CRDs the end-to-end suite installs into .tools/e2e-crds (E2E_CRDS)
	hack/cluster/crds.sh $(E2E_CRDS) $(ESO_VERSION) $(PROMETHEUS_OPERATOR_VERSION) $(GATEWAY_API_VERSION)

e2e-test: $(KUSTOMIZE) $(MINIKUBE_KEYS) $(E2E_VENV)/.installed ## The end-to-end suite (tests/e2e) against the cluster of KUBECONFIG
	KUSTOMIZE=$(KUSTOMIZE) $(E2E_VENV)/bin/python -m pytest -q $(E2E_TESTS) $(E2E_ARGS)
