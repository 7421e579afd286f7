#!/usr/bin/env bash
# Contract test between the manifests and the service: starts the built jar with exactly the
# environment the rendered minikube Deployment gives its container (ConfigMap, env) and its
# Secret volume (the API key file, in the kubelet's layout), on this machine's loopback, then
# probes the ports and paths of the Deployment's startup, liveness and readiness probes and its
# Prometheus annotations, predicts with the Secret's key, rotates the key as the kubelet updates
# a mounted Secret (no restart), and checks that SIGTERM turns readiness off and the JVM exits
# within the pod's grace period.
# Usage: contract-test.sh JAR   (env: KUSTOMIZE, PY = a python with PyYAML; make contract-test sets both)
set -euo pipefail
jar=$(realpath "${1:?usage: contract-test.sh JAR}")
cd "$(dirname "$0")/../.."
kustomize=${KUSTOMIZE:?set KUSTOMIZE to a kustomize binary}
py=${PY:?set PY to a python with PyYAML}
work=$(mktemp -d)
app=
cleanup() {
  [ -n "$app" ] && kill -9 "$app" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$kustomize" build deploy/overlays/minikube > "$work/rendered.yaml"

# The container as the rendered pod defines it (hack/pod-run-args.py, which `make image-test`
# uses too): its environment, and its Secret volume laid out as the kubelet lays it out.
"$py" hack/pod-run-args.py iris-api iris-api "$work" < "$work/rendered.yaml"
# shellcheck source=/dev/null
source "$work/run.sh"
# No container here: mount paths in the environment point at the volumes' directories on this machine.
for ((i = 0; i < ${#MOUNTS[@]}; i += 2)); do
  sed -i "s|=${MOUNTS[i]}/|=${MOUNTS[i + 1]}/|" "$work/env"
done

# Writes probes.txt (name port path period failures) and grace.txt, read from the rendered
# objects, never restated here.
"$py" - "$work" <<'PYTHON'
import pathlib, sys, yaml
work = pathlib.Path(sys.argv[1])
docs = [d for d in yaml.safe_load_all((work / "rendered.yaml").read_text()) if d]
get = lambda kind, name: next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)
deployment = get("Deployment", "iris-api")
pod = deployment["spec"]["template"]
[container] = pod["spec"]["containers"]
ports = {p["name"]: p["containerPort"] for p in container["ports"]}
port = lambda p: ports.get(p, p)
lines = []
for name in ("startupProbe", "livenessProbe", "readinessProbe"):
    probe = container[name]
    get_ = probe["httpGet"]
    lines.append(f"{name} {port(get_['port'])} {get_['path']} {probe.get('periodSeconds', 10)} {probe.get('failureThreshold', 3)}")
meta = pod["metadata"]["annotations"]
lines.append(f"prometheus {meta['prometheus.io/port']} {meta['prometheus.io/path']} 1 10")
(work / "probes.txt").write_text("\n".join(lines) + "\n")
grace = pod["spec"]["terminationGracePeriodSeconds"] - container["lifecycle"]["preStop"]["sleep"]["seconds"]
(work / "grace.txt").write_text(f"{grace}\n")
PYTHON

mapfile -t env < "$work/env"
key=$API_KEY_FOR_TEST
echo "environment from the rendered pod: $(cut -d= -f1 "$work/env" | tr '\n' ' ')"
while read -r port; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is already in use on this machine" >&2; exit 1
  fi
done < <(awk '{print $2}' "$work/probes.txt" | sort -u)

# Only the pod's variables: no inherited JAVA_HOME, PATH or anything else; the image's JVM options.
env -i "${env[@]}" "$(command -v java)" @docker/jvm.options -jar "$jar" server > "$work/app.log" 2>&1 &
app=$!

status_of() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2" || true; }
failed=0
while read -r name port path period failures; do
  # Wait as long as the kubelet would before giving up on this probe.
  deadline=$((SECONDS + period * failures + 30))
  until [ "$(status_of "$port" "$path")" = 200 ]; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$app" 2>/dev/null; then
      echo "FAIL $name: http://127.0.0.1:$port$path never answered 200" >&2; failed=1; break
    fi
    sleep 1
  done
  [ $failed = 0 ] && echo "ok   $name: http://127.0.0.1:$port$path -> 200"
  [ $failed = 0 ] || break
done < "$work/probes.txt"

if [ $failed = 0 ]; then
  scripts/smoke-test.sh http://127.0.0.1:8000 "$key" || failed=1
fi

# Key rotation as the kubelet delivers an updated Secret: a new timestamped directory, then ..data
# swapped to it in one rename. Add a key beside the old one, then remove the old: each change must
# take effect within 10 s, without a restart.
secret_dir=$(dirname "$API_KEY_FILE_HERE")
kubelet_update() {
  local data="..$(date +%Y_%m_%d_%H_%M_%S.%N)"
  mkdir "$secret_dir/$data"
  printf '%s\n' "$@" > "$secret_dir/$data/$(basename "$API_KEY_FILE_HERE")"
  chmod 0755 "$secret_dir/$data"; chmod 0444 "$secret_dir/$data"/*
  local old; old=$(readlink "$secret_dir/..data")
  ln -s "$data" "$secret_dir/..data_tmp"
  mv -T "$secret_dir/..data_tmp" "$secret_dir/..data"
  rm -rf "${secret_dir:?}/$old"
}
predict_status() {
  curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:8000/predict -H "X-API-Key: $1" \
    -H 'Content-Type: application/json' -d '{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}'
}
await_status() {  # KEY STATUS WHAT
  local deadline=$((SECONDS + 10))
  until [ "$(predict_status "$1")" = "$2" ]; do
    if [ $SECONDS -ge $deadline ]; then echo "FAIL $3 within 10 s of the Secret update" >&2; failed=1; return; fi
    sleep 0.2
  done
  echo "ok   $3"
}
if [ $failed = 0 ]; then
  new_key=$("$py" -c 'import secrets; print(secrets.token_hex(32))')
  kubelet_update "# rotating" "$key" "$new_key"
  await_status "$new_key" 200 "new key accepted beside the old one after the kubelet's ..data swap"
  [ "$(predict_status "$key")" = 200 ] && echo "ok   old key still accepted" || { echo "FAIL old key refused too early" >&2; failed=1; }
  kubelet_update "$new_key"
  await_status "$key" 401 "old key refused once removed"
  [ "$(predict_status "$new_key")" = 200 ] || { echo "FAIL new key refused after the old one was removed" >&2; failed=1; }
  kill -0 "$app" 2>/dev/null || { echo "FAIL the service stopped during the rotation" >&2; failed=1; }
fi

if [ $failed = 0 ]; then
  read -r _ ready_port ready_path _ < <(grep '^readinessProbe ' "$work/probes.txt")
  kill -TERM "$app"
  sleep 1
  code=$(status_of "$ready_port" "$ready_path")
  if [ "$code" = 200 ]; then
    echo "FAIL readiness still 200 one second after SIGTERM" >&2; failed=1
  else
    echo "ok   readiness after SIGTERM -> $code"
  fi
  grace=$(cat "$work/grace.txt")
  stopping=$SECONDS
  deadline=$((SECONDS + grace))
  while kill -0 "$app" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 1; done
  if kill -0 "$app" 2>/dev/null; then
    echo "FAIL JVM still running ${grace}s after SIGTERM (grace period minus preStop)" >&2; failed=1
  else
    echo "ok   JVM exited $((SECONDS - stopping + 1))s after SIGTERM (grace period minus preStop: ${grace}s)"
    app=
  fi
fi

if [ $failed != 0 ]; then
  echo "--- application log ---" >&2; tail -n 60 "$work/app.log" >&2
  echo "contract test: 0 passed, 1 failed"
  exit 1
fi
echo "contract test: 1 passed, 0 failed"
