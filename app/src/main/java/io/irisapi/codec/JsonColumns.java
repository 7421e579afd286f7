package io.irisapi.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rows from JSON columns, an object of equally long arrays ({@code {"sepal_length": [5.1, 6.2], ...}}), as MLflow's
 * {@code inputs} carries them: every column known ({@link ColumnNames}) and present once, numbers only,
 * {@link Measurements#check}, and the batch row limit.
 */
public final class JsonColumns {
    private JsonColumns() {
    }

    /** The checked rows of a JSON object of columns; {@code field} locates it in the request. */
    public static List<double[]> read(JsonNode columns, String field, int maxRows) {
        List<String> names = new ArrayList<>();
        columns.fieldNames().forEachRemaining(names::add);
        int[] order = ColumnNames.order(names, field);
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
                values[order[c]] = JsonRows.number(columns.get(name).get(r), field + "." + name + "[" + r + "]");
            }
            result.add(Measurements.check(field + "[" + r + "].", values));
        }
        return result;
    }
}
