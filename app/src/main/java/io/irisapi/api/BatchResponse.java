package io.irisapi.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

public record BatchResponse(List<PredictionResponse> predictions, @JsonProperty("model_version") String modelVersion) {
}
