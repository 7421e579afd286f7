package io.irisapi.core;

/** Trains at start-up on the Iris data that weka-stable ships: the service always has a model to serve. */
public record EmbeddedModelSource(Algorithm algorithm) implements ModelSource {
    public static final String VERSION_PREFIX = "embedded-";

    @Override
    public IrisModel load() {
        return Trainer.train(algorithm, IrisDataset.load())
                .open(VERSION_PREFIX + algorithm.wekaName().toLowerCase(java.util.Locale.ROOT), describe());
    }

    @Override
    public String describe() {
        return "embedded: " + algorithm.wekaName() + " trained at start-up on weka-stable's iris.arff";
    }
}
