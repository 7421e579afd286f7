package io.irisapi.errors;

import io.irisapi.core.RejectedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Renders every error once, in the shape of its route's protocol: the one place that builds an error response. */
public final class ErrorRenderer {
    private final List<ErrorShape> shapes;
    private final ErrorShape fallback;

    /**
     * {@code shapes} are asked in order; {@code fallback} (the service's own API) answers for every other route and
     * for errors that come before a request has a path.
     */
    public ErrorRenderer(List<ErrorShape> shapes, ErrorShape fallback) {
        this.shapes = List.copyOf(shapes);
        this.fallback = fallback;
    }

    /** The shape of a route's errors, from its path (with or without the leading slash). */
    public ErrorShape shapeOf(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        for (ErrorShape shape : shapes) {
            if (shape.covers(p)) {
                return shape;
            }
        }
        return fallback;
    }

    public ErrorShape fallback() {
        return fallback;
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
