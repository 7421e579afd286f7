"""The API Deployment against the service contract (ports, health paths, shutdown, JVM sizing)."""
import re

from conftest import REPO, find, one, pod_templates

CONTRACT_ENV = {"ENVIRONMENT", "LOG_LEVEL", "MODEL_DIR", "MODEL_URI", "MODEL_CHALLENGER_URI", "API_KEY_FILE",
                "MLFLOW_TRACKING_URI", "MODEL_POLL_INTERVAL", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD",
                "MLFLOW_TRACKING_TOKEN"}
# The app keeps serving 10 s after SIGTERM (shutdownWaitPeriod), then drains for up to 10 s.
APP_SHUTDOWN_SECONDS = 20
# The image's JVM options (an argument file its ENTRYPOINT reads); `make bench` starts the jar with the same file.
JVM_OPTIONS = REPO / "docker" / "jvm.options"
# Set in a pod, each of these would add JVM options to the image's (or override them).
JVM_OPTION_VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}


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


def jvm_options():
    lines = (line.split("#", 1)[0].strip() for line in JVM_OPTIONS.read_text().splitlines())
    return [line for line in lines if line]


def test_jvm_is_sized_to_the_memory_limit(overlay):
    _, docs = overlay
    _, container = api_container(docs)
    resources = container["resources"]
    assert resources["limits"]["memory"] == resources["requests"]["memory"] == "512Mi"
    assert resources["requests"]["cpu"] == "250m"
    options = jvm_options()
    [percent] = [float(o.split("=", 1)[1]) for o in options if o.startswith("-XX:MaxRAMPercentage=")]
    # Heap at most a quarter of the limit: the rest of the JVM's RSS (code, classes, the class archive, threads,
    # native allocations) is about 150 MiB, and RSS is to stay within half the limit (docs/benchmarks.md).
    assert 0 < percent <= 25
    assert "-XX:+ExitOnOutOfMemoryError" in options


def test_jvm_options_come_from_the_image_alone(overlay):
    _, docs = overlay
    iris = [(name, c) for name, spec, _ in pod_templates(docs) for c in spec["containers"]
            if re.fullmatch(r"(.*/)?iris-api(:.*)?", c["image"].split("@")[0])]
    assert {name for name, _ in iris} == {"iris-api", "iris-train"}
    for name, c in iris:
        assert "command" not in c, f"{name} replaces the image's ENTRYPOINT and with it the JVM options"
        assert not JVM_OPTION_VARIABLES & {e["name"] for e in c.get("env", [])}, name


def test_image_entrypoint_reads_the_jvm_options_file():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.search(r"^COPY docker/jvm\.options /app/jvm\.options$", dockerfile, re.M)
    [entrypoint] = re.findall(r"^ENTRYPOINT (.*)$", dockerfile, re.M)
    assert entrypoint.startswith('["java", "@/app/jvm.options"')
    assert not re.search(r"^ENV .*(" + "|".join(JVM_OPTION_VARIABLES) + ")", dockerfile, re.M)


def test_env_sources_provide_exactly_the_contract_variables(overlay):
    _, docs = overlay
    _, container = api_container(docs)
    names = {e["name"] for e in container["env"]}
    for source in container["envFrom"]:
        assert set(source) == {"configMapRef"}, "no Secret as environment: the keys come as a file"
        names |= set(one(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
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
