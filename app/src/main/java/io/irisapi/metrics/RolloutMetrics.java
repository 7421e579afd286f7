package io.irisapi.metrics;

import io.irisapi.core.IrisDataset;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.dataplane.LiveRecord;
import io.irisapi.dataplane.Rollout;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * iris_rollout_info and iris_shadow_*: the rollout's settings and the challenger's live record, read at each scrape.
 * The record's counters carry both versions as labels: a new pair of models starts new series at 0, which is the
 * record {@code promote} judges.
 */
final class RolloutMetrics {
    private static final String[] PAIR = {"champion_version", "challenger_version"};

    private RolloutMetrics() {
    }

    static void register(PrometheusRegistry registry, DataPlane dataPlane) {
        Rollout rollout = dataPlane.rollout();
        Info info = Info.builder()
                .name("iris_rollout_info")
                .help("The rollout: mode (shadow, canary), the canary's percent and the challenger's version (empty "
                        + "while none is loaded); absent without MODEL_CHALLENGER_URI")
                .labelNames("mode", "canary_percent", "challenger_version")
                .register(registry);
        rollout.manager().ifPresent(challenger -> {
            String mode = rollout.mode().label();
            String percent = Integer.toString(rollout.canaryPercent());
            info.setLabelValues(mode, percent, "");
            // setLabelValues replaces the previous set: only the challenger now loaded is reported.
            challenger.onSwap(model -> info.setLabelValues(mode, percent, model.version()));
        });
        counter(registry, dataPlane, "iris_shadow_rows_total",
                "Rows scored by both the champion and the challenger", LiveRecord::rowsCompared);
        counter(registry, dataPlane, "iris_shadow_agreements_total",
                "Rows the champion and the challenger gave the same class", LiveRecord::agreements);
        counter(registry, dataPlane, "iris_challenger_errors_total",
                "Requests on which the challenger threw (the champion answered them)", LiveRecord::challengerErrors);
        CounterWithCallback.builder()
                .name("iris_shadow_disagreements_total")
                .help("Rows the champion and the challenger gave different classes, by each one's class")
                .labelNames("champion_version", "challenger_version", "champion_class", "challenger_class")
                .callback(callback -> each(dataPlane, (record, versions) -> {
                    int classes = IrisDataset.CLASS_LABELS.size();
                    for (int c = 0; c < classes; c++) {
                        for (int d = 0; d < classes; d++) {
                            if (c != d) {
                                callback.call(record.rows(c, d), versions[0], versions[1],
                                        IrisDataset.CLASS_LABELS.get(c), IrisDataset.CLASS_LABELS.get(d));
                            }
                        }
                    }
                }))
                .register(registry);
    }

    private static void counter(PrometheusRegistry registry, DataPlane dataPlane, String name, String help,
                                ToLongFunction<LiveRecord> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(PAIR)
                .callback(callback -> each(dataPlane,
                        (record, versions) -> callback.call(value.applyAsLong(record), versions)))
                .register(registry);
    }

    private static void each(DataPlane dataPlane, BiConsumer<LiveRecord, String[]> action) {
        dataPlane.liveRecord().ifPresent(record ->
                action.accept(record, new String[] {record.championVersion(), record.challengerVersion()}));
    }
}
