"""Fixtures of the end-to-end suite; the helpers and the environment it reads are in cluster.py."""
import os

import pytest

from cluster import NODE_PORT, kubectl_json


@pytest.fixture(scope="session")
def node_ip():
    if os.environ.get("E2E_NODE_IP"):
        return os.environ["E2E_NODE_IP"]
    node = kubectl_json("get", "nodes")["items"][0]
    return next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")


@pytest.fixture(scope="session")
def api_url(node_ip):
    return f"http://{node_ip}:{NODE_PORT}"
