package io.irisapi.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.irisapi.codec.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV as MLflow's scoring server reads it (pandas' read_csv): what pandas reads, this reads to the same rows, and
 * what pandas refuses, or reads to something other than four numbers per row, this refuses.
 */
class CsvRowsTest {
    private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width\n";
    private static final double[] SETOSA = {5.1, 3.5, 1.4, 0.2};
    private static final double[] VIRGINICA = {6.7, 3.0, 5.2, 2.3};

    private static List<double[]> read(String body) {
        return CsvRows.read(body, 10);
    }

    private static void assertRefused(String body, int status, String message) {
        Refusals.assertRefused(() -> read(body), status, message);
    }

    @Test
    void headerNamesTheColumnsInAnyOrderWithEitherNames() {
        assertThat(read("petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n2.3,5.2,3.0,6.7\n"))
                .containsExactly(SETOSA, VIRGINICA);
        assertThat(read("\"sepal length (cm)\",sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2"))
                .containsExactly(SETOSA);
    }

    @Test
    void lineEndsAreCrLfOrCrOrLfAndTheLastIsOptional() {
        assertThat(read(HEADER.replace("\n", "\r\n") + "5.1,3.5,1.4,0.2\r\n6.7,3.0,5.2,2.3\r\n"))
                .containsExactly(SETOSA, VIRGINICA);
        assertThat(read(HEADER.replace("\n", "\r") + "5.1,3.5,1.4,0.2\r6.7,3.0,5.2,2.3"))
                .containsExactly(SETOSA, VIRGINICA);
    }

    @Test
    void aLeadingByteOrderMarkIsDropped() {
        assertThat(read("\uFEFF" + HEADER + "5.1,3.5,1.4,0.2\n")).containsExactly(SETOSA);
    }

    @Test
    void blankLinesAreSkipped() {
        assertThat(read("\n" + HEADER + "\n5.1,3.5,1.4,0.2\n  \n\t\n\r\n6.7,3.0,5.2,2.3\n\n"))
                .containsExactly(SETOSA, VIRGINICA);
    }

    @Test
    void spacesAndTabsAroundAValueAreIgnored() {
        assertThat(read(" sepal_length ,sepal_width,petal_length,petal_width\n 5.1 ,\t3.5,1.4\t,0.2\n"))
                .containsExactly(SETOSA);
        assertThat(read(HEADER + "\" 5.1 \",3.5,1.4,0.2\n")).containsExactly(SETOSA);
    }

    @Test
    void quotedValuesMayHoldCommasAndDoubledQuotes() {
        assertThat(read("\"sepal_length\",\"sepal_width\",petal_length,petal_width\n\"5.1\",3.5,\"1.4\",0.2\n"))
                .containsExactly(SETOSA);
        assertRefused("\"sepal \"\"length\"\", cm\",sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n", 422,
                "CSV header has an unknown column 'sepal \"length\", cm'; expected " + JsonRowsTest.COLUMNS
                        + " (or scikit-learn's " + JsonRowsTest.SKLEARN + ")");
    }

    @Test
    void numbersAreDecimals() {
        assertThat(read(HEADER + "+5.1,3.5e0,.14E1,2e-1\n5.,3,1.4,0.2\n"))
                .containsExactly(SETOSA, new double[] {5, 3, 1.4, 0.2});
    }

    /** A quoted value runs to its closing quote, line breaks included: the body is one row, not two. */
    @Test
    void aQuotedLineBreakStaysInItsValue() {
        assertRefused(HEADER + "5.1,3.5,1.4,\"0.2\n6.3,3.3,6.0,2.5\"\n", 422,
                "CSV row 1 column petal_width must be a number");
        assertRefused("sepal_length,sepal_width,petal_length,\"petal_width\r\n\"\n5.1,3.5,1.4,0.2\n", 422,
                "CSV header has an unknown column 'petal_width\r\n'; expected " + JsonRowsTest.COLUMNS
                        + " (or scikit-learn's " + JsonRowsTest.SKLEARN + ")");
    }

    @Test
    void aQuoteLeftOpenIsRefused() {
        assertRefused(HEADER + "5.1,3.5,1.4,\"0.2\n6.3,3.3,6.0,2.5\n", 400,
                "CSV row 1 opens a quote that is never closed");
        assertRefused(HEADER + "5.1,3.5,1.4,0.2\n6.3,3.3,6.0,\"2.5", 400,
                "CSV row 2 opens a quote that is never closed");
        assertRefused("\"sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n", 400,
                "CSV header opens a quote that is never closed");
    }

    @Test
    void aClosingQuoteEndsTheValue() {
        assertRefused(HEADER + "5.1,3.5,1.4,\"0.2\"5\n", 400,
                "CSV row 1 is not valid CSV: a closing quote must be followed by a comma or the end of the line");
    }

    @Test
    void quotesInsideAnUnquotedValueAreText() {
        assertRefused(HEADER + "5.1,3.5,1.4,0\"2\"\n", 422, "CSV row 1 column petal_width must be a number");
        assertRefused(HEADER + "5.1,3.5,1.4, \"0.2\"\n", 422, "CSV row 1 column petal_width must be a number");
    }

    @Test
    void anEmptyBodyOrNoRowIsRefused() {
        for (String body : new String[] {"", "\n\n", " \n", "\uFEFF"}) {
            assertRefused(body, 422, "the CSV body is empty: send a header row and at least one row");
        }
        Refusals.assertRefused(() -> CsvRows.read(null, 10), 422,
                "the CSV body is empty: send a header row and at least one row");
        assertRefused(HEADER, 422, "CSV rows is empty: send at least one row");
        assertRefused(HEADER + "\n \n", 422, "CSV rows is empty: send at least one row");
    }

    @Test
    void theHeaderNamesEachColumnOnce() {
        assertRefused("sepal_length,sepal_width,petal_length\n1,2,3\n", 422,
                "CSV header is missing the column petal_width");
        assertRefused(HEADER.replace("\n", ",colour\n") + "1,2,3,4,5\n", 422,
                "CSV header has an unknown column 'colour';"
                + " expected " + JsonRowsTest.COLUMNS + " (or scikit-learn's " + JsonRowsTest.SKLEARN + ")");
        assertRefused(HEADER.replace("\n", ",\n") + "1,2,3,4,\n", 422, "CSV header has an unknown column ''; expected "
                + JsonRowsTest.COLUMNS + " (or scikit-learn's " + JsonRowsTest.SKLEARN + ")");
        assertRefused("sepal_length,sepal_width,petal_length,petal_width,sepal length (cm)\n1,2,3,4,1\n", 422,
                "CSV header names the column sepal_length twice");
    }

    @Test
    void eachRowHasAValuePerColumn() {
        assertRefused(HEADER + "5.1,3.5,1.4\n", 422, "CSV row 1 has 3 values; the header has 4 columns");
        assertRefused(HEADER + "5.1,3.5,1.4,0.2\n5.1,3.5,1.4,0.2,9\n", 422,
                "CSV row 2 has 5 values; the header has 4 columns");
        assertRefused(HEADER + "5.1,3.5,1.4,\n", 422, "CSV row 1 petal_width is required");
        assertRefused(HEADER + ",,,\n", 422, "CSV row 1 sepal_length is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0x1p3", "1.4d", "1.4f", "1_4", "1,4", "1.4.1", "--1", "e5", "NA", "null", "nan",
            "0\u0000", "0\u0001", "0\u000b", "0\u001f", "\u00a01"})
    void aValueThatIsNoDecimalNumberIsRefused(String value) {
        assertRefused(HEADER + "5.1,3.5,\"" + value + "\",0.2\n", 422,
                "CSV row 1 column petal_length must be a number");
        if (!value.contains(",")) {
            assertRefused(HEADER + "5.1,3.5," + value + ",0.2\n", 422,
                    "CSV row 1 column petal_length must be a number");
        }
    }

    @Test
    void valuesObeyTheMeasurementRules() {
        assertRefused(HEADER + "5.1,3.5,NaN,0.2\n", 422, "CSV row 1 petal_length must be a finite number, not NaN");
        assertRefused(HEADER + "5.1,3.5,inf,0.2\n", 422,
                "CSV row 1 petal_length must be a finite number, not Infinity");
        assertRefused(HEADER + "5.1,3.5,-Infinity,0.2\n", 422,
                "CSV row 1 petal_length must be a finite number, not -Infinity");
        assertRefused(HEADER + "5.1,-3.5,1.4,0.2\n", 422,
                "CSV row 1 sepal_width must not be negative (centimetres), found -3.5");
        assertRefused(HEADER + "5.1,3.5,1.4,0.2\n5.1,3.5,1.4,1e3\n", 422,
                "CSV row 2 petal_width must be at most 100 (centimetres), found 1000.0");
    }

    @Test
    void rowCountWithinTheLimit() {
        String three = HEADER + "5.1,3.5,1.4,0.2\n5.1,3.5,1.4,0.2\n5.1,3.5,1.4,x\n";
        Refusals.assertRefused(() -> CsvRows.read(three, 2), 413, "batch has 3 rows; the limit is 2");
        assertThat(CsvRows.read(three.replace("x", "0.2"), 3)).hasSize(3);
        String many = HEADER + "5.1,3.5,1.4,0.2\n".repeat(5000);
        Refusals.assertRefused(() -> CsvRows.read(many, 1000), 413, "batch has 5000 rows; the limit is 1000");
    }
}
