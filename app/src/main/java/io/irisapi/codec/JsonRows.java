package io.irisapi.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Rows from the JSON that serving protocols carry row by row: an array of rows, each an array in the API's column
 * order or an object of named columns ({@link ColumnNames}), and pandas' split frame of column names and rows. The
 * same rules as the service's own API: every column known and present once, numbers only,
 * {@link Measurements#check}, and the batch row limit.
 */
public final class JsonRows {
    private static final List<String> SPLIT_FIELDS = List.of("columns", "data", "index");

    private JsonRows() {
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
    private static double[] row(JsonNode row, String field) {
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
            int[] order = ColumnNames.order(names, field);
            Double[] values = new Double[order.length];
            for (int i = 0; i < names.size(); i++) {
                values[order[i]] = number(row.get(names.get(i)), field + "." + names.get(i));
            }
            return Measurements.check(field + ".", values);
        }
        throw RejectedException.invalid(field, "must be an array of " + IrisDataset.FEATURE_NAMES.size()
                + " numbers or an object with the columns " + IrisDataset.FEATURE_NAMES);
    }

    /** A JSON number as a double; null stays null so that {@link Measurements} says the value is required. */
    static Double number(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw RejectedException.invalid(field, "must be a number, found "
                    + value.getNodeType().name().toLowerCase());
        }
        return value.doubleValue();
    }

    /**
     * pandas' {@code to_dict(orient="split")}: {@code {"columns": [...], "data": [[...], ...], "index": [...]}};
     * without columns, rows are in the API's column order; the index is ignored.
     */
    public static List<double[]> split(JsonNode split, String field, int maxRows) {
        if (!split.isObject()) {
            throw RejectedException.invalid(field, "must be an object of columns, data and index");
        }
        split.fieldNames().forEachRemaining(name -> {
            if (!SPLIT_FIELDS.contains(name)) {
                throw RejectedException.invalid(field + "." + ColumnNames.abbreviate(name),
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
                : ColumnNames.order(names(split.get("columns"), field + ".columns"), field + ".columns");
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
