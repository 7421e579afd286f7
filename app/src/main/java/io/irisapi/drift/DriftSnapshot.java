package io.irisapi.drift;

/**
 * The window's row count, and the population stability index of each feature (in the API's feature order) and of
 * the predicted classes; an index is NaN while the window has no rows.
 */
public record DriftSnapshot(long rows, double[] featurePsi, double classPsi) {
}
