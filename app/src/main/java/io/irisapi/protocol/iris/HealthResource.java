package io.irisapi.protocol.iris;

import io.irisapi.core.IrisModel;
import io.irisapi.dataplane.DataPlane;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/** GET /health, the seed project's contract; Kubernetes probes use Dropwizard's /health-check instead. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final DataPlane dataPlane;
    private final String serviceVersion;

    public HealthResource(DataPlane dataPlane, String serviceVersion) {
        this.dataPlane = dataPlane;
        this.serviceVersion = serviceVersion;
    }

    @GET
    public Response health() {
        Optional<IrisModel> model = dataPlane.served();
        HealthResponse body = new HealthResponse(model.isPresent() ? "healthy" : "unhealthy", model.isPresent(),
                serviceVersion, model.map(IrisModel::version).orElse(null));
        return Response.status(model.isPresent() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(body).build();
    }
}
