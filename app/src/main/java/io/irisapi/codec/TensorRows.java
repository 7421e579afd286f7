package io.irisapi.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;

import java.util.ArrayList;
import java.util.List;

/** Rows from a tensor of the inference protocols: a datatype, a shape [N, 4] and its values, flat or nested. */
public final class TensorRows {
    private static final List<String> INPUT_TYPES = List.of("FP32", "FP64");
    private static final int FEATURES = IrisDataset.FEATURE_NAMES.size();

    private TensorRows() {
    }

    /** The checked rows of a tensor; {@code field} locates it in the request. */
    public static List<double[]> read(String field, String datatype, List<Long> shape, JsonNode data, int maxRows) {
        if (datatype == null) {
            throw RejectedException.invalid(field + ".datatype", "is required: one of " + INPUT_TYPES);
        }
        if (!INPUT_TYPES.contains(datatype)) {
            throw RejectedException.invalid(field + ".datatype", "must be one of " + INPUT_TYPES + ", found "
                    + datatype);
        }
        if (shape == null || shape.size() != 2 || shape.get(1) == null || shape.get(1) != FEATURES
                || shape.get(0) == null) {
            throw RejectedException.invalid(field + ".shape", "must be [N, " + FEATURES + "], found " + shape);
        }
        Measurements.checkRowCount(field + ".shape[0]", (int) Math.max(0, Math.min(shape.get(0), Integer.MAX_VALUE)),
                maxRows);
        int rows = shape.get(0).intValue();
        List<Double> values = flatten(data, rows, field + ".data");
        List<double[]> result = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Double[] row = values.subList(r * FEATURES, (r + 1) * FEATURES).toArray(new Double[0]);
            result.add(Measurements.check(field + ".data[" + r + "].", row));
        }
        return result;
    }

    /** Row-major values from flat data or from one array per row; their count must match the shape. */
    private static List<Double> flatten(JsonNode data, int rows, String field) {
        if (data == null || !data.isArray()) {
            throw RejectedException.invalid(field, "must be an array of " + rows * FEATURES + " numbers");
        }
        List<Double> values = new ArrayList<>(rows * FEATURES);
        boolean nested = data.size() > 0 && data.get(0).isArray();
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            if (nested != item.isArray()) {
                throw RejectedException.invalid(field, "must be flat or hold one array per row, not a mix of both");
            }
            if (nested && item.size() != FEATURES) {
                throw RejectedException.invalid(field + "[" + i + "]", "must have " + FEATURES + " values, found "
                        + item.size());
            }
            if (nested) {
                for (int j = 0; j < item.size(); j++) {
                    values.add(JsonRows.number(item.get(j), field + "[" + i + "][" + j + "]"));
                }
            } else {
                values.add(JsonRows.number(item, field + "[" + i + "]"));
            }
        }
        if (values.size() != rows * FEATURES) {
            throw RejectedException.invalid(field, "has " + values.size() + " values; shape [" + rows + ", "
                    + FEATURES + "] needs " + rows * FEATURES);
        }
        return values;
    }
}
