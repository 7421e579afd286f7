"""KServe's own Python SDK, unchanged, against the service's KServe V1 and Open Inference Protocol (V2) routes; and
every /v2 answer checked against the SDK's own pydantic types of the protocol, strictly (a number where a string
belongs, or a missing field, fails)."""

import asyncio
import json
import urllib.request

import httpx
import pytest
from kserve import InferenceRESTClient, InferInput, InferRequest, RESTConfig
from kserve.protocol.rest import v2_datamodels as v2

from conftest import API_KEY

ROWS = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]
KEY = {"X-API-Key": API_KEY}


@pytest.fixture
def base_url(service):
    host, port = service
    return f"http://{host}:{port}"


def request(model_name="iris", request_id="kserve-1"):
    tensor = InferInput("input", [len(ROWS), 4], "FP32", data=[v for row in ROWS for v in row])
    return InferRequest(model_name=model_name, infer_inputs=[tensor], request_id=request_id)


def run(protocol, call):
    async def go():
        client = InferenceRESTClient(RESTConfig(protocol=protocol, retries=0, timeout=30))
        try:
            return await call(client)
        finally:
            await client.close()
    return asyncio.run(go())


def get(url, headers=None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
        return json.load(response)


def test_v2_infer_with_the_sdks_request(base_url):
    """InferRequest always puts model_name in the body; the service takes it when it names the path's model."""
    response = run("v2", lambda c: c.infer(base_url, request(), model_name="iris", headers=KEY))
    outputs = {o.name: o for o in response.outputs}
    assert outputs["label"].data == ["setosa", "virginica"]
    assert outputs["class_index"].data == [0, 2]
    assert outputs["probabilities"].shape == [2, 3]
    assert response.id == "kserve-1" and response.model_name == "iris"


def test_v2_infer_refuses_a_model_name_that_contradicts_the_path(base_url):
    with pytest.raises(httpx.HTTPStatusError) as refused:
        run("v2", lambda c: c.infer(base_url, request(model_name="tulip"), model_name="iris", headers=KEY))
    assert refused.value.response.status_code == 400
    assert "model_name" in refused.value.response.json()["error"]


def test_v1_predict(base_url):
    response = run("v1", lambda c: c.infer(base_url, {"instances": ROWS}, model_name="iris", headers=KEY))
    assert response == {"predictions": ["setosa", "virginica"]}


def test_the_pooled_connection_outlives_a_refusal(base_url):
    """The SDK's client keeps its connection: a request refused before its body was read must not break the next."""
    async def refused_then_served(client):
        for _ in range(5):
            with pytest.raises(httpx.HTTPStatusError) as refused:
                await client.infer(base_url, request(), model_name="iris")
            assert refused.value.response.status_code == 401
            served = await client.infer(base_url, request(), model_name="iris", headers=KEY)
            assert served.outputs
    run("v2", refused_then_served)


def test_every_v2_answer_matches_the_sdks_types(base_url):
    strict = {"strict": True}
    v2.ServerLiveResponse.model_validate(get(f"{base_url}/v2/health/live"), **strict)
    v2.ServerReadyResponse.model_validate(get(f"{base_url}/v2/health/ready"), **strict)
    v2.ServerMetadataResponse.model_validate(get(f"{base_url}/v2"), **strict)
    metadata = v2.ModelMetadataResponse.model_validate(get(f"{base_url}/v2/models/iris"), **strict)
    version = metadata.versions[0]
    v2.ModelMetadataResponse.model_validate(get(f"{base_url}/v2/models/iris/versions/{version}"), **strict)
    v2.ModelReadyResponse.model_validate(get(f"{base_url}/v2/models/iris/ready"), **strict)
    v2.ModelReadyResponse.model_validate(get(f"{base_url}/v2/models/iris/versions/{version}/ready"), **strict)
    body = json.dumps({"id": "typed", "inputs": [{"name": "x", "shape": [2, 4], "datatype": "FP64",
                                                   "data": ROWS}]}).encode()
    for path in ("/v2/models/iris/infer", f"/v2/models/iris/versions/{version}/infer"):
        answer = urllib.request.Request(base_url + path, body, {**KEY, "Content-Type": "application/json"})
        with urllib.request.urlopen(answer, timeout=10) as response:
            typed = v2.InferenceResponse.model_validate(json.load(response), **strict)
        assert typed.model_version == version and typed.id == "typed"
