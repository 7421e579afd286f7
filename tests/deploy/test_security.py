"""Pod Security Standards "restricted", and no secret value anywhere in git."""
import subprocess

import yaml

from conftest import REPO, find, pod_templates

# Volume types that the restricted profile allows.
ALLOWED_VOLUMES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                   "persistentVolumeClaim", "projected", "secret"}


def test_namespace_enforces_restricted(overlay):
    _, docs = overlay
    [namespace] = find(docs, "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_every_pod_template_passes_pss_restricted(overlay):
    _, docs = overlay
    for workload, pod, _ in pod_templates(docs):
        context = pod.get("securityContext", {})
        assert not any(pod.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")), workload
        for volume in pod.get("volumes", []):
            kinds = set(volume) - {"name"}
            assert kinds <= ALLOWED_VOLUMES, f"{workload}: volume {volume['name']} is {kinds}"
        assert context.get("seccompProfile", {}).get("type") in ("RuntimeDefault", "Localhost"), workload
        for container in pod["containers"] + pod.get("initContainers", []):
            own = container.get("securityContext", {})
            assert own.get("runAsNonRoot", context.get("runAsNonRoot")) is True, workload
            assert own.get("runAsUser", context.get("runAsUser")) not in (None, 0), workload
            assert own.get("allowPrivilegeEscalation") is False, workload
            assert not own.get("privileged"), workload
            assert "ALL" in own.get("capabilities", {}).get("drop", []), workload
            assert set(own.get("capabilities", {}).get("add", [])) <= {"NET_BIND_SERVICE"}, workload
            assert own.get("readOnlyRootFilesystem") is True, workload
            assert not any(p.get("hostPort") for p in container.get("ports", [])), workload


def test_no_secret_in_git_carries_data():
    tracked = subprocess.run(["git", "ls-files", "*.yaml", "*.yml"], cwd=REPO, check=True,
                             capture_output=True, text=True).stdout.split()
    secrets = [(path, doc) for path in tracked
               for doc in yaml.safe_load_all((REPO / path).read_text())
               if isinstance(doc, dict) and doc.get("kind") == "Secret"]
    assert secrets, "the base should declare the Secret's shape"
    for path, secret in secrets:
        values = {**secret.get("data", {}), **secret.get("stringData", {})}
        assert not any(values.values()), f"{path}: Secret {secret['metadata']['name']} carries data"


def test_minikube_key_file_is_ignored():
    keys = "deploy/overlays/minikube/api-keys"
    assert subprocess.run(["git", "check-ignore", "-q", keys], cwd=REPO).returncode == 0
    tracked = subprocess.run(["git", "ls-files", "deploy/overlays/minikube"], cwd=REPO, check=True,
                             capture_output=True, text=True).stdout.split()
    assert tracked == ["deploy/overlays/minikube/kustomization.yaml"]
