"""Backup and restore of the model registry, for real: versions registered by the jar's own training into a local
MLflow server (`make mlflow-server`, SQLite and artifacts in its own directory), `champion` moved by hand, a backup
taken while that server runs (`make registry-backup`), a restore into an empty registry under a running server
(`make registry-restore`), and the jar started on the restored registry serves the same champion. Loopback only."""
import json
import os
import random
import signal
import socket
import subprocess
import urllib.request

import pytest
from mlflow import MlflowClient

from launcher import HOST, JAR, ROOT, Service, wait_for

MODEL = "iris-classifier"
API_KEY = "registry-test-key"
PORTS = range(19000, 20000)


def free_port():
    """A free port of the range this suite may use, so that it never meets another suite's fixed ports."""
    for port in random.sample(PORTS, 50):
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
                return port
            except OSError:
                continue
    raise RuntimeError(f"no free port in {PORTS}")


def make(*args, env=None, check=True):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, check=check)


class MlflowServer:
    """`make mlflow-server` on its own port and directory, stopped with its process group."""

    def __init__(self, data, log):
        self.data, self.port = data, free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.proc = subprocess.Popen(["make", "--no-print-directory", "mlflow-server", f"MLFLOW_PORT={self.port}",
                                      f"MLFLOW_DATA={data}"], cwd=ROOT, stdout=open(log, "wb"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"{self.url}/health", 90, self.proc, interval=0.2)

    def stop(self):
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@pytest.fixture
def server_on(tmp_path):
    started = []

    def start(name):
        started.append(MlflowServer(tmp_path / name, tmp_path / f"mlflow-{name}.log"))
        return started[-1]
    yield start
    for server in started:
        server.stop()


def train(tracking_uri, out, algorithm):
    subprocess.run(["java", "-jar", str(JAR), "train", "--output", str(out), "--algorithm", algorithm],
                   env={**os.environ, "MLFLOW_TRACKING_URI": tracking_uri}, capture_output=True, check=True,
                   timeout=120)


def registry(url):
    """Every version with its run and source, and the version `champion` names."""
    client = MlflowClient(tracking_uri=url, registry_uri=url)
    versions = sorted((v.version, v.run_id, v.source) for v in client.search_model_versions(f"name='{MODEL}'"))
    return versions, client.get_model_version_by_alias(MODEL, "champion").version


def test_a_restored_registry_serves_the_same_champion(server_on, tmp_path):
    assert JAR.exists(), "run `make build` first"
    source = server_on("source")
    for algorithm in ("Logistic", "J48"):
        train(source.url, tmp_path / algorithm, algorithm)
    # Not the latest version, so that only the restored alias can name it.
    MlflowClient(tracking_uri=source.url).set_registered_model_alias(MODEL, "champion", "1")
    before = registry(source.url)
    assert [v[0] for v in before[0]] == ["1", "2"] and before[1] == "1"

    backup = tmp_path / "registry.tar.gz"
    make("registry-backup", f"MLFLOW_DATA={source.data}", f"BACKUP={backup}")
    source.stop()

    target = server_on("target")
    assert not MlflowClient(tracking_uri=target.url).search_registered_models(), "the target starts empty"
    make("registry-restore", f"MLFLOW_DATA={target.data}", f"BACKUP={backup}")
    assert registry(target.url) == before
    # Never a merge: a registry that holds anything is left as it is.
    refused = make("registry-restore", f"MLFLOW_DATA={target.data}", f"BACKUP={backup}", check=False)
    assert refused.returncode != 0 and "restore goes into an empty registry only" in refused.stderr, refused.stderr
    assert registry(target.url) == before

    jar = Service(tmp_path / "iris-api.log", API_KEY, port=free_port(), admin_port=free_port(),
                  env={"MLFLOW_TRACKING_URI": target.url, "MODEL_URI": f"models:/{MODEL}@champion",
                       "MODEL_DIR": "", "ENVIRONMENT": "production"}).start()
    try:
        jar.wait_ready(90)
        with urllib.request.urlopen(f"{jar.url}/health", timeout=5) as response:
            health = json.load(response)
    finally:
        jar.stop()
    assert health["model_version"] == "1", health

