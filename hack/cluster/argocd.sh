#!/usr/bin/env bash
# make cluster-argocd: runs Argo CD beside the local cluster, as processes in its network namespace (the
# application controller, the ApplicationSet controller, the repo server and Redis), and serves a git
# repository of the project there (git daemon on the node's address, git://$NODE_IP/iris-api.git, branch
# main: the working tree's tracked files as they are now). Nothing of it runs in a pod, so no Argo CD image
# is needed. The project's own AppProject and ApplicationSet are for the caller to apply (tests/e2e does).
# Usage: argocd.sh KUSTOMIZE_BINARY CRD_FOLDER (hack/cluster/crds.sh fills it)
set -euo pipefail
source "$(dirname "$0")/versions.sh"
source "$(dirname "$0")/processes.sh"
kustomize=${1:?usage: argocd.sh KUSTOMIZE_BINARY CRD_FOLDER} crds=${2:?usage: argocd.sh KUSTOMIZE_BINARY CRD_FOLDER}
export KUBECONFIG=$STATE/kubeconfig
[[ -f $KUBECONFIG ]] || { echo "cluster-argocd: the cluster is not running (make cluster-up)" >&2; exit 1; }
if running argocd-applicationset-controller; then echo "cluster-argocd: already running"; exit 0; fi
"$(dirname "$0")/build.sh" argocd
# What a run that failed half-way left.
for name in argocd-application-controller argocd-repo-server redis git-daemon; do stop "$name"; done

# The components choose their role by the name they are called by.
argocd_bin=$TOOLS/argocd-$ARGOCD_VERSION
mkdir -p "$argocd_bin"
for role in argocd-application-controller argocd-applicationset-controller argocd-repo-server; do
  ln -sf "$BIN/argocd-$ARGOCD_VERSION" "$argocd_bin/$role"
done

# ---- The repository Argo CD pulls from ------------------------------------------------------------------
git_root=$STATE/git && repo=$git_root/iris-api.git
rm -rf "$repo" && mkdir -p "$git_root"
git init -q --bare -b main "$repo"
snapshot=$(git -C "$ROOT" stash create 2>/dev/null || true)
git -C "$ROOT" push -q "$repo" "${snapshot:-HEAD}:refs/heads/main"
start git-daemon git daemon --reuseaddr --base-path="$git_root" --export-all --listen="$NODE_IP" --port=9418 "$git_root"
await git-daemon 20 in_netns git ls-remote "git://$NODE_IP/iris-api.git" main

# ---- Argo CD's objects: its CRDs, namespace and settings -------------------------------------------------
kubectl apply --server-side --force-conflicts -f "$crds" >/dev/null
# Retried: kubectl wait fails at once, not waits, while a new CRD has no status yet.
await argocd-crds 60 kubectl wait --for=condition=Established crd/applications.argoproj.io \
  crd/applicationsets.argoproj.io crd/appprojects.argoproj.io --timeout=5s
kubectl get namespace argocd >/dev/null 2>&1 || kubectl create namespace argocd >/dev/null
kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-cm, namespace: argocd, labels: {app.kubernetes.io/part-of: argocd}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-rbac-cm, namespace: argocd, labels: {app.kubernetes.io/part-of: argocd}}
---
apiVersion: v1
kind: Secret
metadata: {name: argocd-secret, namespace: argocd, labels: {app.kubernetes.io/part-of: argocd}}
stringData:
  server.secretkey: "$(openssl rand -hex 32)"
EOF

# ---- The components ---
# Their settings folders (/app/config/... in Argo CD's image) are the cluster's; GnuPG verification is off.
config=$STATE/argocd-config
mkdir -p "$config"/{ssh,tls,gpg/source,gpg/keys}
# Outside a pod, "in-cluster" (https://kubernetes.default.svc) means the cluster of KUBECONFIG.
export ARGOCD_FAKE_IN_CLUSTER=true
# Git is polled, and a branch's head cached, for 15 s (the default is 3 min): a commit shows within a test's patience.
export ARGOCD_RECONCILIATION_TIMEOUT=15s
export ARGOCD_GPG_ENABLED=false ARGOCD_SSH_DATA_PATH=$config/ssh ARGOCD_TLS_DATA_PATH=$config/tls \
  ARGOCD_GPG_DATA_PATH=$config/gpg/source ARGOCD_GNUPGHOME=$config/gpg/keys
start redis /usr/bin/redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no
await redis 20 in_netns redis-cli -h 127.0.0.1 -p 6379 ping
# The repo server renders with the project's pinned kustomize and works in a folder of the cluster's.
mkdir -p "$STATE/argocd-repo"
start argocd-repo-server env PATH="$(dirname "$kustomize"):$PATH" TMPDIR="$STATE/argocd-repo" \
  "$argocd_bin/argocd-repo-server" --redis 127.0.0.1:6379 --address 127.0.0.1 --port 8081 --disable-tls \
  --metrics-address 127.0.0.1 --metrics-port 8084
await argocd-repo-server 60 in_netns curl -fsS http://127.0.0.1:8084/metrics
start argocd-application-controller "$argocd_bin/argocd-application-controller" --namespace argocd \
  --repo-server 127.0.0.1:8081 --repo-server-plaintext --redis 127.0.0.1:6379 \
  --metrics-port 8082 --commit-server 127.0.0.1:8086
await argocd-application-controller 60 in_netns curl -fsS http://127.0.0.1:8082/metrics
start argocd-applicationset-controller "$argocd_bin/argocd-applicationset-controller" --namespace argocd \
  --argocd-repo-server 127.0.0.1:8081 --repo-server-plaintext --metrics-addr 127.0.0.1:8087 \
  --probe-addr 127.0.0.1:8088 --webhook-addr 127.0.0.1:7000
await argocd-applicationset-controller 60 in_netns curl -fsS http://127.0.0.1:8087/metrics
echo "cluster-argocd: Argo CD $ARGOCD_VERSION running; repository git://$NODE_IP/iris-api.git (branch main)"
