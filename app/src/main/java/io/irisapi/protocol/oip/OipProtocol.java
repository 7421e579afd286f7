package io.irisapi.protocol.oip;

import io.irisapi.core.Scorer;
import io.irisapi.errors.ErrorShape;
import io.irisapi.protocol.OpenApiParts;
import io.irisapi.protocol.Protocol;
import io.swagger.v3.oas.models.OpenAPI;

import java.util.List;
import java.util.Set;

/** The Open Inference Protocol (KServe V2, Triton, MLServer): /v2 and below. */
public final class OipProtocol implements Protocol {
    private final Scorer scorer;
    private final String serviceVersion;

    public OipProtocol(Scorer scorer, String serviceVersion) {
        this.scorer = scorer;
        this.serviceVersion = serviceVersion;
    }

    @Override
    public List<Object> components() {
        return List.of(new UntypedBodyFilter(), new BinaryTensorFilter(), new InferenceResource(scorer, serviceVersion));
    }

    @Override
    public ErrorShape errors() {
        return InferenceErrors.V2;
    }

    @Override
    public Set<String> routesWithoutModel() {
        return Set.of("/v2", "/v2/health/live");
    }

    @Override
    public void document(OpenAPI api) {
        OpenApiParts.anyValues(api, "InferenceRequest", "parameters");
        OpenApiParts.anyValues(api, "InferenceRequestInput", "parameters");
        OpenApiParts.anyValues(api, "InferenceRequestOutput", "parameters");
    }
}
