"""The Applications that the ApplicationSet generates: valid, allowed by the project, and
syncing overlays that exist, into the namespace those overlays use."""
import copy
import os
import re
import subprocess

import pytest
import yaml

from conftest import REPO, load, namespace, one

FIELD = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")


def expand(node, values):
    """Argo CD's goTemplate substitution, for the {{.field}} form used here."""
    if isinstance(node, dict):
        return {expand(k, values): expand(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [expand(v, values) for v in node]
    if isinstance(node, str):
        return FIELD.sub(lambda m: str(values[m.group(1)]), node)
    return node


def applications(rendered):
    docs = load(rendered)
    appset = one(docs, "ApplicationSet", "iris-api")
    apps = []
    for element in appset["spec"]["generators"][0]["list"]["elements"]:
        app = expand(copy.deepcopy(appset["spec"]["template"]), element)
        apps.append({"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", **app})
    return one(docs, "AppProject", "iris-api"), apps


@pytest.fixture(params=["argocd", "argocd-local"])
def generated(request):
    return applications(request.param)


def test_generated_applications_validate_against_the_crd(generated, tmp_path):
    _, apps = generated
    if "KUBECONFORM" not in os.environ:
        pytest.skip("run through `make validate`, which passes the kubeconform and schema paths")
    path = tmp_path / "applications.yaml"
    path.write_text(yaml.safe_dump_all(apps))
    result = subprocess.run([os.environ["KUBECONFORM"], "-strict", "-summary", "-schema-location",
                             os.environ["SCHEMAS"] + "/{{.ResourceKind}}{{.KindSuffix}}.json", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_applications_sync_existing_overlays_within_the_project(generated):
    project, apps = generated
    destinations = {d["namespace"] for d in project["spec"]["destinations"]}
    allowed = {(k["group"], k["kind"]) for k in project["spec"]["namespaceResourceWhitelist"]
               + project["spec"]["clusterResourceWhitelist"]}
    for app in apps:
        source = app["spec"]["source"]
        assert source["repoURL"] in project["spec"]["sourceRepos"]
        overlay = source["path"].removeprefix("deploy/overlays/")
        assert (REPO / source["path"] / "kustomization.yaml").exists()
        target = app["spec"]["destination"]["namespace"]
        assert target == namespace(overlay) and target in destinations
        for doc in load(overlay):
            group = doc["apiVersion"].rpartition("/")[0]
            assert (group, doc["kind"]) in allowed, f"{overlay}: {doc['kind']} not allowed by the project"


def test_sync_policy(generated):
    _, apps = generated
    for app in apps:
        policy = app["spec"]["syncPolicy"]
        assert policy["automated"] == {"prune": True, "selfHeal": True}
        assert "CreateNamespace=true" in policy["syncOptions"]
        assert policy["managedNamespaceMetadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        assert policy["retry"]["limit"] > 0
        assert "resources-finalizer.argocd.argoproj.io/foreground" in app["metadata"]["finalizers"]
        ignored = {(d["kind"], p) for d in app["spec"]["ignoreDifferences"] for p in d["jsonPointers"]}
        assert ("Deployment", "/spec/replicas") in ignored, "the HPA owns the replica count"


def test_local_argocd_syncs_only_minikube():
    _, apps = applications("argocd-local")
    assert [a["spec"]["source"]["path"] for a in apps] == ["deploy/overlays/minikube-argocd"]


# The objects whose deletion loses the registry: its claim, the volume under it, and the namespace holding both.
KEPT = ("PersistentVolumeClaim", "PersistentVolume", "Namespace")


def test_argocd_never_deletes_the_registrys_data(overlay):
    """The Applications' foreground finalizer deletes what they deployed: these objects opt out of that and of
    pruning (Argo CD's Delete=false and Prune=false sync options, on the object itself)."""
    name, docs = overlay
    kept = [d for d in docs if d["kind"] in KEPT]
    # gke's registry is outside the cluster (Cloud SQL, GCS); everywhere else it is on the claim.
    assert any(d["kind"] == "PersistentVolumeClaim" for d in kept) == (name != "gke")
    for doc in kept:
        value = doc["metadata"].get("annotations", {}).get("argocd.argoproj.io/sync-options", "")
        options = {option.strip() for option in value.split(",")}
        assert {"Delete=false", "Prune=false"} <= options, f"{doc['kind']}/{doc['metadata']['name']}: {value!r}"
