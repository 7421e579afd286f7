#!/usr/bin/env bash
# make k8s-train: trains once in the cluster. Replaces the Job iris-train with one made from the
# template of the CronJob iris-train (the pods a scheduled run would start), waits until it has
# completed or failed, and prints its log: the run, the registered version, and whether the
# `champion` alias moved (only when the new version beats the current champion).
# Usage: NAMESPACE=mlops TRAIN_TIMEOUT=600 k8s-train.sh
set -euo pipefail
namespace=${NAMESPACE:-mlops}
timeout=${TRAIN_TIMEOUT:-600}

# A Job's pod template cannot change in place: the previous run is replaced, not re-applied.
kubectl delete job iris-train -n "$namespace" --ignore-not-found --wait=true
kubectl create job iris-train -n "$namespace" --from=cronjob/iris-train

condition() {
  kubectl get job iris-train -n "$namespace" -o jsonpath="{.status.conditions[?(@.type==\"$1\")].status}"
}
deadline=$((SECONDS + timeout))
until [ "$(condition Complete)" = True ]; do
  if [ "$(condition Failed)" = True ] || [ $SECONDS -ge $deadline ]; then
    kubectl describe job iris-train -n "$namespace" >&2
    kubectl logs job/iris-train -n "$namespace" --tail=100 >&2 || true
    echo "k8s-train: job iris-train did not complete (failed, or still running after ${timeout}s)" >&2
    exit 1
  fi
  sleep 2
done
kubectl logs job/iris-train -n "$namespace" --tail=100
echo "k8s-train: job iris-train completed"
