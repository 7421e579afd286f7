package io.irisapi.protocol.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.openapi.RowSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

/** A KServe V1 predict request: rows under {@code instances} (or {@code inputs}), as TensorFlow Serving's REST API. */
@Schema(name = "V1PredictRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "Exactly one of instances or inputs: rows as arrays of 4 numbers (sepal_length, sepal_width, "
                + "petal_length, petal_width) or objects keyed by column name; centimetres, 0 to 100.")
public record V1Request(
        @Schema(ref = RowSchemas.ROWS) JsonNode instances,
        @Schema(ref = RowSchemas.ROWS) JsonNode inputs) {
}
