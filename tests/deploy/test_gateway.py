"""The external route through Gateway API: the minikube overlay's HTTPRoute sends host iris-api.local, and only
that host, to the API Service's port through the Gateway beside it."""
from conftest import find, load, one

ROUTED = "gateway.networking.k8s.io"


def test_minikube_routes_its_host_to_the_api_service():
    docs = load("minikube")
    [route] = find(docs, "HTTPRoute")
    spec = route["spec"]
    assert spec["hostnames"] == ["iris-api.local"], "another host must not reach the API"
    [rule] = spec["rules"]
    assert rule["matches"] == [{"path": {"type": "PathPrefix", "value": "/"}}]
    [backend] = rule["backendRefs"]
    service = one(docs, "Service", backend["name"])
    assert backend.get("kind", "Service") == "Service" and backend.get("group", "") == ""
    assert backend["port"] == next(p["port"] for p in service["spec"]["ports"] if p["name"] == "http")


def test_the_route_is_attached_to_a_listener_of_its_gateway():
    docs = load("minikube")
    [route] = find(docs, "HTTPRoute")
    [parent] = route["spec"]["parentRefs"]
    assert parent.get("group", ROUTED) == ROUTED and parent.get("kind", "Gateway") == "Gateway"
    assert parent.get("namespace", route["metadata"]["namespace"]) == route["metadata"]["namespace"]
    gateway = one(docs, "Gateway", parent["name"])
    assert gateway["metadata"]["namespace"] == route["metadata"]["namespace"]
    [listener] = [l for l in gateway["spec"]["listeners"] if l["name"] == parent["sectionName"]]
    assert listener["protocol"] == "HTTP" and listener["allowedRoutes"]["namespaces"]["from"] == "Same"
    assert listener.get("hostname") in (None, "iris-api.local")


def test_the_other_overlays_keep_their_own_route():
    """gke keeps GKE's Ingress (deploy/README.md says why); dev has no external route."""
    assert not find(load("gke"), "HTTPRoute") and find(load("gke"), "Ingress")
    assert not find(load("dev"), "HTTPRoute") and not find(load("dev"), "Ingress")
