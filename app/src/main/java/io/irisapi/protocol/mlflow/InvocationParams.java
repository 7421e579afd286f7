package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The params this model takes: which answer each prediction gives. Kept as JSON so that an explicit null (refused)
 * stays apart from a param left out (labels).
 */
@Schema(name = "MlflowParams", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record InvocationParams(
        @Schema(implementation = String.class, allowableValues = {"label", "class_index", "probabilities"},
                defaultValue = "label",
                description = "label: the class name (as a classifier's predict()); class_index: its index in "
                        + "[setosa, versicolor, virginica]; probabilities: an object of class probabilities per row.")
        JsonNode output) {
}
