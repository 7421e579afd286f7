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

# Node 1 (the control plane's) and, for each further node, its own network namespace, containerd, kubelet
# and kube-proxy (node_vars). 1 gives the one-node cluster.
CLUSTER_NODES=${CLUSTER_NODES:-2}
NETNS=iris-cluster
NODE_NAME=iris-node
# Addresses inside the namespaces only: nothing routes from them to the machine's network.
NODE_IP=10.250.0.1
NODE_PEER_IP=10.250.0.2
# Each node's pod range is the /24 the controller-manager allocates it from this one.
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SVC_IP=10.96.0.1
DNS_IP=10.96.0.10
CGROUP_ROOT=/iris-cluster

in_netns() { nsenter --net=/run/netns/$NETNS -- "$@"; }

# node_vars N: node N's name (NODE), network namespace, address, state and runtime directories, cgroup root and
# the prefix of its processes' names. Node N > 1 lives in its own namespace, linked to node 1's by a veth pair
# on 10.250.<N-1>.0/24: LINK is node 1's end, LINK_ADDR its address (the node's gateway to the rest).
node_vars() {
  if (($1 == 1)); then
    NODE=$NODE_NAME NODE_NETNS=$NETNS NODE_ADDR=$NODE_IP NODE_STATE=$STATE NODE_RUN=$RUN
    NODE_CGROUP=$CGROUP_ROOT NODE_PREFIX= LINK= LINK_ADDR=
  else
    NODE=iris-node$1 NODE_NETNS=iris-node$1 NODE_ADDR=10.250.$(($1 - 1)).2 NODE_STATE=$STATE/node$1
    NODE_RUN=$RUN/node$1 NODE_CGROUP=$CGROUP_ROOT/node$1 NODE_PREFIX=node$1- LINK=iris-link$1
    LINK_ADDR=10.250.$(($1 - 1)).1
  fi
}
in_node() { nsenter --net="/run/netns/$NODE_NETNS" -- "$@"; }
# The containerd sockets of the nodes that run.
node_sockets() { ls "$RUN"/containerd.sock "$RUN"/node*/containerd.sock 2>/dev/null; }

# kubeconfig FILE USER: a kubeconfig for the apiserver with USER's certificate of .cluster/pki.
kubeconfig() {
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: iris
    cluster: {server: "https://$NODE_IP:6443", certificate-authority: "$STATE/pki/ca.crt"}
users:
  - name: $2
    user: {client-certificate: "$STATE/pki/$2.crt", client-key: "$STATE/pki/$2.key"}
contexts:
  - name: iris
    context: {cluster: iris, user: $2}
current-context: iris
EOF
}
# The cluster's own kubectl, inside the namespace (the caller sets KUBECONFIG).
kubectl() { in_netns "$BIN/kubectl-$K8S_VERSION" "$@"; }
# Where the Go module cache holds MODULE@VERSION (downloading it first if need be).
module_dir() { go mod download -json "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'; }
