#!/usr/bin/env bash
# make cluster-up: starts a one-node Kubernetes cluster inside the network namespace iris-cluster.
# Control plane, containerd and kubelet run as processes of this machine that see only that namespace's
# network (nsenter --net: they share the machine's mounts, so the kubelet's volume mounts reach
# containerd); kube-proxy, CoreDNS and metrics-server complete it. The node's address lives on a veth
# pair inside the namespace, which has no route out. Every wait is bounded and names the component
# that did not come up, with the tail of its log. Running it again on a running cluster changes nothing.
set -euo pipefail
source "$(dirname "$0")/versions.sh"
source "$(dirname "$0")/processes.sh"
[[ $(id -u) == 0 ]] || { echo "cluster-up: needs root (network namespace, containerd, kubelet)" >&2; exit 1; }

export KUBECONFIG=$STATE/kubeconfig

# Up is the last step's result: the metrics API served. Anything less is started again from nothing.
if [[ -f $KUBECONFIG ]] && running kubelet && kubectl wait --for=condition=Available \
    apiservice/v1beta1.metrics.k8s.io --timeout=2s >/dev/null 2>&1; then
  echo "cluster-up: already running (KUBECONFIG=$KUBECONFIG)"
  exit 0
fi
bash "$(dirname "$0")/down.sh" --quiet
"$(dirname "$0")/packages.sh"
"$(dirname "$0")/build.sh"
mkdir -p "$STATE"/{logs,pids,etcd,kubelet,pod-logs,cni/net.d,cni/ipam,containerd/certs.d/_default} "$RUN"
"$(dirname "$0")/pki.sh"
PKI=$STATE/pki
# The node path of the minikube overlay's MLflow volume, owned by the pod's UID as `minikube mount --uid
# 10001` makes it (a hostPath volume gets no fsGroup); removed by cluster-down if made here.
if [[ ! -d /tmp/mlruns ]]; then
  install -d -o 10001 -g 10001 /tmp/mlruns && touch "$STATE/mlruns.created"
fi

# ---- The network namespace --------------------------------------------------------------------------
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

# The kubelet's cgroup root, in every controller (cgroup v1); a new cpuset has no CPUs until given its parent's.
for controller in /sys/fs/cgroup/*/; do
  [[ $controller == */unified/ ]] && continue
  mkdir -p "$controller${CGROUP_ROOT#/}"
  if [[ -f ${controller}cpuset.cpus ]]; then
    cat "${controller}cpuset.cpus" > "$controller${CGROUP_ROOT#/}/cpuset.cpus"
    cat "${controller}cpuset.mems" > "$controller${CGROUP_ROOT#/}/cpuset.mems"
  fi
done

# ---- Configuration files ------------------------------------------------------------------------------
kubeconfig() { # kubeconfig FILE CERT
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: iris
    cluster: {server: "https://$NODE_IP:6443", certificate-authority: "$PKI/ca.crt"}
users:
  - name: $2
    user: {client-certificate: "$PKI/$2.crt", client-key: "$PKI/$2.key"}
contexts:
  - name: iris
    context: {cluster: iris, user: $2}
current-context: iris
EOF
}
for who in controller-manager scheduler kubelet kube-proxy; do kubeconfig "$STATE/$who.kubeconfig" "$who"; done
kubeconfig "$STATE/kubeconfig.tmp" admin

# Pulls go to a closed loopback port and fail at once: every image is imported beforehand.
cat > "$STATE/containerd/certs.d/_default/hosts.toml" <<EOF
server = "http://127.0.0.1:9"
[host."http://127.0.0.1:9"]
  capabilities = ["pull", "resolve"]
EOF
cat > "$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$RUN/containerd"
[grpc]
  address = "$RUN/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # The sandbox may not lower oom_score_adj (no CAP_SYS_RESOURCE): runc fails every pod otherwise.
  restrict_oom_score_adj = true
  # Pods' network namespaces under the state, not /run/netns, so that cluster-down finds and removes them.
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$STATE/containerd/certs.d"
EOF
cat > "$STATE/cni/net.d/10-iris.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "iris",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "$STATE/cni/ipam",
              "ranges": [[{"subnet": "$POD_CIDR"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
# No upstream servers: names outside the cluster do not resolve, as nothing outside can be reached.
printf 'options ndots:5\n' > "$STATE/resolv.conf"
cat > "$STATE/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
address: $NODE_IP
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$PKI/ca.crt"}
authorization: {mode: Webhook}
tlsCertFile: "$PKI/kubelet.crt"
tlsPrivateKeyFile: "$PKI/kubelet.key"
clusterDomain: cluster.local
clusterDNS: ["$DNS_IP"]
resolvConf: "$STATE/resolv.conf"
podLogsDir: "$STATE/pod-logs"
failSwapOn: false
serializeImagePulls: false
evictionHard: {memory.available: "200Mi", nodefs.available: "2%", imagefs.available: "2%"}
imageGCHighThresholdPercent: 100
EOF
cat > "$STATE/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: "$STATE/kube-proxy.kubeconfig"}
hostnameOverride: $NODE_NAME
clusterCIDR: $CLUSTER_CIDR
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
# Conntrack limits are the machine's, not the namespace's: leave them as they are.
conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF

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

# ---- The node ------------------------------------------------------------------------------------------
start containerd /usr/bin/containerd --config "$STATE/containerd/config.toml"
await containerd 30 ctr --address "$RUN/containerd.sock" version
"$(dirname "$0")/system-images.sh"

start kubelet "$BIN/kubelet-$K8S_VERSION" --config="$STATE/kubelet.yaml" --kubeconfig="$STATE/kubelet.kubeconfig" \
  --container-runtime-endpoint="unix://$RUN/containerd.sock" --node-ip="$NODE_IP" \
  --hostname-override="$NODE_NAME" --root-dir="$STATE/kubelet"
await kubelet 90 kubectl wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s
start kube-proxy "$BIN/kube-proxy-$K8S_VERSION" --config="$STATE/kube-proxy.yaml"
await kube-proxy 30 in_netns curl -fsS http://127.0.0.1:10256/healthz

# ---- Add-ons: cluster DNS and the metrics API ------------------------------------------------------------
for addon in "$(dirname "$0")"/addons/*.yaml; do
  sed -e "s|@DNS_IP@|$DNS_IP|g; s|@COREDNS_VERSION@|$COREDNS_VERSION|g" \
    -e "s|@METRICS_SERVER_VERSION@|$METRICS_SERVER_VERSION|g" "$addon"
  echo ---
done | kubectl apply -f - >/dev/null
await coredns 120 kubectl -n kube-system rollout status deployment/coredns --timeout=5s
await metrics-server 120 kubectl -n kube-system rollout status deployment/metrics-server --timeout=5s
await metrics-api 120 kubectl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=5s

echo "cluster-up: node $NODE_NAME Ready at $NODE_IP in namespace $NETNS; KUBECONFIG=$KUBECONFIG"
echo "cluster-up: make cluster-shell opens a shell there with kubectl and KUBECONFIG set"
