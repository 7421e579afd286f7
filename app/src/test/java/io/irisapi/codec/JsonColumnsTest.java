package io.irisapi.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.irisapi.codec.Refusals.assertRefused;
import static io.irisapi.codec.Refusals.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Rows as JSON columns, an object of equally long arrays: MLflow's {@code inputs} in its columnar form. */
class JsonColumnsTest {
    private static List<double[]> read(String json, int maxRows) {
        return JsonColumns.read(json(json), "inputs", maxRows);
    }

    @Test
    void columnsInAnyOrderWithEitherNames() {
        assertThat(read("{\"petal_width\": [0.2, 2.3], \"sepal length (cm)\": [5.1, 6.7], \"sepal_width\": [3.5, 3],"
                + " \"petal_length\": [1.4, 5.2]}", 2))
                .containsExactly(new double[] {5.1, 3.5, 1.4, 0.2}, new double[] {6.7, 3, 5.2, 2.3});
    }

    @Test
    void everyColumnOnceAsAnArrayOfTheSameLength() {
        assertRefused(() -> read("{}", 10), 422, "inputs is missing the column sepal_length");
        assertRefused(() -> read("{\"sepal_length\": [1], \"sepal_width\": [1], \"petal_length\": [1],"
                + " \"petal_width\": [1], \"colour\": [1]}", 10), 422, "inputs has an unknown column 'colour';"
                + " expected " + JsonRowsTest.COLUMNS + " (or scikit-learn's " + JsonRowsTest.SKLEARN + ")");
        assertRefused(() -> read("{\"sepal_length\": 5.1, \"sepal_width\": [1], \"petal_length\": [1],"
                + " \"petal_width\": [1]}", 10), 422, "inputs.sepal_length must be an array of values, one per row");
        assertRefused(() -> read("{\"sepal_length\": [1, 2], \"sepal_width\": [1, 2], \"petal_length\": [1, 2],"
                + " \"petal_width\": [1]}", 10), 422,
                "inputs.petal_width has 1 values but an earlier column has 2: columns must be equally long");
    }

    @Test
    void rowCountWithinTheLimit() {
        assertRefused(() -> read("{\"sepal_length\": [], \"sepal_width\": [], \"petal_length\": [],"
                + " \"petal_width\": []}", 10), 422, "inputs is empty: send at least one row");
        String three = "{\"sepal_length\": [1, 1, 1], \"sepal_width\": [1, 1, 1], \"petal_length\": [1, 1, 1],"
                + " \"petal_width\": [1, 1, \"x\"]}";
        assertRefused(() -> read(three, 2), 413, "batch has 3 rows; the limit is 2");
        assertThat(read(three.replace("\"x\"", "1"), 3)).hasSize(3);
    }

    @Test
    void valuesAreNumbersThatObeyTheMeasurementRules() {
        String row = "{\"sepal_length\": [5.1, 6.7], \"sepal_width\": [3.5, %s], \"petal_length\": [1.4, 5.2],"
                + " \"petal_width\": [0.2, 2.3]}";
        assertRefused(() -> read(row.formatted("\"3\""), 10), 422,
                "inputs.sepal_width[1] must be a number, found string");
        assertRefused(() -> read(row.formatted("null"), 10), 422, "inputs[1].sepal_width is required");
        assertRefused(() -> read(row.formatted("NaN"), 10), 422,
                "inputs[1].sepal_width must be a finite number, not NaN");
        assertRefused(() -> read(row.formatted("101"), 10), 422,
                "inputs[1].sepal_width must be at most 100 (centimetres), found 101.0");
    }
}
