#!/usr/bin/env bash
# make cluster-load: builds the images the overlays run from the project's own Dockerfiles, on the local
# base images of hack/image-base.sh, and imports them into every node's containerd under the names the
# manifests use: iris-api:local (the minikube overlay's) and the MLflow server at the manifests' tag.
# Nothing is pulled; the builds reach only the package registries.
set -euo pipefail
source "$(dirname "$0")/versions.sh"
cd "$ROOT"
[[ -S $RUN/containerd.sock ]] || { echo "cluster-load: the cluster is not running (make cluster-up)" >&2; exit 1; }
mkdir -p "$STATE/images"
started=$(hack/docker-engine.sh)
trap '[[ -n $started ]] && kill "$started"' EXIT
eval "$(hack/image-base.sh python)"

api_image=iris-api:local
mlflow_image=$(grep -ho 'image: ghcr.io/mlflow/mlflow:v[0-9.]*' deploy/base/mlflow/deployment.yaml | awk '{print $2}')
mlflow_version=${mlflow_image##*:v}

t0=$SECONDS
make --no-print-directory image IMAGE="$api_image" \
  IMAGE_BUILD_ARGS="--network host --build-arg BUILD_IMAGE=$BUILD_BASE --build-arg RUNTIME_IMAGE=$JRE_BASE" \
  > "$STATE/images/iris-api.build.log" 2>&1 || { tail -30 "$STATE/images/iris-api.build.log"; exit 1; }
echo "cluster-load: built $api_image ($((SECONDS - t0)) s)"
t0=$SECONDS
docker build --network host -f docker/mlflow-server.Dockerfile --build-arg PYTHON_IMAGE="$PYTHON_BASE" \
  --build-arg MLFLOW_VERSION="$mlflow_version" -t "$mlflow_image" docker \
  > "$STATE/images/mlflow.build.log" 2>&1 || { tail -30 "$STATE/images/mlflow.build.log"; exit 1; }
echo "cluster-load: built $mlflow_image ($((SECONDS - t0)) s)"

for image in "$api_image" "$mlflow_image"; do
  docker save "$image" > "$STATE/images/load.tar"
  for socket in $(node_sockets); do
    ctr --address "$socket" -n k8s.io images import "$STATE/images/load.tar" >/dev/null
  done
  echo "cluster-load: imported $image into $(node_sockets | wc -l) node(s)"
done
rm -f "$STATE/images/load.tar"
