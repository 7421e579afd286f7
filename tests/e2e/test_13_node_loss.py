"""Node loss: a node stops abruptly under a steady load through the Service (on the local cluster its link is
cut and its kubelet, kube-proxy, containerd and every container process killed). Reported: the requests that
failed while the cluster noticed, the time until the Service sent only to live pods and the time until the
replicas were back on the nodes left. Then the node comes back; the MLflow server is there with its registry
(on whichever node it runs) and the load succeeds throughout the end.

Needs a way to stop and restore a node (the local cluster's hack/cluster/node.sh):
  E2E_LOST_NODE     the node to lose
  E2E_NODE_KILL     the command that stops it abruptly
  E2E_NODE_RESTORE  the command that brings it back
"""
import os
import shlex
import time

import pytest

from cluster import (NAMESPACE, SETOSA, api_key, api_pods, champion, kubectl_json, pods, ready, run,
                     spread_api_pods, wait_until)
from load import Load

LOST = os.environ.get("E2E_LOST_NODE", "")


class LostNode:
    """The node to lose and what the tests saw before it was: kill() stops it, restore() brings it back."""

    def __init__(self, name):
        self.name, self.lost, self.seen = name, False, {}

    def kill(self):
        self.lost = True
        run(*shlex.split(os.environ["E2E_NODE_KILL"]), timeout=60)

    def restore(self):
        if not self.lost:
            return
        started = time.monotonic()
        run(*shlex.split(os.environ["E2E_NODE_RESTORE"]), timeout=300)
        wait_until(f"{self.name} Ready again", lambda: node_ready(self.name), timeout=120, interval=1)
        self.lost = False
        print(f"\nnode loss: {self.name} back and Ready in {time.monotonic() - started:.0f} s")


@pytest.fixture(scope="module")
def lost_node():
    """The node to lose, restored afterwards (on failure too) so that later tests find the cluster whole."""
    if not (LOST and os.environ.get("E2E_NODE_KILL") and os.environ.get("E2E_NODE_RESTORE")):
        pytest.skip("needs E2E_LOST_NODE, E2E_NODE_KILL and E2E_NODE_RESTORE")
    if LOST not in [n["metadata"]["name"] for n in kubectl_json("get", "nodes")["items"]]:
        pytest.skip(f"the cluster has no node {LOST}")
    node = LostNode(LOST)
    yield node
    node.restore()


def node_ready(name):
    node = kubectl_json("get", "node", name)
    return next(c["status"] for c in node["status"]["conditions"] if c["type"] == "Ready") == "True"


def endpoints_only_elsewhere(node):
    """True once no ready endpoint of the API's Service is on node."""
    slices = kubectl_json("get", "endpointslices", "-n", NAMESPACE,
                          "-l", "kubernetes.io/service-name=iris-api-service")["items"]
    endpoints = [e for s in slices for e in s.get("endpoints") or [] if e["conditions"].get("ready")]
    return bool(endpoints) and all(e.get("nodeName") != node for e in endpoints)


def replicas_back_elsewhere(node):
    """True once the Deployment's replica count runs ready on nodes other than node."""
    wanted = kubectl_json("get", "deployment", "iris-api", "-n", NAMESPACE)["spec"]["replicas"]
    return len([p for p in api_pods() if ready(p) and p["spec"]["nodeName"] != node]) >= wanted


def test_lost_node_is_noticed_and_its_replicas_replaced(lost_node, api_url):
    node = lost_node.name
    placed = spread_api_pods()
    assert placed.get(node), f"no API pod on {node} to lose: {placed}"
    lost_node.seen = {"mlflow": mlflow_pod()["spec"]["nodeName"], "champion": champion()}
    with Load("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": api_key()}, workers=4, max_seconds=600,
              pause=0.05) as load:
        time.sleep(3)
        assert load.failed == 0, f"requests failed before the loss: {load.failures}"
        lost = time.monotonic()
        lost_node.kill()
        failed_at_loss = load.failed
        wait_until(f"{node} no longer Ready", lambda: not node_ready(node), timeout=180, interval=1)
        noticed = time.monotonic() - lost
        wait_until("the Service's endpoints on live pods only", lambda: endpoints_only_elsewhere(node),
                   timeout=180, interval=1)
        only_live = time.monotonic() - lost
        failed_until_only_live = load.failed - failed_at_loss
        wait_until("the replicas back on the nodes left", lambda: replicas_back_elsewhere(node),
                   timeout=240, interval=1)
        replaced = time.monotonic() - lost
        # Requests still on their way to a lost pod when its endpoint went time out (10 s) after it.
        time.sleep(12)
        settled, failed_settled = load.sent, load.failed
        time.sleep(10)
        after = (load.sent - settled, load.failed - failed_settled)
    last_failed = max(load.failed_at, default=lost) - lost
    per_10s = [0] * (int(replaced) // 10 + 2)
    for sent in load.failed_at:
        per_10s[min(int(sent - lost) // 10, len(per_10s) - 1)] += 1
    print(f"\nnode loss of {node} (API pods {placed}): not Ready after {noticed:.0f} s, "
          f"the Service's endpoints on live pods only after {only_live:.0f} s, the last failed request sent "
          f"{last_failed:.0f} s after the loss, the replicas back after {replaced:.0f} s; {load.sent} requests sent, "
          f"{load.failed} failed ({failed_until_only_live} until the endpoints changed): {dict(load.counts)}; "
          f"after it settled {after[0]} sent, {after[1]} failed; failed requests per 10 s from the loss: {per_10s}")
    assert after[0] > 20 and after[1] == 0, f"requests still fail after the recovery: {load.failures}"
    assert replaced < 150, f"the replicas took {replaced:.0f} s to come back"


def mlflow_pod():
    """The MLflow server's pod that is not being deleted (a lost node's stays until the node is back)."""
    return next(p for p in pods("app.kubernetes.io/name=mlflow-server") if not p["metadata"].get("deletionTimestamp"))


def test_mlflow_server_serves_its_registry_after_the_node_returns(lost_node):
    assert lost_node.seen, "the node loss did not run"
    lost_node.restore()
    started = time.monotonic()
    wait_until("the MLflow server ready", lambda: ready(mlflow_pod()), timeout=240)
    back = time.monotonic() - started
    assert champion() == lost_node.seen["champion"]
    print(f"\nnode loss: MLflow server on {lost_node.seen['mlflow']} before, on {mlflow_pod()['spec']['nodeName']} "
          f"after (ready {back:.0f} s after the node's return); champion {lost_node.seen['champion']} kept")
