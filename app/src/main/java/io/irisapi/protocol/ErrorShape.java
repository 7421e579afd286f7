package io.irisapi.protocol;

import io.irisapi.core.RejectedException;

/**
 * How a protocol's routes answer an error: each protocol has one, and the route's ({@link Routes#errorShape}) renders
 * every error, whoever raised it. The service's own API names the field and uses 422 for input that breaks its
 * contract; the serving protocols' clients expect their server's shape, and 400 for any bad input.
 */
public interface ErrorShape {
    /** The status this shape's clients expect for one the service's own API would send. */
    default int status(int serviceStatus) {
        return serviceStatus;
    }

    /** The serving protocols' clients expect 400 for any bad input, where the service's own API says 422. */
    static int badRequestForInvalid(int serviceStatus) {
        return serviceStatus == 422 ? 400 : serviceStatus;
    }

    /** The body for the error, which carries the service's own status. */
    Object body(RejectedException error);

    /** The body's type, for the OpenAPI document. */
    Class<?> bodyType();
}
