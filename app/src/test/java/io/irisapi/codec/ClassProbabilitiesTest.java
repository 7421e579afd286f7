package io.irisapi.codec;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dropwizard.jackson.Jackson;
import io.irisapi.core.IrisDataset;
import io.irisapi.protocol.iris.PredictionResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;

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

    /** Jackson's own record binding, with the class's serializer taken away. */
    @JsonSerialize(using = JsonSerializer.None.class)
    private interface RecordBinding {
    }

    @Test
    void writtenAsJacksonsRecordBindingWritesIt() throws Exception {
        ObjectMapper served = mapper();
        ObjectMapper reference = mapper().addMixIn(ClassProbabilities.class, RecordBinding.class);
        Random random = new Random(7);
        double[] edges = {0.0, 1.0, 0.5, 1e-300, Double.MIN_VALUE, 0.1 + 0.2, 1 - 1e-16, 2e-3, 1e23};
        for (int i = 0; i < 2_000; i++) {
            ClassProbabilities p = i < edges.length ? new ClassProbabilities(edges[i], 1 - edges[i], edges[i] / 3)
                    : new ClassProbabilities(random.nextDouble(), Math.pow(random.nextDouble(), 40), random.nextDouble());
            PredictionResponse answer = new PredictionResponse("setosa", 0, p, i % 2 == 0 ? null : "3");
            assertThat(served.writeValueAsString(answer)).isEqualTo(reference.writeValueAsString(answer));
        }
        assertThat(served.writeValueAsString(new ClassProbabilities(0.25, 0.5, 0.25)))
                .isEqualTo("{\"setosa\":0.25,\"versicolor\":0.5,\"virginica\":0.25}");
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = Jackson.newObjectMapper();
        StrictJson.configure(mapper);
        return mapper;
    }
}
