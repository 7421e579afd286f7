package io.irisapi.mlflow;

import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelSource;
import io.irisapi.core.WekaModels;
import io.irisapi.store.ModelDirectory;

/**
 * Serves a model from MLflow: {@code models:/name@alias}, {@code models:/name/version} or {@code runs:/id/path}.
 * The URI is resolved over REST, model.bin and metadata.json are downloaded over the artifact proxy, and the model is
 * checked by {@link WekaModels#open} like any other; its version is the registry's version number (a run's id for
 * runs:/ URIs), which is what X-Model-Version, /model and /health then report.
 */
public final class MlflowModelSource implements ModelSource {
    private final ModelUri uri;
    private final MlflowRegistry registry;

    public MlflowModelSource(ModelUri uri, MlflowRegistry registry) {
        this.uri = uri;
        this.registry = registry;
    }

    /** What the URI names right now, and where its files are. */
    public record Target(String version, String artifacts, String description) {
    }

    public ModelUri uri() {
        return uri;
    }

    /** Asks MLflow which version the URI names now (for an alias, this is what moves). */
    public Target resolve() {
        if (uri.runId() != null) {
            return new Target(uri.runId(), registry.runArtifactUri(uri.runId()) + "/" + uri.path(), describe());
        }
        ModelVersion version = uri.isAlias()
                ? registry.versionByAlias(uri.name(), uri.alias()).orElseThrow(() -> new MlflowException(
                        "MLflow at " + registry.trackingUri() + " has no alias " + uri.alias() + " for " + uri.name()
                                + " yet (train --mlflow sets it for the first version)"))
                : registry.version(uri.name(), uri.version());
        if (!version.isReady()) {
            throw new MlflowException("version " + version.version() + " of " + uri.name() + " is "
                    + version.status() + ", not yet " + ModelVersion.READY);
        }
        return new Target(version.version(), artifactDirectory(version),
                "models:/" + uri.name() + "/" + version.version() + (uri.isAlias() ? " (@" + uri.alias() + ")" : "")
                        + " from MLflow at " + registry.trackingUri());
    }

    @Override
    public IrisModel load() {
        return load(resolve());
    }

    /** Downloads and checks one version; throws ModelLoadException when it is not a servable Iris model. */
    public IrisModel load(Target target) {
        byte[] model = registry.download(target.artifacts() + "/" + ModelDirectory.MODEL_FILE);
        byte[] metadata = registry.download(target.artifacts() + "/" + ModelDirectory.METADATA_FILE);
        return WekaModels.open(model, ModelDirectory.readMetadata(metadata), target.version(), target.description());
    }

    /** A version's source is where its files are: an artifact URI, or runs:/id/path as some clients register. */
    private String artifactDirectory(ModelVersion version) {
        return ModelUri.parse(version.source())
                .filter(source -> source.runId() != null)
                .map(source -> registry.runArtifactUri(source.runId()) + "/" + source.path())
                .orElse(version.source().replaceAll("/+$", ""));
    }

    @Override
    public String describe() {
        return uri + " from MLflow at " + registry.trackingUri();
    }
}
