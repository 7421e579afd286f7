package io.irisapi.metrics;

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
 * same way.
 */
public final class HttpMetricsFilter implements Filter {
    /** Latency buckets from well under the measured p50 (0.24 ms) to the timeouts an SLO counts as failures. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Counter requests;
    private final Histogram duration;
    private final HttpRoutes routes;

    HttpMetricsFilter(PrometheusRegistry registry, HttpRoutes routes) {
        this.routes = routes;
        requests = Counter.builder()
                .name("iris_http_requests_total")
                .help("Requests answered, by route template, serving protocol and HTTP status code")
                .labelNames("route", "protocol", "code")
                .register(registry);
        duration = Histogram.builder()
                .name("iris_http_request_duration_seconds")
                .help("Time from the request reaching the service to its answer written, by route and protocol")
                .unit(Unit.SECONDS)
                .labelNames("route", "protocol")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .register(registry);
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
            Routes.Label route = routes.of(((HttpServletRequest) request).getRequestURI());
            duration.labelValues(route.route(), route.protocol()).observe((System.nanoTime() - start) / 1e9);
            requests.labelValues(route.route(), route.protocol(), Integer.toString(status)).inc();
        }
    }
}
