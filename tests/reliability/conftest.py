"""Reliability tests against the packaged jar running as a real process on loopback (`make reliability-test`)."""
import socket

import pytest

from launcher import HOST, Service

API_KEY = "reliability-" + "k" * 31


@pytest.fixture(scope="session")
def service(tmp_path_factory):
    """One instance for the request-level tests; a short idle timeout so that stalled bodies end quickly."""
    svc = Service(tmp_path_factory.mktemp("service") / "iris-api.log", API_KEY,
                          env={"IDLE_TIMEOUT": "2s"}).start()
    try:
        svc.wait_ready(deadline_s=120)
        yield svc
    finally:
        svc.stop()


def raw_request(port, data, timeout=10.0, pause_after=None, rest=b""):
    """Sends bytes as they are (no client fixing them up) and returns the status code and the body, or (None, b'')
    if the server closed the connection without an answer."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(data)
        if pause_after is not None:
            import time
            time.sleep(pause_after)
            if rest:
                try:
                    sock.sendall(rest)
                except OSError:
                    pass
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if _complete(b"".join(chunks)):
                    break
        except (ConnectionResetError, socket.timeout):
            pass
    response = b"".join(chunks)
    if not response.startswith(b"HTTP/1."):
        return None, b""
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _complete(response):
    head, sep, body = response.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False  # chunked or close-delimited: read to the end


def http(method, path, body=b"", headers=None, port=None, extra=b""):
    """Builds a request by hand; Content-Length is the body's unless given."""
    headers = {"Host": "127.0.0.1", "Connection": "close", **(headers or {})}
    if body and not any(k.lower() == "content-length" for k in headers):
        headers["Content-Length"] = str(len(body))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + extra + b"\r\n" + body
