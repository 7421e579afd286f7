"""MLServer serving the same model as the other peers, for `make bench`: writes a model repository and MLServer's
settings, as MLServer's documentation sets up a scikit-learn model. Runs with the MLServer venv's python
(.tools/mlserver-venv, bench/requirements-mlserver.txt), which then serves it with `mlserver start DIR`.

scikit-learn's LogisticRegression on scikit-learn's bundled Iris (nothing is downloaded), saved with joblib as
mlserver-sklearn loads it; the model is named `iris`, so the Open Inference Protocol request sent to iris-api's
/v2/models/iris/infer goes unchanged to MLServer's. `parallel_workers` = CPUs (inference in that many processes),
and MLServer's own metrics server off, as iris-api's load runs have no Prometheus scraping either.

Usage: python bench/mlserver_peer.py DIR HTTP_PORT GRPC_PORT WORKERS
"""
import json
import sys
from pathlib import Path

import joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression


def main(directory, http_port, grpc_port, workers):
    root = Path(directory)
    model_dir = root / "iris"
    model_dir.mkdir(parents=True, exist_ok=True)
    iris = load_iris()
    joblib.dump(LogisticRegression(max_iter=1000).fit(iris.data, iris.target), model_dir / "model.joblib")
    (model_dir / "model-settings.json").write_text(json.dumps({
        "name": "iris", "implementation": "mlserver_sklearn.SKLearnModel",
        "parameters": {"uri": "./model.joblib", "version": "v1"}}))
    (root / "settings.json").write_text(json.dumps({
        "host": "127.0.0.1", "http_port": int(http_port), "grpc_port": int(grpc_port),
        "parallel_workers": int(workers), "metrics_endpoint": None, "debug": False}))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
