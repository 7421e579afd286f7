package io.irisapi.metrics;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ScoringObserver;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.List;

/** iris_predictions_total{class}: every row scored, whatever the protocol, by the class it was predicted as. */
public final class PredictionMetrics implements ScoringObserver {
    private final CounterDataPoint[] perClass;

    PredictionMetrics(PrometheusRegistry registry) {
        Counter predictions = Counter.builder()
                .name("iris_predictions_total")
                .help("Rows scored, by predicted class")
                .labelNames("class")
                .register(registry);
        perClass = IrisDataset.CLASS_LABELS.stream().map(predictions::labelValues).toArray(CounterDataPoint[]::new);
    }

    @Override
    public void scored(IrisModel model, List<double[]> rows, long[] classCounts) {
        for (int i = 0; i < classCounts.length; i++) {
            if (classCounts[i] > 0) {
                perClass[i].inc(classCounts[i]);
            }
        }
    }
}
