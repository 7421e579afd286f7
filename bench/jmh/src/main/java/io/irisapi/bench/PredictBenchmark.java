package io.irisapi.bench;

import io.irisapi.core.Algorithm;
import io.irisapi.core.EmbeddedModelSource;
import io.irisapi.core.IrisModel;
import io.irisapi.core.Prediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** What one row costs to score in process, per algorithm: the floor under every HTTP figure in `make bench`. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictBenchmark {
    /** One row of each class, cycled, so that tree models do not always walk the same path. */
    private static final double[][] ROWS = {{5.1, 3.5, 1.4, 0.2}, {7.0, 3.2, 4.7, 1.4}, {6.3, 3.3, 6.0, 2.5}};

    @Param({"LOGISTIC", "J48", "RANDOM_FOREST"})
    public Algorithm algorithm;

    private IrisModel model;
    private int next;

    @Setup
    public void load() {
        model = new EmbeddedModelSource(algorithm).load();
    }

    @Benchmark
    public Prediction predict() {
        next = next == ROWS.length - 1 ? 0 : next + 1;
        return model.predict(ROWS[next]);
    }
}
