"""The peer for `make bench`: the model a user of `mlflow models serve` would deploy for the same job.

scikit-learn's LogisticRegression trained on scikit-learn's bundled copy of Iris (nothing is downloaded), saved in
MLflow's format with a signature, so that the server checks its input as iris-api does. The columns carry iris-api's
feature names, so both servers get the same rows.

Usage: python bench/mlflow_peer.py OUTPUT_DIR
"""
import sys

import mlflow.sklearn
import pandas as pd
from mlflow.models import infer_signature
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def main(output_dir):
    iris = load_iris()
    x = pd.DataFrame(iris.data, columns=FEATURES)
    model = LogisticRegression(max_iter=1000).fit(x, iris.target_names[iris.target])
    mlflow.sklearn.save_model(model, output_dir, signature=infer_signature(x, model.predict(x)))


if __name__ == "__main__":
    main(sys.argv[1])
