package io.irisapi.errors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;

/**
 * Answers every error on a protocol's routes in that protocol's shape. The mappers, the auth filter, the body-size
 * filter and Jersey itself (404, 405, 415) all build the service's own error body; this one filter re-shapes it after
 * the fact, following the route's path ({@link ErrorShape#ofPath}), so no error path needs to know which protocol it
 * serves.
 */
public class ProtocolErrorFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return;
        }
        ErrorShape shape = ErrorShape.ofPath(request.getUriInfo().getPath());
        String message = ErrorShape.messageOf(response.getEntity());
        if (shape == ErrorShape.SERVICE || message == null) {
            return;
        }
        int serviceStatus = response.getStatus();
        String field = response.getEntity() instanceof io.irisapi.api.ApiError error ? error.field() : null;
        response.setStatus(shape.status(serviceStatus));
        response.setEntity(shape.body(serviceStatus, message, field), null, MediaType.APPLICATION_JSON_TYPE);
    }
}
