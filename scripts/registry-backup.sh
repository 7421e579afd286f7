#!/usr/bin/env bash
# Backs up or restores the model registry (database and artifacts) with scripts/registry_archive.py, run where the
# registry is: inside the cluster's MLflow pod (kubectl exec, the archive streamed through it), or here on a local
# directory.
# Usage: registry-backup.sh backup|restore FILE
#   NAMESPACE=mlops    the namespace of the cluster's MLflow server (kubectl's current context)
#   MLFLOW_DATA=DIR    a local registry instead, as `make mlflow-server` keeps it (./mlruns)
set -euo pipefail
usage="usage: registry-backup.sh backup|restore FILE"
action=${1:?$usage} file=${2:?$usage}
archive=$(dirname "$0")/registry_archive.py

where_the_registry_is() {
  if [ -n "${MLFLOW_DATA:-}" ]; then
    python3 "$archive" "$1" "$MLFLOW_DATA"
  else
    # The script goes as an argument: stdin carries the archive, and the pod's root filesystem is read-only.
    kubectl exec -i -n "${NAMESPACE:-mlops}" deployment/mlflow-server -c mlflow-server -- \
      python3 -c "$(cat "$archive")" "$1" /mlflow
  fi
}

case $action in
  backup)
    umask 077
    # Written aside and renamed: an interrupted backup never leaves a file that looks complete.
    where_the_registry_is backup > "$file.partial" || { rm -f "$file.partial"; exit 1; }
    mv "$file.partial" "$file"
    echo "backup written to $file" >&2 ;;
  restore)
    test -f "$file" || { echo "no backup at $file" >&2; exit 1; }
    where_the_registry_is restore < "$file" ;;
  *)
    echo "$usage" >&2; exit 2 ;;
esac
