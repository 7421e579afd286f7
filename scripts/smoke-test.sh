#!/usr/bin/env bash
# Checks a running iris-api: /health reports a loaded model, /predict refuses a request
# without the key and classifies a setosa with it.  Usage: smoke-test.sh BASE_URL API_KEY
set -euo pipefail
base=${1:?usage: smoke-test.sh BASE_URL API_KEY}
key=${2:?usage: smoke-test.sh BASE_URL API_KEY}
setosa='{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}'

field() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }

health=$(curl -fsS "$base/health")
echo "GET /health -> $health"
[ "$(field '["model_loaded"]' <<<"$health")" = True ]

status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/predict" \
  -H 'Content-Type: application/json' -d "$setosa")
echo "POST /predict without key -> $status"
[ "$status" = 401 ] || [ "$status" = 403 ]

prediction=$(curl -fsS -X POST "$base/predict" -H 'Content-Type: application/json' \
  -H "X-API-Key: $key" -d "$setosa")
echo "POST /predict -> $prediction"
[ "$(field '["prediction"]' <<<"$prediction")" = setosa ]
echo "smoke test passed"
