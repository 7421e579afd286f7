package io.irisapi.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerTest {
    @Test
    void defaultAlgorithmReachesTheAccuracyTarget() {
        ModelMetadata.Metrics metrics = Trainer.train(Algorithm.DEFAULT, IrisDataset.load()).metadata().metrics();

        assertThat(metrics.folds()).isEqualTo(10);
        assertThat(metrics.accuracy()).isGreaterThanOrEqualTo(0.93);
        assertThat(metrics.kappa()).isGreaterThan(0.9);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void everyAlgorithmRecordsItsEvaluation(Algorithm algorithm) {
        ModelMetadata metadata = Trainer.train(algorithm, IrisDataset.load()).metadata();

        assertThat(metadata.algorithm()).isEqualTo(algorithm.wekaName());
        assertThat(metadata.trainingRows()).isEqualTo(150);
        assertThat(metadata.trainingDataSha256()).hasSize(64);
        assertThat(metadata.metrics().perClass()).containsOnlyKeys(IrisDataset.CLASS_LABELS);
        int total = metadata.metrics().confusionMatrix().stream().flatMap(r -> r.stream()).mapToInt(i -> i).sum();
        assertThat(total).as("every row is predicted once across the folds").isEqualTo(150);
        assertThat(metadata.metrics().accuracy()).isGreaterThan(0.9);
    }

    @Test
    void sameDataGivesSameHash() {
        assertThat(IrisDataset.sha256(IrisDataset.load())).isEqualTo(IrisDataset.sha256(IrisDataset.load()));
    }
}
