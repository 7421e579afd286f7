#!/usr/bin/env bash
# Contract test between the manifests and the service: starts the built jar with exactly the
# environment the rendered minikube Deployment gives its container (ConfigMap, generated
# Secret, env), on this machine's loopback, then probes the ports and paths of the
# Deployment's startup, liveness and readiness probes and its Prometheus annotations,
# predicts with the Secret's key, and checks that SIGTERM turns readiness off and the JVM
# exits within the pod's grace period.
# Usage: contract-test.sh JAR   (env: KUSTOMIZE, PY = a python with PyYAML; make contract-test sets both)
set -euo pipefail
jar=$(realpath "${1:?usage: contract-test.sh JAR}")
cd "$(dirname "$0")/.."
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

# Writes env.txt (one NAME=value a line) and probes.txt (name port path period failures),
# both read from the rendered objects, never restated here.
"$py" - "$work" <<'PYTHON'
import base64, pathlib, sys, yaml
work = pathlib.Path(sys.argv[1])
docs = [d for d in yaml.safe_load_all((work / "rendered.yaml").read_text()) if d]
get = lambda kind, name: next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)
deployment = get("Deployment", "iris-api")
pod = deployment["spec"]["template"]
[container] = pod["spec"]["containers"]
env = {}
for source in container.get("envFrom", []):
    if "configMapRef" in source:
        env.update(get("ConfigMap", source["configMapRef"]["name"])["data"])
    else:
        secret = get("Secret", source["secretRef"]["name"])
        env.update({k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()})
        env.update(secret.get("stringData", {}))
env.update({e["name"]: e["value"] for e in container.get("env", [])})
assert all("\n" not in v for v in env.values())
(work / "env.txt").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
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

mapfile -t env < "$work/env.txt"
key=$(grep '^API_KEY=' "$work/env.txt" | cut -d= -f2-)
echo "environment from the rendered pod: $(cut -d= -f1 "$work/env.txt" | tr '\n' ' ')"
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
