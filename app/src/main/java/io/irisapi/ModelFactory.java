package io.irisapi;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.irisapi.core.Algorithm;
import io.irisapi.core.EmbeddedModelSource;
import io.irisapi.core.FallbackChain;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ModelSource;
import io.irisapi.mlflow.MlflowModelSource;
import io.irisapi.mlflow.MlflowRegistry;
import io.irisapi.mlflow.ModelUri;
import io.irisapi.mlflow.RegistryPoller;
import io.irisapi.store.DirectoryModelSource;
import io.irisapi.store.ModelDirectory;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code model:} section of the configuration: which model to serve and how to keep it current. */
public class ModelFactory {
    /** MODEL_URI: a local directory, or (with MLflow) models:/name@alias, models:/name/version, runs:/id/path. */
    @JsonProperty
    private String uri = "";

    /** MODEL_DIR: a directory written by {@code train}; used when MODEL_URI is empty and it holds a model. */
    @JsonProperty
    private String dir = "";

    /**
     * Fall back, when the configured model fails at start-up, to MODEL_DIR's model, else the embedded one.
     * Default: only in development.
     */
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

    /**
     * Builds the model manager for the configured source. A models:/ or runs:/ MODEL_URI is served from the MLflow
     * server at {@code mlflowTrackingUri} and polled every {@link #pollInterval} (an alias may move; a pinned version
     * is fetched once it can be, after a development fall-back).
     */
    public ModelManager build(RuntimeEnvironment environment, String mlflowTrackingUri, MetricRegistry metrics) {
        Optional<MlflowModelSource> registry = isBlank(uri) ? Optional.empty()
                : ModelUri.parse(uri.trim()).map(parsed -> new MlflowModelSource(parsed,
                        new MlflowRegistry(mlflowTrackingUri)));
        ModelSource embedded = new EmbeddedModelSource(embeddedAlgorithm);
        ModelSource primary = registry.isPresent() ? registry.get() : primary(embedded);
        boolean fallBack = fallback != null ? fallback : environment == RuntimeEnvironment.DEVELOPMENT;
        ModelManager manager = new ModelManager(primary, fallBack ? fallback(primary, embedded) : Optional.empty(),
                maxRetryDelay, metrics);
        registry.ifPresent(source ->
                manager.scheduleWithFixedDelay(new RegistryPoller(source, manager, metrics), pollInterval));
        return manager;
    }

    private ModelSource primary(ModelSource embedded) {
        if (!isBlank(uri)) {
            return new DirectoryModelSource(Path.of(uri.startsWith("file:") ? uri.substring("file:".length()) : uri));
        }
        return localDirectory().orElse(embedded);
    }

    /** Development's fall-back: MODEL_DIR's model when there is one (and it is not what failed), else embedded. */
    private Optional<ModelSource> fallback(ModelSource primary, ModelSource embedded) {
        List<ModelSource> chain = new ArrayList<>();
        localDirectory().filter(dirSource -> !dirSource.equals(primary)).ifPresent(chain::add);
        if (primary != embedded) {
            chain.add(embedded);
        }
        return chain.isEmpty() ? Optional.empty() : Optional.of(new FallbackChain(chain));
    }

    private Optional<ModelSource> localDirectory() {
        return !isBlank(dir) && Files.exists(Path.of(dir, ModelDirectory.MODEL_FILE))
                ? Optional.of(new DirectoryModelSource(Path.of(dir))) : Optional.empty();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
