package io.irisapi.metrics;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.irisapi.core.ModelManager;
import io.irisapi.mlflow.RegistryPoller;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Exports chosen metrics of Dropwizard's registry through the Prometheus client's bridge, renamed by its label mapper.
 * Only metrics named here are exported, each to its own family: Dropwizard's timers keep no sum (so they would be
 * summaries without {@code _sum}), its counters may go down (Jetty's active requests) and would be typed as counters,
 * its JVM gauges are camelCase and end in {@code _count}; the service's latency, the JVM and everything labelled come
 * from the Prometheus client's own metrics instead (the bridge maps one Dropwizard metric to one family only).
 */
final class DropwizardBridge {
    /** Counters that only grow: the Prometheus counter each becomes. */
    private static final Map<String, String> COUNTERS = Map.of(
            ModelManager.LOADS, "iris_model_loads_total",
            ModelManager.REFUSALS, "iris_model_refusals_total",
            ModelManager.CHALLENGER_LOADS, "iris_challenger_loads_total",
            ModelManager.CHALLENGER_REFUSALS, "iris_challenger_refusals_total",
            RegistryPoller.POLLS, "iris_mlflow_polls_total",
            RegistryPoller.POLL_FAILURES, "iris_mlflow_poll_errors_total");
    /**
     * Meters, exported as counters (the bridge looks a meter's name up with "_total" appended): the one
     * IrisApplication gives ApiKeyAuthFilter.
     */
    private static final Map<String, String> METERS = Map.of("auth.failures", "iris_auth_failures_total");
    /** Gauges of the API port's thread pool (the admin port's is left out: one family per metric). */
    private static final String POOL = "org.eclipse.jetty.util.thread.QueuedThreadPool.dw.";
    private static final Map<String, String> GAUGES = Map.of(
            POOL + "size", "jetty_threads",
            POOL + "utilization", "jetty_threads_utilization_ratio",
            POOL + "jobs", "jetty_queued_jobs",
            POOL + "jobs-queue-utilization", "jetty_queued_jobs_utilization_ratio");

    private DropwizardBridge() {
    }

    static void register(MetricRegistry dropwizard, PrometheusRegistry registry) {
        // Created here, so that every documented series is there from the start: rules see 0, not nothing.
        COUNTERS.keySet().forEach(dropwizard::counter);
        METERS.keySet().forEach(dropwizard::meter);
        List<MapperConfig> names = Stream.of(
                        COUNTERS.entrySet().stream().map(e -> mapping(e.getKey(), e.getValue())),
                        METERS.entrySet().stream().map(e -> mapping(e.getKey() + "_total", e.getValue())),
                        GAUGES.entrySet().stream().map(e -> mapping(e.getKey(), e.getValue())))
                .flatMap(s -> s)
                .toList();
        DropwizardExports.builder()
                .dropwizardRegistry(dropwizard)
                .metricFilter(DropwizardBridge::exported)
                .customLabelMapper(new CustomLabelMapper(names))
                .register(registry);
    }

    private static MapperConfig mapping(String dropwizardName, String prometheusName) {
        return new MapperConfig(dropwizardName, prometheusName, Map.of());
    }

    private static boolean exported(String name, Metric metric) {
        return COUNTERS.containsKey(name) || METERS.containsKey(name) || GAUGES.containsKey(name);
    }
}
