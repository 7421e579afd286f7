package io.irisapi.codec;

import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;

import java.util.ArrayList;
import java.util.List;

/** Rows from a CSV body, as MLflow's scoring server takes them. */
public final class CsvRows {
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private CsvRows() {
    }

    /**
     * A CSV body with a header row naming the columns, as pandas' {@code to_csv(index=False)} writes it; a leading
     * byte order mark is dropped, as pandas' reader (and so MLflow's server) drops it.
     */
    public static List<double[]> read(String body, int maxRows) {
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
