package io.irisapi;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.irisapi.core.Algorithm;
import io.irisapi.core.EmbeddedModelSource;
import io.irisapi.core.FallbackChain;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ModelRole;
import io.irisapi.core.ModelSource;
import io.irisapi.dataplane.Rollout;
import io.irisapi.dataplane.RolloutMode;
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

/**
 * The {@code model:} section of the configuration: which model to serve and how to keep it current, and the
 * challenger beside it (README: "Safe model rollout").
 */
public class ModelFactory {
    static final String PERCENT_RANGE = "CANARY_PERCENT must be between 0 and 100";
    static final String MODE_KNOWN = "ROLLOUT_MODE must be shadow or canary";
    static final String CANARY_NEEDS_CHALLENGER = "ROLLOUT_MODE=canary needs MODEL_CHALLENGER_URI: there is no "
            + "challenger to answer the canary's share";
    static final String CHALLENGER_DIFFERS = "MODEL_CHALLENGER_URI names the same model as MODEL_URI: a challenger "
            + "must be another version (e.g. models:/iris-classifier@challenger beside @champion)";

    /** MODEL_URI: a local directory, or (with MLflow) models:/name@alias, models:/name/version, runs:/id/path. */
    @JsonProperty
    private String uri = "";

    /**
     * MODEL_CHALLENGER_URI: the challenger, in any form MODEL_URI takes; loaded, checked and hot-reloaded the same
     * way, but never with a fall-back. Empty: none.
     */
    @JsonProperty
    private String challengerUri = "";

    /** ROLLOUT_MODE: shadow (empty means shadow) or canary. */
    @JsonProperty
    private String rolloutMode = "";

    /** CANARY_PERCENT: the share of requests the challenger answers in canary mode. */
    @JsonProperty
    private int canaryPercent;

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
        Optional<MlflowModelSource> registry = registrySource(uri, mlflowTrackingUri);
        ModelSource embedded = new EmbeddedModelSource(embeddedAlgorithm);
        ModelSource primary = registry.isPresent() ? registry.get()
                : isBlank(uri) ? localDirectory().orElse(embedded) : directory(uri);
        boolean fallBack = fallback != null ? fallback : environment == RuntimeEnvironment.DEVELOPMENT;
        return manager(ModelRole.CHAMPION, primary, registry,
                fallBack ? fallback(primary, embedded) : Optional.empty(), metrics);
    }

    /**
     * The rollout the configuration asks for, its challenger loaded like the champion ({@link #build}); none when no
     * challenger is set. Call only with a configuration without {@link #rolloutProblems}.
     */
    public Rollout buildRollout(String mlflowTrackingUri, MetricRegistry metrics) {
        if (isBlank(challengerUri)) {
            return Rollout.NONE;
        }
        Optional<MlflowModelSource> registry = registrySource(challengerUri, mlflowTrackingUri);
        ModelSource primary = registry.isPresent() ? registry.get() : directory(challengerUri);
        return new Rollout(manager(ModelRole.CHALLENGER, primary, registry, Optional.empty(), metrics),
                RolloutMode.parse(rolloutMode), canaryPercent);
    }

    public String getChallengerUri() {
        return challengerUri;
    }

    /** What is wrong with the rollout's settings: refused at start-up in production, logged in development. */
    public List<String> rolloutProblems() {
        List<String> problems = new ArrayList<>();
        if (canaryPercent < 0 || canaryPercent > 100) {
            problems.add(PERCENT_RANGE);
        }
        RolloutMode mode = null;
        try {
            mode = RolloutMode.parse(rolloutMode);
        } catch (IllegalArgumentException e) {
            problems.add(MODE_KNOWN);
        }
        if (mode == RolloutMode.CANARY && isBlank(challengerUri)) {
            problems.add(CANARY_NEEDS_CHALLENGER);
        }
        if (!isBlank(challengerUri) && sameModel(uri, challengerUri)) {
            problems.add(CHALLENGER_DIFFERS);
        }
        return problems;
    }

    /**
     * Whether two URIs name the same model whatever the registry says: the same text, or the same pinned version.
     * Two aliases on one version are not refused: right after {@code promote} both name the new champion, and the
     * rollout rests until a new challenger is registered.
     */
    private static boolean sameModel(String a, String b) {
        if (a == null || a.isBlank()) {
            return false;
        }
        Optional<ModelUri> left;
        Optional<ModelUri> right;
        try {
            left = ModelUri.parse(a.trim());
            right = ModelUri.parse(b.trim());
        } catch (IllegalArgumentException e) {
            return false; // a malformed URI is refused, with its own message, when its model is built
        }
        if (left.isPresent() && right.isPresent()) {
            ModelUri l = left.get();
            ModelUri r = right.get();
            return l.toString().equals(r.toString()) || l.name() != null && l.name().equals(r.name())
                    && l.pinnedVersion().isPresent() && l.pinnedVersion().equals(r.pinnedVersion());
        }
        return a.trim().equals(b.trim());
    }

    private static Optional<MlflowModelSource> registrySource(String uri, String mlflowTrackingUri) {
        return isBlank(uri) ? Optional.empty()
                : ModelUri.parse(uri.trim()).map(parsed -> new MlflowModelSource(parsed,
                        new MlflowRegistry(mlflowTrackingUri)));
    }

    /** A registry URI is polled every {@link #pollInterval} (an alias may move; a pinned version loads once). */
    private ModelManager manager(ModelRole role, ModelSource primary, Optional<MlflowModelSource> registry,
                                 Optional<ModelSource> fallbackSource, MetricRegistry metrics) {
        ModelManager manager = new ModelManager(role, primary, fallbackSource, maxRetryDelay, metrics);
        registry.ifPresent(source ->
                manager.scheduleWithFixedDelay(new RegistryPoller(source, manager, metrics), pollInterval));
        return manager;
    }

    private static ModelSource directory(String uri) {
        return new DirectoryModelSource(Path.of(uri.startsWith("file:") ? uri.substring("file:".length()) : uri));
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
