package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The seed project's health contract: these field names are what its users and probes read. */
public record HealthResponse(
        String status,
        @JsonProperty("model_loaded") boolean modelLoaded,
        String version,
        @JsonProperty("model_version") String modelVersion) {
}
