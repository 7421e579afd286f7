package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irisapi.codec.ClassProbabilities;
import io.irisapi.codec.CsvRows;
import io.irisapi.core.Prediction;
import io.irisapi.core.RejectedException;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.filter.BatchInput;
import io.irisapi.http.ModelVersionHeader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code POST /invocations} as {@code mlflow models serve} answers it for a classifier: {@code {"predictions": [...]}}
 * with one class label per row, in the order of the rows.
 */
@Path("/invocations")
@PermitAll
@Tag(name = "MLflow scoring protocol")
@SecurityRequirement(name = "ApiKey")
@Produces(MediaType.APPLICATION_JSON)
public class InvocationsResource {
    static final String CSV = "text/csv";
    private static final List<String> OUTPUTS = List.of("label", "class_index", "probabilities");

    private final DataPlane dataPlane;
    private final ObjectMapper json;

    public InvocationsResource(DataPlane dataPlane, ObjectMapper json) {
        this.dataPlane = dataPlane;
        this.json = json;
    }

    /** The response body: MLflow's predictions field, nothing else, so its clients read it unchanged. */
    public record Predictions(
            @ArraySchema(schema = @Schema(ref = MlflowProtocol.PREDICTION)) List<Object> predictions) {
    }

    /**
     * One method for both content types, as MLflow's server has, so that the OpenAPI document shows one operation
     * taking either; JSON is bound with the application's strict mapper, whose errors the usual mapper answers.
     */
    @POST
    @BatchInput
    @Consumes({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Score rows sent in one of MLflow's JSON forms, or as CSV with a header row",
            requestBody = @RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvocationRequest.class)),
                    @Content(mediaType = CSV, schema = @Schema(types = "string", minLength = 1,
                            example = "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2"))}),
            responses = @ApiResponse(responseCode = "200", description = "One class label per row",
                    content = @Content(schema = @Schema(implementation = Predictions.class))))
    public Response invoke(@Context HttpHeaders headers, @Parameter(hidden = true) String body)
            throws JsonProcessingException {
        // A body without a Content-Type is read as JSON, the protocol's usual form.
        MediaType type = headers.getMediaType();
        if (type != null && type.isCompatible(MediaType.valueOf(CSV))) {
            return answer(dataPlane.rows(maxRows -> CsvRows.read(body, maxRows)), "label");
        }
        InvocationRequest request = body.isBlank() ? null : json.readValue(body, InvocationRequest.class);
        String output = output(request == null ? null : request.params());
        return answer(dataPlane.rows(maxRows -> InvocationInput.rows(request, maxRows)), output);
    }

    private Response answer(List<double[]> rows, String output) {
        DataPlane.Result result = dataPlane.score(rows);
        List<Object> predictions = result.predictions().stream().map(p -> answer(p, output)).toList();
        return ModelVersionHeader.ok(new Predictions(predictions), result.model());
    }

    private static Object answer(Prediction p, String output) {
        return switch (output) {
            case "class_index" -> p.classIndex();
            case "probabilities" -> ClassProbabilities.of(p.probabilities());
            default -> p.label();
        };
    }

    private static String output(InvocationParams params) {
        if (params == null || params.output() == null) {
            return "label";
        }
        String output = params.output().isTextual() ? params.output().textValue() : null;
        if (output == null || !OUTPUTS.contains(output)) {
            throw RejectedException.invalid("params.output", "must be one of label, class_index, probabilities");
        }
        return output;
    }
}
