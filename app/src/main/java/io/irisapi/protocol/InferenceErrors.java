package io.irisapi.protocol;

import io.irisapi.core.RejectedException;

/** {@code {"error":"..."}}: the Open Inference Protocol (KServe V2, Triton, MLServer) and KServe V1 alike. */
public final class InferenceErrors implements ErrorShape {
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
