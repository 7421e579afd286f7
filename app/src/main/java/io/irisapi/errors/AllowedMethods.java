package io.irisapi.errors;

import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.PathTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods each path takes, read from Jersey's resource model once it is built, for the 405s that Jetty answers
 * before Jersey (TRACE, unknown methods): RFC 9110 has every 405 say in {@code Allow} what the resource takes, as
 * Jersey's own 405s do. HEAD and OPTIONS come with every GET and every resource, as Jersey answers them itself.
 */
public class AllowedMethods implements ApplicationEventListener {
    private record Route(PathTemplate template, Set<String> methods) {
    }

    private volatile List<Route> routes = List.of();

    @Override
    public void onEvent(ApplicationEvent event) {
        if (event.getType() == ApplicationEvent.Type.INITIALIZATION_FINISHED) {
            List<Route> found = new ArrayList<>();
            for (Resource root : event.getResourceModel().getRootResources()) {
                add(found, root.getPath(), root);
                for (Resource child : root.getChildResources()) {
                    add(found, root.getPath() + "/" + child.getPath(), child);
                }
            }
            routes = List.copyOf(found);
        }
    }

    private static void add(List<Route> routes, String path, Resource resource) {
        Set<String> methods = new TreeSet<>();
        for (ResourceMethod method : resource.getResourceMethods()) {
            methods.add(method.getHttpMethod());
        }
        if (methods.isEmpty()) {
            return;
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        routes.add(new Route(new PathTemplate(("/" + path).replaceAll("/{2,}", "/")), methods));
    }

    /** The methods the path takes, comma-separated, or null for a path no resource serves. */
    public String of(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.template().match(path, new ArrayList<>())) {
                methods.addAll(route.methods());
            }
        }
        return methods.isEmpty() ? null : String.join(", ", methods);
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return null;
    }
}
