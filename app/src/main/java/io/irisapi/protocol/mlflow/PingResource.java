package io.irisapi.protocol.mlflow;

import io.irisapi.dataplane.DataPlane;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /ping} of {@code mlflow models serve}: its clients wait on it before scoring. (MLflow's {@code /health}
 * is the seed's {@link io.irisapi.protocol.iris.HealthResource}, whose JSON stays as it was.)
 */
@Path("/ping")
@Tag(name = "MLflow scoring protocol")
public class PingResource {
    private final DataPlane dataPlane;

    public PingResource(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "200 once a model is loaded, 503 before")
    public String ping() {
        dataPlane.ready();
        return "\n";
    }
}
