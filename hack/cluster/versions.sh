# Pinned versions and paths of the local cluster, sourced by every hack/cluster/*.sh.
# Kubernetes stays on 1.34: this machine kind is cgroup v1, which kubelet 1.35 refuses.
K8S_VERSION=v1.34.4
COREDNS_VERSION=v1.12.4
METRICS_SERVER_VERSION=v0.8.0
# The newest Argo CD whose module builds from the module proxy (3.3 to 3.5 replace gitops-engine with a
# folder their module zip lacks).
ARGOCD_VERSION=v3.2.11
PAUSE_IMAGE=registry.k8s.io/pause:3.10.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS=$ROOT/.tools/cluster
BIN=$TOOLS/bin
STATE=$ROOT/.cluster
# Sockets and runtime state: a short path (unix sockets are limited to 108 bytes).
RUN=/run/iris-cluster

NETNS=iris-cluster
NODE_NAME=iris-node
# Addresses inside the namespace only: nothing routes from them to the machine's network.
NODE_IP=10.250.0.1
NODE_PEER_IP=10.250.0.2
POD_CIDR=10.244.0.0/24
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SVC_IP=10.96.0.1
DNS_IP=10.96.0.10
CGROUP_ROOT=/iris-cluster

in_netns() { nsenter --net=/run/netns/$NETNS -- "$@"; }
# The cluster's own kubectl, inside the namespace (the caller sets KUBECONFIG).
kubectl() { in_netns "$BIN/kubectl-$K8S_VERSION" "$@"; }
# Where the Go module cache holds MODULE@VERSION (downloading it first if need be).
module_dir() { go mod download -json "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'; }
