"""Autoscaling: metrics-server serves pod metrics, the HPA raises the replicas above its minimum under CPU
load through the Service, and brings them back down when its scale-down behaviour allows."""
import json
import time

from cluster import NAMESPACE, SETOSA, api_key, kubectl, kubectl_json, wait_until
from load import Load

HPA = "iris-api-hpa"


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
    started = time.monotonic()
    with Load("POST", f"{api_url}/predict/batch", batch, {"X-API-Key": api_key()}, workers=6, max_seconds=420) as load:
        peak = wait_until(f"more than {minimum} replicas under load", lambda: (r := replicas()) > minimum and r,
                          timeout=400, interval=5)
        scale_up = time.monotonic() - started
    assert load.failed == 0, f"{load.failed} of {load.sent} requests failed under load: {load.failures}"

    peak = replicas()
    bound = scale_down_bound(peak)
    stopped = time.monotonic()
    wait_until(f"back to {minimum} replicas after the load (bound {bound} s)", lambda: replicas() == minimum,
               timeout=bound, interval=10)
    scale_down = time.monotonic() - stopped
    print(f"\nautoscaling: {minimum} -> {peak} replicas {scale_up:.0f} s after the load started "
          f"({load.sent} batches of 1,000 rows); back to {minimum} {scale_down:.0f} s after it stopped")
