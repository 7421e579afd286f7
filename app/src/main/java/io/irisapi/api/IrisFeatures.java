package io.irisapi.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.irisapi.core.Measurements;

/** One flower's measurements in centimetres. Boxed, so that a missing field is told apart from 0. */
public record IrisFeatures(
        @JsonProperty("sepal_length") Double sepalLength,
        @JsonProperty("sepal_width") Double sepalWidth,
        @JsonProperty("petal_length") Double petalLength,
        @JsonProperty("petal_width") Double petalWidth) {

    /** The checked row; {@code prefix} locates this row in the request for error messages. */
    public double[] toRow(String prefix) {
        return Measurements.check(prefix, sepalLength, sepalWidth, petalLength, petalWidth);
    }
}
