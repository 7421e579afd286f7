"""The API across nodes: replicas spread over them, a drain takes one pod at a time, a lost node's pods are
replaced within a minute (tests/e2e/test_12_nodes.py and test_13_node_loss.py show it on a cluster)."""
from conftest import one

LOST_NODE_TAINTS = {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}


def api_pod(docs):
    return one(docs, "Deployment", "iris-api")["spec"]["template"]


def test_replicas_spread_over_nodes_as_a_rule_and_over_zones_as_a_preference(overlay):
    _, docs = overlay
    template = api_pod(docs)
    constraints = {c["topologyKey"]: c for c in template["spec"]["topologySpreadConstraints"]}
    assert set(constraints) == {"kubernetes.io/hostname", "topology.kubernetes.io/zone"}
    for constraint in constraints.values():
        assert constraint["maxSkew"] == 1
        labels = constraint["labelSelector"]["matchLabels"]
        assert labels.items() <= template["metadata"]["labels"].items(), labels
    hostname = constraints["kubernetes.io/hostname"]
    # A rule, with cordoned and lost nodes left out of the count and each revision spread on its own.
    assert hostname["whenUnsatisfiable"] == "DoNotSchedule"
    assert hostname["nodeTaintsPolicy"] == "Honor"
    assert hostname["matchLabelKeys"] == ["pod-template-hash"]
    # Nodes without a zone label (minikube, kind) must not block scheduling.
    assert constraints["topology.kubernetes.io/zone"]["whenUnsatisfiable"] == "ScheduleAnyway"


def test_a_drain_takes_one_pod_at_a_time(overlay):
    _, docs = overlay
    pdb = one(docs, "PodDisruptionBudget", "iris-api-pdb")["spec"]
    # maxUnavailable, not minAvailable: a one-replica overlay (dev) can still be drained.
    assert pdb["maxUnavailable"] == 1
    assert pdb["selector"]["matchLabels"].items() <= api_pod(docs)["metadata"]["labels"].items()


def test_a_lost_nodes_pods_are_replaced_within_a_minute(overlay):
    _, docs = overlay
    tolerations = {t["key"]: t for t in api_pod(docs)["spec"]["tolerations"]}
    assert set(tolerations) == LOST_NODE_TAINTS
    for toleration in tolerations.values():
        assert toleration["effect"] == "NoExecute" and toleration["operator"] == "Exists"
        # Far below the default 300 s, yet not zero: a blip of a few seconds does not reschedule every pod.
        assert 10 <= toleration["tolerationSeconds"] <= 60, toleration


def test_a_failing_pod_leaves_the_endpoints_within_ten_seconds(overlay):
    _, docs = overlay
    [container] = api_pod(docs)["spec"]["containers"]
    probe = container["readinessProbe"]
    assert probe["failureThreshold"] >= 2
    assert probe["periodSeconds"] * probe["failureThreshold"] <= 10
