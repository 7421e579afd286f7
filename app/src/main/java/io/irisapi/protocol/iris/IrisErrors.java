package io.irisapi.protocol.iris;

import io.irisapi.core.RejectedException;
import io.irisapi.protocol.ErrorShape;

/** {@code {"code":422,"message":"...","field":"..."}}: the service's own API, and every route no protocol claims. */
public final class IrisErrors implements ErrorShape {
    @Override
    public Object body(RejectedException error) {
        return new ApiError(error.status(), error.getMessage(), error.field());
    }

    @Override
    public Class<?> bodyType() {
        return ApiError.class;
    }
}
