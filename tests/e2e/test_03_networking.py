"""Service networking: the seed's path (NodePort 30080 on the node's address), `make k8s-test`, and the
Services' DNS names from inside the pods."""
from cluster import NAMESPACE, SETOSA, api_key, api_pods, http, kubectl, make, pods, wait_until


def test_k8s_test_passes():
    proc = make("k8s-test", timeout=120)
    assert ":30080" in proc.stdout, f"k8s-test did not go through the NodePort:\n{proc.stdout}"


def test_health_and_predict_through_the_node_port(api_url):
    status, body = wait_until("GET /health through the NodePort", lambda: (s := http("GET", f"{api_url}/health"))[0] == 200 and s,
                              timeout=60)
    assert body["model_loaded"] is True, body
    status, body = http("POST", f"{api_url}/predict", SETOSA)
    assert status == 401, (status, body)
    status, body = http("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": api_key()})
    assert status == 200 and body["prediction"] == "setosa", (status, body)


def bash_get(pod, container, host, port, path):
    script = (f'exec 3<>/dev/tcp/{host}/{port} && '
              f'printf "GET {path} HTTP/1.0\\r\\nHost: {host}\\r\\n\\r\\n" >&3 && cat <&3')
    return kubectl("exec", "-n", NAMESPACE, pod, "-c", container, "--", "bash", "-c", script, timeout=30).stdout


def test_mlflow_service_by_dns_name_from_an_api_pod():
    pod = api_pods()[0]["metadata"]["name"]
    for host in ("mlflow-server-service", f"mlflow-server-service.{NAMESPACE}.svc.cluster.local"):
        response = bash_get(pod, "iris-api", host, 5000, "/health")
        assert response.startswith("HTTP/1.1 200") or response.startswith("HTTP/1.0 200"), f"{host}: {response[:300]}"


def test_api_service_by_dns_name_from_the_mlflow_pod():
    pod = pods("app.kubernetes.io/name=mlflow-server")[0]["metadata"]["name"]
    code = ("import urllib.request as u; "
            f"print(u.urlopen('http://iris-api-service.{NAMESPACE}.svc.cluster.local:8000/health', timeout=5).status)")
    out = kubectl("exec", "-n", NAMESPACE, pod, "--", "python3", "-c", code, timeout=60).stdout
    assert out.strip() == "200", out
