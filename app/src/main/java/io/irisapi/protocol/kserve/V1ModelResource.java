package io.irisapi.protocol.kserve;

import io.irisapi.dataplane.DataPlane;
import io.irisapi.protocol.AnswersWithoutModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * KServe V1's open routes: the server's liveness, the list of models, and a model's readiness. A model's name has
 * no colon, so that {@code /v1/models/iris:predict} is {@link V1PredictResource}'s route alone (405 for a GET).
 */
@Path("/")
@Tag(name = "KServe V1 protocol")
@Produces(MediaType.APPLICATION_JSON)
public class V1ModelResource {
    private final DataPlane dataPlane;

    public V1ModelResource(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    public record Alive(String status) {
    }

    public record Models(List<String> models) {
    }

    public record Status(String name, boolean ready) {
    }

    @GET
    @AnswersWithoutModel
    @Operation(summary = "Liveness, as KServe's model server answers it: 200 while the server runs")
    public Alive alive() {
        return new Alive("alive");
    }

    @GET
    @Path(KserveProtocol.PATH + "/models")
    @Operation(summary = "The models served: the one model once it is loaded, 503 before")
    public Models list() {
        dataPlane.ready();
        return new Models(List.of(DataPlane.MODEL));
    }

    @GET
    @Path(KserveProtocol.PATH + "/models/{model: [^/:]+}")
    @Operation(summary = "Model readiness: 200 once loaded, 503 before")
    public Status status(@PathParam("model") String model) {
        dataPlane.model(model, null);
        return new Status(DataPlane.MODEL, true);
    }
}
