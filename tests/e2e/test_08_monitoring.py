"""Monitoring: a Prometheus beside the cluster, configured from the monitoring component as the Operator would
configure it, discovers every API pod through the apiserver as the PodMonitor describes them, scrapes them and
evaluates the component's rules. A rollout whose model cannot load fires IrisApiNotReady, which resolves once the
rollout is undone; rows from outside the training data move the drift gauges over 0.25 and fire IrisApiInputDrift.
Both alerts wait 5 minutes (`for: 5m`), so both scenarios run at once."""
import os
import time
import urllib.parse

import pytest
import yaml

from cluster import NAMESPACE, ROOT, api_key, api_pods, http, kubectl, kubectl_json, pods, rolled_out, wait_until
from load import Load

PROMETHEUS = os.environ.get("E2E_PROMETHEUS")
pytestmark = pytest.mark.skipif(not PROMETHEUS, reason="needs a Prometheus beside the cluster (E2E_PROMETHEUS)")

RULES = ROOT / "deploy/components/monitoring/prometheusrule.yaml"
JOB = f"{NAMESPACE}/iris-api"
# Every feature above the largest value of the training data (sepal 7.9 × 4.4, petal 6.9 × 2.5 cm).
DRIFTED = {"instances": [{"sepal_length": 9.0 + i / 100, "sepal_width": 5.0, "petal_length": 8.0 + i / 100,
                          "petal_width": 3.0} for i in range(100)]}
# Past both alerts' `for: 5m`: two scrapes and two evaluations (15 s each), and time for the pod to start.
ALERT_PATIENCE = 5 * 60 + 150


def prometheus(path, **params):
    status, answer = http("GET", f"{PROMETHEUS}{path}?{urllib.parse.urlencode(params)}")
    assert status == 200 and answer["status"] == "success", answer
    return answer["data"]


def query(expr):
    """{pod: value} of an instant query's series."""
    return {s["metric"].get("pod", ""): float(s["value"][1]) for s in prometheus("/api/v1/query", query=expr)["result"]}


def alerts(name):
    return [a for a in prometheus("/api/v1/alerts")["alerts"] if a["labels"]["alertname"] == name]


def firing(name):
    return [a for a in alerts(name) if a["state"] == "firing"]


def test_every_api_pod_is_discovered_and_scraped():
    want = {p["metadata"]["name"] for p in api_pods()}

    def scraped():
        targets = [t for t in prometheus("/api/v1/targets", state="active")["activeTargets"]
                   if t["labels"].get("job") == JOB]
        health = {t["labels"]["pod"]: t["health"] for t in targets}
        return set(health) == want and all(h == "up" for h in health.values()) and targets
    for target in wait_until(f"every API pod {sorted(want)} scraped", scraped, timeout=120):
        labels = target["labels"]
        assert labels["namespace"] == NAMESPACE and labels["endpoint"] == "admin", labels
        assert target["scrapeUrl"].endswith(":8081/prometheus"), target["scrapeUrl"]
    # A replaced pod's series end with its target (a staleness marker), within a scrape.
    wait_until("iris_model_loaded 1 on every API pod, on no other",
               lambda: query("iris_model_loaded") == dict.fromkeys(want, 1.0), timeout=60)


def test_the_component_rules_are_evaluated():
    component = yaml.safe_load(RULES.read_text())["spec"]["groups"]
    want = {r["alert"] for g in component for r in g["rules"] if "alert" in r}

    def evaluated():
        rules = [r for g in prometheus("/api/v1/rules")["groups"] for r in g["rules"]]
        return {r["name"] for r in rules if r["type"] == "alerting"} == want \
            and all(r["health"] == "ok" for r in rules) and rules
    wait_until(f"the component's {len(want)} alerts loaded and evaluated without error", evaluated, timeout=90)


@pytest.fixture(scope="module")
def fresh_windows():
    """A restart first: the earlier tests' constant rows leave every pod's drift window far from the training
    data already; new pods count from nothing."""
    kubectl("rollout", "restart", "deployment/iris-api", "-n", NAMESPACE)
    rolled_out("iris-api")
    serving = {p["metadata"]["name"] for p in api_pods()}
    wait_until("the new pods scraped", lambda: set(query("iris_model_loaded")) == serving, timeout=120)
    return serving


@pytest.fixture(scope="module")
def broken_rollout(fresh_windows):
    """A rollout to a model alias that does not exist, in production (development would fall back to the
    embedded model): its pods stay up but not ready, retrying; the pods before them keep serving (maxUnavailable
    0). Undone when the module ends, if a test has not already."""
    kubectl("set", "env", "deployment/iris-api", "-n", NAMESPACE, "-c", "iris-api",
            "MODEL_URI=models:/iris-classifier@missing", "ENVIRONMENT=production")
    wait_until("the broken rollout's pod running", broken_pods, timeout=120)
    yield
    if is_broken(kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)["spec"]["template"]):
        undo()


def is_broken(template):
    return any(e["name"] == "ENVIRONMENT" for e in template["spec"]["containers"][0].get("env", []))


def broken_pods():
    """The running pods of the broken rollout (one, or more if the HPA scales meanwhile)."""
    return {p["metadata"]["name"] for p in pods("app.kubernetes.io/name=iris-api")
            if p["status"].get("phase") == "Running" and is_broken(p)}


def undo():
    kubectl("rollout", "undo", "deployment/iris-api", "-n", NAMESPACE)
    rolled_out("iris-api")


def test_a_model_that_cannot_load_and_drifted_inputs_fire_their_alerts(api_url, fresh_windows, broken_rollout):
    rows = query("iris_drift_window_rows")
    assert all(rows.get(pod, 0) < 100 for pod in fresh_windows), f"new pods already count rows: {rows}"
    assert not [a for a in alerts("IrisApiInputDrift") if a["labels"]["pod"] in fresh_windows]

    started = time.monotonic()
    with Load("POST", f"{api_url}/predict/batch", DRIFTED, {"X-API-Key": api_key()}, workers=2, pause=0.2,
              max_seconds=ALERT_PATIENCE + 60) as load:
        def both_firing():
            not_ready, drift = firing("IrisApiNotReady"), firing("IrisApiInputDrift")
            return not_ready and drift and (not_ready, drift)
        not_ready, drift = wait_until("IrisApiNotReady and IrisApiInputDrift firing", both_firing,
                                      timeout=ALERT_PATIENCE, interval=10)
    print(f"\nmonitoring: IrisApiNotReady and IrisApiInputDrift firing {time.monotonic() - started:.0f} s after the "
          f"broken rollout's pod ran and the drifted rows began ({load.sent} batches)")
    assert load.sent and not load.failed, (load.counts, load.failures)
    broken = broken_pods()
    assert {a["labels"]["pod"] for a in not_ready} <= broken, (not_ready, broken)
    loaded = query("iris_model_loaded")
    assert all(loaded.get(pod, 0) == 0 for pod in broken), loaded
    drifted = {a["labels"]["feature"] for a in drift}
    assert drifted == {"sepal_length", "sepal_width", "petal_length", "petal_width"}, drift
    assert {a["labels"]["pod"] for a in drift} <= fresh_windows
    psi = query('min by (pod) (iris_drift_feature_psi)')
    assert all(value > 0.25 for pod, value in psi.items() if pod in fresh_windows), psi


def test_not_ready_resolves_when_the_rollout_is_undone(broken_rollout):
    broken = broken_pods()
    undo()
    started = time.monotonic()
    wait_until("IrisApiNotReady resolved", lambda: not alerts("IrisApiNotReady"), timeout=120, interval=5)
    print(f"\nmonitoring: IrisApiNotReady resolved {time.monotonic() - started:.0f} s after the rollout was undone")
    assert not broken & set(query("up")), "the broken pods are still scraped"
