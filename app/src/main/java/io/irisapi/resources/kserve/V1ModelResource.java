package io.irisapi.resources.kserve;

import io.irisapi.core.ModelManager;
import io.irisapi.errors.ErrorShape;
import io.irisapi.errors.ProtocolErrors;
import io.irisapi.resources.inference.InferenceResource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** KServe V1 model readiness, open like the other health routes. */
@Path("/v1/models/{model}")
@Tag(name = "KServe V1 protocol")
@ProtocolErrors(ErrorShape.INFERENCE)
@Produces(MediaType.APPLICATION_JSON)
public class V1ModelResource {
    private final ModelManager models;

    public V1ModelResource(ModelManager models) {
        this.models = models;
    }

    public record Status(String name, boolean ready) {
    }

    @GET
    @Operation(summary = "Model readiness: 200 once loaded, 503 before")
    public Status status(@PathParam("model") String model) {
        InferenceResource.requireName(model);
        models.require();
        return new Status(InferenceResource.MODEL, true);
    }
}
