package io.irisapi.metrics;

import io.dropwizard.core.setup.Environment;
import io.irisapi.auth.ApiKeyFile;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus text exposition at /prometheus on the admin port: Dropwizard's registry (request timers, predictions per
 * class, auth failures, model load time, API key file reloads) bridged by the Prometheus client, plus an info metric
 * naming the model served.
 */
public final class PrometheusMetrics {
    public static final String PATH = "/prometheus";
    /** Dropwizard counter families exported with a label (see {@link LabelledCounters}). */
    private static final LabelledCounters LABELLED = new LabelledCounters(new LabelledCounters.Family(
            ApiKeyFile.RELOADS, "result", "Changes of API_KEY_FILE taken (success) or refused (failure)"));

    private PrometheusMetrics() {
    }

    public static void register(Environment environment, ModelManager models) {
        PrometheusRegistry registry = new PrometheusRegistry();
        DropwizardExports.builder()
                .dropwizardRegistry(environment.metrics())
                .metricFilter(PrometheusMetrics::exported)
                .register(registry);
        LABELLED.register(registry, environment.metrics());

        Info served = Info.builder()
                .name("iris_model_info")
                .help("The model being served: version, algorithm and source")
                .labelNames("version", "algorithm", "source")
                .register(registry);
        // setLabelValues replaces the previous set: only the model now served is reported.
        models.onSwap((IrisModel model) ->
                served.setLabelValues(model.version(), model.metadata().algorithm(), model.source()));

        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping(PATH);
    }

    /**
     * Jersey's per-phase timers ("x.total", "x.request.filtering", ...) are left out: the Prometheus client drops a
     * "_total" suffix, so "x.total" would collide with the method's own timer "x" and break the whole scrape.
     */
    private static boolean exported(String name, com.codahale.metrics.Metric metric) {
        return !LABELLED.covers(name) && !(name.endsWith(".total") || name.endsWith(".request.filtering")
                || name.endsWith(".response.filtering"));
    }
}
