#!/usr/bin/env bash
# make cluster-gateway: runs the pinned Traefik beside the local cluster, as a process in its network namespace, as
# the cluster's Gateway API implementation (its kubernetesgateway provider) after installing the Gateway API CRDs it
# watches. It serves the Gateways of class traefik on port 80 (a listener's port is matched to the entry point's);
# the address it publishes in their status is the node's. Usage: gateway.sh TRAEFIK_BINARY CRDS_DIR
set -euo pipefail
source "$(dirname "$0")/versions.sh"
source "$(dirname "$0")/processes.sh"
usage="usage: gateway.sh TRAEFIK_BINARY CRDS_DIR"
traefik=${1:?$usage} crds=${2:?$usage}
[[ -f $STATE/kubeconfig ]] || { echo "cluster-gateway: the cluster is not running (make cluster-up)" >&2; exit 1; }
if running traefik; then echo "cluster-gateway: already running"; exit 0; fi
export KUBECONFIG=$STATE/kubeconfig

kubectl apply --server-side --force-conflicts \
  $(printf -- '-f %s ' "$crds"/gateway.networking.k8s.io_*.yaml) >/dev/null
start traefik "$traefik" --log.level=INFO \
  --entryPoints.web.address=:80 --entryPoints.traefik.address=127.0.0.1:9080 --ping \
  --providers.kubernetesgateway --providers.kubernetesgateway.statusaddress.ip="$NODE_IP"
await traefik 60 in_netns curl -fsS http://127.0.0.1:9080/ping
echo "cluster-gateway: Traefik serving Gateway API routes on port 80 in $NETNS"
