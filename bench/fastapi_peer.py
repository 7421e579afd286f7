"""The FastAPI peer of `make bench`: a FastAPI + pydantic + scikit-learn service of the kind iris-api replaced, with the
same `POST /predict` API (body, answer fields, X-Model-Version header) and the same X-API-Key check, compared in
constant time. Served by uvicorn with workers = CPUs (bench/run.py starts it from .tools/fastapi-venv).

Written as such a service is written at its fastest: an `async def` route (no thread-pool hop for a model that takes
microseconds), one `predict_proba` call per request (the class is its arg-max), the model trained once at start-up on
scikit-learn's bundled Iris (nothing is downloaded). API_KEY comes from the environment; there is no default.
"""
import hmac
import math
import os

import numpy as np
from fastapi import FastAPI, Header, HTTPException, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, field_validator
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

API_KEY = os.environ["API_KEY"].encode()
MODEL_VERSION = "sklearn-logistic"
_iris = load_iris()
MODEL = LogisticRegression(max_iter=1000).fit(_iris.data, _iris.target)
CLASSES = [str(name) for name in _iris.target_names]


class IrisFeatures(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float

    @field_validator("*")
    @classmethod
    def finite(cls, value):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class Probabilities(BaseModel):
    setosa: float
    versicolor: float
    virginica: float


class PredictionResponse(BaseModel):
    prediction: str
    class_index: int
    probabilities: Probabilities
    model_version: str


app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.exception_handler(RequestValidationError)
async def invalid(_, exc):
    return JSONResponse({"code": 400, "message": str(exc.errors()[0]["msg"])}, status_code=400)


@app.exception_handler(HTTPException)
async def refused(_, exc):
    return JSONResponse({"code": exc.status_code, "message": exc.detail}, status_code=exc.status_code)


@app.post("/predict", response_model=PredictionResponse)
async def predict(features: IrisFeatures, response: Response, x_api_key: str | None = Header(default=None)):
    if x_api_key is None or not hmac.compare_digest(x_api_key.encode(), API_KEY):
        raise HTTPException(401, "missing or invalid API key: send a valid key in the X-API-Key header")
    row = np.array([[features.sepal_length, features.sepal_width, features.petal_length, features.petal_width]])
    p = MODEL.predict_proba(row)[0]
    best = int(p.argmax())
    response.headers["X-Model-Version"] = MODEL_VERSION
    return PredictionResponse(prediction=CLASSES[best], class_index=best,
                              probabilities=Probabilities(setosa=p[0], versicolor=p[1], virginica=p[2]),
                              model_version=MODEL_VERSION)


@app.get("/health")
async def health():
    return {"status": "healthy", "model_loaded": True, "model_version": MODEL_VERSION}
