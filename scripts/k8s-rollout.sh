#!/usr/bin/env bash
# make k8s-promote / make k8s-rollback: runs the jar's promote or rollback against the cluster's
# MLflow server, from this machine, over kubectl port-forward. promote reads the challenger's live
# record from every API pod's /model (one forward per pod: each pod keeps its own record) and sums
# them; the key is the minikube key file's first key (or $API_KEY), passed in the environment.
# Usage: NAMESPACE=mlops JAR=app/target/iris-api.jar k8s-rollout.sh promote|rollback [ARGS...]
set -euo pipefail
command=${1:?usage: k8s-rollout.sh promote|rollback [ARGS...]}
shift
namespace=${NAMESPACE:-mlops}
jar=${JAR:-app/target/iris-api.jar}
keys=${KEYS_FILE:-deploy/overlays/minikube/api-keys}

forwards=()
cleanup() { for pid in "${forwards[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# Starts a port-forward to a free local port and sets $port once kubectl reports it (in this shell, not a
# subshell, so that the trap stops every forward).
forward() {
  local log
  log=$(mktemp)
  kubectl port-forward -n "$namespace" --address 127.0.0.1 "$1" ":$2" >"$log" 2>&1 &
  forwards+=($!)
  for _ in $(seq 100); do
    port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$log" | head -1 | cut -d: -f2 || true)
    if [ -n "$port" ]; then
      rm -f "$log"; return
    fi
    sleep 0.1
  done
  cat "$log" >&2; echo "k8s-rollout: no port-forward to $1" >&2; exit 1
}

forward service/mlflow-server-service 5000
args=(--tracking-uri "http://127.0.0.1:$port")
if [ "$command" = promote ]; then
  pods=$(kubectl get pods -n "$namespace" -o name --field-selector=status.phase=Running \
    -l app.kubernetes.io/name=iris-api,app.kubernetes.io/component=api)
  [ -n "$pods" ] || { echo "k8s-rollout: no running iris-api pod in $namespace" >&2; exit 1; }
  for pod in $pods; do
    forward "$pod" 8000
    args+=(--service "http://127.0.0.1:$port")
  done
  if [ -z "${API_KEY:-}" ] && [ -f "$keys" ]; then
    API_KEY=$(grep -v '^[[:space:]]*\(#\|$\)' "$keys" | head -1 | tr -d '[:space:]')
    export API_KEY
  fi
fi
java -jar "$jar" "$command" "${args[@]}" "$@"
