"""Autoscaling: metrics-server serves pod metrics, the HPA raises the replicas above its minimum under CPU
load through the Service, and brings them back down when its scale-down behaviour allows. The pods it adds are
warm when they join: the load's p99 in the JOINED_SECONDS after they turn Ready stays within P99_RATIO and
P99_SLACK of the p99 it saw before they were created (a cold JVM answers its first batches several times slower)."""
import json
import time
from datetime import datetime

from cluster import NAMESPACE, SETOSA, api_key, api_pods, kubectl, kubectl_json, pods, wait_until
from load import Load

HPA = "iris-api-hpa"
JOINED_SECONDS = 20
# p99 after the new pods joined <= P99_RATIO x p99 before + P99_SLACK: the same two cores now run more JVMs.
P99_RATIO, P99_SLACK = 2.0, 0.05


def replicas():
    return kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)["spec"]["replicas"]


def test_metrics_api_serves_the_api_pods():
    def metrics():
        raw = kubectl("get", "--raw", f"/apis/metrics.k8s.io/v1beta1/namespaces/{NAMESPACE}/pods").stdout
        items = [i for i in json.loads(raw)["items"] if i["metadata"]["name"].startswith("iris-api-")]
        return len(items) >= 2 and items
    for item in wait_until("pod metrics of the API pods", metrics, timeout=120, interval=5):
        assert item["containers"][0]["usage"]["cpu"], item


def test_hpa_scales_up_under_load_and_back_down(api_url):
    hpa = kubectl_json("get", "hpa", HPA, "-n", NAMESPACE)
    minimum = hpa["spec"]["minReplicas"]
    down = hpa["spec"]["behavior"]["scaleDown"]
    per_pod = max(p["periodSeconds"] for p in down["policies"])

    def scale_down_bound(peak):
        return down.get("stabilizationWindowSeconds", 300) + per_pod * (peak - minimum) + 180

    wait_until("the HPA reading CPU and memory (ScalingActive)", lambda: any(
        c["type"] == "ScalingActive" and c["status"] == "True"
        for c in kubectl_json("get", "hpa", HPA, "-n", NAMESPACE)["status"].get("conditions", [])), timeout=180, interval=5)
    wait_until(f"{minimum} replicas before the load", lambda: replicas() == minimum,
               timeout=scale_down_bound(replicas()), interval=10)

    batch = json.dumps({"instances": [SETOSA] * 1000}).encode()
    existing = {p["metadata"]["name"] for p in api_pods()}
    started, load_started = time.monotonic(), time.time()
    with Load("POST", f"{api_url}/predict/batch", batch, {"X-API-Key": api_key()}, workers=6, max_seconds=420) as load:
        peak = wait_until(f"more than {minimum} replicas under load", lambda: (r := replicas()) > minimum and r,
                          timeout=400, interval=5)
        scale_up = time.monotonic() - started
        joined = wait_until("the added pods Ready", lambda: added_pods_ready(existing), timeout=240, interval=2)
        first_created, first_ready = min(c for c, _ in joined), min(r for _, r in joined)
        last_ready = max(r for _, r in joined)
        time.sleep(max(0.0, last_ready + JOINED_SECONDS - time.time()))
    assert load.failed == 0, f"{load.failed} of {load.sent} requests failed under load: {load.failures}"

    before = load.latencies(load_started, first_created)
    after = load.latencies(first_ready, last_ready + JOINED_SECONDS)
    print(f"\nautoscaling: {len(joined)} pods added, Ready {first_ready - first_created:.0f} s after the first was "
          f"created; latency before: {summary(before)}; in the {JOINED_SECONDS} s after they joined: {summary(after)}")
    assert len(before) >= 50 and len(after) >= 50, (len(before), len(after))
    assert p99(after) <= P99_RATIO * p99(before) + P99_SLACK, \
        f"the added pods raised the p99: {summary(before)} before, {summary(after)} after they joined"

    peak = replicas()
    bound = scale_down_bound(peak)
    stopped = time.monotonic()
    wait_until(f"back to {minimum} replicas after the load (bound {bound} s)", lambda: replicas() == minimum,
               timeout=bound, interval=10)
    scale_down = time.monotonic() - stopped
    print(f"autoscaling: {minimum} -> {peak} replicas {scale_up:.0f} s after the load started "
          f"({load.sent} batches of 1,000 rows); back to {minimum} {scale_down:.0f} s after it stopped")


def added_pods_ready(existing):
    """(created, Ready) wall-clock times of the API pods not in existing, once every one of them is Ready."""
    added = [p for p in pods("app.kubernetes.io/name=iris-api")
             if p["metadata"]["name"] not in existing and not p["metadata"].get("deletionTimestamp")]
    ready = [next((c["lastTransitionTime"] for c in p["status"].get("conditions", [])
                   if c["type"] == "Ready" and c["status"] == "True"), None) for p in added]
    if not added or None in ready:
        return None
    return [(timestamp(p["metadata"]["creationTimestamp"]), timestamp(r)) for p, r in zip(added, ready)]


def timestamp(rfc3339):
    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()


def p99(latencies):
    return latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]


def summary(latencies):
    return (f"{len(latencies)} requests, p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
            f"p99 {p99(latencies) * 1000:.0f} ms") if latencies else "no requests"
