package io.irisapi.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads rows of the four measurements from the loosely typed JSON that serving protocols carry (rows as arrays in
 * the API's column order, rows as objects, columns as arrays, a split frame of column names and rows), applying the
 * same rules as the service's own API: every column known and present once, numbers only,
 * {@link Measurements#check}, and the batch row limit.
 *
 * <p>Columns are named as the API names them ({@code sepal_length}) or as scikit-learn's {@code load_iris} does
 * ({@code sepal length (cm)}), since models served by MLflow are often trained on the latter and their clients send
 * those names.
 */
public final class FeatureRows {
    /** scikit-learn's feature names, in {@link IrisDataset#FEATURE_NAMES} order. */
    public static final List<String> SKLEARN_NAMES =
            List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");

    private static final List<String> SPLIT_FIELDS = List.of("columns", "data", "index");

    private FeatureRows() {
    }

    /** A JSON array of rows, each an array of four numbers or an object of named columns. */
    public static List<double[]> rows(JsonNode rows, String field, int maxRows) {
        if (rows == null || !rows.isArray()) {
            throw RejectedException.invalid(field, "must be an array of rows");
        }
        Measurements.checkRowCount(field, rows.size(), maxRows);
        List<double[]> result = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            result.add(row(rows.get(i), field + "[" + i + "]"));
        }
        return result;
    }

    /** One row: an array of four numbers in API order, or an object keyed by column name. */
    public static double[] row(JsonNode row, String field) {
        if (row != null && row.isArray()) {
            if (row.size() != IrisDataset.FEATURE_NAMES.size()) {
                throw RejectedException.invalid(field, "must have " + IrisDataset.FEATURE_NAMES.size() + " values "
                        + IrisDataset.FEATURE_NAMES + ", found " + row.size());
            }
            Double[] values = new Double[row.size()];
            for (int i = 0; i < row.size(); i++) {
                values[i] = number(row.get(i), field + "[" + i + "]");
            }
            return Measurements.check(field + ".", values);
        }
        if (row != null && row.isObject()) {
            List<String> names = new ArrayList<>();
            row.fieldNames().forEachRemaining(names::add);
            int[] order = columnOrder(names, field);
            Double[] values = new Double[order.length];
            for (int i = 0; i < names.size(); i++) {
                values[order[i]] = number(row.get(names.get(i)), field + "." + names.get(i));
            }
            return Measurements.check(field + ".", values);
        }
        throw RejectedException.invalid(field, "must be an array of " + IrisDataset.FEATURE_NAMES.size()
                + " numbers or an object with the columns " + IrisDataset.FEATURE_NAMES);
    }

    /** Columns as an object of equally long arrays: {@code {"sepal_length": [5.1, 6.2], ...}}. */
    public static List<double[]> columns(JsonNode columns, String field, int maxRows) {
        List<String> names = new ArrayList<>();
        columns.fieldNames().forEachRemaining(names::add);
        int[] order = columnOrder(names, field);
        int rows = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            String name = field + "." + column.getKey();
            if (!column.getValue().isArray()) {
                throw RejectedException.invalid(name, "must be an array of values, one per row");
            }
            if (rows >= 0 && column.getValue().size() != rows) {
                throw RejectedException.invalid(name, "has " + column.getValue().size()
                        + " values but an earlier column has " + rows + ": columns must be equally long");
            }
            rows = column.getValue().size();
        }
        Measurements.checkRowCount(field, rows, maxRows);
        List<double[]> result = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Double[] values = new Double[order.length];
            for (int c = 0; c < names.size(); c++) {
                String name = names.get(c);
                values[order[c]] = number(columns.get(name).get(r), field + "." + name + "[" + r + "]");
            }
            result.add(Measurements.check(field + "[" + r + "].", values));
        }
        return result;
    }

    /**
     * For each given column name, the index of its feature; every feature must be named exactly once.
     * {@code field} locates the names in the request for error messages.
     */
    public static int[] columnOrder(List<String> names, String field) {
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
    public static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }

    private static int indexOf(String name) {
        int index = IrisDataset.FEATURE_NAMES.indexOf(name);
        return index >= 0 ? index : SKLEARN_NAMES.indexOf(name);
    }

    /** A JSON number as a double; null stays null so that {@link Measurements} says the value is required. */
    public static Double number(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw RejectedException.invalid(field, "must be a number, found " + value.getNodeType().name().toLowerCase());
        }
        return value.doubleValue();
    }

    /**
     * pandas' {@code to_dict(orient="split")}: {@code {"columns": [...], "data": [[...], ...], "index": [...]}}; without
     * columns, rows are in the API's column order; the index is ignored.
     */
    public static List<double[]> split(JsonNode split, String field, int maxRows) {
        if (!split.isObject()) {
            throw RejectedException.invalid(field, "must be an object of columns, data and index");
        }
        split.fieldNames().forEachRemaining(name -> {
            if (!SPLIT_FIELDS.contains(name)) {
                throw RejectedException.invalid(field + "." + abbreviate(name),
                        "is not a known field; expected " + SPLIT_FIELDS);
            }
        });
        JsonNode data = split.get("data");
        if (data == null || data.isNull()) {
            throw RejectedException.invalid(field + ".data", "is required");
        }
        if (!data.isArray()) {
            throw RejectedException.invalid(field + ".data", "must be an array of rows");
        }
        int[] order = split.path("columns").isNull() || split.path("columns").isMissingNode()
                ? IntStream.range(0, IrisDataset.FEATURE_NAMES.size()).toArray()
                : columnOrder(names(split.get("columns"), field + ".columns"), field + ".columns");
        Measurements.checkRowCount(field + ".data", data.size(), maxRows);
        List<double[]> rows = new ArrayList<>(data.size());
        for (int r = 0; r < data.size(); r++) {
            String prefix = field + ".data[" + r + "]";
            JsonNode row = data.get(r);
            if (!row.isArray() || row.size() != order.length) {
                throw RejectedException.invalid(prefix, "must be an array of " + order.length
                        + " values, one per column");
            }
            Double[] values = new Double[order.length];
            for (int c = 0; c < order.length; c++) {
                values[order[c]] = number(row.get(c), prefix + "[" + c + "]");
            }
            rows.add(Measurements.check(prefix + ".", values));
        }
        return rows;
    }

    private static List<String> names(JsonNode columns, String field) {
        if (!columns.isArray()) {
            throw RejectedException.invalid(field, "must be an array of column names");
        }
        List<String> names = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).isTextual()) {
                throw RejectedException.invalid(field + "[" + i + "]", "must be a column name (a string)");
            }
            names.add(columns.get(i).textValue());
        }
        return names;
    }
}
