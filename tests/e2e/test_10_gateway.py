"""The external route, served for real: the minikube overlay's Gateway and HTTPRoute (components/gateway), accepted
by a Gateway API implementation running beside the cluster (Traefik, `make traefik`, its kubernetesgateway provider
with an entry point on port 80), answer /health and /predict for host iris-api.local at the gateway's address, and
a request for any other host never reaches the API.

E2E_GATEWAY names the gateway's address (http://ADDRESS:80), where the implementation listens."""
import json
import os
import urllib.error
import urllib.request

import pytest
import yaml

from cluster import NAMESPACE, SETOSA, api_key, kubectl, kubectl_json, run, wait_until

pytestmark = pytest.mark.skipif(not os.environ.get("E2E_GATEWAY"), reason="needs a Gateway API implementation "
                                                                            "beside the cluster (E2E_GATEWAY)")

HOST = "iris-api.local"
# The implementation's own class, as its installation would create it: Traefik's controller name.
GATEWAY_CLASS = {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
                 "metadata": {"name": "traefik"}, "spec": {"controllerName": "traefik.io/gateway-controller"}}


@pytest.fixture(scope="module", autouse=True)
def route():
    """The overlay's Gateway and HTTPRoute, applied as rendered (an Argo CD deployment of minikube-argocd, which
    leaves them out, may own the namespace by now)."""
    kubectl("apply", "-f", "-", input=json.dumps(GATEWAY_CLASS))
    rendered = run(os.environ.get("KUSTOMIZE", "kustomize"), "build", "deploy/overlays/minikube").stdout
    routing = [o for o in yaml.safe_load_all(rendered) if o and o["apiVersion"].startswith("gateway.networking.k8s.io/")]
    assert {o["kind"] for o in routing} == {"Gateway", "HTTPRoute"}
    kubectl("apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": routing}))


def request(path, host, body=None, headers=None):
    """One request to the gateway's address with the given Host: (status, headers, body)."""
    url = os.environ["E2E_GATEWAY"].rstrip("/") + path
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET", headers={
        "Host": host, "Content-Type": "application/json", "Connection": "close", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def condition(conditions, kind):
    return next((c["status"] for c in conditions if c["type"] == kind), None)


def test_the_implementation_accepts_the_gateway_and_the_route():
    def accepted():
        gateway = kubectl_json("get", "gateway", "iris-api", "-n", NAMESPACE)["status"]
        route = kubectl_json("get", "httproute", "iris-api", "-n", NAMESPACE).get("status", {})
        parents = route.get("parents", [])
        return (condition(gateway.get("conditions", []), "Programmed") == "True"
                and parents and all(condition(p["conditions"], "Accepted") == "True"
                                    and condition(p["conditions"], "ResolvedRefs") == "True" for p in parents)
                and (gateway, route))
    wait_until("the Gateway Programmed and the HTTPRoute Accepted with its backend resolved", accepted, timeout=120)


def test_health_and_predict_through_the_gateway():
    def healthy():
        status, _, body = request("/health", HOST)
        return status == 200 and json.loads(body)["model_loaded"] and json.loads(body)
    health = wait_until(f"/health for {HOST} through the gateway", healthy, timeout=60)
    status, headers, body = request("/predict", HOST, SETOSA, {"X-API-Key": api_key()})
    assert status == 200, body
    assert json.loads(body)["prediction"] == "setosa" and headers["X-Model-Version"] == health["model_version"]
    print(f"\ngateway: /health and /predict for {HOST} answered by the API (model {health['model_version']})")


def test_another_host_is_not_routed_to_the_api():
    status, headers, body = request("/health", "other.local")
    assert status == 404, (status, body[:200])
    assert "X-Request-Id" not in headers, "the API answered (every API answer carries X-Request-Id)"
    status, headers, _ = request("/health", HOST)
    assert status == 200 and "X-Request-Id" in headers
