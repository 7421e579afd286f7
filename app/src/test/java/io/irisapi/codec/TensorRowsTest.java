package io.irisapi.codec;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.irisapi.codec.Refusals.assertRefused;
import static io.irisapi.codec.Refusals.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Rows from a tensor of the inference protocols: FP32 or FP64, shape [N, 4], data flat or one array per row. */
class TensorRowsTest {
    private static List<double[]> read(String datatype, List<Long> shape, String data, int maxRows) {
        return TensorRows.read("inputs[0]", datatype, shape, json(data), maxRows);
    }

    private static List<double[]> read(List<Long> shape, String data) {
        return read("FP32", shape, data, 10);
    }

    @Test
    void flatOrNestedDataInRowMajorOrder() {
        double[][] expected = {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}};
        assertThat(read("FP32", List.of(2L, 4L), "[5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]", 2))
                .containsExactly(expected);
        assertThat(read("FP64", List.of(2L, 4L), "[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]", 2))
                .containsExactly(expected);
    }

    @Test
    void datatypeIsAFloatType() {
        assertRefused(() -> read(null, List.of(1L, 4L), "[1, 2, 3, 4]", 10), 422,
                "inputs[0].datatype is required: one of [FP32, FP64]");
        assertRefused(() -> read("INT32", List.of(1L, 4L), "[1, 2, 3, 4]", 10), 422,
                "inputs[0].datatype must be one of [FP32, FP64], found INT32");
        assertRefused(() -> read("fp32", List.of(1L, 4L), "[1, 2, 3, 4]", 10), 422,
                "inputs[0].datatype must be one of [FP32, FP64], found fp32");
    }

    @Test
    void shapeIsNRowsOfFour() {
        for (List<Long> shape : List.of(List.of(4L), List.of(1L, 3L), List.of(1L, 4L, 1L), List.of(4L, 1L))) {
            assertRefused(() -> read(shape, "[1, 2, 3, 4]"), 422, "inputs[0].shape must be [N, 4], found " + shape);
        }
        assertRefused(() -> read(null, "[1, 2, 3, 4]"), 422, "inputs[0].shape must be [N, 4], found null");
        List<Long> unknownRows = Arrays.asList(null, 4L);
        assertRefused(() -> read(unknownRows, "[1, 2, 3, 4]"), 422, "inputs[0].shape must be [N, 4], found [null, 4]");
        assertRefused(() -> read(List.of(0L, 4L), "[]"), 422, "inputs[0].shape[0] is empty: send at least one row");
        assertRefused(() -> read(List.of(-1L, 4L), "[]"), 422, "inputs[0].shape[0] is empty: send at least one row");
    }

    @Test
    void rowCountWithinTheLimit() {
        assertThat(read("FP32", List.of(2L, 4L), "[1, 2, 3, 4, 1, 2, 3, 4]", 2)).hasSize(2);
        assertRefused(() -> read("FP32", List.of(3L, 4L), "[]", 2), 413, "batch has 3 rows; the limit is 2");
        assertRefused(() -> read("FP32", List.of(1L << 40, 4L), "[]", 2), 413,
                "batch has 2147483647 rows; the limit is 2");
    }

    @Test
    void dataMatchesTheShape() {
        assertRefused(() -> read(List.of(2L, 4L), "{}"), 422, "inputs[0].data must be an array of 8 numbers");
        assertRefused(() -> TensorRows.read("inputs[0]", "FP32", List.of(1L, 4L), null, 10), 422,
                "inputs[0].data must be an array of 4 numbers");
        assertRefused(() -> read(List.of(2L, 4L), "[1, 2, 3, 4]"), 422,
                "inputs[0].data has 4 values; shape [2, 4] needs 8");
        assertRefused(() -> read(List.of(1L, 4L), "[1, 2, 3, 4, 5]"), 422,
                "inputs[0].data has 5 values; shape [1, 4] needs 4");
        assertRefused(() -> read(List.of(2L, 4L), "[[1, 2, 3, 4], 1, 2, 3, 4]"), 422,
                "inputs[0].data must be flat or hold one array per row, not a mix of both");
        assertRefused(() -> read(List.of(2L, 4L), "[1, 2, 3, 4, [1, 2, 3, 4]]"), 422,
                "inputs[0].data must be flat or hold one array per row, not a mix of both");
        assertRefused(() -> read(List.of(2L, 4L), "[[1, 2, 3, 4], [1, 2, 3]]"), 422,
                "inputs[0].data[1] must have 4 values, found 3");
    }

    @Test
    void valuesAreNumbersThatObeyTheMeasurementRules() {
        assertRefused(() -> read(List.of(1L, 4L), "[1, 2, \"3\", 4]"), 422,
                "inputs[0].data[2] must be a number, found string");
        assertRefused(() -> read(List.of(1L, 4L), "[[1, 2, true, 4]]"), 422,
                "inputs[0].data[0][2] must be a number, found boolean");
        assertRefused(() -> read(List.of(2L, 4L), "[1, 2, 3, 4, NaN, 2, 3, 4]"), 422,
                "inputs[0].data[1].sepal_length must be a finite number, not NaN");
        assertRefused(() -> read(List.of(1L, 4L), "[1, 2, 3, null]"), 422, "inputs[0].data[0].petal_width is required");
        assertRefused(() -> read(List.of(1L, 4L), "[1, 2, -3, 4]"), 422,
                "inputs[0].data[0].petal_length must not be negative (centimetres), found -3.0");
    }
}
