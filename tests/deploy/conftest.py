"""Loads what `make render` wrote to $RENDERED: one multi-document YAML file per overlay."""
import os
import pathlib

import pytest
import yaml

RENDERED = pathlib.Path(os.environ.get("RENDERED", pathlib.Path(__file__).parents[2] / ".tools/rendered"))
REPO = pathlib.Path(__file__).resolve().parents[2]
# Every directory of deploy/overlays is an overlay (the Makefile's list comes from there too).
OVERLAYS = sorted(p.name for p in (REPO / "deploy/overlays").iterdir() if (p / "kustomization.yaml").exists())
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


def namespace(overlay: str) -> str:
    """The namespace an overlay deploys into: the one Namespace object it creates."""
    [ns] = find(load(overlay), "Namespace")
    return ns["metadata"]["name"]


def pod_templates(docs: list) -> list:
    """(workload name, pod spec, pod metadata) for every Deployment, Job and CronJob."""
    templates = []
    for d in docs:
        spec = d["spec"]["jobTemplate"]["spec"] if d["kind"] == "CronJob" else d.get("spec", {})
        if d["kind"] in ("Deployment", "Job", "CronJob"):
            templates.append((d["metadata"]["name"], spec["template"]["spec"], spec["template"]["metadata"]))
    return templates


@pytest.fixture(params=OVERLAYS)
def overlay(request):
    return request.param, load(request.param)
