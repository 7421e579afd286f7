package io.irisapi.http;

import io.irisapi.core.IrisModel;
import jakarta.ws.rs.core.Response;

/** Every prediction response names the model version that produced it. */
public final class ModelVersionHeader {
    public static final String NAME = "X-Model-Version";

    private ModelVersionHeader() {
    }

    public static Response ok(Object entity, IrisModel model) {
        return Response.ok(entity).header(NAME, model.version()).build();
    }
}
