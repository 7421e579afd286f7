package io.irisapi.errors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.RuntimeResource;

/**
 * Answers every error on a protocol's routes in that protocol's shape. The mappers, the auth filter, the body-size
 * filter and Jersey itself (404, 405, 415) all build the service's own error body; this one filter re-shapes it after
 * the fact, following the {@link ProtocolErrors} annotation of the resource the request matched, so no error path
 * needs to know which protocol it serves.
 */
public class ProtocolErrorFilter implements ContainerResponseFilter {
    @Context
    private ExtendedUriInfo uriInfo;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return;
        }
        ErrorShape shape = shapeOfMatchedResource();
        String message = ErrorShape.messageOf(response.getEntity());
        if (shape == ErrorShape.SERVICE || message == null) {
            return;
        }
        int serviceStatus = response.getStatus();
        String field = response.getEntity() instanceof io.irisapi.api.ApiError error ? error.field() : null;
        response.setStatus(shape.status(serviceStatus));
        response.setEntity(shape.body(serviceStatus, message, field), null, MediaType.APPLICATION_JSON_TYPE);
    }

    /**
     * The resource's shape. Jersey's matched runtime resources are known even when no method matched (405, 415), so
     * those errors are shaped too; a path that matched no resource at all gets the service's shape.
     */
    private ErrorShape shapeOfMatchedResource() {
        for (RuntimeResource runtime : uriInfo.getMatchedRuntimeResources()) {
            for (Resource resource : runtime.getResources()) {
                for (Class<?> handler : resource.getHandlerClasses()) {
                    ProtocolErrors annotation = handler.getAnnotation(ProtocolErrors.class);
                    if (annotation != null) {
                        return annotation.value();
                    }
                }
            }
        }
        return ErrorShape.SERVICE;
    }
}
