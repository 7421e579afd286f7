"""Admission: the real apiserver accepts every rendered overlay and argocd/ without a warning, and its
PodSecurity admission and field validation refuse deliberately broken copies."""
import copy
import json
import os
from pathlib import Path

import pytest
import yaml

from cluster import NAMESPACE, ROOT, kubectl, run

RENDERED = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "deploy/overlays").iterdir() if p.is_dir()) \
    + ["argocd", "argocd/local"]


def render(path):
    return run(os.environ.get("KUSTOMIZE", "kustomize"), "build", path).stdout


def objects(path):
    return [o for o in yaml.safe_load_all(render(path)) if o]


@pytest.fixture(scope="module", autouse=True)
def crds_and_namespaces():
    """Dry runs need the CRDs of the kinds they contain and the namespaces they write to."""
    crds = os.environ.get("E2E_CRDS")
    assert crds and Path(crds).is_dir(), "E2E_CRDS must name a folder of the Argo CD and External Secrets CRDs"
    kubectl("apply", "--server-side", "--force-conflicts", "-f", crds)
    kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
    namespaces = {"argocd"} | {o["metadata"]["namespace"] for p in RENDERED for o in objects(p)
                               if o["metadata"].get("namespace")}
    for path in RENDERED:
        for o in objects(path):
            if o["kind"] == "Namespace":
                kubectl("apply", "-f", "-", input=json.dumps(o))
                namespaces.discard(o["metadata"]["name"])
    for name in namespaces:
        kubectl("create", "namespace", name, check=False)


@pytest.mark.parametrize("path", RENDERED)
def test_accepted_without_warnings(path):
    proc = kubectl("apply", "--dry-run=server", "-f", "-", input=render(path), check=False)
    assert proc.returncode == 0, f"the apiserver refused {path}:\n{proc.stderr}"
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("Warning")]
    assert not warnings, f"the apiserver warned about {path}:\n" + "\n".join(warnings)


def api_pod():
    """A Pod made from the minikube API Deployment's template, as its ReplicaSet would create it."""
    deployment = next(o for o in objects("deploy/overlays/minikube")
                      if o["kind"] == "Deployment" and o["metadata"]["name"] == "iris-api")
    template = deployment["spec"]["template"]
    # Its ServiceAccount does not exist before the deploy; the namespace's default one does.
    template["spec"].pop("serviceAccountName")
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "admission-probe", "namespace": NAMESPACE, "labels": template["metadata"]["labels"]},
            "spec": template["spec"]}


def refused(manifest):
    proc = kubectl("apply", "--dry-run=server", "-f", "-", input=json.dumps(manifest), check=False)
    assert proc.returncode != 0, f"the apiserver accepted a broken {manifest['kind']}"
    return proc.stderr


def test_the_unchanged_pod_is_admitted():
    proc = kubectl("apply", "--dry-run=server", "-f", "-", input=json.dumps(api_pod()), check=False)
    assert proc.returncode == 0 and "Warning" not in proc.stderr, proc.stderr


def test_a_root_container_is_refused():
    pod = api_pod()
    pod["spec"]["securityContext"].update(runAsUser=0, runAsNonRoot=False)
    assert 'violates PodSecurity "restricted' in refused(pod)


def test_a_privileged_container_is_refused():
    pod = api_pod()
    pod["spec"]["containers"][0]["securityContext"].update(privileged=True, allowPrivilegeEscalation=True)
    assert 'violates PodSecurity "restricted' in refused(pod)


def test_an_unknown_field_is_refused():
    deployment = copy.deepcopy(next(o for o in objects("deploy/overlays/minikube") if o["kind"] == "Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePullPolcy"] = "Never"
    assert 'unknown field "spec.template.spec.containers[0].imagePullPolcy"' in refused(deployment)
