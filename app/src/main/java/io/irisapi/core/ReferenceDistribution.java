package io.irisapi.core;

import weka.core.Instances;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The training data's distribution, stored in metadata.json so that serving can tell how far live traffic has moved
 * from it: per feature, bin edges at the training data's deciles and each bin's share of the training rows, and each
 * class's share of the labels.
 */
public record ReferenceDistribution(Map<String, Bins> features, Map<String, Double> classShares) {
    static final int BINS = 10;

    /**
     * Bin 0 holds values up to {@code edges[0]}, bin i values in {@code (edges[i-1], edges[i]]}, the last bin values
     * above the last edge: {@code shares} has one entry more than {@code edges}.
     */
    public record Bins(List<Double> edges, List<Double> shares) {
    }

    /** The bin a value falls in, given a feature's edges (ascending): a linear scan, as there are at most nine. */
    public static int bin(double[] edges, double value) {
        int i = 0;
        while (i < edges.length && value > edges[i]) {
            i++;
        }
        return i;
    }

    /** Throws when this does not describe the Iris features and classes in shape (bins' shares one more than edges). */
    public void check() {
        if (features == null || classShares == null || !IrisDataset.FEATURE_NAMES.equals(List.copyOf(features.keySet()))
                || !IrisDataset.CLASS_LABELS.equals(List.copyOf(classShares.keySet()))) {
            throw new ModelLoadException("metadata reference must name the features " + IrisDataset.FEATURE_NAMES
                    + " and the classes " + IrisDataset.CLASS_LABELS + " in order");
        }
        features.forEach((name, bins) -> {
            if (bins == null || bins.edges() == null || bins.shares() == null
                    || bins.shares().size() != bins.edges().size() + 1) {
                throw new ModelLoadException("metadata reference of " + name + " must have one share more than edges");
            }
        });
    }

    public static ReferenceDistribution of(Instances data) {
        Map<String, Bins> features = new LinkedHashMap<>();
        for (int f = 0; f < IrisDataset.FEATURE_NAMES.size(); f++) {
            double[] values = data.attributeToDoubleArray(f);
            features.put(IrisDataset.FEATURE_NAMES.get(f), bins(values));
        }
        Map<String, Double> classes = new LinkedHashMap<>();
        int[] counts = data.attributeStats(data.classIndex()).nominalCounts;
        for (int c = 0; c < IrisDataset.CLASS_LABELS.size(); c++) {
            classes.put(IrisDataset.CLASS_LABELS.get(c), round((double) counts[c] / data.numInstances()));
        }
        return new ReferenceDistribution(features, classes);
    }

    /** Decile edges (repeated values give fewer, distinct edges), and the share of the rows in each bin. */
    private static Bins bins(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] edges = IntStream.range(1, BINS)
                .mapToDouble(i -> sorted[(int) Math.ceil(i * sorted.length / (double) BINS) - 1])
                .filter(edge -> edge < sorted[sorted.length - 1])
                .distinct()
                .toArray();
        long[] counts = new long[edges.length + 1];
        for (double value : values) {
            counts[bin(edges, value)]++;
        }
        List<Double> shares = new ArrayList<>();
        for (long count : counts) {
            shares.add(round((double) count / values.length));
        }
        return new Bins(Arrays.stream(edges).boxed().toList(), shares);
    }

    private static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }
}
