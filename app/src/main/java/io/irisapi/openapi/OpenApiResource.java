package io.irisapi.openapi;

import io.irisapi.protocol.AnswersWithoutModel;
import io.irisapi.protocol.Routes;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.server.ExtendedResourceContext;
import org.glassfish.jersey.server.model.Resource;

import java.util.ArrayList;
import java.util.List;

/** GET /openapi.json: the document of every resource registered with Jersey, built once on first request. */
@Path(OpenApiDocument.PATH)
@Tag(name = "Service")
public class OpenApiResource {
    private final String serviceVersion;
    private final Routes routes;
    private volatile String document;

    public OpenApiResource(String serviceVersion, Routes routes) {
        this.serviceVersion = serviceVersion;
        this.routes = routes;
    }

    @GET
    @AnswersWithoutModel
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This OpenAPI 3 document")
    public String openApi(@Context ExtendedResourceContext jersey) {
        if (document == null) {
            document = Json31.pretty(OpenApiDocument.of(resourceClasses(jersey), serviceVersion, routes));
        }
        return document;
    }

    /** The root resources of Jersey's own resource model: what is served is what is documented. */
    private static List<Class<?>> resourceClasses(ExtendedResourceContext jersey) {
        List<Class<?>> classes = new ArrayList<>();
        for (Resource resource : jersey.getResourceModel().getRootResources()) {
            classes.addAll(resource.getHandlerClasses());
            resource.getHandlerInstances().forEach(instance -> classes.add(instance.getClass()));
        }
        return classes.stream().filter(c -> c.isAnnotationPresent(Path.class)).distinct().toList();
    }
}
