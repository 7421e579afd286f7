"""The one launcher of the packaged jar, for the tests and for `make bench`: the jar on free loopback ports, started
with the image's JVM options, and the small HTTP and vegeta helpers around it.

Everything here talks to 127.0.0.1 only.
"""
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
VEGETA = ROOT / ".tools" / "bin" / "vegeta"
HOST = "127.0.0.1"

# The image's JVM options (the file its ENTRYPOINT reads) as they act in a 512 MiB container: outside one, MaxRAM
# stands in for the cgroup's memory limit when the JVM sizes its heap.
JVM_OPTIONS = ROOT / "docker" / "jvm.options"
CONTAINER_JVM = ["-XX:MaxRAM=512m", f"@{JVM_OPTIONS}"]


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


def vegeta_targets(path, method, url, headers, body_file=None):
    """A vegeta targets file (http format) of one request."""
    lines = [f"{method} {url}", *(f"{k}: {v}" for k, v in headers.items())]
    if body_file:
        lines.append(f"@{body_file}")
    Path(path).write_text("\n".join(lines) + "\n")
    return path
