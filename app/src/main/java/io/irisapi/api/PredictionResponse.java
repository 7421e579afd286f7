package io.irisapi.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.irisapi.core.Prediction;

/** The answer for one row; {@code model_version} is left out inside a batch, which states it once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionResponse(
        String prediction,
        @JsonProperty("class_index") int classIndex,
        ClassProbabilities probabilities,
        @JsonProperty("model_version") String modelVersion) {

    public static PredictionResponse of(Prediction p, String modelVersion) {
        return new PredictionResponse(p.label(), p.classIndex(), ClassProbabilities.of(p.probabilities()), modelVersion);
    }
}
