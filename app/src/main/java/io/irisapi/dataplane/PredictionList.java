package io.irisapi.dataplane;

import io.irisapi.core.Prediction;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A request's predictions in two flat arrays rather than as two objects per row. A batch's answer is held until the
 * client has read all of it; with many batches in flight, per-row objects outlived young collections and filled the
 * old generation (docs/benchmarks.md). {@link #get} builds the row's {@link Prediction} afresh, to die young.
 */
final class PredictionList extends AbstractList<Prediction> implements RandomAccess {
    private final int classes;
    private final int[] winners;
    private final double[] probabilities;
    private int size;

    PredictionList(int rows, int classes) {
        this.classes = classes;
        this.winners = new int[rows];
        this.probabilities = new double[rows * classes];
    }

    void append(Prediction p) {
        winners[size] = p.classIndex();
        System.arraycopy(p.probabilities(), 0, probabilities, size * classes, classes);
        size++;
    }

    @Override
    public Prediction get(int index) {
        Objects.checkIndex(index, size);
        return new Prediction(winners[index], Arrays.copyOfRange(probabilities, index * classes, (index + 1) * classes));
    }

    @Override
    public int size() {
        return size;
    }
}
