"""No lost request: a steady load through the Service across `kubectl rollout restart` and the deletion of
one API pod gets only 200s."""
import time

from cluster import NAMESPACE, SETOSA, api_key, api_pods, kubectl, rolled_out, wait_until
from load import Load


def test_rollout_restart_and_pod_deletion_lose_no_request(api_url):
    key = api_key()
    with Load("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": key}, workers=4, max_seconds=420,
              pause=0.02) as load:
        time.sleep(5)
        kubectl("rollout", "restart", "deployment/iris-api", "-n", NAMESPACE)
        rolled_out("iris-api", timeout=240)
        during_rollout = load.sent
        victim = api_pods()[0]["metadata"]["name"]
        kubectl("delete", "pod", victim, "-n", NAMESPACE, "--wait=false")
        wait_until("the Deployment available again after the deletion", lambda: (
            (d := kubectl("get", "deployment", "iris-api", "-n", NAMESPACE, "-o",
                          "jsonpath={.status.availableReplicas}/{.spec.replicas}").stdout)
            and d.split("/")[0] == d.split("/")[1] and victim not in [p["metadata"]["name"] for p in api_pods()]),
            timeout=180)
        time.sleep(5)
    print(f"\nrollout: {load.sent} requests sent ({during_rollout} until the rollout ended), "
          f"{load.failed} failed: {dict(load.counts)}")
    assert load.sent > 100, f"the load sent only {load.sent} requests"
    assert load.failed == 0, f"{load.failed} of {load.sent} requests failed: {load.failures}"
