package io.irisapi.resources.mlflow;

import com.codahale.metrics.annotation.Timed;
import io.irisapi.api.PredictionResponse;
import io.irisapi.core.InvalidInputException;
import io.irisapi.core.Prediction;
import io.irisapi.core.Scorer;
import io.irisapi.errors.ErrorShape;
import io.irisapi.errors.ProtocolErrors;
import io.irisapi.filter.BatchInput;
import io.irisapi.resources.ModelVersionHeader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
@ProtocolErrors(ErrorShape.MLFLOW)
@Produces(MediaType.APPLICATION_JSON)
public class InvocationsResource {
    static final String CSV = "text/csv";

    private final Scorer scorer;

    public InvocationsResource(Scorer scorer) {
        this.scorer = scorer;
    }

    /** The response body: MLflow's predictions field, nothing else, so its clients read it unchanged. */
    public record Predictions(List<Object> predictions) {
    }

    @POST
    @BatchInput
    @Consumes(MediaType.APPLICATION_JSON)
    @Timed(name = "mlflow-invocations")
    @Operation(summary = "Score rows sent in one of MLflow's JSON forms")
    public Response invokeJson(InvocationRequest request) {
        String output = output(request == null ? null : request.params());
        return answer(InvocationInput.rows(request, scorer.maxBatchRows()), output);
    }

    @POST
    @BatchInput
    @Consumes(CSV)
    @Timed(name = "mlflow-invocations-csv")
    @Operation(summary = "Score rows sent as CSV with a header row")
    public Response invokeCsv(String body) {
        return answer(InvocationInput.csv(body, scorer.maxBatchRows()), "label");
    }

    private Response answer(List<double[]> rows, String output) {
        Scorer.Result result = scorer.score(rows);
        List<Object> predictions = result.predictions().stream().map(p -> answer(p, output)).toList();
        return ModelVersionHeader.ok(new Predictions(predictions), result.model());
    }

    private static Object answer(Prediction p, String output) {
        return switch (output) {
            case "class_index" -> p.classIndex();
            case "probabilities" -> PredictionResponse.of(p, null).probabilities();
            default -> p.label();
        };
    }

    private static String output(InvocationParams params) {
        String output = params == null || params.output() == null ? "label" : params.output();
        if (!List.of("label", "class_index", "probabilities").contains(output)) {
            throw new InvalidInputException("params.output", "must be one of label, class_index, probabilities");
        }
        return output;
    }
}
