package io.irisapi.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.List;

/**
 * Dropwizard counters named {@code family.value} exported as one Prometheus counter {@code family_total} with the
 * value as a label, e.g. {@code iris_api_key_reloads.success} as {@code iris_api_key_reloads_total{result="success"}}.
 * Dropwizard's registry has no labels; the names carry them, and /metrics shows them as they are.
 */
final class LabelledCounters {
    /** One exported counter: the Dropwizard name prefix, its label, and the Prometheus help text. */
    record Family(String name, String label, String help) {
        boolean covers(String dropwizardName) {
            return dropwizardName.startsWith(name + ".");
        }
    }

    private final List<Family> families;

    LabelledCounters(Family... families) {
        this.families = List.of(families);
    }

    /** Whether a Dropwizard metric belongs to one of the families, and so is exported here only. */
    boolean covers(String name) {
        return families.stream().anyMatch(family -> family.covers(name));
    }

    void register(PrometheusRegistry registry, MetricRegistry metrics) {
        for (Family family : families) {
            CounterWithCallback.builder()
                    .name(family.name())
                    .help(family.help())
                    .labelNames(family.label())
                    .callback(callback -> metrics.getCounters((name, metric) -> family.covers(name))
                            .forEach((name, counter) -> callback.call(counter.getCount(),
                                    name.substring(family.name().length() + 1))))
                    .register(registry);
        }
    }
}
