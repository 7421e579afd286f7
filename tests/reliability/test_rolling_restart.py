"""Rolling restart without loss: HAProxy (standing in for the Kubernetes Service) in front of two instances; each is
sent SIGTERM in turn under a steady load and started again. Zero failed requests, and each instance drained:
readiness 503 first, the requests it still got answered (every one logged 200), then a clean exit."""
import json
import os
import re
import signal
import subprocess
import time

import pytest

import launcher
from conftest import API_KEY

RATE = int(os.environ.get("RESTART_RATE", "50"))
DRAIN = "3s"  # SHUTDOWN_WAIT_PERIOD for the test; HAProxy checks every 300 ms, so it sees readiness drop in time.
BODY = b'{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}'
HEADERS = {"Content-Type": "application/json", "X-API-Key": API_KEY}

HAPROXY_CFG = """\
global
    maxconn 2000
    log stdout format raw local0
defaults
    mode http
    log global
    option log-health-checks
    # A slow answer is not a no: only readiness answering 503 (fast) or a dead port should take an instance out.
    timeout check 3s
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    # No retries and no redispatch: a request that an instance drops is a failed request, as it would be for a
    # client of a Kubernetes Service.
    retries 0
frontend api
    bind 127.0.0.1:{port}
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /health-check?type=ready
    http-check expect status 200
    default-server inter 300ms fall 3 rise 2
{servers}
"""


# The Makefile passes the one it found (Debian installs it in /usr/sbin, which a user's PATH may lack).
HAPROXY = os.environ.get("HAPROXY") or "haproxy"


def haproxy_version():
    return subprocess.run([HAPROXY, "-v"], capture_output=True, text=True).stdout.splitlines()[0]


@pytest.fixture
def cluster(tmp_path):
    instances = [launcher.Service(tmp_path / f"instance{i}.log", API_KEY,
                                 env={"SHUTDOWN_WAIT_PERIOD": DRAIN, "SHUTDOWN_GRACE_PERIOD": "10s"})
                 for i in range(2)]
    port = launcher.free_port()
    servers = "\n".join(f"    server i{i} 127.0.0.1:{s.port} check" for i, s in enumerate(instances))
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(HAPROXY_CFG.format(port=port, servers=servers))
    lb = None
    try:
        for s in instances:
            s.start()
        for s in instances:
            s.wait_ready(deadline_s=120)
        lb = subprocess.Popen([HAPROXY, "-f", str(cfg), "-db"], stdout=open(tmp_path / "haproxy.log", "wb"),
                              stderr=subprocess.STDOUT)
        launcher.wait_for(f"http://127.0.0.1:{port}/health", 10, lb)
        yield port, instances, tmp_path
    finally:
        if lb is not None:
            lb.terminate()
            lb.wait(10)
        for s in instances:
            s.stop()


def test_rolling_restart_loses_no_request(cluster):
    port, instances, tmp_path = cluster
    print(haproxy_version())
    targets = launcher.vegeta_targets(tmp_path / "targets", "POST", f"http://127.0.0.1:{port}/predict", HEADERS,
                                     tmp_path / "body.json")
    (tmp_path / "body.json").write_bytes(BODY)
    out = tmp_path / "results.bin"
    # At most 120 s; stopped with SIGINT once both instances have been restarted.
    attack = subprocess.Popen([str(launcher.VEGETA), "attack", f"-targets={targets}", "-format=http",
                               f"-rate={RATE}/s", "-duration=120s", "-timeout=10s"], stdout=open(out, "wb"))
    drains = []
    try:
        time.sleep(2)
        for s in instances:
            drains.append(restart(s))
            time.sleep(1)  # a rise of 2 checks at 300 ms: back in the pool before the next one goes
    finally:
        attack.send_signal(signal.SIGINT)
        attack.wait(30)

    encoded = subprocess.run([str(launcher.VEGETA), "encode", "--to=csv", str(out)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    statuses = [line.split(",")[1] for line in encoded]
    failures = [line for line in encoded if line.split(",")[1] != "200"]
    print(f"{len(statuses)} requests through HAProxy during the rolling restart, {len(failures)} failed")
    assert len(statuses) > RATE * 10, "the load did not run long enough to cover both restarts"
    assert not failures, (f"{len(failures)} failed, first: {[f.split(',')[:6] for f in failures[:3]]}; "
                          f"drains: {drains}; HAProxy: {(tmp_path / 'haproxy.log').read_text()[-3000:]}")

    for drain in drains:
        assert drain["ready_after_sigterm"] == 503, f"readiness did not turn 503 on SIGTERM: {drain}"
        assert drain["started"] is not None and drain["finished"] is not None, f"no drain in the log: {drain}"
        assert drain["started"] < drain["finished"], f"drain log out of order: {drain}"
        assert not drain["not_ok"], f"an instance answered a prediction with an error while stopping: {drain}"
        # 143 = 128 + SIGTERM: the JVM's exit status after its shutdown hooks ran to the end.
        assert drain["exit_code"] in (0, 143), f"unclean exit: {drain}"


def restart(s):
    """SIGTERM one instance, check that it drains, wait for its exit, start it again on the same ports."""
    log_offset = len(s.log_text())
    s.proc.send_signal(signal.SIGTERM)
    sigterm_at = time.monotonic()
    ready_status = wait_status(f"{s.url}/health-check?type=ready", 503, 2)
    exit_code = s.proc.wait(40)
    s.log.close()
    log = s.log_text()[log_offset:]
    started, finished = find(log, "delayed shutdown: started"), find(log, "delayed shutdown: finished")
    predictions = [(m.start(), m.group(1)) for m in re.finditer(r'"POST /predict HTTP/1.1" (\d{3}) ', log)]
    drain = {"ready_after_sigterm": ready_status, "exit_code": exit_code,
             "seconds_to_exit": round(time.monotonic() - sigterm_at, 1), "started": started, "finished": finished,
             "served_while_draining": sum(1 for at, _ in predictions if started is not None and at > started),
             "not_ok": [status for _, status in predictions if status != "200"]}
    print(f"instance on :{s.port} drained: {json.dumps(drain)}")
    s.start()
    s.wait_ready(deadline_s=120)
    return drain


def wait_status(url, expected, within_s):
    deadline = time.monotonic() + within_s
    status = None
    while time.monotonic() < deadline:
        status = launcher.http_status(url)
        if status == expected:
            break
        time.sleep(0.05)
    return status


def find(log, text):
    """Position of the first occurrence of `text` in the log, or None."""
    at = log.find(text)
    return at if at >= 0 else None
