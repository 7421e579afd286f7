package io.irisapi.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.irisapi.codec.Refusals.assertRefused;
import static io.irisapi.codec.Refusals.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Rows as JSON: an array of rows (MLflow's records and instances, KServe V1) and pandas' split frame. */
class JsonRowsTest {
    static final String COLUMNS = "[sepal_length, sepal_width, petal_length, petal_width]";
    static final String SKLEARN = "[sepal length (cm), sepal width (cm), petal length (cm), petal width (cm)]";

    private static List<double[]> rows(String json, int maxRows) {
        return JsonRows.rows(json(json), "instances", maxRows);
    }

    private static List<double[]> split(String json) {
        return JsonRows.split(json(json), "dataframe_split", 10);
    }

    @Test
    void rowsAsArraysInApiOrderOrAsObjectsOfEitherNames() {
        assertThat(rows("[[5.1, 3.5, 1.4, 0.2], {\"petal_width\": 2.3, \"petal_length\": 5.2, \"sepal_width\": 3,"
                + " \"sepal_length\": 6.7}, {\"sepal length (cm)\": 5.9, \"sepal width (cm)\": 3.0,"
                + " \"petal length (cm)\": 4.2, \"petal width (cm)\": 1.5}]", 3))
                .containsExactly(new double[] {5.1, 3.5, 1.4, 0.2}, new double[] {6.7, 3, 5.2, 2.3},
                        new double[] {5.9, 3.0, 4.2, 1.5});
    }

    @Test
    void rowsMustBeANonEmptyArrayWithinTheLimit() {
        assertRefused(() -> rows("{\"sepal_length\": 5.1}", 10), 422, "instances must be an array of rows");
        assertRefused(() -> JsonRows.rows(null, "instances", 10), 422, "instances must be an array of rows");
        assertRefused(() -> rows("null", 10), 422, "instances must be an array of rows");
        assertRefused(() -> rows("[]", 10), 422, "instances is empty: send at least one row");
        assertThat(rows("[[1, 2, 3, 4], [1, 2, 3, 4]]", 2)).hasSize(2);
        assertRefused(() -> rows("[[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, \"x\"]]", 2), 413,
                "batch has 3 rows; the limit is 2");
    }

    @Test
    void eachRowIsFourNumbersOrAnObjectOfTheFourColumns() {
        assertRefused(() -> rows("[[1, 2, 3]]", 10), 422, "instances[0] must have 4 values " + COLUMNS + ", found 3");
        assertRefused(() -> rows("[[1, 2, 3, 4], [1, 2, 3, 4, 5]]", 10), 422,
                "instances[1] must have 4 values " + COLUMNS + ", found 5");
        assertRefused(() -> rows("[\"5.1,3.5,1.4,0.2\"]", 10), 422,
                "instances[0] must be an array of 4 numbers or an object with the columns " + COLUMNS);
        assertRefused(() -> rows("[null]", 10), 422,
                "instances[0] must be an array of 4 numbers or an object with the columns " + COLUMNS);
        assertRefused(() -> rows("[[1, 2, \"3\", 4]]", 10), 422, "instances[0][2] must be a number, found string");
        assertRefused(() -> rows("[[1, 2, [3], 4]]", 10), 422, "instances[0][2] must be a number, found array");
        assertRefused(() -> rows("[{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": true,"
                + " \"petal_width\": 0.2}]", 10), 422, "instances[0].petal_length must be a number, found boolean");
    }

    @Test
    void objectsNameEachColumnOnce() {
        assertRefused(() -> rows("[{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4}]", 10),
                422, "instances[0] is missing the column petal_width");
        assertRefused(() -> rows("[{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4,"
                + " \"petal_width\": 0.2, \"colour\": 1}]", 10), 422,
                "instances[0] has an unknown column 'colour'; expected " + COLUMNS + " (or scikit-learn's "
                        + SKLEARN + ")");
        assertRefused(() -> rows("[{\"sepal_length\": 5.1, \"sepal length (cm)\": 5.1, \"sepal_width\": 3.5,"
                + " \"petal_length\": 1.4, \"petal_width\": 0.2}]", 10), 422,
                "instances[0] names the column sepal_length twice");
        String longName = "x".repeat(50);
        assertRefused(() -> rows("[{\"" + longName + "\": 1}]", 10), 422, "instances[0] has an unknown column '"
                + "x".repeat(40) + "...'; expected " + COLUMNS + " (or scikit-learn's " + SKLEARN + ")");
    }

    @Test
    void valuesObeyTheMeasurementRules() {
        assertRefused(() -> rows("[[NaN, 3.5, 1.4, 0.2]]", 10), 422,
                "instances[0].sepal_length must be a finite number, not NaN");
        assertRefused(() -> rows("[[5.1, -Infinity, 1.4, 0.2]]", 10), 422,
                "instances[0].sepal_width must be a finite number, not -Infinity");
        assertRefused(() -> rows("[[5.1, 3.5, null, 0.2]]", 10), 422, "instances[0].petal_length is required");
        assertRefused(() -> rows("[{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4,"
                + " \"petal_width\": -0.2}]", 10), 422, "instances[0].petal_width must not be negative (centimetres),"
                + " found -0.2");
    }

    @Test
    void splitWithColumnsInAnyOrderOrWithoutThem() {
        assertThat(split("{\"index\": [7], \"columns\": [\"petal_width\", \"sepal length (cm)\", \"sepal_width\","
                + " \"petal_length\"], \"data\": [[0.2, 5.1, 3.5, 1.4]]}"))
                .containsExactly(new double[] {5.1, 3.5, 1.4, 0.2});
        assertThat(split("{\"data\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"))
                .containsExactly(new double[] {5.1, 3.5, 1.4, 0.2}, new double[] {6.7, 3.0, 5.2, 2.3});
        assertThat(split("{\"columns\": null, \"data\": [[5.1, 3.5, 1.4, 0.2]]}"))
                .containsExactly(new double[] {5.1, 3.5, 1.4, 0.2});
    }

    @Test
    void splitRefusals() {
        assertRefused(() -> split("[[5.1, 3.5, 1.4, 0.2]]"), 422,
                "dataframe_split must be an object of columns, data and index");
        assertRefused(() -> split("{\"data\": [[5.1, 3.5, 1.4, 0.2]], \"dtypes\": []}"), 422,
                "dataframe_split.dtypes is not a known field; expected [columns, data, index]");
        assertRefused(() -> split("{\"columns\": []}"), 422, "dataframe_split.data is required");
        assertRefused(() -> split("{\"data\": null}"), 422, "dataframe_split.data is required");
        assertRefused(() -> split("{\"data\": {}}"), 422, "dataframe_split.data must be an array of rows");
        assertRefused(() -> split("{\"data\": []}"), 422, "dataframe_split.data is empty: send at least one row");
        assertRefused(() -> split("{\"columns\": \"sepal_length\", \"data\": [[1]]}"), 422,
                "dataframe_split.columns must be an array of column names");
        assertRefused(() -> split("{\"columns\": [\"sepal_length\", 2], \"data\": [[1, 2]]}"), 422,
                "dataframe_split.columns[1] must be a column name (a string)");
        assertRefused(() -> split("{\"columns\": [\"sepal_length\", \"sepal_width\", \"petal_length\"],"
                + " \"data\": [[1, 2, 3]]}"), 422, "dataframe_split.columns is missing the column petal_width");
        assertRefused(() -> split("{\"data\": [[5.1, 3.5, 1.4]]}"), 422,
                "dataframe_split.data[0] must be an array of 4 values, one per column");
        assertRefused(() -> split("{\"data\": [5.1, 3.5, 1.4, 0.2]}"), 422,
                "dataframe_split.data[0] must be an array of 4 values, one per column");
        assertRefused(() -> split("{\"data\": [[5.1, \"3.5\", 1.4, 0.2]]}"), 422,
                "dataframe_split.data[0][1] must be a number, found string");
        assertRefused(() -> split("{\"columns\": [\"petal_width\", \"sepal_length\", \"sepal_width\","
                + " \"petal_length\"], \"data\": [[Infinity, 5.1, 3.5, 1.4]]}"), 422,
                "dataframe_split.data[0].petal_width must be a finite number, not Infinity");
        assertRefused(() -> JsonRows.split(json("{\"data\": [[1, 2, 3, 4], [1, 2, 3, 4]]}"), "dataframe_split", 1),
                413, "batch has 2 rows; the limit is 1");
    }
}
