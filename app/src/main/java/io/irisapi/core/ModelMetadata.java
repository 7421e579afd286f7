package io.irisapi.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What metadata.json records beside model.bin: how the model was made, how well it did, and the training data's
 * distribution that drift is measured against (absent in models written before it was recorded: no drift gauges).
 */
public record ModelMetadata(
        int formatVersion,
        String algorithm,
        String options,
        String wekaVersion,
        Instant trainedAt,
        String trainingDataSha256,
        int trainingRows,
        List<String> featureNames,
        List<String> classLabels,
        Metrics metrics,
        ReferenceDistribution reference) {

    public static final int FORMAT_VERSION = 1;

    /** Stratified k-fold cross-validation results. */
    public record Metrics(
            int folds,
            double accuracy,
            double kappa,
            Map<String, ClassMetrics> perClass,
            List<List<Integer>> confusionMatrix) {
    }

    public record ClassMetrics(double precision, double recall, double f1) {
    }

    /** Throws when this metadata does not describe an Iris model this service can serve. */
    public void check() {
        if (formatVersion != FORMAT_VERSION) {
            throw new ModelLoadException("metadata format_version " + formatVersion + " is not " + FORMAT_VERSION);
        }
        Algorithm.parse(algorithm == null ? "" : algorithm);
        if (!IrisDataset.FEATURE_NAMES.equals(featureNames) || !IrisDataset.CLASS_LABELS.equals(classLabels)) {
            throw new ModelLoadException("metadata features " + featureNames + " and classes " + classLabels
                    + " are not " + IrisDataset.FEATURE_NAMES + " and " + IrisDataset.CLASS_LABELS);
        }
        if (reference != null) {
            reference.check();
        }
    }
}
