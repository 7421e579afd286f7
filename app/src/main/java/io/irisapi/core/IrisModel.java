package io.irisapi.core;

import weka.classifiers.Classifier;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;

import java.time.Instant;

/**
 * A loaded model, ready to score. Immutable: a new model is a new instance, swapped in whole.
 *
 * <p>Weka classifiers are not safe to share between threads: {@code Logistic}, for one, pushes each instance through
 * filter objects it owns, so two threads scoring at once silently get each other's answers. Each thread therefore
 * scores with its own copy, deserialized once from the model's bytes. A Logistic model is scored by
 * {@link CompiledLogistic} instead, which gives the same answers without Weka's per-row copies.
 */
public final class IrisModel {
    public static final String COMPILED_LOGISTIC = "compiled-logistic";
    public static final String WEKA = "weka";

    private final String version;
    private final String source;
    private final ModelMetadata metadata;
    private final Instances header;
    private final Instant loadedAt;
    private final ThreadLocal<Classifier> perThread;
    private final CompiledLogistic compiled;

    IrisModel(String version, String source, ModelMetadata metadata, byte[] modelBytes, Instances header) {
        this.version = version;
        this.source = source;
        this.metadata = metadata;
        this.header = header;
        this.loadedAt = Instant.now();
        this.perThread = ThreadLocal.withInitial(() -> WekaModels.deserialize(modelBytes).classifier());
        this.compiled = CompiledLogistic.of(perThread.get(), header).orElse(null);
    }

    public Prediction predict(double[] features) {
        double[] probabilities = compiled != null ? compiled.distribution(features)
                : wekaDistribution(perThread.get(), header, features);
        return new Prediction(argMax(probabilities), probabilities);
    }

    /**
     * Which code scores the rows: {@value #COMPILED_LOGISTIC} when they skip Weka's own ({@link CompiledLogistic},
     * checked against Weka when the model is loaded), else {@value #WEKA}. Shown in /model and as a metric.
     */
    public String scorer() {
        return compiled != null ? COMPILED_LOGISTIC : WEKA;
    }

    /** Weka's own answer for one row; {@code classifier} must not be used by another thread meanwhile. */
    static double[] wekaDistribution(Classifier classifier, Instances header, double[] features) {
        Instance row = new DenseInstance(1.0, withMissingClass(features));
        row.setDataset(header);
        try {
            return classifier.distributionForInstance(row);
        } catch (Exception e) {
            // Weka declares Exception; a loaded, smoke-tested model does not throw on a valid row.
            throw new IllegalStateException("a Weka " + classifier.getClass().getSimpleName()
                    + " failed to score a row", e);
        }
    }

    private static double[] withMissingClass(double[] features) {
        double[] values = new double[features.length + 1];
        System.arraycopy(features, 0, values, 0, features.length);
        values[features.length] = weka.core.Utils.missingValue();
        return values;
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    public String version() {
        return version;
    }

    /** Where the model came from, for humans: a directory, a model URI, or the embedded data set. */
    public String source() {
        return source;
    }

    /** True for the model trained at start-up from weka-stable's own copy of the data. */
    public boolean isEmbedded() {
        return version.startsWith(EmbeddedModelSource.VERSION_PREFIX);
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Instant loadedAt() {
        return loadedAt;
    }
}
