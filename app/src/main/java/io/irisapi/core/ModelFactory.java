package io.irisapi.core;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code model:} section of the configuration: which model to serve and how to keep it current. */
public class ModelFactory {
    /** MODEL_URI: a local directory, or (with MLflow) models:/name@alias, models:/name/version, runs:/id/path. */
    @JsonProperty
    private String uri = "";

    /** MODEL_DIR: a directory written by {@code train}; used when MODEL_URI is empty and it holds a model. */
    @JsonProperty
    private String dir = "";

    /** Fall back to the embedded model when the configured one fails at start-up. Default: only in development. */
    @JsonProperty
    private Boolean fallback;

    /** The algorithm of the embedded model trained at start-up. */
    @NotNull
    @JsonProperty
    private Algorithm embeddedAlgorithm = Algorithm.DEFAULT;

    /** MODEL_POLL_INTERVAL: how often a models:/name@alias URI is checked for a new version. */
    @NotNull
    @JsonProperty
    private Duration pollInterval = Duration.seconds(30);

    /** Upper bound of the back-off between start-up attempts while no model could be loaded. */
    @NotNull
    @JsonProperty
    private Duration maxRetryDelay = Duration.seconds(30);

    public String getUri() {
        return uri;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public ModelManager build(RuntimeEnvironment environment, MetricRegistry metrics) {
        ModelSource embedded = new EmbeddedModelSource(embeddedAlgorithm);
        ModelSource primary = primary(embedded);
        boolean fallBack = fallback != null ? fallback : environment == RuntimeEnvironment.DEVELOPMENT;
        Optional<ModelSource> fallbackSource = fallBack && primary != embedded ? Optional.of(embedded) : Optional.empty();
        return new ModelManager(primary, fallbackSource, maxRetryDelay, metrics);
    }

    private ModelSource primary(ModelSource embedded) {
        if (!isBlank(uri)) {
            if (uri.startsWith("models:/") || uri.startsWith("runs:/")) {
                throw new IllegalArgumentException("MODEL_URI " + uri + " needs MLflow support, not built in");
            }
            return new DirectoryModelSource(Path.of(uri.startsWith("file:") ? uri.substring("file:".length()) : uri));
        }
        if (!isBlank(dir) && Files.exists(Path.of(dir, ModelFiles.MODEL_FILE))) {
            return new DirectoryModelSource(Path.of(dir));
        }
        return embedded;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
