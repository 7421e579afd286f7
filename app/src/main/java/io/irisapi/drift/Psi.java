package io.irisapi.drift;

/**
 * Population stability index of observed counts against reference shares: sum over bins of
 * {@code (observed - expected) * ln(observed / expected)}, shares floored at {@link #FLOOR} so that an empty bin
 * counts as very unlikely rather than infinitely so.
 */
final class Psi {
    static final double FLOOR = 1e-4;

    private Psi() {
    }

    /** NaN when nothing was observed: the index is undefined then, not 0. */
    static double of(double[] expectedShares, long[] observed, int from, long total) {
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < expectedShares.length; i++) {
            double expected = Math.max(expectedShares[i], FLOOR);
            double actual = Math.max((double) observed[from + i] / total, FLOOR);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }
}
