package io.irisapi.metrics;

import io.irisapi.auth.WarmupKey;
import io.irisapi.protocol.Routes;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Counts and times every request to the API port by route, protocol and status, around everything else (the other
 * filters, Jersey, Dropwizard's health check servlet), so that each protocol's traffic, errors and latency read the
 * same way. The service's own warm-up requests ({@link WarmupKey}) are recorded apart, in metrics nobody reads.
 */
public final class HttpMetricsFilter implements Filter {
    /** Latency buckets from well under the measured p50 (0.24 ms) to the timeouts an SLO counts as failures. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** A request counter and latency histogram, in a registry. */
    private record Recorder(Counter requests, Histogram duration) {
        static Recorder in(PrometheusRegistry registry) {
            return new Recorder(Counter.builder()
                    .name("iris_http_requests_total")
                    .help("Requests answered, by route template, serving protocol and HTTP status code")
                    .labelNames("route", "protocol", "code")
                    .register(registry),
                    Histogram.builder()
                            .name("iris_http_request_duration_seconds")
                            .help("Time from the request reaching the service to its answer written, by route and "
                                    + "protocol")
                            .unit(Unit.SECONDS)
                            .labelNames("route", "protocol")
                            .classicOnly()
                            .classicUpperBounds(BUCKETS)
                            .register(registry));
        }
    }

    private final Recorder clients;
    /** The service's warm-up requests take the same steps into a registry nobody reads. */
    private final Recorder warmup = Recorder.in(new PrometheusRegistry());
    private final HttpRoutes routes;

    HttpMetricsFilter(PrometheusRegistry registry, HttpRoutes routes) {
        this.routes = routes;
        this.clients = Recorder.in(registry);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        int status = 500; // what the client gets when the chain throws
        try {
            chain.doFilter(request, response);
            status = ((HttpServletResponse) response).getStatus();
        } finally {
            Recorder recorder = WarmupKey.endRequest() ? warmup : clients;
            Routes.Label route = routes.of(((HttpServletRequest) request).getRequestURI());
            recorder.duration().labelValues(route.route(), route.protocol())
                    .observe((System.nanoTime() - start) / 1e9);
            recorder.requests().labelValues(route.route(), route.protocol(), Integer.toString(status)).inc();
        }
    }
}
