"""The model a user of `mlflow models serve` would deploy for the same job, for `make bench`.

scikit-learn's LogisticRegression trained on scikit-learn's bundled copy of Iris (nothing is downloaded), saved in
MLflow's format with a signature, so that the server checks its input as iris-api does. Two forms:
- `dataframe`: a column signature with iris-api's feature names, scored from `dataframe_records` (the form MLflow's
  documentation leads with; every request becomes a pandas DataFrame: MLflow's slowest path);
- `tensor`: a tensor signature (float64, shape [-1, 4]), scored from `{"inputs": [[...], ...]}`, which MLflow turns
  into one numpy array for scikit-learn with no DataFrame: its fastest documented path.

Usage: python bench/mlflow_peer.py {dataframe|tensor} OUTPUT_DIR
"""
import sys

import mlflow.sklearn
import pandas as pd
from mlflow.models import infer_signature
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def main(form, output_dir):
    iris = load_iris()
    x = pd.DataFrame(iris.data, columns=FEATURES) if form == "dataframe" else iris.data
    model = LogisticRegression(max_iter=1000).fit(x, iris.target_names[iris.target])
    mlflow.sklearn.save_model(model, output_dir, signature=infer_signature(x, model.predict(x)))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("dataframe", "tensor"):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
