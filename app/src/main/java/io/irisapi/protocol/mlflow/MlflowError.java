package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An error as MLflow's scoring server sends it (MlflowException.serialize_as_json), without a stack trace. */
public record MlflowError(@JsonProperty("error_code") String errorCode, String message) {
}
