package io.irisapi.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.irisapi.auth.ApiKeyFile;
import io.irisapi.auth.WarmupKey;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ScoringObserver;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.drift.DriftMonitor;
import io.irisapi.drift.DriftSettings;
import io.irisapi.protocol.Routes;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;

import java.util.EnumSet;
import java.util.Set;

/**
 * Prometheus text exposition at /prometheus on the admin port: the service's own metrics (README's table), the
 * Prometheus client's JVM metrics, and the Dropwizard metrics that {@link DropwizardBridge} names.
 */
public final class PrometheusMetrics {
    public static final String PATH = "/prometheus";

    private final PrometheusRegistry registry = new PrometheusRegistry();

    public PrometheusMetrics(MetricRegistry dropwizard) {
        DropwizardBridge.register(dropwizard, registry);
        JvmMetrics.builder().register(registry);
        // ApiKeyFile counts in Dropwizard's registry (also in /metrics); read here under one labelled name.
        CounterWithCallback.builder()
                .name("iris_api_key_reloads_total")
                .help("Reloads of the API key file, by result (success: new keys in use; failure: old keys kept)")
                .labelNames("result")
                .callback(callback -> {
                    callback.call(dropwizard.counter(ApiKeyFile.SUCCESS).getCount(), "success");
                    callback.call(dropwizard.counter(ApiKeyFile.FAILURE).getCount(), "failure");
                })
                .register(registry);
    }

    /**
     * What the data plane tells of each request: predictions per class, and, when drift monitoring is on, the drift
     * window of the model being served. The service's warm-up requests ({@link WarmupKey}) go through the same
     * observers, into a registry and a window nobody reads. One per application.
     */
    public ScoringObserver scoring(DriftSettings settings, ModelManager models) {
        ScoringObserver clients = observers(registry, settings, models);
        ScoringObserver warmup = observers(new PrometheusRegistry(), settings, models);
        return (role, model, rows, predictions, classCounts) ->
                (WarmupKey.isWarmupRequest() ? warmup : clients).scored(role, model, rows, predictions, classCounts);
    }

    private static ScoringObserver observers(PrometheusRegistry registry, DriftSettings settings,
                                             ModelManager models) {
        PredictionMetrics predictions = new PredictionMetrics(registry);
        if (!settings.isEnabled()) {
            return predictions;
        }
        DriftMonitor drift = new DriftMonitor(settings.getWindow());
        models.onSwap(drift::serve);
        DriftGauges.register(registry, drift);
        return (role, model, rows, answers, classCounts) -> {
            predictions.scored(role, model, rows, answers, classCounts);
            drift.scored(role, model, rows, answers, classCounts);
        };
    }

    /** The rollout's settings, its challenger and its live record (README: "Safe model rollout"). */
    public void register(DataPlane dataPlane) {
        RolloutMetrics.register(registry, dataPlane);
    }

    /** {@code routes} label the API port's requests; {@code probes}, Dropwizard's health check paths, beside them. */
    public void register(Environment environment, ModelManager models, Routes routes, Set<String> probes) {
        Info served = Info.builder()
                .name("iris_model_info")
                .help("The model being served: version, algorithm and source")
                .labelNames("version", "algorithm", "source")
                .register(registry);
        // setLabelValues replaces the previous set: only the model now served is reported.
        models.onSwap((IrisModel model) ->
                served.setLabelValues(model.version(), model.metadata().algorithm(), model.source()));
        Info scorer = Info.builder()
                .name("iris_model_scorer_info")
                .help("The code that scores the served model's rows: compiled-logistic (checked against Weka at "
                        + "load) or weka")
                .labelNames("scorer")
                .register(registry);
        models.onSwap((IrisModel model) -> scorer.setLabelValues(model.scorer()));
        GaugeWithCallback.builder()
                .name("iris_model_loaded")
                .help("1 while a model is served, 0 before the first one has loaded")
                .callback(callback -> callback.call(models.current().isPresent() ? 1 : 0))
                .register(registry);

        // Outermost of the API port's filters (isMatchAfter false), so that it times what the others do too.
        environment.servlets().addFilter("http-metrics", new HttpMetricsFilter(registry, new HttpRoutes(routes, probes)))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping(PATH);
    }
}
