"""Safe model rollout on the cluster: a challenger in shadow under load, then a canary share, stable per key. The
API pods get the challenger's settings through their ConfigMap; registry work goes through a port-forward to the
MLflow Service, with the packaged jar as users run it. Each step is bounded and counts the requests it sent and
those that failed."""
import json
import os
import re
import subprocess
import time
import urllib.request
import uuid

import pytest

from cluster import (NAMESPACE, ROOT, SETOSA, api_key, api_pods, http, kubectl, pod_get, rolled_out, run,
                     wait_until)
from load import Load

pytestmark = pytest.mark.skipif(bool(os.environ.get("E2E_AFTER_DOWN")), reason="needs the running cluster")

JAR = ROOT / "app" / "target" / "iris-api.jar"
MODEL = "iris-classifier"
SETTINGS = ("MODEL_CHALLENGER_URI", "ROLLOUT_MODE", "CANARY_PERCENT")


@pytest.fixture(scope="module")
def mlflow():
    """http://127.0.0.1:PORT of a port-forward to the MLflow Service, for the jar and the registry calls."""
    proc = subprocess.Popen(["kubectl", "port-forward", "-n", NAMESPACE, "--address", "127.0.0.1",
                             "service/mlflow-server-service", ":5000"], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        port = re.search(r"127\.0\.0\.1:(\d+)", line).group(1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def rollout_config():
    """Sets the rollout's settings in the ConfigMap (each change restarts the pods once); removes them afterwards."""
    def configure(**data):
        kubectl("patch", "configmap", "iris-api-config", "-n", NAMESPACE, "--type", "merge",
                "-p", json.dumps({"data": data}))
        kubectl("rollout", "restart", "deployment/iris-api", "-n", NAMESPACE)
        rolled_out("iris-api", timeout=300)
    yield configure
    kubectl("patch", "configmap", "iris-api-config", "-n", NAMESPACE, "--type", "json", "-p", json.dumps(
        [{"op": "remove", "path": f"/data/{name}"} for name in SETTINGS]), check=False)
    kubectl("rollout", "restart", "deployment/iris-api", "-n", NAMESPACE)
    rolled_out("iris-api", timeout=300)


def jar(*args, timeout=300):
    return run("java", "-jar", str(JAR), *args, timeout=timeout)


def metric(pod, name):
    """The sum of a metric's samples on one pod's /prometheus (admin port, no key)."""
    text = pod_get(pod, 8081, "/prometheus")
    return sum(float(v) for v in re.findall(rf"(?m)^{name}(?:\{{[^}}]*\}})? (\S+)$", text))


def challenger_on_every_pod(version):
    pods = [p["metadata"]["name"] for p in api_pods()]
    return all(f'challenger_version="{version}"' in pod_get(p, 8081, "/prometheus") for p in pods) and pods


def registry(mlflow, method, path, body=None):
    request = urllib.request.Request(f"{mlflow}/api/2.0/mlflow/{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def alias(mlflow, name):
    return registry(mlflow, "GET", f"registered-models/alias?name={MODEL}&alias={name}")["model_version"]["version"]


def predict(api_url, key, canary_key=None):
    headers = {"X-API-Key": key, **({"X-Canary-Key": canary_key} if canary_key else {})}
    return http("POST", f"{api_url}/predict", SETOSA, headers)


def report(step, load):
    print(f"\n{step}: {load.sent} requests sent, {load.failed} failed: {dict(load.counts)}")
    assert load.sent > 50, f"{step}: the load sent only {load.sent} requests"
    assert load.failed == 0, f"{step}: {load.failed} of {load.sent} requests failed: {load.failures}"


def test_1_shadow_counts_while_the_champion_answers(api_url, mlflow, rollout_config, tmp_path):
    key = api_key()
    champion = alias(mlflow, "champion")
    rollout_config(MODEL_CHALLENGER_URI=f"models:/{MODEL}@challenger", ROLLOUT_MODE="shadow")
    uids = {p["metadata"]["name"]: p["metadata"]["uid"] for p in api_pods()}
    out = jar("train", "--mlflow", "--tracking-uri", mlflow, "--algorithm", "J48", "--challenger",
              "--output", str(tmp_path / "challenger")).stdout
    challenger = re.search(r"@challenger -> version (\d+)", out).group(1)
    wait_until(f"challenger version {challenger} loaded by every pod", lambda: challenger_on_every_pod(challenger),
               timeout=90, interval=5)
    assert {p["metadata"]["name"]: p["metadata"]["uid"] for p in api_pods()} == uids, "pods were replaced"
    before = sum(metric(p["metadata"]["name"], "iris_shadow_rows_total") for p in api_pods())
    with Load("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": key}, workers=4, max_seconds=30) as load:
        time.sleep(25)
    report("shadow", load)
    after = sum(metric(p["metadata"]["name"], "iris_shadow_rows_total") for p in api_pods())
    assert after - before >= load.sent * 0.9, (before, after, load.sent)
    versions = {predict(api_url, key, str(uuid.uuid4()))[1]["model_version"] for _ in range(100)}
    assert versions == {champion}, f"answers in shadow mode came from {versions}"


def test_2_canary_answers_its_share_stably_per_key(api_url, mlflow, rollout_config):
    key = api_key()
    challenger = alias(mlflow, "challenger")
    rollout_config(MODEL_CHALLENGER_URI=f"models:/{MODEL}@challenger", ROLLOUT_MODE="canary", CANARY_PERCENT="20")
    wait_until("the challenger loaded by every pod", lambda: challenger_on_every_pod(challenger), timeout=90)
    sent, failed, by_challenger = 1000, 0, 0
    for _ in range(sent):
        status, body = predict(api_url, key, str(uuid.uuid4()))
        if status != 200:
            failed += 1
        elif body["model_version"] == challenger:
            by_challenger += 1
    share = by_challenger / sent
    print(f"\ncanary: {sent} requests sent, {failed} failed, {share:.1%} answered by the challenger")
    assert failed == 0
    assert 0.16 <= share <= 0.24, f"the challenger answered {share:.1%}, not 20% +- 4 points"
    for client in ("client-a", "client-b", "client-c", "client-d"):
        versions = {predict(api_url, key, client)[1]["model_version"] for _ in range(20)}
        assert len(versions) == 1, f"{client} got answers from {versions}"
