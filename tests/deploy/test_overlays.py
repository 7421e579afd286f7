"""How the overlays differ, and that each is wired together within its namespace."""
import itertools
import re

import pytest

from conftest import ENVIRONMENTS, REPO, find, load, namespace, one, pod_templates

CLUSTER_SCOPED = {"Namespace", "PersistentVolume"}


def api_image(docs):
    return one(docs, "Deployment", "iris-api")["spec"]["template"]["spec"]["containers"][0]["image"]


def secret_source(docs):
    """Where iris-api-secrets comes from: (kind, remote key or generated-ness)."""
    external = find(docs, "ExternalSecret", "iris-api-secrets")
    if external:
        return "ExternalSecret", external[0]["spec"]["data"][0]["remoteRef"]["key"]
    secret = one(docs, "Secret", "iris-api-secrets")
    return "Secret", "generated" if secret.get("data") else "placeholder"


def tracking_uri(docs):
    return one(docs, "ConfigMap", "iris-api-config")["data"]["MLFLOW_TRACKING_URI"]


def artifacts_destination(docs):
    args = one(docs, "Deployment", "mlflow-server")["spec"]["template"]["spec"]["containers"][0]["args"]
    return next(a.split("=", 1)[1] for a in args if a.startswith("--artifacts-destination="))


@pytest.mark.parametrize("aspect", [api_image, secret_source, artifacts_destination,
                                    lambda docs: one(docs, "Deployment", "iris-api")["spec"]["replicas"]],
                         ids=["image", "secret-source", "mlflow-artifacts", "replicas"])
def test_environments_differ(aspect):
    values = {env: aspect(load(env)) for env in ENVIRONMENTS}
    if aspect is artifacts_destination:  # dev and minikube both keep artifacts on MLflow's volume
        assert values["gke"].startswith("gs://") and values["dev"] == values["minikube"] == "/mlflow/artifacts"
        return
    for a, b in itertools.combinations(ENVIRONMENTS, 2):
        assert values[a] != values[b], f"{a} and {b} share {values[a]}"


def test_stated_differences():
    dev, minikube, gke = (load(env) for env in ENVIRONMENTS)
    assert namespace("dev") == "iris-dev" and namespace("gke") == namespace("minikube") == "mlops"
    assert one(dev, "Deployment", "iris-api")["spec"]["replicas"] == 1
    assert one(dev, "ConfigMap", "iris-api-config")["data"]["LOG_LEVEL"] == "DEBUG"
    assert one(gke, "Deployment", "iris-api")["spec"]["replicas"] == 3
    assert one(gke, "HorizontalPodAutoscaler", "iris-api-hpa")["spec"]["minReplicas"] == 3
    assert api_image(minikube) == "iris-api:local"
    for _, pod, _ in pod_templates(minikube):
        for container in pod["containers"]:
            if container["image"] == "iris-api:local":
                assert container["imagePullPolicy"] == "Never"
    service = one(minikube, "Service", "iris-api-service")["spec"]
    assert service["type"] == "NodePort" and service["ports"][0]["nodePort"] == 30080
    ingress = one(gke, "Ingress", "iris-api-ingress")["spec"]
    assert ingress["tls"][0]["secretName"]
    accounts = find(gke, "ServiceAccount")
    assert all("iam.gke.io/gcp-service-account" in a["metadata"].get("annotations", {}) for a in accounts)


def test_gke_images_are_pinned_in_artifact_registry():
    for workload, pod, _ in pod_templates(load("gke")):
        for container in pod["containers"] + pod.get("initContainers", []):
            image = container["image"]
            assert "-docker.pkg.dev/" in image, f"{workload}: {image} is not in Artifact Registry"
            tag = image.rsplit("@", 1)[1] if "@" in image else image.rsplit(":", 1)[1]
            assert tag and tag != "latest" and "/" not in tag, f"{workload}: {image} is not pinned"


def test_tracking_uri_reaches_mlflow_in_the_same_namespace(overlay):
    _, docs = overlay
    host, port = re.match(r"http://([^:/]+):(\d+)$", tracking_uri(docs)).groups()
    service = one(docs, "Service", "mlflow-server-service")
    assert host == "mlflow-server-service", "the short name resolves in the pod's own namespace"
    assert service["spec"]["ports"][0]["port"] == int(port)


def test_objects_land_in_the_overlay_namespace(overlay):
    name, docs = overlay
    for doc in docs:
        if doc["kind"] not in CLUSTER_SCOPED:
            assert doc["metadata"].get("namespace") == namespace(name), f"{doc['kind']}/{doc['metadata']['name']}"


def test_references_resolve(overlay):
    _, docs = overlay
    pods = {meta["labels"]["app.kubernetes.io/name"]: pod for _, pod, meta in pod_templates(docs)}
    for service in find(docs, "Service"):
        selected = service["spec"]["selector"]["app.kubernetes.io/name"]
        ports = {p["name"] for c in pods[selected]["containers"] for p in c.get("ports", [])}
        assert all(p["targetPort"] in ports for p in service["spec"]["ports"]), service["metadata"]["name"]
    claims = {c["metadata"]["name"] for c in find(docs, "PersistentVolumeClaim")}
    accounts = {a["metadata"]["name"] for a in find(docs, "ServiceAccount")}
    for name, pod in pods.items():
        assert pod["serviceAccountName"] in accounts, name
        for volume in pod.get("volumes", []):
            if "persistentVolumeClaim" in volume:
                assert volume["persistentVolumeClaim"]["claimName"] in claims, name
    policed = set()
    for policy in find(docs, "NetworkPolicy"):
        selector = policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        policed.add(selector)
    assert policed == set(pods), "every workload has a NetworkPolicy"


def test_kustomizations_use_current_fields_only():
    deprecated = re.compile(r"^(commonLabels|patchesStrategicMerge|patchesJson6902|bases|vars|imageTags):", re.M)
    files = list(REPO.glob("deploy/**/kustomization.yaml")) + list(REPO.glob("argocd/**/kustomization.yaml"))
    assert len(files) >= 8
    for path in files:
        assert not deprecated.search(path.read_text()), path


def mlflow_pod(docs):
    pod = one(docs, "Deployment", "mlflow-server")["spec"]["template"]["spec"]
    [server] = [c for c in pod["containers"] if c["name"] == "mlflow-server"]
    return pod, server, {e["name"]: e for e in server["env"]}


@pytest.mark.parametrize("name", ["dev", "minikube", "minikube-argocd"])
def test_registry_is_sqlite_on_the_claim(name):
    pod, server, env = mlflow_pod(load(name))
    assert env["MLFLOW_BACKEND_STORE_URI"]["value"] == "sqlite:////mlflow/mlflow.db"
    [mount] = [m for m in server["volumeMounts"] if m["mountPath"] == "/mlflow"]
    [volume] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    assert volume["persistentVolumeClaim"]["claimName"] == "mlflow-data"


def test_gke_registry_is_cloud_sql_through_the_auth_proxy():
    docs = load("gke")
    pod, server, env = mlflow_pod(docs)
    uri = env["MLFLOW_BACKEND_STORE_URI"]
    assert "value" not in uri, "the URI holds the database password: from a Secret only"
    ref = uri["valueFrom"]["secretKeyRef"]
    [external] = [e for e in find(docs, "ExternalSecret") if e["spec"]["target"]["name"] == ref["name"]]
    assert [d["secretKey"] for d in external["spec"]["data"]] == [ref["key"]]
    # A native sidecar: running before the server starts and until it has stopped.
    [proxy] = pod["initContainers"]
    assert proxy["restartPolicy"] == "Always" and "cloud-sql-proxy" in proxy["image"]
    assert "--port=5432" in proxy["args"] and not any(a.startswith("--address") for a in proxy["args"]), \
        "the database port stays on the pod's loopback"
    assert not any(a.startswith(("--credentials-file", "--json-credentials")) for a in proxy["args"]), \
        "Workload Identity, no key"
    assert "iam.gke.io/gcp-service-account" in one(docs, "ServiceAccount", pod["serviceAccountName"])["metadata"][
        "annotations"]
    assert not find(docs, "PersistentVolumeClaim"), "nothing of the registry is left on a claim"
    assert all("persistentVolumeClaim" not in v for v in pod["volumes"])
