package io.irisapi.errors;

import io.dropwizard.jersey.errors.LoggingExceptionMapper;
import io.irisapi.core.RejectedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Anything else is the service's fault: Dropwizard's mapper logs it with an id (no stack trace to the client), and the
 * 500 it would answer is rendered in the route's shape like every other error.
 */
public class ServerErrorMapper extends LoggingExceptionMapper<Throwable> {
    private final ErrorRenderer renderer;

    @Context
    private UriInfo uri;

    public ServerErrorMapper(ErrorRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Response toResponse(Throwable exception) {
        long id = logException(exception);
        return renderer.render(new RejectedException(500, null, formatErrorMessage(id, exception)), uri.getPath());
    }
}
