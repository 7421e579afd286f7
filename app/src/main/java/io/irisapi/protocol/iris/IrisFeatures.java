package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.irisapi.core.Measurements;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.function.Supplier;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One flower's measurements in centimetres. Boxed, so that a missing field is told apart from 0. */
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "One flower's measurements in centimetres, each from 0 to " + (int) Measurements.MAX_CM)
@JsonDeserialize(using = IrisFeaturesDeserializer.class)
public record IrisFeatures(
        @Schema(requiredMode = REQUIRED, minimum = "0", maximum = MAX) @JsonProperty("sepal_length") Double sepalLength,
        @Schema(requiredMode = REQUIRED, minimum = "0", maximum = MAX) @JsonProperty("sepal_width") Double sepalWidth,
        @Schema(requiredMode = REQUIRED, minimum = "0", maximum = MAX) @JsonProperty("petal_length") Double petalLength,
        @Schema(requiredMode = REQUIRED, minimum = "0", maximum = MAX) @JsonProperty("petal_width") Double petalWidth) {

    /** {@link Measurements#MAX_CM} for the OpenAPI document, which takes bounds as text. */
    static final String MAX = "100";

    /** The checked row; {@code prefix} locates this row in the request, and is only built for an error message. */
    public double[] toRow(Supplier<String> prefix) {
        return Measurements.check(prefix, sepalLength, sepalWidth, petalLength, petalWidth);
    }
}
