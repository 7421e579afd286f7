package io.irisapi.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import weka.classifiers.Classifier;
import weka.core.Instances;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The compiled Logistic must answer exactly as Weka does, and step aside wherever it cannot. */
class CompiledLogisticTest {
    private static final int RANDOM_ROWS = 20_000;

    @Test
    void givesWekasOwnProbabilitiesBitForBit() throws Exception {
        Instances data = IrisDataset.load();
        IrisModel model = Trainer.train(Algorithm.LOGISTIC, data).open("test", "test");
        Classifier weka = Algorithm.LOGISTIC.newClassifier();
        weka.buildClassifier(data);
        assertThat(model.scorer()).isEqualTo(IrisModel.COMPILED_LOGISTIC);

        Random random = new Random(7);
        for (int i = 0; i < RANDOM_ROWS; i++) {
            // Mostly flower-sized rows, some anywhere in the accepted range.
            double scale = i % 10 == 0 ? Measurements.MAX_CM : 8;
            double[] row = {random.nextDouble() * scale, random.nextDouble() * scale, random.nextDouble() * scale,
                    random.nextDouble() * scale};
            assertThat(model.predict(row).probabilities())
                    .as("row %s", java.util.Arrays.toString(row))
                    .containsExactly(IrisModel.wekaDistribution(weka, data, row));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = "LOGISTIC", mode = EnumSource.Mode.EXCLUDE)
    void otherAlgorithmsAreScoredByWeka(Algorithm algorithm) {
        assertThat(Trainer.train(algorithm, IrisDataset.load()).open("test", "test").scorer()).isEqualTo(IrisModel.WEKA);
    }

    @Test
    void aLogisticWhoseFiltersDropAFeatureIsScoredByWeka() throws Exception {
        // A constant feature is removed by Weka's RemoveUseless filter, so the coefficients no longer line up with
        // the four measurements: the compiled form must not be used.
        Instances data = IrisDataset.load();
        for (int i = 0; i < data.numInstances(); i++) {
            data.instance(i).setValue(1, 3.0);
        }
        Classifier logistic = Algorithm.LOGISTIC.newClassifier();
        logistic.buildClassifier(data);
        assertThat(CompiledLogistic.of(logistic, data)).isEmpty();
    }
}
