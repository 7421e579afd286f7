package io.irisapi.protocol.kserve;

import io.irisapi.dataplane.DataPlane;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.InferenceErrors;
import io.irisapi.protocol.OpenApiParts;
import io.irisapi.protocol.Protocol;
import io.swagger.v3.oas.models.OpenAPI;

import java.util.List;
import java.util.Optional;

/** KServe V1: /v1/models... and KServe's liveness at "/"; its errors are the inference protocols' shape. */
public final class KserveProtocol implements Protocol {
    /** The protocol's model routes are below it, and so is every path whose 404s and 405s are the protocol's. */
    static final String PATH = "/v1";

    private final DataPlane dataPlane;

    public KserveProtocol(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    @Override
    public String name() {
        return "v1";
    }

    @Override
    public List<Object> components() {
        return List.of(new V1ModelResource(dataPlane), new V1PredictResource(dataPlane));
    }

    @Override
    public ErrorShape errors() {
        return new InferenceErrors();
    }

    @Override
    public Optional<String> prefix() {
        return Optional.of(PATH);
    }

    @Override
    public void document(OpenAPI api) {
        OpenApiParts.exactlyOneOf(api, "V1PredictRequest", List.of("instances", "inputs"));
    }
}
