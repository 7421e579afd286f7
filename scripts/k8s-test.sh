#!/usr/bin/env bash
# Smoke-tests the deployed API through its Service, with the first key of the cluster's Secret (its
# api-keys file: one key a line, `#` comments): through the NodePort on the node's address when the
# Service has one (minikube, kind, the local cluster), else through a port-forward.
# Usage: k8s-test.sh [NAMESPACE]
set -euo pipefail
namespace=${1:-mlops}
cd "$(dirname "$0")"

key=$(kubectl get secret iris-api-secrets -n "$namespace" -o jsonpath='{.data.api-keys}' | base64 -d \
  | sed '/^[[:space:]]*#/d; s/,/\n/g' | tr -d ' \t\r' | grep -m1 .)
node_port=$(kubectl get service iris-api-service -n "$namespace" -o jsonpath='{.spec.ports[?(@.name=="http")].nodePort}')
if [[ -n $node_port ]]; then
  node_ip=$(kubectl get nodes -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}')
  base=http://$node_ip:$node_port
else
  port=18000
  kubectl port-forward -n "$namespace" service/iris-api-service "$port:http" >/dev/null &
  forward=$!
  trap 'kill $forward' EXIT
  base=http://127.0.0.1:$port
fi
echo "k8s-test: $base"
for _ in $(seq 30); do
  curl -fsS -o /dev/null "$base/health" && break
  sleep 1
done
./smoke-test.sh "$base" "$key"
