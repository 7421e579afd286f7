package io.irisapi.errors;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.irisapi.api.ApiError;
import io.irisapi.api.MlflowError;
import io.irisapi.api.ProtocolError;

import java.util.Set;

/**
 * The error body a family of routes answers with. The service's own API names the field and uses 422 for input that
 * breaks its contract; the serving protocols' clients expect their server's shape, and 400 for any bad input.
 */
public enum ErrorShape {
    /** {@code {"code":422,"message":"...","field":"..."}}: the service's own API. */
    SERVICE,
    /** {@code {"error_code":"INVALID_PARAMETER_VALUE","message":"..."}}: as {@code mlflow models serve} answers. */
    MLFLOW,
    /** {@code {"error":"..."}}: the Open Inference Protocol (KServe V2, Triton, MLServer) and KServe V1. */
    INFERENCE;

    private static final Set<String> MLFLOW_ROUTES = Set.of("invocations", "ping", "version");

    /**
     * The shape of a route's errors, from its path (with or without the leading slash): the serving protocols own
     * their prefixes, whether or not a resource matched, so a 404 or 405 under {@code /v2/} is the protocol's too.
     */
    public static ErrorShape ofPath(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty() || p.equals("v2") || p.startsWith("v2/") || p.startsWith("v1/")) {
            return INFERENCE; // "/" is KServe's liveness route
        }
        if (MLFLOW_ROUTES.contains(p)) {
            return MLFLOW;
        }
        return SERVICE;
    }

    /** The status this shape's clients expect for one the service's own API would send. */
    public int status(int serviceStatus) {
        return this != SERVICE && serviceStatus == 422 ? 400 : serviceStatus;
    }

    /** The body for an error, given the service's own status (before {@link #status}), message and field. */
    public Object body(int serviceStatus, String message, String field) {
        return switch (this) {
            case SERVICE -> new ApiError(serviceStatus, message, field);
            case MLFLOW -> new MlflowError(mlflowCode(serviceStatus), message);
            case INFERENCE -> new ProtocolError(message);
        };
    }

    /** MLflow's error codes (its databricks.proto ErrorCode names) for the statuses the service sends. */
    static String mlflowCode(int status) {
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

    /** The message of an error body the service or Dropwizard built in the service's shape, or null for others. */
    static String messageOf(Object entity) {
        if (entity instanceof ApiError error) {
            return error.message();
        }
        if (entity instanceof ErrorMessage error) {
            return error.getDetails() == null ? error.getMessage() : error.getMessage() + ": " + error.getDetails();
        }
        return null;
    }
}
