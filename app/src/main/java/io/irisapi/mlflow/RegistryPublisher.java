package io.irisapi.mlflow;

import io.irisapi.core.ModelMetadata;
import io.irisapi.core.ServiceVersion;
import io.irisapi.core.Trainer;
import io.irisapi.core.WekaModels;
import io.irisapi.store.ModelDirectory;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code train --mlflow}: logs a trained model as an MLflow run (params, cross-validation metrics, tags, model.bin and
 * metadata.json as artifacts), registers it as a new version of the registered model, and moves the champion alias
 * to it when it beats the current champion's accuracy (or when promotion is forced).
 */
public final class RegistryPublisher {
    public static final String EXPERIMENT = "iris-classifier";
    public static final String REGISTERED_MODEL = "iris-classifier";
    public static final String CHAMPION = "champion";
    /** Run artifact directory holding model.bin and metadata.json. */
    public static final String ARTIFACT_PATH = "model";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final MlflowRegistry registry;

    public RegistryPublisher(MlflowRegistry registry) {
        this.registry = registry;
    }

    /** What was published, for the command's output. */
    public record Publication(String runId, ModelVersion version, boolean promoted, String decision) {
        public String modelUri() {
            return "models:/" + version.name() + "/" + version.version();
        }
    }

    /**
     * @param forcePromotion move the champion alias even if the new version is not better
     * @param asChallenger   set the {@value Promotion#CHALLENGER} alias instead, once there is a champion: the
     *                       version is then judged on live traffic and promoted by {@code promote}
     */
    public Publication publish(Trainer.TrainedModel trained, boolean forcePromotion, boolean asChallenger)
            throws InterruptedException {
        ModelMetadata metadata = trained.metadata();
        String experimentId = experimentId();
        RunInfo run = registry.tracking("create a run", client -> client.createRun(CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName(metadata.algorithm() + "-" + WekaModels.contentVersion(trained.modelBytes()))
                .setStartTime(System.currentTimeMillis())
                .build()));
        String runId = run.getRunId();
        String artifacts = run.getArtifactUri() + "/" + ARTIFACT_PATH;
        try {
            registry.tracking("log the run's parameters and metrics", client -> {
                client.logBatch(runId, metrics(metadata), params(metadata), tags());
                return null;
            });
            registry.upload(artifacts + "/" + ModelDirectory.MODEL_FILE, trained.modelBytes());
            registry.upload(artifacts + "/" + ModelDirectory.METADATA_FILE, ModelDirectory.metadataJson(metadata));
            terminate(runId, RunStatus.FINISHED);
        } catch (RuntimeException e) {
            terminate(runId, RunStatus.FAILED);
            throw e;
        }

        registry.createRegisteredModel(REGISTERED_MODEL);
        ModelVersion version = registry.awaitReady(registry.createVersion(REGISTERED_MODEL, artifacts, runId),
                READY_TIMEOUT);
        return promote(runId, version, metadata.metrics().accuracy(), forcePromotion, asChallenger);
    }

    private Publication promote(String runId, ModelVersion version, double accuracy, boolean force,
                                boolean asChallenger) {
        Optional<ModelVersion> champion = registry.versionByAlias(REGISTERED_MODEL, CHAMPION);
        if (asChallenger && champion.isPresent()) {
            registry.setAlias(REGISTERED_MODEL, Promotion.CHALLENGER, version.version());
            return new Publication(runId, version, false, String.format("%s@%s -> version %s, beside champion "
                    + "version %s: serve it with MODEL_CHALLENGER_URI, then promote it by its live record",
                    REGISTERED_MODEL, Promotion.CHALLENGER, version.version(), champion.get().version()));
        }
        Optional<Double> championAccuracy = champion.map(ModelVersion::runId)
                .flatMap(championRun -> registry.runMetric(championRun, "accuracy"));
        String decision;
        if (force) {
            decision = "promoted by --promote";
        } else if (champion.isEmpty()) {
            decision = "first champion";
        } else if (championAccuracy.isEmpty()) {
            decision = "champion version " + champion.get().version() + " has no accuracy metric";
        } else if (accuracy > championAccuracy.get()) {
            decision = String.format("accuracy %.4f beats champion version %s's %.4f", accuracy,
                    champion.get().version(), championAccuracy.get());
        } else {
            return new Publication(runId, version, false, String.format("accuracy %.4f does not beat champion version"
                    + " %s's %.4f; %s@%s stays (use --promote to force)", accuracy, champion.get().version(),
                    championAccuracy.get(), REGISTERED_MODEL, CHAMPION));
        }
        registry.setAlias(REGISTERED_MODEL, CHAMPION, version.version());
        return new Publication(runId, version, true, decision);
    }

    /** Get-or-create; a concurrent trainer may create it between the two calls, so look again on failure. */
    private String experimentId() {
        return registry.tracking("find experiment " + EXPERIMENT, client -> client.getExperimentByName(EXPERIMENT))
                .map(experiment -> experiment.getExperimentId())
                .orElseGet(() -> {
                    try {
                        return registry.tracking("create experiment " + EXPERIMENT,
                                client -> client.createExperiment(EXPERIMENT));
                    } catch (MlflowException e) {
                        return registry.tracking("find experiment " + EXPERIMENT,
                                client -> client.getExperimentByName(EXPERIMENT)).orElseThrow(() -> e)
                                .getExperimentId();
                    }
                });
    }

    private void terminate(String runId, RunStatus status) {
        registry.tracking("end run " + runId, client -> {
            client.setTerminated(runId, status, System.currentTimeMillis());
            return null;
        });
    }

    private static List<Param> params(ModelMetadata metadata) {
        return List.of(
                param("algorithm", metadata.algorithm()),
                param("options", metadata.options()),
                param("weka_version", metadata.wekaVersion()),
                param("training_data_sha256", metadata.trainingDataSha256()),
                param("training_rows", String.valueOf(metadata.trainingRows())),
                param("cv_folds", String.valueOf(metadata.metrics().folds())));
    }

    private static List<Metric> metrics(ModelMetadata metadata) {
        long now = System.currentTimeMillis();
        List<Metric> metrics = new ArrayList<>();
        metrics.add(metric("accuracy", metadata.metrics().accuracy(), now));
        metrics.add(metric("kappa", metadata.metrics().kappa(), now));
        for (Map.Entry<String, ModelMetadata.ClassMetrics> e : metadata.metrics().perClass().entrySet()) {
            metrics.add(metric("precision_" + e.getKey(), e.getValue().precision(), now));
            metrics.add(metric("recall_" + e.getKey(), e.getValue().recall(), now));
            metrics.add(metric("f1_" + e.getKey(), e.getValue().f1(), now));
        }
        return metrics;
    }

    private static List<RunTag> tags() {
        return List.of(
                tag("mlflow.source.name", "iris-api train"),
                tag("mlflow.source.type", "LOCAL"),
                tag("mlflow.user", System.getProperty("user.name", "")),
                tag("iris.service_version", ServiceVersion.get()),
                tag("iris.model_format", "Weka classifier, Java-serialized (model.bin) + metadata.json"));
    }

    private static Param param(String key, String value) {
        return Param.newBuilder().setKey(key).setValue(value == null ? "" : value).build();
    }

    private static Metric metric(String key, double value, long timestamp) {
        return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(timestamp).setStep(0).build();
    }

    private static RunTag tag(String key, String value) {
        return RunTag.newBuilder().setKey(key).setValue(value).build();
    }
}
