"""Teardown: after `make cluster-down` nothing of the local cluster is left: no process it started, no
network namespace, no mount under its state, no cgroup (E2E_AFTER_DOWN names the PIDs recorded before)."""
import os
import subprocess
from pathlib import Path

import pytest

from cluster import ROOT

pytestmark = pytest.mark.skipif(not os.environ.get("E2E_AFTER_DOWN"), reason="runs after make cluster-down")


def test_no_process_left():
    recorded = {int(p) for p in Path(os.environ["E2E_AFTER_DOWN"]).read_text().split()}
    assert recorded, "no PID was recorded before the teardown"
    alive = sorted(p for p in recorded if Path(f"/proc/{p}").exists())
    assert not alive, f"still running: {[Path(f'/proc/{p}/cmdline').read_bytes()[:120] for p in alive]}"
    tools = str(ROOT / ".tools/cluster")
    ours = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and tools.encode() in _cmdline(p)]
    assert not ours, f"processes of the cluster's programs still run: {ours}"


def _cmdline(proc):
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def test_no_network_namespace_left():
    names = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split()
    assert "iris-cluster" not in names
    # Node 2 and any further node had their own (hack/cluster/node.sh).
    assert not [n for n in names if n.startswith("iris-node")], names
    # The pods' own namespaces: containerd names those it makes under /run/netns cni-<id>.
    assert not [n for n in names if n.startswith("cni-")], names


def test_no_mount_left():
    mounts = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    left = [m for m in mounts if m.startswith((str(ROOT / ".cluster"), "/run/iris-cluster", "/run/netns/iris-cluster"))]
    assert not left, left


def test_no_cgroup_left():
    left = [str(p) for p in Path("/sys/fs/cgroup").glob("*/iris-cluster")]
    assert not left, left


def test_no_state_left():
    assert not (ROOT / ".cluster").exists() and not Path("/run/iris-cluster").exists()
