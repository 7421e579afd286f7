package io.irisapi.core;

/** One row's answer: the winning class and the probability of each class, in {@link IrisDataset#CLASS_LABELS} order. */
public record Prediction(int classIndex, double[] probabilities) {
    public String label() {
        return IrisDataset.CLASS_LABELS.get(classIndex);
    }
}
