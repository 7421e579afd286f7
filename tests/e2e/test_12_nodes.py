"""Nodes: the API's replicas run on every node, and `kubectl drain` of the node that holds the most of them,
under a steady load through the Service, loses no request: the PodDisruptionBudget makes the drain wait for a
replacement before it takes the next pod. The node is uncordoned afterwards (its pods stay where the drain
moved them, as nothing moves running pods back; test_13 spreads them again)."""
import time

import pytest

from cluster import (SETOSA, api_available, api_key, api_pods_by_node, kubectl, replace_api_pod, schedulable_nodes,
                     wait_until)
from load import Load



@pytest.fixture(autouse=True, scope="module")
def two_nodes():
    if len(schedulable_nodes()) < 2:
        pytest.skip("needs two schedulable nodes")


def test_api_pods_run_on_every_node():
    nodes = schedulable_nodes()
    # Placed by the scheduler alone: the Deployment's spread constraint, nothing moved by the test.
    placed = wait_until("ready API pods on every node", lambda: (
        (p := api_pods_by_node()) and all(p.get(n) for n in nodes) and p), timeout=120)
    print(f"\nnodes: API pods {placed}")


def gather_on(target, others):
    """Makes target the node that holds every API pod: the others cordoned while their pods are replaced."""
    for node in others:
        kubectl("cordon", node)
    try:
        for node in others:
            for pod in api_pods_by_node().get(node, []):
                replace_api_pod(pod)
    finally:
        for node in others:
            kubectl("uncordon", node)


def test_drain_of_the_busiest_node_loses_no_request(api_url):
    nodes = schedulable_nodes()
    placed = api_pods_by_node()
    target = max(nodes, key=lambda n: len(placed.get(n, [])))
    with Load("POST", f"{api_url}/predict", SETOSA, {"X-API-Key": api_key()}, workers=2, max_seconds=600,
              pause=0.05) as load:
        time.sleep(3)
        # Every pod on one node: the budget (one unavailable at a time) must hold the drain back.
        gather_on(target, [n for n in nodes if n != target])
        held = len(api_pods_by_node().get(target, []))
        before, started = load.sent, time.monotonic()
        try:
            drain = kubectl("drain", target, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=300s",
                            timeout=330)
            drained_in = time.monotonic() - started
            during_drain = (load.sent - before, load.failed)
            left = api_pods_by_node().get(target, [])
        finally:
            kubectl("uncordon", target)
        wait_until("the Deployment available after the drain", api_available, timeout=120)
        time.sleep(3)
    print(f"\ndrain of {target} ({held} API pods): {drained_in:.0f} s, {during_drain[0]} requests sent during it, "
          f"{during_drain[1]} failed; in all {load.sent} sent, {load.failed} failed: {dict(load.counts)}")
    assert held >= 2, f"the drained node held {held} API pod(s): the budget had nothing to hold back"
    assert "disruption budget" in drain.stdout + drain.stderr, \
        f"the drain never waited for the budget:\n{drain.stdout[-2000:]}\n{drain.stderr[-2000:]}"
    assert not left, f"API pods left on the drained node: {left}"
    assert load.sent > 100, f"the load sent only {load.sent} requests"
    assert load.failed == 0, f"{load.failed} of {load.sent} requests failed: {load.failures}"
