"""The registry outlives its Application: deleting the Argo CD Application deletes what it deployed (its
foreground finalizer), except the objects marked Delete=false (the MLflow claim, its volume, the namespace);
the ApplicationSet recreates the Application, and `champion` and every registered version are still there."""
import json
import os
import time

import pytest

from cluster import MODEL, NAMESPACE, champion, kubectl, make, mlflow_pod, wait_until
from test_11_gitops import APP, synced_and_healthy

pytestmark = pytest.mark.skipif(not os.environ.get("E2E_ARGOCD"), reason="needs an Argo CD beside the cluster")


def versions():
    """Every registered version of the model with its run, asked of the MLflow server from inside its pod."""
    code = ("import json, urllib.parse as p, urllib.request as u\n"
            f"q = p.urlencode({{'filter': \"name='{MODEL}'\", 'max_results': 1000}})\n"
            "r = json.load(u.urlopen('http://localhost:5000/api/2.0/mlflow/model-versions/search?' + q, timeout=10))\n"
            "print(json.dumps(sorted([v['version'], v['run_id']] for v in r.get('model_versions', []))))\n")
    out = wait_until("an answer from MLflow's search API", lambda: kubectl(
        "exec", "-n", NAMESPACE, mlflow_pod(), "--", "python3", "-c", code, timeout=60).stdout.strip(), timeout=60)
    return json.loads(out)


def uid(kind, name, namespace=NAMESPACE):
    found = kubectl("get", kind, name, "-n", namespace, "-o", "json", check=False)
    return json.loads(found.stdout)["metadata"]["uid"] if found.returncode == 0 else None


def test_deleting_and_recreating_the_application_keeps_the_registry():
    if champion() is None:
        make("k8s-train", timeout=600)
    champion_before, versions_before = champion(), versions()
    assert champion_before and versions_before
    claim, server, app = uid("pvc", "mlflow-data"), uid("deployment", "mlflow-server"), uid("application", APP, "argocd")

    started = time.monotonic()
    kubectl("delete", "application", APP, "-n", "argocd", "--wait=true", "--timeout=300s", timeout=320)
    wait_until("the Application's MLflow server deleted with it", lambda: uid("deployment", "mlflow-server") != server,
               timeout=120)
    assert uid("pvc", "mlflow-data") == claim, "the registry's claim went with the Application"
    print(f"\nregistry: Application deleted in {time.monotonic() - started:.0f} s, claim {claim} kept")

    wait_until(f"{APP} recreated by the ApplicationSet", lambda: uid("application", APP, "argocd") not in (None, app),
               timeout=180)
    wait_until(f"{APP} Synced and Healthy again", synced_and_healthy, timeout=600, interval=5)
    assert uid("pvc", "mlflow-data") == claim
    assert champion() == champion_before
    assert versions() == versions_before
    print(f"registry: recreated and Healthy in {time.monotonic() - started:.0f} s; champion {champion_before} and "
          f"{len(versions_before)} version(s) kept")
