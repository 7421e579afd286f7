package io.irisapi.metrics;

import io.irisapi.core.IrisDataset;
import io.irisapi.drift.DriftMonitor;
import io.irisapi.drift.DriftSnapshot;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * iris_drift_*: read from the drift window at each scrape. No series while no model with a reference distribution
 * is served, and no index while the window is empty (an index of nothing would read as "no drift").
 */
final class DriftGauges {
    private DriftGauges() {
    }

    static void register(PrometheusRegistry registry, DriftMonitor drift) {
        GaugeWithCallback.builder()
                .name("iris_drift_feature_psi")
                .help("Population stability index of each feature's served rows over the drift window against the "
                        + "training data (0.1: moderate shift, 0.25: significant)")
                .labelNames("feature")
                .callback(callback -> drift.snapshot().filter(s -> s.rows() > 0).ifPresent(s -> {
                    for (int f = 0; f < s.featurePsi().length; f++) {
                        callback.call(s.featurePsi()[f], IrisDataset.FEATURE_NAMES.get(f));
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("iris_drift_prediction_psi")
                .help("Population stability index of the predicted classes over the drift window against the "
                        + "training labels' class shares")
                .callback(callback -> drift.snapshot().filter(s -> s.rows() > 0)
                        .ifPresent(s -> callback.call(s.classPsi())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("iris_drift_window_rows")
                .help("Rows scored within the drift window (DRIFT_WINDOW) that the indexes are computed over")
                .callback(callback -> drift.snapshot().ifPresent(s -> callback.call(s.rows())))
                .register(registry);
    }
}
