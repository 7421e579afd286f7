package io.irisapi.errors;

import io.irisapi.api.ApiError;
import io.irisapi.core.RejectedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds every error response the exception mappers send: one place decides status codes and body shape. */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    public static int status(RejectedException.Reason reason) {
        return switch (reason) {
            case INVALID -> 422;
            case TOO_LARGE -> 413;
            case NOT_READY -> 503;
        };
    }

    public static Response of(int status, String message, String field) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, message, field));
        if (status == 503) {
            builder.header("Retry-After", "1");
        }
        return builder.build();
    }
}
