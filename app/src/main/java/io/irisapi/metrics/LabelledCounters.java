package io.irisapi.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;

/**
 * Dropwizard counters named {@code family.value} exported as one Prometheus counter {@code family_total} with the
 * value as a label, e.g. {@code iris_api_key_reloads.success} as {@code iris_api_key_reloads_total{result="success"}}.
 * Dropwizard's registry has no labels; the names carry them, and /metrics shows them as they are.
 */
final class LabelledCounters {
    private final Map<String, String> labelByFamily;

    /** @param labelByFamily for each family (a Dropwizard name prefix), the name of its label */
    LabelledCounters(Map<String, String> labelByFamily) {
        this.labelByFamily = Map.copyOf(labelByFamily);
    }

    /** Whether a Dropwizard metric belongs to one of the families, and so is exported here only. */
    boolean covers(String name) {
        return labelByFamily.keySet().stream().anyMatch(family -> name.startsWith(family + "."));
    }

    void register(PrometheusRegistry registry, MetricRegistry metrics) {
        labelByFamily.forEach((family, label) -> CounterWithCallback.builder()
                .name(family)
                .help("Dropwizard counters " + family + ".<" + label + ">")
                .labelNames(label)
                .callback(callback -> metrics.getCounters((name, metric) -> name.startsWith(family + "."))
                        .forEach((name, counter) -> callback.call(counter.getCount(),
                                name.substring(family.length() + 1))))
                .register(registry));
    }
}
