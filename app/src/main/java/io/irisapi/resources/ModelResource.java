package io.irisapi.resources;

import io.irisapi.api.ModelInfo;
import io.irisapi.core.ModelManager;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/model")
@PermitAll
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
