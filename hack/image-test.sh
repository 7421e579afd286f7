#!/usr/bin/env bash
# make image-test: build the image from the Dockerfile and run it as the rendered minikube
# Deployment runs it (UID, read-only root, capabilities, /tmp, memory limit, env, the API key file
# mounted read-only in the kubelet's layout), then check
# that it starts, becomes ready, predicts, is not root, writes only to /tmp and stops cleanly
# on SIGTERM with requests in flight. Ends with "image-test: N passed, N failed".
#
# Works on a machine that reaches no image registry: the engine runs without a bridge
# network and the base images are local stand-ins (hack/image-base.sh); only the
# Dockerfile's base-image build arguments differ from a real build. The build uses the host's
# network (Maven Central); the container gets a network namespace of its own with nothing but
# loopback, like a pod's, and is probed from inside it (nsenter): no clash with servers on the
# machine's ports 8000/8081, and no traffic can leave.
#
# Settings (environment): KUSTOMIZE (binary; installed pinned if unset), IMAGE_TEST_OVERLAY
# (default deploy/overlays/minikube), IMAGE_TEST_TAG (tag to build), KEEP_DOCKERD=1 (leave an engine
# this script started running).
set -uo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE_TEST_TAG:-iris-api:image-test}
OVERLAY=${IMAGE_TEST_OVERLAY:-deploy/overlays/minikube}
DEPLOYMENT=iris-api CONTAINER=iris-api
KUSTOMIZE_VERSION=v5.8.1            # the version the Makefile's tools target pins
WORK=${IMAGE_WORKDIR:-/var/tmp/iris-api-image}
NAME=iris-api-image-test-$$
WORKERS=4                           # concurrent clients during the SIGTERM check

passed=0 failed=0 started_dockerd= workers=()
tmp=$(mktemp -d)                    # holds the env-file with the key: removed at exit
mkdir -p "$WORK"

log()  { echo "image-test: $*"; }
ok()   { echo "PASS $*"; passed=$((passed + 1)); }
bad()  { echo "FAIL $*"; failed=$((failed + 1)); }
summary() { echo "image-test: $passed passed, $failed failed"; }
die()  { bad "$*"; summary; exit 1; }
now()  { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

cleanup() {
  rm -f "$tmp/load"
  ((${#workers[@]})) && kill "${workers[@]}" 2>/dev/null
  docker rm -f "$NAME" >/dev/null 2>&1
  rm -rf "$tmp"
  if [[ -n "$started_dockerd" && -z "${KEEP_DOCKERD:-}" ]]; then
    kill "$started_dockerd" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.2; done
  fi
}
trap cleanup EXIT

# ---- Tools: Debian packages, the engine, kustomize --------------------------------------
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
/usr/bin/python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q && apt-get install -y -q "${missing[@]}"; } \
    > "$WORK/apt.log" 2>&1 || { tail -20 "$WORK/apt.log"; die "apt-get install ${missing[*]}"; }
fi

started_dockerd=$(DOCKERD_LOG=$WORK/dockerd.log hack/docker-engine.sh) || die "dockerd did not start"

if [[ -z "${KUSTOMIZE:-}" || ! -x "$KUSTOMIZE" ]]; then
  KUSTOMIZE=$PWD/.tools/kustomize-$KUSTOMIZE_VERSION/kustomize
  [[ -x "$KUSTOMIZE" ]] || GOBIN=$(dirname "$KUSTOMIZE") \
    go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" || die "installing kustomize"
fi

# ---- What the Deployment says --------------------------------------------------------------
"$KUSTOMIZE" build "$OVERLAY" > "$tmp/rendered.yaml" || die "kustomize build $OVERLAY"
umask 077
/usr/bin/python3 hack/pod-run-args.py "$DEPLOYMENT" "$CONTAINER" "$tmp" < "$tmp/rendered.yaml" \
  || die "reading the $DEPLOYMENT Deployment from $OVERLAY"
umask 022
# shellcheck source=/dev/null
source "$tmp/run.sh"
log "docker run ${RUN_ARGS[*]} --env-file (the Deployment's env) $IMAGE ${CMD_ARGS[*]}"

# ---- Build: the project's Dockerfile, only the base images overridden -----------------------
eval "$(hack/image-base.sh)" || die "making the local base images"
t0=$(now)
if docker build --network host --force-rm \
    --build-arg BUILD_IMAGE="$BUILD_BASE" --build-arg RUNTIME_IMAGE="$JRE_BASE" \
    -t "$IMAGE" . > "$WORK/build.log" 2>&1; then
  ok "image builds from the Dockerfile ($(since "$t0") s; log $WORK/build.log)"
else
  tail -30 "$WORK/build.log"; die "docker build (log $WORK/build.log)"
fi
size_mb=$(( $(docker image inspect -f '{{.Size}}' "$IMAGE") / 1000000 ))
log "image $IMAGE: $size_mb MB (base $JRE_BASE: $(( $(docker image inspect -f '{{.Size}}' "$JRE_BASE") / 1000000 )) MB)"

# runAsNonRoot can only verify a numeric USER; the runtime stage must carry no build tools.
user=$(docker image inspect -f '{{.Config.User}}' "$IMAGE")
tools=$(docker run --rm --network none --entrypoint /bin/sh "$IMAGE" -c 'command -v javac mvn jlink' 2>&1)
if [[ "${user%%:*}" =~ ^[0-9]+$ && "${user%%:*}" != 0 && -z "$tools" ]]; then
  ok "image: numeric non-root USER $user, a JRE without javac/mvn/jlink"
else
  bad "image: USER '$user' (want numeric, not 0); build tools present: ${tools:-none}"
fi

# ---- Run as the pod runs ---------------------------------------------------------------------
url="http://127.0.0.1:$READY_PORT"
# curl in the container's network namespace (its loopback), with the host's curl.
ccurl() { nsenter -t "$pid" -n curl "$@"; }
# code URL TIMEOUT [curl options]: the HTTP status, 000 when nothing answered.
code() { local u=$1 t=$2; shift 2; ccurl -s -o /dev/null -w '%{http_code}' --max-time "$t" "$@" "$u" 2>/dev/null; }
predict() {
  ccurl -s -o "${1:-/dev/null}" -w '%{http_code}' --max-time 10 -X POST "$url/predict" \
    -H "X-API-Key: $API_KEY_FOR_TEST" -H 'Content-Type: application/json' \
    -d '{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}'
}

t0=$(now)
docker run -d --name "$NAME" --network none "${RUN_ARGS[@]}" --env-file "$tmp/env" \
  "$IMAGE" "${CMD_ARGS[@]}" > /dev/null || die "docker run"
pid=$(docker inspect -f '{{.State.Pid}}' "$NAME")
ready=
while awk -v s="$(since "$t0")" 'BEGIN { exit !(s < 120) }'; do   # as long as the startup probe allows
  [[ $(code "$url$READY_PATH" 2) == 200 ]] && { ready=$(since "$t0"); break; }
  [[ $(docker inspect -f '{{.State.Running}}' "$NAME") == true ]] || break
  sleep 0.1
done
if [[ -n "$ready" ]]; then
  ok "starts and is ready ($READY_PATH on $READY_PORT) $ready s after docker run"
else
  docker logs --tail 40 "$NAME" 2>&1; die "not ready within 120 s (state: $(docker inspect -f '{{.State.Status}} exit {{.State.ExitCode}}' "$NAME"))"
fi

# The JVM starts without an AppCDS archive it cannot use, silently, only slower: it must be mapped. And like
# the jar, it is root's and read-only.
archive=$(docker run --rm --network none --entrypoint stat "$IMAGE" -c '%U:%G %a' /app/iris-api.jsa 2>&1)
if grep -q ' /app/iris-api\.jsa$' "/proc/$pid/maps" && [[ $archive == "root:root 444" ]]; then
  ok "the JVM maps the AppCDS archive /app/iris-api.jsa ($archive)"
else
  bad "AppCDS archive: $(grep -c 'iris-api\.jsa$' "/proc/$pid/maps") mappings (want some); owner, mode: $archive (want root:root 444)"
fi

status=$(predict "$tmp/predict.json")
unauth=$(code "$url/predict" 5 -X POST -H 'Content-Type: application/json' -d '{}')
if [[ $status == 200 ]] && jq -e '.prediction | strings' "$tmp/predict.json" >/dev/null && [[ $unauth == 401 ]]; then
  ok "POST /predict with the key: $(jq -c '{prediction, model_version}' "$tmp/predict.json"); without: 401"
else
  bad "POST /predict: $status $(head -c 300 "$tmp/predict.json"); without a key: $unauth (want 401)"
fi

# The process as the kernel sees it, from the host: user, capabilities, no-new-privileges.
# Without runAsUser in the Deployment, the image's USER is what runs.
[[ -n "$RUN_AS_UID" ]] || RUN_AS_UID=${user%%:*}
proc=$(grep -E '^(Uid|Gid|CapEff|NoNewPrivs):' "/proc/$pid/status" | tr -s '\t' ' ')
top_uids=$(docker top "$NAME" -eo pid,uid | awk 'NR > 1 { print $2 }' | sort -u | tr '\n' ' ')
if grep -qx "Uid: $RUN_AS_UID $RUN_AS_UID $RUN_AS_UID $RUN_AS_UID" <<<"$proc" && [[ $RUN_AS_UID != 0 ]] \
   && grep -qx 'CapEff: 0000000000000000' <<<"$proc" && grep -qx 'NoNewPrivs: 1' <<<"$proc" \
   && [[ $top_uids == "$RUN_AS_UID " ]]; then
  ok "process runs as UID $RUN_AS_UID, no capabilities, no-new-privileges (docker top: $top_uids)"
else
  bad "process: $(tr '\n' ';' <<<"$proc") docker top uids: $top_uids (want $RUN_AS_UID, not root, no capabilities)"
fi

# The heap is sized from the container's memory limit (MaxRAMPercentage), not the machine's.
heap=$(ccurl -s --max-time 5 "http://127.0.0.1:$ADMIN_PORT/metrics" | jq -r '.gauges["jvm.memory.heap.max"].value // empty')
if [[ -n "$heap" && $MEMORY_LIMIT -gt 0 && $heap -gt 0 && $heap -lt $MEMORY_LIMIT ]]; then
  ok "JVM max heap $((heap / 1048576)) MiB within the $((MEMORY_LIMIT / 1048576)) MiB limit"
else
  bad "JVM max heap '${heap:-unknown}' against memory limit $MEMORY_LIMIT"
fi

# ---- SIGTERM with requests in flight -------------------------------------------------------------
# Clients keep predicting from before SIGTERM until 2 s after it. The contract: readiness turns
# 503 at once, serving goes on for the shutdown wait period (10 s), then Jetty drains and the
# JVM exits. A JVM that ends on SIGTERM after its shutdown hooks exits 128+15 = 143: that is the
# clean exit (0 would need System.exit in the app; 137 means the grace period ran out: SIGKILL).
touch "$tmp/load"
for w in $(seq "$WORKERS"); do
  ( for _ in $(seq 300); do [[ -e "$tmp/load" ]] || break; predict >> "$tmp/codes.$w"; echo >> "$tmp/codes.$w"; done ) &
  workers+=($!)
done
sleep 1
t0=$(now)
docker stop -t "$GRACE" "$NAME" > /dev/null &
stopper=$!
unready=
for _ in $(seq 30); do
  [[ $(code "$url$READY_PATH" 1) == 503 ]] && { unready=$(since "$t0"); break; }
  sleep 0.1
done
sleep 2; rm -f "$tmp/load"; wait "${workers[@]}"
wait "$stopper"; stopped=$(since "$t0")

if [[ -n "$unready" ]]; then ok "readiness turns 503 ${unready} s after SIGTERM"
else bad "readiness did not turn 503 within 3 s of SIGTERM"; fi

total=$(cat "$tmp"/codes.* | grep -c .) failures=$(cat "$tmp"/codes.* | grep -vc '^200$')
if [[ $failures == 0 && $total -gt 0 ]]; then
  ok "$total requests from $WORKERS clients across SIGTERM, none failed"
else
  bad "$failures of $total requests across SIGTERM failed: $(cat "$tmp"/codes.* | sort | uniq -c | tr -s ' \n' ' ')"
fi

exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$NAME")
oom=$(docker inspect -f '{{.State.OOMKilled}}' "$NAME")
if [[ $exit_code == 143 && $oom == false ]] && awk -v s="$stopped" -v g="$GRACE" 'BEGIN { exit !(s < g) }'; then
  ok "stops on SIGTERM with exit code 143 in $stopped s (grace period $GRACE s)"
else
  bad "stop: exit code $exit_code (want 143), OOM-killed $oom, took $stopped s (grace $GRACE s)"
fi

# Checked last, over the whole life of the container: /tmp is a tmpfs, so it never shows here; nor do the
# mount points Docker itself makes for the Secret volumes (a kubelet makes them outside the image too).
changes=$(docker diff "$NAME" | while read -r kind path; do
  for ((i = 0; i < ${#MOUNTS[@]}; i += 2)); do
    [[ ${MOUNTS[i]} == "$path" || ${MOUNTS[i]} == "$path"/* ]] && continue 2
  done
  echo "$kind $path"
done)
if [[ -z "$changes" ]]; then ok "wrote nowhere but /tmp (docker diff is empty)"
else bad "wrote outside /tmp: $(head -20 <<<"$changes" | tr '\n' ' ')"; fi

# The application's own log lines, without the access log.
((failed)) && { echo "--- container log"; docker logs "$NAME" 2>&1 | grep -v '"uri":' | tail -40; }
log "measured: image $size_mb MB, ready ${ready:-?} s after docker run, stop ${stopped:-?} s"
summary
((failed == 0))
