"""Helpers of `make bench` and `make soak` only: the image's AppCDS archive, RSS, load runs and their summaries. The
jar itself is started by the tests' launcher (tests/launcher.py), which the Makefile puts on PYTHONPATH.

Everything here talks to 127.0.0.1 only, and every load run is bounded by a duration.
"""
import csv
import io
import json
import re
import subprocess
from pathlib import Path

from launcher import CONTAINER_JVM, JAR, JVM_OPTIONS, ROOT, VEGETA

# Writes the image's AppCDS archive; the Dockerfile runs the same script with the same options.
CDS_ARCHIVE_SCRIPT = ROOT / "docker" / "cds-archive.sh"

ROW = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


def jvm_flags():
    """CONTAINER_JVM with the argument file spelled out, for reports."""
    lines = (line.split("#", 1)[0].strip() for line in JVM_OPTIONS.read_text().splitlines())
    return " ".join(["-XX:MaxRAM=512m", *(line for line in lines if line)])


def cds_archive(path):
    """The image's AppCDS archive for the built jar (started, ready, real requests, SIGTERM); returns `path`."""
    if not JAR.exists():
        raise FileNotFoundError(f"{JAR} missing: run `make build` first")
    subprocess.run([str(CDS_ARCHIVE_SCRIPT), str(path), str(JAR), *CONTAINER_JVM], check=True, timeout=300,
                   stdout=subprocess.DEVNULL)
    return path


def shipped_jvm(archive):
    """The JVM options the image starts with: CONTAINER_JVM and its AppCDS archive."""
    return CONTAINER_JVM + [f"-XX:SharedArchiveFile={archive}"]


def rss_kib(pid):
    """Resident set size of a process and all its descendants, in KiB."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def descendants(pid):
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children = {}
    for line in out.splitlines():
        p, pp = map(int, line.split())
        children.setdefault(pp, []).append(p)
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def wrk_script(body_path, headers):
    """A wrk script POSTing the file's content with the headers, next to it (.lua)."""
    path = body_path.with_suffix(".lua")
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body_path.read_text())}"]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def wrk_run(url, seconds, connections, script=None):
    """One closed-loop wrk run (2 threads): requests/s, the requests answered, the seconds wrk measured over, and the
    count of failures (non-2xx/3xx answers and socket errors)."""
    cmd = ["wrk", "-t2", f"-c{connections}", "--latency", f"-d{seconds}s"] + (["-s", str(script)] if script else [])
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in ", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return {"rps": rps, "requests": requests, "seconds": requests / rps if rps else float(seconds), "errors": errors}


def vegeta_run(targets, rate, duration_s, out_bin, max_workers=512, timeout_s=10):
    """Load at a fixed rate (open loop), or as fast as max_workers go when rate is 0 (closed loop), into out_bin.
    At most max_workers connections: unbounded, vegeta answered slow responses with more, thousands of them."""
    if not VEGETA.exists():
        raise FileNotFoundError(f"{VEGETA} missing: run `make load-tools`")
    with open(out_bin, "wb") as out:
        subprocess.run([str(VEGETA), "attack", f"-targets={targets}", "-format=http", f"-rate={rate}/s",
                        f"-duration={duration_s}s", f"-max-workers={max_workers}", f"-timeout={timeout_s}s",
                        "-keepalive=true"], stdout=out, check=True)


def vegeta_attack(targets, rate, duration_s, out_bin, max_workers=512, timeout_s=10):
    """vegeta_run, then the per-request results (status, latency in ms, error)."""
    vegeta_run(targets, rate, duration_s, out_bin, max_workers, timeout_s)
    encoded = subprocess.run([str(VEGETA), "encode", "--to=csv", str(out_bin)],
                             capture_output=True, text=True, check=True).stdout
    results = []
    for row in csv.reader(io.StringIO(encoded)):
        # timestamp (ns), status code, latency (ns), bytes out, bytes in, error, body, attack, seq, method, url, headers
        results.append((int(row[1]), int(row[2]) / 1e6, row[5]))
    return results


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(q / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def summarize(results):
    latencies = sorted(lat for _, lat, _ in results)
    ok = sum(1 for code, _, _ in results if 200 <= code < 300)
    return {"requests": len(results), "ok": ok, "failed": len(results) - ok,
            "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
            "p999": percentile(latencies, 99.9), "max": latencies[-1] if latencies else float("nan")}
