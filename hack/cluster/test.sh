#!/usr/bin/env bash
# make cluster-test: the delivery end to end on the local cluster. Up (building what is missing), load the
# images (and a second tag of the API image for the GitOps test's image bump), start Argo CD, Prometheus and the
# gateway (Traefik) beside it, run tests/e2e inside the namespace, tear down (always, on failure too), then check
# that the teardown left nothing. Prints each phase's time; exits non-zero on any failure.
set -uo pipefail
source "$(dirname "$0")/versions.sh"
cd "$ROOT"
started=$SECONDS
phase() { echo "cluster-test: $1 done at $((SECONDS - started)) s"; }
leftovers=$TOOLS/last-cluster-pids
teardown() {
  # What the teardown must remove, read before it runs: the test after it looks for these.
  cat "$STATE"/pids/*.pid "$RUN"/containerd/io.containerd.runtime.v2.task/*/*/shim.pid \
    "$RUN"/node*/containerd/io.containerd.runtime.v2.task/*/*/shim.pid 2>/dev/null > "$leftovers"
  find /sys/fs/cgroup/*/"${CGROUP_ROOT#/}" -name cgroup.procs -exec cat {} + 2>/dev/null >> "$leftovers"
  make --no-print-directory cluster-down
}
trap teardown EXIT

# The GitOps test's image bump: a second tag of the API image on every node.
tag_bump() {
  local socket
  for socket in $(node_sockets); do
    ctr --address "$socket" -n k8s.io images tag docker.io/library/iris-api:local docker.io/library/iris-api:bump \
      >/dev/null || return 1
  done
}

status=0
# The packaged jar too: the rollout steps train, promote and roll back with it from outside the pods, as users do.
make --no-print-directory build && phase jar \
  && make --no-print-directory cluster-up && phase up \
  && make --no-print-directory cluster-load && phase load \
  && tag_bump \
  && make --no-print-directory cluster-argocd && phase argocd \
  && make --no-print-directory cluster-prometheus && phase prometheus \
  && make --no-print-directory cluster-gateway && phase gateway \
  && hack/cluster/shell.sh env E2E_CRDS="$TOOLS/e2e-crds" E2E_ARGOCD=1 E2E_PROMETHEUS=http://127.0.0.1:9090 \
       E2E_GATEWAY="http://$NODE_IP:80" \
       E2E_LOST_NODE=iris-node2 E2E_NODE_KILL="hack/cluster/node.sh kill 2" E2E_NODE_RESTORE="hack/cluster/node.sh up 2" \
       make --no-print-directory e2e-test E2E_ARGS="-ra -s" || status=1
phase "end-to-end suite (status $status)"
trap - EXIT
teardown
phase down
E2E_AFTER_DOWN=$leftovers make --no-print-directory e2e-test E2E_TESTS=tests/e2e/test_99_teardown.py E2E_ARGS=-ra \
  || status=1
echo "cluster-test: $((SECONDS - started)) s in all, status $status"
exit $status
