"""The workflows: images only from green CI, by digest, the dev bump as a pull request, least privilege."""
import re

import yaml

from conftest import REPO, load, one

WORKFLOWS = REPO / ".github" / "workflows"


def workflow(name):
    text = (WORKFLOWS / name).read_text()
    doc = yaml.safe_load(text)
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return text, doc


def test_every_action_is_pinned_by_sha_and_every_job_states_its_permissions():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text, doc = workflow(path.name)
        for uses in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{path.name}: {uses} not pinned by SHA"
        top = doc.get("permissions")
        assert top in ({}, {"contents": "read"}), f"{path.name}: top-level permissions {top}"
        if top == {}:
            assert all("permissions" in job for job in doc["jobs"].values()), path.name


def test_images_are_built_only_from_commits_whose_ci_passed():
    _, ci = workflow("ci.yml")
    _, image = workflow("image.yml")
    assert set(image["on"]) == {"workflow_run"}, "no push, dispatch or pull_request trigger that skips CI"
    run = image["on"]["workflow_run"]
    assert run["workflows"] == [ci["name"]] and run["types"] == ["completed"]
    assert set(run["branches"]) == {"main", "v*"}
    assert ci["on"]["push"]["branches"] == ["main"] and ci["on"]["push"]["tags"] == ["v*"]
    build = image["jobs"]["build"]
    assert "workflow_run.conclusion == 'success'" in build["if"] and "event == 'push'" in build["if"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}", "build the commit CI tested"
    assert build["permissions"] == {"contents": "read", "packages": "write", "id-token": "write"}


def test_dev_bump_is_a_pull_request_by_digest_never_a_push_to_main():
    text, image = workflow("image.yml")
    bump = image["jobs"]["bump-dev"]
    assert bump["needs"] == "build"
    assert bump["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert bump["env"]["IMAGE_REF"] == "${{ needs.build.outputs.image }}@${{ needs.build.outputs.digest }}"
    assert image["jobs"]["build"]["outputs"]["digest"] == "${{ steps.push.outputs.digest }}"
    script = "\n".join(s.get("run", "") for s in bump["steps"])
    assert "gh pr create --base main" in script
    pushes = re.findall(r"git push .*", script)
    assert pushes and all("refs/heads/$BRANCH" in p for p in pushes)
    assert bump["env"]["BRANCH"].startswith("gitops/")
    assert not re.search(r"HEAD:main|origin main\b", text)


def test_release_tags_push_the_version_the_gke_overlay_pins():
    text, _ = workflow("image.yml")
    assert "^v([0-9]+\\.[0-9]+\\.[0-9]+)$" in text and 'tags+=("${BASH_REMATCH[1]}")' in text
    assert '-docker.pkg.dev/$GCP_PROJECT/iris-api/iris-api' in text
    api = one(load("gke"), "Deployment", "iris-api")["spec"]["template"]["spec"]["containers"][0]["image"]
    assert re.fullmatch(r"[a-z0-9-]+-docker\.pkg\.dev/[^/]+/iris-api/iris-api:\d+\.\d+\.\d+", api)
