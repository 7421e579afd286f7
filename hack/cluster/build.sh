#!/usr/bin/env bash
# Builds the local cluster's programs into .tools/cluster/bin from pinned sources: Kubernetes, CoreDNS,
# metrics-server and Argo CD from the Go module proxy, the pause image's program from Kubernetes' own
# source. Nothing is patched. Each binary is built once per version; a rerun only checks.
# Usage: build.sh (the cluster's programs) | build.sh argocd (Argo CD, for make cluster-argocd)
set -euo pipefail
source "$(dirname "$0")/versions.sh"
mkdir -p "$BIN" "$TOOLS/src"
export GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0

log() { echo "cluster-build: $*"; }

# A writable copy of a module whose go.mod builds only from inside the module.
source_copy() {
  local module=$1 dest=$2
  if [[ ! -f $dest/.copied ]]; then
    rm -rf "$dest"
    cp -r "$(module_dir "$module")" "$dest"
    chmod -R u+w "$dest"
    touch "$dest/.copied"
  fi
}

# Argo CD: one multi-call binary (it acts as the component its argv[0] names).
if [[ ${1:-} == argocd ]]; then
  argocd_out=$BIN/argocd-$ARGOCD_VERSION
  [[ -x $argocd_out ]] && exit 0
  log "building Argo CD $ARGOCD_VERSION (several minutes on a cold cache)"
  argocd_src=$TOOLS/src/argo-cd-$ARGOCD_VERSION
  source_copy "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION" "$argocd_src"
  (cd "$argocd_src" && go build -trimpath -ldflags "-s -w -X github.com/argoproj/argo-cd/v3/common.version=${ARGOCD_VERSION#v}" \
    -o "$argocd_out.tmp" ./cmd) && mv "$argocd_out.tmp" "$argocd_out"
  exit 0
fi

# Kubernetes: its go.mod points the k8s.io/* staging modules at folders of the monorepo; each is published
# at the matching v0 version, so the replaces point there instead.
k8s_src=$TOOLS/src/kubernetes-$K8S_VERSION
if [[ ! -f $k8s_src/.copied ]]; then
  log "preparing Kubernetes $K8S_VERSION"
  source_copy "k8s.io/kubernetes@$K8S_VERSION" "$k8s_src"
  rm -rf "$k8s_src/vendor" "$k8s_src/go.work" "$k8s_src/go.work.sum"
  staging=v0${K8S_VERSION#v1}
  sed -i -E "s#(k8s.io/[a-z0-9-]+) => ./staging/src/k8s.io/[a-z0-9-]+#\1 => \1 $staging#" "$k8s_src/go.mod"
fi
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
  out=$BIN/$cmd-$K8S_VERSION
  [[ -x $out ]] && continue
  log "building $cmd $K8S_VERSION"
  (cd "$k8s_src" && go build -trimpath -ldflags "$ldflags" -o "$out.tmp" "./cmd/$cmd") && mv "$out.tmp" "$out"
done

install_tool() {
  local name=$1 package=$2 version=$3 out=$BIN/$1-$3
  [[ -x $out ]] && return
  log "building $name $version"
  local tmp; tmp=$(mktemp -d)
  GOFLAGS= GOBIN=$tmp go install -trimpath -ldflags "-s -w" "$package@$version"
  mv "$tmp/$name" "$out"; rm -rf "$tmp"
}
install_tool coredns github.com/coredns/coredns "$COREDNS_VERSION"
install_tool metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server "$METRICS_SERVER_VERSION"

# The pause program of the sandbox image, from Kubernetes' own source (static C).
pause_out=$BIN/pause-${PAUSE_IMAGE##*:}
if [[ ! -x $pause_out ]]; then
  log "building pause"
  gcc -Os -static -DVERSION="${PAUSE_IMAGE##*:}" -o "$pause_out" "$k8s_src/build/pause/linux/pause.c"
  strip "$pause_out"
fi
# The names users type, for cluster-shell's PATH.
mkdir -p "$TOOLS/path"
ln -sf "$BIN/kubectl-$K8S_VERSION" "$TOOLS/path/kubectl"
log "done: $(ls "$BIN" | tr '\n' ' ')"
