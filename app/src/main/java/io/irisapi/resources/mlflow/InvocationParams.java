package io.irisapi.resources.mlflow;

import io.swagger.v3.oas.annotations.media.Schema;

/** The params this model takes: which answer each prediction gives. */
@Schema(name = "MlflowParams", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record InvocationParams(
        @Schema(allowableValues = {"label", "class_index", "probabilities"}, defaultValue = "label",
                description = "label: the class name (as a classifier's predict()); class_index: its index in "
                        + "[setosa, versicolor, virginica]; probabilities: an object of class probabilities per row.")
        String output) {
}
