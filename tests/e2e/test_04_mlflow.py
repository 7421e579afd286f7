"""MLflow in the cluster: the server runs on its volume, the training step registers a version and moves
`champion`, and every API pod switches to it without a restart."""
import json

from cluster import NAMESPACE, api_pods, champion, kubectl, kubectl_json, make, pod_get, pods, wait_until

def test_mlflow_runs_on_its_volume():
    claim = kubectl_json("get", "pvc", "mlflow-data", "-n", NAMESPACE)
    assert claim["status"]["phase"] == "Bound", claim["status"]
    pod = pods("app.kubernetes.io/name=mlflow-server")[0]
    volume = next(v for v in pod["spec"]["volumes"] if v["name"] == "data")
    assert volume["persistentVolumeClaim"]["claimName"] == "mlflow-data"
    listing = kubectl("exec", "-n", NAMESPACE, pod["metadata"]["name"], "--", "ls", "/mlflow").stdout.split()
    assert "mlflow.db" in listing, f"no SQLite store on the volume: {listing}"


def test_training_registers_a_champion_and_every_api_pod_follows():
    before = {p["metadata"]["name"]: p["metadata"]["uid"] for p in api_pods()}
    make("k8s-train", timeout=600)
    version = wait_until("a champion version in MLflow", champion, timeout=60)

    def served():
        versions = {name: json.loads(pod_get(name, 8000, "/health"))["model_version"] for name in before}
        return all(v == version for v in versions.values()) and versions
    wait_until(f"every API pod serving champion version {version}", served, timeout=150, interval=5)
    after = {p["metadata"]["name"]: p for p in api_pods()}
    for name, uid in before.items():
        assert name in after and after[name]["metadata"]["uid"] == uid, f"{name} was replaced"
        assert after[name]["status"]["containerStatuses"][0]["restartCount"] == 0, f"{name} restarted"
