package io.irisapi.codec;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * The probability of each class, named as {@link io.irisapi.core.IrisDataset#CLASS_LABELS} names them (a test holds
 * the two equal). A record rather than a map: one small object per row to build and write, and a document that
 * names the classes.
 */
@JsonSerialize(using = ClassProbabilitiesSerializer.class)
public record ClassProbabilities(double setosa, double versicolor, double virginica) {
    /** From the model's distribution, in class-label order. */
    public static ClassProbabilities of(double[] probabilities) {
        return new ClassProbabilities(probabilities[0], probabilities[1], probabilities[2]);
    }
}
