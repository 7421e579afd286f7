package io.irisapi.protocol.iris;

import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.filter.BatchInput;
import io.irisapi.http.ModelVersionHeader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/** The seed project's prediction API. */
@Path("/predict")
@PermitAll
@SecurityRequirement(name = "ApiKey")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PredictResource {
    private final DataPlane dataPlane;

    public PredictResource(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    @POST
    @Operation(summary = "Classify one flower", responses = @ApiResponse(responseCode = "200", description = "The class",
            content = @Content(schema = @Schema(implementation = PredictionResponse.class))))
    public Response predict(IrisFeatures features) {
        DataPlane.Result result = dataPlane.score(List.of(bodyRequired(features).toRow(() -> "")));
        return ModelVersionHeader.ok(PredictionResponse.of(result.predictions().get(0), result.model().version()),
                result.model());
    }

    @POST
    @Path("/batch")
    @BatchInput
    @Operation(summary = "Classify many flowers", responses = @ApiResponse(responseCode = "200",
            description = "One class per row", content = @Content(schema = @Schema(implementation = BatchResponse.class))))
    public Response predictBatch(BatchRequest batch) {
        List<IrisFeatures> instances = bodyRequired(batch).instances();
        required(instances, "instances");
        DataPlane.Result result = dataPlane.score(dataPlane.rows(maxRows -> rows(instances, maxRows)));
        return ModelVersionHeader.ok(
                new BatchResponse(PredictionResponse.inBatch(result.predictions()), result.model().version()),
                result.model());
    }

    private static List<double[]> rows(List<IrisFeatures> instances, int maxRows) {
        Measurements.checkRowCount("instances", instances.size(), maxRows);
        List<double[]> rows = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            int row = i; // the row's location is only spelled out for an error: rows come by the thousand
            IrisFeatures features = instances.get(i); // built on each call (IrisFeaturesListDeserializer): once
            if (features == null) {
                throw RejectedException.invalid("instances[" + i + "]", "is required");
            }
            rows.add(features.toRow(() -> "instances[" + row + "]."));
        }
        return rows;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw RejectedException.invalid(field, "is required");
        }
        return value;
    }

    private static <T> T bodyRequired(T body) {
        if (body == null) {
            throw RejectedException.malformed("a JSON request body is required");
        }
        return body;
    }
}
