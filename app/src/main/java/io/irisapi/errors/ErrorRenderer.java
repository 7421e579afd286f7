package io.irisapi.errors;

import io.irisapi.core.RejectedException;
import io.irisapi.protocol.ErrorShape;
import io.irisapi.protocol.Routes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Renders every error once, in the shape of its route's protocol: the one place that builds an error response. */
public final class ErrorRenderer {
    private final Routes routes;

    public ErrorRenderer(Routes routes) {
        this.routes = routes;
    }

    /** The shape of a route's errors, from its path (with or without the leading slash). */
    public ErrorShape shapeOf(String path) {
        return routes.errorShape(path);
    }

    /** The shape of errors that come before a request has a path. */
    public ErrorShape fallback() {
        return routes.fallbackShape();
    }

    public Response render(RejectedException error, String path) {
        ErrorShape shape = shapeOf(path);
        Response.ResponseBuilder response = Response.status(shape.status(error.status()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(shape.body(error));
        error.headers().forEach(response::header);
        return response.build();
    }
}
