package io.irisapi.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeasurementsTest {
    @Test
    void validRowPasses() {
        assertThat(Measurements.check("", 5.1, 3.5, 1.4, 0.2)).containsExactly(5.1, 3.5, 1.4, 0.2);
        assertThat(Measurements.check("", 0.0, 0.0, 100.0, 100.0)).containsExactly(0, 0, 100, 100);
    }

    @Test
    void eachRuleNamesTheField() {
        assertRejected("petal_width is required", 5.1, 3.5, 1.4, null);
        assertRejected("sepal_length must be a finite number", Double.NaN, 3.5, 1.4, 0.2);
        assertRejected("sepal_width must be a finite number", 5.1, Double.POSITIVE_INFINITY, 1.4, 0.2);
        assertRejected("petal_length must not be negative", 5.1, 3.5, -1.4, 0.2);
        assertRejected("petal_width must be at most 100", 5.1, 3.5, 1.4, 100.5);
    }

    @Test
    void prefixLocatesTheRow() {
        assertThatThrownBy(() -> Measurements.check("instances[3].", 5.1, -1.0, 1.4, 0.2))
                .isInstanceOf(RejectedException.class).hasFieldOrPropertyWithValue("status", 422)
                .hasMessageStartingWith("instances[3].sepal_width")
                .extracting(e -> ((RejectedException) e).field()).isEqualTo("instances[3].sepal_width");
    }

    @Test
    void wrongNumberOfValuesIsRefused() {
        assertThatThrownBy(() -> Measurements.check("", 1.0, 2.0, 3.0))
                .isInstanceOf(RejectedException.class).hasFieldOrPropertyWithValue("status", 422).hasMessageContaining("must have 4 values");
    }

    @Test
    void rowCountIsBounded() {
        assertThatThrownBy(() -> Measurements.checkRowCount("instances", 0, 10))
                .isInstanceOf(RejectedException.class).hasFieldOrPropertyWithValue("status", 422).hasMessage("instances is empty: send at least one row");
        assertThatThrownBy(() -> Measurements.checkRowCount("instances", 11, 10))
                .isInstanceOf(RejectedException.class).hasFieldOrPropertyWithValue("status", 413).hasMessage("batch has 11 rows; the limit is 10");
        Measurements.checkRowCount("instances", 10, 10);
    }

    private static void assertRejected(String message, Double... values) {
        assertThatThrownBy(() -> Measurements.check("", values))
                .isInstanceOf(RejectedException.class).hasFieldOrPropertyWithValue("status", 422)
                .hasMessageStartingWith(message);
    }
}
