"""Processes and load tools shared by `make bench`, `make soak` and the reliability tests.

Everything here talks to 127.0.0.1 only, and every load run is bounded by a duration.
"""
import csv
import io
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "app" / "target" / "iris-api.jar"
TOOLS = ROOT / ".tools" / "bin"
VEGETA = TOOLS / "vegeta"
HOST = "127.0.0.1"

# The image's JVM options (the file its ENTRYPOINT reads) as they act in a 512 MiB container: outside one, MaxRAM
# stands in for the cgroup's memory limit when the JVM sizes its heap.
JVM_OPTIONS = ROOT / "docker" / "jvm.options"
CONTAINER_JVM = ["-XX:MaxRAM=512m", f"@{JVM_OPTIONS}"]
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


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def http_status(url, timeout=1.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url, deadline_s, proc=None, interval=0.02):
    """Seconds until `url` answers 200; raises if the process dies or the deadline passes."""
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} was ready")
        if http_status(url, timeout=0.5) == 200:
            return time.monotonic() - start
        time.sleep(interval)
    raise TimeoutError(f"{url} not ready within {deadline_s}s")


class Service:
    """One iris-api jar on loopback ports, its output in a log file."""

    def __init__(self, log_path, api_key, port=None, admin_port=None, jvm=None, env=None):
        self.port = port or free_port()
        self.admin_port = admin_port or free_port()
        self.api_key = api_key
        self.log_path = Path(log_path)
        self.jvm = CONTAINER_JVM if jvm is None else jvm
        self.env = dict(env or {})
        self.proc = None
        self.started_at = None

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def admin_url(self):
        return f"http://{HOST}:{self.admin_port}"

    def start(self):
        if not JAR.exists():
            raise FileNotFoundError(f"{JAR} missing: run `make build` first")
        env = {**os.environ, "API_KEY": self.api_key, "PORT": str(self.port),
               "ADMIN_PORT": str(self.admin_port), **self.env}
        env.pop("JAVA_TOOL_OPTIONS", None)
        self.log = open(self.log_path, "ab")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(["java", *self.jvm, "-jar", str(JAR), "server"], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def wait_ready(self, deadline_s=60):
        """Seconds from process start to the first 200 on the readiness check."""
        wait_for(f"{self.url}/health-check?type=ready", deadline_s, self.proc)
        return time.monotonic() - self.started_at

    def rss_kib(self):
        return rss_kib(self.proc.pid)

    def stop(self, timeout=40):
        """SIGTERM and wait for the exit; returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
        finally:
            self.log.close()

    def log_text(self):
        return self.log_path.read_text(errors="replace")


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


def vegeta_targets(path, method, url, headers, body_file=None):
    lines = [f"{method} {url}", *(f"{k}: {v}" for k, v in headers.items())]
    if body_file:
        lines.append(f"@{body_file}")
    Path(path).write_text("\n".join(lines) + "\n")
    return path


def vegeta_run(targets, rate, duration_s, out_bin, max_workers=512, timeout_s=10):
    """Load at a fixed rate (open loop), or as fast as max_workers go when rate is 0 (closed loop), into out_bin.
    At most max_workers connections: unbounded, vegeta answered slow responses with more, thousands of them."""
    if not VEGETA.exists():
        raise FileNotFoundError(f"{VEGETA} missing: run `make tools`")
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
