"""Delivery in production: keys as a mounted file, settings where they belong, named ports, egress
policies, training only when asked."""
import ipaddress
import os
import pathlib
import re
import subprocess
import tempfile

import pytest
import yaml

from conftest import OVERLAYS, REPO, find, load, one, pod_templates

MLFLOW_CREDENTIALS = {"MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN"}
DNS = {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
               "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
       "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}
BACKEND_STORE_SECRET = {"name": "mlflow-server-secrets", "key": "backend-store-uri"}
TO_MLFLOW = {"to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "mlflow-server"}}}],
             "ports": [{"protocol": "TCP", "port": "http"}]}


def api_pod(docs):
    pod = one(docs, "Deployment", "iris-api")["spec"]["template"]["spec"]
    [container] = pod["containers"]
    return pod, container


def secret_keys(docs):
    """The keys iris-api-secrets will hold: from the Secret itself or the ExternalSecret writing it."""
    secrets = find(docs, "Secret", "iris-api-secrets")
    if secrets:
        return set(secrets[0].get("data", {})) | set(secrets[0].get("stringData", {}))
    [external] = [e for e in find(docs, "ExternalSecret") if e["spec"]["target"]["name"] == "iris-api-secrets"]
    return set(external["spec"]["target"]["template"]["data"])


# ---- 1. API keys from a mounted file ---------------------------------------------------------------

def test_api_keys_come_as_a_mounted_file_never_as_a_variable(overlay):
    _, docs = overlay
    pod, container = api_pod(docs)
    env = {e["name"]: e for e in container["env"]}
    assert "API_KEY" not in env
    assert not any("secretRef" in source for source in container["envFrom"])
    path = pathlib.PurePosixPath(env["API_KEY_FILE"]["value"])
    [mount] = [m for m in container["volumeMounts"] if path.parent == pathlib.PurePosixPath(m["mountPath"])]
    assert mount["readOnly"] is True
    assert "subPath" not in mount, "a subPath mount never sees the Secret change"
    [volume] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    assert volume["secret"]["secretName"] == "iris-api-secrets"
    assert volume["secret"]["items"] == [{"key": "api-keys", "path": path.name}]
    assert volume["secret"]["defaultMode"] & 0o007 == 0, "not readable by other users"
    assert "api-keys" in secret_keys(docs)


def test_secrets_hold_keys_and_mlflow_credentials_only(overlay):
    _, docs = overlay
    assert secret_keys(docs) <= {"api-keys"} | MLFLOW_CREDENTIALS
    for workload, pod, _ in pod_templates(docs):
        for container in pod["containers"]:
            for e in container.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref and workload == "mlflow-server":  # its database URI, from its own Secret
                    assert (e["name"], ref) == ("MLFLOW_BACKEND_STORE_URI", BACKEND_STORE_SECRET)
                elif ref:
                    assert e["name"] in MLFLOW_CREDENTIALS and ref == {
                        "name": "iris-api-secrets", "key": e["name"], "optional": True}, workload


def test_minikube_key_file_becomes_the_secret_under_its_own_name():
    kustomization = yaml.safe_load((REPO / "deploy/overlays/minikube/kustomization.yaml").read_text())
    [generator] = kustomization["secretGenerator"]
    assert generator["files"] == ["api-keys"]
    # A hashed name would roll the pods on every key change: the file is to change in place instead.
    assert generator["options"]["disableNameSuffixHash"] is True
    [secret] = find(load("minikube"), "Secret", "iris-api-secrets")
    assert set(secret["data"]) == {"api-keys"}


def test_external_secret_writes_the_key_file_from_secret_manager():
    for overlay, entry in (("dev", "iris-api-dev-key"), ("gke", "iris-api-key")):
        external = one(load(overlay), "ExternalSecret", "iris-api-secrets")["spec"]
        assert external["target"]["template"]["data"] == {"api-keys": "{{ .apiKeys }}"}
        assert [(d["secretKey"], d["remoteRef"]["key"]) for d in external["data"]] == [("apiKeys", entry)]
        assert re.fullmatch(r"\d+[smh]", external["refreshInterval"])


# ---- 3. Settings where they belong; every fact once -------------------------------------------------

def test_tracking_uri_is_in_the_config_map_and_stated_once():
    for overlay in OVERLAYS:
        config = one(load(overlay), "ConfigMap", "iris-api-config")["data"]
        assert config["MLFLOW_TRACKING_URI"] == "http://mlflow-server-service:5000", overlay
    stated = [p.relative_to(REPO) for p in REPO.glob("deploy/**/*.yaml") if "MLFLOW_TRACKING_URI:" in p.read_text()]
    assert stated == [pathlib.Path("deploy/base/configmap.yaml")], "an overlay restates the MLflow address"


def port_references(node, path=""):
    """(path, value) of every field that refers to a port, in any object."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}/{key}"
            if key in ("port", "targetPort") and not isinstance(value, dict):
                yield here, value
            elif key == "port" and isinstance(value, dict):  # Ingress backend: {name:} or {number:}
                yield here, value.get("name", value.get("number"))
            else:
                yield from port_references(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from port_references(value, f"{path}/{i}")


def test_manifests_refer_to_ports_by_name(overlay):
    _, docs = overlay
    for doc in docs:
        if doc["kind"] == "Service":  # its own port is where the Service defines it; targetPort is checked below
            assert all(isinstance(p["targetPort"], str) for p in doc["spec"]["ports"]), doc["metadata"]["name"]
            continue
        if doc["kind"] in ("Gateway", "HTTPRoute"):  # Gateway API takes numbers only (tests/deploy/test_gateway.py)
            continue
        for path, value in port_references(doc.get("spec", {})):
            if doc["kind"] == "NetworkPolicy" and value == 53 or "ipBlock" in str(doc) and value in (80, 443, 988, 3307):
                continue  # DNS and addresses outside the cluster have no pod port name
            assert isinstance(value, str), f"{doc['kind']}/{doc['metadata']['name']}{path}: {value}"


def test_port_8000_is_written_only_where_it_is_defined():
    found = []
    for path in sorted(REPO.glob("deploy/**/*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\b8000\b", line.split("#", 1)[0]):
                found.append((str(path.relative_to(REPO)), line.strip()))
    assert found == [("deploy/base/deployment.yaml", "containerPort: 8000"),
                     ("deploy/base/service.yaml", "port: 8000")]


def test_overlay_list_is_the_overlays_directory():
    assert OVERLAYS == sorted(p.name for p in (REPO / "deploy/overlays").iterdir() if p.is_dir())
    listed = subprocess.run(["make", "-s", "--no-print-directory", "-f", "Makefile", "-f", "-", "print-overlays"],
                            cwd=REPO, input="print-overlays:\n\t@echo $(OVERLAYS)\n", capture_output=True,
                            text=True, check=True).stdout.split()
    assert sorted(listed) == OVERLAYS
    assert {p.stem for p in pathlib.Path(os.environ.get("RENDERED", REPO / ".tools/rendered")).glob("*.yaml")} \
        >= set(OVERLAYS)


# ---- Egress ------------------------------------------------------------------------------------------

def policy(docs, name):
    spec = one(docs, "NetworkPolicy", name)["spec"]
    assert set(spec["policyTypes"]) == {"Ingress", "Egress"}, name
    return spec


def test_api_and_training_pods_reach_dns_and_mlflow_only(overlay):
    _, docs = overlay
    for name in ("iris-api", "iris-train"):
        assert policy(docs, name)["egress"] == [DNS, TO_MLFLOW], name


def test_mlflow_server_calls_out_only_where_its_artifacts_are(overlay):
    name, docs = overlay
    egress = policy(docs, "mlflow-server")["egress"]
    if name != "gke":
        assert egress == [], "artifacts on its own volume: no egress at all"
        return
    assert egress[0] == DNS
    external = [rule for rule in egress[1:]]
    assert all(set(rule["to"][0]) == {"ipBlock"} for rule in external)
    assert {p["port"] for rule in external for p in rule["ports"]} == {443, 80, 988, 3307}
    [https] = [rule for rule in external if rule["ports"] == [{"protocol": "TCP", "port": 443}]]
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} <= set(https["to"][0]["ipBlock"]["except"])
    [database] = [rule for rule in external if rule["ports"] == [{"protocol": "TCP", "port": 3307}]]
    assert ipaddress.ip_network(database["to"][0]["ipBlock"]["cidr"]).is_private, "Cloud SQL over its private IP"
    metadata = {rule["to"][0]["ipBlock"]["cidr"] for rule in external if rule not in (https, database)}
    assert metadata == {"169.254.169.254/32", "169.254.169.252/32"}, "only the GKE metadata server"


# ---- 2. Training is its own step ---------------------------------------------------------------------

def test_no_synced_overlay_trains_on_a_sync(overlay):
    _, docs = overlay
    assert not find(docs, "Job"), "a Job in an overlay runs on every sync"
    for doc in docs:
        assert not any(k.startswith("argocd.argoproj.io/hook") for k in doc["metadata"].get("annotations", {})), \
            f"{doc['kind']}/{doc['metadata']['name']} is an Argo CD hook"
    [cron] = find(docs, "CronJob")
    assert cron["metadata"]["name"] == "iris-train"
    assert cron["spec"]["suspend"] is True
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    [container] = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["args"][0] == "train" and "--promote" not in container["args"], "promotion keeps its rule"


@pytest.mark.skipif("KUSTOMIZE" not in os.environ, reason="run through `make validate`, which passes KUSTOMIZE")
def test_training_schedule_component_unsuspends_the_same_template():
    # An overlay opting in, written inside the repository: kustomize takes relative paths only.
    with tempfile.TemporaryDirectory(dir=REPO / ".tools") as opting_in:
        relative = lambda path: os.path.relpath(REPO / path, opting_in)
        (pathlib.Path(opting_in) / "kustomization.yaml").write_text(yaml.safe_dump({
            "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "resources": [relative("deploy/overlays/dev")],
            "components": [relative("deploy/components/training-schedule")]}))
        rendered = subprocess.run([os.environ["KUSTOMIZE"], "build", opting_in], check=True, capture_output=True,
                                  text=True).stdout
    scheduled = [d for d in yaml.safe_load_all(rendered) if d and d["kind"] == "CronJob"]
    [plain] = find(load("dev"), "CronJob")
    assert len(scheduled) == 1 and scheduled[0]["spec"]["suspend"] is False
    assert scheduled[0]["spec"]["jobTemplate"] == plain["spec"]["jobTemplate"]
    assert not any(d["kind"] == "Job" for d in yaml.safe_load_all(rendered) if d)


def test_make_k8s_deploy_never_trains():
    makefile = (REPO / "Makefile").read_text()
    deploy = re.search(r"^k8s-deploy:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "job" not in deploy.lower() and "train" not in deploy
    train = re.search(r"^k8s-train:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    script = (REPO / "scripts/k8s-train.sh").read_text()
    assert "k8s-train.sh" in train
    assert "kubectl delete job iris-train" in script and "--from=cronjob/iris-train" in script
