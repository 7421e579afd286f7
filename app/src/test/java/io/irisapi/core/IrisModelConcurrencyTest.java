package io.irisapi.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import weka.core.Instances;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads scoring at once must get exactly what one thread gets. A Weka Logistic shared between threads fails
 * this (its filters are per-instance state); IrisModel gives each thread its own copy.
 */
class IrisModelConcurrencyTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 40;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void concurrentAnswersEqualSingleThreadedAnswers(Algorithm algorithm) throws Exception {
        IrisModel model = Trainer.train(algorithm, IrisDataset.load()).open("test", "test");
        List<double[]> rows = rows();
        List<double[]> reference = new ArrayList<>();
        for (double[] row : rows) {
            reference.add(model.predict(row).probabilities());
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> mismatches = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            mismatches.add(pool.submit(() -> {
                start.await();
                int wrong = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < rows.size(); i++) {
                        int row = (i + offset * 7) % rows.size(); // threads visit rows in different orders
                        if (!java.util.Arrays.equals(model.predict(rows.get(row)).probabilities(), reference.get(row))) {
                            wrong++;
                        }
                    }
                }
                return wrong;
            }));
        }
        start.countDown();
        int wrong = 0;
        for (Future<Integer> f : mismatches) {
            wrong += f.get();
        }
        pool.shutdown();

        assertThat(wrong).as("answers that differ from the single-thread reference").isZero();
    }

    private static List<double[]> rows() {
        Instances data = IrisDataset.load();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < data.numInstances(); i++) {
            double[] values = data.instance(i).toDoubleArray();
            rows.add(java.util.Arrays.copyOf(values, 4));
        }
        return rows;
    }
}
