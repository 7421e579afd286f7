#!/usr/bin/env bash
# Makes sure a Docker engine answers. When none does, starts dockerd without a bridge network and
# without iptables rules (this machine's network is left as it is) and prints its PID, so that the
# caller can stop what it started; prints nothing when an engine was already running.
set -euo pipefail
docker info >/dev/null 2>&1 && exit 0
log=${DOCKERD_LOG:-/var/tmp/iris-api-image/dockerd.log}
mkdir -p "$(dirname "$log")"
dockerd --bridge=none --iptables=false > "$log" 2>&1 &
pid=$!
for _ in $(seq 60); do docker info >/dev/null 2>&1 && { echo "$pid"; exit 0; }; sleep 0.5; done
tail -20 "$log" >&2
echo "dockerd did not start (log: $log)" >&2
kill "$pid" 2>/dev/null
exit 1
