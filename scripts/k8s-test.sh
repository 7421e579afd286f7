#!/usr/bin/env bash
# Smoke-tests the deployed API through its Service, with the first key of the cluster's Secret
# (its api-keys file: one key a line, `#` comments).
# Usage: k8s-test.sh [NAMESPACE]
set -euo pipefail
namespace=${1:-mlops}
port=18000
cd "$(dirname "$0")"

key=$(kubectl get secret iris-api-secrets -n "$namespace" -o jsonpath='{.data.api-keys}' | base64 -d \
  | sed '/^[[:space:]]*#/d; s/,/\n/g' | tr -d ' \t\r' | grep -m1 .)
kubectl port-forward -n "$namespace" service/iris-api-service "$port:8000" >/dev/null &
forward=$!
trap 'kill $forward' EXIT
for _ in $(seq 30); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health" && break
  sleep 1
done
./smoke-test.sh "http://127.0.0.1:$port" "$key"
