package io.irisapi.core;

import java.util.List;
import java.util.function.Supplier;

/** The rules every input row obeys, whichever protocol brought it: four finite measurements in centimetres. */
public final class Measurements {
    /** Iris parts measure a few centimetres; anything over a metre is a unit or typing error, not a flower. */
    public static final double MAX_CM = 100;

    private Measurements() {
    }

    /** Returns the row as the model takes it, or throws naming the first bad field ({@code prefix} + its name). */
    public static double[] check(String prefix, Double... values) {
        return check(() -> prefix, values);
    }

    /** As {@link #check(String, Double...)}, with the prefix only built for an error. */
    public static double[] check(Supplier<String> prefix, Double... values) {
        List<String> names = IrisDataset.FEATURE_NAMES;
        if (values.length != names.size()) {
            String at = prefix.get();
            throw RejectedException.invalid(at.isEmpty() ? null : at,
                    "must have " + names.size() + " values " + names + ", found " + values.length);
        }
        double[] row = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            String problem = problem(values[i]);
            if (problem != null) {
                throw RejectedException.invalid(prefix.get() + names.get(i), problem);
            }
            row[i] = values[i];
        }
        return row;
    }

    private static String problem(Double value) {
        if (value == null) {
            return "is required";
        }
        if (!Double.isFinite(value)) {
            return "must be a finite number, not " + value;
        }
        if (value < 0) {
            return "must not be negative (centimetres), found " + value;
        }
        if (value > MAX_CM) {
            return "must be at most " + (int) MAX_CM + " (centimetres), found " + value;
        }
        return null;
    }

    public static void checkRowCount(String field, int rows, int limit) {
        if (rows == 0) {
            throw RejectedException.invalid(field, "is empty: send at least one row");
        }
        if (rows > limit) {
            throw RejectedException.tooLarge("batch has " + rows + " rows; the limit is " + limit);
        }
    }
}
