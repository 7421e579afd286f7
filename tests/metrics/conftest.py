"""The packaged jar serving its embedded model, with a challenger beside it, on free loopback ports, with traffic on
every protocol, so that its exposition holds the series rules and dashboards query; and promtool, as the Makefile
installed it."""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from launcher import JAR, ROOT, Service

COMPONENT = ROOT / "deploy" / "components" / "monitoring"
# promtool's unit tests of the monitoring component's rules.
RULE_TESTS = Path(__file__).resolve().parent / "alerts-test.yaml"
API_KEY = "metrics-test-key"
START_TIMEOUT_S = 90
ROW = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


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


def challenger_loaded(base, deadline_s):
    """Ready means the champion is loaded; the challenger, whose record the rollout series read, loads beside it."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        request = urllib.request.Request(f"{base}/model", headers={"X-API-Key": API_KEY})
        with urllib.request.urlopen(request, timeout=10) as response:
            if "challenger" in json.load(response)["rollout"]:
                return
        time.sleep(0.2)
    pytest.fail(f"no challenger loaded within {deadline_s} s")


@pytest.fixture(scope="session")
def exposition(tmp_path_factory):
    """The text of /prometheus after one request of each kind the rules and the dashboard count."""
    challenger = tmp_path_factory.mktemp("challenger")
    subprocess.run(["java", "-jar", str(JAR), "train", "--algorithm", "J48", "--output", str(challenger)],
                   check=True, capture_output=True, timeout=120)
    jar = Service(ROOT / "app" / "target" / "metrics-test-service.log", API_KEY,
                  env={"ENVIRONMENT": "development", "MODEL_DIR": "", "MODEL_URI": "",
                       "MODEL_CHALLENGER_URI": str(challenger)}).start()
    base, admin = jar.url, jar.admin_url
    try:
        jar.wait_ready(START_TIMEOUT_S)
        challenger_loaded(base, START_TIMEOUT_S)
        assert call(f"{base}/predict", ROW) == 200
        assert call(f"{base}/predict/batch", {"instances": [ROW, ROW]}) == 200
        assert call(f"{base}/predict", ROW, key="wrong") == 401
        assert call(f"{base}/invocations", {"dataframe_split": {"columns": list(ROW), "data": [list(ROW.values())]}}) == 200
        assert call(f"{base}/v1/models/iris:predict", {"instances": [list(ROW.values())]}) == 200
        assert call(f"{base}/no-such-route", key=None) == 404
        with urllib.request.urlopen(f"{admin}/prometheus", timeout=10) as response:
            yield response.read().decode()
    finally:
        jar.stop()


@pytest.fixture(scope="session")
def rules_dir(tmp_path_factory):
    """The component's rules as a plain rule file, and its rule tests beside it (their rule_files are relative)."""
    out = tmp_path_factory.mktemp("prometheus")
    subprocess.run([sys.executable, str(ROOT / "hack" / "prometheus-config.py"), str(out)], check=True)
    (out / RULE_TESTS.name).write_text(RULE_TESTS.read_text())
    return out
