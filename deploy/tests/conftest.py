"""Loads what `make render` wrote to $RENDERED: one multi-document YAML file per overlay."""
import os
import pathlib

import pytest
import yaml

RENDERED = pathlib.Path(os.environ.get("RENDERED", pathlib.Path(__file__).parents[2] / ".tools/rendered"))
REPO = pathlib.Path(__file__).resolve().parents[2]
# Overlays that deploy the service, with the namespace each must land in.
OVERLAYS = {"dev": "iris-dev", "minikube": "mlops", "minikube-argocd": "mlops", "gke": "mlops"}
# The three environments the issue asks to differ from one another.
ENVIRONMENTS = ["dev", "minikube", "gke"]


def load(name: str) -> list:
    path = RENDERED / f"{name}.yaml"
    if not path.exists():
        pytest.fail(f"{path} missing: run `make render` first")
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def find(docs: list, kind: str, name: str | None = None) -> list:
    return [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]


def one(docs: list, kind: str, name: str) -> dict:
    found = find(docs, kind, name)
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def pod_templates(docs: list) -> list:
    """(workload name, pod spec, pod metadata) for every Deployment and Job."""
    return [(d["metadata"]["name"], d["spec"]["template"]["spec"], d["spec"]["template"]["metadata"])
            for d in docs if d["kind"] in ("Deployment", "Job")]


@pytest.fixture(params=list(OVERLAYS))
def overlay(request):
    return request.param, load(request.param)
