"""The end-to-end suite: the delivery on a real cluster, in the order a user meets it (the files run in
name order and each builds on the state the one before left).

It takes the cluster from the environment, so the same tests run on the local cluster (`make cluster-test`,
inside the network namespace iris-cluster) and on kind in GitHub Actions:
  KUBECONFIG       the cluster (required)
  E2E_NAMESPACE    where the overlay deploys (default mlops)
  E2E_NODE_IP      the address NodePorts answer on (default: the node's InternalIP)
  KUSTOMIZE        the pinned kustomize binary (the Makefile passes it)
  E2E_ARGOCD       set when an Argo CD runs beside the cluster and test_11_gitops may drive it (local cluster)
  E2E_PROMETHEUS   the API of a Prometheus configured from the monitoring component (test_08_monitoring)
Every wait is bounded; a failure says what did not happen and shows the state that was seen.
"""
import base64
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = os.environ.get("E2E_NAMESPACE", "mlops")
NODE_PORT = 30080
SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


def run(*args, check=True, timeout=300, input=None, env=None):
    """Runs a command; on failure the assertion shows its output."""
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, input=input, cwd=ROOT,
                          env={**os.environ, **(env or {})})
    if check:
        assert proc.returncode == 0, f"{' '.join(args)} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def kubectl(*args, **kwargs):
    return run("kubectl", *args, **kwargs)


def kubectl_json(*args):
    return json.loads(kubectl(*args, "-o", "json").stdout)


def rolled_out(deployment, timeout=300):
    """Waits until the deployment's rollout has finished (kubectl rollout status, bounded)."""
    kubectl("rollout", "status", f"deployment/{deployment}", "-n", NAMESPACE, f"--timeout={timeout}s",
            timeout=timeout + 20)


def make(target, timeout=900, **variables):
    return run("make", "--no-print-directory", target, *[f"{k}={v}" for k, v in variables.items()], timeout=timeout)


def wait_until(what, probe, timeout, interval=2.0):
    """Calls probe until it returns a true value (returned) or timeout seconds pass (failure naming what)."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = probe()
            if last:
                return last
        except (AssertionError, OSError, ValueError, subprocess.SubprocessError) as e:
            last = e
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s (last seen: {last!r})"[:4000])
        time.sleep(interval)


def http(method, url, body=None, headers=None, timeout=10):
    """One request on a new connection: (status, parsed JSON or text). body: JSON-able, or bytes as they are."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", "Connection": "close", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def pods(selector, namespace=NAMESPACE):
    return kubectl_json("get", "pods", "-n", namespace, "-l", selector)["items"]


def api_pods():
    """The API pods that run and are not terminating."""
    return [p for p in pods("app.kubernetes.io/name=iris-api")
            if not p["metadata"].get("deletionTimestamp") and p["status"].get("phase") == "Running"]


def pod_get(pod, port, path):
    """GET from one pod through the apiserver's proxy (it reaches pod addresses; the test may not): the body."""
    return kubectl("get", "--raw", f"/api/v1/namespaces/{NAMESPACE}/pods/{pod}:{port}/proxy{path}", timeout=30).stdout


def api_keys():
    """The keys the API accepts: the lines of the Secret's api-keys file (commas also separate, # comments)."""
    secret = kubectl_json("get", "secret", "iris-api-secrets", "-n", NAMESPACE)
    text = base64.b64decode(secret["data"]["api-keys"]).decode()
    return [k.strip() for line in text.splitlines() if not line.lstrip().startswith("#")
            for k in line.split(",") if k.strip()]


def api_key():
    return api_keys()[0]


MODEL = "iris-classifier"


def mlflow_pod():
    return pods("app.kubernetes.io/name=mlflow-server")[0]["metadata"]["name"]


def champion():
    """The version the champion alias names, asked of the MLflow server from inside its pod; None before one."""
    code = ("import json, urllib.request as u, urllib.error as e\n"
            "try:\n"
            f"    r = u.urlopen('http://localhost:5000/api/2.0/mlflow/registered-models/alias?name={MODEL}&alias=champion', timeout=10)\n"
            "    print(json.load(r)['model_version']['version'])\n"
            "except e.HTTPError as x:\n"
            "    print('none' if x.code in (400, 404) else x.code)\n")
    # kubectl exec can return before a short output arrives: ask again then.
    out = wait_until("an answer from MLflow's alias API", lambda: kubectl(
        "exec", "-n", NAMESPACE, mlflow_pod(), "--", "python3", "-c", code, timeout=60).stdout.strip(), timeout=60)
    return None if out == "none" else out


def ready(pod):
    statuses = pod["status"].get("containerStatuses") or []
    return bool(statuses) and all(s.get("ready") for s in statuses)


def schedulable_nodes():
    """The nodes pods may be scheduled to: not cordoned, no NoSchedule taint (kind's control plane has one)."""
    return sorted(n["metadata"]["name"] for n in kubectl_json("get", "nodes")["items"]
                  if not n["spec"].get("unschedulable")
                  and not any(t["effect"] == "NoSchedule" for t in n["spec"].get("taints", [])))


def api_pods_by_node():
    """Node name -> the names of the ready API pods on it."""
    placed = {}
    for pod in api_pods():
        if ready(pod):
            placed.setdefault(pod["spec"]["nodeName"], []).append(pod["metadata"]["name"])
    return placed


def api_available(gone=()):
    """True once the Deployment has all its replicas available and none of the pods named in gone is left."""
    d = kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)
    names = {p["metadata"]["name"] for p in pods("app.kubernetes.io/name=iris-api")}
    return d["status"].get("availableReplicas", 0) >= d["spec"]["replicas"] and not names & set(gone)


def replace_api_pod(pod, timeout=180):
    """Deletes one API pod (gracefully, as a rollout does) and waits for its replacement to be available."""
    kubectl("delete", "pod", pod, "-n", NAMESPACE, "--wait=false")
    wait_until(f"a replacement of {pod} available", lambda: api_available(gone=[pod]), timeout=timeout)


def spread_api_pods(timeout=180):
    """Replaces API pods, one at a time, from the node that holds the most until no schedulable node holds two
    more than another (the spread the Deployment's topology constraint gives every pod it places): a drain or
    a lost node leaves them where they were moved, as nothing moves running pods back."""
    while True:
        wait_until("the API's replicas available", api_available, timeout=timeout)
        nodes = schedulable_nodes()
        placed = api_pods_by_node()
        counts = {n: len(placed.get(n, [])) for n in nodes}
        fullest = max(counts, key=counts.get)
        if counts[fullest] - min(counts.values()) <= 1:
            return placed
        replace_api_pod(placed[fullest][0], timeout=timeout)
