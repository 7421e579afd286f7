package io.irisapi.protocol.iris;

import io.irisapi.dataplane.DataPlane;
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
    private final DataPlane dataPlane;

    public ModelResource(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    @GET
    public ModelInfo model() {
        return ModelInfo.of(dataPlane);
    }
}
