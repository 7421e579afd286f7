package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

public record BatchResponse(List<PredictionResponse> predictions, @JsonProperty("model_version") String modelVersion) {
}
