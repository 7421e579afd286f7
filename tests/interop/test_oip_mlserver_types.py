"""Every /v2 answer of the service read with MLServer's own pydantic types of the Open Inference Protocol
(`mlserver.types`), strictly, and round-tripped: the typed value, dumped again, must be the answer itself, so that a
field the types do not know, a missing one, or a value of the wrong JSON type fails.

Runs with the MLServer venv's python (`make interop-test`; bench/requirements-mlserver.txt): MLServer cannot be
installed beside kserve in .venv.
"""
import json
import urllib.error
import urllib.request

import pytest
from mlserver import types

from conftest import API_KEY

ROWS = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]
KEY = {"X-API-Key": API_KEY}
LABELS = ["setosa", "virginica"]


@pytest.fixture
def call(service):
    """(status, parsed JSON body or None) of a request to the service."""
    host, port = service

    def go(path, body=None, headers=KEY):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://{host}:{port}{path}", data,
                                         {**headers, **({"Content-Type": "application/json"} if data else {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        return status, json.loads(raw) if raw else None
    return go


def typed(model, answer):
    """The answer as `model`, strictly; and the same JSON when dumped again (nothing unknown, nothing lost)."""
    value = model.model_validate_json(json.dumps(answer), strict=True)
    assert value.model_dump(mode="json", exclude_unset=True) == answer
    return value


def infer_body(datatype, rows=ROWS, **extra):
    body = {"inputs": [{"name": "input-0", "shape": [len(rows), 4], "datatype": datatype,
                        "data": [v for row in rows for v in row]}], **extra}
    # What is sent is a request MLServer's own types accept.
    typed(types.InferenceRequest, body)
    return body


def test_server_and_model_metadata(call):
    status, answer = call("/v2")
    assert status == 200
    server = typed(types.MetadataServerResponse, answer)
    assert server.name and server.version
    status, answer = call("/v2/models/iris")
    assert status == 200
    model = typed(types.MetadataModelResponse, answer)
    assert model.name == "iris" and model.versions
    assert [i.shape for i in model.inputs] == [[-1, 4]]
    status, answer = call(f"/v2/models/iris/versions/{model.versions[0]}")
    assert status == 200 and typed(types.MetadataModelResponse, answer) == model


def test_health_and_ready(call):
    """MLServer's types have no body for these: the protocol's answer is the status code."""
    for path in ("/v2/health/live", "/v2/health/ready", "/v2/models/iris/ready"):
        assert call(path)[0] == 200, path


@pytest.mark.parametrize("datatype", ["FP32", "FP64"])
def test_infer(call, datatype):
    status, answer = call("/v2/models/iris/infer", infer_body(datatype, id=f"typed-{datatype}"))
    assert status == 200, answer
    response = typed(types.InferenceResponse, answer)
    assert response.model_name == "iris" and response.id == f"typed-{datatype}"
    outputs = {o.name: o for o in response.outputs}
    assert list(outputs["label"].data) == LABELS and outputs["label"].datatype == "BYTES"
    assert list(outputs["class_index"].data) == [0, 2] and outputs["class_index"].datatype.startswith("INT")
    assert outputs["probabilities"].shape == [2, 3] and outputs["probabilities"].datatype.startswith("FP")


def test_infer_with_chosen_output_and_parameters(call):
    body = infer_body("FP64", outputs=[{"name": "label"}], parameters={"trace": "on"})
    status, answer = call("/v2/models/iris/infer", body)
    assert status == 200, answer
    response = typed(types.InferenceResponse, answer)
    assert [o.name for o in response.outputs] == ["label"]


@pytest.mark.parametrize("path, body, headers, status, model", [
    ("/v2/models/tulip", None, KEY, 404, types.MetadataModelErrorResponse),
    ("/v2/models/iris/versions/no-such-version", None, KEY, 404, types.MetadataModelErrorResponse),
    ("/v2/models/tulip/infer", infer_body("FP32"), KEY, 404, types.InferenceErrorResponse),
    ("/v2/models/iris/infer", {"inputs": [{"name": "x", "shape": [1, 3], "datatype": "FP32",
                                           "data": [1.0, 2.0, 3.0]}]}, KEY, 400, types.InferenceErrorResponse),
    ("/v2/models/iris/infer", {"inputs": [{"name": "x", "shape": [1, 4], "data": [1.0, 2.0, 3.0, 4.0]}]}, KEY, 400,
     types.InferenceErrorResponse),
    ("/v2/models/iris/infer", infer_body("BYTES"), KEY, 400, types.InferenceErrorResponse),
    # The features are real numbers: integer tensors are refused, in the protocol's error shape.
    ("/v2/models/iris/infer", infer_body("INT64", [[5, 3, 1, 0]]), KEY, 400, types.InferenceErrorResponse),
    ("/v2/models/iris/infer", infer_body("FP32"), {}, 401, types.InferenceErrorResponse),
])
def test_errors(call, path, body, headers, status, model):
    got, answer = call(path, body, headers)
    assert got == status, answer
    error = typed(model, answer)
    assert isinstance(error.error, str) and error.error


@pytest.mark.parametrize("change", [
    lambda a: a.update(extra="field"),
    lambda a: a["outputs"][0].update(shape=["2"]),
    lambda a: a["outputs"][0].pop("datatype"),
    lambda a: a.update(model_name=7),
])
def test_the_check_refuses_a_wrong_answer(call, change):
    """The check itself can fail: the service's own answer, altered once, is refused."""
    answer = call("/v2/models/iris/infer", infer_body("FP32"))[1]
    change(answer)
    with pytest.raises(Exception):
        typed(types.InferenceResponse, answer)
