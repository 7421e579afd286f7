package io.irisapi.core;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.Evaluation;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Trains a classifier on Iris and measures it with stratified cross-validation. */
public final class Trainer {
    public static final int FOLDS = 10;
    private static final long SEED = 1;

    private Trainer() {
    }

    /** A trained model not yet loaded for serving: its bytes and metadata are what gets written or uploaded. */
    public record TrainedModel(byte[] modelBytes, ModelMetadata metadata) {
        public IrisModel open(String version, String source) {
            return WekaModels.open(modelBytes, metadata, version, source);
        }
    }

    public static TrainedModel train(Algorithm algorithm, Instances data) {
        try {
            AbstractClassifier classifier = algorithm.newClassifier();
            // Evaluation.crossValidateModel stratifies the folds itself when the class is nominal.
            Evaluation evaluation = new Evaluation(data);
            evaluation.crossValidateModel(AbstractClassifier.makeCopy(classifier), data, FOLDS, new Random(SEED));
            classifier.buildClassifier(data);
            ModelMetadata metadata = new ModelMetadata(
                    ModelMetadata.FORMAT_VERSION,
                    algorithm.wekaName(),
                    Utils.joinOptions(classifier.getOptions()),
                    Version.VERSION,
                    Instant.now(),
                    IrisDataset.sha256(data),
                    data.numInstances(),
                    IrisDataset.FEATURE_NAMES,
                    IrisDataset.CLASS_LABELS,
                    metrics(evaluation),
                    ReferenceDistribution.of(data));
            return new TrainedModel(WekaModels.serialize(classifier, data), metadata);
        } catch (Exception e) {
            throw new IllegalStateException("training " + algorithm.wekaName() + " failed: " + e.getMessage(), e);
        }
    }

    private static ModelMetadata.Metrics metrics(Evaluation evaluation) {
        Map<String, ModelMetadata.ClassMetrics> perClass = new LinkedHashMap<>();
        for (int i = 0; i < IrisDataset.CLASS_LABELS.size(); i++) {
            perClass.put(IrisDataset.CLASS_LABELS.get(i), new ModelMetadata.ClassMetrics(
                    round(evaluation.precision(i)), round(evaluation.recall(i)), round(evaluation.fMeasure(i))));
        }
        List<List<Integer>> confusion = new ArrayList<>();
        for (double[] row : evaluation.confusionMatrix()) {
            List<Integer> counts = new ArrayList<>();
            for (double count : row) {
                counts.add((int) count);
            }
            confusion.add(counts);
        }
        return new ModelMetadata.Metrics(FOLDS, round(evaluation.pctCorrect() / 100), round(evaluation.kappa()),
                perClass, confusion);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
