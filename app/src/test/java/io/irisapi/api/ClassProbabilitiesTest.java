package io.irisapi.api;

import io.irisapi.core.IrisDataset;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ClassProbabilitiesTest {
    /** The response names each probability after its class; the record spells the names out, the data set owns them. */
    @Test
    void componentsAreTheClassLabelsInOrder() {
        assertThat(Arrays.stream(ClassProbabilities.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactlyElementsOf(IrisDataset.CLASS_LABELS);
    }

    @Test
    void takesTheDistributionInClassOrder() {
        assertThat(ClassProbabilities.of(new double[] {0.7, 0.2, 0.1}))
                .isEqualTo(new ClassProbabilities(0.7, 0.2, 0.1));
    }
}
