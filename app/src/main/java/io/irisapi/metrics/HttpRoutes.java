package io.irisapi.metrics;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The route and protocol that label a request's metrics: the path's template, never the path itself, so that the
 * number of series stays bounded whatever clients send ({@code other} for paths the service does not serve).
 */
final class HttpRoutes {
    record Route(String route, String protocol) {
    }

    static final Route OTHER = new Route("other", "none");

    private static final Map<String, Route> EXACT = Map.ofEntries(
            Map.entry("/predict", new Route("/predict", "iris")),
            Map.entry("/predict/batch", new Route("/predict/batch", "iris")),
            Map.entry("/model", new Route("/model", "iris")),
            Map.entry("/health", new Route("/health", "iris")),
            Map.entry("/openapi.json", new Route("/openapi.json", "iris")),
            Map.entry("/health-check", new Route("/health-check", "probe")),
            Map.entry("/invocations", new Route("/invocations", "mlflow")),
            Map.entry("/ping", new Route("/ping", "mlflow")),
            Map.entry("/version", new Route("/version", "mlflow")),
            Map.entry("/v2", new Route("/v2", "v2")),
            Map.entry("/v2/health/live", new Route("/v2/health/live", "v2")),
            Map.entry("/v2/health/ready", new Route("/v2/health/ready", "v2")));

    private record Template(Pattern pattern, Route route) {
    }

    private static final String MODEL = "/v2/models/[^/]+(?:/versions/[^/]+)?";
    private static final List<Template> TEMPLATES = List.of(
            new Template(Pattern.compile(MODEL + "/infer"), new Route("/v2/models/{model}/infer", "v2")),
            new Template(Pattern.compile(MODEL + "/ready"), new Route("/v2/models/{model}/ready", "v2")),
            new Template(Pattern.compile(MODEL), new Route("/v2/models/{model}", "v2")),
            new Template(Pattern.compile("/v1/models/[^/:]+:predict"), new Route("/v1/models/{model}:predict", "v1")),
            new Template(Pattern.compile("/v1/models/[^/:]+"), new Route("/v1/models/{model}", "v1")));

    private HttpRoutes() {
    }

    static Route of(String path) {
        Route exact = EXACT.get(path);
        if (exact != null) {
            return exact;
        }
        if (path.startsWith("/v1/") || path.startsWith("/v2/")) {
            for (Template template : TEMPLATES) {
                if (template.pattern().matcher(path).matches()) {
                    return template.route();
                }
            }
        }
        return OTHER;
    }
}
