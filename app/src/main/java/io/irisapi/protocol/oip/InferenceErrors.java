package io.irisapi.protocol.oip;

import io.irisapi.core.RejectedException;
import io.irisapi.errors.ErrorShape;

import java.util.function.Predicate;

/**
 * {@code {"error":"..."}}: the Open Inference Protocol (KServe V2, Triton, MLServer) and KServe V1. The protocols own
 * their prefixes whether or not a resource matched, so that a 404 or 405 under {@code /v2/} is the protocol's too.
 */
public final class InferenceErrors implements ErrorShape {
    /** The Open Inference Protocol's routes: {@code /v2} and below. */
    public static final InferenceErrors V2 = new InferenceErrors(path -> path.equals("v2") || path.startsWith("v2/"));

    private final Predicate<String> routes;

    public InferenceErrors(Predicate<String> routes) {
        this.routes = routes;
    }

    @Override
    public boolean covers(String path) {
        return routes.test(path);
    }

    @Override
    public int status(int serviceStatus) {
        return ErrorShape.badRequestForInvalid(serviceStatus);
    }

    @Override
    public Object body(RejectedException error) {
        return new ProtocolError(error.getMessage());
    }

    @Override
    public Class<?> bodyType() {
        return ProtocolError.class;
    }
}
