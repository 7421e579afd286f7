"""Hand-made bad requests: every one is refused with a 4xx (and JSON naming the problem where the app answers),
never a 5xx, a stack trace or a hang."""
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
