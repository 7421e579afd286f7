"""The API Deployment against the service contract (ports, health paths, shutdown, JVM sizing)."""
from conftest import find, one

CONTRACT_ENV = {"ENVIRONMENT", "LOG_LEVEL", "MODEL_DIR", "MODEL_URI", "API_KEY",
                "MLFLOW_TRACKING_URI", "MODEL_POLL_INTERVAL"}
# The app keeps serving 10 s after SIGTERM (shutdownWaitPeriod), then drains for up to 10 s.
APP_SHUTDOWN_SECONDS = 20


def api_container(docs):
    deployment = one(docs, "Deployment", "iris-api")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    return deployment, container


def port_number(container, port):
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in container["ports"] if p["name"] == port)


def test_probes_use_the_contract_paths_and_port(overlay):
    _, docs = overlay
    _, container = api_container(docs)
    expected = {"startupProbe": "/health-check?type=alive", "livenessProbe": "/health-check?type=alive",
                "readinessProbe": "/health-check?type=ready"}
    for probe, path in expected.items():
        get = container[probe]["httpGet"]
        assert (get["path"], port_number(container, get["port"])) == (path, 8000), probe


def test_shutdown_lets_readiness_drain_the_pod(overlay):
    _, docs = overlay
    deployment, container = api_container(docs)
    pause = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pause > 0
    grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace >= 40 and grace > pause + APP_SHUTDOWN_SECONDS
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_jvm_is_sized_to_the_memory_limit(overlay):
    _, docs = overlay
    _, container = api_container(docs)
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert "-XX:MaxRAMPercentage=75" in env["JAVA_TOOL_OPTIONS"]
    assert "-XX:+ExitOnOutOfMemoryError" in env["JAVA_TOOL_OPTIONS"]
    resources = container["resources"]
    assert resources["limits"]["memory"] == resources["requests"]["memory"] == "512Mi"
    assert resources["requests"]["cpu"] == "250m"


def test_env_sources_provide_exactly_the_contract_variables(overlay):
    _, docs = overlay
    _, container = api_container(docs)
    names = set()
    for source in container["envFrom"]:
        if "configMapRef" in source:
            names |= set(one(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
        else:
            secret_name = source["secretRef"]["name"]
            secrets = find(docs, "Secret", secret_name)
            if secrets:
                names |= set(secrets[0].get("data", {})) | set(secrets[0].get("stringData", {}))
            else:  # delivered by the External Secrets Operator
                external = [e for e in find(docs, "ExternalSecret")
                            if e["spec"]["target"]["name"] == secret_name]
                assert external, f"nothing provides Secret {secret_name}"
                names |= set(external[0]["spec"]["target"]["template"]["data"])
    assert names == CONTRACT_ENV


def test_prometheus_scrapes_the_admin_port(overlay):
    _, docs = overlay
    deployment, container = api_container(docs)
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == "8081" and annotations["prometheus.io/path"] == "/prometheus"
    assert port_number(container, "admin") == 8081


def test_hpa_scales_the_api_on_cpu_and_memory(overlay):
    _, docs = overlay
    hpa = one(docs, "HorizontalPodAutoscaler", "iris-api-hpa")["spec"]
    assert hpa["scaleTargetRef"]["name"] == "iris-api"
    targets = {m["resource"]["name"]: m["resource"]["target"]["averageUtilization"] for m in hpa["metrics"]}
    assert targets == {"cpu": 70, "memory": 80}
    assert hpa["behavior"]["scaleDown"]["stabilizationWindowSeconds"] >= 300
    replicas = one(docs, "Deployment", "iris-api")["spec"]["replicas"]
    assert hpa["minReplicas"] <= replicas <= hpa["maxReplicas"]
