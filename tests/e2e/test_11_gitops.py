"""GitOps: the project's AppProject and ApplicationSet, pointed at the project's repository served beside the
cluster, sync the overlay meant for a local Argo CD to Synced/Healthy; a commit to that overlay is applied
without a manual step; a deleted Deployment comes back (self-heal); and while the HPA holds more replicas than
the overlay states, Argo CD stays Synced and leaves them."""
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from cluster import NAMESPACE, ROOT, SETOSA, api_key, champion, http, kubectl, kubectl_json, make, run, wait_until
from load import Load

pytestmark = pytest.mark.skipif(not os.environ.get("E2E_ARGOCD"), reason="needs an Argo CD beside the cluster")

APP = "iris-api-minikube-argocd"
UPSTREAM = "https://github.com/iris-api/iris-api"


@pytest.fixture(scope="module")
def repo_url():
    node = kubectl_json("get", "nodes")["items"][0]
    ip = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
    return f"git://{ip}/iris-api.git"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A clone of the repository Argo CD pulls from, to commit to; pushed by path."""
    bare = ROOT / ".cluster/git/iris-api.git"
    work = tmp_path_factory.mktemp("gitops") / "iris-api"
    run("git", "clone", "-q", "-b", "main", str(bare), str(work))
    for key, value in (("user.name", "e2e"), ("user.email", "e2e@iris-api.invalid")):
        run("git", "-C", str(work), "config", key, value)
    return work


def app():
    return kubectl_json("get", "application", APP, "-n", "argocd")


def synced_and_healthy(revision=None):
    status = app().get("status", {})
    sync, health = status.get("sync", {}), status.get("health", {})
    ok = sync.get("status") == "Synced" and health.get("status") == "Healthy" \
        and (revision is None or sync.get("revision") == revision)
    return ok and status


def test_the_application_set_syncs_the_local_overlay(repo_url):
    # The kubectl deployment of the tests before gives way to the one Argo CD makes.
    make("k8s-clean", timeout=300)
    rendered = run(os.environ.get("KUSTOMIZE", "kustomize"), "build", "argocd/local").stdout
    assert UPSTREAM in rendered
    kubectl("apply", "-n", "argocd", "-f", "-", input=rendered.replace(UPSTREAM, repo_url))
    started = time.monotonic()
    wait_until(f"Application {APP} generated", lambda: kubectl("get", "application", APP, "-n", "argocd",
                                                                check=False).returncode == 0, timeout=60)
    wait_until(f"{APP} Synced and Healthy", synced_and_healthy, timeout=600, interval=5)
    print(f"\ngitops: first sync Synced/Healthy in {time.monotonic() - started:.0f} s")


def test_an_image_bump_is_applied_without_training(checkout):
    """As CI bumps dev: a commit that changes the overlay's image tag (a second tag of the same image, made by
    cluster-test) rolls the API out, runs no training Job and leaves `champion` where it was."""
    champion_before = champion()
    jobs_before = {j["metadata"]["uid"] for j in kubectl_json("get", "jobs", "-n", NAMESPACE)["items"]}
    overlay = checkout / "deploy/overlays/minikube-argocd/kustomization.yaml"
    overlay.write_text(overlay.read_text() + "images:\n  - name: iris-api\n    newTag: bump\n")
    run("git", "-C", str(checkout), "commit", "-qam", "e2e: minikube-argocd on iris-api:bump")
    run("git", "-C", str(checkout), "push", "-q", "origin", "main")
    revision = run("git", "-C", str(checkout), "rev-parse", "HEAD").stdout.strip()
    started = time.monotonic()
    wait_until(f"{APP} at {revision[:8]}", lambda: synced_and_healthy(revision), timeout=300, interval=3)
    images = {c["image"] for c in kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)
              ["spec"]["template"]["spec"]["containers"]}
    assert images == {"iris-api:bump"}, images
    print(f"\ngitops: image bump applied and Healthy in {time.monotonic() - started:.0f} s")
    jobs_after = {j["metadata"]["uid"] for j in kubectl_json("get", "jobs", "-n", NAMESPACE)["items"]}
    assert jobs_after == jobs_before, "the sync ran a training Job"
    assert champion() == champion_before, f"champion moved from {champion_before} to {champion()}"


def test_a_deleted_deployment_is_restored():
    uid = kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)["metadata"]["uid"]
    kubectl("delete", "deployment", "iris-api", "-n", NAMESPACE, "--wait=false")
    started = time.monotonic()

    def restored():
        d = kubectl("get", "deployment", "iris-api", "-n", NAMESPACE, "-o", "json", check=False)
        return d.returncode == 0 and json.loads(d.stdout)["metadata"]["uid"] != uid
    wait_until("the deleted Deployment recreated by Argo CD", restored, timeout=120)
    wait_until(f"{APP} Synced and Healthy after self-heal", synced_and_healthy, timeout=300, interval=5)
    print(f"\ngitops: self-heal restored the Deployment and was Healthy in {time.monotonic() - started:.0f} s")


def test_the_replicas_the_hpa_holds_are_left_alone(api_url):
    # The Secret Argo CD created empty gets the minikube key; the pods read it from the mounted file.
    make("k8s-keys", timeout=120)
    key = api_key()
    wait_until("the minikube key accepted", lambda: http("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": key})[0] == 200,
               timeout=240, interval=5)
    stated = 2
    batch = json.dumps({"instances": [SETOSA] * 1000}).encode()
    with Load("POST", f"{api_url}/predict/batch", batch, {"X-API-Key": key}, workers=6, max_seconds=420):
        held = wait_until("the HPA holding more replicas than the overlay states", lambda: (
            r := kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)["spec"]["replicas"]) > stated and r,
            timeout=400, interval=5)
    # Argo CD compares every 15 s: two rounds later it must still be Synced and the replicas the HPA's.
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        status = app()["status"]
        assert status["sync"]["status"] == "Synced", f"Argo CD sees the HPA's replicas as drift: {status['sync']}"
        replicas = kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)["spec"]["replicas"]
        assert replicas >= held - 1 > stated - 1, f"the replicas went from {held} to {replicas}"
        time.sleep(5)
    print(f"\ngitops: the HPA held {held} replicas (the overlay states {stated}); Argo CD stayed Synced")
