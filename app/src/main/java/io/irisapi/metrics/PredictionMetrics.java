package io.irisapi.metrics;

import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelRole;
import io.irisapi.core.Prediction;
import io.irisapi.core.ScoringObserver;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.List;

/**
 * iris_predictions_total{class, role}: every row scored, whatever the protocol, by the class it was predicted as and
 * the role of the model that answered; iris_model_requests_total{role}: the requests each role answered.
 */
public final class PredictionMetrics implements ScoringObserver {
    /** By role, then by class index. */
    private final CounterDataPoint[][] perClass;
    private final CounterDataPoint[] requests;

    PredictionMetrics(PrometheusRegistry registry) {
        Counter predictions = Counter.builder()
                .name("iris_predictions_total")
                .help("Rows scored, by predicted class and by the role of the model that answered")
                .labelNames("class", "role")
                .register(registry);
        Counter answered = Counter.builder()
                .name("iris_model_requests_total")
                .help("Scoring requests, by the role of the model that answered (champion, challenger)")
                .labelNames("role")
                .register(registry);
        ModelRole[] roles = ModelRole.values();
        perClass = new CounterDataPoint[roles.length][];
        requests = new CounterDataPoint[roles.length];
        for (ModelRole role : roles) {
            perClass[role.ordinal()] = IrisDataset.CLASS_LABELS.stream()
                    .map(label -> predictions.labelValues(label, role.label())).toArray(CounterDataPoint[]::new);
            requests[role.ordinal()] = answered.labelValues(role.label());
        }
    }

    @Override
    public void scored(ModelRole role, IrisModel model, List<double[]> rows,
                       List<Prediction> predictions, long[] classCounts) {
        CounterDataPoint[] classes = perClass[role.ordinal()];
        for (int i = 0; i < classCounts.length; i++) {
            if (classCounts[i] > 0) {
                classes[i].inc(classCounts[i]);
            }
        }
        requests[role.ordinal()].inc();
    }
}
