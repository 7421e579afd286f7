package io.irisapi.core;

import weka.classifiers.Classifier;
import weka.classifiers.functions.Logistic;
import weka.core.Instances;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Weka {@code Logistic} model scored without Weka's per-row filter passes.
 *
 * <p>Weka copies every row through three filters (missing values, useless attributes, nominal to binary) before its
 * linear model and softmax. For four checked numeric measurements the filters change nothing, yet the copies cost
 * most of a row's scoring time. This class does the same arithmetic as Weka 3.8's {@code Logistic} in the same order,
 * straight from its coefficients, and is only used where it gives Weka's answers bit for bit
 * ({@link #of}: checked on the whole Iris data set and on extreme rows when the model is loaded). Read-only, so one
 * instance serves every thread.
 */
final class CompiledLogistic {
    /** Rows at the edges of what {@link Measurements} lets through, on top of the Iris data set. */
    private static final List<double[]> EDGE_ROWS = List.of(new double[] {0, 0, 0, 0},
            new double[] {Measurements.MAX_CM, Measurements.MAX_CM, Measurements.MAX_CM, Measurements.MAX_CM},
            new double[] {Measurements.MAX_CM, 0, Measurements.MAX_CM, 0}, new double[] {0, Measurements.MAX_CM, 0, 1e-9});

    /** Weka's layout: row 0 the intercepts, row 1 + f feature f's weights; one column per class but the last. */
    private final double[][] coefficients;
    private final int classes;

    private CompiledLogistic(double[][] coefficients, int classes) {
        this.coefficients = coefficients;
        this.classes = classes;
    }

    /**
     * The compiled form of {@code classifier}, or empty if it is not a Logistic, if its filters changed the shape of
     * the rows, or if it does not give exactly Weka's answers: then Weka itself scores. {@code classifier} is used
     * for the comparison, so it must not be scoring on another thread meanwhile.
     */
    static Optional<CompiledLogistic> of(Classifier classifier, Instances header) {
        if (!(classifier instanceof Logistic logistic)) {
            return Optional.empty();
        }
        double[][] coefficients = logistic.coefficients();
        int features = header.numAttributes() - 1;
        int classes = header.numClasses();
        if (coefficients == null || coefficients.length != features + 1
                || Arrays.stream(coefficients).anyMatch(column -> column.length != classes - 1)) {
            return Optional.empty();
        }
        CompiledLogistic compiled = new CompiledLogistic(copy(coefficients), classes);
        return compiled.agreesWith(logistic, header) ? Optional.of(compiled) : Optional.empty();
    }

    double[] distribution(double[] features) {
        double[][] par = coefficients;
        double[] v = new double[classes];
        for (int j = 0; j < classes - 1; j++) {
            double sum = par[0][j]; // Weka's row starts with a constant 1 for the intercept: 0 + par[0][j] * 1
            for (int k = 0; k < features.length; k++) {
                sum += par[k + 1][j] * features[k];
            }
            v[j] = sum;
        }
        double[] prob = new double[classes];
        for (int m = 0; m < classes; m++) {
            double sum = 0;
            for (int n = 0; n < classes - 1; n++) {
                sum += Math.exp(v[n] - v[m]);
            }
            prob[m] = 1 / (sum + Math.exp(-v[m]));
        }
        return prob;
    }

    private boolean agreesWith(Classifier reference, Instances header) {
        Instances data = IrisDataset.load();
        for (int i = 0; i < data.numInstances(); i++) {
            double[] row = Arrays.copyOf(data.instance(i).toDoubleArray(), data.numAttributes() - 1);
            if (!Arrays.equals(distribution(row), IrisModel.wekaDistribution(reference, header, row))) {
                return false;
            }
        }
        return EDGE_ROWS.stream().allMatch(row ->
                Arrays.equals(distribution(row), IrisModel.wekaDistribution(reference, header, row)));
    }

    private static double[][] copy(double[][] matrix) {
        return Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
    }
}
