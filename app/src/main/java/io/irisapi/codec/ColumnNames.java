package io.irisapi.codec;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.RejectedException;

import java.util.List;

/**
 * The columns of the forms that name them (JSON objects and split frames, JSON columns, a CSV header): named as the
 * API names them ({@code sepal_length}) or as scikit-learn's {@code load_iris} does ({@code sepal length (cm)}), since
 * models served by MLflow are often trained on the latter and their clients send those names.
 */
public final class ColumnNames {
    /** scikit-learn's feature names, in {@link IrisDataset#FEATURE_NAMES} order. */
    public static final List<String> SKLEARN_NAMES =
            List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");

    private ColumnNames() {
    }

    /**
     * For each given column name, the index of its feature; every feature must be named exactly once.
     * {@code field} locates the names in the request for error messages.
     */
    static int[] order(List<String> names, String field) {
        List<String> features = IrisDataset.FEATURE_NAMES;
        int[] order = new int[names.size()];
        boolean[] seen = new boolean[features.size()];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int index = indexOf(name);
            if (index < 0) {
                throw RejectedException.invalid(field, "has an unknown column '" + abbreviate(name) + "'; expected "
                        + features + " (or scikit-learn's " + SKLEARN_NAMES + ")");
            }
            if (seen[index]) {
                throw RejectedException.invalid(field, "names the column " + features.get(index) + " twice");
            }
            seen[index] = true;
            order[i] = index;
        }
        for (int i = 0; i < features.size(); i++) {
            if (!seen[i]) {
                throw RejectedException.invalid(field, "is missing the column " + features.get(i));
            }
        }
        return order;
    }

    /** Column names are echoed so the client sees which one is wrong, but never at length. */
    static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }

    private static int indexOf(String name) {
        int index = IrisDataset.FEATURE_NAMES.indexOf(name);
        return index >= 0 ? index : SKLEARN_NAMES.indexOf(name);
    }
}
