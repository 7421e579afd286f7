#!/usr/bin/env bash
# make cluster-prometheus: runs the pinned Prometheus beside the local cluster, as a process in its network
# namespace, configured from the monitoring component as the Prometheus Operator would configure it
# (hack/prometheus-config.py): it discovers the API pods through the apiserver, scrapes their admin port and
# evaluates the component's rules. Its API answers on http://127.0.0.1:9090 inside the namespace.
# Usage: prometheus.sh PROMETHEUS_BINARY PYTHON (a Python with PyYAML) [NAMESPACE]
set -euo pipefail
source "$(dirname "$0")/versions.sh"
source "$(dirname "$0")/processes.sh"
usage="usage: prometheus.sh PROMETHEUS_BINARY PYTHON [NAMESPACE]"
prometheus=${1:?$usage} python=${2:?$usage} namespace=${3:-mlops}
[[ -f $STATE/kubeconfig ]] || { echo "cluster-prometheus: the cluster is not running (make cluster-up)" >&2; exit 1; }
if running prometheus; then echo "cluster-prometheus: already running"; exit 0; fi

config=$STATE/prometheus
mkdir -p "$config/data"
"$python" "$ROOT/hack/prometheus-config.py" "$config" --namespace "$namespace" --kubeconfig "$STATE/kubeconfig"
start prometheus "$prometheus" --config.file="$config/prometheus.yml" --storage.tsdb.path="$config/data" \
  --storage.tsdb.retention.time=2h --web.listen-address=127.0.0.1:9090
await prometheus 60 in_netns curl -fsS http://127.0.0.1:9090/-/ready
echo "cluster-prometheus: Prometheus running on 127.0.0.1:9090 in $NETNS, scraping namespace $namespace"
