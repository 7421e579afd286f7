package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.openapi.RowSchemas;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A JSON body of MLflow's scoring protocol: exactly one of the four input forms, and optional params.
 * The forms stay JSON trees here, so that a form given as null is told apart from one left out (MLflow counts it as
 * given); {@link InvocationInput} reads them with the service's validation rules.
 */
@Schema(name = "MlflowInvocationRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "Exactly one of dataframe_split, dataframe_records, instances or inputs. Columns are "
                + "sepal_length, sepal_width, petal_length, petal_width (or scikit-learn's 'sepal length (cm)' ...); "
                + "rows given as arrays use that order. Values are centimetres, 0 to 100.")
public record InvocationRequest(
        @Schema(implementation = DataframeSplit.class)
        @JsonProperty("dataframe_split") JsonNode dataframeSplit,
        @Schema(ref = RowSchemas.ROWS)
        @JsonProperty("dataframe_records") JsonNode dataframeRecords,
        @Schema(ref = RowSchemas.ROWS)
        JsonNode instances,
        @Schema(ref = RowSchemas.ROWS_OR_COLUMNS)
        JsonNode inputs,
        @Schema(description = "Optional; null is the same as none.")
        InvocationParams params) {
    /** The input forms, of which a request has exactly one. */
    public static final List<String> FORMS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");

    /** pandas' {@code to_dict(orient="split")}, as MLflow's client sends a DataFrame: its schema in the document. */
    @Schema(name = "MlflowDataframeSplit", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record DataframeSplit(
            @ArraySchema(minItems = 4, maxItems = 4, uniqueItems = true, arraySchema = @Schema(
                    description = "Column names, each feature once; without them, rows are in the API's column order."))
            List<String> columns,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = RowSchemas.ARRAY_ROWS)
            List<List<Double>> data,
            @Schema(description = "Row labels; ignored.")
            List<Object> index) {
    }
}
