"""Deploy: `make k8s-deploy` rolls the minikube overlay out with the real image; every pod becomes Ready
through its own probes, and the API process runs as the manifests promise (read from inside the pod)."""
from cluster import NAMESPACE, api_pods, kubectl, kubectl_json, make, pods, rolled_out, wait_until


def test_k8s_deploy_rolls_out():
    make("k8s-deploy", timeout=600)
    rolled_out("mlflow-server")


def test_every_pod_ready_through_its_probes():
    def all_ready():
        seen = [p for p in pods("app.kubernetes.io/component in (api,tracking)")
                if not p["metadata"].get("deletionTimestamp")]
        ready = [p for p in seen if all(c.get("ready") and c.get("started") for c in p["status"].get("containerStatuses", []))
                 and p["status"].get("containerStatuses")]
        return len(ready) == len(seen) >= 3 and seen
    for pod in wait_until("every API and MLflow pod Ready", all_ready, timeout=300):
        container = pod["spec"]["containers"][0]
        missing = [p for p in ("startupProbe", "readinessProbe", "livenessProbe") if p not in container]
        assert not missing, f"{pod['metadata']['name']} has no {missing}"
        status = pod["status"]["containerStatuses"][0]
        assert status["restartCount"] == 0, f"{pod['metadata']['name']} restarted: {status}"


def process_status(pod):
    out = kubectl("exec", "-n", NAMESPACE, pod, "-c", "iris-api", "--", "cat", "/proc/1/status").stdout
    return dict(line.split(":\t", 1) for line in out.splitlines() if ":\t" in line)


def test_api_process_is_unprivileged_on_a_read_only_root():
    for pod in api_pods():
        name = pod["metadata"]["name"]
        status = process_status(name)
        assert status["Uid"].split()[:2] == ["10001", "10001"], f"{name}: Uid {status['Uid']}"
        for capabilities in ("CapEff", "CapPrm", "CapBnd"):
            assert int(status[capabilities].strip(), 16) == 0, f"{name}: {capabilities} {status[capabilities]}"
        assert status["NoNewPrivs"].strip() == "1", f"{name}: NoNewPrivs {status['NoNewPrivs']}"
        root = next(line.split() for line in kubectl(
            "exec", "-n", NAMESPACE, name, "-c", "iris-api", "--", "cat", "/proc/1/mounts").stdout.splitlines()
            if line.split()[1] == "/")
        assert "ro" in root[3].split(","), f"{name}: / is mounted {root[3]}"
        write = kubectl("exec", "-n", NAMESPACE, name, "-c", "iris-api", "--", "touch", "/written", check=False)
        assert write.returncode != 0 and "Read-only file system" in write.stderr, write.stderr


def test_api_pods_run_the_local_image():
    for pod in api_pods():
        assert pod["spec"]["containers"][0]["image"] == "iris-api:local"
    assert kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)["status"].get("availableReplicas", 0) >= 2
