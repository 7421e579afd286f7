"""The packaged jar serving its embedded model on free loopback ports, with traffic on every protocol, so that its
exposition holds the series rules and dashboards query; and promtool, as the Makefile installed it."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR = Path(os.environ.get("IRIS_JAR", ROOT / "app" / "target" / "iris-api.jar"))
COMPONENT = ROOT / "deploy" / "components" / "monitoring"
API_KEY = "metrics-test-key"
START_TIMEOUT_S = 90
ROW = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url, body=None, key=API_KEY):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["X-API-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None  # not listening yet


@pytest.fixture(scope="session")
def promtool():
    path = os.environ.get("PROMTOOL")
    if not path or not Path(path).exists():
        pytest.fail("PROMTOOL is not set to an installed promtool: run `make metrics-test`")
    return path


@pytest.fixture(scope="session")
def exposition():
    """The text of /prometheus after one request of each kind the rules and the dashboard count."""
    if not JAR.exists():
        pytest.fail(f"{JAR} is missing: run `make build` first")
    port, admin = free_port(), free_port()
    log = open(ROOT / "app" / "target" / "metrics-test-service.log", "w")
    process = subprocess.Popen(
        ["java", "-Ddw.server.applicationConnectors[0].bindHost=127.0.0.1",
         "-Ddw.server.adminConnectors[0].bindHost=127.0.0.1", "-jar", str(JAR), "server"],
        env={**os.environ, "API_KEY": API_KEY, "PORT": str(port), "ADMIN_PORT": str(admin),
             "ENVIRONMENT": "development", "MODEL_DIR": "", "MODEL_URI": ""},
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while call(f"{base}/health-check?type=ready", key=None) != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the service did not become ready; see {log.name}")
            time.sleep(0.2)
        assert call(f"{base}/predict", ROW) == 200
        assert call(f"{base}/predict/batch", {"instances": [ROW, ROW]}) == 200
        assert call(f"{base}/predict", ROW, key="wrong") == 401
        assert call(f"{base}/invocations", {"dataframe_split": {"columns": list(ROW), "data": [list(ROW.values())]}}) == 200
        assert call(f"{base}/v1/models/iris:predict", {"instances": [list(ROW.values())]}) == 200
        assert call(f"{base}/no-such-route", key=None) == 404
        with urllib.request.urlopen(f"http://127.0.0.1:{admin}/prometheus", timeout=10) as response:
            yield response.read().decode()
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def rules_dir(tmp_path_factory):
    """The component's rules as a plain rule file, and its rule tests beside it (their rule_files are relative)."""
    out = tmp_path_factory.mktemp("prometheus")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "prometheus-config.py"), str(out)], check=True)
    for test in (COMPONENT / "tests").glob("*.yaml"):
        (out / test.name).write_text(test.read_text())
    return out
