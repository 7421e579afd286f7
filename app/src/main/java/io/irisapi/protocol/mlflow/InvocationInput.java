package io.irisapi.protocol.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.irisapi.codec.FeatureRows;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Turns the request forms of MLflow's scoring protocol into checked rows. */
final class InvocationInput {

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final List<String> SPLIT_FIELDS = List.of("columns", "data", "index");

    private InvocationInput() {
    }

    static List<double[]> rows(InvocationRequest request, int maxRows) {
        if (request == null) {
            throw RejectedException.invalid(null, "a JSON request body is required");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("dataframe_split", request.dataframeSplit());
        given.put("dataframe_records", request.dataframeRecords());
        given.put("instances", request.instances());
        given.put("inputs", request.inputs());
        given.values().removeIf(value -> value == null);
        if (given.size() != 1) {
            throw RejectedException.invalid(null, "the body must have exactly one of the input fields " + InvocationRequest.FORMS
                    + (given.isEmpty() ? "" : ", found " + given.keySet()));
        }
        String form = given.keySet().iterator().next();
        if (((JsonNode) given.get(form)).isNull()) {
            throw RejectedException.invalid(form, "is null: give the rows, or leave the field out");
        }
        return switch (form) {
            case "dataframe_split" -> split(request.dataframeSplit(), maxRows);
            case "dataframe_records" -> FeatureRows.rows(request.dataframeRecords(), form, maxRows);
            case "instances" -> FeatureRows.rows(request.instances(), form, maxRows);
            default -> request.inputs().isObject()
                    ? FeatureRows.columns(request.inputs(), form, maxRows)
                    : FeatureRows.rows(request.inputs(), form, maxRows);
        };
    }

    private static List<double[]> split(JsonNode split, int maxRows) {
        String field = "dataframe_split";
        if (!split.isObject()) {
            throw RejectedException.invalid(field, "must be an object of columns, data and index");
        }
        split.fieldNames().forEachRemaining(name -> {
            if (!SPLIT_FIELDS.contains(name)) {
                throw RejectedException.invalid(field + "." + FeatureRows.abbreviate(name),
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
                : FeatureRows.columnOrder(names(split.get("columns"), field + ".columns"), field + ".columns");
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
                values[order[c]] = FeatureRows.number(row.get(c), prefix + "[" + c + "]");
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

    /**
     * A CSV body with a header row naming the columns, as pandas' {@code to_csv(index=False)} writes it; a leading
     * byte order mark is dropped, as pandas' reader (and so MLflow's server) drops it.
     */
    static List<double[]> csv(String body, int maxRows) {
        String text = body == null ? "" : body.startsWith(BYTE_ORDER_MARK) ? body.substring(1) : body;
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw RejectedException.invalid(null, "the CSV body is empty: send a header row and at least one row");
        }
        List<String> header = cells(lines.get(0));
        int[] order = FeatureRows.columnOrder(header, "CSV header");
        Measurements.checkRowCount("CSV rows", lines.size() - 1, maxRows);
        List<double[]> rows = new ArrayList<>(lines.size() - 1);
        for (int r = 1; r < lines.size(); r++) {
            String prefix = "CSV row " + r;
            List<String> cells = cells(lines.get(r));
            if (cells.size() != order.length) {
                throw RejectedException.invalid(prefix, "has " + cells.size() + " values; the header has "
                        + order.length + " columns");
            }
            Double[] values = new Double[order.length];
            for (int c = 0; c < order.length; c++) {
                values[order[c]] = csvNumber(cells.get(c), prefix + " column " + header.get(c));
            }
            rows.add(Measurements.check(prefix + " ", values));
        }
        return rows;
    }

    /**
     * Comma-separated cells; a cell may be quoted (pandas quotes names with commas), with "" for a quote. Spaces
     * around a cell are dropped, control characters are not: {@code 0\u0000} is no number.
     */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                cells.add(unpadded(cell));
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(unpadded(cell));
        return cells;
    }

    private static String unpadded(CharSequence cell) {
        int start = 0;
        int end = cell.length();
        while (start < end && (cell.charAt(start) == ' ' || cell.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (cell.charAt(end - 1) == ' ' || cell.charAt(end - 1) == '\t')) {
            end--;
        }
        return cell.subSequence(start, end).toString();
    }

    /**
     * A decimal number; an empty cell is a missing value. NaN and infinities are read so that {@link Measurements}
     * names them; Java's own parser alone would also take hex floats and type suffixes.
     */
    private static Double csvNumber(String cell, String field) {
        if (cell.isEmpty()) {
            return null;
        }
        if (!cell.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity|inf)")) {
            throw RejectedException.invalid(field, "must be a number");
        }
        return cell.endsWith("inf") ? Double.parseDouble(cell.replace("inf", "Infinity")) : Double.parseDouble(cell);
    }
}
