package io.irisapi.metrics;

import io.irisapi.protocol.Routes;

import java.util.Set;

/**
 * The route and protocol that label a request's metrics: the route template of Jersey's resource model
 * ({@link Routes#label}), never the path itself, so that the number of series stays bounded whatever clients send
 * ({@code other} for paths the service does not serve); Dropwizard's health check servlet, beside Jersey, is the
 * probes'.
 */
final class HttpRoutes {
    static final Routes.Label OTHER = Routes.OTHER;

    private final Routes routes;
    private final Set<String> probes;

    HttpRoutes(Routes routes, Set<String> probes) {
        this.routes = routes;
        this.probes = Set.copyOf(probes);
    }

    Routes.Label of(String path) {
        return probes.contains(path) ? new Routes.Label(path, "probe") : routes.label(path);
    }
}
