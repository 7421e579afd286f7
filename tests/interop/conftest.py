"""Starts the packaged service for the interoperability tests: loopback only, free ports, a known API key."""

import http.client
import http.server
import os
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR = Path(os.environ.get("IRIS_JAR", ROOT / "app" / "target" / "iris-api.jar"))
API_KEY = "interop-test-key"
START_TIMEOUT_S = 90


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def service():
    """The jar, serving its embedded model; yields (host, port) once readiness says a model is loaded."""
    if not JAR.exists():
        pytest.fail(f"{JAR} is missing: run `make build` first")
    port, admin = free_port(), free_port()
    log = open(ROOT / "app" / "target" / "interop-service.log", "w")
    process = subprocess.Popen(
        ["java", "-Ddw.server.applicationConnectors[0].bindHost=127.0.0.1",
         "-Ddw.server.adminConnectors[0].bindHost=127.0.0.1", "-jar", str(JAR), "server"],
        env={**os.environ, "API_KEY": API_KEY, "PORT": str(port), "ADMIN_PORT": str(admin),
             "ENVIRONMENT": "development", "MODEL_DIR": "", "MODEL_URI": ""},
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"the service exited with {process.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health-check?type=ready", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the service was not ready within {START_TIMEOUT_S} s; see {log.name}")
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class _KeyAddingProxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy that adds the API key, as an API gateway in front of the service would."""

    target = None  # (host, port): the only place requests are forwarded to

    def _forward(self):
        url = urlsplit(self.path)
        if (url.hostname, url.port) != self.target:
            self.send_error(403, "this proxy forwards to the service under test only")
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection")}
        headers["X-API-Key"] = API_KEY
        upstream = http.client.HTTPConnection(*self.target, timeout=30)
        try:
            upstream.request(self.command, url.path + (f"?{url.query}" if url.query else ""), body, headers)
            response = upstream.getresponse()
            payload = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        finally:
            upstream.close()

    do_GET = do_POST = _forward

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def key_adding_proxy(service):
    """URL of a loopback proxy that adds X-API-Key to what it forwards to the service."""
    handler = type("Proxy", (_KeyAddingProxy,), {"target": service})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
