# The container image built and run here, without a registry: Docker started by the script, base images made with
# debootstrap (root). Included by the Makefile.

##@ Container image checks (root: Docker)
.PHONY: image-test image-base

image-test: $(KUSTOMIZE) $(MINIKUBE_KEYS) ## Build the image (Docker) and run it as the minikube Deployment runs it, with checks
	KUSTOMIZE="$(KUSTOMIZE)" hack/image-test.sh

image-base: ## Make the local stand-ins for the Dockerfile's base images (debootstrap; no registry needed)
	hack/image-base.sh
