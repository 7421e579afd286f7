"""tritonclient's HTTP client, unchanged, against the service's Open Inference Protocol (KServe V2) routes."""

import numpy as np
import pytest
import tritonclient.http as triton
from tritonclient.utils import InferenceServerException

from conftest import API_KEY



def key():
    """A new headers dict per call: tritonclient adds its own headers to the dict it is given."""
    return {"X-API-Key": API_KEY}

ROWS = np.array([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]])


@pytest.fixture
def client(service):
    host, port = service
    with triton.InferenceServerClient(f"{host}:{port}") as client:
        yield client


def tensor(rows, datatype="FP32", binary_data=False):
    data = rows.astype(np.float32 if datatype == "FP32" else np.float64)
    tensor = triton.InferInput("input", list(data.shape), datatype)
    tensor.set_data_from_numpy(data, binary_data=binary_data)
    return tensor


def test_health_and_metadata(client):
    assert client.is_server_live()
    assert client.is_server_ready()
    assert client.is_model_ready("iris")
    metadata = client.get_model_metadata("iris")
    assert metadata["inputs"] == [{"name": "input", "datatype": "FP32", "shape": [-1, 4]}]
    assert [o["name"] for o in metadata["outputs"]] == ["class_index", "label", "probabilities"]
    assert client.is_model_ready("iris", model_version=metadata["versions"][0])
    assert client.get_server_metadata()["name"] == "iris-api"


def test_infer_fp32_all_outputs(client):
    result = client.infer("iris", [tensor(ROWS)], headers=key(), request_id="interop-1")
    assert result.as_numpy("label").tolist() == ["setosa", "virginica"]
    assert result.as_numpy("class_index").dtype == np.int64
    assert result.as_numpy("class_index").tolist() == [0, 2]
    probabilities = result.as_numpy("probabilities")
    assert probabilities.dtype == np.float32 and probabilities.shape == (2, 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert result.get_response()["id"] == "interop-1"


def test_infer_fp64_chosen_output_and_served_version(client):
    version = client.get_model_metadata("iris")["versions"][0]
    outputs = [triton.InferRequestedOutput("probabilities", binary_data=True)]
    result = client.infer("iris", [tensor(ROWS, "FP64")], model_version=version, outputs=outputs, headers=key())
    assert result.get_response()["model_version"] == version
    assert result.as_numpy("label") is None
    assert result.as_numpy("probabilities").argmax(axis=1).tolist() == [0, 2]


def test_bad_request_raises_with_the_services_message(client):
    with pytest.raises(InferenceServerException) as failure:
        client.infer("iris", [tensor(np.array([[5.1, 3.5, 1.4, -0.2]]))], headers=key())
    assert failure.value.status() == "400"
    assert "inputs[0].data[0].petal_width must not be negative" in failure.value.message()


def test_binary_tensors_are_refused_with_advice(client):
    with pytest.raises(InferenceServerException) as failure:
        client.infer("iris", [tensor(ROWS, binary_data=True)], headers=key())
    assert failure.value.status() == "400"
    assert "binary_data=False" in failure.value.message()


def test_version_not_served_and_missing_key(client):
    with pytest.raises(InferenceServerException) as failure:
        client.infer("iris", [tensor(ROWS)], model_version="999", headers=key())
    assert failure.value.status() == "404"
    with pytest.raises(InferenceServerException) as failure:
        client.infer("iris", [tensor(ROWS)])
    assert failure.value.status() == "401"
    assert "X-API-Key" in failure.value.message()
