"""Key rotation without a restart: under a steady load that always sends the key valid at that moment, a new key
is added beside the old one in the Secret, the clients move to it, and the old one is removed; every pod rereads the
mounted file, the removed key is refused, no pod restarts and no request fails."""
import base64
import json
import re
import secrets

from cluster import NAMESPACE, SETOSA, api_keys, api_pods, http, kubectl, pod_get, wait_until
from load import Load


def put_keys(keys):
    data = base64.b64encode(("".join(k + "\n" for k in keys)).encode()).decode()
    kubectl("patch", "secret", "iris-api-secrets", "-n", NAMESPACE, "--type", "merge",
            "--patch-file", "/dev/stdin", input=json.dumps({"data": {"api-keys": data}}))


def reloads(pod):
    text = pod_get(pod, 8081, "/prometheus")
    found = re.search(r'^iris_api_key_reloads_total\{result="success"\} (\S+)$', text, re.M)
    assert found, f"{pod}: no iris_api_key_reloads_total in /prometheus"
    return float(found.group(1))


def test_keys_rotate_under_load_without_a_restart(api_url):
    old = api_keys()[0]
    new = secrets.token_hex(32)
    before = {p["metadata"]["name"]: (p["metadata"]["uid"], p["status"]["containerStatuses"][0]["restartCount"])
              for p in api_pods()}
    counts = {pod: reloads(pod) for pod in before}
    current = {"key": old}
    # A steady load, not a flood: enough to hit every pod all along, too little to make the HPA add pods.
    with Load("POST", f"{api_url}/predict", SETOSA, lambda: {"X-API-Key": current["key"]}, workers=3,
              max_seconds=600, pause=0.02) as load:
        put_keys([old, new])
        # The kubelet refreshes a mounted Secret within its sync period (about a minute), the service within 2 s.
        wait_until("every pod reading the file with both keys", lambda: all(
            reloads(pod) > counts[pod] for pod in before), timeout=240, interval=5)
        current["key"] = new
        put_keys([new])
        wait_until("every pod reading the file with the new key only", lambda: all(
            reloads(pod) > counts[pod] + 1 for pod in before), timeout=240, interval=5)
        # Each node's kubelet refreshes the Secret on its own timing, and a reload is counted per state of the file
        # it sees: the old key's refusal is what tells. 40 requests in a row through the Service reach every pod.
        wait_until("the removed key refused by every pod (40 requests in a row)", lambda: all(
            http("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": old})[0] == 401 for _ in range(40)),
            timeout=180, interval=5)
        refused = [http("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": old})[0] for _ in range(20)]
    print(f"\nrotation: {load.sent} requests sent across the rotation, {load.failed} failed: {dict(load.counts)}")
    assert set(refused) == {401}, f"the removed key was not refused everywhere: {refused}"
    assert load.sent > 50, f"the load sent only {load.sent} requests"
    assert load.failed == 0, f"{load.failed} of {load.sent} requests failed: {load.failures}"
    after = {p["metadata"]["name"]: (p["metadata"]["uid"], p["status"]["containerStatuses"][0]["restartCount"])
             for p in api_pods()}
    assert {name: after.get(name) for name in before} == before, f"pods were replaced or restarted: {before} -> {after}"
