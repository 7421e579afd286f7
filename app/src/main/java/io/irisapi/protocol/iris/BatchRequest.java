package io.irisapi.protocol.iris;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record BatchRequest(
        @ArraySchema(minItems = 1, arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The rows; at most the configured batch limit (1000 by default)."))
        @JsonDeserialize(using = IrisFeaturesListDeserializer.class) List<IrisFeatures> instances) {
}
