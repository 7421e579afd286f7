package io.irisapi.protocol.oip;

import io.irisapi.dataplane.DataPlane;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.InferenceErrors;
import io.irisapi.protocol.OpenApiParts;
import io.irisapi.protocol.Protocol;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Open Inference Protocol (KServe V2, Triton, MLServer): /v2 and below. */
public final class OipProtocol implements Protocol {
    private final DataPlane dataPlane;
    private final String serviceVersion;

    public OipProtocol(DataPlane dataPlane, String serviceVersion) {
        this.dataPlane = dataPlane;
        this.serviceVersion = serviceVersion;
    }

    @Override
    public String name() {
        return "v2";
    }

    @Override
    public List<Object> components() {
        return List.of(new UntypedBodyFilter(), new BinaryTensorFilter(),
                new InferenceResource(dataPlane, serviceVersion));
    }

    @Override
    public ErrorShape errors() {
        return new InferenceErrors();
    }

    @Override
    public Optional<String> prefix() {
        return Optional.of(InferenceResource.PATH);
    }

    /** A versioned route is labelled as its model's: one series per route, whichever version a client names. */
    @Override
    public String routeLabel(String template) {
        return template.replace("/versions/{version}", "");
    }

    @Override
    public void document(OpenAPI api) {
        OpenApiParts.anyValues(api, "InferenceRequest", "parameters");
        OpenApiParts.anyValues(api, "InferenceRequestInput", "parameters");
        OpenApiParts.anyValues(api, "InferenceRequestOutput", "parameters");
        // [N, 4]: JSON Schema 2020-12 states each dimension, as the service checks it (N up to the batch limit).
        Schema<?> shape = (Schema<?>) api.getComponents().getSchemas().get("InferenceRequestInput").getProperties()
                .get("shape");
        shape.items(null).prefixItems(List.of(
                new JsonSchema().types(Set.of("integer")).minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(dataPlane.maxBatchRows())),
                new JsonSchema().types(Set.of("integer"))._const(Tensors.FEATURES)));
    }
}
