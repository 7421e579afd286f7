"""MLflow's own scoring-server client, unchanged, against the service's MLflow scoring protocol.

ScoringServerClient sends no custom headers, and the service does not score without a key. As in a deployment
where an API gateway adds the credential, its requests go through a loopback proxy that adds X-API-Key: the client
finds the proxy through the standard HTTP_PROXY variable, which `requests` reads, so no MLflow code is patched.
"""

import numpy as np
import pandas as pd
import pytest
from mlflow.pyfunc.scoring_server.client import ScoringServerClient
from sklearn.datasets import load_iris


@pytest.fixture
def client(service, key_adding_proxy, monkeypatch):
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", key_adding_proxy)
    monkeypatch.setenv("http_proxy", key_adding_proxy)
    return ScoringServerClient(*service)


@pytest.fixture
def client_without_key(service, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return ScoringServerClient(*service)


@pytest.fixture(scope="module")
def iris():
    """scikit-learn's copy of the data, with its column names ("sepal length (cm)", ...)."""
    data = load_iris(as_frame=True)
    return data.frame.drop(columns="target"), np.array(data.target_names)[data.target]


def test_waits_for_ping_and_reads_version(client_without_key):
    client_without_key.wait_server_ready(timeout=10)
    assert client_without_key.get_version() == "1.0.0"


def test_dataframe_with_scikit_learn_columns(client, iris):
    features, labels = iris
    response = client.invoke(features)
    predicted = response.get_predictions(predictions_format="ndarray")
    assert predicted.shape == (150,)
    assert set(predicted) == {"setosa", "versicolor", "virginica"}
    assert (predicted == labels).mean() > 0.9


def test_dataframe_with_the_api_columns_in_another_order(client):
    frame = pd.DataFrame({"petal_width": [0.2, 2.3], "sepal_length": [5.1, 6.7],
                          "petal_length": [1.4, 5.2], "sepal_width": [3.5, 3.0]})
    assert client.invoke(frame).get_predictions().iloc[:, 0].tolist() == ["setosa", "virginica"]


def test_numpy_rows_and_params(client):
    rows = np.array([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]])
    assert client.invoke(rows)["predictions"] == ["setosa", "virginica"]
    assert client.invoke(rows, params={"output": "class_index"})["predictions"] == [0, 2]
    probabilities = client.invoke(rows, params={"output": "probabilities"}).get_predictions()
    assert list(probabilities.columns) == ["setosa", "versicolor", "virginica"]
    assert probabilities["virginica"].iloc[1] > 0.9


def test_bad_input_fails_with_mlflows_error(client):
    frame = pd.DataFrame({"sepal_length": [5.1], "sepal_width": [3.5], "petal_length": [1.4],
                          "petal_width": [-0.2]})
    with pytest.raises(Exception, match="error code 400") as failure:
        client.invoke(frame)
    message = str(failure.value)
    assert '"error_code":"INVALID_PARAMETER_VALUE"' in message
    assert "dataframe_split.data[0].petal_width must not be negative" in message


def test_missing_key_is_refused(client_without_key):
    with pytest.raises(Exception, match="error code 401") as failure:
        client_without_key.invoke(np.array([[5.1, 3.5, 1.4, 0.2]]))
    assert '"error_code":"UNAUTHENTICATED"' in str(failure.value)
