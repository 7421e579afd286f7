#!/usr/bin/env bash
# A node of the local cluster (node_vars in versions.sh names its parts).
#   node.sh up N     starts node N: its containerd, kubelet and kube-proxy. Node 1 shares the control plane's
#                    namespace; node N > 1 gets its own, linked to node 1's by a veth pair, its pod range
#                    routed both ways, so pod-to-pod and Service traffic crosses nodes as between machines.
#                    Also brings back a node that `kill` stopped (its containerd keeps the imported images).
#   node.sh kill N   stops node N > 1 as a lost machine stops: its link cut, then its kubelet, kube-proxy,
#                    containerd, the containers' shims and every process of its pods killed at once (SIGKILL).
# Every wait is bounded and names the component that did not come up.
set -euo pipefail
source "$(dirname "$0")/versions.sh"
source "$(dirname "$0")/processes.sh"
action=${1:?usage: node.sh up|kill N} n=${2:?usage: node.sh up|kill N}
node_vars "$n"
export KUBECONFIG=$STATE/kubeconfig
PKI=$STATE/pki
kubelet_cert=${NODE_PREFIX}kubelet

if [[ $action == kill ]]; then
  ((n > 1)) || { echo "node.sh: node 1 holds the control plane; only a node N > 1 can be lost" >&2; exit 1; }
  # Cut at the node's end, as a machine's cable: node 1 keeps its route and sends into the void, so a
  # connection to a lost pod times out as between machines (a route removed on node 1 would fail it at once).
  in_node ip link set eth0 down
  for name in kubelet kube-proxy containerd; do
    kill -KILL "$(cat "$STATE/pids/$NODE_PREFIX$name.pid")" 2>/dev/null || true
    rm -f "$STATE/pids/$NODE_PREFIX$name.pid"
  done
  for shim_pid in "$NODE_RUN"/containerd/io.containerd.runtime.v2.task/*/*/shim.pid; do
    [[ -f $shim_pid ]] && kill -KILL "$(cat "$shim_pid")" 2>/dev/null
  done
  find /sys/fs/cgroup/*/"${NODE_CGROUP#/}" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  echo "node.sh: $NODE lost (its link cut, its processes killed)"
  exit 0
fi
[[ $action == up ]] || { echo "node.sh: unknown action $action" >&2; exit 1; }

# ---- The namespace and its link (node N > 1) ----------------------------------------------------------------
if ((n > 1)); then
  if ! ip netns list | grep -q "^$NODE_NETNS\b"; then
    ip netns add "$NODE_NETNS"
    in_node ip link set lo up
    in_netns ip link add "$LINK" type veth peer name eth0 netns "$NODE_NETNS"
    in_netns ip addr add "$LINK_ADDR/24" dev "$LINK"
    in_node ip addr add "$NODE_ADDR/24" dev eth0
    in_node sysctl -qw net.ipv4.ip_forward=1
    in_node sh -c 'echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'
  fi
  in_netns ip link set "$LINK" up
  in_node ip link set eth0 up
  # Node 1 is this node's way to the control plane's address, the other nodes' pods and the Services.
  for dst in "${NODE_IP%.*}.0/24" "$CLUSTER_CIDR" "$SERVICE_CIDR"; do
    in_node ip route replace "$dst" via "$LINK_ADDR"
  done
fi

# The kubelet's cgroup root, in every controller (cgroup v1); a new cpuset has no CPUs until given its parent's.
for controller in /sys/fs/cgroup/*/; do
  [[ $controller == */unified/ ]] && continue
  mkdir -p "$controller${NODE_CGROUP#/}"
  if [[ -f ${controller}cpuset.cpus ]]; then
    cat "${controller}cpuset.cpus" > "$controller${NODE_CGROUP#/}/cpuset.cpus"
    cat "${controller}cpuset.mems" > "$controller${NODE_CGROUP#/}/cpuset.mems"
  fi
done

# ---- Configuration files ------------------------------------------------------------------------------------
mkdir -p "$NODE_STATE"/{kubelet,pod-logs,cni/net.d,cni/ipam,containerd/certs.d/_default} "$NODE_RUN"
kubeconfig "$NODE_STATE/kubelet.kubeconfig" "$kubelet_cert"
# Pulls go to a closed loopback port and fail at once: every image is imported beforehand.
cat > "$NODE_STATE/containerd/certs.d/_default/hosts.toml" <<EOF
server = "http://127.0.0.1:9"
[host."http://127.0.0.1:9"]
  capabilities = ["pull", "resolve"]
EOF
cat > "$NODE_STATE/containerd/config.toml" <<EOF
version = 2
root = "$NODE_STATE/containerd/root"
state = "$NODE_RUN/containerd"
[grpc]
  address = "$NODE_RUN/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # The sandbox may not lower oom_score_adj (no CAP_SYS_RESOURCE): runc fails every pod otherwise.
  restrict_oom_score_adj = true
  # Pods' network namespaces under the state, not /run/netns, so that cluster-down finds and removes them.
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$NODE_STATE/containerd/certs.d"
EOF
# No upstream servers: names outside the cluster do not resolve, as nothing outside can be reached.
printf 'options ndots:5\n' > "$NODE_STATE/resolv.conf"
cat > "$NODE_STATE/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $NODE_CGROUP
address: $NODE_ADDR
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$PKI/ca.crt"}
authorization: {mode: Webhook}
tlsCertFile: "$PKI/$kubelet_cert.crt"
tlsPrivateKeyFile: "$PKI/$kubelet_cert.key"
clusterDomain: cluster.local
clusterDNS: ["$DNS_IP"]
resolvConf: "$NODE_STATE/resolv.conf"
podLogsDir: "$NODE_STATE/pod-logs"
failSwapOn: false
serializeImagePulls: false
evictionHard: {memory.available: "200Mi", nodefs.available: "2%", imagefs.available: "2%"}
imageGCHighThresholdPercent: 100
EOF
cat > "$NODE_STATE/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: "$STATE/kube-proxy.kubeconfig"}
hostnameOverride: $NODE
clusterCIDR: $CLUSTER_CIDR
bindAddress: $NODE_ADDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_ADDR/32"]
# Conntrack limits are the machine's, not the namespace's: leave them as they are.
conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF

# ---- containerd, kubelet, kube-proxy -------------------------------------------------------------------------
# A component that still runs is left as it is: a second one would find its ports taken.
export NS=$NODE_NETNS
running "${NODE_PREFIX}containerd" \
  || start "${NODE_PREFIX}containerd" /usr/bin/containerd --config "$NODE_STATE/containerd/config.toml"
await "${NODE_PREFIX}containerd" 30 ctr --address "$NODE_RUN/containerd.sock" version
"$(dirname "$0")/system-images.sh" "$NODE_RUN/containerd.sock"

running "${NODE_PREFIX}kubelet" || start "${NODE_PREFIX}kubelet" "$BIN/kubelet-$K8S_VERSION" --config="$NODE_STATE/kubelet.yaml" \
  --kubeconfig="$NODE_STATE/kubelet.kubeconfig" --container-runtime-endpoint="unix://$NODE_RUN/containerd.sock" \
  --node-ip="$NODE_ADDR" --hostname-override="$NODE" --root-dir="$NODE_STATE/kubelet"
# The node's pods get the range the controller-manager allocated it; the other nodes reach it through node 1.
pod_cidr() { kubectl get node "$NODE" -o jsonpath='{.spec.podCIDR}' | grep .; }
await "${NODE_PREFIX}kubelet" 90 pod_cidr
cidr=$(pod_cidr)
cat > "$NODE_STATE/cni/net.d/10-iris.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "iris",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "$NODE_STATE/cni/ipam",
              "ranges": [[{"subnet": "$cidr"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
if ((n > 1)); then in_netns ip route replace "$cidr" via "$NODE_ADDR"; fi
await "${NODE_PREFIX}kubelet" 90 kubectl wait --for=condition=Ready "node/$NODE" --timeout=5s
running "${NODE_PREFIX}kube-proxy" \
  || start "${NODE_PREFIX}kube-proxy" "$BIN/kube-proxy-$K8S_VERSION" --config="$NODE_STATE/kube-proxy.yaml"
await "${NODE_PREFIX}kube-proxy" 30 in_node curl -fsS http://127.0.0.1:10256/healthz
echo "cluster-up: node $NODE Ready at $NODE_ADDR (pods $cidr) in namespace $NODE_NETNS"
