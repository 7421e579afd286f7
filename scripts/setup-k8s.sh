#!/usr/bin/env bash
# Prepares a local cluster for the minikube overlay.  Usage: setup-k8s.sh minikube|kind
#   minikube: starts a cluster (2 CPUs, 4 GiB) with metrics-server for the HPA. Then build the
#             image inside it (eval $(minikube docker-env); make image) and run
#             `minikube mount --uid 10001 --gid 10001 $(pwd)/mlruns:/tmp/mlruns` in another terminal.
#   kind:     creates cluster $KIND_CLUSTER of scripts/kind-cluster.yaml (a control plane and two workers,
#             ./mlruns at every node's /tmp/mlruns, NodePort 30080 published on localhost), then loads
#             $IMAGE into it.
#             KIND: the kind binary (`make k8s-setup-kind` builds a pinned one).
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null || { echo "$1 is required: $2" >&2; exit 1; }
}
need docker "https://docs.docker.com/engine/install/"
need kubectl "https://kubernetes.io/docs/tasks/tools/"

case "${1:-}" in
  minikube)
    need minikube "https://minikube.sigs.k8s.io/docs/start/"
    minikube status >/dev/null 2>&1 || minikube start --driver=docker --cpus=2 --memory=4096
    minikube addons enable metrics-server
    mkdir -p mlruns
    echo "Next: eval \$(minikube docker-env) && make image && make k8s-deploy-mlflow"
    echo "MLflow data in ./mlruns: minikube mount --uid 10001 --gid 10001 \$(pwd)/mlruns:/tmp/mlruns"
    ;;
  kind)
    kind=${KIND:-kind}
    cluster=${KIND_CLUSTER:-mlops-cluster}
    image=${IMAGE:-iris-api:local}
    # The MLflow pod runs as UID 10001, which owns nothing on the host.
    mkdir -p mlruns && chmod 0777 mlruns
    if ! "$kind" get clusters | grep -qx "$cluster"; then
      "$kind" create cluster --name "$cluster" --wait 120s --config scripts/kind-cluster.yaml
    fi
    "$kind" load docker-image "$image" --name "$cluster"
    echo "Next: make k8s-deploy && make k8s-test   (API also on http://localhost:30080)"
    ;;
  *)
    echo "usage: $0 minikube|kind" >&2
    exit 2
    ;;
esac
