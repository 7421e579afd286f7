package io.irisapi.protocol.mlflow;

import io.irisapi.core.RejectedException;
import io.irisapi.protocol.ErrorShape;

/** {@code {"error_code":"INVALID_PARAMETER_VALUE","message":"..."}}: as {@code mlflow models serve} answers. */
public final class MlflowErrors implements ErrorShape {
    @Override
    public int status(int serviceStatus) {
        return ErrorShape.badRequestForInvalid(serviceStatus);
    }

    @Override
    public Object body(RejectedException error) {
        return new MlflowError(code(error.status()), error.getMessage());
    }

    @Override
    public Class<?> bodyType() {
        return MlflowError.class;
    }

    /** MLflow's error codes (its databricks.proto ErrorCode names) for the statuses the service sends. */
    static String code(int status) {
        return switch (status) {
            case 400, 405, 406, 415 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 404 -> "ENDPOINT_NOT_FOUND";
            case 413 -> "RESOURCE_EXHAUSTED";
            case 422 -> "INVALID_PARAMETER_VALUE";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            default -> status < 500 ? "BAD_REQUEST" : "INTERNAL_ERROR";
        };
    }
}
