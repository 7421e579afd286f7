package io.irisapi.protocol.kserve;

import io.irisapi.core.Scorer;
import io.irisapi.errors.ErrorShape;
import io.irisapi.protocol.OpenApiParts;
import io.irisapi.protocol.Protocol;
import io.irisapi.protocol.oip.InferenceErrors;
import io.swagger.v3.oas.models.OpenAPI;

import java.util.List;
import java.util.Set;

/** KServe V1: /v1/models... and KServe's liveness at "/"; its errors are the inference protocols' shape. */
public final class KserveProtocol implements Protocol {
    private static final ErrorShape ERRORS = new InferenceErrors(path -> path.isEmpty() || path.startsWith("v1/"));

    private final Scorer scorer;

    public KserveProtocol(Scorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public List<Object> components() {
        return List.of(new V1ModelResource(scorer.models()), new V1PredictResource(scorer));
    }

    @Override
    public ErrorShape errors() {
        return ERRORS;
    }

    @Override
    public Set<String> routesWithoutModel() {
        return Set.of("/");
    }

    @Override
    public void document(OpenAPI api) {
        OpenApiParts.exactlyOneOf(api, "V1PredictRequest", List.of("instances", "inputs"));
    }
}
