package io.irisapi.drift;

import io.dropwizard.util.Duration;
import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.ModelRole;
import io.irisapi.core.IrisModel;
import io.irisapi.core.Trainer;
import org.junit.jupiter.api.Test;
import weka.core.Instance;
import weka.core.Instances;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DriftMonitorTest {
    static final Instances DATA = IrisDataset.load();
    static final IrisModel MODEL = Trainer.train(Algorithm.LOGISTIC, DATA).open("1", "test");
    final AtomicLong now = new AtomicLong();
    final DriftMonitor drift = new DriftMonitor(Duration.minutes(10), now::get);

    @Test
    void theTrainingDataItselfHasNoDrift() {
        drift.serve(MODEL);
        score(trainingRows());

        DriftSnapshot s = drift.snapshot().orElseThrow();
        assertThat(s.rows()).isEqualTo(150);
        assertThat(java.util.Arrays.stream(s.featurePsi()).max().orElseThrow()).isLessThan(0.01);
        assertThat(s.classPsi()).isLessThan(0.01);
    }

    @Test
    void rowsOutsideTheTrainingRangeGoOverTheSignificantThreshold() {
        drift.serve(MODEL);
        List<double[]> shifted = trainingRows().stream()
                .map(row -> new double[] {row[0] + 3, row[1], row[2] + 4, row[3]}).toList();
        score(shifted);

        double[] psi = drift.snapshot().orElseThrow().featurePsi();
        assertThat(psi[0]).isGreaterThan(0.25);
        assertThat(psi[1]).isLessThan(0.01);
        assertThat(psi[2]).isGreaterThan(0.25);
    }

    @Test
    void theWindowSlidesAndANewModelStartsEmpty() {
        drift.serve(MODEL);
        score(trainingRows());
        now.addAndGet(Duration.minutes(5).toNanoseconds());
        score(trainingRows().subList(0, 10));
        assertThat(drift.snapshot().orElseThrow().rows()).isEqualTo(160);

        now.addAndGet(Duration.minutes(6).toNanoseconds());
        assertThat(drift.snapshot().orElseThrow().rows()).as("the first 150 rows left the window").isEqualTo(10);

        now.addAndGet(Duration.hours(3).toNanoseconds());
        DriftSnapshot empty = drift.snapshot().orElseThrow();
        assertThat(empty.rows()).isZero();
        assertThat(empty.classPsi()).isNaN();

        score(trainingRows());
        drift.serve(Trainer.train(Algorithm.J48, DATA).open("2", "test"));
        assertThat(drift.snapshot().orElseThrow().rows()).isZero();
        score(trainingRows()); // still answered by model 1: not counted against model 2's reference
        assertThat(drift.snapshot().orElseThrow().rows()).isZero();
    }

    private void score(List<double[]> rows) {
        long[] counts = new long[IrisDataset.CLASS_LABELS.size()];
        for (double[] row : rows) {
            counts[MODEL.predict(row).classIndex()]++;
        }
        drift.scored(ModelRole.CHAMPION, MODEL, rows, List.of(), counts);
    }

    private static List<double[]> trainingRows() {
        List<double[]> rows = new ArrayList<>();
        for (Instance instance : DATA) {
            rows.add(new double[] {instance.value(0), instance.value(1), instance.value(2), instance.value(3)});
        }
        return rows;
    }
}
