package io.irisapi.protocol;

import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.PathTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service's routes, read from Jersey's resource model once it is built, each with the protocol whose resource
 * serves it: what every request's metrics are labelled with, which protocol's shape an error takes, which methods a
 * 405 allows and which routes answer without a model. A route no protocol's resource serves (this document's own,
 * /openapi.json) is the last protocol's, the service's own API, which also answers for every path no protocol claims.
 */
public final class Routes implements ApplicationEventListener {
    /** A request's metric labels: its route template, never the path itself, so that the series stay bounded. */
    public record Label(String route, String protocol) {
    }

    /** The labels of every path no route serves. */
    public static final Label OTHER = new Label("other", "none");

    private record Route(String template, PathTemplate pattern, Protocol protocol, Label label, Set<String> methods,
                         boolean withoutModel) {
    }

    private record Table(Map<String, Route> exact, List<Route> templated, List<Route> all) {
    }

    private final List<Protocol> protocols;
    private final Protocol fallback;
    private final Map<Class<?>, Protocol> owners = new HashMap<>();
    private volatile Table table = new Table(Map.of(), List.of(), List.of());

    /** {@code protocols} in order; the last one's shape answers for every path no other claims. */
    public Routes(List<Protocol> protocols) {
        this.protocols = List.copyOf(protocols);
        this.fallback = protocols.get(protocols.size() - 1);
        protocols.forEach(protocol -> protocol.components().forEach(c -> owners.putIfAbsent(c.getClass(), protocol)));
    }

    public List<Protocol> protocols() {
        return protocols;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        if (event.getType() != ApplicationEvent.Type.INITIALIZATION_APP_FINISHED) {
            return;
        }
        Map<String, List<ResourceMethod>> methods = new LinkedHashMap<>();
        event.getResourceModel().getRootResources().forEach(root -> collect(root, "", methods));
        Map<String, Route> exact = new HashMap<>();
        List<Route> templated = new ArrayList<>();
        List<Route> all = new ArrayList<>();
        methods.forEach((template, resourceMethods) -> {
            Route route = route(template, resourceMethods);
            all.add(route);
            if (route.pattern().getTemplateVariables().isEmpty()) {
                exact.put(template, route);
            } else {
                templated.add(route);
            }
        });
        table = new Table(Map.copyOf(exact), List.copyOf(templated), List.copyOf(all));
    }

    private static void collect(Resource resource, String parent, Map<String, List<ResourceMethod>> methods) {
        String path = (parent + "/" + resource.getPath()).replaceAll("/{2,}", "/").replaceAll("(.)/$", "$1");
        if (!resource.getResourceMethods().isEmpty()) {
            methods.computeIfAbsent(path, p -> new ArrayList<>()).addAll(resource.getResourceMethods());
        }
        resource.getChildResources().forEach(child -> collect(child, path, methods));
    }

    private Route route(String template, List<ResourceMethod> resourceMethods) {
        Protocol protocol = null;
        Set<String> methods = new TreeSet<>();
        boolean withoutModel = true;
        for (ResourceMethod method : resourceMethods) {
            if (protocol == null) {
                protocol = owners.get(method.getInvocable().getHandler().getHandlerClass());
            }
            methods.add(method.getHttpMethod());
            // Jersey answers OPTIONS itself, with a resource method of its own.
            withoutModel &= method.getHttpMethod().equals("OPTIONS")
                    || method.getInvocable().getDefinitionMethod().isAnnotationPresent(AnswersWithoutModel.class);
        }
        // HEAD and OPTIONS come with every GET and every resource, as Jersey answers them itself.
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        // A template's regular expressions ({model: [^/:]+}) are no part of its name.
        String name = template.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        Protocol labelled = protocol == null ? fallback : protocol;
        return new Route(name, new PathTemplate(template), protocol,
                new Label(labelled.routeLabel(name), labelled.name()), Set.copyOf(methods), withoutModel);
    }

    private Route match(String path) {
        Table current = table;
        Route exact = current.exact().get(path);
        if (exact != null) {
            return exact;
        }
        for (Route route : current.templated()) {
            if (route.pattern().match(path, new ArrayList<>())) {
                return route;
            }
        }
        return null;
    }

    private static String normalized(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /** The metric labels of a request's path (as sent, with its leading slash). */
    public Label label(String path) {
        Route route = match(path);
        return route == null ? OTHER : route.label();
    }

    /**
     * The error shape of a path, with or without its leading slash: that of the protocol serving its route, or
     * claiming its prefix; the last protocol's for any other.
     */
    public ErrorShape errorShape(String path) {
        String p = normalized(path);
        Route route = match(p);
        if (route != null && route.protocol() != null) {
            return route.protocol().errors();
        }
        for (Protocol protocol : protocols) {
            if (protocol.prefix().filter(prefix -> p.startsWith(prefix + "/")).isPresent()) {
                return protocol.errors();
            }
        }
        return fallback.errors();
    }

    /** The shape of errors that come before a request has a path. */
    public ErrorShape fallbackShape() {
        return fallback.errors();
    }

    /**
     * The methods the path takes, comma-separated, or null for a path no resource serves: for the 405s that Jetty
     * answers before Jersey (TRACE, unknown methods), since RFC 9110 has every 405 say in {@code Allow} what the
     * resource takes, as Jersey's own 405s do.
     */
    public String allowedMethods(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : table.all()) {
            if (route.pattern().match(path, new ArrayList<>())) {
                methods.addAll(route.methods());
            }
        }
        return methods.isEmpty() ? null : String.join(", ", methods);
    }

    /** The templates of the routes whose every method answers without a model ({@link AnswersWithoutModel}). */
    public Set<String> withoutModel() {
        Set<String> templates = new TreeSet<>();
        table.all().stream().filter(Route::withoutModel).forEach(route -> templates.add(route.template()));
        return templates;
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return null;
    }
}
