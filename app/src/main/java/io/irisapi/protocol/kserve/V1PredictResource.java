package io.irisapi.protocol.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.codec.JsonRows;
import io.irisapi.core.Prediction;
import io.irisapi.core.RejectedException;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.filter.BatchInput;
import io.irisapi.http.ModelVersionHeader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** KServe V1 {@code :predict}: {@code {"predictions": [...]}} with one class label per row. */
@Path(KserveProtocol.PATH + "/models/{model}:predict")
@PermitAll
@Tag(name = "KServe V1 protocol")
@SecurityRequirement(name = "ApiKey")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class V1PredictResource {
    private final DataPlane dataPlane;

    public V1PredictResource(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    public record Predictions(List<String> predictions) {
    }

    @POST
    @BatchInput
    @Operation(summary = "Predict the class label of each row",
            responses = @ApiResponse(responseCode = "200", description = "One class label per row",
                    content = @Content(schema = @Schema(implementation = Predictions.class))))
    public Response predict(@PathParam("model") String model, V1Request request) {
        dataPlane.requireName(model);
        if (request == null || (request.instances() == null) == (request.inputs() == null)) {
            throw RejectedException.invalid(null, "the body must have exactly one of instances or inputs");
        }
        boolean instances = request.instances() != null;
        JsonNode rows = instances ? request.instances() : request.inputs();
        String field = instances ? "instances" : "inputs";
        DataPlane.Result result = dataPlane.score(dataPlane.rows(maxRows -> JsonRows.rows(rows, field, maxRows)));
        List<String> labels = result.predictions().stream().map(Prediction::label).toList();
        return ModelVersionHeader.ok(new Predictions(labels), result.model());
    }
}
