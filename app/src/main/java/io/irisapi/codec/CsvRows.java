package io.irisapi.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.Measurements;
import io.irisapi.core.RejectedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rows from a CSV body with a header row naming the columns, as pandas' {@code to_csv(index=False)} writes it and
 * its {@code read_csv}, which MLflow's scoring server parses CSV with, reads it: records as RFC 4180 has them (a
 * quoted value may hold commas, line breaks and "" for a quote; a quote left open is an error), a leading byte order
 * mark dropped, blank lines skipped, CR, LF or CRLF line ends, spaces and tabs around a value ignored.
 */
public final class CsvRows {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** How the CSV library reports the end of the body inside a quoted value. */
    private static final String UNCLOSED_QUOTE = "Missing closing quote";
    private static final CsvFactory CSV = new CsvFactory();
    /**
     * A decimal number; NaN and infinities are read so that {@link Measurements} names them. Java's own parser alone
     * would also take hex floats and type suffixes, and pandas would read those as text.
     */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity|inf)");

    private CsvRows() {
    }

    /** The checked rows of a CSV body; more than {@code maxRows} rows are refused as too large. */
    public static List<double[]> read(String body, int maxRows) {
        String text = body == null ? "" : body.startsWith(BYTE_ORDER_MARK) ? body.substring(1) : body;
        try (CsvParser parser = CSV.createParser(text)) {
            parser.setSchema(CsvSchema.emptySchema());
            List<String> header = next(parser, "CSV header");
            if (header == null) {
                throw RejectedException.invalid(null, "the CSV body is empty: send a header row and at least one row");
            }
            int[] order = ColumnNames.order(header, "CSV header");
            // Past the limit, rows are only counted, so that the answer says how many there were.
            List<List<String>> records = new ArrayList<>();
            int count = 0;
            for (List<String> record; (record = next(parser, "CSV row " + (count + 1))) != null; count++) {
                if (count < maxRows) {
                    records.add(record);
                }
            }
            Measurements.checkRowCount("CSV rows", count, maxRows);
            List<double[]> rows = new ArrayList<>(count);
            for (int r = 0; r < count; r++) {
                rows.add(row(records.get(r), "CSV row " + (r + 1), header, order));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string", e);
        }
    }

    /** The next record's values, spaces and tabs around each dropped; a blank line is no record; null at the end. */
    private static List<String> next(CsvParser parser, String record) throws IOException {
        try {
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                List<String> values = new ArrayList<>(IrisDataset.FEATURE_NAMES.size());
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    values.add(unpadded(parser.getText()));
                }
                if (values.size() > 1 || values.size() == 1 && !values.get(0).isEmpty()) {
                    return values;
                }
            }
            return null;
        } catch (JsonProcessingException e) {
            throw RejectedException.malformed(record + (e.getOriginalMessage().startsWith(UNCLOSED_QUOTE)
                    ? " opens a quote that is never closed"
                    : " is not valid CSV: a closing quote must be followed by a comma or the end of the line"));
        }
    }

    private static double[] row(List<String> values, String record, List<String> header, int[] order) {
        if (values.size() != order.length) {
            throw RejectedException.invalid(record, "has " + values.size() + " values; the header has "
                    + order.length + " columns");
        }
        Double[] row = new Double[order.length];
        for (int c = 0; c < order.length; c++) {
            row[order[c]] = number(values.get(c), record + " column " + header.get(c));
        }
        return Measurements.check(record + " ", row);
    }

    /** Control characters are kept: {@code 0\u0000} is no number. */
    private static String unpadded(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    /** An empty value is a missing one, which {@link Measurements} names as required. */
    private static Double number(String value, String field) {
        if (value.isEmpty()) {
            return null;
        }
        if (!NUMBER.matcher(value).matches()) {
            throw RejectedException.invalid(field, "must be a number");
        }
        return value.endsWith("inf") ? Double.parseDouble(value.replace("inf", "Infinity")) : Double.parseDouble(value);
    }
}
