package io.irisapi.protocol.iris;

import io.irisapi.core.ModelManager;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/model")
@PermitAll
@SecurityRequirement(name = "ApiKey")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    private final ModelManager models;

    public ModelResource(ModelManager models) {
        this.models = models;
    }

    @GET
    public ModelInfo model() {
        return ModelInfo.of(models.require());
    }
}
