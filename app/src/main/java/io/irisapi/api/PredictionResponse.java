package io.irisapi.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Prediction;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answer for one row; {@code model_version} is left out inside a batch, which states it once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionResponse(
        String prediction,
        @JsonProperty("class_index") int classIndex,
        Map<String, Double> probabilities,
        @JsonProperty("model_version") String modelVersion) {

    public static PredictionResponse of(Prediction p, String modelVersion) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.probabilities().length; i++) {
            probabilities.put(IrisDataset.CLASS_LABELS.get(i), p.probabilities()[i]);
        }
        return new PredictionResponse(p.label(), p.classIndex(), probabilities, modelVersion);
    }
}
