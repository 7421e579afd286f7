package io.irisapi.dataplane;

import io.irisapi.core.Prediction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionListTest {
    @Test
    void givesBackEachRowsAnswerInOrder() {
        PredictionList list = new PredictionList(3, 3);
        list.append(new Prediction(2, new double[] {0.1, 0.2, 0.7}));
        list.append(new Prediction(0, new double[] {0.9, 0.05, 0.05}));

        assertThat(list).hasSize(2);
        assertThat(list.get(0).classIndex()).isEqualTo(2);
        assertThat(list.get(0).probabilities()).containsExactly(0.1, 0.2, 0.7);
        assertThat(list.get(1).classIndex()).isEqualTo(0);
        assertThat(list.get(1).probabilities()).containsExactly(0.9, 0.05, 0.05);
        assertThat(list.stream().map(Prediction::label)).containsExactly("virginica", "setosa");
        // Room for a third row, but none was scored.
        assertThatThrownBy(() -> list.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
