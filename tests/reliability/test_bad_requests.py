"""Hand-made bad requests: every one is refused with a 4xx (and JSON naming the problem where the app answers),
never a 5xx, a stack trace or a hang."""
import gzip
import json

import pytest

from conftest import API_KEY, http, raw_request

JSON = {"Content-Type": "application/json", "X-API-Key": API_KEY}
GOOD = b'{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}'


def nested(depth):
    return ("[" * depth + "]" * depth).encode()


CORPUS = {
    "truncated JSON": ("POST", "/predict", JSON, GOOD[:30]),
    "truncated batch": ("POST", "/predict/batch", JSON, b'{"instances":[' + GOOD + b",{"),
    "empty body": ("POST", "/predict", JSON, b""),
    "JSON null": ("POST", "/predict", JSON, b"null"),
    "array instead of object": ("POST", "/predict", JSON, b"[5.1,3.5,1.4,0.2]"),
    "huge number literal": ("POST", "/predict", JSON, GOOD.replace(b"5.1", b"9" * 5000)),
    "number overflowing double": ("POST", "/predict", JSON, GOOD.replace(b"5.1", b"1e999")),
    "NaN": ("POST", "/predict", JSON, GOOD.replace(b"5.1", b"NaN")),
    "negative": ("POST", "/predict", JSON, GOOD.replace(b"5.1", b"-5.1")),
    "string for number": ("POST", "/predict", JSON, GOOD.replace(b"5.1", b'"5.1"')),
    "boolean for number": ("POST", "/predict", JSON, GOOD.replace(b"5.1", b"true")),
    "missing field": ("POST", "/predict", JSON, b'{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4}'),
    "unknown field": ("POST", "/predict", JSON, GOOD[:-1] + b',"colour":"blue"}'),
    "duplicate keys": ("POST", "/predict", JSON, GOOD[:-1] + b',"sepal_length":6.0}'),
    "deep nesting": ("POST", "/predict", JSON, b'{"sepal_length":' + nested(5000) + b"}"),
    "deep nesting in batch": ("POST", "/predict/batch", JSON, b'{"instances":' + nested(5000) + b"}"),
    "huge string": ("POST", "/predict", JSON, b'{"sepal_length":"' + b"a" * 60000 + b'"}'),
    "invalid UTF-8": ("POST", "/predict", JSON, b'{"sepal_length\xff\xfe":5.1}'),
    "UTF-16 body declared UTF-8": ("POST", "/predict", JSON, GOOD.decode().encode("utf-16")),
    "UTF-16 charset": ("POST", "/predict", {**JSON, "Content-Type": "application/json; charset=UTF-16"},
                       GOOD.decode().encode("utf-16-le")),
    "unknown charset": ("POST", "/predict", {**JSON, "Content-Type": "application/json; charset=x-nonsense"}, GOOD),
    "wrong content type": ("POST", "/predict", {**JSON, "Content-Type": "text/plain"}, GOOD),
    "form encoded": ("POST", "/predict", {**JSON, "Content-Type": "application/x-www-form-urlencoded"},
                     b"sepal_length=5.1"),
    "body over the limit": ("POST", "/predict", JSON, b'{"sepal_length":5.1' + b" " * 70000 + b"}"),
    "batch body over the limit": ("POST", "/predict/batch", JSON, b'{"instances":[' + b" " * 1_100_000 + b"]}"),
    "too many rows": ("POST", "/predict/batch", JSON,
                      b'{"instances":[' + b",".join([GOOD] * 1001) + b"]}"),
    "null row in batch": ("POST", "/predict/batch", JSON, b'{"instances":[null]}'),
    "Content-Length larger than the body": ("POST", "/predict", {**JSON, "Content-Length": "500"}, GOOD),
    "bad Content-Length": ("POST", "/predict", {**JSON, "Content-Length": "12abc"}, GOOD),
    "negative Content-Length": ("POST", "/predict", {**JSON, "Content-Length": "-1"}, GOOD),
    "huge header": ("POST", "/predict", {**JSON, "X-Filler": "a" * 70000}, GOOD),
    "many headers": ("POST", "/predict", {**JSON, **{f"X-H{i}": "v" * 100 for i in range(1000)}}, GOOD),
    "non-ASCII header value": ("POST", "/predict", {**JSON, "X-Request-Id": "\u00ff\u00fe" * 10}, b"{"),
    "wrong method": ("GET", "/predict", JSON, b""),
    "unknown path": ("POST", "/predict/nothing", JSON, GOOD),
    "unsupported Accept": ("POST", "/predict", {**JSON, "Accept": "application/xml"}, GOOD),
    "chunked, truncated": ("POST", "/predict", {**JSON, "Transfer-Encoding": "chunked"},
                           b"20\r\n" + GOOD[:20]),
    "bad chunk size": ("POST", "/predict", {**JSON, "Transfer-Encoding": "chunked"}, b"zz\r\n" + GOOD + b"\r\n0\r\n\r\n"),
}


@pytest.mark.parametrize("name", CORPUS)
def test_bad_request_gets_4xx(service, name):
    method, path, headers, body = CORPUS[name]
    status, payload = raw_request(service.port, http(method, path, body, headers))
    assert status is not None and 400 <= status < 500, f"{name}: got {status} {payload[:300]!r}"
    assert b"Exception" not in payload and b"\tat " not in payload, f"{name}: stack trace in {payload[:300]!r}"
    if payload.startswith(b"{"):
        assert json.loads(payload), payload


def test_stalled_body_is_cut_off_with_4xx_or_closed(service):
    """A client that promises a body and stops sending (slowloris) is cut off by the idle timeout, never a 5xx."""
    status, payload = raw_request(service.port, http("POST", "/predict", GOOD[:20], {**JSON, "Content-Length": "75"}),
                                  timeout=20)
    assert status is None or 400 <= status < 500, f"got {status} {payload[:300]!r}"


def test_slow_but_complete_body_is_served(service):
    """A slow client that does finish (well within the idle timeout) is served normally: slowness is no error."""
    status, payload = raw_request(service.port, http("POST", "/predict", GOOD[:20], {**JSON, "Content-Length":
                                  str(len(GOOD))}), pause_after=1.0, rest=GOOD[20:])
    assert status == 200, payload


def test_the_corpus_left_the_service_healthy(service):
    status, payload = raw_request(service.port, http("POST", "/predict", GOOD, JSON))
    assert status == 200 and json.loads(payload)["prediction"] == "setosa"


# ---- Every POST route, by class of fault: the answer is a 4xx in the shape of the route's protocol. -------------

ROWS = b"[5.1,3.5,1.4,0.2]"
ROUTES = {
    "/predict": GOOD,
    "/predict/batch": b'{"instances":[' + GOOD + b"]}",
    "/invocations": b'{"dataframe_records":[' + GOOD + b"]}",
    "/v2/models/iris/infer": b'{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":' + ROWS + b"}]}",
    "/v1/models/iris:predict": b'{"instances":[' + ROWS + b"]}",
}


def shape_of(path):
    if path == "/" or path.startswith(("/v1/", "/v2")):
        return {"error"}
    if path.startswith(("/invocations", "/ping", "/version")):
        return {"error_code", "message"}
    return {"code", "message"}


def assert_refused_in_shape(name, path, status, payload, expected=None):
    assert status is not None and 400 <= status < 500, f"{name}: got {status} {payload[:300]!r}"
    if expected is not None:
        assert status == expected, f"{name}: got {status} {payload[:300]!r}"
    body = json.loads(payload)
    assert shape_of(path) <= set(body) and ("error" in body) == ("error" in shape_of(path)), f"{name}: {body}"


def overlong(body):
    """The first letter of the first field name in an overlong two-byte form: leniently decoded, the same name."""
    i = body.index(b'":') - 1
    return body[:i] + bytes([0xC0 | body[i] >> 6, 0x80 | body[i] & 0x3F]) + body[i + 1:]


BODY_FAULTS = {
    "Content-Length 2^31": (lambda b: b"", {"Content-Length": str(2**31)}, 413),
    "Content-Length 2^62": (lambda b: b"", {"Content-Length": str(2**62)}, 413),
    "Content-Length 2^63 - 1": (lambda b: b"", {"Content-Length": str(2**63 - 1)}, 413),
    "gzip that is not": (lambda b: b, {"Content-Encoding": "gzip"}, 400),
    "gzip cut short": (lambda b: gzip.compress(b)[:15], {"Content-Encoding": "gzip"}, 400),
    "br": (lambda b: b, {"Content-Encoding": "br"}, 415),
    "deflate": (lambda b: b, {"Content-Encoding": "deflate"}, 415),
    "two codings": (lambda b: b, {"Content-Encoding": "gzip, br"}, 415),
    "overlong UTF-8 in a name": (overlong, {}, 400),
    "UTF-16 surrogate in UTF-8": (lambda b: b[:-1] + b',"\xed\xa0\x80":1}', {}, 400),
    "character cut off at the end": (lambda b: b + b"\xe2\x82", {}, 400),
    "a second value after the body": (lambda b: b + b" {}", {}, 400),
    "a word after the body": (lambda b: b + b"\ntrue", {}, 400),
    "lead byte without continuation": (lambda b: b[:2] + b"\xc3(" + b[2:], {}, 400),
}


@pytest.mark.parametrize("fault", BODY_FAULTS)
@pytest.mark.parametrize("path", ROUTES)
def test_every_post_route_refuses_each_body_fault(service, path, fault):
    make, headers, expected = BODY_FAULTS[fault]
    body = make(ROUTES[path])
    sent = {**JSON, **headers}
    if "Content-Length" in headers:
        sent.pop("X-API-Key")  # refused before the key is checked, too
    status, payload = raw_request(service.port, http("POST", path, body, sent))
    assert_refused_in_shape(f"{fault} on {path}", path, status, payload, expected)


V2 = "/v2/models/iris/infer"
TENSOR = b'{"name":"x","shape":[1,4],"datatype":"FP32","data":' + ROWS + b"}"
PROTOCOL_FAULTS = {
    "tensor without datatype": (V2, b'{"inputs":[{"name":"x","shape":[1,4],"data":' + ROWS + b"}]}"),
    "datatype null": (V2, b'{"inputs":[' + TENSOR.replace(b'"FP32"', b"null") + b"]}"),
    "datatype a number": (V2, b'{"inputs":[' + TENSOR.replace(b'"FP32"', b"32") + b"]}"),
    "shape of floats": (V2, b'{"inputs":[' + TENSOR.replace(b"[1,4]", b"[1.0,4]") + b"]}"),
    "shape of strings": (V2, b'{"inputs":[' + TENSOR.replace(b"[1,4]", b'[1,"4"]') + b"]}"),
    "shape of booleans": (V2, b'{"inputs":[' + TENSOR.replace(b"[1,4]", b"[true,4]") + b"]}"),
    "id a number": (V2, b'{"id":5,"inputs":[' + TENSOR + b"]}"),
    "id an object": (V2, b'{"id":{},"inputs":[' + TENSOR + b"]}"),
    "tensor name a number": (V2, b'{"inputs":[' + TENSOR.replace(b'"x"', b"7") + b"]}"),
    "model_name of another model": (V2, b'{"model_name":"tulip","inputs":[' + TENSOR + b"]}"),
    "model_name a number": (V2, b'{"model_name":1,"inputs":[' + TENSOR + b"]}"),
    "model_version not served": (V2, b'{"model_version":"7","inputs":[' + TENSOR + b"]}"),
    "params.output null": ("/invocations", ROUTES["/invocations"][:-1] + b',"params":{"output":null}}'),
    "params.output a number": ("/invocations", ROUTES["/invocations"][:-1] + b',"params":{"output":1}}'),
    "a second form given as null": ("/invocations", ROUTES["/invocations"][:-1] + b',"inputs":null}'),
    "split columns of numbers": ("/invocations", b'{"dataframe_split":{"columns":[1,2,3,4],"data":[' + ROWS + b"]}}"),
}


@pytest.mark.parametrize("name", PROTOCOL_FAULTS)
def test_protocol_fields_are_strict(service, name):
    path, body = PROTOCOL_FAULTS[name]
    status, payload = raw_request(service.port, http("POST", path, body, JSON))
    assert_refused_in_shape(name, path, status, payload, 400)


CSV = {"Content-Type": "text/csv", "X-API-Key": API_KEY}
CSV_HEADER = b"sepal_length,sepal_width,petal_length,petal_width\n"


@pytest.mark.parametrize("control", [b"\x00", b"\x01", b"\x0b", b"\x1f", b"\x7f"])
def test_a_csv_cell_with_a_control_character_is_no_number(service, control):
    status, payload = raw_request(service.port, http("POST", "/invocations", CSV_HEADER + b"5.1,3.5,1.4,0" + control, CSV))
    assert_refused_in_shape(repr(control), "/invocations", status, payload, 400)


@pytest.mark.parametrize("body", [CSV_HEADER + b'5.1,3.5,1.4,"0.2\n6.3,3.3,6.0,2.5"\n',
                                  CSV_HEADER + b'5.1,3.5,1.4,"0.2\n6.3,3.3,6.0,2.5\n'],
                         ids=["quoted line break", "unclosed quote"])
def test_a_csv_quote_runs_to_its_closing_quote(service, body):
    status, payload = raw_request(service.port, http("POST", "/invocations", body, CSV))
    assert_refused_in_shape(repr(body), "/invocations", status, payload, 400)


@pytest.mark.parametrize("body", [b"\xef\xbb\xbf" + CSV_HEADER + b"5.1,3.5,1.4,0.2\n",
                                  b"\xef\xbb\xbf" + CSV_HEADER.replace(b"\n", b"\r\n") + b" 5.1 ,\t3.5,1.4,0.2\r\n"])
def test_csv_as_pandas_reads_it(service, body):
    status, payload = raw_request(service.port, http("POST", "/invocations", body, CSV))
    assert status == 200 and json.loads(payload) == {"predictions": ["setosa"]}, payload


JETTY_ANSWERS = {
    "TRACE": b"TRACE /predict HTTP/1.1\r\nHost: x\r\n\r\n",
    "TRACE on v2": b"TRACE /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n",
    "lowercase method": b"get /health HTTP/1.1\r\nHost: x\r\n\r\n",
    "unknown method": b"BREW /predict HTTP/1.1\r\nHost: x\r\n\r\n",
    "unknown method on v1": b"BREW /v1/models/iris HTTP/1.1\r\nHost: x\r\n\r\n",
    "OPTIONS *": b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    "HTTP/2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    "control character in a model name": b"GET /v2/models/ir%01is HTTP/1.1\r\nHost: x\r\n\r\n",
    "DEL in a V1 model name": b"GET /v1/models/ir%7Fis HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET on :predict": b"GET /v1/models/iris:predict HTTP/1.1\r\nHost: x\r\n\r\n",
}


@pytest.mark.parametrize("name", JETTY_ANSWERS)
def test_what_jetty_answers_itself_is_json_in_the_routes_shape(service, name):
    request = JETTY_ANSWERS[name]
    status, payload = raw_request(service.port, request)
    target = request.split(b" ")[1].decode()
    path = target if target.startswith("/") else "/predict"  # no route: the service's own shape
    assert_refused_in_shape(name, path, status, payload)


@pytest.mark.parametrize("refusal", ["no key", "unsupported type", "unknown coding", "unknown route"])
def test_a_connection_outlives_an_early_refusal(service, refusal):
    """The body arrives after the headers, as over a network; the next request on the connection is served (or the
    server said Connection: close)."""
    headers = {**JSON, "Connection": "keep-alive", "Content-Length": str(len(GOOD))}
    path = "/v2/nothing" if refusal == "unknown route" else "/predict"
    if refusal == "no key":
        headers.pop("X-API-Key")
    elif refusal == "unsupported type":
        headers["Content-Type"] = "text/plain"
    elif refusal == "unknown coding":
        headers["Content-Encoding"] = "br"
    import socket
    import time
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as sock:
        sock.sendall(http("POST", path, b"", headers))
        time.sleep(0.2)
        sock.sendall(GOOD + http("GET", "/health", b"", {"Connection": "close"}))
        answers = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answers += chunk
    first, _, rest = answers.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 4"), answers[:300]
    if b"\r\nconnection: close" in first.lower():
        return
    assert b"HTTP/1.1 200" in rest, f"the next request on the connection got no answer: {answers[:600]!r}"
