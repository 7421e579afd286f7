#!/usr/bin/env bash
# Imports the cluster's own images into a node's containerd (the one listening on SOCKET): the pause sandbox,
# CoreDNS and metrics-server, each one static binary built by build.sh, in an image made without any registry.
# Usage: system-images.sh SOCKET
set -euo pipefail
source "$(dirname "$0")/versions.sh"
socket=$1
dir=$STATE/images && mkdir -p "$dir"
image() { # image NAME TAG BINARY PATH
  [[ -f $dir/$1.tar ]] || python3 "$(dirname "$0")/image-archive.py" "$dir/$1.tar" "$2" "$3" "$4"
  ctr --address "$socket" -n k8s.io images import "$dir/$1.tar" >/dev/null
}
image pause "$PAUSE_IMAGE" "$BIN/pause-${PAUSE_IMAGE##*:}" /pause
image coredns "iris-cluster/coredns:$COREDNS_VERSION" "$BIN/coredns-$COREDNS_VERSION" /coredns
image metrics-server "iris-cluster/metrics-server:$METRICS_SERVER_VERSION" \
  "$BIN/metrics-server-$METRICS_SERVER_VERSION" /metrics-server
echo "cluster-up: system images imported into $socket"
