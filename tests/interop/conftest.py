"""Starts the packaged service for the interoperability tests: loopback only, free ports, a known API key."""

import http.client
import http.server
import threading
from urllib.parse import urlsplit

import pytest

from launcher import HOST, ROOT, Service

API_KEY = "interop-test-key"
START_TIMEOUT_S = 90


@pytest.fixture(scope="session")
def service():
    """The jar, serving its embedded model; yields (host, port) once readiness says a model is loaded."""
    jar = Service(ROOT / "app" / "target" / "interop-service.log", API_KEY,
                          env={"ENVIRONMENT": "development", "MODEL_DIR": "", "MODEL_URI": ""}).start()
    try:
        jar.wait_ready(START_TIMEOUT_S)
        yield HOST, jar.port
    finally:
        jar.stop()


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
