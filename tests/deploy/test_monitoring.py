"""The monitoring component: the dev and gke overlays include it, and it scrapes the pods the API really runs."""
import pytest

from conftest import find, load, one, pod_templates


@pytest.mark.parametrize("name", ["dev", "gke"])
def test_overlay_includes_the_monitoring_component(name):
    docs = load(name)
    monitor = one(docs, "PodMonitor", "iris-api")
    one(docs, "PrometheusRule", "iris-api")
    dashboard = one(docs, "ConfigMap", "iris-api-dashboard")
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"

    api = one(docs, "Deployment", "iris-api")["spec"]["template"]
    assert monitor["metadata"]["namespace"] == one(docs, "Deployment", "iris-api")["metadata"]["namespace"]
    assert monitor["spec"]["selector"]["matchLabels"].items() <= api["metadata"]["labels"].items()
    (endpoint,) = monitor["spec"]["podMetricsEndpoints"]
    ports = {p["name"] for c in api["spec"]["containers"] for p in c.get("ports", [])}
    assert endpoint["port"] in ports and endpoint["path"] == "/prometheus"


def test_minikube_has_no_operator_objects():
    """The local overlays run without the Prometheus Operator; its CRDs would be missing there."""
    docs = load("minikube")
    assert not find(docs, "PodMonitor") and not find(docs, "PrometheusRule")
    assert pod_templates(docs)
