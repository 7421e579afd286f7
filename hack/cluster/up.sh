#!/usr/bin/env bash
# make cluster-up: starts a Kubernetes cluster of CLUSTER_NODES nodes (default 2) inside network namespaces:
# the control plane and node 1 in iris-cluster, each further node in its own (hack/cluster/node.sh).
# Control plane, containerd and kubelets run as processes of this machine that see only their namespace's
# network (nsenter --net: they share the machine's mounts, so a kubelet's volume mounts reach its
# containerd); kube-proxy, CoreDNS and metrics-server complete it. Node 1's address lives on a veth pair
# inside its namespace; the namespaces are linked only to each other and have no route out. Every wait is
# bounded and names the component that did not come up, with the tail of its log. Running it again on a
# running cluster of as many nodes changes nothing.
set -euo pipefail
source "$(dirname "$0")/versions.sh"
source "$(dirname "$0")/processes.sh"
[[ $(id -u) == 0 ]] || { echo "cluster-up: needs root (network namespace, containerd, kubelet)" >&2; exit 1; }

export KUBECONFIG=$STATE/kubeconfig

# Up is the last step's result: the metrics API served. Anything less is started again from nothing.
if [[ -f $KUBECONFIG ]] && running kubelet && [[ $(node_sockets | wc -l) == "$CLUSTER_NODES" ]] \
    && kubectl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=2s >/dev/null 2>&1; then
  echo "cluster-up: already running (KUBECONFIG=$KUBECONFIG)"
  exit 0
fi
bash "$(dirname "$0")/down.sh" --quiet
"$(dirname "$0")/packages.sh"
"$(dirname "$0")/build.sh"
mkdir -p "$STATE"/{logs,pids,etcd} "$RUN"
"$(dirname "$0")/pki.sh"
PKI=$STATE/pki
# The node path of the minikube overlay's MLflow volume, owned by the pod's UID as `minikube mount --uid
# 10001` makes it (a hostPath volume gets no fsGroup); removed by cluster-down if made here.
if [[ ! -d /tmp/mlruns ]]; then
  install -d -o 10001 -g 10001 /tmp/mlruns && touch "$STATE/mlruns.created"
fi

# ---- Node 1's network namespace, the control plane's --------------------------------------------------------------------------
ip netns add "$NETNS"
in_netns ip link set lo up
in_netns ip link add iris-node type veth peer name iris-peer
in_netns ip addr add "$NODE_IP/24" dev iris-node
in_netns ip addr add "$NODE_PEER_IP/24" dev iris-peer
in_netns ip link set iris-node up
in_netns ip link set iris-peer up
# Processes of the namespace reach Services through kube-proxy's rules; the route only has to exist.
in_netns ip route add "$SERVICE_CIDR" dev iris-node
in_netns sysctl -qw net.ipv4.ip_forward=1
in_netns sh -c 'echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'

# ---- Configuration files ------------------------------------------------------------------------------
for who in controller-manager scheduler kube-proxy; do kubeconfig "$STATE/$who.kubeconfig" "$who"; done
kubeconfig "$STATE/kubeconfig.tmp" admin

# ---- Control plane -------------------------------------------------------------------------------------
start etcd /usr/bin/etcd --name iris --data-dir "$STATE/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster iris=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381
await etcd 30 in_netns curl -fsS http://127.0.0.1:2379/health

start kube-apiserver "$BIN/kube-apiserver-$K8S_VERSION" \
  --etcd-servers=http://127.0.0.1:2379 --advertise-address="$NODE_IP" --bind-address=0.0.0.0 --secure-port=6443 \
  --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=30000-32767 \
  --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$PKI/ca.crt" --kubelet-preferred-address-types=InternalIP \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --allow-privileged=true \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --enable-aggregator-routing=true
mv "$STATE/kubeconfig.tmp" "$KUBECONFIG"
await kube-apiserver 60 kubectl get --raw /readyz

start kube-controller-manager "$BIN/kube-controller-manager-$K8S_VERSION" \
  --kubeconfig="$STATE/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$STATE/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$STATE/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --allocate-node-cidrs=true --cluster-cidr="$CLUSTER_CIDR" --node-cidr-mask-size=24 \
  --service-cluster-ip-range="$SERVICE_CIDR"
start kube-scheduler "$BIN/kube-scheduler-$K8S_VERSION" \
  --kubeconfig="$STATE/scheduler.kubeconfig" --authentication-kubeconfig="$STATE/scheduler.kubeconfig" \
  --authorization-kubeconfig="$STATE/scheduler.kubeconfig" --bind-address=127.0.0.1 --leader-elect=false
await kube-controller-manager 60 in_netns curl -fsSk https://127.0.0.1:10257/healthz
await kube-scheduler 60 in_netns curl -fsSk https://127.0.0.1:10259/healthz

# ---- The nodes ----------------------------------------------------------------------------------------------
for n in $(seq "$CLUSTER_NODES"); do "$(dirname "$0")/node.sh" up "$n"; done

# ---- Add-ons: cluster DNS and the metrics API ------------------------------------------------------------
for addon in "$(dirname "$0")"/addons/*.yaml; do
  sed -e "s|@DNS_IP@|$DNS_IP|g; s|@COREDNS_VERSION@|$COREDNS_VERSION|g" \
    -e "s|@METRICS_SERVER_VERSION@|$METRICS_SERVER_VERSION|g" "$addon"
  echo ---
done | kubectl apply -f - >/dev/null
await coredns 120 kubectl -n kube-system rollout status deployment/coredns --timeout=5s
await metrics-server 120 kubectl -n kube-system rollout status deployment/metrics-server --timeout=5s
await metrics-api 120 kubectl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=5s

echo "cluster-up: $CLUSTER_NODES node(s) Ready, control plane at $NODE_IP in namespace $NETNS; KUBECONFIG=$KUBECONFIG"
echo "cluster-up: make cluster-shell opens a shell there with kubectl and KUBECONFIG set"
