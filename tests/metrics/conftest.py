"""The packaged jar serving its embedded model on free loopback ports, with traffic on every protocol, so that its
exposition holds the series rules and dashboards query; and promtool, as the Makefile installed it."""
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from launcher import ROOT, Service

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


@pytest.fixture(scope="session")
def exposition():
    """The text of /prometheus after one request of each kind the rules and the dashboard count."""
    jar = Service(ROOT / "app" / "target" / "metrics-test-service.log", API_KEY,
                          env={"ENVIRONMENT": "development", "MODEL_DIR": "", "MODEL_URI": ""}).start()
    base, admin = jar.url, jar.admin_url
    try:
        jar.wait_ready(START_TIMEOUT_S)
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
