package io.irisapi.protocol.mlflow;

import io.irisapi.protocol.AnswersWithoutModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /version} of {@code mlflow models serve}, which answers its own version there; this is the service's. */
@Path("/version")
@Tag(name = "MLflow scoring protocol")
public class VersionResource {
    private final String serviceVersion;

    public VersionResource(String serviceVersion) {
        this.serviceVersion = serviceVersion;
    }

    @GET
    @AnswersWithoutModel
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The service's version, as plain text")
    public String version() {
        return serviceVersion;
    }
}
