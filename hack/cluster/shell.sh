#!/usr/bin/env bash
# make cluster-shell [CMD=...]: a shell (or CMD) in the network namespace iris-cluster, with the
# cluster's kubectl first on PATH and KUBECONFIG set, so the k8s-* targets work there unchanged.
set -euo pipefail
source "$(dirname "$0")/versions.sh"
[[ -f $STATE/kubeconfig ]] || { echo "cluster-shell: no cluster running (make cluster-up)" >&2; exit 1; }
(($#)) || set -- bash
cd "$ROOT"
exec nsenter --net="/run/netns/$NETNS" -- env KUBECONFIG="$STATE/kubeconfig" PATH="$TOOLS/path:$PATH" "$@"
