package io.irisapi.errors;

import io.irisapi.core.RejectedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Every {@link RejectedException}, from a resource or a filter, in the shape of its route's protocol. */
public class RejectedExceptionMapper implements ExceptionMapper<RejectedException> {
    private final ErrorRenderer renderer;

    @Context
    private UriInfo uri;

    public RejectedExceptionMapper(ErrorRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Response toResponse(RejectedException e) {
        return renderer.render(e, uri.getPath());
    }
}
